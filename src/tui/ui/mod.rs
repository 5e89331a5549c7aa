//! Drawing: pure functions of the model. Nothing here changes state or touches the disk.

mod all_highlights;
mod entities;
mod help;
mod highlights;
mod links;
mod list;
mod note;
mod prompt;
mod reader;
mod sidebar;
mod tags;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Wrap};

use super::action::Action;
use super::keymap::Keymap;
use super::layout;
use super::model::{Focus, Model, Overlay, StatusKind, View};
use crate::text::{truncate, width};
use theme::Theme;

/// Status-bar hints while the list has focus.
const LIST_HINTS: &[Action] = &[
    Action::MoveDown,
    Action::MoveUp,
    Action::Open,
    Action::NextUnread,
    Action::MarkAllRead,
    Action::Undo,
    Action::Search,
    Action::AllHighlights,
    Action::ToggleSidebar,
    Action::ToggleBookmark,
    Action::EditTags,
    Action::ShowEntities,
    Action::Help,
    Action::Quit,
];
/// Status-bar hints while a story has focus.
const READER_HINTS: &[Action] = &[
    Action::ReadOn,
    Action::NextUnread,
    Action::Back,
    Action::Undo,
    Action::ToggleBookmark,
    Action::EditTags,
    Action::ShowEntities,
    Action::OpenInBrowser,
    Action::Help,
    Action::Quit,
];
/// Status-bar hints while the sidebar has focus.
const SIDEBAR_HINTS: &[Action] = &[
    Action::MoveDown,
    Action::MoveUp,
    Action::Open,
    Action::MarkAllRead,
    Action::Undo,
    Action::SwitchPane,
    Action::ToggleSidebar,
    Action::Help,
    Action::Quit,
];

pub use links::hyperlinks;

/// Draws the whole screen.
pub fn render(frame: &mut Frame<'_>, model: &Model, keymap: &Keymap, theme: &Theme) {
    let area = frame.area();
    let Some(screen) = layout::screen(
        area,
        model.focus,
        model.story.is_some(),
        model.sidebar.shown,
    ) else {
        let notice = Paragraph::new("Terminal too small")
            .wrap(Wrap { trim: true })
            .alignment(Alignment::Center);
        frame.render_widget(notice, area);
        return;
    };
    header(frame, screen.header, model, theme);
    if model.loaded && model.counts.total == 0 && model.view == View::all() {
        let body = Rect::new(
            area.x,
            screen.header.bottom(),
            area.width,
            screen.status.y - screen.header.bottom(),
        );
        empty_library(frame, body, theme);
    } else {
        if let Some(sidebar_area) = screen.sidebar {
            sidebar::render(frame, sidebar_area, model, theme);
        }
        if let Some(list_area) = screen.list {
            list::render(frame, list_area, model, keymap, theme);
        }
        if let Some(reader_area) = screen.reader {
            reader::render(frame, reader_area, model, theme);
        }
    }
    match &model.prompt {
        Some(prompt) => prompt::render(frame, screen.status, prompt, theme),
        None => status_bar(frame, screen.status, model, keymap, theme),
    }
    match &model.overlay {
        Some(Overlay::Help { scroll }) => help::render(frame, area, *scroll, model, keymap, theme),
        Some(Overlay::Tags { selected }) => tags::render_list(frame, area, model, *selected, theme),
        Some(Overlay::TagEditor(editor)) => tags::render_editor(frame, area, editor, theme),
        Some(Overlay::Note(editor)) => note::render(frame, area, editor, theme),
        Some(Overlay::Entities { entities, selected }) => {
            entities::render(frame, area, entities, *selected, theme);
        }
        Some(Overlay::Links { links, selected }) => {
            links::render(frame, area, links, *selected, keymap, theme);
        }
        Some(Overlay::Highlights { selected }) => {
            if let Some(story) = &model.story {
                let highlights = &story.article.highlights;
                highlights::render(frame, area, highlights, *selected, keymap, theme);
            }
        }
        Some(Overlay::AllHighlights) => {
            if let Some(view) = &model.all_highlights {
                all_highlights::render(frame, area, view, keymap, theme);
            }
        }
        None => {}
    }
}

/// A centred box for an overlay: at most `max_width` wide (and 4 columns narrower than `area`),
/// `lines + 2` high (the border), and no taller than `area` allows.
pub(super) fn popup(area: Rect, max_width: u16, lines: usize) -> Rect {
    let width = area.width.saturating_sub(4).min(max_width);
    let height = area
        .height
        .saturating_sub(2)
        .min(u16::try_from(lines + 2).unwrap_or(u16::MAX));
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// An overlay listing rows in a centred, bordered box, scrolled so that the selected row and
/// the `below` rows under it (hints, a note) stay in view.
#[allow(
    clippy::too_many_arguments,
    reason = "each overlay differs only in these values"
)]
fn list_overlay(
    frame: &mut Frame<'_>,
    area: Rect,
    max_width: u16,
    title: &str,
    lines: Vec<Line<'_>>,
    selected_row: usize,
    below: usize,
    theme: &Theme,
) {
    let popup = popup(area, max_width, lines.len());
    let rows = usize::from(popup.height.saturating_sub(2)).max(1);
    let scroll = selected_row.saturating_sub(rows.saturating_sub(1 + below));
    let block = Block::bordered()
        .title(title)
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        popup,
    );
}

fn header(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let mut left = format!(" newsdesk · {} · {}", model.library_label, model.view.name);
    if let Some(last) = model.refresh.last {
        let local = last.with_timezone(&chrono::Local);
        left.push_str(&format!(" · refreshed {}", local.format("%H:%M")));
    }
    let right = if model.loaded {
        // The unread count is the library's; in a filtered view that is said out loud.
        let filtered = model.view != View::all();
        let noun = if model.counts.total == 1 {
            "story"
        } else {
            "stories"
        };
        format!(
            "{} {noun}{} · {} unread{} ",
            model.counts.total,
            if filtered { " here" } else { "" },
            model.counts.unread,
            if filtered { " overall" } else { "" },
        )
    } else {
        "loading… ".to_owned()
    };
    let room = usize::from(area.width);
    let left = truncate(&left, room.saturating_sub(width(&right) + 1));
    let gap = room.saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.accent),
        Span::raw(" ".repeat(gap)),
        Span::styled(truncate(&right, room), theme.dim),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn status_bar(frame: &mut Frame<'_>, area: Rect, model: &Model, keymap: &Keymap, theme: &Theme) {
    let room = usize::from(area.width).saturating_sub(1);
    let line = match &model.status {
        Some(status) => {
            let style = match status.kind {
                StatusKind::Info | StatusKind::Undoable => theme.accent,
                StatusKind::Error => theme.error,
            };
            // A change that can be taken back says which key does it, from the keymap.
            let text = match (status.kind, keymap.keys_for(Action::Undo).first()) {
                (StatusKind::Undoable, Some(key)) => format!("{} · {key} to undo", status.text),
                _ => status.text.clone(),
            };
            Line::from(Span::styled(format!(" {}", truncate(&text, room)), style))
        }
        None if model.overlay.is_none() && model.selection.is_some() => Line::from(Span::styled(
            format!(" {}", truncate(&selection_hints(model, keymap), room)),
            theme.accent,
        )),
        None => {
            let actions = if model.overlay.is_some() {
                &[Action::Back][..]
            } else if model.focus == Focus::Sidebar {
                SIDEBAR_HINTS
            } else if model.focus == Focus::Reader && model.story.is_some() {
                READER_HINTS
            } else {
                LIST_HINTS
            };
            Line::from(Span::styled(
                format!(" {}", truncate(&keymap.hints(actions), room)),
                theme.dim,
            ))
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The keys of selection mode, from the keymap, with the colour the highlight will get.
fn selection_hints(model: &Model, keymap: &Keymap) -> String {
    let color = model.selection.map_or(model.highlight_color, |s| s.color);
    let keys = labelled_hints(
        keymap,
        &[
            (&[Action::MoveDown, Action::MoveUp][..], "sentence"),
            (&[Action::NextWord, Action::PreviousWord], "word"),
            (&[Action::StartEarlier, Action::StartLater], "start"),
            (
                &[Action::NextParagraph, Action::PreviousParagraph],
                "paragraph",
            ),
            (&[Action::Open], "highlight"),
            (&[Action::Note], "with a note"),
            (&[Action::CycleColor], "colour"),
            (&[Action::Back], "cancel"),
        ],
    );
    format!("Selecting ({color}):{keys}")
}

/// `  j/k label` for each group of actions, with the first key of each from the keymap; a
/// group whose actions are all unbound is left out.
fn labelled_hints(keymap: &Keymap, groups: &[(&[Action], &str)]) -> String {
    let mut line = String::new();
    for (actions, label) in groups {
        let keys: Vec<&str> = actions
            .iter()
            .filter_map(|a| keymap.keys_for(*a).first().map(String::as_str))
            .collect();
        if !keys.is_empty() {
            line.push_str(&format!("  {} {label}", keys.join("/")));
        }
    }
    line
}

fn empty_library(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::from(""),
        Line::styled("Your library is empty.", theme.title),
        Line::from(""),
        Line::from("Add stories from the command line:"),
        Line::styled("newsdesk add FILE|URL", theme.accent),
        Line::from(""),
        Line::from("Or look around the demo library:"),
        Line::styled("newsdesk --demo", theme.accent),
    ];
    let top = area.height.saturating_sub(8) / 2;
    let area = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
