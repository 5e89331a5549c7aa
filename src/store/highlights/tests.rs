//! Highlights in the store: saving, changing, deleting and restoring, re-anchoring when a
//! story's text changes, orphans kept, and the note index kept in step.

use super::*;
use crate::article::Article;
use crate::store::Inserted;

const BODY: &str = "The council met on Monday. It voted to close the bridge.\n\n\
                    Residents objected loudly. The mayor said nothing.";

fn store_with_story() -> (Store, ArticleId) {
    let mut store = Store::open_in_memory().expect("open");
    let Inserted::New(id) = store.insert(&Article::new("Bridge", BODY)).expect("insert") else {
        panic!("a new story");
    };
    (store, id)
}

fn note_hits(store: &Store, word: &str) -> Vec<i64> {
    let mut stmt = store
        .conn
        .prepare("SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH ?1")
        .expect("prepare");
    stmt.query_map([word], |row| row.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn a_quote_is_highlighted_with_its_note_and_read_back_with_the_story() {
    let (mut store, id) = store_with_story();
    let saved = store
        .highlight_quote(
            id,
            "It voted to close the bridge.",
            Color::Green,
            Some("vote".into()),
        )
        .expect("highlight");
    assert_eq!(
        &BODY[saved.anchor.start..saved.anchor.end],
        saved.anchor.quote
    );
    let article = store.get(id).expect("get");
    assert_eq!(article.highlights.len(), 1);
    assert_eq!(article.highlights[0].note.as_deref(), Some("vote"));
    assert_eq!(article.highlights[0].color, Color::Green);
    assert!(!article.highlights[0].orphaned);
}

#[test]
fn a_quote_not_in_the_story_is_refused() {
    let (mut store, id) = store_with_story();
    let error = store
        .highlight_quote(id, "The bridge reopened.", Color::Yellow, None)
        .expect_err("not in the text");
    assert!(matches!(error, StoreError::QuoteNotFound(_)), "{error}");
    assert!(matches!(
        store.highlight_quote(999, "bridge", Color::Yellow, None),
        Err(StoreError::NotFound(999))
    ));
}

#[test]
fn new_text_moves_the_highlight_and_a_passage_that_is_gone_is_kept_as_an_orphan() {
    let (mut store, id) = store_with_story();
    store
        .highlight_quote(id, "Residents objected loudly.", Color::Yellow, None)
        .expect("highlight");
    store
        .highlight_quote(
            id,
            "The mayor said nothing.",
            Color::Yellow,
            Some("check".into()),
        )
        .expect("highlight");
    // The full text is downloaded later: a new first paragraph, and the mayor did speak.
    let mut fuller = Article::new(
        "Bridge",
        "By our reporter.\n\nThe council met on Monday. It voted to close the bridge.\n\n\
         Residents objected\nloudly. The mayor promised a review.",
    );
    fuller.source = Some("City Desk".into());
    store.fill_in(id, &fuller).expect("fill in");
    let highlights = store.highlights_of(id).expect("highlights");
    assert_eq!(highlights.len(), 2, "nothing dropped");
    let moved = &highlights[0];
    assert!(!moved.orphaned);
    assert_eq!(
        &fuller.body[moved.anchor.start..moved.anchor.end],
        "Residents objected\nloudly."
    );
    let orphan = &highlights[1];
    assert!(orphan.orphaned);
    assert_eq!(orphan.anchor.quote, "The mayor said nothing.");
    assert_eq!(orphan.note.as_deref(), Some("check"));
}

#[test]
fn notes_are_changed_deleted_and_restored_with_the_same_id() {
    let (mut store, id) = store_with_story();
    let saved = store
        .highlight_quote(
            id,
            "Residents objected",
            Color::Yellow,
            Some("first".into()),
        )
        .expect("highlight");
    let hid = saved.id.expect("an id");
    assert_eq!(note_hits(&store, "first"), [hid]);
    let changed = store
        .update_highlight(hid, Color::Pink, Some("second thoughts".into()))
        .expect("update");
    assert_eq!(changed.color, Color::Pink);
    assert!(changed.updated.is_some());
    assert!(
        note_hits(&store, "first").is_empty(),
        "the old note left the index"
    );
    assert_eq!(note_hits(&store, "thoughts"), [hid]);
    let (article, removed) = store.remove_highlight(hid).expect("remove");
    assert_eq!(article, id);
    assert!(store.highlights_of(id).expect("list").is_empty());
    assert!(note_hits(&store, "thoughts").is_empty());
    let restored = store.add_highlight(id, &removed).expect("restore");
    assert_eq!(restored, removed);
    assert_eq!(note_hits(&store, "thoughts"), [hid]);
    assert!(matches!(
        store.remove_highlight(4242),
        Err(StoreError::NoSuchHighlight(4242))
    ));
}

#[test]
fn removing_a_story_removes_its_highlights_and_their_notes() {
    let (mut store, id) = store_with_story();
    store
        .highlight_quote(id, "bridge", Color::Yellow, Some("gone".into()))
        .expect("highlight");
    store.remove(id).expect("remove");
    assert!(note_hits(&store, "gone").is_empty());
    let all = crate::store::Window::ALL;
    assert_eq!(
        store.recent_highlights("", all).expect("recent"),
        (Vec::new(), 0)
    );
}

#[test]
fn highlights_imported_with_a_story_are_anchored_and_merged_into_a_copy() {
    let (mut store, id) = store_with_story();
    store
        .highlight_quote(id, "The council met", Color::Blue, Some("who".into()))
        .expect("highlight");
    let exported = store.get(id).expect("get");
    let mut other = Store::open_in_memory().expect("open");
    let Inserted::New(copy) = other.insert(&exported).expect("import") else {
        panic!("new in an empty library");
    };
    let imported = other.highlights_of(copy).expect("highlights");
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].anchor, exported.highlights[0].anchor);
    assert_eq!(imported[0].note.as_deref(), Some("who"));
    // Importing the same export again adds nothing twice.
    other.insert(&exported).expect("import again");
    assert_eq!(other.highlights_of(copy).expect("highlights").len(), 1);
}

#[test]
fn the_library_lists_highlights_newest_first_by_story() {
    let (mut store, first) = store_with_story();
    let Inserted::New(second) = store
        .insert(&Article::new("Other", "Another story about trains."))
        .expect("insert")
    else {
        panic!("new");
    };
    let mut older = Highlight::new(
        Anchor::at(BODY, 0..15).expect("anchor"),
        Color::Yellow,
        None,
    );
    older.created -= chrono::Duration::hours(1);
    store.add_highlight(first, &older).expect("older");
    store
        .highlight_quote(second, "trains", Color::Yellow, None)
        .expect("newer");
    let groups = store.highlights(&Query::default()).expect("all");
    let order: Vec<_> = groups.iter().map(|g| g.story.id).collect();
    assert_eq!(order, [second, first]);
    let page = |words: &str, offset| {
        let window = crate::store::Window { offset, limit: 1 };
        store.recent_highlights(words, window).expect("recent")
    };
    let (recent, total) = page("", 0);
    assert_eq!((recent.len(), total), (1, 2));
    assert_eq!(recent[0].1.anchor.quote, "trains");
    assert_eq!(recent[0].0.title, "Other");
    let (next, _) = page("", 1);
    assert_eq!(next[0].0.id, first);
    assert_eq!(next[0].1.anchor.quote, &BODY[0..15]);
    assert!(page("", 2).0.is_empty());
    assert_eq!(page("the", 1).0[0].0.id, first, "pages of matches too");
    assert_eq!(page("the", 1).1, 2);
    let found = |words: &str| -> Vec<String> {
        let all = crate::store::Window::ALL;
        let (rows, total) = store.recent_highlights(words, all).expect("matching");
        assert_eq!(total, rows.len());
        rows.into_iter().map(|(_, h)| h.anchor.quote).collect()
    };
    assert_eq!(found("TRAINS"), ["trains"], "a word of the quote, any case");
    assert_eq!(found("other"), ["trains"], "a word of the story's title");
    assert_eq!(found("council trains"), Vec::<String>::new(), "every word");
    assert_eq!(found("  "), ["trains", &BODY[0..15]], "no words: all");
    assert_eq!(found("%"), Vec::<String>::new(), "no wildcards");
    let only = crate::query::parse("trains").expect("parse");
    let filtered = store.highlights(&only).expect("filtered");
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0].story.id, second);
}

#[test]
fn words_in_notes_find_their_story_in_lists_and_counts() {
    let (mut store, id) = store_with_story();
    store
        .insert(&Article::new("Trains", "Another story, about ferries."))
        .expect("insert");
    let count = |store: &Store, text: &str| {
        store
            .query_count(&crate::query::parse(text).expect("parse"))
            .expect("count")
    };
    assert_eq!(count(&store, "ferrymen"), 0);
    store
        .highlight_quote(
            id,
            "Residents",
            Color::Yellow,
            Some("ask the ferrymen".into()),
        )
        .expect("highlight");
    for text in ["ferrymen", "ferrymen has:note", "-council ferr OR ferrymen"] {
        let found = store
            .query(
                &crate::query::parse(text).expect("parse"),
                crate::store::Window::ALL,
            )
            .expect("query");
        assert_eq!(
            found.iter().map(|s| s.id).collect::<Vec<_>>(),
            if text.starts_with('-') {
                vec![2]
            } else {
                vec![id]
            },
            "{text}"
        );
    }
    assert_eq!(count(&store, "ferrymen"), 1);
    assert_eq!(count(&store, "ferr"), 2, "a note and a story");
    assert_eq!(count(&store, "ferr is:highlighted"), 1);
}
