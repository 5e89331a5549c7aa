//! Feed subscriptions: refreshing the feeds that are due (conditional downloads in parallel,
//! parsed on the download threads, saved in order), subscribing, and OPML lists in and out.

pub mod discover;
mod opml;
pub mod retention;
pub mod schedule;

use std::sync::Mutex;
use std::sync::mpsc;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

pub use opml::{opml_folders, parse_opml, to_opml};

use crate::article::Article;
use crate::import::feed::{self, ParsedFeed};
use crate::library;
use crate::store::{self, Feed, FetchState, Inserted, RefreshRecord, Store};
use crate::web::{self, Conditional, FetchError, Validators};

/// Downloads running at once during a refresh.
pub const PARALLEL: usize = 8;

/// The refresh interval of a feed when neither the user nor the feed says otherwise.
pub const DEFAULT_INTERVAL: u64 = 3_600;

/// Which feeds a refresh reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Those whose next due time has come (and those never read).
    Due,
    /// Every one, due or not.
    All,
    /// One, by id, due or not.
    One(i64),
}

/// How a refresh runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub which: Which,
    /// Seconds between refreshes of a feed without an interval of its own.
    pub default_interval: u64,
    /// Days read stories are kept for feeds without a `keep_days` of their own; `None` keeps
    /// them all.
    pub keep_days: Option<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            which: Which::All,
            default_interval: DEFAULT_INTERVAL,
            keep_days: None,
        }
    }
}

/// How one feed's refresh went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub feed_id: i64,
    /// The feed's name (the user's title, else the feed's, else its address).
    pub feed: String,
    pub new: usize,
    pub known: usize,
    /// Items an ignore rule kept out.
    pub ignored: usize,
    /// The server answered 304, or the document is byte for byte the last one: nothing parsed
    /// or written.
    pub unchanged: bool,
    pub error: Option<String>,
    pub next_due: Option<DateTime<Utc>>,
    /// Stories given their full article, and stories whose full article could not be
    /// downloaded (recorded on them for `newsdesk fetch`).
    pub full_text: usize,
    pub full_text_failed: usize,
    /// Old read stories removed by `keep_days` after the refresh.
    pub pruned: usize,
}

/// Full articles still to download after a refresh: (feed id, the story's page).
pub type FullTextJobs = Vec<(i64, crate::fetch::Job)>;

/// A feed's document after the download thread is done with it.
#[derive(Debug)]
pub enum Downloaded {
    /// Nothing new: a 304, or the same bytes as last time.
    Unchanged {
        state: FetchState,
        hint: Option<u64>,
    },
    /// A new document, parsed.
    Parsed {
        feed: ParsedFeed,
        state: FetchState,
        hint: Option<u64>,
    },
    /// The download or the parse failed; `retry_after` is the wait the server asked for.
    Failed {
        error: String,
        retry_after: Option<u64>,
    },
}

/// SHA-256 of a document, to notice a feed served again without validators but unchanged.
#[must_use]
pub fn body_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a subscription's address is a web address (anything else is a file on disk).
#[must_use]
pub fn is_web(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Downloads (or reads) one feed unless it is unchanged, and parses it. Runs on a download
/// thread; touches no store.
#[must_use]
pub fn download(agent: &ureq::Agent, url: &str, last: &FetchState) -> Downloaded {
    let (bytes, state, hint) = if is_web(url) {
        let validators = Validators {
            etag: last.etag.clone(),
            last_modified: last.last_modified.clone(),
        };
        match web::fetch_with(agent, url, &validators) {
            Ok(Conditional::Unchanged(caching)) => {
                return Downloaded::Unchanged {
                    state: FetchState {
                        etag: caching.validators.etag,
                        last_modified: caching.validators.last_modified,
                        body_hash: last.body_hash.clone(),
                    },
                    hint: caching.max_age,
                };
            }
            Ok(Conditional::Changed(fetched, caching)) => {
                let state = FetchState {
                    etag: caching.validators.etag,
                    last_modified: caching.validators.last_modified,
                    body_hash: None,
                };
                (fetched.bytes, state, caching.max_age)
            }
            Err(error) => return failed(&error),
        }
    } else {
        // A local file is read like any input: a regular file only, never blocking, bounded.
        match crate::import::read::read_file(std::path::Path::new(url)) {
            Ok(bytes) => (bytes, FetchState::default(), None),
            Err(error) => {
                return Downloaded::Failed {
                    error: error.to_string(),
                    retry_after: None,
                };
            }
        }
    };
    parsed(&bytes, url, state, hint, last.body_hash.as_deref())
}

/// A downloaded document parsed, or found to be the same as last time.
#[must_use]
pub fn parsed(
    bytes: &[u8],
    origin: &str,
    mut state: FetchState,
    hint: Option<u64>,
    last_hash: Option<&str>,
) -> Downloaded {
    let hash = body_hash(bytes);
    if last_hash == Some(hash.as_str()) {
        state.body_hash = Some(hash);
        return Downloaded::Unchanged { state, hint };
    }
    state.body_hash = Some(hash);
    match feed::parse_feed(bytes, origin) {
        Ok(feed) => {
            // The longer of the feed's own hint and the server's max-age.
            let hint = feed.refresh_hint.max(hint);
            Downloaded::Parsed { feed, state, hint }
        }
        Err(error) => Downloaded::Failed {
            error: error.problem.to_string(),
            retry_after: None,
        },
    }
}

fn failed(error: &FetchError) -> Downloaded {
    Downloaded::Failed {
        error: error.to_string(),
        retry_after: match error {
            FetchError::RetryLater(_, wait) => *wait,
            _ => None,
        },
    }
}

/// Refreshes every subscription now, due or not, with the default interval (the reader's `R`).
///
/// # Errors
/// As [`refresh_with`].
pub fn refresh(
    store: &mut Store,
    progress: &mut dyn FnMut(usize, usize),
) -> anyhow::Result<Vec<Report>> {
    refresh_with(store, &Options::default(), progress)
}

/// Refreshes the feeds `options` choose: downloads in parallel (conditionally, parsing on the
/// download threads), then saves each feed's new stories in the order they arrive.
/// `progress` is called after each feed with (done, total).
///
/// # Errors
/// When the subscriptions cannot be read, or [`Which::One`] names none; a feed that fails to
/// download or to be saved is reported in its [`Report`] and the others go on.
pub fn refresh_with(
    store: &mut Store,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> anyhow::Result<Vec<Report>> {
    let now = Utc::now();
    let feeds: Vec<Feed> = match options.which {
        Which::All => store.feeds()?,
        Which::Due => store
            .feeds()?
            .into_iter()
            .filter(|f| f.next_due.is_none_or(|due| due <= now))
            .collect(),
        Which::One(id) => vec![store.feed(&id.to_string())?],
    };
    let total = feeds.len();
    let mut jobs = Vec::with_capacity(total);
    for feed in feeds {
        let state = store.fetch_state(feed.id)?;
        jobs.push((feed, state));
    }
    // Popped from the end: the first added go first.
    jobs.reverse();
    let queue = Mutex::new(jobs);
    let agent = web::agent();
    let (sender, results) = mpsc::channel::<(Feed, Downloaded)>();
    let mut reports = Vec::with_capacity(total);
    let mut full_text = FullTextJobs::new();
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(total) {
            let sender = sender.clone();
            let queue = &queue;
            let agent = &agent;
            scope.spawn(move || {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.pop());
                    let Some((feed, state)) = next else { break };
                    let downloaded = download(agent, &feed.url, &state);
                    if sender.send((feed, downloaded)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (feed, downloaded) in results {
            reports.push(save(
                store,
                &feed,
                downloaded,
                options.default_interval,
                &mut full_text,
            ));
            progress(reports.len(), total);
        }
    });
    fill_full_text(store, full_text, &mut reports);
    prune_after(store, options.keep_days, &mut reports);
    Ok(reports)
}

/// Applies `keep_days` to the feeds that were refreshed without an error.
fn prune_after(store: &mut Store, global: Option<u32>, reports: &mut [Report]) {
    let Ok(feeds) = store.feeds() else { return };
    for report in reports.iter_mut().filter(|r| r.error.is_none()) {
        let Some(feed) = feeds.iter().find(|f| f.id == report.feed_id) else {
            continue;
        };
        // Stories not removed now are removed after the next refresh.
        if let Ok(plan) = retention::plan(store, std::slice::from_ref(feed), global) {
            report.pruned = retention::apply(store, &plan).unwrap_or(0);
        }
    }
}

/// Downloads the full articles a refresh asked for and counts them in each feed's report.
pub fn fill_full_text(store: &mut Store, jobs: FullTextJobs, reports: &mut [Report]) {
    let feeds: std::collections::HashMap<i64, i64> =
        jobs.iter().map(|(feed, job)| (job.id, *feed)).collect();
    let done = crate::fetch::run(
        store,
        jobs.into_iter().map(|(_, job)| job).collect(),
        &mut |_, _, _| {},
    );
    for finished in done {
        let feed = feeds.get(&finished.id).copied();
        if let Some(report) = reports.iter_mut().find(|r| Some(r.feed_id) == feed) {
            match finished.result {
                Ok(true) => report.full_text += 1,
                Ok(false) => {}
                Err(_) => report.full_text_failed += 1,
            }
        }
    }
}

/// Saves one feed's stories and records how its refresh went and when it is due again. A store
/// call that fails is tried again while the library is busy, then becomes the feed's error: one
/// feed that cannot be saved never costs the others theirs.
pub fn save(
    store: &mut Store,
    feed: &Feed,
    downloaded: Downloaded,
    default_interval: u64,
    full_text: &mut FullTextJobs,
) -> Report {
    let now = Utc::now();
    let mut report = Report {
        feed_id: feed.id,
        feed: feed.name().to_owned(),
        new: 0,
        known: 0,
        ignored: 0,
        unchanged: false,
        error: None,
        next_due: None,
        full_text: 0,
        full_text_failed: 0,
        pruned: 0,
    };
    let mut record = RefreshRecord::default();
    let (result, retry_after) = match downloaded {
        Downloaded::Unchanged { state, hint } => {
            report.unchanged = true;
            record.state = state;
            record.refresh_hint = hint.or(feed.refresh_hint);
            (Ok(()), None)
        }
        Downloaded::Parsed {
            feed: parsed,
            state,
            hint,
        } => {
            record.state = state;
            record.refresh_hint = hint;
            record.title.clone_from(&parsed.title);
            if feed.settings.title.is_none()
                && let Some(title) = &parsed.title
            {
                report.feed.clone_from(title);
            }
            {
                let saved = store_stories(store, feed, parsed.stories, &mut report);
                (saved.map(|jobs| full_text.extend(jobs)), None)
            }
        }
        Downloaded::Failed { error, retry_after } => (Err(error), retry_after),
    };
    let interval = schedule::interval(
        feed.settings.interval,
        default_interval,
        record.refresh_hint,
    );
    match result {
        Ok(()) => {
            record.next_due = Some(schedule::after_success(now, interval));
        }
        Err(error) => {
            record.failures = feed.failures.saturating_add(1);
            record.next_due = Some(schedule::after_failure(
                now,
                interval,
                record.failures,
                retry_after,
            ));
            record.error = Some(error.clone());
            report.error = Some(error);
        }
    }
    report.next_due = record.next_due;
    // Only the schedule is lost if this fails; the stories are saved already.
    let _ = store::retrying(|| store.record_refresh(feed.id, &record));
    report
}

/// Saves a feed's items with the feed's settings applied: its title as their source, its tags,
/// and its ignore rule (matching items are left out).
fn store_stories(
    store: &mut Store,
    feed: &Feed,
    mut stories: Vec<Article>,
    report: &mut Report,
) -> Result<FullTextJobs, String> {
    for story in &mut stories {
        if let Some(title) = &feed.settings.title {
            story.source = Some(title.clone());
        }
        for tag in &feed.settings.tags {
            if !story.tags.contains(tag) {
                story.tags.push(tag.clone());
            }
        }
    }
    // Items retention removed stay removed.
    stories.retain(|story| {
        story.feed_key.as_deref().is_none_or(|key| {
            !store
                .was_pruned(key, story.guid.as_deref(), story.url.as_deref())
                .unwrap_or(false)
        })
    });
    if let Some(rule) = &feed.settings.ignore {
        let before = stories.len();
        stories = without_ignored(stories, rule)?;
        report.ignored = before - stories.len();
    }
    let saved = store::retrying(|| library::add_all(store, &stories))
        .map_err(|e| format!("downloaded but not saved: {e}"))?;
    report.new = saved
        .iter()
        .filter(|s| matches!(s, Inserted::New(_)))
        .count();
    report.known = saved.len() - report.new;
    // New stories that carry only a summary get their full article after the refresh.
    Ok(stories
        .iter()
        .zip(saved)
        .filter_map(|(story, inserted)| {
            let Inserted::New(id) = inserted else {
                return None;
            };
            let kind = crate::fetch::wants_full_text(feed.settings.full_text, story)?;
            let url = story.url.clone()?;
            Some((feed.id, crate::fetch::Job { id, url, kind }))
        })
        .collect())
}

/// The stories an ignore rule does not match. The rule is a query, run against the stories in a
/// scratch library of their own, so it means exactly what it means in a search.
fn without_ignored(stories: Vec<Article>, rule: &str) -> Result<Vec<Article>, String> {
    let query = crate::query::parse(rule).map_err(|e| format!("the ignore rule {rule:?}: {e}"))?;
    let mut scratch = Store::open_in_memory().map_err(|e| e.to_string())?;
    let saved = library::add_all(&mut scratch, &stories).map_err(|e| e.to_string())?;
    let matched: std::collections::HashSet<i64> = scratch
        .query_ids(&query)
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    Ok(stories
        .into_iter()
        .zip(saved)
        .filter(|(_, inserted)| {
            let (Inserted::New(id) | Inserted::Duplicate(id)) = *inserted;
            !matched.contains(&id)
        })
        .map(|(story, _)| story)
        .collect())
}
