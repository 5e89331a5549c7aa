//! Anchoring a highlight to a story's text the way W3C Web Annotation does: a
//! TextQuoteSelector (the exact quote with some context before and after) and a
//! TextPositionSelector (byte offsets). The offsets are tried first; when the text changed
//! (full text fetched later, a better extractor) the quote is found again, the context deciding
//! between several places, with differences in whitespace ignored.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Characters of context kept before and after a quote: enough to tell repeated phrases apart.
pub const CONTEXT_CHARS: usize = 32;

/// Where a highlight sits in a story's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The passage exactly as it was marked.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] characters just before the quote.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters just after the quote.
    #[serde(default)]
    pub suffix: String,
    /// Byte offset of the quote in the text it was last found in.
    #[serde(default)]
    pub start: usize,
    /// Byte offset just past the quote.
    #[serde(default)]
    pub end: usize,
}

impl Anchor {
    /// The anchor of `body[range]`, with whitespace at either end of the range left out.
    /// `None` when the range is empty, blank, out of bounds or not on character boundaries.
    #[must_use]
    pub fn at(body: &str, range: Range<usize>) -> Option<Self> {
        let selected = body.get(range.clone())?;
        let start = range.start + (selected.len() - selected.trim_start().len());
        let end = range.end - (selected.len() - selected.trim_end().len());
        if start >= end {
            return None;
        }
        Some(Self {
            quote: body[start..end].to_owned(),
            prefix: last_chars(&body[..start], CONTEXT_CHARS).to_owned(),
            suffix: first_chars(&body[end..], CONTEXT_CHARS).to_owned(),
            start,
            end,
        })
    }

    /// Where the quote is in `body` now: at its offsets when the text there is unchanged, else
    /// the place whose surroundings best match the saved context (the nearest to the old offsets
    /// among equals). `None` when the quote is not in `body` any more.
    #[must_use]
    pub fn resolve(&self, body: &str) -> Option<Range<usize>> {
        if self.quote.trim().is_empty() {
            return None;
        }
        if body.get(self.start..self.end) == Some(self.quote.as_str()) {
            return Some(self.start..self.end);
        }
        let exact: Vec<Range<usize>> = body
            .match_indices(self.quote.as_str())
            .map(|(at, _)| at..at + self.quote.len())
            .collect();
        let candidates = if exact.is_empty() {
            Spaced::new(body).find_all(&self.quote)
        } else {
            exact
        };
        candidates.into_iter().max_by_key(|range| {
            let score = self.context_score(body, range);
            let distance = range.start.abs_diff(self.start);
            (score, std::cmp::Reverse(distance))
        })
    }

    /// How many characters of the saved context the text around `range` agrees with.
    fn context_score(&self, body: &str, range: &Range<usize>) -> usize {
        let before = squeeze(last_chars(&body[..range.start], CONTEXT_CHARS * 2));
        let after = squeeze(first_chars(&body[range.end..], CONTEXT_CHARS * 2));
        let prefix = squeeze(&self.prefix);
        let suffix = squeeze(&self.suffix);
        let common_end = before
            .chars()
            .rev()
            .zip(prefix.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let common_start = after
            .chars()
            .zip(suffix.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common_end + common_start
    }
}

/// Where `quote` first occurs in `body`, exactly or with different whitespace (a line break
/// where a space was): what the command line uses to highlight "exact quote".
#[must_use]
pub fn find_quote(body: &str, quote: &str) -> Option<Range<usize>> {
    let quote = quote.trim();
    if quote.is_empty() {
        return None;
    }
    body.find(quote)
        .map(|at| at..at + quote.len())
        .or_else(|| Spaced::new(body).find_all(quote).into_iter().next())
}

/// A text with every run of whitespace made one space, remembering where each byte came from,
/// so that a match in it can be turned back into a range of the original.
struct Spaced {
    text: String,
    /// For each byte of `text`, the offset of the byte it came from (a squeezed space: the
    /// start of its run).
    origin: Vec<usize>,
}

impl Spaced {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut in_space = false;
        for (at, ch) in original.char_indices() {
            if ch.is_whitespace() {
                if !in_space {
                    text.push(' ');
                    origin.push(at);
                }
                in_space = true;
                continue;
            }
            in_space = false;
            text.push(ch);
            origin.extend(at..at + ch.len_utf8());
        }
        Self { text, origin }
    }

    /// Every place the squeezed `quote` occurs, as ranges of the original text.
    fn find_all(&self, quote: &str) -> Vec<Range<usize>> {
        let quote = squeeze(quote.trim());
        if quote.is_empty() {
            return Vec::new();
        }
        self.text
            .match_indices(quote.as_str())
            .filter_map(|(at, found)| {
                let start = *self.origin.get(at)?;
                let end = *self.origin.get(at + found.len() - 1)? + 1;
                Some(start..end)
            })
            .collect()
    }
}

/// `text` with each run of whitespace made one space.
fn squeeze(text: &str) -> String {
    Spaced::new(text).text
}

/// The last `count` characters of `text`.
fn last_chars(text: &str, count: usize) -> &str {
    let start = text
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(at, _)| at);
    if count == 0 { "" } else { &text[start..] }
}

/// The first `count` characters of `text`.
fn first_chars(text: &str, count: usize) -> &str {
    let end = text
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(at, _)| at);
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "The council met on Monday. It voted to close the bridge. \
                        Residents objected.\n\nLater, it voted to close the bridge again.";

    fn anchor_of(body: &str, quote: &str, nth: usize) -> Anchor {
        let (at, _) = body
            .match_indices(quote)
            .nth(nth)
            .expect("quote in the test body");
        Anchor::at(body, at..at + quote.len()).expect("an anchor")
    }

    #[test]
    fn an_anchor_keeps_the_quote_its_context_and_offsets() {
        let anchor = anchor_of(BODY, "It voted to close the bridge.", 0);
        assert_eq!(anchor.quote, "It voted to close the bridge.");
        assert_eq!(anchor.prefix, "The council met on Monday. ");
        assert_eq!(anchor.suffix, " Residents objected.\n\nLater, it ");
        assert_eq!(&BODY[anchor.start..anchor.end], anchor.quote);
        assert_eq!(anchor.resolve(BODY), Some(anchor.start..anchor.end));
    }

    #[test]
    fn whitespace_at_the_ends_of_a_selection_is_left_out() {
        let anchor = Anchor::at(BODY, 26..56).expect("an anchor");
        assert_eq!(anchor.quote, "It voted to close the bridge.");
        assert_eq!(Anchor::at(BODY, 26..27), None, "a lone space is no passage");
        assert_eq!(Anchor::at("héllo", 1..2), None, "inside a character");
        assert_eq!(Anchor::at("short", 3..99), None);
    }

    #[test]
    fn the_quote_is_found_again_after_text_is_added_before_it() {
        let anchor = anchor_of(BODY, "Residents objected.", 0);
        let longer = format!("By our reporter.\n\n{BODY}");
        let range = anchor.resolve(&longer).expect("re-anchored");
        assert_eq!(&longer[range.clone()], "Residents objected.");
        assert_eq!(range.start, anchor.start + "By our reporter.\n\n".len());
    }

    #[test]
    fn context_picks_the_right_one_of_two_equal_passages() {
        // The second "voted to close the bridge" is the one marked.
        let anchor = anchor_of(BODY, "voted to close the bridge", 1);
        let changed = format!(
            "Update: {}",
            BODY.replace("Residents objected.", "People cheered.")
        );
        let range = anchor.resolve(&changed).expect("re-anchored");
        assert!(changed[..range.start].ends_with("Later, it "), "{range:?}");
    }

    #[test]
    fn a_quote_rewrapped_by_a_new_extractor_is_found_across_line_breaks() {
        let anchor = anchor_of(BODY, "It voted to close the bridge.", 0);
        let rewrapped = BODY.replace("close the", "close\nthe");
        let range = anchor.resolve(&rewrapped).expect("re-anchored");
        assert_eq!(&rewrapped[range], "It voted to close\nthe bridge.");
    }

    #[test]
    fn a_quote_that_is_gone_resolves_to_nothing() {
        let anchor = anchor_of(BODY, "Residents objected.", 0);
        assert_eq!(anchor.resolve("A different story altogether."), None);
        assert_eq!(anchor.resolve(""), None);
    }

    #[test]
    fn find_quote_ignores_differences_in_whitespace() {
        assert_eq!(find_quote(BODY, "  Residents objected. "), Some(57..76));
        assert_eq!(
            find_quote(BODY, "objected. Later").map(|r| &BODY[r]),
            Some("objected.\n\nLater")
        );
        assert_eq!(find_quote(BODY, "not there"), None);
        assert_eq!(find_quote(BODY, " \n"), None);
    }

    #[test]
    fn multibyte_text_keeps_offsets_on_character_boundaries() {
        let body = "Café   crème à Bogotá, señor.";
        let range = find_quote(body, "crème à Bogotá").expect("found");
        assert_eq!(&body[range], "crème à Bogotá");
        let range = find_quote(body, "Café crème").expect("found");
        assert_eq!(&body[range], "Café   crème");
    }
}
