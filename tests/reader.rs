//! The reader as a user sees it: whole-screen snapshots and key sequences through the real keymap.

mod common;

use common::Reader;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use newsdesk::article::Article;
use newsdesk::store::Store;
use newsdesk::tui::model::{Focus, Overlay};
use newsdesk::tui::worker::{self, Task};
use newsdesk::tui::{AppEvent, run_loop};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

const SEED_TITLE: &str = "U.S. President Donald Trump announced plans";

/// A story built to attack the terminal: escape sequences, OSC strings, bidi overrides, wide text.
fn hostile_story() -> Article {
    let mut story = Article::new(
        "Breaking\u{1b}[2J\u{1b}]0;pwned\u{7} news \u{202e}txet desrever",
        "Clear \u{1b}[2J\u{1b}[H screen. Link \u{1b}]8;;http://evil.example\u{1b}\\here\u{1b}]8;;\u{1b}\\.\n\n\
         Clipboard \u{1b}]52;c;ZXZpbA==\u{7} write. C1 \u{9b}31m red. DEL \u{7f} NUL \u{0}.\n\n\
         東京で会議が開かれた。Wide text 👩‍👩‍👧 emoji and tabs\tinside.",
    );
    story.source = Some("Evil\u{1b}[31m Source".into());
    story.tags = vec!["tag\u{1b}[5m".into()];
    story.published = chrono::DateTime::from_timestamp(1_760_000_000, 0);
    story
}

#[test]
fn demo_library_with_the_seed_story_open() {
    let mut reader = Reader::demo(120, 30);
    reader.press("enter");
    let screen = reader.screen();
    assert!(screen.contains(SEED_TITLE));
    insta::assert_snapshot!("demo_seed_open", screen);
}

#[test]
fn empty_library_says_how_to_add_stories() {
    let reader = Reader::with_stories(&[], 100, 24);
    let screen = reader.screen();
    assert!(screen.contains("newsdesk add FILE|URL"));
    assert!(screen.contains("newsdesk --demo"));
    insta::assert_snapshot!("empty_library", screen);
}

#[test]
fn help_overlay_lists_every_binding_from_the_keymap() {
    let mut reader = Reader::demo(100, 40);
    reader.press("?");
    assert_eq!(reader.model.overlay, Some(Overlay::Help { scroll: 0 }));
    let screen = reader.screen();
    for description in ["next story / scroll down", "mark read / unread", "quit"] {
        assert!(screen.contains(description), "{description} missing");
    }
    insta::assert_snapshot!("help_overlay", screen);
    reader.press("esc");
    assert_eq!(reader.model.overlay, None);
}

#[test]
fn narrow_terminals_show_one_pane_at_a_time() {
    let mut reader = Reader::demo(70, 20);
    let list = reader.screen();
    assert!(list.contains("Stories") && !list.contains("min read"));
    insta::assert_snapshot!("narrow_list", list);
    reader.press("enter");
    let story = reader.screen();
    assert!(story.contains("min read"));
    insta::assert_snapshot!("narrow_story", story);
    reader.press("esc");
    assert_eq!(reader.model.focus, Focus::List);
    assert!(reader.screen().contains("Stories"));
}

#[test]
fn tiny_terminals_get_a_notice_and_never_panic() {
    let mut reader = Reader::demo(20, 5);
    assert!(reader.screen().contains("Terminal too small"));
    insta::assert_snapshot!("tiny_terminal", reader.screen());
    for width in 1..=40 {
        for height in 1..=12 {
            reader.send(Event::Resize(width, height));
            reader.press("j enter ctrl-d G ? esc");
            let _ = reader.screen();
        }
    }
}

#[test]
fn hostile_text_is_drawn_inert_and_columns_stay_aligned() {
    let mut reader = Reader::with_stories(&[hostile_story()], 110, 24);
    reader.press("enter");
    let terminal = reader.terminal();
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "control character reached the screen: {:?}",
            cell.symbol()
        );
    }
    let screen = reader.screen();
    // Every row is exactly as wide as the terminal: wide characters did not push borders out.
    for line in screen.lines() {
        assert!(newsdesk::text::width(line) <= 110, "{line}");
    }
    assert!(screen.contains("東京で会議が開かれた"));
    insta::assert_snapshot!("hostile_story", screen);
}

#[test]
fn moving_and_jumping_through_the_list() {
    let mut reader = Reader::demo(120, 30);
    reader.press("j j");
    assert_eq!(reader.model.selected, 2);
    reader.press("k");
    assert_eq!(reader.model.selected, 1);
    reader.press("G");
    assert_eq!(reader.model.selected, reader.model.stories.len() - 1);
    reader.press("j");
    assert_eq!(
        reader.model.selected,
        reader.model.stories.len() - 1,
        "stops at the end"
    );
    reader.press("g");
    assert_eq!(reader.model.selected, 0);
    reader.press("down down up");
    assert_eq!(reader.model.selected, 1);
    // The reading pane follows the selection in two-pane mode.
    let open_id = reader.model.story.as_ref().and_then(|s| s.article.id);
    assert_eq!(open_id, reader.model.selected_story().map(|s| s.id));
}

#[test]
fn opening_a_story_marks_it_read_and_scrolling_moves_the_story() {
    let mut reader = Reader::demo(120, 30);
    let unread_before = reader.model.counts.unread;
    reader.press("enter");
    assert_eq!(reader.model.focus, Focus::Reader);
    assert!(reader.model.stories[0].read);
    assert_eq!(reader.model.counts.unread, unread_before - 1);
    let id = reader.model.stories[0].id;
    assert!(
        reader.store.get(id).expect("get").read,
        "read state reached the store"
    );
    reader.press("j j");
    assert_eq!(reader.model.story.as_ref().map(|s| s.scroll), Some(2));
    reader.press("ctrl-d");
    assert_eq!(
        reader.model.story.as_ref().map(|s| s.scroll),
        Some(2 + 13),
        "half of the 26 rows"
    );
    reader.press("g");
    assert_eq!(reader.model.story.as_ref().map(|s| s.scroll), Some(0));
    reader.press("space");
    assert!(reader.model.story.as_ref().is_some_and(|s| s.scroll > 0));
    reader.press("G");
    let story = reader.model.story.as_ref().expect("open");
    assert_eq!(
        story.scroll + 26,
        story.lines.len(),
        "last page fills the pane"
    );
    assert!(reader.screen().contains("100%"));
}

#[test]
fn toggling_read_state_updates_list_store_and_status() {
    let mut reader = Reader::demo(120, 30);
    let id = reader.model.stories[0].id;
    reader.press("m");
    assert!(reader.model.stories[0].read);
    assert!(reader.store.get(id).expect("get").read);
    assert!(reader.screen().contains("Marked as read"));
    reader.press("m");
    assert!(!reader.store.get(id).expect("get").read);
    assert!(reader.screen().contains("Marked as unread"));
}

#[test]
fn opening_in_the_browser_hands_over_the_url_or_explains() {
    let mut reader = Reader::demo(120, 30);
    reader.press("o");
    assert!(reader.opened_urls.is_empty());
    assert!(reader.screen().contains("This story has no web address"));
    let with_url = reader
        .model
        .stories
        .iter()
        .position(|s| s.url.is_some())
        .expect("a demo story with a url");
    for _ in 0..with_url {
        reader.press("j");
    }
    reader.press("o");
    assert_eq!(reader.opened_urls.len(), 1);
    assert!(reader.opened_urls[0].starts_with("https://"));
}

#[test]
fn tab_and_arrows_switch_panes() {
    let mut reader = Reader::demo(120, 30);
    reader.press("tab");
    assert_eq!(reader.model.focus, Focus::Reader);
    reader.press("tab");
    assert_eq!(reader.model.focus, Focus::List);
    reader.press("l");
    assert_eq!(reader.model.focus, Focus::Reader);
    reader.press("left");
    assert_eq!(reader.model.focus, Focus::List);
}

#[test]
fn the_mouse_selects_and_scrolls() {
    let mut reader = Reader::demo(120, 12);
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Header row 0, border row 1, then two rows per story: story 3 starts at row 2 + 3 * 2.
    reader.send(click(10, 8));
    assert_eq!(reader.model.selected, 3);
    reader.send(Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 80,
        row: 10,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(reader.model.story.as_ref().map(|s| s.scroll), Some(3));
}

#[test]
fn resizing_rewraps_and_keeps_the_reading_place() {
    let mut reader = Reader::demo(120, 30);
    reader.press("enter ctrl-d ctrl-d");
    let story = reader.model.story.as_ref().expect("open");
    let top = story.lines[story.scroll].text.clone();
    reader.send(Event::Resize(100, 30));
    let story = reader.model.story.as_ref().expect("open");
    assert_ne!(story.wrap_width, 80);
    let new_top = &story.lines[story.scroll].text;
    let first_word = top.split(' ').next().unwrap_or("");
    assert!(
        story.lines[story.scroll..story.scroll + 2]
            .iter()
            .any(|l| l.text.contains(first_word)),
        "{top:?} vs {new_top:?}"
    );
}

#[test]
fn reading_position_and_read_state_survive_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    let mut store = Store::open(&path).expect("store");
    newsdesk::demo::fill(&mut store).expect("demo");
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter ctrl-d ctrl-d");
    let scroll = reader.model.story.as_ref().map(|s| s.scroll);
    reader.press("q");
    assert!(reader.model.quit);
    drop(reader);

    let mut reopened = Reader::on(Store::open(&path).expect("reopen"), 120, 30, false);
    assert!(reopened.model.stories[0].read);
    reopened.press("enter");
    assert_eq!(reopened.model.story.as_ref().map(|s| s.scroll), scroll);
}

#[test]
fn no_color_keeps_emphasis_but_drops_colours() {
    let mut store = Store::open_in_memory().expect("store");
    newsdesk::demo::fill(&mut store).expect("demo");
    let reader = Reader::on(store, 120, 30, true);
    let terminal = reader.terminal();
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, Color::Reset, "{:?}", cell.symbol());
        assert_eq!(cell.bg, Color::Reset, "{:?}", cell.symbol());
    }
    let selected_row = &terminal.backend().buffer()[(3, 2)];
    assert!(
        selected_row
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}

#[test]
fn the_event_loop_runs_on_a_test_backend_and_saves_on_quit() {
    let mut store = Store::open_in_memory().expect("store");
    newsdesk::demo::fill(&mut store).expect("demo");
    let config = newsdesk::config::Config::defaults().expect("config");
    let settings = newsdesk::tui::Settings::from_config(&config, false).expect("settings");
    let mut model = newsdesk::tui::model::Model::new("demo", 80, (120, 14));
    let (sender, events) = newsdesk::tui::channel();
    let key = |c| {
        AppEvent::Input(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    };
    let mut submitted = Vec::new();
    let mut terminal = Terminal::new(TestBackend::new(120, 14)).expect("terminal");
    let outcomes = sender.clone();
    let mut submit = |task: Task| {
        submitted.push(task.clone());
        if let Some(outcome) = worker::perform(&mut store, task) {
            outcomes.send(AppEvent::Outcome(outcome)).expect("send");
        }
        // Keys arrive after what they act on is on screen, as they would from a person.
        let loads = submitted
            .iter()
            .filter(|t| matches!(t, Task::LoadArticle(_)))
            .count();
        match (&task_kind(&submitted), loads) {
            (Kind::List, _) if submitted.len() == 1 => outcomes.send(key('j')).expect("send"),
            (Kind::Article, 2) => {
                for c in ['l', 'G', 'q'] {
                    outcomes.send(key(c)).expect("send");
                }
            }
            _ => {}
        }
    };
    run_loop(&mut terminal, &mut model, &settings, &events, &mut submit).expect("loop");
    assert!(model.quit);
    assert_eq!(model.selected, 1);
    assert!(
        submitted
            .iter()
            .any(|t| matches!(t, Task::SavePosition(_, _)))
    );
    let screen = format!("{:?}", terminal.backend());
    assert!(screen.contains("India launches"));
}

enum Kind {
    List,
    Article,
    Other,
}

fn task_kind(submitted: &[Task]) -> Kind {
    match submitted.last() {
        Some(Task::LoadWindow { .. }) => Kind::List,
        Some(Task::LoadArticle(_)) => Kind::Article,
        _ => Kind::Other,
    }
}
