//! Reader mode for saved web pages: the story's title, byline, date, site, address and main text,
//! without navigation, share bars, comments or footers. A Readability-style scoring of blocks by
//! their text, commas and link density, with class and id hints, picks the story's container.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use serde::Serialize;

use crate::article::Article;
use crate::html;

mod metadata;

/// What a page holds, as `newsdesk extract --format json` prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extracted {
    pub title: String,
    pub author: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    /// The text; links are listed in `links`, in order.
    pub body: String,
    pub links: Vec<String>,
    /// The text with `[n]` after each link's words, as the story keeps it.
    #[serde(skip)]
    pub marked_body: String,
}

impl Extracted {
    /// The page as a story: links listed after the text.
    #[must_use]
    pub fn into_article(self) -> Article {
        let converted = html::Converted {
            text: self.marked_body,
            links: self.links,
            unmarked: self.body,
        };
        let mut article = Article::new(self.title, converted.with_link_list());
        article.author = self.author;
        article.published = self
            .published
            .as_deref()
            .and_then(crate::import::parse_date);
        article.source = self.site;
        article.url = self.url;
        article
    }
}

/// Class and id words of containers that hold stories.
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "main",
    "page",
    "post",
    "text",
    "blog",
    "story",
    "prose",
    "paywall",
    "hentry",
    "column",
    "articlebody",
];
/// Class and id words that lower a container's score.
const NEGATIVE: &[&str] = &[
    "comment",
    "comments",
    "meta",
    "footer",
    "footnote",
    "share",
    "sharing",
    "social",
    "sidebar",
    "nav",
    "navbar",
    "promo",
    "related",
    "sponsor",
    "sponsored",
    "widget",
    "menu",
    "subscribe",
    "newsletter",
    "popup",
    "modal",
    "cookie",
    "breadcrumb",
    "breadcrumbs",
    "masthead",
    "banner",
    "advert",
    "ad",
    "ads",
    "outbrain",
    "taboola",
    "recirc",
    "signup",
    "login",
    "toolbar",
    "tags",
    "bio",
    "trending",
    "skip",
    "pagination",
    "pager",
    "byline",
    "caption",
    "credit",
];
/// Class and id words of blocks removed outright, unless they also say they hold the story
/// (the way Readability treats "unlikely candidates").
const UNLIKELY: &[&str] = &[
    "comment",
    "comments",
    "footer",
    "sidebar",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "social",
    "share",
    "sharing",
    "related",
    "sponsor",
    "sponsored",
    "popup",
    "modal",
    "cookie",
    "cookies",
    "breadcrumb",
    "breadcrumbs",
    "banner",
    "newsletter",
    "subscribe",
    "subscription",
    "outbrain",
    "taboola",
    "disqus",
    "promo",
    "recirc",
    "masthead",
    "toolbar",
    "signup",
    "login",
    "pagination",
    "pager",
    "gdpr",
    "trending",
];
/// Elements dropped before anything is scored.
const JUNK: &[&str] = &[
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "button",
    "nav",
    "footer",
    "aside",
    "select",
    "input",
    "textarea",
    "template",
    "figure",
    "figcaption",
];

/// The words of an element's class and id, lower-cased.
fn words(element: &scraper::node::Element) -> Vec<String> {
    let mut text = String::new();
    for attribute in ["class", "id"] {
        if let Some(value) = element.attr(attribute) {
            text.push_str(value);
            text.push(' ');
        }
    }
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn weight(element: &scraper::node::Element) -> f64 {
    let words = words(element);
    let mut score = 0.0;
    if words.iter().any(|w| NEGATIVE.contains(&w.as_str())) {
        score -= 25.0;
    }
    if words.iter().any(|w| POSITIVE.contains(&w.as_str())) {
        score += 25.0;
    }
    score
}

fn is_junk(element: &scraper::node::Element) -> bool {
    if JUNK.contains(&element.name()) || element.attr("hidden").is_some() {
        return true;
    }
    let role = element.attr("role").unwrap_or("");
    if matches!(
        role,
        "navigation" | "banner" | "complementary" | "contentinfo" | "dialog"
    ) {
        return true;
    }
    if matches!(element.name(), "body" | "html" | "article" | "main") {
        return false;
    }
    let words = words(element);
    words.iter().any(|w| UNLIKELY.contains(&w.as_str()))
        && !words
            .iter()
            .any(|w| POSITIVE.contains(&w.as_str()) || LAYOUT.contains(&w.as_str()))
}

/// Words of page-layout wrappers: a "container with-sidebar" holds the story next to a sidebar,
/// so it is never dropped whole.
const LAYOUT: &[&str] = &[
    "container",
    "wrapper",
    "wrap",
    "layout",
    "row",
    "grid",
    "single",
];

/// The text of a subtree, skipping junk.
fn text_len(node: NodeRef<'_, Node>) -> (usize, usize, usize) {
    // (characters, characters inside links, commas)
    let mut total = 0;
    let mut linked = 0;
    let mut commas = 0;
    let mut stack = vec![(node, false)];
    while let Some((n, in_link)) = stack.pop() {
        match n.value() {
            Node::Text(t) => {
                let len = t.trim().chars().count();
                total += len;
                commas += t.matches(',').count();
                if in_link {
                    linked += len;
                }
            }
            Node::Element(e) => {
                if is_junk(e) {
                    continue;
                }
                // Links within the page (a table of contents) are not links away from it.
                let link = in_link
                    || (e.name() == "a" && !e.attr("href").is_some_and(|h| h.starts_with('#')));
                for child in n.children() {
                    stack.push((child, link));
                }
            }
            _ => {}
        }
    }
    (total, linked, commas)
}

/// Extracts the story from a whole HTML page.
#[must_use]
pub fn extract(page: &str) -> Extracted {
    // Markup too deep or too large for a tree is read as plain text, in memory the size of the
    // page rather than hundreds of times it.
    if html::shape(page).too_big_for_a_tree() {
        let text = html::to_text(page).text;
        return Extracted {
            title: crate::import::headline(text.split("\n\n").next().unwrap_or("")),
            marked_body: text.clone(),
            body: text,
            ..Extracted::default()
        };
    }
    let document = Html::parse_document(page);
    let found = metadata::metadata(&document);
    let mut extracted = Extracted {
        title: found.title,
        author: found.author,
        published: found.published,
        site: found.site,
        url: found.url,
        ..Extracted::default()
    };
    let Some(container) = best_container(&document) else {
        return extracted;
    };
    // Relative links resolve against <base href>, else the page's canonical address.
    let base = metadata::link(&document, "base[href]", "href")
        .or_else(|| extracted.url.clone())
        .and_then(|b| url::Url::parse(&b).ok());
    let converted = convert(container, base.as_ref());
    extracted.body = converted.unmarked;
    extracted.marked_body = converted.text;
    extracted.links = converted.links;
    if extracted.title.is_empty() {
        // The first sentence stands as the title and stays in the text.
        extracted.title =
            crate::import::headline(extracted.body.split("\n\n").next().unwrap_or(""));
    } else {
        // A heading repeating the title at the top of the text is dropped.
        for text in [&mut extracted.body, &mut extracted.marked_body] {
            if let Some(rest) = text.strip_prefix(extracted.title.as_str()) {
                *text = rest.trim_start().to_owned();
            }
        }
    }
    extracted
}

/// Scores paragraphs into their ancestors and returns the best container.
fn best_container(document: &Html) -> Option<NodeRef<'_, Node>> {
    let paragraphs = Selector::parse("p, pre, td, blockquote, li, h2, h3, div, section").ok()?;
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for paragraph in document.select(&paragraphs) {
        if paragraph
            .ancestors()
            .any(|a| a.value().as_element().is_some_and(is_junk))
        {
            continue;
        }
        // A div or section counts by the text it holds directly, outside its own blocks (text
        // set with <br>, as some sites write it), and scores itself as well as its parents.
        let block = matches!(paragraph.value().name(), "div" | "section");
        let (length, commas) = if block {
            inline_text(*paragraph)
        } else {
            let (length, _, commas) = text_len(*paragraph);
            (length, commas)
        };
        if length < 25 {
            continue;
        }
        #[allow(clippy::cast_precision_loss, reason = "text lengths are small")]
        let score = 1.0 + commas as f64 + (length as f64 / 100.0).min(3.0);
        let receivers: Vec<NodeRef<'_, Node>> = if block {
            std::iter::once(*paragraph)
                .chain(paragraph.ancestors())
                .take(3)
                .collect()
        } else {
            paragraph.ancestors().take(3).collect()
        };
        for (level, ancestor) in receivers.into_iter().enumerate() {
            let Some(element) = ancestor.value().as_element() else {
                continue;
            };
            let entry = scores.entry(ancestor.id()).or_insert_with(|| {
                let base = match element.name() {
                    "div" | "article" | "section" | "main" => 5.0,
                    "pre" | "td" | "blockquote" => 3.0,
                    "ol" | "ul" | "dl" | "li" | "form" => -3.0,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
                    _ => 0.0,
                };
                base + weight(element)
            });
            *entry += match level {
                0 => score,
                1 => score / 2.0,
                _ => score / 3.0,
            };
        }
    }
    let mut best: Option<(NodeRef<'_, Node>, f64)> = None;
    let mut adjusted_scores: Vec<(NodeRef<'_, Node>, f64)> = Vec::new();
    for (id, score) in &scores {
        let Some(node) = document.tree.get(*id) else {
            continue;
        };
        let (length, linked, _) = text_len(node);
        #[allow(clippy::cast_precision_loss, reason = "text lengths are small")]
        let density = if length == 0 {
            1.0
        } else {
            linked as f64 / length as f64
        };
        let adjusted = score * (1.0 - density);
        adjusted_scores.push((node, adjusted));
        if best.is_none_or(|(_, s)| adjusted > s) {
            best = Some((node, adjusted));
        }
    }
    let (mut node, score) = best?;
    // A story cut into sections (an image or a quote between them) scores in several
    // containers: the nearest ancestor holding another strong one holds the whole story.
    let strong: Vec<NodeId> = adjusted_scores
        .iter()
        .filter(|(other, s)| {
            *s >= score * SECTION_SHARE
                && !other.ancestors().any(|a| a.id() == node.id())
                && !node.ancestors().any(|a| a.id() == other.id())
                && other.id() != node.id()
        })
        .map(|(other, _)| other.id())
        .collect();
    if let Some(holder) = node.ancestors().find(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| !matches!(e.name(), "body" | "html"))
            && strong
                .iter()
                .filter_map(|id| document.tree.get(*id))
                .any(|other| other.ancestors().any(|o| o.id() == a.id()))
    }) {
        // Only when the sections are most of what it holds, not two stories of a front page.
        let sections: usize = strong
            .iter()
            .filter_map(|id| document.tree.get(*id))
            .filter(|other| other.ancestors().any(|o| o.id() == holder.id()))
            .map(|other| text_len(other).0)
            .sum::<usize>()
            + text_len(node).0;
        if text_len(holder).0 * 10 <= sections * 13 {
            node = holder;
        }
    }
    // A container whose parent holds much more of the same story is widened to the parent.
    while let Some(parent) = node.parent() {
        let Some(element) = parent.value().as_element() else {
            break;
        };
        if matches!(element.name(), "body" | "html") {
            break;
        }
        let parent_score = scores.get(&parent.id()).copied().unwrap_or(0.0);
        if parent_score > score * 0.75 && text_len(parent).0 < text_len(node).0 * 2 {
            node = parent;
        } else {
            break;
        }
    }
    Some(node)
}

/// The share of the best container's score another container needs to count as a section of
/// the same story.
const SECTION_SHARE: f64 = 0.5;

/// Length and commas of the text directly in an element, outside its block children.
fn inline_text(node: NodeRef<'_, Node>) -> (usize, usize) {
    let mut length = 0;
    let mut commas = 0;
    for child in node.children() {
        match child.value() {
            Node::Text(text) => {
                length += text.trim().chars().count();
                commas += text.matches(',').count();
            }
            Node::Element(element)
                if !BLOCK_CHILDREN.contains(&element.name())
                    && !is_junk(element)
                    && !has_block_child(child) =>
            {
                let (l, _, c) = text_len(child);
                length += l;
                commas += c;
            }
            _ => {}
        }
    }
    (length, commas)
}

/// Elements that make a div more than a paragraph.
const BLOCK_CHILDREN: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "form",
];

fn has_block_child(node: NodeRef<'_, Node>) -> bool {
    node.descendants().skip(1).any(|d| {
        d.value()
            .as_element()
            .is_some_and(|e| BLOCK_CHILDREN.contains(&e.name()))
    })
}

/// Text of the chosen container without the junk inside it.
fn convert(container: NodeRef<'_, Node>, base: Option<&url::Url>) -> html::Converted {
    let html = ElementRef::wrap(container)
        .map(|e| clean_html(e, base))
        .unwrap_or_default();
    html::to_text(&html)
}

/// The container's HTML with junk subtrees removed and links made absolute.
fn clean_html(element: ElementRef<'_>, base: Option<&url::Url>) -> String {
    let mut out = String::new();
    write_clean(*element, base, &mut out, true);
    out
}

/// A list, table or box inside the story's container that is mostly links and has few commas:
/// "related stories", topic lists, tag clouds. Prose has commas and little linked text.
fn link_box(node: NodeRef<'_, Node>, element: &scraper::node::Element) -> bool {
    let limit = match element.name() {
        "ul" | "ol" | "dl" | "table" | "div" | "section" | "aside" => LINK_BOX_DENSITY,
        // A paragraph that is one link, as long as a headline, is a teaser for another story,
        // unless the link shows its own address (a source cited in full).
        "p" if !shows_address(node) => LINK_PARAGRAPH_DENSITY,
        _ => return false,
    };
    let (length, linked, commas) = text_len(node);
    if length == 0 || commas >= 10 || (element.name() == "p" && length < TEASER_MIN_CHARS) {
        return false;
    }
    #[allow(clippy::cast_precision_loss, reason = "text lengths are small")]
    let density = linked as f64 / length as f64;
    density > limit
}

fn shows_address(node: NodeRef<'_, Node>) -> bool {
    ElementRef::wrap(node).is_some_and(|e| {
        let text: String = e.text().collect();
        let text = text.trim_start();
        text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www.")
    })
}

/// Shorter linked paragraphs ("link", "PDF") are part of the text, not teasers.
const TEASER_MIN_CHARS: usize = 25;

/// The share of linked text above which a paragraph is a link to another story.
const LINK_PARAGRAPH_DENSITY: f64 = 0.9;

/// The share of linked text above which a box of few commas is navigation rather than story.
const LINK_BOX_DENSITY: f64 = 0.5;

/// Class and id words of the bits around a story's text inside its own container: bylines,
/// dates, captions, credits and "most popular" boxes.
const AROUND_TEXT: &[&str] = &[
    "byline",
    "author",
    "caption",
    "credit",
    "credits",
    "timestamp",
    "dateline",
    "date",
    "meta",
    "popular",
    "tools",
    "toolbar",
    "kicker",
    "eyebrow",
    "headline",
    "title",
];

fn around_text(element: &scraper::node::Element) -> bool {
    let words = words(element);
    words.iter().any(|w| AROUND_TEXT.contains(&w.as_str()))
        && !words.iter().any(|w| POSITIVE.contains(&w.as_str()))
}

fn write_clean(node: NodeRef<'_, Node>, base: Option<&url::Url>, out: &mut String, top: bool) {
    match node.value() {
        Node::Text(text) => out.push_str(&escape(text)),
        Node::Element(element) => {
            if is_junk(element)
                || around_text(element)
                || matches!(element.name(), "h1" | "time")
                || (!top && link_box(node, element))
            {
                return;
            }
            out.push('<');
            out.push_str(element.name());
            if let Some(href) = element.attr("href") {
                let absolute = base
                    .and_then(|b| b.join(href.trim()).ok())
                    .map_or_else(|| href.to_owned(), |u| u.to_string());
                out.push_str(" href=\"");
                out.push_str(&escape(&absolute).replace('"', "&quot;"));
                out.push('"');
            }
            out.push('>');
            for child in node.children() {
                write_clean(child, base, out, false);
            }
            out.push_str("</");
            out.push_str(element.name());
            out.push('>');
        }
        _ => {
            for child in node.children() {
                write_clean(child, base, out, top);
            }
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_story_is_found_among_navigation_and_comments() {
        let page = r#"<html><head><title>Harbour bridge approved after long debate | The Courier</title>
            <meta name="author" content="Sarah MacLeod"><meta property="og:site_name" content="The Courier">
            <link rel="canonical" href="https://example.org/bridge"></head><body>
            <nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <div class="share-bar"><a href="https://x.example/share">Share this story on every network</a></div>
            <article class="story-body"><h1>Harbour bridge approved after long debate</h1>
            <p>The council voted 11 to 6 late on Wednesday to build a third bridge, a project that has divided the city.</p>
            <p>The mayor said the bridge, with bus lanes and a bike path, would cut commuting times by twenty minutes.</p>
            <p>Construction is due to start in the spring, and public hearings will be held in January, officials said.</p></article>
            <div id="comments"><p>First comment: this is a waste of money, and everybody knows it, really.</p></div>
            <footer><p>Copyright The Courier, all rights reserved, since forever and ever.</p></footer></body></html>"#;
        let extracted = extract(page);
        assert_eq!(extracted.title, "Harbour bridge approved after long debate");
        assert_eq!(extracted.author.as_deref(), Some("Sarah MacLeod"));
        assert_eq!(extracted.site.as_deref(), Some("The Courier"));
        assert_eq!(extracted.url.as_deref(), Some("https://example.org/bridge"));
        assert!(
            extracted.body.starts_with("The council voted"),
            "{}",
            extracted.body
        );
        assert!(extracted.body.contains("public hearings"));
        for junk in ["Share this", "First comment", "Copyright", "Home"] {
            assert!(
                !extracted.body.contains(junk),
                "{junk} leaked: {}",
                extracted.body
            );
        }
    }

    const PROSE: &str = "<p>The council voted late on Wednesday to build a third bridge, a project that has divided the city, its suburbs and its press.</p>";

    #[test]
    fn related_links_and_teasers_inside_the_story_are_dropped() {
        let page = format!(
            r##"<html><body><article>{PROSE}{PROSE}
            <p><a href="/other"><strong>MAYOR OPENS ANOTHER BRIDGE IN A NEIGHBOURING TOWN</strong></a></p>
            <h3>You may also like</h3><ul><li><a href="/a">A story about something else entirely</a></li>
            <li><a href="/b">Another story about something else</a></li></ul>
            <p><a href="https://example.org/report">https://example.org/report</a></p>
            <p>Read the <a href="/r">report</a>.</p><p><a href="/pdf">PDF</a></p>
            <ul><li><a href="#one">Contents: the first section</a></li></ul>{PROSE}</article></body></html>"##
        );
        let body = extract(&page).body;
        for junk in ["MAYOR OPENS", "something else"] {
            assert!(!body.contains(junk), "{junk} kept: {body}");
        }
        for kept in [
            "https://example.org/report",
            "Read the report",
            "PDF",
            "Contents: the first section",
        ] {
            assert!(body.contains(kept), "{kept} dropped: {body}");
        }
    }

    #[test]
    fn a_story_cut_into_sections_by_a_picture_is_kept_whole() {
        let section = |words: &str| {
            format!(
                r#"<div class="acf-content"><section><div class="wrap"><div class="post__content">
                <p>{words} first, with commas, clauses, and more words to make a long paragraph of prose.</p>
                <p>{words} second, with commas, clauses, and more words to make a long paragraph of prose.</p>
                <p>{words} third, with commas, clauses, and more words to make a long paragraph of prose.</p>
                </div></div></section></div>"#
            )
        };
        let page = format!(
            r#"<html><body><nav><a href="/">Home</a></nav><main>{}<figure><img src="x.jpg"></figure>{}<blockquote>A quote</blockquote>{}</main>
            <footer>Copyright</footer></body></html>"#,
            section("Opening"),
            section("Middle"),
            section("Closing")
        );
        let body = extract(&page).body;
        for part in ["Opening first", "Middle second", "Closing third"] {
            assert!(body.contains(part), "{part} missing: {body}");
        }
        assert!(!body.contains("Copyright"));
    }

    #[test]
    fn empty_and_hostile_pages_do_not_panic() {
        for page in [
            "",
            "<html></html>",
            "not html at all",
            &"<div>".repeat(50_000),
        ] {
            let _ = extract(page);
        }
    }
}
