//! Training the tagger: an averaged perceptron over the same features the tagger scores with,
//! and gold tags from entity spans. Used by `examples/train_entities.rs`.

use rustc_hash::FxHashMap;

use super::context::FirstPass;
use super::hash::word_key;
use super::model::{CLASSES, FixedCache, Model, OUTSIDE, Prepared, TAGS, Table, Vocabulary, best};
use super::token::Token;
use crate::synth::SplitMix;

/// One training document: its text, tokens and gold tag per token.
pub struct Example<'a> {
    pub prepared: Prepared<'a>,
    pub gold: Vec<usize>,
}

/// How many parts the training stories are cut into so that every story gets first-pass tags
/// from a model that did not see it (the second pass then learns how far to trust them).
const FOLDS: usize = 4;

/// How many differently shuffled runs each pass's weights are the mean of.
const RUNS: u64 = 4;

/// Trains the tagger: an averaged perceptron for `epochs` passes over the examples (shuffled
/// with `seed`), then, when `passes` is 2, the second pass on first-pass tags of held-out folds.
#[must_use]
pub fn train(
    examples: &[Example<'_>],
    bits: u32,
    epochs: usize,
    seed: u64,
    passes: usize,
) -> Model {
    let known = vocabulary(examples);
    let all: Vec<&Example<'_>> = examples.iter().collect();
    let first = train_table(&all, bits, epochs, seed, &known, None);
    if passes < 2 {
        return Model::new(first, None, known);
    }
    let mut views: Vec<Option<FirstPass>> = examples.iter().map(|_| None).collect();
    for fold in 0..FOLDS {
        let rest: Vec<&Example<'_>> = examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, e)| e)
            .collect();
        let table = train_table(&rest, bits, epochs, seed, &known, None);
        for (i, example) in examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS == fold)
        {
            let mut fixed = FixedCache::new(example.prepared.len());
            let tags = table.tag(&example.prepared, &known, None, &mut fixed);
            views[i] = Some(FirstPass::new(&example.prepared, &tags));
        }
    }
    let views: Vec<FirstPass> = views.into_iter().flatten().collect();
    let second = train_table(&all, bits, epochs, seed, &known, Some(&views));
    Model::new(first, Some(second), known)
}

/// Words seen at least twice get weights of their own.
fn vocabulary(examples: &[Example<'_>]) -> Vocabulary {
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    for example in examples {
        for word in &example.prepared.folded {
            *counts.entry(word_key(word)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(h, _)| h)
        .collect()
}

/// One pass's averaged weights from one shuffle; `views` (one per example) makes it a second
/// pass.
fn train_run(
    examples: &[&Example<'_>],
    bits: u32,
    epochs: usize,
    seed: u64,
    known: &Vocabulary,
    views: Option<&[FirstPass]>,
) -> Vec<f32> {
    let size = (1_usize << bits) * CLASSES;
    let mut weights = vec![0.0_f32; size];
    // Lazy averaging: running sums and the step each weight last changed at.
    let mut totals = vec![0.0_f64; size];
    let mut stamps = vec![0_u64; size];
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SplitMix::new(seed);
    let mut features = Vec::with_capacity(48);
    let mask = (1_u64 << bits) - 1;
    let row_of = |f: u64| usize::try_from(f & mask).unwrap_or(0) * CLASSES;
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &index in &order {
            let example = examples[index];
            let view = views.map(|v| &v[index]);
            let (mut p1, mut p2) = (OUTSIDE, OUTSIDE);
            for i in 0..example.prepared.len() {
                step += 1;
                let gold = example.gold[i];
                let previous = example.prepared.previous_for_span(i, p1);
                if example.prepared.obviously_outside(i, previous) {
                    p2 = p1;
                    p1 = OUTSIDE;
                    continue;
                }
                example
                    .prepared
                    .features(i, (p1, p2), known, view, &mut features);
                let mut scores = [0.0_f32; CLASSES];
                for &f in &features {
                    let row = row_of(f);
                    for (s, w) in scores.iter_mut().zip(&weights[row..row + CLASSES]) {
                        *s += w;
                    }
                }
                let guess = best(&scores, previous);
                if guess != gold {
                    for &f in &features {
                        let row = row_of(f);
                        for (class, delta) in [(gold, 1.0_f32), (guess, -1.0)] {
                            let at = row + class;
                            #[allow(
                                clippy::cast_precision_loss,
                                reason = "step counts stay far below 2^52"
                            )]
                            let idle = (step - stamps[at]) as f64;
                            totals[at] += idle * f64::from(weights[at]);
                            stamps[at] = step;
                            weights[at] += delta;
                        }
                    }
                }
                p2 = p1;
                p1 = guess;
            }
        }
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "step counts stay far below 2^52"
    )]
    let averaged: Vec<f32> = weights
        .iter()
        .zip(&totals)
        .zip(&stamps)
        .map(|((&w, &total), &stamp)| {
            let sum = total + (step - stamp) as f64 * f64::from(w);
            #[allow(clippy::cast_possible_truncation, reason = "weights are small")]
            let mean = (sum / step.max(1) as f64) as f32;
            mean
        })
        .collect();
    averaged
}

/// The mean of [`RUNS`] perceptrons trained on differently shuffled stories: steadier than one
/// run, whose score moves with the order it happened to see the stories in.
fn train_table(
    examples: &[&Example<'_>],
    bits: u32,
    epochs: usize,
    seed: u64,
    known: &Vocabulary,
    views: Option<&[FirstPass]>,
) -> Table {
    let mut sum = vec![0.0_f32; (1_usize << bits) * CLASSES];
    for run in 0..RUNS {
        let weights = train_run(examples, bits, epochs, seed + run, known, views);
        for (s, w) in sum.iter_mut().zip(weights) {
            *s += w;
        }
    }
    Table::quantise(bits, &sum)
}

/// Gold tags for tokens from entity spans; returns the tags and how many spans did not line up
/// with token edges (those are left out).
#[must_use]
pub fn gold_tags(tokens: &[Token], spans: &[(usize, usize, &str)]) -> (Vec<usize>, usize) {
    let mut tags = vec![OUTSIDE; tokens.len()];
    let mut misaligned = 0;
    for &(start, end, label) in spans {
        let Some(begin) = TAGS
            .iter()
            .position(|t| t.strip_prefix("B-") == Some(label))
        else {
            continue;
        };
        let first = tokens.iter().position(|t| t.start == start);
        let last = tokens.iter().position(|t| t.end == end);
        match (first, last) {
            (Some(first), Some(last)) if first <= last => {
                tags[first] = begin;
                for tag in &mut tags[first + 1..=last] {
                    *tag = begin + 1;
                }
            }
            _ => misaligned += 1,
        }
    }
    (tags, misaligned)
}
