//! The daily reading loop on a large library: counting everything the reader's sidebar shows,
//! with and without saved views, and marking a 30,000-story view read and undoing it.
//!
//! `cargo bench --bench reading` (100,000 stories in 300 feeds; `-- --stories N --feeds F` for
//! another size). The library is generated once into `target/bench/` and reused; bulk marks are
//! undone after each run, so every run starts from the same state.

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsdesk::query;
use newsdesk::store::Store;

const RUNS: usize = 41;
const MARK_RUNS: usize = 5;

/// A library of `stories` generated stories spread over `feeds` subscriptions, a tenth of them
/// read, as after some weeks of use.
fn library(stories: u64, feeds: u64) -> anyhow::Result<PathBuf> {
    common::cached(&format!("reading-{stories}-{feeds}.db"), stories, |store| {
        for feed in 0..feeds {
            store.add_feed(
                &format!("https://feed-{feed}.example/rss"),
                Some(&format!("Feed number {feed}")),
            )?;
        }
        let batch = 5_000;
        let mut next = 0;
        while next < stories {
            let end = (next + batch).min(stories);
            let articles: Vec<_> = (next..end)
                .map(|i| {
                    let mut story = newsdesk::synth::story(common::SEED, i);
                    story.source = Some(format!("Feed number {}", i % feeds));
                    story.read = i % 10 == 0;
                    story
                })
                .collect();
            store.insert_many(&articles)?;
            next = end;
        }
        Ok(())
    })
}

fn main() -> anyhow::Result<()> {
    let stories = common::stories(100_000);
    let feeds = common::arg("--feeds")
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(300);
    let mut store = Store::open(&library(stories, feeds)?)?;
    println!("library: {stories} generated stories in {feeds} feeds\n");

    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let counts = store.sidebar_counts(&[])?;
        times.push(started.elapsed());
        rows = 3 + counts.feeds.len() + counts.tags.len();
    }
    println!(
        "sidebar counts (views, {} feeds, tags; {rows} rows): p50 {:.1} ms, p99 {:.1} ms",
        feeds,
        common::percentile_ms(&mut times, 0.5),
        common::percentile_ms(&mut times, 0.99),
    );

    // Saved views: the two the shipped config suggests (answered by the counters), then one
    // that is a search (counted as one, so it costs what the search costs).
    for (label, texts) in [
        (
            "with views `tag:latam is:unread`, `sort:oldest is:unread`",
            &["tag:latam is:unread", "sort:oldest is:unread"][..],
        ),
        (
            "with a searched view `source:\"number 1\"`",
            &["source:\"number 1\""][..],
        ),
    ] {
        let views = texts
            .iter()
            .map(|text| query::parse(text).map_err(|e| anyhow::anyhow!("{e:?}")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            store.sidebar_counts(&views)?;
            times.push(started.elapsed());
        }
        println!(
            "sidebar counts {label}: p50 {:.1} ms, p99 {:.1} ms",
            common::percentile_ms(&mut times, 0.5),
            common::percentile_ms(&mut times, 0.99),
        );
    }

    // Feeds 0-89 of 300 hold 30% of the stories: about 30,000 of 100,000.
    let names: Vec<String> = (0..feeds * 3 / 10)
        .map(|f| format!("feed:\"Feed number {f}\""))
        .collect();
    let view = query::parse(&names.join(" OR ")).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let in_view = store.query_count(&view)?;
    let mut marking: Vec<Duration> = Vec::new();
    let mut undoing: Vec<Duration> = Vec::new();
    let mut changed = 0;
    for _ in 0..MARK_RUNS {
        let started = Instant::now();
        let ids = store.set_read_matching(&view, true)?;
        marking.push(started.elapsed());
        changed = ids.len();
        let started = Instant::now();
        store.set_read_many(&ids, false)?;
        undoing.push(started.elapsed());
    }
    println!(
        "mark a {in_view}-story view read ({changed} changed): p50 {:.0} ms, max {:.0} ms",
        common::percentile_ms(&mut marking, 0.5),
        common::percentile_ms(&mut marking, 1.0),
    );
    println!(
        "undo that mark: p50 {:.0} ms, max {:.0} ms",
        common::percentile_ms(&mut undoing, 0.5),
        common::percentile_ms(&mut undoing, 1.0),
    );
    Ok(())
}
