//! Training the tagger: an averaged perceptron over the same features the tagger scores with,
//! and gold tags from entity spans. Used by `examples/train_entities.rs`.

use rustc_hash::FxHashMap;

use super::model::{CLASSES, Model, OUTSIDE, Prepared, TAGS, Vocabulary, best, bytes_hash};
use super::token::Token;
use crate::synth::SplitMix;

/// One training document: its text, tokens and gold tag per token.
pub struct Example<'a> {
    pub prepared: Prepared<'a>,
    pub gold: Vec<usize>,
}

/// Trains an averaged perceptron for `epochs` passes over the examples (shuffled with `seed`).
#[must_use]
pub fn train(examples: &[Example<'_>], bits: u32, epochs: usize, seed: u64) -> Model {
    let size = (1_usize << bits) * CLASSES;
    let mut weights = vec![0.0_f32; size];
    // Lazy averaging: running sums and the step each weight last changed at.
    let mut totals = vec![0.0_f64; size];
    let mut stamps = vec![0_u64; size];
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SplitMix::new(seed);
    let mut features = Vec::with_capacity(32);
    let mask = (1_u64 << bits) - 1;
    let row_of = |f: u64| usize::try_from(f & mask).unwrap_or(0) * CLASSES;
    // Words seen at least twice get weights of their own.
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    for example in examples {
        for word in &example.prepared.folded {
            *counts.entry(bytes_hash(word.as_bytes()) | 1).or_default() += 1;
        }
    }
    let known: Vocabulary = counts
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(h, _)| h)
        .collect();
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &index in &order {
            let example = &examples[index];
            let (mut p1, mut p2) = (OUTSIDE, OUTSIDE);
            for i in 0..example.prepared.len() {
                step += 1;
                let gold = example.gold[i];
                if example.prepared.obviously_outside(i, p1) {
                    p2 = p1;
                    p1 = OUTSIDE;
                    continue;
                }
                example
                    .prepared
                    .features(i, (p1, p2), &known, &mut features);
                let mut scores = [0.0_f32; CLASSES];
                for &f in &features {
                    let row = row_of(f);
                    for (s, w) in scores.iter_mut().zip(&weights[row..row + CLASSES]) {
                        *s += w;
                    }
                }
                let guess = best(&scores, p1);
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
    Model::quantise(bits, &averaged, known)
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
