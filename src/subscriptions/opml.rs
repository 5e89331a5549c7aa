//! OPML subscription lists, in and out: addresses, titles and the folders of nested outlines.

use scraper::{Html, Selector};

use crate::store::Feed;

/// Feed addresses and titles in an OPML document, folders flattened.
///
/// # Errors
/// When the document is not OPML with a body.
pub fn parse_opml(text: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("<opml") {
        return Err("not an OPML document (no <opml> element)".into());
    }
    if !lower.contains("<body") {
        return Err("the OPML document has no <body>, so it lists no feeds".into());
    }
    let document = Html::parse_document(text);
    let outlines = Selector::parse("outline").map_err(|e| e.to_string())?;
    Ok(document
        .select(&outlines)
        .filter_map(|o| {
            let attr = |name: &str| {
                o.value()
                    .attr(name)
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            };
            let url = attr("xmlurl")?.to_owned();
            let title = attr("title").or_else(|| attr("text")).map(str::to_owned);
            Some((url, title))
        })
        .collect())
}

/// The folder of each feed in an OPML document: the titles of the outlines it is nested in,
/// outermost first, joined with "/". Feeds outside any folder are left out.
///
/// Read with an XML parser rather than the HTML one `parse_opml` uses, because nesting is what
/// matters here and HTML parsing does not close `<outline/>` elements.
#[must_use]
pub fn opml_folders(text: &str) -> Vec<(String, String)> {
    use quick_xml::events::{BytesStart, Event};
    /// An outline's feed address (none for a folder) and its name.
    fn outline(element: &BytesStart<'_>) -> Option<(Option<String>, Option<String>)> {
        if !element
            .local_name()
            .into_inner()
            .eq_ignore_ascii_case("outline")
        {
            return None;
        }
        let mut url = None;
        let mut title = None;
        let mut text = None;
        for attribute in element.attributes().flatten() {
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.trim().to_owned())
                .ok()
                .filter(|v| !v.is_empty());
            match attribute
                .key
                .local_name()
                .into_inner()
                .to_ascii_lowercase()
                .as_str()
            {
                "xmlurl" => url = value,
                "title" => title = value,
                "text" => text = value,
                _ => {}
            }
        }
        Some((url, title.or(text).map(|n| crate::text::single_line(&n))))
    }
    let mut reader = quick_xml::Reader::from_str(text);
    // Names of the folders the parser is inside; `None` for an outline that is not a folder.
    let mut open: Vec<Option<String>> = Vec::new();
    let mut found = Vec::new();
    let mut place = |url: Option<String>, open: &[Option<String>]| {
        let names: Vec<&str> = open.iter().flatten().map(String::as_str).collect();
        if let Some(url) = url
            && !names.is_empty()
        {
            found.push((url, names.join("/")));
        }
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) => {
                if let Some((url, name)) = outline(&element) {
                    let folder = if url.is_none() { name } else { None };
                    place(url, &open);
                    open.push(folder);
                }
            }
            Ok(Event::Empty(element)) => {
                if let Some((url, _)) = outline(&element) {
                    place(url, &open);
                }
            }
            Ok(Event::End(element)) => {
                if element
                    .local_name()
                    .into_inner()
                    .eq_ignore_ascii_case("outline")
                {
                    open.pop();
                }
            }
            // A broken document gives the folders read so far; the feeds themselves come
            // from `parse_opml`, which is forgiving.
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    found
}

/// An OPML 2.0 document listing the subscriptions.
#[must_use]
pub fn to_opml(feeds: &[Feed]) -> String {
    let escape = crate::text::escape_markup;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head><title>newsdesk subscriptions</title></head>\n<body>\n",
    );
    for feed in feeds {
        let title = escape(feed.name());
        out.push_str(&format!(
            "  <outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{}\"/>\n",
            escape(&feed.url)
        ));
    }
    out.push_str("</body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opml_round_trips_and_broken_lists_are_refused() {
        let opml = r#"<opml version="1.0"><body><outline text="Blogs" title="ignored">
            <outline type="rss" xmlUrl="https://a.example/feed" text="A &amp; B"/>
            <outline type="rss" xmlUrl="https://b.example/rss"/></outline></body></opml>"#;
        let feeds = parse_opml(opml).expect("parse");
        assert_eq!(
            feeds,
            vec![
                (
                    "https://a.example/feed".to_owned(),
                    Some("A & B".to_owned())
                ),
                ("https://b.example/rss".to_owned(), None)
            ]
        );
        assert_eq!(
            opml_folders(opml),
            vec![
                ("https://a.example/feed".to_owned(), "ignored".to_owned()),
                ("https://b.example/rss".to_owned(), "ignored".to_owned())
            ]
        );
        let nested = r#"<opml><body><outline text="Tech"><outline text="Rust">
            <outline xmlUrl="https://r.example/rss"/></outline>
            <outline xmlUrl="https://t.example/rss"/></outline>
            <outline xmlUrl="https://loose.example/rss"/></body></opml>"#;
        assert_eq!(
            opml_folders(nested),
            vec![
                ("https://r.example/rss".to_owned(), "Tech/Rust".to_owned()),
                ("https://t.example/rss".to_owned(), "Tech".to_owned())
            ]
        );
        assert!(opml_folders("<opml><body><outline text=\"unclosed\"").is_empty());
        assert!(parse_opml("<opml><head/></opml>").is_err());
        assert!(parse_opml("<html/>").is_err());
        let listed = vec![Feed {
            id: 1,
            url: "https://a.example/feed?x=1&y=2".into(),
            title: Some("A & B".into()),
            last_checked: None,
            last_error: None,
            last_success: None,
            next_due: None,
            failures: 0,
            refresh_hint: None,
            settings: crate::store::FeedSettings::default(),
        }];
        let back = parse_opml(&to_opml(&listed)).expect("round trip");
        assert_eq!(
            back,
            vec![(
                "https://a.example/feed?x=1&y=2".to_owned(),
                Some("A & B".to_owned())
            )]
        );
    }
}
