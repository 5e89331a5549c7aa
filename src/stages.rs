//! Where an import's time goes, stage by stage, so slow imports can be explained with figures.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The stages of saving stories; recognition runs on worker threads, so its time is summed over
/// them and may exceed the wall-clock time of the whole import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading files and turning them into stories.
    Parse,
    /// Finding entities (CPU time over every worker thread).
    Recognise,
    /// Writing story, body, tag and mention rows.
    Rows,
    /// Adding stories to the full-text index.
    Index,
    /// Committing: writing the index's pending terms and the pages to the disk.
    Commit,
}

const STAGES: [Stage; 5] = [
    Stage::Parse,
    Stage::Recognise,
    Stage::Rows,
    Stage::Index,
    Stage::Commit,
];

static NANOS: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];

impl Stage {
    /// The stage's name as the breakdown prints it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Parse => "read and parse",
            Self::Recognise => "recognise (all threads)",
            Self::Rows => "write rows",
            Self::Index => "full-text index",
            Self::Commit => "commit",
        }
    }
}

/// Adds time spent in a stage.
pub fn add(stage: Stage, spent: Duration) {
    let nanos = u64::try_from(spent.as_nanos()).unwrap_or(u64::MAX);
    NANOS[stage as usize].fetch_add(nanos, Ordering::Relaxed);
}

/// Runs `work` and counts its time to `stage`.
pub fn timed<T>(stage: Stage, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = work();
    add(stage, started.elapsed());
    result
}

/// Time spent so far in each stage, in order.
#[must_use]
pub fn totals() -> Vec<(Stage, Duration)> {
    STAGES
        .iter()
        .map(|&stage| {
            let nanos = NANOS[stage as usize].load(Ordering::Relaxed);
            (stage, Duration::from_nanos(nanos))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_added_to_the_stage_it_was_spent_in() {
        let before = totals();
        add(Stage::Commit, Duration::from_millis(5));
        let after = totals();
        let commit = |list: &[(Stage, Duration)]| list[4].1;
        assert!(commit(&after) >= commit(&before) + Duration::from_millis(5));
        assert_eq!(after[4].0, Stage::Commit);
    }
}
