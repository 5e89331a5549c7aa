//! Two-way sync with a feed server people already run: Miniflux's REST API (`miniflux.rs`) or
//! the Google Reader API of FreshRSS, Miniflux and others (`greader.rs`). The server fetches
//! the feeds; newsdesk downloads what changed since the last sync, merges read and starred
//! state with the changes queued in the library (the later change wins), and sends the rest.
//! It talks to the library only through the store's typed calls.

mod greader;
mod http;
mod miniflux;

use std::collections::HashMap;
use std::time::Duration;

use serde::Deserialize;

use crate::store::{Change, Queued, Store, StoreError};

/// The `[sync]` section of the config file.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    /// `miniflux` (its REST API) or `greader` (the Google Reader API).
    pub kind: Kind,
    /// The server's address, e.g. `https://rss.example.org` (for FreshRSS:
    /// `https://host/api/greader.php`).
    pub url: String,
    /// The account name; not needed with a Miniflux API token.
    #[serde(default)]
    pub username: Option<String>,
    /// A command whose standard output is the password, e.g. `pass show miniflux`.
    #[serde(default)]
    pub password_command: Option<String>,
    /// An environment variable holding the password.
    #[serde(default)]
    pub password_env: Option<String>,
    /// A command printing a Miniflux API token (Settings → API Keys), used instead of a password.
    #[serde(default)]
    pub token_command: Option<String>,
    /// An environment variable holding a Miniflux API token.
    #[serde(default)]
    pub token_env: Option<String>,
    /// Seconds to wait for any one answer from the server.
    #[serde(default = "default_timeout")]
    pub timeout: u64,
}

fn default_timeout() -> u64 {
    30
}

/// Which protocol the server speaks.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Miniflux,
    Greader,
}

/// Why a sync failed, in words for the terminal and the reader's header. None of them contains
/// the password or token.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "sync is not set up: add a [sync] section to the config file (see `newsdesk config \
         --default` and the README's \"Sync\" section)"
    )]
    NotConfigured,
    #[error("the [sync] section is incomplete: {0}")]
    Incomplete(String),
    #[error("cannot get the sync secret: {0}")]
    Secret(String),
    #[error(
        "the sync server {server} refused the credentials (HTTP {status}); check `username` and \
         the password or token that [sync] points at"
    )]
    Unauthorized { server: String, status: u16 },
    #[error(
        "cannot reach the sync server {server} ({cause}); changes stay queued and are sent at \
         the next sync"
    )]
    Unreachable { server: String, cause: String },
    #[error(
        "the sync server {server} did not answer within {seconds} s; changes stay queued and \
         are sent at the next sync"
    )]
    Timeout { server: String, seconds: u64 },
    #[error(
        "the sync server {server} sent an answer newsdesk cannot read ({what}); check that \
         `url` and `kind` in [sync] name the right server and API"
    )]
    Garbage { server: String, what: String },
    #[error("the sync server {server} answered HTTP {status} to {path}; try again later")]
    Http {
        server: String,
        status: u16,
        path: String,
    },
    #[error(
        "this library is linked to another sync server ({linked}); `newsdesk sync --unlink` \
         forgets that link (unsent changes are dropped, stories stay)"
    )]
    OtherServer { linked: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where a sync has got to, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Stories downloaded so far in this sync.
    pub stories: usize,
    /// Stories the server has to send in all, when it says.
    pub total: Option<usize>,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Subscriptions the server refused (an address it cannot read), with its status; they
    /// leave the queue, since sending them again would fail the same way.
    pub refused: Vec<String>,
    pub feeds_added: usize,
    pub feeds_removed: usize,
    pub stories_added: usize,
    /// Local stories whose read or starred state the server changed.
    pub stories_changed: usize,
    /// Queued changes the server now has.
    pub changes_sent: usize,
    /// HTTP requests made.
    pub requests: usize,
}

/// `newsdesk sync --status`: the link, the last sync, the queue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    pub server: Option<String>,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
    pub queued: usize,
    pub linked_stories: usize,
}

/// The secret that proves who we are, resolved from the config; never stored.
#[derive(Clone)]
pub(crate) enum Secret {
    Password { username: String, password: String },
    Token(String),
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

impl SyncConfig {
    /// The text that identifies the linked server in the library.
    fn identity(&self) -> String {
        let kind = match self.kind {
            Kind::Miniflux => "miniflux",
            Kind::Greader => "greader",
        };
        let user = self.username.as_deref().unwrap_or("(token)");
        format!("{kind} {} as {user}", self.url.trim_end_matches('/'))
    }

    /// Runs the password or token command, or reads the variable.
    fn secret(&self) -> Result<Secret, SyncError> {
        if let Some(token) =
            self.read_secret(self.token_command.as_deref(), self.token_env.as_deref())?
        {
            if self.kind == Kind::Greader {
                return Err(SyncError::Incomplete(
                    "an API token works with kind = \"miniflux\" only; give the Google Reader \
                     API password with password_command or password_env"
                        .to_owned(),
                ));
            }
            return Ok(Secret::Token(token));
        }
        let password = self
            .read_secret(
                self.password_command.as_deref(),
                self.password_env.as_deref(),
            )?
            .ok_or_else(|| {
                SyncError::Incomplete(
                    "give password_command or password_env (or, for Miniflux, token_command or \
                     token_env)"
                        .to_owned(),
                )
            })?;
        let username = self
            .username
            .clone()
            .ok_or_else(|| SyncError::Incomplete("give `username` with a password".to_owned()))?;
        Ok(Secret::Password { username, password })
    }

    fn read_secret(
        &self,
        command: Option<&str>,
        env: Option<&str>,
    ) -> Result<Option<String>, SyncError> {
        if let Some(command) = command {
            return run_secret_command(command).map(Some);
        }
        if let Some(name) = env {
            return match std::env::var(name) {
                Ok(value) if !value.trim().is_empty() => Ok(Some(value.trim().to_owned())),
                _ => Err(SyncError::Secret(format!(
                    "the environment variable {name} is not set"
                ))),
            };
        }
        Ok(None)
    }
}

/// Runs a secret command without a shell (words split as a shell would) and returns its trimmed
/// output; errors name the program and exit status, never the output.
fn run_secret_command(command: &str) -> Result<String, SyncError> {
    let words = shell_words::split(command)
        .map_err(|e| SyncError::Secret(format!("cannot split the command line ({e})")))?;
    let Some((program, args)) = words.split_first() else {
        return Err(SyncError::Secret("the command is empty".to_owned()));
    };
    let output = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| SyncError::Secret(format!("cannot run {program}: {e}")))?;
    if !output.status.success() {
        return Err(SyncError::Secret(format!(
            "{program} failed ({})",
            output.status
        )));
    }
    let secret = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if secret.is_empty() {
        return Err(SyncError::Secret(format!("{program} printed nothing")));
    }
    Ok(secret)
}

/// Syncs the library with the configured server: sends queued subscription changes, takes the
/// server's subscription list, downloads what changed, merges, and sends the queued story
/// changes. Progress is reported as pages arrive. The outcome (time or error) is recorded in
/// the library for `sync --status` and the reader's header.
///
/// # Errors
/// When the server cannot be reached, refuses the credentials or answers nonsense; what was
/// saved before stays saved, and unsent changes stay queued.
pub fn sync(
    store: &mut Store,
    config: &SyncConfig,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    let result = sync_inner(store, config, progress);
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    match &result {
        Ok(_) => {
            store.set_sync_value("last_sync", &now)?;
            store.set_sync_value("last_error", "")?;
        }
        Err(SyncError::Store(_) | SyncError::OtherServer { .. }) => {}
        Err(e) => store.set_sync_value("last_error", &format!("{now} {e}"))?,
    }
    result
}

fn sync_inner(
    store: &mut Store,
    config: &SyncConfig,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, SyncError> {
    let identity = config.identity();
    // The link is made once the server has answered (in the protocol's sync), so a mistyped
    // address or password does not tie the library to it.
    if let Some(linked) = store.sync_value("server")?
        && linked != identity
    {
        return Err(SyncError::OtherServer { linked });
    }
    let secret = config.secret()?;
    let http = http::Http::new(&config.url, Duration::from_secs(config.timeout.max(1)));
    let mut report = match config.kind {
        Kind::Miniflux => miniflux::sync(store, &http, &secret, &identity, progress)?,
        Kind::Greader => greader::sync(store, &http, &secret, &identity, progress)?,
    };
    report.requests = http.requests();
    Ok(report)
}

/// The link, last sync and queue, read from the library alone (no network).
///
/// # Errors
/// On a database failure.
pub fn status(store: &Store) -> Result<Status, StoreError> {
    let nonempty = |v: Option<String>| v.filter(|s| !s.is_empty());
    Ok(Status {
        server: store.sync_value("server")?,
        last_sync: nonempty(store.sync_value("last_sync")?),
        last_error: nonempty(store.sync_value("last_error")?),
        queued: store.sync_queue_len()?,
        linked_stories: store.sync_linked_stories()?,
    })
}

/// What to do about one field (read or starred) of one story the server reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    /// Neither side changed it.
    Nothing,
    /// The server changed it and no later local change exists: apply it, drop queued changes.
    TakeRemote,
    /// Both sides made the same change: drop the queued one.
    Agree,
    /// The local change is later (or the server did not change): send it.
    KeepLocal,
}

/// The conflict rule, for one field: `known` is the server's value at the last sync, `remote`
/// its value now, `queued` the last local change not yet sent (value, Unix time), and
/// `remote_at` when the server changed the story, if it says (Miniflux does, the Google Reader
/// API does not). The later change wins; without a server time, a change queued here wins,
/// since it was made after the last sync and the server's time is unknown.
pub(crate) fn merge(
    known: bool,
    remote: bool,
    queued: Option<(bool, i64)>,
    remote_at: Option<i64>,
) -> Merge {
    let remote_changed = known != remote;
    match (remote_changed, queued) {
        (false, None) => Merge::Nothing,
        (false, Some(_)) => Merge::KeepLocal,
        (true, None) => Merge::TakeRemote,
        (true, Some((value, _))) if value == remote => Merge::Agree,
        (true, Some((_, local_at))) => match remote_at {
            Some(remote_at) if remote_at >= local_at => Merge::TakeRemote,
            _ => Merge::KeepLocal,
        },
    }
}

/// The queue indexed by story: for each server id, the last read and starred change (value,
/// time) and the queue rows that made them.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    by_story: HashMap<String, PendingStory>,
}

#[derive(Debug, Default)]
pub(crate) struct PendingStory {
    read: Option<(bool, i64)>,
    starred: Option<(bool, i64)>,
    read_rows: Vec<i64>,
    starred_rows: Vec<i64>,
}

impl Pending {
    pub(crate) fn new(queue: &[Queued]) -> Self {
        let mut by_story: HashMap<String, PendingStory> = HashMap::new();
        for q in queue {
            match q.change {
                Change::Read(value) => {
                    let story = by_story.entry(q.remote_id.clone()).or_default();
                    story.read = Some((value, q.at));
                    story.read_rows.push(q.id);
                }
                Change::Starred(value) => {
                    let story = by_story.entry(q.remote_id.clone()).or_default();
                    story.starred = Some((value, q.at));
                    story.starred_rows.push(q.id);
                }
                _ => {}
            }
        }
        Self { by_story }
    }

    /// Merges the server's state of a known story with what is queued for it: returns what to
    /// record and the queue rows that are settled.
    pub(crate) fn settle(
        &self,
        remote_id: &str,
        known: (bool, bool),
        remote: (bool, bool),
        remote_at: Option<i64>,
    ) -> (crate::store::Seen, Vec<i64>) {
        let empty = PendingStory::default();
        let story = self.by_story.get(remote_id).unwrap_or(&empty);
        let mut dropped = Vec::new();
        let mut field = |known, remote, queued, rows: &Vec<i64>| match merge(
            known, remote, queued, remote_at,
        ) {
            Merge::TakeRemote => {
                dropped.extend(rows);
                Some(remote)
            }
            Merge::Agree => {
                dropped.extend(rows);
                None
            }
            Merge::Nothing | Merge::KeepLocal => None,
        };
        let apply_read = field(known.0, remote.0, story.read, &story.read_rows);
        let apply_starred = field(known.1, remote.1, story.starred, &story.starred_rows);
        (
            crate::store::Seen {
                remote_id: remote_id.to_owned(),
                read: remote.0,
                starred: remote.1,
                apply_read,
                apply_starred,
                tags: None,
            },
            dropped,
        )
    }
}

/// Server ids that get the same change: one request sends them all.
pub(crate) type Group = ((Field, bool), Vec<String>);

/// The queue's story changes reduced to the last one per story and field, grouped by what they
/// set: (field, value) → server ids, with every queue row they cover.
pub(crate) fn coalesce(queue: &[Queued]) -> (Vec<Group>, Vec<Queued>) {
    let mut last: HashMap<(String, Field), (bool, usize)> = HashMap::new();
    let mut covered = Vec::new();
    for (index, q) in queue.iter().enumerate() {
        let (field, value) = match &q.change {
            Change::Read(v) => (Field::Read, *v),
            Change::Starred(v) => (Field::Starred, *v),
            _ => continue,
        };
        last.insert((q.remote_id.clone(), field), (value, index));
        covered.push(q.clone());
    }
    // Each id with its position in the queue, to keep the order changes were made in.
    type Positioned = ((Field, bool), Vec<(usize, String)>);
    let mut groups: Vec<Positioned> = Vec::new();
    for ((remote_id, field), (value, index)) in last {
        match groups.iter_mut().find(|(key, _)| *key == (field, value)) {
            Some((_, ids)) => ids.push((index, remote_id)),
            None => groups.push(((field, value), vec![(index, remote_id)])),
        }
    }
    // Oldest change first, so the server sees them in the order they were made.
    groups.sort_by_key(|(_, ids)| ids.iter().map(|(i, _)| *i).min());
    let groups = groups
        .into_iter()
        .map(|(key, mut ids)| {
            ids.sort();
            (key, ids.into_iter().map(|(_, id)| id).collect())
        })
        .collect();
    // The rows sent also record the last value per field.
    let mut sent: Vec<Queued> = covered;
    sent.sort_by_key(|q| q.id);
    (groups, sent)
}

/// A story field that syncs both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    Read,
    Starred,
}

/// HTML content and enclosures as a story's text, the way feed stories keep it.
pub(crate) fn story_text(html: &str, enclosures: &[(String, String)]) -> String {
    let mut text = crate::html::to_text(html).with_link_list();
    for (url, kind) in enclosures {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        if kind.is_empty() {
            text.push_str(&format!("Enclosure: {url}"));
        } else {
            text.push_str(&format!("Enclosure ({kind}): {url}"));
        }
    }
    text
}

/// New stories (with their server ids) and the entities in their texts, found on every core
/// before the page is written in one transaction.
fn with_entities(stories: Vec<(String, crate::article::Article)>) -> Vec<crate::store::Arrival> {
    let texts: Vec<&str> = stories.iter().map(|(_, a)| a.body.as_str()).collect();
    let published: Vec<_> = stories.iter().map(|(_, a)| a.published).collect();
    let mentions = crate::library::mentions_of_all(&texts, &published);
    stories
        .into_iter()
        .zip(mentions)
        .map(|((remote_id, article), mentions)| crate::store::Arrival {
            remote_id,
            article,
            mentions,
        })
        .collect()
}

#[cfg(test)]
mod tests;
