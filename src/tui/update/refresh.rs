//! The reader's own refreshing: every `[refresh] every`, the due feeds are fetched in the
//! background; between two, the loop sleeps.

use std::time::Instant;

use super::super::model::Model;
use super::super::worker::Task;
use crate::subscriptions::{Options, Which};

/// Starts a refresh of the due feeds when its time has come, and sets the next one.
pub fn auto_refresh(model: &mut Model, now: Instant) -> Vec<Task> {
    let Some(every) = model.refresh.every else {
        return Vec::new();
    };
    match model.refresh.next {
        None => {
            // The first one comes a full interval after starting.
            model.refresh.next = Some(now + every);
            Vec::new()
        }
        Some(due) if now >= due => {
            model.refresh.next = Some(now + every);
            vec![Task::Refresh(Options {
                which: Which::Due,
                ..model.refresh.options
            })]
        }
        Some(_) => Vec::new(),
    }
}
