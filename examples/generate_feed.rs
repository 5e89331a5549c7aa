//! Writes an RSS feed of generated stories, for comparing import speed with other readers.
//!
//! `cargo run --release --example generate_feed -- ITEMS PATH`

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let items: u64 = args.get(1).map_or(Ok(10_000), |n| n.parse())?;
    let path = args.get(2).map_or("generated-feed.xml", String::as_str);
    std::fs::write(path, newsdesk::synth::rss_feed(7, items))?;
    eprintln!("wrote {items} items to {path}");
    Ok(())
}
