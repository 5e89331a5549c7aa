//! Read-later and bookmark exports: Pocket (CSV and `ril_export.html`), Instapaper CSV,
//! wallabag JSON (1.x and 2.x, with full text), Omnivore metadata JSON and Netscape bookmark
//! files. Tags, read and starred state, the time saved and wallabag's annotations are kept;
//! entries without text become link-only stories.

use chrono::{DateTime, Utc};
use scraper::{Html, Selector};
use serde_json::Value;

use super::{ImportError, Problem, parse_date};
use crate::article::Article;
use crate::html;

/// The export formats this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    PocketCsv,
    PocketHtml,
    InstapaperCsv,
    Wallabag,
    Omnivore,
    Netscape,
}

/// Recognises an export from its first bytes.
#[must_use]
pub fn detect(text: &str) -> Option<Export> {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .chars()
        .take(4096)
        .collect();
    let first_line = head.lines().next().unwrap_or("").to_ascii_lowercase();
    if first_line.contains("url") && first_line.contains("time_added") {
        return Some(Export::PocketCsv);
    }
    if first_line.starts_with("url,title,selection,folder") {
        return Some(Export::InstapaperCsv);
    }
    let lower = head.to_ascii_lowercase();
    if lower.contains("<!doctype netscape-bookmark-file") {
        return Some(Export::Netscape);
    }
    if lower.contains("<title>pocket export</title>") || lower.contains("time_added=") {
        return Some(Export::PocketHtml);
    }
    let trimmed = head.trim_start();
    if trimmed.starts_with('[') {
        if head.contains("\"is_archived\"")
            || head.contains("\"is_read\"")
            || head.contains("\"is_starred\"")
        {
            return Some(Export::Wallabag);
        }
        if head.contains("\"savedAt\"") && head.contains("\"slug\"") {
            return Some(Export::Omnivore);
        }
    }
    None
}

/// Stories from an export.
///
/// # Errors
/// When the file does not have the structure of its format.
pub fn parse(export: Export, text: &str, origin: &str) -> Result<Vec<Article>, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    if matches!(export, Export::PocketHtml | Export::Netscape) {
        let elements = html::shape(text).elements;
        if elements > html::MAX_ELEMENTS {
            return Err(ImportError::new(origin, Problem::TooManyElements(elements)));
        }
    }
    match export {
        Export::PocketCsv => pocket_csv(text, origin),
        Export::InstapaperCsv => instapaper_csv(text, origin),
        Export::PocketHtml => Ok(pocket_html(text)),
        Export::Netscape => Ok(netscape(text)),
        Export::Wallabag => wallabag(text, origin),
        Export::Omnivore => omnivore(text, origin),
    }
}

/// Why an exported link has no text yet.
pub const LINK_ONLY: &str = "saved as a link from an export";

/// A link-only story: what every export entry without text becomes.
fn link(title: &str, url: &str) -> Article {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if title.is_empty() || title == url {
        url.to_owned()
    } else {
        title
    };
    let mut article = Article::new(title, String::new());
    article.url = Some(url.trim().to_owned()).filter(|u| !u.is_empty());
    article.not_downloaded = Some(LINK_ONLY.to_owned());
    article
}

/// Unix time in seconds, milliseconds or microseconds, told apart by size.
fn unix_time(value: &str) -> Option<DateTime<Utc>> {
    let number: i64 = value.trim().parse().ok()?;
    let seconds = match number {
        n if n > 100_000_000_000_000 => n / 1_000_000,
        n if n > 100_000_000_000 => n / 1_000,
        n => n,
    };
    DateTime::from_timestamp(seconds, 0).filter(|_| seconds > 0)
}

fn split_tags(value: &str, separator: char) -> Vec<String> {
    value
        .split(separator)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Most entries read from one export; more is refused rather than held in memory at once.
pub const MAX_ENTRIES: usize = 100_000;

/// The header row and a reader positioned on the first record.
fn csv_reader<'a>(
    text: &'a str,
    origin: &str,
) -> Result<(csv::Reader<&'a [u8]>, csv::StringRecord), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::at_line(origin, 1, Problem::Csv(e.to_string())))?
        .clone();
    Ok((reader, headers))
}

/// The records with their line numbers, read one at a time; an error for a broken record or
/// once there are more than [`MAX_ENTRIES`].
fn csv_records<'r>(
    reader: &'r mut csv::Reader<&[u8]>,
    origin: &'r str,
) -> impl Iterator<Item = Result<(usize, csv::StringRecord), ImportError>> + 'r {
    let line_of = |position: Option<&csv::Position>| {
        position.map_or(0, |p| usize::try_from(p.line()).unwrap_or(0))
    };
    reader.records().enumerate().map(move |(count, record)| {
        let record = record.map_err(|e| {
            ImportError::at_line(origin, line_of(e.position()), Problem::Csv(e.to_string()))
        })?;
        let line = line_of(record.position());
        if count >= MAX_ENTRIES {
            return Err(ImportError::at_line(
                origin,
                line,
                Problem::TooManyEntries(MAX_ENTRIES),
            ));
        }
        Ok((line, record))
    })
}

fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
}

fn pocket_csv(text: &str, origin: &str) -> Result<Vec<Article>, ImportError> {
    let (mut reader, headers) = csv_reader(text, origin)?;
    let url = column(&headers, "url")
        .ok_or_else(|| ImportError::at_line(origin, 1, Problem::Csv("no url column".into())))?;
    let (title, time, tags, status) = (
        column(&headers, "title"),
        column(&headers, "time_added"),
        column(&headers, "tags"),
        column(&headers, "status"),
    );
    let cell =
        |r: &csv::StringRecord, c: Option<usize>| c.and_then(|c| r.get(c)).unwrap_or("").to_owned();
    let mut articles = Vec::new();
    for record in csv_records(&mut reader, origin) {
        let (_, r) = record?;
        if cell(&r, Some(url)).trim().is_empty() {
            continue;
        }
        let mut article = link(&cell(&r, title), &cell(&r, Some(url)));
        article.saved = unix_time(&cell(&r, time));
        article.tags = split_tags(&cell(&r, tags), '|');
        article.read = cell(&r, status).trim() == "archive";
        articles.push(article);
    }
    Ok(articles)
}

fn instapaper_csv(text: &str, origin: &str) -> Result<Vec<Article>, ImportError> {
    let (mut reader, headers) = csv_reader(text, origin)?;
    let column_or = |name, fallback| column(&headers, name).unwrap_or(fallback);
    let (url, title, selection, folder) = (
        column_or("url", 0),
        column_or("title", 1),
        column_or("selection", 2),
        column_or("folder", 3),
    );
    let (time, tags) = (column(&headers, "timestamp"), column(&headers, "tags"));
    let mut articles = Vec::new();
    for record in csv_records(&mut reader, origin) {
        let (line, record) = record?;
        let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").to_owned();
        let address = cell(Some(url));
        if address.trim().is_empty() {
            continue;
        }
        let mut article = link(&cell(Some(title)), &address);
        article.body = cell(Some(selection)).trim().to_owned();
        article.saved = unix_time(&cell(time));
        let tag_cell = cell(tags);
        if !tag_cell.trim().is_empty() {
            article.tags = serde_json::from_str::<Vec<String>>(&tag_cell).map_err(|e| {
                ImportError::at_line(
                    origin,
                    line,
                    Problem::Csv(format!("tags are not a JSON list: {e}")),
                )
            })?;
        }
        match cell(Some(folder)).trim() {
            "Archive" => article.read = true,
            "Starred" => article.bookmarked = true,
            "Unread" | "" => {}
            other => article.tags.push(other.to_owned()),
        }
        articles.push(article);
    }
    Ok(articles)
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

fn pocket_html(text: &str) -> Vec<Article> {
    let document = Html::parse_document(text);
    let (Some(headings), Some(anchors)) = (selector("h1, a[href]"), selector("a[href]")) else {
        return Vec::new();
    };
    let _ = anchors;
    let mut read = false;
    let mut articles = Vec::new();
    for element in document.select(&headings) {
        if element.value().name() == "h1" {
            read = element
                .text()
                .collect::<String>()
                .to_lowercase()
                .contains("read archive");
            continue;
        }
        let href = element.value().attr("href").unwrap_or("");
        let mut article = link(&element.text().collect::<String>(), href);
        article.saved = element.value().attr("time_added").and_then(unix_time);
        article.tags = split_tags(element.value().attr("tags").unwrap_or(""), ',');
        article.read = read;
        articles.push(article);
    }
    articles
}

fn netscape(text: &str) -> Vec<Article> {
    let document = Html::parse_document(text);
    let Some(anchors) = selector("a[href]") else {
        return Vec::new();
    };
    document
        .select(&anchors)
        .map(|a| {
            let attr = |name: &str| a.value().attr(name).unwrap_or("");
            let mut article = link(&a.text().collect::<String>(), attr("href"));
            article.saved = unix_time(attr("add_date"));
            article.tags = split_tags(attr("tags"), ',');
            // Bookmarks are things already seen unless marked "to read".
            article.read = attr("toread") != "1";
            // A <DD> right after the link describes it.
            let description = a
                .parent()
                .and_then(|dt| dt.next_siblings().find(|n| n.value().is_element()))
                .and_then(scraper::ElementRef::wrap)
                .filter(|e| e.value().name() == "dd")
                .map(|dd| {
                    dd.children()
                        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                        .collect::<String>()
                })
                .unwrap_or_default();
            article.body = description.trim().to_owned();
            article
        })
        .collect()
}

fn flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn text_of(value: Option<&Value>) -> String {
    value.and_then(Value::as_str).unwrap_or("").to_owned()
}

fn json_entries(text: &str, origin: &str) -> Result<Vec<Value>, ImportError> {
    let entries = serde_json::from_str::<Vec<Value>>(text)
        .map_err(|e| ImportError::at_line(origin, e.line(), Problem::Json(e.to_string())))?;
    if entries.len() > MAX_ENTRIES {
        return Err(ImportError::new(
            origin,
            Problem::TooManyEntries(MAX_ENTRIES),
        ));
    }
    Ok(entries)
}

/// Dates as wallabag writes them: ISO 8601 with or without a colon in the offset.
pub(super) fn iso_date(value: &str) -> Option<DateTime<Utc>> {
    parse_date(value).or_else(|| {
        DateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M:%S%z")
            .ok()
            .map(|d| d.with_timezone(&Utc))
    })
}

fn wallabag(text: &str, origin: &str) -> Result<Vec<Article>, ImportError> {
    Ok(json_entries(text, origin)?
        .iter()
        .filter(|e| !text_of(e.get("url")).is_empty())
        .map(|entry| {
            let mut article = link(&text_of(entry.get("title")), &text_of(entry.get("url")));
            let content = text_of(entry.get("content"));
            article.body = html::to_text(&content).with_link_list();
            if !article.body.trim().is_empty() {
                article.not_downloaded = None;
            }
            article.read = flag(entry.get("is_archived")) || flag(entry.get("is_read"));
            article.bookmarked = flag(entry.get("is_starred")) || flag(entry.get("is_fav"));
            article.tags = match entry.get("tags") {
                Some(Value::Array(tags)) => tags
                    .iter()
                    .filter_map(|t| {
                        t.as_str()
                            .map(str::to_owned)
                            .or_else(|| t.get("label").and_then(Value::as_str).map(str::to_owned))
                    })
                    .collect(),
                Some(Value::String(tags)) => split_tags(tags, ','),
                _ => Vec::new(),
            };
            article.saved = iso_date(&text_of(entry.get("created_at")));
            article.published = iso_date(&text_of(entry.get("published_at")));
            article.source = Some(text_of(entry.get("domain_name"))).filter(|d| !d.is_empty());
            article.author = entry
                .get("published_by")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_str)
                .map(str::to_owned);
            article.highlights =
                super::annotations::wallabag(entry.get("annotations"), &article.body);
            article
        })
        .collect())
}

fn omnivore(text: &str, origin: &str) -> Result<Vec<Article>, ImportError> {
    Ok(json_entries(text, origin)?
        .iter()
        .filter(|e| !text_of(e.get("url")).is_empty())
        .map(|entry| {
            let mut article = link(&text_of(entry.get("title")), &text_of(entry.get("url")));
            article.body = text_of(entry.get("description"));
            article.author = Some(text_of(entry.get("author"))).filter(|a| !a.is_empty());
            article.read = text_of(entry.get("state")) == "Archived";
            article.tags = entry
                .get("labels")
                .and_then(Value::as_array)
                .map(|labels| {
                    labels
                        .iter()
                        .filter_map(|l| l.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            article.saved = iso_date(&text_of(entry.get("savedAt")));
            article.published = iso_date(&text_of(entry.get("publishedAt")));
            article
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_in_any_unit() {
        let expected = DateTime::from_timestamp(1_729_500_000, 0);
        assert_eq!(unix_time("1729500000"), expected);
        assert_eq!(unix_time("1729500000000"), expected);
        assert_eq!(unix_time("1729500000000000"), expected);
        assert_eq!(unix_time("invaliddate"), None);
    }

    #[test]
    fn pocket_csv_with_quotes_tags_and_states() {
        let csv = "title,url,time_added,tags,status\n\
                   \"A, \"\"quoted\"\" title\",https://a.example/1,1729500000,x|y,archive\n\
                   ,https://a.example/2,1729500001,,unread";
        let stories = parse(Export::PocketCsv, csv, "p.csv").expect("parse");
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].title, "A, \"quoted\" title");
        assert_eq!(stories[0].tags, vec!["x", "y"]);
        assert!(stories[0].read && !stories[1].read);
        assert_eq!(stories[1].title, "https://a.example/2");
        assert!(stories[1].body.is_empty(), "a link to download later");
    }

    #[test]
    fn a_csv_export_over_the_entry_limit_is_refused_at_the_first_row_too_many() {
        let mut csv = String::from("title,url,time_added,tags,status\n");
        for n in 0..=MAX_ENTRIES {
            csv.push_str(&format!("T,https://a.example/{n},1729500000,,unread\n"));
        }
        let error = parse(Export::PocketCsv, &csv, "p.csv").expect_err("too many");
        assert_eq!(error.line, Some(MAX_ENTRIES + 2));
        assert!(error.to_string().contains("100000 entries"), "{error}");
    }

    #[test]
    fn broken_instapaper_tags_name_the_line() {
        let csv = "URL,Title,Selection,Folder,Timestamp,Tags\nhttps://a.example/,T,,Unread,1,\"[broken\"\n";
        let error = parse(Export::InstapaperCsv, csv, "i.csv").expect_err("bad tags");
        assert_eq!(error.line, Some(2));
    }
}
