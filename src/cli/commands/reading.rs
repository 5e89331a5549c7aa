//! `read` and `unread`: read state for listed stories or every story a query matches.

use std::process::ExitCode;

use crate::article::ArticleId;
use crate::store::Store;

/// Marks stories read (or unread) and prints how many changed; ids that name no story are
/// reported and make the command fail, after the others are marked.
pub(super) fn mark(
    mut store: Store,
    ids: &[ArticleId],
    query: Option<&str>,
    read: bool,
) -> anyhow::Result<ExitCode> {
    let state = if read { "read" } else { "unread" };
    let (changed, asked, missing) = match query {
        Some(text) => {
            let query = super::stories::parse_query(text)?;
            let changed = store.set_read_matching(&query, read)?;
            let asked = store.query_count(&query)?;
            (changed.len(), asked, Vec::new())
        }
        None => {
            let mut ids = ids.to_vec();
            ids.sort_unstable();
            ids.dedup();
            let missing: Vec<ArticleId> = ids
                .iter()
                .copied()
                .filter(|&id| store.get(id).is_err())
                .collect();
            let changed = store.set_read_many(&ids, read)?;
            (changed.len(), ids.len() - missing.len(), missing)
        }
    };
    let noun = if changed == 1 { "story" } else { "stories" };
    let already = asked - changed;
    if already > 0 {
        println!("marked {changed} {noun} {state} ({already} already {state})");
    } else {
        println!("marked {changed} {noun} {state}");
    }
    for id in &missing {
        eprintln!("no story with id {id}; `newsdesk list` shows the ids");
    }
    Ok(if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
