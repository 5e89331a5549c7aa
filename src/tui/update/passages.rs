//! The highlights overlay: the open story's highlighted passages and notes, in the order of its
//! text; Enter scrolls the story to the chosen one.

use super::overlays::moved;
use super::undo;
use super::{reader::clamp_scroll, screen, show};
use crate::article::ArticleId;
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::model::undo::Change;
use crate::tui::model::{Focus, LineKind, Model, Overlay, StatusKind};
use crate::tui::worker::Task;

/// Opens the overlay, or says why there is nothing to list.
pub(super) fn open_overlay(model: &mut Model) -> Vec<Task> {
    match &model.story {
        None => show(
            model,
            "Open a story to see its highlights",
            StatusKind::Info,
        ),
        Some(story) if story.article.highlights.is_empty() => show(
            model,
            "No highlights in this story; v selects a passage to highlight",
            StatusKind::Info,
        ),
        Some(_) => model.overlay = Some(Overlay::Highlights { selected: 0 }),
    }
    Vec::new()
}

/// Keys while the overlay is open.
pub(super) fn overlay(model: &mut Model, action: Action, selected: usize) -> Vec<Task> {
    let count = model
        .story
        .as_ref()
        .map_or(0, |story| story.article.highlights.len());
    match action {
        Action::Open => {
            model.overlay = None;
            go_to(model, selected);
        }
        Action::Remove => {
            model.overlay = None;
            let id = model
                .story
                .as_ref()
                .and_then(|story| story.article.highlights.get(selected))
                .and_then(|highlight| highlight.id);
            return id.map(Task::RemoveHighlight).into_iter().collect();
        }
        Action::Note => return super::select::edit_note(model, selected),
        Action::Back | Action::ShowHighlights | Action::Quit => model.overlay = None,
        other => {
            let moved = moved(other, selected, count);
            if let Some(Overlay::Highlights { selected }) = &mut model.overlay {
                *selected = moved;
            }
        }
    }
    Vec::new()
}

/// A highlight is deleted: the change is kept for undo and the open story drawn without it.
pub(super) fn removed(
    model: &mut Model,
    story: ArticleId,
    highlight: Box<crate::highlight::Highlight>,
) -> Vec<Task> {
    undo::record(model, Change::HighlightRemoved { story, highlight });
    show(
        model,
        "Deleted the highlight and its note · u to undo",
        StatusKind::Info,
    );
    reload(model, story)
}

/// The open story again from the library, when its highlights changed.
pub(super) fn reload(model: &Model, story: ArticleId) -> Vec<Task> {
    let open = model.story.as_ref().and_then(|s| s.article.id) == Some(story);
    if open {
        vec![Task::LoadArticle(story)]
    } else {
        Vec::new()
    }
}

/// Scrolls the story so the row where highlight `index` starts is at the top (for a passage
/// no longer in the text, to the end, where it is listed), and gives the reading pane the keys.
pub(super) fn go_to(model: &mut Model, index: usize) {
    let page = screen(model)
        .and_then(|screen| screen.reader)
        .map_or(1, layout::reader_rows);
    let Some(story) = &mut model.story else {
        return;
    };
    let Some(highlight) = story.article.highlights.get(index) else {
        return;
    };
    model.focus = Focus::Reader;
    if highlight.orphaned {
        story.scroll = usize::MAX;
        clamp_scroll(model, page.max(1));
        show(
            model,
            "That passage is no longer in the story's text; it is listed at the end",
            StatusKind::Info,
        );
        return;
    }
    let start = highlight.anchor.start;
    story.scroll = story
        .lines
        .iter()
        .rposition(|line| line.kind == LineKind::Body && line.offset <= start)
        .unwrap_or(0);
    clamp_scroll(model, page.max(1));
}
