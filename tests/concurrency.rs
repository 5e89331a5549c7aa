//! Two programs on one library: a second writer waits for the first instead of failing, and a
//! batch (`add`, `import`, `refresh`) that cannot save one item reports it and goes on.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::thread::JoinHandle;
use std::time::Duration;

use newsdesk::article::Article;
use newsdesk::store::Store;

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A library file with `n` stories, ids 1..=n.
fn library_with(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("library.db");
    let mut store = Store::open(&path).expect("open");
    for i in 1..=n {
        store
            .insert(&Article::new(
                format!("Story {i}"),
                format!("Body number {i}."),
            ))
            .expect("insert");
    }
    path
}

/// Takes the library's write lock from another connection, as a second program writing would,
/// and lets go after `hold`.
fn hold_write_lock(library: &Path, hold: Duration) -> JoinHandle<()> {
    let conn = rusqlite::Connection::open(library).expect("second connection");
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE articles SET position = position WHERE id = 1;")
        .expect("take the write lock");
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").expect("commit");
    })
}

/// Makes the library refuse stories with this title, as a failing store call would.
fn refuse_title(library: &Path, title: &str) {
    let conn = rusqlite::Connection::open(library).expect("second connection");
    conn.execute_batch(&format!(
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN new.title = '{title}' \
         BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END;"
    ))
    .expect("trigger");
}

#[test]
fn a_tag_change_waits_for_another_writer_and_succeeds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with(dir.path(), 2);
    let holder = hold_write_lock(&library, Duration::from_secs(3));
    let output = common::run_on(&library, &["tag", "2", "+x"]);
    holder.join().expect("holder");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("updated tags on 1 story"));
    // A one-statement change waits too.
    let holder = hold_write_lock(&library, Duration::from_secs(2));
    let output = common::run_on(&library, &["bookmark", "2"]);
    holder.join().expect("holder");
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = common::run_on(&library, &["show", "2", "--json"]);
    let story: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("json");
    assert_eq!(story["tags"], serde_json::json!(["x"]));
    assert_eq!(story["bookmarked"], true);
}

#[test]
fn adding_many_files_waits_for_another_writer_and_saves_them_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with(dir.path(), 1);
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).expect("mkdir");
    for i in 0..5 {
        std::fs::write(
            notes.join(format!("{i}.txt")),
            format!("Note {i}\n\nText {i}."),
        )
        .expect("write");
    }
    let holder = hold_write_lock(&library, Duration::from_secs(3));
    let output = common::run_on(&library, &["add", notes.to_str().expect("path")]);
    holder.join().expect("holder");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("imported 5, skipped 0 duplicates, failed 0"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_story_the_library_refuses_is_reported_and_the_rest_are_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with(dir.path(), 0);
    refuse_title(&library, "Poison");
    let files: Vec<PathBuf> = ["Alpha", "Poison", "Omega"]
        .iter()
        .map(|title| {
            let path = dir.path().join(format!("{title}.txt"));
            std::fs::write(&path, format!("{title}\n\nThe story called {title}.")).expect("write");
            path
        })
        .collect();
    let mut args = vec!["add"];
    args.extend(files.iter().map(|p| p.to_str().expect("path")));
    let output = common::run_on(&library, &args);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "one failed: {errors}");
    assert!(errors.contains("Poison.txt: not saved"), "{errors}");
    assert!(
        errors.contains("imported 2, skipped 0 duplicates, failed 1"),
        "{errors}"
    );
    assert!(stdout(&output).contains("Omega"));
}

#[test]
fn a_json_import_with_a_refused_story_ends_with_its_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with(dir.path(), 0);
    refuse_title(&library, "Poison");
    let file = dir.path().join("stories.json");
    std::fs::write(
        &file,
        r#"[{"title": "Poison", "body": "one"}, {"title": "Fine", "body": "two"}]"#,
    )
    .expect("write");
    let output = common::run_on(
        &library,
        &["import", "--format", "json", file.to_str().expect("path")],
    );
    let errors = stderr(&output);
    assert!(errors.contains("stories.json: not saved"), "{errors}");
    assert!(
        errors.contains("imported 0, skipped 0 duplicates, failed 1"),
        "{errors}"
    );
}

#[test]
fn a_refresh_saves_the_feeds_it_can_and_reports_the_one_it_cannot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = library_with(dir.path(), 0);
    let feed = |name: &str, item: &str| {
        let path = dir.path().join(format!("{name}.xml"));
        std::fs::write(
            &path,
            format!(
                "<rss version=\"2.0\"><channel><title>{name}</title><link>https://{name}.example/</link>\
                 <item><title>{item}</title><guid>1</guid><description>Text of {item}.</description></item>\
                 </channel></rss>"
            ),
        )
        .expect("write");
        path
    };
    let good = feed("good", "Fine news");
    let bad = feed("bad", "Poison");
    for path in [&good, &bad] {
        let conn = rusqlite::Connection::open(&library).expect("conn");
        conn.execute(
            "INSERT INTO feeds (url, added) VALUES (?1, 0)",
            [path.to_str().expect("path")],
        )
        .expect("subscribe");
    }
    refuse_title(&library, "Poison");
    let output = common::run_on(&library, &["refresh"]);
    let (out, errors) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(1), "one failed: {out}{errors}");
    assert!(out.contains("1 new  good"), "{out}");
    assert!(
        errors.contains("bad: downloaded but not saved: library error: refused"),
        "{errors}"
    );
    assert!(
        errors.contains("1 new stories from 2 feeds, 0 unchanged, 1 failed"),
        "{errors}"
    );
}

#[test]
fn the_reader_says_in_its_status_line_that_changes_wait_and_when_they_are_saved() {
    use newsdesk::tui::update;
    use newsdesk::tui::worker::Outcome;
    let mut reader = common::Reader::demo(100, 30);
    let waiting =
        "Another program is writing to the library: 1 change waiting to be saved, still trying";
    let tasks = update::absorb(&mut reader.model, Outcome::Notice(waiting.into()));
    reader.run(tasks);
    assert!(
        reader
            .screen()
            .contains("Another program is writing to the library")
    );
    let tasks = update::absorb(
        &mut reader.model,
        Outcome::Notice("The waiting changes are saved".into()),
    );
    reader.run(tasks);
    assert!(reader.screen().contains("The waiting changes are saved"));
}
