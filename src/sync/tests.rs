//! Unit tests of the sync logic: the queue the triggers keep, the conflict rule, the cursors of
//! incremental downloads, and both protocols' answers as recorded from Miniflux 2.3.5
//! (`tests/fixtures/sync/`); a hanging and a garbage server are local sockets.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;

use super::*;
use crate::article::Article;
use crate::store::{Arrival, Page, RemoteFeed, Window};

const ENTRIES: &str = include_str!("../../tests/fixtures/sync/miniflux-entries.json");
const FEEDS: &str = include_str!("../../tests/fixtures/sync/miniflux-feeds.json");
const CONTENTS: &str = include_str!("../../tests/fixtures/sync/greader-contents.json");
const SUBSCRIPTIONS: &str = include_str!("../../tests/fixtures/sync/greader-subscriptions.json");
const IDS: &str = include_str!("../../tests/fixtures/sync/greader-ids.json");

/// A library with two stories linked to server entries "10" and "11" and one local story.
fn linked_library() -> (Store, i64, i64, i64) {
    let mut store = Store::open_in_memory().expect("store");
    store.set_sync_value("server", "test").expect("link");
    let page = Page {
        arrivals: vec![
            Arrival {
                remote_id: "10".into(),
                article: Article::new("Ten", "The tenth story."),
                mentions: Vec::new(),
            },
            Arrival {
                remote_id: "11".into(),
                article: Article::new("Eleven", "The eleventh story."),
                mentions: Vec::new(),
            },
        ],
        ..Page::default()
    };
    store.sync_save_page(&page).expect("page");
    let local =
        crate::library::add(&mut store, &Article::new("Mine", "Saved by hand.")).expect("add");
    let id = |title: &str| {
        store
            .list(Window::ALL)
            .expect("list")
            .into_iter()
            .find(|s| s.title == title)
            .expect("story")
            .id
    };
    let (ten, eleven) = (id("Ten"), id("Eleven"));
    let local = match local {
        crate::store::Inserted::New(id) | crate::store::Inserted::Duplicate(id) => id,
    };
    (store, ten, eleven, local)
}

#[test]
fn changes_to_linked_stories_are_queued_in_order_and_local_ones_are_not() {
    let (mut store, ten, eleven, local) = linked_library();
    assert_eq!(
        store.sync_queue_len().expect("len"),
        0,
        "arrivals are not queued"
    );
    store.set_read(ten, true).expect("read");
    store.set_bookmarked(eleven, true).expect("star");
    store.set_read(ten, false).expect("unread");
    store
        .set_read(ten, false)
        .expect("unread again changes nothing");
    store.set_read(local, true).expect("local");
    store
        .change_tags(&[eleven], &["Politics".to_owned()], &[])
        .expect("tag");
    store
        .change_tags(&[eleven], &[], &["politics".to_owned()])
        .expect("untag");
    let changes: Vec<(String, Change)> = store
        .sync_queue()
        .expect("queue")
        .into_iter()
        .map(|q| (q.remote_id, q.change))
        .collect();
    assert_eq!(
        changes,
        vec![
            ("10".into(), Change::Read(true)),
            ("11".into(), Change::Starred(true)),
            ("10".into(), Change::Read(false)),
            ("11".into(), Change::Tag("Politics".into(), true)),
            ("11".into(), Change::Tag("Politics".into(), false)),
        ]
    );
}

#[test]
fn bulk_marks_are_queued_too() {
    let (mut store, ten, eleven, _) = linked_library();
    store
        .set_read_many(&[ten, eleven], true)
        .expect("mark read");
    assert_eq!(store.sync_queue_len().expect("len"), 2);
}

#[test]
fn subscriptions_are_queued_only_while_linked() {
    let mut store = Store::open_in_memory().expect("store");
    store.add_feed("https://a.example/feed", None).expect("add");
    assert_eq!(store.sync_queue_len().expect("len"), 0, "not linked yet");
    store.set_sync_value("server", "test").expect("link");
    let feeds = vec![RemoteFeed {
        remote_id: "7".into(),
        url: "https://b.example/feed".into(),
        title: Some("B".into()),
        folder: Some("News".into()),
    }];
    store.sync_save_feeds(&feeds).expect("feeds");
    assert_eq!(
        store.sync_queue_len().expect("len"),
        0,
        "server's list not queued"
    );
    store.add_feed("https://c.example/feed", None).expect("add");
    store.remove_feed("https://b.example/feed").expect("remove");
    let changes: Vec<(String, Change)> = store
        .sync_queue()
        .expect("queue")
        .into_iter()
        .map(|q| (q.remote_id, q.change))
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                String::new(),
                Change::Subscribe("https://c.example/feed".into())
            ),
            ("7".into(), Change::Unsubscribe),
        ]
    );
}

#[test]
fn the_server_list_replaces_linked_subscriptions_and_keeps_local_ones() {
    let mut store = Store::open_in_memory().expect("store");
    store.set_sync_value("server", "test").expect("link");
    let feed = |id: &str, url: &str| RemoteFeed {
        remote_id: id.into(),
        url: url.into(),
        title: None,
        folder: None,
    };
    let first = [
        feed("1", "https://a.example/"),
        feed("2", "https://b.example/"),
    ];
    assert_eq!(store.sync_save_feeds(&first).expect("save"), (2, 0));
    assert_eq!(store.sync_save_feeds(&first).expect("again"), (0, 0));
    assert_eq!(
        store.sync_save_feeds(&first[..1]).expect("one gone"),
        (0, 1)
    );
    let urls: Vec<String> = store
        .feeds()
        .expect("feeds")
        .into_iter()
        .map(|f| f.url)
        .collect();
    assert_eq!(urls, vec!["https://a.example/"]);
    assert_eq!(store.sync_queue_len().expect("len"), 0);
}

#[test]
fn the_later_change_wins() {
    // Nothing changed on the server: whatever is queued is sent.
    assert_eq!(merge(false, false, None, Some(5)), Merge::Nothing);
    assert_eq!(
        merge(false, false, Some((true, 5)), Some(9)),
        Merge::KeepLocal
    );
    // The server changed and nothing is queued: taken.
    assert_eq!(merge(false, true, None, Some(5)), Merge::TakeRemote);
    // Both changed the same way.
    assert_eq!(merge(false, true, Some((true, 9)), Some(5)), Merge::Agree);
    // Both changed, differently: the later one wins; a tie goes to the server.
    assert_eq!(
        merge(true, false, Some((true, 9)), Some(5)),
        Merge::KeepLocal
    );
    assert_eq!(
        merge(true, false, Some((true, 5)), Some(9)),
        Merge::TakeRemote
    );
    assert_eq!(
        merge(true, false, Some((true, 5)), Some(5)),
        Merge::TakeRemote
    );
    // No server time (Google Reader API): the change made here since the last sync wins.
    assert_eq!(merge(true, false, Some((true, 5)), None), Merge::KeepLocal);
}

#[test]
fn settling_drops_the_queue_rows_the_server_overrides() {
    let queue = vec![
        queued(1, "10", Change::Read(true), 100),
        queued(2, "10", Change::Starred(true), 300),
    ];
    let pending = Pending::new(&queue);
    // The server marked 10 unread at 200 (after our read at 100) and unstarred it at 200
    // (before our star at 300).
    let (seen, dropped) = pending.settle("10", (true, true), (false, false), Some(200));
    assert_eq!(dropped, vec![1]);
    assert_eq!(seen.apply_read, Some(false));
    assert_eq!(
        seen.apply_starred, None,
        "the local star is later and will be sent"
    );
    assert_eq!((seen.read, seen.starred), (false, false));
}

fn queued(id: i64, remote: &str, change: Change, at: i64) -> Queued {
    Queued {
        id,
        article: Some(1),
        remote_id: remote.into(),
        change,
        at,
    }
}

#[test]
fn the_queue_is_sent_as_the_last_change_per_story_in_few_requests() {
    let queue = vec![
        queued(1, "10", Change::Read(true), 1),
        queued(2, "11", Change::Read(true), 2),
        queued(3, "10", Change::Read(false), 3),
        queued(4, "12", Change::Starred(true), 4),
        queued(5, "13", Change::Tag("x".into(), true), 5),
    ];
    let (groups, rows) = coalesce(&queue);
    assert_eq!(
        groups,
        vec![
            ((Field::Read, true), vec!["11".to_owned()]),
            ((Field::Read, false), vec!["10".to_owned()]),
            ((Field::Starred, true), vec!["12".to_owned()]),
        ]
    );
    let ids: Vec<i64> = rows.iter().map(|q| q.id).collect();
    assert_eq!(
        ids,
        vec![1, 2, 3, 4],
        "every read/star row is settled, tags are not"
    );
}

#[test]
fn sent_changes_leave_the_queue_and_set_the_known_server_state() {
    let (mut store, ten, _, _) = linked_library();
    store.set_read(ten, true).expect("read");
    let queue = store.sync_queue().expect("queue");
    store.sync_sent(&queue).expect("sent");
    assert_eq!(store.sync_queue_len().expect("len"), 0);
    let known = store.sync_known(&["10".to_owned()]).expect("known");
    assert!(known["10"].remote_read);
}

fn entries() -> miniflux::Entries {
    serde_json::from_str(ENTRIES).expect("recorded answer parses")
}

#[test]
fn miniflux_entries_become_stories_with_their_state() {
    let answer = entries();
    assert_eq!(answer.total, answer.entries.len());
    let store = Store::open_in_memory().expect("store");
    let page = miniflux::build_page(&store, &answer.entries, &Pending::default()).expect("page");
    assert_eq!(page.arrivals.len(), 4);
    let first = &page.arrivals[0];
    assert_eq!(first.remote_id, answer.entries[0].id.to_string());
    assert_eq!(first.article.title, "Beta Weekly story 3");
    assert_eq!(first.article.source.as_deref(), Some("Beta Weekly"));
    assert_eq!(
        first.article.url.as_deref(),
        Some("http://example.invalid/beta/3")
    );
    assert!(first.article.bookmarked, "starred on the server");
    assert!(!first.article.read);
    assert!(first.article.published.is_some());
    assert!(first.article.body.contains("Maria Lopez spoke in Madrid"));
    assert!(
        first.mentions.iter().any(|m| m.name == "Maria Lopez"),
        "entities are found as for any story"
    );
}

#[test]
fn a_second_download_of_the_same_entries_only_updates_state() {
    let answer = entries();
    let mut store = Store::open_in_memory().expect("store");
    let page = miniflux::build_page(&store, &answer.entries, &Pending::default()).expect("page");
    assert_eq!(store.sync_save_page(&page).expect("save").added, 4);
    // The same answer again, with one entry read on the server since.
    let mut again = entries();
    again.entries[1].status = "read".into();
    let page = miniflux::build_page(&store, &again.entries, &Pending::default()).expect("page");
    assert!(page.arrivals.is_empty());
    let counts = store.sync_save_page(&page).expect("save");
    assert_eq!((counts.added, counts.changed), (0, 1));
    let read: Vec<String> = store
        .list(Window::ALL)
        .expect("list")
        .into_iter()
        .filter(|s| s.read)
        .map(|s| s.title)
        .collect();
    assert_eq!(read, vec!["Beta Weekly story 2"]);
    assert_eq!(store.sync_queue_len().expect("len"), 0, "not sent back");
    assert_eq!(
        store.list(Window::ALL).expect("list").len(),
        4,
        "no duplicates"
    );
}

#[test]
fn cursors_are_saved_with_their_page() {
    let answer = entries();
    let mut store = Store::open_in_memory().expect("store");
    let mut page =
        miniflux::build_page(&store, &answer.entries[..2], &Pending::default()).expect("page");
    page.cursors = vec![("miniflux.pass_after_id".into(), "2".into())];
    store.sync_save_page(&page).expect("save");
    assert_eq!(
        store.sync_value("miniflux.pass_after_id").expect("cursor"),
        Some("2".to_owned())
    );
    assert_eq!(store.list(Window::ALL).expect("list").len(), 2);
}

#[test]
fn miniflux_feeds_keep_their_category_as_folder() {
    let feeds: Vec<miniflux::Feed> = serde_json::from_str(FEEDS).expect("parses");
    let remote: Vec<RemoteFeed> = feeds.iter().map(miniflux::remote_feed).collect();
    assert_eq!(remote.len(), 1);
    assert!(remote.iter().all(|f| f.folder.as_deref() == Some("All")));
    assert!(
        remote
            .iter()
            .any(|f| f.title.as_deref() == Some("Beta Weekly"))
    );
}

#[test]
fn greader_item_ids_convert_between_forms() {
    assert_eq!(
        greader::short_id("tag:google.com,2005:reader/item/00000000000000ff").as_deref(),
        Some("255")
    );
    assert_eq!(
        greader::short_id("00000000000000ff").as_deref(),
        Some("255")
    );
    assert_eq!(greader::short_id("255").as_deref(), Some("255"));
    assert_eq!(greader::short_id("-2").as_deref(), Some("-2"));
    assert_eq!(greader::short_id("not an id"), None);
    assert_eq!(
        greader::long_id("255"),
        "tag:google.com,2005:reader/item/00000000000000ff"
    );
    assert_eq!(
        greader::short_id(&greader::long_id("-2")).as_deref(),
        Some("-2")
    );
}

#[test]
fn greader_items_become_stories_without_their_folder_as_a_tag() {
    let contents: greader::Contents = serde_json::from_str(CONTENTS).expect("parses");
    let subs: greader::Subscriptions = serde_json::from_str(SUBSCRIPTIONS).expect("parses");
    let ids: greader::ItemIds = serde_json::from_str(IDS).expect("parses");
    assert_eq!(ids.item_refs.expect("refs").len(), 4);
    let folders: HashMap<String, String> = subs
        .subscriptions
        .iter()
        .map(greader::remote_feed)
        .filter_map(|f| Some((f.remote_id, f.folder?)))
        .collect();
    assert_eq!(folders.get("feed/1").map(String::as_str), Some("All"));
    let starred = |id: &str| (false, id == "1");
    let page = greader::arrivals(&contents.items, &starred, &folders);
    assert_eq!(page.arrivals.len(), 2);
    let first = &page.arrivals[0];
    assert_eq!(first.remote_id, "1");
    assert_eq!(first.article.title, "Beta Weekly story 3");
    assert!(first.article.bookmarked);
    assert!(first.article.tags.is_empty(), "{:?}", first.article.tags);
    assert_eq!(first.article.source.as_deref(), Some("Beta Weekly"));
    assert!(first.article.body.contains("Madrid"));
}

#[test]
fn greader_labels_other_than_the_folder_become_tags() {
    let mut contents: greader::Contents = serde_json::from_str(CONTENTS).expect("parses");
    contents.items[0]
        .categories
        .push("user/-/label/Colombia".into());
    let folders = HashMap::from([("feed/1".to_owned(), "All".to_owned())]);
    let page = greader::arrivals(&contents.items, &|_| (false, false), &folders);
    assert_eq!(page.arrivals[0].article.tags, vec!["Colombia"]);
}

fn config(url: String, kind: Kind) -> SyncConfig {
    SyncConfig {
        kind,
        url,
        username: Some("me".into()),
        password_command: Some("echo ' hunter2 '".into()),
        password_env: None,
        token_command: None,
        token_env: None,
        timeout: 1,
    }
}

#[test]
fn the_password_command_output_is_trimmed_and_never_shown() {
    let secret = config("http://unused.invalid".into(), Kind::Miniflux)
        .secret()
        .expect("secret");
    assert!(matches!(secret, Secret::Password { ref password, .. } if password == "hunter2"));
    assert_eq!(format!("{secret:?}"), "Secret(hidden)");
    let mut failing = config("http://unused.invalid".into(), Kind::Miniflux);
    failing.password_command = Some("sh -c 'echo hunter3; exit 3'".into());
    let error = failing.secret().expect_err("fails").to_string();
    assert!(error.contains("sh failed"), "{error}");
    assert!(!error.contains("hunter3"));
    let mut missing = config("http://unused.invalid".into(), Kind::Miniflux);
    missing.password_command = None;
    missing.password_env = Some("NEWSDESK_TEST_NO_SUCH_VARIABLE".into());
    let error = missing.secret().expect_err("unset").to_string();
    assert!(
        error.contains("NEWSDESK_TEST_NO_SUCH_VARIABLE is not set"),
        "{error}"
    );
}

#[test]
fn a_sync_section_in_the_config_is_read_and_checked() {
    let user = "[sync]\nkind = \"greader\"\nurl = \"https://rss.example.org/api/greader.php\"\n\
                username = \"me\"\npassword_command = \"pass show rss\"\n";
    let config = crate::config::Config::from_layers(crate::config::DEFAULT_CONFIG, Some(user), "x")
        .expect("valid");
    let sync = config.sync.expect("sync");
    assert_eq!(sync.kind, Kind::Greader);
    assert_eq!(sync.timeout, 30);
    let typo = "[sync]\nkind = \"miniflux\"\nurl = \"https://x\"\npasword_env = \"X\"\n";
    let error = crate::config::Config::from_layers(crate::config::DEFAULT_CONFIG, Some(typo), "x")
        .expect_err("unknown key");
    assert!(error.to_string().contains("pasword_env"), "{error}");
    let wrong_kind = "[sync]\nkind = \"feedly\"\nurl = \"https://x\"\n";
    assert!(
        crate::config::Config::from_layers(crate::config::DEFAULT_CONFIG, Some(wrong_kind), "x")
            .is_err()
    );
}

/// A local server that answers every connection with `answer`, or never answers.
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

#[test]
fn a_hanging_server_times_out_and_garbage_is_named() {
    for kind in [Kind::Miniflux, Kind::Greader] {
        let mut store = Store::open_in_memory().expect("store");
        let hanging = config(bad_server(None), kind);
        let error = sync(&mut store, &hanging, &mut |_| {}).expect_err("hangs");
        assert!(matches!(error, SyncError::Timeout { .. }), "{error}");
        let after = status(&store).expect("status");
        assert!(after.last_error.is_some());
        assert_eq!(
            after.server, None,
            "a server that never answered is not linked"
        );

        let mut store = Store::open_in_memory().expect("store");
        let garbage = config(
            bad_server(Some(
                "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot json!",
            )),
            kind,
        );
        let error = sync(&mut store, &garbage, &mut |_| {}).expect_err("garbage");
        assert!(matches!(error, SyncError::Garbage { .. }), "{error}");
        assert!(!error.to_string().contains("hunter2"));
        assert!(store.list(Window::ALL).expect("list").is_empty());
    }
}

#[test]
fn a_library_linked_to_one_server_refuses_another() {
    let mut store = Store::open_in_memory().expect("store");
    store
        .set_sync_value("server", "miniflux https://a.example as me")
        .expect("link");
    let other = config("https://b.example".into(), Kind::Miniflux);
    let error = sync(&mut store, &other, &mut |_| {}).expect_err("other server");
    assert!(matches!(error, SyncError::OtherServer { .. }), "{error}");
    store.sync_unlink().expect("unlink");
    assert_eq!(status(&store).expect("status").server, None);
}

#[test]
fn a_change_made_while_a_page_was_merged_is_not_overwritten() {
    let (mut store, ten, _, _) = linked_library();
    // The server marked 10 read; the page is built while the queue is empty...
    let pending = Pending::new(&store.sync_queue().expect("queue"));
    let (seen, dropped) = pending.settle("10", (false, false), (true, false), Some(100));
    assert_eq!(seen.apply_read, Some(true));
    let page = Page {
        seen: vec![seen],
        dropped,
        queue_seen: 0,
        ..Page::default()
    };
    // ...and the reader marks it read and unread again before the page is saved.
    store.set_read(ten, true).expect("read");
    store.set_read(ten, false).expect("unread");
    store.sync_save_page(&page).expect("save");
    let story = store.get(ten).expect("story");
    assert!(
        !story.read,
        "the newer local change stays, and is still queued"
    );
    assert_eq!(store.sync_queue_len().expect("len"), 2);
    assert!(store.sync_known(&["10".to_owned()]).expect("known")["10"].remote_read);
}

#[test]
fn the_changed_after_cursor_follows_the_server_clock_and_never_goes_back() {
    // The pass began at server time 1000: the next asks from 998, whatever the entries say.
    assert_eq!(miniflux::next_changed_after(500, 1000, 900), 998);
    // No Date header: the newest change seen, less a second.
    assert_eq!(miniflux::next_changed_after(500, 0, 900), 899);
    // Nothing seen and no clock: unchanged; and never earlier than before.
    assert_eq!(miniflux::next_changed_after(500, 0, 0), 500);
    assert_eq!(miniflux::next_changed_after(1500, 1000, 900), 1500);
}
