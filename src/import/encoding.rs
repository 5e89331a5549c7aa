//! Turning bytes into UTF-8 text, whatever encoding they came in: a byte-order mark first, then
//! what the document declares (an XML declaration, `<meta charset>`, an HTTP header), then UTF-8
//! if the bytes are UTF-8 but for a few bad bytes (which become U+FFFD), and otherwise the legacy
//! encoding that best fits them.

use encoding_rs::{Encoding, UTF_8};

/// Text decoded by a byte-order mark, when there is one.
#[must_use]
pub fn by_bom(bytes: &[u8]) -> Option<String> {
    let (encoding, bom) = Encoding::for_bom(bytes)?;
    Some(
        encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned(),
    )
}

/// Text that declares nothing: UTF-8 if valid or almost all valid, else
/// the best-fitting legacy encoding (windows-1252, ISO-8859-1, Shift_JIS, KOI8-R, …).
#[must_use]
pub fn guessed(bytes: &[u8]) -> String {
    guessed_with(bytes, false)
}

/// [`guessed`], told whether the document declares itself UTF-8. A declaration is believed when
/// the bytes hold any valid multi-byte UTF-8 character, so one bad byte costs one character, not
/// the whole text; a document with none (legacy text labelled UTF-8 by mistake, which feeds often
/// are) is still detected.
fn guessed_with(bytes: &[u8], declared_utf8: bool) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let (characters, bad) = utf8_evidence(bytes);
    if characters > 0 && (declared_utf8 || characters >= bad) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    guess.decode_without_bom_handling(bytes).0.into_owned()
}

/// Valid multi-byte UTF-8 characters and invalid sequences in `bytes`. Text with at least as
/// many of the first is taken for UTF-8 with a few bad bytes: legacy text almost never forms a
/// valid multi-byte sequence by accident, while each of its accented letters is an invalid one.
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let mut characters = 0;
    let mut bad = 0;
    for chunk in bytes.utf8_chunks() {
        characters += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    (characters, bad)
}

/// Decodes an XML document (a feed): byte-order mark, XML declaration, then a guess.
#[must_use]
pub fn decode(bytes: &[u8]) -> String {
    if let Some(text) = by_bom(bytes) {
        return text;
    }
    match declared_encoding(bytes) {
        Some(encoding) if encoding == UTF_8 => guessed_with(bytes, true),
        Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
        None => guessed(bytes),
    }
}

/// Decodes a web page: byte-order mark, `<meta charset>` (or the http-equiv form), then a guess.
#[must_use]
pub fn decode_html(bytes: &[u8]) -> String {
    if let Some(text) = by_bom(bytes) {
        return text;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head
        .find("charset=")
        .and_then(|at| label(&head[at + "charset=".len()..]));
    match declared {
        Some(encoding) if encoding == UTF_8 => guessed_with(bytes, true),
        Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
        None => guessed(bytes),
    }
}

/// Decodes a downloaded document: the charset of its HTTP `Content-Type` wins, else the page's own
/// declarations.
#[must_use]
pub fn decode_download(bytes: &[u8], content_type: Option<&str>) -> String {
    let declared = content_type.and_then(|ct| {
        let lower = ct.to_ascii_lowercase();
        let at = lower.find("charset=")?;
        label(&lower[at + "charset=".len()..])
    });
    match declared {
        Some(encoding) => encoding.decode(bytes).0.into_owned(),
        None => decode_html(bytes),
    }
}

/// The encoding a `charset=` value names.
fn label(value: &str) -> Option<&'static Encoding> {
    let name: String = value
        .trim_start_matches(['"', '\'', ' '])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(name.as_bytes())
}

/// The encoding named in `<?xml ... encoding="..."?>`, when there is one.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head);
    let prolog = text.strip_prefix("<?xml")?;
    let prolog = &prolog[..prolog.find("?>")?];
    let at = prolog.find("encoding")?;
    let rest = prolog[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next()?;
    let name = rest[1..].split(quote).next()?;
    Encoding::for_label(name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_declarations_name_the_encoding() {
        let page = b"<meta charset=\"windows-1252\"><p>Caf\xe9</p>";
        assert!(decode_html(page).contains("Café"));
        assert!(
            decode_download(b"Caf\xe9", Some("text/html; charset=ISO-8859-1")).contains("Café")
        );
        assert_eq!(guessed("Bogotá".as_bytes()), "Bogotá");
        assert_eq!(by_bom(b"\xef\xbb\xbfok").as_deref(), Some("ok"));
    }

    /// "Señor … 東京" with one stray byte, as a feed declared UTF-8 might carry it.
    const ONE_BAD_BYTE: &[u8] = b"Se\xc3\xb1or \xe2\x80\xa6 \xe6\x9d\xb1\xff\xe4\xba\xac";

    #[test]
    fn one_bad_byte_in_utf8_costs_one_character_not_the_text() {
        let expected = "Señor … 東\u{fffd}京";
        assert_eq!(guessed(ONE_BAD_BYTE), expected);
        let mut feed = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><title>".to_vec();
        feed.extend_from_slice(ONE_BAD_BYTE);
        assert!(decode(&feed).contains(expected), "{}", decode(&feed));
        let mut page = b"<meta charset=\"utf-8\"><p>".to_vec();
        page.extend_from_slice(ONE_BAD_BYTE);
        assert!(decode_html(&page).contains(expected));
        // A single accented letter with a bad byte still reads as UTF-8.
        assert_eq!(guessed(b"caf\xc3\xa9 \x81"), "café \u{fffd}");
    }

    #[test]
    fn legacy_text_is_still_detected_even_when_labelled_utf8() {
        assert_eq!(
            guessed(b"Caf\xe9 cr\xe8me br\xfbl\xe9e"),
            "Café crème brûlée"
        );
        let mislabelled = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss>don\x92t caf\xe9";
        assert!(decode(mislabelled).contains("don\u{2019}t café"));
        assert_eq!(utf8_evidence(b"Caf\xe9"), (0, 1));
        assert_eq!(utf8_evidence(ONE_BAD_BYTE), (4, 1));
    }
}
