//! Shared by the benchmarks: generated libraries, cached in `target/bench/`, and percentiles.

#![allow(dead_code, reason = "each benchmark uses a different part")]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsdesk::store::Store;
use newsdesk::synth;

/// Seed of every generated library, so all runs measure the same stories.
pub const SEED: u64 = 2026;

/// The path of the cached library of `stories` generated stories, generating it on first use.
pub fn library(stories: u64) -> anyhow::Result<PathBuf> {
    cached(&format!("library-{stories}.db"), stories, |store| {
        let batch = 2_000;
        let mut next = 0;
        while next < stories {
            let end = (next + batch).min(stories);
            let articles: Vec<_> = (next..end).map(|i| synth::story(SEED, i)).collect();
            store.insert_many(&articles)?;
            next = end;
        }
        // Like a real library, every story has its entities found.
        while !newsdesk::library::analyse_stale(store, 2_000)?.is_empty() {}
        Ok(())
    })
}

/// A library file in `target/bench/` named `name`, reused while it holds `stories` stories,
/// otherwise made again by `fill`.
pub fn cached(
    name: &str,
    stories: u64,
    fill: impl FnOnce(&mut Store) -> anyhow::Result<()>,
) -> anyhow::Result<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    if path.exists() {
        let store = Store::open(&path)?;
        if store.counts()?.total == usize::try_from(stories)? {
            return Ok(path);
        }
        drop(store);
        std::fs::remove_file(&path)?;
    }
    eprintln!("generating {stories} stories into {} …", path.display());
    let started = Instant::now();
    let mut store = Store::open(&path)?;
    fill(&mut store)?;
    eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());
    Ok(path)
}

/// The `q` quantile (0.0–1.0) of some durations, in milliseconds.
pub fn percentile_ms(times: &mut [Duration], q: f64) -> f64 {
    times.sort();
    if times.is_empty() {
        return 0.0;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a short list"
    )]
    let index = (((times.len() - 1) as f64) * q).round() as usize;
    times[index].as_secs_f64() * 1_000.0
}

/// `--name value` from the command line.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// The library size asked for with `--stories N`, or the bench's usual size.
pub fn stories(default: u64) -> u64 {
    arg("--stories")
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(default)
}
