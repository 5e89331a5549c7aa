//! Subscribing: what a `feed add` argument names (a web address, normalised, or a feed file,
//! made absolute), and finding the feed of an ordinary web page.

use std::path::Path;

use scraper::{Html, Selector};

use super::{Downloaded, parsed};
use crate::store::FetchState;
use crate::web::{self, Conditional, Validators};

/// Paths tried on a site whose page names no feed, in this order.
pub const USUAL_PATHS: [&str; 6] = [
    "/feed",
    "/rss.xml",
    "/atom.xml",
    "/feed.xml",
    "/index.xml",
    "/rss",
];

/// The one spelling of a subscription's address: a web address normalised (lower-case scheme
/// and host, no default port, no fragment, `feed://` read as `http://`), or a file's absolute
/// canonical path.
///
/// # Errors
/// When the text is neither an http(s) address nor an existing regular file; the message says
/// which it looked like and what is accepted.
pub fn normalise(input: &str) -> Result<String, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("no feed given; `newsdesk feed add URL` (or a feed file)".into());
    }
    let lower = text.to_ascii_lowercase();
    let text = if let Some(rest) = lower
        .strip_prefix("feed://")
        .map(|_| &text["feed://".len()..])
    {
        format!("http://{rest}")
    } else {
        text.to_owned()
    };
    if let Some(scheme_end) = text.find("://") {
        let scheme = text[..scheme_end].to_ascii_lowercase();
        if scheme == "file" {
            let url = url::Url::parse(&text).map_err(|e| format!("{text}: {e}"))?;
            let path = url
                .to_file_path()
                .map_err(|()| format!("{text} is not a file address on this machine"))?;
            return file(&path, &text);
        }
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "{text}: only http and https addresses (or a feed file on disk) can be \
                 subscribed to, not {scheme}://"
            ));
        }
        let mut url =
            url::Url::parse(&text).map_err(|e| format!("{text} is not a valid address: {e}"))?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(format!("{text} has no host name"));
        }
        url.set_fragment(None);
        return Ok(url.to_string());
    }
    file(Path::new(&text), &text)
}

/// A feed file's absolute canonical path, so a refresh from any folder finds it.
fn file(path: &Path, shown: &str) -> Result<String, String> {
    let canonical = path.canonicalize().map_err(|_| {
        format!(
            "{shown}: not an http(s) address, and there is no file by that name (a web address \
             starts with https://)"
        )
    })?;
    if !canonical.is_file() {
        return Err(format!(
            "{shown}: is not a regular file, so not a feed file"
        ));
    }
    canonical
        .to_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("{shown}: the path is not valid UTF-8"))
}

/// The subscription a user named by id or address, however the address is spelled.
///
/// # Errors
/// [`crate::store::StoreError::NoSuchFeed`] when none matches.
pub fn find_subscription(
    store: &crate::store::Store,
    named: &str,
) -> Result<crate::store::Feed, crate::store::StoreError> {
    let named = named.trim();
    match store.feed(named) {
        Err(crate::store::StoreError::NoSuchFeed(_)) => match normalise(named) {
            Ok(url) => store
                .feed(&url)
                .map_err(|_| crate::store::StoreError::NoSuchFeed(named.to_owned())),
            Err(_) => Err(crate::store::StoreError::NoSuchFeed(named.to_owned())),
        },
        other => other,
    }
}

/// What an address turned out to hold.
#[derive(Debug)]
pub enum Found {
    /// A feed at this address (the one given, or the one a page named), already parsed.
    Feed { url: String, downloaded: Downloaded },
    /// A page naming several feeds: their addresses and titles, in page order.
    Choices(Vec<(String, Option<String>)>),
}

/// Finds the feed at `url`: the document itself if it is a feed; else the feed a web page names
/// in `<link rel="alternate">`; else the first of [`USUAL_PATHS`] on its site that is a feed.
///
/// # Errors
/// When nothing there is a feed, or the download fails; the message says which.
pub fn find(agent: &ureq::Agent, url: &str) -> Result<Found, String> {
    let fetched = match web::fetch_with(agent, url, &Validators::default()) {
        Ok(Conditional::Changed(fetched, caching)) => (fetched, caching),
        Ok(Conditional::Unchanged(_)) => return Err(format!("{url}: unexpected HTTP 304")),
        Err(error) => return Err(format!("{url}: {error}")),
    };
    let (fetched, caching) = fetched;
    let state = FetchState {
        etag: caching.validators.etag,
        last_modified: caching.validators.last_modified,
        body_hash: None,
    };
    let looks_html = fetched
        .content_type
        .as_deref()
        .is_some_and(|c| c.to_ascii_lowercase().contains("html"))
        || !crate::import::feed::looks_like_feed(&fetched.bytes);
    if !looks_html || fetched.is_feed() {
        return match parsed(&fetched.bytes, url, state, caching.max_age, None) {
            Downloaded::Failed { error, .. } => Err(format!("{url} is not a feed: {error}")),
            // Subscribed at the address it moved to, so a redirect cannot make a second copy.
            downloaded => Ok(Found::Feed {
                url: normalise(&fetched.url).unwrap_or_else(|_| url.to_owned()),
                downloaded,
            }),
        };
    }
    let links = feed_links(&fetched.text(), &fetched.url);
    match links.len() {
        0 => {}
        1 => return fetch_feed(agent, &links[0].0),
        _ => return Ok(Found::Choices(links)),
    }
    let Ok(base) = url::Url::parse(&fetched.url) else {
        return Err(format!("{url} is a web page, not a feed"));
    };
    for path in USUAL_PATHS {
        let Ok(candidate) = base.join(path) else {
            continue;
        };
        if let Ok(found) = fetch_feed(agent, candidate.as_str()) {
            return Ok(found);
        }
    }
    Err(format!(
        "{url} is a web page, not a feed, and names no feed (no <link rel=\"alternate\">); \
         none of {} on its site is a feed either",
        USUAL_PATHS.join(", ")
    ))
}

/// Downloads `url` and checks that it is a feed.
///
/// # Errors
/// When the download fails or the document is not a feed.
pub fn fetch_feed(agent: &ureq::Agent, url: &str) -> Result<Found, String> {
    let url = normalise(url)?;
    match web::fetch_with(agent, &url, &Validators::default()) {
        Ok(Conditional::Changed(fetched, caching)) => {
            let state = FetchState {
                etag: caching.validators.etag,
                last_modified: caching.validators.last_modified,
                body_hash: None,
            };
            match parsed(&fetched.bytes, &url, state, caching.max_age, None) {
                Downloaded::Failed { error, .. } => Err(format!("{url} is not a feed: {error}")),
                downloaded => Ok(Found::Feed {
                    url: normalise(&fetched.url).unwrap_or(url),
                    downloaded,
                }),
            }
        }
        Ok(Conditional::Unchanged(_)) => Err(format!("{url}: unexpected HTTP 304")),
        Err(error) => Err(format!("{url}: {error}")),
    }
}

/// The feeds a page names: `<link rel="alternate">` with an RSS, Atom or JSON Feed type,
/// addresses made absolute against the page's, duplicates left out.
#[must_use]
pub fn feed_links(page: &str, base: &str) -> Vec<(String, Option<String>)> {
    let Ok(selector) = Selector::parse("link[href]") else {
        return Vec::new();
    };
    let base = url::Url::parse(base).ok();
    let document = Html::parse_document(page);
    let mut found: Vec<(String, Option<String>)> = Vec::new();
    for link in document.select(&selector) {
        let attr = |name: &str| link.value().attr(name).map(str::trim).unwrap_or("");
        let rel = attr("rel").to_ascii_lowercase();
        let kind = attr("type").to_ascii_lowercase();
        let is_feed_type = [
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
        ]
        .iter()
        .any(|t| kind.starts_with(t));
        if !rel.split_whitespace().any(|r| r == "alternate") || !is_feed_type {
            continue;
        }
        let href = attr("href");
        let absolute = match &base {
            Some(base) => base.join(href).map(|u| u.to_string()).ok(),
            None => url::Url::parse(href).ok().map(|u| u.to_string()),
        };
        let Some(absolute) = absolute.filter(|u| super::is_web(u)) else {
            continue;
        };
        if found.iter().all(|(u, _)| *u != absolute) {
            let title = Some(crate::text::single_line(attr("title"))).filter(|t| !t.is_empty());
            found.push((absolute, title));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_have_one_spelling() {
        for (given, wanted) in [
            ("HTTPS://Example.ORG/feed", "https://example.org/feed"),
            ("http://example.org:80/feed#top", "http://example.org/feed"),
            ("https://example.org", "https://example.org/"),
            ("feed://example.org/rss", "http://example.org/rss"),
            ("  https://example.org/a?b=1  ", "https://example.org/a?b=1"),
        ] {
            assert_eq!(normalise(given).as_deref(), Ok(wanted), "{given}");
        }
        for bad in [
            "not a url",
            "ftp://example.org/feed",
            "",
            "https://",
            "mailto:x@y",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
        assert!(
            normalise("ftp://example.org/feed").is_err_and(|e| e.contains("only http and https"))
        );
    }

    #[test]
    fn a_file_is_kept_by_its_absolute_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f.xml");
        std::fs::write(&path, "<rss/>").expect("write");
        let canonical = path.canonicalize().expect("canonical");
        let through_dots = dir.path().join(".").join("f.xml");
        assert_eq!(
            normalise(through_dots.to_str().expect("utf-8")),
            Ok(canonical.to_str().expect("utf-8").to_owned())
        );
        let file_url = url::Url::from_file_path(&path).expect("url");
        assert_eq!(
            normalise(file_url.as_str()),
            Ok(canonical.to_str().expect("utf-8").to_owned())
        );
        assert!(normalise(dir.path().to_str().expect("utf-8")).is_err());
    }

    #[test]
    fn pages_name_their_feeds_in_link_elements() {
        let page = r#"<html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" title="All posts" href="/rss.xml">
            <link rel="alternate" type="application/atom+xml" href="https://other.example/atom">
            <link rel="alternate" type="application/rss+xml" href="/rss.xml">
            <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
            <link rel="alternate" type="application/feed+json" href="javascript:alert(1)">
            </head></html>"#;
        assert_eq!(
            feed_links(page, "https://site.example/blog/post"),
            vec![
                (
                    "https://site.example/rss.xml".to_owned(),
                    Some("All posts".to_owned())
                ),
                ("https://other.example/atom".to_owned(), None),
            ]
        );
        assert!(feed_links("<html></html>", "https://site.example/").is_empty());
    }
}
