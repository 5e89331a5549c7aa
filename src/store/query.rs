//! Compiles a parsed [`Query`] into SQL with bound parameters, and runs it.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::{Store, StoreError, Window, summary_from_row};
use crate::article::{ArticleId, ArticleSummary};
use crate::query::{Expr, Flag, Query, Sort, Term};
use crate::text::fold;

/// The columns [`summary_from_row`] reads, for a query over `articles a`.
const SUMMARY_COLUMNS: &str = "a.id, a.title, a.url, a.source, a.author, a.published, a.saved, \
     (SELECT json_group_array(t.name) FROM article_tags at \
        JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), \
     a.bookmarked_at, a.read_at, a.words";

/// Stories carrying one tag, counted without touching the stories themselves.
const TAG_COUNT: &str = "SELECT count(*) FROM article_tags \
     WHERE tag_id IN (SELECT id FROM tags WHERE fold(name) = ?1)";

/// Stories whose highlights have a note matching the full-text parameter.
const NOTE_MATCH: &str = "SELECT h.article_id FROM highlights h WHERE h.id IN \
     (SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH ?)";

/// A query turned into SQL pieces and their parameters.
struct Compiled {
    /// `JOIN` on the full-text index when ranking by relevance, else empty.
    join: String,
    /// A boolean SQL expression over `a`; `1` when there is no filter.
    condition: String,
    order: &'static str,
    params: Vec<Value>,
    /// The query is only words ranked by relevance; the one parameter is the full-text match.
    text_only: bool,
}

/// Newest stories looked at to tell whether words are in most stories.
const SAMPLE: i64 = 1_000;

/// Libraries with fewer stories rank every search: ranking them all is fast.
const BROAD_FROM: i64 = 5_000;

/// Every story in list order, newest first: walked for words in most stories until a window of
/// matches is filled, so the cost grows with the window, not with the matches.
const NEWEST_FIRST: &str =
    "SELECT id FROM articles ORDER BY coalesce(published, saved) DESC, id DESC";

/// A window of a query's stories and how many stories it matches in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The window's stories, in the query's order.
    pub stories: Vec<ArticleSummary>,
    /// Every story the query matches, counted exactly.
    pub total: usize,
}

/// How the ids of a words-only query are ordered.
enum WordsOrder {
    /// Ranked by the full-text index (bm25).
    Ranked,
    /// Newest first: the words are in most stories, where bm25 gives them no weight.
    NewestFirst,
}

impl Store {
    /// One page of the stories a query matches, in the query's order.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query(&self, query: &Query, window: Window) -> Result<Vec<ArticleSummary>, StoreError> {
        Ok(self.query_window(query, window)?.0)
    }

    /// A window of the stories a query matches with their number, as a list view shows them.
    /// For words alone, the matches are read from the full-text index once and give both.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query_page(&self, query: &Query, window: Window) -> Result<Listing, StoreError> {
        let (stories, total) = self.query_window(query, window)?;
        let total = match total {
            Some(total) => total,
            None => self.query_count(query)?,
        };
        Ok(Listing { stories, total })
    }

    /// The window's stories and, when it came for free, the number of matches.
    fn query_window(
        &self,
        query: &Query,
        window: Window,
    ) -> Result<(Vec<ArticleSummary>, Option<usize>), StoreError> {
        // Ids first, rows second: the sort touches only ids, and only the page's rows are read.
        let mut compiled = compile(query, Purpose::List, self.has_notes()?);
        let (ids, total): (Vec<ArticleId>, Option<usize>) = if compiled.text_only {
            let matches = self.matches_of(&compiled)?;
            let ids = match self.words_order(query, &matches)? {
                WordsOrder::NewestFirst => self.newest_first_among(&matches, window)?,
                WordsOrder::Ranked => self.ranked(compiled.params, window)?,
            };
            (ids, Some(matches.len()))
        } else {
            let sql = format!(
                "SELECT a.id FROM articles a {} WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
                compiled.join, compiled.condition, compiled.order
            );
            push_window(&mut compiled.params, window);
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(compiled.params), |row| row.get(0))?;
            (rows.collect::<Result<_, _>>()?, None)
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?1"
        ))?;
        let stories = ids
            .into_iter()
            .map(|id| Ok(stmt.query_row([id], summary_from_row)?))
            .collect::<Result<_, StoreError>>()?;
        Ok((stories, total))
    }

    /// The ids a words-only query matches, in ascending order, read from the index once.
    fn matches_of(&self, compiled: &Compiled) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?")?;
        let rows = stmt.query_map(params_from_iter(&compiled.params), |row| row.get(0))?;
        let mut ids: Vec<ArticleId> = rows.collect::<Result<_, _>>()?;
        // The index gives them in order already; sorting a sorted list costs one pass.
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// A window of words-only matches ranked by relevance.
    fn ranked(&self, mut params: Vec<Value>, window: Window) -> Result<Vec<ArticleId>, StoreError> {
        push_window(&mut params, window);
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank \
             LIMIT ? OFFSET ?",
        )?;
        let rows = stmt.query_map(params_from_iter(params), |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A window of `matches` (sorted ids) in list order, newest first: the list order is
    /// walked until the window is filled.
    fn newest_first_among(
        &self,
        matches: &[ArticleId],
        window: Window,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let mut ids = Vec::with_capacity(window.limit.min(matches.len()));
        if window.limit == 0 || window.offset >= matches.len() {
            return Ok(ids);
        }
        let mut stmt = self.conn.prepare_cached(NEWEST_FIRST)?;
        let mut rows = stmt.query([])?;
        let mut skipped = 0;
        while let Some(row) = rows.next()? {
            let id: ArticleId = row.get(0)?;
            if matches.binary_search(&id).is_err() {
                continue;
            }
            if skipped < window.offset {
                skipped += 1;
                continue;
            }
            ids.push(id);
            if ids.len() == window.limit {
                break;
            }
        }
        Ok(ids)
    }

    /// How many stories a query matches and how many of those are unread, in one pass over
    /// the stories it selects; `None` for the queries counted another way (a tag alone, text
    /// alone), which then take two counts.
    pub(super) fn counts_in_one_pass(
        &self,
        query: &Query,
    ) -> Result<Option<crate::article::Counts>, StoreError> {
        if let Some(Expr::Term(Term::Tag(_))) = &query.filter {
            return Ok(None);
        }
        let compiled = compile(query, Purpose::Count, self.has_notes()?);
        if compiled.text_only {
            return Ok(None);
        }
        let sql = format!(
            "SELECT count(*), count(*) - count(a.read_at) FROM articles a WHERE {}",
            compiled.condition
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let (total, unread): (i64, i64) = stmt
            .query_row(params_from_iter(compiled.params), |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        Ok(Some(crate::article::Counts {
            total: usize::try_from(total).unwrap_or(0),
            unread: usize::try_from(unread).unwrap_or(0),
        }))
    }

    /// How many stories a query matches.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query_count(&self, query: &Query) -> Result<usize, StoreError> {
        if let Some(Expr::Term(Term::Tag(name))) = &query.filter {
            // The tag view: the link table alone has the answer.
            let count: i64 = self
                .conn
                .prepare_cached(TAG_COUNT)?
                .query_row([fold(name.trim())], |row| row.get(0))?;
            return Ok(usize::try_from(count).unwrap_or(0));
        }
        let compiled = compile(query, Purpose::Count, self.has_notes()?);
        let sql = if compiled.text_only {
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?".to_owned()
        } else {
            format!(
                "SELECT count(*) FROM articles a WHERE {}",
                compiled.condition
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let count: i64 = stmt.query_row(params_from_iter(compiled.params), |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Ids of every story a query matches, for bulk changes.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query_ids(&self, query: &Query) -> Result<Vec<ArticleId>, StoreError> {
        let compiled = compile(query, Purpose::List, self.has_notes()?);
        // The same order as a page of `query`, so positions here match the list's rows.
        if compiled.text_only {
            let matches = self.matches_of(&compiled)?;
            return match self.words_order(query, &matches)? {
                WordsOrder::NewestFirst => self.newest_first_among(&matches, Window::ALL),
                WordsOrder::Ranked => self.ranked(compiled.params, Window::ALL),
            };
        }
        let sql = format!(
            "SELECT a.id FROM articles a {} WHERE {} ORDER BY {}",
            compiled.join, compiled.condition, compiled.order
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(compiled.params), |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How a words-only query's list is ordered. Words in at least half of a large library's
    /// newest stories are listed newest first: FTS5's bm25 gives a word in more than half of
    /// the rows no weight at all, and ranking every match costs a look at each of them. A query
    /// that asks for `sort:relevance` is always ranked.
    fn words_order(&self, query: &Query, matches: &[ArticleId]) -> Result<WordsOrder, StoreError> {
        if query.sort.is_some() || matches.len() * 2 < usize::try_from(SAMPLE).unwrap_or(0) {
            return Ok(WordsOrder::Ranked);
        }
        // The id the newest SAMPLE stories start from, when the library has BROAD_FROM of them.
        let (oldest, large): (Option<i64>, Option<i64>) = self
            .conn
            .prepare_cached(
                "SELECT (SELECT id FROM articles ORDER BY id DESC LIMIT 1 OFFSET ?1), \
                 (SELECT id FROM articles ORDER BY id DESC LIMIT 1 OFFSET ?2)",
            )?
            .query_row(params![SAMPLE - 1, BROAD_FROM - 1], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        let (Some(oldest), Some(_)) = (oldest, large) else {
            return Ok(WordsOrder::Ranked);
        };
        let found = matches.len() - matches.partition_point(|&id| id < oldest);
        Ok(
            if found * 2 >= usize::try_from(SAMPLE).unwrap_or(usize::MAX) {
                WordsOrder::NewestFirst
            } else {
                WordsOrder::Ranked
            },
        )
    }

    /// Whether any highlight has a note: only then do words need looking up in notes, so a
    /// library without notes keeps the fastest plan for words.
    fn has_notes(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM highlights WHERE note IS NOT NULL)")?
            .query_row([], |row| row.get(0))?)
    }
}

impl Store {
    /// Where a story sits in a query's order, so the reader can keep it selected when the list
    /// changes under it; `None` when the query no longer matches it (or it was removed).
    ///
    /// # Errors
    /// On a database failure.
    pub fn position_in(&self, query: &Query, id: ArticleId) -> Result<Option<usize>, StoreError> {
        Ok(self.query_ids(query)?.iter().position(|&found| found == id))
    }
}

/// Binds a window's `LIMIT ? OFFSET ?`.
fn push_window(params: &mut Vec<Value>, window: Window) {
    for bound in [window.limit, window.offset] {
        params.push(Value::Integer(i64::try_from(bound).unwrap_or(i64::MAX)));
    }
}

/// Whether a query is compiled to list stories in order or only to count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    List,
    /// Counting needs no ranking, which is the costly part of a full-text query.
    Count,
}

/// Compiles a query; `notes` says whether words must be looked up in highlights' notes too.
fn compile(query: &Query, purpose: Purpose, notes: bool) -> Compiled {
    let mut params = Vec::new();
    let mut join = String::new();
    let mut conjuncts: Vec<&Expr> = match &query.filter {
        Some(Expr::And(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    let ranked = query.ranks_by_relevance();
    if ranked {
        // Words ANDed at the top level go into one full-text match that also ranks.
        let (words, rest): (Vec<&Expr>, Vec<&Expr>) = conjuncts
            .into_iter()
            .partition(|e| matches!(e, Expr::Term(Term::Text { .. })));
        conjuncts = rest;
        let terms: Vec<String> = words
            .iter()
            .filter_map(|e| match e {
                Expr::Term(Term::Text { text, phrase }) => Some(fts_term(text, *phrase)),
                _ => None,
            })
            .collect();
        if !terms.is_empty() {
            let matched = terms.join(" AND ");
            join = if notes {
                // A story found by a note ranks as well as its best matching note.
                "JOIN (SELECT id, min(rank) AS rank FROM ( \
                    SELECT rowid AS id, rank FROM articles_fts WHERE articles_fts MATCH ? \
                    UNION ALL SELECT h.article_id, n.rank FROM highlights_fts n \
                    JOIN highlights h ON h.id = n.rowid WHERE highlights_fts MATCH ?) \
                 GROUP BY id) f ON f.id = a.id"
                    .to_owned()
            } else {
                "JOIN (SELECT rowid AS id, rank FROM articles_fts WHERE articles_fts MATCH ?) f \
                    ON f.id = a.id"
                    .to_owned()
            };
            if notes {
                params.push(Value::Text(matched.clone()));
            }
            params.push(Value::Text(matched));
        }
    }
    let condition = if conjuncts.is_empty() {
        "1".to_owned()
    } else {
        conjuncts
            .iter()
            .map(|e| condition(e, &mut params))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    if purpose == Purpose::Count && !join.is_empty() {
        // Counting needs no rank: the words are matched without ordering.
        // The match parameter was pushed first, so it stays first here too.
        join.clear();
        let mut matched =
            "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)".to_owned();
        if notes {
            matched = format!("({matched} OR a.id IN ({NOTE_MATCH}))");
        }
        let condition = if conjuncts.is_empty() {
            matched
        } else {
            format!("{matched} AND {condition}")
        };
        return Compiled {
            text_only: conjuncts.is_empty() && !notes,
            join,
            condition,
            order: "",
            params,
        };
    }
    let order = match query.sort {
        _ if ranked && !join.is_empty() => "f.rank, a.id DESC",
        Some(Sort::Oldest) => "coalesce(a.published, a.saved) ASC, a.id ASC",
        Some(Sort::Title) => "a.title COLLATE NOCASE ASC, a.id ASC",
        _ => "coalesce(a.published, a.saved) DESC, a.id DESC",
    };
    Compiled {
        text_only: !join.is_empty() && conjuncts.is_empty() && !notes,
        join,
        condition,
        order,
        params,
    }
}

fn condition(expr: &Expr, params: &mut Vec<Value>) -> String {
    match expr {
        Expr::And(items) => join_conditions(items, " AND ", params),
        Expr::Or(items) => join_conditions(items, " OR ", params),
        Expr::Not(inner) => format!("NOT ({})", condition(inner, params)),
        Expr::Term(term) => term_condition(term, params),
    }
}

fn join_conditions(items: &[Expr], separator: &str, params: &mut Vec<Value>) -> String {
    let parts: Vec<String> = items.iter().map(|e| condition(e, params)).collect();
    format!("({})", parts.join(separator))
}

fn term_condition(term: &Term, params: &mut Vec<Value>) -> String {
    match term {
        Term::Text { text, phrase } => {
            // In the story, or in a note on one of its highlights.
            let term = fts_term(text, *phrase);
            params.push(Value::Text(term.clone()));
            params.push(Value::Text(term));
            format!(
                "(a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) \
                 OR a.id IN ({NOTE_MATCH}))"
            )
        }
        Term::Entity(name) => {
            // The entity with the name typed (after the same clean-up as stored names: "US" is
            // "United States", "19 Nov 2025" is "2025-11-19"), or a full name ending in the word
            // typed ("Petro" finds "Gustavo Petro"), or an acronym with the same letters ("U.N."
            // finds "UN"); then every name that stands for the same entity across the library
            // ("Donald Trump" finds the stories that only say "Trump" when the library has no
            // other Trump).
            let key = fold(&crate::entities::canonical::of_query(name));
            let letters = crate::entities::canonical::acronym_key(name.trim()).unwrap_or_default();
            params.push(Value::Text(key.clone()));
            params.push(Value::Text(key));
            params.push(Value::Text(letters));
            "a.id IN (SELECT m.article_id FROM entity_stories m WHERE m.entity_id IN \
             (WITH roots AS (SELECT coalesce(canonical_id, id) AS id FROM entities \
                 WHERE (label IN ('PERSON', 'ORG', 'PLACE', 'MISC', 'DATE', 'MONEY', 'PERCENT') \
                        AND key = ?) OR surname = ? OR acronym = ?) \
              SELECT id FROM roots UNION SELECT v.id FROM entities v \
                 WHERE v.canonical_id IN (SELECT id FROM roots)))"
                .to_owned()
        }
        Term::Tag(name) => {
            params.push(Value::Text(fold(name.trim())));
            "a.id IN (SELECT at.article_id FROM article_tags at \
             WHERE at.tag_id IN (SELECT id FROM tags WHERE fold(name) = ?))"
                .to_owned()
        }
        Term::Source(name) => {
            params.push(Value::Text(format!("%{}%", escape_like(&fold(name)))));
            "a.source_key LIKE ? ESCAPE '\\'".to_owned()
        }
        Term::Feed(name) => {
            params.push(Value::Text(fold(name.trim())));
            "a.source_key = ?".to_owned()
        }
        Term::Is(Flag::Bookmarked) => "a.bookmarked_at IS NOT NULL".to_owned(),
        Term::Is(Flag::Unread) => "a.read_at IS NULL".to_owned(),
        Term::Is(Flag::Read) => "a.read_at IS NOT NULL".to_owned(),
        Term::Is(Flag::Highlighted) => "a.id IN (SELECT article_id FROM highlights)".to_owned(),
        Term::HasNote => {
            "a.id IN (SELECT article_id FROM highlights WHERE note IS NOT NULL)".to_owned()
        }
        Term::HasEnclosure => "a.id IN (SELECT article_id FROM enclosures)".to_owned(),
        Term::Before(day) => {
            params.push(Value::Integer(day_start(*day)));
            "coalesce(a.published, a.saved) < ?".to_owned()
        }
        Term::After(day) => {
            params.push(Value::Integer(day_start(*day)));
            "coalesce(a.published, a.saved) >= ?".to_owned()
        }
    }
}

/// A word or phrase as an FTS5 string: quoted so no character is taken as FTS syntax; words
/// match as prefixes.
fn fts_term(text: &str, phrase: bool) -> String {
    let quoted = format!("\"{}\"", text.replace('"', "\"\""));
    if phrase { quoted } else { format!("{quoted}*") }
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn day_start(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map_or(0, |d| d.and_utc().timestamp())
}
