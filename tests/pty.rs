//! The real binary in a pseudo-terminal: keys typed, the screen read back through a terminal
//! emulator, and the terminal checked after exit.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: NonZeroU16 = NonZeroU16::new(30).expect("rows");
const COLS: NonZeroU16 = NonZeroU16::new(110).expect("cols");
const PATIENCE: Duration = Duration::from_secs(20);

/// `newsdesk` running in a pseudo-terminal, its output fed into a vt100 screen.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    _master: Box<dyn MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Session {
    fn start(args: &[&str]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS.get(),
                cols: COLS.get(),
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let home = tempfile::tempdir().expect("tempdir");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_newsdesk"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("HOME", home.path());
        command.env("XDG_CONFIG_HOME", home.path().join("config"));
        command.env("XDG_DATA_HOME", home.path().join("data"));
        command.env_remove("NEWSDESK_LIBRARY");
        let child = pair.slave.spawn_command(command).expect("spawn newsdesk");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (sender, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buffer = [0_u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            writer,
            output,
            parser: vt100::Parser::new(ROWS, COLS, 0),
            raw: Vec::new(),
            _master: pair.master,
            _home: home,
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads output until `ready` holds for the screen, failing with the screen after a timeout.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !ready(&self.screen()) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
        }
    }

    fn type_keys(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to end, collecting the rest of its output.
    fn finish(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "newsdesk did not exit; screen:\n{}",
                self.screen()
            );
        }
    }
}

fn left_alternate_screen(raw: &[u8]) -> bool {
    raw.windows(8).any(|w| w == b"\x1b[?1049l")
}

#[test]
fn demo_opens_reads_and_quits_cleanly() {
    let mut session = Session::start(&["--demo"]);
    session.wait_for("the demo list", |s| {
        s.contains("13 stories") && s.contains("Stories")
    });
    assert!(session.parser.screen().alternate_screen());
    session.type_keys(b"j");
    session.wait_for("the second story in the reading pane", |s| {
        s.contains("India launches its first weather satellite") && s.contains("Skyroot Orbital")
    });
    session.type_keys(b"\r");
    session.wait_for("the story marked read", |s| s.contains("9 unread"));
    session.type_keys(b"?");
    session.wait_for("the help overlay", |s| s.contains("mark read / unread"));
    session.type_keys(b"\x1b");
    session.wait_for("the help overlay to close", |s| {
        !s.contains("mark read / unread")
    });
    session.type_keys(b"q");
    let status = session.finish();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !session.parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(left_alternate_screen(&session.raw));
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut session = Session::start(&["--demo"]);
    session.wait_for("the demo list", |s| s.contains("13 stories"));
    let pid = session.child.process_id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    session.finish();
    assert!(
        !session.parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(left_alternate_screen(&session.raw));
}

#[test]
fn a_tiny_terminal_gets_a_notice() {
    let mut session = Session::start(&["--demo"]);
    session.wait_for("the demo list", |s| s.contains("13 stories"));
    session
        ._master
        .resize(PtySize {
            rows: 4,
            cols: 18,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    session.wait_for("the notice", |s| s.contains("Terminal too"));
    session.type_keys(b"q");
    assert!(session.finish().success());
}

#[test]
fn tags_bookmarks_and_read_state_survive_a_restart() {
    let home = tempfile::tempdir().expect("tempdir");
    let library = home.path().join("library.db");
    let library = library.to_str().expect("utf-8 path");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");
    let added = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["--library", library, "add", demo])
        .output()
        .expect("add");
    assert!(added.status.success());

    let mut session = Session::start(&["--library", library]);
    session.wait_for("the list", |s| s.contains("13 stories"));
    session.type_keys(b"t");
    session.wait_for("the tag editor", |s| s.contains("Add:"));
    session.type_keys(b"keep me\r\x1b");
    session.wait_for("the tag on the story", |s| {
        s.contains("#keep me") && !s.contains("Add:")
    });
    session.type_keys(b"b\r");
    session.wait_for("the bookmark and read mark", |s| s.contains("9 unread"));
    session.type_keys(b"q");
    assert!(session.finish().success());

    let mut reopened = Session::start(&["--library", library]);
    reopened.wait_for("the list after a restart", |s| {
        s.contains("9 unread") && s.contains("#keep me")
    });
    assert!(
        reopened.screen().contains("│ ★ U.S. President"),
        "read and bookmarked marks kept:\n{}",
        reopened.screen()
    );
    reopened.type_keys(b"q");
    assert!(reopened.finish().success());
}
