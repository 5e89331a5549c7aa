//! RSS 0.9x/1.0/2.0, Atom and JSON Feed documents: one story per item, full content preferred
//! over the summary, HTML turned into text by [`crate::html`]. Parsing is feed-rs's; this module
//! gets the bytes into UTF-8 first, whatever the file's encoding.

use super::encoding::decode;

use super::{ImportError, MAX_STORY_BYTES, Problem, headline};
use crate::article::{Article, Enclosure};
use crate::html;

/// Largest number of items taken from one feed; the rest are left out with a message.
pub const MAX_ITEMS: usize = 10_000;

/// Whether bytes look like a feed: an XML document with a feed root, or a JSON Feed.
#[must_use]
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = decode(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') {
        return head.contains("jsonfeed.org")
            || head.contains("\"version\"") && head.contains("\"items\"");
    }
    head.starts_with('<')
        && [
            "<rss", "<feed", "<rdf:RDF", "<rdf:rdf", "<RDF", "<entry", "<channel",
        ]
        .iter()
        .any(|root| head.contains(root))
}

/// Stories from a feed document.
///
/// # Errors
/// When the document is not a feed feed-rs can read, or has too many items.
pub fn parse(bytes: &[u8], origin: &str) -> Result<Vec<Article>, ImportError> {
    parse_feed(bytes, origin).map(|feed| feed.stories)
}

/// A feed document read whole: its stories and what it says about itself.
#[derive(Debug, Clone, Default)]
pub struct ParsedFeed {
    pub stories: Vec<Article>,
    /// The feed's own title, when it has one.
    pub title: Option<String>,
    /// How long the feed asks to be left alone between downloads, in seconds: RSS `<ttl>`, else
    /// the syndication module's `sy:updatePeriod` / `sy:updateFrequency`.
    pub refresh_hint: Option<u64>,
}

/// Stories from a feed document with the feed's title and refresh hint.
///
/// # Errors
/// When the document is not a feed feed-rs can read, or has too many items.
pub fn parse_feed(bytes: &[u8], origin: &str) -> Result<ParsedFeed, ImportError> {
    parse_text(decode(bytes), origin)
}

/// Stories from a feed file's bytes, which are freed as soon as they are decoded: a large feed
/// is then held once as text while feed-rs reads it, not as bytes and text.
///
/// # Errors
/// When the document is not a feed feed-rs can read, or has too many items.
pub fn parse_owned(bytes: Vec<u8>, origin: &str) -> Result<Vec<Article>, ImportError> {
    let text = decode(&bytes);
    drop(bytes);
    parse_text(text, origin).map(|feed| feed.stories)
}

/// [`parse_feed`] of decoded text.
fn parse_text(text: String, origin: &str) -> Result<ParsedFeed, ImportError> {
    // Each step takes the text by value, so at most two copies of a large feed are alive.
    let text = json_feed_version(with_rss_version(without_leading_comments(
        without_encoding_declaration(text),
    )));
    // Items without an id of their own get none (feed-rs would invent a random one), so they are
    // matched by link, then by content.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(text.as_bytes()) {
        Ok(feed) => feed,
        // A well-formed feed element with nothing in it is an empty feed, not an error.
        Err(_) if is_empty_feed(&text) => return Ok(ParsedFeed::default()),
        Err(e) => return Err(ImportError::new(origin, Problem::Feed(e.to_string()))),
    };
    if feed.entries.len() > MAX_ITEMS {
        return Err(ImportError::new(
            origin,
            Problem::TooManyItems(feed.entries.len()),
        ));
    }
    let title = feed
        .title
        .as_ref()
        .map(|t| plain(&t.content, t.content_type.as_ref()))
        .filter(|t| !t.is_empty());
    let source = title.clone().unwrap_or_else(|| origin.to_owned());
    let refresh_hint = feed
        .ttl
        .map(|minutes| u64::from(minutes) * 60)
        .or_else(|| syndication_period(&text));
    // The items are in `feed` now: the text goes before they are turned into stories.
    drop(text);
    // What identifies this feed in its own words, so the same document read from a file or
    // from the web gives the same key.
    let feed_key = Some(feed.id.trim())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .or_else(|| feed.links.first().map(|l| l.href.trim().to_owned()))
        .filter(|key| !key.is_empty())
        .unwrap_or_else(|| format!("title:{source}"));
    let stories = feed
        .entries
        .into_iter()
        .map(|mut entry| {
            // Moved out of the item, not copied: the item is dropped once it is a story.
            let (body_html, is_html) = match (entry.content.take(), entry.summary.take()) {
                (Some(content), _)
                    if content
                        .body
                        .as_deref()
                        .is_some_and(|b| !b.trim().is_empty()) =>
                {
                    let is_html = content.content_type.to_string().contains("html");
                    (content.body.unwrap_or_default(), is_html)
                }
                (_, Some(summary)) if !summary.content.trim().is_empty() => {
                    let is_html = summary.content_type.to_string().contains("html");
                    (summary.content, is_html)
                }
                _ => (
                    entry
                        .media
                        .iter()
                        .find_map(|m| m.description.as_ref().map(|d| d.content.clone()))
                        .unwrap_or_default(),
                    false,
                ),
            };
            // An item too long to keep is refused before its HTML is turned into a tree.
            let text_bytes = html::shape(&body_html).text_bytes;
            if text_bytes > MAX_STORY_BYTES {
                return Err(ImportError::new(origin, Problem::StoryTooLong(text_bytes)));
            }
            let body = if is_html || body_html.contains('<') {
                html::to_text(&body_html).with_link_list()
            } else {
                body_html.trim().to_owned()
            };
            let title = entry
                .title
                .as_ref()
                .map(|t| plain(&t.content, t.content_type.as_ref()))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| {
                    let derived = headline(body.split("\n\n").next().unwrap_or(""));
                    if derived.is_empty() {
                        "Untitled".to_owned()
                    } else {
                        derived
                    }
                });
            let enclosures = enclosures_of(&entry);
            let body = with_enclosures(body, &enclosures);
            let mut article = Article::new(title, body);
            article.enclosures = enclosures;
            article.guid = Some(entry.id.clone()).filter(|id| !id.trim().is_empty());
            article.url = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| entry.links.first())
                .map(|l| l.href.clone());
            article.author = entry
                .authors
                .first()
                .and_then(|a| a.name.clone())
                .filter(|a| !a.trim().is_empty());
            article.published = entry.published.or(entry.updated);
            article.source = Some(source.clone());
            article.feed_key = Some(feed_key.clone());
            Ok(article)
        })
        .collect::<Result<_, _>>()?;
    Ok(ParsedFeed {
        stories,
        title,
        refresh_hint,
    })
}

/// Seconds between updates from the RSS syndication module: `sy:updatePeriod` (hourly, daily,
/// weekly, monthly, yearly) divided by `sy:updateFrequency` (1 when left out).
fn syndication_period(text: &str) -> Option<u64> {
    let head = &text[..text.find("<item").unwrap_or(text.len())];
    let value = |name: &str| {
        let at = head.find(&format!("{name}>"))? + name.len() + 1;
        let rest = &head[at..];
        Some(rest[..rest.find('<')?].trim().to_ascii_lowercase())
    };
    let period: u64 = match value(":updatePeriod")?.as_str() {
        "hourly" => 3_600,
        "daily" => 86_400,
        "weekly" => 7 * 86_400,
        "monthly" => 30 * 86_400,
        "yearly" => 365 * 86_400,
        _ => return None,
    };
    let frequency = value(":updateFrequency")
        .and_then(|f| f.parse::<u64>().ok())
        .filter(|&f| f > 0)
        .unwrap_or(1);
    Some(period / frequency)
}

/// The files an item carries: RSS `<enclosure>` and Media RSS content, and Atom links with
/// `rel="enclosure"`; each address once, http(s) only.
fn enclosures_of(entry: &feed_rs::model::Entry) -> Vec<Enclosure> {
    let mut found: Vec<Enclosure> = Vec::new();
    let mut push = |url: &str, mime_type: Option<String>, length: Option<u64>| {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        if (lower.starts_with("http://") || lower.starts_with("https://"))
            && found.iter().all(|e| e.url != url)
        {
            found.push(Enclosure {
                url: url.to_owned(),
                mime_type: mime_type.filter(|t| !t.trim().is_empty()),
                length: length.filter(|&l| l > 0),
            });
        }
    };
    for media in &entry.media {
        for content in &media.content {
            if let Some(url) = &content.url {
                push(
                    url.as_str(),
                    content.content_type.as_ref().map(ToString::to_string),
                    content.size,
                );
            }
        }
    }
    for link in &entry.links {
        if link.rel.as_deref() == Some("enclosure") {
            push(&link.href, link.media_type.clone(), link.length);
        }
    }
    found
}

/// The story's text with its enclosures listed at the end, each with its type and size, their
/// addresses added to the numbered links (so the reader's link keys open them).
fn with_enclosures(body: String, enclosures: &[Enclosure]) -> String {
    if enclosures.is_empty() {
        return body;
    }
    let (text, mut links) = match body.rfind("\n\nLinks:\n") {
        Some(at) => (body[..at].to_owned(), body[at + 2..].to_owned()),
        None => (body.clone(), "Links:".to_owned()),
    };
    let first = html::link_list(&body).len() + 1;
    let mut listed = String::from("Enclosures:");
    for (n, enclosure) in enclosures.iter().enumerate() {
        listed.push_str(&format!("\n[{}] {}", first + n, enclosure.describe()));
        links.push_str(&format!("\n[{}] {}", first + n, enclosure.url));
    }
    let text = text.trim_end();
    if text.is_empty() {
        format!("{listed}\n\n{links}")
    } else {
        format!("{text}\n\n{listed}\n\n{links}")
    }
}

/// `<rss></rss>` or `<feed/>` and the like: a feed root with no channel, items or entries.
fn is_empty_feed(text: &str) -> bool {
    let body = text.trim();
    let bare = |open: &str, close: &str| {
        body.contains(open)
            && body.trim_end().ends_with(close)
            && !body.contains("<item")
            && !body.contains("<entry")
    };
    bare("<rss", "</rss>") || bare("<feed", "</feed>")
}

/// A title or name: HTML is reduced to its text.
fn plain(text: &str, content_type: &str) -> String {
    if content_type.contains("html") || text.contains('<') {
        html::to_text(text).text
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Comments before the root element (some feeds carry a header in one) are dropped.
fn without_leading_comments(text: String) -> String {
    let (prolog, mut rest) = match text.strip_prefix("<?xml").and_then(|p| p.find("?>")) {
        Some(end) => text.split_at(end + 7),
        None => ("", text.as_str()),
    };
    loop {
        let trimmed = rest.trim_start();
        match trimmed
            .strip_prefix("<!--")
            .and_then(|c| c.find("-->").map(|e| &c[e + 3..]))
        {
            Some(after) => rest = after,
            None if prolog.is_empty() && trimmed.len() == text.len() => return text,
            None => return format!("{prolog}{trimmed}"),
        }
    }
}

/// An `<rss>` root is read by the parser of its version family: 0.91 and 0.92 as they are,
/// every other version found in the wild (none, 0.90, 0.93, 0.94, 2.00, 2.0.1, …) as RSS 2.0,
/// whose elements are a superset of theirs.
fn with_rss_version(text: String) -> String {
    let Some(at) = text.find("<rss") else {
        return text;
    };
    let after = &text[at + 4..];
    let Some(end) = after.find('>') else {
        return text;
    };
    if !after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
        return text;
    }
    let tag = &after[..end];
    let Some(found) = version_attribute(tag) else {
        return format!("{}<rss version=\"2.0\"{}", &text[..at], after);
    };
    let (start, stop, value) = found;
    if matches!(value.trim(), "2.0" | "0.91" | "0.92") && value.trim() == value {
        return text;
    }
    let tag_start = at + 4;
    format!(
        "{}version=\"2.0\"{}",
        &text[..tag_start + start],
        &text[tag_start + stop..]
    )
}

/// Where `version="…"` sits in a start tag's attributes: (start, end, value).
fn version_attribute(tag: &str) -> Option<(usize, usize, &str)> {
    let mut from = 0;
    while let Some(found) = tag[from..].find("version") {
        let start = from + found;
        from = start + 7;
        // Only the attribute itself, not `xmlns:version` or `myversion`.
        if !tag[..start].ends_with(|c: char| c.is_whitespace()) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value_start = tag.len() - rest.len() + 1;
        let value_len = tag[value_start..].find(quote)?;
        let value = &tag[value_start..value_start + value_len];
        return Some((start, value_start + value_len + 1, value));
    }
    None
}

/// JSON Feed 1.1 documents that give their version as "1.1" rather than the spec's URL are
/// read as 1.1.
fn json_feed_version(text: String) -> String {
    if !text.trim_start().starts_with('{') {
        return text;
    }
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(mut value) => {
            let version = value.get("version").and_then(|v| v.as_str()).unwrap_or("");
            if !version.contains("jsonfeed.org") && value.get("items").is_some() {
                value["version"] = serde_json::Value::from("https://jsonfeed.org/version/1.1");
            }
            value.to_string()
        }
        Err(_) => text,
    }
}

/// Drops the encoding from the XML declaration, since the text is UTF-8 now.
fn without_encoding_declaration(text: String) -> String {
    let trimmed = text.trim_start_matches('\u{feff}');
    let Some(end) = trimmed.strip_prefix("<?xml").and_then(|p| p.find("?>")) else {
        return if trimmed.len() == text.len() {
            text
        } else {
            trimmed.to_owned()
        };
    };
    format!("<?xml version=\"1.0\"?>{}", &trimmed[end + 7..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_and_undeclared_encodings_become_utf8() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9</title></channel></rss>";
        assert!(decode(latin).contains("Café"));
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("<rss/>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), "<rss/>");
        assert_eq!(
            without_encoding_declaration(
                "<?xml version='1.0' encoding='ISO-8859-1'?><rss/>".into()
            ),
            "<?xml version=\"1.0\"?><rss/>"
        );
    }

    #[test]
    fn items_become_stories_with_content_preferred() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>The Wire</title>
            <item><title>First</title><link>https://example.org/1</link><guid>id-1</guid>
            <description>short</description><content:encoded><![CDATA[<p>Full <b>text</b>.</p>]]></content:encoded>
            <pubDate>Wed, 01 Oct 2025 08:30:00 +0000</pubDate></item>
            <item><description>&lt;p&gt;No title here. More.&lt;/p&gt;</description></item>
            </channel></rss>"#;
        let stories = parse(rss, "wire.xml").expect("parse");
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].title, "First");
        assert_eq!(stories[0].body, "Full text.");
        assert_eq!(stories[0].source.as_deref(), Some("The Wire"));
        assert_eq!(stories[0].guid.as_deref(), Some("id-1"));
        assert_eq!(stories[0].url.as_deref(), Some("https://example.org/1"));
        assert!(stories[0].published.is_some());
        assert_eq!(stories[1].title, "No title here");
    }

    #[test]
    fn every_rss_version_in_the_wild_is_read() {
        let item = "<channel><title>V</title><item><title>Kept</title><description>Text.</description></item></channel></rss>";
        for root in [
            "<rss version=\"0.94\">",
            "<rss version='0.93'>",
            "<rss version=\"0.90\">",
            "<rss version=\"2.00\">",
            "<rss version=\"2.0.1\">",
            "<rss version=\" 2.0 \">",
            "<rss>",
            "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version = \"0.94\">",
            "<rss version=\"0.91\">",
            "<rss version=\"0.92\">",
        ] {
            let document = format!("<?xml version=\"1.0\"?>{root}{item}");
            let stories =
                parse(document.as_bytes(), "v.xml").unwrap_or_else(|e| panic!("{root}: {e}"));
            assert_eq!(stories.len(), 1, "{root}");
            assert_eq!(stories[0].title, "Kept", "{root}");
        }
    }

    #[test]
    fn a_feed_says_how_often_to_ask() {
        let ttl = b"<rss version=\"2.0\"><channel><title>T</title><ttl>90</ttl></channel></rss>";
        assert_eq!(parse_feed(ttl, "t").expect("ttl").refresh_hint, Some(5_400));
        let sy = br#"<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>S</title>
            <sy:updatePeriod> daily </sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>
            <item><title>x</title><description>y</description></item></channel></rss>"#;
        let parsed = parse_feed(sy, "s").expect("sy");
        assert_eq!(parsed.refresh_hint, Some(21_600));
        assert_eq!(parsed.title.as_deref(), Some("S"));
        let none = b"<rss version=\"2.0\"><channel><title>N</title><sy:updatePeriod>often</sy:updatePeriod></channel></rss>";
        assert_eq!(parse_feed(none, "n").expect("none").refresh_hint, None);
    }

    #[test]
    fn enclosures_are_kept_and_listed_at_the_end() {
        let rss = br#"<rss version="2.0"><channel><title>Cast</title>
            <item><title>Episode 1</title><guid>e1</guid>
            <description>&lt;p&gt;Show notes with &lt;a href="https://x.example/notes"&gt;a link&lt;/a&gt;.&lt;/p&gt;</description>
            <enclosure url="https://x.example/e1.mp3" type="audio/mpeg" length="12345678"/></item>
            <item><title>Plain</title><description>No files.</description></item>
            </channel></rss>"#;
        let stories = parse(rss, "cast.xml").expect("parse");
        assert_eq!(
            stories[0].enclosures,
            vec![Enclosure {
                url: "https://x.example/e1.mp3".into(),
                mime_type: Some("audio/mpeg".into()),
                length: Some(12_345_678),
            }]
        );
        let body = &stories[0].body;
        assert!(
            body.contains("Enclosures:\n[2] audio/mpeg, 12.3 MB"),
            "{body}"
        );
        assert_eq!(
            html::link_list(body),
            vec![
                (1, "https://x.example/notes".to_owned()),
                (2, "https://x.example/e1.mp3".to_owned())
            ]
        );
        assert!(stories[1].enclosures.is_empty());
        assert_eq!(stories[1].body, "No files.");
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id>
            <entry><title>Pic</title><id>p</id><summary>See it.</summary>
            <link rel="enclosure" type="image/jpeg" href="https://x.example/p.jpg"/></entry></feed>"#;
        let stories = parse(atom, "a.xml").expect("atom");
        assert_eq!(stories[0].enclosures.len(), 1, "{:?}", stories[0]);
        assert!(
            stories[0]
                .body
                .starts_with("See it.\n\nEnclosures:\n[1] image/jpeg"),
            "{}",
            stories[0].body
        );
    }

    #[test]
    fn broken_documents_are_errors() {
        for bad in [
            &b"<rss><channel><item><title>x"[..],
            b"<html><body>hi</body></html>",
            b"{}",
        ] {
            assert!(parse(bad, "bad.xml").is_err());
        }
    }
}
