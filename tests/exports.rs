//! Read-later and bookmark exports through `newsdesk add`: stories, tags, read and starred state,
//! time saved; link-only entries kept; unsupported containers refused clearly.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name)
}

fn run(library: &Path, args: &[&str]) -> Output {
    common::run_on(library, args)
}

/// Adds one export to a fresh library and lists what came in.
fn import(name: &str) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let path = fixture(name);
    let output = run(&library, &["add", path.to_str().expect("path")]);
    assert!(
        output.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed = run(&library, &["list", "--json"]);
    serde_json::from_slice(&listed.stdout).expect("json")
}

fn find<'a>(stories: &'a [serde_json::Value], url_part: &str) -> &'a serde_json::Value {
    stories
        .iter()
        .find(|s| s["url"].as_str().is_some_and(|u| u.contains(url_part)))
        .unwrap_or_else(|| panic!("{url_part} not among {stories:?}"))
}

#[test]
fn pocket_csv_keeps_tags_states_and_times() {
    let stories = import("pocket.csv");
    assert_eq!(stories.len(), 4);
    let coca = find(&stories, "coca-satellite");
    assert_eq!(coca["title"], "Colombia's coca fields, mapped from orbit");
    assert_eq!(coca["tags"], serde_json::json!(["drugs", "latam"]));
    assert_eq!(coca["read"], false);
    assert_eq!(coca["saved"], "2024-10-21T08:40:00Z");
    let visit = find(&stories, "rubio-petro-visit");
    assert_eq!(
        visit["title"],
        "Rubio to coordinate Petro visit, \"details pending\""
    );
    assert_eq!(visit["read"], true);
    assert_eq!(import("pocket_wallabag.csv").len(), 7);
}

#[test]
fn pocket_html_takes_read_state_from_its_section() {
    let stories = import("ril_export.html");
    assert_eq!(stories.len(), 3);
    assert_eq!(find(&stories, "rubio-petro-visit")["read"], true);
    assert_eq!(find(&stories, "coca-satellite")["read"], false);
    assert_eq!(
        find(&stories, "coca-satellite")["tags"],
        serde_json::json!(["drugs", "latam"])
    );
    assert_eq!(import("ril_export_wallabag.html").len(), 2);
}

#[test]
fn instapaper_folders_become_states_and_tags() {
    let stories = import("instapaper.csv");
    assert_eq!(stories.len(), 4);
    assert_eq!(
        find(&stories, "coca-satellite")["tags"],
        serde_json::json!(["drugs", "latam"])
    );
    assert_eq!(find(&stories, "rubio-petro-visit")["read"], true);
    assert!(
        stories.iter().any(|s| s["bookmarked"] == true),
        "Starred becomes a bookmark"
    );
    assert_eq!(import("instapaper_wallabag_6col.csv").len(), 4);
}

#[test]
fn wallabag_brings_the_full_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let path = fixture("wallabag.json");
    assert!(
        run(&library, &["add", path.to_str().expect("path")])
            .status
            .success()
    );
    let stories: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&library, &["list", "--json"]).stdout).expect("json");
    let coca = find(&stories, "coca-satellite");
    assert_eq!(coca["bookmarked"], true);
    let id = coca["id"].to_string();
    let shown: serde_json::Value =
        serde_json::from_slice(&run(&library, &["show", &id, "--json"]).stdout).expect("json");
    assert!(
        shown["body"]
            .as_str()
            .is_some_and(|b| b.contains("United Nations Office on Drugs and Crime"))
    );
    assert!(!shown["body"].as_str().unwrap_or("").contains("<p>"));
    let v1 = import("wallabag_v1_read.json");
    assert_eq!(v1.len(), 3);
    assert_eq!(
        v1.iter().filter(|s| s["bookmarked"] == true).count(),
        1,
        "is_fav \"1\""
    );
    assert!(
        v1.iter()
            .any(|s| s["tags"] == serde_json::json!(["framasoft", "tag"])),
        "{v1:?}"
    );
}

#[test]
fn omnivore_metadata_and_netscape_bookmarks() {
    let omnivore = import("omnivore_metadata_wallabag.json");
    assert_eq!(omnivore.len(), 20);
    let bookmarks = import("bookmarks.html");
    assert_eq!(bookmarks.len(), 3);
    assert_eq!(
        find(&bookmarks, "coca-satellite")["tags"],
        serde_json::json!(["drugs", "latam"])
    );
    let units = import("netscape_linkding_date_units.html");
    assert_eq!(units.len(), 3);
    let saved: Vec<&str> = units.iter().filter_map(|s| s["saved"].as_str()).collect();
    assert!(
        saved.windows(2).all(|w| w[0][..10] == w[1][..10]),
        "{saved:?}: seconds, ms and µs agree"
    );
    assert_eq!(
        import("netscape_linkding_invalid_date.html").len(),
        3,
        "a bad date keeps the bookmark"
    );
}

#[test]
fn subscription_lists_and_zips_are_refused_with_advice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    for (name, advice) in [
        ("subscriptions.opml", "feed subscriptions"),
        ("pocket_export_synthetic.zip", "unzip"),
    ] {
        let path = fixture(name);
        let output = run(&library, &["add", path.to_str().expect("path")]);
        assert!(!output.status.success());
        let errors = String::from_utf8_lossy(&output.stderr);
        assert!(errors.contains(name) && errors.contains(advice), "{errors}");
    }
}

#[test]
fn import_detects_or_is_told_the_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let pocket = fixture("pocket.csv");
    let output = run(&library, &["import", pocket.to_str().expect("path")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let instapaper = fixture("instapaper.csv");
    let output = run(
        &library,
        &[
            "import",
            "--format",
            "instapaper",
            instapaper.to_str().expect("path"),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let opml = fixture("subscriptions.opml");
    let output = run(&library, &["import", opml.to_str().expect("path")]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("subscribed to 3 new feeds"));
    let listed: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&library, &["feed", "list", "--json"]).stdout).expect("json");
    assert_eq!(listed.len(), 3, "{listed:?}");
    let output = run(
        &library,
        &[
            "import",
            "--format",
            "wallabag",
            pocket.to_str().expect("path"),
        ],
    );
    assert!(!output.status.success(), "a CSV is not wallabag JSON");
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid JSON"));
}
