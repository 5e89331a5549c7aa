//! The demo library: stories shipped in `assets/demo/`, embedded so `--demo` works anywhere.

use anyhow::Context;

use crate::import::{self, Format};
use crate::store::Store;

/// The demo stories, by file name; a test checks this list against the folder.
pub const STORIES: &[(&str, &str)] = &[
    (
        "trump-petro-call.txt",
        include_str!("../assets/demo/trump-petro-call.txt"),
    ),
    (
        "andes-lithium-deal.md",
        include_str!("../assets/demo/andes-lithium-deal.md"),
    ),
    (
        "baltic-ferry-strike.md",
        include_str!("../assets/demo/baltic-ferry-strike.md"),
    ),
    (
        "central-bank-rates.md",
        include_str!("../assets/demo/central-bank-rates.md"),
    ),
    (
        "coffee-harvest.md",
        include_str!("../assets/demo/coffee-harvest.md"),
    ),
    (
        "coral-reef-survey.md",
        include_str!("../assets/demo/coral-reef-survey.md"),
    ),
    (
        "election-count.md",
        include_str!("../assets/demo/election-count.md"),
    ),
    (
        "harbour-bridge-vote.md",
        include_str!("../assets/demo/harbour-bridge-vote.md"),
    ),
    (
        "marathon-record.md",
        include_str!("../assets/demo/marathon-record.md"),
    ),
    (
        "rail-link-opens.md",
        include_str!("../assets/demo/rail-link-opens.md"),
    ),
    (
        "satellite-launch.md",
        include_str!("../assets/demo/satellite-launch.md"),
    ),
    (
        "chip-plant-jobs.md",
        include_str!("../assets/demo/chip-plant-jobs.md"),
    ),
    (
        "tokyo-design-week.md",
        include_str!("../assets/demo/tokyo-design-week.md"),
    ),
];

/// Fills a fresh library in a temporary folder with the demo stories; the folder (and the
/// library) disappear when the returned guard is dropped.
///
/// # Errors
/// When the temporary folder or library cannot be created, or a demo story does not parse.
pub fn open() -> anyhow::Result<(Store, tempfile::TempDir)> {
    let dir = tempfile::Builder::new()
        .prefix("newsdesk-demo-")
        .tempdir()
        .context("cannot create a folder for the demo library")?;
    let mut store = Store::open(&dir.path().join("library.db"))?;
    fill(&mut store)?;
    Ok((store, dir))
}

/// Adds every demo story to `store`.
///
/// # Errors
/// When a story does not parse or cannot be stored.
pub fn fill(store: &mut Store) -> anyhow::Result<()> {
    for (name, content) in STORIES {
        let format = Format::from_path(std::path::Path::new(name)).unwrap_or(Format::Text);
        for article in import::parse(content, format, name)? {
            store.insert(&article)?;
        }
    }
    Ok(())
}
