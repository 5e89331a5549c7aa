//! Changes made in the reader that wait for the library's write lock: kept in order, tried again
//! until saved, and never dropped without saying so, while reads go on around them.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::worker::{Outcome, Task, attempt};
use crate::store::{self, Store, StoreError};

/// How long one attempt at a change waits for another program's write lock; short, so that
/// list and story loads queued behind it are not held up.
const WRITE_WAIT: Duration = Duration::from_millis(100);

/// How often waiting changes are tried again.
pub(super) const RETRY_EVERY: Duration = Duration::from_millis(250);

/// How long changes wait before the status line says they are waiting.
const WARN_AFTER: Duration = Duration::from_secs(2);

/// Attempts at a change that fails for a reason other than a busy library, before it is given
/// up and reported.
const MAX_FAILURES: u32 = 5;

/// One change and when it was asked for.
struct Waiting {
    task: Task,
    since: Instant,
    failures: u32,
}

/// The changes not saved yet, oldest first.
#[derive(Default)]
pub(super) struct PendingWrites {
    queue: VecDeque<Waiting>,
    /// The status line said that changes are waiting; it says so again when they are saved.
    warned: bool,
}

impl PendingWrites {
    /// Whether a task changes the library (and so may have to wait for the write lock).
    pub(super) fn is_change(task: &Task) -> bool {
        matches!(
            task,
            Task::SetRead { .. }
                | Task::SetBookmarked(..)
                | Task::ChangeTags { .. }
                | Task::SavePosition(..)
                | Task::MarkAllRead { .. }
                | Task::SetReadMany { .. }
                | Task::Remove(..)
                | Task::Restore(..)
                | Task::RemoveHighlight(..)
                | Task::RestoreHighlight { .. }
                | Task::AddHighlight { .. }
                | Task::UpdateHighlight { .. }
                | Task::Undo(..)
        )
    }

    /// Whether every change has been saved or reported.
    pub(super) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Queues a change behind those already waiting; a newer reading position replaces a waiting
    /// one for the same story, since only the last matters.
    pub(super) fn push(&mut self, task: Task, now: Instant) {
        if let Task::SavePosition(id, _) = task
            && let Some(older) = self
                .queue
                .iter_mut()
                .find(|w| matches!(w.task, Task::SavePosition(other, _) if other == id))
        {
            older.task = task;
            return;
        }
        self.queue.push_back(Waiting {
            task,
            since: now,
            failures: 0,
        });
    }

    /// Tries the waiting changes in order, each waiting only briefly for the lock, and stops at
    /// the first one another program holds up. Returns what to tell the interface.
    pub(super) fn flush(&mut self, store: &mut Store, now: Instant) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        while let Some(front) = self.queue.front_mut() {
            match with_short_wait(store, |store| attempt(store, front.task.clone())) {
                Ok(found) => {
                    self.queue.pop_front();
                    outcomes.extend(found);
                }
                Err(error) if error.is_busy() => {
                    if !self.warned && now.duration_since(front.since) >= WARN_AFTER {
                        self.warned = true;
                        outcomes.push(Outcome::Notice(format!(
                            "Another program is writing to the library: {} waiting to be saved, \
                             still trying",
                            changes(self.queue.len())
                        )));
                    }
                    break;
                }
                Err(error @ StoreError::NotFound(_)) => {
                    let what = describe(&front.task);
                    self.queue.pop_front();
                    outcomes.push(Outcome::Failed(format!("Not saved: {what}: {error}")));
                }
                Err(error) => {
                    front.failures += 1;
                    // A read-only or full library fails every attempt alike: say so at once.
                    if front.failures < MAX_FAILURES && !error.stops_writing() {
                        break;
                    }
                    let what = describe(&front.task);
                    self.queue.pop_front();
                    outcomes.push(Outcome::Failed(format!("Not saved: {what}: {error}")));
                }
            }
        }
        if self.queue.is_empty() && std::mem::take(&mut self.warned) {
            outcomes.push(Outcome::Notice("The waiting changes are saved".into()));
        }
        outcomes
    }

    /// Saves what is still waiting when the reader closes, waiting the store's full busy timeout
    /// for the lock (once: when it stays taken, the changes behind are not tried); returns a
    /// description of each change that could not be saved.
    pub(super) fn drain(self, store: &mut Store) -> Vec<String> {
        let mut unsaved = Vec::new();
        let mut blocked: Option<String> = None;
        for waiting in self.queue {
            let what = describe(&waiting.task);
            if let Some(reason) = &blocked {
                unsaved.push(format!("{what}: {reason}"));
                continue;
            }
            if let Err(error) = attempt(store, waiting.task) {
                if error.is_busy() {
                    blocked = Some(error.to_string());
                }
                unsaved.push(format!("{what}: {error}"));
            }
        }
        unsaved
    }
}

/// Runs a store call that waits only [`WRITE_WAIT`] for the write lock.
///
/// # Errors
/// The call's error; [`StoreError::Busy`] when another program held the lock.
pub(super) fn with_short_wait<T>(
    store: &mut Store,
    call: impl FnOnce(&mut Store) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    store.set_busy_timeout(WRITE_WAIT)?;
    let result = call(store);
    store.set_busy_timeout(store::BUSY_TIMEOUT)?;
    result
}

/// "1 change" or "3 changes".
fn changes(count: usize) -> String {
    if count == 1 {
        "1 change".into()
    } else {
        format!("{count} changes")
    }
}

/// What a change was, for a message saying it could not be saved.
fn describe(task: &Task) -> String {
    match task {
        Task::SetRead { id, read, .. } => {
            format!("marking #{id} {}", if *read { "read" } else { "unread" })
        }
        Task::SetBookmarked(id, on) => {
            format!(
                "{} #{id}",
                if *on { "bookmarking" } else { "unbookmarking" }
            )
        }
        Task::ChangeTags { story, add, remove } => {
            let mut edits: Vec<String> = add.iter().map(|t| format!("+{t}")).collect();
            edits.extend(remove.iter().map(|t| format!("-{t}")));
            format!(
                "tags {} on #{story}",
                crate::text::single_line(&edits.join(" "))
            )
        }
        Task::SavePosition(id, _) => format!("the reading position in #{id}"),
        Task::RemoveHighlight(id) => format!("deleting highlight {id}"),
        Task::RestoreHighlight { story, .. } | Task::AddHighlight { story, .. } => {
            format!("a highlight on #{story}")
        }
        Task::UpdateHighlight { id, .. } => format!("the note of highlight {id}"),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::article::Article;

    /// A library on disk with one story, and a second connection holding its write lock.
    pub(in crate::tui) fn locked_library() -> (tempfile::TempDir, Store, rusqlite::Connection) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("library.db");
        let mut store = Store::open(&path).expect("open");
        store
            .insert(&Article::new("Story", "Its text."))
            .expect("insert");
        let other = rusqlite::Connection::open(&path).expect("second connection");
        other
            .execute_batch("BEGIN IMMEDIATE; UPDATE articles SET position = 1;")
            .expect("lock");
        (dir, store, other)
    }

    fn tag(name: &str) -> Task {
        Task::ChangeTags {
            story: 1,
            add: vec![name.into()],
            remove: Vec::new(),
        }
    }

    #[test]
    fn a_change_waits_while_another_program_writes_and_is_saved_after() {
        let (_dir, mut store, other) = locked_library();
        let start = Instant::now();
        let mut pending = PendingWrites::default();
        pending.push(tag("first"), start);
        pending.push(tag("second"), start);
        assert!(pending.flush(&mut store, start).is_empty());
        // Reads go on meanwhile.
        assert!(matches!(
            attempt(&mut store, Task::LoadArticle(1)),
            Ok(Some(Outcome::ArticleLoaded(..)))
        ));
        let later = pending.flush(&mut store, start + WARN_AFTER);
        assert!(
            matches!(&later[..], [Outcome::Notice(text)] if text.contains("2 changes waiting")),
            "{later:?}"
        );
        other.execute_batch("COMMIT").expect("release");
        let saved = pending.flush(&mut store, start + WARN_AFTER * 2);
        assert!(pending.is_empty());
        assert!(
            matches!(&saved[..], [
                Outcome::TagsChanged { .. },
                Outcome::TagsChanged { tags, .. },
                Outcome::Notice(done),
            ] if tags == &["first", "second"] && done.contains("saved")),
            "{saved:?}"
        );
    }

    #[test]
    fn changes_still_locked_out_at_exit_are_named() {
        let (_dir, mut store, _other) = locked_library();
        store
            .set_busy_timeout(Duration::from_millis(10))
            .expect("timeout");
        let mut pending = PendingWrites::default();
        pending.push(tag("kept"), Instant::now());
        pending.push(Task::SavePosition(1, 10), Instant::now());
        pending.push(Task::SavePosition(1, 20), Instant::now());
        let unsaved = pending.drain(&mut store);
        assert_eq!(unsaved.len(), 2, "{unsaved:?}");
        assert!(unsaved[0].starts_with("tags +kept on #1: the library is busy"));
        assert!(unsaved[1].starts_with("the reading position in #1"));
    }

    #[test]
    fn a_change_to_a_removed_story_is_reported_not_retried() {
        let mut store = Store::open_in_memory().expect("store");
        let mut pending = PendingWrites::default();
        pending.push(Task::SetBookmarked(7, true), Instant::now());
        let outcomes = pending.flush(&mut store, Instant::now());
        assert!(pending.is_empty());
        assert!(
            matches!(&outcomes[..], [Outcome::Failed(text)] if text.contains("bookmarking #7")),
            "{outcomes:?}"
        );
    }
}
