//! `keep_days`: which old read stories of each subscription go, by the feed's own setting or
//! the global one, applied after a refresh and by `newsdesk prune`.

use crate::store::{Feed, Prunable, Store, StoreError};

/// Days a feed's read stories are kept: its own setting, else the global one; `None` (or 0)
/// keeps them all.
#[must_use]
pub fn keep_days(feed: &Feed, global: Option<u32>) -> Option<u32> {
    feed.settings.keep_days.or(global).filter(|&d| d > 0)
}

/// The stories retention would remove from these feeds now.
///
/// # Errors
/// On a database failure.
pub fn plan(
    store: &Store,
    feeds: &[Feed],
    global: Option<u32>,
) -> Result<Vec<Prunable>, StoreError> {
    let now = chrono::Utc::now().timestamp();
    let mut found = Vec::new();
    for feed in feeds {
        if let Some(days) = keep_days(feed, global) {
            found.extend(store.prunable(feed, days, now)?);
        }
    }
    Ok(found)
}

/// Removes what [`plan`] found; returns how many stories went.
///
/// # Errors
/// On a database failure; then nothing was removed.
pub fn apply(store: &mut Store, plan: &[Prunable]) -> Result<usize, StoreError> {
    if plan.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = plan.iter().map(|p| p.id).collect();
    crate::store::retrying(|| store.prune(&ids))
}
