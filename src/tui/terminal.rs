//! Taking the terminal over and always giving it back: on quit, on panic and on signals.

use std::io::{self, Stdout, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crossterm::event::{
    DisableFocusChange, DisableMouseCapture, EnableFocusChange, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::AppEvent;

/// Owns the terminal while the reader runs; dropping it restores the terminal.
pub struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    /// Switches to raw mode and the alternate screen, and makes a panic restore the terminal
    /// before its message is printed.
    ///
    /// # Errors
    /// When the terminal refuses raw mode or the alternate screen.
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(e) = execute!(
            stdout,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableFocusChange
        ) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())?;
        Ok(Self { terminal })
    }

    /// The terminal to draw on.
    pub fn terminal(&mut self) -> &mut Terminal<CrosstermBackend<Stdout>> {
        &mut self.terminal
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = self.terminal.show_cursor();
        restore();
    }
}

/// Leaves raw mode and the alternate screen; safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableFocusChange,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Reads terminal input on its own thread, so the loop can wait on one channel for everything.
/// The returned gate stops the reading while another program (a terminal browser, a pager)
/// has the terminal, so that its keys are not taken from it.
pub fn forward_input(events: Sender<AppEvent>) -> InputGate {
    let gate = InputGate::default();
    let shared = gate.clone();
    std::thread::spawn(move || {
        loop {
            if !shared.wait_while_paused() {
                break;
            }
            match crossterm::event::poll(INPUT_POLL) {
                Ok(true) => match crossterm::event::read() {
                    Ok(event) => {
                        if events.send(AppEvent::Input(event)).is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                },
                Ok(false) => {}
                Err(_) => break,
            }
        }
    });
    gate
}

/// How long the input thread waits for a key before looking at the gate again.
const INPUT_POLL: Duration = Duration::from_millis(50);

/// Pauses and resumes the input thread.
#[derive(Clone, Default)]
pub struct InputGate {
    /// (paused, the thread has seen the pause and is waiting)
    state: Arc<(Mutex<(bool, bool)>, Condvar)>,
}

impl InputGate {
    /// Stops the reading and waits until the thread has stopped.
    pub fn pause(&self) {
        let (lock, changed) = &*self.state;
        let Ok(mut state) = lock.lock() else { return };
        state.0 = true;
        while !state.1 {
            match changed.wait_timeout(state, Duration::from_millis(200)) {
                Ok((next, timeout)) => {
                    state = next;
                    if timeout.timed_out() {
                        break;
                    }
                }
                Err(_) => return,
            }
        }
    }

    /// Lets the thread read again.
    pub fn resume(&self) {
        let (lock, changed) = &*self.state;
        if let Ok(mut state) = lock.lock() {
            *state = (false, false);
            changed.notify_all();
        }
    }

    /// Blocks while paused; `false` when the gate is broken and the thread should end.
    fn wait_while_paused(&self) -> bool {
        let (lock, changed) = &*self.state;
        let Ok(mut state) = lock.lock() else {
            return false;
        };
        while state.0 {
            state.1 = true;
            changed.notify_all();
            match changed.wait(state) {
                Ok(next) => state = next,
                Err(_) => return false,
            }
        }
        true
    }
}

/// Hands the terminal to `command` (input piped in when given), then takes it back.
///
/// # Errors
/// When the program cannot be started or the terminal cannot be taken back; the message says
/// which program.
pub fn run_in_foreground(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    gate: &InputGate,
    command: &[String],
    input: Option<&str>,
) -> Result<(), String> {
    let Some((program, args)) = command.split_first() else {
        return Err("no program to run; check [links] in the config".into());
    };
    gate.pause();
    restore();
    let result = (|| {
        let mut child = Command::new(program)
            .args(args)
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::inherit()
            })
            .spawn()
            .map_err(|e| format!("cannot start {program}: {e}; check [links] in the config"))?;
        if let (Some(mut stdin), Some(text)) = (child.stdin.take(), input) {
            // A pager that quits early closes its input; that is not an error.
            let _ = stdin.write_all(text.as_bytes());
        }
        child
            .wait()
            .map_err(|e| format!("{program} did not finish: {e}"))
            .map(|_| ())
    })();
    let back = enable_raw_mode().and_then(|()| {
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableFocusChange
        )
    });
    let repainted = super::repaint(terminal);
    gate.resume();
    back.map_err(|e| format!("cannot take the terminal back: {e}"))?;
    repainted?;
    result
}

/// Writes addresses over themselves as OSC 8 hyperlinks, after a frame is drawn.
///
/// # Errors
/// When the terminal cannot be written to.
pub fn write_hyperlinks<W: Write>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    links: &[super::external::Hyperlink],
) -> Result<(), String> {
    let backend = terminal.backend_mut();
    for link in links {
        backend
            .write_all(super::external::osc8(link).as_bytes())
            .map_err(|e| format!("cannot mark links: {e}"))?;
    }
    backend
        .flush()
        .map_err(|e| format!("cannot mark links: {e}"))
}

/// Asks the terminal to put `text` on the clipboard (OSC 52).
///
/// # Errors
/// When the terminal cannot be written to.
pub fn copy_to_clipboard(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    text: &str,
) -> Result<(), String> {
    let backend = terminal.backend_mut();
    backend
        .write_all(super::external::osc52(text).as_bytes())
        .and_then(|()| backend.flush())
        .map_err(|e| format!("cannot copy: {e}"))
}

/// Turns SIGTERM, SIGHUP and SIGINT into an orderly quit that saves and restores the terminal.
///
/// # Errors
/// When the signal handlers cannot be installed.
pub fn forward_signals(events: Sender<AppEvent>) -> io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if events.send(AppEvent::Signal).is_err() {
                break;
            }
        }
    });
    Ok(())
}
