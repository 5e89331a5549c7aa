//! Looking at text: `entities` (a file, JSON Lines, the library's most mentioned) and `extract`.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::ExtractFormat;
use crate::import::{self};
use crate::store::Store;
use crate::text::{sanitize, single_line, write_json};
use crate::{entities, library};

pub(super) fn entities_in_file(path: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let (bytes, origin) = if path.as_os_str() == "-" {
        (import::read::read_stdin()?, "stdin".to_owned())
    } else {
        (import::read::read_file(path)?, path.display().to_string())
    };
    let text = import::into_text(bytes, &origin)?;
    // Printed a part of the text at a time, so a long text never holds all its entities at once.
    let mut out = BufWriter::new(io::stdout().lock());
    let mut printed = 0;
    if json {
        out.write_all(b"[")?;
    }
    for part in entities::in_parts(&text) {
        for entity in &part {
            if json {
                out.write_all(if printed == 0 { b"\n  " } else { b",\n  " })?;
                write_json(&mut out, entity, false)?;
            } else {
                writeln!(
                    out,
                    "{:>8}  {:<8} {}",
                    entity.start,
                    entity.label.name(),
                    single_line(&entity.text)
                )?;
            }
            printed += 1;
        }
    }
    if json {
        out.write_all(if printed == 0 { b"]\n" } else { b"\n]\n" })?;
    } else if printed == 0 {
        writeln!(out, "no entities found")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One input line of `entities --jsonl`; `published` (RFC 3339 or `YYYY-MM-DD`), when given,
/// resolves relative dates ("yesterday", "on Wednesday") in the `canonical` names.
#[derive(serde::Deserialize)]
pub(super) struct JsonlText {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    published: Option<String>,
}

pub(super) fn entities_jsonl() -> anyhow::Result<ExitCode> {
    let mut stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut line = String::new();
    for number in 0.. {
        if !import::read::next_line(&mut stdin, &mut line, "stdin", number + 1)? {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let input: JsonlText = serde_json::from_str(&line).with_context(|| {
            format!(
                "stdin:{}: expected {{\"id\": ..., \"text\": ...}}",
                number + 1
            )
        })?;
        let published = match input.published.as_deref() {
            Some(at) => Some(entities::dates::parse_day(at).with_context(|| {
                format!(
                    "stdin:{}: \"published\" must be a date such as 2025-11-19 or \
                     2025-11-19T08:00:00Z, not {at:?}",
                    number + 1
                )
            })?),
            None => None,
        };
        // The same object as `{"id", "entities"}` serialised whole, written a part at a time.
        out.write_all(b"{\"id\":")?;
        write_json(&mut out, &input.id, false)?;
        out.write_all(b",\"entities\":[")?;
        let mut first = true;
        for mut entity in entities::in_parts(&input.text).flatten() {
            if let Some(day) = published {
                entities::dates::resolve_entity(&input.text, &mut entity, day);
            }
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            write_json(&mut out, &entity, false)?;
        }
        out.write_all(b"]}\n")?;
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
        write_json(&mut out, &top, true)?;
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
    let bytes = import::read::read_file(path)?;
    let page = import::encoding::decode_html(&bytes);
    import::check_page(&page, &path.display().to_string())?;
    let extracted = crate::extract::extract(&page);
    if extracted.body.trim().is_empty() {
        bail!("{}: no story found on this page", path.display());
    }
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        ExtractFormat::Json => {
            write_json(&mut out, &extracted, true)?;
            writeln!(out)?;
        }
        ExtractFormat::Text => {
            writeln!(out, "{}\n", single_line(&extracted.title))?;
            writeln!(out, "{}", sanitize(&extracted.body))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
