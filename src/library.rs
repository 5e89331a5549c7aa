//! Library operations that span the store and the recogniser: saving a story with its entities,
//! and bringing old stories up to the current recogniser.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

use chrono::{DateTime, Utc};

use crate::article::{Article, ArticleId};
use crate::entities::{self, Label};
use crate::stages::{self, Stage};
use crate::store::{Inserted, Mention, Store, StoreError};

/// Saves a story and, when it is new, the entities in its text.
///
/// # Errors
/// On a database failure.
pub fn add(store: &mut Store, article: &Article) -> Result<Inserted, StoreError> {
    let inserted = add_all(store, std::slice::from_ref(article))?;
    Ok(inserted[0])
}

/// Saves stories with their entities in one transaction. The recogniser runs on every core
/// while this thread writes the rows of the stories already recognised; stories the library
/// already holds are not recognised again.
///
/// # Errors
/// On a database failure; then none of them is saved.
pub fn add_all(store: &mut Store, articles: &[Article]) -> Result<Vec<Inserted>, StoreError> {
    let saved = store.saved_already(articles)?;
    let texts: Vec<&str> = articles
        .iter()
        .zip(&saved)
        .map(|(article, &saved)| if saved { "" } else { article.body.as_str() })
        .collect();
    recognising(&texts, |mentions_of| {
        store.insert_analysed(articles, entities::VERSION, |i| {
            let mut found = mentions_of(i);
            if let (Some(text), Some(article)) = (texts.get(i), articles.get(i)) {
                resolve_dates(text, article.published, &mut found);
            }
            found
        })
    })
}

/// Stories recognised together by one worker: small enough that the writer starts early.
const CHUNK: usize = 16;

/// Chunks the recognisers may finish ahead of the writer: enough to keep every core busy while
/// the writer catches up, few enough that a large import does not hold every story's mentions
/// at once (they were 35 MB of a 10,000-story file).
const AHEAD: usize = 8;

/// How far the recognisers may go: chunks below `limit` may be started. Waiting on it parks a
/// thread at once (a full bounded channel spins first, which a busy machine pays for).
struct Gate {
    limit: Mutex<usize>,
    moved: Condvar,
}

impl Gate {
    fn new(limit: usize) -> Self {
        Self {
            limit: Mutex::new(limit),
            moved: Condvar::new(),
        }
    }

    /// Waits until chunk `chunk` may be started.
    fn wait_for(&self, chunk: usize) {
        let mut limit = self.limit.lock().unwrap_or_else(PoisonError::into_inner);
        while chunk >= *limit {
            limit = self
                .moved
                .wait(limit)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Lets chunks below `limit` start (never lowers it).
    fn open_to(&self, limit: usize) {
        let mut current = self.limit.lock().unwrap_or_else(PoisonError::into_inner);
        if limit > *current {
            *current = limit;
            self.moved.notify_all();
        }
    }
}

/// Opens the gate all the way when a recogniser panics: the writer then gets no mentions for
/// that chunk, and the other recognisers must not wait for a writer that waits for them.
struct OpenOnPanic<'a>(&'a Gate);

impl Drop for OpenOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.open_to(usize::MAX);
        }
    }
}

/// Runs `write` with a function giving the mentions of `texts[i]`, asked for in order; the
/// texts are recognised on worker threads (every core) meanwhile, chunk by chunk, at most
/// [`AHEAD`] chunks ahead of the writer.
fn recognising<T>(
    texts: &[&str],
    write: impl FnOnce(&mut dyn FnMut(usize) -> Vec<Mention>) -> T,
) -> T {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if texts.len() < 2 || threads < 2 {
        let mut one_by_one = |i: usize| texts.get(i).map_or_else(Vec::new, |t| analysed(t));
        return write(&mut one_by_one);
    }
    let next = AtomicUsize::new(0);
    let chunks = texts.len().div_ceil(CHUNK);
    let gate = Gate::new(AHEAD.max(threads));
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel::<(usize, Vec<Vec<Mention>>)>();
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let sender = sender.clone();
                let (next, gate) = (&next, &gate);
                scope.spawn(move || {
                    let _opens_on_panic = OpenOnPanic(gate);
                    loop {
                        let chunk = next.fetch_add(1, Ordering::Relaxed);
                        let start = chunk * CHUNK;
                        let Some(part) = texts.get(start..texts.len().min(start + CHUNK)) else {
                            break;
                        };
                        if part.is_empty() {
                            break;
                        }
                        gate.wait_for(chunk);
                        let found = part.iter().map(|t| analysed(t)).collect();
                        if sender.send((chunk, found)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(sender);
        let mut ready: BTreeMap<usize, std::vec::IntoIter<Vec<Mention>>> = BTreeMap::new();
        let mut mentions_of = |i: usize| {
            let chunk = i / CHUNK;
            while chunk < chunks && !ready.contains_key(&chunk) {
                match receiver.recv() {
                    Ok((done, found)) => {
                        ready.insert(done, found.into_iter());
                    }
                    // A recogniser failure costs that chunk its highlights, never its stories.
                    Err(_) => break,
                }
            }
            let found = ready.get_mut(&chunk).and_then(Iterator::next);
            if i % CHUNK == CHUNK - 1 || i + 1 == texts.len() {
                ready.remove(&chunk);
                gate.open_to(chunk + 1 + AHEAD.max(threads));
            }
            found.unwrap_or_default()
        };
        let result = write(&mut mentions_of);
        // Workers still running (the write failed early) stop at their next send; those
        // waiting at the gate are let through to get there.
        drop(receiver);
        gate.open_to(usize::MAX);
        for worker in workers {
            // Joined here so that a worker's panic (reported above as missing mentions) does
            // not become the whole import's.
            let _ = worker.join();
        }
        result
    })
}

/// [`mentions_in`], with the time it takes counted to the recognition stage; empty text (a
/// story already saved) costs nothing.
fn analysed(text: &str) -> Vec<Mention> {
    if text.is_empty() {
        return Vec::new();
    }
    stages::timed(Stage::Recognise, || mentions_in(text))
}

/// Analyses up to `batch` stories whose entities came from an older recogniser, in one
/// transaction; returns their ids, so callers can loop until none are left.
///
/// # Errors
/// On a database failure.
pub fn analyse_stale(store: &mut Store, batch: usize) -> Result<Vec<ArticleId>, StoreError> {
    let ids = store.stale_entities(entities::VERSION, batch)?;
    let bodies = ids
        .iter()
        .map(|&id| store.body(id))
        .collect::<Result<Vec<_>, _>>()?;
    let published = ids
        .iter()
        .map(|&id| store.published(id))
        .collect::<Result<Vec<_>, _>>()?;
    let texts: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let found = mentions_of_all(&texts, &published);
    let stories: Vec<(ArticleId, Vec<Mention>)> = ids.iter().copied().zip(found).collect();
    store.set_mentions(&stories, entities::VERSION)?;
    Ok(ids)
}

/// The mentions in many texts, found on every core, relative dates resolved against each
/// story's publication time (`published[i]` for `texts[i]`): for callers that save stories their
/// own way (sync saves them with the server's ids in the same transaction).
#[must_use]
pub fn mentions_of_all(texts: &[&str], published: &[Option<DateTime<Utc>>]) -> Vec<Vec<Mention>> {
    let mut found = in_parallel(texts);
    for ((text, mentions), published) in texts.iter().zip(&mut found).zip(published) {
        resolve_dates(text, *published, mentions);
    }
    found
}

/// [`mentions_in`] for many texts, spread over the machine's cores.
fn in_parallel(texts: &[&str]) -> Vec<Vec<Mention>> {
    recognising(texts, |mentions_of| {
        (0..texts.len()).map(mentions_of).collect()
    })
}

/// The mentions in a text, each pointing at the canonical name it stands for (a lone surname at
/// the full name used elsewhere in the text, "U.S." at "United States"; see
/// [`entities::canonical`]). Relative dates keep their words: see [`mentions_in_story`].
#[must_use]
pub fn mentions_in(text: &str) -> Vec<Mention> {
    entities::recognise(text)
        .into_iter()
        .map(|entity| {
            // An acronym the text spells out is a definition the library learns from.
            let acronym = (entity.canonical != entity.text
                && entities::canonical::acronym_key(&entity.text).is_some())
            .then_some(entity.text);
            Mention {
                start: entity.start,
                end: entity.end,
                label: entity.label,
                name: entity.canonical,
                acronym,
            }
        })
        .collect()
}

/// [`mentions_in`] a story published at `published`: relative dates ("yesterday", "on
/// Wednesday", "last month") are named by the day, month, week or year they mean, so they join
/// the absolute dates of that day. Without a publication time they keep their words.
#[must_use]
pub fn mentions_in_story(text: &str, published: Option<DateTime<Utc>>) -> Vec<Mention> {
    let mut found = mentions_in(text);
    resolve_dates(text, published, &mut found);
    found
}

/// Names each relative date of `mentions` by the ISO 8601 date it means in a story published at
/// `published` (see [`entities::dates`]); absolute dates are already named so.
fn resolve_dates(text: &str, published: Option<DateTime<Utc>>, mentions: &mut [Mention]) {
    let Some(day) = published.map(|at| at.date_naive()) else {
        return;
    };
    for mention in mentions.iter_mut().filter(|m| m.label == Label::Date) {
        if entities::dates::is_absolute(&mention.name) {
            continue;
        }
        if let Some(resolved) = entities::dates::resolve(text, mention.start, mention.end, day) {
            mention.name = resolved;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Label;
    use crate::query;
    use crate::store::Window;

    #[test]
    fn a_surname_points_at_the_full_name() {
        let mentions =
            mentions_in("Gustavo Petro spoke.\nThen the president left, and Petro said no.");
        let names: Vec<&str> = mentions.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names.first(), Some(&"Gustavo Petro"));
        assert_eq!(names.last(), Some(&"Gustavo Petro"));
    }

    #[test]
    fn added_stories_are_found_by_entity_and_counted() {
        let mut store = Store::open_in_memory().expect("store");
        let mut one = Article::new("One", "Gustavo Petro met officials in Bogotá on Monday.");
        one.source = Some("A".into());
        let two = Article::new(
            "Two",
            "Petro spoke again. Gustavo Petro said Colombia would act.",
        );
        add(&mut store, &one).expect("add");
        add(&mut store, &two).expect("add");
        for text in ["entity:\"Gustavo Petro\"", "entity:petro"] {
            let found = store
                .query(&query::parse(text).expect("parse"), Window::ALL)
                .expect("query");
            assert_eq!(found.len(), 2, "{text}");
        }
        let top = store.top_entities(Some(Label::Person), 5).expect("top");
        assert_eq!(top[0].name, "Gustavo Petro");
        assert_eq!(top[0].stories, 2);
        assert_eq!(top[0].mentions, 3);
        assert!(analyse_stale(&mut store, 10).expect("stale").is_empty());
    }

    #[test]
    fn one_entity_is_found_by_any_of_its_names() {
        let mut store = Store::open_in_memory().expect("store");
        for (title, body) in [
            (
                "A",
                "Donald Trump met officials in the U.S. capital on Monday.",
            ),
            (
                "B",
                "Officials said Trump would visit the United States base.",
            ),
            ("C", "The UN and the United Nations agency in the US met."),
            (
                "D",
                "Boris Johnson spoke on November 19, 2025.\nDwayne Johnson acted.",
            ),
            (
                "E",
                "On 19 November 2025 nothing happened, as on 2025-11-19 before.",
            ),
        ] {
            add(&mut store, &Article::new(title, body)).expect("add");
        }
        let count = |text: &str| {
            store
                .query(&query::parse(text).expect("parse"), Window::ALL)
                .expect("query")
                .len()
        };
        assert_eq!(count("entity:\"Donald Trump\""), 2);
        assert_eq!(count("entity:Trump"), 2);
        assert_eq!(count("entity:US"), 3);
        assert_eq!(count("entity:\"United States\""), 3);
        assert_eq!(count("entity:\"U.S.\""), 3);
        assert_eq!(count("entity:\"United Nations\""), 1);
        // Two Johnsons: each full name finds only its own story, never a lone "Johnson".
        assert_eq!(count("entity:\"Boris Johnson\""), 1);
        assert_eq!(count("entity:2025-11-19"), 2);
        assert_eq!(count("entity:\"Nov. 19, 2025\""), 2);
        let dates = store.top_entities(Some(Label::Date), 5).expect("top");
        assert!(!dates.is_empty());
        assert!(
            dates
                .iter()
                .all(|d| d.name.chars().any(|c| c.is_ascii_digit()))
        );
        let places = store.top_entities(Some(Label::Place), 5).expect("top");
        assert_eq!(places[0].name, "United States");
        assert_eq!(places[0].stories, 3);
    }

    #[test]
    fn many_stories_saved_together_get_the_mentions_each_has_alone() {
        // More chunks than the recognisers may run ahead of the writer, so they wait for it.
        let articles: Vec<Article> = (0..CHUNK * (AHEAD + 4) + 3)
            .map(|i| {
                let body = if i % 3 == 0 {
                    format!("Story {i}: Amara Osei visited Nairobi with Gustavo Petro.")
                } else {
                    format!("Story {i} has no names in it at all.")
                };
                Article::new(format!("Title {i}"), body)
            })
            .collect();
        let mut store = Store::open_in_memory().expect("store");
        let saved = add_all(&mut store, &articles).expect("add all");
        assert_eq!(saved.len(), articles.len());
        for (article, inserted) in articles.iter().zip(saved) {
            let Inserted::New(id) = inserted else {
                panic!("new story expected")
            };
            assert_eq!(
                store.mentions(id).expect("mentions"),
                mentions_in(&article.body),
                "{}",
                article.title
            );
        }
    }

    #[test]
    fn stories_from_an_older_recogniser_are_analysed_again() {
        let mut store = Store::open_in_memory().expect("store");
        let inserted = store
            .insert(&Article::new("T", "Amara Osei visited Nairobi."))
            .expect("insert");
        let Inserted::New(id) = inserted else {
            panic!("new story expected")
        };
        assert!(store.mentions(id).expect("mentions").is_empty());
        assert_eq!(analyse_stale(&mut store, 10).expect("analyse"), vec![id]);
        assert!(!store.mentions(id).expect("mentions").is_empty());
        assert!(analyse_stale(&mut store, 10).expect("analyse").is_empty());
    }
}

/// What came of saving an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The page's story (or a feed's stories) with what the store made of each.
    Stories(Vec<(String, Inserted)>),
    /// The page could not be downloaded; the address is saved to try again later.
    Pending(Inserted, String),
}

/// Downloads an address and saves what is there: the story of a page, or every item of a feed.
/// When the download fails the address is still saved, marked with the reason.
///
/// # Errors
/// On a database failure, or when the page holds no story.
pub fn save_url(store: &mut Store, url: &str) -> anyhow::Result<Saved> {
    match crate::web::fetch(url) {
        Ok(fetched) => {
            let articles = stories_from(&fetched)?;
            let saved = add_all(store, &articles)?;
            Ok(Saved::Stories(
                articles.into_iter().map(|a| a.title).zip(saved).collect(),
            ))
        }
        Err(error) => {
            let mut article = Article::new(url.trim(), String::new());
            article.url = Some(url.trim().to_owned());
            article.not_downloaded = Some(error.to_string());
            Ok(Saved::Pending(add(store, &article)?, error.to_string()))
        }
    }
}

/// The stories in a downloaded document: a feed's items, or a page's story.
fn stories_from(fetched: &crate::web::Fetched) -> anyhow::Result<Vec<Article>> {
    if fetched.is_feed() {
        return Ok(crate::import::feed::parse(&fetched.bytes, &fetched.url)?);
    }
    let page = fetched.text();
    crate::import::check_page(&page, &fetched.url)?;
    let mut article = crate::extract::extract(&page).into_article();
    anyhow::ensure!(
        !article.body.trim().is_empty(),
        "no story found on {}",
        fetched.url
    );
    if article.url.is_none() {
        article.url = Some(fetched.url.clone());
    }
    Ok(vec![article])
}
