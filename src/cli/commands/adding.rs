//! Putting stories in: `add` (files, folders, web addresses), `fetch` and `import`. Stories are
//! saved item by item; an item that cannot be saved is reported and the run carries on, ending
//! with a summary however it went.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::feeds::feed_command;
use crate::article::Article;
use crate::cli::{FeedAction, ImportFormat};
use crate::import::{self, ImportError};
use crate::library;
use crate::stages::{self, Stage};
use crate::store::{self, Inserted, Store};
use crate::text::single_line;

/// Tally of an `add` or `import`, printed when more than one story was involved.
#[derive(Default)]
pub(super) struct Tally {
    imported: usize,
    duplicates: usize,
    failed: usize,
    /// A progress bar is showing: only errors and the summary are printed.
    quiet: bool,
    /// The run stopped early: every further write would fail the same way.
    stopped: bool,
}

impl Tally {
    /// Prints the summary (always after a stop or a failure, else when more than one story was
    /// involved) and chooses the exit code by the rule of every command that reads many
    /// inputs: 1 when anything failed (what worked is still saved), else 0.
    pub(super) fn finish(&self) -> ExitCode {
        let involved = self.imported + self.duplicates + self.failed;
        if self.stopped {
            eprintln!(
                "newsdesk: stopped early, as every further story would fail the same way; the {} \
                 added before that stay saved: run the same command again once that is fixed \
                 (saved stories are skipped as duplicates)",
                self.imported
            );
        }
        if involved > 1 || self.failed > 0 || self.stopped {
            let plural = if self.duplicates == 1 { "" } else { "s" };
            eprintln!(
                "imported {}, skipped {} duplicate{plural}, failed {}",
                self.imported, self.duplicates, self.failed
            );
        }
        if self.stopped || self.failed > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Files imported before a progress bar is worth showing.
const PROGRESS_FROM: usize = 20;

/// A progress bar for long imports, on a terminal only; pipes stay quiet.
fn progress_bar(total: usize) -> Option<indicatif::ProgressBar> {
    if total < PROGRESS_FROM || !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files, {per_sec}, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Saves stories from files, folders, addresses and stdin, one item at a time.
pub(super) fn add(mut store: Store, inputs: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut tally = Tally::default();
    for input in inputs {
        if tally.stopped {
            break;
        }
        let text = input.to_string_lossy();
        if input.as_os_str() == "-" {
            let parsed = stages::timed(Stage::Parse, import::import_stdin);
            report(&mut store, "stdin", parsed, &mut tally)?;
        } else if text.starts_with("http://") || text.starts_with("https://") {
            save_address(&mut store, &text, &mut tally)?;
        } else {
            match import::collect_files(input) {
                Ok(files) => {
                    let bar = progress_bar(files.len());
                    tally.quiet = bar.is_some();
                    let mut batch = Batch::default();
                    for file in files {
                        if tally.stopped {
                            break;
                        }
                        let origin = file.display().to_string();
                        let parsed = stages::timed(Stage::Parse, || import::import_file(&file));
                        match parsed {
                            Ok(articles) if !articles.is_empty() => {
                                batch.push(origin, articles);
                                if batch.is_full() {
                                    save_batch(&mut store, &mut batch, &mut tally)?;
                                }
                            }
                            other => {
                                save_batch(&mut store, &mut batch, &mut tally)?;
                                report(&mut store, &origin, other, &mut tally)?;
                            }
                        }
                        if let Some(bar) = &bar {
                            bar.inc(1);
                        }
                    }
                    save_batch(&mut store, &mut batch, &mut tally)?;
                    if let Some(bar) = bar {
                        bar.finish_and_clear();
                    }
                    tally.quiet = false;
                }
                Err(error) => report(&mut store, &text, Err(error), &mut tally)?,
            }
        }
    }
    print_stages();
    Ok(tally.finish())
}

/// Stories from several files, saved in one transaction: a transaction per small file would
/// cost a commit (and a full-text index flush) per story.
#[derive(Default)]
struct Batch {
    files: Vec<(String, usize)>,
    articles: Vec<Article>,
    bytes: usize,
}

impl Batch {
    /// Stories or text enough for one transaction; bounded so that memory stays small.
    const STORIES: usize = 500;
    const BYTES: usize = 16 * 1024 * 1024;

    fn push(&mut self, origin: String, articles: Vec<Article>) {
        self.bytes += articles.iter().map(|a| a.body.len()).sum::<usize>();
        self.files.push((origin, articles.len()));
        self.articles.extend(articles);
    }

    fn is_full(&self) -> bool {
        self.articles.len() >= Self::STORIES || self.bytes >= Self::BYTES
    }
}

/// Saves a batch of files' stories and says so, story by story; when the batch cannot be saved,
/// each of its files is reported as failed.
fn save_batch(store: &mut Store, batch: &mut Batch, tally: &mut Tally) -> anyhow::Result<()> {
    let Batch {
        files, articles, ..
    } = std::mem::take(batch);
    if articles.is_empty() {
        return Ok(());
    }
    let mut stdout = io::stdout().lock();
    match store::retrying(|| library::add_all(store, &articles)) {
        Ok(saved) => {
            for (article, inserted) in articles.iter().zip(saved) {
                announce(&mut stdout, &article.title, inserted, tally)?;
            }
        }
        Err(error) => {
            for (origin, _) in &files {
                tally.failed += 1;
                eprintln!(
                    "newsdesk: {}: not saved: {}",
                    single_line(origin),
                    single_line(&error.to_string())
                );
            }
            tally.stopped |= error.stops_writing();
        }
    }
    Ok(())
}

/// With `NEWSDESK_STAGES` set, prints where the time of the run went, stage by stage, to
/// standard error (for `scripts/compare-newsboat.sh` and anyone asking why an import is slow).
pub(super) fn print_stages() {
    if std::env::var_os("NEWSDESK_STAGES").is_none() {
        return;
    }
    for (stage, spent) in stages::totals() {
        eprintln!("stage {:<24} {:>8.3} s", stage.name(), spent.as_secs_f64());
    }
}

/// Saves what an import of `origin` produced and says so, story by story. A store call that
/// fails is tried again while the library is busy, then reported; the caller goes on.
///
/// # Errors
/// Only when stdout cannot be written to.
pub(super) fn report(
    store: &mut Store,
    origin: &str,
    result: Result<Vec<Article>, ImportError>,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    match result {
        Ok(articles) => {
            if articles.is_empty() {
                eprintln!("newsdesk: nothing to add (a feed with no items)");
            }
            match store::retrying(|| library::add_all(store, &articles)) {
                Ok(saved) => {
                    for (article, inserted) in articles.iter().zip(saved) {
                        announce(&mut stdout, &article.title, inserted, tally)?;
                    }
                }
                Err(error) => {
                    tally.failed += 1;
                    eprintln!(
                        "newsdesk: {}: not saved: {}",
                        single_line(origin),
                        single_line(&error.to_string())
                    );
                    tally.stopped |= error.stops_writing();
                }
            }
        }
        Err(error) => {
            tally.failed += 1;
            eprintln!("newsdesk: {}", single_line(&error.to_string()));
        }
    }
    Ok(())
}

fn announce(
    out: &mut impl Write,
    title: &str,
    inserted: Inserted,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    match inserted {
        Inserted::New(id) => {
            tally.imported += 1;
            if !tally.quiet {
                writeln!(out, "added #{id}  {}", single_line(title))?;
            }
        }
        Inserted::Duplicate(id) => {
            tally.duplicates += 1;
            if !tally.quiet {
                writeln!(
                    out,
                    "skipped #{id}  {} (already in the library)",
                    single_line(title)
                )?;
            }
        }
    }
    Ok(())
}

/// Downloads an address and saves its story, or saves the address to fetch later.
fn save_address(store: &mut Store, url: &str, tally: &mut Tally) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    match library::save_url(store, url) {
        Ok(library::Saved::Stories(stories)) => {
            for (title, inserted) in stories {
                announce(&mut stdout, &title, inserted, tally)?;
            }
        }
        Ok(library::Saved::Pending(inserted, reason)) => {
            announce(&mut stdout, url, inserted, tally)?;
            eprintln!(
                "newsdesk: {}: not downloaded ({}); saved as a link, `newsdesk fetch` tries again",
                single_line(url),
                single_line(&reason)
            );
        }
        Err(error) => {
            tally.failed += 1;
            eprintln!(
                "newsdesk: {}: {}",
                single_line(url),
                single_line(&error.to_string())
            );
            tally.stopped |= error
                .downcast_ref::<store::StoreError>()
                .is_some_and(store::StoreError::stops_writing);
        }
    }
    Ok(())
}

pub(super) fn import_command(
    mut store: Store,
    file: &Path,
    format: Option<ImportFormat>,
) -> anyhow::Result<ExitCode> {
    use crate::import::exports::Export;
    let looks_like_opml = || {
        import::read::read_head(file, 4096).is_ok_and(|head| {
            String::from_utf8_lossy(&head)
                .to_ascii_lowercase()
                .contains("<opml")
        })
    };
    let subscribe = FeedAction::Import {
        file: file.to_path_buf(),
    };
    let format = match format {
        None if looks_like_opml() => return feed_command(store, &subscribe),
        None => return add(store, &[file.to_path_buf()]),
        Some(ImportFormat::Opml) => return feed_command(store, &subscribe),
        Some(format) => format,
    };
    let origin = file.display().to_string();
    let started = std::time::Instant::now();
    let bytes = import::read::read_file(file)?;
    let text = || import::encoding::decode_html(&bytes);
    let parsed = match format {
        ImportFormat::Text => import::parse(&text(), import::Format::Text, &origin),
        ImportFormat::Markdown => import::parse(&text(), import::Format::Markdown, &origin),
        ImportFormat::Json => import::parse(&text(), import::Format::Json, &origin),
        ImportFormat::Jsonl => import::parse(&text(), import::Format::JsonLines, &origin),
        ImportFormat::Feed => import::feed::parse(&bytes, &origin),
        ImportFormat::Html => {
            let page = text();
            import::check_page(&page, &origin)
                .map(|()| vec![crate::extract::extract(&page).into_article()])
        }
        ImportFormat::PocketCsv => import::exports::parse(Export::PocketCsv, &text(), &origin),
        ImportFormat::PocketHtml => import::exports::parse(Export::PocketHtml, &text(), &origin),
        ImportFormat::Instapaper => import::exports::parse(Export::InstapaperCsv, &text(), &origin),
        ImportFormat::Wallabag => import::exports::parse(Export::Wallabag, &text(), &origin),
        ImportFormat::Omnivore => import::exports::parse(Export::Omnivore, &text(), &origin),
        ImportFormat::Netscape => import::exports::parse(Export::Netscape, &text(), &origin),
        ImportFormat::Opml => return feed_command(store, &subscribe),
    };
    stages::add(Stage::Parse, started.elapsed());
    let mut tally = Tally::default();
    report(&mut store, &origin, parsed, &mut tally)?;
    print_stages();
    Ok(tally.finish())
}
