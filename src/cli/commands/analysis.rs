//! Looking at text: `entities` (a file, JSON Lines, the library's most mentioned) and `extract`.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cli::ExtractFormat;
use crate::import::{self};
use crate::store::Store;
use crate::text::{push_json_string, sanitize, single_line, write_json};
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
pub(super) struct JsonlText<'a> {
    id: serde_json::Value,
    /// Borrowed from the line when it holds no escapes, so the text is not copied.
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
    #[serde(default)]
    published: Option<String>,
}

pub(super) fn entities_jsonl() -> anyhow::Result<ExitCode> {
    let mut stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut line = String::new();
    // One line's output is built here and written at once (or a part at a time for long texts).
    let mut buffer: Vec<u8> = Vec::with_capacity(1 << 16);
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
        buffer.clear();
        buffer.extend_from_slice(b"{\"id\":");
        write_json(&mut buffer, &input.id, false)?;
        buffer.extend_from_slice(b",\"entities\":[");
        let mut first = true;
        for part in entities::in_parts(&input.text) {
            for mut entity in part {
                if let Some(day) = published {
                    entities::dates::resolve_entity(&input.text, &mut entity, day);
                }
                if !std::mem::take(&mut first) {
                    buffer.push(b',');
                }
                push_entity_json(&mut buffer, &entity);
            }
            out.write_all(&buffer)?;
            buffer.clear();
        }
        buffer.extend_from_slice(b"]}\n");
        out.write_all(&buffer)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Appends `entity` as JSON, the same bytes [`write_json`] writes for it (a test holds the two
/// together), without serde's per-field machinery: `entities --jsonl` writes millions of them.
fn push_entity_json(out: &mut Vec<u8>, entity: &entities::Entity) {
    out.extend_from_slice(b"{\"start\":");
    push_number(out, entity.start);
    out.extend_from_slice(b",\"end\":");
    push_number(out, entity.end);
    out.extend_from_slice(b",\"label\":\"");
    out.extend_from_slice(entity.label.name().as_bytes());
    out.extend_from_slice(b"\",\"text\":");
    push_json_string(out, &entity.text);
    out.extend_from_slice(b",\"canonical\":");
    push_json_string(out, &entity.canonical);
    out.push(b'}');
}

/// Appends a number in decimal.
fn push_number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0_u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + u8::try_from(n % 10).unwrap_or(0);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_written_as_serde_writes_them() {
        let text = "Gustavo Petro met \"Trump\" in Bogotá\u{85} on Tuesday;\nthe U.S. paid $5 \
                    (50%) to Acme\u{202e} Corp.";
        let mut found = entities::recognise(text);
        found.push(entities::Entity {
            start: 0,
            end: usize::MAX,
            label: entities::Label::Money,
            text: "\\ \u{1} \t".to_owned(),
            canonical: String::new(),
        });
        assert!(found.len() > 3);
        for entity in &found {
            let mut expected = Vec::new();
            write_json(&mut expected, entity, false).expect("serialise");
            let mut fast = Vec::new();
            push_entity_json(&mut fast, entity);
            assert_eq!(
                String::from_utf8_lossy(&fast),
                String::from_utf8_lossy(&expected)
            );
        }
    }
}
