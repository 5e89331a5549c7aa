//! RSS 0.9x/1.0/2.0, Atom and JSON Feed documents: one story per item, full content preferred
//! over the summary, HTML turned into text by [`crate::html`]. Parsing is feed-rs's; this module
//! gets the bytes into UTF-8 first, whatever the file's encoding.

use super::encoding::decode;

use super::{ImportError, MAX_STORY_BYTES, Problem, headline};
use crate::article::Article;
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
    // Each step takes the text by value, so at most two copies of a large feed are alive.
    let text = json_feed_version(with_rss_version(without_leading_comments(
        without_encoding_declaration(decode(bytes)),
    )));
    // Items without an id of their own get none (feed-rs would invent a random one), so they are
    // matched by link, then by content.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(text.as_bytes()) {
        Ok(feed) => feed,
        // A well-formed feed element with nothing in it is an empty feed, not an error.
        Err(_) if is_empty_feed(&text) => return Ok(Vec::new()),
        Err(e) => return Err(ImportError::new(origin, Problem::Feed(e.to_string()))),
    };
    if feed.entries.len() > MAX_ITEMS {
        return Err(ImportError::new(
            origin,
            Problem::TooManyItems(feed.entries.len()),
        ));
    }
    let source = feed
        .title
        .as_ref()
        .map(|t| plain(&t.content, t.content_type.as_ref()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| origin.to_owned());
    // What identifies this feed in its own words, so the same document read from a file or
    // from the web gives the same key.
    let feed_key = Some(feed.id.trim())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .or_else(|| feed.links.first().map(|l| l.href.trim().to_owned()))
        .filter(|key| !key.is_empty())
        .unwrap_or_else(|| format!("title:{source}"));
    feed.entries
        .into_iter()
        .map(|entry| {
            let (body_html, is_html) = match (&entry.content, &entry.summary) {
                (Some(content), _)
                    if content
                        .body
                        .as_deref()
                        .is_some_and(|b| !b.trim().is_empty()) =>
                {
                    (
                        content.body.clone().unwrap_or_default(),
                        content.content_type.to_string().contains("html"),
                    )
                }
                (_, Some(summary)) if !summary.content.trim().is_empty() => (
                    summary.content.clone(),
                    summary.content_type.to_string().contains("html"),
                ),
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
            let mut article = Article::new(title, with_enclosures(body, &enclosures(&entry)));
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
        .collect()
}

/// `<rss></rss>` or `<feed/>` and the like: a feed root with no channel, items or entries.
/// The addresses of an item's enclosures (RSS `<enclosure>`, Media RSS, Atom
/// `rel="enclosure"`): the episode or file the item is about, which the reader's links overlay
/// should offer as it offers the text's own links.
fn enclosures(entry: &feed_rs::model::Entry) -> Vec<String> {
    let media = entry
        .media
        .iter()
        .flat_map(|m| &m.content)
        .filter_map(|c| c.url.as_ref().map(|u| u.as_str().to_owned()));
    let links = entry
        .links
        .iter()
        .filter(|l| l.rel.as_deref() == Some("enclosure"))
        .map(|l| l.href.trim().to_owned());
    media.chain(links).filter(|url| !url.is_empty()).collect()
}

/// `body` with the enclosures it does not list yet appended to its numbered references
/// (`[n] address` after "Links:"), so they are numbered on from the text's own links.
fn with_enclosures(mut body: String, enclosures: &[String]) -> String {
    let listed = html::link_list(&body);
    let mut next = listed.iter().map(|(n, _)| n + 1).max().unwrap_or(1);
    let mut known: Vec<&str> = listed.iter().map(|(_, url)| url.as_str()).collect();
    let mut added = Vec::new();
    for url in enclosures {
        if url.contains(char::is_whitespace) || known.contains(&url.as_str()) {
            continue;
        }
        known.push(url);
        added.push(format!("[{next}] {url}"));
        next += 1;
    }
    if added.is_empty() {
        return body;
    }
    if listed.is_empty() {
        body.push_str(if body.is_empty() {
            "Links:"
        } else {
            "\n\nLinks:"
        });
    }
    for line in added {
        body.push('\n');
        body.push_str(&line);
    }
    body
}

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

/// An `<rss>` root without a version is read as RSS 2.0 (its item elements are the same).
fn with_rss_version(text: String) -> String {
    let Some(at) = text.find("<rss") else {
        return text;
    };
    let after = &text[at + 4..];
    let Some(end) = after.find('>') else {
        return text;
    };
    let starts_tag = after.starts_with(|c: char| c.is_whitespace() || c == '>');
    if !starts_tag || after[..end].contains("version") {
        return text;
    }
    format!("{}<rss version=\"2.0\"{}", &text[..at], after)
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
    fn enclosures_are_numbered_after_the_text_links() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Cast</title>
            <item><title>Episode 1</title><guid>e1</guid>
            <description>&lt;p&gt;Notes with &lt;a href="https://example.org/notes"&gt;a link&lt;/a&gt;.&lt;/p&gt;</description>
            <enclosure url="https://cdn.example.org/e1.mp3" length="1000" type="audio/mpeg"/></item>
            <item><title>Episode 2</title><guid>e2</guid>
            <enclosure url="https://cdn.example.org/e2.mp3" length="1000" type="audio/mpeg"/></item>
            <item><title>Episode 3</title><guid>e3</guid>
            <description>&lt;p&gt;Get &lt;a href="https://cdn.example.org/e3.mp3"&gt;the file&lt;/a&gt;.&lt;/p&gt;</description>
            <enclosure url="https://cdn.example.org/e3.mp3" length="1000" type="audio/mpeg"/></item>
            </channel></rss>"#;
        let stories = parse(rss, "cast.xml").expect("parse");
        let links: Vec<_> = stories.iter().map(|s| html::link_list(&s.body)).collect();
        assert_eq!(
            links[0],
            [
                (1, "https://example.org/notes".to_owned()),
                (2, "https://cdn.example.org/e1.mp3".to_owned())
            ]
        );
        assert_eq!(links[1], [(1, "https://cdn.example.org/e2.mp3".to_owned())]);
        assert_eq!(
            stories[1].body,
            "Links:\n[1] https://cdn.example.org/e2.mp3"
        );
        assert_eq!(
            links[2],
            [(1, "https://cdn.example.org/e3.mp3".to_owned())],
            "listed once"
        );
        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
            <entry><title>Talk</title><id>urn:t</id><summary>Plain words.</summary>
            <link rel="alternate" href="https://example.org/talk"/>
            <link rel="enclosure" href="https://cdn.example.org/talk.ogg"/></entry></feed>"#;
        let talk = &parse(atom, "a.xml").expect("parse")[0];
        assert_eq!(talk.url.as_deref(), Some("https://example.org/talk"));
        assert_eq!(
            talk.body,
            "Plain words.\n\nLinks:\n[1] https://cdn.example.org/talk.ogg"
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
