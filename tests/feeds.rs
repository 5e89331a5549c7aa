//! Real feed files: RSS 0.91/1.0/2.0, Atom and JSON Feed, in legacy and undeclared encodings,
//! broken ones refused with a clear error; re-imports de-duplicated by item id.

mod common;

use std::path::Path;
use std::process::Output;

const FEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feeds");

fn run(library: &Path, args: &[&str]) -> Output {
    common::run_on(library, args)
}

fn titles(library: &Path) -> Vec<String> {
    let output = run(library, &["list", "--json"]);
    let stories: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    stories
        .iter()
        .map(|s| s["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn every_feed_gives_its_stories_or_a_clear_error() {
    // (file, stories expected or None for a refusal, titles that must be among them)
    let cases: [(&str, Option<usize>, &[&str]); 10] = [
        (
            "rss_0.91_encoding_1.xml",
            Some(1),
            &["bash - Expansão de Parâmetros"],
        ),
        ("atom_items_without_titles.xml", Some(3), &[]),
        ("jsonfeed_1.1_all_fields.json", Some(1), &["title"]),
        (
            "rss_koi8r_undeclared.xml",
            Some(1),
            &["Как пережить новогоднюю ночь"],
        ),
        (
            "atom_shiftjis_undeclared.xml",
            Some(1),
            &["DrecomRSSに記事投稿が反映されない…"],
        ),
        (
            "rss_1.0_example_1.xml",
            Some(2),
            &["記事1のタイトル", "記事2のタイトル"],
        ),
        ("rss_2.0_cp1252_in_utf8.xml", Some(1), &[]),
        ("rss_utf16le_bom_empty.xml", Some(0), &[]),
        ("rss_2.0_invalid_1.xml", None, &[]),
        ("rss_2.0_truncated_cdata.xml", None, &[]),
    ];
    for (file, expected, wanted) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let library = dir.path().join("library.db");
        let path = Path::new(FEEDS).join(file);
        let output = run(&library, &["add", path.to_str().expect("path")]);
        let errors = String::from_utf8_lossy(&output.stderr).into_owned();
        match expected {
            None => {
                assert!(!output.status.success(), "{file} must be refused");
                assert!(
                    errors.contains(file),
                    "{file}: the error names the file: {errors}"
                );
            }
            Some(count) => {
                assert!(output.status.success(), "{file}: {errors}");
                let found = titles(&library);
                assert_eq!(found.len(), count, "{file}: {found:?}");
                for title in wanted {
                    assert!(
                        found.iter().any(|t| t == title),
                        "{file}: {title} not in {found:?}"
                    );
                }
                // Importing the same feed again adds nothing.
                let again = run(&library, &["add", path.to_str().expect("path")]);
                assert!(again.status.success());
                assert_eq!(
                    titles(&library).len(),
                    count,
                    "{file}: re-import duplicated"
                );
            }
        }
    }
}

#[test]
fn a_feed_item_becomes_a_story_with_source_link_and_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let path = Path::new(FEEDS).join("jsonfeed_1.1_all_fields.json");
    assert!(
        run(&library, &["add", path.to_str().expect("path")])
            .status
            .success()
    );
    let output = run(&library, &["show", "1", "--json"]);
    let story: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!(
        story["source"].as_str().is_some_and(|s| !s.is_empty()),
        "{story}"
    );
    assert!(
        story["url"].as_str().is_some_and(|u| u.starts_with("http")),
        "{story}"
    );
    assert!(
        story["body"]
            .as_str()
            .is_some_and(|b| !b.is_empty() && !b.contains("<p>")),
        "{story}"
    );
}

#[test]
fn an_entity_bomb_is_not_expanded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let mut doctype = String::from("<!DOCTYPE rss [<!ENTITY a0 \"lol\">");
    for level in 1..10 {
        let previous = format!("&a{};", level - 1).repeat(10);
        doctype.push_str(&format!("<!ENTITY a{level} \"{previous}\">"));
    }
    doctype.push(']');
    doctype.push('>');
    let bomb = format!(
        "<?xml version=\"1.0\"?>{doctype}<rss version=\"2.0\"><channel><title>Bomb</title>\
         <item><title>&a9;</title><description>x</description></item></channel></rss>"
    );
    let path = dir.path().join("bomb.xml");
    std::fs::write(&path, bomb).expect("write");
    let started = std::time::Instant::now();
    let output = run(&library, &["add", path.to_str().expect("path")]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "no expansion"
    );
    let listed = String::from_utf8_lossy(&run(&library, &["list", "--json"]).stdout).into_owned();
    assert!(listed.len() < 100_000, "a billion laughs were not stored");
    let _ = output;
}

#[test]
fn one_invalid_byte_in_a_utf8_feed_is_one_replacement_not_mojibake() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let mut feed = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
        <title>Wire</title><item><title>"
        .to_vec();
    feed.extend_from_slice("Señor … 東".as_bytes());
    feed.push(0xff);
    feed.extend_from_slice("京</title><description>Plain text.</description></item>".as_bytes());
    feed.extend_from_slice(b"</channel></rss>\n");
    let path = dir.path().join("wire.xml");
    std::fs::write(&path, &feed).expect("write");
    let output = run(&library, &["add", path.to_str().expect("path")]);
    assert!(output.status.success(), "{output:?}");
    // The same bytes as a text file, with no declaration.
    let mut note = "Señor López\n\nMet in 東京 on Monday ".as_bytes().to_vec();
    note.push(0x81);
    note.extend_from_slice(" and left.\n".as_bytes());
    let path = dir.path().join("note.txt");
    std::fs::write(&path, &note).expect("write");
    let output = run(&library, &["add", path.to_str().expect("path")]);
    assert!(output.status.success(), "{output:?}");
    let found = titles(&library);
    assert!(
        found.contains(&"Señor … 東\u{fffd}京".to_owned()),
        "{found:?}"
    );
    assert!(found.contains(&"Señor López".to_owned()), "{found:?}");
}
