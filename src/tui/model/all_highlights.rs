//! The library-wide highlights view: every highlight, newest first, loaded a page at a time,
//! with the row under the cursor and the passage opened from it.

use crate::article::ArticleId;
use crate::highlight::{Highlight, HighlightId, StoryRef};
use crate::text::single_line;

/// Highlights fetched at a time; the next page is asked for as the cursor nears the end.
pub const PAGE: usize = 200;

/// One highlight with the story it is on, as the view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightRow {
    /// The story it is on: opened by Enter, named under the quote.
    pub story: StoryRef,
    /// The passage, its colour and note, as stored.
    pub highlight: Highlight,
}

impl HighlightRow {
    /// A row from the store, its text made safe for the terminal once, when it arrives.
    #[must_use]
    pub fn new(mut story: StoryRef, highlight: Highlight) -> Self {
        story.title = single_line(&story.title);
        story.source = story.source.as_deref().map(single_line);
        Self { story, highlight }
    }

    /// Screen rows the entry takes: the quote, the note's first line when there is a note, and
    /// the story.
    #[must_use]
    pub fn height(&self) -> usize {
        if self.highlight.note.is_some() { 3 } else { 2 }
    }
}

/// The view's state. It outlives the overlay while a story opened from it is read, so that
/// going back returns to the same row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllHighlights {
    /// The loaded highlights, newest first: the first `rows.len()` of `total`.
    pub rows: Vec<HighlightRow>,
    /// Highlights in the library; `None` until the first page arrives.
    pub total: Option<usize>,
    /// Index of the row under the cursor.
    pub selected: usize,
    /// First entry on screen.
    pub offset: usize,
    /// The offset of a page already asked for, so moving does not ask twice.
    pub pending: Option<usize>,
    /// The story opened from the view, while it is in the reading pane: going back from it
    /// shows the view again.
    pub opened: Option<ArticleId>,
    /// The passage to scroll to once that story is loaded.
    pub scroll_to: Option<(ArticleId, HighlightId)>,
    /// A place was remembered on the view stack when a story was opened: closing the view goes
    /// back to it.
    pub remembered: bool,
    /// Words a highlight must hold (in its quote, note, or story's title or source) to be
    /// listed; empty: every highlight.
    pub filter: super::TextInput,
    /// The filter is being typed: keys go to it.
    pub typing: bool,
}

impl AllHighlights {
    /// The highlight under the cursor.
    #[must_use]
    pub fn selected_row(&self) -> Option<&HighlightRow> {
        self.rows.get(self.selected)
    }

    /// Takes in a page from `offset`: appended after the rows already loaded, or, from the
    /// start, in their place (after a change), keeping the cursor on the same highlight when
    /// it is still there.
    pub fn absorb(&mut self, offset: usize, rows: Vec<HighlightRow>, total: usize) {
        if self.pending == Some(offset) {
            self.pending = None;
        }
        if offset == 0 {
            let kept = self.selected_row().and_then(|r| r.highlight.id);
            self.rows = rows;
            if let Some(at) =
                kept.and_then(|id| self.rows.iter().position(|r| r.highlight.id == Some(id)))
            {
                self.selected = at;
            }
        } else if offset == self.rows.len() {
            self.rows.extend(rows);
        } else {
            return;
        }
        self.total = Some(total);
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// The page to ask for next, when the cursor is within a screen of the last loaded row
    /// and more are in the library.
    #[must_use]
    pub fn next_page(&self, screen: usize) -> Option<usize> {
        let loaded = self.rows.len();
        let more = self.total.is_some_and(|total| total > loaded);
        let near_end = self.selected + screen >= loaded;
        (more && near_end && self.pending.is_none()).then_some(loaded)
    }

    /// Moves the first entry on screen so the selected one fits in `rows` screen rows.
    pub fn keep_visible(&mut self, rows: usize) {
        self.offset = self.first_on_screen(rows);
    }

    /// The first entry to draw in `rows` screen rows: `offset`, moved as little as keeps the
    /// selected entry on screen (after a resize, say).
    #[must_use]
    pub fn first_on_screen(&self, rows: usize) -> usize {
        let selected = self.selected.min(self.rows.len().saturating_sub(1));
        let mut first = self.offset.min(selected);
        while first < selected
            && self.rows[first..=selected]
                .iter()
                .map(HighlightRow::height)
                .sum::<usize>()
                > rows
        {
            first += 1;
        }
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::{Anchor, Color};

    fn row(id: i64, note: bool) -> HighlightRow {
        let body = "A passage of the story.";
        let mut highlight = Highlight::new(
            Anchor::at(body, 2..9).expect("anchor"),
            Color::Yellow,
            note.then(|| "why".to_owned()),
        );
        highlight.id = Some(id);
        let story = StoryRef {
            id: 1,
            title: "Title\u{1b}[31m".into(),
            source: None,
            url: None,
            published: None,
            saved: chrono::Utc::now(),
        };
        HighlightRow::new(story, highlight)
    }

    #[test]
    fn pages_append_and_a_reload_keeps_the_cursor_on_its_highlight() {
        let mut view = AllHighlights::default();
        view.absorb(0, vec![row(5, false), row(4, true)], 4);
        assert!(!view.rows[0].story.title.contains('\u{1b}'));
        view.selected = 1;
        assert_eq!(view.next_page(10), Some(2));
        view.absorb(2, vec![row(3, false), row(2, false)], 4);
        assert_eq!(view.rows.len(), 4);
        assert_eq!(view.next_page(10), None, "all loaded");
        view.absorb(7, vec![row(9, false)], 4);
        assert_eq!(view.rows.len(), 4, "a page that does not follow is dropped");
        view.absorb(0, vec![row(6, false), row(5, false), row(4, true)], 5);
        assert_eq!(view.selected_row().and_then(|r| r.highlight.id), Some(4));
        view.absorb(0, vec![row(6, false)], 1);
        assert_eq!(view.selected, 0, "the cursor stays on a row");
    }

    #[test]
    fn the_selected_entry_stays_on_screen() {
        let mut view = AllHighlights::default();
        view.absorb(0, (0..10).map(|i| row(i, i % 2 == 0)).collect(), 10);
        view.selected = 5;
        view.keep_visible(7);
        assert_eq!(view.offset, 3, "rows 3 to 5 take 2 + 3 + 2 = 7 screen rows");
        view.selected = 1;
        view.keep_visible(7);
        assert_eq!(view.offset, 1);
    }
}
