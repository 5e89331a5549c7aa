//! Emoji as terminals draw them: frames written through crossterm are fed to a terminal
//! emulator (vt100) and must show exactly what the reader laid out, before and after the list
//! changes, with every emoji whole and no part left behind on a row.

mod common;

use std::cell::RefCell;
use std::io::Write;
use std::num::NonZeroU16;
use std::rc::Rc;

use common::Reader;
use newsdesk::article::Article;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const WIDTH: u16 = 100;
const HEIGHT: u16 = 16;

/// Bytes the terminal backend writes, kept for the emulator.
#[derive(Clone, Default)]
struct Output(Rc<RefCell<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A terminal that writes into memory, drawn into a vt100 screen after each frame.
struct Emulated {
    terminal: Terminal<CrosstermBackend<Output>>,
    output: Output,
    parser: vt100::Parser,
}

impl Emulated {
    fn new() -> Self {
        let output = Output::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(output.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)),
            },
        )
        .expect("terminal");
        let size = |n| NonZeroU16::new(n).expect("size");
        Self {
            terminal,
            output,
            parser: vt100::Parser::new(size(HEIGHT), size(WIDTH), 0),
        }
    }

    /// Draws the reader's frame and returns the emulator's screen, rows trimmed.
    fn draw(&mut self, reader: &Reader) -> String {
        self.terminal
            .draw(|frame| {
                newsdesk::tui::ui::render(
                    frame,
                    &reader.model,
                    &reader.settings.keymap,
                    &reader.settings.theme,
                );
            })
            .expect("draw");
        let bytes = std::mem::take(&mut *self.output.0.borrow_mut());
        self.parser.process(&bytes);
        let mut screen = String::new();
        for row in self.parser.screen().rows(0, WIDTH) {
            screen.push_str(row.trim_end());
            screen.push('\n');
        }
        screen
    }
}

fn stories() -> Vec<Article> {
    [
        "Family day 👨‍👩‍👧‍👦 in the park draws thousands",
        "Colombia 🇨🇴 and Peru 🇵🇪 sign a border deal",
        "Thumbs up 👍🏽 for the new bridge, says the mayor",
        "Pride 🏳️‍🌈 march takes the old route this year",
        "Plain title without any emoji at all",
    ]
    .iter()
    .map(|title| {
        Article::new(
            *title,
            format!("{title}. The story in full, with 👨‍👩‍👧 and 🇨🇴 inside."),
        )
    })
    .collect()
}

#[test]
fn emoji_are_drawn_where_the_reader_laid_them_out() {
    let mut reader = Reader::with_stories(&stories(), WIDTH, HEIGHT);
    let mut emulated = Emulated::new();
    assert_eq!(emulated.draw(&reader), reader.screen());
    // The list changes under the emoji: selection moves, a story opens, a search narrows it.
    for keys in ["j", "j j", "enter", "tab", "G", "g", "/ C o l", "esc"] {
        reader.press(keys);
        assert_eq!(emulated.draw(&reader), reader.screen(), "after {keys}");
    }
}

#[test]
fn emoji_keep_every_member_and_no_joiner_is_left_alone() {
    let reader = Reader::with_stories(&stories(), WIDTH, HEIGHT);
    let screen = reader.screen();
    assert!(screen.contains("👨👩👧👦"), "{screen}");
    // Flags, drawn one way by some terminals and another by others, show their country code.
    assert!(screen.contains("Colombia CO and Peru PE"), "{screen}");
    assert!(!screen.contains('\u{200d}'), "a joiner reached the screen");
    // Titles cut to the list's width end on a whole cluster.
    let narrow = Reader::with_stories(&stories(), 60, HEIGHT);
    for line in narrow.screen().lines() {
        assert!(!line.contains('\u{200d}'), "{line}");
    }
}
