//! What the tagger knows of each token: word forms, shapes, list memberships and story
//! evidence, worked out once per text, and the feature hashes built from them.

use std::borrow::Cow;
use std::cell::Cell;

use rustc_hash::{FxHashMap, FxHashSet};

use super::context::FirstPass;
use super::gazetteer::{Gazetteer, flag};
use super::hash::bytes_hash;
use super::hash::word_key;
use super::model::OUTSIDE;
use super::token::Token;
use crate::text::fold;

/// Per-token facts the features are built from, computed once per text.
pub struct Prepared<'a> {
    words: Vec<&'a str>,
    pub(super) folded: Vec<Cow<'a, str>>,
    /// Hash of each token's shape (see [`shape_hash`]), worked out when a feature first needs
    /// it (most tokens are lower-case words the tagger never scores); 0 until then.
    shapes: Vec<Cell<u64>>,
    /// [`word_key`] of each capitalised token's folded word; 0 for other tokens.
    keys: Vec<u64>,
    /// The key if the tagger knows the word, else [`UNKNOWN`]; 0 until first needed.
    word_hashes: Vec<Cell<u64>>,
    flags: Vec<u16>,
    /// What the rest of the story says of a capitalised word that starts a sentence ("Moreover"
    /// or "Bank"): 0 for other tokens, else 1 + (2 if it is written capitalised in mid-sentence
    /// elsewhere) + (1 if it is written in lower case elsewhere).
    evidence: Vec<u8>,
    starts: Vec<bool>,
    /// Tokens with a capital letter anywhere ("eBay"): the only ones that can start a name.
    has_capital: Vec<bool>,
    /// Tokens after a line break: no name runs on across lines (table rows, headlines).
    breaks: Vec<bool>,
    /// Tokens of a line written in capitals (a headline), where case says nothing.
    shouting: Vec<bool>,
    /// Tokens inside a known multi-word place.
    in_place: Vec<bool>,
}

impl<'a> Prepared<'a> {
    /// Computes word forms, shapes and list memberships for every token. `lowered` is
    /// `text.to_ascii_lowercase()`, made once by the caller: the folded form of every ASCII
    /// word is borrowed from it (one copy of the text instead of a string per capitalised word).
    #[must_use]
    pub fn new(text: &'a str, lowered: &'a str, tokens: &[Token]) -> Self {
        debug_assert_eq!(
            text.len(),
            lowered.len(),
            "lowered is the text in lower case"
        );
        let gazetteer = Gazetteer::get();
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        let folded: Vec<Cow<'a, str>> = words
            .iter()
            .zip(tokens)
            .map(|(&w, t)| match lowered.get(t.start..t.end) {
                Some(lower) if w.is_ascii() => Cow::Borrowed(lower),
                _ => Cow::Owned(fold(w)),
            })
            .collect();
        let shapes = vec![Cell::new(0); words.len()];
        let word_hashes = vec![Cell::new(0); words.len()];
        // Every listed word is capitalised, so only capitalised tokens are looked up, by the
        // key the tagger's vocabulary uses too.
        let keys: Vec<u64> = words
            .iter()
            .zip(&folded)
            .map(|(w, f)| {
                if w.chars().next().is_some_and(char::is_uppercase) {
                    word_key(f)
                } else {
                    0
                }
            })
            .collect();
        let flags: Vec<u16> = keys
            .iter()
            .map(|&k| if k == 0 { 0 } else { gazetteer.flags_by_key(k) })
            .collect();
        let starts: Vec<bool> = tokens.iter().map(|t| t.sentence_start).collect();
        let has_capital: Vec<bool> = words.iter().map(|w| has_capital(w)).collect();
        let breaks: Vec<bool> = (0..tokens.len()).map(|i| tokens[i].line_start).collect();
        let evidence = story_evidence(&words, &folded, &starts);
        let mut shouting = vec![false; tokens.len()];
        let mut line_begin = 0;
        for i in 0..=tokens.len() {
            if i == tokens.len()
                || (i > line_begin
                    && tokens[i].sentence_start
                    && line_break_before(text, &tokens[i]))
            {
                let (mut upper, mut lower) = (0, 0);
                for word in &words[line_begin..i] {
                    if word.is_ascii() {
                        for b in word.bytes() {
                            upper += usize::from(b.is_ascii_uppercase());
                            lower += usize::from(b.is_ascii_lowercase());
                        }
                        continue;
                    }
                    for c in word.chars() {
                        if c.is_uppercase() {
                            upper += 1;
                        } else if c.is_lowercase() {
                            lower += 1;
                        }
                    }
                }
                let caps = upper > 4 && lower * 4 < upper;
                shouting[line_begin..i].iter_mut().for_each(|s| *s = caps);
                line_begin = i;
            }
        }
        let mut in_place = vec![false; tokens.len()];
        // One buffer for every phrase looked up (the words joined by spaces).
        let mut phrase = String::new();
        for i in 0..tokens.len() {
            if flags[i] & flag::PLACE_START == 0 {
                continue;
            }
            phrase.clear();
            phrase.push_str(&folded[i]);
            for len in 2..=4 {
                if i + len > tokens.len() {
                    break;
                }
                phrase.push(' ');
                phrase.push_str(&folded[i + len - 1]);
                if gazetteer.is_multi_place(&phrase) {
                    in_place[i..i + len].iter_mut().for_each(|p| *p = true);
                }
            }
        }
        Self {
            words,
            folded,
            shapes,
            keys,
            word_hashes,
            flags,
            evidence,
            starts,
            has_capital,
            breaks,
            shouting,
            in_place,
        }
    }

    /// The folded (lower-case, unaccented) form of every token.
    #[must_use]
    pub fn folded(&self) -> &[Cow<'a, str>] {
        &self.folded
    }

    /// Whether token `i` starts with a capital letter.
    #[must_use]
    pub fn capitalised(&self, i: usize) -> bool {
        self.words[i].chars().next().is_some_and(char::is_uppercase)
    }

    /// The word key of token `i` when it starts with a capital letter (worked out for every
    /// such token when the text was prepared).
    #[must_use]
    pub fn capitalised_key(&self, i: usize) -> Option<u64> {
        self.keys.get(i).copied().filter(|&k| k != 0)
    }

    /// The word-list flags of every token (see [`flag`]); zero for lower-case tokens.
    #[must_use]
    pub fn flags(&self) -> &[u16] {
        &self.flags
    }

    /// Number of tokens.
    #[must_use]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether there are no tokens.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The tag before token `i` as far as spans go: after a line break, none (O).
    pub(super) fn previous_for_span(&self, i: usize, previous: usize) -> usize {
        if self.breaks[i] { OUTSIDE } else { previous }
    }

    /// Tokens that cannot start or continue a name are tagged O without scoring: words with no
    /// capital letter after an O. This keeps the tagger fast; names in news start with a
    /// capital, and a number before one ("1998 World Cup") is dropped from the span by the
    /// rules anyway (numbers are a third of the tokens it would otherwise score).
    pub(super) fn obviously_outside(&self, i: usize, previous: usize) -> bool {
        previous == OUTSIDE && !self.has_capital[i]
    }

    /// Hash of token `j`'s folded word if the tagger knows the word, else [`UNKNOWN`] (0
    /// outside the text), worked out once. Words seen too rarely in training would only add
    /// noise from weight rows they share with other features.
    fn word_hash(&self, j: usize, known: &Vocabulary) -> u64 {
        let Some(cell) = self.word_hashes.get(j) else {
            return 0;
        };
        let mut h = cell.get();
        if h == 0 {
            h = self.keys[j];
            if h == 0 {
                h = word_key(&self.folded[j]);
            }
            if !known.contains(&h) {
                h = UNKNOWN;
            }
            cell.set(h);
        }
        h
    }

    /// Hash of token `j`'s shape (0 outside the text), worked out once.
    fn shape(&self, j: usize) -> u64 {
        let Some(cell) = self.shapes.get(j) else {
            return 0;
        };
        let mut h = cell.get();
        if h == 0 {
            h = shape_hash(self.words[j]) | 1;
            cell.set(h);
        }
        h
    }

    /// List flags of token `j` as a feature value (0 outside the text).
    fn flag_value(&self, j: usize) -> u64 {
        self.flags
            .get(j)
            .map_or(0, |&f| u64::from(f & !(LANGUAGE | flag::COMMON)) + 1)
    }

    /// Feature hashes of token `i` given the two previous tags. Each feature is a template
    /// number mixed with per-token hashes computed once, so no feature hashes a string.
    pub(super) fn features(
        &self,
        i: usize,
        previous: (usize, usize),
        known: &Vocabulary,
        first: Option<&FirstPass>,
        out: &mut Vec<u64>,
    ) {
        out.clear();
        out.extend_from_slice(&self.fixed_features(i, known));
        self.tag_features(i, previous, known, first, out);
    }

    /// The features of token `i` that do not depend on the tags before it: the same in both
    /// passes, so tagging works them out once per token (see [`FixedCache`]).
    fn fixed_features(&self, i: usize, known: &Vocabulary) -> [u64; FIXED] {
        let before = |k: usize| i.checked_sub(k).map_or(usize::MAX, |j| j);
        let w0 = self.word_hash(i, known);
        let (w_1, w1) = (
            self.word_hash(before(1), known),
            self.word_hash(i + 1, known),
        );
        let (w_2, w2) = (
            self.word_hash(before(2), known),
            self.word_hash(i + 2, known),
        );
        let s0 = self.shape(i);
        let (s_1, s1) = (self.shape(before(1)), self.shape(i + 1));
        let f0 = self.flag_value(i);
        let (f_1, f1, f2) = (
            self.flag_value(before(1)),
            self.flag_value(i + 1),
            self.flag_value(i + 2),
        );
        let start = u64::from(self.starts[i]);
        let shout = u64::from(self.shouting[i]);
        let doc = u64::from(self.evidence[i]);
        // Whether a sentence opens with a frequent English word ("Moreover"); in mid-sentence
        // many surnames are such words too, so the list says nothing there.
        let opening_common = u64::from(self.starts[i] && self.flags[i] & flag::COMMON != 0);
        let place = u64::from(self.in_place[i]);
        let (prefix, suffixes) = affixes(&self.folded[i]);
        [
            feature(1, &[]),
            feature(2, &[w0]),
            feature(3, &[w_1]),
            feature(4, &[w1]),
            feature(5, &[w_2]),
            feature(6, &[w2]),
            feature(7, &[s0]),
            feature(8, &[s_1]),
            feature(9, &[s1]),
            feature(10, &[s_1, s0, s1]),
            feature(11, &[prefix]),
            feature(12, &[suffixes[0]]),
            feature(13, &[suffixes[1]]),
            feature(14, &[suffixes[2]]),
            feature(19, &[f0]),
            feature(20, &[f_1]),
            feature(21, &[f1]),
            feature(22, &[f0, s0]),
            feature(23, &[start, shout, s0]),
            feature(24, &[shout, w0]),
            feature(25, &[w_1, w0]),
            feature(26, &[w0, w1]),
            feature(27, &[place, s0]),
            feature(29, &[f_1, f1, s0]),
            feature(30, &[doc, s0]),
            feature(31, &[doc, f0]),
            feature(32, &[f1, f2]),
            feature(33, &[opening_common]),
        ]
    }

    /// The features of token `i` that depend on the two tags before it and on the first pass.
    pub(super) fn tag_features(
        &self,
        i: usize,
        (p1, p2): (usize, usize),
        known: &Vocabulary,
        first: Option<&FirstPass>,
        out: &mut Vec<u64>,
    ) {
        let w0 = self.word_hash(i, known);
        let s0 = self.shape(i);
        let f0 = self.flag_value(i);
        let t1 = p1 as u64 + 1;
        let t2 = p2 as u64 + 1;
        out.extend_from_slice(&[
            feature(15, &[t1]),
            feature(16, &[t1, t2]),
            feature(17, &[t1, s0]),
            feature(18, &[t1, w0]),
            feature(28, &[t1, f0]),
        ]);
        if let Some(first) = first {
            first.features(i, s0, out);
        }
    }
}

/// Number of features that do not depend on the tags before a token.
const FIXED: usize = 28;

/// The fixed features of every token scored so far in one story, so that the second pass does
/// not work out again what the first already did (they are most of a token's features).
pub struct FixedCache {
    /// Index into `hashes` per token; `u32::MAX` until the token is first scored.
    slot: Vec<u32>,
    hashes: Vec<[u64; FIXED]>,
}

impl FixedCache {
    /// An empty cache for a story of `len` tokens.
    #[must_use]
    pub fn new(len: usize) -> Self {
        Self {
            slot: vec![u32::MAX; len],
            // About a fifth of a news story's tokens are scored; growing past that is rare.
            hashes: Vec::with_capacity(len / 4 + 8),
        }
    }

    pub(super) fn get(
        &mut self,
        prepared: &Prepared<'_>,
        i: usize,
        known: &Vocabulary,
    ) -> &[u64; FIXED] {
        let at = match self.slot.get(i) {
            Some(&at) if at != u32::MAX => at as usize,
            _ => {
                let at = self.hashes.len();
                self.hashes.push(prepared.fixed_features(i, known));
                if let (Some(slot), Ok(value)) = (self.slot.get_mut(i), u32::try_from(at)) {
                    *slot = value;
                }
                at
            }
        };
        &self.hashes[at]
    }
}

/// Word hashes of the words the tagger was trained on often enough to have weights of its own.
pub type Vocabulary = FxHashSet<u64>;

/// The word hash standing for every word outside the [`Vocabulary`].
const UNKNOWN: u64 = 2;

/// Hashes of the word's first three characters and of its last two, three and four.
fn affixes(word: &str) -> (u64, [u64; 3]) {
    let bytes = word.as_bytes();
    let (prefix_end, cuts) = if word.is_ascii() {
        // One byte per character: the cuts are counted in bytes.
        let n = bytes.len();
        (n.min(3), [2, 3, 4].map(|k: usize| n.saturating_sub(k)))
    } else {
        let prefix_end = word.char_indices().nth(3).map_or(word.len(), |(i, _)| i);
        let mut cuts = [0_usize; 3];
        let mut seen = 0;
        for (at, _) in word.char_indices().rev().take(4) {
            seen += 1;
            if seen >= 2 {
                cuts[seen - 2] = at;
            }
        }
        (prefix_end, cuts)
    };
    // A word shorter than a suffix is its own suffix: its cut stays at 0.
    (
        bytes_hash(&bytes[..prefix_end]),
        cuts.map(|c| bytes_hash(&bytes[c..])),
    )
}

/// Flags that say which language a word is in, not what it names.
const LANGUAGE: u16 = flag::ENGLISH_MARK | flag::FOREIGN_MARK;

/// A feature: its template number mixed with its parts, then scrambled so every bit of the
/// result depends on every part (the low bits pick the weight row).
pub(super) fn feature(template: u64, parts: &[u64]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = template.wrapping_mul(K);
    for &part in parts {
        h = (h ^ part).wrapping_mul(K).rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// For each capitalised word that starts a sentence, how the rest of the story writes it (see
/// `Prepared::evidence`): one pass, looking up only words whose first byte and length match a
/// sentence-initial word.
fn story_evidence(words: &[&str], folded: &[Cow<'_, str>], starts: &[bool]) -> Vec<u8> {
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut evidence = vec![0_u8; words.len()];
    let mut seen: FxHashMap<&str, u8> = FxHashMap::default();
    let mut first_bytes = [0_u64; 4];
    let mut lengths = 0_u64;
    for (i, word) in words.iter().enumerate() {
        if starts[i] && capitalised(word) {
            let key = folded[i].as_ref();
            seen.insert(key, 0);
            let b = key.as_bytes().first().copied().unwrap_or(0);
            first_bytes[usize::from(b >> 6)] |= 1 << (b & 63);
            lengths |= 1 << key.len().min(63);
        }
    }
    if seen.is_empty() {
        return evidence;
    }
    for (i, word) in words.iter().enumerate() {
        if starts[i] {
            continue;
        }
        let key = folded[i].as_ref();
        let b = key.as_bytes().first().copied().unwrap_or(0);
        if first_bytes[usize::from(b >> 6)] & (1 << (b & 63)) == 0
            || lengths & (1 << key.len().min(63)) == 0
        {
            continue;
        }
        if let Some(found) = seen.get_mut(key) {
            *found |= if capitalised(word) { 2 } else { 1 };
        }
    }
    for (i, word) in words.iter().enumerate() {
        if starts[i] && capitalised(word) {
            evidence[i] = 1 + seen.get(folded[i].as_ref()).copied().unwrap_or(0);
        }
    }
    evidence
}

/// Whether a word has a capital letter; one pass over the bytes, characters decoded only in a
/// word that is not ASCII.
fn has_capital(word: &str) -> bool {
    for b in word.bytes() {
        if b.is_ascii_uppercase() {
            return true;
        }
        if !b.is_ascii() {
            return word.chars().any(char::is_uppercase);
        }
    }
    false
}

/// Whether a line break (not just a full stop) comes before this token.
fn line_break_before(text: &str, token: &Token) -> bool {
    text[..token.start]
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .any(|c| c == '\n')
}

/// The word's shape (X for capitals, x for small letters, d for digits, runs collapsed after
/// two) as a hash, so features can use it without an allocation per token.
pub(super) fn shape_hash(word: &str) -> u64 {
    let mut len = 0;
    if word.is_ascii() {
        // At most 24 classes of one byte each.
        let mut buffer = [0_u8; 24];
        let mut last = 0_u8;
        let mut run = 0;
        for b in word.bytes().take(24) {
            let class = match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b,
            };
            if class == last {
                run += 1;
                if run >= 2 {
                    continue;
                }
            } else {
                run = 0;
                last = class;
            }
            buffer[len] = class;
            len += 1;
        }
        return bytes_hash(&buffer[..len]);
    }
    let mut buffer = [0_u8; 96];
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().take(24) {
        let class = shape_class(c);
        if class == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
            last = class;
        }
        len += class.encode_utf8(&mut buffer[len..]).len();
    }
    bytes_hash(&buffer[..len])
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else {
        c
    }
}
