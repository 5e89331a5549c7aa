//! `keep_days` and `newsdesk prune`: old read feed stories go, never a bookmarked, tagged or
//! highlighted one nor one saved by hand, and a refresh does not bring them back.

mod common;

use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

use common::http::{Response, Server};

fn run(library: &Path, args: &[&str]) -> Output {
    common::run_on(library, args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn titles(library: &Path) -> Vec<String> {
    let listed: Vec<serde_json::Value> =
        serde_json::from_slice(&run(library, &["list", "--json"]).stdout).expect("json");
    let mut titles: Vec<String> = listed
        .iter()
        .map(|s| s["title"].as_str().unwrap_or_default().to_owned())
        .collect();
    titles.sort();
    titles
}

fn feed(extra: &str) -> String {
    let item = |n: &str, date: &str| {
        format!(
            "<item><title>{n}</title><guid>k-{n}</guid><pubDate>{date}</pubDate>\
             <description>The story called {n}, about the harbour and its pier, with enough \
             words to be a story of its own.</description></item>"
        )
    };
    let old = "Mon, 02 Mar 2020 10:00:00 +0000";
    let recent = chrono::Utc::now().to_rfc2822();
    format!(
        "<rss version=\"2.0\"><channel><title>Keeper</title>{}{}{}{}{}{}{extra}</channel></rss>",
        item("Old", old),
        item("Marked", old),
        item("Tagged", old),
        item("Noted", old),
        item("Unread", old),
        item("Recent", &recent),
    )
}

#[test]
fn prune_removes_only_old_read_untouched_feed_stories() {
    let body = Arc::new(Mutex::new(feed("")));
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
        run(&library, &["feed", "add", &server.url("/feed")])
            .status
            .success()
    );
    let by_hand = dir.path().join("mine.md");
    std::fs::write(
        &by_hand,
        "---\ntitle: By hand\nsource: Keeper\ndate: 2019-01-01\nread: true\n---\nSaved by hand.\n",
    )
    .expect("write");
    assert!(
        run(&library, &["add", by_hand.to_str().expect("path")])
            .status
            .success()
    );
    // Stories 1-6 in feed order: read all but "Unread", then protect three of them.
    assert!(
        run(&library, &["read", "1", "2", "3", "4", "6"])
            .status
            .success()
    );
    assert!(run(&library, &["bookmark", "2"]).status.success());
    assert!(run(&library, &["tag", "3", "+keep"]).status.success());
    assert!(
        run(&library, &["highlight", "4", "the harbour"])
            .status
            .success()
    );

    let output = run(&library, &["prune"]);
    assert!(
        text(&output.stdout).contains("nothing to prune"),
        "{}",
        text(&output.stdout)
    );
    assert!(
        run(&library, &["feed", "set", "1", "--keep-days", "30"])
            .status
            .success()
    );

    let before = titles(&library);
    let output = run(&library, &["prune", "--dry-run"]);
    assert!(output.status.success());
    let printed = text(&output.stdout);
    assert!(
        printed.contains("would remove #1  Old  (Keeper)"),
        "{printed}"
    );
    assert_eq!(printed.lines().count(), 1, "{printed}");
    assert_eq!(titles(&library), before, "a dry run removes nothing");

    let output = run(&library, &["prune"]);
    assert!(output.status.success());
    assert!(text(&output.stderr).contains("removed 1 stories"));
    let after = titles(&library);
    assert_eq!(
        after,
        vec!["By hand", "Marked", "Noted", "Recent", "Tagged", "Unread"]
    );

    // The feed still lists the item; a refresh does not save it again.
    *body.lock().expect("body") =
        feed("<item><title>Extra</title><guid>k-x</guid><description>New.</description></item>");
    let output = run(&library, &["refresh", "--all"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("1 new  Keeper"),
        "{}",
        text(&output.stdout)
    );
    assert!(!titles(&library).contains(&"Old".to_owned()));
}

#[test]
fn keep_days_in_the_config_applies_after_each_refresh() {
    let server = Server::start(|_| Response::new(200, "application/rss+xml", feed("")));
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[refresh]\nkeep_days = 10\n").expect("write");
    let config = config.to_str().expect("path");
    assert!(
        run(
            &library,
            &["--config", config, "feed", "add", &server.url("/feed")]
        )
        .status
        .success()
    );
    assert!(
        run(&library, &["read", "--query", "feed:Keeper"])
            .status
            .success()
    );
    let output = run(&library, &["--config", config, "refresh", "--all"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("5 old read stories removed"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(titles(&library), vec!["Recent"]);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[refresh]\ninterval = \"often\"\n").expect("write");
    let output = run(
        &library,
        &["--config", bad.to_str().expect("path"), "refresh"],
    );
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("[refresh] interval"),
        "{}",
        text(&output.stderr)
    );
}
