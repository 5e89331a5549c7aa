//! The full-screen reader: model → action → update → render, fed by one channel of events.

pub mod action;
pub mod edit;
pub mod external;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod state;
pub mod terminal;
pub mod ui;
pub mod update;
pub mod worker;
mod writes;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event::{Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::config::Config;
use crate::store::Store;
use external::Effect;
use keymap::Keymap;
use model::Model;
use ui::theme::Theme;
use worker::{Outcome, Task};

/// How often the reader looks for stories added by another program (one cheap query); also on
/// regaining focus.
const CHANGE_CHECK: Duration = Duration::from_secs(3);

/// Everything the event loop reacts to, on one channel so that it sleeps until something happens.
#[derive(Debug)]
pub enum AppEvent {
    /// A key, mouse or resize event from the terminal.
    Input(Event),
    /// A result from the worker.
    Outcome(Outcome),
    /// SIGTERM, SIGHUP or SIGINT: save and leave.
    Signal,
}

/// What the loop needs besides the model: how keys map, how things look, the saved views.
pub struct Settings {
    pub keymap: Keymap,
    pub theme: Theme,
    /// Built-in views followed by the config's saved searches.
    pub views: Vec<model::View>,
    /// `[refresh]`: the reader's own refreshing and the options refreshes use.
    pub refresh: model::AutoRefresh,
}

impl Settings {
    /// Builds the keymap and theme from a loaded config.
    ///
    /// # Errors
    /// When a key binding or colour cannot be used; the message names the setting.
    pub fn from_config(config: &Config, no_color: bool) -> anyhow::Result<Self> {
        let keymap =
            Keymap::from_config(&config.keys).context("invalid key binding in the config")?;
        let theme = Theme::from_config(&config.theme, no_color)
            .map_err(anyhow::Error::msg)
            .context("invalid colour in the config")?;
        let mut views = model::builtin_views();
        for (name, text) in &config.views {
            let query = crate::query::parse(text).map_err(|e| {
                anyhow::anyhow!(
                    "invalid saved view [views] {name}: {}",
                    e.pointing_into(text)
                )
            })?;
            views.push(model::View {
                name: name.clone(),
                query_text: text.clone(),
                query,
            });
        }
        let refresh = auto_refresh(&config.refresh)?;
        Ok(Self {
            keymap,
            theme,
            views,
            refresh,
        })
    }

    /// Carries the config's reading choices into a fresh model.
    pub fn apply_reading(&self, model: &mut Model, config: &Config) {
        model.space_next_unread = config.reader.space_next_unread;
        model.mark_read_after = Duration::from_secs(config.reader.mark_read_after);
        model.refresh = self.refresh.clone();
    }
}

/// The `[refresh]` settings as the reader uses them.
///
/// # Errors
/// When `interval` or `every` is not a duration such as "30m".
fn auto_refresh(config: &crate::config::RefreshConfig) -> anyhow::Result<model::AutoRefresh> {
    use crate::subscriptions::schedule::parse_duration;
    let interval = parse_duration(&config.interval)
        .map_err(|e| anyhow::anyhow!("[refresh] interval in the config: {e}"))?;
    let every = match config.every.trim() {
        "" | "off" | "never" => None,
        text => Some(Duration::from_secs(parse_duration(text).map_err(|e| {
            anyhow::anyhow!("[refresh] every in the config: {e}")
        })?)),
    };
    Ok(model::AutoRefresh {
        every,
        next: None,
        last: None,
        options: crate::subscriptions::Options {
            which: crate::subscriptions::Which::Due,
            default_interval: interval,
            keep_days: Some(config.keep_days).filter(|&d| d > 0),
        },
    })
}

/// Runs the reader until the user quits, drawing into `terminal` and reading `events`.
///
/// `submit` hands tasks to the worker. The loop blocks while nothing happens; it wakes only to
/// let a status message fade and, every few seconds, to ask whether the library changed.
///
/// # Errors
/// When drawing to the terminal fails.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    settings: &Settings,
    events: &Receiver<AppEvent>,
    submit: &mut dyn FnMut(Task),
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    run_loop_with(terminal, model, settings, events, submit, &mut redraw_only)
}

/// Carries out the effects a test backend can: a redraw.
fn redraw_only<B: Backend>(terminal: &mut Terminal<B>, effect: Effect) -> Result<(), String>
where
    B::Error: Send + Sync + 'static,
{
    if effect == Effect::Redraw {
        repaint(terminal)?;
    }
    Ok(())
}

/// Clears the screen and makes the next frame draw every cell. Unlike `Terminal::clear`, this
/// does not ask the terminal where its cursor is, which a terminal that does not answer (or
/// answers late, after another program) would make fail.
///
/// # Errors
/// When the terminal cannot be written to.
pub fn repaint<B: Backend>(terminal: &mut Terminal<B>) -> Result<(), String> {
    terminal
        .backend_mut()
        .clear_region(ratatui::backend::ClearType::All)
        .map_err(|e| format!("cannot redraw: {e}"))?;
    // A blank frame becomes what ratatui believes is on screen, so the next one is drawn whole.
    terminal
        .draw(|_| {})
        .map(|_| ())
        .map_err(|e| format!("cannot redraw: {e}"))
}

/// Carries out an [`Effect`] on the terminal; an error message goes to the status bar.
pub type Outside<'a, B> = dyn FnMut(&mut Terminal<B>, Effect) -> Result<(), String> + 'a;

/// [`run_loop`] with the effects (redraw, clipboard, programs in the foreground) carried out
/// by `outside`, which owns the terminal; a failure it reports shows in the status bar.
///
/// # Errors
/// When drawing to the terminal fails.
pub fn run_loop_with<B: Backend>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    settings: &Settings,
    events: &Receiver<AppEvent>,
    submit: &mut dyn FnMut(Task),
    outside: &mut Outside<'_, B>,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    update::start(model).into_iter().for_each(&mut *submit);
    let mut next_check = Instant::now() + CHANGE_CHECK;
    while !model.quit {
        terminal.draw(|frame| ui::render(frame, model, &settings.keymap, &settings.theme))?;
        if model.programs.hyperlinks {
            let links = ui::hyperlinks(model);
            if !links.is_empty() {
                // Drawing goes on without them if the terminal cannot take them.
                let _ = outside(terminal, Effect::Hyperlinks(links));
            }
        }
        // Sleep until something happens, a status message is due to fade, or it is time to
        // look for changes made by another program.
        let mut deadline = next_check;
        if let Some(status) = &model.status {
            deadline = deadline.min(status.shown_at + update::STATUS_LIFETIME);
        }
        if let Some((_, due)) = model.read_timer {
            deadline = deadline.min(due);
        }
        if let Some(due) = model.refresh.next {
            deadline = deadline.min(due);
        }
        let event = match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        update::expire_status(model, Instant::now());
        update::tick(model, Instant::now())
            .into_iter()
            .for_each(&mut *submit);
        update::auto_refresh(model, Instant::now())
            .into_iter()
            .for_each(&mut *submit);
        if Instant::now() >= next_check
            || matches!(event, Some(AppEvent::Input(Event::FocusGained)))
        {
            next_check = Instant::now() + CHANGE_CHECK;
            submit(Task::CheckForChanges);
        }
        let tasks = match event {
            Some(event) => handle(model, &settings.keymap, event),
            None => Vec::new(),
        };
        tasks.into_iter().for_each(&mut *submit);
        for effect in std::mem::take(&mut model.effects) {
            if let Err(message) = outside(terminal, effect) {
                update::show(model, message, model::StatusKind::Error);
            }
        }
    }
    update::save_position(model)
        .into_iter()
        .for_each(&mut *submit);
    Ok(())
}

/// Turns one event into state changes and tasks.
pub fn handle(model: &mut Model, keymap: &Keymap, event: AppEvent) -> Vec<Task> {
    match event {
        AppEvent::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
            if edit::is_typing(model) {
                edit::key(model, key)
            } else {
                let mode = if model.selection.is_some() && model.overlay.is_none() {
                    keymap::Mode::Selecting
                } else {
                    keymap::Mode::Normal
                };
                keymap
                    .resolve_in(mode, key)
                    .map(|action| update::apply(model, action))
                    .unwrap_or_default()
            }
        }
        AppEvent::Input(Event::Resize(width, height)) => update::resize(model, width, height),
        AppEvent::Input(Event::Mouse(mouse)) => update::mouse(model, mouse),
        AppEvent::Input(_) => Vec::new(),
        AppEvent::Outcome(outcome) => update::absorb(model, outcome),
        AppEvent::Signal => {
            model.quit = true;
            Vec::new()
        }
    }
}

/// Opens the reader on a real terminal: sets it up, runs the loop, and always gives it back.
///
/// # Errors
/// When the terminal cannot be set up or drawn to.
pub fn run(store: Store, label: &str, config: &Config) -> anyhow::Result<()> {
    let settings = Settings::from_config(config, Theme::no_color_requested())?;
    let (event_tx, event_rx) = mpsc::channel::<AppEvent>();
    let (task_tx, task_rx) = mpsc::channel::<Task>();
    let state_path = store.path().map(|library| state::path_for(&library));
    if let Some(sync) = &config.sync {
        let _ = worker::SYNC_WITH.set(sync.clone());
    }
    let worker = worker::spawn(store, task_rx, event_tx.clone(), AppEvent::Outcome);
    terminal::forward_signals(event_tx.clone())?;
    let mut guard = terminal::TerminalGuard::enter()?;
    let gate = terminal::forward_input(event_tx);
    let size = guard.terminal().size()?;
    let mut model = Model::new(label, config.reader.width, (size.width, size.height));
    model.views.clone_from(&settings.views);
    settings.apply_reading(&mut model, config);
    if let Some(saved) = state_path.as_deref().and_then(state::load) {
        state::restore(&mut model, &saved);
    }
    model.programs = external::Programs::from_config(&config.links, std::env::var("PAGER").ok());
    let result = run_loop_with(
        guard.terminal(),
        &mut model,
        &settings,
        &event_rx,
        &mut |task| {
            let _ = task_tx.send(task);
        },
        &mut |terminal, effect| match effect {
            Effect::Redraw => repaint(terminal),
            Effect::CopyToTerminal(text) => terminal::copy_to_clipboard(terminal, &text),
            Effect::Hyperlinks(links) => terminal::write_hyperlinks(terminal, &links),
            Effect::Foreground { command, input } => {
                terminal::run_in_foreground(terminal, &gate, &command, input.as_deref())
            }
        },
    );
    drop(guard);
    if let Some(path) = &state_path
        && let Err(error) = state::save(path, &state::snapshot(&model))
    {
        eprintln!("newsdesk: {error:#}; the reader will start on all stories next time");
    }
    drop(task_tx);
    // Let the worker finish saving read state and the reading position before the process ends;
    // a change it could not save is named, now that the terminal is back to normal.
    for unsaved in worker.join().unwrap_or_default() {
        eprintln!("newsdesk: not saved: {unsaved}");
    }
    result
}

/// A channel pair for tests and embedders that drive [`run_loop`] themselves.
#[must_use]
pub fn channel() -> (Sender<AppEvent>, Receiver<AppEvent>) {
    mpsc::channel()
}
