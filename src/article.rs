//! The article model shared by every module; its serde shape is also the JSON export format.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Identifier of a stored article; stable for the life of the library.
pub type ArticleId = i64;

/// A whole stored story, as shown in the reading pane and written by `export --format json`.
///
/// Import reads the same shape back, so a JSON export round-trips into an empty library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Present on stories read from a library; ignored when importing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ArticleId>,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    /// A feed item's own identifier, which re-imports are matched on before anything else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    /// The feed a story came from (its Atom id, else its site's address, else its title):
    /// feeds number their items on their own ("1", "2"), so a `guid` or a link is an identity
    /// only within its feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_key: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub published: Option<DateTime<Utc>>,
    /// When the story entered the library; import keeps it so re-imports keep their order.
    #[serde(default)]
    pub saved: Option<DateTime<Utc>>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub read: bool,
    /// Byte offset into `body` of the first line the reader had on screen.
    #[serde(default)]
    pub position: u64,
    #[serde(default)]
    pub bookmarked: bool,
    #[serde(default)]
    pub bookmarked_at: Option<DateTime<Utc>>,
    /// Plain text, paragraphs separated by a blank line.
    #[serde(default)]
    pub body: String,
    /// Why the story's text has not been downloaded yet (`newsdesk fetch` tries again); `None`
    /// for a story with its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_downloaded: Option<String>,
    /// Passages the reader marked, with their notes; anchored again to `body` on import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<crate::highlight::Highlight>,
    /// Files a feed item carries (podcast audio, video, images), kept with their type and size.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enclosures: Vec<Enclosure>,
}

/// A file attached to a feed item: its address, media type and size as the feed gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Bytes, as the feed states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u64>,
}

impl Enclosure {
    /// "audio/mpeg, 12.3 MB": what is shown before the address.
    #[must_use]
    pub fn describe(&self) -> String {
        let kind = self.mime_type.as_deref().unwrap_or("file");
        match self.length.filter(|&l| l > 0) {
            #[allow(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
            Some(bytes) if bytes >= 1_000_000 => format!("{kind}, {:.1} MB", bytes as f64 / 1e6),
            #[allow(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
            Some(bytes) if bytes >= 1_000 => format!("{kind}, {:.0} KB", bytes as f64 / 1e3),
            Some(bytes) => format!("{kind}, {bytes} bytes"),
            None => kind.to_owned(),
        }
    }
}

impl Article {
    /// A fresh, unread, untagged story: what importers start from before filling in what they know.
    #[must_use]
    pub fn new(title: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            id: None,
            title: title.into(),
            url: None,
            guid: None,
            feed_key: None,
            author: None,
            source: None,
            published: None,
            saved: None,
            tags: Vec::new(),
            read: false,
            position: 0,
            bookmarked: false,
            bookmarked_at: None,
            body: body.into(),
            not_downloaded: None,
            enclosures: Vec::new(),
            highlights: Vec::new(),
        }
    }

    /// Word count used for reading-time estimates; counts whitespace-separated runs.
    #[must_use]
    pub fn word_count(&self) -> u32 {
        u32::try_from(crate::text::word_count(&self.body)).unwrap_or(u32::MAX)
    }
}

/// One row of the story list: everything the list pane and `list --json` need, without the body,
/// so that listing a large library never loads every story's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub title: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub saved: DateTime<Utc>,
    pub tags: Vec<String>,
    pub bookmarked: bool,
    pub read: bool,
    pub words: u32,
}

/// A tag and how many stories carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagCount {
    pub name: String,
    pub stories: usize,
}

/// Story counts shown in the reader's header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Stories in the list (the whole library, or those a view matches).
    pub total: usize,
    /// Unread stories in the whole library.
    pub unread: usize,
}

/// Minutes a story takes to read at an ordinary 230 words per minute, never less than one.
#[must_use]
pub fn reading_minutes(words: u32) -> u32 {
    words.div_ceil(230).max(1)
}
