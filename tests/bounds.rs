//! Hostile and oversized inputs are refused in bounded memory and time: every run here happens
//! in a child process under an address-space limit and a deadline, so a regression fails the
//! test instead of taking the machine down or hanging it.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Address space given to each run; far above what newsdesk needs, far below what a bomb takes.
const MEMORY_KIB: u64 = 1024 * 1024;
/// Longest a run may take before it counts as hung.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `newsdesk --library LIBRARY ARGS` under [`MEMORY_KIB`] of address space and
/// [`DEADLINE`]; a run that outlives the deadline is killed and fails the test.
fn run_bounded(library: &Path, args: &[&str], stdin: Option<&Path>) -> Output {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("NEWSDESK_LIBRARY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match stdin {
        Some(path) => command.stdin(std::fs::File::open(path).expect("open stdin file")),
        None => command.stdin(Stdio::null()),
    };
    let mut child = command.spawn().expect("run newsdesk");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("newsdesk {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout).expect("stdout");
    }
    if let Some(mut err) = child.stderr.take() {
        err.read_to_end(&mut stderr).expect("stderr");
    }
    Output {
        status,
        stdout,
        stderr,
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A Markdown file whose front matter is nine levels of lists of nine aliases of the level
/// before: under 400 bytes that expand to 9^9 values.
fn alias_bomb() -> String {
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9 {
        let list = vec![format!("*a{}", level - 1); 9].join(",");
        yaml.push_str(&format!("a{level}: &a{level} [{list}]\n"));
    }
    format!("---\ntitle: Bomb\n{yaml}---\nBody.\n")
}

#[test]
fn a_yaml_alias_bomb_in_front_matter_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = dir.path().join("bomb.md");
    std::fs::write(&bomb, alias_bomb()).expect("write");
    let library = dir.path().join("library.db");
    let output = run_bounded(&library, &["add", bomb.to_str().expect("path")], None);
    let message = stderr(&output);
    assert!(!output.status.success());
    assert!(
        message.contains("bomb.md:4: invalid front matter: aliases"),
        "the bomb is refused, naming the file and line: {message}"
    );
    // The library is still usable and holds nothing from the bomb.
    let listed = run_bounded(&library, &["list"], None);
    assert!(listed.status.success(), "{}", stderr(&listed));
}
