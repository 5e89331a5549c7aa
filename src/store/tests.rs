//! Store behaviour: migrations, CRUD, de-duplication, tags and the full-text index.

use std::path::Path;

use super::*;

fn story(title: &str, body: &str) -> Article {
    Article::new(title, body)
}

#[test]
fn a_new_library_is_migrated_to_the_current_version() {
    let store = Store::open_in_memory().expect("open");
    let version: u32 = store
        .conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("version");
    assert_eq!(version, schema::CURRENT_VERSION);
    assert!(store.integrity_ok().expect("check"));
}

#[test]
fn reopening_a_library_keeps_its_stories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    {
        let mut store = Store::open(&path).expect("open");
        store.insert(&story("One", "first body")).expect("insert");
    }
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.counts().expect("counts").total, 1);
}

#[test]
fn a_library_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    {
        let conn = Connection::open(&path).expect("open");
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .expect("mark");
        conn.pragma_update(None, "user_version", 99)
            .expect("set version");
    }
    let before = std::fs::read(&path).expect("read");
    let error = Store::open(&path).err().expect("must refuse");
    assert!(matches!(error, StoreError::TooNew { found: 99, .. }));
    assert!(error.to_string().contains("newer newsdesk"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

fn application_id(path: &Path) -> i32 {
    Connection::open(path)
        .expect("open")
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .expect("application_id")
}

#[test]
fn a_new_library_carries_newsdesks_mark() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    drop(Store::open(&path).expect("open"));
    assert_eq!(application_id(&path), schema::APPLICATION_ID);
}

#[test]
fn a_library_from_before_the_mark_is_recognised_upgraded_and_marked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    {
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(schema::MIGRATIONS[0])
            .expect("version 1");
        conn.execute_batch("PRAGMA user_version = 1")
            .expect("version");
    }
    let mut store = Store::open(&path).expect("an old library opens");
    store
        .insert(&story("New", "After the upgrade."))
        .expect("insert");
    drop(store);
    assert_eq!(application_id(&path), schema::APPLICATION_ID);
}

/// Another program's database, in rollback-journal mode as most are.
fn foreign_database(path: &Path, schema: &str) -> Vec<u8> {
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(schema).expect("schema");
    drop(conn);
    std::fs::read(path).expect("read")
}

#[test]
fn another_programs_database_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("places.sqlite");
    let before = foreign_database(
        &path,
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);
         INSERT INTO moz_places (url) VALUES ('https://example.org/');
         PRAGMA user_version = 70;",
    );
    let error = Store::open(&path).err().expect("must refuse");
    assert!(matches!(error, StoreError::Foreign { .. }), "{error}");
    assert!(error.to_string().contains("not a newsdesk library"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(!dir.path().join("places.sqlite-wal").exists());
}

#[test]
fn a_database_with_a_clashing_table_name_gets_one_short_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cms.db");
    let before = foreign_database(
        &path,
        "CREATE TABLE articles (slug TEXT PRIMARY KEY, html TEXT);",
    );
    let message = Store::open(&path).err().expect("must refuse").to_string();
    assert!(!message.contains('\n') && message.len() < 300, "{message}");
    assert!(!message.contains("CREATE"), "{message}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn random_bytes_are_reported_as_a_damaged_library() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    std::fs::write(&path, vec![0x5a_u8; 8192]).expect("write");
    let error = Store::open(&path).err().expect("must fail");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error}");
    assert!(error.to_string().contains("move it aside"));
}

#[test]
fn insert_get_and_remove_round_trip() {
    let mut store = Store::open_in_memory().expect("open");
    let mut article = story("Title", "Some words here.\n\nSecond paragraph.");
    article.url = Some("https://example.org/a".into());
    article.tags = vec!["Politics".into(), "  latam ".into(), String::new()];
    let Inserted::New(id) = store.insert(&article).expect("insert") else {
        panic!("expected a new story");
    };
    let stored = store.get(id).expect("get");
    assert_eq!(stored.title, "Title");
    assert_eq!(
        stored.tags,
        vec!["latam".to_string(), "Politics".to_string()]
    );
    assert_eq!(stored.word_count(), 5);
    store.remove(id).expect("remove");
    assert!(matches!(store.get(id), Err(StoreError::NotFound(_))));
    assert!(matches!(store.remove(id), Err(StoreError::NotFound(_))));
}

#[test]
fn the_same_title_and_text_are_stored_once() {
    let mut store = Store::open_in_memory().expect("open");
    let first = store
        .insert(&story("A  title", "Same  text here"))
        .expect("insert");
    let second = store
        .insert(&story("a Title", "same text\nHERE"))
        .expect("insert");
    let Inserted::New(id) = first else {
        panic!("first must be new")
    };
    assert_eq!(second, Inserted::Duplicate(id));
    assert_eq!(store.counts().expect("counts").total, 1);
}

#[test]
fn notes_with_the_same_text_but_different_titles_are_both_kept() {
    let mut store = Store::open_in_memory().expect("open");
    let mut first = story("Monday stand-up", "Nothing to report.");
    first.tags = vec!["work".into()];
    let mut second = story("Tuesday stand-up", "Nothing to report.");
    second.tags = vec!["team".into()];
    assert!(matches!(store.insert(&first), Ok(Inserted::New(_))));
    assert!(matches!(store.insert(&second), Ok(Inserted::New(_))));
    assert_eq!(store.counts().expect("counts").total, 2);
}

/// A feed item as the feed importer makes it.
fn item(feed: &str, guid: Option<&str>, url: Option<&str>, title: &str) -> Article {
    let mut article = story(title, &format!("{title} in {feed}."));
    article.source = Some(feed.into());
    article.feed_key = Some(format!("https://{feed}.example/"));
    article.guid = guid.map(str::to_owned);
    article.url = url.map(str::to_owned);
    article
}

#[test]
fn two_feeds_numbering_their_items_alike_keep_all_their_items() {
    let mut store = Store::open_in_memory().expect("open");
    for feed in ["alpha", "beta"] {
        for guid in ["1", "2"] {
            let saved = store
                .insert(&item(feed, Some(guid), None, &format!("{feed} {guid}")))
                .expect("insert");
            assert!(matches!(saved, Inserted::New(_)), "{feed} {guid}");
        }
    }
    let again = store
        .insert(&item("beta", Some("2"), None, "beta 2, edited"))
        .expect("insert");
    assert!(matches!(again, Inserted::Duplicate(_)));
    assert_eq!(store.counts().expect("counts").total, 4);
}

#[test]
fn feed_items_saved_before_feeds_were_told_apart_are_still_recognised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    {
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(schema::MIGRATIONS[0])
            .expect("version 1");
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO articles (title, source, source_key, saved, words, content_hash, guid)
             VALUES ('alpha 1', 'alpha', 'alpha', 0, 2, 'h', '1');
             INSERT INTO bodies (article_id, body) VALUES (1, 'alpha 1 in alpha.');",
        )
        .expect("an old library");
    }
    let mut store = Store::open(&path).expect("migrate");
    assert_eq!(
        store
            .insert(&item("alpha", Some("1"), None, "alpha 1"))
            .expect("insert"),
        Inserted::Duplicate(1)
    );
    assert!(matches!(
        store.insert(&item("beta", Some("1"), None, "beta 1")),
        Ok(Inserted::New(_))
    ));
}

#[test]
fn a_shared_link_alone_does_not_make_two_stories_the_same() {
    let mut store = Store::open_in_memory().expect("open");
    let status = Some("https://status.example/");
    let first = store
        .insert(&item("alpha", None, status, "Outage in Paris"))
        .expect("insert");
    let second = store
        .insert(&item("alpha", None, status, "Outage resolved"))
        .expect("insert");
    assert!(matches!(
        (first, second),
        (Inserted::New(_), Inserted::New(_))
    ));
    let again = store
        .insert(&item("alpha", None, status, "Outage  in paris"))
        .expect("insert");
    let Inserted::New(first) = first else {
        panic!("first must be new")
    };
    assert_eq!(again, Inserted::Duplicate(first));
    // A bare link to a saved page adds nothing new.
    let mut bare = story("https://status.example/", "");
    bare.url = status.map(str::to_owned);
    assert!(matches!(store.insert(&bare), Ok(Inserted::Duplicate(_))));
    assert_eq!(store.counts().expect("counts").total, 2);
}

#[test]
fn tags_are_unique_without_regard_to_case_and_keep_the_first_spelling() {
    let mut store = Store::open_in_memory().expect("open");
    let mut a = story("A", "alpha");
    a.tags = vec!["Élan".into()];
    let mut b = story("B", "beta");
    b.tags = vec!["éLAN".into()];
    store.insert(&a).expect("insert");
    store.insert(&b).expect("insert");
    let list = store.list(Window::ALL).expect("list");
    assert!(list.iter().all(|s| s.tags == vec!["Élan".to_string()]));
    let tag_count: i64 = store
        .conn
        .query_row("SELECT count(*) FROM tags", [], |row| row.get(0))
        .expect("count");
    assert_eq!(tag_count, 1);
}

#[test]
fn read_bookmark_and_position_are_kept() {
    let mut store = Store::open_in_memory().expect("open");
    let Inserted::New(id) = store.insert(&story("A", "alpha beta")).expect("insert") else {
        panic!("new")
    };
    assert_eq!(store.counts().expect("counts").unread, 1);
    store.set_read(id, true).expect("read");
    store.set_bookmarked(id, true).expect("bookmark");
    store.set_position(id, 6).expect("position");
    let article = store.get(id).expect("get");
    assert!(article.read && article.bookmarked && article.bookmarked_at.is_some());
    assert_eq!(article.position, 6);
    assert_eq!(store.counts().expect("counts").unread, 0);
    store.set_read(id, false).expect("unread");
    assert!(!store.get(id).expect("get").read);
    assert!(matches!(
        store.set_read(999, true),
        Err(StoreError::NotFound(999))
    ));
}

#[test]
fn the_list_is_newest_first_and_windowed() {
    let mut store = Store::open_in_memory().expect("open");
    for day in 1..=5 {
        let mut article = story(&format!("Day {day}"), &format!("body of day {day}"));
        article.published = DateTime::from_timestamp(1_700_000_000 + day * 86_400, 0);
        store.insert(&article).expect("insert");
    }
    let page = store
        .list(Window {
            offset: 1,
            limit: 2,
        })
        .expect("list");
    let titles: Vec<_> = page.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Day 4", "Day 3"]);
}

#[test]
fn the_full_text_index_follows_inserts_and_removals() {
    let mut store = Store::open_in_memory().expect("open");
    let Inserted::New(id) = store
        .insert(&story(
            "Coffee prices",
            "Growers in Bogotá report a record harvest",
        ))
        .expect("insert")
    else {
        panic!("new")
    };
    assert_eq!(store.search_ids("bogota", 10).expect("search"), vec![id]);
    assert_eq!(store.search_ids("harv*", 10).expect("search"), vec![id]);
    store.remove(id).expect("remove");
    assert!(store.search_ids("bogota", 10).expect("search").is_empty());
}

/// A small library for query tests: (title, body, tags, source, day of October 2025, bookmarked, read).
fn query_library() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    let stories = [
        (
            "Coffee harvest",
            "Growers in Bogotá expect a record coffee harvest.",
            &["latam", "Agriculture"][..],
            "Andes Daily",
            21,
            false,
            false,
        ),
        (
            "Night train",
            "A night train returns between Vienna and Rome.",
            &["europe"][..],
            "Iberian Post",
            18,
            true,
            true,
        ),
        (
            "Rates on hold",
            "The bank holds rates; coffee prices rise.",
            &["economy"][..],
            "The Meridian Ledger",
            12,
            false,
            true,
        ),
        (
            "Lithium pact",
            "Chile and Bolivia sign a lithium pact near the coffee belt.",
            &["latam", "mining"][..],
            "The Meridian Ledger",
            28,
            true,
            false,
        ),
    ];
    for (title, body, tags, source, day, bookmarked, read) in stories {
        let mut article = story(title, body);
        article.tags = tags.iter().map(|t| (*t).to_string()).collect();
        article.source = Some(source.into());
        article.published = chrono::NaiveDate::from_ymd_opt(2025, 10, day)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|d| d.and_utc());
        article.bookmarked = bookmarked;
        article.read = read;
        store.insert(&article).expect("insert");
    }
    store
}

fn titles(store: &Store, query: &str) -> Vec<String> {
    let query = crate::query::parse(query).expect("query parses");
    store
        .query(&query, Window::ALL)
        .expect("query runs")
        .into_iter()
        .map(|s| s.title)
        .collect()
}

#[test]
fn each_filter_selects_the_right_stories() {
    let store = query_library();
    assert_eq!(
        titles(&store, ""),
        [
            "Lithium pact",
            "Coffee harvest",
            "Night train",
            "Rates on hold"
        ]
    );
    assert_eq!(
        titles(&store, "tag:LATAM"),
        ["Lithium pact", "Coffee harvest"]
    );
    assert_eq!(titles(&store, "tag:agriculture"), ["Coffee harvest"]);
    assert_eq!(
        titles(&store, "-tag:latam"),
        ["Night train", "Rates on hold"]
    );
    assert_eq!(
        titles(&store, "is:bookmarked"),
        ["Lithium pact", "Night train"]
    );
    assert_eq!(
        titles(&store, "is:unread"),
        ["Lithium pact", "Coffee harvest"]
    );
    assert_eq!(titles(&store, "is:read"), ["Night train", "Rates on hold"]);
    assert_eq!(
        titles(&store, "source:meridian"),
        ["Lithium pact", "Rates on hold"]
    );
    assert_eq!(titles(&store, "before:2025-10-18"), ["Rates on hold"]);
    assert_eq!(
        titles(&store, "after:2025-10-21"),
        ["Lithium pact", "Coffee harvest"]
    );
    assert!(
        titles(&store, "entity:Vienna").is_empty(),
        "no mentions stored yet"
    );
    assert_eq!(titles(&store, "tag:latam is:bookmarked"), ["Lithium pact"]);
    assert_eq!(
        titles(&store, "tag:europe OR tag:economy sort:oldest"),
        ["Rates on hold", "Night train"]
    );
    assert_eq!(
        titles(&store, "sort:title"),
        [
            "Coffee harvest",
            "Lithium pact",
            "Night train",
            "Rates on hold"
        ]
    );
}

#[test]
fn full_text_ignores_case_and_accents_and_matches_prefixes_and_phrases() {
    let store = query_library();
    assert_eq!(titles(&store, "BOGOTA"), ["Coffee harvest"]);
    assert_eq!(titles(&store, "lith"), ["Lithium pact"]);
    assert_eq!(titles(&store, "\"night train\""), ["Night train"]);
    assert!(titles(&store, "\"train night\"").is_empty());
    assert_eq!(
        titles(&store, "coffee -bank tag:latam sort:newest"),
        ["Lithium pact", "Coffee harvest"]
    );
    // FTS5 syntax in user input is quoted into plain text, never an SQL or FTS error.
    for input in [
        "NEAR(coffee",
        "coffee*",
        "^coffee",
        "10:30",
        "AND",
        "\"coffee\" NOT",
    ] {
        let query = crate::query::parse(input).expect("parses");
        store.query(&query, Window::ALL).expect(input);
    }
}

#[test]
fn relevance_ranks_the_better_match_first() {
    let store = query_library();
    let ranked = titles(&store, "coffee");
    assert_eq!(ranked.len(), 3);
    assert_eq!(ranked[0], "Coffee harvest", "title and body both match");
}

#[test]
fn counts_follow_the_query() {
    let store = query_library();
    let cases = [
        ("tag:latam", 2),
        ("coffee", 3),
        ("coffee -tag:latam", 1),
        ("coffee tag:latam is:bookmarked", 1),
        ("", 4),
    ];
    for (text, count) in cases {
        let query = crate::query::parse(text).expect("parse");
        assert_eq!(store.query_count(&query).expect("count"), count, "{text}");
        assert_eq!(store.query_ids(&query).expect("ids").len(), count, "{text}");
    }
}

#[test]
fn a_truncated_library_is_reported_as_damaged_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    {
        let mut store = Store::open(&path).expect("open");
        let articles: Vec<Article> = (0..200)
            .map(|i| story(&format!("Story {i}"), &"word ".repeat(300 + i)))
            .collect();
        store.insert_many(&articles).expect("insert");
        store
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
    }
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 3]).expect("truncate");
    let outcome = Store::open(&path).and_then(|store| {
        store.list(Window::ALL)?;
        for id in 1..=200 {
            store.get(id)?;
        }
        store.integrity_ok()
    });
    match outcome {
        Ok(ok) => assert!(!ok, "a truncated file cannot pass the integrity check"),
        Err(error) => {
            let text = error.to_string();
            assert!(
                text.contains("damaged") || text.contains("not a newsdesk library"),
                "{text}"
            );
        }
    }
}

#[test]
fn a_library_opened_for_reading_only_reads_and_refuses_changes_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    drop(Store::open(&path).expect("open"));
    {
        let mut store = Store::open(&path).expect("open");
        store.insert(&story("Kept", "Its text.")).expect("insert");
    }
    let mut store =
        Store::open_read_only(&path, "its folder is not writable", false).expect("read only");
    assert_eq!(store.list(Window::ALL).expect("list")[0].title, "Kept");
    let error = store
        .change_tags(&[1], &["x".into()], &[])
        .expect_err("must refuse");
    assert!(matches!(error, StoreError::ReadOnly(_)), "{error}");
    assert!(error.stops_writing());
    let message = error.to_string();
    assert!(
        message.contains("read-only") && message.contains("Reading works"),
        "{message}"
    );
}

#[test]
fn a_full_disk_is_reported_with_what_to_do() {
    let mut store = Store::open_in_memory().expect("open");
    let pages: i64 = store
        .conn
        .query_row("PRAGMA page_count", [], |row| row.get(0))
        .expect("pages");
    store
        .conn
        .execute_batch(&format!("PRAGMA max_page_count = {}", pages + 4))
        .expect("limit");
    let body = "words ".repeat(20_000);
    let error = (0..50)
        .find_map(|i| {
            store
                .insert(&story(&format!("T{i}"), &format!("{i} {body}")))
                .err()
        })
        .expect("the library fills up");
    assert!(matches!(error, StoreError::DiskFull(_)), "{error}");
    assert!(error.stops_writing());
    let message = error.to_string();
    assert!(message.contains("free some space"), "{message}");
    assert!(message.contains("saved before it is intact"), "{message}");
}

#[test]
fn a_tag_holding_a_unit_separator_stays_one_tag_in_lists() {
    let mut store = Store::open_in_memory().expect("open");
    let mut article = story("Odd tag", "text");
    article.tags = vec!["left\u{1f}right".into()];
    store.insert(&article).expect("insert");
    let listed = store.list(Window::ALL).expect("list");
    assert_eq!(listed[0].tags, ["left\u{1f}right"]);
}

#[test]
fn a_tag_with_a_quote_in_its_name_can_be_searched() {
    let mut store = Store::open_in_memory().expect("open");
    let mut article = story("Quoted", "text");
    article.tags = vec![r#"say "hi""#.into()];
    store.insert(&article).expect("insert");
    store.insert(&story("Other", "more text")).expect("insert");
    let query = format!("tag:{}", crate::query::quote(r#"say "hi""#));
    assert_eq!(titles(&store, &query), ["Quoted"]);
    assert_eq!(titles(&store, r#"tag:"say \"hi\"""#), ["Quoted"]);
}

#[test]
fn the_longest_query_allowed_runs_and_a_longer_one_is_a_query_error() {
    let store = query_library();
    let kinds = [
        "tag:x",
        "-entity:y",
        "source:z",
        "word",
        "\"a phrase\"",
        "-is:read",
    ];
    let terms: Vec<&str> = (0..crate::query::MAX_TERMS.div_ceil(2))
        .map(|i| kinds[i % kinds.len()])
        .collect();
    let longest = terms.join(" OR ");
    let parsed = crate::query::parse(&longest).expect("parses");
    store.query(&parsed, Window::ALL).expect("SQLite takes it");
    store.query_count(&parsed).expect("and counts it");
    let anded = terms.join(" ");
    store
        .query(&crate::query::parse(&anded).expect("parses"), Window::ALL)
        .expect("SQLite takes it");
    let thousand = vec!["tag:x"; 1_000].join(" OR ");
    let error = crate::query::parse(&thousand).expect_err("too long");
    assert!(
        error.message.contains("too many terms"),
        "{}",
        error.message
    );
}

#[test]
fn a_busy_library_is_tried_three_times_and_other_errors_once() {
    let busy = || {
        StoreError::Busy(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        ))
    };
    let mut calls = 0;
    let result = retrying(|| {
        calls += 1;
        if calls < 3 { Err(busy()) } else { Ok(calls) }
    });
    assert_eq!(result.expect("third time"), 3);
    calls = 0;
    let result: Result<(), _> = retrying(|| {
        calls += 1;
        Err(busy())
    });
    assert!(result.expect_err("gives up").is_busy());
    assert_eq!(calls, 3);
    calls = 0;
    let result: Result<(), _> = retrying(|| {
        calls += 1;
        Err(StoreError::NotFound(1))
    });
    assert!(matches!(result, Err(StoreError::NotFound(1))));
    assert_eq!(calls, 1);
}

#[test]
fn stories_saved_before_the_index_was_rebuilt_are_still_found_by_word_and_letter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    {
        // A library of the version before the full-text index was rebuilt, with one story
        // indexed by that version's trigger.
        let mut conn = Connection::open(&path).expect("open");
        let tx = conn.transaction().expect("transaction");
        for step in &schema::MIGRATIONS[..4] {
            tx.execute_batch(step).expect("old schema");
        }
        tx.execute_batch(
            "INSERT INTO articles (id, title, saved, words, content_hash) \
             VALUES (7, 'Harbour wall', 0, 4, 'h');
             INSERT INTO bodies (article_id, body) VALUES (7, 'Masons rebuild the wall.');
             PRAGMA user_version = 4;",
        )
        .expect("old story");
        tx.commit().expect("commit");
    }
    let mut store = Store::open(&path).expect("the old library opens and is upgraded");
    store
        .insert(&story("Mill", "Millers grind more grain."))
        .expect("a new story after the upgrade");
    for (text, expected) in [("masons", 1), ("m", 2), ("mi", 1), ("harbour", 1), ("q", 0)] {
        let query = crate::query::parse(text).expect("parse");
        assert_eq!(
            store.query_count(&query).expect("count"),
            expected,
            "{text}"
        );
        assert_eq!(
            store.query(&query, Window::ALL).expect("list").len(),
            expected
        );
    }
    store.remove(7).expect("remove");
    let query = crate::query::parse("masons").expect("parse");
    assert_eq!(
        store.query_count(&query).expect("count"),
        0,
        "removed from the index"
    );
}

#[test]
fn a_word_in_most_stories_of_a_large_library_lists_them_all_newest_first() {
    let mut store = Store::open_in_memory().expect("store");
    let stories: Vec<Article> = (0..5_000)
        .map(|i| {
            // Every tenth story lacks the common word; every 500th has a rare one.
            let common = if i % 10 == 0 { "" } else { "said" };
            let rare = if i % 500 == 0 { "zephyr" } else { "" };
            let mut article = story(
                &format!("Story {i}"),
                &format!("{common} {rare} number {i}"),
            );
            article.published = DateTime::from_timestamp(1_700_000_000 + i * 3_600, 0);
            article
        })
        .collect();
    store.insert_many(&stories).expect("insert");
    let title_of = |id: ArticleId| store.get(id).expect("story").title;
    let newest_first: Vec<String> = (0..5_000)
        .rev()
        .filter(|i| i % 10 != 0)
        .map(|i| format!("Story {i}"))
        .collect();

    let said = crate::query::parse("said").expect("parse");
    let window = store
        .query(
            &said,
            Window {
                offset: 300,
                limit: 300,
            },
        )
        .expect("second window");
    let titles: Vec<&str> = window.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        newest_first[300..600]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert_eq!(store.query_count(&said).expect("count"), 4_500);
    // The reader's view: the same window with the exact count, from one look at the index.
    let listing = store
        .query_page(
            &said,
            Window {
                offset: 300,
                limit: 300,
            },
        )
        .expect("page");
    assert_eq!(listing.total, 4_500);
    assert_eq!(listing.stories, window);
    let ids = store.query_ids(&said).expect("ids");
    assert_eq!(
        ids.iter().map(|&id| title_of(id)).collect::<Vec<_>>(),
        newest_first
    );
    // Two letters, as typed into the search box, find the same stories the same way.
    let typed = crate::query::parse("sa").expect("parse");
    let first = store
        .query(
            &typed,
            Window {
                offset: 0,
                limit: 300,
            },
        )
        .expect("first window");
    let titles: Vec<&str> = first.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        newest_first[..300]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert_eq!(store.query_count(&typed).expect("count"), 4_500);

    // Asked for by relevance, the same stories come ranked; a rare word is always ranked.
    let ranked = crate::query::parse("said sort:relevance").expect("parse");
    assert_eq!(store.query_ids(&ranked).expect("ranked").len(), 4_500);
    let rare = crate::query::parse("zephyr").expect("parse");
    assert_eq!(store.query(&rare, Window::ALL).expect("rare").len(), 10);
    let listing = store
        .query_page(
            &rare,
            Window {
                offset: 8,
                limit: 300,
            },
        )
        .expect("rare page");
    assert_eq!((listing.stories.len(), listing.total), (2, 10));
    // A window past the end is empty and still counts every match; a filter is counted too.
    let past = Window {
        offset: 4_500,
        limit: 300,
    };
    let listing = store.query_page(&said, past).expect("past the end");
    assert_eq!((listing.stories.len(), listing.total), (0, 4_500));
    let filtered = crate::query::parse("said -zephyr").expect("parse");
    let listing = store.query_page(&filtered, past).expect("filtered");
    assert_eq!(listing.total, store.query_count(&filtered).expect("count"));
    assert_eq!(listing.total, 4_500);
}
