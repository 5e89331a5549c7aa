//! Full articles for feeds that carry only summaries, against a server on 127.0.0.1 started by
//! the test: the linked pages are downloaded and extracted, failures are recorded and `fetch`
//! tries them again, and `full_text = never` leaves the summaries alone.

mod common;

use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::http::{Response, Server};

fn run(library: &Path, args: &[&str]) -> Output {
    common::run_on(library, args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn story(library: &Path, title: &str) -> serde_json::Value {
    let listed: Vec<serde_json::Value> =
        serde_json::from_slice(&run(library, &["list", "--json"]).stdout).expect("json");
    let id = listed
        .iter()
        .find(|s| s["title"] == title)
        .unwrap_or_else(|| panic!("{title} in {listed:?}"))["id"]
        .as_i64()
        .expect("id");
    serde_json::from_slice(&run(library, &["show", &id.to_string(), "--json"]).stdout)
        .expect("json")
}

fn article(words: &str) -> String {
    let paragraph = format!(
        "<p>{words} The harbour board said the repairs would take two more years and cost far \
         more than planned, while fishing crews asked for a temporary landing stage.</p>"
    );
    format!(
        "<html><head><title>Page</title></head><body><nav><a href='/'>Home</a></nav>\
         <article>{}</article><footer>Contact</footer></body></html>",
        paragraph.repeat(12)
    )
}

fn feed(base: &str) -> String {
    let long = "The full story is in the feed itself. ".repeat(60);
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Teasers</title>\
         <item><title>Pier</title><guid>t-1</guid><link>{base}/pier</link>\
         <description>The pier will reopen…</description></item>\
         <item><title>Ferry</title><guid>t-2</guid><link>{base}/ferry</link>\
         <description>Ferry fares rise. Read more</description></item>\
         <item><title>Whole</title><guid>t-3</guid><link>{base}/whole</link>\
         <description>{long}</description></item>\
         </channel></rss>"
    )
}

#[test]
fn summary_only_items_get_their_full_article() {
    let ferry_up = Arc::new(AtomicBool::new(false));
    let up = Arc::clone(&ferry_up);
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let known = Arc::clone(&base);
    let server = Server::start(move |request| match request.path.as_str() {
        "/feed" => Response::new(
            200,
            "application/rss+xml",
            feed(known.get().map_or("", String::as_str)),
        ),
        "/pier" => Response::new(200, "text/html", article("Pier page.")),
        "/ferry" if up.load(Ordering::Relaxed) => {
            Response::new(200, "text/html", article("Ferry page."))
        }
        "/ferry" => Response::new(500, "text/plain", "broken"),
        "/whole" => Response::new(200, "text/html", article("Whole page.")),
        _ => Response::new(404, "text/plain", "not found"),
    });
    base.set(server.base.clone()).expect("once");
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");

    let output = run(&library, &["feed", "add", &server.url("/feed")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed = text(&output.stdout);
    assert!(
        printed.contains("3 new stories, 1 full articles downloaded, 1 not"),
        "{printed}"
    );
    assert_eq!(server.hits("/whole"), 0, "a full item needs no page");
    let pier = story(&library, "Pier");
    let body = pier["body"].as_str().expect("body");
    assert!(
        body.contains("Pier page.") && body.contains("temporary landing stage"),
        "{body}"
    );
    assert!(
        !body.contains("Contact"),
        "the extractor dropped the footer: {body}"
    );
    let found = text(&run(&library, &["search", "landing stage", "--json"]).stdout);
    assert!(found.contains("Pier"), "the index follows: {found}");
    assert_eq!(
        story(&library, "Ferry")["body"],
        "Ferry fares rise. Read more"
    );

    // `fetch` tries the failed one again, naming it.
    let output = run(&library, &["fetch"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("Ferry") && text(&output.stderr).contains("HTTP 500"));
    ferry_up.store(true, Ordering::Relaxed);
    let output = run(&library, &["fetch"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed = text(&output.stdout);
    assert!(
        printed.contains("fetched #2  Ferry") && printed.contains("/ferry"),
        "{printed}"
    );
    assert!(
        story(&library, "Ferry")["body"]
            .as_str()
            .expect("body")
            .contains("Ferry page.")
    );
    let output = run(&library, &["fetch"]);
    assert!(text(&output.stdout).contains("every story has its text"));
}

#[test]
fn never_keeps_the_summaries() {
    let server = Server::start(|request| match request.path.as_str() {
        "/feed" => Response::new(
            200,
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><title>Short</title>\
             <item><title>One</title><guid>s-1</guid><link>http://127.0.0.1:9/unused</link>\
             <description>Teaser…</description></item></channel></rss>",
        ),
        _ => Response::new(404, "text/plain", "not found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let list = dir.path().join("feeds.opml");
    std::fs::write(
        &list,
        format!(
            "<opml><body><outline xmlUrl=\"{}\"/></body></opml>",
            server.url("/feed")
        ),
    )
    .expect("write");
    assert!(
        run(&library, &["feed", "import", list.to_str().expect("path")])
            .status
            .success()
    );
    assert!(
        run(&library, &["feed", "set", "1", "--full-text", "never"])
            .status
            .success()
    );
    let output = run(&library, &["refresh"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        !text(&output.stdout).contains("full articles"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(story(&library, "One")["body"], "Teaser…");
    assert!(text(&run(&library, &["fetch"]).stdout).contains("every story has its text"));
}
