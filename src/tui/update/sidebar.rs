//! The sidebar pane: moving through views, feeds and tags, choosing one, marking one read, and
//! showing or hiding the pane.

use super::{history, layout_screen, mark_all_read, show};
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::model::{Focus, Model, StatusKind};
use crate::tui::worker::Task;

/// Keys while the sidebar has focus; `None` leaves the action to the other panes.
pub(super) fn apply(model: &mut Model, action: Action) -> Option<Vec<Task>> {
    let page = layout_screen(model)
        .and_then(|s| s.sidebar)
        .map_or(1, layout::sidebar_rows)
        .max(1);
    let page = isize::try_from(page).unwrap_or(1);
    let delta = match action {
        Action::MoveDown => 1,
        Action::MoveUp => -1,
        Action::First => isize::MIN / 2,
        Action::Last => isize::MAX / 2,
        Action::HalfPageDown => page / 2,
        Action::HalfPageUp => -page / 2,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::Open | Action::ReadOn => return Some(choose(model)),
        Action::MarkAllRead => {
            let view = model.sidebar.selected_view()?.clone();
            return Some(mark_all_read(&view));
        }
        _ => return None,
    };
    model.sidebar.move_by(delta);
    Some(Vec::new())
}

/// Filters the list to the selected entry and moves to the list.
pub(super) fn choose(model: &mut Model) -> Vec<Task> {
    let Some(view) = model.sidebar.selected_view().cloned() else {
        return Vec::new();
    };
    model.focus = Focus::List;
    history::go_to(model, view)
}

/// Shows or hides the sidebar; showing it gives it focus.
pub(super) fn toggle(model: &mut Model) -> Vec<Task> {
    model.sidebar.shown = !model.sidebar.shown;
    if model.sidebar.shown {
        // Turned on to be used: it takes focus (on a narrow terminal it is then the screen).
        model.focus = Focus::Sidebar;
        show(model, "Sidebar on", StatusKind::Info);
    } else {
        if model.focus == Focus::Sidebar {
            model.focus = Focus::List;
        }
        show(model, "Sidebar off", StatusKind::Info);
    }
    // The panes changed width: the story is wrapped again for its new width.
    super::resize(model, model.size.0, model.size.1)
}

/// A click on a sidebar row (`row` counted from the pane's top edge) chooses that entry.
pub(super) fn click(model: &mut Model, row: u16, rows: usize) -> Vec<Task> {
    let offset = layout::sidebar_offset(model.sidebar.selected, rows);
    let Some(index) = usize::from(row).checked_sub(1).map(|r| r + offset) else {
        return Vec::new();
    };
    if model
        .sidebar
        .entries
        .get(index)
        .is_some_and(|e| e.view.is_some())
    {
        model.sidebar.selected = index;
        choose(model)
    } else {
        Vec::new()
    }
}

/// The wheel over the sidebar moves its cursor.
pub(super) fn scroll(model: &mut Model, delta: isize) -> Vec<Task> {
    model.sidebar.move_by(delta);
    Vec::new()
}

/// Asks for fresh counts of everything the sidebar shows.
pub(super) fn load_counts(model: &Model) -> Task {
    Task::LoadSidebar {
        views: model
            .views
            .iter()
            .skip(3)
            .map(|v| v.query.clone())
            .collect(),
    }
}
