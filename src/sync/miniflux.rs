//! Miniflux's REST API (`/v1/…`): subscriptions from `/v1/feeds`, entries changed since the
//! last sync from `/v1/entries?changed_after=…` paged by `after_entry_id`, read and starred
//! state sent with `PUT /v1/entries`.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::http::{Http, Send, json};
use super::{Pending, Progress, Report, Secret, SyncError, coalesce, story_text, with_entities};
use crate::article::Article;
use crate::store::{Change, Page, RemoteFeed, Store};

/// Entries asked for per request.
const PAGE: usize = 500;
/// Cursor keys in the library.
const CHANGED_AFTER: &str = "miniflux.changed_after";
const PASS_AFTER_ID: &str = "miniflux.pass_after_id";
const PASS_MAX_CHANGED: &str = "miniflux.pass_max_changed";
const PASS_STARTED: &str = "miniflux.pass_started";
/// Seconds before a pass started from which changes are asked for again: a change made while
/// the first page was being read may carry a time just before the server's `Date`.
const OVERLAP: i64 = 2;

#[derive(Debug, Deserialize)]
pub(crate) struct Feed {
    pub id: i64,
    pub feed_url: String,
    #[serde(default)]
    pub site_url: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub category: Option<Category>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Category {
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Entries {
    pub total: usize,
    #[serde(default)]
    pub entries: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Entry {
    pub id: i64,
    pub status: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub content: String,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    pub changed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub starred: bool,
    #[serde(default)]
    pub enclosures: Option<Vec<Enclosure>>,
    pub feed: Option<Feed>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Enclosure {
    pub url: String,
    #[serde(default)]
    pub mime_type: String,
}

/// The authentication header for every request.
fn auth(secret: &Secret) -> Vec<(&'static str, String)> {
    match secret {
        Secret::Token(token) => vec![("X-Auth-Token", token.clone())],
        Secret::Password { username, password } => {
            let pair =
                base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
            vec![("Authorization", format!("Basic {pair}"))]
        }
    }
}

/// One sync with a Miniflux server.
pub(super) fn sync(
    store: &mut Store,
    http: &Http,
    secret: &Secret,
    identity: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    let headers = auth(secret);
    let mut report = Report::default();
    report.changes_sent += send_subscriptions(store, http, &headers, &mut report.refused)?;

    let (status, bytes) = http.call(Send::Get, "/v1/feeds", &[], &headers)?;
    http.expect_success(status, "/v1/feeds")?;
    let feeds: Vec<Feed> = json(http, "/v1/feeds", &bytes)?;
    store.set_sync_value("server", identity)?;
    let remote: Vec<RemoteFeed> = feeds.iter().map(remote_feed).collect();
    let (added, removed) = store.sync_save_feeds(&remote)?;
    report.feeds_added = added;
    report.feeds_removed = removed;

    download(store, http, &headers, &mut report, progress)?;
    report.changes_sent += send_states(store, http, &headers)?;
    Ok(report)
}

pub(crate) fn remote_feed(feed: &Feed) -> RemoteFeed {
    RemoteFeed {
        remote_id: feed.id.to_string(),
        url: feed.feed_url.clone(),
        title: (!feed.title.is_empty()).then(|| feed.title.clone()),
        folder: feed
            .category
            .as_ref()
            .map(|c| c.title.clone())
            .filter(|t| !t.is_empty()),
    }
}

/// Sends queued subscriptions and unsubscriptions; returns how many the server took.
fn send_subscriptions(
    store: &mut Store,
    http: &Http,
    headers: &[(&str, String)],
    refused: &mut Vec<String>,
) -> Result<usize, SyncError> {
    let queue = store.sync_queue()?;
    let mut sent = 0;
    for queued in queue {
        match &queued.change {
            Change::Subscribe(url) => {
                let body =
                    serde_json::to_vec(&serde_json::json!({ "feed_url": url })).unwrap_or_default();
                let (status, bytes) =
                    http.call(Send::Json("POST", body), "/v1/feeds", &[], headers)?;
                // A feed the server already has counts as sent; one it cannot read is reported
                // and dropped, since sending it again would fail the same way.
                if !(200..300).contains(&status)
                    && !String::from_utf8_lossy(&bytes).contains("already")
                {
                    // Not on the server, so not a subscription here either.
                    let _ = store.remove_feed(url);
                    refused.push(format!("{url} (HTTP {status})"));
                }
            }
            Change::Unsubscribe => {
                let path = format!("/v1/feeds/{}", queued.remote_id);
                let (status, _) = http.call(Send::Delete, &path, &[], headers)?;
                if !(200..300).contains(&status) && status != 404 {
                    http.expect_success(status, &path)?;
                }
            }
            _ => continue,
        }
        store.sync_sent(std::slice::from_ref(&queued))?;
        sent += 1;
    }
    Ok(sent)
}

/// Downloads entries changed since the last pass, page by page, each page saved with its cursor.
fn download(
    store: &mut Store,
    http: &Http,
    headers: &[(&str, String)],
    report: &mut Report,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), SyncError> {
    let parse = |v: Option<String>| v.and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let changed_after = parse(store.sync_value(CHANGED_AFTER)?);
    let mut after_id = parse(store.sync_value(PASS_AFTER_ID)?);
    let mut max_changed = parse(store.sync_value(PASS_MAX_CHANGED)?);
    let mut started = parse(store.sync_value(PASS_STARTED)?);
    let mut seen = 0;
    loop {
        let mut query = vec![
            ("order", "id".to_owned()),
            ("direction", "asc".to_owned()),
            ("limit", PAGE.to_string()),
        ];
        if after_id > 0 {
            query.push(("after_entry_id", after_id.to_string()));
        }
        if changed_after > 0 {
            query.push(("changed_after", changed_after.to_string()));
        }
        let (status, bytes) = http.call(Send::Get, "/v1/entries", &query, headers)?;
        http.expect_success(status, "/v1/entries")?;
        let answer: Entries = json(http, "/v1/entries", &bytes)?;
        if started == 0 {
            started = http.server_time().unwrap_or(0);
        }
        let count = answer.entries.len();
        let queue = store.sync_queue()?;
        let pending = Pending::new(&queue);
        let mut page = build_page(store, &answer.entries, &pending)?;
        page.queue_seen = queue.last().map_or(0, |q| q.id);
        for entry in &answer.entries {
            after_id = after_id.max(entry.id);
            if let Some(at) = entry.changed_at {
                max_changed = max_changed.max(at.timestamp());
            }
        }
        let last = count < PAGE;
        if last {
            let next = next_changed_after(changed_after, started, max_changed);
            page.cursors = vec![
                (CHANGED_AFTER.to_owned(), next.to_string()),
                (PASS_AFTER_ID.to_owned(), "0".to_owned()),
                (PASS_MAX_CHANGED.to_owned(), "0".to_owned()),
                (PASS_STARTED.to_owned(), "0".to_owned()),
            ];
        } else {
            page.cursors = vec![
                (PASS_AFTER_ID.to_owned(), after_id.to_string()),
                (PASS_MAX_CHANGED.to_owned(), max_changed.to_string()),
                (PASS_STARTED.to_owned(), started.to_string()),
            ];
        }
        let counts = store.sync_save_page(&page)?;
        report.stories_added += counts.added;
        report.stories_changed += counts.changed;
        seen += count;
        progress(Progress {
            stories: seen,
            total: Some(seen + answer.total.saturating_sub(count)),
        });
        if last {
            return Ok(());
        }
    }
}

/// The `changed_after` cursor for the next pass: the server's time when this pass began (less
/// [`OVERLAP`]), so a change made during the pass is asked for again and an idle server sends
/// nothing; without a `Date` header, the newest change seen less a second (changes within
/// that second are asked for again). Never moves backwards.
pub(crate) fn next_changed_after(current: i64, started: i64, max_changed: i64) -> i64 {
    let next = if started > 0 {
        started - OVERLAP
    } else if max_changed > 0 {
        max_changed - 1
    } else {
        current
    };
    next.max(current)
}

/// Turns one page of entries into new stories and merged states of known ones.
pub(crate) fn build_page(
    store: &Store,
    entries: &[Entry],
    pending: &Pending,
) -> Result<Page, SyncError> {
    let ids: Vec<String> = entries.iter().map(|e| e.id.to_string()).collect();
    let known = store.sync_known(&ids)?;
    let mut page = Page {
        entities_version: crate::entities::VERSION,
        ..Page::default()
    };
    let mut new_entries = Vec::new();
    for (entry, remote_id) in entries.iter().zip(ids) {
        let remote = (entry.status == "read", entry.starred);
        match known.get(&remote_id) {
            Some(k) => {
                let (seen, dropped) = pending.settle(
                    &remote_id,
                    (k.remote_read, k.remote_starred),
                    remote,
                    entry.changed_at.map(|t| t.timestamp()),
                );
                page.seen.push(seen);
                page.dropped.extend(dropped);
            }
            None => new_entries.push((remote_id, article_of(entry))),
        }
    }
    page.arrivals = with_entities(new_entries);
    Ok(page)
}

/// A Miniflux entry as a story.
pub(crate) fn article_of(entry: &Entry) -> Article {
    let enclosures: Vec<(String, String)> = entry
        .enclosures
        .iter()
        .flatten()
        .map(|e| (e.url.clone(), e.mime_type.clone()))
        .collect();
    let title = if entry.title.trim().is_empty() {
        entry.url.clone()
    } else {
        entry.title.clone()
    };
    let mut article = Article::new(title, story_text(&entry.content, &enclosures));
    article.url = (!entry.url.is_empty()).then(|| entry.url.clone());
    article.author = (!entry.author.is_empty()).then(|| entry.author.clone());
    article.published = entry.published_at;
    article.saved = entry.created_at;
    article.read = entry.status == "read";
    article.bookmarked = entry.starred;
    if let Some(feed) = &entry.feed {
        article.source = (!feed.title.is_empty()).then(|| feed.title.clone());
        let key = if feed.site_url.is_empty() {
            &feed.feed_url
        } else {
            &feed.site_url
        };
        article.feed_key = Some(key.clone());
    }
    article.guid = Some(format!("miniflux:{}", entry.id));
    article
}

/// Sends queued read and starred changes, grouped into as few requests as there are distinct
/// changes; returns how many queue entries the server now has.
fn send_states(
    store: &mut Store,
    http: &Http,
    headers: &[(&str, String)],
) -> Result<usize, SyncError> {
    let queue = store.sync_queue()?;
    // Tags do not exist on Miniflux entries: they stay local and leave the queue.
    let tags: Vec<_> = queue
        .iter()
        .filter(|q| matches!(q.change, Change::Tag(..)))
        .cloned()
        .collect();
    let (groups, rows) = coalesce(&queue);
    for ((field, value), ids) in groups {
        for chunk in ids.chunks(1000) {
            let ids: Vec<i64> = chunk.iter().filter_map(|id| id.parse().ok()).collect();
            let body = match field {
                super::Field::Read => serde_json::json!({
                    "entry_ids": ids,
                    "status": if value { "read" } else { "unread" },
                }),
                super::Field::Starred => serde_json::json!({ "entry_ids": ids, "starred": value }),
            };
            let body = serde_json::to_vec(&body).unwrap_or_default();
            let (status, _) = http.call(Send::Json("PUT", body), "/v1/entries", &[], headers)?;
            http.expect_success(status, "/v1/entries")?;
        }
    }
    store.sync_sent(&rows)?;
    store.sync_sent(&tags)?;
    Ok(rows.len())
}
