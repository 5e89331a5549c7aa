//! Terminal escape sequences in text files (a saved terminal session, coloured program output):
//! removed before the text is checked and imported, so such a file reads as the text it shows.

use std::borrow::Cow;

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;

/// The bytes without ANSI/VT escape sequences: CSI (`ESC [ … final`), OSC, DCS, APC, PM and SOS
/// strings (ended by BEL or `ESC \`), and two-byte escapes. Backspace overstrikes (`_\bx`, as
/// `man` prints bold and underline) keep the character that was drawn last.
pub(super) fn strip(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !bytes.iter().any(|&b| b == ESC || b == 0x08) {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            ESC => i = after_escape(bytes, i),
            0x08 => {
                // "x\bx": drop the character before, if it is a whole (one-byte or UTF-8) one.
                while out.last().is_some_and(|&b: &u8| (b & 0xc0) == 0x80) {
                    out.pop();
                }
                out.pop();
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// Index just past the escape sequence starting at `start` (which holds ESC).
fn after_escape(bytes: &[u8], start: usize) -> usize {
    let Some(&kind) = bytes.get(start + 1) else {
        return bytes.len();
    };
    match kind {
        // CSI: parameters and intermediates, then one final byte in 0x40..=0x7e.
        b'[' => bytes[start + 2..]
            .iter()
            .position(|b| (0x40..=0x7e).contains(b))
            .map_or(bytes.len(), |at| start + 2 + at + 1),
        // String sequences: up to BEL or ESC \.
        b']' | b'P' | b'_' | b'^' | b'X' => {
            let mut i = start + 2;
            while i < bytes.len() {
                if bytes[i] == BEL {
                    return i + 1;
                }
                if bytes[i] == ESC && bytes.get(i + 1) == Some(&b'\\') {
                    return i + 2;
                }
                i += 1;
            }
            bytes.len()
        }
        // Character set selection takes one more byte: ESC ( B.
        b'(' | b')' | b'*' | b'+' => (start + 3).min(bytes.len()),
        _ => start + 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(text: &[u8]) -> String {
        String::from_utf8_lossy(&strip(text)).into_owned()
    }

    #[test]
    fn colours_titles_and_cursor_moves_are_removed() {
        assert_eq!(stripped(b"\x1b[1;31mred\x1b[0m text"), "red text");
        assert_eq!(stripped(b"\x1b]0;window title\x07prompt$ ls"), "prompt$ ls");
        assert_eq!(
            stripped(b"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"),
            "link"
        );
        assert_eq!(stripped(b"\x1b(Bplain\x1b=\x1b[?25h"), "plain");
        assert_eq!(stripped("b\x08bo\x08ol\x08ld é\x08é".as_bytes()), "bold é");
    }

    #[test]
    fn plain_text_is_borrowed_and_cut_sequences_end_cleanly() {
        assert!(matches!(strip(b"plain"), Cow::Borrowed(_)));
        assert_eq!(stripped(b"end\x1b[31"), "end");
        assert_eq!(stripped(b"end\x1b"), "end");
        assert_eq!(stripped(b"\x08start"), "start");
    }
}
