//! The library's schema and its migrations, applied in order inside one transaction, and how a
//! database file is recognised as a newsdesk library before anything is written to it.

use rusqlite::Connection;

/// newsdesk's mark in the SQLite file header (`PRAGMA application_id`), "NDSK" in ASCII: files
/// without it are not converted, so `--library` pointed at another program's database is
/// refused rather than changed.
pub(super) const APPLICATION_ID: i32 = 0x4E44_534B;

/// Counts the tables every newsdesk library since version 1 has; a file without the mark but
/// with all seven (and a `user_version` of at least 1) was written before libraries were marked.
const COUNT_TABLES_SINCE_VERSION_1: &str = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' \
     AND name IN ('articles', 'bodies', 'tags', 'article_tags', 'feeds', 'entities', 'mentions')";

/// What a database file is, judged by reading its header and schema only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A newsdesk library at this schema version (marked, or from before the mark).
    Library { version: u32, marked: bool },
    /// A new or empty database: it becomes a library.
    Empty,
    /// Another program's database.
    Foreign,
}

/// Recognises a database without writing to it.
///
/// # Errors
/// When the file cannot be read as a database (damaged, or not SQLite at all).
pub(super) fn identify(conn: &Connection) -> rusqlite::Result<Kind> {
    let id: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if id == APPLICATION_ID {
        return Ok(Kind::Library {
            version,
            marked: true,
        });
    }
    if id != 0 {
        return Ok(Kind::Foreign);
    }
    let objects: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
    if objects == 0 && version == 0 {
        return Ok(Kind::Empty);
    }
    let ours: i64 = conn.query_row(COUNT_TABLES_SINCE_VERSION_1, [], |row| row.get(0))?;
    Ok(if version >= 1 && ours == 7 {
        Kind::Library {
            version,
            marked: false,
        }
    } else {
        Kind::Foreign
    })
}

/// Each entry upgrades the schema from version `index` to `index + 1`.
///
/// Never edit a released step: add a new one, so libraries written by older versions upgrade.
pub(super) const MIGRATIONS: &[&str] = &[
    // 0 -> 1: articles, tags, and a full-text index kept in step by triggers.
    r"
    -- Bodies live in their own table: list, filter and count queries then scan small rows.
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        url           TEXT,
        -- A feed item's id, matched before anything else when a feed is imported again.
        guid          TEXT,
        title         TEXT NOT NULL,
        author        TEXT,
        source        TEXT,
        -- The source folded to lower case without accents, for `source:` searches.
        source_key    TEXT,
        published     INTEGER,
        saved         INTEGER NOT NULL,
        words         INTEGER NOT NULL,
        read_at       INTEGER,
        position      INTEGER NOT NULL DEFAULT 0,
        bookmarked_at INTEGER,
        content_hash  TEXT NOT NULL,
        -- Why the text is missing (a link saved without its page); NULL once downloaded.
        not_downloaded TEXT,
        -- Version of the recogniser that found this story's entities; 0 for never.
        entities_version INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE bodies (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        body       TEXT NOT NULL
    );
    CREATE INDEX articles_by_date ON articles (coalesce(published, saved) DESC, id DESC);
    CREATE INDEX articles_by_url ON articles (url) WHERE url IS NOT NULL;
    CREATE INDEX articles_by_guid ON articles (guid) WHERE guid IS NOT NULL;
    CREATE INDEX articles_by_hash ON articles (content_hash);
    -- The two built-in views, unread and bookmarked, each get an index in list order.
    CREATE INDEX articles_unread ON articles (coalesce(published, saved) DESC, id DESC)
        WHERE read_at IS NULL;
    CREATE INDEX articles_bookmarked ON articles (coalesce(published, saved) DESC, id DESC)
        WHERE bookmarked_at IS NOT NULL;

    -- Named things, one row per label and folded name; mentions point at them.
    CREATE TABLE entities (
        id    INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        name  TEXT NOT NULL,
        key   TEXT NOT NULL,
        UNIQUE (label, key)
    );
    CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        entity_id  INTEGER NOT NULL REFERENCES entities (id),
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_by_entity ON mentions (entity_id, article_id);
    CREATE INDEX articles_by_entities_version ON articles (entities_version);

    -- Feed subscriptions, refreshed by `newsdesk refresh` and `R` in the reader.
    CREATE TABLE feeds (
        id           INTEGER PRIMARY KEY,
        url          TEXT NOT NULL UNIQUE,
        title        TEXT,
        added        INTEGER NOT NULL,
        last_checked INTEGER,
        last_error   TEXT
    );

    CREATE TABLE tags (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        -- Lower-cased name: tags are unique without regard to case, in every script.
        key  TEXT NOT NULL UNIQUE
    );

    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

    -- Contentless: the index holds no second copy of the text; rows are deleted by id.
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON bodies BEGIN
        INSERT INTO articles_fts (rowid, title, body)
        VALUES (new.article_id, (SELECT title FROM articles WHERE id = new.article_id), new.body);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
    END;
    CREATE TRIGGER articles_fts_retitle AFTER UPDATE OF title ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
        INSERT INTO articles_fts (rowid, title, body)
        VALUES (new.id, new.title, (SELECT body FROM bodies WHERE article_id = new.id));
    END;
    CREATE TRIGGER articles_fts_rebody AFTER UPDATE OF body ON bodies BEGIN
        DELETE FROM articles_fts WHERE rowid = old.article_id;
        INSERT INTO articles_fts (rowid, title, body)
        VALUES (new.article_id, (SELECT title FROM articles WHERE id = new.article_id), new.body);
    END;
    ",
    // 1 -> 2: the feed a story came from, so that item ids and links are matched within it.
    r"
    -- NULL for stories not from a feed and for feed stories saved before version 2; those are
    -- matched on their source's name instead.
    ALTER TABLE articles ADD COLUMN feed_key TEXT;
    ",
    // 2 -> 3: folders for subscriptions (OPML nesting), and an index that lets the reader's
    // sidebar count every source's stories and unread stories without reading article rows.
    r"
    ALTER TABLE feeds ADD COLUMN folder TEXT;
    CREATE INDEX articles_by_source ON articles (source_key, read_at);
    ",
    // 3 -> 4: highlights and notes.
    super::highlights::MIGRATION,
    // 4 -> 5: subscriptions that stay fresh: validators, schedule, per-feed settings.
    super::feeds::MIGRATION,
    // 5 -> 6: full articles for summary-only feed items: the kept summary, and why one is missing.
    super::full_text::MIGRATION,
    // 6 -> 7: feed items removed by retention, so a refresh does not bring them back.
    super::retention::MIGRATION,
    // 7 -> 8: enclosures of feed items (podcast audio, video, images).
    super::enclosures::MIGRATION,
    // 8 -> 9: two-way sync: server ids, cursors, and the queue of changes not yet sent.
    super::sync::MIGRATION,
    // 9 -> 10: the full-text index rebuilt, for speed. (1) Prefix indexes of one and two characters: a search
    // typed one letter at a time asks for every word starting with "m", which without them
    // means merging the lists of thousands of words. (2) No insert trigger: the insert code
    // writes the index itself; a trigger made every insert a statement with its own savepoint,
    // and FTS5 writes its pending terms to the disk at each savepoint, one small segment per
    // story. (3) A 16 MiB pending-term buffer: fewer, larger segments to merge in a big import.
    r"
    DROP TRIGGER articles_fts_insert;
    DROP TRIGGER articles_fts_delete;
    DROP TRIGGER articles_fts_retitle;
    DROP TRIGGER articles_fts_rebody;
    DROP TABLE articles_fts;
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2'
    );
    INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 16777216);
    INSERT INTO articles_fts (rowid, title, body)
        SELECT a.id, a.title, b.body FROM articles a JOIN bodies b ON b.article_id = a.id;
    INSERT INTO articles_fts (articles_fts) VALUES ('optimize');
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
    END;
    CREATE TRIGGER articles_fts_retitle AFTER UPDATE OF title ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
        INSERT INTO articles_fts (rowid, title, body)
        VALUES (new.id, new.title, (SELECT body FROM bodies WHERE article_id = new.id));
    END;
    CREATE TRIGGER articles_fts_rebody AFTER UPDATE OF body ON bodies BEGIN
        DELETE FROM articles_fts WHERE rowid = old.article_id;
        INSERT INTO articles_fts (rowid, title, body)
        VALUES (new.article_id, (SELECT title FROM articles WHERE id = new.article_id), new.body);
    END;
    ",
    // 10 -> 11: story counters for the reader's sidebar (library, bookmarked, per source, per
    // tag), kept by triggers and filled from the stories already saved.
    super::counters::MIGRATION,
    // 11 -> 12: one entity across the library's names (bare surnames, acronyms).
    super::aliases::MIGRATION,
    // 12 -> 13: mentions as one BLOB per story and one row per (entity, story) with a count.
    super::spans::MIGRATION,
];

/// The schema version this build writes; a library with a higher `user_version` is refused.
pub(super) const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

/// Builds the schema as it was just before `step` and returns that version, for upgrade tests:
/// later steps may be appended, so "the previous version" is found by the step, not by counting
/// from the end.
#[cfg(test)]
pub(super) fn schema_before(tx: &rusqlite::Transaction<'_>, step: &str) -> usize {
    let version = MIGRATIONS
        .iter()
        .position(|s| *s == step)
        .expect("the step is in the list");
    for earlier in &MIGRATIONS[..version] {
        tx.execute_batch(earlier).expect("old schema");
    }
    version
}
