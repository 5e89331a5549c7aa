//! Entities in the reader: colours by kind (also without colour), the panel, and moving from an
//! entity to every story that mentions it.

mod common;

use common::Reader;
use newsdesk::store::Store;
use newsdesk::tui::model::{Focus, Overlay};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// The cell where `word` first appears in the story text (right of the list pane, below the
/// title and meta lines), searching row by row.
fn find(buffer: &Buffer, word: &str) -> Option<(u16, u16)> {
    let reading_pane = buffer.area.width * 2 / 5;
    for y in 5..buffer.area.height {
        let mut row = String::new();
        let mut columns = Vec::new();
        for x in reading_pane..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            for _ in symbol.chars() {
                columns.push(x);
            }
            row.push_str(symbol);
        }
        if let Some(at) = row.find(word) {
            let chars_before = row[..at].chars().count();
            return Some((columns[chars_before], y));
        }
    }
    None
}

#[test]
fn entities_are_coloured_by_kind_even_across_a_line_break() {
    let mut reader = Reader::demo(100, 30);
    reader.press("enter");
    let screen = reader.screen();
    // At this width "Gustavo Petro" is split over two rows.
    assert!(
        screen.contains("counterpart, Gustavo\n") || screen.contains("Gustavo  █"),
        "{screen}"
    );
    insta::assert_snapshot!("highlighted_story", screen);
    let terminal = reader.terminal();
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "counterpart, Gustavo").expect("the line with Gustavo");
    let gustavo = &buffer[(x + 13, y)];
    assert_eq!(gustavo.symbol(), "G");
    assert_eq!(gustavo.fg, Color::LightCyan, "person colour");
    let next_row_first = (buffer.area.width * 2 / 5..buffer.area.width)
        .map(|cx| &buffer[(cx, y + 1)])
        .find(|c| c.symbol() == "P")
        .expect("Petro on the next row");
    assert_eq!(
        next_row_first.fg,
        Color::LightCyan,
        "the second half is a person too"
    );
    let (cx, cy) = find(buffer, "Colombia").expect("Colombia");
    assert_ne!(buffer[(cx, cy)].fg, Color::LightCyan);
}

#[test]
fn without_colour_each_kind_keeps_its_own_emphasis() {
    let mut store = Store::open_in_memory().expect("store");
    newsdesk::demo::fill(&mut store).expect("demo");
    let mut reader = Reader::on(store, 120, 30, true);
    reader.press("enter");
    insta::assert_snapshot!("highlighted_story_no_color", reader.screen());
    let terminal = reader.terminal();
    let buffer = terminal.backend().buffer();
    let (px, py) = find(buffer, "Donald Trump").expect("person");
    let (gx, gy) = find(buffer, "Colombia").expect("place");
    let person = &buffer[(px, py)];
    let place = &buffer[(gx, gy)];
    assert_eq!(person.fg, Color::Reset);
    assert!(person.modifier.contains(Modifier::BOLD), "{person:?}");
    assert!(place.modifier.contains(Modifier::ITALIC), "{place:?}");
    assert_ne!(person.modifier, place.modifier);
}

#[test]
fn highlighting_can_be_switched_off() {
    let mut reader = Reader::demo(120, 30);
    reader.press("enter H");
    assert!(!reader.model.show_entities);
    let terminal = reader.terminal();
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "Donald Trump").expect("person");
    assert_eq!(buffer[(x + 2, y)].fg, Color::Reset);
    reader.press("H");
    assert!(reader.model.show_entities);
}

#[test]
fn from_an_entity_to_every_story_that_mentions_it() {
    let mut reader = Reader::demo(120, 30);
    reader.press("enter e");
    let Some(Overlay::Entities { entities, .. }) = reader.model.overlay.clone() else {
        panic!("the entity panel is open");
    };
    insta::assert_snapshot!("entity_panel", reader.screen());
    let colombia = entities
        .iter()
        .position(|e| e.name == "Colombia")
        .expect("Colombia in the panel");
    let petro = entities
        .iter()
        .find(|e| e.name == "Gustavo Petro")
        .expect("aliases merged into the full name");
    assert!(petro.count > 5, "Petro counted with his aliases: {petro:?}");
    for _ in 0..colombia {
        reader.press("j");
    }
    reader.press("enter");
    assert_eq!(reader.model.view.name, "Mentions Colombia");
    assert_eq!(reader.model.focus, Focus::List);
    assert!(
        reader.model.counts.total >= 2,
        "the seed and the coffee story"
    );
    let titles: Vec<&str> = reader
        .model
        .stories
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert!(titles.iter().any(|t| t.contains("coffee")), "{titles:?}");
    assert!(reader.screen().contains("Mentions Colombia"));
    reader.press("esc");
    assert_eq!(reader.model.view.name, "All stories");
}

#[test]
fn brackets_jump_between_lines_with_entities() {
    let mut reader = Reader::demo(120, 30);
    reader.press("enter");
    let start = reader.model.story.as_ref().map(|s| s.scroll).unwrap_or(0);
    reader.press("]");
    let story = reader.model.story.as_ref().expect("open");
    assert!(story.scroll > start);
    assert!(!story.lines[story.scroll].marks.is_empty());
    reader.press("] ] [");
    let story = reader.model.story.as_ref().expect("open");
    assert!(!story.lines[story.scroll].marks.is_empty());
}
