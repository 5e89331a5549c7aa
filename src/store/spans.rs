//! A story's mentions stored compactly: one BLOB of varints per story for the reader's
//! highlighting, and one row per (entity, story) with a count for everything across stories.

use rusqlite::Connection;
use rusqlite::functions::{Aggregate, Context, FunctionFlags};

/// 12 -> 13: mentions as one BLOB per story and one row per (entity, story). A 10,000-story
/// import wrote about 53 mention rows a story, each into two b-trees (the table and its
/// by-entity index); a story names about 14 different entities, so this writes a quarter of
/// the index entries, and the reader, which wants every mention of one story, reads one row.
pub(super) const MIGRATION: &str = r"
    -- Every mention of a story in order of position, as `encode` writes them.
    CREATE TABLE mention_spans (
        article_id INTEGER PRIMARY KEY,
        spans      BLOB NOT NULL
    );
    -- The stories an entity is mentioned in, and how often in each: `entity:` searches, the
    -- entity panel's other stories, `entities --top`.
    CREATE TABLE entity_stories (
        entity_id  INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        mentions   INTEGER NOT NULL,
        PRIMARY KEY (entity_id, article_id)
    ) WITHOUT ROWID;
    -- A story's entities, to replace its mentions and to name them when it is read.
    CREATE INDEX entity_stories_by_story ON entity_stories (article_id);
    INSERT INTO mention_spans (article_id, spans)
        SELECT article_id, mention_spans(start, end, entity_id) FROM mentions GROUP BY article_id;
    INSERT INTO entity_stories (entity_id, article_id, mentions)
        SELECT entity_id, article_id, count(*) FROM mentions GROUP BY entity_id, article_id;
    DROP TABLE mentions;
    -- A trigger rather than foreign keys: a foreign key is checked at every insert, one more
    -- b-tree look-up a row, and the rows go only when their story goes.
    CREATE TRIGGER mentions_delete AFTER DELETE ON articles BEGIN
        DELETE FROM mention_spans WHERE article_id = old.id;
        DELETE FROM entity_stories WHERE article_id = old.id;
    END;
";

/// First byte of every BLOB: the layout below, so that another can be told apart later.
const LAYOUT: u8 = 1;

/// One mention as stored: byte range in the body and the entity id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub start: u64,
    pub end: u64,
    pub entity: i64,
}

/// The BLOB of `spans`, which must be in order of start: per mention, the distance from the
/// previous start, the length and the entity id, each an unsigned LEB128 varint (about five
/// bytes a mention instead of a row in two b-trees).
pub(super) fn encode(spans: &[Span]) -> Vec<u8> {
    let mut blob = Vec::with_capacity(1 + spans.len() * 6);
    blob.push(LAYOUT);
    let mut previous = 0;
    for span in spans {
        push_varint(&mut blob, span.start.saturating_sub(previous));
        push_varint(&mut blob, span.end.saturating_sub(span.start));
        push_varint(&mut blob, u64::try_from(span.entity).unwrap_or(0));
        previous = span.start;
    }
    blob
}

/// The spans of a BLOB written by [`encode`]; `None` when it is not one (another layout, or
/// cut short).
pub(super) fn decode(blob: &[u8]) -> Option<Vec<Span>> {
    let (&layout, mut rest) = blob.split_first()?;
    if layout != LAYOUT {
        return None;
    }
    let mut spans = Vec::with_capacity(rest.len() / 4);
    let mut start = 0u64;
    while !rest.is_empty() {
        start = start.checked_add(read_varint(&mut rest)?)?;
        let end = start.checked_add(read_varint(&mut rest)?)?;
        let entity = i64::try_from(read_varint(&mut rest)?).ok()?;
        spans.push(Span { start, end, entity });
    }
    Some(spans)
}

fn push_varint(blob: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        blob.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    blob.push(value as u8);
}

fn read_varint(rest: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, tail) = rest.split_first()?;
        *rest = tail;
        value |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// `mention_spans(start, end, entity_id)`: the BLOB of a group of mention rows, in whatever
/// order SQLite gives them, for the migration from one row a mention.
struct SpansOfRows;

impl Aggregate<Vec<Span>, Vec<u8>> for SpansOfRows {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Vec<Span>> {
        Ok(Vec::new())
    }

    fn step(&self, ctx: &mut Context<'_>, spans: &mut Vec<Span>) -> rusqlite::Result<()> {
        let number = |i: usize| -> rusqlite::Result<u64> {
            Ok(u64::try_from(ctx.get::<i64>(i)?).unwrap_or(0))
        };
        spans.push(Span {
            start: number(0)?,
            end: number(1)?,
            entity: ctx.get(2)?,
        });
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, spans: Option<Vec<Span>>) -> rusqlite::Result<Vec<u8>> {
        let mut spans = spans.unwrap_or_default();
        spans.sort_by_key(|span| span.start);
        Ok(encode(&spans))
    }
}

/// Registers `mention_spans`, which the migration converts the old rows with.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_aggregate_function(
        "mention_spans",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        SpansOfRows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Label;
    use crate::store::mentions::tests::mention;

    fn span(start: u64, end: u64, entity: i64) -> Span {
        Span { start, end, entity }
    }

    #[test]
    fn spans_come_back_as_written() {
        let spans = vec![
            span(0, 12, 1),
            span(17, 24, 300),
            span(17, 30, 2),
            span(70_000, 70_006, i64::from(u32::MAX) + 5),
        ];
        let blob = encode(&spans);
        assert_eq!(decode(&blob), Some(spans));
        assert_eq!(decode(&encode(&[])), Some(Vec::new()));
    }

    #[test]
    fn a_damaged_blob_is_refused_not_misread() {
        let blob = encode(&[span(5, 9, 200)]);
        assert_eq!(decode(&blob[..blob.len() - 1]), None, "cut short");
        assert_eq!(decode(&[]), None, "empty");
        assert_eq!(decode(&[2, 0, 0, 1]), None, "another layout");
        let too_long = [
            LAYOUT, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1,
        ];
        assert_eq!(decode(&too_long), None, "a varint longer than 64 bits");
    }

    #[test]
    fn a_story_analysed_again_replaces_its_marks_and_counts() {
        use crate::article::Article;
        use crate::store::{Inserted, Store, StoreError};

        let mut store = Store::open_in_memory().expect("store");
        let Inserted::New(id) = store
            .insert(&Article::new("Talks", "Ada met Ada in Paris."))
            .expect("insert")
        else {
            panic!("a new story");
        };
        let first = vec![
            mention(0, 3, Label::Person, "Ada"),
            mention(8, 11, Label::Person, "Ada"),
            mention(15, 20, Label::Place, "Paris"),
        ];
        store.set_mentions(&[(id, first)], 1).expect("first");
        let second = vec![mention(15, 20, Label::Place, "Paris")];
        store
            .set_mentions(&[(id, second.clone())], 2)
            .expect("again");
        assert_eq!(store.mentions(id).expect("read"), second);
        let top = store.top_entities(None, 5).expect("top");
        assert_eq!(top.len(), 1, "{top:?}");
        assert_eq!((top[0].name.as_str(), top[0].mentions), ("Paris", 1));
        // A BLOB another program damaged is reported, not half read.
        store
            .conn
            .execute(
                "UPDATE mention_spans SET spans = X'0105' WHERE article_id = ?1",
                [id],
            )
            .expect("damage");
        assert!(matches!(
            store.mentions(id),
            Err(StoreError::DamagedMentions(damaged)) if damaged == id
        ));
    }

    #[test]
    fn a_library_with_one_row_a_mention_keeps_them_when_upgraded() {
        use crate::query;
        use crate::store::{Store, Window};
        use rusqlite::params;

        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("library.db");
        {
            let mut conn = Connection::open(&path).expect("open");
            super::super::register_functions(&conn).expect("functions");
            let tx = conn.transaction().expect("transaction");
            let version = super::super::schema::schema_before(&tx, MIGRATION);
            for (id, title) in [(1, "Talks"), (2, "More talks"), (3, "Weather")] {
                tx.execute(
                    "INSERT INTO articles (id, title, saved, words, content_hash) \
                     VALUES (?1, ?2, 0, 3, ?2)",
                    params![id, title],
                )
                .expect("story");
            }
            for (id, label, name) in [
                (1, "PERSON", "Ada Lovelace"),
                (2, "PLACE", "London"),
                (3, "PERSON", "Lovelace"),
            ] {
                tx.execute(
                    "INSERT INTO entities (id, label, name, key, canonical_id) \
                     VALUES (?1, ?2, ?3, lower(?3), CASE WHEN ?1 = 3 THEN 1 END)",
                    params![id, label, name],
                )
                .expect("entity");
            }
            // Written out of order, as rows are stored in no particular order.
            for (story, start, end, entity) in [
                (1, 40, 46, 2),
                (1, 0, 12, 1),
                (1, 20, 28, 3),
                (2, 5, 11, 2),
                (2, 300, 306, 2),
            ] {
                tx.execute(
                    "INSERT INTO mentions (article_id, start, end, entity_id) \
                     VALUES (?1, ?2, ?3, ?4)",
                    params![story, start, end, entity],
                )
                .expect("mention");
            }
            tx.pragma_update(None, "user_version", i64::try_from(version).expect("small"))
                .expect("version");
            tx.commit().expect("commit");
        }
        let mut store = Store::open(&path).expect("the old library opens and is upgraded");
        assert_eq!(
            store.mentions(1).expect("read"),
            vec![
                mention(0, 12, Label::Person, "Ada Lovelace"),
                mention(20, 28, Label::Person, "Ada Lovelace"),
                mention(40, 46, Label::Place, "London"),
            ]
        );
        assert_eq!(store.mentions(3).expect("read"), Vec::new());
        let top = store.top_entities(None, 5).expect("top");
        let counts: Vec<(&str, usize, usize)> = top
            .iter()
            .map(|e| (e.name.as_str(), e.stories, e.mentions))
            .collect();
        assert_eq!(counts, [("London", 2, 3), ("Ada Lovelace", 1, 2)]);
        let window = Window {
            offset: 0,
            limit: 10,
        };
        let found = |store: &Store, text: &str| -> Vec<String> {
            let query = query::parse(text).expect("query");
            let mut titles: Vec<String> = store
                .query(&query, window)
                .expect("search")
                .into_iter()
                .map(|s| s.title)
                .collect();
            titles.sort();
            titles
        };
        assert_eq!(found(&store, "entity:London"), ["More talks", "Talks"]);
        assert_eq!(found(&store, "entity:Lovelace"), ["Talks"]);
        // A story's marks go with it.
        store.remove(1).expect("remove");
        assert_eq!(found(&store, "entity:London"), ["More talks"]);
        assert_eq!(store.mentions(1).expect("read"), Vec::new());
        let top = store.top_entities(None, 5).expect("top");
        assert_eq!(top.len(), 1, "{top:?}");
        assert_eq!((top[0].stories, top[0].mentions), (1, 2));
    }
}
