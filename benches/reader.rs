//! The reader at 1k, 10k and 100k stories: start-up to the first complete frame, keystroke to
//! frame, database size; then the real binary (first frame in a pseudo-terminal, peak memory,
//! CPU while idle) and import throughput with entity analysis.
//!
//! `cargo bench --bench reader` (`-- --sizes 1000,10000` to choose sizes)

mod common;

use std::collections::VecDeque;
use std::io::Read;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent};
use newsdesk::config::Config;
use newsdesk::store::Store;
use newsdesk::tui::keymap::parse_key;
use newsdesk::tui::model::Model;
use newsdesk::tui::worker::{self, Task};
use newsdesk::tui::{AppEvent, Settings, handle, ui, update};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
const PRESSES: usize = 300;

/// The reader in-process: real keymap, update, worker code (run inline) and rendering.
struct Reader {
    model: Model,
    settings: Settings,
    store: Store,
    terminal: Terminal<TestBackend>,
}

impl Reader {
    fn open(path: &std::path::Path) -> anyhow::Result<Self> {
        let config = Config::defaults()?;
        let settings = Settings::from_config(&config, false)?;
        let store = Store::open(path)?;
        let mut reader = Self {
            model: Model::new("bench", config.reader.width, (WIDTH, HEIGHT)),
            settings,
            store,
            terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT))?,
        };
        // The first frame: the list window and counts, then a draw; background analysis is
        // left out, as it runs on the worker after the first frame.
        let tasks: Vec<Task> = update::start(&mut reader.model)
            .into_iter()
            .filter(|t| !matches!(t, Task::AnalyseStale))
            .collect();
        reader.run(tasks);
        reader.draw()?;
        Ok(reader)
    }

    fn run(&mut self, tasks: Vec<Task>) {
        let mut queue: VecDeque<Task> = tasks.into();
        while let Some(task) = queue.pop_front() {
            if matches!(task, Task::OpenUrl(_) | Task::AnalyseStale) {
                continue;
            }
            if let Some(outcome) = worker::perform(&mut self.store, task) {
                queue.extend(update::absorb(&mut self.model, outcome));
            }
        }
    }

    fn draw(&mut self) -> anyhow::Result<()> {
        let (model, settings) = (&self.model, &self.settings);
        self.terminal
            .draw(|frame| ui::render(frame, model, &settings.keymap, &settings.theme))?;
        Ok(())
    }

    /// Presses one key and draws the next frame; returns how long that took.
    fn press(&mut self, key: &str) -> anyhow::Result<Duration> {
        let (code, modifiers) = parse_key(key).ok_or_else(|| anyhow::anyhow!("key {key}"))?;
        let started = Instant::now();
        let event = AppEvent::Input(Event::Key(KeyEvent::new(code, modifiers)));
        let tasks = handle(&mut self.model, &self.settings.keymap, event);
        self.run(tasks);
        self.draw()?;
        Ok(started.elapsed())
    }
}

fn keystrokes(
    reader: &mut Reader,
    setup: &[&str],
    key: &str,
    undo: &[&str],
) -> anyhow::Result<(f64, f64)> {
    let mut times = Vec::with_capacity(PRESSES);
    for _ in 0..PRESSES {
        for k in setup {
            reader.press(k)?;
        }
        times.push(reader.press(key)?);
        for k in undo {
            reader.press(k)?;
        }
    }
    Ok((
        common::percentile_ms(&mut times, 0.5),
        common::percentile_ms(&mut times, 0.99),
    ))
}

/// Opening the longest story in the first window: load, wrap, mark entities, draw.
fn open_longest_story(reader: &mut Reader) -> anyhow::Result<(f64, f64)> {
    let (index, _) = reader
        .model
        .stories
        .iter()
        .enumerate()
        .max_by_key(|(_, s)| s.words)
        .ok_or_else(|| anyhow::anyhow!("empty library"))?;
    reader.model.selected = reader.model.window_start + index;
    let id = reader.model.stories[index].id;
    let mut times = Vec::with_capacity(PRESSES);
    for _ in 0..PRESSES {
        reader.model.story = None;
        let started = Instant::now();
        reader.run(vec![Task::LoadArticle(id)]);
        reader.draw()?;
        times.push(started.elapsed());
    }
    anyhow::ensure!(reader.model.story.is_some(), "the story did not open");
    Ok((
        common::percentile_ms(&mut times, 0.5),
        common::percentile_ms(&mut times, 0.99),
    ))
}

fn in_process(size: u64) -> anyhow::Result<()> {
    let path = common::library(size)?;
    let mut starts = Vec::new();
    for _ in 0..15 {
        let started = Instant::now();
        let reader = Reader::open(&path)?;
        starts.push(started.elapsed());
        drop(reader);
    }
    let mut reader = Reader::open(&path)?;
    let (_, move_p99) = keystrokes(&mut reader, &[], "j", &[])?;
    reader.press("g")?;
    let (_, page_p99) = keystrokes(&mut reader, &[], "pagedown", &[])?;
    reader.press("g")?;
    let (open_p50, open_p99) = open_longest_story(&mut reader)?;
    reader.press("enter")?;
    let (_, scroll_p99) = keystrokes(&mut reader, &[], "j", &["g"])?;
    reader.press("h")?;
    let (_, bookmark_p99) = keystrokes(&mut reader, &[], "b", &[])?;
    let bytes = std::fs::metadata(&path)?.len()
        + std::fs::metadata(path.with_extension("db-wal")).map_or(0, |m| m.len());
    println!(
        "{size:>7} {:>10.2} {:>9.3} {:>9.3} {:>9.2} {:>9.2} {:>9.3} {:>10.3} {:>8.0} {:>10}",
        common::percentile_ms(&mut starts, 0.5),
        move_p99,
        page_p99,
        open_p50,
        open_p99,
        scroll_p99,
        bookmark_p99,
        bytes as f64 / 1_048_576.0,
        bytes / size,
    );
    Ok(())
}

/// The real binary in a pseudo-terminal: time to the first complete frame, peak memory after
/// it, and CPU used while sitting idle for a few seconds.
fn real_process(size: u64) -> anyhow::Result<()> {
    let path = common::library(size)?;
    let pair = native_pty_system().openpty(PtySize {
        rows: HEIGHT,
        cols: WIDTH,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_newsdesk"));
    command.arg("--library");
    command.arg(&path);
    command.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(command)?;
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader()?;
    let (sender, output) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buffer = [0_u8; 65_536];
        while let Ok(n) = reader.read(&mut buffer) {
            if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(HEIGHT).unwrap_or(std::num::NonZeroU16::MIN),
        std::num::NonZeroU16::new(WIDTH).unwrap_or(std::num::NonZeroU16::MIN),
        0,
    );
    let expected = format!("{size} stories");
    let first_frame = loop {
        if let Ok(bytes) = output.recv_timeout(Duration::from_millis(5)) {
            parser.process(&bytes);
        }
        if parser.screen().contents().contains(&expected) {
            break started.elapsed();
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(60),
            "no first frame"
        );
    };
    let pid = child
        .process_id()
        .ok_or_else(|| anyhow::anyhow!("no pid"))?;
    std::thread::sleep(Duration::from_secs(2));
    let cpu_before = cpu_ticks(pid)?;
    std::thread::sleep(Duration::from_secs(5));
    let idle_ticks = cpu_ticks(pid)? - cpu_before;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let mut writer = pair.master.take_writer()?;
    writer.write_all(b"q")?;
    let _ = child.wait();
    println!(
        "{size:>7} {:>16.0} {:>14.1} {:>22}",
        first_frame.as_secs_f64() * 1_000.0,
        peak_kb as f64 / 1_024.0,
        idle_ticks
    );
    Ok(())
}

/// User plus system CPU time of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> anyhow::Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let field = |n: usize| {
        fields
            .get(n)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the stat line, 12 and 13 after the name.
    Ok(field(11) + field(12))
}

use std::io::Write as _;

fn import_throughput() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // Text files: 2,000 generated stories through the importer and the recogniser.
    let mut store = Store::open(&dir.path().join("text.db"))?;
    let texts: Vec<String> = (0..2_000)
        .map(|i| {
            let story = newsdesk::synth::story(99, i);
            format!("{}\n\n{}", story.title, story.body)
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = Instant::now();
    for (i, text) in texts.iter().enumerate() {
        for article in
            newsdesk::import::parse(text, newsdesk::import::Format::Text, &format!("{i}.txt"))?
        {
            newsdesk::library::add(&mut store, &article)?;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "text files   {:>8.0} stories/s {:>8.2} MB/s",
        2_000.0 / seconds,
        bytes as f64 / 1_000_000.0 / seconds
    );
    // One feed of 10,000 items: parse, HTML to text, entities (on every core), store.
    let feed = newsdesk::synth::rss_feed(7, 10_000);
    let mut store = Store::open(&dir.path().join("feed.db"))?;
    let started = Instant::now();
    // As `newsdesk add feed.xml` does: one transaction for the whole feed.
    let articles = newsdesk::import::feed::parse(feed.as_bytes(), "generated.xml")?;
    newsdesk::library::add_all(&mut store, &articles)?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "feed items   {:>8.0} items/s   {:>8.2} MB/s  ({} items)",
        articles.len() as f64 / seconds,
        feed.len() as f64 / 1_000_000.0 / seconds,
        articles.len()
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let sizes: Vec<u64> = common::arg("--sizes")
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    println!("in-process, {WIDTH}x{HEIGHT} frame, times in ms ({PRESSES} presses each)");
    println!("(move: next story, its text loaded, wrapped and marked in the reading pane;");
    println!(" open: the longest story of the first window, 1,200-1,500 words)");
    println!(
        "{:>7} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>8} {:>10}",
        "stories",
        "start p50",
        "move p99",
        "page p99",
        "open p50",
        "open p99",
        "scroll p99",
        "bookmark p99",
        "db MB",
        "B/story"
    );
    for &size in &sizes {
        in_process(size)?;
    }
    println!("\nreal binary in a pseudo-terminal");
    println!(
        "{:>7} {:>16} {:>14} {:>22}",
        "stories", "first frame ms", "peak RSS MB", "CPU ticks idle 5 s"
    );
    for &size in &sizes {
        real_process(size)?;
    }
    println!("\nimport with entity analysis");
    import_throughput()
}
