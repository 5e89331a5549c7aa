//! Changes that can be taken back: marking a whole view read, removing a story, and `undo`,
//! which replays the opposite of the newest saved change.

use super::sidebar::load_counts;
use super::{load_window, reload_keeping_selection, show};
use crate::article::{Article, ArticleId};
use crate::text::single_line;
use crate::tui::model::undo::Change;
use crate::tui::model::{Model, OpenStory, StatusKind, View};
use crate::tui::worker::Task;

/// Asks for every story of `view` to be marked read: the whole view, not only the loaded rows.
pub(super) fn mark_all_read(view: &View) -> Vec<Task> {
    vec![Task::MarkAllRead {
        query: view.query.clone(),
        what: view.name.clone(),
    }]
}

/// Records a saved change so `undo` can take it back, unless it is itself an undo.
pub(super) fn record(model: &mut Model, change: Change) {
    if !model.undoing {
        model.undo.push(change);
    }
}

/// A bulk mark is saved: the list, the open story and the counts catch up.
pub(super) fn marked(model: &mut Model, ids: Vec<ArticleId>, read: bool, what: &str) -> Vec<Task> {
    if let Some(open) = model
        .story
        .as_mut()
        .filter(|s| s.id().is_some_and(|id| ids.contains(&id)))
    {
        open.article.read = read;
    }
    if !model.undoing {
        if ids.is_empty() {
            show(
                model,
                "Nothing to mark: every story here is read",
                StatusKind::Info,
            );
            return Vec::new();
        }
        let count = ids.len();
        let noun = if count == 1 { "story" } else { "stories" };
        let state = if read { "read" } else { "unread" };
        show(
            model,
            format!("Marked {count} {noun} {state} in {}", single_line(what)),
            StatusKind::Undoable,
        );
        record(model, Change::Read { ids, read });
    }
    vec![reload_keeping_selection(model), load_counts(model)]
}

/// Asks for the selected story to be removed.
pub(super) fn remove(model: &mut Model) -> Vec<Task> {
    match model.selected_story() {
        Some(story) => vec![Task::Remove(story.id)],
        None => Vec::new(),
    }
}

/// A story is removed: it leaves the screen, and what it was is kept for undo.
pub(super) fn removed(model: &mut Model, article: Article) -> Vec<Task> {
    if model.story.as_ref().and_then(OpenStory::id) == article.id {
        model.story = None;
    }
    show(
        model,
        format!("Removed “{}”", single_line(&article.title)),
        StatusKind::Undoable,
    );
    record(model, Change::Removed(Box::new(article)));
    let offset = model.window_start;
    model.pending_window = None;
    vec![
        load_window(model, offset),
        load_counts(model),
        Task::LoadTags,
    ]
}

/// A removed story is back: it is selected again, and older changes to it follow its new id.
pub(super) fn restored(model: &mut Model, old: Option<ArticleId>, id: ArticleId) -> Vec<Task> {
    if let Some(old) = old {
        model.undo.remap(old, id);
    }
    let offset = model.window_start;
    let mut task = load_window(model, offset);
    if let Task::LoadWindow { keep, .. } = &mut task {
        *keep = Some(id);
    }
    vec![task, load_counts(model), Task::LoadTags]
}

/// Undoes the newest change; the screen shows it once the store confirms.
pub(super) fn undo(model: &mut Model) -> Vec<Task> {
    let Some(change) = model.undo.pop() else {
        show(model, "Nothing to undo", StatusKind::Info);
        return Vec::new();
    };
    model.pending_undo = Some(change.describe());
    let task = match change {
        Change::Read { ids, read } => Task::SetReadMany { ids, read: !read },
        Change::Bookmark { id, on } => Task::SetBookmarked(id, !on),
        Change::Tags {
            story,
            added,
            removed,
        } => Task::ChangeTags {
            story,
            add: removed,
            remove: added,
        },
        Change::Removed(article) => Task::Restore(article),
        Change::HighlightRemoved { story, highlight } => {
            Task::RestoreHighlight { story, highlight }
        }
        Change::HighlightAdded { id, .. } => Task::RemoveHighlight(id),
        Change::NoteChanged {
            story,
            id,
            color,
            before,
        } => Task::UpdateHighlight {
            story,
            id,
            color,
            note: before,
        },
    };
    vec![Task::Undo(Box::new(task))]
}

/// Says what an undo took back, once it is saved.
pub(super) fn undone(model: &mut Model) {
    if let Some(what) = model.pending_undo.take() {
        let left = model.undo.len();
        let more = if left == 0 {
            String::new()
        } else {
            format!(" ({left} more can be undone)")
        };
        show(model, format!("Undone: {what}{more}"), StatusKind::Info);
    }
}

/// The tags added and removed between two lists of a story's tags.
pub(super) fn tag_change(story: ArticleId, before: &[String], after: &[String]) -> Change {
    let missing = |from: &[String], to: &[String]| -> Vec<String> {
        from.iter()
            .filter(|t| !to.iter().any(|o| o.to_lowercase() == t.to_lowercase()))
            .cloned()
            .collect()
    };
    Change::Tags {
        story,
        added: missing(after, before),
        removed: missing(before, after),
    }
}
