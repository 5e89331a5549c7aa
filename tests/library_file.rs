//! The library file itself: other programs' databases are left alone, and backups restore.

mod common;

use std::path::Path;
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn listing_a_browsers_history_refuses_it_without_converting_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("places.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT);
             INSERT INTO moz_places (url, title) VALUES ('https://example.org/', 'Example');",
        )
        .expect("schema");
    }
    let before = std::fs::read(&path).expect("read");
    for args in [&["list"][..], &["add", "-"], &["tags"]] {
        let output = common::run_on(&path, args);
        assert!(!output.status.success());
        let errors = stderr(&output);
        assert!(errors.contains("not a newsdesk library"), "{errors}");
        assert_eq!(errors.lines().count(), 1, "{errors}");
    }
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());
    let mode: String = rusqlite::Connection::open(&path)
        .expect("open")
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .expect("journal mode");
    assert_eq!(mode, "delete");
}
