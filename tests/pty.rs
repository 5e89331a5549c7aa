//! The real binary in a pseudo-terminal: keys typed, the screen read back through a terminal
//! emulator, and the terminal checked after exit.

mod common;

use std::num::NonZeroU16;

use common::pty::Session;
use portable_pty::PtySize;

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
        .master
        .resize(PtySize {
            rows: 4,
            cols: 18,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    session.parser.screen_mut().set_size(
        NonZeroU16::new(4).expect("rows"),
        NonZeroU16::new(18).expect("cols"),
    );
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
        s.contains("#keep") && !s.contains("Add:")
    });
    session.type_keys(b"b\r");
    session.wait_for("the bookmark and read mark", |s| s.contains("9 unread"));
    session.type_keys(b"q");
    assert!(session.finish().success());

    let mut reopened = Session::start(&["--library", library]);
    reopened.wait_for("the list after a restart", |s| {
        s.contains("9 unread") && s.contains("#keep")
    });
    assert!(
        reopened.screen().contains("│ ★ U.S. President"),
        "read and bookmarked marks kept:\n{}",
        reopened.screen()
    );
    reopened.type_keys(b"q");
    assert!(reopened.finish().success());
}

#[test]
fn r_refreshes_feeds_on_a_library_on_disk() {
    let home = tempfile::tempdir().expect("tempdir");
    let library = home.path().join("library.db");
    let library = library.to_str().expect("utf-8 path");
    let feed = home.path().join("feed.xml");
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>Disk Feed</title><item><title>Brand new item</title>\
         <guid>d-1</guid><description>Text of the new item.</description></item></channel></rss>",
    )
    .expect("write");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");
    let newsdesk = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args(["--library", library])
            .args(args)
            .output()
            .expect("run")
    };
    assert!(newsdesk(&["add", demo]).status.success());
    let subscribed = newsdesk(&["feed", "add", feed.to_str().expect("path")]);
    assert!(subscribed.status.success());
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>Disk Feed</title><item><title>Brand new item</title>\
         <guid>d-1</guid><description>Text of the new item.</description></item><item>\
         <title>Second wave</title><guid>d-2</guid><description>More.</description></item>\
         </channel></rss>",
    )
    .expect("write");
    let mut session = Session::start(&["--library", library]);
    session.wait_for("the list", |s| s.contains("14 stories"));
    session.type_keys(b"R");
    session.wait_for("the refresh", |s| {
        s.contains("Refreshed 1 feeds: 1 new stories") && s.contains("15 stories")
    });
    session.type_keys(b"q");
    assert!(session.finish().success());
}
