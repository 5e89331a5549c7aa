//! Saving web addresses against a server on 127.0.0.1 started by the test: a page, a feed, a
//! failure saved as a link, and `fetch` trying again.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

/// Responses by path: (status, content type, body).
type Routes = Arc<Mutex<HashMap<String, (u16, String, Vec<u8>)>>>;

/// A tiny HTTP/1.1 server answering from `routes`; returns its base address.
fn serve(routes: Routes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let routes = Arc::clone(&routes);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let (status, content_type, body) = routes
                    .lock()
                    .map(|r| r.get(&path).cloned())
                    .ok()
                    .flatten()
                    .unwrap_or((404, "text/plain".into(), b"not found".to_vec()));
                let mut stream = &stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    address
}

fn run(library: &Path, args: &[&str]) -> Output {
    common::run_on(library, args)
}

const PAGE: &str = "<html><head><title>Ferry strike ends after pay deal | Northern Wire</title>\
    <meta charset='windows-1252'></head><body><nav><a href='/'>Home</a></nav><article>\
    <p>Ferry crews returned to work on Friday after the union accepted a raise of four per cent.</p>\
    <p>Passengers stranded for three days were offered free crossings over the weekend, the company said.</p>\
    </article><footer>Contact us</footer></body></html>";

const FEED: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour News</title>\
    <item><title>One</title><guid>h-1</guid><description>First item text.</description></item>\
    <item><title>Two</title><guid>h-2</guid><description>Second item text.</description></item>\
    </channel></rss>";

#[test]
fn pages_feeds_failures_and_fetching_again() {
    let routes: Routes = Arc::default();
    {
        let mut r = routes.lock().expect("routes");
        r.insert(
            "/page".into(),
            (
                200,
                "text/html; charset=utf-8".into(),
                PAGE.as_bytes().to_vec(),
            ),
        );
        r.insert(
            "/feed".into(),
            (200, "application/rss+xml".into(), FEED.as_bytes().to_vec()),
        );
        r.insert(
            "/big".into(),
            (200, "text/html".into(), vec![b'a'; 11 * 1024 * 1024]),
        );
    }
    let base = serve(Arc::clone(&routes));
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");

    let output = run(&library, &["add", &format!("{base}/page")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Ferry strike ends after pay deal"));

    let output = run(&library, &["add", &format!("{base}/feed")]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("added #3  Two"));

    // A page that is not there yet is saved as a link with the reason.
    let output = run(&library, &["add", &format!("{base}/later")]);
    assert!(
        output.status.success(),
        "nothing the user asked to keep is lost"
    );
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains("HTTP 404") && errors.contains("newsdesk fetch"),
        "{errors}"
    );
    let shown: serde_json::Value =
        serde_json::from_slice(&run(&library, &["show", "4", "--json"]).stdout).expect("json");
    assert!(
        shown["not_downloaded"]
            .as_str()
            .is_some_and(|r| r.contains("404"))
    );

    // Too large, and not http at all.
    let output = run(&library, &["add", &format!("{base}/big")]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("larger than the 10 MB limit"));
    let output = run(&library, &["fetch"]);
    assert!(
        !output.status.success(),
        "the missing pages are still missing"
    );

    // Once the page exists, fetch fills the story in.
    routes.lock().expect("routes").insert(
        "/later".into(),
        (
            200,
            "text/html".into(),
            PAGE.replace("Ferry crews", "Later, ferry crews")
                .into_bytes(),
        ),
    );
    routes.lock().expect("routes").remove("/big");
    routes.lock().expect("routes").insert(
        "/big".into(),
        (
            200,
            "text/html".into(),
            PAGE.replace("Ferry crews", "Big ferry crews").into_bytes(),
        ),
    );
    let output = run(&library, &["fetch"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let shown: serde_json::Value =
        serde_json::from_slice(&run(&library, &["show", "4", "--json"]).stdout).expect("json");
    assert!(shown.get("not_downloaded").is_none(), "{shown}");
    assert!(
        shown["body"]
            .as_str()
            .is_some_and(|b| b.contains("Later, ferry crews"))
    );
    assert_eq!(shown["title"], "Ferry strike ends after pay deal");
    let found = run(&library, &["search", "later", "--json"]);
    assert!(
        String::from_utf8_lossy(&found.stdout).contains("Ferry strike"),
        "the index follows"
    );
}

#[test]
fn only_web_addresses_are_downloaded() {
    assert!(matches!(
        newsdesk::web::fetch("file:///etc/passwd"),
        Err(newsdesk::web::FetchError::NotHttp)
    ));
    assert!(matches!(
        newsdesk::web::fetch("http://127.0.0.1:1/unreachable"),
        Err(newsdesk::web::FetchError::Network(_))
    ));
}

#[test]
fn subscriptions_refresh_in_parallel_and_move_as_opml() {
    let routes: Routes = Arc::default();
    routes.lock().expect("routes").insert(
        "/feed".into(),
        (200, "application/rss+xml".into(), FEED.as_bytes().to_vec()),
    );
    let base = serve(Arc::clone(&routes));
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let feed_url = format!("{base}/feed");

    let output = run(&library, &["feed", "add", &feed_url]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Harbour News"));
    assert!(String::from_utf8_lossy(&output.stdout).contains("2 new stories"));

    // An OPML list with one more feed (a file) and one that is gone.
    let local = dir.path().join("local.xml");
    std::fs::write(
        &local,
        FEED.replace("h-1", "l-1")
            .replace("h-2", "l-2")
            .replace("Harbour News", "Local News"),
    )
    .expect("write");
    let opml = format!(
        "<opml version=\"2.0\"><body><outline text=\"News\"><outline type=\"rss\" text=\"Local\" xmlUrl=\"{}\"/>\
         <outline type=\"rss\" xmlUrl=\"{base}/gone\"/></outline></body></opml>",
        local.display()
    );
    let list = dir.path().join("subscriptions.opml");
    std::fs::write(&list, opml).expect("write");
    let output = run(&library, &["feed", "import", list.to_str().expect("path")]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("subscribed to 2 new feeds"));

    let output = run(&library, &["refresh", "--all"]);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "one feed failed");
    assert!(printed.contains("unchanged  Harbour News"), "{printed}");
    assert!(printed.contains("2 new  Local News"), "{printed}");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(errors.contains("HTTP 404"), "{errors}");
    let listed = String::from_utf8_lossy(&run(&library, &["feed", "list"]).stdout).into_owned();
    assert!(
        listed.contains("failed: the server answered HTTP 404"),
        "{listed}"
    );

    let exported = String::from_utf8_lossy(&run(&library, &["feed", "export"]).stdout).into_owned();
    assert_eq!(
        newsdesk::subscriptions::parse_opml(&exported)
            .expect("opml")
            .len(),
        3
    );
    assert!(
        run(&library, &["feed", "remove", &format!("{base}/gone")])
            .status
            .success()
    );
    assert!(!run(&library, &["feed", "remove", "nope"]).status.success());
    let broken = dir.path().join("broken.opml");
    std::fs::write(&broken, "<opml version=\"1.0\"><head/></opml>").expect("write");
    let output = run(
        &library,
        &["feed", "import", broken.to_str().expect("path")],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no <body>"));
}

#[test]
fn a_downloaded_page_with_more_text_than_a_story_holds_is_refused_before_parsing() {
    let long = format!(
        "<html><body><article>{}</article></body></html>",
        "<p>The council met on Monday and voted to rebuild the harbour wall.</p>".repeat(140_000)
    );
    let routes: Routes = Arc::default();
    routes
        .lock()
        .expect("routes")
        .insert("/long".into(), (200, "text/html".into(), long.into_bytes()));
    let base = serve(routes);
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let output = run(&library, &["add", &format!("{base}/long")]);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(errors.contains("the page holds"), "{errors}");
}
