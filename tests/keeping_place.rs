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
