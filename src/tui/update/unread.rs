//! Moving through unread stories: the next (or previous) unread story of the view is opened,
//! and at the end of a feed the reader moves on to the next feed with unread stories.

use super::list::{keep_selection_visible, open};
use super::{ensure_window, history, list_page, save_position, show};
use crate::article::ArticleId;
use crate::tui::model::{Focus, Model, OpenStory, StatusKind};
use crate::tui::worker::Task;

/// Opens the next (or previous) unread story; looks in the loaded rows first and asks the
/// worker only when the answer lies beyond them.
pub(super) fn next(model: &mut Model, forward: bool) -> Vec<Task> {
    let open_now = model.focus == Focus::Reader
        && model.story.as_ref().and_then(OpenStory::id) == model.selected_story().map(|s| s.id);
    // The selected story itself counts when it is unread and not yet being read.
    if !open_now && model.selected_story().is_some_and(|s| !s.read) {
        return open(model);
    }
    let end = model.window_start + model.stories.len();
    let local = if forward {
        (model.selected + 1..end).find(|&i| model.story_at(i).is_some_and(|s| !s.read))
    } else {
        (model.window_start..model.selected)
            .rev()
            .find(|&i| model.story_at(i).is_some_and(|s| !s.read))
    };
    let whole_view_loaded = if forward {
        end >= model.counts.total
    } else {
        model.window_start == 0
    };
    match local {
        Some(index) => {
            let id = model.story_at(index).map(|s| s.id);
            go_to(model, index, id)
        }
        None if whole_view_loaded => none_left(model, forward),
        None => vec![Task::FindUnread {
            generation: model.generation,
            query: model.view.query.clone(),
            from: Some(model.selected),
            forward,
        }],
    }
}

/// The worker's answer to where the next unread story is.
pub(super) fn found(
    model: &mut Model,
    generation: u64,
    found: Option<(usize, ArticleId)>,
    forward: bool,
) -> Vec<Task> {
    if generation != model.generation {
        return Vec::new();
    }
    match found {
        Some((index, id)) => go_to(model, index, Some(id)),
        None => none_left(model, forward),
    }
}

/// Selects the story at `index` and opens it, now if its row is loaded or when it arrives.
fn go_to(model: &mut Model, index: usize, id: Option<ArticleId>) -> Vec<Task> {
    let mut tasks = save_position(model);
    model.selected = index;
    let page = list_page(model);
    keep_selection_visible(model, page);
    if model.selected_story().is_some() {
        tasks.extend(open(model));
    } else {
        model.open_when_loaded = id;
        tasks.extend(ensure_window(model));
    }
    tasks
}

/// Nothing unread is left that way: in a feed, move on to the next feed with unread stories.
fn none_left(model: &mut Model, forward: bool) -> Vec<Task> {
    if forward
        && let Some(entry) = model.sidebar.next_unread_feed(&model.view)
        && let Some(view) = entry.view.clone()
    {
        let name = entry.label.clone();
        let focus = model.focus;
        let tasks = history::go_to(model, view);
        model.focus = focus;
        model.unread_when_loaded = true;
        show(model, format!("On to {name}"), StatusKind::Info);
        return tasks;
    }
    let text = if model.sidebar.is_feed(&model.view) {
        "No unread stories left in any feed"
    } else if forward {
        "No more unread stories in this view"
    } else {
        "No earlier unread stories in this view"
    };
    show(model, text, StatusKind::Info);
    Vec::new()
}
