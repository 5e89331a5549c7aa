//! The reading loop's side of the library: unread and total counts per subscription, tag and
//! view for the reader's sidebar, and read state changed for many stories at once.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Store, StoreError};
use crate::article::{ArticleId, Counts};
use crate::query::{Expr, Flag, Query, Term};

/// One subscription with its folder and the counts of its stories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedCounts {
    pub id: i64,
    /// The feed's title, or its address before the first refresh.
    pub title: String,
    /// The OPML folder (or one the user gave), `None` for feeds outside any folder.
    pub folder: Option<String>,
    pub counts: Counts,
}

/// Everything the sidebar shows a number for, counted in one pass of the worker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SidebarCounts {
    /// The whole library: every story, and how many are unread.
    pub all: Counts,
    pub bookmarked: Counts,
    /// One per query asked for (the saved views), in the same order.
    pub views: Vec<Counts>,
    /// Subscriptions ordered by folder, then title.
    pub feeds: Vec<FeedCounts>,
    /// Tags by name, each with its stories and how many of those are unread.
    pub tags: Vec<(String, Counts)>,
}

fn count(value: i64) -> usize {
    usize::try_from(value).unwrap_or(0)
}

/// A total and an unread count in two columns of a row, starting at `first`.
fn counts_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Counts> {
    Ok(Counts {
        total: count(row.get(first)?),
        unread: count(row.get(first + 1)?),
    })
}

impl Store {
    /// Counts for the sidebar: the library, bookmarks, each of `views`, each subscription (by
    /// its stories' source, as the `feed:` search term matches them) and each tag.
    ///
    /// The library, bookmark, source and tag numbers are read from counters that triggers keep
    /// (see `counters.rs`): a few hundred small rows, however many stories the library holds.
    /// Saved views are searches, counted as such.
    ///
    /// # Errors
    /// On a database failure.
    pub fn sidebar_counts(&self, views: &[Query]) -> Result<SidebarCounts, StoreError> {
        let mut all = Counts::default();
        let mut bookmarked = Counts::default();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT scope, total, unread FROM library_counts")?;
            let rows =
                stmt.query_map([], |row| Ok((row.get::<_, String>(0)?, counts_at(row, 1)?)))?;
            for row in rows {
                let (scope, counts) = row?;
                match scope.as_str() {
                    "all" => all = counts,
                    "bookmarked" => bookmarked = counts,
                    _ => {}
                }
            }
        }
        let views = views
            .iter()
            .map(|query| match self.kept_counts(query, all, bookmarked)? {
                Some(counts) => Ok(counts),
                None => self.query_counts(query),
            })
            .collect::<Result<_, StoreError>>()?;
        let by_source: HashMap<String, Counts> = self
            .conn
            .prepare_cached("SELECT source_key, total, unread FROM source_counts")?
            .query_map([], |row| Ok((row.get::<_, String>(0)?, counts_at(row, 1)?)))?
            .collect::<Result<_, _>>()?;
        let mut feeds = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, coalesce(title_override, title, url), folder FROM feeds \
                 ORDER BY folder IS NOT NULL, fold(folder), fold(coalesce(title, url)), id",
            )?;
            let rows = stmt.query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (id, title, folder) = row?;
                let counts = by_source
                    .get(&crate::text::fold(&title))
                    .copied()
                    .unwrap_or_default();
                feeds.push(FeedCounts {
                    id,
                    title,
                    folder,
                    counts,
                });
            }
        }
        let tags = self
            .conn
            .prepare_cached(
                "SELECT t.name, c.total, c.unread FROM tags t \
                 JOIN tag_counts c ON c.tag_id = t.id WHERE c.total > 0 ORDER BY t.key",
            )?
            .query_map([], |row| Ok((row.get::<_, String>(0)?, counts_at(row, 1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(SidebarCounts {
            all,
            bookmarked,
            views,
            feeds,
            tags,
        })
    }

    /// The counts of a saved view that the counters already hold: the library, bookmarks, one
    /// tag or one feed, alone or narrowed to unread stories (`tag:later is:unread`). `None` for
    /// any other search, which is then counted as one.
    fn kept_counts(
        &self,
        query: &Query,
        all: Counts,
        bookmarked: Counts,
    ) -> Result<Option<Counts>, StoreError> {
        let unread = Expr::Term(Term::Is(Flag::Unread));
        let (term, unread_only) = match &query.filter {
            None => (None, false),
            Some(filter) if *filter == unread => (None, true),
            Some(Expr::Term(term)) => (Some(term), false),
            Some(Expr::And(items)) => match items.as_slice() {
                [Expr::Term(term), other] | [other, Expr::Term(term)] if *other == unread => {
                    (Some(term), true)
                }
                _ => return Ok(None),
            },
            Some(_) => return Ok(None),
        };
        let counts = match term {
            None => all,
            Some(Term::Is(Flag::Bookmarked)) => bookmarked,
            Some(Term::Feed(name)) => self
                .conn
                .prepare_cached("SELECT total, unread FROM source_counts WHERE source_key = ?1")?
                .query_row([crate::text::fold(name.trim())], |row| counts_at(row, 0))
                .optional()?
                .unwrap_or_default(),
            Some(Term::Tag(name)) => {
                // As the search matches tags: by folded name, which two tags can share ("café"
                // and "cafe"); their stories may overlap, so only a single tag is answered here.
                let found: Vec<Counts> = self
                    .conn
                    .prepare_cached(
                        "SELECT coalesce(c.total, 0), coalesce(c.unread, 0) FROM tags t \
                         LEFT JOIN tag_counts c ON c.tag_id = t.id WHERE fold(t.name) = ?1",
                    )?
                    .query_map([crate::text::fold(name.trim())], |row| counts_at(row, 0))?
                    .collect::<Result<_, _>>()?;
                match found.as_slice() {
                    [] => Counts::default(),
                    [one] => *one,
                    _ => return Ok(None),
                }
            }
            Some(_) => return Ok(None),
        };
        Ok(Some(if unread_only {
            Counts {
                total: counts.unread,
                unread: counts.unread,
            }
        } else {
            counts
        }))
    }

    /// How many stories a query matches, and how many of those are unread.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query_counts(&self, query: &Query) -> Result<Counts, StoreError> {
        if let Some(counts) = self.counts_in_one_pass(query)? {
            return Ok(counts);
        }
        Ok(Counts {
            total: self.query_count(query)?,
            unread: self.query_count(&with_flag(query, Flag::Unread))?,
        })
    }

    /// Marks every story a query matches read (or unread), in one transaction; returns the ids
    /// that changed, which is what undoing it needs.
    ///
    /// # Errors
    /// On a database failure; then nothing changed.
    pub fn set_read_matching(
        &mut self,
        query: &Query,
        read: bool,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let flag = if read { Flag::Unread } else { Flag::Read };
        let ids = self.query_ids(&with_flag(query, flag))?;
        self.set_read_many(&ids, read)
    }

    /// Marks these stories read (or unread) in one transaction; returns those that changed.
    /// Stories that no longer exist are skipped.
    ///
    /// # Errors
    /// On a database failure; then nothing changed.
    pub fn set_read_many(
        &mut self,
        ids: &[ArticleId],
        read: bool,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = super::counters::set_read_counted(&tx, ids, read)?;
        tx.commit()?;
        Ok(changed)
    }

    /// The next unread story of a query after position `from` (or before it, going back):
    /// its position in the query's order and its id. `None` for `from` starts at the first
    /// story (or the last, going back).
    ///
    /// # Errors
    /// On a database failure.
    pub fn find_unread(
        &self,
        query: &Query,
        from: Option<usize>,
        forward: bool,
    ) -> Result<Option<(usize, ArticleId)>, StoreError> {
        let unread: std::collections::HashSet<ArticleId> = self
            .query_ids(&with_flag(query, Flag::Unread))?
            .into_iter()
            .collect();
        if unread.is_empty() {
            return Ok(None);
        }
        let ids = self.query_ids(query)?;
        let is_unread = |i: &usize| unread.contains(&ids[*i]);
        let found = if forward {
            let start = from.map_or(0, |f| f + 1);
            (start..ids.len()).find(is_unread)
        } else {
            let end = from.unwrap_or(ids.len()).min(ids.len());
            (0..end).rev().find(is_unread)
        };
        Ok(found.map(|i| (i, ids[i])))
    }

    /// Puts a subscription in a folder (`None` takes it out), as OPML nesting gives on import.
    ///
    /// # Errors
    /// [`StoreError::NoSuchFeed`] when no subscription has this address.
    pub fn set_feed_folder(&self, url: &str, folder: Option<&str>) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "UPDATE feeds SET folder = ?2 WHERE url = ?1",
            params![url, folder],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(url.to_owned()));
        }
        Ok(())
    }
}

/// The query narrowed to stories with a read state.
fn with_flag(query: &Query, flag: Flag) -> Query {
    let term = Expr::Term(Term::Is(flag));
    let filter = match query.filter.clone() {
        Some(Expr::And(mut items)) => {
            items.push(term);
            Expr::And(items)
        }
        Some(other) => Expr::And(vec![other, term]),
        None => term,
    };
    Query {
        filter: Some(filter),
        sort: query.sort,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    fn story(title: &str, source: &str, tag: Option<&str>) -> Article {
        let mut article = Article::new(title, format!("{title} text"));
        article.source = Some(source.into());
        article.tags = tag.map(|t| vec![t.to_owned()]).unwrap_or_default();
        article
    }

    fn library() -> Store {
        let mut store = Store::open_in_memory().expect("store");
        for (title, source, tag) in [
            ("One", "Alpha News", Some("x")),
            ("Two", "Alpha News", None),
            ("Three", "Beta Blog", Some("x")),
            ("Four", "Alpha News Extra", None),
        ] {
            store.insert(&story(title, source, tag)).expect("insert");
        }
        store
            .add_feed("https://a.example/rss", Some("Alpha News"))
            .expect("feed");
        store
            .add_feed("https://b.example/rss", Some("Beta Blog"))
            .expect("feed");
        store
            .set_feed_folder("https://b.example/rss", Some("Blogs"))
            .expect("folder");
        store
    }

    #[test]
    fn feeds_count_their_own_stories_only() {
        let store = library();
        let counts = store.sidebar_counts(&[]).expect("counts");
        assert_eq!(
            counts.all,
            Counts {
                total: 4,
                unread: 4
            }
        );
        let feeds: Vec<(&str, Option<&str>, usize)> = counts
            .feeds
            .iter()
            .map(|f| (f.title.as_str(), f.folder.as_deref(), f.counts.total))
            .collect();
        // "Alpha News Extra" is another source, not part of the Alpha News feed.
        assert_eq!(
            feeds,
            [("Alpha News", None, 2), ("Beta Blog", Some("Blogs"), 1)]
        );
        let feed_query = crate::query::parse("feed:\"alpha news\"").expect("query");
        assert_eq!(store.query_count(&feed_query).expect("count"), 2);
        assert_eq!(
            counts.tags,
            [(
                "x".to_owned(),
                Counts {
                    total: 2,
                    unread: 2
                }
            )]
        );
    }

    #[test]
    fn library_and_tag_counts_take_out_the_stories_read() {
        let mut store = library();
        let mut five = story("Five", "Beta Blog", Some("y"));
        five.read = true;
        store.insert(&five).expect("insert");
        let mut six = story("Six", "Beta Blog", Some("x"));
        six.read = true;
        store.insert(&six).expect("insert");
        store
            .insert(&Article::new("Seven", "A story from no source."))
            .expect("insert");
        let counts = store.sidebar_counts(&[]).expect("counts");
        assert_eq!(
            counts.all,
            Counts {
                total: 7,
                unread: 5
            },
            "stories without a source count in the library's total"
        );
        let tags = counts.tags;
        assert_eq!(
            tags,
            [
                (
                    "x".to_owned(),
                    Counts {
                        total: 3,
                        unread: 2
                    }
                ),
                (
                    "y".to_owned(),
                    Counts {
                        total: 1,
                        unread: 0
                    }
                )
            ]
        );
    }

    #[test]
    fn a_bulk_mark_reports_what_changed_and_can_be_undone() {
        let mut store = library();
        let one = store.query_ids(&Query::default()).expect("ids")[0];
        store.set_read(one, true).expect("read");
        let alpha = crate::query::parse("source:alpha").expect("query");
        let changed = store.set_read_matching(&alpha, true).expect("mark");
        assert_eq!(changed.len(), 2, "the story read before is not counted");
        assert_eq!(store.counts().expect("counts").unread, 1);
        let undone = store.set_read_many(&changed, false).expect("undo");
        assert_eq!(undone, changed);
        assert_eq!(store.counts().expect("counts").unread, 3);
        let views = store.sidebar_counts(&[alpha]).expect("counts").views;
        assert_eq!(
            views,
            [Counts {
                total: 3,
                unread: 2
            }]
        );
    }

    #[test]
    fn saved_views_of_a_tag_or_feed_come_from_the_counters_and_agree_with_a_search() {
        let mut store = library();
        let mut read = story("Five", "Beta Blog", Some("x"));
        read.read = true;
        read.bookmarked = true;
        store.insert(&read).expect("insert");
        store
            .insert(&story("Six", "Beta Blog", Some("X")))
            .expect("a second spelling is the same tag");
        for tag in ["café", "cafe"] {
            store
                .insert(&story(&format!("At the {tag}"), "Beta Blog", Some(tag)))
                .expect("two tags that search alike");
        }
        let kept = [
            "",
            "is:unread",
            "is:bookmarked",
            "is:bookmarked is:unread",
            "tag:x",
            "is:unread tag:X",
            "feed:\"beta blog\"",
            "feed:\"Beta Blog\" is:unread",
            "feed:nobody",
            "tag:nothing",
            "sort:oldest is:unread",
        ];
        let searched = [
            "source:alpha",
            "tag:x OR tag:y",
            "is:read",
            "-tag:x",
            "tag:cafe",
            "happened",
            "happened is:unread -tag:x",
        ];
        let counts = store.sidebar_counts(&[]).expect("counts");
        for (text, from_counters) in kept
            .iter()
            .map(|t| (t, true))
            .chain(searched.iter().map(|t| (t, false)))
        {
            let view = crate::query::parse(text).expect("query");
            let answer = store
                .kept_counts(&view, counts.all, counts.bookmarked)
                .expect("kept");
            assert_eq!(answer.is_some(), from_counters, "{text}");
            let sidebar = store
                .sidebar_counts(std::slice::from_ref(&view))
                .expect("sidebar");
            // Counted the plain way: two searches, the second narrowed to unread stories.
            let searched = Counts {
                total: store.query_count(&view).expect("search"),
                unread: store
                    .query_count(&with_flag(&view, Flag::Unread))
                    .expect("search"),
            };
            assert_eq!(sidebar.views, [searched], "{text}");
        }
    }
}
