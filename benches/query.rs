//! Query latency on a generated library: full-text search and filters, p50 and p99, measured the
//! way the reader runs them (first window of rows plus the view's counts).
//!
//! `cargo bench --bench query` (100,000 stories; `-- --stories N` for another size). The library
//! is generated once into `target/bench/` and reused.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsdesk::query;
use newsdesk::store::{Store, Window};
use newsdesk::synth;

const SEED: u64 = 2026;
const RUNS: usize = 41;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let stories = args
        .iter()
        .position(|a| a == "--stories")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(100_000);
    let store = library(stories)?;
    println!("library: {stories} generated stories\n");
    println!(
        "{:<34} {:>8} {:>8} {:>10} {:>10} {:>8}",
        "query", "p50 ms", "p99 ms", "rows p50", "count p50", "matches"
    );
    let cases = [
        ("full text: topic word", "election"),
        ("full text: two topic words", "strike workers"),
        ("full text: prefix", "satell"),
        ("full text: rare word", "riberri"),
        ("full text: phrase", "\"central bank\""),
        ("full text: name", "\"Lucía Ruiz\""),
        ("full text + filters", "election tag:politics is:unread"),
        ("full text: word in every story", "said"),
        ("filter: tag", "tag:latam"),
        ("filter: is:bookmarked", "is:bookmarked"),
        ("filter: is:unread", "is:unread"),
        ("filter: tag + unread", "tag:europe is:unread"),
        ("filter: source", "source:ledger"),
        ("filter: date range", "after:2027-01-01 before:2027-02-01"),
        ("all stories, newest first", ""),
        ("all stories by title", "sort:title"),
    ];
    for (name, text) in cases {
        let query = query::parse(text)?;
        let mut times = Vec::with_capacity(RUNS);
        let mut row_times = Vec::with_capacity(RUNS);
        let mut count_times = Vec::with_capacity(RUNS);
        let mut matches = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let rows = store.query(
                &query,
                Window {
                    offset: 0,
                    limit: 300,
                },
            )?;
            let middle = Instant::now();
            matches = store.query_count(&query)?;
            std::hint::black_box(store.counts()?);
            times.push(started.elapsed());
            row_times.push(middle - started);
            count_times.push(middle.elapsed());
            std::hint::black_box(rows);
        }
        for list in [&mut times, &mut row_times, &mut count_times] {
            list.sort();
        }
        println!(
            "{name:<34} {:>8.2} {:>8.2} {:>10.2} {:>10.2} {matches:>8}",
            ms(times[RUNS / 2]),
            ms(times[RUNS * 99 / 100]),
            ms(row_times[RUNS / 2]),
            ms(count_times[RUNS / 2]),
        );
    }
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

/// Opens the cached benchmark library, generating it on first use.
fn library(stories: u64) -> anyhow::Result<Store> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("library-{stories}.db"));
    if path.exists() {
        let store = Store::open(&path)?;
        if store.counts()?.total == usize::try_from(stories)? {
            return Ok(store);
        }
        drop(store);
        std::fs::remove_file(&path)?;
    }
    eprintln!("generating {stories} stories into {} …", path.display());
    let started = Instant::now();
    let mut store = Store::open(&path)?;
    let batch = 2_000;
    let mut next = 0;
    while next < stories {
        let end = (next + batch).min(stories);
        let articles: Vec<_> = (next..end).map(|i| synth::story(SEED, i)).collect();
        store.insert_many(&articles)?;
        next = end;
    }
    eprintln!("generated in {:.1} s", started.elapsed().as_secs_f64());
    Ok(store)
}
