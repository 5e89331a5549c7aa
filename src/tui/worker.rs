//! Background work: a thread that owns the store, takes [`Task`]s and answers with [`Outcome`]s,
//! so the interface never waits on the disk.

use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Instant;

use crate::article::{Article, ArticleId, ArticleSummary, Counts, TagCount};
use crate::highlight::{Color, Highlight, HighlightId, StoryRef};
use crate::library;
use crate::query::Query;
use crate::store::{Inserted, Mention, SidebarCounts, Store, StoreError, Window};

use super::writes::{PendingWrites, RETRY_EVERY, with_short_wait};

/// Stories analysed per task, so that analysis never holds up the interface for long.
const ANALYSIS_BATCH: usize = 50;

/// Work the update asks for.
#[derive(Debug, Clone, PartialEq)]
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
    /// Fetch the subscribed feeds these options choose (every one for the refresh key, the due
    /// ones for the reader's own refreshing).
    Refresh(crate::subscriptions::Options),
    /// Download the full article of a story whose feed gave only a summary.
    FetchFullText(ArticleId),
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
    /// Count everything the sidebar shows; `views` are the saved views' queries.
    LoadSidebar {
        views: Vec<Query>,
    },
    /// Mark every story a query matches read; `what` names the view for the status bar.
    MarkAllRead {
        query: Query,
        what: String,
    },
    /// Mark these stories read or unread (undoing a bulk mark).
    SetReadMany {
        ids: Vec<ArticleId>,
        read: bool,
    },
    /// Find the next (or previous) unread story of a view after position `from` (`None`: from
    /// the start, or the end when going back).
    FindUnread {
        generation: u64,
        query: Query,
        from: Option<usize>,
        forward: bool,
    },
    /// Remove a story, answering with all of it so that it can be put back.
    Remove(ArticleId),
    /// Put a removed story back.
    Restore(Box<Article>),
    /// Delete one highlight (and its note), answering with it so that it can be put back.
    RemoveHighlight(HighlightId),
    /// Put a deleted highlight back on its story.
    RestoreHighlight {
        story: ArticleId,
        highlight: Box<Highlight>,
    },
    /// Save a new highlight on a story, answering with it as saved (with its id).
    AddHighlight {
        story: ArticleId,
        highlight: Box<Highlight>,
    },
    /// Change a highlight's colour and note, answering with the note it had before.
    UpdateHighlight {
        story: ArticleId,
        id: HighlightId,
        color: Color,
        note: Option<String>,
    },
    /// Fetch a page of the highlights in the library holding the words of `filter` (all of
    /// them when it is empty), newest first, with their stories.
    LoadAllHighlights {
        offset: usize,
        limit: usize,
        filter: String,
    },
    /// Carry out a task that undoes an earlier change; its outcome comes back wrapped in
    /// [`Outcome::Undone`] so it is not recorded as a new change.
    Undo(Box<Task>),
    /// Start a configured program (a browser that opens its own window), detached.
    Launch(Vec<String>),
    /// Give `text` to a clipboard command on its standard input.
    CopyWith {
        command: Vec<String>,
        text: String,
    },
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
    /// Something the person should know that is not an error; shown in the status bar.
    Notice(String),
    /// Something went wrong; shown in the status bar.
    Failed(String),
    Sidebar(SidebarCounts),
    /// These stories (only those that changed) are now read, or unread.
    MarkedRead {
        ids: Vec<ArticleId>,
        read: bool,
        what: String,
    },
    /// Where the unread story looked for is; `None` when there is none that way.
    UnreadFound {
        generation: u64,
        found: Option<(usize, ArticleId)>,
        forward: bool,
    },
    /// The story is removed; this is what it was.
    Removed(Box<Article>),
    /// A removed story is back: its old id and the one it has now.
    Restored {
        old: Option<ArticleId>,
        new: ArticleId,
    },
    /// A highlight is deleted; this is what it was, on which story.
    HighlightRemoved {
        story: ArticleId,
        highlight: Box<Highlight>,
    },
    /// A deleted highlight is back on its story.
    HighlightRestored {
        story: ArticleId,
    },
    /// A new highlight is saved on a story.
    HighlightAdded {
        story: ArticleId,
        highlight: Box<Highlight>,
    },
    /// A highlight's note changed; what it was before, to undo it.
    NoteChanged {
        story: ArticleId,
        id: HighlightId,
        color: Color,
        before: Option<String>,
    },
    /// A page of the library's highlights matching `filter`, from `offset`; `total` match.
    AllHighlights {
        offset: usize,
        rows: Vec<(StoryRef, Highlight)>,
        total: usize,
        filter: String,
    },
    /// The result of an undo.
    Undone(Box<Outcome>),
}

/// Carries out one task against the store; `None` when there is nothing to report.
pub fn perform(store: &mut Store, task: Task) -> Option<Outcome> {
    match task {
        Task::Refresh(options) => Some(refresh(store, &options)),
        Task::FetchFullText(id) => Some(full_text(store, id)),
        Task::OpenUrl(url) => open_in_browser(&url).err().map(Outcome::Failed),
        Task::Launch(command) => launch(&command, None).err().map(Outcome::Failed),
        Task::CopyWith { command, text } => launch(&command, Some(text)).err().map(Outcome::Failed),
        task => attempt(store, task).unwrap_or_else(|e| Some(Outcome::Failed(e.to_string()))),
    }
}

/// Carries out a task that only needs the store, returning the store's error for the caller to
/// retry or report.
///
/// # Errors
/// The store's error, unchanged.
pub(super) fn attempt(store: &mut Store, task: Task) -> Result<Option<Outcome>, StoreError> {
    match task {
        Task::LoadWindow {
            generation,
            query,
            offset,
            limit,
            count,
            keep,
        } => load_window(store, generation, &query, offset, limit, count, keep).map(Some),
        Task::LoadArticle(id) => {
            let article = store.get(id)?;
            let mentions = store.mentions(id)?;
            Ok(Some(Outcome::ArticleLoaded(Box::new(article), mentions)))
        }
        Task::AnalyseStale => library::analyse_stale(store, ANALYSIS_BATCH).map(|stories| {
            let more = stories.len() == ANALYSIS_BATCH;
            (!stories.is_empty()).then_some(Outcome::Analysed { stories, more })
        }),
        Task::LoadTags => Ok(Some(Outcome::Tags(store.tags()?))),
        Task::SetRead { id, read, announce } => {
            store.set_read(id, read)?;
            Ok(Some(Outcome::ReadChanged { id, read, announce }))
        }
        Task::SetBookmarked(id, on) => {
            store.set_bookmarked(id, on)?;
            Ok(Some(Outcome::BookmarkChanged { id, on }))
        }
        Task::ChangeTags { story, add, remove } => {
            store.change_tags(&[story], &add, &remove)?;
            Ok(Some(Outcome::TagsChanged {
                story,
                tags: store.tags_of(story)?,
                all: store.tags()?,
            }))
        }
        Task::CheckForChanges => Ok(store
            .changed_elsewhere()?
            .then_some(Outcome::LibraryChanged)),
        Task::SavePosition(id, position) => {
            store.set_position(id, position)?;
            Ok(None)
        }
        Task::LoadSidebar { views } => Ok(Some(Outcome::Sidebar(store.sidebar_counts(&views)?))),
        Task::MarkAllRead { query, what } => Ok(Some(Outcome::MarkedRead {
            ids: store.set_read_matching(&query, true)?,
            read: true,
            what,
        })),
        Task::SetReadMany { ids, read } => Ok(Some(Outcome::MarkedRead {
            ids: store.set_read_many(&ids, read)?,
            read,
            what: String::new(),
        })),
        Task::FindUnread {
            generation,
            query,
            from,
            forward,
        } => Ok(Some(Outcome::UnreadFound {
            generation,
            found: store.find_unread(&query, from, forward)?,
            forward,
        })),
        Task::Remove(id) => {
            let article = store.get(id)?;
            store.remove(id)?;
            Ok(Some(Outcome::Removed(Box::new(article))))
        }
        Task::Restore(article) => {
            let old = article.id;
            let saved = library::add_all(store, &[*article])?;
            Ok(saved.first().map(|saved| match saved {
                Inserted::New(new) | Inserted::Duplicate(new) => {
                    Outcome::Restored { old, new: *new }
                }
            }))
        }
        Task::LoadAllHighlights {
            offset,
            limit,
            filter,
        } => {
            let (rows, total) = store.recent_highlights(&filter, Window { offset, limit })?;
            Ok(Some(Outcome::AllHighlights {
                offset,
                rows,
                total,
                filter,
            }))
        }
        Task::RemoveHighlight(id) => {
            let (story, highlight) = store.remove_highlight(id)?;
            Ok(Some(Outcome::HighlightRemoved {
                story,
                highlight: Box::new(highlight),
            }))
        }
        Task::RestoreHighlight { story, highlight } => {
            store.add_highlight(story, &highlight)?;
            Ok(Some(Outcome::HighlightRestored { story }))
        }
        Task::AddHighlight { story, highlight } => {
            let saved = store.add_highlight(story, &highlight)?;
            Ok(Some(Outcome::HighlightAdded {
                story,
                highlight: Box::new(saved),
            }))
        }
        Task::UpdateHighlight {
            story,
            id,
            color,
            note,
        } => {
            let (_, before) = store.highlight(id)?;
            store.update_highlight(id, color, note)?;
            Ok(Some(Outcome::NoteChanged {
                story,
                id,
                color: before.color,
                before: before.note,
            }))
        }
        Task::Undo(task) => {
            Ok(attempt(store, *task)?.map(|outcome| Outcome::Undone(Box::new(outcome))))
        }
        Task::Refresh(_)
        | Task::FetchFullText(_)
        | Task::OpenUrl(_)
        | Task::Launch(_)
        | Task::CopyWith { .. } => Ok(perform(store, task)),
    }
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
) -> Result<Outcome, StoreError> {
    let kept = match keep {
        Some(id) => Some((id, store.position_in(query, id)?)),
        None => None,
    };
    let offset = match kept {
        Some((_, Some(index))) => index.saturating_sub(limit / 3),
        _ => offset,
    };
    let window = Window { offset, limit };
    // A view's rows and its count together: words are then looked up in the index once.
    let (stories, counts) = if count {
        let listing = store.query_page(query, window)?;
        let counts = Counts {
            total: listing.total,
            unread: store.counts()?.unread,
        };
        (listing.stories, Some(counts))
    } else {
        (store.query(query, window)?, None)
    };
    Ok(Outcome::Window {
        generation,
        offset,
        counts,
        stories,
        kept,
    })
}

/// Downloads a story's full article, saves it, and hands the story back to be shown in place.
fn full_text(store: &mut Store, id: ArticleId) -> Outcome {
    let Ok(article) = store.get(id) else {
        return Outcome::Failed("the story is gone".into());
    };
    let Some(url) = article.url.clone() else {
        return Outcome::Failed("this story has no web address to download".into());
    };
    let job = crate::fetch::Job {
        id,
        url,
        kind: crate::fetch::Kind::FullText {
            only_if_longer: false,
        },
    };
    let done = crate::fetch::run(store, vec![job], &mut |_, _, _| {});
    match done.first().map(|d| &d.result) {
        Some(Ok(_)) => match (store.get(id), store.mentions(id)) {
            (Ok(article), Ok(mentions)) => Outcome::ArticleLoaded(Box::new(article), mentions),
            (Err(error), _) | (_, Err(error)) => Outcome::Failed(error.to_string()),
        },
        Some(Err(reason)) => Outcome::Failed(format!(
            "full article not downloaded: {reason}; `newsdesk fetch` tries again"
        )),
        None => Outcome::Failed("full article not downloaded".into()),
    }
}

/// The sync server the refresh key syncs with instead of fetching feeds, set once when the
/// reader starts with a `[sync]` section.
pub static SYNC_WITH: std::sync::OnceLock<crate::sync::SyncConfig> = std::sync::OnceLock::new();

/// Refreshes the subscriptions `options` choose (or, with sync set up, syncs) and says how it
/// went.
fn refresh(store: &mut Store, options: &crate::subscriptions::Options) -> Outcome {
    if let Some(config) = SYNC_WITH.get() {
        return match crate::sync::sync(store, config, &mut |_| {}) {
            Ok(report) => Outcome::Refreshed {
                feeds: store.feeds().map_or(0, |f| f.len()),
                new: report.stories_added,
                failed: 0,
            },
            Err(error) => Outcome::Failed(format!("sync failed: {error}")),
        };
    }
    match crate::subscriptions::refresh_with(store, options, &mut |_, _| {}) {
        Ok(reports) => Outcome::Refreshed {
            feeds: reports.len(),
            new: reports.iter().map(|r| r.new).sum(),
            failed: reports.iter().filter(|r| r.error.is_some()).count(),
        },
        Err(error) => Outcome::Failed(format!("refresh failed: {error}")),
    }
}

/// Starts the worker; it stops when every task sender is dropped, after finishing what it has,
/// and returns a description of each change it could not save.
///
/// Changes (read state, bookmarks, tags, the reading position) wait in a [`PendingWrites`]
/// queue while another program holds the write lock, and are tried again every
/// [`RETRY_EVERY`]; meanwhile list and story loads go on, since reads never need the lock.
/// A refresh of a library on disk runs on a thread of its own with its own connection, so
/// stories keep opening while feeds download; the reader notices the new stories when it ends.
pub fn spawn<E: Send + 'static>(
    mut store: Store,
    tasks: Receiver<Task>,
    outcomes: Sender<E>,
    wrap: fn(Outcome) -> E,
) -> JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut pending = PendingWrites::default();
        // A closed channel means the interface is gone; keep saving what is queued.
        let send = |found: Vec<Outcome>| {
            for outcome in found {
                let _ = outcomes.send(wrap(outcome));
            }
        };
        loop {
            let first = if pending.is_empty() {
                match tasks.recv() {
                    Ok(task) => task,
                    Err(_) => break,
                }
            } else {
                match tasks.recv_timeout(RETRY_EVERY) {
                    Ok(task) => task,
                    Err(RecvTimeoutError::Timeout) => {
                        send(pending.flush(&mut store, Instant::now()));
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            };
            let mut batch = vec![first];
            batch.extend(tasks.try_iter());
            for task in skip_superseded(batch) {
                if matches!(task, Task::Refresh(_) | Task::FetchFullText(_))
                    && let Some(path) = store.path()
                {
                    let outcomes = outcomes.clone();
                    std::thread::spawn(move || {
                        let outcome = match Store::open(&path) {
                            Ok(mut own) => match task {
                                Task::Refresh(options) => refresh(&mut own, &options),
                                Task::FetchFullText(id) => full_text(&mut own, id),
                                _ => Outcome::Failed("not a download".into()),
                            },
                            Err(error) => Outcome::Failed(format!("refresh failed: {error}")),
                        };
                        let _ = outcomes.send(wrap(outcome));
                    });
                } else if PendingWrites::is_change(&task) {
                    let was_waiting = !pending.is_empty();
                    pending.push(task, Instant::now());
                    // Behind a change already waiting for the lock, this one waits for the timer.
                    if !was_waiting {
                        send(pending.flush(&mut store, Instant::now()));
                    }
                } else if task == Task::AnalyseStale {
                    // Analysis writes too; when the lock is taken it waits for the next start.
                    match with_short_wait(&mut store, |store| attempt(store, Task::AnalyseStale)) {
                        Ok(found) => send(found.into_iter().collect()),
                        Err(error) if error.is_busy() => {}
                        Err(error) => send(vec![Outcome::Failed(error.to_string())]),
                    }
                } else {
                    send(perform(&mut store, task).into_iter().collect());
                }
            }
        }
        pending.drain(&mut store)
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
/// Starts a program without the terminal, `input` on its standard input; reaped when it exits.
fn launch(command: &[String], input: Option<String>) -> Result<(), String> {
    let Some((program, args)) = command.split_first() else {
        return Err("no program given; check [links] in the config".into());
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}; check [links] in the config"))?;
    let stdin = child.stdin.take();
    std::thread::spawn(move || {
        if let (Some(mut stdin), Some(text)) = (stdin, input) {
            let _ = std::io::Write::write_all(&mut stdin, text.as_bytes());
        }
        let _ = child.wait();
    });
    Ok(())
}

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
    use std::time::Duration;

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

    #[test]
    fn story_loads_are_answered_while_a_tag_change_waits_for_another_writer() {
        let (_dir, store, other) = crate::tui::writes::tests::locked_library();
        let (task_tx, task_rx) = std::sync::mpsc::channel();
        let (out_tx, out_rx) = std::sync::mpsc::channel();
        let worker = spawn(store, task_rx, out_tx, |o| o);
        task_tx
            .send(Task::ChangeTags {
                story: 1,
                add: vec!["x".into()],
                remove: Vec::new(),
            })
            .expect("send");
        task_tx.send(Task::LoadArticle(1)).expect("send");
        let first = out_rx.recv().expect("outcome");
        assert!(matches!(first, Outcome::ArticleLoaded(..)), "{first:?}");
        std::thread::sleep(Duration::from_millis(600));
        other.execute_batch("COMMIT").expect("release");
        let saved = out_rx
            .iter()
            .find(|o| !matches!(o, Outcome::Notice(_)))
            .expect("outcome");
        assert!(
            matches!(&saved, Outcome::TagsChanged { tags, .. } if tags == &["x"]),
            "{saved:?}"
        );
        drop(task_tx);
        assert!(worker.join().expect("join").is_empty());
    }
}
