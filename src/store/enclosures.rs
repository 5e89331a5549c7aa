//! Enclosures of feed items (podcast audio, video, images): saved with their story, read back
//! with it, and what `has:enclosure` looks for.

use rusqlite::{Connection, params};

use super::{Store, StoreError};
use crate::article::{ArticleId, Enclosure};

/// Schema step: one row per file a story carries, in the feed's order.
pub(super) const MIGRATION: &str = r"
    CREATE TABLE enclosures (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        position   INTEGER NOT NULL,
        url        TEXT NOT NULL,
        mime_type  TEXT,
        length     INTEGER,
        PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;
";

/// Saves a new story's enclosures inside the caller's transaction.
pub(super) fn save(
    conn: &Connection,
    id: ArticleId,
    enclosures: &[Enclosure],
) -> Result<(), StoreError> {
    if enclosures.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO enclosures (article_id, position, url, mime_type, length) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, enclosure) in enclosures.iter().enumerate() {
        stmt.execute(params![
            id,
            i64::try_from(position).unwrap_or(i64::MAX),
            enclosure.url,
            enclosure.mime_type,
            enclosure
                .length
                .map(|l| i64::try_from(l).unwrap_or(i64::MAX)),
        ])?;
    }
    Ok(())
}

impl Store {
    /// A story's enclosures, in the feed's order.
    ///
    /// # Errors
    /// On a database failure.
    pub fn enclosures_of(&self, id: ArticleId) -> Result<Vec<Enclosure>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT url, mime_type, length FROM enclosures WHERE article_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([id], |row| {
            Ok(Enclosure {
                url: row.get(0)?,
                mime_type: row.get(1)?,
                length: row
                    .get::<_, Option<i64>>(2)?
                    .and_then(|l| u64::try_from(l).ok()),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
