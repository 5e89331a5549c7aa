//! Entity recognition speed in MB of text per second on one core, and the one-off cost of
//! loading the model. Reads the development set in `../shared/data/ner-dev/` when it is present,
//! otherwise the demo stories.
//!
//! `cargo bench --bench entities`

use std::time::{Duration, Instant};

use newsdesk::entities;

fn main() -> anyhow::Result<()> {
    let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/ner-dev/dev.text.jsonl");
    let (texts, source): (Vec<String>, &str) = match std::fs::read_to_string(&dev) {
        Ok(lines) => (
            lines
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["text"].as_str().map(str::to_owned))
                .collect(),
            "ner-dev development set",
        ),
        Err(_) => (
            newsdesk::demo::STORIES
                .iter()
                .map(|(_, text)| (*text).to_owned())
                .collect(),
            "demo stories",
        ),
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = Instant::now();
    let first = entities::recognise("Warm-up: Gustavo Petro spoke in Bogotá.");
    let load = started.elapsed();
    std::hint::black_box(first);

    let mut rounds = 0_u32;
    let mut mentions = 0;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        for text in &texts {
            mentions += entities::recognise(text).len();
        }
        rounds += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    #[allow(clippy::cast_precision_loss, reason = "a few hundred MB at most")]
    let megabytes = (bytes as f64 * f64::from(rounds)) / 1_000_000.0;
    println!("text: {source}, {} stories, {bytes} bytes", texts.len());
    println!(
        "model load and first call: {:.1} ms",
        load.as_secs_f64() * 1000.0
    );
    println!(
        "recognition: {:.1} MB/s on one core ({rounds} rounds, {} mentions per round)",
        megabytes / elapsed,
        mentions / rounds.max(1) as usize
    );
    Ok(())
}
