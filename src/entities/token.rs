//! Splitting text into tokens with byte offsets: words, numbers and punctuation, keeping
//! abbreviations ("U.S.", "Mr.") and possessives ("Colombia’s" → "Colombia" + "’s") apart the way
//! names need them.

/// A token: its byte range in the text and where its sentence (line) starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// True for the first token after a line break or a sentence end.
    pub sentence_start: bool,
    /// True for the first token after a line break (not for the text's first token): names do
    /// not run across lines, and lines are the paragraphs the language check reads.
    pub line_start: bool,
}

/// Characters split off the front of a word.
const LEADING: &[char] = &['(', '[', '{', '"', '\'', '“', '‘', '«', '¿', '¡', '—', '–'];
/// Characters split off the end of a word.
const TRAILING: &[char] = &[
    ')', ']', '}', '"', '\'', '”', '’', '»', ',', ';', ':', '!', '?', '.', '—', '–', '…',
];
/// Words whose final full stop belongs to them.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "sgt", "col",
    "lt", "capt", "cmdr", "adm", "maj", "inc", "ltd", "co", "corp", "plc", "bros", "no", "vs",
    "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "ave", "rev", "hon", "u.s", "u.k", "u.n", "e.u",
];

/// The ASCII members of a list of characters as a bit set, so most characters are looked up
/// with one shift instead of a scan of the list.
const fn ascii_set(list: &[char]) -> u128 {
    let mut set = 0_u128;
    let mut i = 0;
    while i < list.len() {
        if (list[i] as u32) < 128 {
            set |= 1 << (list[i] as u32);
        }
        i += 1;
    }
    set
}

const LEADING_ASCII: u128 = ascii_set(LEADING);
const TRAILING_ASCII: u128 = ascii_set(TRAILING);
// `tokenize` takes a chunk of ASCII letters and digits as one token: none may be split off.
const _: () = assert!(
    (LEADING_ASCII | TRAILING_ASCII) >> b'0' & 0x3ff == 0
        && (LEADING_ASCII | TRAILING_ASCII) >> b'A' & 0x3ff_ffff == 0
        && (LEADING_ASCII | TRAILING_ASCII) >> b'a' & 0x3ff_ffff == 0
);

/// Whether `ch` is in `list`, whose ASCII members are `ascii`.
fn listed(ch: char, list: &[char], ascii: u128) -> bool {
    if ch.is_ascii() {
        ascii >> (ch as u32) & 1 != 0
    } else {
        list.contains(&ch)
    }
}

/// Splits `text` into tokens. Runs in time linear in the text.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut sentence_start = true;
    let mut line_start = false;
    let bytes = text.as_bytes();
    // A character that is not ASCII is decoded only where one starts (ASCII whitespace is
    // U+0009–U+000D and the space, as for `char::is_whitespace`).
    let space_at = |at: usize| match bytes[at] {
        b if crate::text::is_ascii_whitespace_char(b) => (true, 1),
        b if b.is_ascii() => (false, 1),
        _ => text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
    };
    let mut at = 0;
    loop {
        while at < bytes.len() {
            let (space, len) = space_at(at);
            if !space {
                break;
            }
            if bytes[at] == b'\n' {
                sentence_start = true;
                line_start = !tokens.is_empty();
            }
            at += len;
        }
        if at >= bytes.len() {
            break;
        }
        let start = at;
        // Most chunks are plain words of ASCII letters and digits: one token, no punctuation.
        let mut plain = true;
        while at < bytes.len() {
            if bytes[at] > b' ' && bytes[at].is_ascii() {
                plain &= bytes[at].is_ascii_alphanumeric();
                at += 1;
                continue;
            }
            let (space, len) = space_at(at);
            if space {
                break;
            }
            plain = false;
            at += len;
        }
        if plain {
            tokens.push(Token {
                start,
                end: at,
                sentence_start,
                line_start,
            });
            sentence_start = false;
            line_start = false;
        } else {
            let first = tokens.len();
            split_chunk(text, start, at, &mut sentence_start, &mut tokens);
            if let Some(token) = tokens.get_mut(first) {
                token.line_start = line_start;
                line_start = false;
            }
        }
    }
    tokens
}

fn split_chunk(
    text: &str,
    start: usize,
    end: usize,
    sentence_start: &mut bool,
    out: &mut Vec<Token>,
) {
    let mut start = start;
    let mut end = end;
    let push = |s: usize, e: usize, out: &mut Vec<Token>, sentence_start: &mut bool| {
        out.push(Token {
            start: s,
            end: e,
            sentence_start: *sentence_start,
            line_start: false,
        });
        *sentence_start = matches!(&text[s..e], "." | "!" | "?");
    };
    // Leading punctuation, one token each.
    while let Some(ch) = text[start..end].chars().next() {
        if listed(ch, LEADING, LEADING_ASCII) && start + ch.len_utf8() < end {
            push(start, start + ch.len_utf8(), out, sentence_start);
            start += ch.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, pushed after the word one character at a time.
    let chunk_end = end;
    while let Some(ch) = text[start..end].chars().next_back() {
        if !listed(ch, TRAILING, TRAILING_ASCII) || end - ch.len_utf8() <= start {
            break;
        }
        if ch == '.' && keeps_its_stop(&text[start..end - 1]) {
            break;
        }
        end -= ch.len_utf8();
    }
    // Possessive 's.
    let word = &text[start..end];
    let possessive = ["'s", "’s", "'S", "’S"]
        .iter()
        .find(|p| word.len() > p.len() && word.ends_with(*p))
        .map(|p| end - p.len());
    match possessive {
        Some(split) => {
            push(start, split, out, sentence_start);
            push(split, end, out, sentence_start);
        }
        None if start < end => push(start, end, out, sentence_start),
        None => {}
    }
    for (at, ch) in text[end..chunk_end].char_indices() {
        push(end + at, end + at + ch.len_utf8(), out, sentence_start);
    }
}

/// "U.S", "Mr", "e.g": a word before a full stop that is part of the word.
fn keeps_its_stop(word: &str) -> bool {
    // Long runs are never abbreviations; the bound also keeps hostile input linear.
    if word.is_empty() || word.len() > 16 {
        return false;
    }
    if ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
        return true;
    }
    // Initials: single letters separated by stops ("U.S", "J.R.R"), or one capital ("J").
    let mut chars = word.chars();
    let single_capital = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_capital
        || (word.contains('.')
            && word.split('.').all(|part| {
                let mut p = part.chars();
                matches!((p.next(), p.next()), (Some(c), None) if c.is_alphabetic())
            })
            && chars.next().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn tokens_after_a_line_break_start_a_line() {
        let text = "\nFirst line.\r\n(Second) line\n\n  \u{2003}“Third’s”\tend";
        let starts: Vec<(&str, bool)> = tokenize(text)
            .iter()
            .map(|t| (&text[t.start..t.end], t.line_start))
            .collect();
        let expected = [
            // The text's first token starts no line after another.
            ("First", false),
            ("line", false),
            (".", false),
            ("(", true),
            ("Second", false),
            (")", false),
            ("line", false),
            ("“", true),
            ("Third", false),
            ("’s", false),
            ("”", false),
            ("end", false),
        ];
        assert_eq!(starts, expected);
        // The same as asking whether a line feed lies between a token and the one before.
        let tokens = tokenize(text);
        for pair in tokens.windows(2) {
            let gap = &text[pair[0].end..pair[1].start];
            assert_eq!(pair[1].line_start, gap.contains('\n'), "{gap:?}");
        }
    }

    #[test]
    fn punctuation_abbreviations_and_possessives() {
        assert_eq!(
            words("U.S. President Trump met Colombia’s Petro (in Bogotá), Mr. Rubio said."),
            [
                "U.S.",
                "President",
                "Trump",
                "met",
                "Colombia",
                "’s",
                "Petro",
                "(",
                "in",
                "Bogotá",
                ")",
                ",",
                "Mr.",
                "Rubio",
                "said",
                "."
            ]
        );
    }

    #[test]
    fn quotes_and_numbers() {
        assert_eq!(
            words("“Peace,” he said: 50% of $1.2 billion."),
            [
                "“", "Peace", ",", "”", "he", "said", ":", "50%", "of", "$1.2", "billion", "."
            ]
        );
    }

    #[test]
    fn sentence_starts_follow_lines_and_stops() {
        let tokens = tokenize("One two. Three\nFour");
        let starts: Vec<bool> = tokens.iter().map(|t| t.sentence_start).collect();
        assert_eq!(starts, [true, false, false, true, true]);
    }

    #[test]
    fn hostile_text_is_linear_and_safe() {
        let long = "A".repeat(1_000_000);
        assert_eq!(tokenize(&long).len(), 1);
        let dots = ".".repeat(10_000);
        assert!(!tokenize(&dots).is_empty());
        assert!(tokenize("").is_empty());
        let _ = tokenize("\u{202e}ﷺ 👩‍👩‍👧 '' ’s 's");
    }
}
