//! Background work: a thread that owns the store, takes [`Task`]s and answers with [`Outcome`]s,
//! so the interface never waits on the disk.

use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

use crate::article::{Article, ArticleId, ArticleSummary, Counts};
use crate::store::{Store, Window};

/// Work the update asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// Reload the story list and counts.
    LoadList,
    /// Fetch one story with its body for the reading pane.
    LoadArticle(ArticleId),
    SetRead(ArticleId, bool),
    SavePosition(ArticleId, u64),
    /// Hand a web address to the browser.
    OpenUrl(String),
}

/// What came of a task.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    ListLoaded {
        stories: Vec<ArticleSummary>,
        counts: Counts,
    },
    ArticleLoaded(Box<Article>),
    CountsChanged(Counts),
    /// Something went wrong; shown in the status bar.
    Failed(String),
}

/// Carries out one task against the store; `None` when there is nothing to report.
pub fn perform(store: &Store, task: Task) -> Option<Outcome> {
    let result = match task {
        Task::LoadList => store
            .list(Window::ALL)
            .and_then(|stories| Ok((stories, store.counts()?)))
            .map(|(stories, counts)| Some(Outcome::ListLoaded { stories, counts })),
        Task::LoadArticle(id) => store
            .get(id)
            .map(|article| Some(Outcome::ArticleLoaded(Box::new(article)))),
        Task::SetRead(id, read) => store
            .set_read(id, read)
            .and_then(|()| store.counts())
            .map(|counts| Some(Outcome::CountsChanged(counts))),
        Task::SavePosition(id, position) => store.set_position(id, position).map(|()| None),
        Task::OpenUrl(url) => return open_in_browser(&url).err().map(Outcome::Failed),
    };
    result.unwrap_or_else(|e| Some(Outcome::Failed(e.to_string())))
}

/// Starts the worker; it stops when every task sender is dropped, after finishing what it has.
pub fn spawn<E: Send + 'static>(
    store: Store,
    tasks: Receiver<Task>,
    outcomes: Sender<E>,
    wrap: fn(Outcome) -> E,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for task in tasks {
            if let Some(outcome) = perform(&store, task)
                && outcomes.send(wrap(outcome)).is_err()
            {
                // The interface is gone; keep saving what is queued, report nothing.
            }
        }
    })
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
