//! The Google Reader API as FreshRSS, Miniflux, Inoreader and others serve it: `ClientLogin`
//! for a session, `subscription/list`, the id lists of all, unread and starred items (which
//! give every known story's state in three requests), `stream/items/contents` for new items,
//! and `edit-tag` for read, starred and labels.

use std::collections::{HashMap, HashSet};

use chrono::DateTime;
use serde::Deserialize;

use super::http::{Http, Send, json};
use super::{
    Field, Pending, Progress, Report, Secret, SyncError, coalesce, story_text, with_entities,
};
use crate::article::Article;
use crate::store::{Change, Page, RemoteFeed, Store};

const API: &str = "/reader/api/0";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
const READING_LIST: &str = "user/-/state/com.google/reading-list";
const LABEL: &str = "user/-/label/";
const ITEM_PREFIX: &str = "tag:google.com,2005:reader/item/";
/// Items fetched per `stream/items/contents` request.
const CONTENTS_BATCH: usize = 250;
/// Ids asked for per `stream/items/ids` request.
const IDS_PAGE: usize = 10_000;

#[derive(Debug, Deserialize)]
pub(crate) struct Subscriptions {
    pub subscriptions: Vec<Subscription>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Subscription {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub categories: Vec<Label>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Label {
    #[serde(default)]
    pub label: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ItemIds {
    #[serde(default, rename = "itemRefs")]
    pub item_refs: Option<Vec<ItemRef>>,
    #[serde(default)]
    pub continuation: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ItemRef {
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Contents {
    #[serde(default)]
    pub items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Item {
    pub id: String,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub published: i64,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub alternate: Vec<Href>,
    #[serde(default)]
    pub summary: Option<Text>,
    #[serde(default)]
    pub content: Option<Text>,
    #[serde(default)]
    pub origin: Option<Origin>,
    #[serde(default)]
    pub enclosure: Vec<Enclosure>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Href {
    pub href: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Text {
    #[serde(default)]
    pub content: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Origin {
    #[serde(default, rename = "streamId")]
    pub stream_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default, rename = "htmlUrl")]
    pub html_url: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Enclosure {
    #[serde(default, alias = "href")]
    pub url: String,
    #[serde(default, rename = "type")]
    pub kind: String,
}

/// An item id in the decimal form the id lists use; the long form (`tag:google.com,…/item/`
/// and 16 hex digits) and bare hex of 16 digits are converted.
pub(crate) fn short_id(id: &str) -> Option<String> {
    let hex = if let Some(hex) = id.strip_prefix(ITEM_PREFIX) {
        hex
    } else if id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        id
    } else {
        return id.parse::<i64>().ok().map(|n| n.to_string());
    };
    u64::from_str_radix(hex, 16)
        .ok()
        .map(|n| i64::from_ne_bytes(n.to_ne_bytes()).to_string())
}

/// The long form every server accepts in `i=` parameters.
pub(crate) fn long_id(short: &str) -> String {
    let n = short.parse::<i64>().unwrap_or(0);
    format!("{ITEM_PREFIX}{:016x}", u64::from_ne_bytes(n.to_ne_bytes()))
}

/// A logged-in session.
struct Session<'a> {
    http: &'a Http,
    headers: Vec<(&'static str, String)>,
    token: Option<String>,
}

impl Session<'_> {
    fn get<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, SyncError> {
        let mut query = query.to_vec();
        query.push(("output", "json".to_owned()));
        let full = format!("{API}{path}");
        let (status, bytes) = self.http.call(Send::Get, &full, &query, &self.headers)?;
        self.http.expect_success(status, &full)?;
        json(self.http, &full, &bytes)
    }

    /// The edit token `edit-tag` and `subscription/*` want, fetched once per sync.
    fn token(&mut self) -> Result<String, SyncError> {
        if let Some(token) = &self.token {
            return Ok(token.clone());
        }
        let path = format!("{API}/token");
        let (status, bytes) = self.http.call(Send::Get, &path, &[], &self.headers)?;
        self.http.expect_success(status, &path)?;
        let token = String::from_utf8_lossy(&bytes).trim().to_owned();
        self.token = Some(token.clone());
        Ok(token)
    }

    fn post(&mut self, path: &str, form: Vec<(String, String)>) -> Result<(), SyncError> {
        let (status, _) = self.post_answer(path, form)?;
        self.http.expect_success(status, &format!("{API}{path}"))
    }

    /// Posts a form with the edit token and returns the status and answer, for callers that
    /// accept some refusals. (Miniflux authenticates every POST by its `T` field alone.)
    fn post_answer(
        &mut self,
        path: &str,
        mut form: Vec<(String, String)>,
    ) -> Result<(u16, Vec<u8>), SyncError> {
        form.push(("T".to_owned(), self.token()?));
        let full = format!("{API}{path}");
        self.http
            .call(Send::Form("POST", form), &full, &[], &self.headers)
    }

    /// Posts a form with the edit token and returns the answer's bytes.
    fn post_form(
        &mut self,
        path: &str,
        mut form: Vec<(String, String)>,
    ) -> Result<Vec<u8>, SyncError> {
        form.push(("T".to_owned(), self.token()?));
        let full = format!("{API}{path}");
        let (status, bytes) = self.http.call(
            Send::Form("POST", form),
            &full,
            &[("output", "json".to_owned())],
            &self.headers,
        )?;
        self.http.expect_success(status, &full)?;
        Ok(bytes)
    }

    /// Every id in a stream, following continuations.
    fn ids(&self, stream: &str, exclude: Option<&str>) -> Result<Vec<String>, SyncError> {
        let mut ids = Vec::new();
        let mut continuation: Option<String> = None;
        loop {
            let mut query = vec![("s", stream.to_owned()), ("n", IDS_PAGE.to_string())];
            if let Some(exclude) = exclude {
                query.push(("xt", exclude.to_owned()));
            }
            if let Some(c) = &continuation {
                query.push(("c", c.clone()));
            }
            let answer: ItemIds = self.get("/stream/items/ids", &query)?;
            let refs = answer.item_refs.unwrap_or_default();
            let got = refs.len();
            ids.extend(refs.into_iter().filter_map(|r| short_id(&r.id)));
            continuation = match answer.continuation {
                Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            if continuation.is_none() || got == 0 {
                return Ok(ids);
            }
        }
    }
}

/// Logs in with `ClientLogin`; the answer's `Auth=` line is the session.
fn login<'a>(http: &'a Http, secret: &Secret) -> Result<Session<'a>, SyncError> {
    let Secret::Password { username, password } = secret else {
        return Err(SyncError::Incomplete(
            "the Google Reader API needs a username and password".to_owned(),
        ));
    };
    let form = vec![
        ("Email".to_owned(), username.clone()),
        ("Passwd".to_owned(), password.clone()),
    ];
    let (status, bytes) = http.call(Send::Form("POST", form), "/accounts/ClientLogin", &[], &[])?;
    if status == 400 || status == 404 && bytes.is_empty() {
        return Err(SyncError::Unauthorized {
            server: http.base().to_owned(),
            status,
        });
    }
    http.expect_success(status, "/accounts/ClientLogin")?;
    let text = String::from_utf8_lossy(&bytes);
    let auth = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Auth="))
        .filter(|a| !a.is_empty())
        .ok_or_else(|| SyncError::Garbage {
            server: http.base().to_owned(),
            what: "/accounts/ClientLogin: no Auth= line".to_owned(),
        })?;
    Ok(Session {
        http,
        headers: vec![("Authorization", format!("GoogleLogin auth={auth}"))],
        token: None,
    })
}

/// One sync with a Google Reader API server.
pub(super) fn sync(
    store: &mut Store,
    http: &Http,
    secret: &Secret,
    identity: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    let mut session = login(http, secret)?;
    let mut report = Report::default();
    report.changes_sent += send_subscriptions(store, &mut session, &mut report.refused)?;

    let list: Subscriptions = session.get("/subscription/list", &[])?;
    store.set_sync_value("server", identity)?;
    let remote: Vec<RemoteFeed> = list.subscriptions.iter().map(remote_feed).collect();
    let (added, removed) = store.sync_save_feeds(&remote)?;
    let folders: HashMap<String, String> = remote
        .iter()
        .filter_map(|f| Some((f.remote_id.clone(), f.folder.clone()?)))
        .collect();
    report.feeds_added = added;
    report.feeds_removed = removed;

    let all = session.ids(READING_LIST, None)?;
    let unread: HashSet<String> = session.ids(READING_LIST, Some(READ))?.into_iter().collect();
    let starred: HashSet<String> = session.ids(STARRED, None)?.into_iter().collect();
    let state = |id: &str| (!unread.contains(id), starred.contains(id));

    // Known stories: the server's state merged with the queue, in one page.
    let known = store.sync_all_known()?;
    let queue = store.sync_queue()?;
    let pending = Pending::new(&queue);
    let mut page = Page {
        entities_version: crate::entities::VERSION,
        queue_seen: queue.last().map_or(0, |q| q.id),
        ..Page::default()
    };
    for id in &all {
        if let Some(k) = known.get(id) {
            let remote = state(id);
            if remote == (k.remote_read, k.remote_starred) {
                continue;
            }
            let (seen, dropped) =
                pending.settle(id, (k.remote_read, k.remote_starred), remote, None);
            page.seen.push(seen);
            page.dropped.extend(dropped);
        }
    }
    let counts = store.sync_save_page(&page)?;
    report.stories_changed += counts.changed;

    // New stories, oldest first, a batch per transaction.
    let mut new: Vec<&String> = all.iter().filter(|id| !known.contains_key(*id)).collect();
    new.reverse();
    let total = new.len();
    let mut done = 0;
    for batch in new.chunks(CONTENTS_BATCH) {
        let form: Vec<(String, String)> = batch
            .iter()
            .map(|id| ("i".to_owned(), long_id(id)))
            .collect();
        let path = format!("{API}/stream/items/contents");
        let bytes = session.post_form("/stream/items/contents", form)?;
        let contents: Contents = json(http, &path, &bytes)?;
        let page = arrivals(&contents.items, &state, &folders);
        let counts = store.sync_save_page(&page)?;
        report.stories_added += counts.added;
        done += batch.len();
        progress(Progress {
            stories: done,
            total: Some(total),
        });
    }

    report.changes_sent += send_states(store, &mut session)?;
    Ok(report)
}

/// New items as stories, with the read and starred state from the id lists and labels as tags
/// (except the label that is the feed's folder: servers list it on every item).
pub(crate) fn arrivals(
    items: &[Item],
    state: &dyn Fn(&str) -> (bool, bool),
    folders: &HashMap<String, String>,
) -> Page {
    let mut stories = Vec::new();
    for item in items {
        let Some(id) = short_id(&item.id) else {
            continue;
        };
        let (read, starred) = state(&id);
        let mut article = article_of(item);
        if let Some(folder) = item.origin.as_ref().and_then(|o| folders.get(&o.stream_id)) {
            article.tags.retain(|t| t != folder);
        }
        article.read = read;
        article.bookmarked = starred;
        stories.push((id, article));
    }
    Page {
        arrivals: with_entities(stories),
        entities_version: crate::entities::VERSION,
        ..Page::default()
    }
}

/// A Google Reader item as a story (read and starred come from the id lists).
pub(crate) fn article_of(item: &Item) -> Article {
    let html = item
        .content
        .as_ref()
        .filter(|c| !c.content.is_empty())
        .or(item.summary.as_ref())
        .map_or("", |c| c.content.as_str());
    let enclosures: Vec<(String, String)> = item
        .enclosure
        .iter()
        .filter(|e| !e.url.is_empty())
        .map(|e| (e.url.clone(), e.kind.clone()))
        .collect();
    let url = item.alternate.first().map(|h| h.href.clone());
    let title = if item.title.trim().is_empty() {
        url.clone().unwrap_or_else(|| "(untitled)".to_owned())
    } else {
        item.title.clone()
    };
    let mut article = Article::new(title, story_text(html, &enclosures));
    article.url = url;
    article.author = (!item.author.is_empty()).then(|| item.author.clone());
    article.published = DateTime::from_timestamp(item.published, 0).filter(|_| item.published > 0);
    if let Some(origin) = &item.origin {
        article.source = (!origin.title.is_empty()).then(|| origin.title.clone());
        article.feed_key = (!origin.html_url.is_empty()).then(|| origin.html_url.clone());
    }
    article.tags = item
        .categories
        .iter()
        .filter_map(|c| label_name(c))
        .collect();
    article.guid = short_id(&item.id).map(|id| format!("greader:{id}"));
    article
}

/// `user/123/label/Name` or `user/-/label/Name` → `Name`.
fn label_name(category: &str) -> Option<String> {
    let rest = category.strip_prefix("user/")?;
    let (_, label) = rest.split_once("/label/")?;
    (!label.is_empty()).then(|| label.to_owned())
}

pub(crate) fn remote_feed(sub: &Subscription) -> RemoteFeed {
    RemoteFeed {
        remote_id: sub.id.clone(),
        url: sub.url.clone(),
        title: (!sub.title.is_empty()).then(|| sub.title.clone()),
        folder: sub
            .categories
            .first()
            .map(|c| c.label.clone())
            .filter(|l| !l.is_empty()),
    }
}

/// Sends queued subscriptions and unsubscriptions. A refusal (an address the server cannot
/// read, for which Miniflux answers 500 or finds no feed, a subscription already gone) is
/// reported and leaves the queue: sending it again would fail the same way. A network failure
/// stops the sync and keeps it queued.
fn send_subscriptions(
    store: &mut Store,
    session: &mut Session<'_>,
    refused: &mut Vec<String>,
) -> Result<usize, SyncError> {
    let mut sent = 0;
    for queued in store.sync_queue()? {
        let (path, form, what) = match &queued.change {
            Change::Subscribe(url) => (
                "/subscription/quickadd",
                vec![("quickadd".to_owned(), url.clone())],
                url.clone(),
            ),
            Change::Unsubscribe => (
                "/subscription/edit",
                vec![
                    ("ac".to_owned(), "unsubscribe".to_owned()),
                    ("s".to_owned(), queued.remote_id.clone()),
                ],
                queued.remote_id.clone(),
            ),
            _ => continue,
        };
        let (status, answer) = session.post_answer(path, form)?;
        let found_nothing = String::from_utf8_lossy(&answer)
            .replace(' ', "")
            .contains("\"numResults\":0");
        let refusal = if !(200..300).contains(&status) {
            Some(format!("{what} (HTTP {status})"))
        } else if found_nothing {
            Some(format!("{what} (no feed found there)"))
        } else {
            None
        };
        if let Some(refusal) = refusal {
            // Not on the server, so not a subscription here either.
            if let Change::Subscribe(url) = &queued.change {
                let _ = store.remove_feed(url);
            }
            refused.push(refusal);
        }
        store.sync_sent(std::slice::from_ref(&queued))?;
        sent += 1;
    }
    Ok(sent)
}

/// Sends read, starred and label changes with `edit-tag`, many items per request.
fn send_states(store: &mut Store, session: &mut Session<'_>) -> Result<usize, SyncError> {
    let queue = store.sync_queue()?;
    let (groups, rows) = coalesce(&queue);
    for ((field, value), ids) in groups {
        let tag = match field {
            Field::Read => READ,
            Field::Starred => STARRED,
        };
        for chunk in ids.chunks(CONTENTS_BATCH) {
            let mut form: Vec<(String, String)> = chunk
                .iter()
                .map(|id| ("i".to_owned(), long_id(id)))
                .collect();
            form.push((if value { "a" } else { "r" }.to_owned(), tag.to_owned()));
            session.post("/edit-tag", form)?;
        }
    }
    store.sync_sent(&rows)?;
    // Labels, in the order they were made (each is one item's change).
    let mut labels: HashMap<(String, String), bool> = HashMap::new();
    let tag_rows: Vec<_> = queue
        .iter()
        .filter(|q| matches!(q.change, Change::Tag(..)))
        .cloned()
        .collect();
    for q in &tag_rows {
        if let Change::Tag(name, added) = &q.change {
            labels.insert((q.remote_id.clone(), name.clone()), *added);
        }
    }
    let mut labels: Vec<_> = labels.into_iter().collect();
    labels.sort();
    let mut refused_labels = 0;
    for ((remote_id, name), added) in labels {
        let form = vec![
            ("i".to_owned(), long_id(&remote_id)),
            (
                if added { "a" } else { "r" }.to_owned(),
                format!("{LABEL}{name}"),
            ),
        ];
        // Servers without labels on items (Miniflux) refuse them, with 400 or 500 and
        // "unsupported": the tag stays local.
        let (status, answer) = session.post_answer("/edit-tag", form)?;
        let refused = status == 400
            || (status == 500 && String::from_utf8_lossy(&answer).contains("unsupported"));
        if refused {
            refused_labels += 1;
        } else {
            session
                .http
                .expect_success(status, &format!("{API}/edit-tag"))?;
        }
    }
    store.sync_sent(&tag_rows)?;
    Ok(rows.len() + tag_rows.len().saturating_sub(refused_labels))
}
