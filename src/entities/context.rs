//! The tagger's story-level evidence: what its first pass said of each word elsewhere in the
//! story, as features for the second pass (one name keeps one label across a story).

use rustc_hash::FxHashMap;

use super::model::{CLASSES, Prepared, feature, kind};

/// Per token of a story, what the first pass tagged the other mentions of its word.
pub struct FirstPass {
    /// Per token: 0 when the word is not capitalised or not mentioned elsewhere, 1..=4 the kind
    /// most other mentions were given, 5 when every other mention was left outside a name.
    majority: Vec<u8>,
    /// Per token: which tags the other mentions were given, one bit per tag.
    seen: Vec<u16>,
}

impl FirstPass {
    /// Summarises the first pass's `tags` for each capitalised word of the story.
    #[must_use]
    pub fn new(prepared: &Prepared<'_>, tags: &[usize]) -> Self {
        // Capitalised words are keyed by their word key, which the tagger has for each already.
        let key = |i: usize| prepared.capitalised_key(i);
        let mut counts: FxHashMap<u64, [u32; CLASSES]> = FxHashMap::default();
        for (i, &tag) in tags.iter().enumerate() {
            if let Some(k) = key(i) {
                let count = &mut counts.entry(k).or_insert([0; CLASSES])[tag];
                *count = count.saturating_add(1);
            }
        }
        let mut majority = vec![0_u8; tags.len()];
        let mut seen = vec![0_u16; tags.len()];
        for (i, &tag) in tags.iter().enumerate() {
            let Some(all) = key(i).and_then(|k| counts.get(&k)) else {
                continue;
            };
            let mut others = *all;
            others[tag] = others[tag].saturating_sub(1);
            if others.iter().all(|&n| n == 0) {
                continue;
            }
            let mut kinds = [0_u32; 5];
            for (t, &n) in others.iter().enumerate() {
                kinds[kind(t)] = kinds[kind(t)].saturating_add(n);
                if n > 0 {
                    seen[i] |= 1 << t;
                }
            }
            let named = (1..5).max_by_key(|&k| (kinds[k], 5 - k)).unwrap_or(0);
            majority[i] = if kinds[named] == 0 {
                5
            } else {
                u8::try_from(named).unwrap_or(0)
            };
        }
        Self { majority, seen }
    }

    /// Appends the second pass's features of token `i` (`shape` is its shape hash).
    pub(super) fn features(&self, i: usize, shape: u64, out: &mut Vec<u64>) {
        let majority = u64::from(self.majority[i]);
        let seen = u64::from(self.seen[i]);
        // The token's own first-pass tag is left out: the second pass would learn to copy it.
        out.extend_from_slice(&[
            feature(40, &[majority]),
            feature(41, &[majority, shape]),
            feature(42, &[seen]),
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::token::tokenize;

    #[test]
    fn other_mentions_of_a_word_say_what_it_was_called() {
        let text = "Kent won. Kent lost to Essex. Then Kent drew.";
        let tokens = tokenize(text);
        let lowered = text.to_ascii_lowercase();
        let prepared = Prepared::new(text, &lowered, &tokens);
        let kent: Vec<usize> = (0..tokens.len())
            .filter(|&i| &text[tokens[i].start..tokens[i].end] == "Kent")
            .collect();
        let essex = (0..tokens.len())
            .find(|&i| &text[tokens[i].start..tokens[i].end] == "Essex")
            .expect("Essex is a token");
        let mut tags = vec![0; tokens.len()];
        tags[kent[0]] = 3; // B-ORG
        tags[essex] = 3;
        let first = FirstPass::new(&prepared, &tags);
        // The other two mentions were left outside a name.
        assert_eq!(first.majority[kent[0]], 5);
        // One other mention was an organisation: that outweighs the ones left outside.
        assert_eq!(first.majority[kent[1]], 2);
        assert_eq!(first.seen[kent[1]], 1 << 3 | 1);
        // Mentioned once: nothing to say.
        assert_eq!(first.majority[essex], 0);
        assert_eq!(first.seen[essex], 0);
    }
}
