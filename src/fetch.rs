//! Downloading the pages behind stories, a few at once: the text of stories saved as links, and
//! the full article of feed items that carried only a summary. Pages are read with the limits of
//! `add URL` and the story is taken out by newsdesk's own extractor.

use std::sync::Mutex;
use std::sync::mpsc;

use crate::article::{Article, ArticleId};
use crate::store::{self, FullText, Store};
use crate::web::{self, Conditional, Validators};

/// Pages downloaded at once.
pub const PARALLEL: usize = 4;

/// A page to download for a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: ArticleId,
    pub url: String,
    pub kind: Kind,
}

/// Why a page is downloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The story is a link without text.
    Missing,
    /// The story is a feed's summary; `only_if_longer` keeps the summary when the page says no
    /// more than it does (the `auto` setting).
    FullText { only_if_longer: bool },
}

/// How one download went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub id: ArticleId,
    pub url: String,
    /// The story's title after the download (the page's, for a link).
    pub title: String,
    /// `Ok(true)` when the story changed, `Ok(false)` when the page held no more than the
    /// summary; `Err` with the reason, recorded on the story for the next `newsdesk fetch`.
    pub result: Result<bool, String>,
}

/// Whether a feed item's text reads like a summary of a longer article: short, or ending in an
/// ellipsis or a "read more" link.
#[must_use]
pub fn looks_like_summary(body: &str) -> bool {
    // The numbered links after the text are not part of it.
    let text = body.split("\n\nLinks:").next().unwrap_or(body).trim();
    let words = text.split_whitespace().count();
    // The last words, where a "read more" link sits.
    let tail: String = {
        let chars: Vec<char> = text.chars().collect();
        chars[chars.len().saturating_sub(120)..]
            .iter()
            .collect::<String>()
            .to_lowercase()
    };
    let cut = ["…", "...", "[…]", "[...]", "(…)", "(...)"]
        .iter()
        .any(|end| tail.ends_with(end));
    let bare = tail.trim_end_matches(|c: char| !c.is_alphanumeric());
    let more = [
        "read more",
        "continue reading",
        "read the full story",
        "read the full article",
        "read the rest",
        "keep reading",
    ]
    .iter()
    .any(|phrase| bare.ends_with(phrase))
        || tail.contains("appeared first on");
    words < 120 || cut || more
}

/// Whether a new feed item should get its full article under `mode`.
#[must_use]
pub fn wants_full_text(mode: FullText, story: &Article) -> Option<Kind> {
    story
        .url
        .as_deref()
        .filter(|u| crate::subscriptions::is_web(u))?;
    match mode {
        FullText::Never => None,
        FullText::Always => Some(Kind::FullText {
            only_if_longer: false,
        }),
        FullText::Auto => looks_like_summary(&story.body).then_some(Kind::FullText {
            only_if_longer: true,
        }),
    }
}

/// The story on a web page: downloaded, refused if it is a feed or too long, extracted.
///
/// # Errors
/// When the download fails or the page holds no story; the message says which.
pub fn page_story(agent: &ureq::Agent, url: &str) -> Result<Article, String> {
    let fetched = match web::fetch_with(agent, url, &Validators::default()) {
        Ok(Conditional::Changed(fetched, _)) => fetched,
        Ok(Conditional::Unchanged(_)) => return Err("the server answered HTTP 304".into()),
        Err(error) => return Err(error.to_string()),
    };
    if fetched.is_feed() {
        return Err("the address is a feed, not an article".into());
    }
    let page = fetched.text();
    crate::import::check_page(&page, &fetched.url).map_err(|e| e.problem.to_string())?;
    let mut article = crate::extract::extract(&page).into_article();
    if article.body.trim().is_empty() {
        return Err("no story found on the page".into());
    }
    if article.url.is_none() {
        article.url = Some(fetched.url);
    }
    Ok(article)
}

/// Downloads every job's page, [`PARALLEL`] at once, and saves each story as its page arrives.
/// `progress` is called after each with (done, total).
pub fn run(
    store: &mut Store,
    jobs: Vec<Job>,
    progress: &mut dyn FnMut(&Done, usize, usize),
) -> Vec<Done> {
    let total = jobs.len();
    let mut queue = jobs;
    queue.reverse();
    let queue = Mutex::new(queue);
    let agent = web::agent();
    let (sender, results) = mpsc::channel::<(Job, Result<Article, String>)>();
    let mut done = Vec::with_capacity(total);
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(total) {
            let sender = sender.clone();
            let (queue, agent) = (&queue, &agent);
            scope.spawn(move || {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.pop());
                    let Some(job) = next else { break };
                    let story = page_story(agent, &job.url);
                    if sender.send((job, story)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (job, story) in results {
            let finished = save(store, &job, story);
            done.push(finished);
            if let Some(last) = done.last() {
                progress(last, done.len(), total);
            }
        }
    });
    done
}

/// Saves one downloaded story, or records why there is none.
fn save(store: &mut Store, job: &Job, story: Result<Article, String>) -> Done {
    let result = match (&job.kind, story) {
        (Kind::Missing, Ok(article)) => store::retrying(|| store.fill_in(job.id, &article))
            .and_then(|()| analyse(store, job.id, &article.body))
            .map(|()| true)
            .map_err(|e| e.to_string()),
        (Kind::FullText { only_if_longer }, Ok(article)) => {
            let summary = store.body(job.id).unwrap_or_default();
            let (page, short) = (
                article.body.split_whitespace().count(),
                summary.split_whitespace().count(),
            );
            if *only_if_longer && page < short + short / 2 + 30 {
                // The page says no more than the feed did: keep the feed's text.
                let _ = store.set_full_text_error(job.id, None);
                Ok(false)
            } else {
                store::retrying(|| store.set_full_text(job.id, &article.body))
                    .and_then(|()| analyse(store, job.id, &article.body))
                    .map(|()| true)
                    .map_err(|e| e.to_string())
            }
        }
        (_, Err(reason)) => Err(reason),
    };
    if let Err(reason) = &result {
        // Recorded for the next `newsdesk fetch`; if even this fails, it is retried as before.
        let _ = match job.kind {
            Kind::Missing => store.still_not_downloaded(job.id, reason),
            Kind::FullText { .. } => store.set_full_text_error(job.id, Some(reason)),
        };
    }
    Done {
        id: job.id,
        url: job.url.clone(),
        title: store
            .get(job.id)
            .map_or_else(|_| job.url.clone(), |a| a.title),
        result,
    }
}

/// Finds the entities of a story's new text.
fn analyse(store: &mut Store, id: ArticleId, body: &str) -> Result<(), store::StoreError> {
    let mentions = crate::library::mentions_in_story(body, store.published(id)?);
    store::retrying(|| store.set_mentions(&[(id, mentions.clone())], crate::entities::VERSION))
}

/// Every story `newsdesk fetch` should try: links without text, then missing full articles.
///
/// # Errors
/// On a database failure.
pub fn pending(store: &Store) -> Result<Vec<Job>, store::StoreError> {
    let mut jobs: Vec<Job> = store
        .not_downloaded()?
        .into_iter()
        .map(|(id, url)| Job {
            id,
            url,
            kind: Kind::Missing,
        })
        .collect();
    jobs.extend(store.full_text_missing()?.into_iter().map(|(id, url)| Job {
        id,
        url,
        kind: Kind::FullText {
            only_if_longer: false,
        },
    }));
    Ok(jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_told_from_articles() {
        let long =
            "The council met for the third time this month to discuss the harbour. ".repeat(20);
        assert!(!looks_like_summary(&long));
        assert!(looks_like_summary(&format!("{long}\n\nRead more")));
        assert!(looks_like_summary(&format!("{long} and then…")));
        assert!(looks_like_summary(&format!("{long} [...]")));
        assert!(!looks_like_summary(&format!(
            "The full story, read more. {long}"
        )));
        assert!(looks_like_summary("A short teaser about the pier."));
        let mut story = Article::new("T", "A teaser…");
        assert_eq!(wants_full_text(FullText::Auto, &story), None, "no link");
        story.url = Some("https://x.example/a".into());
        assert!(wants_full_text(FullText::Auto, &story).is_some());
        assert!(wants_full_text(FullText::Never, &story).is_none());
        story.body = long;
        assert!(wants_full_text(FullText::Auto, &story).is_none());
        assert!(wants_full_text(FullText::Always, &story).is_some());
        story.url = Some("file:///etc/passwd".into());
        assert!(wants_full_text(FullText::Always, &story).is_none());
    }
}
