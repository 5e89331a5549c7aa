//! Writing the library out: JSON (newsdesk's own format, read back by `add`), Markdown and HTML.
//! JSON keeps every character (C1 controls escaped, so printing it is safe); the formats for
//! people show controls as visible symbols, as the reader does.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::article::Article;
use crate::query::Query;
use crate::store::Store;
use crate::text::{escape_markup as escape, sanitize, single_line, write_json};

/// Output formats of `newsdesk export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// An array of stories; `newsdesk add` reads it back with every tag, bookmark and read state.
    Json,
    /// One document for people to read: each story as a heading, a meta line and its text.
    Markdown,
    /// One self-contained web page, readable in any browser.
    Html,
}

/// Streams the stories a query matches (every story for an empty query, oldest first) to
/// `out`; returns how many were written. The stories are read from one snapshot of the library,
/// so another program adding or removing stories meanwhile changes nothing in the export.
///
/// # Errors
/// When the library cannot be read or `out` cannot be written.
pub fn export(
    store: &Store,
    format: ExportFormat,
    query: &Query,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    store.in_snapshot(|store| write_stories(store, format, query, out))
}

/// Exports to a file without ever leaving a partial one: the stories go to a temporary file
/// beside `path`, which is flushed to disk and then renamed over `path`. A kill, a full disk or
/// any error before that leaves the previous file as it was (a killed run may leave a
/// `.newsdesk-export-*` file behind, never a damaged export).
///
/// # Errors
/// When the temporary file cannot be created, written or renamed, or the library cannot be read.
pub fn export_to_file(
    store: &Store,
    format: ExportFormat,
    query: &Query,
    path: &Path,
) -> anyhow::Result<usize> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let cannot_write = || format!("cannot write {}", path.display());
    let mut temporary = tempfile::Builder::new()
        .prefix(".newsdesk-export-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .with_context(|| format!("cannot create a file in {}", folder.display()))?;
    // The new file gets the old one's permissions, or the usual ones for a new document.
    let permissions = std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions())
        .or_else(new_file_permissions);
    if let Some(permissions) = permissions {
        temporary
            .as_file()
            .set_permissions(permissions)
            .with_context(cannot_write)?;
    }
    let count = {
        let mut out = std::io::BufWriter::new(temporary.as_file_mut());
        let count = export(store, format, query, &mut out).with_context(cannot_write)?;
        out.flush().with_context(cannot_write)?;
        count
    };
    temporary.as_file().sync_all().with_context(cannot_write)?;
    temporary
        .persist(path)
        .map_err(|e| e.error)
        .with_context(cannot_write)?;
    Ok(count)
}

/// Permissions of a new export: readable by all, writable by its owner (a temporary file is
/// made readable by its owner only).
fn new_file_permissions() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}

fn write_stories(
    store: &Store,
    format: ExportFormat,
    query: &Query,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let mut count = 0;
    match format {
        ExportFormat::Json => out.write_all(b"[")?,
        ExportFormat::Html => out.write_all(HTML_HEAD.as_bytes())?,
        ExportFormat::Markdown => {}
    }
    store.for_each_article(query, |article| {
        match format {
            ExportFormat::Json => {
                out.write_all(if count == 0 { b"\n" } else { b",\n" })?;
                write_json(&mut *out, &article, true)?;
            }
            ExportFormat::Markdown => write_markdown(&article, out)?,
            ExportFormat::Html => write_html(&article, out)?,
        }
        count += 1;
        Ok(())
    })?;
    match format {
        ExportFormat::Json => out.write_all(b"\n]\n")?,
        ExportFormat::Html => out.write_all(b"</body>\n</html>\n")?,
        ExportFormat::Markdown => {}
    }
    out.flush().context("cannot finish writing the export")?;
    Ok(count)
}

/// The start of an HTML export: a plain, readable page.
const HTML_HEAD: &str = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
<title>newsdesk export</title>\n<style>body{max-width:42em;margin:2em auto;padding:0 1em;\
font:1.05em/1.6 Georgia,serif}article{margin-bottom:3em}.meta{color:#555;font-size:.9em}</style>\n\
</head>\n<body>\n";

fn write_html(article: &Article, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "<article>\n<h1>{}</h1>", escape(&article.title))?;
    let mut meta: Vec<String> = Vec::new();
    meta.extend(article.source.as_deref().map(escape));
    meta.extend(article.author.as_deref().map(escape));
    meta.extend(article.published.map(|d| d.format("%Y-%m-%d").to_string()));
    if !article.tags.is_empty() {
        let tags: Vec<String> = article
            .tags
            .iter()
            .map(|t| format!("#{}", escape(t)))
            .collect();
        meta.push(tags.join(" "));
    }
    if let Some(url) = article.url.as_deref().filter(|u| u.starts_with("http")) {
        meta.push(format!("<a href=\"{}\">{}</a>", escape(url), escape(url)));
    }
    writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "))?;
    for paragraph in article.body.split("\n\n").filter(|p| !p.trim().is_empty()) {
        writeln!(out, "<p>{}</p>", escape(paragraph).replace('\n', "<br>"))?;
    }
    writeln!(out, "</article>")?;
    Ok(())
}

/// A story as Markdown; every field is sanitised, since the document is printed to a terminal
/// by default and read with `cat` or `less` later.
fn write_markdown(article: &Article, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "# {}\n", single_line(&article.title))?;
    let mut meta: Vec<String> = Vec::new();
    meta.extend(article.source.as_deref().map(single_line));
    meta.extend(article.author.as_deref().map(single_line));
    meta.extend(article.published.map(|d| d.format("%Y-%m-%d").to_string()));
    if !article.tags.is_empty() {
        let tags: Vec<String> = article.tags.iter().map(|t| single_line(t)).collect();
        meta.push(format!("tags: {}", tags.join(", ")));
    }
    if !meta.is_empty() {
        writeln!(out, "*{}*\n", meta.join(" · "))?;
    }
    if let Some(url) = &article.url {
        writeln!(out, "<{}>\n", single_line(url))?;
    }
    writeln!(out, "{}\n\n---\n", sanitize(&article.body))?;
    Ok(())
}
