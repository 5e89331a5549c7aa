//! Refreshing subscriptions against a server on 127.0.0.1 started by the test: conditional
//! requests (ETag, Last-Modified), compressed bodies, redirects, 429/503 with Retry-After and
//! back-off, slow and truncated answers, only due feeds, and the exit-code rule.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::http::{Request, Response, Server, rss};

fn run(library: &Path, args: &[&str]) -> Output {
    common::run_on(library, args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn feeds(library: &Path) -> Vec<serde_json::Value> {
    let output = run(library, &["feed", "list", "--json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("json")
}

/// A feed that answers 304 when the client already has version `version`, by ETag or date.
fn conditional(
    request: &Request,
    body: &str,
    etag: Option<&str>,
    modified: Option<&str>,
) -> Response {
    let by_etag = etag.is_some() && request.header("if-none-match") == etag;
    let by_date =
        etag.is_none() && modified.is_some() && request.header("if-modified-since") == modified;
    if by_etag || by_date {
        return Response::new(304, "application/rss+xml", Vec::new());
    }
    let mut response = Response::new(200, "application/rss+xml", body.as_bytes().to_vec());
    if let Some(etag) = etag {
        response = response.with("ETag", etag);
    }
    if let Some(modified) = modified {
        response = response.with("Last-Modified", modified);
    }
    response
}

#[test]
fn an_unchanged_feed_costs_a_304_and_no_parse() {
    let version = Arc::new(Mutex::new(2usize));
    let served = Arc::clone(&version);
    let server = Server::start(move |request| {
        let items = *served.lock().expect("version");
        let etag = format!("\"v{items}\"");
        match request.path.as_str() {
            "/etag" => conditional(request, &rss("Tagged", "t", items), Some(&etag), None),
            "/dated" => conditional(
                request,
                &rss("Dated", "d", 2),
                None,
                Some("Wed, 21 Oct 2026 07:28:00 GMT"),
            ),
            "/plain" => Response::new(200, "application/rss+xml", rss("Plain", "p", 2)),
            _ => Response::new(404, "text/plain", "not found"),
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    for path in ["/etag", "/dated", "/plain"] {
        let output = run(&library, &["feed", "add", &server.url(path)]);
        assert!(output.status.success(), "{path}: {}", text(&output.stderr));
        assert!(
            text(&output.stdout).contains("2 new stories"),
            "{}",
            text(&output.stdout)
        );
    }

    let output = run(&library, &["refresh", "--all"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed = text(&output.stdout);
    for name in ["Tagged", "Dated", "Plain"] {
        assert!(printed.contains(&format!("unchanged  {name}")), "{printed}");
    }
    assert!(
        text(&output.stderr).contains("3 unchanged, 0 failed"),
        "{}",
        text(&output.stderr)
    );
    let last = |path: &str| {
        server
            .requests()
            .into_iter()
            .rev()
            .find(|r| r.path == path)
            .expect("requested")
    };
    assert_eq!(last("/etag").header("if-none-match"), Some("\"v2\""));
    assert_eq!(
        last("/dated").header("if-modified-since"),
        Some("Wed, 21 Oct 2026 07:28:00 GMT")
    );
    let accepted = last("/plain")
        .header("accept-encoding")
        .unwrap_or("")
        .to_owned();
    for encoding in ["gzip", "deflate", "br"] {
        assert!(accepted.contains(encoding), "{accepted}");
    }

    // A new version is downloaded and only its new item is added.
    *version.lock().expect("version") = 3;
    let output = run(&library, &["refresh", "--feed", &server.url("/etag")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("1 new  Tagged"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(server.hits("/dated"), 2, "--feed fetched only that feed");
}

#[test]
fn compressed_bodies_and_redirects_are_followed() {
    use flate2::Compression;
    use flate2::write::{GzEncoder, ZlibEncoder};
    let feed = rss("Squeezed", "s", 3);
    let mut gzip = GzEncoder::new(Vec::new(), Compression::default());
    gzip.write_all(feed.as_bytes()).expect("gzip");
    let gzip = gzip.finish().expect("gzip");
    let deflated = {
        let other = rss("Deflated", "z", 2);
        let mut zlib = ZlibEncoder::new(Vec::new(), Compression::default());
        zlib.write_all(other.as_bytes()).expect("zlib");
        zlib.finish().expect("zlib")
    };
    let server = Server::start(move |request| match request.path.as_str() {
        "/gzip" => {
            Response::new(200, "application/rss+xml", gzip.clone()).with("Content-Encoding", "gzip")
        }
        "/deflate" => Response::new(200, "application/rss+xml", deflated.clone())
            .with("Content-Encoding", "deflate"),
        "/old" => Response::new(301, "text/plain", "moved").with("Location", "/gzip"),
        _ => Response::new(404, "text/plain", "not found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    for (path, wanted) in [
        ("/gzip", "3 new"),
        ("/deflate", "2 new"),
        ("/old", "already subscribed"),
    ] {
        let output = run(&library, &["feed", "add", &server.url(path)]);
        assert!(output.status.success(), "{path}: {}", text(&output.stderr));
        let printed = text(&output.stdout);
        assert!(printed.contains(wanted), "{path}: {printed}");
    }
    let listed: Vec<String> = feeds(&library)
        .iter()
        .map(|f| f["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        listed,
        vec!["Squeezed", "Deflated"],
        "a redirect leads to the same feed"
    );
    let output = run(&library, &["list", "--json"]);
    let stories: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(stories.len(), 5);
}

#[test]
fn throttled_and_failing_feeds_wait_and_back_off() {
    let server = Server::start(|request| match request.path.as_str() {
        "/busy" => Response::new(429, "text/plain", "slow down").with("Retry-After", "7200"),
        "/down" => Response::new(503, "text/plain", "maintenance"),
        "/ok" => Response::new(200, "application/rss+xml", rss("Fine", "f", 1)),
        _ => Response::new(404, "text/plain", "not found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    // Feeds that fail at once are refused by `feed add`; an OPML list subscribes to them as
    // they are.
    let opml = format!(
        "<opml version=\"2.0\"><body><outline xmlUrl=\"{}\"/><outline xmlUrl=\"{}\"/>\
         <outline xmlUrl=\"{}\"/></body></opml>",
        server.url("/busy"),
        server.url("/down"),
        server.url("/ok")
    );
    let list = dir.path().join("feeds.opml");
    std::fs::write(&list, opml).expect("write");
    assert!(
        run(&library, &["feed", "import", list.to_str().expect("path")])
            .status
            .success()
    );

    let started = chrono::Utc::now().timestamp();
    let output = run(&library, &["refresh"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failure makes the exit status 1"
    );
    let errors = text(&output.stderr);
    assert!(
        errors.contains("HTTP 429 and asked to wait 7200 s"),
        "{errors}"
    );
    assert!(errors.contains("HTTP 503"), "{errors}");
    assert!(
        text(&output.stdout).contains("1 new  Fine"),
        "the rest is saved"
    );

    let due = |listed: &[serde_json::Value], url: &str| {
        let feed = listed.iter().find(|f| f["url"] == url).expect("listed");
        let next = chrono::DateTime::parse_from_rfc3339(feed["next_due"].as_str().expect("due"))
            .expect("date")
            .timestamp();
        (next - started, feed["failures"].as_u64().expect("failures"))
    };
    let listed = feeds(&library);
    let (wait, failures) = due(&listed, &server.url("/busy"));
    assert!(
        (7_200..7_300).contains(&wait) && failures == 1,
        "{wait} {failures}"
    );
    let (wait, failures) = due(&listed, &server.url("/down"));
    assert!(
        (3_600..3_700).contains(&wait) && failures == 1,
        "{wait} {failures}"
    );

    // Nothing is due now: the server is left alone.
    let before = server.requests().len();
    let output = run(&library, &["refresh"]);
    assert!(output.status.success());
    assert!(
        text(&output.stdout).contains("no feed is due"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(server.requests().len(), before);

    // Forced again, the failing feed waits twice as long.
    let output = run(&library, &["refresh", "--all", "--quiet"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.is_empty(),
        "quiet prints no results: {}",
        text(&output.stdout)
    );
    assert!(
        text(&output.stderr).contains("HTTP 503"),
        "failures are still named"
    );
    let (wait, failures) = due(&feeds(&library), &server.url("/down"));
    assert!(
        (7_200..7_300).contains(&wait) && failures == 2,
        "{wait} {failures}"
    );
    let listed = text(&run(&library, &["feed", "list"]).stdout);
    assert!(listed.contains("2 times in a row"), "{listed}");
}

#[test]
fn slow_and_truncated_answers_cost_only_their_own_feed() {
    let server = Server::start(|request| match request.path.as_str() {
        "/slow" => Response {
            delay: Duration::from_millis(1_500),
            ..Response::new(200, "application/rss+xml", rss("Slow", "s", 2))
        },
        "/cut" => Response {
            truncate_to: Some(200),
            ..Response::new(200, "application/rss+xml", rss("Cut", "c", 20))
        },
        "/fine" => Response::new(200, "application/rss+xml", rss("Fine", "f", 2)),
        _ => Response::new(404, "text/plain", "not found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let opml = format!(
        "<opml><body><outline xmlUrl=\"{}\"/><outline xmlUrl=\"{}\"/><outline xmlUrl=\"{}\"/></body></opml>",
        server.url("/slow"),
        server.url("/cut"),
        server.url("/fine")
    );
    let list = dir.path().join("feeds.opml");
    std::fs::write(&list, opml).expect("write");
    assert!(
        run(&library, &["feed", "import", list.to_str().expect("path")])
            .status
            .success()
    );
    let output = run(&library, &["refresh"]);
    assert_eq!(output.status.code(), Some(1));
    let printed = text(&output.stdout);
    assert!(
        printed.contains("2 new  Slow") && printed.contains("2 new  Fine"),
        "{printed}"
    );
    assert!(
        text(&output.stderr).contains("failed"),
        "{}",
        text(&output.stderr)
    );
    let cut = feeds(&library)
        .into_iter()
        .find(|f| f["url"] == server.url("/cut"))
        .expect("listed");
    assert!(cut["last_error"].is_string(), "{cut}");
    assert!(cut["last_success"].is_null(), "{cut}");
}

#[test]
fn the_exit_status_follows_one_rule() {
    let server = Server::start(|request| match request.path.as_str() {
        "/ok" => Response::new(200, "application/rss+xml", rss("Fine", "f", 1)),
        _ => Response::new(404, "text/plain", "not found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    assert_eq!(
        run(&library, &["feed", "add", &server.url("/ok")])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(run(&library, &["refresh", "--all"]).status.code(), Some(0));
    assert_eq!(
        run(&library, &["refresh", "--all", "--feed", "1"])
            .status
            .code(),
        Some(2),
        "usage error"
    );
    assert_eq!(
        run(&library, &["refresh", "--bogus"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&library, &["feed", "add"]).status.code(), Some(2));
    assert_eq!(
        run(&library, &["feed", "add", &server.url("/gone")])
            .status
            .code(),
        Some(1)
    );
    // add: one good file and one missing: 1, the good one saved.
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "A title\n\nSome text about the harbour.").expect("write");
    let output = run(
        &library,
        &[
            "add",
            good.to_str().expect("path"),
            "/nonexistent/missing.txt",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("A title"));
    assert!(text(&output.stderr).contains("missing.txt"));
    assert_eq!(
        run(&library, &["add", good.to_str().expect("path")])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn only_due_feeds_are_read_and_counts_show_in_the_list() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&hits);
    let server = Server::start(move |request| {
        counted.fetch_add(1, Ordering::Relaxed);
        match request.path.as_str() {
            "/ttl" => Response::new(
                200,
                "application/rss+xml",
                rss("Hinted", "h", 2).replace("<channel>", "<channel><ttl>180</ttl>"),
            ),
            "/aged" => Response::new(200, "application/rss+xml", rss("Aged", "a", 3))
                .with("Cache-Control", "public, max-age=14400"),
            _ => Response::new(404, "text/plain", "not found"),
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let started = chrono::Utc::now().timestamp();
    assert!(
        run(&library, &["feed", "add", &server.url("/ttl")])
            .status
            .success()
    );
    assert!(
        run(&library, &["feed", "add", &server.url("/aged")])
            .status
            .success()
    );
    assert!(run(&library, &["read", "1"]).status.success());
    let listed = feeds(&library);
    let wait = |i: usize| {
        chrono::DateTime::parse_from_rfc3339(listed[i]["next_due"].as_str().expect("due"))
            .expect("date")
            .timestamp()
            - started
    };
    assert!(
        (10_800..10_900).contains(&wait(0)),
        "<ttl> 180 minutes: {}",
        wait(0)
    );
    assert!((14_400..14_500).contains(&wait(1)), "max-age: {}", wait(1));
    assert_eq!(
        (listed[0]["unread"].as_i64(), listed[0]["total"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(listed[1]["name"], "Aged");
    let human = text(&run(&library, &["feed", "list"]).stdout);
    assert!(
        human.contains("Hinted  1/2 unread") && human.contains("last success 20"),
        "{human}"
    );

    let before = hits.load(Ordering::Relaxed);
    assert!(run(&library, &["refresh"]).status.success());
    assert_eq!(hits.load(Ordering::Relaxed), before, "nothing was due");

    // A user's interval wins over the feed's hint.
    let output = run(
        &library,
        &[
            "feed",
            "set",
            "1",
            "--interval",
            "5m",
            "--title",
            "Mine",
            "--tags",
            "harbour,local",
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("every 5m"));
    assert!(run(&library, &["refresh", "--all"]).status.success());
    let listed = feeds(&library);
    let next = chrono::DateTime::parse_from_rfc3339(listed[0]["next_due"].as_str().expect("due"))
        .expect("date")
        .timestamp();
    assert!(next - chrono::Utc::now().timestamp() <= 300, "{next}");
    assert_eq!(listed[0]["name"], "Mine");
    assert!(
        !run(&library, &["feed", "set", "1", "--interval", "soon"])
            .status
            .success()
    );
    assert!(
        !run(&library, &["feed", "set", "1", "--full-text", "maybe"])
            .status
            .success()
    );
    assert!(
        !run(&library, &["feed", "set", "9", "--title", "x"])
            .status
            .success()
    );
}

#[test]
fn an_ignore_rule_keeps_matching_items_out_and_tags_go_on_new_items() {
    let body = Arc::new(Mutex::new(rss("Wire", "w", 1)));
    let served = Arc::clone(&body);
    let server = Server::start(move |_| {
        Response::new(
            200,
            "application/rss+xml",
            served.lock().expect("body").clone(),
        )
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    assert!(
        run(&library, &["feed", "add", &server.url("/wire")])
            .status
            .success()
    );
    let output = run(
        &library,
        &[
            "feed",
            "set",
            "1",
            "--ignore",
            "sponsored OR tag:nope",
            "--tags",
            "wire",
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        !run(&library, &["feed", "set", "1", "--ignore", "tag:"])
            .status
            .success(),
        "a bad rule is refused"
    );
    *body.lock().expect("body") = rss("Wire", "w", 3).replace(
        "<title>Wire story 2</title>",
        "<title>Sponsored: buy a boat</title>",
    );
    let output = run(&library, &["refresh", "--all"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("1 new  Wire (1 ignored)"),
        "{}",
        text(&output.stdout)
    );
    let titles = text(&run(&library, &["list", "tag:wire", "--json"]).stdout);
    assert!(
        titles.contains("Wire story 1") && !titles.contains("Sponsored"),
        "{titles}"
    );
}

#[test]
fn settings_in_the_config_apply_from_the_first_download() {
    let server = Server::start(|_| Response::new(200, "application/rss+xml", rss("Wire", "w", 2)));
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[feeds.\"{}\"]\ntitle = \"My wire\"\ntags = [\"wire\"]\ninterval = \"3h\"\n\
             full_text = \"never\"\n[feeds.\"https://unknown.example/rss\"]\nkeep_days = 3\n",
            server.url("/wire")
        ),
    )
    .expect("write");
    let config = config.to_str().expect("path");
    let output = run(
        &library,
        &["--config", config, "feed", "add", &server.url("/wire")],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("subscribed to My wire"),
        "{}",
        text(&output.stdout)
    );
    assert!(
        text(&output.stderr).contains("unknown.example/rss\"] in the config names no subscription")
    );
    let tagged = text(&run(&library, &["list", "tag:wire", "--json"]).stdout);
    assert!(
        tagged.contains("Wire story 0") && tagged.contains("Wire story 1"),
        "{tagged}"
    );
    let listed = feeds(&library);
    assert_eq!(listed[0]["settings"]["interval"], 10_800);
    assert_eq!(listed[0]["settings"]["full_text"], "never");
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        format!(
            "[feeds.\"{}\"]\nfull_text = \"sometimes\"\n",
            server.url("/wire")
        ),
    )
    .expect("write");
    let output = run(
        &library,
        &["--config", bad.to_str().expect("path"), "refresh"],
    );
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("full text must be auto, always or never"),
        "{}",
        text(&output.stderr)
    );
    std::fs::write(&bad, "[feeds.\"x\"]\ncolour = \"red\"\n").expect("write");
    let output = run(
        &library,
        &["--config", bad.to_str().expect("path"), "refresh"],
    );
    assert!(
        text(&output.stderr).contains("colour"),
        "{}",
        text(&output.stderr)
    );
}
