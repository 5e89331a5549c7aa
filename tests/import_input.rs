//! What `newsdesk add` makes of input people actually have: a page piped from curl, a text file
//! with a title line, a saved terminal session.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Output;

use common::run_on;

fn add_from_stdin(library: &Path, input: &[u8]) -> Output {
    common::run_with_stdin(library, &["add", "-"], input)
}

fn show_json(library: &Path, id: &str) -> serde_json::Value {
    let output = run_on(library, &["show", id, "--json"]);
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("json")
}

#[test]
fn html_piped_without_a_doctype_is_read_as_a_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let page = br#"<html><head><title>Harbour bridge approved after a long debate</title>
        <meta name="author" content="Sarah MacLeod"></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><p>The council voted late on Wednesday to build a third bridge, a project that has divided the city.</p>
        <p>The mayor said the bridge, with bus lanes and a bike path, would cut commuting times, officials said.</p></article>
        </body></html>"#;
    let output = add_from_stdin(&library, page);
    assert!(output.status.success(), "{output:?}");
    let story = show_json(&library, "1");
    assert_eq!(
        story["title"],
        "Harbour bridge approved after a long debate"
    );
    assert_eq!(story["author"], "Sarah MacLeod");
    let body = story["body"].as_str().expect("body");
    assert!(body.starts_with("The council voted"), "{body}");
    assert!(!body.contains('<') && !body.contains("Home"), "{body}");
}

#[test]
fn a_title_line_keeps_the_paragraphs_under_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let file = dir.path().join("story.txt");
    std::fs::write(
        &file,
        "Harbour bridge approved\n\nThe council voted on Wednesday.\nThe mayor welcomed it.\nWork starts in spring.\n",
    )
    .expect("write");
    let output = run_on(&library, &["add", file.to_str().expect("path")]);
    assert!(output.status.success(), "{output:?}");
    let story = show_json(&library, "1");
    assert_eq!(story["title"], "Harbour bridge approved");
    assert_eq!(
        story["body"],
        "The council voted on Wednesday.\n\nThe mayor welcomed it.\n\nWork starts in spring."
    );
}

#[test]
fn a_terminal_log_is_imported_without_its_escape_sequences() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let file = dir.path().join("session.txt");
    let mut log = Vec::new();
    for line in 0..40 {
        write!(
            log,
            "\x1b]0;user@host: ~\x07\x1b[1;32muser@host\x1b[0m:\x1b[1;34m~\x1b[0m$ echo line {line} of the build log, all fine\r\n"
        )
        .expect("write");
    }
    std::fs::write(&file, &log).expect("write");
    let output = run_on(&library, &["add", file.to_str().expect("path")]);
    assert!(output.status.success(), "{output:?}");
    let body = show_json(&library, "1")["body"]
        .as_str()
        .expect("body")
        .to_owned();
    assert!(
        body.contains("user@host:~$ echo line 39 of the build log"),
        "{body}"
    );
    assert!(!body.contains('\x1b') && !body.contains("[0m"), "{body}");
}
