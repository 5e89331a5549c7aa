//! Highlights and notes: the passage a reader marked in a story, how it is anchored to the text
//! so that it survives the text changing, and how highlights are written out.
//!
//! Nothing here touches the store or the terminal; the store keeps highlights, the reader and
//! the command line show them.

pub mod anchor;
pub mod markdown;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use anchor::{Anchor, find_quote};

/// Identifier of a stored highlight; stable for the life of the library.
pub type HighlightId = i64;

/// The colours a highlight can have: few, so each stays distinct beside the entity colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Color {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
}

impl Color {
    /// Every colour, in the order the reader cycles through them.
    pub const ALL: [Self; 4] = [Self::Yellow, Self::Green, Self::Blue, Self::Pink];

    /// The name used on the command line, in the store and in exports.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Yellow => "yellow",
            Self::Green => "green",
            Self::Blue => "blue",
            Self::Pink => "pink",
        }
    }

    /// The next colour, for a key that cycles through them.
    #[must_use]
    pub fn next(self) -> Self {
        let at = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Color {
    type Err = String;

    /// Accepts the names case-insensitively, so `--color Green` works; the error lists them.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let wanted = name.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|c| c.name() == wanted)
            .ok_or_else(|| format!("no highlight colour {name:?}; use yellow, green, blue or pink"))
    }
}

/// A marked passage of a story with an optional note. Also the shape highlights take in the
/// JSON export, so importing an export reproduces them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// Present on highlights read from a library; ignored when importing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<HighlightId>,
    /// Where the passage is: its exact text, some context and its byte offsets.
    #[serde(flatten)]
    pub anchor: Anchor,
    #[serde(default)]
    pub color: Color,
    /// The reader's note; `None` for a bare highlight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub created: DateTime<Utc>,
    /// When the note or colour last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    /// The passage is no longer in the story's text (it was re-downloaded or re-extracted and
    /// the quote could not be found): kept, with its quote, rather than dropped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
}

impl Highlight {
    /// A new highlight of `anchor`, made now.
    #[must_use]
    pub fn new(anchor: Anchor, color: Color, note: Option<String>) -> Self {
        Self {
            id: None,
            anchor,
            color,
            note: note.and_then(clean_note),
            created: Utc::now(),
            updated: None,
            orphaned: false,
        }
    }

    /// Places the highlight in `body`, which may have changed since it was made: its offsets
    /// follow the passage, or it is flagged orphaned when the passage is gone.
    pub fn reanchor(&mut self, body: &str) {
        match self.anchor.resolve(body) {
            Some(range) => {
                self.anchor.start = range.start;
                self.anchor.end = range.end;
                self.orphaned = false;
            }
            None => self.orphaned = true,
        }
    }
}

/// The story a group of highlights belongs to: what a listing or an export names it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryRef {
    pub id: crate::article::ArticleId,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub saved: DateTime<Utc>,
}

/// One story's highlights, in the order they appear in its text; the unit of
/// `newsdesk highlights` and of the reader's library-wide view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryHighlights {
    pub story: StoryRef,
    pub highlights: Vec<Highlight>,
}

/// A note as stored: trailing spaces and blank lines trimmed; an empty note is no note.
#[must_use]
pub fn clean_note(note: String) -> Option<String> {
    let trimmed = note.trim_end();
    let trimmed = trimmed.trim_start_matches(['\n', '\r']);
    if trimmed.trim().is_empty() {
        None
    } else if trimmed.len() == note.len() {
        Some(note)
    } else {
        Some(trimmed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_by_name_in_any_case() {
        assert_eq!("Green".parse::<Color>(), Ok(Color::Green));
        assert!("mauve".parse::<Color>().is_err());
        assert_eq!(Color::Pink.next(), Color::Yellow);
    }

    #[test]
    fn a_blank_note_is_no_note() {
        assert_eq!(clean_note("  \n \n".into()), None);
        assert_eq!(clean_note("why\n\n".into()), Some("why".into()));
        assert_eq!(clean_note("a\n  b".into()), Some("a\n  b".into()));
    }
}
