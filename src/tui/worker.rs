//! Background work: a thread that owns the store, takes [`Task`]s and answers with [`Outcome`]s,
//! so the interface never waits on the disk.

use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

use crate::article::{Article, ArticleId, ArticleSummary, Counts, TagCount};
use crate::library;
use crate::query::Query;
use crate::store::{Mention, Store, Window};

/// Stories analysed per task, so that analysis never holds up the interface for long.
const ANALYSIS_BATCH: usize = 50;

/// Work the update asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// Fetch rows `offset..offset + limit` of a view, and its counts when `count` is set
    /// (scrolling within a view needs no new count). With `keep`, the window is instead centred
    /// on that story wherever it now sits, so a list that changed keeps the reader's story.
    LoadWindow {
        generation: u64,
        query: Query,
        offset: usize,
        limit: usize,
        count: bool,
        keep: Option<ArticleId>,
    },
    /// Fetch one story with its body for the reading pane.
    LoadArticle(ArticleId),
    /// Fetch every tag with its count.
    LoadTags,
    /// Find entities in a batch of stories saved by an older recogniser.
    AnalyseStale,
    /// See whether another program changed the library since the last look.
    CheckForChanges,
    /// Fetch every subscribed feed.
    Refresh,
    /// Mark a story read or unread; `announce` asks for a status message once it is saved.
    SetRead {
        id: ArticleId,
        read: bool,
        announce: bool,
    },
    SetBookmarked(ArticleId, bool),
    ChangeTags {
        story: ArticleId,
        add: Vec<String>,
        remove: Vec<String>,
    },
    SavePosition(ArticleId, u64),
    /// Hand a web address to the browser.
    OpenUrl(String),
}

/// What came of a task.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Window {
        generation: u64,
        offset: usize,
        /// `None` when the task did not ask for counts.
        counts: Option<Counts>,
        stories: Vec<ArticleSummary>,
        /// The story the task asked to keep, and where it is now (`None`: no longer in the view).
        kept: Option<(ArticleId, Option<usize>)>,
    },
    ArticleLoaded(Box<Article>, Vec<Mention>),
    /// These stories have new entities; `more` when others are still waiting.
    Analysed {
        stories: Vec<ArticleId>,
        more: bool,
    },
    Tags(Vec<TagCount>),
    /// A change is saved; only now does the interface show it.
    ReadChanged {
        id: ArticleId,
        read: bool,
        announce: bool,
    },
    BookmarkChanged {
        id: ArticleId,
        on: bool,
    },
    TagsChanged {
        story: ArticleId,
        tags: Vec<String>,
        all: Vec<TagCount>,
    },
    /// Another program wrote to the library.
    LibraryChanged,
    /// Subscriptions refreshed: how many feeds, new stories, failures.
    Refreshed {
        feeds: usize,
        new: usize,
        failed: usize,
    },
    /// Something went wrong; shown in the status bar.
    Failed(String),
}

/// Carries out one task against the store; `None` when there is nothing to report.
pub fn perform(store: &mut Store, task: Task) -> Option<Outcome> {
    let result = match task {
        Task::LoadWindow {
            generation,
            query,
            offset,
            limit,
            count,
            keep,
        } => load_window(store, generation, &query, offset, limit, count, keep).map(Some),
        Task::LoadArticle(id) => store.get(id).and_then(|article| {
            let mentions = store.mentions(id)?;
            Ok(Some(Outcome::ArticleLoaded(Box::new(article), mentions)))
        }),
        Task::AnalyseStale => library::analyse_stale(store, ANALYSIS_BATCH).map(|stories| {
            let more = stories.len() == ANALYSIS_BATCH;
            (!stories.is_empty()).then_some(Outcome::Analysed { stories, more })
        }),
        Task::LoadTags => store.tags().map(|tags| Some(Outcome::Tags(tags))),
        Task::SetRead { id, read, announce } => store
            .set_read(id, read)
            .map(|()| Some(Outcome::ReadChanged { id, read, announce })),
        Task::SetBookmarked(id, on) => store
            .set_bookmarked(id, on)
            .map(|()| Some(Outcome::BookmarkChanged { id, on })),
        Task::ChangeTags { story, add, remove } => {
            store.change_tags(&[story], &add, &remove).and_then(|()| {
                Ok(Some(Outcome::TagsChanged {
                    story,
                    tags: store.tags_of(story)?,
                    all: store.tags()?,
                }))
            })
        }
        Task::Refresh => return Some(refresh(store)),
        Task::CheckForChanges => store
            .changed_elsewhere()
            .map(|changed| changed.then_some(Outcome::LibraryChanged)),
        Task::SavePosition(id, position) => store.set_position(id, position).map(|()| None),
        Task::OpenUrl(url) => return open_in_browser(&url).err().map(Outcome::Failed),
    };
    result.unwrap_or_else(|e| Some(Outcome::Failed(e.to_string())))
}

/// Rows of a view from `offset`, or around the story to keep when it is still in the view.
fn load_window(
    store: &Store,
    generation: u64,
    query: &Query,
    offset: usize,
    limit: usize,
    count: bool,
    keep: Option<ArticleId>,
) -> Result<Outcome, crate::store::StoreError> {
    let kept = match keep {
        Some(id) => Some((id, store.position_in(query, id)?)),
        None => None,
    };
    let offset = match kept {
        Some((_, Some(index))) => index.saturating_sub(limit / 3),
        _ => offset,
    };
    let stories = store.query(query, Window { offset, limit })?;
    let counts = if count {
        Some(Counts {
            total: store.query_count(query)?,
            unread: store.counts()?.unread,
        })
    } else {
        None
    };
    Ok(Outcome::Window {
        generation,
        offset,
        counts,
        stories,
        kept,
    })
}

/// Refreshes every subscription and says how it went.
fn refresh(store: &mut Store) -> Outcome {
    match crate::subscriptions::refresh(store, &mut |_, _| {}) {
        Ok(reports) => Outcome::Refreshed {
            feeds: reports.len(),
            new: reports.iter().map(|r| r.new).sum(),
            failed: reports.iter().filter(|r| r.error.is_some()).count(),
        },
        Err(error) => Outcome::Failed(format!("refresh failed: {error}")),
    }
}

/// Starts the worker; it stops when every task sender is dropped, after finishing what it has.
///
/// A refresh of a library on disk runs on a thread of its own with its own connection, so
/// stories keep opening while feeds download; the reader notices the new stories when it ends.
pub fn spawn<E: Send + 'static>(
    mut store: Store,
    tasks: Receiver<Task>,
    outcomes: Sender<E>,
    wrap: fn(Outcome) -> E,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        while let Ok(first) = tasks.recv() {
            let mut batch = vec![first];
            batch.extend(tasks.try_iter());
            for task in skip_superseded(batch) {
                if task == Task::Refresh
                    && let Some(path) = store.path()
                {
                    let outcomes = outcomes.clone();
                    std::thread::spawn(move || {
                        let outcome = match Store::open(&path) {
                            Ok(mut own) => refresh(&mut own),
                            Err(error) => Outcome::Failed(format!("refresh failed: {error}")),
                        };
                        let _ = outcomes.send(wrap(outcome));
                    });
                    continue;
                }
                if let Some(outcome) = perform(&mut store, task) {
                    // A closed channel means the interface is gone; keep saving what is queued.
                    let _ = outcomes.send(wrap(outcome));
                }
            }
        }
    })
}

/// Drops list loads that a newer view has made pointless, so fast typing in the search prompt
/// never queues up stale queries.
fn skip_superseded(batch: Vec<Task>) -> Vec<Task> {
    let newest = batch
        .iter()
        .filter_map(|t| match t {
            Task::LoadWindow { generation, .. } => Some(*generation),
            _ => None,
        })
        .max();
    batch
        .into_iter()
        .filter(|t| match t {
            Task::LoadWindow { generation, .. } => Some(*generation) == newest,
            _ => true,
        })
        .collect()
}

/// Starts the user's browser on `url` without waiting for it.
fn open_in_browser(url: &str) -> Result<(), String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!(
            "not opening {url:?}: only http and https addresses are opened"
        ));
    }
    let (program, args): (String, Vec<String>) = match std::env::var("BROWSER") {
        Ok(browser) if !browser.trim().is_empty() => (browser, vec![]),
        _ if cfg!(target_os = "macos") => ("open".into(), vec![]),
        _ if cfg!(windows) => (
            "cmd".into(),
            vec!["/C".into(), "start".into(), String::new()],
        ),
        _ => ("xdg-open".into(), vec![]),
    };
    let child = Command::new(&program)
        .args(&args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}; set $BROWSER to your browser"))?;
    // Reap the browser when it exits, so it does not linger as a zombie.
    std::thread::spawn(move || {
        let mut child = child;
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(generation: u64) -> Task {
        Task::LoadWindow {
            generation,
            query: Query::default(),
            offset: 0,
            limit: 10,
            count: true,
            keep: None,
        }
    }

    #[test]
    fn only_the_newest_list_load_survives_a_batch() {
        let batch = vec![load(1), Task::SetBookmarked(1, true), load(2), load(3)];
        assert_eq!(
            skip_superseded(batch),
            vec![Task::SetBookmarked(1, true), load(3)]
        );
    }
}
