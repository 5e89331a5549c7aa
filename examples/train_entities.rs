//! Trains the entity tagger on news with gold entities and writes `assets/entities/model.bin`.
//!
//! `cargo run --release --example train_entities -- [--data DIR] [--bits 16] [--epochs 15] [--passes 2]
//!  [--output FILE] [--predict IN.jsonl OUT.jsonl]...`
//!
//! `--predict` runs the whole recogniser with the new weights over `{"id","text"}` lines and
//! writes `{"id","entities"}` lines, to score a model before it is shipped.
//! DIR holds `train.text.jsonl` and `train.gold.jsonl` (and `dev.*` for a score after training),
//! in the format described in `docs/ARCHITECTURE.md`; by default `../shared/data/ner-dev`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use newsdesk::entities::model::{self, Example, Prepared};
use newsdesk::entities::token::tokenize;
use serde::Deserialize;

#[derive(Deserialize)]
struct Text {
    id: serde_json::Value,
    text: String,
}

#[derive(Deserialize)]
struct Gold {
    id: String,
    entities: Vec<Span>,
}

#[derive(Deserialize)]
struct Span {
    start: usize,
    end: usize,
    label: String,
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), n + 1))
        })
        .collect()
}

/// A story's text and its gold spans (start, end, label).
type Annotated = (String, Vec<(usize, usize, String)>);

fn load(dir: &Path, split: &str) -> anyhow::Result<Vec<Annotated>> {
    let texts: Vec<Text> = read_jsonl(&dir.join(format!("{split}.text.jsonl")))?;
    let gold: Vec<Gold> = read_jsonl(&dir.join(format!("{split}.gold.jsonl")))?;
    let mut by_id: HashMap<String, Vec<(usize, usize, String)>> = gold
        .into_iter()
        .map(|g| {
            (
                serde_json::Value::String(g.id).to_string(),
                g.entities
                    .into_iter()
                    .map(|e| (e.start, e.end, e.label))
                    .collect(),
            )
        })
        .collect();
    Ok(texts
        .into_iter()
        .map(|t| {
            let spans = by_id.remove(&t.id.to_string()).unwrap_or_default();
            (t.text, spans)
        })
        .collect())
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data =
        arg(&args, "--data").map_or_else(|| root.join("../shared/data/ner-dev"), PathBuf::from);
    let bits: u32 = arg(&args, "--bits").map_or(Ok(16), |b| b.parse())?;
    let epochs: usize = arg(&args, "--epochs").map_or(Ok(15), |e| e.parse())?;
    let seed: u64 = arg(&args, "--seed").map_or(Ok(2026), |s| s.parse())?;
    let passes: usize = arg(&args, "--passes").map_or(Ok(2), |p| p.parse())?;
    let output = arg(&args, "--output")
        .map_or_else(|| root.join("assets/entities/model.bin"), PathBuf::from);

    let train = load(&data, "train")?;
    let tokens: Vec<_> = train.iter().map(|(text, _)| tokenize(text)).collect();
    let lowered: Vec<String> = train
        .iter()
        .map(|(text, _)| text.to_ascii_lowercase())
        .collect();
    let mut misaligned = 0;
    let mut total = 0;
    let examples: Vec<Example<'_>> = train
        .iter()
        .zip(&tokens)
        .zip(&lowered)
        .map(|(((text, spans), tokens), lowered)| {
            let spans: Vec<(usize, usize, &str)> =
                spans.iter().map(|(s, e, l)| (*s, *e, l.as_str())).collect();
            total += spans.len();
            let (gold, missed) = model::gold_tags(tokens, &spans);
            misaligned += missed;
            Example {
                prepared: Prepared::new(text, lowered, tokens),
                gold,
            }
        })
        .collect();
    eprintln!(
        "{} stories, {total} entities ({misaligned} not on token edges, left out)",
        examples.len()
    );
    let started = std::time::Instant::now();
    let trained = model::train(&examples, bits, epochs, seed, passes);
    eprintln!("trained in {:.1} s", started.elapsed().as_secs_f64());
    let bytes = trained.to_bytes();
    std::fs::write(&output, &bytes)
        .with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!("wrote {} ({} bytes)", output.display(), bytes.len());
    let model = model::Model::from_bytes(&bytes)?;
    for (at, flag) in args.iter().enumerate() {
        if flag != "--predict" {
            continue;
        }
        let (Some(input), Some(output)) = (args.get(at + 1), args.get(at + 2)) else {
            anyhow::bail!("--predict needs an input and an output file");
        };
        let mut lines = String::new();
        for story in read_jsonl::<Text>(Path::new(input))? {
            let entities = newsdesk::entities::recognise_with(&model, &story.text);
            let line = serde_json::json!({"id": story.id, "entities": entities});
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
        std::fs::write(output, lines).with_context(|| format!("cannot write {output}"))?;
    }
    Ok(())
}
