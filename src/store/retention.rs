//! Keeping the library lean: old read stories from subscriptions are removed after a refresh
//! (`keep_days`) or by `newsdesk prune`, never one that is bookmarked, tagged or highlighted,
//! nor one saved by hand; the items removed are remembered so the next refresh does not bring
//! them back.

use rusqlite::{TransactionBehavior, params};

use super::{Feed, Store, StoreError};
use crate::article::ArticleId;

/// Schema step: the feed items removed by retention, so a refresh does not save them again.
pub(super) const MIGRATION: &str = r"
    CREATE TABLE pruned (
        feed_key TEXT NOT NULL,
        -- The item's id within its feed, else its address.
        item     TEXT NOT NULL,
        removed  INTEGER NOT NULL,
        PRIMARY KEY (feed_key, item)
    ) WITHOUT ROWID;
";

/// A story retention would remove: its id and title.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Prunable {
    pub id: ArticleId,
    pub title: String,
    /// The subscription it came from.
    pub feed: String,
}

impl Store {
    /// The stories of `feed` retention removes when it keeps `days` days: read, published (or
    /// saved) before then, from the feed (its name as their source and a feed key), and neither
    /// bookmarked, tagged nor highlighted.
    ///
    /// # Errors
    /// On a database failure.
    pub fn prunable(&self, feed: &Feed, days: u32, now: i64) -> Result<Vec<Prunable>, StoreError> {
        let cutoff = now - i64::from(days) * 86_400;
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.title FROM articles a \
             WHERE a.source_key = fold(?1) AND a.feed_key IS NOT NULL \
             AND a.read_at IS NOT NULL AND a.bookmarked_at IS NULL \
             AND coalesce(a.published, a.saved) < ?2 \
             AND NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id) \
             AND NOT EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id) \
             ORDER BY a.id",
        )?;
        let rows = stmt.query_map(params![feed.name(), cutoff], |row| {
            Ok(Prunable {
                id: row.get(0)?,
                title: row.get(1)?,
                feed: feed.name().to_owned(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Removes these stories in one transaction, remembering their feed items; returns how many
    /// were removed.
    ///
    /// # Errors
    /// On a database failure; then nothing was removed.
    pub fn prune(&mut self, ids: &[ArticleId]) -> Result<usize, StoreError> {
        let now = chrono::Utc::now().timestamp();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut removed = 0;
        {
            let mut remember = tx.prepare_cached(
                "INSERT OR REPLACE INTO pruned (feed_key, item, removed) \
                 SELECT feed_key, coalesce(guid, url), ?2 FROM articles \
                 WHERE id = ?1 AND feed_key IS NOT NULL AND coalesce(guid, url) IS NOT NULL",
            )?;
            let mut delete = tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?;
            for &id in ids {
                remember.execute(params![id, now])?;
                removed += delete.execute([id])?;
            }
        }
        tx.execute(
            "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)",
            [],
        )?;
        tx.commit()?;
        Ok(removed)
    }

    /// Whether retention removed this feed item (by its id, else its address).
    ///
    /// # Errors
    /// On a database failure.
    pub fn was_pruned(
        &self,
        feed_key: &str,
        guid: Option<&str>,
        url: Option<&str>,
    ) -> Result<bool, StoreError> {
        let Some(item) = guid.or(url) else {
            return Ok(false);
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM pruned WHERE feed_key = ?1 AND item = ?2")?;
        Ok(stmt.exists(params![feed_key, item])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::store::Inserted;

    fn feed_story(store: &mut Store, guid: &str, days_old: i64, now: i64) -> ArticleId {
        let mut story = Article::new(format!("Story {guid}"), format!("Text of {guid}."));
        story.source = Some("Wire".into());
        story.feed_key = Some("https://wire.example/".into());
        story.guid = Some(guid.into());
        story.published = chrono::DateTime::from_timestamp(now - days_old * 86_400, 0);
        story.read = true;
        let Inserted::New(id) = store.insert(&story).expect("insert") else {
            panic!("new")
        };
        id
    }

    #[test]
    fn only_old_read_untouched_feed_stories_go_and_do_not_come_back() {
        let mut store = Store::open_in_memory().expect("store");
        let now = chrono::Utc::now().timestamp();
        store
            .add_feed("https://wire.example/rss", Some("Wire"))
            .expect("feed");
        let feed = store.feed("1").expect("feed");
        let old = feed_story(&mut store, "old", 40, now);
        let recent = feed_story(&mut store, "recent", 2, now);
        let kept = feed_story(&mut store, "bookmarked", 40, now);
        store.set_bookmarked(kept, true).expect("bookmark");
        let tagged = feed_story(&mut store, "tagged", 40, now);
        store
            .change_tags(&[tagged], &["keep".to_owned()], &[])
            .expect("tag");
        let unread = feed_story(&mut store, "unread", 40, now);
        store.set_read(unread, false).expect("unread");
        let mut by_hand = Article::new("Mine", "Saved by hand.");
        by_hand.source = Some("Wire".into());
        by_hand.read = true;
        by_hand.published = chrono::DateTime::from_timestamp(now - 90 * 86_400, 0);
        store.insert(&by_hand).expect("insert");

        let found = store.prunable(&feed, 30, now).expect("prunable");
        assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), vec![old]);
        assert_eq!(store.prune(&[old]).expect("prune"), 1);
        assert!(store.get(old).is_err());
        assert!(store.get(recent).is_ok());
        assert!(
            store
                .was_pruned("https://wire.example/", Some("old"), None)
                .expect("pruned")
        );
        assert!(
            !store
                .was_pruned("https://wire.example/", Some("recent"), None)
                .expect("kept")
        );
        assert!(
            !store
                .was_pruned("https://other.example/", Some("old"), None)
                .expect("other feed")
        );
    }
}
