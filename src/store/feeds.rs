//! Feed subscriptions: the addresses `newsdesk refresh` reads, with how the last refresh went.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Store, StoreError};

/// One subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feed {
    pub id: i64,
    /// A web address, or a file path for a feed kept on disk.
    pub url: String,
    pub title: Option<String>,
    pub last_checked: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url, title, last_checked, last_error FROM feeds ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(Feed {
                id: row.get(0)?,
                url: row.get(1)?,
                title: row.get(2)?,
                last_checked: row
                    .get::<_, Option<i64>>(3)?
                    .and_then(|s| DateTime::from_timestamp(s, 0)),
                last_error: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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

    /// Records a refresh: the feed's title when it has one, and the failure if there was one.
    ///
    /// # Errors
    /// On a database failure.
    pub fn record_refresh(
        &self,
        id: i64,
        title: Option<&str>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE feeds SET title = coalesce(?2, title), last_checked = ?3, last_error = ?4 \
             WHERE id = ?1",
            params![id, title, Utc::now().timestamp(), error],
        )?;
        Ok(())
    }
}
