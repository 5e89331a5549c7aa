//! Tags: adding and removing them on stories, listing them with counts, renaming and merging.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, link_tag};
use crate::article::{ArticleId, TagCount};

/// What a rename did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renamed {
    /// The tag took the new name.
    Renamed,
    /// A tag with the new name existed; the old one was merged into it.
    Merged,
}

impl Store {
    /// Every tag in use, alphabetically, with its story count.
    ///
    /// # Errors
    /// On a database failure.
    pub fn tags(&self) -> Result<Vec<TagCount>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name, c.total FROM tags t \
             JOIN tag_counts c ON c.tag_id = t.id WHERE c.total > 0 ORDER BY t.key",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(TagCount {
                name: row.get(0)?,
                stories: usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds and removes tags on stories in one transaction; tags left on no story disappear.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when a story does not exist; nothing is changed then.
    pub fn change_tags(
        &mut self,
        ids: &[ArticleId],
        add: &[String],
        remove: &[String],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for &id in ids {
            let exists: Option<i64> = tx
                .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |row| {
                    row.get(0)
                })
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound(id));
            }
            for tag in add {
                link_tag(&tx, id, tag)?;
            }
            for tag in remove {
                tx.execute(
                    "DELETE FROM article_tags WHERE article_id = ?1 \
                     AND tag_id IN (SELECT id FROM tags WHERE key = ?2)",
                    params![id, tag.trim().to_lowercase()],
                )?;
            }
        }
        tx.execute(
            "DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Renames a tag everywhere; when `new` already exists the two are merged.
    ///
    /// # Errors
    /// [`StoreError::NoSuchTag`] when `old` is not in use, or the new name is empty.
    pub fn rename_tag(&mut self, old: &str, new: &str) -> Result<Renamed, StoreError> {
        let new = new.trim();
        if new.is_empty() {
            return Err(StoreError::EmptyTag);
        }
        let tx = self.conn.transaction()?;
        let old_id: i64 = tx
            .query_row(
                "SELECT id FROM tags WHERE key = ?1",
                [old.trim().to_lowercase()],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchTag(old.to_owned()))?;
        let target: Option<i64> = tx
            .query_row(
                "SELECT id FROM tags WHERE key = ?1 AND id != ?2",
                params![new.to_lowercase(), old_id],
                |row| row.get(0),
            )
            .optional()?;
        let outcome = match target {
            Some(target) => {
                tx.execute(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id) \
                     SELECT article_id, ?1 FROM article_tags WHERE tag_id = ?2",
                    params![target, old_id],
                )?;
                tx.execute("DELETE FROM tags WHERE id = ?1", [old_id])?;
                Renamed::Merged
            }
            None => {
                tx.execute(
                    "UPDATE tags SET name = ?1, key = ?2 WHERE id = ?3",
                    params![new, new.to_lowercase(), old_id],
                )?;
                Renamed::Renamed
            }
        };
        tx.commit()?;
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::store::Inserted;

    fn store_with(n: usize) -> (Store, Vec<ArticleId>) {
        let mut store = Store::open_in_memory().expect("store");
        let ids = (0..n)
            .map(
                |i| match store.insert(&Article::new(format!("T{i}"), format!("body {i}"))) {
                    Ok(Inserted::New(id)) => id,
                    other => panic!("{other:?}"),
                },
            )
            .collect();
        (store, ids)
    }

    #[test]
    fn tags_are_added_removed_and_counted() {
        let (mut store, ids) = store_with(3);
        store
            .change_tags(&ids, &["Politics".into(), " latam ".into()], &[])
            .expect("add");
        store
            .change_tags(&ids[..1], &[], &["LATAM".into()])
            .expect("remove");
        let tags = store.tags().expect("tags");
        assert_eq!(
            tags,
            vec![
                TagCount {
                    name: "latam".into(),
                    stories: 2
                },
                TagCount {
                    name: "Politics".into(),
                    stories: 3
                },
            ]
        );
        store
            .change_tags(&ids, &[], &["politics".into(), "latam".into()])
            .expect("remove");
        assert!(
            store.tags().expect("tags").is_empty(),
            "unused tags disappear"
        );
    }

    #[test]
    fn tagging_a_missing_story_changes_nothing() {
        let (mut store, ids) = store_with(1);
        let error = store
            .change_tags(&[ids[0], 99], &["x".into()], &[])
            .expect_err("fail");
        assert!(matches!(error, StoreError::NotFound(99)));
        assert!(store.tags().expect("tags").is_empty());
    }

    #[test]
    fn renaming_onto_an_existing_tag_merges() {
        let (mut store, ids) = store_with(3);
        store
            .change_tags(&ids[..2], &["draft".into()], &[])
            .expect("tag");
        store
            .change_tags(&ids[1..], &["Drafts".into()], &[])
            .expect("tag");
        assert_eq!(
            store.rename_tag("DRAFT", "drafts").expect("rename"),
            Renamed::Merged
        );
        assert_eq!(
            store.tags().expect("tags"),
            vec![TagCount {
                name: "Drafts".into(),
                stories: 3
            }]
        );
        assert_eq!(
            store.rename_tag("drafts", "Reading list").expect("rename"),
            Renamed::Renamed
        );
        assert_eq!(store.tags().expect("tags")[0].name, "Reading list");
        assert!(matches!(
            store.rename_tag("nope", "x"),
            Err(StoreError::NoSuchTag(_))
        ));
        assert!(matches!(
            store.rename_tag("reading list", "  "),
            Err(StoreError::EmptyTag)
        ));
    }
}
