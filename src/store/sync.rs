//! What two-way sync keeps in the library: which server it is linked to, the server's ids for
//! stories and subscriptions, the cursors of incremental downloads, and the queue of local
//! changes not yet sent. Triggers write the queue in the same transaction as the change itself,
//! so every write path (command line, reader, bulk marks) is covered and a kill loses nothing.

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::{OptionalExtension, Transaction, params};

use super::mentions::{EntityIds, write_mentions};
use super::{Inserted, Mention, Store, StoreError, insert_in};
use crate::article::{Article, ArticleId};

/// Schema step: sync tables and the triggers that queue local changes.
pub(super) const MIGRATION: &str = r"
    -- Key/value facts about the linked server: its identity and download cursors.
    CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    -- A story that came from (or is known to) the server, with the server's state of it as
    -- last seen, so a sync can tell which side changed.
    CREATE TABLE sync_entries (
        article_id     INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        remote_id      TEXT NOT NULL UNIQUE,
        remote_read    INTEGER NOT NULL,
        remote_starred INTEGER NOT NULL
    );
    CREATE TABLE sync_feeds (
        feed_id   INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
        remote_id TEXT NOT NULL UNIQUE
    );
    -- Local changes waiting to be sent, in the order they were made.
    CREATE TABLE sync_queue (
        id         INTEGER PRIMARY KEY,
        article_id INTEGER,
        remote_id  TEXT NOT NULL,
        kind       TEXT NOT NULL,
        value      TEXT NOT NULL,
        at         INTEGER NOT NULL
    );
    -- Holds a row only inside a sync's own transaction: changes that come from the server are
    -- not queued to be sent back.
    CREATE TABLE sync_applying (one INTEGER);

    CREATE TRIGGER sync_queue_read AFTER UPDATE OF read_at ON articles
    WHEN (old.read_at IS NULL) != (new.read_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM sync_applying)
        AND EXISTS (SELECT 1 FROM sync_entries WHERE article_id = new.id)
    BEGIN
        INSERT INTO sync_queue (article_id, remote_id, kind, value, at)
        VALUES (new.id, (SELECT remote_id FROM sync_entries WHERE article_id = new.id), 'read',
                CASE WHEN new.read_at IS NULL THEN '0' ELSE '1' END, unixepoch());
    END;
    CREATE TRIGGER sync_queue_starred AFTER UPDATE OF bookmarked_at ON articles
    WHEN (old.bookmarked_at IS NULL) != (new.bookmarked_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM sync_applying)
        AND EXISTS (SELECT 1 FROM sync_entries WHERE article_id = new.id)
    BEGIN
        INSERT INTO sync_queue (article_id, remote_id, kind, value, at)
        VALUES (new.id, (SELECT remote_id FROM sync_entries WHERE article_id = new.id), 'starred',
                CASE WHEN new.bookmarked_at IS NULL THEN '0' ELSE '1' END, unixepoch());
    END;
    CREATE TRIGGER sync_queue_tag AFTER INSERT ON article_tags
    WHEN NOT EXISTS (SELECT 1 FROM sync_applying)
        AND EXISTS (SELECT 1 FROM sync_entries WHERE article_id = new.article_id)
    BEGIN
        INSERT INTO sync_queue (article_id, remote_id, kind, value, at)
        VALUES (new.article_id,
                (SELECT remote_id FROM sync_entries WHERE article_id = new.article_id), 'tag+',
                (SELECT name FROM tags WHERE id = new.tag_id), unixepoch());
    END;
    CREATE TRIGGER sync_queue_untag AFTER DELETE ON article_tags
    WHEN NOT EXISTS (SELECT 1 FROM sync_applying)
        AND EXISTS (SELECT 1 FROM sync_entries WHERE article_id = old.article_id)
        AND EXISTS (SELECT 1 FROM tags WHERE id = old.tag_id)
    BEGIN
        INSERT INTO sync_queue (article_id, remote_id, kind, value, at)
        VALUES (old.article_id,
                (SELECT remote_id FROM sync_entries WHERE article_id = old.article_id), 'tag-',
                (SELECT name FROM tags WHERE id = old.tag_id), unixepoch());
    END;
    -- Subscriptions made while the library is linked are made on the server.
    CREATE TRIGGER sync_queue_subscribe AFTER INSERT ON feeds
    WHEN NOT EXISTS (SELECT 1 FROM sync_applying)
        AND EXISTS (SELECT 1 FROM sync_state WHERE key = 'server')
    BEGIN
        INSERT INTO sync_queue (article_id, remote_id, kind, value, at)
        VALUES (NULL, '', 'subscribe', new.url, unixepoch());
    END;
    CREATE TRIGGER sync_queue_unsubscribe BEFORE DELETE ON feeds
    WHEN NOT EXISTS (SELECT 1 FROM sync_applying)
        AND EXISTS (SELECT 1 FROM sync_feeds WHERE feed_id = old.id)
    BEGIN
        INSERT INTO sync_queue (article_id, remote_id, kind, value, at)
        VALUES (NULL, (SELECT remote_id FROM sync_feeds WHERE feed_id = old.id), 'unsubscribe',
                old.url, unixepoch());
    END;
";

/// What a queued change does on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Read(bool),
    Starred(bool),
    /// A tag added (`true`) or removed, sent as a label where the server has them.
    Tag(String, bool),
    /// A subscription to this feed address.
    Subscribe(String),
    /// The subscription with the queued change's remote id ends.
    Unsubscribe,
}

/// One change waiting to be sent, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// Position in the queue; removed once the server has it.
    pub id: i64,
    pub article: Option<ArticleId>,
    /// The server's id of the story (or subscription for [`Change::Unsubscribe`]).
    pub remote_id: String,
    pub change: Change,
    /// When it was made, Unix seconds: the later of two conflicting changes wins.
    pub at: i64,
}

/// A story the server holds and the library already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub article: ArticleId,
    /// The server's state as last seen by a sync.
    pub remote_read: bool,
    pub remote_starred: bool,
}

/// A story new to the library, with its entities already found.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub remote_id: String,
    pub article: Article,
    pub mentions: Vec<Mention>,
}

/// The server's state of a known story, to record (and, where it won, to apply locally).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub remote_id: String,
    pub read: bool,
    pub starred: bool,
    /// Set the local read state to this (the server's change won or nothing was queued).
    pub apply_read: Option<bool>,
    pub apply_starred: Option<bool>,
    /// Labels the server has for the story, applied as tags when given.
    pub tags: Option<Vec<String>>,
}

/// Everything one page of a download changes, written in one transaction.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub arrivals: Vec<Arrival>,
    pub seen: Vec<Seen>,
    /// Queued changes the server's later change overrides (or already agrees with).
    pub dropped: Vec<i64>,
    /// Cursor values to store with the page.
    pub cursors: Vec<(String, String)>,
    /// Recogniser version the mentions came from.
    pub entities_version: u32,
    /// The last queue row the merge saw: a change queued after it (in the reader, while the
    /// sync ran) is newer than anything on the page, so the server's value is not applied over it.
    pub queue_seen: i64,
}

/// A subscription as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFeed {
    pub remote_id: String,
    pub url: String,
    pub title: Option<String>,
    pub folder: Option<String>,
}

/// How many stories a page added and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCounts {
    pub added: usize,
    pub changed: usize,
}

impl Store {
    /// A stored sync fact (server identity, a cursor), if set.
    ///
    /// # Errors
    /// On a database failure.
    pub fn sync_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM sync_state WHERE key = ?1",
                [key],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Stores a sync fact.
    ///
    /// # Errors
    /// On a database failure.
    pub fn set_sync_value(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sync_state (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Forgets the linked server: its ids, cursors and unsent changes. Stories and
    /// subscriptions stay, as local ones.
    ///
    /// # Errors
    /// On a database failure; then nothing is forgotten.
    pub fn sync_unlink(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM sync_state; DELETE FROM sync_entries; DELETE FROM sync_feeds; \
             DELETE FROM sync_queue;",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every change waiting to be sent, oldest first.
    ///
    /// # Errors
    /// On a database failure.
    pub fn sync_queue(&self) -> Result<Vec<Queued>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, article_id, remote_id, kind, value, at FROM sync_queue ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| {
            let kind: String = row.get(3)?;
            let value: String = row.get(4)?;
            let change = match kind.as_str() {
                "read" => Change::Read(value == "1"),
                "starred" => Change::Starred(value == "1"),
                "tag+" => Change::Tag(value, true),
                "tag-" => Change::Tag(value, false),
                "subscribe" => Change::Subscribe(value),
                _ => Change::Unsubscribe,
            };
            Ok(Queued {
                id: row.get(0)?,
                article: row.get(1)?,
                remote_id: row.get(2)?,
                change,
                at: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many changes wait to be sent.
    ///
    /// # Errors
    /// On a database failure.
    pub fn sync_queue_len(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sync_queue", [], |row| row.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// How many stories are linked to server entries.
    ///
    /// # Errors
    /// On a database failure.
    pub fn sync_linked_stories(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sync_entries", [], |row| row.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The stories among `remote_ids` the library already has.
    ///
    /// # Errors
    /// On a database failure.
    pub fn sync_known(&self, remote_ids: &[String]) -> Result<HashMap<String, Known>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id, remote_read, remote_starred FROM sync_entries WHERE remote_id = ?1",
        )?;
        let mut known = HashMap::new();
        for remote in remote_ids {
            let found = stmt
                .query_row([remote], |row| {
                    Ok(Known {
                        article: row.get(0)?,
                        remote_read: row.get(1)?,
                        remote_starred: row.get(2)?,
                    })
                })
                .optional()?;
            if let Some(found) = found {
                known.insert(remote.clone(), found);
            }
        }
        Ok(known)
    }

    /// Every linked story's server id with the server state last seen.
    ///
    /// # Errors
    /// On a database failure.
    pub fn sync_all_known(&self) -> Result<HashMap<String, Known>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT remote_id, article_id, remote_read, remote_starred FROM sync_entries",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                Known {
                    article: row.get(1)?,
                    remote_read: row.get(2)?,
                    remote_starred: row.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes one downloaded page: new stories with their entities and server ids, the
    /// server's state of known stories, dropped queue entries and the cursors, in one
    /// transaction, so a kill leaves either all of the page or none of it.
    ///
    /// # Errors
    /// On a database failure; then nothing of the page is written.
    pub fn sync_save_page(&mut self, page: &Page) -> Result<PageCounts, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("INSERT INTO sync_applying (one) VALUES (1)", [])?;
        let mut counts = PageCounts::default();
        let mut entity_ids = EntityIds::new();
        for arrival in &page.arrivals {
            let id = match insert_in(&tx, &arrival.article)? {
                Inserted::New(id) => {
                    write_mentions(
                        &tx,
                        id,
                        &arrival.mentions,
                        page.entities_version,
                        &mut entity_ids,
                        true,
                    )?;
                    counts.added += 1;
                    id
                }
                // Already saved by hand or from the same feed: linked, and brought to the
                // server's state.
                Inserted::Duplicate(id) => {
                    apply_state(
                        &tx,
                        id,
                        Some(arrival.article.read),
                        Some(arrival.article.bookmarked),
                    )?;
                    id
                }
            };
            tx.prepare_cached(
                "INSERT OR IGNORE INTO sync_entries (article_id, remote_id, remote_read, \
                 remote_starred) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                id,
                arrival.remote_id,
                arrival.article.read,
                arrival.article.bookmarked
            ])?;
        }
        for seen in &page.seen {
            let article: Option<ArticleId> = tx
                .prepare_cached(
                    "UPDATE sync_entries SET remote_read = ?2, remote_starred = ?3 \
                     WHERE remote_id = ?1 RETURNING article_id",
                )?
                .query_row(params![seen.remote_id, seen.read, seen.starred], |row| {
                    row.get(0)
                })
                .optional()?;
            let Some(article) = article else { continue };
            let newer = |kind: &str| -> Result<bool, StoreError> {
                Ok(tx
                    .prepare_cached(
                        "SELECT 1 FROM sync_queue WHERE remote_id = ?1 AND kind = ?2 AND id > ?3",
                    )?
                    .query_row(params![seen.remote_id, kind, page.queue_seen], |_| Ok(()))
                    .optional()?
                    .is_some())
            };
            let read = if newer("read")? {
                None
            } else {
                seen.apply_read
            };
            let starred = if newer("starred")? {
                None
            } else {
                seen.apply_starred
            };
            if apply_state(&tx, article, read, starred)? {
                counts.changed += 1;
            }
            if let Some(tags) = &seen.tags {
                for tag in tags {
                    super::link_tag(&tx, article, tag)?;
                }
            }
        }
        for id in &page.dropped {
            tx.prepare_cached("DELETE FROM sync_queue WHERE id = ?1")?
                .execute([id])?;
        }
        for (key, value) in &page.cursors {
            tx.prepare_cached(
                "INSERT INTO sync_state (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![key, value])?;
        }
        tx.execute("DELETE FROM sync_applying", [])?;
        tx.commit()?;
        Ok(counts)
    }

    /// Records that the server has these queued changes: they leave the queue, and the server
    /// state they set is remembered, in one transaction.
    ///
    /// # Errors
    /// On a database failure; then the changes stay queued (sending them again is harmless).
    pub fn sync_sent(&mut self, sent: &[Queued]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for queued in sent {
            let column = match queued.change {
                Change::Read(value) => Some(("remote_read", value)),
                Change::Starred(value) => Some(("remote_starred", value)),
                _ => None,
            };
            if let Some((column, value)) = column {
                let sql = if column == "remote_read" {
                    "UPDATE sync_entries SET remote_read = ?2 WHERE remote_id = ?1"
                } else {
                    "UPDATE sync_entries SET remote_starred = ?2 WHERE remote_id = ?1"
                };
                tx.prepare_cached(sql)?
                    .execute(params![queued.remote_id, value])?;
            }
            tx.prepare_cached("DELETE FROM sync_queue WHERE id = ?1")?
                .execute([queued.id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Makes the server's subscription list the library's: new ones added (in their folders),
    /// linked ones the server no longer has removed, titles and folders updated. Returns how
    /// many were added and removed.
    ///
    /// # Errors
    /// On a database failure; then nothing changes.
    pub fn sync_save_feeds(&mut self, feeds: &[RemoteFeed]) -> Result<(usize, usize), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("INSERT INTO sync_applying (one) VALUES (1)", [])?;
        let mut added = 0;
        for feed in feeds {
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT feed_id FROM sync_feeds WHERE remote_id = ?1 \
                     UNION ALL SELECT id FROM feeds WHERE url = ?2 LIMIT 1",
                    params![feed.remote_id, feed.url],
                    |row| row.get(0),
                )
                .optional()?;
            let id = if let Some(id) = existing {
                tx.execute(
                    "UPDATE feeds SET url = ?2, title = coalesce(?3, title), folder = ?4 \
                     WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = ?2 AND id != ?1)",
                    params![id, feed.url, feed.title, feed.folder],
                )?;
                id
            } else {
                tx.execute(
                    "INSERT INTO feeds (url, title, added, folder) VALUES (?1, ?2, ?3, ?4)",
                    params![feed.url, feed.title, Utc::now().timestamp(), feed.folder],
                )?;
                added += 1;
                tx.last_insert_rowid()
            };
            tx.execute(
                "INSERT INTO sync_feeds (feed_id, remote_id) VALUES (?1, ?2) \
                 ON CONFLICT (feed_id) DO UPDATE SET remote_id = excluded.remote_id",
                params![id, feed.remote_id],
            )?;
        }
        let gone: Vec<i64> = {
            let remote: std::collections::HashSet<&str> =
                feeds.iter().map(|f| f.remote_id.as_str()).collect();
            let mut stmt = tx.prepare("SELECT feed_id, remote_id FROM sync_feeds")?;
            let rows = stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get(1)?)))?;
            rows.collect::<Result<Vec<(i64, String)>, _>>()?
                .into_iter()
                .filter(|(_, r)| !remote.contains(r.as_str()))
                .map(|(id, _)| id)
                .collect()
        };
        for id in &gone {
            tx.execute("DELETE FROM feeds WHERE id = ?1", [id])?;
        }
        tx.execute("DELETE FROM sync_applying", [])?;
        tx.commit()?;
        Ok((added, gone.len()))
    }
}

/// Sets a story's read and bookmark state without queueing it (the caller holds
/// `sync_applying`); returns whether anything changed.
fn apply_state(
    tx: &Transaction<'_>,
    article: ArticleId,
    read: Option<bool>,
    starred: Option<bool>,
) -> Result<bool, StoreError> {
    let now = Utc::now().timestamp();
    let mut changed = 0;
    if let Some(read) = read {
        changed += tx
            .prepare_cached(
                "UPDATE articles SET read_at = CASE WHEN ?2 THEN coalesce(read_at, ?3) ELSE NULL END \
                 WHERE id = ?1 AND (read_at IS NULL) = ?2",
            )?
            .execute(params![article, read, now])?;
    }
    if let Some(starred) = starred {
        changed += tx
            .prepare_cached(
                "UPDATE articles SET bookmarked_at = CASE WHEN ?2 THEN coalesce(bookmarked_at, ?3) \
                 ELSE NULL END WHERE id = ?1 AND (bookmarked_at IS NULL) = ?2",
            )?
            .execute(params![article, starred, now])?;
    }
    Ok(changed > 0)
}
