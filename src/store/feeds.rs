//! Feed subscriptions: the addresses `newsdesk refresh` reads, how the last refresh went, when
//! each is next due, the validators for conditional requests, and per-feed settings.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::{Store, StoreError};

/// Schema step for subscriptions that stay fresh: caching validators, the schedule, and the
/// per-feed settings. Appended to the migrations by `schema.rs`.
pub(super) const MIGRATION: &str = r"
    -- Validators sent back as If-None-Match / If-Modified-Since, and a hash of the last body,
    -- so an unchanged feed costs neither a parse nor a write.
    ALTER TABLE feeds ADD COLUMN etag TEXT;
    ALTER TABLE feeds ADD COLUMN last_modified TEXT;
    ALTER TABLE feeds ADD COLUMN body_hash TEXT;
    -- When the last download worked; NULL until one has.
    ALTER TABLE feeds ADD COLUMN last_success INTEGER;
    -- When the feed is due again (NULL: now), and failures in a row for the back-off.
    ALTER TABLE feeds ADD COLUMN next_due INTEGER;
    ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
    -- Seconds the feed asks between downloads (<ttl>, sy:updatePeriod, Cache-Control max-age).
    ALTER TABLE feeds ADD COLUMN refresh_hint INTEGER;
    -- Settings: a title shown instead of the feed's, tags (JSON array) given to every new item,
    -- full text auto|always|never (NULL: auto), refresh interval in seconds (NULL: the
    -- default), an ignore rule in the query language, and days to keep read stories.
    ALTER TABLE feeds ADD COLUMN title_override TEXT;
    ALTER TABLE feeds ADD COLUMN tags TEXT;
    ALTER TABLE feeds ADD COLUMN full_text TEXT;
    ALTER TABLE feeds ADD COLUMN interval INTEGER;
    ALTER TABLE feeds ADD COLUMN ignore TEXT;
    ALTER TABLE feeds ADD COLUMN keep_days INTEGER;
";

/// One subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feed {
    pub id: i64,
    /// A web address, or the absolute path of a feed kept on disk.
    pub url: String,
    /// The feed's own title, from its last download.
    pub title: Option<String>,
    pub last_checked: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// When a download last worked.
    pub last_success: Option<DateTime<Utc>>,
    /// When the feed is due again; `None` means now.
    pub next_due: Option<DateTime<Utc>>,
    /// Failures in a row; the wait before the next try doubles with each.
    pub failures: u32,
    /// Seconds the feed itself asks between downloads.
    pub refresh_hint: Option<u64>,
    pub settings: FeedSettings,
}

impl Feed {
    /// What the feed is called: the title set by the user, else the feed's own, else its address.
    #[must_use]
    pub fn name(&self) -> &str {
        self.settings
            .title
            .as_deref()
            .or(self.title.as_deref())
            .unwrap_or(&self.url)
    }
}

/// Whether to download the linked page of items that carry only a summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FullText {
    /// Only for items whose text looks like a summary.
    #[default]
    Auto,
    /// For every item with a link.
    Always,
    /// Never; keep what the feed gives.
    Never,
}

impl FullText {
    /// The word stored and shown.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Always => "always",
            Self::Never => "never",
        }
    }

    fn parse(text: Option<&str>) -> Self {
        text.and_then(|t| t.parse().ok()).unwrap_or_default()
    }
}

impl std::str::FromStr for FullText {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "always" => Ok(Self::Always),
            "never" => Ok(Self::Never),
            other => Err(format!(
                "full text must be auto, always or never, not {other:?}"
            )),
        }
    }
}

/// What a user set for one feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FeedSettings {
    /// Shown (and given to its stories as their source) instead of the feed's own title.
    pub title: Option<String>,
    /// Given to every new story of the feed.
    pub tags: Vec<String>,
    pub full_text: FullText,
    /// Seconds between refreshes, instead of the default.
    pub interval: Option<u64>,
    /// Items this query matches are not saved.
    pub ignore: Option<String>,
    /// Read stories older than this many days are removed after a refresh.
    pub keep_days: Option<u32>,
}

/// What a refresh needs from last time: validators and the hash of the last body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body_hash: Option<String>,
}

/// How one refresh of a feed went, as recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefreshRecord {
    /// The feed's title, when the download gave one.
    pub title: Option<String>,
    /// Why it failed; `None` when it worked (unchanged counts as worked).
    pub error: Option<String>,
    /// Validators and body hash to keep; ignored on failure (the old ones stay).
    pub state: FetchState,
    pub refresh_hint: Option<u64>,
    pub failures: u32,
    pub next_due: Option<DateTime<Utc>>,
}

/// The columns [`feed_from_row`] reads, in order.
const FEED_COLUMNS: &str = "id, url, title, last_checked, last_error, last_success, next_due, \
     failures, refresh_hint, title_override, tags, full_text, interval, ignore, keep_days";

fn time(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    Ok(row
        .get::<_, Option<i64>>(index)?
        .and_then(|s| DateTime::from_timestamp(s, 0)))
}

fn seconds(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<u64>> {
    Ok(row
        .get::<_, Option<i64>>(index)?
        .and_then(|s| u64::try_from(s).ok()))
}

/// Seconds as SQLite stores them; a value past `i64::MAX` is kept as the largest there is.
fn stored(value: Option<u64>) -> Option<i64> {
    value.map(|v| i64::try_from(v).unwrap_or(i64::MAX))
}

fn feed_from_row(row: &Row<'_>) -> rusqlite::Result<Feed> {
    let tags: Option<String> = row.get(10)?;
    Ok(Feed {
        id: row.get(0)?,
        url: row.get(1)?,
        title: row.get(2)?,
        last_checked: time(row, 3)?,
        last_error: row.get(4)?,
        last_success: time(row, 5)?,
        next_due: time(row, 6)?,
        failures: row.get(7)?,
        refresh_hint: seconds(row, 8)?,
        settings: FeedSettings {
            title: row.get(9)?,
            tags: tags
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default(),
            full_text: FullText::parse(row.get::<_, Option<String>>(11)?.as_deref()),
            interval: seconds(row, 12)?,
            ignore: row.get(13)?,
            keep_days: row.get(14)?,
        },
    })
}

impl Store {
    /// Subscribes to a feed; returns its id and whether it was new.
    ///
    /// # Errors
    /// On a database failure.
    pub fn add_feed(&self, url: &str, title: Option<&str>) -> Result<(i64, bool), StoreError> {
        let existing: Option<i64> = self
            .conn
            .query_row("SELECT id FROM feeds WHERE url = ?1", [url], |row| {
                row.get(0)
            })
            .optional()?;
        if let Some(id) = existing {
            return Ok((id, false));
        }
        self.conn.execute(
            "INSERT INTO feeds (url, title, added) VALUES (?1, ?2, ?3)",
            params![url, title, Utc::now().timestamp()],
        )?;
        Ok((self.conn.last_insert_rowid(), true))
    }

    /// Every subscription, in the order they were added.
    ///
    /// # Errors
    /// On a database failure.
    pub fn feeds(&self) -> Result<Vec<Feed>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY id"))?;
        let rows = stmt.query_map([], feed_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One subscription by address or id.
    ///
    /// # Errors
    /// [`StoreError::NoSuchFeed`] when nothing matches.
    pub fn feed(&self, url_or_id: &str) -> Result<Feed, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?1 OR CAST(id AS TEXT) = ?1 \
                     ORDER BY url = ?1 DESC LIMIT 1"
                ),
                [url_or_id],
                feed_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchFeed(url_or_id.to_owned()))
    }

    /// Unsubscribes by address or id; the stories already saved stay.
    ///
    /// # Errors
    /// [`StoreError::NoSuchFeed`] when nothing matches.
    pub fn remove_feed(&self, url_or_id: &str) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "DELETE FROM feeds WHERE url = ?1 OR CAST(id AS TEXT) = ?1",
            [url_or_id],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(url_or_id.to_owned()));
        }
        Ok(())
    }

    /// The validators and body hash of a feed's last good download.
    ///
    /// # Errors
    /// On a database failure.
    pub fn fetch_state(&self, id: i64) -> Result<FetchState, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT etag, last_modified, body_hash FROM feeds WHERE id = ?1",
                [id],
                |row| {
                    Ok(FetchState {
                        etag: row.get(0)?,
                        last_modified: row.get(1)?,
                        body_hash: row.get(2)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Records a refresh: the title, the failure if there was one, the schedule, and on
    /// success the validators for the next conditional request.
    ///
    /// # Errors
    /// On a database failure.
    pub fn record_refresh(&self, id: i64, record: &RefreshRecord) -> Result<(), StoreError> {
        let now = Utc::now().timestamp();
        let ok = record.error.is_none();
        self.conn.execute(
            "UPDATE feeds SET title = coalesce(?2, title), last_checked = ?3, last_error = ?4, \
             failures = ?5, next_due = ?6, \
             last_success = CASE WHEN ?7 THEN ?3 ELSE last_success END, \
             etag = CASE WHEN ?7 THEN ?8 ELSE etag END, \
             last_modified = CASE WHEN ?7 THEN ?9 ELSE last_modified END, \
             body_hash = CASE WHEN ?7 THEN ?10 ELSE body_hash END, \
             refresh_hint = CASE WHEN ?7 THEN ?11 ELSE refresh_hint END \
             WHERE id = ?1",
            params![
                id,
                record.title,
                now,
                record.error,
                record.failures,
                record.next_due.map(|d| d.timestamp()),
                ok,
                record.state.etag,
                record.state.last_modified,
                record.state.body_hash,
                stored(record.refresh_hint),
            ],
        )?;
        Ok(())
    }

    /// Replaces a feed's settings.
    ///
    /// # Errors
    /// On a database failure.
    pub fn set_feed_settings(&self, id: i64, settings: &FeedSettings) -> Result<(), StoreError> {
        let tags = (!settings.tags.is_empty())
            .then(|| serde_json::to_string(&settings.tags).unwrap_or_default());
        let full_text = (settings.full_text != FullText::Auto).then(|| settings.full_text.as_str());
        self.conn.execute(
            "UPDATE feeds SET title_override = ?2, tags = ?3, full_text = ?4, interval = ?5, \
             ignore = ?6, keep_days = ?7 WHERE id = ?1",
            params![
                id,
                settings.title,
                tags,
                full_text,
                stored(settings.interval),
                settings.ignore,
                settings.keep_days,
            ],
        )?;
        Ok(())
    }

    /// Stories and unread stories of every subscription, by feed id: the stories whose source is
    /// the feed's name, as the sidebar counts them.
    ///
    /// # Errors
    /// On a database failure.
    pub fn feed_story_counts(
        &self,
    ) -> Result<std::collections::HashMap<i64, (i64, i64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.id, count(a.id), count(a.id) - count(a.read_at) FROM feeds f \
             LEFT JOIN articles a ON a.source_key = fold(coalesce(f.title_override, f.title, f.url)) \
             GROUP BY f.id",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshes_keep_validators_only_when_they_worked() {
        let store = Store::open_in_memory().expect("store");
        let (id, new) = store.add_feed("https://a.example/rss", None).expect("add");
        assert!(new);
        assert!(
            !store
                .add_feed("https://a.example/rss", None)
                .expect("again")
                .1
        );
        let good = RefreshRecord {
            title: Some("A".into()),
            state: FetchState {
                etag: Some("\"v1\"".into()),
                last_modified: None,
                body_hash: Some("h".into()),
            },
            refresh_hint: Some(600),
            next_due: DateTime::from_timestamp(2_000_000_000, 0),
            ..RefreshRecord::default()
        };
        store.record_refresh(id, &good).expect("record");
        let bad = RefreshRecord {
            error: Some("HTTP 500".into()),
            failures: 1,
            ..RefreshRecord::default()
        };
        store.record_refresh(id, &bad).expect("record");
        assert_eq!(store.fetch_state(id).expect("state"), good.state);
        let feed = store.feed(&id.to_string()).expect("feed");
        assert_eq!(feed.failures, 1);
        assert_eq!(feed.last_error.as_deref(), Some("HTTP 500"));
        assert!(feed.last_success.is_some());
        assert_eq!(feed.refresh_hint, Some(600));
        assert_eq!(feed.name(), "A");
        assert!(matches!(
            store.feed("https://b.example/rss"),
            Err(StoreError::NoSuchFeed(_))
        ));
    }

    #[test]
    fn settings_round_trip() {
        let store = Store::open_in_memory().expect("store");
        let (id, _) = store
            .add_feed("https://a.example/rss", Some("A"))
            .expect("add");
        let settings = FeedSettings {
            title: Some("Mine".into()),
            tags: vec!["news".into(), "to read".into()],
            full_text: FullText::Always,
            interval: Some(7_200),
            ignore: Some("sponsored".into()),
            keep_days: Some(30),
        };
        store.set_feed_settings(id, &settings).expect("set");
        let feed = store.feed("https://a.example/rss").expect("feed");
        assert_eq!(feed.settings, settings);
        assert_eq!(feed.name(), "Mine");
        store
            .set_feed_settings(id, &FeedSettings::default())
            .expect("clear");
        assert_eq!(store.feed("1").expect("feed").name(), "A");
    }
}
