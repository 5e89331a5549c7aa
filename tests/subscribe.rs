//! `feed add` as a new user tries it, against a server on 127.0.0.1 started by the test: only
//! the new feed is fetched, what is not a feed is refused, a web page's feed is found, and the
//! same feed cannot be subscribed twice.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::http::{Response, Server, rss};

fn run(library: &Path, args: &[&str]) -> Output {
    common::run_on(library, args)
}

fn run_in(folder: &Path, library: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .current_dir(folder)
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("NEWSDESK_LIBRARY")
        .output()
        .expect("run newsdesk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn urls(library: &Path) -> Vec<String> {
    let output = run(library, &["feed", "list", "--json"]);
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    listed
        .iter()
        .map(|f| f["url"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn page(head: &str) -> String {
    format!("<html><head><title>A site</title>{head}</head><body><p>Hello.</p></body></html>")
}

fn site() -> Server {
    Server::start(|request| match request.path.as_str() {
        "/a.xml" => Response::new(200, "application/rss+xml", rss("Alpha", "a", 2)),
        "/b.xml" => Response::new(200, "application/rss+xml", rss("Beta", "b", 3)),
        "/c.atom" => Response::new(200, "application/atom+xml", rss("Gamma", "c", 1)),
        "/blog/" => Response::new(
            200,
            "text/html",
            page(
                "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"../b.xml\" title=\"Posts\">",
            ),
        ),
        "/two" => Response::new(
            200,
            "text/html",
            page(
                "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/a.xml\" title=\"All\">\
                 <link rel=\"alternate\" type=\"application/atom+xml\" href=\"/c.atom\" title=\"Comments\">",
            ),
        ),
        "/plain-page" => Response::new(200, "text/html", page("")),
        "/text" => Response::new(200, "text/plain", "just words, not a feed"),
        _ => Response::new(404, "text/plain", "not found"),
    })
}

#[test]
fn adding_a_feed_fetches_only_that_feed() {
    let server = site();
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    assert!(
        run(&library, &["feed", "add", &server.url("/a.xml")])
            .status
            .success()
    );
    let output = run(&library, &["feed", "add", &server.url("/c.atom")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("subscribed to Gamma"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(
        server.hits("/a.xml"),
        1,
        "the other feed was not fetched again"
    );
}

#[test]
fn what_is_not_a_feed_is_refused_and_not_kept() {
    let server = site();
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Some notes, not a feed.").expect("write");
    for (bad, said) in [
        ("not a url", "no file by that name"),
        ("ftp://example.org/feed.xml", "only http and https"),
        ("/nonexistent/feed.xml", "no file by that name"),
        (notes.to_str().expect("path"), "not a feed"),
        (&server.url("/text"), "not a feed"),
        (&server.url("/missing"), "HTTP 404"),
        (&server.url("/plain-page"), "names no feed"),
    ] {
        let output = run(&library, &["feed", "add", bad]);
        assert_eq!(output.status.code(), Some(1), "{bad}");
        let errors = text(&output.stderr);
        assert!(errors.contains(said), "{bad}: {errors}");
    }
    assert!(urls(&library).is_empty(), "{:?}", urls(&library));
}

#[test]
fn a_web_page_leads_to_its_feed() {
    let server = site();
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let output = run(&library, &["feed", "add", &server.url("/blog/")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("subscribed to Beta"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(urls(&library), vec![server.url("/b.xml")]);
    // Subscribing to the feed itself afterwards finds it already there.
    let output = run(&library, &["feed", "add", &server.url("/b.xml")]);
    assert!(output.status.success());
    assert!(text(&output.stdout).contains("already subscribed"));

    // Several feeds: in a pipe they are listed and nothing is subscribed; --first takes one.
    let output = run(&library, &["feed", "add", &server.url("/two")]);
    assert_eq!(output.status.code(), Some(1));
    let errors = text(&output.stderr);
    assert!(
        errors.contains(&server.url("/a.xml")) && errors.contains(&server.url("/c.atom")),
        "{errors}"
    );
    assert!(errors.contains("--first"), "{errors}");
    assert_eq!(urls(&library).len(), 1);
    let output = run(&library, &["feed", "add", "--first", &server.url("/two")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        urls(&library),
        vec![server.url("/b.xml"), server.url("/a.xml")]
    );
}

#[test]
fn a_site_without_feed_links_is_tried_at_the_usual_paths() {
    let server = Server::start(|request| match request.path.as_str() {
        "/" | "/about" => Response::new(200, "text/html", page("")),
        "/atom.xml" => Response::new(200, "application/atom+xml", rss("Usual", "u", 1)),
        _ => Response::new(404, "text/plain", "not found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let output = run(&library, &["feed", "add", &server.url("/about")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(urls(&library), vec![server.url("/atom.xml")]);
    assert!(server.hits("/feed") == 1 && server.hits("/rss.xml") == 1);
}

#[test]
fn one_feed_has_one_subscription_however_it_is_written() {
    let server = site();
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let folder = dir.path().join("feeds");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("x.xml"), rss("Local", "l", 2)).expect("write");
    // RSS 0.94 imports like any other RSS.
    std::fs::write(
        folder.join("old.xml"),
        rss("Old", "o", 1).replace("version=\"2.0\"", "version=\"0.94\""),
    )
    .expect("write");

    let output = run_in(&folder, &library, &["feed", "add", "x.xml"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = run_in(&folder, &library, &["feed", "add", "./x.xml"]);
    assert!(
        text(&output.stdout).contains("already subscribed"),
        "{}",
        text(&output.stdout)
    );
    let output = run_in(&folder, &library, &["feed", "add", "old.xml"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("1 new stories"),
        "{}",
        text(&output.stdout)
    );
    let stored = urls(&library);
    let canonical = folder.join("x.xml").canonicalize().expect("canonical");
    assert_eq!(stored[0], canonical.to_str().expect("utf-8"));

    // A refresh from another folder still finds the file.
    let output = run_in(dir.path(), &library, &["refresh", "--all"]);
    assert!(output.status.success(), "{}", text(&output.stderr));

    let base = server.base.replace("http://", "HTTP://");
    for spelling in [
        format!("{base}/a.xml"),
        format!("{}/a.xml#latest", server.base),
    ] {
        let output = run(&library, &["feed", "add", &spelling]);
        assert!(
            output.status.success(),
            "{spelling}: {}",
            text(&output.stderr)
        );
    }
    assert_eq!(urls(&library).len(), 3, "{:?}", urls(&library));
    let output = run_in(&folder, &library, &["feed", "remove", "./x.xml"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(urls(&library).len(), 2);
    assert_eq!(
        run(&library, &["feed", "remove", "./x.xml"]).status.code(),
        Some(1)
    );
}

#[test]
fn enclosures_are_kept_searchable_and_exported() {
    let server = Server::start(|_| {
        Response::new(
            200,
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><title>Cast</title>\
             <item><title>Episode one</title><guid>e1</guid><description>Notes.</description>\
             <enclosure url=\"https://cast.example/e1.mp3\" type=\"audio/mpeg\" length=\"2500000\"/></item>\
             <item><title>Just text</title><guid>t1</guid><description>Words.</description></item>\
             </channel></rss>",
        )
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    assert!(
        run(&library, &["feed", "add", &server.url("/cast")])
            .status
            .success()
    );
    let found: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&library, &["search", "has:enclosure", "--json"]).stdout)
            .expect("json");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["title"], "Episode one");
    let id = found[0]["id"].as_i64().expect("id").to_string();
    let shown: serde_json::Value =
        serde_json::from_slice(&run(&library, &["show", &id, "--json"]).stdout).expect("json");
    assert_eq!(
        shown["enclosures"],
        serde_json::json!([{"url": "https://cast.example/e1.mp3", "mime_type": "audio/mpeg", "length": 2_500_000}])
    );
    let printed = text(&run(&library, &["show", &id]).stdout);
    assert!(
        printed.contains("Enclosures:\n[1] audio/mpeg, 2.5 MB"),
        "{printed}"
    );
    assert!(!run(&library, &["search", "has:enclosed"]).status.success());

    // A JSON export keeps them; read back into a new library, they are still found.
    let export = dir.path().join("all.json");
    assert!(
        run(&library, &["export", "-o", export.to_str().expect("path")])
            .status
            .success()
    );
    let other = dir.path().join("other.db");
    assert!(
        run(&other, &["add", export.to_str().expect("path")])
            .status
            .success()
    );
    let found = text(&run(&other, &["search", "has:enclosure", "--json"]).stdout);
    assert!(
        found.contains("Episode one") && !found.contains("Just text"),
        "{found}"
    );
}
