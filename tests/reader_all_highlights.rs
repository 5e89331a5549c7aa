//! The library's highlights view in the reader: every highlight newest first with its note and
//! story, Enter opening the story at the passage, Esc back to the view and then to where the
//! reader was, deleting with undo, editing a note, passages gone from the text, and paging.

mod common;

use std::time::Duration;

use common::{BRIDGE_BODY, Reader};
use newsdesk::article::Article;
use newsdesk::highlight::{Anchor, Color, Highlight};
use newsdesk::store::{Inserted, Store};
use newsdesk::tui::model::{Focus, Overlay};

/// The body of the long story: the passage sits after twenty paragraphs, off the first screen.
fn long_body() -> String {
    let filler: Vec<String> = (1..=40)
        .map(|n| format!("Paragraph {n} of the council's long report."))
        .collect();
    format!(
        "The council met again.\n\n{}\n\nResidents objected halfway through.\n\n{}",
        filler[..20].join("\n\n"),
        filler[20..].join("\n\n")
    )
}

fn insert(store: &mut Store, title: &str, source: &str, body: &str, day: i64) -> i64 {
    let mut story = Article::new(title, body);
    story.source = Some(source.to_owned());
    story.published = chrono::DateTime::from_timestamp(1_767_225_600 + day * 86_400, 0);
    match store.insert(&story).expect("insert") {
        Inserted::New(id) => id,
        Inserted::Duplicate(_) => panic!("a new story"),
    }
}

/// A highlight of `quote` in `body`, made `hours_ago`.
fn highlight(
    body: &str,
    quote: &str,
    color: Color,
    note: Option<&str>,
    hours_ago: i64,
) -> Highlight {
    let start = body.find(quote).expect("quote in body");
    let anchor = Anchor::at(body, start..start + quote.len()).expect("anchor");
    let mut highlight = Highlight::new(anchor, color, note.map(str::to_owned));
    highlight.created -= chrono::Duration::hours(hours_ago);
    highlight
}

/// Two highlighted stories among others: on the bridge story a passage two hours old and one
/// just made, on the long report one an hour old, with a note of two lines.
fn library() -> (Store, i64, i64) {
    let mut store = Store::open_in_memory().expect("store");
    let bridge = insert(&mut store, "Bridge to close", "Gazette", BRIDGE_BODY, 1);
    let long = long_body();
    let report = insert(&mut store, "Long report", "Herald", &long, 2);
    for day in 3..8 {
        let title = format!("Unmarked story {day}");
        insert(&mut store, &title, "Wire", "Nothing highlighted here.", day);
    }
    let older = highlight(
        BRIDGE_BODY,
        "It voted to close the bridge",
        Color::Yellow,
        Some("Six months, not three"),
        2,
    );
    store.add_highlight(bridge, &older).expect("older");
    let middle = highlight(
        &long,
        "Residents objected halfway through",
        Color::Blue,
        Some("Who spoke?\nAsk the clerk"),
        1,
    );
    store.add_highlight(report, &middle).expect("middle");
    let newest = highlight(BRIDGE_BODY, "Residents objected.", Color::Pink, None, 0);
    store.add_highlight(bridge, &newest).expect("newest");
    (store, bridge, report)
}

fn row_of(screen: &str, text: &str) -> usize {
    screen
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} is not on screen\n{screen}"))
}

#[test]
fn the_view_lists_every_highlight_newest_first_with_note_and_story() {
    let (store, _, _) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    assert!(
        reader.screen().contains("' highlights"),
        "{}",
        reader.screen()
    );
    reader.press("'");
    assert_eq!(reader.model.overlay, Some(Overlay::AllHighlights));
    let screen = reader.screen();
    assert!(
        screen.contains("Highlights in the library: 3, newest first"),
        "{screen}"
    );
    let newest = row_of(&screen, "▌ “Residents objected.”");
    let middle = row_of(&screen, "▌ “Residents objected halfway through”");
    let oldest = row_of(&screen, "▌ “It voted to close the bridge”");
    assert!(newest < middle && middle < oldest, "{screen}");
    assert_eq!(row_of(&screen, "✎ Who spoke? …"), middle + 1, "{screen}");
    assert_eq!(
        row_of(&screen, "Long report · Herald · highlighted"),
        middle + 2
    );
    assert_eq!(
        row_of(&screen, "Bridge to close · Gazette · highlighted"),
        newest + 1,
        "a highlight without a note takes two rows"
    );
    assert!(screen.contains("enter open at the passage"), "{screen}");
}

#[test]
fn enter_opens_the_story_at_the_passage_and_esc_goes_back_step_by_step() {
    let (store, _, report) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("j j");
    let before = reader
        .model
        .selected_story()
        .map(|s| s.id)
        .expect("a story");
    assert_ne!(before, report);
    reader.press("' j enter");
    assert!(reader.model.overlay.is_none());
    assert_eq!(reader.model.focus, Focus::Reader);
    let story = reader.model.story.as_ref().expect("a story is open");
    assert_eq!(story.id(), Some(report));
    let top = &story.lines[story.scroll];
    assert!(
        top.text.starts_with("Residents objected halfway through"),
        "scrolled to the passage: {top:?}"
    );
    assert!(!top.passages.is_empty(), "the passage is drawn highlighted");
    let screen = reader.screen();
    assert!(
        screen.contains("Residents objected halfway through."),
        "{screen}"
    );
    assert!(screen.contains("✎ Who spoke?"), "{screen}");
    reader.press("esc");
    assert_eq!(reader.model.overlay, Some(Overlay::AllHighlights));
    let view = reader.model.all_highlights.as_ref().expect("the view");
    assert_eq!(view.selected, 1, "on the row it was left on");
    reader.press("esc");
    assert!(reader.model.overlay.is_none());
    assert_eq!(reader.model.view.name, "All stories");
    assert_eq!(reader.model.selected_story().map(|s| s.id), Some(before));
}

#[test]
fn the_view_closes_with_esc_where_it_was_opened() {
    let (store, _, _) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("j enter");
    let open = reader.model.story.as_ref().and_then(|s| s.id());
    reader.press("' G esc");
    assert!(reader.model.overlay.is_none());
    assert!(reader.model.all_highlights.is_none());
    assert_eq!(reader.model.focus, Focus::Reader);
    assert_eq!(reader.model.story.as_ref().and_then(|s| s.id()), open);
}

#[test]
fn opening_two_stories_from_the_view_still_returns_to_the_first_place() {
    let (store, bridge, report) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("G");
    let before = reader.model.selected_story().map(|s| s.id);
    reader.press("' j enter");
    assert_eq!(
        reader.model.story.as_ref().and_then(|s| s.id()),
        Some(report)
    );
    reader.press("esc j enter");
    assert_eq!(
        reader.model.story.as_ref().and_then(|s| s.id()),
        Some(bridge)
    );
    assert_eq!(reader.model.view.name, "Highlighted");
    reader.press("esc esc");
    assert!(reader.model.overlay.is_none());
    assert_eq!(reader.model.view.name, "All stories");
    assert_eq!(reader.model.selected_story().map(|s| s.id), before);
}

#[test]
fn a_highlight_deleted_in_the_view_comes_back_with_undo() {
    let (store, bridge, _) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("' D");
    assert_eq!(reader.model.overlay, Some(Overlay::AllHighlights));
    let screen = reader.screen();
    assert!(
        screen.contains("Highlights in the library: 2, newest first"),
        "{screen}"
    );
    assert!(!screen.contains("“Residents objected.”"), "{screen}");
    assert_eq!(reader.store.highlights_of(bridge).expect("h").len(), 1);
    reader.press("u");
    let screen = reader.screen();
    assert!(screen.contains("Undone: deleted a highlight"), "{screen}");
    assert!(screen.contains("▌ “Residents objected.”"), "{screen}");
    assert_eq!(reader.store.highlights_of(bridge).expect("h").len(), 2);
    assert_eq!(reader.model.overlay, Some(Overlay::AllHighlights));
}

#[test]
fn a_note_edited_in_the_view_is_saved_and_the_view_comes_back() {
    let (store, bridge, _) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("' G a");
    assert!(matches!(reader.model.overlay, Some(Overlay::Note(_))));
    reader.type_text(" at least");
    reader.press("ctrl-s");
    assert_eq!(reader.model.overlay, Some(Overlay::AllHighlights));
    let notes: Vec<Option<String>> = reader
        .store
        .highlights_of(bridge)
        .expect("h")
        .into_iter()
        .map(|h| h.note)
        .collect();
    assert!(
        notes.contains(&Some("Six months, not three at least".into())),
        "{notes:?}"
    );
    assert!(
        reader.screen().contains("✎ Six months, not three at least"),
        "{}",
        reader.screen()
    );
    reader.press("a esc");
    assert_eq!(
        reader.model.overlay,
        Some(Overlay::AllHighlights),
        "cancelled"
    );
}

#[test]
fn a_passage_gone_from_the_text_is_listed_and_marked_and_opens_at_the_end() {
    let (mut store, bridge, _) = library();
    store
        .fill_in(
            bridge,
            &Article::new(
                "Bridge to close",
                "The council met on Monday and put off a decision.\n\nResidents objected.",
            ),
        )
        .expect("new text");
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("'");
    let screen = reader.screen();
    let quote = row_of(&screen, "▌ “It voted to close the bridge”");
    assert!(
        screen
            .lines()
            .nth(quote + 2)
            .is_some_and(|l| l.contains("no longer in the text · Bridge to close · Gazette")),
        "{screen}"
    );
    assert!(
        !screen.contains("no longer in the text · Long report"),
        "{screen}"
    );
    reader.press("G enter");
    let screen = reader.screen();
    assert!(
        screen.contains("That passage is no longer in the story's text"),
        "{screen}"
    );
    assert!(
        screen.contains("✎ No longer in the text: “It voted to close the bridge”"),
        "scrolled to where it is listed\n{screen}"
    );
}

#[test]
fn an_empty_library_says_how_to_make_a_highlight() {
    let mut reader = Reader::with_stories(&[Article::new("Plain", "Nothing marked.")], 120, 30);
    reader.press("'");
    assert!(reader.model.overlay.is_none());
    let screen = reader.screen();
    assert!(
        screen.contains("No highlights in the library yet"),
        "{screen}"
    );
}

#[test]
fn a_large_library_is_loaded_a_page_at_a_time() {
    let mut store = Store::open_in_memory().expect("store");
    let id = insert(&mut store, "Bridge to close", "Gazette", BRIDGE_BODY, 1);
    for n in 0..450 {
        let mut h = highlight(BRIDGE_BODY, "bridge", Color::Green, None, 0);
        h.created -= chrono::Duration::from_std(Duration::from_secs(n)).expect("fits");
        h.note = Some(format!("number {n}"));
        store.add_highlight(id, &h).expect("highlight");
    }
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("'");
    let screen = reader.screen();
    assert!(
        screen.contains("Highlights in the library: 450, newest first (200 loaded)"),
        "{screen}"
    );
    assert!(screen.contains("✎ number 0"), "{screen}");
    reader.press("G");
    assert!(
        reader.screen().contains("(400 loaded)"),
        "the next page follows the cursor"
    );
    reader.press("G G");
    let screen = reader.screen();
    assert!(
        screen.contains("Highlights in the library: 450, newest first"),
        "{screen}"
    );
    assert!(screen.contains("✎ number 449"), "{screen}");
}

#[test]
fn typing_a_filter_lists_the_highlights_holding_its_words() {
    let (store, _, report) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("' /");
    reader.type_text("BRIDGE");
    let screen = reader.screen();
    assert!(
        screen.contains("Highlights holding “BRIDGE”: 2, newest first"),
        "the title of the story and a quote\n{screen}"
    );
    assert!(!screen.contains("halfway through"), "{screen}");
    assert!(screen.contains("/ BRIDGE"), "{screen}");
    assert!(screen.contains("enter keep the filter"), "{screen}");
    reader.press("ctrl-u");
    reader.type_text("clerk");
    let screen = reader.screen();
    assert!(screen.contains("“clerk”: 1"), "a word of a note\n{screen}");
    reader.press("enter");
    assert!(
        reader
            .model
            .all_highlights
            .as_ref()
            .is_some_and(|v| !v.typing),
        "Enter gives the keys back to the list"
    );
    reader.press("enter");
    assert_eq!(
        reader.model.story.as_ref().and_then(|s| s.id()),
        Some(report)
    );
    reader.press("esc");
    assert!(reader.screen().contains("“clerk”: 1"), "the filter is kept");
    reader.press("/");
    reader.type_text("zzz");
    let screen = reader.screen();
    assert!(screen.contains("No highlight holds “clerkzzz”"), "{screen}");
    assert_eq!(reader.model.overlay, Some(Overlay::AllHighlights));
    reader.press("esc");
    let screen = reader.screen();
    assert!(
        screen.contains("Highlights in the library: 3, newest first"),
        "Esc clears the filter\n{screen}"
    );
    reader.press("esc");
    assert!(reader.model.overlay.is_none());
}

#[test]
fn on_a_narrow_terminal_the_passage_opens_in_the_one_pane_and_a_resize_keeps_the_cursor() {
    let (store, _, report) = library();
    let mut reader = Reader::on(store, 70, 14, false);
    reader.press("' j");
    reader.send(crossterm::event::Event::Resize(70, 8));
    let screen = reader.screen();
    assert!(
        screen.contains("▌ “Residents objected halfway through”"),
        "the selected entry stays on screen\n{screen}"
    );
    reader.press("enter");
    let screen = reader.screen();
    assert!(screen.contains("Residents objected halfway"), "{screen}");
    assert!(
        !screen.contains("Stories"),
        "only the story is shown\n{screen}"
    );
    assert_eq!(
        reader.model.story.as_ref().and_then(|s| s.id()),
        Some(report)
    );
    reader.press("esc");
    assert_eq!(reader.model.overlay, Some(Overlay::AllHighlights));
}
