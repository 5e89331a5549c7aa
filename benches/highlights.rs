//! The reader's library-wide highlights view on a large library: how long a page of highlights
//! (with its stories and the count) takes to load, at the top and deep in the list, and with a
//! filter, which reads every highlight.
//!
//! `cargo bench --bench highlights` (20,000 stories, 10,000 highlights; `-- --stories N` for
//! another size, half as many highlights). The library is generated once into `target/bench/`.

mod common;

use std::path::PathBuf;
use std::time::Instant;

use newsdesk::highlight::{Anchor, Color, Highlight};
use newsdesk::store::Store;
use newsdesk::tui::model::all_highlights::PAGE;
use newsdesk::tui::worker::{Outcome, Task, perform};

const RUNS: usize = 41;

/// `stories` generated stories, every other one with a highlight of its opening words made a
/// minute apart, a third of them with a note.
fn library(stories: u64) -> anyhow::Result<PathBuf> {
    common::cached(&format!("highlights-{stories}.db"), stories, |store| {
        let articles: Vec<_> = (0..stories)
            .map(|i| newsdesk::synth::story(common::SEED, i))
            .collect();
        store.insert_many(&articles)?;
        let now = chrono::Utc::now();
        for (n, id) in (1..=i64::try_from(stories)?).step_by(2).enumerate() {
            let body = store.get(id)?.body;
            let end = body.char_indices().nth(60).map_or(body.len(), |(at, _)| at);
            let Some(anchor) = Anchor::at(&body, 0..end) else {
                continue;
            };
            let note = (n % 3 == 0).then(|| format!("note number {n}"));
            let mut highlight = Highlight::new(anchor, Color::Yellow, note);
            highlight.created = now - chrono::Duration::minutes(i64::try_from(n)?);
            store.add_highlight(id, &highlight)?;
        }
        Ok(())
    })
}

fn main() -> anyhow::Result<()> {
    let stories = common::stories(20_000);
    let mut store = Store::open(&library(stories)?)?;
    let (_, total) = store.recent_highlights(
        "",
        newsdesk::store::Window {
            offset: 0,
            limit: 0,
        },
    )?;
    println!("library: {stories} generated stories, {total} highlights\n");
    let last = total.saturating_sub(PAGE);
    for (offset, filter) in [(0, ""), (last, ""), (0, "number 12")] {
        let mut times = Vec::with_capacity(RUNS);
        let mut rows = 0;
        let mut matching = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let task = Task::LoadAllHighlights {
                offset,
                limit: PAGE,
                filter: filter.to_owned(),
            };
            let outcome = perform(&mut store, task);
            times.push(started.elapsed());
            if let Some(Outcome::AllHighlights {
                rows: page, total, ..
            }) = outcome
            {
                rows = page.len();
                matching = total;
            }
        }
        println!(
            "a page of the highlights view from {offset}, filter {filter:?} ({rows} rows with \
             their stories, {matching} matching): p50 {:.2} ms, p99 {:.2} ms",
            common::percentile_ms(&mut times, 0.5),
            common::percentile_ms(&mut times, 0.99),
        );
    }
    Ok(())
}
