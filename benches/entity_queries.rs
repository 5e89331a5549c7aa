//! Entities across a generated library: `entities --top` (every mention counted under its
//! canonical name) and `entity:` searches, p50 and p99 in milliseconds.
//!
//! `cargo bench --bench entity_queries` (100,000 stories; `-- --stories N` for another size).
//! The library is generated once into `target/bench/` and shared with the other benchmarks.

mod common;

use std::time::{Duration, Instant};

use newsdesk::entities::Label;
use newsdesk::query;
use newsdesk::store::{Store, Window};

const RUNS: usize = 21;
const TOP_RUNS: usize = 5;

fn main() -> anyhow::Result<()> {
    let stories = common::stories(100_000);
    let store = Store::open(&common::library(stories)?)?;
    println!("library: {stories} generated stories\n");
    println!(
        "{:<40} {:>8} {:>8} {:>8}",
        "entities --top", "p50 ms", "max ms", "rows"
    );
    for (name, label) in [
        ("top 20, every kind of name", None),
        ("top 20 PERSON", Some(Label::Person)),
    ] {
        let mut times = Vec::with_capacity(TOP_RUNS);
        let mut rows = 0;
        for _ in 0..TOP_RUNS {
            let started = Instant::now();
            rows = store.top_entities(label, 20)?.len();
            times.push(started.elapsed());
        }
        println!(
            "{name:<40} {:>8.1} {:>8.1} {rows:>8}",
            common::percentile_ms(&mut times, 0.5),
            common::percentile_ms(&mut times, 1.0),
        );
    }
    println!(
        "\n{:<40} {:>8} {:>8} {:>8}",
        "entity: search (300 rows + count)", "p50 ms", "p99 ms", "matches"
    );
    for (name, text) in [
        ("full name", "entity:\"Marco Bellini\""),
        ("surname (several full names end in it)", "entity:Bellini"),
        ("organisation", "entity:\"Energy Regulator\""),
        ("name no story has", "entity:\"Nobody Atall\""),
    ] {
        let query = query::parse(text)?;
        let window = Window {
            offset: 0,
            limit: 300,
        };
        std::hint::black_box(store.query(&query, window)?);
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut matches = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            std::hint::black_box(store.query(&query, window)?);
            matches = store.query_count(&query)?;
            times.push(started.elapsed());
        }
        println!(
            "{name:<40} {:>8.2} {:>8.2} {matches:>8}",
            common::percentile_ms(&mut times, 0.5),
            common::percentile_ms(&mut times, 0.99),
        );
    }
    Ok(())
}
