//! A story's fingerprint: what it says, blind to whitespace and case, so that the same story
//! saved again (from another export, or re-fetched) is recognised.

use sha2::{Digest, Sha256};

use crate::article::Article;

/// Fingerprint of what a story says, blind to whitespace and case, so re-saves are recognised.
pub(super) fn content_hash(article: &Article) -> String {
    let mut hasher = Sha256::new();
    if article.body.trim().is_empty() {
        // A story without text yet (a bare link) is identified by where it lives.
        hasher.update(b"url:");
        hasher.update(article.url.as_deref().unwrap_or(&article.title).as_bytes());
    } else {
        hasher.update(comparable_words(&article.body));
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in hasher.finalize() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex
}

/// The words of a story's text lower-cased, each followed by one space: what its
/// [`content_hash`] is taken of, in one buffer hashed at once.
fn comparable_words(body: &str) -> Vec<u8> {
    let mut words = Vec::with_capacity(body.len() + 1);
    if body.is_ascii() {
        // Byte by byte, the words `split_whitespace` finds in ASCII text: tab, line feed,
        // vertical tab, form feed, carriage return and space separate them. (Most stories; the
        // import's writer does this for every story.)
        let mut in_word = false;
        for &byte in body.as_bytes() {
            if crate::text::is_ascii_whitespace_char(byte) {
                if in_word {
                    words.push(b' ');
                    in_word = false;
                }
            } else {
                words.push(byte.to_ascii_lowercase());
                in_word = true;
            }
        }
        if in_word {
            words.push(b' ');
        }
        return words;
    }
    for word in body.split_whitespace() {
        if word.is_ascii() {
            words.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
        } else {
            words.extend_from_slice(word.to_lowercase().as_bytes());
        }
        words.push(b' ');
    }
    words
}

#[cfg(test)]
mod comparable_words_tests {
    use super::comparable_words;

    /// What the content hash was taken of before the ASCII fast path: it must not change, or
    /// stories saved before would no longer be recognised as the same.
    fn word_by_word(body: &str) -> Vec<u8> {
        let mut words = Vec::new();
        for word in body.split_whitespace() {
            words.extend_from_slice(word.to_lowercase().as_bytes());
            words.push(b' ');
        }
        words
    }

    #[test]
    fn ascii_text_gives_the_words_split_whitespace_gives() {
        let alphabet = [
            b'a', b'Z', b' ', b'\t', b'\n', b'\x0b', b'\x0c', b'\r', b'\x1c', b'\x1f', b'\0', b'.',
            b'7',
        ];
        let mut texts: Vec<String> = vec![
            String::new(),
            "   ".to_owned(),
            "One".to_owned(),
            "  Two  Words \r\n".to_owned(),
            "tab\there\x0bvertical\x0cfeed\x1cunit".to_owned(),
        ];
        // Every text of up to four characters from the alphabet.
        let mut current = vec![String::new()];
        for _ in 0..4 {
            current = current
                .iter()
                .flat_map(|t| {
                    alphabet
                        .iter()
                        .map(move |&b| format!("{t}{}", char::from(b)))
                })
                .collect();
            texts.extend(current.iter().cloned());
        }
        for text in &texts {
            assert_eq!(comparable_words(text), word_by_word(text), "{text:?}");
        }
    }

    #[test]
    fn other_text_is_lower_cased_word_by_word() {
        for text in [
            "Ärger  im ÖSTERREICH\u{2003}heute",
            "İstanbul\u{a0}x",
            "ΣΟΦΊΑ σοφία",
        ] {
            assert_eq!(comparable_words(text), word_by_word(text), "{text:?}");
        }
    }
}
