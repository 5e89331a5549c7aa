//! Looking at text: `entities` (a file, JSON Lines, the library's most mentioned) and `extract`.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::ExtractFormat;
use crate::import::{self};
use crate::store::Store;
use crate::text::single_line;
use crate::{entities, library};

pub(super) fn entities_in_file(path: &Path, json: bool) -> anyhow::Result<ExitCode> {
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
pub(super) struct JsonlText {
    id: serde_json::Value,
    text: String,
}

pub(super) fn entities_jsonl() -> anyhow::Result<ExitCode> {
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

pub(super) fn entities_top(
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

pub(super) fn extract_page(path: &Path, format: ExtractFormat) -> anyhow::Result<ExitCode> {
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
