//! Highlighted passages laid over the wrapped story: the part of each row a highlight covers,
//! and each note as rows under the paragraph where its passage ends.

use std::ops::Range;

use super::{LineKind, StoryLine};
use crate::highlight::{Color, Highlight};
use crate::text::{sanitize, single_line};

/// Marks drawn before a note's first row and before a passage that is no longer in the text.
pub const NOTE_MARK: &str = "✎ ";

/// The highlights that can be placed in `body`: not orphaned, and with offsets that fall on
/// character boundaries of this text, in the order of the text.
pub(super) fn placed<'a>(highlights: &'a [Highlight], body: &str) -> Vec<&'a Highlight> {
    let mut placed: Vec<&Highlight> = highlights
        .iter()
        .filter(|h| {
            let (start, end) = (h.anchor.start, h.anchor.end);
            !h.orphaned
                && start < end
                && end <= body.len()
                && body.is_char_boundary(start)
                && body.is_char_boundary(end)
        })
        .collect();
    placed.sort_by_key(|h| (h.anchor.start, h.anchor.end));
    placed
}

/// The parts of highlights that fall on the body range `start..end`, relative to `start`.
pub(super) fn within(
    highlights: &[&Highlight],
    start: usize,
    end: usize,
) -> Vec<(Range<usize>, Color)> {
    highlights
        .iter()
        .filter(|h| h.anchor.start < end && start < h.anchor.end)
        .map(|h| {
            (
                h.anchor.start.max(start) - start..h.anchor.end.min(end) - start,
                h.color,
            )
        })
        .collect()
}

/// The notes of highlights whose passage ends in the body range `start..end` (a paragraph),
/// each as its own text with the highlight's colour.
pub(super) fn notes_ending_in(
    highlights: &[&Highlight],
    start: usize,
    end: usize,
) -> Vec<(String, Color)> {
    highlights
        .iter()
        .filter(|h| h.anchor.end > start && h.anchor.end <= end)
        .filter_map(|h| h.note.as_ref().map(|note| (note.clone(), h.color)))
        .collect()
}

/// What is said at the end of the story about highlights whose passage is gone from its text
/// (it was downloaded again or extracted anew): the quote and the note, kept, not dropped.
pub(super) fn orphans(highlights: &[Highlight]) -> Vec<(String, Color)> {
    highlights
        .iter()
        .filter(|h| h.orphaned)
        .map(|h| {
            let note = h
                .note
                .as_deref()
                .map_or_else(String::new, |n| format!(" — {n}"));
            (
                format!(
                    "No longer in the text: \u{201c}{}\u{201d}{note}",
                    single_line(&h.anchor.quote)
                ),
                h.color,
            )
        })
        .collect()
}

/// A note's rows: marked on the first, indented under the mark on the rest, at `offset` (the end
/// of its paragraph) so the reading position is kept across it.
pub(super) fn push_note(
    note: &str,
    color: Color,
    offset: usize,
    width: usize,
    lines: &mut Vec<StoryLine>,
) {
    let indent = " ".repeat(crate::text::width(NOTE_MARK));
    let note = sanitize(note);
    let mut rows = Vec::new();
    for (index, line) in note.lines().enumerate() {
        let first = if index == 0 {
            NOTE_MARK
        } else {
            indent.as_str()
        };
        let options = textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent(&indent);
        rows.extend(
            textwrap::wrap(line, options)
                .into_iter()
                .map(|r| r.into_owned()),
        );
    }
    for row in rows {
        lines.push(StoryLine {
            text: row,
            kind: LineKind::Note(color),
            offset,
            marks: Vec::new(),
            passages: Vec::new(),
        });
    }
}
