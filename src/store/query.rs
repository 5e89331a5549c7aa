//! Compiles a parsed [`Query`] into SQL with bound parameters, and runs it.

use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{Store, StoreError, Window, summary_from_row};
use crate::article::{ArticleId, ArticleSummary, Counts};
use crate::query::{Expr, Flag, Query, Sort, Term};
use crate::text::fold;

/// The columns [`summary_from_row`] reads, for a query over `articles a`.
const SUMMARY_COLUMNS: &str = "a.id, a.title, a.url, a.source, a.author, a.published, a.saved, \
     (SELECT group_concat(t.name, char(31)) FROM article_tags at \
        JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), \
     a.bookmarked_at, a.read_at, a.words";

/// A query turned into SQL pieces and their parameters.
struct Compiled {
    /// `JOIN` on the full-text index when ranking by relevance, else empty.
    join: String,
    /// A boolean SQL expression over `a`; `1` when there is no filter.
    condition: String,
    order: &'static str,
    params: Vec<Value>,
}

impl Store {
    /// One page of the stories a query matches, in the query's order.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query(&self, query: &Query, window: Window) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut compiled = compile(query);
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a {} WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
            compiled.join, compiled.condition, compiled.order
        );
        compiled.params.push(Value::Integer(
            i64::try_from(window.limit).unwrap_or(i64::MAX),
        ));
        compiled.params.push(Value::Integer(
            i64::try_from(window.offset).unwrap_or(i64::MAX),
        ));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(compiled.params), summary_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many stories a query matches, and how many of those are unread.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query_counts(&self, query: &Query) -> Result<Counts, StoreError> {
        let compiled = compile(query);
        let sql = format!(
            "SELECT count(*), count(*) FILTER (WHERE a.read_at IS NULL) FROM articles a {} WHERE {}",
            compiled.join, compiled.condition
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params_from_iter(compiled.params), |row| {
            Ok(Counts {
                total: usize::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                unread: usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
            })
        })?)
    }

    /// Ids of every story a query matches, for bulk changes.
    ///
    /// # Errors
    /// On a database failure.
    pub fn query_ids(&self, query: &Query) -> Result<Vec<ArticleId>, StoreError> {
        let compiled = compile(query);
        let sql = format!(
            "SELECT a.id FROM articles a {} WHERE {} ORDER BY {}",
            compiled.join, compiled.condition, compiled.order
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(compiled.params), |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn compile(query: &Query) -> Compiled {
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
            join =
                "JOIN (SELECT rowid AS id, rank FROM articles_fts WHERE articles_fts MATCH ?) f \
                    ON f.id = a.id"
                    .to_owned();
            params.push(Value::Text(terms.join(" AND ")));
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
    let order = match query.sort {
        _ if ranked && !join.is_empty() => "f.rank, a.id DESC",
        Some(Sort::Oldest) => "coalesce(a.published, a.saved) ASC, a.id ASC",
        Some(Sort::Title) => "a.title COLLATE NOCASE ASC, a.id ASC",
        _ => "coalesce(a.published, a.saved) DESC, a.id DESC",
    };
    Compiled {
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
            params.push(Value::Text(fts_term(text, *phrase)));
            "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)".to_owned()
        }
        Term::Entity(name) => {
            // Until stories carry recognised entities, a mention is the name as a phrase.
            params.push(Value::Text(fts_term(name, true)));
            "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)".to_owned()
        }
        Term::Tag(name) => {
            params.push(Value::Text(fold(name.trim())));
            "a.id IN (SELECT at.article_id FROM article_tags at \
             WHERE at.tag_id IN (SELECT id FROM tags WHERE fold(name) = ?))"
                .to_owned()
        }
        Term::Source(name) => {
            params.push(Value::Text(format!("%{}%", escape_like(&fold(name)))));
            "fold(coalesce(a.source, '')) LIKE ? ESCAPE '\\'".to_owned()
        }
        Term::Is(Flag::Bookmarked) => "a.bookmarked_at IS NOT NULL".to_owned(),
        Term::Is(Flag::Unread) => "a.read_at IS NULL".to_owned(),
        Term::Is(Flag::Read) => "a.read_at IS NOT NULL".to_owned(),
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
