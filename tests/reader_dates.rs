//! Dates in the reader and on the command line: a publication date is shown as such; a story
//! that has none shows when it was saved, worded so it is not taken for a publication date, and
//! sorts by that.

mod common;

use chrono::{TimeZone, Utc};
use common::Reader;
use newsdesk::article::Article;

fn story(title: &str, published: Option<(i32, u32, u32)>, saved: (i32, u32, u32)) -> Article {
    let day = |(y, m, d): (i32, u32, u32)| Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).single();
    let mut article = Article::new(title, format!("{title} in full, with a few words."));
    article.published = published.and_then(day);
    article.saved = day(saved);
    article.source = Some("Desk".into());
    article
}

#[test]
fn a_story_without_a_publication_date_says_when_it_was_saved() {
    let stories = [
        story("Published story", Some((2026, 11, 20)), (2026, 12, 1)),
        story("Undated story", None, (2026, 12, 3)),
    ];
    let mut reader = Reader::with_stories(&stories, 120, 20);
    let screen = reader.screen();
    assert!(screen.contains("Desk · saved 3 Dec 2026"), "{screen}");
    assert!(screen.contains("Desk · 20 Nov 2026"), "{screen}");
    assert!(!screen.contains("saved 1 Dec"), "{screen}");
    // The undated story was saved last, and sorts first by that date.
    let undated = screen.find("Undated story").expect("listed");
    let published = screen.find("Published story").expect("listed");
    assert!(undated < published, "{screen}");
    reader.press("enter");
    let screen = reader.screen();
    assert!(
        screen.contains("Desk · saved 3 Dec 2026 · 1 min read"),
        "{screen}"
    );
}

#[test]
fn sorting_uses_the_publication_date_before_the_save_date() {
    let stories = [
        story("Old news saved today", Some((2020, 1, 5)), (2026, 12, 3)),
        story(
            "Fresh news saved yesterday",
            Some((2026, 12, 2)),
            (2026, 12, 2),
        ),
    ];
    let reader = Reader::with_stories(&stories, 120, 20);
    let screen = reader.screen();
    let fresh = screen.find("Fresh news").expect("listed");
    let old = screen.find("Old news").expect("listed");
    assert!(fresh < old, "{screen}");
}

#[test]
fn list_and_show_say_saved_for_a_story_without_a_publication_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let mut store = newsdesk::store::Store::open(&library).expect("store");
    for article in [
        story("Published story", Some((2026, 11, 20)), (2026, 12, 1)),
        story("Undated story", None, (2026, 12, 3)),
    ] {
        store.insert(&article).expect("insert");
    }
    drop(store);
    let listed = common::run_on(&library, &["list"]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.contains("saved 2026-12-03  Undated story"),
        "{listed}"
    );
    assert!(listed.contains(" 2026-11-20  Published story"), "{listed}");
    assert!(!listed.contains("2026-12-01"), "{listed}");
    let shown = |id: &str| {
        let output = common::run_on(&library, &["show", id]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(shown("2").contains("Desk · saved 2026-12-03 · 1 min read"));
    assert!(shown("1").contains("Desk · 2026-11-20 · 1 min read"));
}
