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

/// Stories with words in most stories, newest first: each story of the date order is looked up
/// in the index until the window is full, so the cost grows with the window, not with the
/// matches. Only for words the index holds as they are (phrases, and prefixes of one or two
/// letters, which have prefix indexes): a longer prefix is expanded again at every look-up.
const BROAD_PROBED: &str = "SELECT a.id FROM articles a WHERE EXISTS (SELECT 1 FROM articles_fts \
     WHERE articles_fts MATCH ? AND rowid = a.id) \
     ORDER BY coalesce(a.published, a.saved) DESC, a.id DESC";

/// The same list for other words: the matches are gathered once, then the date order is walked
/// (the `+` keeps SQLite from looking every match up and sorting them all instead).
const BROAD_GATHERED: &str = "SELECT a.id FROM articles a WHERE +a.id IN (SELECT rowid FROM \
     articles_fts WHERE articles_fts MATCH ?) \
     ORDER BY coalesce(a.published, a.saved) DESC, a.id DESC";

/// Whether every word of a query is found in the index without expanding a prefix.
fn held_as_is(query: &Query) -> bool {
    let conjuncts: Vec<&Expr> = match &query.filter {
        Some(Expr::And(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    conjuncts.iter().all(|e| match e {
        Expr::Term(Term::Text { text, phrase }) => *phrase || text.chars().count() <= 2,
        _ => true,
    })
}

/// The list statement for words in most stories.
fn broad_list(query: &Query) -> &'static str {
    if held_as_is(query) {
        BROAD_PROBED
    } else {
        BROAD_GATHERED
    }
}

impl Store {
    /// One page of the stories a query matches, in the query's order.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query(&self, query: &Query, window: Window) -> Result<Vec<ArticleSummary>, StoreError> {
        // Ids first, rows second: the sort touches only ids, and only the page's rows are read.
        let mut compiled = compile(query, Purpose::List, self.has_notes()?);
        let sql = if compiled.text_only && self.in_most_stories(query, &compiled)? {
            format!("{} LIMIT ? OFFSET ?", broad_list(query))
        } else if compiled.text_only {
            // Nothing but words: let the full-text index rank and cut the page itself.
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank \
             LIMIT ? OFFSET ?"
                .to_owned()
        } else {
            format!(
                "SELECT a.id FROM articles a {} WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
                compiled.join, compiled.condition, compiled.order
            )
        };
        for bound in [window.limit, window.offset] {
            compiled
                .params
                .push(Value::Integer(i64::try_from(bound).unwrap_or(i64::MAX)));
        }
        let ids: Vec<ArticleId> = {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(compiled.params), |row| row.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?1"
        ))?;
        ids.into_iter()
            .map(|id| Ok(stmt.query_row([id], summary_from_row)?))
            .collect()
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
        // The same statement as a page of `query`, so positions here match the list's rows.
        let sql = if compiled.text_only && self.in_most_stories(query, &compiled)? {
            broad_list(query).to_owned()
        } else if compiled.text_only {
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank".to_owned()
        } else {
            format!(
                "SELECT a.id FROM articles a {} WHERE {} ORDER BY {}",
                compiled.join, compiled.condition, compiled.order
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(compiled.params), |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a words-only query finds its words in at least half of a large library's newest
    /// stories. Relevance cannot order such a list: FTS5's bm25 gives a word in more than half
    /// of the rows no weight at all, and ranking every match costs a look at each of them, so
    /// these lists are newest first. A query that asks for `sort:relevance` is always ranked.
    fn in_most_stories(&self, query: &Query, compiled: &Compiled) -> Result<bool, StoreError> {
        let Some(Value::Text(matched)) = compiled.params.first() else {
            return Ok(false);
        };
        if query.sort.is_some() {
            return Ok(false);
        }
        let (stories, oldest): (i64, Option<i64>) = self
            .conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM articles), \
             (SELECT id FROM articles ORDER BY id DESC LIMIT 1 OFFSET ?1)",
            )?
            .query_row([SAMPLE - 1], |row| Ok((row.get(0)?, row.get(1)?)))?;
        let Some(oldest) = oldest.filter(|_| stories >= BROAD_FROM) else {
            return Ok(false);
        };
        let found: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid >= ?2",
            )?
            .query_row(params![matched, oldest], |row| row.get(0))?;
        Ok(found * 2 >= SAMPLE)
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
            "a.id IN (SELECT m.article_id FROM mentions m WHERE m.entity_id IN \
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
