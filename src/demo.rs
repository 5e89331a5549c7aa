//! The demo library: stories shipped in `assets/demo/`, embedded so `--demo` works anywhere.

use anyhow::Context;
use chrono::{DateTime, Utc};

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

/// When the demo stories count as saved, so the demo looks the same on every run.
const DEMO_SAVED: i64 = 1_763_971_200; // 2025-11-24 08:00 UTC

/// Adds every demo story to `store`.
///
/// # Errors
/// When a story does not parse or cannot be stored.
pub fn fill(store: &mut Store) -> anyhow::Result<()> {
    for (name, content) in STORIES {
        let format = Format::from_path(std::path::Path::new(name)).unwrap_or(Format::Text);
        for mut article in import::parse(content, format, name)? {
            article.saved = article
                .saved
                .or(article.published)
                .or(DateTime::<Utc>::from_timestamp(DEMO_SAVED, 0));
            crate::library::add(store, &article)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_the_demo_folder_is_embedded() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .expect("assets/demo")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = STORIES.iter().map(|(n, _)| (*n).to_owned()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn the_demo_fills_a_library_with_tagged_bookmarked_and_read_stories() {
        let mut store = Store::open_in_memory().expect("store");
        fill(&mut store).expect("fill");
        let stories = store.list(crate::store::Window::ALL).expect("list");
        assert_eq!(stories.len(), STORIES.len());
        assert!(stories.iter().any(|s| s.bookmarked));
        assert!(stories.iter().any(|s| s.read));
        assert!(stories.iter().all(|s| s.source.is_some()));
        assert!(stories.iter().filter(|s| !s.tags.is_empty()).count() >= 11);
    }
}
