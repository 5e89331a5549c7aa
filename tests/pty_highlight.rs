//! The real binary in a pseudo-terminal: a sentence selected, highlighted with a note, and found
//! again after a restart, in the story, in the library's highlights and on the command line.

mod common;

use common::pty::Session;

#[test]
fn a_sentence_highlighted_with_a_note_is_there_after_a_restart() {
    let home = tempfile::tempdir().expect("tempdir");
    let story = home.path().join("bridge.txt");
    std::fs::write(
        &story,
        "Bridge to close\n\nThe council met on Monday. It voted to close the bridge for six \
         months.\n\nResidents objected. The mayor said the repairs could not wait.\n",
    )
    .expect("story file");
    let library = home.path().join("library.db");
    let library = library.to_str().expect("utf-8 path");
    let story = story.to_str().expect("utf-8 path");
    let added = common::run_on(std::path::Path::new(library), &["add", story]);
    assert!(added.status.success(), "{added:?}");

    let mut session = Session::start(&["--library", library]);
    session.wait_for("the list", |s| s.contains("1 story"));
    session.type_keys(b"\r");
    session.wait_for("the story", |s| s.contains("Residents objected."));
    session.type_keys(b"vj");
    session.wait_for("selection mode", |s| s.contains("Selecting (yellow):"));
    session.type_keys(b"a");
    session.wait_for("the note editor", |s| s.contains("Note on"));
    session.type_keys(b"Six months,\rnot three");
    session.type_keys(b"\x13");
    session.wait_for("the note under the paragraph", |s| {
        s.contains("✎ Six months,") && s.contains("not three") && !s.contains("Note on")
    });
    session.type_keys(b"q");
    assert!(session.finish().success());

    let mut reopened = Session::start(&["--library", library]);
    reopened.wait_for("the list after a restart", |s| s.contains("1 story"));
    reopened.type_keys(b"\r");
    reopened.wait_for("the note after a restart", |s| s.contains("✎ Six months,"));
    open_and_close(
        &mut reopened,
        b"\"",
        "Highlights in this story",
        "The council met on Monday. It voted",
    );
    open_and_close(
        &mut reopened,
        b"'",
        "Highlights in the library: 1",
        "✎ Six months, …",
    );
    reopened.type_keys(b"q");
    assert!(reopened.finish().success());

    let listed = common::run_on(std::path::Path::new(library), &["highlights"]);
    let out = String::from_utf8_lossy(&listed.stdout);
    assert!(
        out.contains("> The council met on Monday. It voted to close the bridge for six months."),
        "{out}"
    );
    assert!(out.contains("Six months,\nnot three"), "{out}");
}

/// Opens an overlay with `key`, waits for its `title` and a line of it, and closes it with Esc.
fn open_and_close(session: &mut Session, key: &[u8], title: &str, line: &str) {
    session.type_keys(key);
    session.wait_for(title, |s| s.contains(title) && s.contains(line));
    session.type_keys(b"\x1b");
    session.wait_for("the overlay to close", |s| !s.contains(title));
}
