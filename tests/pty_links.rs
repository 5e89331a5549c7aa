//! Programs run from the reader in the foreground, in a pseudo-terminal: a terminal browser
//! (`browser_in_terminal`) and the pipe command get the terminal, and the reader comes back
//! redrawn when they exit.

mod common;

use common::pty::Session;

/// A library with one story that has a web address, and a config naming `links` settings.
fn setup(dir: &std::path::Path, links: &str) -> (String, String) {
    let library = dir.join("library.db");
    let story = dir.join("story.json");
    std::fs::write(
        &story,
        r#"{"title": "Harbour bridge approved", "url": "https://example.org/bridge",
            "body": "The council voted for the bridge.\n\nLinks:\n[1] https://example.org/minutes"}"#,
    )
    .expect("write story");
    let added = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--library")
        .arg(&library)
        .arg("add")
        .arg(&story)
        .output()
        .expect("add");
    assert!(added.status.success(), "{added:?}");
    let config = dir.join("config.toml");
    std::fs::write(&config, format!("[links]\n{links}\n")).expect("write config");
    (
        library.to_string_lossy().into_owned(),
        config.to_string_lossy().into_owned(),
    )
}

#[test]
fn a_terminal_browser_gets_the_terminal_and_the_reader_comes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (library, config) = setup(
        dir.path(),
        r#"browser = "sh -c 'printf \"IN-BROWSER %s\\n\" \"$0\"; read answer' %u"
browser_in_terminal = true"#,
    );
    let mut session = Session::start(&["--library", &library, "--config", &config]);
    session.wait_for("the list", |s| s.contains("Harbour bridge approved"));
    session.type_keys(b"o");
    session.wait_for("the browser on the main screen", |s| {
        s.contains("IN-BROWSER https://example.org/bridge") && !s.contains("newsdesk ·")
    });
    // The browser reads this line, not the reader.
    session.type_keys(b"q\r");
    session.wait_for("the reader redrawn", |s| {
        s.contains("newsdesk ·")
            && s.contains("Harbour bridge approved")
            && !s.contains("IN-BROWSER")
    });
    session.type_keys(b"q");
    assert!(session.finish().success());
}

#[test]
fn the_pipe_key_sends_the_story_to_the_pipe_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (library, config) = setup(
        dir.path(),
        r#"pipe_to = "sh -c 'sed -n 1,2p | sed s/^/PIPED:/; read answer < /dev/tty'""#,
    );
    let mut session = Session::start(&["--library", &library, "--config", &config]);
    session.wait_for("the list", |s| s.contains("Harbour bridge approved"));
    session.type_keys(b"\r");
    session.wait_for("the story", |s| s.contains("The council voted"));
    session.type_keys(b"|");
    session.wait_for("the story in the pipe command", |s| {
        s.contains("PIPED:Harbour bridge approved")
            && s.contains("PIPED:https://example.org/bridge")
    });
    session.type_keys(b"\r");
    session.wait_for("the reader redrawn", |s| s.contains("The council voted"));
    // Addresses in the story are terminal hyperlinks, written over the text they mark.
    let raw = String::from_utf8_lossy(&session.raw).into_owned();
    assert!(
        raw.contains(
            "\x1b]8;;https://example.org/minutes\x1b\\https://example.org/minutes\x1b]8;;\x1b\\"
        ),
        "no OSC 8 link written"
    );
    session.type_keys(b"q");
    assert!(session.finish().success());
}
