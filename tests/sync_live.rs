//! Sync against a real Miniflux, through its REST API and its Google Reader API. Built only with
//! `--features live-sync`; `scripts/test-sync.sh` starts PostgreSQL, Miniflux and a feed server
//! on 127.0.0.1, creates one user per test and passes their addresses in `NEWSDESK_*`
//! variables. Without them every test fails (never passes silently).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use newsdesk::store::{Store, Window};
use newsdesk::sync::{self, Kind, SyncConfig, SyncError};
use serde_json::{Value, json};

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set: run these tests with scripts/test-sync.sh"))
}

const PASSWORD_VAR: &str = "NEWSDESK_SYNC_TEST_PASSWORD";

/// A Miniflux account, used the way a phone app would: through the REST API.
struct Account {
    user: String,
}

impl Account {
    fn new(kind: Kind, name: &str) -> Self {
        let prefix = match kind {
            Kind::Miniflux => "mf",
            Kind::Greader => "gr",
        };
        ensure_server();
        Self {
            user: format!("{prefix}-{name}"),
        }
    }

    fn auth(&self) -> String {
        let pair = format!("{}:{}", self.user, env(PASSWORD_VAR));
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }

    fn api(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", env("NEWSDESK_MINIFLUX_URL"));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = match (method, body) {
            ("GET", _) => agent.get(&url).header("Authorization", self.auth()).call(),
            ("DELETE", _) => agent
                .delete(&url)
                .header("Authorization", self.auth())
                .call(),
            ("PUT", Some(body)) => agent
                .put(&url)
                .header("Authorization", self.auth())
                .header("content-type", "application/json")
                .send(body.to_string().as_bytes()),
            (_, body) => agent
                .post(&url)
                .header("Authorization", self.auth())
                .header("content-type", "application/json")
                .send(body.unwrap_or(Value::Null).to_string().as_bytes()),
        }
        .expect("Miniflux answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        assert!(status < 300, "{method} {path}: HTTP {status}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    fn subscribe(&self, feed: &str) -> i64 {
        let url = format!("{}/{feed}.xml", env("NEWSDESK_FEEDS_URL"));
        self.api("POST", "/v1/feeds", Some(json!({ "feed_url": url })))["feed_id"]
            .as_i64()
            .expect("feed id")
    }

    fn entries(&self) -> Vec<Value> {
        let mut all = Vec::new();
        loop {
            let path = format!(
                "/v1/entries?limit=1000&order=id&direction=asc&offset={}",
                all.len()
            );
            let page = self.api("GET", &path, None)["entries"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let done = page.len() < 1000;
            all.extend(page);
            if done {
                return all;
            }
        }
    }

    fn entry_by_title(&self, title: &str) -> Value {
        self.entries()
            .into_iter()
            .find(|e| e["title"] == title)
            .unwrap_or_else(|| panic!("no entry {title:?} on the server"))
    }

    fn feed_titles(&self) -> Vec<String> {
        let mut titles: Vec<String> = self
            .api("GET", "/v1/feeds", None)
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|f| f["title"].as_str().map(str::to_owned))
            .collect();
        titles.sort();
        titles
    }

    fn config(&self, kind: Kind) -> SyncConfig {
        SyncConfig {
            kind,
            url: env("NEWSDESK_MINIFLUX_URL"),
            username: Some(self.user.clone()),
            password_command: None,
            password_env: Some(PASSWORD_VAR.to_owned()),
            token_command: None,
            token_env: None,
            timeout: 20,
        }
    }
}

/// Starts Miniflux when it is not answering (a test may have stopped it).
fn ensure_server() {
    if healthy() {
        return;
    }
    start_server();
}

fn healthy() -> bool {
    let url = format!("{}/healthcheck", env("NEWSDESK_MINIFLUX_URL"));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(2)))
        .build()
        .into();
    agent.get(&url).call().is_ok()
}

fn start_server() {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(env("NEWSDESK_MINIFLUX_LOG"))
        .expect("miniflux log");
    let listen = env("NEWSDESK_MINIFLUX_URL").replace("http://", "");
    let child = Command::new(env("NEWSDESK_MINIFLUX_BIN"))
        .env("DATABASE_URL", env("NEWSDESK_MINIFLUX_DATABASE"))
        .env("LISTEN_ADDR", listen)
        .env("FETCHER_ALLOW_PRIVATE_NETWORKS", "1")
        .env("POLLING_FREQUENCY", "1440")
        .env("LOG_LEVEL", "error")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start miniflux");
    std::fs::write(env("NEWSDESK_MINIFLUX_PIDFILE"), child.id().to_string()).expect("pid file");
    *STARTED.lock().expect("lock") = Some(child);
    let start = Instant::now();
    while !healthy() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "Miniflux did not come back"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The Miniflux this test process started, if any (the script starts the first one).
static STARTED: std::sync::Mutex<Option<std::process::Child>> = std::sync::Mutex::new(None);

fn stop_server() {
    let started = STARTED.lock().expect("lock").take();
    if let Some(mut child) = started {
        child.kill().expect("stop miniflux");
        child.wait().expect("reap miniflux");
    } else {
        let pid = std::fs::read_to_string(env("NEWSDESK_MINIFLUX_PIDFILE")).expect("pid file");
        let status = Command::new("kill").arg(pid.trim()).status().expect("kill");
        assert!(status.success());
    }
    let start = Instant::now();
    while healthy() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "Miniflux did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn library(dir: &Path) -> (PathBuf, Store) {
    let path = dir.join("library.db");
    let store = Store::open(&path).expect("library");
    (path, store)
}

fn sync_now(store: &mut Store, config: &SyncConfig) -> sync::Report {
    sync::sync(store, config, &mut |_| {}).expect("sync")
}

fn local_id(store: &Store, title: &str) -> i64 {
    store
        .list(Window::ALL)
        .expect("list")
        .into_iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no story {title:?} in the library"))
        .id
}

fn local_titles(store: &Store) -> Vec<String> {
    let mut titles: Vec<String> = store
        .list(Window::ALL)
        .expect("list")
        .into_iter()
        .map(|s| s.title)
        .collect();
    titles.sort();
    titles
}

fn server_titles(account: &Account) -> Vec<String> {
    let mut titles: Vec<String> = account
        .entries()
        .iter()
        .filter_map(|e| e["title"].as_str().map(str::to_owned))
        .collect();
    titles.sort();
    titles
}

fn first_sync(kind: Kind) {
    let account = Account::new(kind, "first");
    account.subscribe("alpha");
    account.subscribe("beta");
    let read = account.entry_by_title("Alpha News story 1")["id"].clone();
    let starred = account.entry_by_title("Beta Weekly story 2")["id"].clone();
    account.api(
        "PUT",
        "/v1/entries",
        Some(json!({ "entry_ids": [read], "status": "read" })),
    );
    account.api(
        "PUT",
        "/v1/entries",
        Some(json!({ "entry_ids": [starred], "starred": true })),
    );

    let dir = tempfile::tempdir().expect("dir");
    let (_, mut store) = library(dir.path());
    let report = sync_now(&mut store, &account.config(kind));
    assert_eq!(report.stories_added, 10);
    assert_eq!(report.feeds_added, 2);
    let feeds: Vec<String> = store
        .feeds()
        .expect("feeds")
        .into_iter()
        .filter_map(|f| f.title)
        .collect();
    assert_eq!(feeds, account.feed_titles());
    assert_eq!(local_titles(&store), server_titles(&account));
    let stories = store.list(Window::ALL).expect("list");
    let one = stories
        .iter()
        .find(|s| s.title == "Alpha News story 1")
        .expect("story");
    assert!(one.read, "read on the server, read here");
    assert_eq!(one.source.as_deref(), Some("Alpha News"));
    assert!(
        stories
            .iter()
            .find(|s| s.title == "Beta Weekly story 2")
            .expect("story")
            .bookmarked
    );
    assert_eq!(stories.iter().filter(|s| s.read).count(), 1);
    // The same entity analysis as any other story.
    let mentions = store.mentions(one.id).expect("mentions");
    assert!(
        mentions.iter().any(|m| m.name == "Maria Lopez"),
        "{mentions:?}"
    );

    // Nothing new: a cheap sync that changes nothing.
    let again = sync_now(&mut store, &account.config(kind));
    assert_eq!((again.stories_added, again.stories_changed), (0, 0));
    let most = match kind {
        Kind::Miniflux => 2,
        Kind::Greader => 5,
    };
    assert!(again.requests <= most, "{} requests", again.requests);
}

#[test]
fn miniflux_first_sync_brings_subscriptions_entries_and_state() {
    first_sync(Kind::Miniflux);
}

#[test]
fn greader_first_sync_brings_subscriptions_entries_and_state() {
    first_sync(Kind::Greader);
}

fn local_changes_reach_the_server(kind: Kind) {
    let account = Account::new(kind, "push");
    account.subscribe("alpha");
    let dir = tempfile::tempdir().expect("dir");
    let (_, mut store) = library(dir.path());
    let config = account.config(kind);
    sync_now(&mut store, &config);

    store
        .set_read(local_id(&store, "Alpha News story 0"), true)
        .expect("read");
    store
        .set_bookmarked(local_id(&store, "Alpha News story 3"), true)
        .expect("star");
    // Read, then unread again: the last change is what the server ends with.
    let flip = local_id(&store, "Alpha News story 4");
    store.set_read(flip, true).expect("read");
    store.set_read(flip, false).expect("unread");
    store
        .change_tags(
            &[local_id(&store, "Alpha News story 5")],
            &["politics".to_owned()],
            &[],
        )
        .expect("tag");
    assert_eq!(
        store.sync_queue_len().expect("queue"),
        5,
        "{:?}",
        store.sync_queue()
    );

    let report = sync_now(&mut store, &config);
    // The tag is not among them: Miniflux has no labels on entries (in either API).
    assert_eq!(report.changes_sent, 4);
    assert_eq!(store.sync_queue_len().expect("queue"), 0);
    assert_eq!(
        account.entry_by_title("Alpha News story 0")["status"],
        "read"
    );
    assert_eq!(
        account.entry_by_title("Alpha News story 3")["starred"],
        true
    );
    assert_eq!(
        account.entry_by_title("Alpha News story 4")["status"],
        "unread"
    );
    assert_eq!(
        account.entry_by_title("Alpha News story 1")["status"],
        "unread"
    );
    // Miniflux has no labels on entries: the tag stays in newsdesk, and nothing is re-sent.
    let tagged = local_id(&store, "Alpha News story 5");
    assert_eq!(store.tags_of(tagged).expect("tags"), vec!["politics"]);
    let again = sync_now(&mut store, &config);
    assert_eq!(again.changes_sent, 0);
    assert!(
        store
            .list(Window::ALL)
            .expect("list")
            .iter()
            .any(|s| s.title == "Alpha News story 0" && s.read)
    );
}

#[test]
fn miniflux_read_star_and_tag_here_are_sent() {
    local_changes_reach_the_server(Kind::Miniflux);
}

#[test]
fn greader_read_star_and_tag_here_are_sent() {
    local_changes_reach_the_server(Kind::Greader);
}

fn server_changes_arrive(kind: Kind) {
    let account = Account::new(kind, "pull");
    account.subscribe("alpha");
    let dir = tempfile::tempdir().expect("dir");
    let (_, mut store) = library(dir.path());
    let config = account.config(kind);
    sync_now(&mut store, &config);

    let two = account.entry_by_title("Alpha News story 2")["id"].clone();
    let three = account.entry_by_title("Alpha News story 3")["id"].clone();
    account.api(
        "PUT",
        "/v1/entries",
        Some(json!({ "entry_ids": [two, three], "status": "read" })),
    );
    account.api(
        "PUT",
        "/v1/entries",
        Some(json!({ "entry_ids": [three], "starred": true })),
    );
    // A subscription added on the phone arrives with its stories.
    account.subscribe("beta");

    let report = sync_now(&mut store, &config);
    assert_eq!(report.stories_changed, 2);
    assert_eq!(report.stories_added, 4);
    assert_eq!(report.feeds_added, 1);
    let stories = store.list(Window::ALL).expect("list");
    let state = |title: &str| {
        let s = stories.iter().find(|s| s.title == title).expect("story");
        (s.read, s.bookmarked)
    };
    assert_eq!(state("Alpha News story 2"), (true, false));
    assert_eq!(state("Alpha News story 3"), (true, true));
    assert_eq!(state("Alpha News story 1"), (false, false));
    assert_eq!(local_titles(&store), server_titles(&account));
    // What came from the server is not sent back.
    assert_eq!(store.sync_queue_len().expect("queue"), 0);

    // The server unsubscribes: the subscription goes here too, its stories stay.
    let beta = account
        .api("GET", "/v1/feeds", None)
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|f| f["title"] == "Beta Weekly")
        .expect("beta")["id"]
        .as_i64()
        .expect("id");
    account.api("DELETE", &format!("/v1/feeds/{beta}"), None);
    let report = sync_now(&mut store, &config);
    assert_eq!(report.feeds_removed, 1);
    assert_eq!(store.feeds().expect("feeds").len(), 1);
}

#[test]
fn miniflux_server_changes_arrive() {
    server_changes_arrive(Kind::Miniflux);
}

#[test]
fn greader_server_changes_arrive() {
    server_changes_arrive(Kind::Greader);
}

fn offline_changes_wait_for_the_server(kind: Kind) {
    let account = Account::new(kind, "offline");
    account.subscribe("alpha");
    let dir = tempfile::tempdir().expect("dir");
    let (_, mut store) = library(dir.path());
    let config = account.config(kind);
    sync_now(&mut store, &config);

    stop_server();
    store
        .set_read(local_id(&store, "Alpha News story 0"), true)
        .expect("read");
    store
        .set_bookmarked(local_id(&store, "Alpha News story 1"), true)
        .expect("star");
    store
        .add_feed(&format!("{}/gamma.xml", env("NEWSDESK_FEEDS_URL")), None)
        .expect("feed add");
    let error = sync::sync(&mut store, &config, &mut |_| {}).expect_err("server is down");
    assert!(matches!(error, SyncError::Unreachable { .. }), "{error}");
    assert!(error.to_string().contains("stay queued"), "{error}");
    assert_eq!(store.sync_queue_len().expect("queue"), 3);
    let status = sync::status(&store).expect("status");
    assert_eq!(status.queued, 3);
    assert!(status.last_error.is_some());

    start_server();
    let report = sync_now(&mut store, &config);
    assert_eq!(report.changes_sent, 3);
    assert_eq!(store.sync_queue_len().expect("queue"), 0);
    assert_eq!(
        account.entry_by_title("Alpha News story 0")["status"],
        "read"
    );
    assert_eq!(
        account.entry_by_title("Alpha News story 1")["starred"],
        true
    );
    assert!(account.feed_titles().contains(&"Gamma Daily".to_owned()));
    assert_eq!(local_titles(&store), server_titles(&account));
    assert!(sync::status(&store).expect("status").last_error.is_none());
}

#[test]
fn miniflux_offline_changes_are_sent_when_the_server_is_back() {
    offline_changes_wait_for_the_server(Kind::Miniflux);
}

#[test]
fn greader_offline_changes_are_sent_when_the_server_is_back() {
    offline_changes_wait_for_the_server(Kind::Greader);
}

/// Writes a config file whose [sync] points at this account.
fn config_file(dir: &Path, kind: Kind, user: &str) -> PathBuf {
    let kind = match kind {
        Kind::Miniflux => "miniflux",
        Kind::Greader => "greader",
    };
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[sync]\nkind = \"{kind}\"\nurl = \"{}\"\nusername = \"{user}\"\n\
             password_env = \"{PASSWORD_VAR}\"\n",
            env("NEWSDESK_MINIFLUX_URL")
        ),
    )
    .expect("config");
    path
}

fn newsdesk(library: &Path, config: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command
        .arg("--library")
        .arg(library)
        .arg("--config")
        .arg(config)
        .args(args);
    command
}

fn kill_during_sync(kind: Kind) {
    let account = Account::new(kind, "kill");
    account.subscribe("alpha");
    account.subscribe("bulk");
    let dir = tempfile::tempdir().expect("dir");
    let config = config_file(dir.path(), kind, &account.user);
    let path = dir.path().join("library.db");
    // A first sync of part of it, then local changes queued, then syncs killed at different
    // moments, then one that finishes.
    {
        let mut store = Store::open(&path).expect("library");
        let mut cfg = account.config(kind);
        cfg.timeout = 20;
        sync_now(&mut store, &cfg);
        store
            .set_read(local_id(&store, "Alpha News story 0"), true)
            .expect("read");
        store
            .set_bookmarked(local_id(&store, "Bulk Wire story 7"), true)
            .expect("star");
    }
    account.subscribe("beta");
    for delay in [30, 120, 300, 700] {
        let mut child = newsdesk(&path, &config, &["sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sync");
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().expect("kill -9");
        child.wait().expect("wait");
    }
    let done = newsdesk(&path, &config, &["sync"]).output().expect("sync");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let store = Store::open(&path).expect("library");
    assert_eq!(store.sync_queue_len().expect("queue"), 0);
    let titles = local_titles(&store);
    let mut unique = titles.clone();
    unique.dedup();
    assert_eq!(titles.len(), unique.len(), "no story twice");
    assert_eq!(titles, server_titles(&account), "nothing lost");
    assert_eq!(titles.len(), 2010);
    assert_eq!(
        account.entry_by_title("Alpha News story 0")["status"],
        "read"
    );
    assert_eq!(account.entry_by_title("Bulk Wire story 7")["starred"], true);
}

#[test]
fn miniflux_kill_during_sync_loses_and_duplicates_nothing() {
    kill_during_sync(Kind::Miniflux);
}

#[test]
fn greader_kill_during_sync_loses_and_duplicates_nothing() {
    kill_during_sync(Kind::Greader);
}

fn wrong_credentials(kind: Kind) {
    let account = Account::new(kind, "wrong");
    let dir = tempfile::tempdir().expect("dir");
    let (library_path, _) = library(dir.path());
    let config = config_file(dir.path(), kind, &account.user);
    let secret = "not-the-password-4711";
    let output = newsdesk(&library_path, &config, &["sync"])
        .env(PASSWORD_VAR, secret)
        .output()
        .expect("sync");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refused the credentials"), "{stderr}");
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "one clear error: {stderr}"
    );
    assert!(!stderr.contains(secret));
    let status = newsdesk(&library_path, &config, &["sync", "--status"])
        .output()
        .expect("status");
    let shown = String::from_utf8_lossy(&status.stdout);
    assert!(shown.contains("refused the credentials"), "{shown}");
    assert!(!shown.contains(secret));
    let bytes = std::fs::read(&library_path).expect("library file");
    assert!(!String::from_utf8_lossy(&bytes).contains(secret));
}

#[test]
fn miniflux_wrong_credentials_give_one_clear_error() {
    wrong_credentials(Kind::Miniflux);
}

#[test]
fn greader_wrong_credentials_give_one_clear_error() {
    wrong_credentials(Kind::Greader);
}

/// A server that answers every request with `answer` (or, with `None`, never answers).
fn bad_server(answer: Option<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0; 4096];
            let _ = stream.read(&mut buffer);
            match answer {
                Some(answer) => {
                    let _ = stream.write_all(answer.as_bytes());
                }
                None => held.push(stream),
            }
        }
    });
    format!("http://{address}")
}

fn survives(kind: Kind, url: String, expect: fn(&SyncError) -> bool) {
    let dir = tempfile::tempdir().expect("dir");
    let (_, mut store) = library(dir.path());
    let config = SyncConfig {
        url,
        timeout: 2,
        ..Account::new(kind, "wrong").config(kind)
    };
    let error = sync::sync(&mut store, &config, &mut |_| {}).expect_err("bad server");
    assert!(expect(&error), "{error}");
    assert!(store.list(Window::ALL).expect("list").is_empty());
}

#[test]
fn a_hanging_or_garbage_server_is_survived() {
    for kind in [Kind::Miniflux, Kind::Greader] {
        survives(kind, bad_server(None), |e| {
            matches!(e, SyncError::Timeout { .. })
        });
        survives(
            kind,
            bad_server(Some(
                "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot json!",
            )),
            |e| matches!(e, SyncError::Garbage { .. }),
        );
        survives(kind, bad_server(Some("\u{1}\u{2}garbage\r\n\r\n")), |e| {
            matches!(e, SyncError::Garbage { .. } | SyncError::Unreachable { .. })
        });
    }
}

fn feed_commands_act_on_the_server(kind: Kind) {
    let account = Account::new(kind, "feeds");
    account.subscribe("alpha");
    let dir = tempfile::tempdir().expect("dir");
    let config = config_file(dir.path(), kind, &account.user);
    let path = dir.path().join("library.db");
    let run = |args: &[&str]| {
        let output = newsdesk(&path, &config, args).output().expect("newsdesk");
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    run(&["sync"]);
    let gamma = format!("{}/gamma.xml", env("NEWSDESK_FEEDS_URL"));
    let added = run(&["feed", "add", &gamma]);
    assert!(added.contains("next `newsdesk sync`"), "{added}");
    let status = run(&["sync", "--status"]);
    assert!(status.contains("queued:        1 change"), "{status}");
    // `refresh` syncs when [sync] is set: the server subscribes and fetches.
    run(&["refresh"]);
    assert_eq!(account.feed_titles(), vec!["Alpha News", "Gamma Daily"]);
    let store = Store::open(&path).expect("library");
    assert_eq!(local_titles(&store), server_titles(&account));
    drop(store);
    // An address the server cannot read is reported once and not sent again.
    let missing = format!("{}/missing.xml", env("NEWSDESK_FEEDS_URL"));
    run(&["feed", "add", &missing]);
    let output = newsdesk(&path, &config, &["sync"]).output().expect("sync");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refused the subscription"), "{stderr}");
    assert!(stderr.contains("missing.xml"), "{stderr}");
    let status = run(&["sync", "--status"]);
    assert!(status.contains("queued:        0 change"), "{status}");
    let feeds = run(&["feed", "list"]);
    assert!(!feeds.contains("missing.xml"), "{feeds}");
    let alpha = format!("{}/alpha.xml", env("NEWSDESK_FEEDS_URL"));
    run(&["feed", "remove", &alpha]);
    run(&["sync"]);
    assert_eq!(account.feed_titles(), vec!["Gamma Daily"]);
}

#[test]
fn miniflux_feed_add_and_remove_are_done_on_the_server() {
    feed_commands_act_on_the_server(Kind::Miniflux);
}

#[test]
fn greader_feed_add_and_remove_are_done_on_the_server() {
    feed_commands_act_on_the_server(Kind::Greader);
}
