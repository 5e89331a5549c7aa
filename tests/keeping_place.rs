//! The reader keeps the reader's place: the selected story survives list reloads, Esc goes back
//! through earlier views, and a restart reopens where the reader left off.

mod common;

use common::{Reader, dated_story};
use newsdesk::tui::worker::Outcome;

/// Five stories, newest first in the list: "Story 5" … "Story 1".
fn five_stories() -> Vec<newsdesk::article::Article> {
    (1..=5)
        .map(|n| dated_story(&format!("Story {n}"), "Daily", n))
        .collect()
}

fn open_story_title(reader: &Reader) -> Option<String> {
    reader.model.story.as_ref().map(|s| s.article.title.clone())
}

#[test]
fn a_story_added_by_another_program_does_not_swap_the_open_story() {
    let mut reader = Reader::with_stories(&five_stories(), 120, 30);
    reader.press("j j enter");
    assert_eq!(open_story_title(&reader).as_deref(), Some("Story 3"));
    // Another program adds two newer stories: positions shift down by two.
    for n in 6..=7 {
        reader
            .store
            .insert(&dated_story(&format!("Story {n}"), "Daily", n))
            .expect("insert");
    }
    reader.deliver(Outcome::LibraryChanged);
    assert_eq!(
        reader.model.selected_story().map(|s| s.title.as_str()),
        Some("Story 3")
    );
    assert_eq!(open_story_title(&reader).as_deref(), Some("Story 3"));
    assert_eq!(reader.model.selected, 4);
    assert!(reader.screen().contains("Story 3 body text"));
}

#[test]
fn a_story_removed_by_another_program_is_announced() {
    let mut reader = Reader::with_stories(&five_stories(), 120, 30);
    reader.press("j j enter");
    let open = reader
        .model
        .selected_story()
        .map(|s| s.id)
        .expect("selected");
    reader.store.remove(open).expect("remove");
    reader.deliver(Outcome::LibraryChanged);
    let screen = reader.screen();
    assert!(
        screen.contains("The story you had open was removed"),
        "{screen}"
    );
    // The reading pane shows the story that is now selected, never a stale one.
    let selected = reader.model.selected_story().map(|s| s.title.clone());
    assert_eq!(open_story_title(&reader), selected);
}

#[test]
fn a_restart_reopens_the_last_view_story_sidebar_and_colours() {
    let dir = tempfile::tempdir().expect("dir");
    let library = dir.path().join("library.db");
    let mut store = newsdesk::store::Store::open(&library).expect("store");
    for story in five_stories() {
        store.insert(&story).expect("insert");
    }
    let mut reader = Reader::on(store, 150, 30, false);
    reader.press("1 j j j H s");
    reader.press("/");
    reader.press("s");
    reader.press("enter");
    reader.press("j");
    let selected = reader.model.selected_story().map(|s| s.title.clone());
    let path = newsdesk::tui::state::path_for(&library);
    newsdesk::tui::state::save(&path, &newsdesk::tui::state::snapshot(&reader.model))
        .expect("save");
    drop(reader);
    let saved = newsdesk::tui::state::load(&path).expect("state file");
    let store = newsdesk::store::Store::open(&library).expect("reopen");
    let mut again = Reader::restored(store, 150, 30, &saved);
    assert_eq!(again.model.view.name, "Search: s");
    assert_eq!(
        again.model.selected_story().map(|s| s.title.clone()),
        selected
    );
    assert!(!again.model.sidebar.shown && !again.model.show_entities);
    // The view stack came back too: Esc returns to All stories on the same story.
    again.press("esc");
    assert_eq!(again.model.view.name, "All stories");
    assert_eq!(again.model.selected, 3);
}
