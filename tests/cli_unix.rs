//! The command line as a Unix tool: quiet on a closed pipe, queries that start with `-`,
//! `-o -`, honest messages for empty results and new libraries, and documentation that holds.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::run_on;

fn library_with_long_story(dir: &Path) -> PathBuf {
    let library = dir.join("library.db");
    let story = dir.join("long.txt");
    // Far more than a pipe buffer holds, so writing must fail once the reader is gone.
    let paragraph = "Words of a long story about harbours, bridges and councils. ".repeat(40);
    let text = format!("A long story\n\n{}", [paragraph.as_str(); 200].join("\n\n"));
    std::fs::write(&story, text).expect("write story");
    let added = run_on(&library, &["add", story.to_str().expect("utf-8 path")]);
    assert!(added.status.success(), "{added:?}");
    library
}

fn newsdesk(library: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("NEWSDESK_LIBRARY");
    command
}

#[test]
fn a_closed_pipe_ends_the_command_quietly_and_successfully() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with_long_story(dir.path());
    // `newsdesk show 1 | head -0`: the reader is gone before anything is written.
    let (reader, writer) = std::io::pipe().expect("pipe");
    let (stderr_reader, stderr_writer) = std::io::pipe().expect("pipe");
    let mut child = newsdesk(&library, &["show", "1"])
        .stdout(writer)
        .stderr(stderr_writer)
        .spawn()
        .expect("spawn");
    drop(reader);
    let status = child.wait().expect("wait");
    let mut errors = String::new();
    std::io::Read::read_to_string(&mut { stderr_reader }, &mut errors).expect("stderr");
    assert!(status.success(), "{status:?}: {errors}");
    assert_eq!(errors, "");
}

#[test]
fn a_closed_pipe_on_stdout_and_stderr_does_not_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with_long_story(dir.path());
    for args in [&["show", "1"][..], &["list"], &["export"]] {
        // `newsdesk … 2>&1 | head -0`: both streams go to the same closed pipe.
        let (reader, writer) = std::io::pipe().expect("pipe");
        let both = writer.try_clone().expect("clone");
        let mut child = newsdesk(&library, args)
            .stdout(writer)
            .stderr(both)
            .spawn()
            .expect("spawn");
        drop(reader);
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn queries_may_start_with_a_hyphen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with_long_story(dir.path());
    let tagged = run_on(&library, &["tag", "1", "+draft"]);
    assert!(tagged.status.success());
    let listed = run_on(&library, &["list", "-tag:draft", "--json"]);
    assert!(listed.status.success(), "{listed:?}");
    assert_eq!(String::from_utf8_lossy(&listed.stdout).trim(), "[]");
    let found = run_on(
        &library,
        &["search", "-is:read", "--limit", "1", "harbours"],
    );
    assert!(found.status.success(), "{found:?}");
    assert!(String::from_utf8_lossy(&found.stdout).contains("A long story"));
    let listed = run_on(&library, &["list", "-draft"]);
    assert!(listed.status.success(), "{listed:?}");
}

#[test]
fn an_empty_result_says_nothing_matched_not_that_the_library_is_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with_long_story(dir.path());
    let output = run_on(&library, &["search", "zeppelin"]);
    assert!(output.status.success());
    assert_eq!(output.stdout, b"");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(errors.contains("No stories match `zeppelin`"), "{errors}");
    let empty = dir.path().join("empty.db");
    let output = run_on(&empty, &["list", "is:unread"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("The library is empty"));
}

#[test]
fn export_to_a_dash_writes_standard_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    library_with_long_story(dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .current_dir(dir.path())
        .args(["--library", "library.db", "export", "-o", "-"])
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert!(output.status.success(), "{output:?}");
    let stories: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(stories.as_array().map(Vec::len), Some(1));
    assert!(!dir.path().join("-").exists(), "a file named - was written");
}

#[test]
fn a_new_library_path_is_announced_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let typo = dir.path().join("libary.db");
    let output = run_on(&typo, &["list"]);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(errors.contains("creating a new one"), "{errors}");
    assert!(errors.contains("libary.db"), "{errors}");
    let again = run_on(&typo, &["list"]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("creating"));
    // A path into a folder that does not exist is refused at once, not announced as created.
    let nowhere = dir.path().join("no-such-folder").join("library.db");
    let output = run_on(&nowhere, &["list"]);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(errors.contains("no folder"), "{errors}");
    assert!(!errors.contains("creating"), "{errors}");
    assert!(!nowhere.exists());
}

#[test]
fn the_default_config_mentions_only_options_that_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let config = run_on(&library, &["config", "--default"]);
    let config = String::from_utf8_lossy(&config.stdout);
    let mut checked = 0;
    for line in config.lines() {
        let mut words = line.split(|c: char| c.is_whitespace() || c == '`');
        while let Some(word) = words.next() {
            if word != "newsdesk" {
                continue;
            }
            let command: Vec<&str> = words
                .clone()
                .take_while(|w| !w.is_empty() && !w.starts_with('-'))
                .collect();
            for flag in words.clone().filter(|w| w.starts_with("--")).take(1) {
                let flag = flag.trim_end_matches([',', '.', ')']);
                let mut args = command.clone();
                args.push("--help");
                let help = run_on(&library, &args);
                let help = String::from_utf8_lossy(&help.stdout);
                assert!(
                    help.contains(flag),
                    "`newsdesk {}` has no {flag}",
                    command.join(" ")
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no flags found in the default config");
}

#[test]
fn the_readme_closes_every_code_block() {
    let readme = include_str!("../README.md");
    let fences = readme
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    assert_eq!(fences % 2, 0, "an unclosed code block in README.md");
    for line in readme.lines() {
        let fence = line.trim_start();
        if fence.starts_with("```") {
            assert!(
                fence
                    .trim_start_matches('`')
                    .chars()
                    .all(char::is_alphanumeric),
                "text after a code fence: {line}"
            );
        }
    }
}
