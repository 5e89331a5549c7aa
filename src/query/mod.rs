//! The search language: `tag:latam is:unread "exact phrase" -draft OR sort:newest`, parsed into a
//! syntax tree. The store compiles the tree into SQL; nothing here knows about SQL.
//!
//! Terms are ANDed; `OR` between two terms joins them (and binds tighter than the implicit AND);
//! `-` before any term negates it. Free words match as prefixes, quoted text as a phrase.

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;

/// A parsed query: what to match and in which order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// `None` matches every story.
    pub filter: Option<Expr>,
    /// `None` means: by relevance when there are words to rank by, otherwise newest first.
    pub sort: Option<Sort>,
}

/// A boolean combination of terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Term(Term),
}

/// One condition on a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Full-text match on title and body; a word matches as a prefix unless `phrase`.
    Text {
        text: String,
        phrase: bool,
    },
    Tag(String),
    Is(Flag),
    /// Stories that mention this named entity.
    Entity(String),
    /// Stories whose source name contains this text.
    Source(String),
    /// Stories from the subscription of this name: the whole source name, not a part of it.
    Feed(String),
    /// Stories with at least one highlight that has a note (`has:note`).
    HasNote,
    /// Stories that carry a file: podcast audio, video, an image (`has:enclosure`).
    HasEnclosure,
    /// Published (or saved, when the date is unknown) before this day.
    Before(NaiveDate),
    /// Published (or saved) on or after this day.
    After(NaiveDate),
}

/// The states `is:` can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Bookmarked,
    Unread,
    Read,
    /// The story has a highlighted passage.
    Highlighted,
}

/// List orders `sort:` can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Relevance,
    Newest,
    Oldest,
    Title,
}

/// A query that does not parse, with the byte range of the offending term in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Range<usize>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// The message with the query and a caret line under the bad term, for the command line.
    #[must_use]
    /// The query is shown sanitised (controls as visible symbols, line breaks as spaces), so a
    /// query passed in from elsewhere cannot send the terminal a control sequence; the caret is
    /// measured on the sanitised text, so it still points at the term.
    pub fn pointing_into(&self, input: &str) -> String {
        let shown = |text: &str| crate::text::sanitize(text).replace('\n', " ");
        let before = shown(input.get(..self.span.start).unwrap_or(""));
        let bad = shown(input.get(self.span.clone()).unwrap_or(""));
        let pad = crate::text::width(&before);
        let marks = crate::text::width(&bad).max(1);
        format!(
            "{}\n  {}\n  {}{}",
            crate::text::single_line(&self.message),
            shown(input),
            " ".repeat(pad),
            "^".repeat(marks)
        )
    }
}

impl Query {
    /// Whether the query ranks by full-text relevance (it has positive words and no other sort).
    #[must_use]
    pub fn ranks_by_relevance(&self) -> bool {
        match self.sort {
            Some(Sort::Relevance) => true,
            Some(_) => false,
            None => self.filter.as_ref().is_some_and(has_positive_text),
        }
    }

    /// Words and phrases the user is looking for, to highlight in the story.
    #[must_use]
    pub fn highlight_terms(&self) -> Vec<String> {
        let mut terms = Vec::new();
        if let Some(filter) = &self.filter {
            collect_positive_text(filter, &mut terms);
        }
        terms
    }
}

fn has_positive_text(expr: &Expr) -> bool {
    match expr {
        Expr::Term(Term::Text { .. }) => true,
        Expr::And(items) | Expr::Or(items) => items.iter().any(has_positive_text),
        Expr::Not(_) | Expr::Term(_) => false,
    }
}

fn collect_positive_text(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Term(Term::Text { text, .. }) => out.push(text.clone()),
        Expr::And(items) | Expr::Or(items) => {
            items.iter().for_each(|e| collect_positive_text(e, out));
        }
        Expr::Not(_) | Expr::Term(_) => {}
    }
}

/// One whitespace-separated piece of the input, with quotes resolved.
#[derive(Debug)]
struct Token {
    negated: bool,
    /// `key:` prefix, lower-cased.
    key: Option<String>,
    value: String,
    quoted: bool,
    span: Range<usize>,
}

/// Terms (OR included) one query may have: SQLite refuses expressions nested deeper than 1,000,
/// and each term adds a level or two.
pub const MAX_TERMS: usize = 300;

/// Parses a query.
///
/// # Errors
/// With the position of the first term that is not understood.
pub fn parse(input: &str) -> Result<Query, ParseError> {
    let tokens = tokenize(input)?;
    if let Some(extra) = tokens.get(MAX_TERMS) {
        return Err(error(
            format!(
                "too many terms ({}); a query may have at most {MAX_TERMS}",
                tokens.len()
            ),
            extra.span.start..input.len(),
        ));
    }
    let mut query = Query::default();
    // Each AND-ed group is a list of OR-ed alternatives.
    let mut groups: Vec<Vec<Expr>> = Vec::new();
    let mut pending_or: Option<Range<usize>> = None;
    for token in tokens {
        if token.key.is_none() && !token.quoted && !token.negated && token.value == "OR" {
            if groups.is_empty() || pending_or.is_some() {
                return Err(error("OR needs a term on each side", token.span));
            }
            pending_or = Some(token.span);
            continue;
        }
        if token.key.as_deref() == Some("sort") {
            if token.negated {
                return Err(error("sort: cannot be negated", token.span));
            }
            if pending_or.is_some() {
                return Err(error("sort: cannot be part of an OR", token.span));
            }
            query.sort = Some(parse_sort(&token)?);
            continue;
        }
        let mut expr = Expr::Term(term(&token)?);
        if token.negated {
            expr = Expr::Not(Box::new(expr));
        }
        match (pending_or.take(), groups.last_mut()) {
            (Some(_), Some(group)) => group.push(expr),
            _ => groups.push(vec![expr]),
        }
    }
    if let Some(span) = pending_or {
        return Err(error("OR needs a term on each side", span));
    }
    let mut conjuncts: Vec<Expr> = groups
        .into_iter()
        .map(|mut group| {
            if group.len() == 1 {
                group.remove(0)
            } else {
                Expr::Or(group)
            }
        })
        .collect();
    query.filter = match conjuncts.len() {
        0 => None,
        1 => Some(conjuncts.remove(0)),
        _ => Some(Expr::And(conjuncts)),
    };
    Ok(query)
}

fn error(message: impl Into<String>, span: Range<usize>) -> ParseError {
    ParseError {
        message: message.into(),
        span,
    }
}

const KEYS: &str = "tag:, is:, has:, entity:, source:, feed:, before:, after:, sort:";

fn term(token: &Token) -> Result<Term, ParseError> {
    let value = token.value.trim();
    let Some(key) = token.key.as_deref() else {
        if value.is_empty() {
            return Err(error("empty search term", token.span.clone()));
        }
        return Ok(Term::Text {
            text: value.to_owned(),
            phrase: token.quoted,
        });
    };
    if value.is_empty() {
        return Err(error(format!("{key}: needs a value"), token.span.clone()));
    }
    match key {
        "tag" => Ok(Term::Tag(value.to_owned())),
        "entity" => Ok(Term::Entity(value.to_owned())),
        "source" => Ok(Term::Source(value.to_owned())),
        "feed" => Ok(Term::Feed(value.to_owned())),
        "is" => match value.to_lowercase().as_str() {
            "bookmarked" | "bookmark" | "starred" => Ok(Term::Is(Flag::Bookmarked)),
            "unread" | "new" => Ok(Term::Is(Flag::Unread)),
            "read" => Ok(Term::Is(Flag::Read)),
            "highlighted" | "highlight" => Ok(Term::Is(Flag::Highlighted)),
            _ => Err(error(
                format!(
                    "is:{value} is not known; use is:bookmarked, is:unread, is:read or \
                     is:highlighted"
                ),
                token.span.clone(),
            )),
        },
        "has" => match value.to_lowercase().as_str() {
            "note" | "notes" => Ok(Term::HasNote),
            "highlight" | "highlights" => Ok(Term::Is(Flag::Highlighted)),
            "enclosure" | "enclosures" => Ok(Term::HasEnclosure),
            _ => Err(error(
                format!("has:{value} is not known; use has:note, has:highlight or has:enclosure"),
                token.span.clone(),
            )),
        },
        "before" | "after" => {
            let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
                error(
                    format!("{key}: needs a date as YYYY-MM-DD, not {value:?}"),
                    token.span.clone(),
                )
            })?;
            Ok(if key == "before" {
                Term::Before(date)
            } else {
                Term::After(date)
            })
        }
        other => Err(error(
            format!("unknown filter {other}: (known: {KEYS})"),
            token.span.clone(),
        )),
    }
}

fn parse_sort(token: &Token) -> Result<Sort, ParseError> {
    match token.value.to_lowercase().as_str() {
        "relevance" => Ok(Sort::Relevance),
        "newest" | "new" => Ok(Sort::Newest),
        "oldest" | "old" => Ok(Sort::Oldest),
        "title" => Ok(Sort::Title),
        other => Err(error(
            format!("sort:{other} is not known; use relevance, newest, oldest or title"),
            token.span.clone(),
        )),
    }
}

/// After a backslash: `\"` is a quote and `\\` a backslash in the value; before anything
/// else the backslash is kept as it is.
fn push_escaped(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, raw: &mut String) {
    match chars.peek() {
        Some(&(_, next @ ('"' | '\\'))) => {
            raw.push(next);
            chars.next();
        }
        _ => raw.push('\\'),
    }
}

/// `value` as one quoted term of the query language, whatever it holds: `tag:` followed by
/// this finds a tag named `value`.
#[must_use]
pub fn quote(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Splits the input at whitespace outside quotes; `key:"quoted value"` stays one token; `\"`
/// is a quote inside a value.
fn tokenize(input: &str) -> Result<Vec<Token>, ParseError> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, ch)) = chars.peek() {
        if ch.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if ch == '-' {
            negated = true;
            chars.next();
        }
        let mut raw = String::new();
        let mut quoted = false;
        let mut key = None;
        let mut end = input.len();
        while let Some(&(at, c)) = chars.peek() {
            if c.is_whitespace() {
                end = at;
                break;
            }
            if c == '\\' {
                chars.next();
                push_escaped(&mut chars, &mut raw);
                continue;
            }
            if c == '"' {
                chars.next();
                let mut closed = false;
                while let Some((_, q)) = chars.next() {
                    match q {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => push_escaped(&mut chars, &mut raw),
                        q => raw.push(q),
                    }
                }
                if !closed {
                    return Err(error("unclosed quote", start..input.len()));
                }
                quoted = true;
                continue;
            }
            if c == ':'
                && key.is_none()
                && !quoted
                && !raw.is_empty()
                && raw.chars().all(|k| k.is_ascii_alphabetic())
            {
                key = Some(std::mem::take(&mut raw).to_lowercase());
                chars.next();
                continue;
            }
            raw.push(c);
            chars.next();
        }
        if chars.peek().is_none() {
            end = input.len();
        }
        if negated && raw.is_empty() && key.is_none() && !quoted {
            return Err(error("a lone - needs a term after it", start..end));
        }
        tokens.push(Token {
            negated,
            key,
            value: raw,
            quoted,
            span: start..end,
        });
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests;
