//! Keys while an overlay is open: the help screen, the tag list and the story's entities.

use super::{show, switch_view};
use crate::text::single_line;
use crate::tui::action::Action;
use crate::tui::model::{Focus, Model, Overlay, PanelEntity, StatusKind, View};
use crate::tui::worker::Task;

pub(super) fn help_overlay(model: &mut Model, action: Action, scroll: u16) -> Vec<Task> {
    model.overlay = match action {
        Action::Back | Action::Help | Action::Quit => None,
        Action::MoveDown | Action::PageDown | Action::HalfPageDown => Some(Overlay::Help {
            scroll: scroll.saturating_add(1),
        }),
        Action::MoveUp | Action::PageUp | Action::HalfPageUp => Some(Overlay::Help {
            scroll: scroll.saturating_sub(1),
        }),
        Action::First => Some(Overlay::Help { scroll: 0 }),
        _ => Some(Overlay::Help { scroll }),
    };
    Vec::new()
}

pub(super) fn tags_overlay(model: &mut Model, action: Action, selected: usize) -> Vec<Task> {
    let selected = match action {
        Action::Open => {
            model.overlay = None;
            let Some(tag) = model.known_tags.get(selected) else {
                return Vec::new();
            };
            let view = View::of_query(
                format!("#{}", single_line(&tag.name)),
                format!("tag:{}", crate::query::quote(&tag.name)),
            );
            return switch_view(model, view);
        }
        Action::Back | Action::ShowTags | Action::Quit => {
            model.overlay = None;
            return Vec::new();
        }
        other => moved(other, selected, model.known_tags.len()),
    };
    model.overlay = Some(Overlay::Tags { selected });
    Vec::new()
}

pub(super) fn entities_overlay(
    model: &mut Model,
    action: Action,
    entities: &[PanelEntity],
    selected: usize,
) -> Vec<Task> {
    let selected = match action {
        Action::Open => {
            let Some(entity) = entities.get(selected) else {
                model.overlay = None;
                return Vec::new();
            };
            if !entity.linkable {
                // The panel stays open: the reader may pick another name.
                let text = format!(
                    "\u{201c}{}\u{201d} names no day here: the story has no publication date",
                    single_line(&entity.shown)
                );
                show(model, &text, StatusKind::Info);
                return Vec::new();
            }
            model.overlay = None;
            let name = &entity.name;
            let view = View::of_query(
                format!("Mentions {}", single_line(&entity.shown)),
                format!("entity:\"{}\"", name.replace('"', "")),
            );
            model.focus = Focus::List;
            return switch_view(model, view);
        }
        Action::Back | Action::ShowEntities | Action::Quit => {
            model.overlay = None;
            return Vec::new();
        }
        other => moved(other, selected, entities.len()),
    };
    if let Some(Overlay::Entities {
        selected: current, ..
    }) = &mut model.overlay
    {
        *current = selected;
    }
    Vec::new()
}

/// The selection in a list overlay of `len` rows after a moving key; unchanged for other keys.
pub(super) fn moved(action: Action, selected: usize, len: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::MoveDown => (selected + 1).min(last),
        Action::MoveUp => selected.saturating_sub(1),
        Action::First => 0,
        Action::Last => last,
        _ => selected,
    }
}
