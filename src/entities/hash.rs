//! The one string hash of the recogniser: feature parts, the tagger's vocabulary and the word
//! lists are all keyed by it, so a word is hashed once and looked up everywhere by a number.

/// A fast hash of bytes (the fixed-seed hash of `rustc_hash`).
#[must_use]
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// The key of a folded word in the vocabulary and the word lists: never 0, so 0 can mean
/// "not worked out yet".
#[must_use]
pub fn word_key(folded_word: &str) -> u64 {
    bytes_hash(folded_word.as_bytes()) | 1
}
