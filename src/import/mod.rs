//! Importers: turn files into [`Article`]s. They read files but never touch the terminal or SQL.

mod annotations;
pub mod encoding;
mod escapes;
pub mod exports;
pub mod feed;
mod json;
mod markdown;
pub mod read;
mod text;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::article::Article;

pub use read::MAX_FILE_BYTES;
pub use text::headline;

/// Longest story text kept; a longer one is refused rather than cut without a word.
pub const MAX_STORY_BYTES: usize = 8 * 1024 * 1024;

/// The formats this build reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: one paragraph per line or blank-line separated paragraphs.
    Text,
    /// Markdown, with optional YAML front matter.
    Markdown,
    /// newsdesk's own export: an array of articles (or a single one).
    Json,
    /// newsdesk's own export, one article per line.
    JsonLines,
    /// RSS, Atom or JSON Feed.
    Feed,
    /// A read-later or bookmark export (Pocket, Instapaper, wallabag, Omnivore, Netscape).
    Export,
}

impl Format {
    /// Chooses by file extension; `None` for files this build does not read.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Self::Text),
            "md" | "markdown" | "mdown" => Some(Self::Markdown),
            "json" => Some(Self::Json),
            "jsonl" | "ndjson" => Some(Self::JsonLines),
            "xml" | "rss" | "atom" | "rdf" | "feed" => Some(Self::Feed),
            // Exports: recognised by their content once read.
            "csv" | "html" | "htm" | "opml" | "zip" => Some(Self::Export),
            _ => None,
        }
    }

    /// Guesses from the content, for stdin and files without an extension.
    #[must_use]
    pub fn sniff(content: &str) -> Self {
        let start = content.trim_start();
        if start.starts_with('[') {
            Self::Json
        } else if start.starts_with('{') {
            if start.lines().filter(|l| !l.trim().is_empty()).count() > 1
                && start
                    .lines()
                    .all(|l| l.trim().is_empty() || l.trim_start().starts_with('{'))
            {
                Self::JsonLines
            } else {
                Self::Json
            }
        } else if start.starts_with("---") || start.starts_with("# ") {
            Self::Markdown
        } else {
            Self::Text
        }
    }
}

/// What went wrong with one input, and where.
#[derive(Debug)]
pub struct ImportError {
    /// The file name, or `stdin`.
    pub origin: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub problem: Problem,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.origin, self.problem),
            None => write!(f, "{}: {}", self.origin, self.problem),
        }
    }
}

impl std::error::Error for ImportError {}

/// The kinds of import failure, each saying what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is empty")]
    Empty,
    #[error("looks like a binary file, not text (see `newsdesk add --help` for what it reads)")]
    Binary,
    #[error(
        "is {}over the {MAX_FILE_BYTES}-byte limit for one file; split it into smaller files",
        size.map_or_else(String::new, |size| format!("{size} bytes, "))
    )]
    TooLarge {
        /// The file's real size; unknown for a stream.
        size: Option<u64>,
    },
    #[error(
        "is not a regular file (a folder, pipe, device or socket); save it to a file first \
         (`add`, `import` and `entities` also read standard input, given as `-`)"
    )]
    NotRegular,
    #[error("a line is over the {MAX_FILE_BYTES}-byte limit; each line holds one story")]
    LineTooLong,
    #[error(
        "unsupported file type; newsdesk reads .txt, .md, .json, .jsonl and feeds (.xml, .rss, .atom)"
    )]
    Unsupported,
    #[error("no importable files (.txt, .md, .json, .jsonl) in this folder")]
    NothingToImport,
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("invalid front matter: {0}")]
    FrontMatter(String),
    #[error("the story has neither a title nor any text")]
    NoContent,
    #[error("no story found on this page")]
    NoArticle,
    #[error("invalid CSV: {0}")]
    Csv(String),
    #[error(
        "OPML lists feed subscriptions, which newsdesk cannot follow yet; add the feeds' files instead"
    )]
    Opml,
    #[error("zip archives are not read; unzip the export and add the files in it")]
    Zip,
    #[error("not a feed that can be read: {0}")]
    Feed(String),
    #[error("the feed has {0} items, over the {limit} read from one feed", limit = feed::MAX_ITEMS)]
    TooManyItems(usize),
    #[error("a story is {0} bytes long, over the {MAX_STORY_BYTES}-byte limit for one story")]
    StoryTooLong(usize),
    #[error(
        "the page holds {0} bytes of text, over the {MAX_STORY_BYTES}-byte limit for one story"
    )]
    PageTooLong(usize),
    #[error(
        "has {0} HTML elements, over the {limit} read from one file; split it",
        limit = crate::html::MAX_ELEMENTS
    )]
    TooManyElements(usize),
    #[error("has more than {0} entries, the most read from one export; split it")]
    TooManyEntries(usize),
}

impl ImportError {
    fn new(origin: &str, problem: Problem) -> Self {
        Self {
            origin: origin.to_owned(),
            line: None,
            problem,
        }
    }

    fn at_line(origin: &str, line: usize, problem: Problem) -> Self {
        Self {
            origin: origin.to_owned(),
            line: Some(line),
            problem,
        }
    }
}

/// Lists the files an `add` argument stands for: the file itself, or every supported file under a
/// folder, in a stable order.
///
/// # Errors
/// When the path cannot be read, or a folder holds nothing importable.
pub fn collect_files(path: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let origin = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| ImportError::new(&origin, e.into()))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| ImportError::new(&dir.display().to_string(), e.into()))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| ImportError::new(&dir.display().to_string(), e.into()))?;
            let child = entry.path();
            let kind = entry
                .file_type()
                .map_err(|e| ImportError::new(&child.display().to_string(), e.into()))?;
            // Links are followed to files, never to folders (which could loop); pipes, devices
            // and sockets are passed over, since reading one can block or never end.
            let is_file = kind.is_file()
                || kind.is_symlink() && std::fs::metadata(&child).is_ok_and(|m| m.is_file());
            if kind.is_dir() {
                pending.push(child);
            } else if is_file && Format::from_path(&child).is_some() {
                found.push(child);
            }
        }
    }
    if found.is_empty() {
        return Err(ImportError::new(&origin, Problem::NothingToImport));
    }
    found.sort();
    Ok(found)
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Reads and parses one file into stories.
///
/// # Errors
/// When the file cannot be read, is not text, or does not parse.
pub fn import_file(path: &Path) -> Result<Vec<Article>, ImportError> {
    let origin = path.display().to_string();
    if path.extension().is_some() && Format::from_path(path).is_none() {
        return Err(ImportError::new(&origin, Problem::Unsupported));
    }
    let bytes = non_empty(read::read_file(path)?, &origin)?;
    let name = path
        .file_name()
        .map_or_else(|| origin.clone(), |n| n.to_string_lossy().into_owned());
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(ImportError::new(&origin, Problem::Zip));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if head.contains("<opml") {
        return Err(ImportError::new(&origin, Problem::Opml));
    }
    // Feeds are read from bytes: they declare (or hide) their own encodings.
    if Format::from_path(path) == Some(Format::Feed) || feed::looks_like_feed(&bytes) {
        return check_lengths(feed::parse_owned(bytes, &name)?, &name);
    }
    // Saved web pages: decoded by their own charset, then read like a reader mode would.
    if matches!(extension(path).as_deref(), Some("html" | "htm" | "xhtml")) {
        let page = encoding::decode_html(&bytes);
        if let Some(export) = exports::detect(&page) {
            return check_lengths(exports::parse(export, &page, &name)?, &name);
        }
        check_page(&page, &origin)?;
        let article = crate::extract::extract(&page).into_article();
        if article.body.trim().is_empty() {
            return Err(ImportError::new(&origin, Problem::NoArticle));
        }
        return check_lengths(vec![article], &name);
    }
    let text = into_text(bytes, &origin)?;
    if let Some(export) = exports::detect(&text) {
        return check_lengths(exports::parse(export, &text, &name)?, &name);
    }
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&text));
    parse(&text, format, &name)
}

/// Whether content is an HTML page, by its first tags rather than a doctype (which pages often
/// leave out).
#[must_use]
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let start = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !start.starts_with('<') || start.starts_with("<?xml") && !start.contains("<html") {
        return false;
    }
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta ",
        "<title>",
        "<article",
        "<div",
        "<p>",
    ]
    .iter()
    .any(|tag| start.contains(tag))
}

/// Reads stories from standard input, guessing the format from the content.
///
/// # Errors
/// When stdin is not text or does not parse.
pub fn import_stdin() -> Result<Vec<Article>, ImportError> {
    let bytes = non_empty(read::read_stdin()?, "stdin")?;
    if feed::looks_like_feed(&bytes) {
        return check_lengths(feed::parse(&bytes, "stdin")?, "stdin");
    }
    // `curl … | newsdesk add -`: a web page, read like a saved one.
    if looks_like_html(&bytes) {
        let page = encoding::decode_html(&bytes);
        if let Some(export) = exports::detect(&page) {
            return check_lengths(exports::parse(export, &page, "stdin")?, "stdin");
        }
        let article = crate::extract::extract(&page).into_article();
        if article.body.trim().is_empty() {
            return Err(ImportError::new("stdin", Problem::NoArticle));
        }
        return check_lengths(vec![article], "stdin");
    }
    let text = into_text(bytes, "stdin")?;
    parse(&text, Format::sniff(&text), "stdin")
}

/// Parses text already in memory; `origin` names it in errors and becomes the source of plain
/// text stories that name none.
///
/// # Errors
/// When the content does not parse as `format`.
pub fn parse(content: &str, format: Format, origin: &str) -> Result<Vec<Article>, ImportError> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    if content.trim().is_empty() {
        return Err(ImportError::new(origin, Problem::Empty));
    }
    // Copied only when there are line ends to change: a copy of a 60 MB file is 60 MB more.
    let content = if content.contains("\r\n") {
        std::borrow::Cow::Owned(content.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(content)
    };
    let articles = match format {
        Format::Text => text::parse(&content, origin).map(|a| vec![a]),
        Format::Markdown => markdown::parse(&content, origin).map(|a| vec![a]),
        Format::Json if feed::looks_like_feed(content.as_bytes()) => {
            feed::parse(content.as_bytes(), origin)
        }
        Format::Json => json::parse_document(&content, origin),
        Format::JsonLines => json::parse_lines(&content, origin),
        Format::Feed => feed::parse(content.as_bytes(), origin),
        Format::Export => match exports::detect(&content) {
            Some(export) => exports::parse(export, &content, origin),
            None => Err(ImportError::new(origin, Problem::Unsupported)),
        },
    }?;
    check_lengths(articles, origin)
}

/// Refuses a web page whose text is over [`MAX_STORY_BYTES`] before it is parsed: its story
/// would be refused as too long anyway, after costing many times the page in memory.
///
/// # Errors
/// When the page holds too much text.
pub fn check_page(page: &str, origin: &str) -> Result<(), ImportError> {
    let text = crate::html::shape(page).text_bytes;
    if text > MAX_STORY_BYTES {
        return Err(ImportError::new(origin, Problem::PageTooLong(text)));
    }
    Ok(())
}

/// Refuses a batch holding a story over [`MAX_STORY_BYTES`].
fn check_lengths(articles: Vec<Article>, origin: &str) -> Result<Vec<Article>, ImportError> {
    if let Some(long) = articles.iter().find(|a| a.body.len() > MAX_STORY_BYTES) {
        return Err(ImportError::new(
            origin,
            Problem::StoryTooLong(long.body.len()),
        ));
    }
    Ok(articles)
}

/// Reads at most [`MAX_FILE_BYTES`] and checks that what came is text.
#[cfg(test)]
fn read_text(reader: impl std::io::Read, origin: &str) -> Result<String, ImportError> {
    into_text(
        non_empty(read::read_bounded(reader, origin, None)?, origin)?,
        origin,
    )
}

/// Refuses input that holds nothing but white space.
fn non_empty(bytes: Vec<u8>, origin: &str) -> Result<Vec<u8>, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::new(origin, Problem::Empty));
    }
    Ok(bytes)
}

/// Text from bytes read as a text file: decoded by its byte-order mark, as UTF-8, or as the
/// legacy encoding that fits; refused when it looks binary.
///
/// # Errors
/// When the bytes look like a binary file.
pub fn into_text(bytes: Vec<u8>, origin: &str) -> Result<String, ImportError> {
    // A byte-order mark names the encoding (UTF-16 files are full of zero bytes).
    if let Some(text) = encoding::by_bom(&bytes) {
        return Ok(text);
    }
    // A terminal log or coloured output is the text it shows, not binary.
    let bytes = match escapes::strip(&bytes) {
        std::borrow::Cow::Owned(text) => text,
        std::borrow::Cow::Borrowed(_) => bytes,
    };
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b))
        .count();
    if head.contains(&0) || controls * 100 > head.len() {
        return Err(ImportError::new(origin, Problem::Binary));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // Not UTF-8: a legacy encoding (windows-1252, ISO-8859-1, Shift_JIS, …), detected.
        Err(error) => Ok(encoding::guessed(error.as_bytes())),
    }
}

/// Reads the dates people and programs write in front matter and exports.
#[must_use]
pub fn parse_date(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(value) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(value) {
        return Some(date.with_timezone(&Utc));
    }
    // ISO 8601 with an offset written without a colon ("+0100"), as some pages write it.
    for format in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z"] {
        if let Ok(date) = DateTime::parse_from_str(value, format) {
            return Some(date.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(date) = NaiveDateTime::parse_from_str(value, format) {
            return Some(date.and_utc());
        }
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

/// Joins paragraphs the way the store keeps bodies: separated by one blank line.
fn join_paragraphs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> String {
    paragraphs
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests;
