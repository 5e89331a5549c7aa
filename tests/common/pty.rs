//! `newsdesk` in a pseudo-terminal: keys typed, the screen read back through a terminal emulator.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: NonZeroU16 = NonZeroU16::new(30).expect("rows");
pub const COLS: NonZeroU16 = NonZeroU16::new(110).expect("cols");
pub const PATIENCE: Duration = Duration::from_secs(60);

/// `newsdesk` running in a pseudo-terminal, its output fed into a vt100 screen.
pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    pub writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    pub raw: Vec<u8>,
    pub master: Box<dyn MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Session {
    pub fn start(args: &[&str]) -> Self {
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
            master: pair.master,
            _home: home,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads output until `ready` holds for the screen, failing with the screen after a timeout.
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
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

    pub fn type_keys(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to end, collecting the rest of its output.
    pub fn finish(&mut self) -> portable_pty::ExitStatus {
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
