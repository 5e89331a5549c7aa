//! newsdesk's own JSON and JSON Lines exports, read back.

use super::{ImportError, Problem, headline};
use crate::article::Article;

/// A JSON document: an array of stories, or one story.
pub(super) fn parse_document(content: &str, origin: &str) -> Result<Vec<Article>, ImportError> {
    let json_error = |e: serde_json::Error| {
        ImportError::at_line(origin, e.line(), Problem::Json(without_position(&e)))
    };
    let articles = if content.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<Article>>(content).map_err(json_error)?
    } else {
        vec![serde_json::from_str::<Article>(content).map_err(json_error)?]
    };
    articles
        .into_iter()
        .map(|a| complete(a, origin, None))
        .collect()
}

/// JSON Lines: one story per line; blank lines are skipped.
pub(super) fn parse_lines(content: &str, origin: &str) -> Result<Vec<Article>, ImportError> {
    content
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let article = serde_json::from_str::<Article>(line).map_err(|e| {
                ImportError::at_line(origin, index + 1, Problem::Json(without_position(&e)))
            })?;
            complete(article, origin, Some(index + 1))
        })
        .collect()
}

/// Fills a missing title from the body; a story with neither is refused.
fn complete(
    mut article: Article,
    origin: &str,
    line: Option<usize>,
) -> Result<Article, ImportError> {
    article.id = None;
    if article.title.trim().is_empty() {
        let first = article.body.split("\n\n").next().unwrap_or("");
        article.title = headline(first);
    }
    if article.title.trim().is_empty() {
        return Err(ImportError {
            origin: origin.to_owned(),
            line,
            problem: Problem::NoContent,
        });
    }
    Ok(article)
}

/// serde_json appends "at line L column C"; the line is reported separately.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}
