//! Story counters kept by SQLite triggers, so the sidebar reads a few hundred small rows instead
//! of counting 100,000 stories and their tag links each time it is drawn.
//!
//! The triggers live in the library file, so every writer keeps the counters true: this program,
//! an older copy of the reader still open, a sync, a script using the `sqlite3` shell.

use rusqlite::{Transaction, params};

use super::StoreError;
use crate::article::ArticleId;

/// Schema step: the counters, their triggers, and the counts of the stories already saved.
///
/// Writes that must not open a statement savepoint (the import loop, where FTS5 would flush its
/// pending terms at every one) use `INSERT OR FAIL`: the outer statement's conflict policy then
/// applies to the trigger bodies as well, so no statement in them can abort halfway.
pub(super) const MIGRATION: &str = r"
    -- No NOT NULL on the numbers: a constraint an upsert's update could break makes SQLite open
    -- a statement savepoint for every story saved, and FTS5 writes its pending terms at each.
    -- 'all' (every story) and 'bookmarked': the library's totals and unread stories.
    CREATE TABLE library_counts (
        scope  TEXT PRIMARY KEY,
        total  INTEGER,
        unread INTEGER
    ) WITHOUT ROWID;
    -- One row per source (folded, as `articles.source_key`); stories without a source count in
    -- 'all' only. Rows left at zero stay: a source usually comes back.
    CREATE TABLE source_counts (
        source_key TEXT PRIMARY KEY,
        total      INTEGER,
        unread     INTEGER
    ) WITHOUT ROWID;
    -- One row per tag in use: its linked stories, and how many of those are unread.
    CREATE TABLE tag_counts (
        tag_id INTEGER PRIMARY KEY,
        total  INTEGER,
        unread INTEGER
    );

    INSERT INTO library_counts (scope, total, unread)
        SELECT 'all', count(*), count(*) - count(read_at) FROM articles;
    INSERT INTO library_counts (scope, total, unread)
        SELECT 'bookmarked', count(*), count(*) - count(read_at) FROM articles
        WHERE bookmarked_at IS NOT NULL;
    INSERT INTO source_counts (source_key, total, unread)
        SELECT source_key, count(*), count(*) - count(read_at) FROM articles
        WHERE source_key IS NOT NULL GROUP BY source_key;
    INSERT INTO tag_counts (tag_id, total, unread)
        SELECT at.tag_id, count(*), count(*) - count(a.read_at)
        FROM article_tags at JOIN articles a ON a.id = at.article_id GROUP BY at.tag_id;

    CREATE TRIGGER counts_insert AFTER INSERT ON articles BEGIN
        UPDATE library_counts SET total = total + 1, unread = unread + (new.read_at IS NULL)
        WHERE scope = 'all' OR (scope = 'bookmarked' AND new.bookmarked_at IS NOT NULL);
        INSERT INTO source_counts (source_key, total, unread)
            SELECT new.source_key, 1, new.read_at IS NULL WHERE new.source_key IS NOT NULL
            ON CONFLICT (source_key) DO UPDATE
            SET total = total + 1, unread = unread + excluded.unread;
    END;

    -- Before the row goes: its tag links are still there (the foreign key's cascade deletes
    -- them after the row, when `counts_untag` no longer finds the story and leaves them be).
    CREATE TRIGGER counts_delete BEFORE DELETE ON articles BEGIN
        UPDATE library_counts SET total = total - 1, unread = unread - (old.read_at IS NULL)
        WHERE scope = 'all' OR (scope = 'bookmarked' AND old.bookmarked_at IS NOT NULL);
        UPDATE source_counts SET total = total - 1, unread = unread - (old.read_at IS NULL)
        WHERE source_key = old.source_key;
        UPDATE tag_counts SET total = total - 1, unread = unread - (old.read_at IS NULL)
        WHERE tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = old.id);
    END;

    -- Holds a row only inside a bulk mark's own transaction: the mark then counts its changes
    -- in one go (`apply_read_flips`), instead of three statements per story in `counts_read`.
    CREATE TABLE counts_bulk (one INTEGER);

    -- The common change, a story read or unread, with the fewest statements.
    CREATE TRIGGER counts_read AFTER UPDATE OF read_at ON articles
    WHEN (old.read_at IS NULL) != (new.read_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM counts_bulk)
        AND old.source_key IS new.source_key
        AND (old.bookmarked_at IS NULL) = (new.bookmarked_at IS NULL)
    BEGIN
        UPDATE library_counts
        SET unread = unread + CASE WHEN new.read_at IS NULL THEN 1 ELSE -1 END
        WHERE scope = 'all' OR (scope = 'bookmarked' AND new.bookmarked_at IS NOT NULL);
        UPDATE source_counts
        SET unread = unread + CASE WHEN new.read_at IS NULL THEN 1 ELSE -1 END
        WHERE source_key = new.source_key;
        UPDATE tag_counts
        SET unread = unread + CASE WHEN new.read_at IS NULL THEN 1 ELSE -1 END
        WHERE tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = new.id);
    END;

    -- Any other change of what is counted (a bookmark, a new source, several at once): the
    -- story's old contribution out, its new one in.
    CREATE TRIGGER counts_change AFTER UPDATE OF read_at, bookmarked_at, source_key ON articles
    WHEN ((old.read_at IS NULL) != (new.read_at IS NULL)
            OR (old.bookmarked_at IS NULL) != (new.bookmarked_at IS NULL)
            OR old.source_key IS NOT new.source_key)
        AND NOT (old.source_key IS new.source_key
            AND (old.bookmarked_at IS NULL) = (new.bookmarked_at IS NULL))
    BEGIN
        UPDATE library_counts
        SET unread = unread + (new.read_at IS NULL) - (old.read_at IS NULL)
        WHERE scope = 'all';
        UPDATE library_counts
        SET total = total + (new.bookmarked_at IS NOT NULL) - (old.bookmarked_at IS NOT NULL),
            unread = unread + (new.bookmarked_at IS NOT NULL AND new.read_at IS NULL)
                            - (old.bookmarked_at IS NOT NULL AND old.read_at IS NULL)
        WHERE scope = 'bookmarked';
        UPDATE source_counts SET total = total - 1, unread = unread - (old.read_at IS NULL)
        WHERE source_key = old.source_key;
        INSERT INTO source_counts (source_key, total, unread)
            SELECT new.source_key, 1, new.read_at IS NULL WHERE new.source_key IS NOT NULL
            ON CONFLICT (source_key) DO UPDATE
            SET total = total + 1, unread = unread + excluded.unread;
        UPDATE tag_counts SET unread = unread + (new.read_at IS NULL) - (old.read_at IS NULL)
        WHERE tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = new.id);
    END;

    -- Tag links count only while their story exists.
    CREATE TRIGGER counts_tag AFTER INSERT ON article_tags BEGIN
        INSERT INTO tag_counts (tag_id, total, unread)
            SELECT new.tag_id, 1, read_at IS NULL FROM articles WHERE id = new.article_id
            ON CONFLICT (tag_id) DO UPDATE
            SET total = total + 1, unread = unread + excluded.unread;
    END;
    CREATE TRIGGER counts_untag AFTER DELETE ON article_tags
    WHEN EXISTS (SELECT 1 FROM articles WHERE id = old.article_id)
    BEGIN
        UPDATE tag_counts SET total = total - 1,
            unread = unread - (SELECT read_at IS NULL FROM articles WHERE id = old.article_id)
        WHERE tag_id = old.tag_id;
    END;
    CREATE TRIGGER counts_retag AFTER UPDATE ON article_tags BEGIN
        UPDATE tag_counts SET total = total - 1,
            unread = unread - (SELECT read_at IS NULL FROM articles WHERE id = old.article_id)
        WHERE tag_id = old.tag_id AND EXISTS (SELECT 1 FROM articles WHERE id = old.article_id);
        INSERT INTO tag_counts (tag_id, total, unread)
            SELECT new.tag_id, 1, read_at IS NULL FROM articles WHERE id = new.article_id
            ON CONFLICT (tag_id) DO UPDATE
            SET total = total + 1, unread = unread + excluded.unread;
    END;
    CREATE TRIGGER counts_tag_gone AFTER DELETE ON tags BEGIN
        DELETE FROM tag_counts WHERE tag_id = old.id;
    END;
";

/// Marks many stories read (or unread) inside the caller's transaction and counts the change
/// once for all of them: per story, the triggers' three counter updates made a 27,000-story mark
/// twice as slow. Returns the stories whose state changed; the others are left as they were.
pub(super) fn set_read_counted(
    tx: &Transaction<'_>,
    ids: &[ArticleId],
    read: bool,
) -> Result<Vec<ArticleId>, StoreError> {
    let at = read.then(|| chrono::Utc::now().timestamp());
    tx.execute("INSERT INTO counts_bulk (one) VALUES (1)", [])?;
    let mut changed = Vec::with_capacity(ids.len());
    {
        let mut stmt = tx.prepare_cached(
            "UPDATE articles SET read_at = ?2 WHERE id = ?1 AND (read_at IS NULL) = ?3",
        )?;
        for &id in ids {
            if stmt.execute(params![id, at, read])? > 0 {
                changed.push(id);
            }
        }
    }
    apply_read_flips(tx, &changed, read)?;
    tx.execute("DELETE FROM counts_bulk", [])?;
    Ok(changed)
}

/// Moves the unread counts of the library, the bookmarks, and each source and tag by the
/// stories in `flipped`, all of which just became read (or unread).
fn apply_read_flips(
    tx: &Transaction<'_>,
    flipped: &[ArticleId],
    read: bool,
) -> Result<(), StoreError> {
    if flipped.is_empty() {
        return Ok(());
    }
    // The ids as one JSON array, a single parameter whatever their number.
    let ids = serde_json::Value::from(flipped.to_vec()).to_string();
    let step: i64 = if read { -1 } else { 1 };
    // One pass over the stories gives both their sources and how many are bookmarked.
    let by_source: Vec<(Option<String>, i64, i64)> = tx
        .prepare_cached(
            "SELECT a.source_key, count(*), count(a.bookmarked_at) \
             FROM json_each(?1) j JOIN articles a ON a.id = j.value GROUP BY a.source_key",
        )?
        .query_map([&ids], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut all = 0;
    let mut bookmarked = 0;
    {
        let mut source = tx.prepare_cached(
            "UPDATE source_counts SET unread = unread + ?2 WHERE source_key = ?1",
        )?;
        for (key, stories, marked) in &by_source {
            all += stories;
            bookmarked += marked;
            if let Some(key) = key {
                source.execute(params![key, step * stories])?;
            }
        }
    }
    let mut library =
        tx.prepare_cached("UPDATE library_counts SET unread = unread + ?2 WHERE scope = ?1")?;
    library.execute(params!["all", step * all])?;
    library.execute(params!["bookmarked", step * bookmarked])?;
    tx.prepare_cached(
        "UPDATE tag_counts SET unread = unread + ?2 * flips.n \
         FROM (SELECT t.tag_id, count(*) AS n FROM json_each(?1) j \
               JOIN article_tags t ON t.article_id = j.value GROUP BY t.tag_id) AS flips \
         WHERE tag_counts.tag_id = flips.tag_id",
    )?
    .execute(params![ids, step])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rusqlite::Connection;

    use super::super::{Arrival, Page, Seen, Store, schema};
    use crate::article::{Article, Counts};
    use crate::query;

    /// Everything the counters hold, or the same numbers counted from the stories themselves.
    #[derive(Debug, PartialEq, Eq)]
    struct Tally {
        all: (i64, i64),
        bookmarked: (i64, i64),
        sources: BTreeMap<String, (i64, i64)>,
        tags: BTreeMap<String, (i64, i64)>,
    }

    fn pairs(conn: &Connection, sql: &str) -> BTreeMap<String, (i64, i64)> {
        let mut stmt = conn.prepare(sql).expect("prepare");
        stmt.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    fn pair(conn: &Connection, sql: &str) -> (i64, i64) {
        conn.query_row(sql, [], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("pair")
    }

    /// Plain `count(*)` over the stories and their tag links.
    fn counted(conn: &Connection) -> Tally {
        Tally {
            all: pair(
                conn,
                "SELECT count(*), count(*) - count(read_at) FROM articles",
            ),
            bookmarked: pair(
                conn,
                "SELECT count(*), count(*) - count(read_at) FROM articles \
                 WHERE bookmarked_at IS NOT NULL",
            ),
            sources: pairs(
                conn,
                "SELECT source_key, count(*), count(*) - count(read_at) FROM articles \
                 WHERE source_key IS NOT NULL GROUP BY source_key",
            ),
            tags: pairs(
                conn,
                "SELECT t.key, count(*), count(*) - count(a.read_at) FROM article_tags at \
                 JOIN articles a ON a.id = at.article_id JOIN tags t ON t.id = at.tag_id \
                 GROUP BY t.id",
            ),
        }
    }

    /// What the triggers kept (rows counting nothing left out, as the sidebar leaves them).
    fn kept(conn: &Connection) -> Tally {
        Tally {
            all: pair(
                conn,
                "SELECT total, unread FROM library_counts WHERE scope = 'all'",
            ),
            bookmarked: pair(
                conn,
                "SELECT total, unread FROM library_counts WHERE scope = 'bookmarked'",
            ),
            sources: pairs(
                conn,
                "SELECT source_key, total, unread FROM source_counts \
                 WHERE total != 0 OR unread != 0",
            ),
            tags: pairs(
                conn,
                "SELECT t.key, c.total, c.unread FROM tag_counts c JOIN tags t ON t.id = c.tag_id \
                 WHERE c.total != 0 OR c.unread != 0",
            ),
        }
    }

    #[track_caller]
    fn assert_true(store: &Store, after: &str) {
        assert_eq!(kept(&store.conn), counted(&store.conn), "after {after}");
        let stale: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM tag_counts WHERE tag_id NOT IN (SELECT id FROM tags)",
                [],
                |row| row.get(0),
            )
            .expect("stale");
        assert_eq!(stale, 0, "counters of tags that are gone, after {after}");
        // `newsdesk tags` and the tag overlay read the counters too.
        let listed: Vec<(String, usize)> = store
            .tags()
            .expect("tags")
            .into_iter()
            .map(|tag| (tag.name, tag.stories))
            .collect();
        let mut linked = store
            .conn
            .prepare(
                "SELECT t.name, count(*) FROM tags t JOIN article_tags at ON at.tag_id = t.id \
                 JOIN articles a ON a.id = at.article_id GROUP BY t.id ORDER BY t.key",
            )
            .expect("prepare");
        let linked: Vec<(String, usize)> = linked
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                ))
            })
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(listed, linked, "tag list after {after}");
    }

    fn story(title: &str, source: Option<&str>, tags: &[&str]) -> Article {
        let mut article = Article::new(title, format!("{title}: what happened today."));
        article.source = source.map(str::to_owned);
        article.tags = tags.iter().map(|&t| t.to_owned()).collect();
        article
    }

    fn library() -> Store {
        let mut store = Store::open_in_memory().expect("store");
        let mut stories = vec![
            story("One", Some("Alpha News"), &["world", "later"]),
            story("Two", Some("Alpha News"), &["world"]),
            story("Three", Some("Beta Blog"), &[]),
            story("Four", Some("Beta Blog"), &["later"]),
            story("Five", None, &["world"]),
            story("Six", Some("Gamma Daily"), &[]),
        ];
        stories[1].read = true;
        stories[2].bookmarked = true;
        stories[3].read = true;
        stories[3].bookmarked = true;
        store.insert_many(&stories).expect("insert");
        store
    }

    fn id_of(store: &Store, title: &str) -> i64 {
        store
            .conn
            .query_row("SELECT id FROM articles WHERE title = ?1", [title], |row| {
                row.get(0)
            })
            .expect("story")
    }

    #[test]
    fn counts_follow_every_change_the_reader_makes() {
        let mut store = library();
        assert_true(&store, "an insert");
        let (one, three) = (id_of(&store, "One"), id_of(&store, "Three"));

        store.set_read(one, true).expect("read");
        assert_true(&store, "marking a tagged story read");
        store.set_read(one, true).expect("read again");
        assert_true(&store, "marking a read story read again");
        store.set_read(one, false).expect("unread");
        assert_true(&store, "marking it unread");

        let everything = query::parse("").expect("query");
        let marked = store.set_read_matching(&everything, true).expect("bulk");
        assert_eq!(marked.len(), 4, "the two read stories do not change");
        assert_eq!(
            store.counts().expect("counts"),
            Counts {
                total: 6,
                unread: 0
            }
        );
        assert_true(&store, "a bulk mark");
        store.set_read_many(&marked, false).expect("undo");
        assert_true(&store, "undoing the bulk mark");
        let alpha = query::parse("source:alpha").expect("query");
        store.set_read_matching(&alpha, true).expect("bulk");
        assert_true(&store, "marking one source read");
        store
            .set_read_many(&[one, 9_999], false)
            .expect("a gone id");
        assert_true(&store, "a bulk mark naming a story that does not exist");

        store.set_bookmarked(one, true).expect("bookmark");
        store.set_bookmarked(three, false).expect("unbookmark");
        assert_true(&store, "bookmarks");

        store
            .change_tags(
                &[one, three],
                &["Later".into(), "new".into()],
                &["world".into()],
            )
            .expect("tags");
        assert_true(&store, "tags added and removed");
        store.rename_tag("new", "fresh").expect("rename");
        assert_true(&store, "a tag renamed");
        store.rename_tag("fresh", "LATER").expect("merge");
        assert_true(&store, "a tag merged into another");

        store.remove(one).expect("remove");
        assert_true(&store, "removing a tagged, bookmarked story");

        let mut link = story("Seven", None, &["later"]);
        link.url = Some("https://example.com/seven".into());
        link.body = String::new();
        link.not_downloaded = Some("not fetched yet".into());
        let seven = match store.insert(&link).expect("insert") {
            super::super::Inserted::New(id) => id,
            other => panic!("expected a new story, got {other:?}"),
        };
        let mut page = story("Seven", Some("Delta Wire"), &[]);
        page.url = link.url.clone();
        store.fill_in(seven, &page).expect("fill in");
        assert_true(&store, "a link's page filled in, giving it a source");
    }

    #[test]
    fn counts_follow_imports_and_sync() {
        let mut store = library();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/exports/pocket.csv");
        let imported = crate::import::import_file(&path).expect("import");
        assert!(!imported.is_empty());
        store.insert_many(&imported).expect("save");
        store
            .insert_many(&imported)
            .expect("save again: all copies");
        assert_true(&store, "an import and the same import again");

        let remote = story("From the server", Some("Alpha News"), &["world"]);
        let arrive = Page {
            arrivals: vec![Arrival {
                remote_id: "r1".into(),
                article: remote,
                mentions: Vec::new(),
            }],
            ..Page::default()
        };
        store.sync_save_page(&arrive).expect("sync");
        assert_true(&store, "a story arriving from the server");
        let change = Page {
            seen: vec![Seen {
                remote_id: "r1".into(),
                read: true,
                starred: true,
                apply_read: Some(true),
                apply_starred: Some(true),
                tags: Some(vec!["server label".into()]),
            }],
            ..Page::default()
        };
        store.sync_save_page(&change).expect("sync");
        assert_true(&store, "the server's read state, star and labels applied");
    }

    #[test]
    fn counts_follow_another_program_writing_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("library.db");
        let mut store = Store::open(&path).expect("open");
        store
            .insert_many(&[
                story("One", Some("Alpha News"), &["world"]),
                story("Two", Some("Beta Blog"), &["world"]),
            ])
            .expect("insert");
        // As the `sqlite3` shell would: foreign keys off, so deleting a story leaves its tag
        // links behind, which must not count.
        let other = Connection::open(&path).expect("second connection");
        other
            .execute_batch(
                "PRAGMA foreign_keys = OFF; \
                 INSERT INTO articles (title, source, source_key, saved, words, content_hash, \
                 read_at, bookmarked_at) VALUES ('Three', 'Beta Blog', 'beta blog', 0, 1, 'h', \
                 NULL, 5); \
                 UPDATE articles SET read_at = 7, source_key = 'gamma' WHERE title = 'One'; \
                 UPDATE articles SET bookmarked_at = NULL, read_at = 8 WHERE title = 'Three'; \
                 DELETE FROM articles WHERE title = 'Two'; \
                 INSERT INTO article_tags (article_id, tag_id) \
                     SELECT a.id, t.id FROM articles a, tags t WHERE a.title = 'Three'; \
                 INSERT INTO tags (name, key) VALUES ('Other', 'other'); \
                 UPDATE article_tags SET tag_id = (SELECT id FROM tags WHERE key = 'other') \
                     WHERE article_id = (SELECT id FROM articles WHERE title = 'One');",
            )
            .expect("another program's writes");
        drop(other);
        assert_true(&store, "another program's writes");
        store
            .change_tags(&[id_of(&store, "Three")], &[], &["world".into()])
            .expect("untag");
        assert_true(&store, "tags removed after an orphan link was left");
    }

    #[test]
    fn a_library_from_before_the_counters_gets_them_filled() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("library.db");
        let position = schema::MIGRATIONS
            .iter()
            .position(|step| *step == super::MIGRATION)
            .expect("the counters' step");
        {
            let mut conn = Connection::open(&path).expect("open");
            let tx = conn.transaction().expect("tx");
            for step in &schema::MIGRATIONS[..position] {
                tx.execute_batch(step).expect("older steps");
            }
            tx.execute_batch(
                "INSERT INTO articles (title, source, source_key, saved, words, content_hash, \
                 read_at, bookmarked_at) VALUES \
                 ('One', 'Alpha', 'alpha', 0, 1, 'a', NULL, 3), \
                 ('Two', 'Alpha', 'alpha', 0, 1, 'b', 4, NULL), \
                 ('Three', NULL, NULL, 0, 1, 'c', NULL, NULL); \
                 INSERT INTO tags (name, key) VALUES ('x', 'x'); \
                 INSERT INTO article_tags SELECT id, 1 FROM articles WHERE title != 'Three';",
            )
            .expect("stories");
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(position).expect("small"),
            )
            .expect("version");
            tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .expect("mark");
            tx.commit().expect("commit");
        }
        let store = Store::open(&path).expect("upgrade");
        assert_true(&store, "the upgrade");
        let sidebar = store.sidebar_counts(&[]).expect("sidebar");
        assert_eq!(
            (sidebar.all, sidebar.bookmarked),
            (
                Counts {
                    total: 3,
                    unread: 2
                },
                Counts {
                    total: 1,
                    unread: 1
                }
            )
        );
        assert_eq!(
            sidebar.tags,
            [(
                "x".to_owned(),
                Counts {
                    total: 2,
                    unread: 1
                }
            )]
        );
    }
}
