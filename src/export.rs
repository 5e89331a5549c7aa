//! Writing the library out: JSON (newsdesk's own format, read back by `add`) and Markdown.

use std::io::Write;

use anyhow::Context;

use crate::article::Article;
use crate::store::Store;

/// Output formats of `newsdesk export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// An array of stories; `newsdesk add` reads it back with every tag, bookmark and read state.
    Json,
    /// One document for people to read: each story as a heading, a meta line and its text.
    Markdown,
}

/// Streams every story to `out`; returns how many were written.
///
/// # Errors
/// When the library cannot be read or `out` cannot be written.
pub fn export(store: &Store, format: ExportFormat, out: &mut dyn Write) -> anyhow::Result<usize> {
    let mut count = 0;
    if format == ExportFormat::Json {
        out.write_all(b"[")?;
    }
    store.for_each_article(|article| {
        match format {
            ExportFormat::Json => {
                out.write_all(if count == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut *out, &article)?;
            }
            ExportFormat::Markdown => write_markdown(&article, out)?,
        }
        count += 1;
        Ok(())
    })?;
    if format == ExportFormat::Json {
        out.write_all(b"\n]\n")?;
    }
    out.flush().context("cannot finish writing the export")?;
    Ok(count)
}

fn write_markdown(article: &Article, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "# {}\n", article.title.replace('\n', " "))?;
    let mut meta: Vec<String> = Vec::new();
    meta.extend(article.source.clone());
    meta.extend(article.author.clone());
    meta.extend(article.published.map(|d| d.format("%Y-%m-%d").to_string()));
    if !article.tags.is_empty() {
        meta.push(format!("tags: {}", article.tags.join(", ")));
    }
    if !meta.is_empty() {
        writeln!(out, "*{}*\n", meta.join(" · "))?;
    }
    if let Some(url) = &article.url {
        writeln!(out, "<{url}>\n")?;
    }
    writeln!(out, "{}\n\n---\n", article.body)?;
    Ok(())
}
