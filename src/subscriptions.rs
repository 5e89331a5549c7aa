//! Feed subscriptions: refreshing them all at once (downloads in parallel, saving in order) and
//! OPML lists in and out.

use std::sync::Mutex;
use std::sync::mpsc;

use scraper::{Html, Selector};

use crate::import::feed;
use crate::library;
use crate::store::{self, Feed, Inserted, Store};

/// Downloads running at once during a refresh.
const PARALLEL: usize = 8;

/// How one feed's refresh went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub feed: String,
    pub new: usize,
    pub known: usize,
    pub error: Option<String>,
}

/// Reads a subscription's document: a web address is downloaded, anything else is a file.
fn read(url: &str) -> Result<Vec<u8>, String> {
    if url.starts_with("http://") || url.starts_with("https://") {
        crate::web::fetch(url)
            .map(|f| f.bytes)
            .map_err(|e| e.to_string())
    } else {
        // A local file is read like any input: a regular file only, never blocking, bounded.
        crate::import::read::read_file(std::path::Path::new(url)).map_err(|e| e.to_string())
    }
}

/// Refreshes every subscription: downloads in parallel, then saves each feed's new stories.
/// `progress` is called after each feed with (done, total).
///
/// # Errors
/// When the subscriptions cannot be read; a feed that fails to download or to be saved is
/// reported in its [`Report`] and the others go on.
pub fn refresh(
    store: &mut Store,
    progress: &mut dyn FnMut(usize, usize),
) -> anyhow::Result<Vec<Report>> {
    let feeds = store.feeds()?;
    let total = feeds.len();
    let queue = Mutex::new(feeds.clone());
    let (sender, results) = mpsc::channel::<(Feed, Result<Vec<u8>, String>)>();
    let mut reports = Vec::with_capacity(total);
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(total) {
            let sender = sender.clone();
            let queue = &queue;
            scope.spawn(move || {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.pop());
                    let Some(feed) = next else { break };
                    let body = read(&feed.url);
                    if sender.send((feed, body)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (feed, body) in results {
            reports.push(save(store, &feed, body));
            progress(reports.len(), total);
        }
    });
    Ok(reports)
}

/// Saves one feed's stories and records how its refresh went. A store call that fails is
/// tried again while the library is busy, then becomes the feed's error: one feed that cannot be
/// saved never costs the others theirs.
fn save(store: &mut Store, feed: &Feed, body: Result<Vec<u8>, String>) -> Report {
    let name = feed.title.clone().unwrap_or_else(|| feed.url.clone());
    let parsed =
        body.and_then(|bytes| feed::parse(&bytes, &feed.url).map_err(|e| e.problem.to_string()));
    let (title, saved) = match parsed {
        Ok(articles) => {
            let title = articles.first().and_then(|a| a.source.clone());
            let saved = store::retrying(|| library::add_all(store, &articles))
                .map_err(|e| format!("downloaded but not saved: {e}"));
            (title, saved)
        }
        Err(reason) => (None, Err(reason)),
    };
    let error = saved.as_ref().err().map(String::as_str);
    // Only the date of the last check is lost if this fails; the stories are saved already.
    let _ = store::retrying(|| store.record_refresh(feed.id, title.as_deref(), error));
    match saved {
        Ok(saved) => {
            let new = saved
                .iter()
                .filter(|s| matches!(s, Inserted::New(_)))
                .count();
            Report {
                feed: title.unwrap_or(name),
                new,
                known: saved.len() - new,
                error: None,
            }
        }
        Err(reason) => Report {
            feed: name,
            new: 0,
            known: 0,
            error: Some(reason),
        },
    }
}

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
        let title = escape(feed.title.as_deref().unwrap_or(&feed.url));
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
