//! The library's schema and its migrations, applied in order inside one transaction.

/// Each entry upgrades the schema from version `index` to `index + 1`.
///
/// Never edit a released step: add a new one, so libraries written by older versions upgrade.
pub(super) const MIGRATIONS: &[&str] = &[
    // 0 -> 1: articles, tags, and a full-text index kept in step by triggers.
    r"
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        url           TEXT,
        title         TEXT NOT NULL,
        author        TEXT,
        source        TEXT,
        published     INTEGER,
        saved         INTEGER NOT NULL,
        body          TEXT NOT NULL,
        content_hash  TEXT NOT NULL UNIQUE,
        words         INTEGER NOT NULL,
        read_at       INTEGER,
        position      INTEGER NOT NULL DEFAULT 0,
        bookmarked_at INTEGER
    );
    CREATE INDEX articles_by_date ON articles (coalesce(published, saved) DESC, id DESC);
    CREATE INDEX articles_by_url ON articles (url) WHERE url IS NOT NULL;

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

    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, body,
        content = 'articles', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
    END;
    ",
];

/// The schema version this build writes; a library with a higher `user_version` is refused.
pub(super) const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;
