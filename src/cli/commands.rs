//! What each subcommand does. Output for people goes to stdout, problems to stderr.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::{Cli, Command, ExtractFormat, FeedAction, ImportFormat, TagsAction};
use crate::article::{Article, ArticleId, reading_minutes};
use crate::config::{Config, DEFAULT_CONFIG};
use crate::export::{ExportFormat, export};
use crate::import::{self, ImportError};
use crate::query::{self, Query};
use crate::store::{Inserted, Renamed, Store, Window};
use crate::text::single_line;
use crate::{demo, entities, library, paths, tui};

/// Width `show` wraps to when stdout is not a terminal.
const PIPE_WIDTH: usize = 80;

/// Runs the parsed command line.
pub(super) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let open = || Library::open(&cli);
    match &cli.command {
        None => open_reader(open()?, cli.config.as_deref()),
        Some(Command::Config { default }) => config_command(*default, cli.config.as_deref()),
        Some(Command::Extract { file, format }) => extract_page(file, *format),
        Some(Command::Entities {
            file,
            jsonl,
            top,
            label,
            json,
        }) => match (file, top) {
            (_, Some(n)) => entities_top(&mut open()?.store, *n, label.as_deref(), *json),
            (Some(file), None) => entities_in_file(file, *json),
            (None, None) if *jsonl => entities_jsonl(),
            (None, None) => {
                bail!("give a FILE, --jsonl or --top N (see `newsdesk entities --help`)")
            }
        },
        Some(Command::Add { paths }) => add(open()?.store, paths),
        Some(Command::List { query, json, limit })
        | Some(Command::Search { query, json, limit }) => {
            list(&open()?.store, &query.join(" "), *json, *limit)
        }
        Some(Command::Bookmark { ids }) => bookmark(&open()?.store, ids, true),
        Some(Command::Unbookmark { ids }) => bookmark(&open()?.store, ids, false),
        Some(Command::Tag { items, query }) => tag(open()?.store, items, query.as_deref()),
        Some(Command::Tags { action, json }) => tags(open()?.store, action.as_ref(), *json),
        Some(Command::Show { id, json }) => show(&open()?.store, *id, *json),
        Some(Command::Remove { ids }) => remove(open()?.store, ids),
        Some(Command::Fetch) => fetch_command(open()?.store),
        Some(Command::Import { file, format }) => import_command(open()?.store, file, *format),
        Some(Command::Feed { action }) => feed_command(open()?.store, action),
        Some(Command::Refresh) => refresh_command(open()?.store),
        Some(Command::Export {
            query,
            format,
            output,
        }) => export_command(&open()?.store, *format, &query.join(" "), output.as_deref()),
    }
}

/// The open library and what to call it; a demo library's folder is removed when this drops.
struct Library {
    store: Store,
    label: String,
    _demo_dir: Option<tempfile::TempDir>,
}

impl Library {
    fn open(cli: &Cli) -> anyhow::Result<Self> {
        if cli.demo {
            let (store, dir) = demo::open()?;
            return Ok(Self {
                store,
                label: "demo".into(),
                _demo_dir: Some(dir),
            });
        }
        let path = match &cli.library {
            Some(path) => {
                // Said so that a mistyped path is noticed before stories go into a new file.
                if !path.exists() {
                    eprintln!(
                        "newsdesk: no library at {}; creating a new one",
                        single_line(&path.display().to_string())
                    );
                }
                path.clone()
            }
            None => {
                let path = paths::default_library()
                    .context("cannot find a home directory for the library; pass --library PATH")?;
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).with_context(|| {
                        format!("cannot create the library folder {}", dir.display())
                    })?;
                }
                path
            }
        };
        Ok(Self {
            store: Store::open(&path)?,
            label: path.display().to_string(),
            _demo_dir: None,
        })
    }
}

fn open_reader(library: Library, config_path: Option<&Path>) -> anyhow::Result<ExitCode> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        bail!(
            "the reader needs a terminal, and standard input or output is not one; \
             in a pipe use a command such as `newsdesk list` (see `newsdesk --help`)"
        );
    }
    let config = load_config(config_path)?;
    tui::run(library.store, &library.label, &config)?;
    Ok(ExitCode::SUCCESS)
}

fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    let path = match path {
        Some(path) => path.to_path_buf(),
        None => match paths::default_config() {
            Some(path) => path,
            None => return Ok(Config::defaults()?),
        },
    };
    Ok(Config::load(&path)?)
}

fn config_command(default: bool, path: Option<&Path>) -> anyhow::Result<ExitCode> {
    if default {
        print!("{DEFAULT_CONFIG}");
        return Ok(ExitCode::SUCCESS);
    }
    let path = path.map(Path::to_path_buf).or_else(paths::default_config);
    match path {
        Some(path) => {
            let state = if path.exists() {
                ""
            } else {
                " (not created yet)"
            };
            println!("{}{state}", path.display());
            let config = load_config(Some(&path))?;
            tui::Settings::from_config(&config, false)?;
        }
        None => println!("no config directory on this system; defaults are in use"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Tally of an `add`, printed when more than one story was involved.
#[derive(Default)]
struct Tally {
    imported: usize,
    duplicates: usize,
    failed: usize,
    /// A progress bar is showing: only errors and the summary are printed.
    quiet: bool,
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

fn add(mut store: Store, inputs: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut tally = Tally::default();
    for input in inputs {
        let text = input.to_string_lossy();
        if input.as_os_str() == "-" {
            report(&mut store, import::import_stdin(), &mut tally)?;
        } else if text.starts_with("http://") || text.starts_with("https://") {
            save_address(&mut store, &text, &mut tally)?;
        } else {
            match import::collect_files(input) {
                Ok(files) => {
                    let bar = progress_bar(files.len());
                    tally.quiet = bar.is_some();
                    for file in files {
                        report(&mut store, import::import_file(&file), &mut tally)?;
                        if let Some(bar) = &bar {
                            bar.inc(1);
                        }
                    }
                    if let Some(bar) = bar {
                        bar.finish_and_clear();
                    }
                    tally.quiet = false;
                }
                Err(error) => report(&mut store, Err(error), &mut tally)?,
            }
        }
    }
    if tally.imported + tally.duplicates + tally.failed > 1 {
        let plural = if tally.duplicates == 1 { "" } else { "s" };
        eprintln!(
            "imported {}, skipped {} duplicate{plural}, failed {}",
            tally.imported, tally.duplicates, tally.failed
        );
    }
    Ok(if tally.failed > 0 && tally.imported == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Saves what an import produced and says so, story by story.
fn report(
    store: &mut Store,
    result: Result<Vec<Article>, ImportError>,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    match result {
        Ok(articles) => {
            if articles.is_empty() {
                eprintln!("newsdesk: nothing to add (a feed with no items)");
            }
            let saved = library::add_all(store, &articles)?;
            for (article, inserted) in articles.iter().zip(saved) {
                announce(&mut stdout, &article.title, inserted, tally)?;
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
        }
    }
    Ok(())
}

fn fetch_command(mut store: Store) -> anyhow::Result<ExitCode> {
    let results = library::fetch_missing(&mut store)?;
    if results.is_empty() {
        println!("every story has its text");
    }
    let mut missing = 0;
    for (id, result) in results {
        match result {
            Ok(title) => println!("fetched #{id}  {}", single_line(&title)),
            Err(reason) => {
                missing += 1;
                eprintln!(
                    "newsdesk: #{id} still not downloaded: {}",
                    single_line(&reason)
                );
            }
        }
    }
    Ok(if missing > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Parses a query given on the command line; a mistake is shown with a caret under it.
fn parse_query(text: &str) -> anyhow::Result<Query> {
    query::parse(text).map_err(|e| anyhow::anyhow!("invalid query: {}", e.pointing_into(text)))
}

fn list(
    store: &Store,
    query_text: &str,
    json: bool,
    limit: Option<usize>,
) -> anyhow::Result<ExitCode> {
    let query = parse_query(query_text)?;
    let stories = store.query(
        &query,
        Window {
            offset: 0,
            limit: limit.unwrap_or(usize::MAX),
        },
    )?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &stories)?;
        writeln!(out)?;
    } else if stories.is_empty() {
        // Said on stderr, so a pipe reading the list gets nothing rather than a sentence.
        if query_text.trim().is_empty() || store.counts()?.total == 0 {
            eprintln!("The library is empty. Add stories with `newsdesk add FILE`.");
        } else {
            eprintln!("No stories match `{}`.", single_line(query_text.trim()));
        }
    } else {
        for story in &stories {
            let flags = format!(
                "{}{}",
                if story.read { ' ' } else { '●' },
                if story.bookmarked { '★' } else { ' ' }
            );
            let date = story.published.unwrap_or(story.saved).format("%Y-%m-%d");
            let source = story
                .source
                .as_deref()
                .map(single_line)
                .filter(|s| !s.is_empty())
                .map_or_else(String::new, |s| format!("  [{s}]"));
            writeln!(
                out,
                "{:>6} {flags} {date}  {}{source}",
                story.id,
                single_line(&story.title)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn show(store: &Store, id: ArticleId, json: bool) -> anyhow::Result<ExitCode> {
    let article = store.get(id)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &article)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = if io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(PIPE_WIDTH, |(w, _)| usize::from(w).min(PIPE_WIDTH))
    } else {
        PIPE_WIDTH
    };
    for line in textwrap::wrap(&single_line(&article.title), width) {
        writeln!(out, "{line}")?;
    }
    let mut meta: Vec<String> = Vec::new();
    meta.extend(article.source.as_deref().map(single_line));
    meta.extend(article.author.as_deref().map(single_line));
    meta.extend(article.published.map(|d| d.format("%Y-%m-%d").to_string()));
    meta.push(format!(
        "{} min read",
        reading_minutes(article.word_count())
    ));
    if !article.tags.is_empty() {
        meta.push(
            article
                .tags
                .iter()
                .map(|t| format!("#{}", single_line(t)))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    writeln!(out, "{}", meta.join(" · "))?;
    if let Some(url) = &article.url {
        writeln!(out, "{}", single_line(url))?;
    }
    for paragraph in crate::text::sanitize(&article.body).split("\n\n") {
        writeln!(out)?;
        for line in textwrap::wrap(paragraph, width) {
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn remove(mut store: Store, ids: &[ArticleId]) -> anyhow::Result<ExitCode> {
    Ok(each_story(ids, |id| {
        store.remove(id).map(|()| format!("removed #{id}"))
    }))
}

/// Applies a change to each story, printing what it did or why not; fails if any failed, after
/// trying them all.
fn each_story(
    ids: &[ArticleId],
    mut change: impl FnMut(ArticleId) -> Result<String, crate::store::StoreError>,
) -> ExitCode {
    let mut failed = false;
    for &id in ids {
        match change(id) {
            Ok(done) => println!("{done}"),
            Err(error) => {
                failed = true;
                eprintln!("newsdesk: {error}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn export_command(
    store: &Store,
    format: ExportFormat,
    query: &str,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let query = parse_query(query)?;
    match output.filter(|path| *path != Path::new("-")) {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = BufWriter::new(file);
            let count = export(store, format, &query, &mut out)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("exported {count} stories to {}", path.display());
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            export(store, format, &query, &mut out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn bookmark(store: &Store, ids: &[ArticleId], on: bool) -> anyhow::Result<ExitCode> {
    let done = if on { "bookmarked" } else { "unbookmarked" };
    Ok(each_story(ids, |id| {
        store
            .set_bookmarked(id, on)
            .map(|()| format!("{done} #{id}"))
    }))
}

fn tag(mut store: Store, items: &[String], query: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut ids = Vec::new();
    let mut add = Vec::new();
    let mut remove = Vec::new();
    for item in items {
        if let Some(name) = item.strip_prefix('+') {
            add.push(name.trim().to_owned());
        } else if let Some(name) = item.strip_prefix('-') {
            remove.push(name.trim().to_owned());
        } else if let Ok(id) = item.parse::<ArticleId>() {
            ids.push(id);
        } else {
            bail!("{item:?} is neither a story id nor +tag / -tag");
        }
    }
    if add.iter().chain(&remove).any(String::is_empty) {
        bail!("a tag name cannot be empty: write +name or -name");
    }
    if add.is_empty() && remove.is_empty() {
        bail!("nothing to change: give +tag to add or -tag to remove");
    }
    if let Some(query) = query {
        if !ids.is_empty() {
            bail!("give story ids or --query, not both");
        }
        ids = store.query_ids(&parse_query(query)?)?;
        if ids.is_empty() {
            eprintln!("no stories match; nothing changed");
            return Ok(ExitCode::SUCCESS);
        }
    } else if ids.is_empty() {
        bail!("no story ids given (or use --query QUERY)");
    }
    store.change_tags(&ids, &add, &remove)?;
    let plural = if ids.len() == 1 { "story" } else { "stories" };
    println!("updated tags on {} {plural}", ids.len());
    Ok(ExitCode::SUCCESS)
}

fn tags(mut store: Store, action: Option<&TagsAction>, json: bool) -> anyhow::Result<ExitCode> {
    if let Some(TagsAction::Rename { old, new }) = action {
        match store.rename_tag(old, new)? {
            Renamed::Renamed => println!("renamed {old:?} to {new:?}"),
            Renamed::Merged => println!("merged {old:?} into {new:?}"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let tags = store.tags()?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &tags)?;
        writeln!(out)?;
    } else if tags.is_empty() {
        writeln!(
            out,
            "No tags yet. Tag stories with `newsdesk tag ID +name`."
        )?;
    } else {
        for tag in &tags {
            writeln!(out, "{:>6}  {}", tag.stories, single_line(&tag.name))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn entities_in_file(path: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let text = if path.as_os_str() == "-" {
        io::read_to_string(io::stdin().lock()).context("cannot read stdin")?
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    let found = entities::recognise(&text);
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &found)?;
        writeln!(out)?;
    } else if found.is_empty() {
        writeln!(out, "no entities found")?;
    } else {
        for entity in &found {
            writeln!(
                out,
                "{:>8}  {:<8} {}",
                entity.start,
                entity.label.name(),
                single_line(&entity.text)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One input line of `entities --jsonl`.
#[derive(serde::Deserialize)]
struct JsonlText {
    id: serde_json::Value,
    text: String,
}

fn entities_jsonl() -> anyhow::Result<ExitCode> {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    for (number, line) in io::BufRead::lines(stdin).enumerate() {
        let line = line.with_context(|| format!("stdin:{}: cannot read", number + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let input: JsonlText = serde_json::from_str(&line).with_context(|| {
            format!(
                "stdin:{}: expected {{\"id\": ..., \"text\": ...}}",
                number + 1
            )
        })?;
        let found = entities::recognise(&input.text);
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({"id": input.id, "entities": found}),
        )?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn entities_top(
    store: &mut Store,
    n: usize,
    label: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let label = match label {
        Some(name) => Some(entities::Label::from_name(name).with_context(|| {
            format!("unknown label {name:?}; use PERSON, ORG, PLACE, MISC, DATE, MONEY or PERCENT")
        })?),
        None => None,
    };
    // Stories saved by an older recogniser are brought up to date first.
    while !library::analyse_stale(store, 500)?.is_empty() {}
    let top = store.top_entities(label, n)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &top)?;
        writeln!(out)?;
    } else if top.is_empty() {
        writeln!(out, "no entities yet")?;
    } else {
        writeln!(
            out,
            "{:>7} {:>8}  {:<8} name",
            "stories", "mentions", "label"
        )?;
        for entity in &top {
            writeln!(
                out,
                "{:>7} {:>8}  {:<8} {}",
                entity.stories,
                entity.mentions,
                entity.label.name(),
                single_line(&entity.name)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn extract_page(path: &Path, format: ExtractFormat) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let page = import::encoding::decode_html(&bytes);
    let extracted = crate::extract::extract(&page);
    if extracted.body.trim().is_empty() {
        bail!("{}: no story found on this page", path.display());
    }
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        ExtractFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &extracted)?;
            writeln!(out)?;
        }
        ExtractFormat::Text => {
            writeln!(out, "{}\n", single_line(&extracted.title))?;
            writeln!(out, "{}", crate::text::sanitize(&extracted.body))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn feed_command(store: Store, action: &FeedAction) -> anyhow::Result<ExitCode> {
    match action {
        FeedAction::Add { source } => {
            let (_, new) = store.add_feed(source.trim(), None)?;
            if new {
                println!("subscribed to {}", single_line(source));
            } else {
                println!("already subscribed to {}", single_line(source));
            }
            return refresh_command(store);
        }
        FeedAction::List => {
            let feeds = store.feeds()?;
            if feeds.is_empty() {
                println!("No subscriptions. Add one with `newsdesk feed add URL`.");
            }
            for feed in feeds {
                let state = match (&feed.last_error, feed.last_checked) {
                    (Some(error), _) => format!("failed: {}", single_line(error)),
                    (None, Some(when)) => format!("checked {}", when.format("%Y-%m-%d %H:%M")),
                    (None, None) => "not checked yet".to_owned(),
                };
                println!(
                    "{:>4}  {}  {}  ({state})",
                    feed.id,
                    single_line(feed.title.as_deref().unwrap_or("(untitled)")),
                    single_line(&feed.url)
                );
            }
        }
        FeedAction::Remove { feed } => {
            store.remove_feed(feed.trim())?;
            println!("unsubscribed from {}", single_line(feed));
        }
        FeedAction::Import { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let feeds = crate::subscriptions::parse_opml(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut added = 0;
            for (url, title) in &feeds {
                if store.add_feed(url, title.as_deref())?.1 {
                    added += 1;
                }
            }
            println!(
                "subscribed to {added} new feeds ({} listed); `newsdesk refresh` fetches them",
                feeds.len()
            );
        }
        FeedAction::Export => print!("{}", crate::subscriptions::to_opml(&store.feeds()?)),
    }
    Ok(ExitCode::SUCCESS)
}

fn refresh_command(mut store: Store) -> anyhow::Result<ExitCode> {
    let bar = if io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} feeds, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let reports = crate::subscriptions::refresh(&mut store, &mut |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if reports.is_empty() {
        println!("No subscriptions. Add one with `newsdesk feed add URL`.");
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = 0;
    for report in &reports {
        match &report.error {
            None => println!("{:>5} new  {}", report.new, single_line(&report.feed)),
            Some(error) => {
                failed += 1;
                println!(
                    "failed     {}: {}",
                    single_line(&report.feed),
                    single_line(error)
                );
            }
        }
    }
    let new: usize = reports.iter().map(|r| r.new).sum();
    eprintln!(
        "{new} new stories from {} feeds, {failed} failed",
        reports.len()
    );
    Ok(if failed == reports.len() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn import_command(
    mut store: Store,
    file: &Path,
    format: Option<ImportFormat>,
) -> anyhow::Result<ExitCode> {
    use crate::import::exports::Export;
    let looks_like_opml = || {
        std::fs::read(file)
            .map(|b| {
                String::from_utf8_lossy(&b[..b.len().min(4096)])
                    .to_ascii_lowercase()
                    .contains("<opml")
            })
            .unwrap_or(false)
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
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {origin}"))?;
    let text = || import::encoding::decode_html(&bytes);
    let parsed = match format {
        ImportFormat::Text => import::parse(&text(), import::Format::Text, &origin),
        ImportFormat::Markdown => import::parse(&text(), import::Format::Markdown, &origin),
        ImportFormat::Json => import::parse(&text(), import::Format::Json, &origin),
        ImportFormat::Jsonl => import::parse(&text(), import::Format::JsonLines, &origin),
        ImportFormat::Feed => import::feed::parse(&bytes, &origin),
        ImportFormat::Html => {
            let article = crate::extract::extract(&text()).into_article();
            Ok(vec![article])
        }
        ImportFormat::PocketCsv => import::exports::parse(Export::PocketCsv, &text(), &origin),
        ImportFormat::PocketHtml => import::exports::parse(Export::PocketHtml, &text(), &origin),
        ImportFormat::Instapaper => import::exports::parse(Export::InstapaperCsv, &text(), &origin),
        ImportFormat::Wallabag => import::exports::parse(Export::Wallabag, &text(), &origin),
        ImportFormat::Omnivore => import::exports::parse(Export::Omnivore, &text(), &origin),
        ImportFormat::Netscape => import::exports::parse(Export::Netscape, &text(), &origin),
        ImportFormat::Opml => return feed_command(store, &subscribe),
    };
    let mut tally = Tally::default();
    report(&mut store, parsed, &mut tally)?;
    if tally.imported + tally.duplicates > 1 || tally.failed > 0 {
        eprintln!(
            "imported {}, skipped {} duplicates, failed {}",
            tally.imported, tally.duplicates, tally.failed
        );
    }
    Ok(if tally.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
