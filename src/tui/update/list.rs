//! The story list: moving the selection, opening a story, going back, switching panes.

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
    if !was_read {
        tasks.extend(set_read(model, true, false));
    }
    tasks
}

pub(super) fn back(model: &mut Model) -> Vec<Task> {
    if model.focus == Focus::Reader {
        model.focus = Focus::List;
        return Vec::new();
    }
    if model.view != View::all() {
        // Esc in the list clears a filter.
        return switch_view(model, View::all());
    }
    Vec::new()
}

pub(super) fn focus(model: &mut Model, target: Focus) -> Vec<Task> {
    if target == Focus::Reader && model.selected_story().is_none() {
        return Vec::new();
    }
    model.focus = target;
    if target == Focus::Reader {
        return preview_selected(model);
    }
    Vec::new()
}
