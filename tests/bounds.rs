//! Hostile and oversized inputs are refused in bounded memory and time: every run here happens
//! in a child process under an address-space limit and a deadline, so a regression fails the
//! test instead of taking the machine down or hanging it.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Address space given to each run; far above what newsdesk needs, far below what a bomb takes.
const MEMORY_KIB: u64 = 1024 * 1024;
/// Longest a run may take before it counts as hung.
const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `newsdesk --library LIBRARY ARGS` under [`MEMORY_KIB`] of address space and
/// [`DEADLINE`]; a run that outlives the deadline is killed and fails the test.
fn run_bounded(library: &Path, args: &[&str], stdin: Option<&Path>) -> Output {
    run_within(MEMORY_KIB, library, args, stdin)
}

/// [`run_bounded`] with another address-space limit.
fn run_within(memory_kib: u64, library: &Path, args: &[&str], stdin: Option<&Path>) -> Output {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {memory_kib} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("NEWSDESK_LIBRARY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match stdin {
        Some(path) => command.stdin(std::fs::File::open(path).expect("open stdin file")),
        None => command.stdin(Stdio::null()),
    };
    let mut child = command.spawn().expect("run newsdesk");
    // Output is drained while the child runs, so a full pipe never stalls it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut bytes).expect("read output");
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("newsdesk {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A Markdown file whose front matter is nine levels of lists of nine aliases of the level
/// before: under 400 bytes that expand to 9^9 values.
fn alias_bomb() -> String {
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9 {
        let list = vec![format!("*a{}", level - 1); 9].join(",");
        yaml.push_str(&format!("a{level}: &a{level} [{list}]\n"));
    }
    format!("---\ntitle: Bomb\n{yaml}---\nBody.\n")
}

#[test]
fn a_yaml_alias_bomb_in_front_matter_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = dir.path().join("bomb.md");
    std::fs::write(&bomb, alias_bomb()).expect("write");
    let library = dir.path().join("library.db");
    let output = run_bounded(&library, &["add", bomb.to_str().expect("path")], None);
    let message = stderr(&output);
    assert!(!output.status.success());
    assert!(
        message.contains("bomb.md:4: invalid front matter: aliases"),
        "the bomb is refused, naming the file and line: {message}"
    );
    // The library is still usable and holds nothing from the bomb.
    let listed = run_bounded(&library, &["list"], None);
    assert!(listed.status.success(), "{}", stderr(&listed));
}

/// Makes a FIFO; nothing ever writes to it, so an ordinary open for reading waits forever.
fn fifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// A sparse file of `len` bytes: as long as a big file, without using the disk.
fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path)
        .and_then(|f| f.set_len(len))
        .expect("sparse file");
}

#[test]
fn a_fifo_in_a_folder_is_passed_over_and_a_fifo_given_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("notes");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("a.txt"), "Harbour plan\n\nThe council voted.\n").expect("write");
    fifo(&folder.join("pipe.txt"));
    let library = dir.path().join("library.db");
    let output = run_bounded(&library, &["add", folder.to_str().expect("path")], None);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Harbour plan"));

    let pipe = folder.join("pipe.txt");
    let output = run_bounded(&library, &["add", pipe.to_str().expect("path")], None);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("pipe.txt: is not a regular file"),
        "{}",
        stderr(&output)
    );
    // The advice fits every command, not only `add`.
    let output = run_bounded(&library, &["extract", pipe.to_str().expect("path")], None);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("save it to a file first (`add`, `import` and `entities`"),
        "{}",
        stderr(&output)
    );
    assert!(
        !stderr(&output).contains("newsdesk add -"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_local_subscription_that_is_a_fifo_fails_its_refresh_without_hanging() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pipe = dir.path().join("feed.xml");
    fifo(&pipe);
    let library = dir.path().join("library.db");
    let output = run_bounded(
        &library,
        &["feed", "add", pipe.to_str().expect("path")],
        None,
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
    // A subscribed file replaced by a FIFO later: the refresh reports it and ends.
    let feed = dir.path().join("later.xml");
    std::fs::write(
        &feed,
        "<rss version=\"2.0\"><channel><title>Later</title><item><title>One</title>\
         <description>Text.</description></item></channel></rss>",
    )
    .expect("write");
    let output = run_bounded(
        &library,
        &["feed", "add", feed.to_str().expect("path")],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    std::fs::remove_file(&feed).expect("remove");
    fifo(&feed);
    let output = run_bounded(&library, &["refresh", "--all"], None);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn endless_and_oversized_inputs_are_refused_on_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("library.db");
    let big = dir.path().join("big.txt");
    sparse(&big, 300_000_000);
    let big_html = dir.path().join("big.html");
    sparse(&big_html, 300_000_000);
    let big = big.to_str().expect("path");
    let big_html = big_html.to_str().expect("path");
    let commands: Vec<Vec<&str>> = vec![
        vec!["add", big],
        vec!["import", big],
        vec!["import", "--format", "pocket-csv", big],
        vec!["import", "--format", "opml", big],
        vec!["feed", "import", big],
        vec!["entities", big],
        vec!["extract", big_html],
        vec!["add", "/dev/zero"],
        vec!["import", "/dev/zero"],
        vec!["import", "--format", "text", "/dev/zero"],
        vec!["feed", "import", "/dev/zero"],
        vec!["feed", "add", "/dev/zero"],
        vec!["entities", "/dev/zero"],
        vec!["extract", "/dev/zero"],
    ];
    for args in commands {
        let output = run_bounded(&library, &args, None);
        let message = stderr(&output);
        assert!(!output.status.success(), "{args:?} must fail");
        let expected = if args.contains(&"/dev/zero") {
            "/dev/zero: is not a regular file"
        } else {
            "is 300000000 bytes, over the 67108864-byte limit"
        };
        assert!(message.contains(expected), "{args:?}: {message}");
    }
    // Standard input: a redirected file is refused by its size, an endless stream at the limit.
    let big = Path::new(big);
    for args in [&["add", "-"][..], &["entities", "-"]] {
        let output = run_bounded(&library, args, Some(big));
        assert!(
            stderr(&output).contains("stdin: is 300000000 bytes, over the"),
            "{args:?}: {}",
            stderr(&output)
        );
        let output = run_bounded(&library, args, Some(Path::new("/dev/zero")));
        assert!(
            stderr(&output).contains("stdin: is over the 67108864-byte limit"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let output = run_bounded(
        &library,
        &["entities", "--jsonl"],
        Some(Path::new("/dev/zero")),
    );
    assert!(
        stderr(&output).contains("stdin:1: a line is over the 67108864-byte limit"),
        "{}",
        stderr(&output)
    );
}

/// Address space for the runs that must stay a small multiple of their input.
const TIGHT_KIB: u64 = 512 * 1024;

/// A file of `prefix`, then `unit` repeated to about `bytes`, then `suffix`.
fn repeated(path: &Path, prefix: &str, unit: &str, bytes: usize, suffix: &str) {
    let mut text = String::with_capacity(bytes + prefix.len() + suffix.len());
    text.push_str(prefix);
    text.push_str(&unit.repeat(bytes / unit.len()));
    text.push_str(suffix);
    std::fs::write(path, text).expect("write");
}

#[test]
fn a_page_of_tiny_elements_is_read_as_text_without_a_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("tiny.html");
    repeated(
        &page,
        "<html><head><title>Tiny</title></head><body><article><p>The one line of text.</p>",
        "<p><b></b><i></i></p>",
        30_000_000,
        "</article></body></html>",
    );
    let library = dir.path().join("library.db");
    let output = run_within(
        TIGHT_KIB,
        &library,
        &["add", page.to_str().expect("path")],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_page_with_more_text_than_a_story_holds_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("long.html");
    repeated(
        &page,
        "<html><body><article>",
        "<p>The council met on Monday and voted to rebuild the harbour wall.</p>",
        40_000_000,
        "</article></body></html>",
    );
    let library = dir.path().join("library.db");
    for args in [&["add"][..], &["extract"], &["import", "--format", "html"]] {
        let mut args = args.to_vec();
        args.push(page.to_str().expect("path"));
        let output = run_within(TIGHT_KIB, &library, &args, None);
        let message = stderr(&output);
        assert!(!output.status.success());
        assert!(
            message.contains("long.html: the page holds"),
            "{args:?}: {message}"
        );
    }
}

#[test]
fn an_export_with_more_entries_than_the_limit_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("pocket.csv");
    let mut text = String::from("title,url,time_added,tags,status\n");
    for n in 0..=100_000 {
        text.push_str(&format!(
            "Story {n},https://example.org/{n},1729500000,,unread\n"
        ));
    }
    std::fs::write(&csv, text).expect("write");
    let library = dir.path().join("library.db");
    let output = run_within(
        TIGHT_KIB,
        &library,
        &["import", csv.to_str().expect("path")],
        None,
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("pocket.csv:100002: has more than 100000 entries"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn entities_of_a_text_longer_than_a_part_stream_with_offsets_into_the_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.txt");
    let sentence = "Gustavo Petro met Donald Trump in Washington on Monday, and the two agreed.\n";
    repeated(&path, "", sentence, 1_500_000, "");
    let text = std::fs::read_to_string(&path).expect("read");
    let library = dir.path().join("library.db");
    let output = run_bounded(
        &library,
        &["entities", "--json", path.to_str().expect("path")],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    let sentences = text.len() / sentence.len();
    assert!(found.len() >= 3 * sentences, "{} entities", found.len());
    for entity in found.iter().step_by(997) {
        let (start, end) = (entity["start"].as_u64(), entity["end"].as_u64());
        let span = &text[usize::try_from(start.expect("start")).expect("fits")
            ..usize::try_from(end.expect("end")).expect("fits")];
        assert_eq!(Some(span), entity["text"].as_str());
    }
}
