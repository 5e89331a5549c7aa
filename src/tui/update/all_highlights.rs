//! The library-wide highlights view: every highlight, newest first; Enter opens the story at
//! the passage (going back returns to the view, closing it to where the reader was), and the
//! delete and note keys work as in the story's own highlights overlay.

use super::{history, passages, select, show, switch_view_keeping, undo};
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::model::all_highlights::{AllHighlights, HighlightRow, PAGE};
use crate::tui::model::{Focus, Model, OpenStory, Overlay, StatusKind, View};
use crate::tui::worker::Task;

/// The list a story opened from the view is shown in: the stories with highlights.
fn highlighted_view() -> View {
    View::of_query("Highlighted".into(), "is:highlighted".into())
}

/// Screen rows for entries in the view's box at the current terminal size.
fn entry_rows(model: &Model) -> usize {
    let (width, height) = model.size;
    layout::all_highlights_rows(ratatui::layout::Rect::new(0, 0, width, height)).max(1)
}

/// Opens the view and asks for its first page.
pub(super) fn open(model: &mut Model) -> Vec<Task> {
    model.selection = None;
    model.all_highlights = Some(AllHighlights {
        pending: Some(0),
        ..AllHighlights::default()
    });
    model.overlay = Some(Overlay::AllHighlights);
    vec![Task::LoadAllHighlights {
        offset: 0,
        limit: PAGE,
        filter: String::new(),
    }]
}

/// The filter changed: the list starts again from its first page of matches.
pub(crate) fn filter_changed(model: &mut Model) -> Vec<Task> {
    let Some(view) = &mut model.all_highlights else {
        return Vec::new();
    };
    view.rows.clear();
    view.total = None;
    view.selected = 0;
    view.offset = 0;
    view.pending = Some(0);
    vec![Task::LoadAllHighlights {
        offset: 0,
        limit: PAGE,
        filter: view.filter.text.clone(),
    }]
}

/// Keys while the view is shown.
pub(super) fn apply(model: &mut Model, action: Action) -> Vec<Task> {
    let rows = entry_rows(model);
    let Some(view) = &mut model.all_highlights else {
        model.overlay = None;
        return Vec::new();
    };
    let last = view.rows.len().saturating_sub(1);
    // Entries are two or three rows high; a page moves by as many as fit at the least.
    let page = (rows / 3).max(1);
    let selected = view.selected;
    view.selected = match action {
        Action::MoveDown => (selected + 1).min(last),
        Action::MoveUp => selected.saturating_sub(1),
        Action::First => 0,
        Action::Last => last,
        Action::PageDown => (selected + page).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::HalfPageDown => (selected + page.div_ceil(2)).min(last),
        Action::HalfPageUp => selected.saturating_sub(page.div_ceil(2)),
        _ => selected,
    };
    view.keep_visible(rows);
    let row = view.selected_row().cloned();
    match action {
        Action::Open => row.map_or_else(Vec::new, |row| open_passage(model, &row)),
        Action::Remove => row
            .and_then(|row| row.highlight.id)
            .map(Task::RemoveHighlight)
            .into_iter()
            .collect(),
        Action::Note => {
            if let Some(row) = row {
                select::edit_note_of(model, row.story.id, &row.highlight, true);
            }
            Vec::new()
        }
        Action::Undo => undo::undo(model),
        Action::Search => {
            if let Some(view) = &mut model.all_highlights {
                view.typing = true;
            }
            Vec::new()
        }
        Action::Back | Action::AllHighlights | Action::Quit => close(model),
        _ => next_page(model),
    }
}

/// Asks for the next page when the cursor is near the end of what is loaded.
fn next_page(model: &mut Model) -> Vec<Task> {
    let rows = entry_rows(model);
    let Some(view) = &mut model.all_highlights else {
        return Vec::new();
    };
    match view.next_page(rows) {
        Some(offset) => {
            view.pending = Some(offset);
            vec![Task::LoadAllHighlights {
                offset,
                limit: PAGE,
                filter: view.filter.text.clone(),
            }]
        }
        None => Vec::new(),
    }
}

/// Closes the view; after a story was opened from it, back to where the reader was before.
fn close(model: &mut Model) -> Vec<Task> {
    model.overlay = None;
    let remembered = model.all_highlights.take().is_some_and(|v| v.remembered);
    if remembered {
        history::back(model)
    } else {
        Vec::new()
    }
}

/// Opens the story of `row` in the reading pane, in the list of highlighted stories, and
/// scrolls it to the passage once it is loaded. The place before is remembered once, so
/// closing the view returns there however many stories were opened from it.
fn open_passage(model: &mut Model, row: &HighlightRow) -> Vec<Task> {
    let Some(mut view) = model.all_highlights.take() else {
        return Vec::new();
    };
    let story = row.story.id;
    model.overlay = None;
    if !view.remembered {
        history::remember(model);
        view.remembered = true;
    }
    // Switching saves the reading position of the story left.
    let tasks = switch_view_keeping(model, highlighted_view(), Some(story), 0);
    model.open_when_loaded = Some(story);
    model.focus = Focus::Reader;
    view.opened = Some(story);
    view.scroll_to = row.highlight.id.map(|id| (story, id));
    model.all_highlights = Some(view);
    tasks
}

/// Once the story opened from the view is in the reading pane, scrolls it to the passage.
pub(super) fn arrived(model: &mut Model) {
    let open = model.story.as_ref().and_then(OpenStory::id);
    let Some(view) = &mut model.all_highlights else {
        return;
    };
    let Some((story, id)) = view.scroll_to.filter(|(story, _)| Some(*story) == open) else {
        return;
    };
    view.scroll_to = None;
    let index = model
        .story
        .as_ref()
        .and_then(|s| s.article.highlights.iter().position(|h| h.id == Some(id)));
    match index {
        Some(index) => passages::go_to(model, index),
        None => show(
            model,
            format!("That highlight is no longer on story {story}"),
            StatusKind::Error,
        ),
    }
}

/// Esc in the reading pane on a story opened from the view: the view again, on the same row,
/// with what changed meanwhile; `None` when the story was not opened from the view.
pub(super) fn back_to_view(model: &mut Model) -> Option<Vec<Task>> {
    let open = model.story.as_ref().and_then(OpenStory::id);
    let view = model.all_highlights.as_mut()?;
    if model.focus != Focus::Reader || open.is_none() || view.opened != open {
        return None;
    }
    view.opened = None;
    model.focus = Focus::List;
    model.overlay = Some(Overlay::AllHighlights);
    Some(refresh(model))
}

/// The view's rows again from the library after a highlight changed (deleted, restored, a
/// new note), as many as were loaded.
pub(super) fn refresh(model: &mut Model) -> Vec<Task> {
    let Some(view) = &mut model.all_highlights else {
        return Vec::new();
    };
    view.pending = Some(0);
    vec![Task::LoadAllHighlights {
        offset: 0,
        limit: view.rows.len().max(PAGE),
        filter: view.filter.text.clone(),
    }]
}

/// A page of highlights arrives (one for a filter since changed is dropped); an empty library
/// closes the view and says how to make one.
pub(super) fn absorb(
    model: &mut Model,
    offset: usize,
    rows: Vec<(crate::highlight::StoryRef, crate::highlight::Highlight)>,
    total: usize,
    filter: &str,
) -> Vec<Task> {
    let screen = entry_rows(model);
    let shown = model.overlay == Some(Overlay::AllHighlights);
    let Some(view) = model
        .all_highlights
        .as_mut()
        .filter(|v| v.filter.text == filter)
    else {
        return Vec::new();
    };
    let rows = rows
        .into_iter()
        .map(|(story, highlight)| HighlightRow::new(story, highlight))
        .collect();
    view.absorb(offset, rows, total);
    view.keep_visible(screen);
    if total == 0 && shown && filter.is_empty() {
        let tasks = close(model);
        show(
            model,
            "No highlights in the library yet; v selects a passage of a story to highlight",
            StatusKind::Info,
        );
        return tasks;
    }
    next_page(model)
}
