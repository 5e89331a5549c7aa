//! The story list: moving the selection, opening a story, going back, switching panes.

use std::time::Instant;

use super::history;
use super::stories::set_read;
use super::{ensure_window, save_position, switch_view};
use crate::tui::layout;
use crate::tui::model::{Focus, Model, OpenStory, View};
use crate::tui::worker::Task;

pub(super) fn select(model: &mut Model, delta: isize, page: usize) -> Vec<Task> {
    if model.counts.total == 0 {
        return Vec::new();
    }
    let last = model.counts.total - 1;
    let target = model.selected.saturating_add_signed(delta).min(last);
    if target == model.selected {
        return Vec::new();
    }
    let mut tasks = save_position(model);
    model.selected = target;
    keep_selection_visible(model, page);
    tasks.extend(ensure_window(model));
    tasks.extend(preview_selected(model));
    tasks
}

pub(super) fn keep_selection_visible(model: &mut Model, page: usize) {
    let page = page.max(1);
    if model.selected < model.list_offset {
        model.list_offset = model.selected;
    } else if model.selected >= model.list_offset + page {
        model.list_offset = model.selected + 1 - page;
    }
    let max_offset = model.counts.total.saturating_sub(page);
    model.list_offset = model.list_offset.min(max_offset);
}

/// In two-pane mode the reading pane follows the selection.
pub(super) fn preview_selected(model: &mut Model) -> Vec<Task> {
    let Some(id) = model.selected_story().map(|s| s.id) else {
        if model.counts.total == 0 {
            model.story = None;
        }
        return Vec::new();
    };
    if model.story.as_ref().and_then(OpenStory::id) == Some(id) {
        return Vec::new();
    }
    let two_panes = model.size.0 >= layout::NARROW_WIDTH;
    if two_panes || model.focus == Focus::Reader {
        vec![Task::LoadArticle(id)]
    } else {
        model.story = None;
        Vec::new()
    }
}

pub(super) fn open(model: &mut Model) -> Vec<Task> {
    let Some(summary) = model.selected_story() else {
        return Vec::new();
    };
    let id = summary.id;
    let was_read = summary.read;
    model.focus = Focus::Reader;
    let mut tasks = Vec::new();
    if model.story.as_ref().and_then(OpenStory::id) != Some(id) {
        tasks.push(Task::LoadArticle(id));
    }
    model.read_timer = None;
    if !was_read {
        if model.mark_read_after.is_zero() {
            tasks.extend(set_read(model, true, false));
        } else {
            model.read_timer = Some((id, Instant::now() + model.mark_read_after));
        }
    }
    tasks
}

/// Marks the open story read once it has been in the reading pane long enough (when the config
/// asks for a delay); true when that is due now.
pub fn tick(model: &mut Model, now: Instant) -> Vec<Task> {
    match model.read_timer {
        Some((id, due)) if now >= due => {
            model.read_timer = None;
            let still_open = model.focus == Focus::Reader
                && model.story.as_ref().and_then(OpenStory::id) == Some(id);
            if still_open {
                vec![Task::SetRead {
                    id,
                    read: true,
                    announce: false,
                }]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// Esc: from a story opened from the library's highlights view back to that view; from the
/// story or the sidebar to the list; in the list, back to the previous view (with
/// the same story selected), and at the first one, out of a filter.
pub(super) fn back(model: &mut Model) -> Vec<Task> {
    if let Some(tasks) = super::all_highlights::back_to_view(model) {
        return tasks;
    }
    if model.focus != Focus::List {
        model.focus = Focus::List;
        return Vec::new();
    }
    if !model.history.is_empty() {
        return history::back(model);
    }
    if model.view != View::all() {
        return switch_view(model, View::all());
    }
    Vec::new()
}

/// Moves focus; a story shown in the reading pane by focusing it counts as opened.
pub(super) fn focus(model: &mut Model, target: Focus) -> Vec<Task> {
    if target == Focus::Reader {
        if model.selected_story().is_none() {
            return Vec::new();
        }
        return open(model);
    }
    if target == Focus::Sidebar && !model.sidebar.shown {
        return Vec::new();
    }
    model.focus = target;
    Vec::new()
}

/// Tab: sidebar (when shown) → list → story → sidebar.
pub(super) fn cycle_focus(model: &mut Model) -> Vec<Task> {
    let next = match model.focus {
        Focus::Sidebar => Focus::List,
        Focus::List if model.selected_story().is_some() => Focus::Reader,
        Focus::List | Focus::Reader if model.sidebar.shown => Focus::Sidebar,
        Focus::List | Focus::Reader => Focus::List,
    };
    focus(model, next)
}

/// `h`: one pane to the left.
pub(super) fn focus_left(model: &mut Model) -> Vec<Task> {
    match model.focus {
        Focus::Reader => focus(model, Focus::List),
        Focus::List | Focus::Sidebar => focus(model, Focus::Sidebar),
    }
}

/// `l`: one pane to the right.
pub(super) fn focus_right(model: &mut Model) -> Vec<Task> {
    match model.focus {
        Focus::Sidebar => focus(model, Focus::List),
        Focus::List | Focus::Reader => focus(model, Focus::Reader),
    }
}
