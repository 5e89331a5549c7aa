//! Turning bytes into UTF-8 text, whatever encoding they came in: a byte-order mark first, then
//! what the document declares (an XML declaration, `<meta charset>`, an HTTP header), then UTF-8
//! if the bytes are valid UTF-8, and otherwise the legacy encoding that best fits them.

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

/// Text that declares nothing: UTF-8 if valid, else the best-fitting legacy encoding
/// (windows-1252, ISO-8859-1, Shift_JIS, KOI8-R, …).
#[must_use]
pub fn guessed(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    guess.decode_without_bom_handling(bytes).0.into_owned()
}

/// Decodes an XML document (a feed): byte-order mark, XML declaration, then a guess.
#[must_use]
pub fn decode(bytes: &[u8]) -> String {
    if let Some(text) = by_bom(bytes) {
        return text;
    }
    match declared_encoding(bytes) {
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
        Some(encoding) if encoding != UTF_8 || std::str::from_utf8(bytes).is_ok() => {
            encoding.decode_without_bom_handling(bytes).0.into_owned()
        }
        _ => guessed(bytes),
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

/// The encoding named in `<?xml ... encoding="..."?>`, when there is one other than UTF-8
/// (UTF-8 is checked for validity instead, since feeds often declare it wrongly).
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
    Encoding::for_label(name.as_bytes()).filter(|e| *e != UTF_8)
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
}
