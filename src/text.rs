//! Untrusted text made safe and measurable for a terminal.
//!
//! Every string that came from outside (titles, bodies, tags, URLs, sources) passes through
//! [`sanitize`] or [`single_line`] before it is drawn or printed, and JSON through
//! [`write_json`], so no byte of it reaches the terminal as a control sequence; widths are
//! measured in columns so the layout never drifts.

use std::borrow::Cow;
use std::io::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Tabs become this many spaces; a tab's real width depends on the column, which we do not track.
const TAB_SPACES: &str = "    ";

/// Zero-width marks kept after one base character; more is an attack on the layout, not writing.
const MAX_ZERO_WIDTH_RUN: usize = 8;

/// Replaces control characters with visible stand-ins, drops bidirectional overrides, expands
/// tabs and caps runs of combining marks. Newlines are kept.
///
/// Emoji that terminals disagree on the width of are made into ones they agree on: a
/// zero-width joiner between two emoji is dropped (a family becomes its members side by side,
/// which every terminal draws at two columns each, where joining terminals draw one glyph and
/// others four), a skin-tone modifier after an emoji is dropped (drawn as a second emoji by
/// many terminals, so the row would shift), and so is the emoji presentation selector U+FE0F
/// (which widens a character to two columns in some terminals and not in others). Flags,
/// drawn as one glyph by some terminals and as two letters by others, become their two-letter
/// country code.
#[must_use]
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_harmless) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len());
    let mut zero_width_run = 0;
    let mut chars = text.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(ch) = chars.next() {
        let after_emoji = previous.is_some_and(|p| is_pictographic(p) || is_emoji_tail(p));
        if ch == ZERO_WIDTH_JOINER
            && after_emoji
            && chars.peek().copied().is_some_and(is_pictographic)
        {
            continue;
        }
        if (is_skin_tone(ch) && after_emoji) || ch == EMOJI_PRESENTATION {
            continue;
        }
        if let Some(letter) = regional_letter(ch) {
            clean.push(letter);
            previous = Some(letter);
            zero_width_run = 0;
            continue;
        }
        previous = Some(ch);
        if ch == '\n' {
            clean.push('\n');
            zero_width_run = 0;
            continue;
        }
        if ch == '\t' {
            clean.push_str(TAB_SPACES);
            zero_width_run = 0;
            continue;
        }
        if is_bidi_control(ch) {
            continue;
        }
        if let Some(picture) = visible_control(ch) {
            clean.push(picture);
            zero_width_run = 0;
            continue;
        }
        if ch.width() == Some(0) {
            zero_width_run += 1;
            if zero_width_run > MAX_ZERO_WIDTH_RUN {
                continue;
            }
        } else {
            zero_width_run = 0;
        }
        clean.push(ch);
    }
    Cow::Owned(clean)
}

/// [`sanitize`] for text drawn on one row: line breaks and runs of spaces become one space.
#[must_use]
pub fn single_line(text: &str) -> String {
    let clean = sanitize(text);
    let mut line = String::with_capacity(clean.len());
    for word in clean.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    line
}

/// Columns the text occupies on a terminal (wide characters count two).
#[must_use]
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max` columns, ending with `…` when anything was cut.
#[must_use]
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    // Whole grapheme clusters only: a letter keeps its accents, an emoji its parts.
    let mut out = String::new();
    let mut used = 0;
    for cluster in unicode_segmentation::UnicodeSegmentation::graphemes(text, true) {
        let w = width(cluster);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push_str(cluster);
    }
    out.push('…');
    out
}

fn is_harmless(ch: char) -> bool {
    (ch == '\n' || !ch.is_control())
        && !is_bidi_control(ch)
        && ch.width() != Some(0)
        && !is_skin_tone(ch)
        && regional_letter(ch).is_none()
}

/// The letter a regional indicator symbol stands for (flags are pairs of them).
fn regional_letter(ch: char) -> Option<char> {
    let offset = u32::from(ch).checked_sub(0x1F1E6).filter(|&o| o < 26)?;
    char::from_u32(u32::from('A') + offset)
}

const ZERO_WIDTH_JOINER: char = '\u{200d}';
const EMOJI_PRESENTATION: char = '\u{fe0f}';

/// Emoji and pictographs (an approximation of Extended_Pictographic by blocks).
fn is_pictographic(ch: char) -> bool {
    matches!(u32::from(ch), 0x1F000..=0x1FAFF | 0x2190..=0x2BFF)
}

/// What may follow an emoji inside one: variation selector 16 and the keycap mark.
fn is_emoji_tail(ch: char) -> bool {
    matches!(ch, '\u{fe0f}' | '\u{20e3}')
}

fn is_skin_tone(ch: char) -> bool {
    matches!(u32::from(ch), 0x1F3FB..=0x1F3FF)
}

/// Characters that reorder the text around them and can disguise what a line says.
fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Visible stand-in for a control character: the Unicode control pictures for C0 and DEL,
/// the replacement character for C1.
fn visible_control(ch: char) -> Option<char> {
    match ch {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(ch)),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// Text made safe for HTML and XML (exports, OPML): sanitised like terminal text (C0 and C1
/// controls, which XML 1.0 does not allow, become visible symbols), the two non-characters XML
/// forbids replaced, and `& < > "` escaped.
#[must_use]
pub fn escape_markup(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len());
    for ch in clean.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(ch),
        }
    }
    out
}

/// Writes `value` as JSON (indented when `pretty`) that is safe to print: besides the C0
/// controls JSON always escapes, C1 controls (U+0080–U+009F, which some terminals obey), DEL and
/// bidirectional overrides are written as `\u0085`-style escapes. The escapes stand for the same
/// characters, so the data read back is unchanged.
///
/// # Errors
/// When `value` cannot be serialised or `out` cannot be written.
pub fn write_json(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
    pretty: bool,
) -> serde_json::Result<()> {
    use serde_json::ser::{CompactFormatter, PrettyFormatter, Serializer};
    if pretty {
        value.serialize(&mut Serializer::with_formatter(
            out,
            EscapingControls(PrettyFormatter::new()),
        ))
    } else {
        value.serialize(&mut Serializer::with_formatter(
            out,
            EscapingControls(CompactFormatter),
        ))
    }
}

/// Appends `text` as a JSON string, byte for byte what [`write_json`] writes for it, without
/// going through serde: output paths that write many small strings (entities) spend most of
/// their time there otherwise.
pub fn push_json_string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // Bytes that may need an escape: everything else is copied as it is.
    const NOTABLE: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = b < 0x20 || matches!(b, 0x22 | 0x5c | 0x7f | 0xc2 | 0xd8 | 0xe2);
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    for (at, &b) in bytes.iter().enumerate() {
        if !NOTABLE[usize::from(b)] {
            continue;
        }
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f | 0x7f => b"",
            // Lead bytes of C1 controls (U+0080–U+009F) and of the bidirectional controls.
            0xc2 | 0xd8 | 0xe2 => match text[at..].chars().next() {
                Some(ch) if escaped_in_json(ch) => b"",
                _ => continue,
            },
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..at]);
        if escape.is_empty() {
            let (ch, len) = text[at..]
                .chars()
                .next()
                .map_or((u32::from(b), 1), |c| (u32::from(c), c.len_utf8()));
            out.extend_from_slice(b"\\u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[((ch >> shift) & 0xf) as usize]);
            }
            start = at + len;
        } else {
            out.extend_from_slice(escape);
            start = at + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// A JSON formatter that escapes what [`write_json`] promises and otherwise lays out the
/// document like the formatter it wraps.
struct EscapingControls<F>(F);

/// Characters JSON may hold raw that should not reach a terminal raw.
fn escaped_in_json(ch: char) -> bool {
    matches!(ch, '\u{7f}'..='\u{9f}') || is_bidi_control(ch)
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for EscapingControls<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (at, ch) in fragment.char_indices() {
            if escaped_in_json(ch) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                write!(writer, "\\u{:04x}", u32::from(ch))?;
                start = at + ch.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // Layout is the wrapped formatter's.
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.begin_array(writer)
    }
    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.end_array(writer)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(writer, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(writer)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.begin_object(writer)
    }
    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.end_object(writer)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(writer, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(writer)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_written_as_serde_writes_them() {
        let mut texts: Vec<String> = (0..0x3000_u32)
            .chain([0x1_f600, 0x10_ffff])
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}b"))
            .collect();
        texts.extend(
            [
                "",
                "plain",
                "\"q\" \\ /",
                "\u{202e}ltr\u{2066}\u{85}\u{7f}\u{0}",
                "Bogotá’s",
            ]
            .map(str::to_owned),
        );
        for text in texts {
            let mut expected = Vec::new();
            write_json(&mut expected, &text, false).expect("serialise");
            let mut fast = vec![b'x'];
            push_json_string(&mut fast, &text);
            assert_eq!(fast[1..], expected[..], "{text:?}");
        }
    }

    #[test]
    fn markup_is_escaped_and_holds_only_characters_xml_allows() {
        let escaped = escape_markup("<b a=\"1\">&\u{1b}[2J\u{9b}\u{7}\u{ffff}</b>");
        assert_eq!(
            escaped,
            "&lt;b a=&quot;1&quot;&gt;&amp;\u{241b}[2J\u{fffd}\u{2407}\u{fffd}&lt;/b&gt;"
        );
    }

    #[test]
    fn json_escapes_c1_controls_and_bidi_overrides_and_reads_back_the_same() {
        let value = [
            "csi \u{9b}31m osc \u{9d}0;x\u{9c} del \u{7f} nel \u{85} \u{202e}rtl",
            "ok é ñ \u{a0} \u{1b}[2J \n",
        ];
        for pretty in [false, true] {
            let mut out = Vec::new();
            write_json(&mut out, &value, pretty).expect("write");
            let text = String::from_utf8(out.clone()).expect("utf-8");
            let raw: Vec<char> = text
                .chars()
                .filter(|&c| (c.is_control() && c != '\n') || is_bidi_control(c))
                .collect();
            assert!(raw.is_empty(), "{raw:?} in {text}");
            assert!(
                text.contains("\\u009b31m") && text.contains("\\u202e"),
                "{text}"
            );
            let back: Vec<String> = serde_json::from_slice(&out).expect("parse");
            assert_eq!(back, value);
            let plain = if pretty {
                serde_json::to_string_pretty(&["x"])
            } else {
                serde_json::to_string(&["x"])
            };
            let mut same = Vec::new();
            write_json(&mut same, &["x"], pretty).expect("write");
            assert_eq!(same, plain.expect("json").into_bytes(), "layout unchanged");
        }
    }

    #[test]
    fn emoji_become_what_every_terminal_draws_at_the_same_width() {
        // Joined family: its members side by side; skin tone and presentation selector dropped;
        // a flag: its country code. A joiner between letters (as Indic scripts use) stays.
        assert_eq!(sanitize("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        assert_eq!(sanitize("👍🏽 ☀\u{fe0f} 🇨🇴"), "👍 ☀ CO");
        assert_eq!(sanitize("क्\u{200d}ष"), "क्\u{200d}ष");
        assert_eq!(truncate("ab👨👩👧", 6), "ab👨…");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
    }

    #[test]
    fn bidi_overrides_are_dropped_and_tabs_expanded() {
        assert_eq!(sanitize("x\u{202e}y\tz"), "xy    z");
    }

    #[test]
    fn combining_mark_floods_are_capped() {
        let flood = format!("e{}", "\u{301}".repeat(10_000));
        let clean = sanitize(&flood);
        assert_eq!(clean.chars().count(), 1 + MAX_ZERO_WIDTH_RUN);
        assert_eq!(width(&clean), 1);
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        assert!(matches!(
            sanitize("Bogotá, “quoted” — 東京"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn single_line_folds_breaks() {
        assert_eq!(single_line(" a\n\nb\tc "), "a b c");
    }

    #[test]
    fn truncation_counts_columns_not_bytes() {
        assert_eq!(truncate("東京都庁", 5), "東京…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdef", 1), "…");
        assert_eq!(truncate("abcdef", 0), "");
        assert!(width(&truncate("東京都庁", 4)) <= 4);
    }
}

/// Lower-cases and strips accents, so "Bogotá" and "bogota" compare equal in tag, source and
/// highlight matching (the full-text index folds the same way on its own).
#[must_use]
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod fold_tests {
    #[test]
    fn fold_ignores_case_and_accents() {
        assert_eq!(super::fold("Bogotá ÉLAN Ñandú"), "bogota elan nandu");
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let alphabet = [
            'a', ' ', '\t', '\n', '\x0b', '\x0c', '\r', '\x1c', '.', 'é', '\u{a0}',
        ];
        let mut texts = vec![String::new()];
        let mut current = vec![String::new()];
        for _ in 0..4 {
            current = current
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(current.iter().cloned());
        }
        for text in &texts {
            assert_eq!(
                super::word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}

/// Whether an ASCII byte is whitespace as `char::is_whitespace` has it (tab, line feed,
/// vertical tab, form feed, carriage return, space): byte loops over ASCII text then split words
/// exactly where `split_whitespace` does.
#[must_use]
pub fn is_ascii_whitespace_char(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// Number of words in a text, as `split_whitespace` counts them; ASCII text byte by byte.
#[must_use]
pub fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for &byte in text.as_bytes() {
        let space = is_ascii_whitespace_char(byte);
        words += usize::from(in_word && space);
        in_word = !space;
    }
    words + usize::from(in_word)
}

/// Byte ranges of the words in `line` that start with one of `folded_prefixes` (already passed
/// through [`fold`]), ignoring case and accents; for highlighting search words.
#[must_use]
pub fn words_starting_with(line: &str, folded_prefixes: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    if folded_prefixes.is_empty() {
        return found;
    }
    let mut start = None;
    for (at, ch) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let in_word = ch.is_alphanumeric();
        match (start, in_word) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                let word = fold(&line[from..at]);
                if folded_prefixes
                    .iter()
                    .any(|p| !p.is_empty() && word.starts_with(p.as_str()))
                {
                    found.push(from..at);
                }
                start = None;
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod highlight_tests {
    use super::*;

    #[test]
    fn whole_words_starting_with_a_prefix_are_found() {
        let line = "Bogotá's coffee: Coffee-growers and decaf.";
        let ranges = words_starting_with(line, &["cof".into(), "bogota".into()]);
        let words: Vec<&str> = ranges.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(words, ["Bogotá", "coffee", "Coffee"]);
        assert!(words_starting_with(line, &[]).is_empty());
    }
}
