//! The statistical tagger: an averaged perceptron over hashed word features, decoding greedily
//! left to right with the two previous tags as context. Weights are trained by
//! `examples/train_entities.rs` and shipped in `assets/entities/model.bin`.

use super::context::FirstPass;
pub(super) use super::features::feature;
pub use super::features::{FixedCache, Prepared, Vocabulary};
pub use super::training::{Example, gold_tags, train};

/// Tags, in weight-row order: outside, then begin/inside for each kind.
pub const TAGS: [&str; 9] = [
    "O", "B-PERSON", "I-PERSON", "B-ORG", "I-ORG", "B-PLACE", "I-PLACE", "B-MISC", "I-MISC",
];
/// Number of tags.
pub const CLASSES: usize = TAGS.len();
pub(super) const OUTSIDE: usize = 0;
/// File signature of a weights file.
const MAGIC: &[u8; 8] = b"NDNER\x03\0\0";

/// Kind of entity a tag belongs to: 0 for O, then 1..=4.
pub(super) fn kind(tag: usize) -> usize {
    tag.div_ceil(2)
}

fn is_inside(tag: usize) -> bool {
    tag != OUTSIDE && tag.is_multiple_of(2)
}

/// Whether `tag` may follow `previous` (an inside tag continues its own kind only).
pub(super) fn allowed(previous: usize, tag: usize) -> bool {
    !is_inside(tag) || (previous != OUTSIDE && kind(previous) == kind(tag))
}

/// Trained weights of one pass: one row of [`CLASSES`] weights per hash bucket, kept quantised
/// to 16 bits (the table stays small enough for the processor's caches; scores are summed in
/// integers).
pub struct Table {
    bits: u32,
    weights: Vec<i16>,
    scale: f32,
}

impl Table {
    /// Quantises trained weights to 16 bits.
    #[must_use]
    pub fn quantise(bits: u32, weights: &[f32]) -> Self {
        let largest = weights.iter().fold(0.0_f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / f32::from(i16::MAX)
        } else {
            1.0
        };
        let weights = weights
            .iter()
            .map(|w| {
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "scaled into the i16 range above"
                )]
                let q = (w / scale)
                    .round()
                    .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
                q
            })
            .collect();
        Self {
            bits,
            weights,
            scale,
        }
    }

    /// Reads a table written by [`Table::write`]; returns it and the bytes after it.
    fn read(bytes: &[u8]) -> Result<(Self, &[u8]), ModelError> {
        let header = bytes.get(..8).ok_or(ModelError("truncated table header"))?;
        let bits = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
        let scale = f32::from_bits(u32::from_le_bytes([
            header[4], header[5], header[6], header[7],
        ]));
        if !(8..=24).contains(&bits) {
            return Err(ModelError("unexpected size"));
        }
        let count = (1_usize << bits) * CLASSES;
        let body = bytes.get(8..8 + count * 2).ok_or(ModelError("truncated"))?;
        let weights = body
            .chunks_exact(2)
            .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Ok((
            Self {
                bits,
                weights,
                scale,
            },
            &bytes[8 + count * 2..],
        ))
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.scale.to_bits().to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }

    fn scores(&self, features: &[u64]) -> [i32; CLASSES] {
        let mask = (1_u64 << self.bits) - 1;
        let mut scores = [0; CLASSES];
        for &f in features {
            let row = usize::try_from(f & mask).unwrap_or(0) * CLASSES;
            if let Some(weights) = self.weights.get(row..row + CLASSES) {
                for (score, &w) in scores.iter_mut().zip(weights) {
                    *score += i32::from(w);
                }
            }
        }
        scores
    }

    /// Tags every token greedily left to right; `first` gives the first pass's view of the
    /// story when this is the second pass.
    #[must_use]
    pub fn tag(
        &self,
        prepared: &Prepared<'_>,
        known: &Vocabulary,
        first: Option<&FirstPass>,
        fixed: &mut FixedCache,
    ) -> Vec<usize> {
        let mut tags = Vec::with_capacity(prepared.len());
        let mut features = Vec::with_capacity(48);
        let (mut p1, mut p2) = (OUTSIDE, OUTSIDE);
        for i in 0..prepared.len() {
            let previous = prepared.previous_for_span(i, p1);
            let tag = if prepared.obviously_outside(i, previous) {
                OUTSIDE
            } else {
                features.clear();
                features.extend_from_slice(fixed.get(prepared, i, known));
                prepared.tag_features(i, (p1, p2), known, first, &mut features);
                best(&self.scores(&features), previous)
            };
            tags.push(tag);
            p2 = p1;
            p1 = tag;
        }
        tags
    }
}

/// The tagger: a first pass over the story, and a second that also sees what the first said of
/// the same word elsewhere in the story ("Chechnya" a place in one sentence is a place in the
/// next), sharing one vocabulary.
pub struct Model {
    first: Table,
    second: Option<Table>,
    known: Vocabulary,
}

/// A weights file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("the entity model is damaged or from another version: {0}")]
pub struct ModelError(&'static str);

impl Model {
    /// A model from trained tables.
    #[must_use]
    pub fn new(first: Table, second: Option<Table>, known: Vocabulary) -> Self {
        Self {
            first,
            second,
            known,
        }
    }

    /// The words the tagger has weights for.
    #[must_use]
    pub fn known(&self) -> &Vocabulary {
        &self.known
    }

    /// Reads a weights file written by [`Model::to_bytes`].
    ///
    /// # Errors
    /// When the bytes are not a weights file of this version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let header = bytes.get(..16).ok_or(ModelError("too short"))?;
        if &header[..8] != MAGIC {
            return Err(ModelError("wrong signature"));
        }
        let word = |at: usize| {
            u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
        };
        let classes = word(8) as usize;
        let passes = word(12);
        if classes != CLASSES || !(1..=2).contains(&passes) {
            return Err(ModelError("unexpected size"));
        }
        let (first, mut rest) = Table::read(&bytes[16..])?;
        let second = if passes == 2 {
            let (table, after) = Table::read(rest)?;
            rest = after;
            Some(table)
        } else {
            None
        };
        let words = rest.get(..4).ok_or(ModelError("no vocabulary"))?;
        let words = u32::from_le_bytes([words[0], words[1], words[2], words[3]]) as usize;
        let hashes = rest
            .get(4..4 + words * 8)
            .ok_or(ModelError("truncated vocabulary"))?;
        let known = hashes
            .chunks_exact(8)
            .map(|h| u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]))
            .collect();
        Ok(Self {
            first,
            second,
            known,
        })
    }

    /// Writes the weights, 16 bits each, then the vocabulary's hashes.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.first.weights.len() * 4);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&u32::try_from(CLASSES).unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&(1 + u32::from(self.second.is_some())).to_le_bytes());
        self.first.write(&mut out);
        if let Some(second) = &self.second {
            second.write(&mut out);
        }
        out.extend_from_slice(&u32::try_from(self.known.len()).unwrap_or(0).to_le_bytes());
        let mut known: Vec<u64> = self.known.iter().copied().collect();
        known.sort_unstable();
        for h in known {
            out.extend_from_slice(&h.to_le_bytes());
        }
        out
    }

    /// Tags every token: the first pass, then the second when the model has one.
    #[must_use]
    pub fn tag(&self, prepared: &Prepared<'_>) -> Vec<usize> {
        let mut fixed = FixedCache::new(prepared.len());
        let tags = self.first.tag(prepared, &self.known, None, &mut fixed);
        match &self.second {
            Some(second) => {
                let first = FirstPass::new(prepared, &tags);
                second.tag(prepared, &self.known, Some(&first), &mut fixed)
            }
            _ => tags,
        }
    }
}

/// The highest-scoring tag that may follow `previous` (the last one on a tie).
pub(super) fn best<T: PartialOrd + Copy>(scores: &[T; CLASSES], previous: usize) -> usize {
    let mut chosen: Option<usize> = None;
    for tag in 0..CLASSES {
        if allowed(previous, tag) && chosen.is_none_or(|c| scores[tag] >= scores[c]) {
            chosen = Some(tag);
        }
    }
    chosen.unwrap_or(OUTSIDE)
}

/// Turns tags back into labelled token ranges `(first token, last token, kind index 1..=4)`.
#[must_use]
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        if let Some((start, k)) = open
            && !(is_inside(tag) && kind(tag) == k)
        {
            out.push((start, i - 1, k));
            open = None;
        }
        // A begin tag opens a span; so does an inside tag with nothing open.
        if tag != OUTSIDE && (!is_inside(tag) || open.is_none()) {
            open = Some((i, kind(tag)));
        }
    }
    if let Some((start, k)) = open {
        out.push((start, tags.len() - 1, k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::features::shape_hash;

    #[test]
    fn shape_hashes_follow_shapes() {
        assert_eq!(shape_hash("Petro"), shape_hash("Rubio"));
        assert_ne!(shape_hash("Petro"), shape_hash("PETRO"));
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_hash("Petro"), shape_hash("Rubiooo"));
        assert_eq!(shape_hash("1996-08-30"), shape_hash("2025-10-01"));
        assert_ne!(shape_hash("U.S."), shape_hash("US"));
        assert_ne!(shape_hash("McDonald"), shape_hash("Mcdonald"));
    }

    #[test]
    fn tags_become_spans() {
        // O B-PER I-PER O B-PLACE B-PLACE I-ORG
        assert_eq!(
            spans(&[0, 1, 2, 0, 5, 5, 4]),
            vec![(1, 2, 1), (4, 4, 3), (5, 5, 3), (6, 6, 2)]
        );
    }

    #[test]
    fn no_name_runs_on_across_a_line_break() {
        let model = Model::from_bytes(include_bytes!("../../assets/entities/model.bin"))
            .expect("the shipped model loads");
        assert!(
            model.second.is_some(),
            "the shipped model has its second pass"
        );
        let text = "Second round: Anna Berg, Tomas\nLind, Eva Holm (Norway), Jonas\nStrand\n";
        let tokens = crate::entities::token::tokenize(text);
        let lowered = text.to_ascii_lowercase();
        let prepared = Prepared::new(text, &lowered, &tokens);
        let found = spans(&model.tag(&prepared));
        assert!(!found.is_empty());
        for (a, b, _) in found {
            let covered = &text[tokens[a].start..tokens[b].end];
            assert!(!covered.contains('\n'), "{covered:?} runs across a line");
        }
    }

    #[test]
    fn weights_survive_a_round_trip_through_bytes() {
        let trained: Vec<f32> = (0..256 * CLASSES).map(|i| (i % 7) as f32 - 3.0).collect();
        let model = Model::new(
            Table::quantise(8, &trained),
            Some(Table::quantise(
                9,
                &[trained.clone(), trained.clone()].concat(),
            )),
            [7, 9].into_iter().collect(),
        );
        let back = Model::from_bytes(&model.to_bytes()).expect("parse");
        for (a, b) in trained.iter().zip(&back.first.weights) {
            assert!((a - f32::from(*b) * back.first.scale).abs() < 0.001);
        }
        let second = back.second.as_ref().expect("second pass kept");
        assert_eq!(second.bits, 9);
        assert_eq!(second.weights.len(), 512 * CLASSES);
        assert_eq!(back.known, model.known);
        assert!(Model::from_bytes(b"garbage").is_err());
        assert!(Model::from_bytes(&model.to_bytes()[..100]).is_err());
    }
}
