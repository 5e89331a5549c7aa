//! Full articles for feed items that carried only a summary: the downloaded story replaces the
//! body, the feed's summary is kept beside it, and a failed download is recorded on the story
//! so `newsdesk fetch` tries again.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::article::ArticleId;

/// Schema step: the kept summary and the reason a full article is still missing.
pub(super) const MIGRATION: &str = r"
    -- The feed's summary of a story whose body is the full article downloaded for it.
    ALTER TABLE articles ADD COLUMN summary TEXT;
    -- Why the full article of a summary-only feed item could not be downloaded; NULL when it
    -- was, or was never wanted. `newsdesk fetch` tries these again.
    ALTER TABLE articles ADD COLUMN full_text_error TEXT;
    CREATE INDEX articles_full_text_missing ON articles (id) WHERE full_text_error IS NOT NULL;
";

impl Store {
    /// Gives a story its full article, keeping the text it had as its summary.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no story has this id.
    pub fn set_full_text(&mut self, id: ArticleId, body: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let words = u32::try_from(body.split_whitespace().count()).unwrap_or(u32::MAX);
        let changed = tx.execute(
            "UPDATE articles SET summary = coalesce(summary, \
             (SELECT body FROM bodies WHERE article_id = ?1)), full_text_error = NULL, \
             words = ?2 WHERE id = ?1",
            params![id, words],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        tx.execute(
            "UPDATE bodies SET body = ?2 WHERE article_id = ?1",
            params![id, body],
        )?;
        super::highlights::reanchor_in(&tx, id, body)?;
        tx.commit()?;
        Ok(())
    }

    /// Records why a story's full article could not be downloaded (`None`: no longer wanted).
    ///
    /// # Errors
    /// On a database failure.
    pub fn set_full_text_error(
        &self,
        id: ArticleId,
        reason: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE articles SET full_text_error = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// Stories whose full article is still missing, with their addresses.
    ///
    /// # Errors
    /// On a database failure.
    pub fn full_text_missing(&self) -> Result<Vec<(ArticleId, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url FROM articles WHERE full_text_error IS NOT NULL AND url IS NOT NULL \
             ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The feed's summary of a story given its full article, and why a full article is missing.
    ///
    /// # Errors
    /// On a database failure.
    pub fn full_text_state(
        &self,
        id: ArticleId,
    ) -> Result<(Option<String>, Option<String>), StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT summary, full_text_error FROM articles WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .unwrap_or((None, None)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::store::Inserted;

    #[test]
    fn the_full_article_replaces_the_body_and_the_summary_stays() {
        let mut store = Store::open_in_memory().expect("store");
        let mut story = Article::new("Pier", "The pier reopens…");
        story.url = Some("https://x.example/pier".into());
        let Inserted::New(id) = store.insert(&story).expect("insert") else {
            panic!("new")
        };
        store
            .set_full_text_error(id, Some("HTTP 500"))
            .expect("error");
        assert_eq!(
            store.full_text_missing().expect("missing"),
            vec![(id, "https://x.example/pier".to_owned())]
        );
        store
            .set_full_text(id, "The pier reopens on Friday after two years of repairs.")
            .expect("full");
        assert!(store.full_text_missing().expect("missing").is_empty());
        assert_eq!(
            store.full_text_state(id).expect("state"),
            (Some("The pier reopens…".to_owned()), None)
        );
        assert!(store.body(id).expect("body").contains("two years"));
        // Fetched again, the summary is still the feed's.
        store.set_full_text(id, "Longer still.").expect("again");
        assert_eq!(
            store.full_text_state(id).expect("state").0.as_deref(),
            Some("The pier reopens…")
        );
        assert!(matches!(
            store.set_full_text(999, "x"),
            Err(StoreError::NotFound(999))
        ));
    }
}
