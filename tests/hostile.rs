//! Hostile text in every field never reaches a terminal as a control sequence, never shifts
//! columns, never panics: through the command line, and through the reader in a pseudo-terminal.

mod common;

use std::process::Command;

use common::pty::Session;

/// Strings that try to take over a terminal or break a layout.
fn hostile_strings() -> Vec<String> {
    vec![
        "clear \u{1b}[2J\u{1b}[H home".into(),
        "cursor \u{1b}[10;10H\u{1b}[5A moves".into(),
        "title \u{1b}]0;pwned\u{7} set".into(),
        "title2 \u{1b}]2;pwned\u{1b}\\ set".into(),
        "link \u{1b}]8;;http://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\".into(),
        "clipboard \u{1b}]52;c;ZXZpbA==\u{7} write".into(),
        "dcs \u{1b}Pq#0;2;0;0;0#1;2;100;100;0\u{1b}\\ sixel".into(),
        "c1 \u{9b}31m red \u{9d}0;x\u{9c} osc".into(),
        "del \u{7f} nul \u{0} bell \u{7}".into(),
        "bidi \u{202e}desrever\u{202c} and \u{2066}isolate\u{2069}".into(),
        "zwj 👩\u{200d}👩\u{200d}👧 family".into(),
        format!("zalgo e{}", "\u{301}".repeat(10_000)),
        "wide 東京都庁 한국어 emoji 🎉🎉".into(),
    ]
}

fn hostile_library(dir: &std::path::Path) -> std::path::PathBuf {
    let strings = hostile_strings();
    let mut stories: Vec<serde_json::Value> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            serde_json::json!({
                "title": format!("{i} {s}"),
                "body": format!("{s}\n\nSecond paragraph {i} with {s} again."),
                "source": s,
                "author": s,
                "url": format!("https://example.org/{i}?{s}"),
                "tags": [s],
            })
        })
        .collect();
    stories.push(serde_json::json!({
        "title": "long ".repeat(200_000),
        "body": "A story whose title is a megabyte long.",
    }));
    let file = dir.join("hostile.json");
    std::fs::write(&file, serde_json::to_vec(&stories).expect("json")).expect("write");
    let library = dir.join("library.db");
    let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--library")
        .arg(&library)
        .arg("add")
        .arg(&file)
        .output()
        .expect("add");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    library
}

/// Control characters that must never be printed: C0 but newline, DEL, C1, bidi overrides.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[test]
fn command_line_output_is_inert() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = hostile_library(dir.path());
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .arg("--library")
            .arg(&library)
            .args(args)
            .output()
            .expect("run");
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8 output")
    };
    let mut printed = run(&["list"]);
    printed.push_str(&run(&["tags"]));
    for id in 1..=hostile_strings().len() + 1 {
        printed.push_str(&run(&["show", &id.to_string()]));
    }
    let bad: Vec<char> = printed.chars().filter(|&c| is_forbidden(c)).collect();
    assert!(bad.is_empty(), "control characters printed: {bad:?}");
    assert!(
        printed.contains('\u{241b}'),
        "escapes are shown as visible ␛"
    );
}

/// Runs a command on the library; returns its exit status, stdout and stderr as text.
fn run_raw(library: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let output = common::run_on(library, args);
    (
        output.status.success(),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

fn assert_inert(what: &str, printed: &str) {
    let bad: Vec<char> = printed.chars().filter(|&c| is_forbidden(c)).collect();
    assert!(
        bad.is_empty(),
        "{what}: control characters printed: {bad:?}"
    );
}

#[test]
fn exports_json_feeds_and_errors_print_no_control_sequence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = hostile_library(dir.path());
    // A local subscription whose file name and title carry controls.
    let feed = dir.path().join("feed \u{1b}]0;pwned\u{7} \u{1b}[2J.xml");
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>Wire \u{9b}31m \u{9d}0;pwned\u{9c} \u{202e}x</title>\
         <item><title>Item \u{85}</title><description>Text.</description></item></channel></rss>",
    )
    .expect("write");
    let feed = feed.to_str().expect("utf-8 path");
    let (ok, _, errors) = run_raw(&library, &["feed", "add", feed]);
    assert!(ok, "{errors}");
    let runs: &[&[&str]] = &[
        &["export", "--format", "markdown"],
        &["export", "--format", "html"],
        &["export", "--format", "json"],
        &["list", "--json"],
        &["search", "--json", "clear"],
        &["show", "--json", "1"],
        &["show", "--json", "8"],
        &["tags", "--json"],
        &["entities", "--top", "50", "--json"],
        &["feed", "export"],
        &["feed", "list"],
        &["refresh"],
        &["search", "\u{1b}]0;pwned\u{7} \u{9b}2J is:maybe"],
        &["tag", "--query", "\u{1b}[2J is:nope", "+x"],
        &["tags", "rename", "\u{1b}[2J", "\u{9b}31m"],
        &["add", "/nonexistent/\u{1b}]0;pwned\u{7}.txt"],
        &["show", "\u{1b}[2J"],
    ];
    for args in runs {
        let (_, printed, errors) = run_raw(&library, args);
        assert_inert(&format!("{args:?} stdout"), &printed);
        assert_inert(&format!("{args:?} stderr"), &errors);
    }
    let (_, _, errors) = run_raw(&library, &["search", "\u{1b}]0;pwned\u{7} is:maybe"]);
    assert!(
        errors.contains("invalid query") && errors.contains('\u{241b}'),
        "{errors}"
    );
    // JSON keeps every character: what is escaped reads back the same.
    let (_, json, _) = run_raw(&library, &["export", "--format", "json"]);
    let stories: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    assert!(
        stories
            .iter()
            .any(|s| s["title"].as_str().is_some_and(|t| t.contains("\u{9b}31m"))),
        "C1 controls survive the round trip"
    );
    // HTML and OPML hold only characters XML 1.0 allows.
    for args in [&["export", "--format", "html"][..], &["feed", "export"]] {
        let (_, markup, _) = run_raw(&library, args);
        let illegal: Vec<char> = markup
            .chars()
            .filter(|&c| {
                (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                    || matches!(c, '\u{fffe}' | '\u{ffff}')
            })
            .collect();
        assert!(illegal.is_empty(), "{args:?}: {illegal:?}");
    }
}

#[test]
fn the_reader_writes_no_control_sequence_from_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = hostile_library(dir.path());
    let path = library.to_str().expect("utf-8 path");
    let mut session = Session::start(&["--library", path]);
    session.wait_for("the list", |s| s.contains("14 stories"));
    // Walk through every story, open it, page through it.
    // (Esc followed at once by a letter would read as Alt+letter, so `h` goes back to the list.)
    for _ in 0..=hostile_strings().len() {
        session.type_keys(b"\r");
        session.type_keys(b" ");
        session.type_keys(b"h");
        session.type_keys(b"j");
    }
    session.wait_for("every story read", |s| s.contains("0 unread"));
    session.type_keys(b"T");
    session.wait_for("the tag view", |s| s.contains("Tags"));
    session.type_keys(b"q");
    session.wait_for("the tag view closed", |s| !s.contains("┌ Tags"));
    session.type_keys(b"q");
    assert!(session.finish().success());
    let raw = String::from_utf8_lossy(&session.raw);
    for needle in [
        "\u{1b}]", "\u{1b}P", "\u{1b}\\", "\u{9b}", "\u{9d}", "\u{202e}", "\u{7}",
    ] {
        assert!(!raw.contains(needle), "{needle:?} reached the terminal");
    }
    assert!(raw.contains('\u{241b}'), "escapes are drawn as visible ␛");
}
