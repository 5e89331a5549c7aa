//! A page's title, byline, date, site name and address, from the places publishers put them:
//! JSON-LD (`NewsArticle`, `Article`, …), `<meta>` tags (Open Graph, `article:*`, Dublin Core,
//! `itemprop`), `rel=author` links, byline containers and `<time datetime>`.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

/// What the page says about itself, before its text is extracted.
#[derive(Debug, Default)]
pub struct Metadata {
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
}

/// JSON-LD types that describe the story itself (schema.org `Article` and its subtypes).
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
];

/// Names and properties of `<meta>` tags holding the author, in order of trust.
const AUTHOR_META: &[&str] = &[
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "dc:creator",
    "dcterms.creator",
    "byl",
    "parsely-author",
    "sailthru.author",
];

/// Names and properties of `<meta>` tags holding the publication date, in order of trust.
const DATE_META: &[&str] = &[
    "article:published_time",
    "article:published",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
];

/// Class and id words of elements that hold a byline.
const BYLINE_WORDS: &[&str] = &["byline", "author", "writer", "creator", "byl"];

/// Reads everything the page says about itself.
pub fn metadata(document: &Html) -> Metadata {
    let story = json_ld_story(document);
    let from_story = |key: &str| story.as_ref().and_then(|s| s.get(key));
    let site = from_story("publisher")
        .and_then(name_of)
        .or_else(|| meta(document, &["og:site_name", "application-name"]));
    let author = from_story("author")
        .and_then(name_of)
        .or_else(|| meta(document, AUTHOR_META).and_then(clean_byline))
        .or_else(|| itemprop_author(document))
        .or_else(|| byline_container(document));
    let title = from_story("headline")
        .and_then(Value::as_str)
        .map(collapse)
        .filter(|t| !t.is_empty())
        .or_else(|| meta(document, &["og:title", "twitter:title", "dc.title"]))
        .or_else(|| document_title(document))
        .unwrap_or_default();
    let published = from_story("datePublished")
        .and_then(Value::as_str)
        .map(collapse)
        .filter(|d| plausible_date(d))
        .or_else(|| meta_date(document))
        .or_else(|| time_element(document));
    Metadata {
        title: without_site_suffix(&title, [site.as_deref(), author.as_deref()]),
        author,
        published,
        site,
        url: link(document, "link[rel~='canonical']", "href")
            .or_else(|| meta(document, &["og:url"])),
    }
}

/// Whitespace runs collapsed to single spaces, and character references left in by pages
/// that escape their metadata twice (`&amp;#8217;`) decoded.
fn collapse(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.contains('&') {
        decode_references(&text)
    } else {
        text
    }
}

/// Decodes numeric character references and the few named ones seen in doubly escaped
/// metadata; anything else is kept as written.
fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|n| n.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A date newsdesk can read and that is not a placeholder such as year 1.
fn plausible_date(text: &str) -> bool {
    use chrono::Datelike;
    crate::import::parse_date(text).is_some_and(|date| date.year() >= 1900)
}

/// The first non-empty `content` of a `<meta>` whose name or property is one of `keys`, trying
/// the keys in order.
fn meta(document: &Html, keys: &[&str]) -> Option<String> {
    let selector = Selector::parse("meta[content]").ok()?;
    let tags: Vec<(String, String)> = document
        .select(&selector)
        .filter_map(|e| {
            let key = e
                .value()
                .attr("property")
                .or_else(|| e.value().attr("name"))
                .or_else(|| e.value().attr("itemprop"))?;
            let content = collapse(e.value().attr("content")?);
            (!content.is_empty()).then(|| (key.trim().to_ascii_lowercase(), content))
        })
        .collect();
    keys.iter().find_map(|key| {
        tags.iter()
            .find(|(name, _)| name == key)
            .map(|(_, content)| content.clone())
    })
}

pub(super) fn link(document: &Html, css: &str, attribute: &str) -> Option<String> {
    let selector = Selector::parse(css).ok()?;
    document
        .select(&selector)
        .find_map(|e| {
            e.value()
                .attr(attribute)
                .map(str::trim)
                .filter(|v| !v.is_empty())
        })
        .map(str::to_owned)
}

fn meta_date(document: &Html) -> Option<String> {
    let itemprop = Selector::parse("[itemprop~='datePublished']").ok()?;
    DATE_META
        .iter()
        .filter_map(|key| meta(document, &[key]))
        .chain(document.select(&itemprop).filter_map(|e| {
            let value = e.value();
            value
                .attr("content")
                .or_else(|| value.attr("datetime"))
                .map(collapse)
        }))
        .find(|d| plausible_date(d))
}

/// A `<time datetime>` marked as the publication date, else the first one on the page.
fn time_element(document: &Html) -> Option<String> {
    let selector = Selector::parse("time[datetime]").ok()?;
    let times: Vec<ElementRef<'_>> = document.select(&selector).collect();
    let marked = times.iter().find(|t| {
        t.value().attr("pubdate").is_some()
            || t.value()
                .attr("itemprop")
                .is_some_and(|p| p.split_whitespace().any(|w| w == "datePublished"))
    });
    marked
        .into_iter()
        .chain(times.iter())
        .filter_map(|t| t.value().attr("datetime"))
        .map(collapse)
        .find(|d| plausible_date(d))
}

/// The document's `<title>` without a trailing " | Site".
fn document_title(document: &Html) -> Option<String> {
    let selector = Selector::parse("title").ok()?;
    let title = collapse(
        &document
            .select(&selector)
            .next()?
            .text()
            .collect::<String>(),
    );
    let cut = [" | ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max()
        .filter(|&at| at > 20);
    Some(cut.map_or(title.clone(), |at| title[..at].to_owned()))
}

/// A title without trailing " - Author - Site" parts that only repeat the site's or the
/// author's name.
fn without_site_suffix<'a>(
    title: &str,
    names: impl IntoIterator<Item = Option<&'a str>> + Clone,
) -> String {
    let mut title = title.to_owned();
    loop {
        let cut = [" | ", " - ", " – ", " — ", " · "].iter().find_map(|sep| {
            let at = title.rfind(sep)?;
            let tail = title[at + sep.len()..].trim().to_lowercase();
            names
                .clone()
                .into_iter()
                .flatten()
                .any(|name| name.to_lowercase() == tail)
                .then_some(at)
        });
        match cut {
            Some(at) if at > 0 => title.truncate(at),
            _ => return title,
        }
    }
}

/// The `Article` object of the page's JSON-LD, wherever it sits (a list, an `@graph`).
fn json_ld_story(document: &Html) -> Option<Value> {
    let selector = Selector::parse("script[type='application/ld+json']").ok()?;
    let mut story: Option<Value> = None;
    let mut dated: Option<Value> = None;
    for script in document.select(&selector) {
        let text: String = script.text().collect();
        // Some pages wrap the JSON in a CDATA section or an HTML comment.
        let text = text.trim();
        let text = text
            .strip_prefix("<![CDATA[")
            .and_then(|t| t.strip_suffix("]]>"))
            .or_else(|| {
                text.strip_prefix("<!--")
                    .and_then(|t| t.strip_suffix("-->"))
            })
            .unwrap_or(text);
        let Some(value) = serde_json::from_str::<Value>(text)
            .ok()
            .or_else(|| serde_json::from_str(&without_trailing_commas(text)).ok())
        else {
            continue;
        };
        let mut people = Vec::new();
        visit(&value, &mut |object| {
            if object.get("@type").is_some_and(is_person) {
                people.push(object.clone());
            }
            if story.is_none() && object.get("@type").is_some_and(is_article) {
                story = Some(object.clone());
            }
            // Another kind of page (a fact check, a web page) still dates itself.
            if dated.is_none() && object.get("datePublished").is_some() {
                dated = Some(object.clone());
            }
        });
        if let Some(story) = story.as_mut() {
            resolve_references(story, &people);
            return Some(story.clone());
        }
    }
    dated.map(|object| {
        let mut date_only = serde_json::Map::new();
        if let Some(date) = object.get("datePublished") {
            date_only.insert("datePublished".to_owned(), date.clone());
        }
        Value::Object(date_only)
    })
}

/// JSON with commas before a closing bracket removed (`["a", "b", ]`), a mistake browsers
/// forgive and publishers therefore make.
fn without_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut pending_comma = None;
    for c in text.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c.is_whitespace() && pending_comma.is_some() {
            out.push(c);
            continue;
        }
        if let Some(at) = pending_comma.take()
            && matches!(c, ']' | '}')
        {
            out.remove(at);
        }
        match c {
            '"' => in_string = true,
            ',' => pending_comma = Some(out.len()),
            _ => {}
        }
        out.push(c);
    }
    out
}

fn visit(value: &Value, seen: &mut impl FnMut(&Value)) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| visit(item, seen)),
        Value::Object(object) => {
            seen(value);
            if let Some(graph) = object.get("@graph") {
                visit(graph, seen);
            }
        }
        _ => {}
    }
}

fn type_names(kind: &Value) -> Vec<&str> {
    match kind {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_article(kind: &Value) -> bool {
    type_names(kind)
        .iter()
        .any(|name| ARTICLE_TYPES.contains(name))
}

fn is_person(kind: &Value) -> bool {
    type_names(kind).contains(&"Person")
}

/// Replaces `{"@id": …}` authors with the people of the same graph they point at.
fn resolve_references(story: &mut Value, people: &[Value]) {
    let Some(author) = story.get_mut("author") else {
        return;
    };
    let resolve = |reference: &mut Value| {
        if reference.get("name").is_some() {
            return;
        }
        let id = reference.get("@id").and_then(Value::as_str);
        if let Some(person) = people
            .iter()
            .find(|p| id.is_some() && p.get("@id").and_then(Value::as_str) == id)
        {
            *reference = person.clone();
        }
    };
    match author {
        Value::Array(items) => items.iter_mut().for_each(resolve),
        other => resolve(other),
    }
}

/// The name of a JSON-LD person or organisation, or of several joined with commas.
fn name_of(value: &Value) -> Option<String> {
    let name = match value {
        Value::String(name) => clean_byline(collapse(name)),
        Value::Object(object) => object
            .get("name")
            .and_then(Value::as_str)
            .and_then(|name| clean_byline(name.to_owned())),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    };
    name.filter(|n| !n.starts_with("http"))
}

/// A byline as people read it: without a leading "By", not an address or a handle, not a
/// paragraph.
fn clean_byline(text: String) -> Option<String> {
    let text = collapse(&text);
    let lower = text.to_lowercase();
    let text = ["by:", "by ", "written by ", "von ", "por ", "par "]
        .iter()
        .find_map(|prefix| {
            lower
                .starts_with(prefix)
                .then(|| text.get(prefix.len()..))
                .flatten()
                .map(str::trim)
        })
        .unwrap_or(text.as_str())
        .trim_matches(|c: char| c == '|' || c == '—' || c == '-' || c == ',' || c.is_whitespace());
    let plausible = !text.is_empty()
        && !text.eq_ignore_ascii_case("by")
        && text.chars().count() <= 100
        && !text.starts_with("http")
        && !text.starts_with('@')
        && text.chars().any(char::is_alphabetic);
    plausible.then(|| text.to_owned())
}

/// An element marked `itemprop="author"`: its `name` part, its `content`, or its text.
fn itemprop_author(document: &Html) -> Option<String> {
    let selector = Selector::parse("[itemprop~='author']").ok()?;
    let name = Selector::parse("[itemprop~='name']").ok()?;
    document
        .select(&selector)
        .filter(|e| !in_comments_or_navigation(*e))
        .find_map(|element| {
            let text = element
                .select(&name)
                .next()
                .map(|n| {
                    n.value()
                        .attr("content")
                        .map_or_else(|| n.text().collect(), str::to_owned)
                })
                .or_else(|| element.value().attr("content").map(str::to_owned))
                .unwrap_or_else(|| element.text().collect());
            clean_byline(text)
        })
}

/// The first byline on the page outside navigation and asides: an element whose class or id
/// says byline or author (the innermost such element, so "By Name · 3 May" gives the name), or
/// a `rel=author` link.
fn byline_container(document: &Html) -> Option<String> {
    let selector = Selector::parse("body *").ok()?;
    document
        .select(&selector)
        .filter(|e| is_byline(e.value()) || rel_author(e.value()))
        .filter(|e| {
            !e.descendants()
                .skip(1)
                .any(|d| ElementRef::wrap(d).is_some_and(|c| is_byline(c.value()) && has_text(c)))
        })
        .filter(|e| !in_junk(*e))
        .find_map(|e| clean_byline(e.text().collect::<Vec<_>>().join(" ")))
}

fn has_text(element: ElementRef<'_>) -> bool {
    element.text().any(|t| !t.trim().is_empty())
}

fn rel_author(element: &scraper::node::Element) -> bool {
    element.name() == "a"
        && element.attr("rel").is_some_and(|r| {
            r.split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("author"))
        })
}

fn is_byline(element: &scraper::node::Element) -> bool {
    if matches!(
        element.name(),
        "time" | "img" | "script" | "style" | "meta" | "link"
    ) {
        return false;
    }
    let words = super::words(element);
    words.iter().any(|w| BYLINE_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| {
            matches!(
                w.as_str(),
                "date"
                    | "time"
                    | "title"
                    | "bio"
                    | "avatar"
                    | "img"
                    | "image"
                    | "photo"
                    | "about"
                    | "more"
                    | "comment"
                    | "comments"
            )
        })
}

/// Inside navigation or a comment (comments mark their own authors with `itemprop` too); an
/// aside is fine here, as the story's own byline often sits in one.
fn in_comments_or_navigation(element: ElementRef<'_>) -> bool {
    element
        .ancestors()
        .filter_map(|a| a.value().as_element())
        .any(|a| {
            a.name() == "nav"
                || a.attr("itemtype").is_some_and(|t| t.ends_with("Comment"))
                || super::words(a).iter().any(|w| w.starts_with("comment"))
        })
}

/// Inside navigation, headers of other stories, comments or asides.
fn in_junk(element: ElementRef<'_>) -> bool {
    element
        .ancestors()
        .filter_map(|a| a.value().as_element())
        .any(super::is_junk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(page: &str) -> Metadata {
        metadata(&Html::parse_document(page))
    }

    #[test]
    fn json_ld_article_wins_over_meta_tags_even_inside_cdata() {
        let page = r#"<html><head><title>Other | Site</title>
            <meta property="og:title" content="Social title">
            <meta property="og:site_name" content="Site - the tagline">
            <meta property="article:published_time" content="2015-12-11T14:28:34Z">
            <script type="application/ld+json"><![CDATA[
              {"@context":"http://schema.org","@type":"ReportageNewsArticle",
               "headline":"The real headline","datePublished":"2021-11-01T10:52:50+0100",
               "author":[{"@type":"Person","name":"Ana Lima "},{"@type":"Person","name":"Bo Chen"}],
               "publisher":{"@type":"Organization","name":"Site"}}
            ]]></script></head><body></body></html>"#;
        let found = read(page);
        assert_eq!(found.title, "The real headline");
        assert_eq!(found.author.as_deref(), Some("Ana Lima, Bo Chen"));
        assert_eq!(found.published.as_deref(), Some("2021-11-01T10:52:50+0100"));
        assert_eq!(found.site.as_deref(), Some("Site"));
    }

    #[test]
    fn json_ld_graph_references_and_trailing_commas_are_followed() {
        let page = r#"<script type="application/ld+json">{"@graph":[
            {"@type":"Person","@id":"_:p1","name":"Dana Scully"},
            {"@type":["NewsArticle"],"headline":"H","author":{"@id":"_:p1"},
             "keywords":["a","b", ],"datePublished":"2019-11-18T16:06:51-05:00"}]}</script>"#;
        let found = read(page);
        assert_eq!(found.author.as_deref(), Some("Dana Scully"));
        assert_eq!(
            found.published.as_deref(),
            Some("2019-11-18T16:06:51-05:00")
        );
    }

    #[test]
    fn a_page_that_is_not_an_article_still_gives_its_json_ld_date() {
        let page = r#"<script type="application/ld+json">{"@type":"ClaimReview","datePublished":"2019-11-18T10:15:00+00:00"}</script>"#;
        assert_eq!(
            read(page).published.as_deref(),
            Some("2019-11-18T10:15:00+00:00")
        );
    }

    #[test]
    fn meta_dates_in_their_many_spellings_are_read_and_placeholders_skipped() {
        for (tag, expected) in [
            (
                r#"<meta property="article:published" itemprop="datePublished" content="2019-02-21T08:00:08.000Z">"#,
                "2019-02-21T08:00:08.000Z",
            ),
            (
                r#"<meta name="DC.date.issued" content="2020-09-21">"#,
                "2020-09-21",
            ),
            (
                r#"<span itemprop="datePublished" content="2019-11-19T12:51:38.653059"></span>"#,
                "2019-11-19T12:51:38.653059",
            ),
            (
                r#"<meta property="article:published_time" content="0001-01-01T00:00:00Z"><time datetime="2018-03-04">4 March</time>"#,
                "2018-03-04",
            ),
        ] {
            assert_eq!(read(tag).published.as_deref(), Some(expected), "{tag}");
        }
        assert_eq!(read(r#"<meta name="date" content="soon">"#).published, None);
    }

    #[test]
    fn bylines_come_from_meta_itemprop_or_the_innermost_byline_element() {
        let cases = [
            (
                r#"<meta name="byl" content="By Corey Kilgannon">"#,
                "Corey Kilgannon",
            ),
            (
                r#"<meta property="author" content="Sarah Archer"><meta name="author" content="https://x.example/me">"#,
                "Sarah Archer",
            ),
            (
                r#"<article><p>Text.</p><aside><span itemprop="author" itemscope><span itemprop="name">Nicolas P</span> —</span></aside></article>"#,
                "Nicolas P",
            ),
            (
                r#"<div class="byline"><span class="author vcard"><span class="author-name fn">James A</span></span><time datetime="2017-02-23">x</time></div>"#,
                "James A",
            ),
            (
                r#"<span class="pb-byline">By <a href="/people/e">Erin C</a></span>"#,
                "Erin C",
            ),
            (
                r#"<p>By <a rel="author" href="/u/x">Rel Author</a></p>"#,
                "Rel Author",
            ),
        ];
        for (page, expected) in cases {
            assert_eq!(read(page).author.as_deref(), Some(expected), "{page}");
        }
        // A comment's author, a lone "By" and a navigation link are not the story's byline.
        for page in [
            r#"<div class="comments"><span itemprop="author">Troll</span></div>"#,
            r#"<div class="byline">By</div>"#,
            r#"<nav><a class="author" href="/a">Authors</a></nav>"#,
        ] {
            assert_eq!(read(page).author, None, "{page}");
        }
    }

    #[test]
    fn titles_lose_suffixes_naming_the_site_or_author_and_double_escaping() {
        let page = r#"<meta property="og:site_name" content="Medium">
            <meta name="author" content="John C. Welch">
            <meta property="og:title" content="&amp;#8216;Samantha&amp;#8217; &amp;amp; the Lie - John C. Welch - Medium">"#;
        assert_eq!(read(page).title, "\u{2018}Samantha\u{2019} & the Lie");
        // A dash that is part of the title stays.
        let page = r#"<meta property="og:title" content="Rock - paper - scissors">"#;
        assert_eq!(read(page).title, "Rock - paper - scissors");
    }

    #[test]
    fn readability_test_pages_give_byline_date_and_site() {
        // tests/fixtures/pages: Readability.js test pages (see the README there).
        let page = include_str!("../../tests/fixtures/pages/001.html");
        assert_eq!(read(page).author.as_deref(), Some("Nicolas Perriault"));
        let page = include_str!("../../tests/fixtures/pages/gitlab-blog.html");
        let found = read(page);
        assert_eq!(found.author.as_deref(), Some("Dave Steer"));
        assert_eq!(found.published.as_deref(), Some("2024-06-25"));
        assert_eq!(found.site.as_deref(), Some("GitLab"));
        assert_eq!(
            found.title,
            "3 surprising findings from our 2024 Global DevSecOps Survey"
        );
    }
}
