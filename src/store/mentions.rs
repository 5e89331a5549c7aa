//! Entity mentions: stored per story with the recogniser's version, read back for highlighting,
//! counted across the library, and used by `entity:` searches.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Store, StoreError};
use crate::article::ArticleId;
use crate::entities::Label;
use crate::text::fold;

/// One mention in a story's body: byte range, kind, and the name it refers to (after aliasing,
/// "Petro" may refer to "Gustavo Petro").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub name: String,
}

/// An entity with how often the library mentions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityCount {
    pub name: String,
    pub label: Label,
    pub stories: usize,
    pub mentions: usize,
}

impl Store {
    /// Replaces a story's mentions and records which recogniser version found them.
    ///
    /// # Errors
    /// On a database failure; nothing is half-written.
    pub fn set_mentions(
        &mut self,
        id: ArticleId,
        mentions: &[Mention],
        version: u32,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM mentions WHERE article_id = ?1", [id])?;
        for mention in mentions {
            let label = mention.label.name();
            let key = fold(&mention.name);
            tx.prepare_cached(
                "INSERT INTO entities (label, name, key) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (label, key) DO NOTHING",
            )?
            .execute(params![label, mention.name, key])?;
            tx.prepare_cached(
                "INSERT OR REPLACE INTO mentions (article_id, start, end, entity_id) \
                 SELECT ?1, ?2, ?3, id FROM entities WHERE label = ?4 AND key = ?5",
            )?
            .execute(params![
                id,
                i64::try_from(mention.start).unwrap_or(i64::MAX),
                i64::try_from(mention.end).unwrap_or(i64::MAX),
                label,
                key
            ])?;
        }
        let changed = tx.execute(
            "UPDATE articles SET entities_version = ?2 WHERE id = ?1",
            params![id, version],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        tx.commit()?;
        Ok(())
    }

    /// A story's mentions in order of position.
    ///
    /// # Errors
    /// On a database failure.
    pub fn mentions(&self, id: ArticleId) -> Result<Vec<Mention>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.start, m.end, e.label, e.name FROM mentions m \
             JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?1 ORDER BY m.start",
        )?;
        let rows = stmt.query_map([id], |row| {
            let label: String = row.get(2)?;
            Ok(Mention {
                start: usize::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                end: usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                label: Label::from_name(&label).unwrap_or(Label::Misc),
                name: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stories whose entities were found by another version of the recogniser (or never).
    ///
    /// # Errors
    /// On a database failure.
    pub fn stale_entities(&self, version: u32, limit: usize) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE entities_version != ?1 ORDER BY id LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![version, limit], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A story's body alone, for analysis.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn body(&self, id: ArticleId) -> Result<String, StoreError> {
        self.conn
            .prepare_cached("SELECT body FROM bodies WHERE article_id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?
            .ok_or(StoreError::NotFound(id))
    }

    /// The most mentioned entities, by the number of stories that mention them.
    ///
    /// # Errors
    /// On a database failure.
    pub fn top_entities(
        &self,
        label: Option<Label>,
        limit: usize,
    ) -> Result<Vec<EntityCount>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.name, e.label, count(DISTINCT m.article_id), count(*) \
             FROM mentions m JOIN entities e ON e.id = m.entity_id \
             WHERE (?1 IS NULL AND e.label IN ('PERSON', 'ORG', 'PLACE', 'MISC')) OR e.label = ?1 \
             GROUP BY e.id ORDER BY 3 DESC, 4 DESC, e.key LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![label.map(Label::name), limit], |row| {
            let label: String = row.get(1)?;
            Ok(EntityCount {
                name: row.get(0)?,
                label: Label::from_name(&label).unwrap_or(Label::Misc),
                stories: usize::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
                mentions: usize::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
