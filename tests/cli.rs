//! The `newsdesk` binary end to end: every command against a temporary library.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/trump-petro-call.txt"
);

/// A temporary library and a way to run the binary on it.
struct Library {
    dir: tempfile::TempDir,
}

impl Library {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("library.db")
    }

    fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, content).expect("write");
        path
    }

    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
        command
            .arg("--library")
            .arg(self.path())
            .env_remove("NEWSDESK_LIBRARY")
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run newsdesk")
    }

    /// Runs with `input` on standard input.
    fn run_with_input(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write");
        child.wait_with_output().expect("wait")
    }

    fn add(&self, paths: &[&Path]) -> Output {
        self.command()
            .arg("add")
            .args(paths)
            .output()
            .expect("run newsdesk")
    }

    fn list_json(&self) -> Vec<serde_json::Value> {
        let output = self.run(&["list", "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_slice(&output.stdout).expect("list --json is JSON")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_seed_article_gets_a_headline_source_word_count_and_saved_time() {
    let library = Library::new();
    let output = library.add(&[Path::new(SEED)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stories = library.list_json();
    assert_eq!(stories.len(), 1);
    let story = &stories[0];
    assert_eq!(
        story["title"],
        "U.S. President Donald Trump announced plans for a face-to-face meeting with his Colombian counterpart"
    );
    assert_eq!(story["source"], "trump-petro-call.txt");
    assert!(story["words"].as_u64().is_some_and(|w| w > 400));
    assert!(story["saved"].as_str().is_some_and(|s| s.len() >= 20));
    for key in [
        "id",
        "url",
        "author",
        "published",
        "tags",
        "bookmarked",
        "read",
    ] {
        assert!(story.get(key).is_some(), "{key} missing from list --json");
    }
}

#[test]
fn adding_the_same_story_twice_keeps_one_and_says_so() {
    let library = Library::new();
    assert!(library.add(&[Path::new(SEED)]).status.success());
    let again = library.add(&[Path::new(SEED)]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("already in the library"),
        "{}",
        stdout(&again)
    );
    assert_eq!(library.list_json().len(), 1);
}

#[test]
fn bad_files_are_named_and_do_not_stop_the_good_ones() {
    let library = Library::new();
    let good = library.file("good.md", b"# Good story\n\nIt has text.\n");
    let empty = library.file("empty.txt", b"");
    let binary = library.file("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0");
    let latin1 = library.file("latin1.txt", b"Caf\xe9 society\n");
    let broken = library.file(
        "broken.jsonl",
        b"{\"title\":\"ok\",\"body\":\"fine\"}\n{oops\n",
    );
    let missing = library.dir.path().join("missing.txt");
    let output = library.add(&[&good, &empty, &binary, &latin1, &broken, &missing]);
    let errors = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failure makes the status 1 while the good files are saved: {errors}"
    );
    assert!(errors.contains("empty.txt: the file is empty"), "{errors}");
    assert!(
        errors.contains("binary.txt: looks like a binary file"),
        "{errors}"
    );
    assert!(
        !errors.contains("latin1.txt"),
        "a legacy encoding is converted: {errors}"
    );
    assert!(errors.contains("broken.jsonl:2: invalid JSON"), "{errors}");
    assert!(errors.contains("missing.txt: cannot read"), "{errors}");
    assert!(
        errors.contains("imported 2, skipped 0 duplicates, failed 4"),
        "{errors}"
    );
    // The broken JSON Lines file is refused whole: no half-imported file.
    let titles: Vec<_> = library
        .list_json()
        .iter()
        .map(|s| s["title"].clone())
        .collect();
    assert!(
        titles.contains(&serde_json::json!("Good story")),
        "{titles:?}"
    );
    assert!(
        titles.contains(&serde_json::json!("Café society")),
        "{titles:?}"
    );
    assert_eq!(titles.len(), 2, "nothing from the broken JSON Lines file");
}

#[test]
fn nothing_imported_means_a_failing_exit() {
    let library = Library::new();
    let empty_dir = library.dir.path().join("nothing");
    std::fs::create_dir(&empty_dir).expect("mkdir");
    let output = library.add(&[&empty_dir]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no importable files"),
        "{}",
        stderr(&output)
    );
    let unsupported = library.file("page.pdf", b"%PDF-1.4");
    let output = library.add(&[&unsupported]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("unsupported file type"));
}

#[test]
fn folders_are_imported_recursively_and_stdin_with_a_dash() {
    let library = Library::new();
    library.file("stories/a.txt", b"First story text. More.");
    library.file(
        "stories/deeper/b.md",
        b"---\ntitle: Second\ntags: [x]\n---\nBody.\n",
    );
    let output = library.add(&[&library.dir.path().join("stories")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = library.run_with_input(&["add", "-"], b"Piped headline\n\nPiped body.\n");
    assert!(output.status.success(), "{}", stderr(&output));
    let titles: Vec<String> = library
        .list_json()
        .iter()
        .map(|s| s["title"].as_str().unwrap_or_default().to_owned())
        .collect();
    for title in ["First story text", "Second", "Piped headline"] {
        assert!(
            titles.iter().any(|t| t == title),
            "{title} not in {titles:?}"
        );
    }
}

#[test]
fn show_prints_the_story_and_its_json() {
    let library = Library::new();
    library.add(&[Path::new(SEED)]);
    let output = library.run(&["show", "1"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("U.S. President Donald Trump"));
    assert!(text.contains("Gustavo Petro"));
    assert!(text.lines().all(|l| l.chars().count() <= 80));
    let json: serde_json::Value =
        serde_json::from_slice(&library.run(&["show", "1", "--json"]).stdout).expect("json");
    assert!(json["body"].as_str().is_some_and(|b| b.contains("Bogotá")));
    let missing = library.run(&["show", "99"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no story with id 99"));
}

#[test]
fn remove_deletes_and_reports_unknown_ids() {
    let library = Library::new();
    library.add(&[Path::new(SEED)]);
    let output = library.run(&["remove", "1", "7"]);
    assert!(!output.status.success());
    assert!(stdout(&output).contains("removed #1"));
    assert!(stderr(&output).contains("no story with id 7"));
    assert!(library.list_json().is_empty());
}

#[test]
fn list_limit_and_plain_output() {
    let library = Library::new();
    let output = library.run(&["--demo", "list", "--limit", "3"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 3);
    assert!(
        !library.path().exists(),
        "--demo never touches the user's library"
    );
}

#[test]
fn a_json_export_round_trips_into_an_empty_library() {
    let demo = Library::new();
    let export = demo.dir.path().join("export.json");
    let output = demo.run(&["--demo", "export", "--format", "json", "--output"][..]);
    assert!(!output.status.success(), "--output needs a value");
    let output = demo
        .command()
        .args(["--demo", "export", "--format", "json", "--output"])
        .arg(&export)
        .output()
        .expect("export");
    assert!(output.status.success(), "{}", stderr(&output));
    let original: Vec<serde_json::Value> = serde_json::from_slice(
        &demo
            .command()
            .args(["--demo", "list", "--json"])
            .output()
            .expect("list")
            .stdout,
    )
    .expect("json");

    let fresh = Library::new();
    let output = fresh.add(&[&export]);
    assert!(output.status.success(), "{}", stderr(&output));
    let restored = fresh.list_json();
    assert_eq!(restored.len(), original.len());
    let strip = |stories: &[serde_json::Value]| -> Vec<serde_json::Value> {
        stories
            .iter()
            .map(|s| {
                let mut s = s.clone();
                s.as_object_mut().map(|o| o.remove("id"));
                s
            })
            .collect()
    };
    assert_eq!(strip(&restored), strip(&original));

    // Bodies survive too.
    let again = fresh.dir.path().join("again.json");
    fresh
        .command()
        .args(["export", "--output"])
        .arg(&again)
        .output()
        .expect("export");
    let first: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&export).expect("read")).expect("json");
    let second: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&again).expect("read")).expect("json");
    let bodies = |v: &[serde_json::Value]| v.iter().map(|s| s["body"].clone()).collect::<Vec<_>>();
    assert_eq!(bodies(&first), bodies(&second));
}

#[test]
fn markdown_export_is_readable() {
    let library = Library::new();
    let output = library.run(&["--demo", "export", "--format", "markdown"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("# Night train returns between Vienna and Rome after 14 years"));
    assert!(text.contains("*Iberian Post · Giulia Romano · 2025-11-18"));
}

#[test]
fn the_reader_refuses_to_start_without_a_terminal() {
    let library = Library::new();
    let output = library.command().output().expect("run");
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("needs a terminal"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_library_path_comes_from_the_environment_when_not_given() {
    let library = Library::new();
    let path = library.dir.path().join("from-env.db");
    let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .env("NEWSDESK_LIBRARY", &path)
        .args(["add", SEED])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(path.exists());
}

#[test]
fn a_damaged_library_gives_advice_not_a_panic() {
    let library = Library::new();
    std::fs::write(library.path(), vec![0x42_u8; 4096]).expect("write");
    let output = library.run(&["list"]);
    assert!(!output.status.success());
    let errors = stderr(&output);
    assert!(
        errors.contains("not a newsdesk library or is damaged"),
        "{errors}"
    );
    assert!(!errors.contains("panicked"));
}

#[test]
fn config_prints_the_default_file_and_rejects_a_broken_one() {
    let library = Library::new();
    let output = library.run(&["config", "--default"]);
    assert!(stdout(&output).contains("[keys]"));
    let broken = library.file("config.toml", b"[reader]\nwidth = \"wide\"\n");
    let output = library
        .command()
        .arg("--config")
        .arg(&broken)
        .arg("config")
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("line 2"), "{}", stderr(&output));
}

#[test]
fn an_empty_feed_address_is_refused_and_subscribes_to_nothing() {
    let library = Library::new();
    for blank in ["", "   "] {
        let output = library.run(&["feed", "add", blank]);
        assert!(!output.status.success());
        assert!(
            stderr(&output).contains("no feed given"),
            "{}",
            stderr(&output)
        );
    }
    let listed = library.run(&["feed", "list"]);
    assert!(
        stdout(&listed).starts_with("No subscriptions"),
        "{}",
        stdout(&listed)
    );
}

#[test]
fn every_command_has_help() {
    let library = Library::new();
    for command in ["add", "list", "show", "remove", "export", "config"] {
        let output = library.run(&[command, "--help"]);
        assert!(output.status.success(), "{command}");
        assert!(stdout(&output).contains("Usage"), "{command}");
    }
}

/// A library filled from the demo folder, for the query commands.
fn demo_library() -> Library {
    let library = Library::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    assert!(library.add(&[&demo]).status.success());
    library
}

fn titles(output: &Output) -> Vec<String> {
    let stories: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    stories
        .iter()
        .map(|s| s["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn search_and_list_take_the_query_language() {
    let library = demo_library();
    let found = titles(&library.run(&["search", "coffee", "--json"]));
    assert_eq!(
        found[0],
        "Colombian growers expect a record coffee harvest despite heavy rains"
    );
    let latam = titles(&library.run(&["list", "tag:latam", "is:bookmarked", "--json"]));
    assert_eq!(
        latam,
        ["Andean neighbours sign lithium pact as prices climb 12%"]
    );
    let negated = titles(&library.run(&["list", "--json", "--", "-tag:latam"]));
    assert!(!negated.iter().any(|t| t.contains("lithium")));
    let accents = titles(&library.run(&["search", "bogota", "--json"]));
    assert_eq!(accents.len(), 2, "{accents:?}");
}

#[test]
fn a_malformed_query_fails_and_points_at_the_term() {
    let library = demo_library();
    let output = library.run(&["search", "tag:latam before:soon"]);
    assert!(!output.status.success());
    let errors = stderr(&output);
    assert!(errors.contains("before: needs a date"), "{errors}");
    assert!(
        errors.contains("tag:latam before:soon\n            ^^^^^^^^^^^"),
        "{errors}"
    );
}

#[test]
fn bookmarks_from_the_command_line() {
    let library = demo_library();
    let before = titles(&library.run(&["list", "is:bookmarked", "--json"])).len();
    assert!(library.run(&["bookmark", "1", "2"]).status.success());
    let after = titles(&library.run(&["list", "is:bookmarked", "--json"])).len();
    assert!(after > before);
    assert!(library.run(&["unbookmark", "1", "2"]).status.success());
    assert!(!library.run(&["bookmark", "999"]).status.success());
}

#[test]
fn tagging_by_id_by_query_and_renaming() {
    let library = demo_library();
    let output = library.run(&["tag", "1", "2", "+To Read", "-latam"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = library.run(&["tag", "--query", "colombia is:unread", "+Andes"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let tags: Vec<serde_json::Value> =
        serde_json::from_slice(&library.run(&["tags", "--json"]).stdout).expect("json");
    let count = |name: &str| {
        tags.iter()
            .find(|t| t["name"] == name)
            .and_then(|t| t["stories"].as_u64())
    };
    assert_eq!(count("To Read"), Some(2));
    assert_eq!(count("Andes"), Some(2));
    let output = library.run(&["tags", "rename", "andes", "to read"]);
    assert!(stdout(&output).contains("merged"), "{}", stdout(&output));
    assert!(library.run(&["tag", "1", "+"]).status.code() != Some(0));
    assert!(library.run(&["tag", "nonsense", "+x"]).status.code() != Some(0));
    assert!(
        library
            .run(&["tags", "rename", "missing", "x"])
            .status
            .code()
            != Some(0)
    );
    let plain = stdout(&library.run(&["tags"]));
    assert!(plain.contains("To Read"), "{plain}");
}

#[test]
fn entities_of_a_file_and_as_json_lines() {
    let library = Library::new();
    let output = library.run(&["entities", SEED]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    assert!(table.contains("PERSON   Gustavo Petro"), "{table}");
    assert!(table.contains("PLACE    Bogotá"), "{table}");

    let input = "{\"id\": \"a\", \"text\": \"Café owners in Bogotá met Gustavo Petro.\"}\n\
                 {\"id\": 7, \"text\": \"\"}\n";
    let output = library.run_with_input(&["entities", "--jsonl"], input.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[1]["entities"], serde_json::json!([]));
    let text = "Café owners in Bogotá met Gustavo Petro.";
    for entity in lines[0]["entities"].as_array().expect("array") {
        let (start, end) = (
            entity["start"].as_u64().expect("start") as usize,
            entity["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            &text.as_bytes()[start..end],
            entity["text"].as_str().expect("text").as_bytes()
        );
    }
    let bogota = &lines[0]["entities"][0];
    assert_eq!(
        (bogota["start"].as_u64(), bogota["label"].as_str()),
        (Some(16), Some("PLACE"))
    );
}

#[test]
fn malformed_json_lines_for_entities_name_the_line() {
    let library = Library::new();
    let output = library.run_with_input(
        &["entities", "--jsonl"],
        b"{\"id\":1,\"text\":\"ok\"}\nnot json\n",
    );
    assert!(!output.status.success());
    assert!(stderr(&output).contains("stdin:2"), "{}", stderr(&output));
}

#[test]
fn the_most_mentioned_entities_across_the_library() {
    let library = demo_library();
    let output = library.run(&["entities", "--top", "5", "--label", "person", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let top: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    assert!(!top.is_empty() && top.len() <= 5);
    assert!(top.iter().all(|e| e["label"] == "PERSON"));
    assert!(
        top.iter().any(|e| e["name"] == "Donald Trump"),
        "aliases merged: {top:?}"
    );
    let bad = library.run(&["entities", "--top", "5", "--label", "planet"]);
    assert!(!bad.status.success());
}

/// A saved page with the story among navigation, share buttons, comments and a footer.
const SAVED_PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="windows-1252">
<title>Night train returns between Vienna and Rome | Iberian Post</title>
<meta name="author" content="Giulia Romano"><meta property="og:site_name" content="Iberian Post">
<meta property="article:published_time" content="2025-11-18T08:00:00Z">
<link rel="canonical" href="https://example.org/night-train"></head><body>
<nav class="menu"><a href="/">Home</a><a href="/travel">Travel</a></nav>
<div class="social-share"><a href="https://share.example/x">Share this on every network now</a></div>
<article><h1>Night train returns between Vienna and Rome</h1>
<p>A direct night train between Vienna and Rome left on Monday evening, the first on the route since 2011.</p>
<p>Tickets start at 49 euros for a seat, and the train stops in Florence before reaching Rome at dawn.</p>
<p>Climate groups welcomed the route but asked for cheaper fares for students, <a href="https://example.org/fares">the statement said</a>.</p>
</article><section id="comments"><p>Great news, I will take it next week with the whole family!</p></section>
<footer><p>All rights reserved. Iberian Post, a fictional newspaper for tests.</p></footer></body></html>"#;

#[test]
fn a_saved_page_is_read_like_reader_mode() {
    let library = Library::new();
    let page = library.file("night-train.html", SAVED_PAGE.as_bytes());
    let output = library.run(&["extract", page.to_str().expect("path"), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let extracted: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(
        extracted["title"],
        "Night train returns between Vienna and Rome"
    );
    assert_eq!(extracted["author"], "Giulia Romano");
    assert_eq!(extracted["site"], "Iberian Post");
    assert_eq!(extracted["url"], "https://example.org/night-train");
    let body = extracted["body"].as_str().expect("body");
    assert!(body.starts_with("A direct night train"), "{body}");
    for junk in ["Home", "Share this", "Great news", "All rights reserved"] {
        assert!(!body.contains(junk), "{junk} leaked into {body}");
    }
    assert_eq!(
        extracted["links"],
        serde_json::json!(["https://example.org/fares"])
    );

    let text = stdout(&library.run(&["extract", page.to_str().expect("path")]));
    assert!(
        text.starts_with("Night train returns between Vienna and Rome\n\nA direct night train")
    );

    assert!(library.add(&[&page]).status.success());
    let stories = library.list_json();
    assert_eq!(stories[0]["source"], "Iberian Post");
    assert_eq!(stories[0]["published"], "2025-11-18T08:00:00Z");
    let shown = stdout(&library.run(&["show", "1"]));
    assert!(
        shown.contains("Links:") && shown.contains("[1] https://example.org/fares"),
        "{shown}"
    );
}

#[test]
fn a_page_without_a_story_is_refused() {
    let library = Library::new();
    let page = library.file(
        "empty.html",
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
    );
    let output = library.add(&[&page]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no story found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn html_export_of_the_stories_a_query_matches() {
    let library = Library::new();
    let output = library.run(&["--demo", "export", "--format", "html", "tag:latam"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    assert_eq!(
        page.matches("<article>").count(),
        2,
        "the two latam stories"
    );
    assert!(page.contains("<h1>Andean neighbours sign lithium pact as prices climb 12%</h1>"));
    let bad = library.run(&["--demo", "export", "is:maybe"]);
    assert!(!bad.status.success());
}

#[test]
fn html_export_escapes_what_stories_say() {
    let library = Library::new();
    let story = library.file(
        "x.md",
        b"---\ntitle: \"<script>alert(1)</script> & co\"\nurl: \"https://e.example/?a=1&b=\\\"2\\\"\"\n---\nBody <b>not bold</b>.\n",
    );
    assert!(library.add(&[&story]).status.success());
    let page = stdout(&library.run(&["export", "--format", "html"]));
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(!page.contains("<b>not bold</b>"));
}

#[test]
fn pages_from_the_readability_test_suite() {
    let library = Library::new();
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    let extract = |name: &str| -> serde_json::Value {
        let path = pages.join(name);
        let output = library.run(&["extract", "--format", "json", path.to_str().expect("path")]);
        assert!(output.status.success(), "{}", stderr(&output));
        serde_json::from_slice(&output.stdout).expect("json")
    };
    let base = extract("base-url-base-element.html");
    assert_eq!(base["title"], "Base URL with base test");
    assert!(
        base["body"]
            .as_str()
            .is_some_and(|b| b.starts_with("Lorem ipsum dolor sit amet"))
    );
    // Its <base href="/"> is relative, so only the absolute links can be kept.
    assert!(base["links"].as_array().is_some_and(|l| {
        l.iter()
            .all(|u| u.as_str().is_some_and(|u| u.starts_with("http")))
    }));
    let rtl = extract("rtl-1.html");
    assert!(
        rtl["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("RTL Test")),
        "{rtl}"
    );
    assert!(
        rtl["body"]
            .as_str()
            .is_some_and(|b| b.contains("Lorem ipsum dolor sit amet, consectetur"))
    );
}

#[test]
fn relative_links_resolve_against_the_canonical_address() {
    let library = Library::new();
    let page = library.file(
        "relative.html",
        SAVED_PAGE
            .replace("https://example.org/fares", "/fares")
            .as_bytes(),
    );
    let output = library.run(&["extract", "--format", "json", page.to_str().expect("path")]);
    let extracted: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(
        extracted["links"],
        serde_json::json!(["https://example.org/fares"])
    );
}
