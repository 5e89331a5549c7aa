//! Drives the reader without a terminal: keys go through the real keymap and update, tasks run
//! synchronously against a real (in-memory) store, frames render into ratatui's TestBackend.

#![allow(
    dead_code,
    reason = "each test file uses a different part of the harness"
)]

pub mod http;
pub mod pty;

/// Runs the `newsdesk` binary on a library file, never the user's own.
pub fn run_on(library: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("NEWSDESK_LIBRARY")
        .output()
        .expect("run newsdesk")
}

/// Runs the `newsdesk` binary on a library file with `input` on its standard input.
pub fn run_with_stdin(
    library: &std::path::Path,
    args: &[&str],
    input: &[u8],
) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("NEWSDESK_LIBRARY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsdesk");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

use std::collections::VecDeque;

use crossterm::event::{Event, KeyEvent};
use newsdesk::article::Article;
use newsdesk::config::Config;
use newsdesk::store::{Inserted, Store};
use newsdesk::tui::keymap::parse_key;
use newsdesk::tui::model::Model;
use newsdesk::tui::worker::{self, Task};
use newsdesk::tui::{AppEvent, Settings, handle, ui, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The text of the bridge story the highlight tests mark passages in: two paragraphs of two
/// sentences each.
pub const BRIDGE_BODY: &str = "The council met on Monday. It voted to close the bridge for six \
                               months.\n\nResidents objected. The mayor said the repairs could not wait.";

/// An in-memory library holding only the bridge story, and its id.
pub fn bridge_library() -> (Store, i64) {
    let mut store = Store::open_in_memory().expect("store");
    let Inserted::New(id) = store
        .insert(&Article::new("Bridge to close", BRIDGE_BODY))
        .expect("insert")
    else {
        panic!("a new story");
    };
    (store, id)
}

/// A story titled `title`, published `day` days into 2026, so list order is known.
pub fn dated_story(title: &str, source: &str, day: i64) -> Article {
    let mut story = Article::new(title, format!("{title} body text.\n\nA second paragraph."));
    story.source = Some(source.to_owned());
    story.published = chrono::DateTime::from_timestamp(1_767_225_600 + day * 86_400, 0);
    story
}

/// A reader wired to a store, with the tasks it asked for recorded.
pub struct Reader {
    pub model: Model,
    pub settings: Settings,
    pub store: Store,
    /// Browser launches are recorded here instead of being carried out.
    pub opened_urls: Vec<String>,
}

impl Reader {
    /// A reader on the demo library at the given terminal size, its list loaded.
    pub fn demo(width: u16, height: u16) -> Self {
        let mut store = Store::open_in_memory().expect("store");
        newsdesk::demo::fill(&mut store).expect("demo");
        Self::on(store, width, height, false)
    }

    /// A reader on `store` started from a saved state, as after a restart.
    pub fn restored(
        store: Store,
        width: u16,
        height: u16,
        saved: &newsdesk::tui::state::SavedState,
    ) -> Self {
        Self::started(store, (width, height), false, Some(saved))
    }

    /// A reader on `store`; `no_color` as if NO_COLOR were set.
    pub fn on(store: Store, width: u16, height: u16, no_color: bool) -> Self {
        Self::started(store, (width, height), no_color, None)
    }

    fn started(
        store: Store,
        size: (u16, u16),
        no_color: bool,
        saved: Option<&newsdesk::tui::state::SavedState>,
    ) -> Self {
        let config = Config::defaults().expect("config");
        let settings = Settings::from_config(&config, no_color).expect("settings");
        let mut reader = Self {
            model: Model::new("demo", config.reader.width, size),
            settings,
            store,
            opened_urls: Vec::new(),
        };
        reader.model.views.clone_from(&reader.settings.views);
        if let Some(saved) = saved {
            newsdesk::tui::state::restore(&mut reader.model, saved);
        }
        let tasks = update::start(&mut reader.model);
        reader.run(tasks);
        reader
    }

    /// A reader on a library holding just these stories.
    pub fn with_stories(stories: &[Article], width: u16, height: u16) -> Self {
        let mut store = Store::open_in_memory().expect("store");
        for story in stories {
            store.insert(story).expect("insert");
        }
        Self::on(store, width, height, false)
    }

    /// Carries out tasks and feeds their outcomes back until nothing is left.
    pub fn run(&mut self, tasks: Vec<Task>) {
        let mut queue: VecDeque<Task> = tasks.into();
        while let Some(task) = queue.pop_front() {
            if let Task::OpenUrl(url) = task {
                self.opened_urls.push(url);
                continue;
            }
            if let Some(outcome) = worker::perform(&mut self.store, task) {
                queue.extend(update::absorb(&mut self.model, outcome));
            }
        }
    }

    /// Hands the reader a background result, as the worker would, and runs what follows.
    pub fn deliver(&mut self, outcome: worker::Outcome) {
        let tasks = update::absorb(&mut self.model, outcome);
        self.run(tasks);
    }

    /// Presses keys by their config names, separated by spaces: "j j enter ctrl-d".
    pub fn press(&mut self, keys: &str) {
        for name in keys.split(' ').filter(|k| !k.is_empty()) {
            let (code, modifiers) = parse_key(name).unwrap_or_else(|| panic!("key {name}"));
            self.send(Event::Key(KeyEvent::new(code, modifiers)));
        }
    }

    /// Types text into whatever has the keys, a character at a time.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Event::Key(KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            )));
        }
    }

    /// Delivers any terminal event.
    pub fn send(&mut self, event: Event) {
        let tasks = handle(
            &mut self.model,
            &self.settings.keymap,
            AppEvent::Input(event),
        );
        self.run(tasks);
    }

    /// Renders one frame at the model's size.
    pub fn terminal(&self) -> Terminal<TestBackend> {
        let (width, height) = self.model.size;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| {
                ui::render(
                    frame,
                    &self.model,
                    &self.settings.keymap,
                    &self.settings.theme,
                )
            })
            .expect("draw");
        terminal
    }

    /// The frame as plain text, one line per row, trailing spaces trimmed.
    pub fn screen(&self) -> String {
        let terminal = self.terminal();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            let mut line = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                // A wide character covers the next cell too; that cell holds nothing to print.
                let covered = u16::try_from(newsdesk::text::width(symbol)).unwrap_or(1);
                x += covered.max(1);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
