//! The links overlay, copying and redrawing, on a TestBackend: what the person sees and what
//! the reader asks the terminal or the browser to do.

mod common;

use common::Reader;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use newsdesk::article::Article;
use newsdesk::tui::external::Effect;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn story_with_links() -> Article {
    let mut article = Article::new(
        "Harbour bridge approved",
        "The council [1] voted for the bridge [2].\n\nLinks:\n[1] https://example.org/council/minutes-of-the-meeting-held-on-wednesday-the-third-of-december\n[2] https://example.org/plans",
    );
    article.url = Some("https://example.org/bridge".into());
    article
}

#[test]
fn the_links_overlay_lists_the_story_address_and_its_references() {
    let mut reader = Reader::with_stories(&[story_with_links()], 120, 24);
    reader.press("enter L");
    let screen = reader.screen();
    assert!(screen.contains("Links in this story"), "{screen}");
    assert!(
        screen.contains("this story  https://example.org/bridge"),
        "{screen}"
    );
    assert!(
        screen.contains("[2]         https://example.org/plans"),
        "{screen}"
    );
    // The long address is on one row, whole, not wrapped onto the next.
    assert!(
        screen.contains("https://example.org/council/minutes-of-the-meeting-held-on-wednesday-the-third-of-december"),
        "{screen}"
    );
}

#[test]
fn addresses_in_the_story_are_never_wrapped_inside() {
    let mut reader = Reader::with_stories(&[story_with_links()], 120, 24);
    reader.press("enter");
    let screen = reader.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let start = rows
        .iter()
        .position(|r| r.contains("https://example.org/council/minutes-of"))
        .unwrap_or_else(|| panic!("the address starts a row:\n{screen}"));
    // The next row holds the next reference, not the rest of the address.
    assert!(
        rows[start + 1].contains("[2] https://example.org/plans"),
        "{screen}"
    );
    // Words with hyphens outside addresses still wrap at the hyphen.
    let mut article = Article::new(
        "Hyphens",
        "a ".repeat(30) + "well-known-long-compound-word-here",
    );
    article.url = None;
    let mut reader = Reader::with_stories(&[article], 60, 12);
    reader.press("enter");
    assert!(reader.screen().contains("well-"), "{}", reader.screen());
}

#[test]
fn reference_n_opens_directly_and_enter_opens_the_selected_link() {
    let mut reader = Reader::with_stories(&[story_with_links()], 120, 24);
    reader.press("enter L 2");
    assert_eq!(reader.opened_urls, ["https://example.org/plans"]);
    assert!(reader.model.overlay.is_none());
    reader.press("L j enter");
    assert_eq!(
        reader.opened_urls[1],
        "https://example.org/council/minutes-of-the-meeting-held-on-wednesday-the-third-of-december"
    );
    reader.press("L 7");
    assert!(reader.screen().contains("No reference [7] in this story"));
}

#[test]
fn copying_goes_through_the_terminal_and_says_so() {
    let mut reader = Reader::with_stories(&[story_with_links()], 120, 24);
    reader.press("enter y");
    assert_eq!(
        reader.model.effects,
        [Effect::CopyToTerminal("https://example.org/bridge".into())]
    );
    let screen = reader.screen();
    assert!(
        screen.contains("Copied https://example.org/bridge to the terminal's clipboard (OSC 52)"),
        "{screen}"
    );
    reader.model.effects.clear();
    reader.model.programs.copy = newsdesk::tui::external::Copy::Off;
    reader.press("L j y");
    assert!(reader.model.effects.is_empty());
    assert!(reader.screen().contains("Copying is off"));
}

#[test]
fn a_terminal_browser_is_run_in_the_foreground() {
    let mut reader = Reader::with_stories(&[story_with_links()], 120, 24);
    reader.model.programs.browser = Some("w3m %u".into());
    reader.model.programs.browser_in_terminal = true;
    reader.press("o");
    assert!(reader.opened_urls.is_empty(), "not started detached");
    assert_eq!(
        reader.model.effects,
        [Effect::Foreground {
            command: vec!["w3m".into(), "https://example.org/bridge".into()],
            input: None
        }]
    );
}

#[test]
fn ctrl_l_redraws_a_screen_another_program_wrote_over() {
    let reader = Reader::with_stories(&[story_with_links()], 80, 12);
    let mut model = reader.model.clone();
    let settings = reader.settings;
    let mut terminal = Terminal::new(TestBackend::new(80, 12)).expect("terminal");
    let (sender, events) = newsdesk::tui::channel();
    let mut store = reader.store;
    let mut submit = |task| {
        if let Some(outcome) = newsdesk::tui::worker::perform(&mut store, task) {
            let _ = sender.send(newsdesk::tui::AppEvent::Outcome(outcome));
        }
    };
    // Draw once, scribble on the "terminal" behind ratatui's back, then press ctrl-l and quit.
    terminal
        .draw(|frame| {
            newsdesk::tui::ui::render(frame, &model, &settings.keymap, &settings.theme);
        })
        .expect("draw");
    let mut scribble = ratatui::buffer::Cell::default();
    scribble.set_symbol("#");
    ratatui::backend::Backend::draw(terminal.backend_mut(), std::iter::once((1, 1, &scribble)))
        .expect("scribble");
    assert_eq!(terminal.backend().buffer()[(1, 1)].symbol(), "#");
    let key = |code, modifiers| {
        newsdesk::tui::AppEvent::Input(Event::Key(KeyEvent::new(code, modifiers)))
    };
    let sender2 = sender.clone();
    sender2
        .send(key(KeyCode::Char('l'), KeyModifiers::CONTROL))
        .expect("send");
    sender2
        .send(key(KeyCode::Char('q'), KeyModifiers::NONE))
        .expect("send");
    newsdesk::tui::run_loop(&mut terminal, &mut model, &settings, &events, &mut submit)
        .expect("loop");
    let cell = terminal.backend().buffer()[(1, 1)].symbol().to_owned();
    assert_ne!(cell, "#", "the scribble survived the redraw");
}

#[test]
fn addresses_on_screen_are_marked_as_hyperlinks_unless_switched_off() {
    let reader = Reader::with_stories(&[story_with_links()], 120, 24);
    let mut reader = reader;
    reader.press("enter");
    let links = newsdesk::tui::ui::hyperlinks(&reader.model);
    let plans = links
        .iter()
        .find(|l| l.url == "https://example.org/plans")
        .expect("the reference on screen is a link");
    // It sits exactly where the frame drew the address.
    let screen = reader.screen();
    let row = screen.lines().nth(usize::from(plans.y)).expect("row");
    let column =
        newsdesk::text::width(&row[..row.find("https://example.org/plans").expect("drawn")]);
    assert_eq!(usize::from(plans.x), column, "{screen}");
    assert_eq!(
        newsdesk::tui::external::osc8(plans),
        format!(
            "\x1b[{};{}H\x1b]8;;https://example.org/plans\x1b\\https://example.org/plans\x1b]8;;\x1b\\",
            plans.y + 1,
            plans.x + 1
        )
    );
    // The long address is linked whole but only its visible part is written over.
    let long = links
        .iter()
        .find(|l| l.url.contains("minutes"))
        .expect("long link");
    assert!(long.url.ends_with("third-of-december") && !long.text.ends_with("december"));

    for on in [true, false] {
        let mut model = reader.model.clone();
        model.programs.hyperlinks = on;
        let mut terminal = Terminal::new(TestBackend::new(120, 24)).expect("terminal");
        let (sender, events) = newsdesk::tui::channel();
        sender
            .send(newsdesk::tui::AppEvent::Input(Event::Key(KeyEvent::new(
                KeyCode::Char('q'),
                KeyModifiers::NONE,
            ))))
            .expect("send");
        let mut marked = 0;
        newsdesk::tui::run_loop_with(
            &mut terminal,
            &mut model,
            &reader.settings,
            &events,
            &mut |_| {},
            &mut |_, effect| {
                if matches!(effect, Effect::Hyperlinks(_)) {
                    marked += 1;
                }
                Ok(())
            },
        )
        .expect("loop");
        assert_eq!(marked > 0, on, "hyperlinks = {on}");
    }
}
