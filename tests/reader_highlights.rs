//! Highlights in the reading pane: the passage on a background of its colour with a bar in the
//! margin (the bar stays without colour), its note under the paragraph, and a passage that is
//! no longer in the text kept at the end of the story.

mod common;

use common::Reader;
use newsdesk::article::Article;
use newsdesk::highlight::Color as PassageColor;
use newsdesk::store::{Inserted, Store};
use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// A library with the bridge story, two passages highlighted, one with a note.
fn highlighted() -> (Store, i64) {
    let (mut store, id) = common::bridge_library();
    store
        .highlight_quote(
            id,
            "It voted to close the bridge",
            PassageColor::Yellow,
            Some("Six months, not three".into()),
        )
        .expect("highlight");
    store
        .highlight_quote(id, "Residents objected.", PassageColor::Pink, None)
        .expect("highlight");
    (store, id)
}

/// The cell where `text` first appears on screen.
fn find(buffer: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..buffer.area.height {
        let mut row = String::new();
        let mut columns = Vec::new();
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            for _ in symbol.chars() {
                columns.push(x);
            }
            row.push_str(symbol);
        }
        if let Some(at) = row.find(text) {
            return (columns[row[..at].chars().count()], y);
        }
    }
    panic!("{text:?} is not on screen");
}

/// The reading pane's first column (its border and padding come before it) on row `y`.
fn margin(buffer: &Buffer, y: u16) -> String {
    let pane = buffer.area.width * 2 / 5;
    (pane..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect::<String>()
}

#[test]
fn a_highlight_is_drawn_on_its_colour_with_its_note_under_the_paragraph() {
    let (store, _) = highlighted();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter");
    let screen = reader.screen();
    assert!(screen.contains("✎ Six months, not three"), "{screen}");
    let note_row = screen
        .lines()
        .position(|l| l.contains("✎ Six months"))
        .expect("note");
    let second_paragraph = screen
        .lines()
        .position(|l| l.contains("Residents objected."))
        .expect("paragraph");
    assert!(
        note_row < second_paragraph,
        "the note follows its paragraph\n{screen}"
    );
    let terminal = reader.terminal();
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "It voted");
    assert_eq!(buffer[(x, y)].bg, Color::Indexed(58), "yellow passage");
    let (before, _) = find(buffer, "Monday.");
    assert_eq!(buffer[(before, y)].bg, Color::Reset, "outside the passage");
    let (px, py) = find(buffer, "Residents");
    assert_eq!(buffer[(px, py)].bg, Color::Indexed(53), "pink passage");
    assert_eq!(buffer[(px - 1, py)].symbol(), "▌", "margin bar");
    assert_eq!(buffer[(px - 1, py)].fg, Color::Magenta);
}

#[test]
fn without_colour_the_margin_bar_and_the_note_still_show_the_highlight() {
    let (store, _) = highlighted();
    let mut reader = Reader::on(store, 120, 30, true);
    reader.press("enter");
    let screen = reader.screen();
    assert!(screen.contains("✎ Six months, not three"), "{screen}");
    let terminal = reader.terminal();
    let buffer = terminal.backend().buffer();
    let (px, py) = find(buffer, "Residents");
    assert_eq!(buffer[(px, py)].bg, Color::Reset);
    assert_eq!(buffer[(px - 1, py)].symbol(), "▌");
    let unmarked = margin(buffer, find(buffer, "1 min read").1);
    assert!(!unmarked.contains('▌'), "{unmarked}");
}

#[test]
fn a_passage_gone_from_new_text_is_shown_at_the_end_not_dropped() {
    let (mut store, id) = highlighted();
    store
        .fill_in(
            id,
            &Article::new(
                "Bridge to close",
                "The council met on Monday and put off a decision.\n\nResidents objected.",
            ),
        )
        .expect("new text");
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter");
    let screen = reader.screen();
    assert!(
        screen.contains("✎ No longer in the text: “It voted to close the bridge” — Six"),
        "{screen}"
    );
    assert!(screen.contains("│   months, not three"), "{screen}");
    let terminal = reader.terminal();
    let buffer = terminal.backend().buffer();
    let (px, py) = find(buffer, "Residents");
    assert_eq!(buffer[(px, py)].bg, Color::Indexed(53), "still anchored");
}

#[test]
fn the_highlights_overlay_lists_passages_and_notes_and_jumps_to_one() {
    let mut store = Store::open_in_memory().expect("store");
    let filler: Vec<String> = (1..=40)
        .map(|n| format!("Paragraph {n} of the council's long report."))
        .collect();
    let body = format!(
        "The council met on Monday.\n\n{}\n\nResidents objected halfway through.\n\n{}",
        filler[..20].join("\n\n"),
        filler[20..].join("\n\n")
    );
    let Inserted::New(id) = store
        .insert(&Article::new("Long report", body))
        .expect("insert")
    else {
        panic!("a new story");
    };
    store
        .highlight_quote(id, "The council met", PassageColor::Green, None)
        .expect("highlight");
    store
        .highlight_quote(
            id,
            "Residents objected",
            PassageColor::Blue,
            Some("Who spoke?".into()),
        )
        .expect("highlight");
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter \"");
    let screen = reader.screen();
    assert!(screen.contains("Highlights in this story"), "{screen}");
    assert!(screen.contains("▌ “The council met”"), "{screen}");
    assert!(screen.contains("▌ “Residents objected”"), "{screen}");
    assert!(screen.contains("✎ Who spoke?"), "{screen}");
    reader.press("j enter");
    assert!(reader.model.overlay.is_none());
    let story = reader.model.story.as_ref().expect("open");
    assert!(
        story.lines[story.scroll]
            .text
            .starts_with("Residents objected"),
        "scrolled to the passage"
    );
    assert!(
        reader
            .screen()
            .contains("Residents objected halfway through.")
    );
    reader.press("\" esc");
    assert!(reader.model.overlay.is_none());
}

#[test]
fn a_story_without_highlights_says_how_to_make_one() {
    let mut reader = Reader::with_stories(&[Article::new("Plain", "Nothing marked.")], 120, 30);
    reader.press("enter \"");
    assert!(reader.model.overlay.is_none());
    let screen = reader.screen();
    assert!(screen.contains("No highlights in this story"), "{screen}");
}

#[test]
fn a_removed_story_comes_back_with_its_highlights_on_undo() {
    let (store, _) = highlighted();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("D");
    assert!(
        reader
            .store
            .highlights(&newsdesk::query::parse("").expect("query"))
            .expect("highlights")
            .is_empty()
    );
    reader.press("u enter");
    let screen = reader.screen();
    assert!(screen.contains("✎ Six months, not three"), "{screen}");
    let story = reader.model.story.as_ref().expect("open");
    assert_eq!(story.article.highlights.len(), 2);
}

#[test]
fn a_highlight_deleted_from_the_overlay_comes_back_with_undo() {
    let (store, id) = highlighted();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter \" D");
    let screen = reader.screen();
    assert!(
        screen.contains("Deleted the highlight and its note · u to undo"),
        "{screen}"
    );
    assert!(!screen.contains("✎ Six months"), "{screen}");
    let left = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].anchor.quote, "Residents objected.");
    reader.press("u");
    let screen = reader.screen();
    assert!(screen.contains("Undone: deleted a highlight"), "{screen}");
    assert!(screen.contains("✎ Six months, not three"), "{screen}");
    assert_eq!(reader.store.highlights_of(id).expect("highlights").len(), 2);
}
