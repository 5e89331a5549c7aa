//! Nothing lost: a killed import, a killed reader, and two programs writing at once.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::pty::Session;
use newsdesk::store::Store;

fn newsdesk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command.env_remove("NEWSDESK_LIBRARY");
    command
}

fn kill(pid: u32) {
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

/// A folder of `count` distinct stories.
fn story_folder(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for i in 0..count {
        let body = format!(
            "Story number {i} about the harbour council\n\n{}",
            format!("Paragraph {i} tells what the council decided. ").repeat(40)
        );
        std::fs::write(dir.join(format!("story-{i:04}.txt")), body).expect("write");
    }
}

#[test]
fn a_killed_import_keeps_every_story_it_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    story_folder(&dir.path().join("stories"), 1_000);
    let mut child = newsdesk()
        .arg("--library")
        .arg(&library)
        .arg("add")
        .arg(dir.path().join("stories"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut reported = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("line");
        if let Some(rest) = line.strip_prefix("added #") {
            let (id, title) = rest.split_once("  ").expect("id and title");
            reported.push((id.parse::<i64>().expect("id"), title.to_owned()));
        }
        if reported.len() == 150 {
            // Child::kill sends SIGKILL at once, with no process to start first.
            child.kill().expect("kill");
            break;
        }
    }
    let _ = child.wait();
    assert_eq!(reported.len(), 150, "the import was killed part way");
    let store = Store::open(&library).expect("the library opens after a kill");
    assert!(store.integrity_ok().expect("integrity check"));
    for (id, title) in &reported {
        assert_eq!(
            &store.get(*id).expect("reported story is saved").title,
            title
        );
    }
    assert!(
        store.counts().expect("counts").total < 600,
        "the kill landed mid-import"
    );
}

/// A library with the demo stories in it.
fn demo_library(dir: &Path) -> std::path::PathBuf {
    let library = dir.join("library.db");
    let added = newsdesk()
        .arg("--library")
        .arg(&library)
        .arg("add")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo"))
        .output()
        .expect("add");
    assert!(added.status.success());
    library
}

#[test]
fn a_change_on_screen_survives_a_kill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = demo_library(dir.path());
    let path = library.to_str().expect("utf-8 path");
    let mut session = Session::start(&["--library", path]);
    session.wait_for("the list", |s| s.contains("13 stories"));
    session.type_keys(b"b");
    session.wait_for("the bookmark", |s| {
        s.contains("Bookmarked") && s.contains("│●★ U.S.")
    });
    session.type_keys(b"m");
    session.wait_for("read mark", |s| s.contains("Marked as read"));
    session.type_keys(b"t");
    session.wait_for("the tag editor", |s| s.contains("Add:"));
    session.type_keys(b"kept\r");
    session.wait_for("the tag", |s| s.contains("#kept"));
    kill(session.child.process_id().expect("pid"));
    let _ = session.finish();

    let store = Store::open(&library).expect("open");
    let first = store
        .list(newsdesk::store::Window {
            offset: 0,
            limit: 1,
        })
        .expect("list")
        .remove(0);
    assert!(first.bookmarked && first.read, "{first:?}");
    assert_eq!(first.tags, vec!["kept".to_string()]);
}

#[test]
fn the_reader_sees_stories_added_while_it_is_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = demo_library(dir.path());
    let path = library.to_str().expect("utf-8 path");
    story_folder(&dir.path().join("more"), 20);
    let mut session = Session::start(&["--library", path]);
    session.wait_for("the list", |s| s.contains("13 stories"));
    let started = Instant::now();
    let added = newsdesk()
        .arg("--library")
        .arg(&library)
        .arg("add")
        .arg(dir.path().join("more"))
        .output()
        .expect("add while the reader is open");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(!String::from_utf8_lossy(&added.stderr).contains("locked"));
    session.wait_for("the new stories", |s| s.contains("33 stories"));
    assert!(started.elapsed() < Duration::from_secs(15));
    session.type_keys(b"q");
    assert!(session.finish().success());
}
