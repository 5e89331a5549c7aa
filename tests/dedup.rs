//! De-duplication end to end: what makes two stories the same, and what does not.

mod common;

use std::path::Path;
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn titles(library: &Path) -> Vec<String> {
    let output = common::run_on(library, &["list", "--json"]);
    let stories: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    let mut titles: Vec<String> = stories
        .iter()
        .map(|s| s["title"].as_str().unwrap_or_default().to_owned())
        .collect();
    titles.sort();
    titles
}

/// An RSS feed whose items are (guid, link, title).
fn rss(dir: &Path, name: &str, items: &[(Option<&str>, &str, &str)]) -> String {
    let mut xml = format!(
        "<rss version=\"2.0\"><channel><title>{name}</title><link>https://{name}.example/</link>"
    );
    for (guid, link, title) in items {
        xml.push_str("<item>");
        if let Some(guid) = guid {
            xml.push_str(&format!("<guid isPermaLink=\"false\">{guid}</guid>"));
        }
        xml.push_str(&format!(
            "<link>{link}</link><title>{title}</title><description>{title}, told.</description></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    let path = dir.join(format!("{name}.xml"));
    std::fs::write(&path, xml).expect("write");
    path.to_str().expect("path").to_owned()
}

#[test]
fn two_feeds_with_the_same_item_ids_keep_every_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let alpha = rss(
        dir.path(),
        "alpha",
        &[
            (Some("1"), "https://alpha.example/1", "Alpha one"),
            (Some("2"), "https://alpha.example/2", "Alpha two"),
        ],
    );
    let beta = rss(
        dir.path(),
        "beta",
        &[
            (Some("1"), "https://beta.example/1", "Beta one"),
            (Some("2"), "https://beta.example/2", "Beta two"),
        ],
    );
    let output = common::run_on(&library, &["add", &alpha, &beta]);
    assert!(
        stderr(&output).contains("imported 4, skipped 0 duplicates"),
        "{}",
        stderr(&output)
    );
    let again = common::run_on(&library, &["add", &beta, &alpha]);
    assert!(
        stderr(&again).contains("imported 0, skipped 4 duplicates"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        titles(&library),
        ["Alpha one", "Alpha two", "Beta one", "Beta two"]
    );
}

#[test]
fn feed_items_without_ids_sharing_one_link_are_all_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let status = "https://status.example/";
    let feed = rss(
        dir.path(),
        "status",
        &[
            (None, status, "Degraded performance"),
            (None, status, "Investigating"),
            (None, status, "Resolved"),
        ],
    );
    common::run_on(&library, &["add", &feed]);
    let again = common::run_on(&library, &["add", &feed]);
    assert!(
        stderr(&again).contains("imported 0, skipped 3 duplicates"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        titles(&library),
        ["Degraded performance", "Investigating", "Resolved"]
    );
}

#[test]
fn json_stories_sharing_an_address_but_not_a_title_are_both_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let file = dir.path().join("stories.json");
    std::fs::write(
        &file,
        r#"[{"title": "Live: day one", "url": "https://news.example/live", "body": "Day one."},
            {"title": "Live: day two", "url": "https://news.example/live", "body": "Day two."}]"#,
    )
    .expect("write");
    common::run_on(&library, &["add", file.to_str().expect("path")]);
    assert_eq!(titles(&library), ["Live: day one", "Live: day two"]);
}

#[test]
fn notes_with_the_same_text_and_different_titles_are_both_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let one = dir.path().join("one.md");
    let two = dir.path().join("two.md");
    std::fs::write(
        &one,
        "---\ntitle: Groceries\ntags: [home]\n---\nMilk, eggs.\n",
    )
    .expect("w");
    std::fs::write(
        &two,
        "---\ntitle: Camping list\ntags: [trip]\n---\nMilk, eggs.\n",
    )
    .expect("w");
    let output = common::run_on(
        &library,
        &["add", one.to_str().expect("p"), two.to_str().expect("p")],
    );
    assert!(
        stderr(&output).contains("imported 2"),
        "{}",
        stderr(&output)
    );
    assert_eq!(titles(&library), ["Camping list", "Groceries"]);
}
