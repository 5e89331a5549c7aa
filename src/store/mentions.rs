//! Entity mentions: stored per story with the recogniser's version, read back for highlighting
//! under their library-wide canonical name (see `aliases.rs`), counted across the library, and
//! used by `entity:` searches.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::spans::{self, Span};
use super::{Inserted, Store, StoreError, aliases};
use crate::article::{Article, ArticleId};
use crate::entities::Label;
use crate::stages::Stage;
use crate::text::fold;

/// One mention in a story's body: byte range, kind, and the name it refers to (after aliasing,
/// "Petro" may refer to "Gustavo Petro"; read back from the library, "Trump" may refer to the
/// library's one "Donald Trump").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub name: String,
    /// The acronym written here when the story defines it as `name` ("WHO" for "World Health
    /// Organization"), so that the library learns the definition; `None` otherwise and when read
    /// back.
    #[serde(skip)]
    pub acronym: Option<String>,
}

/// An entity with how often the library mentions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityCount {
    pub name: String,
    pub label: Label,
    pub stories: usize,
    pub mentions: usize,
}

/// Entity ids already looked up or created in one transaction, by label and then by the name as
/// the story spells it (a name mentioned in many stories is folded and looked up once, and a
/// repeat costs no allocation; spellings that fold alike share the entity the lookup finds), and
/// the acronym definitions already recorded.
#[derive(Default)]
pub(super) struct EntityIds {
    ids: HashMap<&'static str, HashMap<String, i64>>,
    defined: HashSet<(String, i64)>,
}

impl EntityIds {
    /// Nothing looked up yet.
    pub(super) fn new() -> Self {
        Self::default()
    }
}

/// Page cache for a bulk write (16 MiB): the mention and index b-trees grow at many places at
/// once, and the default 2 MiB writes their pages out again and again before the commit. 64 MiB
/// cost 62 MB more peak memory in an import of three 10,000-story files and no less CPU time.
const BULK_CACHE_KIB: i64 = 16_384;

/// Replaces one story's mentions inside the caller's transaction; a `fresh` story has none yet.
///
/// Only plain single-row statements are used for a fresh story: a `DELETE` or `INSERT OR
/// REPLACE` on a table with foreign keys opens a statement savepoint, and FTS5 writes its
/// pending terms to the disk at every savepoint.
pub(super) fn write_mentions(
    conn: &Connection,
    id: ArticleId,
    mentions: &[Mention],
    version: u32,
    entity_ids: &mut EntityIds,
    fresh: bool,
) -> Result<(), StoreError> {
    if !fresh {
        conn.prepare_cached("DELETE FROM mention_spans WHERE article_id = ?1")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM entity_stories WHERE article_id = ?1")?
            .execute([id])?;
    }
    // One mention per start, the last one found (as a replacing insert would keep). The
    // recogniser gives them in order of position, so the map is needed only when it does not.
    let in_order = mentions
        .windows(2)
        .all(|pair| pair[0].start < pair[1].start);
    let mut last_at: HashMap<usize, usize> = HashMap::new();
    if !in_order {
        for (index, mention) in mentions.iter().enumerate() {
            last_at.insert(mention.start, index);
        }
    }
    let mut kept = Vec::with_capacity(mentions.len());
    // Distinct entities of the story with their mention counts; a story names a few dozen, so
    // a list searched from the end beats a map.
    let mut per_entity: Vec<(i64, i64)> = Vec::new();
    for (index, mention) in mentions.iter().enumerate() {
        if !in_order && last_at.get(&mention.start) != Some(&index) {
            continue;
        }
        let label = mention.label.name();
        let known = entity_ids
            .ids
            .get(label)
            .and_then(|names| names.get(mention.name.as_str()));
        let entity = match known {
            Some(&entity) => entity,
            None => {
                let entity = entity_id(conn, label, &mention.name)?;
                entity_ids
                    .ids
                    .entry(label)
                    .or_default()
                    .insert(mention.name.clone(), entity);
                entity
            }
        };
        if let Some(letters) = mention
            .acronym
            .as_deref()
            .and_then(crate::entities::canonical::acronym_key)
            && mention.name.contains(' ')
            && label != "PERSON"
            && entity_ids.defined.insert((letters.clone(), entity))
        {
            aliases::acronym_defined(conn, &letters, entity)?;
        }
        kept.push(Span {
            start: u64::try_from(mention.start).unwrap_or(u64::MAX),
            end: u64::try_from(mention.end).unwrap_or(u64::MAX),
            entity,
        });
        match per_entity.iter_mut().rev().find(|(e, _)| *e == entity) {
            Some((_, count)) => *count += 1,
            None => per_entity.push((entity, 1)),
        }
    }
    if !kept.is_empty() {
        if !in_order {
            kept.sort_by_key(|span| span.start);
        }
        conn.prepare_cached("INSERT INTO mention_spans (article_id, spans) VALUES (?1, ?2)")?
            .execute(params![id, spans::encode(&kept)])?;
        // Looked up in the statement cache once a story, not once an entity.
        let mut insert = conn.prepare_cached(
            "INSERT INTO entity_stories (entity_id, article_id, mentions) VALUES (?1, ?2, ?3)",
        )?;
        for (entity, count) in per_entity {
            insert.execute(params![entity, id, count])?;
        }
    }
    let changed = conn
        .prepare_cached("UPDATE articles SET entities_version = ?2 WHERE id = ?1")?
        .execute(params![id, version])?;
    if changed == 0 {
        return Err(StoreError::NotFound(id));
    }
    Ok(())
}

/// The id of the entity with this label and (folded) name, created when it is new.
fn entity_id(conn: &Connection, label: &'static str, name: &str) -> Result<i64, StoreError> {
    let key = fold(name);
    let existing: Option<i64> = conn
        .prepare_cached("SELECT id FROM entities WHERE label = ?1 AND key = ?2")?
        .query_row(params![label, key], |row| row.get(0))
        .optional()?;
    if let Some(entity) = existing {
        return Ok(entity);
    }
    conn.prepare_cached(
        "INSERT INTO entities (label, name, key, surname, acronym) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        label,
        name,
        key,
        aliases::surname(label, name),
        aliases::acronym(label, name)
    ])?;
    let entity = conn.last_insert_rowid();
    aliases::entity_added(conn, label, &key, name)?;
    Ok(entity)
}

impl Store {
    /// Replaces the mentions of many stories in one transaction, recording which recogniser
    /// version found them.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when a story does not exist; nothing is written then.
    pub fn set_mentions(
        &mut self,
        stories: &[(ArticleId, Vec<Mention>)],
        version: u32,
    ) -> Result<(), StoreError> {
        self.in_bulk(|tx| {
            let mut entity_ids = EntityIds::new();
            for (id, mentions) in stories {
                write_mentions(tx, *id, mentions, version, &mut entity_ids, false)?;
            }
            Ok(())
        })
    }

    /// Saves stories with the mentions found in them, all in one transaction. `mentions_of(i)`
    /// is asked for the mentions of `articles[i]`, in order, while the rows before it are
    /// written, so recognition on other threads overlaps the writing; a duplicate's mentions
    /// are dropped.
    ///
    /// # Errors
    /// On a database failure; then none of them is saved.
    pub fn insert_analysed(
        &mut self,
        articles: &[Article],
        version: u32,
        mut mentions_of: impl FnMut(usize) -> Vec<Mention>,
    ) -> Result<Vec<Inserted>, StoreError> {
        self.in_bulk(|tx| {
            let mut entity_ids = EntityIds::new();
            let mut results = Vec::with_capacity(articles.len());
            for (i, article) in articles.iter().enumerate() {
                let inserted = super::insert_in(tx, article)?;
                let mentions = mentions_of(i);
                if let Inserted::New(id) = inserted {
                    crate::stages::timed(Stage::Rows, || {
                        write_mentions(tx, id, &mentions, version, &mut entity_ids, true)
                    })?;
                }
                results.push(inserted);
            }
            Ok(results)
        })
    }

    /// Runs `work` in one transaction with a page cache large enough for bulk writes, and gives
    /// the cache back afterwards so that a long-running reader stays small.
    fn in_bulk<T>(
        &mut self,
        work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let before: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        let outcome = (|| {
            let tx = self.conn.transaction()?;
            let result = work(&tx)?;
            crate::stages::timed(Stage::Commit, || tx.commit())?;
            Ok(result)
        })();
        self.conn.pragma_update(None, "cache_size", before)?;
        outcome
    }

    /// A story's mentions in order of position.
    ///
    /// # Errors
    /// On a database failure.
    pub fn mentions(&self, id: ArticleId) -> Result<Vec<Mention>, StoreError> {
        let blob: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT spans FROM mention_spans WHERE article_id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        let Some(blob) = blob else {
            return Ok(Vec::new());
        };
        let spans = spans::decode(&blob).ok_or(StoreError::DamagedMentions(id))?;
        // The story's entities under their canonical names, one row each.
        let mut names: HashMap<i64, (Label, String)> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.entity_id, r.label, r.name FROM entity_stories s \
             JOIN entities e ON e.id = s.entity_id \
             JOIN entities r ON r.id = coalesce(e.canonical_id, e.id) \
             WHERE s.article_id = ?1",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(row) = rows.next()? {
            let label: String = row.get(1)?;
            names.insert(
                row.get(0)?,
                (Label::from_name(&label).unwrap_or(Label::Misc), row.get(2)?),
            );
        }
        Ok(spans
            .into_iter()
            .filter_map(|span| {
                let (label, name) = names.get(&span.entity)?;
                Some(Mention {
                    start: usize::try_from(span.start).ok()?,
                    end: usize::try_from(span.end).ok()?,
                    label: *label,
                    name: name.clone(),
                    acronym: None,
                })
            })
            .collect())
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

    /// When a story was published, if known: relative dates in it are resolved against it.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn published(&self, id: ArticleId) -> Result<Option<DateTime<Utc>>, StoreError> {
        let seconds: Option<i64> = self
            .conn
            .prepare_cached("SELECT published FROM articles WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?
            .ok_or(StoreError::NotFound(id))?;
        Ok(seconds.and_then(|s| DateTime::from_timestamp(s, 0)))
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

    /// The most mentioned entities, by the number of stories that mention them, each under its
    /// library-wide canonical name with the counts of all its names. Dates without a number
    /// ("today", "Wednesday" in a story without a publication date) mean a different day in every
    /// story, so they are not listed.
    ///
    /// # Errors
    /// On a database failure.
    pub fn top_entities(
        &self,
        label: Option<Label>,
        limit: usize,
    ) -> Result<Vec<EntityCount>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            // Counted per entity first, in the order of the (entity, story) index, then summed
            // per canonical entity; the stories of an entity with several names are counted
            // again over all of them, so a story naming both "Trump" and "Donald Trump" counts
            // once. Grouping every mention by its canonical entity directly sorts millions of
            // rows and takes twice as long.
            "WITH per AS (SELECT entity_id, count(*) AS stories, \
                 sum(mentions) AS mentions FROM entity_stories GROUP BY entity_id), \
             rooted AS (SELECT coalesce(e.canonical_id, e.id) AS root, per.stories, per.mentions \
                 FROM per JOIN entities e ON e.id = per.entity_id) \
             SELECT r.name, r.label, \
                 CASE WHEN count(*) = 1 THEN sum(rooted.stories) ELSE \
                     (SELECT count(DISTINCT article_id) FROM entity_stories WHERE entity_id IN \
                         (SELECT id FROM entities WHERE id = r.id OR canonical_id = r.id)) END, \
                 sum(rooted.mentions) \
             FROM rooted JOIN entities r ON r.id = rooted.root \
             WHERE ((?1 IS NULL AND r.label IN ('PERSON', 'ORG', 'PLACE', 'MISC')) \
                    OR r.label = ?1) \
             AND NOT (r.label = 'DATE' AND r.name NOT GLOB '*[0-9]*') \
             GROUP BY r.id ORDER BY 3 DESC, 4 DESC, r.key LIMIT ?2",
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A mention as the recogniser gives it and `Store::mentions` reads it back.
    pub(in crate::store) fn mention(start: usize, end: usize, label: Label, name: &str) -> Mention {
        Mention {
            start,
            end,
            label,
            name: name.to_owned(),
            acronym: None,
        }
    }

    fn saved(store: &mut Store, body: &str) -> ArticleId {
        match store.insert(&Article::new("Story", body)).expect("insert") {
            Inserted::New(id) => id,
            Inserted::Duplicate(_) => panic!("a new story"),
        }
    }

    #[test]
    fn mentions_out_of_order_keep_the_last_found_at_each_start() {
        let mut store = Store::open_in_memory().expect("store");
        let id = saved(&mut store, "Ada Lovelace met Babbage in London.");
        let found = vec![
            mention(28, 34, Label::Place, "London"),
            mention(0, 3, Label::Person, "Ada"),
            mention(17, 24, Label::Person, "Babbage"),
            mention(0, 12, Label::Person, "Ada Lovelace"),
        ];
        store.set_mentions(&[(id, found)], 1).expect("mentions");
        assert_eq!(
            store.mentions(id).expect("read"),
            vec![
                mention(0, 12, Label::Person, "Ada Lovelace"),
                mention(17, 24, Label::Person, "Babbage"),
                mention(28, 34, Label::Place, "London"),
            ]
        );
    }

    #[test]
    fn spellings_that_fold_alike_are_one_entity_across_stories() {
        let mut store = Store::open_in_memory().expect("store");
        let first = saved(&mut store, "Petro spoke.");
        let second = saved(&mut store, "PETRO spoke again.");
        let third = saved(&mut store, "Petro and PETRO.");
        store
            .set_mentions(
                &[
                    (first, vec![mention(0, 5, Label::Person, "Petro")]),
                    (second, vec![mention(0, 5, Label::Person, "PETRO")]),
                    (
                        third,
                        vec![
                            mention(0, 5, Label::Person, "Petro"),
                            mention(10, 15, Label::Person, "PETRO"),
                        ],
                    ),
                ],
                1,
            )
            .expect("mentions");
        let top = store.top_entities(Some(Label::Person), 10).expect("top");
        assert_eq!(top.len(), 1, "{top:?}");
        assert_eq!((top[0].stories, top[0].mentions), (3, 4));
        // The second story's mention names the entity as it was first written.
        assert_eq!(store.mentions(second).expect("read")[0].name, "Petro");
    }
}
