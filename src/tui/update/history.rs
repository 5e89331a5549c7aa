//! The view stack: choosing a view remembers where the reader was, and Esc goes back there with
//! the same story selected and the list scrolled the same way, like a browser's back button.

use super::switch_view_keeping;
use crate::tui::model::{HISTORY_LIMIT, Model, View};
use crate::tui::worker::Task;

/// Shows `view`, remembering the current place to come back to.
pub(crate) fn go_to(model: &mut Model, view: View) -> Vec<Task> {
    if view == model.view {
        return Vec::new();
    }
    remember(model);
    switch_view_keeping(model, view, None, 0)
}

/// Pushes the current place onto the stack (the search prompt does this when it opens).
pub(crate) fn remember(model: &mut Model) {
    if model.history.len() == HISTORY_LIMIT {
        model.history.remove(0);
    }
    let place = model.place();
    model.history.push(place);
}

/// Returns to the last place remembered.
pub(crate) fn back(model: &mut Model) -> Vec<Task> {
    let Some(place) = model.history.pop() else {
        return Vec::new();
    };
    switch_view_keeping(model, place.view, place.selected, place.row)
}
