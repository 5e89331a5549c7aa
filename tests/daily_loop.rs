//! The morning's reading loop in the reader: the sidebar with counts, marking a whole view read
//! and undoing it, next unread across feeds, Esc back through views, removal with undo.

mod common;

use std::time::{Duration, Instant};

use common::{Reader, dated_story};
use crossterm::event::KeyModifiers;
use crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
use newsdesk::store::Store;
use newsdesk::tui::model::Focus;
use newsdesk::tui::update;

/// Two subscriptions, "Alpha Daily" (3 stories, in folder News) and "Beta Weekly" (2), and one
/// story from elsewhere; Alpha's stories are the newest.
fn two_feeds(width: u16, height: u16) -> Reader {
    let mut store = Store::open_in_memory().expect("store");
    store
        .add_feed("https://alpha.example/rss", Some("Alpha Daily"))
        .expect("feed");
    store
        .add_feed("https://beta.example/rss", Some("Beta Weekly"))
        .expect("feed");
    store
        .set_feed_folder("https://alpha.example/rss", Some("News"))
        .expect("folder");
    let mut stories = vec![dated_story("Loose note", "Notebook", 1)];
    stories.extend((1..=2).map(|n| dated_story(&format!("Beta {n}"), "Beta Weekly", 10 + n)));
    stories.extend((1..=3).map(|n| dated_story(&format!("Alpha {n}"), "Alpha Daily", 20 + n)));
    for story in &stories {
        store.insert(story).expect("insert");
    }
    Reader::on(store, width, height, false)
}

fn open_title(reader: &Reader) -> Option<String> {
    reader.model.story.as_ref().map(|s| s.article.title.clone())
}

/// The sidebar's row holding `text` (the sidebar is the first 30 columns).
fn line_with(screen: &str, text: &str) -> String {
    screen
        .lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| l.chars().take(30).collect::<String>())
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no sidebar row with {text:?} in\n{screen}"))
}

#[test]
fn a_wide_terminal_shows_the_sidebar_with_counts_per_feed_folder_and_view() {
    let reader = two_feeds(150, 30);
    assert!(reader.model.sidebar.shown);
    let screen = reader.screen();
    assert!(
        line_with(&screen, "All stories").contains("6/6"),
        "{screen}"
    );
    assert!(line_with(&screen, "Unread").contains("6/6"));
    assert!(line_with(&screen, "Bookmarked").contains("0/0"));
    assert!(line_with(&screen, "News").contains("3/3"));
    assert!(line_with(&screen, "  Alpha Daily").contains("3/3"));
    assert!(line_with(&screen, "Beta Weekly").contains("2/2"));
    insta::assert_snapshot!("sidebar_wide", screen);
}

#[test]
fn a_narrower_terminal_starts_without_the_sidebar_and_can_cycle_to_it() {
    let mut reader = two_feeds(70, 24);
    assert!(!reader.model.sidebar.shown);
    reader.press("s");
    assert_eq!(reader.model.focus, Focus::Sidebar);
    let screen = reader.screen();
    assert!(
        screen.contains("Library") && !screen.contains("Stories"),
        "{screen}"
    );
    reader.press("tab");
    assert_eq!(reader.model.focus, Focus::List);
    reader.press("tab tab");
    assert_eq!(
        reader.model.focus,
        Focus::Sidebar,
        "story, then the sidebar"
    );
}

#[test]
fn choosing_a_feed_filters_the_list_and_esc_comes_back_to_the_same_story() {
    let mut reader = two_feeds(150, 30);
    reader.press("j j");
    let before = reader.model.selected_story().map(|s| s.title.clone());
    // Sidebar: All, Unread, Bookmarked, Beta Weekly, then the folder News with Alpha Daily.
    reader.press("h j j j enter");
    assert_eq!(reader.model.view.query_text, "feed:\"Beta Weekly\"");
    assert_eq!(reader.model.counts.total, 2);
    assert_eq!(reader.model.focus, Focus::List);
    reader.press("esc");
    assert_eq!(reader.model.view.name, "All stories");
    assert_eq!(
        reader.model.selected_story().map(|s| s.title.clone()),
        before
    );
    assert_eq!(reader.model.selected, 2);
}

#[test]
fn esc_goes_back_through_several_views() {
    let mut reader = two_feeds(150, 30);
    reader.press("j");
    reader.press("2");
    reader.press("j j");
    reader.press("/");
    for key in ["b", "e", "t", "a"] {
        reader.press(key);
    }
    reader.press("enter");
    assert_eq!(reader.model.counts.total, 2);
    reader.press("esc");
    assert_eq!(reader.model.view.name, "Unread");
    assert_eq!(reader.model.selected, 2);
    reader.press("esc");
    assert_eq!(reader.model.view.name, "All stories");
    assert_eq!(reader.model.selected, 1);
}

#[test]
fn marking_a_view_read_counts_it_and_undo_brings_it_back() {
    let mut reader = two_feeds(150, 30);
    reader.press("3");
    reader.press("1");
    reader.press("A");
    let screen = reader.screen();
    assert!(
        screen.contains("Marked 6 stories read in All stories · u to undo"),
        "{screen}"
    );
    assert!(line_with(&screen, "Unread").contains("0/0"));
    assert!(reader.model.stories.iter().all(|s| s.read));
    reader.press("u");
    let screen = reader.screen();
    assert!(screen.contains("Undone: marked 6 stories read"), "{screen}");
    assert!(line_with(&screen, "Unread").contains("6/6"));
    assert!(reader.model.stories.iter().all(|s| !s.read));
    reader.press("u");
    assert!(reader.screen().contains("Nothing to undo"));
}

#[test]
fn counts_follow_bookmarks_tags_and_stories_added_by_another_program() {
    let mut reader = two_feeds(150, 30);
    // The list has the keys: bookmark the newest story and tag it.
    reader.press("b t");
    for key in ["l", "a", "t", "e", "r", "enter", "esc"] {
        reader.press(key);
    }
    let screen = reader.screen();
    assert!(line_with(&screen, "Bookmarked").contains("1/1"), "{screen}");
    assert!(line_with(&screen, "later").contains("1/1"), "{screen}");
    // Another program saves a story to Beta Weekly while the reader is open.
    reader
        .store
        .insert(&dated_story("Beta 3", "Beta Weekly", 40))
        .expect("insert");
    reader.deliver(newsdesk::tui::worker::Outcome::LibraryChanged);
    let screen = reader.screen();
    assert!(
        line_with(&screen, "Beta Weekly").contains("3/3"),
        "{screen}"
    );
    assert!(
        line_with(&screen, "All stories").contains("7/7"),
        "{screen}"
    );
    // Undoing the tag takes its row's count back down.
    reader.press("u");
    let screen = reader.screen();
    assert!(!screen.contains("later "), "{screen}");
}

#[test]
fn the_sidebar_marks_the_selected_feed_read() {
    let mut reader = two_feeds(150, 30);
    reader.press("h j j j A");
    let screen = reader.screen();
    assert!(
        line_with(&screen, "Beta Weekly").contains("0/2"),
        "{screen}"
    );
    assert!(
        line_with(&screen, "All stories").contains("4/6"),
        "{screen}"
    );
    assert_eq!(
        reader.model.view.name, "All stories",
        "the list stays where it was"
    );
}

#[test]
fn undo_takes_back_bookmarks_tags_marks_and_removals_in_order() {
    let mut reader = two_feeds(150, 30);
    // Not the newest story, so it comes back under a new id.
    reader.press("j");
    let id = reader.model.selected_story().map(|s| s.id).expect("story");
    reader.press("b m");
    reader.press("t");
    for key in ["x", "y", "enter", "esc"] {
        reader.press(key);
    }
    assert_eq!(reader.store.tags_of(id).expect("tags"), ["xy"]);
    reader.press("D");
    assert!(reader.store.get(id).is_err());
    assert!(reader.screen().contains("Removed “Alpha 2” · u to undo"));
    reader.press("u");
    let restored = reader
        .model
        .selected_story()
        .map(|s| s.id)
        .expect("restored");
    assert_ne!(restored, id, "a new id");
    assert_eq!(
        reader.model.selected_story().map(|s| s.title.as_str()),
        Some("Alpha 2")
    );
    let article = reader.store.get(restored).expect("back");
    assert!(article.bookmarked && article.read && article.tags == ["xy"]);
    reader.press("u");
    assert!(reader.store.tags_of(restored).expect("tags").is_empty());
    reader.press("u");
    assert!(!reader.store.get(restored).expect("story").read);
    reader.press("u");
    assert!(!reader.store.get(restored).expect("story").bookmarked);
}

#[test]
fn more_than_twenty_changes_undo_in_order() {
    let mut reader = two_feeds(150, 30);
    for _ in 0..25 {
        reader.press("b");
    }
    assert!(reader.model.selected_story().is_some_and(|s| s.bookmarked));
    for _ in 0..25 {
        reader.press("u");
    }
    assert!(reader.model.selected_story().is_some_and(|s| !s.bookmarked));
    assert_eq!(reader.model.undo.len(), 0);
}

#[test]
fn next_unread_reads_through_a_feed_then_moves_to_the_next_feed() {
    let mut reader = two_feeds(150, 30);
    // Choose Alpha Daily in the sidebar: after it (wrapping round) comes Beta Weekly.
    reader.press("h j j j j j enter");
    assert_eq!(reader.model.view.query_text, "feed:\"Alpha Daily\"");
    reader.press("J");
    assert_eq!(open_title(&reader).as_deref(), Some("Alpha 3"));
    reader.press("J J");
    assert_eq!(open_title(&reader).as_deref(), Some("Alpha 1"));
    reader.press("J");
    assert_eq!(reader.model.view.query_text, "feed:\"Beta Weekly\"");
    assert_eq!(open_title(&reader).as_deref(), Some("Beta 2"));
    assert!(reader.screen().contains("On to Beta Weekly"));
    reader.press("J J");
    assert!(
        reader
            .screen()
            .contains("No unread stories left in any feed")
    );
    assert_eq!(
        reader.store.counts().expect("counts").unread,
        1,
        "only the loose note"
    );
}

#[test]
fn space_at_the_end_of_a_story_opens_the_next_unread_one() {
    let mut reader = two_feeds(150, 40);
    reader.press("enter");
    assert_eq!(open_title(&reader).as_deref(), Some("Alpha 3"));
    reader.press("space");
    assert_eq!(open_title(&reader).as_deref(), Some("Alpha 2"));
}

#[test]
fn every_way_of_opening_a_story_marks_it_read() {
    for keys in ["enter", "space", "tab", "l"] {
        let mut reader = two_feeds(150, 30);
        reader.press(keys);
        assert!(
            reader.model.selected_story().is_some_and(|s| s.read),
            "{keys} did not mark the story read"
        );
    }
    let mut reader = two_feeds(150, 30);
    reader.send(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 120,
        row: 10,
        modifiers: KeyModifiers::NONE,
    }));
    assert!(
        reader.model.selected_story().is_some_and(|s| s.read),
        "a click"
    );
}

#[test]
fn reading_can_count_only_after_some_seconds() {
    let mut reader = two_feeds(150, 30);
    reader.model.mark_read_after = Duration::from_secs(5);
    reader.press("enter");
    assert!(reader.model.selected_story().is_some_and(|s| !s.read));
    let tasks = update::tick(&mut reader.model, Instant::now());
    assert!(tasks.is_empty(), "too early");
    let tasks = update::tick(&mut reader.model, Instant::now() + Duration::from_secs(6));
    reader.run(tasks);
    assert!(reader.model.selected_story().is_some_and(|s| s.read));
}

#[test]
fn a_click_in_the_sidebar_chooses_that_entry() {
    let mut reader = two_feeds(150, 30);
    // Row 1 of the screen is the pane's border; rows 2.. are entries: All, Unread, ...
    reader.send(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 5,
        row: 3,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(reader.model.view.name, "Unread");
}

#[test]
fn search_matches_are_counted_and_wrap_around() {
    let mut story = dated_story("Coffee notes", "Notebook", 1);
    story.body = (0..30)
        .map(|i| {
            if i % 10 == 0 {
                format!("coffee line {i}")
            } else {
                format!("plain line {i}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut reader = Reader::with_stories(&[story], 150, 20);
    reader.press("/");
    for key in ["c", "o", "f", "f", "e", "e", "enter"] {
        reader.press(key);
    }
    // The title is the first match; the story opens on it, so n goes to the second.
    reader.press("enter n");
    assert!(
        reader.screen().contains("Match 2 of 4"),
        "{}",
        reader.screen()
    );
    reader.press("n n");
    assert!(reader.screen().contains("Match 4 of 4"));
    reader.press("n");
    assert!(
        reader
            .screen()
            .contains("Match 1 of 4 · wrapped to the top")
    );
    reader.press("N");
    assert!(
        reader
            .screen()
            .contains("Match 4 of 4 · wrapped to the end")
    );
}

#[test]
fn new_keys_are_in_the_help_and_can_be_rebound() {
    let mut reader = two_feeds(150, 50);
    reader.press("?");
    let screen = reader.screen();
    for text in [
        "open the next unread story",
        "mark every story here read",
        "undo the last change",
        "sidebar on / off",
        "remove the story",
    ] {
        assert!(screen.contains(text), "{text} missing from help");
    }
    let config = newsdesk::config::Config::from_layers(
        newsdesk::config::DEFAULT_CONFIG,
        Some("[keys]\nundo = [\"z\"]\nnext_unread = [\"x\"]\n"),
        "user.toml",
    )
    .expect("config");
    let keymap = newsdesk::tui::keymap::Keymap::from_config(&config.keys).expect("keymap");
    assert!(
        keymap
            .hints(&[newsdesk::tui::action::Action::Undo])
            .contains("z undo")
    );
}

#[test]
fn hostile_feed_titles_and_folders_are_drawn_inert() {
    let mut store = Store::open_in_memory().expect("store");
    let title = "Evil\u{1b}]0;pwned\u{7} feed\u{202e}";
    store
        .add_feed("https://evil.example/rss", Some(title))
        .expect("feed");
    store
        .set_feed_folder("https://evil.example/rss", Some("Dir\u{1b}[2J\nbreak"))
        .expect("folder");
    store
        .insert(&dated_story("Evil story", title, 1))
        .expect("insert");
    let reader = Reader::on(store, 150, 20, false);
    let screen = reader.screen();
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{202e}'),
        "{screen}"
    );
    assert!(line_with(&screen, "feed").contains("1/1"), "{screen}");
    assert!(line_with(&screen, "Dir").contains("break"), "{screen}");
}
