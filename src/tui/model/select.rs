//! A passage being chosen in the reading pane, sentence by sentence (or word by word), and a
//! note being typed.

use std::ops::Range;

use crate::article::ArticleId;
use crate::highlight::{Color, Highlight, HighlightId};

/// The passage being selected: byte offsets into the story's body. It starts on one sentence and
/// grows (or shrinks back, never below that sentence) at its end by sentence or paragraph; the
/// word keys move its end or its start a word at a time, down to a single word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub start: usize,
    pub end: usize,
    /// End of the first sentence: sentence and paragraph keys never shrink the selection past
    /// it; the word keys move it back with the end.
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
    /// Opened from the library's highlights view, which shows again when the editor closes.
    pub from_all_highlights: bool,
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

/// The words of `body`: runs of letters and digits, holding an apostrophe or hyphen between
/// letters (`don't`, `well-known`) and a point or comma between digits (`3.5`, `1,000`), so a
/// word ends before the punctuation that follows it.
#[must_use]
pub fn words(body: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut out = Vec::new();
    let mut start = None;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let inside = c.is_alphanumeric()
            || start.is_some() && {
                let before = chars[i - 1].1;
                let after = chars.get(i + 1).map_or(' ', |&(_, n)| n);
                match c {
                    '\'' | '’' | '-' | '‐' => {
                        before.is_alphanumeric() && after.is_alphanumeric()
                    }
                    '.' | ',' => before.is_numeric() && after.is_numeric(),
                    _ => false,
                }
            };
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.push(from..at);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        out.push(from..body.len());
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
    /// paragraphs), keeping at least the first sentence (or what the word keys left of it).
    pub fn extend(&mut self, units: &[Range<usize>], forward: bool) {
        let ends = units.iter().map(|u| u.end);
        let next = if forward {
            ends.filter(|&e| e > self.end).min()
        } else {
            let floor = self.first_end;
            ends.filter(|&e| e < self.end && e >= floor)
                .max()
                .or((self.end > floor).then_some(floor))
        };
        if let Some(end) = next {
            self.end = end;
        }
    }

    /// Moves the end to the end of the next word (`forward`) or of the one before, never
    /// leaving less than one word.
    pub fn end_by_word(&mut self, words: &[Range<usize>], forward: bool) {
        let ends = words.iter().map(|w| w.end);
        let next = if forward {
            ends.filter(|&e| e > self.end).min()
        } else {
            ends.filter(|&e| e < self.end && e > self.start).max()
        };
        if let Some(end) = next {
            self.end = end;
            self.first_end = self.first_end.min(end);
        }
    }

    /// Moves the start to the start of the word before (`earlier`) or the next one; when the
    /// selection would be left empty, its end moves on to the end of that word, so a one-word
    /// selection walks along the text.
    pub fn start_by_word(&mut self, words: &[Range<usize>], earlier: bool) {
        let next = if earlier {
            words.iter().rev().find(|w| w.start < self.start)
        } else {
            words.iter().find(|w| w.start > self.start)
        };
        let Some(word) = next else {
            return;
        };
        self.start = word.start;
        if self.end <= self.start {
            self.end = word.end;
        }
        if self.first_end <= self.start {
            self.first_end = word.end.min(self.end);
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
            from_all_highlights: false,
        }
    }

    /// What the screen shows once the editor closes: the highlights view it was opened from,
    /// or nothing over the panes.
    #[must_use]
    pub fn closed(&self) -> Option<super::Overlay> {
        self.from_all_highlights
            .then_some(super::Overlay::AllHighlights)
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
    fn words_end_before_punctuation_but_keep_inner_marks() {
        let text = "Don't pay 3.5 or 1,000 (well-known), ok.";
        let found: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            ["Don't", "pay", "3.5", "or", "1,000", "well-known", "ok"]
        );
        assert!(words("").is_empty());
        assert!(words(" -- . ").is_empty());
    }

    #[test]
    fn word_keys_narrow_a_sentence_to_part_of_it() {
        let body = "Four is here. Mr Five came";
        let units = words(body);
        let mut selection = Selection::at(body, 0, Color::Yellow).expect("a sentence");
        assert_eq!(&body[selection.start..selection.end], "Four is here.");
        selection.end_by_word(&units, false);
        assert_eq!(&body[selection.start..selection.end], "Four is here");
        selection.start_by_word(&units, false);
        assert_eq!(&body[selection.start..selection.end], "is here");
        selection.end_by_word(&units, false);
        selection.end_by_word(&units, false);
        assert_eq!(
            &body[selection.start..selection.end],
            "is",
            "one word is kept"
        );
        selection.start_by_word(&units, false);
        assert_eq!(&body[selection.start..selection.end], "here", "it walks on");
        selection.end_by_word(&units, true);
        assert_eq!(&body[selection.start..selection.end], "here. Mr");
        selection.start_by_word(&units, true);
        selection.start_by_word(&units, true);
        selection.start_by_word(&units, true);
        assert_eq!(&body[selection.start..selection.end], "Four is here. Mr");
        selection.extend(&sentences(body), false);
        assert_eq!(&body[selection.start..selection.end], "Four is here.");
        selection.extend(&sentences(body), true);
        assert_eq!(&body[selection.start..selection.end], body);
        selection.extend(&sentences(body), false);
        assert_eq!(&body[selection.start..selection.end], "Four is here.");
        selection.extend(&sentences(body), false);
        selection.extend(&sentences(body), false);
        assert_eq!(
            &body[selection.start..selection.end],
            "Four is here",
            "no shorter than the word keys made it"
        );
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
