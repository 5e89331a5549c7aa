//! The article store: the only module that speaks SQL. Everything else sees typed calls.

mod aliases;
mod backup;
mod counters;
mod enclosures;
mod feeds;
mod fingerprint;
mod full_text;
mod highlights;
mod mentions;
mod open;
mod query;
pub use query::Listing;
mod reading;
mod retention;
mod schema;
mod snapshot;
mod spans;
mod sync;
mod tags;

pub use backup::BackupError;
pub use feeds::{Feed, FeedSettings, FetchState, FullText, RefreshRecord};
pub use mentions::{EntityCount, Mention};
pub use reading::{FeedCounts, SidebarCounts};
pub use retention::Prunable;
pub use sync::{Arrival, Change, Known, Page, PageCounts, Queued, RemoteFeed, Seen};
pub use tags::Renamed;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::article::{Article, ArticleId, ArticleSummary, Counts};
use fingerprint::content_hash;

/// How long a writer waits for another process holding the library before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a library operation failed, worded for the person at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot open the library {path}: {cause}; check that its folder exists and is writable"
    )]
    Open {
        path: PathBuf,
        cause: rusqlite::Error,
    },
    #[error(
        "{path} is not a newsdesk library or is damaged ({cause}); move it aside to start a new \
         library, or restore a backup: delete {path}-wal and {path}-shm too (they belong to the \
         old file), then copy the backup over {path}"
    )]
    Corrupt {
        path: PathBuf,
        cause: rusqlite::Error,
    },
    #[error(
        "the library {path} was written by a newer newsdesk (schema version {found}, this build \
         knows up to {supported}); upgrade newsdesk to open it (the file was left untouched)"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "{path} is not a newsdesk library: it is another program's SQLite database, and was left \
         unchanged; give --library a new file name to start a library"
    )]
    Foreign { path: PathBuf },
    #[error(
        "cannot bring the library {path} up to date ({reason}); it was left as it was; restore it \
         from `newsdesk backup` if it was changed by hand"
    )]
    Migration { path: PathBuf, reason: String },
    #[error("no story with id {0}; `newsdesk list` shows the ids")]
    NotFound(ArticleId),
    #[error("no highlight with id {0}; `newsdesk highlights --format json` shows the ids")]
    NoSuchHighlight(i64),
    #[error(
        "the quote is not in the text of story {0}; copy it exactly from `newsdesk show {0}` \
         (differences in spaces and line breaks do not matter)"
    )]
    QuoteNotFound(ArticleId),
    #[error("no tag named {0:?}; `newsdesk tags` lists them")]
    NoSuchTag(String),
    #[error("no subscription {0:?}; `newsdesk feed list` shows them")]
    NoSuchFeed(String),
    #[error("a tag name cannot be empty")]
    EmptyTag,
    #[error(
        "the library is damaged ({0}); run `newsdesk export` to save what can be read, then move \
         the file aside and add the export to a new library, or restore a backup (delete the \
         library's -wal and -shm files with it)"
    )]
    Damaged(rusqlite::Error),
    #[error(
        "the names marked in story {0} cannot be read: that part of the library is damaged; run \
         `newsdesk export` to save what can be read, then add the export to a new library (its \
         names are found again), or restore a backup"
    )]
    DamagedMentions(ArticleId),
    #[error(
        "the library is busy: another program kept it locked for writing all the time newsdesk \
         waited (10 seconds a try); try again when that program has finished"
    )]
    Busy(rusqlite::Error),
    #[error(
        "cannot change the library: it is read-only here ({0}). Reading works; to change it, make \
         the library's folder and file writable (SQLite creates its -wal and -shm files beside \
         it), or copy it to a writable folder"
    )]
    ReadOnly(rusqlite::Error),
    #[error(
        "the library {path} cannot be opened for writing ({reason}), and {need}; make its folder \
         and file writable, or copy it to a writable folder"
    )]
    CannotUpgrade {
        path: PathBuf,
        reason: String,
        need: &'static str,
    },
    #[error(
        "the disk holding the library is full ({0}); the change was not saved, and everything \
         saved before it is intact; free some space (SQLite also needs room for the library's \
         -wal file) and try again"
    )]
    DiskFull(rusqlite::Error),
    #[error(
        "the library could not be written to the disk ({0}); the change was not saved, and \
         everything saved before it is intact; check that the disk has free space (and no file \
         size limit applies), then try again"
    )]
    Io(rusqlite::Error),
    #[error("library error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// Damage found while reading gets its own advice; everything else is reported as it is.
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{
            DatabaseBusy, DatabaseCorrupt, DatabaseLocked, DiskFull, NotADatabase, ReadOnly,
            SystemIoFailure,
        };
        match error.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => Self::Damaged(error),
            Some(DatabaseBusy | DatabaseLocked) => Self::Busy(error),
            Some(ReadOnly) => Self::ReadOnly(error),
            Some(DiskFull) => Self::DiskFull(error),
            Some(SystemIoFailure) => Self::Io(error),
            _ => Self::Sqlite(error),
        }
    }
}

impl StoreError {
    /// Whether another program held the library's write lock: trying again later may work.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        matches!(self, Self::Busy(_))
    }

    /// Whether every further write will fail the same way (damage, a full disk, a read-only
    /// file), so a batch should stop and say so instead of failing item by item.
    #[must_use]
    pub fn stops_writing(&self) -> bool {
        matches!(
            self,
            Self::Damaged(_)
                | Self::Corrupt { .. }
                | Self::ReadOnly(_)
                | Self::DiskFull(_)
                | Self::Io(_)
        )
    }
}

/// Times a store call that found the library busy is made in all; each attempt already waits
/// the busy timeout, so a batch gives up on one item only after half a minute.
const BUSY_ATTEMPTS: usize = 3;

/// Runs a store call again while another program keeps the library busy, up to
/// [`BUSY_ATTEMPTS`] times; any other error is returned at once.
///
/// # Errors
/// The last error when every attempt failed.
pub fn retrying<T>(mut call: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let mut attempt = 1;
    loop {
        match call() {
            Err(error) if error.is_busy() && attempt < BUSY_ATTEMPTS => attempt += 1,
            other => return other,
        }
    }
}

/// Result of saving a story: new, or the id of the story that already holds the same content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    New(ArticleId),
    Duplicate(ArticleId),
}

/// Which page of the story list to fetch, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: usize,
    pub limit: usize,
}

impl Window {
    /// Every story; for the command line, where the caller asked for all of them.
    pub const ALL: Self = Self {
        offset: 0,
        limit: usize::MAX,
    };
}

/// An open library file.
pub struct Store {
    conn: Connection,
    /// SQLite's data version at the last look, to notice writes by other processes.
    seen_version: std::cell::Cell<i64>,
}

impl Store {
    /// Saves a story with its tags in one transaction, unless the same content is already stored.
    ///
    /// # Errors
    /// On a database failure; nothing is half-written.
    pub fn insert(&mut self, article: &Article) -> Result<Inserted, StoreError> {
        let tx = self.conn.transaction()?;
        let inserted = insert_in(&tx, article)?;
        tx.commit()?;
        Ok(inserted)
    }

    /// Saves many stories in one transaction: much faster for bulk imports and benchmarks.
    /// Duplicates are skipped as with [`Store::insert`].
    ///
    /// # Errors
    /// On a database failure; then none of the stories are saved.
    pub fn insert_many(&mut self, articles: &[Article]) -> Result<Vec<Inserted>, StoreError> {
        let tx = self.conn.transaction()?;
        let results = articles
            .iter()
            .map(|article| insert_in(&tx, article))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit()?;
        Ok(results)
    }

    /// Which of these stories the library already holds (by the same rules as saving them),
    /// so that their text is not analysed again only to be skipped.
    ///
    /// # Errors
    /// On a database failure.
    pub fn saved_already(&self, articles: &[Article]) -> Result<Vec<bool>, StoreError> {
        articles
            .iter()
            .map(
                // The content hash is worked out only for a story that has no guid or address.
                |article| Ok(existing_copy(&self.conn, article, None)?.is_some()),
            )
            .collect()
    }

    /// One page of the story list, newest first, without bodies.
    ///
    /// # Errors
    /// On a database failure.
    pub fn list(&self, window: Window) -> Result<Vec<ArticleSummary>, StoreError> {
        self.query(&crate::query::Query::default(), window)
    }

    /// Total and unread counts, for the header.
    ///
    /// # Errors
    /// On a database failure.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        Ok(self.conn.query_row(
            // The counter the triggers keep, not a count of every row.
            "SELECT total, unread FROM library_counts WHERE scope = 'all'",
            [],
            |row| {
                Ok(Counts {
                    total: usize::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                    unread: usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                })
            },
        )?)
    }

    /// A whole story with its body and tags.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn get(&self, id: ArticleId) -> Result<Article, StoreError> {
        self.conn
            .query_row(
                "SELECT a.id, a.title, a.url, a.author, a.source, a.published, a.saved, \
                 a.read_at, a.position, a.bookmarked_at, b.body, a.guid, a.not_downloaded, \
                 a.feed_key FROM articles a JOIN bodies b ON b.article_id = a.id WHERE a.id = ?1",
                [id],
                |row| {
                    Ok(Article {
                        id: Some(row.get(0)?),
                        title: row.get(1)?,
                        url: row.get(2)?,
                        author: row.get(3)?,
                        source: row.get(4)?,
                        published: row.get::<_, Option<i64>>(5)?.and_then(from_timestamp),
                        saved: from_timestamp(row.get(6)?),
                        tags: Vec::new(),
                        read: row.get::<_, Option<i64>>(7)?.is_some(),
                        position: u64::try_from(row.get::<_, i64>(8)?).unwrap_or(0),
                        bookmarked: row.get::<_, Option<i64>>(9)?.is_some(),
                        bookmarked_at: row.get::<_, Option<i64>>(9)?.and_then(from_timestamp),
                        body: row.get(10)?,
                        guid: row.get(11)?,
                        feed_key: row.get(13)?,
                        not_downloaded: row.get(12)?,
                        highlights: Vec::new(),
                        enclosures: Vec::new(),
                    })
                },
            )
            .optional()?
            .map(|mut article| {
                article.tags = self.tags_of(id)?;
                article.highlights = self.highlights_of(id)?;
                article.enclosures = self.enclosures_of(id)?;
                for highlight in &mut article.highlights {
                    // Offsets are checked against the text as it is now.
                    highlight.reanchor(&article.body);
                }
                Ok(article)
            })
            .unwrap_or(Err(StoreError::NotFound(id)))
    }

    /// Calls `visit` with every story a query matches, one at a time so exports stay small in
    /// memory: for an empty query every story, oldest first; otherwise in the query's order.
    ///
    /// # Errors
    /// On a database failure or when `visit` fails.
    pub fn for_each_article(
        &self,
        query: &crate::query::Query,
        mut visit: impl FnMut(Article) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let ids = if query.filter.is_none() && query.sort.is_none() {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM articles ORDER BY saved, id")?;
            stmt.query_map([], |row| row.get::<_, ArticleId>(0))?
                .collect::<Result<Vec<_>, _>>()?
        } else {
            self.query_ids(query)?
        };
        for id in ids {
            visit(self.get(id)?)?;
        }
        Ok(())
    }

    /// Deletes a story; its tag links and index entries go with it.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn remove(&mut self, id: ArticleId) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let changed = tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        tx.execute(
            "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a story read or unread.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn set_read(&self, id: ArticleId, read: bool) -> Result<(), StoreError> {
        let at = read.then(|| Utc::now().timestamp());
        self.update_one(
            "UPDATE articles SET read_at = CASE WHEN ?2 IS NULL THEN NULL \
             ELSE coalesce(read_at, ?2) END WHERE id = ?1",
            id,
            at,
        )
    }

    /// Remembers where the reader left a story (a byte offset into its body).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn set_position(&self, id: ArticleId, position: u64) -> Result<(), StoreError> {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        self.update_one(
            "UPDATE articles SET position = ?2 WHERE id = ?1",
            id,
            Some(position),
        )
    }

    /// Adds or removes the bookmark; the time it was set is kept.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn set_bookmarked(&self, id: ArticleId, bookmarked: bool) -> Result<(), StoreError> {
        let at = bookmarked.then(|| Utc::now().timestamp());
        self.update_one(
            "UPDATE articles SET bookmarked_at = CASE WHEN ?2 IS NULL THEN NULL \
             ELSE coalesce(bookmarked_at, ?2) END WHERE id = ?1",
            id,
            at,
        )
    }

    /// Runs a raw FTS5 query, best match first: lets tests look at the index directly (user
    /// searches go through [`Store::query`], which quotes what people type).
    #[cfg(test)]
    fn search_ids(&self, fts_query: &str, limit: usize) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![fts_query, limit], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How long a write waits for another program's write lock before failing with
    /// [`StoreError::Busy`]; the reader's worker waits briefly so that reads are not held up
    /// behind a write, and retries the write itself.
    ///
    /// # Errors
    /// Only if SQLite refuses the setting.
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(wait)?;
        Ok(())
    }

    /// The library's file, for a second connection (none for a library in memory).
    #[must_use]
    pub fn path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// Stories saved without their text, with their addresses.
    ///
    /// # Errors
    /// On a database failure.
    pub fn not_downloaded(&self) -> Result<Vec<(ArticleId, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url FROM articles WHERE not_downloaded IS NOT NULL AND url IS NOT NULL \
             ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Gives a link-only story the text downloaded for it (title, byline, date, site, body),
    /// keeping its tags, read state and bookmark.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn fill_in(&mut self, id: ArticleId, article: &Article) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE articles SET title = ?2, author = coalesce(?3, author), \
             source = coalesce(?4, source), source_key = coalesce(?5, source_key), \
             published = coalesce(?6, published), words = ?7, content_hash = ?8, \
             not_downloaded = NULL WHERE id = ?1",
            params![
                id,
                article.title,
                article.author,
                article.source,
                article.source.as_deref().map(crate::text::fold),
                article.published.map(|d| d.timestamp()),
                article.word_count(),
                content_hash(article),
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        tx.execute(
            "UPDATE bodies SET body = ?2 WHERE article_id = ?1",
            params![id, article.body],
        )?;
        highlights::reanchor_in(&tx, id, &article.body)?;
        tx.commit()?;
        Ok(())
    }

    /// Records why a download failed again.
    ///
    /// # Errors
    /// On a database failure.
    pub fn still_not_downloaded(&self, id: ArticleId, reason: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE articles SET not_downloaded = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// Whether another connection (another newsdesk, `newsdesk add` in a shell) committed a
    /// change since the last call. Cheap: SQLite keeps the counter in memory.
    ///
    /// # Errors
    /// On a database failure.
    pub fn changed_elsewhere(&self) -> Result<bool, StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?;
        Ok(self.seen_version.replace(version) != version)
    }

    /// Whether the database passes SQLite's own consistency check.
    ///
    /// # Errors
    /// On a database failure.
    pub fn integrity_ok(&self) -> Result<bool, StoreError> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        Ok(verdict == "ok")
    }

    fn update_one(&self, sql: &str, id: ArticleId, value: Option<i64>) -> Result<(), StoreError> {
        let changed = self.conn.execute(sql, params![id, value])?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// A story's tags, alphabetically.
    ///
    /// # Errors
    /// On a database failure.
    pub fn tags_of(&self, id: ArticleId) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
             WHERE at.article_id = ?1 ORDER BY t.key",
        )?;
        let rows = stmt.query_map([id], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Saves one story, its tags and its full-text index entry inside the caller's transaction.
fn insert_in(conn: &Connection, article: &Article) -> Result<Inserted, StoreError> {
    let started = std::time::Instant::now();
    let hash = content_hash(article);
    if let Some(id) = existing_copy(conn, article, Some(&hash))? {
        highlights::merge_highlights(conn, id, &article.highlights)?;
        return Ok(Inserted::Duplicate(id));
    }
    let now = Utc::now();
    let saved = article.saved.unwrap_or(now);
    let read_at = article.read.then(|| saved.timestamp());
    let bookmarked_at = article
        .bookmarked
        .then(|| article.bookmarked_at.unwrap_or(now).timestamp());
    // OR FAIL, not the default ABORT: with the counters' trigger on this table, a statement that
    // could abort halfway opens a savepoint, and FTS5 writes its pending terms at each one.
    conn.prepare_cached(
        "INSERT OR FAIL INTO articles (url, title, author, source, source_key, published, saved, \
         content_hash, words, read_at, position, bookmarked_at, guid, not_downloaded, feed_key) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        article.url,
        article.title,
        article.author,
        article.source,
        article.source.as_deref().map(crate::text::fold),
        article.published.map(|d| d.timestamp()),
        saved.timestamp(),
        hash,
        article.word_count(),
        read_at,
        i64::try_from(article.position).unwrap_or(i64::MAX),
        bookmarked_at,
        article.guid,
        article.not_downloaded,
        article.feed_key,
    ])?;
    let id = conn.last_insert_rowid();
    conn.prepare_cached("INSERT INTO bodies (article_id, body) VALUES (?1, ?2)")?
        .execute(params![id, article.body])?;
    // A plain statement, not a trigger: a statement with a trigger opens a savepoint, and FTS5
    // writes its pending terms to the disk at every savepoint, one small segment per story.
    let indexing = std::time::Instant::now();
    conn.prepare_cached("INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![id, article.title, article.body])?;
    let index = indexing.elapsed();
    for tag in &article.tags {
        link_tag(conn, id, tag)?;
    }
    highlights::save_highlights(conn, id, &article.highlights, &article.body)?;
    enclosures::save(conn, id, &article.enclosures)?;
    crate::stages::add(crate::stages::Stage::Index, index);
    crate::stages::add(
        crate::stages::Stage::Rows,
        started.elapsed().saturating_sub(index),
    );
    Ok(Inserted::New(id))
}

/// The story already saved that `article` is a copy of, if any. The strongest identity the
/// story has decides, one indexed lookup each:
/// - a feed item's id, within its feed (feeds number items "1", "2" on their own); stories saved
///   before feeds were told apart, and stories that do not say their feed, match by source;
/// - else its address, within its feed, and only when the titles agree too (status pages and
///   digests link every item to one page) or one of the two is a bare link;
/// - else what the person sees: the same title and the same text.
///
/// `hash` is the story's [`content_hash`] when the caller has it; it is worked out here only when
/// the last rule needs it.
fn existing_copy(
    conn: &Connection,
    article: &Article,
    hash: Option<&str>,
) -> Result<Option<ArticleId>, StoreError> {
    let source_key = article.source.as_deref().map(crate::text::fold);
    if let Some(guid) = &article.guid {
        return Ok(conn
            .prepare_cached(
                "SELECT id FROM articles WHERE guid = ?1 AND (feed_key = ?2 \
                 OR ((feed_key IS NULL OR ?2 IS NULL) AND source_key IS ?3)) LIMIT 1",
            )?
            .query_row(params![guid, article.feed_key, source_key], |row| {
                row.get(0)
            })
            .optional()?);
    }
    let bare_link = article.body.trim().is_empty();
    let title = comparable_title(&article.title);
    let candidates: Vec<(ArticleId, String, bool)> = match &article.url {
        Some(url) => conn
            .prepare_cached(
                "SELECT id, title, not_downloaded IS NOT NULL OR words = 0 FROM articles \
                 WHERE url = ?1 AND (feed_key IS NULL OR ?2 IS NULL OR feed_key = ?2) LIMIT 100",
            )?
            .query_map(params![url, article.feed_key], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<_, _>>()?,
        None => conn
            .prepare_cached("SELECT id, title, 0 FROM articles WHERE content_hash = ?1 LIMIT 100")?
            .query_map(
                [hash.map_or_else(|| content_hash(article), str::to_owned)],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?
            .collect::<Result<_, _>>()?,
    };
    Ok(candidates
        .into_iter()
        .find(|(_, saved_title, saved_bare)| {
            bare_link || *saved_bare || comparable_title(saved_title) == title
        })
        .map(|(id, _, _)| id))
}

/// A title as a reader compares two: case and spacing aside.
fn comparable_title(title: &str) -> String {
    title
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// SQL functions the query compiler relies on.
fn register_functions(conn: &Connection) -> Result<(), StoreError> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)?
                .map(|text| crate::text::fold(&text)))
        },
    )?;
    aliases::register(conn)?;
    spans::register(conn)?;
    Ok(())
}

/// Links `tag` to a story, creating the tag on first use and keeping its first spelling.
fn link_tag(conn: &Connection, article: ArticleId, tag: &str) -> Result<(), StoreError> {
    let name = tag.trim();
    if name.is_empty() {
        return Ok(());
    }
    let key = name.to_lowercase();
    conn.prepare_cached(
        "INSERT INTO tags (name, key) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
    )?
    .execute(params![name, key])?;
    // Two plain statements, not one `INSERT … SELECT`: that opens a statement savepoint, at
    // which FTS5 would write its pending terms to the disk.
    let tag_id: i64 = conn
        .prepare_cached("SELECT id FROM tags WHERE key = ?1")?
        .query_row([&key], |row| row.get(0))?;
    conn.prepare_cached("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?1, ?2)")?
        .execute(params![article, tag_id])?;
    Ok(())
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    // A JSON array, so that no character in a tag's name can split it.
    let tags: Option<String> = row.get(7)?;
    let mut tags: Vec<String> = tags
        .and_then(|array| serde_json::from_str(&array).ok())
        .unwrap_or_default();
    tags.sort_by_key(|tag| tag.to_lowercase());
    Ok(ArticleSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        url: row.get(2)?,
        source: row.get(3)?,
        author: row.get(4)?,
        published: row.get::<_, Option<i64>>(5)?.and_then(from_timestamp),
        saved: from_timestamp(row.get(6)?).unwrap_or_default(),
        tags,
        bookmarked: row.get::<_, Option<i64>>(8)?.is_some(),
        read: row.get::<_, Option<i64>>(9)?.is_some(),
        words: row.get(10)?,
    })
}

fn from_timestamp(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}

#[cfg(test)]
mod tests;
