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

/// A library with these story titles, still open (as a running reader would hold it).
fn open_library(path: &Path, titles: &[&str]) -> newsdesk::store::Store {
    let mut store = newsdesk::store::Store::open(path).expect("open");
    for title in titles {
        store
            .insert(&newsdesk::article::Article::new(
                *title,
                format!("The text of {title}."),
            ))
            .expect("insert");
    }
    store
}

fn titles_in(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare("SELECT title FROM articles ORDER BY title")
        .expect("prepare");
    stmt.query_map([], |row| row.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn a_backup_taken_while_others_use_the_library_holds_every_committed_story() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let _reader = open_library(&library, &["One", "Two"]);
    let writer = rusqlite::Connection::open(&library).expect("writer");
    writer
        .execute_batch("BEGIN IMMEDIATE; UPDATE articles SET title = 'Uncommitted' WHERE id = 1;")
        .expect("a write in progress");
    let backup = dir.path().join("backup.db");
    std::fs::write(&backup, b"an older backup").expect("write");
    let output = common::run_on(&library, &["backup", backup.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("delete") && said.contains("-wal"), "{said}");
    assert_eq!(titles_in(&backup), ["One", "Two"]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("newsdesk-backup"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    writer.execute_batch("ROLLBACK").expect("rollback");
}

#[test]
fn a_backup_onto_the_library_itself_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    drop(open_library(&library, &["One"]));
    let output = common::run_on(&library, &["backup", library.to_str().expect("path")]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("is the library itself"));
    assert_eq!(titles_in(&library), ["One"]);
}

#[test]
fn restoring_a_backup_as_the_advice_says_gives_back_its_stories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let backup = dir.path().join("saved");
    std::fs::create_dir(&backup).expect("mkdir");
    drop(open_library(&library, &["Kept"]));
    let output = common::run_on(&library, &["backup", backup.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let copy = std::fs::read_dir(&backup)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "db"))
        .expect("a dated backup in the folder");
    // Later work, left in the write-ahead log of a reader that is still open.
    let reader = open_library(&library, &["Later"]);
    let wal = dir.path().join("library.db-wal");
    let shm = dir.path().join("library.db-shm");
    assert!(wal.exists());
    // The advice: delete the -wal and -shm files with the old library, copy the backup over it.
    drop(reader);
    let _ = std::fs::remove_file(&wal);
    let _ = std::fs::remove_file(&shm);
    std::fs::copy(&copy, &library).expect("restore");
    let output = common::run_on(&library, &["list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stories: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["title"], "Kept");
}

/// Runs newsdesk as a user without special rights. Root may write anywhere, so as root the
/// command runs as `nobody` through util-linux's setpriv; as anyone else it runs as it is.
fn run_unprivileged(library: &Path, args: &[&str]) -> Output {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::tempfile().expect("probe");
    let root = probe.metadata().expect("metadata").uid() == 0;
    let mut command = if root {
        let mut command = std::process::Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        command.arg(env!("CARGO_BIN_EXE_newsdesk"));
        command
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
    };
    command
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("NEWSDESK_LIBRARY")
        .output()
        .expect("run newsdesk (as root this needs setpriv, from util-linux)")
}

#[test]
fn a_library_in_a_read_only_folder_is_read_and_says_why_it_cannot_be_changed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let folder = dir.path().join("library");
    std::fs::create_dir(&folder).expect("mkdir");
    let library = folder.join("library.db");
    drop(open_library(&library, &["Kept"]));
    let note = dir.path().join("note.txt");
    std::fs::write(&note, "A note\n\nIts text.").expect("write");
    for path in [&folder, &library, &note] {
        // Owned by the user the commands run as (nobody, when the tests run as root).
        let _ = std::os::unix::fs::chown(path, Some(65534), Some(65534));
    }
    std::fs::set_permissions(&library, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");

    let listed = run_unprivileged(&library, &["list"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Kept"));

    let tagged = run_unprivileged(&library, &["tag", "1", "+x"]);
    let errors = stderr(&tagged);
    assert!(!tagged.status.success());
    assert!(errors.contains("read-only"), "{errors}");
    assert!(!errors.contains("damaged"), "{errors}");

    let added = run_unprivileged(&library, &["add", note.to_str().expect("path")]);
    let errors = stderr(&added);
    assert!(!added.status.success());
    assert!(
        errors.contains("note.txt: not saved: cannot change the library"),
        "{errors}"
    );
    assert!(
        errors.contains("imported 0, skipped 0 duplicates, failed 1"),
        "{errors}"
    );
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// A story of about 30 KB of words that do not compress into each other.
fn long_story(number: usize) -> String {
    let mut seed = number as u64 * 2_654_435_761 + 1;
    let mut words = Vec::with_capacity(3_000);
    for _ in 0..3_000 {
        let word: String = (0..8)
            .map(|_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                char::from(b'a' + u8::try_from((seed >> 33) % 26).expect("letter"))
            })
            .collect();
        words.push(word);
    }
    format!("Story {number}\n\n{}", words.join(" "))
}

#[test]
fn a_disk_that_fills_up_ends_the_add_with_what_was_saved_and_a_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    drop(open_library(&library, &[]));
    let mut files = Vec::new();
    for number in 0..30 {
        let path = dir.path().join(format!("{number:02}.txt"));
        std::fs::write(&path, long_story(number)).expect("write");
        files.push(path.to_str().expect("path").to_owned());
    }
    // No file may grow past 256 KB: the disk is "full" after a few stories. (The shell's limit
    // makes writes fail with EFBIG, a disk I/O error to SQLite; a full disk's ENOSPC is
    // SQLITE_FULL, worded the same way, see the store's tests.)
    let script = format!(
        "trap '' XFSZ; ulimit -f 512; exec \"$0\" --library \"$1\" add {}",
        files.join(" ")
    );
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_newsdesk"))
        .arg(&library)
        .env_remove("NEWSDESK_LIBRARY")
        .output()
        .expect("run");
    let errors = stderr(&output);
    let added = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.starts_with("added"))
        .count();
    assert!(!output.status.success());
    assert!(added > 0 && added < 30, "{added} added\n{errors}");
    assert!(
        errors.contains("not saved: the library could not be written to the disk"),
        "{errors}"
    );
    assert!(errors.contains("free space"), "{errors}");
    assert!(errors.contains("stopped early"), "{errors}");
    assert!(
        errors.contains(&format!("imported {added}, skipped 0 duplicates, failed 1")),
        "{errors}"
    );
    assert_eq!(errors.matches(".txt: not saved").count(), 1, "{errors}");
    assert_eq!(titles_in(&library).len(), added);
}
