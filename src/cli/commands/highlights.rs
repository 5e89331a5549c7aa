//! Highlights from the command line: `highlight` marks a passage (for scripts and tests),
//! `highlights` writes them out as Markdown or JSON.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use super::stories::parse_query;
use crate::article::ArticleId;
use crate::cli::HighlightsFormat;
use crate::highlight::{Color, markdown};
use crate::store::Store;
use crate::text::{single_line, truncate};

/// Longest quote echoed back after `highlight`, in columns.
const ECHO_WIDTH: usize = 60;

pub(super) fn highlight(
    mut store: Store,
    id: ArticleId,
    quote: &str,
    note: Option<&str>,
    color: Color,
) -> anyhow::Result<ExitCode> {
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
                eprintln!("newsdesk: {error}");
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
        HighlightsFormat::Json => format!("{}\n", serde_json::to_string_pretty(&stories)?),
    };
    let count: usize = stories.iter().map(|s| s.highlights.len()).sum();
    match output {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = BufWriter::new(file);
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .with_context(|| format!("cannot write {}", path.display()))?;
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
                    "no highlights{}; mark a passage in the reader, or with `newsdesk highlight \
                     ID \"quote\"`",
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
