//! Highlights through the binary: `highlight` and `highlights` (Markdown and JSON), bad quotes
//! and ids, searching notes, and highlights carried by the JSON export and wallabag's export.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const WALLABAG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/exports/wallabag_annotations.json"
);

const STORY: &str = r#"{
  "title": "Bridge to close for repairs",
  "url": "https://city.example.org/bridge",
  "source": "City Desk",
  "published": "2026-03-04T09:00:00Z",
  "body": "The council met on Monday. It voted to close the bridge for six months.\n\nResidents objected. The mayor said the repairs could not wait."
}"#;

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

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .arg("--library")
            .arg(self.path())
            .args(args)
            .env_remove("NEWSDESK_LIBRARY")
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .stdin(Stdio::null())
            .output()
            .expect("run newsdesk")
    }

    /// Runs a command that must succeed; its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "newsdesk {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// A library with the bridge story as #1.
    fn with_story() -> Self {
        let library = Self::new();
        let file = library.file("story.json", STORY);
        library.ok(&["add", path_str(&file)]);
        library
    }

    fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        path
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_highlight_with_a_note_comes_out_as_markdown() {
    let library = Library::with_story();
    let said = library.ok(&[
        "highlight",
        "1",
        "It voted to close the bridge",
        "--note",
        "Six months!\nCheck the detour.",
        "--color",
        "Green",
    ]);
    assert_eq!(
        said,
        "highlighted in #1 (highlight 1, green): \u{201c}It voted to close the bridge\u{201d}\n"
    );
    // Line breaks in the quote need not match the story's.
    library.ok(&["highlight", "1", "Residents\n   objected."]);
    assert_eq!(
        library.ok(&["highlights"]),
        "## Bridge to close for repairs\n\n\
         City Desk · 2026-03-04 · <https://city.example.org/bridge>\n\n\
         > It voted to close the bridge\n\n\
         Six months!\nCheck the detour.\n\n\
         > Residents objected.\n\n"
    );
}

#[test]
fn highlights_as_json_carry_the_story_and_every_field() {
    let library = Library::with_story();
    library.ok(&["highlight", "1", "The mayor said", "--note", "who else?"]);
    let json: serde_json::Value =
        serde_json::from_str(&library.ok(&["highlights", "--format", "json"])).expect("JSON");
    let story = &json[0]["story"];
    assert_eq!(story["id"], 1);
    assert_eq!(story["url"], "https://city.example.org/bridge");
    let highlight = &json[0]["highlights"][0];
    assert_eq!(highlight["quote"], "The mayor said");
    assert_eq!(highlight["prefix"], "ix months.\n\nResidents objected. ");
    assert_eq!(highlight["note"], "who else?");
    assert_eq!(highlight["color"], "yellow");
    assert_eq!(highlight["start"], 93);
}

#[test]
fn a_quote_that_is_not_in_the_story_fails_clearly_and_saves_nothing() {
    let library = Library::with_story();
    let output = library.run(&["highlight", "1", "The bridge reopened"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("the quote is not in the text of story 1"),
        "{}",
        stderr(&output)
    );
    let output = library.run(&["highlight", "1", "   "]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("the quote is empty"),
        "{}",
        stderr(&output)
    );
    for bad in [
        vec!["highlight", "7", "bridge"],
        vec!["highlight", "1", "bridge", "--color", "mauve"],
        vec!["unhighlight", "99"],
    ] {
        let output = library.run(&bad);
        assert!(!output.status.success(), "{bad:?} should fail");
        assert!(!stderr(&output).is_empty(), "{bad:?} says why");
    }
    assert_eq!(library.ok(&["highlights"]), "");
    assert_eq!(library.ok(&["highlights", "--format", "json"]).trim(), "[]");
}

#[test]
fn notes_are_searched_and_highlighted_stories_are_found() {
    let library = Library::with_story();
    library.ok(&[
        "add",
        path_str(&library.file("other.txt", "Other news\n\nNothing marked here.")),
    ]);
    library.ok(&[
        "highlight",
        "1",
        "Residents objected.",
        "--note",
        "ask the ferrymen",
    ]);
    let ids = |query: &str| {
        let json: serde_json::Value =
            serde_json::from_str(&library.ok(&["search", "--json", "--", query])).expect("JSON");
        json.as_array()
            .expect("array")
            .iter()
            .map(|s| s["id"].as_i64().expect("id"))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("is:highlighted"), [1]);
    assert_eq!(ids("-is:highlighted"), [2]);
    assert_eq!(ids("has:note"), [1]);
    assert_eq!(ids("ferrymen"), [1], "a word only in a note");
    assert_eq!(ids("ferry"), [1], "as a prefix, like words in stories");
    assert_eq!(ids("ferrymen is:highlighted"), [1]);
    assert_eq!(
        library
            .ok(&["highlights", "ferrymen"])
            .lines()
            .next()
            .unwrap_or(""),
        "## Bridge to close for repairs"
    );
    let removed = library.ok(&["unhighlight", "1"]);
    assert_eq!(removed, "removed highlight 1 from #1\n");
    assert!(ids("has:note").is_empty());
    assert!(ids("ferrymen").is_empty());
}

#[test]
fn the_json_export_carries_highlights_into_an_empty_library() {
    let library = Library::with_story();
    library.ok(&[
        "highlight",
        "1",
        "six months",
        "--note",
        "long",
        "--color",
        "blue",
    ]);
    let export = library.file("export.json", &library.ok(&["export"]));
    let other = Library::new();
    other.ok(&["import", path_str(&export)]);
    let before: serde_json::Value =
        serde_json::from_str(&library.ok(&["highlights", "--format", "json"])).expect("JSON");
    let after: serde_json::Value =
        serde_json::from_str(&other.ok(&["highlights", "--format", "json"])).expect("JSON");
    assert_eq!(after, before);
    assert_eq!(after[0]["highlights"][0]["color"], "blue");
}

#[test]
fn wallabag_annotations_are_imported_as_highlights_with_notes() {
    let library = Library::new();
    library.ok(&["import", WALLABAG]);
    let markdown = library.ok(&["highlights"]);
    assert!(
        markdown.starts_with(
            "## River levels fall across the delta\n\n\
             news.example.org · 2025-11-04 · <https://news.example.org/2025/11/delta-river-levels>\n\n"
        ),
        "{markdown}"
    );
    assert!(markdown.contains(
        "> River levels fell for a third week across the delta\n\n\
         Third week in a row: compare with last year's drought.\n\n"
    ));
    assert!(markdown.contains("> Ferry operators cut crossings by half.\n\n> "));
    assert!(markdown.contains(
        "> A sentence from an earlier version of the page.\n\n\
         *(This passage is no longer in the story's text.)*\n\n\
         This paragraph is not in the saved text any more.\n"
    ));
}
