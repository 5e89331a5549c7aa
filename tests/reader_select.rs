//! Making highlights in the reader: selecting a sentence, growing the selection by sentence and
//! paragraph, highlighting it in a chosen colour, with a note typed in the note editor, taking
//! it back with undo, and cancelling at each step.

mod common;

use common::{Reader, bridge_library as library};
use newsdesk::article::Article;
use newsdesk::highlight::Color as PassageColor;
use ratatui::style::Modifier;

/// The text on screen drawn in reverse video (the selection), in reading order.
fn selected_text(reader: &Reader) -> String {
    let terminal = reader.terminal();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut row = String::new();
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(Modifier::REVERSED) {
                row.push_str(cell.symbol());
            }
        }
        if !row.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(row.trim());
        }
    }
    out
}

#[test]
fn a_sentence_is_selected_extended_and_highlighted_then_undone() {
    let (store, id) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter v");
    assert_eq!(selected_text(&reader), "The council met on Monday.");
    assert!(
        reader.screen().contains("Selecting (yellow):"),
        "{}",
        reader.screen()
    );
    reader.press("j");
    assert_eq!(
        selected_text(&reader),
        "The council met on Monday. It voted to close the bridge for six months."
    );
    reader.press("j k");
    assert_eq!(
        selected_text(&reader),
        "The council met on Monday. It voted to close the bridge for six months."
    );
    reader.press("enter");
    assert!(reader.model.selection.is_none());
    let saved = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(saved.len(), 1);
    assert_eq!(
        saved[0].anchor.quote,
        "The council met on Monday. It voted to close the bridge for six months."
    );
    assert_eq!(saved[0].color, PassageColor::Yellow);
    assert_eq!(saved[0].note, None);
    let screen = reader.screen();
    assert!(screen.contains("Highlighted · u to undo"), "{screen}");
    let story = reader.model.story.as_ref().expect("open");
    assert_eq!(
        story.article.highlights.len(),
        1,
        "the story redraws with it"
    );
    assert!(story.lines.iter().any(|l| !l.passages.is_empty()));
    reader.press("u");
    assert!(
        reader
            .store
            .highlights_of(id)
            .expect("highlights")
            .is_empty()
    );
    let screen = reader.screen();
    assert!(screen.contains("Undone: made a highlight"), "{screen}");
    let story = reader.model.story.as_ref().expect("open");
    assert!(story.lines.iter().all(|l| l.passages.is_empty()));
}

#[test]
fn paragraph_keys_grow_and_shrink_the_selection_but_keep_its_first_sentence() {
    let (store, _) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter v }");
    assert_eq!(
        selected_text(&reader),
        "The council met on Monday. It voted to close the bridge for six months."
    );
    reader.press("}");
    assert!(
        selected_text(&reader)
            .ends_with("Residents objected. The mayor said the repairs could not wait."),
        "{}",
        selected_text(&reader)
    );
    reader.press("{ { { k k");
    assert_eq!(selected_text(&reader), "The council met on Monday.");
}

#[test]
fn the_colour_key_changes_the_colour_of_the_highlight() {
    let (store, id) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter j j v c c enter");
    let saved = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].color, PassageColor::Blue);
    reader.press("v enter");
    let colours: Vec<PassageColor> = reader
        .store
        .highlights_of(id)
        .expect("highlights")
        .iter()
        .map(|h| h.color)
        .collect();
    assert!(
        colours.iter().all(|c| *c == PassageColor::Blue),
        "the colour is kept: {colours:?}"
    );
}

#[test]
fn a_highlight_with_a_note_typed_on_two_lines() {
    let (store, id) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter v j a");
    let screen = reader.screen();
    assert!(
        screen.contains("Note on “The council met on Monday."),
        "{screen}"
    );
    assert!(screen.contains("ctrl-s or alt-enter save"), "{screen}");
    reader.type_text("Six months, nott");
    reader.press("backspace enter");
    reader.type_text("says who");
    reader.press("home");
    reader.type_text("- ");
    reader.press("up end");
    reader.type_text(" three");
    assert!(
        reader
            .store
            .highlights_of(id)
            .expect("highlights")
            .is_empty()
    );
    reader.press("ctrl-s");
    assert!(reader.model.overlay.is_none());
    let saved = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(saved.len(), 1);
    assert_eq!(
        saved[0].note.as_deref(),
        Some("Six months, not three\n- says who")
    );
    let screen = reader.screen();
    assert!(screen.contains("✎ Six months, not three"), "{screen}");
    assert!(screen.contains("  - says who"), "{screen}");
    assert!(screen.contains("Highlighted with a note"), "{screen}");
}

#[test]
fn esc_cancels_the_selection_and_the_note_without_saving() {
    let (store, id) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter v j esc");
    assert!(reader.model.selection.is_none());
    assert_eq!(selected_text(&reader), "");
    assert!(reader.screen().contains("Selection cancelled"));
    assert!(reader.model.story.is_some(), "esc only ends the selection");
    reader.press("v a");
    reader.type_text("never mind");
    reader.press("esc");
    assert!(reader.model.overlay.is_none());
    assert!(
        reader
            .store
            .highlights_of(id)
            .expect("highlights")
            .is_empty()
    );
    assert!(reader.screen().contains("Note cancelled"));
}

#[test]
fn keys_that_need_a_selection_say_how_to_make_one() {
    let (store, id) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter a");
    assert!(reader.model.overlay.is_none());
    assert!(
        reader.screen().contains("select a passage first (v)"),
        "{}",
        reader.screen()
    );
    assert!(
        reader
            .store
            .highlights_of(id)
            .expect("highlights")
            .is_empty()
    );
    let mut empty = Reader::with_stories(&[Article::new("Link only", "")], 120, 30);
    empty.press("enter v");
    assert!(empty.model.selection.is_none());
    assert!(
        empty.screen().contains("no text to highlight"),
        "{}",
        empty.screen()
    );
    let mut controls = Reader::with_stories(&[Article::new("Bell", "Ring \u{7} here.")], 120, 30);
    controls.press("enter v enter");
    assert!(controls.model.selection.is_none());
    assert!(
        controls.screen().contains("cannot be highlighted"),
        "{}",
        controls.screen()
    );
    let id = controls
        .model
        .story
        .as_ref()
        .and_then(|s| s.article.id)
        .expect("id");
    assert!(
        controls
            .store
            .highlights_of(id)
            .expect("highlights")
            .is_empty()
    );
}

#[test]
fn a_note_is_edited_from_the_highlights_list_and_the_edit_undone() {
    let (mut store, id) = library();
    store
        .highlight_quote(
            id,
            "Residents objected.",
            PassageColor::Pink,
            Some("Loudly".into()),
        )
        .expect("highlight");
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter \" a");
    assert!(
        reader.screen().contains("Edit the note"),
        "{}",
        reader.screen()
    );
    reader.press("backspace backspace");
    reader.type_text("ly, at the meeting");
    reader.press("ctrl-s");
    let saved = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(saved[0].note.as_deref(), Some("Loudly, at the meeting"));
    assert_eq!(saved[0].color, PassageColor::Pink);
    assert!(reader.screen().contains("✎ Loudly, at the meeting"));
    reader.press("u");
    let saved = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(saved[0].note.as_deref(), Some("Loudly"));
    let screen = reader.screen();
    assert!(screen.contains("Undone: changed a note"), "{screen}");
    assert!(screen.contains("✎ Loudly"), "{screen}");
    assert!(!screen.contains("at the meeting"), "{screen}");
    // Emptying the note removes it.
    reader.press("\" a ctrl-u");
    assert!(reader.screen().contains("Edit the note"));
    reader.press("ctrl-s");
    let saved = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(saved.len(), 1, "the highlight stays");
    assert_eq!(saved[0].note, None);
    assert!(!reader.screen().contains('✎'), "{}", reader.screen());
}

#[test]
fn word_keys_highlight_exactly_three_words_of_a_sentence() {
    let (store, id) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter v");
    let screen = reader.screen();
    assert!(screen.contains("w/b word  h/l start"), "{screen}");
    reader.press("l");
    assert_eq!(selected_text(&reader), "council met on Monday.");
    assert_eq!(
        reader.model.focus,
        newsdesk::tui::model::Focus::Reader,
        "l moves the start, not the focus"
    );
    reader.press("b");
    assert_eq!(selected_text(&reader), "council met on Monday");
    reader.press("b");
    assert_eq!(selected_text(&reader), "council met on");
    reader.press("enter");
    let saved = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].anchor.quote, "council met on");
    let story = reader.store.get(id).expect("story");
    assert!(!story.bookmarked, "b took a word off, it did not bookmark");
}

#[test]
fn word_keys_reach_into_the_next_sentence_and_the_start_moves_back() {
    let (store, id) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter v b b b b b b b b");
    assert_eq!(selected_text(&reader), "The", "one word at least");
    reader.press("l l");
    assert_eq!(selected_text(&reader), "met", "a single word walks on");
    reader.press("w w e");
    assert_eq!(selected_text(&reader), "met on Monday. It");
    reader.press("h left");
    assert_eq!(selected_text(&reader), "The council met on Monday. It");
    reader.press("h");
    assert_eq!(
        selected_text(&reader),
        "The council met on Monday. It",
        "nothing before the first word"
    );
    reader.press("j enter");
    let saved = reader.store.highlights_of(id).expect("highlights");
    assert_eq!(
        saved[0].anchor.quote,
        "The council met on Monday. It voted to close the bridge for six months."
    );
}

#[test]
fn outside_a_selection_the_word_keys_do_what_they_always_did() {
    let (store, id) = library();
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter b");
    assert!(reader.store.get(id).expect("story").bookmarked);
    reader.press("h");
    assert_eq!(reader.model.focus, newsdesk::tui::model::Focus::List);
    reader.press("w");
    assert!(reader.model.selection.is_none());
}
