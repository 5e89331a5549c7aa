//! The daily loop from outside the reader: two feeds imported from OPML with a folder,
//! `read`/`unread` on the command line, and the whole loop typed into the real binary in a
//! pseudo-terminal, across a restart.

mod common;

use std::path::{Path, PathBuf};

use common::pty::Session;

/// An RSS document with `count` items titled "{name} story N", newest first.
fn rss(name: &str, count: usize, first_day: usize) -> String {
    let items: String = (1..=count)
        .rev()
        .map(|n| {
            format!(
                "<item><title>{name} story {n}</title><guid>{name}-{n}</guid>\
                 <pubDate>{day:02} Jan 2026 08:00:00 GMT</pubDate>\
                 <description>Paragraph one of {name} story {n}.</description></item>",
                day = first_day + n
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{name}</title>\
         <link>https://{name}.example/</link><description>d</description>{items}</channel></rss>"
    )
}

/// Writes two feeds (Alpha with 3 stories inside folder "News", Beta with 2 outside any folder)
/// and an OPML list of them into `dir`; returns the OPML path.
fn two_feeds(dir: &Path) -> PathBuf {
    let alpha = dir.join("alpha.xml");
    let beta = dir.join("beta.xml");
    std::fs::write(&alpha, rss("Alpha", 3, 10)).expect("alpha");
    std::fs::write(&beta, rss("Beta", 2, 1)).expect("beta");
    let opml = dir.join("subs.opml");
    std::fs::write(
        &opml,
        format!(
            "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\
             <outline text=\"News\"><outline type=\"rss\" text=\"Alpha\" xmlUrl=\"{}\"/></outline>\
             <outline type=\"rss\" text=\"Beta\" xmlUrl=\"{}\"/></body></opml>",
            alpha.display(),
            beta.display()
        ),
    )
    .expect("opml");
    opml
}

fn stdout(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn library_with_two_feeds(dir: &Path) -> PathBuf {
    let library = dir.join("library.db");
    let opml = two_feeds(dir);
    let opml = opml.to_str().expect("utf-8 path");
    stdout(&common::run_on(&library, &["feed", "import", opml]));
    stdout(&common::run_on(&library, &["refresh"]));
    library
}

#[test]
fn read_and_unread_by_id_and_by_query_say_how_many_changed() {
    let dir = tempfile::tempdir().expect("dir");
    let library = library_with_two_feeds(dir.path());
    let out = stdout(&common::run_on(
        &library,
        &["read", "--query", "feed:Alpha"],
    ));
    assert_eq!(out.trim(), "marked 3 stories read");
    let out = stdout(&common::run_on(
        &library,
        &["read", "--query", "feed:Alpha"],
    ));
    assert_eq!(out.trim(), "marked 0 stories read (3 already read)");
    let out = stdout(&common::run_on(&library, &["list", "is:unread", "--json"]));
    let unread: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(unread.as_array().map(Vec::len), Some(2));
    let out = stdout(&common::run_on(
        &library,
        &["unread", "--query", "feed:alpha"],
    ));
    assert_eq!(out.trim(), "marked 3 stories unread");
    // An id that names no story is reported; the others are still marked.
    let first = stdout(&common::run_on(&library, &["list", "feed:alpha", "--json"]));
    let first: serde_json::Value = serde_json::from_str(&first).expect("json");
    let id = first[0]["id"].to_string();
    let output = common::run_on(&library, &["read", &id, "999"]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "marked 1 story read"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("no story with id 999"));
    // Ids and a query together, or neither, are refused with a usage message.
    assert!(!common::run_on(&library, &["read"]).status.success());
    assert!(
        !common::run_on(&library, &["read", "1", "--query", "x"])
            .status
            .success()
    );
    let bad = common::run_on(&library, &["unread", "--query", "colour:red"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown filter"));
}

#[test]
fn the_morning_loop_in_a_terminal_survives_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let library = library_with_two_feeds(dir.path());
    let library = library.to_str().expect("utf-8 path");
    let mut session = Session::start(&["--library", library]);
    session.wait_for("the list", |s| s.contains("5 stories"));
    // The terminal is narrower than 140 columns, so the sidebar starts hidden.
    session.type_keys(b"s");
    session.wait_for("both feeds with their counts", |s| {
        s.contains("Beta") && s.contains("2/2") && s.contains("News") && s.contains("3/3")
    });
    // Sidebar: All, Unread, Bookmarked, Beta, News, Alpha. Mark Beta read, then undo.
    session.type_keys(b"jjjA");
    session.wait_for("Beta marked read", |s| {
        s.contains("Marked 2 stories read in Beta") && s.contains("0/2")
    });
    session.type_keys(b"u");
    session.wait_for("the undo", |s| s.contains("Undone: marked 2 stories read"));
    // Choose Alpha, then read through it with next-unread: on to Beta at its end.
    session.type_keys(b"jj\r");
    session.wait_for("the Alpha feed", |s| s.contains("3 stories here"));
    for title in [
        "Alpha story 3",
        "Alpha story 2",
        "Alpha story 1",
        "Beta story 2",
    ] {
        session.type_keys(b"J");
        let body = format!("Paragraph one of {title}.");
        session.wait_for(title, |s| s.contains(&body));
    }
    session.wait_for("the move to Beta", |s| {
        s.contains("On to Beta") && s.contains("2 stories here")
    });
    session.type_keys(b"q");
    assert!(session.finish().success());
    let state = Path::new(library).with_extension("reader-state.json");
    assert!(state.exists(), "no state file at {}", state.display());

    let mut again = Session::start(&["--library", library]);
    again.wait_for("the same place after a restart", |s| {
        s.contains("2 stories here") && s.contains("Beta story 2.") && s.contains("Library")
    });
    again.type_keys(b"q");
    assert!(again.finish().success());
}
