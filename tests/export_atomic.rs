//! Exports never damage the previous export and never fail because another program changed the
//! library: the file is written beside the target and renamed into place, the stories are read
//! from one snapshot.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use newsdesk::article::Article;
use newsdesk::export::{ExportFormat, export};
use newsdesk::store::Store;

/// A library file holding `count` stories of about 2 KB each.
fn library_with(dir: &Path, count: usize) -> std::path::PathBuf {
    let path = dir.join("library.db");
    let mut store = Store::open(&path).expect("open");
    for n in 0..count {
        let body = format!("Story {n} says something worth keeping. ").repeat(50);
        store
            .insert(&Article::new(format!("Story {n}"), body))
            .expect("insert");
    }
    path
}

fn exported_titles(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("read export");
    let stories: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a whole JSON export");
    stories
        .iter()
        .map(|s| s["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn an_export_cut_short_by_a_full_disk_leaves_the_previous_export_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with(dir.path(), 100);
    let out = dir.path().join("all.json");
    let out_arg = out.to_str().expect("path");
    let first = common::run_on(&library, &["export", "-o", out_arg]);
    assert!(first.status.success(), "{first:?}");
    let before = std::fs::read(&out).expect("read");
    assert_eq!(exported_titles(&out).len(), 100);
    // The same export with room for 64 KB only (the first took about 200 KB): writing stops
    // partway, as on a full disk.
    let cut = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 128 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--library")
        .arg(&library)
        .args(["export", "-o", out_arg])
        .env_remove("NEWSDESK_LIBRARY")
        .output()
        .expect("run");
    assert!(!cut.status.success(), "the export must have been cut short");
    let after = std::fs::read(&out).expect("read");
    assert!(
        after == before,
        "the previous export is untouched: {} bytes, was {}",
        after.len(),
        before.len()
    );
}

#[test]
fn a_finished_export_replaces_the_old_file_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with(dir.path(), 3);
    let out = dir.path().join("all.json");
    std::fs::write(&out, "old").expect("write");
    let done = common::run_on(&library, &["export", "-o", out.to_str().expect("path")]);
    assert!(done.status.success(), "{done:?}");
    assert_eq!(exported_titles(&out).len(), 3);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".newsdesk-export-")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Output that removes a story through another connection as soon as the export starts.
struct RemovingWhileWritten {
    out: Vec<u8>,
    other: Option<(Store, i64)>,
}

impl Write for RemovingWhileWritten {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some((mut other, id)) = self.other.take() {
            other.remove(id).expect("another program removes a story");
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_story_removed_during_an_export_is_still_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with(dir.path(), 5);
    let store = Store::open(&library).expect("open");
    let other = Store::open(&library).expect("open a second connection");
    let last = store
        .query_ids(&newsdesk::query::parse("").expect("query"))
        .expect("ids")
        .into_iter()
        .max()
        .expect("a story");
    let mut out = RemovingWhileWritten {
        out: Vec::new(),
        other: Some((other, last)),
    };
    let query = newsdesk::query::parse("").expect("query");
    let count = export(&store, ExportFormat::Json, &query, &mut out).expect("export");
    assert_eq!(count, 5);
    let stories: Vec<serde_json::Value> = serde_json::from_slice(&out.out).expect("json");
    assert_eq!(stories.len(), 5);
    // The removal itself went through.
    assert_eq!(store.counts().expect("counts").total, 4);
}
