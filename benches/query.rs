//! Query latency on a generated library: full-text search and filters, p50 and p99, measured the
//! way the reader runs them (first window of rows with the match count, plus the header's
//! counts); "rows" and "count" time `query` and `query_count` on their own.
//!
//! `cargo bench --bench query` (100,000 stories; `-- --stories N` for another size). The library
//! is generated once into `target/bench/` and reused.

mod common;

use std::time::{Duration, Instant};

use newsdesk::query;
use newsdesk::store::{Store, Window};

const RUNS: usize = 41;

fn main() -> anyhow::Result<()> {
    let stories = common::stories(100_000);
    let store = Store::open(&common::library(stories)?)?;
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
        ("full text: one-letter prefix", "m"),
        ("full text: two-letter prefix", "mi"),
        (
            "full text: every story, by relevance",
            "said sort:relevance",
        ),
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
        let window = Window {
            offset: 0,
            limit: 300,
        };
        // One untimed run first, so p99 measures the query, not the disk's first read.
        std::hint::black_box(store.query_page(&query, window)?);
        for _ in 0..RUNS {
            // What the reader does for a view: its first window with the count, then the
            // header's counts.
            let started = Instant::now();
            let listing = store.query_page(&query, window)?;
            std::hint::black_box(store.counts()?);
            times.push(started.elapsed());
            matches = listing.total;
            std::hint::black_box(listing);
            // The two parts on their own, for where the time goes.
            let started = Instant::now();
            std::hint::black_box(store.query(&query, window)?);
            row_times.push(started.elapsed());
            let started = Instant::now();
            std::hint::black_box(store.query_count(&query)?);
            count_times.push(started.elapsed());
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
