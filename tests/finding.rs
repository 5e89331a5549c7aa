//! Bookmarks, tags, views and search in the reader, driven through the real keymap.

mod common;

use common::Reader;
use newsdesk::article::Article;
use newsdesk::tui::model::{Focus, Overlay};

#[test]
fn b_toggles_a_bookmark_in_the_list_and_the_store() {
    let mut reader = Reader::demo(120, 30);
    let id = reader.model.stories[0].id;
    assert!(!reader.model.stories[0].bookmarked);
    reader.press("b");
    assert!(reader.model.stories[0].bookmarked);
    assert!(reader.store.get(id).expect("get").bookmarked);
    let screen = reader.screen();
    assert!(screen.contains("Bookmarked"));
    assert!(screen.contains("│●★ U.S. President"), "{screen}");
    reader.press("b");
    assert!(!reader.store.get(id).expect("get").bookmarked);
}

#[test]
fn the_tag_editor_adds_with_completion_and_removes() {
    let mut reader = Reader::demo(120, 30);
    let id = reader.model.stories[0].id;
    reader.press("t");
    assert!(matches!(reader.model.overlay, Some(Overlay::TagEditor(_))));
    // "lat" + Tab completes to the library's "latam".
    reader.press("l a t tab enter");
    insta::assert_snapshot!("tag_editor", reader.screen());
    assert_eq!(
        reader.store.get(id).expect("get").tags,
        vec!["latam".to_string()]
    );
    // A new tag with a space and an accent.
    reader.press("d é j à space v u enter");
    assert_eq!(
        reader.store.get(id).expect("get").tags,
        vec!["déjà vu".to_string(), "latam".to_string()]
    );
    // The editor lists them alphabetically; select the first and delete it.
    reader.press("down delete");
    assert_eq!(
        reader.store.get(id).expect("get").tags,
        vec!["latam".to_string()]
    );
    reader.press("esc");
    assert!(reader.model.overlay.is_none());
    assert_eq!(reader.model.stories[0].tags, vec!["latam".to_string()]);
}

#[test]
fn tags_are_unique_without_regard_to_case_in_the_editor() {
    let mut reader = Reader::demo(120, 30);
    reader.press("j j t");
    reader.press("E U R O P E enter esc");
    let id = reader.model.stories[2].id;
    let tags = reader.store.get(id).expect("get").tags;
    assert_eq!(
        tags.iter()
            .filter(|t| t.eq_ignore_ascii_case("europe"))
            .count(),
        1
    );
}

#[test]
fn the_tag_view_lists_counts_and_filters() {
    let mut reader = Reader::demo(120, 30);
    reader.press("T");
    let screen = reader.screen();
    assert!(screen.contains("Tags"));
    insta::assert_snapshot!("tag_view", screen);
    let europe = reader
        .model
        .known_tags
        .iter()
        .position(|t| t.name == "europe")
        .expect("europe tag");
    for _ in 0..europe {
        reader.press("j");
    }
    reader.press("enter");
    assert_eq!(reader.model.view.name, "#europe");
    assert_eq!(reader.model.counts.total, 3);
    assert!(reader.screen().contains("#europe"));
    reader.press("esc");
    assert_eq!(reader.model.view.name, "All stories");
    assert_eq!(reader.model.counts.total, 13);
}

#[test]
fn the_search_prompt_filters_as_you_type() {
    let mut reader = Reader::demo(120, 30);
    reader.press("/ c o f f");
    assert_eq!(reader.model.counts.total, 1);
    assert!(reader.model.stories[0].title.contains("coffee"));
    insta::assert_snapshot!("search_prompt", reader.screen());
    reader.press("enter");
    assert!(reader.model.prompt.is_none());
    assert_eq!(reader.model.view.query_text, "coff");
    // The open story highlights the search word, and n jumps to the next line holding it.
    reader.press("enter");
    assert_eq!(reader.model.focus, Focus::Reader);
    let screen = reader.screen();
    assert!(screen.contains("coffee"));
    reader.press("n");
    let story = reader.model.story.as_ref().expect("open");
    assert!(
        story.lines[story.scroll]
            .text
            .to_lowercase()
            .contains("coffee")
    );
    reader.press("N");
}

#[test]
fn a_bad_query_is_shown_in_the_prompt_and_the_list_stays() {
    let mut reader = Reader::demo(120, 30);
    reader.press("/ t a g : l a t a m space \" a b");
    assert_eq!(
        reader.model.counts.total, 2,
        "the last good query (tag:latam) still shows"
    );
    let error = reader
        .model
        .prompt
        .as_ref()
        .and_then(|p| p.error.clone())
        .expect("error");
    assert_eq!(&"tag:latam \"ab"[error.span.clone()], "\"ab");
    let screen = reader.screen();
    assert!(screen.contains("unclosed quote"), "{screen}");
    insta::assert_snapshot!("search_error", screen);
    reader.press("enter");
    assert!(
        reader.model.prompt.is_some(),
        "enter does not accept a broken query"
    );
    reader.press("backspace backspace backspace space i s : m");
    let message = reader
        .model
        .prompt
        .as_ref()
        .and_then(|p| p.error.clone())
        .map(|e| e.message);
    assert_eq!(
        message.as_deref(),
        Some("is:m is not known; use is:bookmarked, is:unread, is:read or is:highlighted")
    );
    reader.press("esc");
    assert!(reader.model.prompt.is_none());
    assert_eq!(
        reader.model.counts.total, 13,
        "esc goes back to the view before the search"
    );
}

#[test]
fn number_keys_switch_between_views() {
    let mut reader = Reader::demo(120, 30);
    reader.press("2");
    assert_eq!(reader.model.view.name, "Unread");
    assert_eq!(reader.model.counts.total, 10);
    assert!(reader.screen().contains("Unread"));
    reader.press("3");
    assert_eq!(reader.model.counts.total, 3);
    reader.press("1");
    assert_eq!(reader.model.counts.total, 13);
    reader.press("7");
    assert!(reader.screen().contains("No view 7"));
}

#[test]
fn saved_views_from_the_config_follow_the_built_in_ones() {
    let config = newsdesk::config::Config::from_layers(
        newsdesk::config::DEFAULT_CONFIG,
        Some("[views]\nlatam = \"tag:latam\"\n"),
        "test",
    )
    .expect("config");
    let settings = newsdesk::tui::Settings::from_config(&config, false).expect("settings");
    assert_eq!(settings.views.len(), 4);
    let mut reader = Reader::demo(120, 30);
    reader.model.views = settings.views;
    reader.press("4");
    assert_eq!(reader.model.view.name, "latam");
    assert_eq!(reader.model.counts.total, 2);
    let broken = newsdesk::config::Config::from_layers(
        newsdesk::config::DEFAULT_CONFIG,
        Some("[views]\nbad = \"is:sideways\"\n"),
        "test",
    )
    .expect("config parses");
    let error = newsdesk::tui::Settings::from_config(&broken, false)
        .err()
        .expect("bad view");
    assert!(error.to_string().contains("[views] bad"), "{error}");
}

#[test]
fn a_large_library_is_loaded_a_window_at_a_time() {
    let stories: Vec<Article> = (0..2_000)
        .map(|i| {
            let mut story = Article::new(format!("Story {i:04}"), format!("Body number {i}."));
            story.published = chrono::DateTime::from_timestamp(1_700_000_000 + i * 60, 0);
            story
        })
        .collect();
    let mut reader = Reader::with_stories(&stories, 120, 30);
    assert_eq!(reader.model.counts.total, 2_000);
    assert!(
        reader.model.stories.len() < 2_000,
        "only a window is loaded"
    );
    reader.press("G");
    assert_eq!(reader.model.selected, 1_999);
    assert_eq!(
        reader.model.selected_story().map(|s| s.title.as_str()),
        Some("Story 0000")
    );
    assert!(reader.screen().contains("Story 0000"));
    reader.press("g");
    assert_eq!(
        reader.model.selected_story().map(|s| s.title.as_str()),
        Some("Story 1999")
    );
}

#[test]
fn r_refreshes_subscriptions_in_the_background() {
    let dir = tempfile::tempdir().expect("tempdir");
    let feed = dir.path().join("feed.xml");
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>Desk Feed</title><item><title>Fresh item</title>\
         <guid>f-1</guid><description>Fresh text about the harbour.</description></item></channel></rss>",
    )
    .expect("write");
    let mut store = newsdesk::store::Store::open_in_memory().expect("store");
    newsdesk::demo::fill(&mut store).expect("demo");
    store
        .add_feed(feed.to_str().expect("path"), None)
        .expect("subscribe");
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("R");
    assert_eq!(reader.model.counts.total, 14);
    assert!(reader.screen().contains("Refreshed 1 feeds: 1 new stories"));
    assert!(reader.model.stories.iter().any(|s| s.title == "Fresh item"));
}
