//! The mouse: the wheel scrolls the pane under the pointer, a click selects or focuses.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::list::select;
use super::reader::scroll_story;
use super::{focus, screen, signed};
use crate::tui::layout;
use crate::tui::model::{Focus, Model};
use crate::tui::worker::Task;

/// Lines one turn of the mouse wheel scrolls.
const WHEEL_LINES: usize = 3;

/// The wheel scrolls the pane under the pointer; a click in the list selects that story.
pub fn mouse(model: &mut Model, event: MouseEvent) -> Vec<Task> {
    if model.overlay.is_some() || model.prompt.is_some() {
        return Vec::new();
    }
    let Some(screen) = screen(model) else {
        return Vec::new();
    };
    let at = Position::new(event.column, event.row);
    let inside = |area: Option<Rect>| area.is_some_and(|a| a.contains(at));
    let wheel = match event.kind {
        MouseEventKind::ScrollDown => Some(signed(WHEEL_LINES)),
        MouseEventKind::ScrollUp => Some(-signed(WHEEL_LINES)),
        _ => None,
    };
    match (wheel, event.kind) {
        (Some(lines), _) if inside(screen.reader) && model.story.is_some() => {
            let page = screen.reader.map_or(1, layout::reader_rows);
            scroll_story(model, lines, page)
        }
        (Some(lines), _) if inside(screen.sidebar) => super::sidebar::scroll(model, lines.signum()),
        (None, MouseEventKind::Down(MouseButton::Left)) if inside(screen.sidebar) => {
            let area = screen.sidebar.unwrap_or_default();
            super::sidebar::click(model, event.row - area.y, layout::sidebar_rows(area))
        }
        (Some(lines), _) if inside(screen.list) => {
            let page = screen.list.map_or(1, layout::list_rows);
            select(model, lines.signum(), page)
        }
        (None, MouseEventKind::Down(MouseButton::Left)) if inside(screen.list) => {
            let list = screen.list.unwrap_or_default();
            let row = usize::from(event.row.saturating_sub(list.y + 1) / layout::STORY_ROWS);
            let index = model.list_offset + row;
            if event.row > list.y && row < layout::list_rows(list) && index < model.counts.total {
                model.focus = Focus::List;
                let delta = signed(index) - signed(model.selected);
                select(model, delta, layout::list_rows(list))
            } else {
                Vec::new()
            }
        }
        (None, MouseEventKind::Down(MouseButton::Left)) if inside(screen.reader) => {
            focus(model, Focus::Reader)
        }
        _ => Vec::new(),
    }
}
