//! Reading and changing stories: `list`, `search`, `show`, `remove`, `export`, `bookmark`, `tag`,
//! `tags`.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::article::{ArticleId, reading_minutes};
use crate::cli::TagsAction;
use crate::export::{ExportFormat, export, export_to_file};
use crate::query::{self, Query};
use crate::store::{Renamed, Store, Window};
use crate::text::{sanitize, single_line, write_json};

/// Width `show` wraps to when stdout is not a terminal.
const PIPE_WIDTH: usize = 80;

/// Parses a query given on the command line; a mistake is shown with a caret under it.
pub(super) fn parse_query(text: &str) -> anyhow::Result<Query> {
    query::parse(text).map_err(|e| anyhow::anyhow!("invalid query: {}", e.pointing_into(text)))
}

pub(super) fn list(
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
        write_json(&mut out, &stories, true)?;
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
            // A save date is never passed off as a publication date.
            let date = story.published.map_or_else(
                || format!("saved {}", story.saved.format("%Y-%m-%d")),
                |published| published.format("%Y-%m-%d").to_string(),
            );
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

pub(super) fn show(store: &Store, id: ArticleId, json: bool) -> anyhow::Result<ExitCode> {
    let article = store.get(id)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        write_json(&mut out, &article, true)?;
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
    meta.extend(
        article
            .published
            .map(|d| d.format("%Y-%m-%d").to_string())
            .or_else(|| {
                article
                    .saved
                    .map(|d| format!("saved {}", d.format("%Y-%m-%d")))
            }),
    );
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
    for paragraph in sanitize(&article.body).split("\n\n") {
        writeln!(out)?;
        for line in textwrap::wrap(paragraph, width) {
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn remove(mut store: Store, ids: &[ArticleId]) -> anyhow::Result<ExitCode> {
    Ok(each_story(ids, |id| {
        store.remove(id).map(|()| format!("removed #{id}"))
    }))
}

/// Applies a change to each story, printing what it did or why not; fails if any failed, after
/// trying them all.
pub(super) fn each_story(
    ids: &[ArticleId],
    mut change: impl FnMut(ArticleId) -> Result<String, crate::store::StoreError>,
) -> ExitCode {
    let mut failed = false;
    for &id in ids {
        match change(id) {
            Ok(done) => println!("{done}"),
            Err(error) => {
                failed = true;
                eprintln!("newsdesk: {}", single_line(&error.to_string()));
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

pub(super) fn export_command(
    store: &Store,
    format: ExportFormat,
    query: &str,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let query = parse_query(query)?;
    match output.filter(|path| *path != Path::new("-")) {
        Some(path) => {
            let count = export_to_file(store, format, &query, path)?;
            eprintln!("exported {count} stories to {}", path.display());
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            export(store, format, &query, &mut out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn bookmark(store: &Store, ids: &[ArticleId], on: bool) -> anyhow::Result<ExitCode> {
    let done = if on { "bookmarked" } else { "unbookmarked" };
    Ok(each_story(ids, |id| {
        store
            .set_bookmarked(id, on)
            .map(|()| format!("{done} #{id}"))
    }))
}

pub(super) fn tag(
    mut store: Store,
    items: &[String],
    query: Option<&str>,
) -> anyhow::Result<ExitCode> {
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

pub(super) fn tags(
    mut store: Store,
    action: Option<&TagsAction>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if let Some(TagsAction::Rename { old, new }) = action {
        match store.rename_tag(old, new)? {
            Renamed::Renamed => println!(
                "renamed \"{}\" to \"{}\"",
                single_line(old),
                single_line(new)
            ),
            Renamed::Merged => println!(
                "merged \"{}\" into \"{}\"",
                single_line(old),
                single_line(new)
            ),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let tags = store.tags()?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        write_json(&mut out, &tags, true)?;
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
