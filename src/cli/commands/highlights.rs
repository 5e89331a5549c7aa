//! Highlights from the command line: `highlight` marks a passage (for scripts and tests),
//! `highlights` writes them out as Markdown or JSON.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::stories::parse_query;
use crate::article::ArticleId;
use crate::cli::HighlightsFormat;
use crate::export::write_atomically;
use crate::highlight::{Color, markdown};
use crate::store::Store;
use crate::text::{single_line, truncate, write_json};

/// Longest quote echoed back after `highlight`, in columns.
const ECHO_WIDTH: usize = 60;

pub(super) fn highlight(
    mut store: Store,
    id: ArticleId,
    quote: &str,
    note: Option<&str>,
    color: Color,
) -> anyhow::Result<ExitCode> {
    if quote.trim().is_empty() {
        anyhow::bail!(
            "the quote is empty; give the words to mark as they appear in `newsdesk show {id}`"
        );
    }
    let saved = store.highlight_quote(id, quote, color, note.map(str::to_owned))?;
    println!(
        "highlighted in #{id} (highlight {}, {}): \u{201c}{}\u{201d}",
        saved.id.unwrap_or_default(),
        saved.color,
        truncate(&single_line(&saved.anchor.quote), ECHO_WIDTH)
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn unhighlight(mut store: Store, ids: &[i64]) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for &id in ids {
        match store.remove_highlight(id) {
            Ok((article, _)) => println!("removed highlight {id} from #{article}"),
            Err(error) => {
                eprintln!("newsdesk: {}", single_line(&error.to_string()));
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub(super) fn highlights(
    store: &Store,
    query: &str,
    format: HighlightsFormat,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let query = parse_query(query)?;
    let stories = store.highlights(&query)?;
    let text = match format {
        HighlightsFormat::Markdown => markdown::render(&stories),
        HighlightsFormat::Json => {
            let mut json = Vec::new();
            write_json(&mut json, &stories, true)?;
            json.push(b'\n');
            String::from_utf8(json)?
        }
    };
    let count: usize = stories.iter().map(|s| s.highlights.len()).sum();
    match output {
        Some(path) => {
            write_atomically(path, |out| Ok(out.write_all(text.as_bytes())?))?;
            eprintln!(
                "wrote {count} highlights from {} stories to {}",
                stories.len(),
                path.display()
            );
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            if stories.is_empty() {
                eprintln!(
                    "no highlights{}; in the reader `v` selects a passage and Enter highlights it, or \
                     `newsdesk highlight ID \"quote\"`",
                    if query.filter.is_some() {
                        " in the stories this query matches"
                    } else {
                        " yet"
                    }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
