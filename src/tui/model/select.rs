//! A passage being chosen in the reading pane, sentence by sentence, and a note being typed.

use std::ops::Range;

use crate::article::ArticleId;
use crate::highlight::{Color, Highlight, HighlightId};

/// The passage being selected: byte offsets into the story's body. It starts on one sentence and
/// grows (or shrinks back, never below that sentence) at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub start: usize,
    pub end: usize,
    /// End of the first sentence: the selection never shrinks past it.
    pub first_end: usize,
    /// The colour the passage gets when highlighted.
    pub color: Color,
}

/// What saving a note does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    /// Creates this highlight, with the note typed.
    New {
        story: ArticleId,
        highlight: Box<Highlight>,
    },
    /// Changes the note of an existing highlight (its colour is kept).
    Edit {
        story: ArticleId,
        id: HighlightId,
        color: Color,
        before: Option<String>,
    },
}

/// A small multi-line text editor for a highlight's note; `cursor` is a byte offset on a
/// character boundary of `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    pub text: String,
    pub cursor: usize,
    pub target: NoteTarget,
}

/// The sentences of `body`, trimmed of the spaces around them: a sentence ends after `.`, `!`
/// or `?` (and any closing quotes or brackets) followed by white space, or at a blank line.
#[must_use]
pub fn sentences(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let paragraph_break = c == '\n' && chars.get(i + 1).is_some_and(|&(_, n)| n == '\n');
        let mut end = None;
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while chars
                .get(j)
                .is_some_and(|&(_, n)| matches!(n, '"' | '\'' | ')' | ']' | '”' | '’' | '»'))
            {
                j += 1;
            }
            if chars.get(j).is_none_or(|&(_, n)| n.is_whitespace()) {
                end = Some(chars.get(j).map_or(body.len(), |&(b, _)| b));
                i = j;
            }
        } else if paragraph_break {
            end = Some(at);
        }
        if let Some(end) = end {
            push_trimmed(body, start..end, &mut out);
            start = end;
        }
        i += 1;
    }
    push_trimmed(body, start..body.len(), &mut out);
    out
}

/// The paragraphs of `body` (split at blank lines), trimmed.
#[must_use]
pub fn paragraphs(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for paragraph in body.split("\n\n") {
        push_trimmed(body, start..start + paragraph.len(), &mut out);
        start += paragraph.len() + 2;
    }
    out
}

fn push_trimmed(body: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let text = &body[range.clone()];
    let trimmed = text.trim_start();
    let start = range.start + (text.len() - trimmed.len());
    let end = start + trimmed.trim_end().len();
    if start < end {
        out.push(start..end);
    }
}

impl Selection {
    /// The first sentence that starts at or after `offset` (or the one `offset` is in, at the
    /// end of the text).
    #[must_use]
    pub fn at(body: &str, offset: usize, color: Color) -> Option<Self> {
        let sentences = sentences(body);
        let sentence = sentences
            .iter()
            .find(|s| s.start >= offset)
            .or_else(|| sentences.iter().rev().find(|s| s.start <= offset))?;
        Some(Self {
            start: sentence.start,
            end: sentence.end,
            first_end: sentence.end,
            color,
        })
    }

    /// Moves the end to the next (`forward`) or previous boundary of `units` (sentences or
    /// paragraphs), keeping at least the first sentence.
    pub fn extend(&mut self, units: &[Range<usize>], forward: bool) {
        let ends = units.iter().map(|u| u.end);
        let next = if forward {
            ends.filter(|&e| e > self.end).min()
        } else {
            ends.filter(|&e| e < self.end && e >= self.first_end)
                .max()
                .or(Some(self.first_end))
        };
        if let Some(end) = next {
            self.end = end;
        }
    }
}

impl NoteEditor {
    /// An editor holding `text`, the cursor at its end.
    #[must_use]
    pub fn new(text: &str, target: NoteTarget) -> Self {
        Self {
            text: text.to_owned(),
            cursor: text.len(),
            target,
        }
    }

    /// Start of the line the cursor is on.
    #[must_use]
    pub fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    /// End of the line the cursor is on.
    #[must_use]
    pub fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }

    /// The cursor on the line above (`up`) or below, in the same column as far as it goes.
    pub fn vertical(&mut self, up: bool) {
        let start = self.line_start();
        let column = self.text[start..self.cursor].chars().count();
        let (from, to) = if up {
            if start == 0 {
                return;
            }
            let above = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            (above, start - 1)
        } else {
            let end = self.line_end();
            if end == self.text.len() {
                return;
            }
            let below_end = self.text[end + 1..]
                .find('\n')
                .map_or(self.text.len(), |i| end + 1 + i);
            (end + 1, below_end)
        };
        let line = &self.text[from..to];
        self.cursor = from
            + line
                .char_indices()
                .nth(column)
                .map_or(line.len(), |(i, _)| i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "One. Two \"quoted.\" Three?\n\nFour is here. Mr Five";

    #[test]
    fn sentences_end_at_stops_and_blank_lines() {
        let found: Vec<&str> = sentences(BODY).into_iter().map(|r| &BODY[r]).collect();
        assert_eq!(
            found,
            [
                "One.",
                "Two \"quoted.\"",
                "Three?",
                "Four is here.",
                "Mr Five"
            ]
        );
        assert!(sentences("").is_empty());
        assert!(sentences("  \n\n ").is_empty());
    }

    #[test]
    fn a_selection_grows_and_shrinks_but_keeps_its_first_sentence() {
        let mut selection = Selection::at(BODY, 1, Color::Yellow).expect("a sentence");
        assert_eq!(&BODY[selection.start..selection.end], "Two \"quoted.\"");
        let units = sentences(BODY);
        selection.extend(&units, true);
        assert_eq!(
            &BODY[selection.start..selection.end],
            "Two \"quoted.\" Three?"
        );
        selection.extend(&paragraphs(BODY), true);
        assert!(BODY[selection.start..selection.end].ends_with("Mr Five"));
        selection.extend(&units, false);
        selection.extend(&units, false);
        selection.extend(&units, false);
        selection.extend(&units, false);
        assert_eq!(&BODY[selection.start..selection.end], "Two \"quoted.\"");
    }

    #[test]
    fn the_cursor_moves_between_lines_by_column() {
        let target = NoteTarget::Edit {
            story: 1,
            id: 1,
            color: Color::Yellow,
            before: None,
        };
        let mut editor = NoteEditor::new("abcdef\nxy\nlonger", target);
        editor.vertical(true);
        assert_eq!(editor.cursor, 9);
        editor.vertical(true);
        assert_eq!(editor.cursor, 2);
        editor.vertical(false);
        editor.vertical(false);
        assert_eq!(editor.cursor, 12);
    }
}
