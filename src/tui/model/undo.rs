//! Changes made in the reader, newest last, so `undo` can take them back in order.

use std::collections::VecDeque;

use crate::article::{Article, ArticleId};
use crate::highlight::{Color, Highlight, HighlightId};

/// How many changes are kept; older ones can no longer be undone.
pub const UNDO_LIMIT: usize = 50;

/// One saved change, described by what was done (undoing does the opposite).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// These stories were marked read (or unread); only those whose state actually changed.
    Read { ids: Vec<ArticleId>, read: bool },
    /// The bookmark was set (or removed).
    Bookmark { id: ArticleId, on: bool },
    /// Tags were added to and removed from one story.
    Tags {
        story: ArticleId,
        added: Vec<String>,
        removed: Vec<String>,
    },
    /// The story was removed; this is all of it, to put it back.
    Removed(Box<Article>),
    /// A highlight was deleted from a story; this is all of it, note included.
    HighlightRemoved {
        story: ArticleId,
        highlight: Box<Highlight>,
    },
    /// A highlight was made on a story.
    HighlightAdded { story: ArticleId, id: HighlightId },
    /// A highlight's note was changed; this was the note before.
    NoteChanged {
        story: ArticleId,
        id: HighlightId,
        color: Color,
        before: Option<String>,
    },
}

impl Change {
    /// A few words for the status bar: "marked 220 read".
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Read { ids, read } => {
                let state = if *read { "read" } else { "unread" };
                match ids.len() {
                    1 => format!("marked a story {state}"),
                    n => format!("marked {n} stories {state}"),
                }
            }
            Self::Bookmark { on: true, .. } => "bookmarked a story".into(),
            Self::Bookmark { on: false, .. } => "removed a bookmark".into(),
            Self::Tags { .. } => "changed tags".into(),
            Self::Removed(_) => "removed a story".into(),
            Self::HighlightRemoved { .. } => "deleted a highlight".into(),
            Self::HighlightAdded { .. } => "made a highlight".into(),
            Self::NoteChanged { .. } => "changed a note".into(),
        }
    }
}

/// The changes that can be undone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UndoStack {
    changes: VecDeque<Change>,
}

impl UndoStack {
    /// Remembers a saved change, forgetting the oldest past the limit.
    pub fn push(&mut self, change: Change) {
        if self.changes.len() == UNDO_LIMIT {
            self.changes.pop_front();
        }
        self.changes.push_back(change);
    }

    /// Takes the newest change to undo it.
    pub fn pop(&mut self) -> Option<Change> {
        self.changes.pop_back()
    }

    /// A removed story came back under a new id: older changes to it follow it there.
    pub fn remap(&mut self, old: ArticleId, new: ArticleId) {
        for change in &mut self.changes {
            match change {
                Change::Read { ids, .. } => {
                    for id in ids.iter_mut().filter(|id| **id == old) {
                        *id = new;
                    }
                }
                Change::Bookmark { id, .. }
                | Change::Tags { story: id, .. }
                | Change::HighlightRemoved { story: id, .. }
                | Change::HighlightAdded { story: id, .. }
                | Change::NoteChanged { story: id, .. }
                    if *id == old =>
                {
                    *id = new;
                }
                Change::Bookmark { .. }
                | Change::Tags { .. }
                | Change::HighlightRemoved { .. }
                | Change::HighlightAdded { .. }
                | Change::NoteChanged { .. }
                | Change::Removed(_) => {}
            }
        }
    }

    /// How many changes can be undone.
    #[must_use]
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether nothing can be undone.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_change_goes_past_the_limit() {
        let mut stack = UndoStack::default();
        for id in 0..=i64::try_from(UNDO_LIMIT).expect("fits") {
            stack.push(Change::Bookmark { id, on: true });
        }
        assert_eq!(stack.len(), UNDO_LIMIT);
        assert_eq!(stack.pop(), Some(Change::Bookmark { id: 50, on: true }));
        let mut last = None;
        while let Some(change) = stack.pop() {
            last = Some(change);
        }
        assert_eq!(last, Some(Change::Bookmark { id: 1, on: true }));
    }
}
