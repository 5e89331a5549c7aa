//! Refreshing 200 feeds on a local server when 190 of them have not changed: the time a refresh
//! takes and the bytes it receives, with conditional requests (as `newsdesk refresh --all` does
//! now) and without them (every feed downloaded and parsed in full, as before).
//!
//! `cargo bench --bench refresh` (`-- --feeds N --changed C --items I --runs R` for another size).

#[path = "../tests/common/http.rs"]
mod http;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http::{Response, Server, rss};
use newsdesk::store::Store;
use newsdesk::subscriptions::{self, Options, Which};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    let feeds = arg("--feeds", 200);
    let changed = arg("--changed", 10);
    let items = arg("--items", 30);
    let runs = arg("--runs", 5);
    // Each feed's version; a new version has one more item and a new ETag.
    let versions: Arc<Mutex<Vec<usize>>> = Arc::new(Mutex::new(vec![0; feeds]));
    let served = Arc::clone(&versions);
    let server = Server::start(move |request| {
        let index: usize = request
            .path
            .trim_start_matches("/feed/")
            .parse()
            .unwrap_or(usize::MAX);
        let Some(version) = served.lock().ok().and_then(|v| v.get(index).copied()) else {
            return Response::new(404, "text/plain", "not found");
        };
        let etag = format!("\"{index}-{version}\"");
        if request.header("if-none-match") == Some(etag.as_str()) {
            return Response::new(304, "application/rss+xml", Vec::new());
        }
        let body = rss(
            &format!("Feed {index}"),
            &format!("f{index}"),
            items + version,
        );
        Response::new(200, "application/rss+xml", body).with("ETag", &etag)
    });
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("library.db"))?;
    for i in 0..feeds {
        store.add_feed(&server.url(&format!("/feed/{i}")), None)?;
    }
    let options = Options {
        which: Which::All,
        default_interval: subscriptions::DEFAULT_INTERVAL,
        keep_days: None,
    };
    subscriptions::refresh_with(&mut store, &options, &mut |_, _| {})?;
    let round = AtomicUsize::new(0);
    let mut measure = |conditional: bool| -> anyhow::Result<(Duration, u64, usize)> {
        // A different tenth of the feeds changes each round.
        let r = round.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut v) = versions.lock() {
            for k in 0..changed {
                v[(r * changed + k) % feeds] += 1;
            }
        }
        if !conditional {
            // Forget validators and hashes: every feed is downloaded and parsed, as before.
            for feed in store.feeds()? {
                store.record_refresh(feed.id, &newsdesk::store::RefreshRecord::default())?;
            }
        }
        let sent = server.bytes_sent();
        let started = Instant::now();
        let reports = subscriptions::refresh_with(&mut store, &options, &mut |_, _| {})?;
        let took = started.elapsed();
        let unchanged = reports.iter().filter(|r| r.unchanged).count();
        Ok((took, server.bytes_sent() - sent, unchanged))
    };
    println!(
        "{feeds} feeds of {items}+ items, {changed} changed per refresh, median of {runs} runs"
    );
    println!("| refresh | time (ms) | bytes received | unchanged feeds |");
    println!("|---|---:|---:|---:|");
    for (label, conditional) in [
        ("every feed downloaded and parsed (before)", false),
        ("conditional requests (now)", true),
    ] {
        let mut results = (0..runs)
            .map(|_| measure(conditional))
            .collect::<anyhow::Result<Vec<_>>>()?;
        results.sort_by_key(|r| r.0);
        let (took, bytes, unchanged) = results[runs / 2];
        println!(
            "| {label} | {:.0} | {bytes} | {unchanged} |",
            took.as_secs_f64() * 1_000.0
        );
    }
    Ok(())
}
