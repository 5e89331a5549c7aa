//! HTML to plain text: paragraphs from block elements, list items as bullets, quotes marked,
//! links kept as numbered references listed after the text. Used for feed content and pages.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements whose text is never part of a story.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button",
    "select", "input", "textarea", "head", "object", "embed",
];
/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
    "center",
];

/// Text of an HTML fragment or document, and the web addresses of its links in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Paragraphs separated by blank lines; links marked `[n]` after their text.
    pub text: String,
    pub links: Vec<String>,
    /// The same text without the `[n]` marks.
    pub unmarked: String,
}

impl Converted {
    /// The text with its links listed after it, the way a story keeps them.
    #[must_use]
    pub fn with_link_list(&self) -> String {
        if self.links.is_empty() {
            return self.text.clone();
        }
        let mut out = self.text.clone();
        out.push_str("\n\nLinks:");
        for (n, link) in self.links.iter().enumerate() {
            out.push_str(&format!("\n[{}] {link}", n + 1));
        }
        out
    }
}

/// The numbered links listed at the end of a story's text by [`Converted::with_link_list`]:
/// `(n, address)` for each `[n] address` line after the last "Links:" line.
#[must_use]
pub fn link_list(body: &str) -> Vec<(usize, String)> {
    let Some(at) = body
        .rfind("\n\nLinks:\n")
        .or_else(|| body.starts_with("Links:\n").then_some(0))
    else {
        return Vec::new();
    };
    body[at..]
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix('[')?;
            let (number, address) = rest.split_once("] ")?;
            let address = address.trim();
            (!address.is_empty() && !address.contains(char::is_whitespace))
                .then(|| Some((number.parse().ok()?, address.to_owned())))
                .flatten()
        })
        .collect()
}

/// Converts HTML to text. Broken markup is repaired the way browsers do; markup too deep or
/// with too many elements for a tree (see [`Shape`]) has its tags stripped instead. Never fails.
#[must_use]
pub fn to_text(html: &str) -> Converted {
    if shape(html).too_big_for_a_tree() {
        let text = strip_tags(html);
        return Converted {
            unmarked: text.clone(),
            text,
            links: Vec::new(),
        };
    }
    let document = Html::parse_fragment(html);
    let mut writer = Writer::default();
    walk(document.tree.root(), &mut writer, 0);
    writer.finish()
}

/// Converts one element subtree (for extraction, which picks the element first).
#[must_use]
pub fn element_to_text(node: NodeRef<'_, Node>) -> Converted {
    let mut writer = Writer::default();
    walk(node, &mut writer, 0);
    writer.finish()
}

/// Nesting a browser-style parser handles in reasonable time; deeper markup (never seen on real
/// pages, easy to make on hostile ones) costs it quadratic time, so it is stripped instead.
pub const MAX_NESTING: usize = 2_000;

/// Elements that never contain others, or whose end tag may be left out (a new one closes the
/// last): neither deepens real nesting.
const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed",
    "param", "track", "!doctype", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp", "head", "body", "html",
];

/// Elements a page may have before it is read as plain text instead of being parsed into a
/// tree: a tree costs a few hundred bytes per element, so a 60 MB page of tiny elements would
/// take gigabytes. Real pages have a few thousand, long ones tens of thousands.
pub const MAX_ELEMENTS: usize = 250_000;

/// What a linear scan of the markup tells before any tree is built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Nesting goes deeper than [`MAX_NESTING`].
    pub too_deep: bool,
    /// Start tags seen.
    pub elements: usize,
    /// Bytes of text outside tags, scripts and styles: an upper bound on the text a page gives.
    pub text_bytes: usize,
}

impl Shape {
    /// The markup would cost too much time or memory as a tree; it is read as plain text.
    #[must_use]
    pub fn too_big_for_a_tree(&self) -> bool {
        self.too_deep || self.elements > MAX_ELEMENTS
    }
}

/// Scans the tags once, in constant memory: nesting depth, element count and text size.
#[must_use]
pub fn shape(html: &str) -> Shape {
    let bytes = html.as_bytes();
    let mut shape = Shape::default();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        shape.text_bytes += offset;
        i += offset + 1;
        let tag_end = bytes[i..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |n| i + n);
        match bytes.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                shape.elements += 1;
                let name_end = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(bytes.len(), |n| i + n);
                let name = html[i..name_end].to_ascii_lowercase();
                let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
                if !VOID.contains(&name.as_str()) && !self_closing {
                    depth += 1;
                    shape.too_deep |= depth > MAX_NESTING;
                }
                // The content of a script or style is not text; skip to its end tag.
                if matches!(name.as_str(), "script" | "style") && !self_closing {
                    let close = format!("</{name}");
                    let rest = &bytes[tag_end.min(bytes.len())..];
                    let skipped = rest
                        .windows(close.len())
                        .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                        .unwrap_or(rest.len());
                    i = tag_end.min(bytes.len()) + skipped;
                    continue;
                }
            }
            _ => {}
        }
        i = (tag_end + 1).min(bytes.len());
    }
    shape.text_bytes += bytes.len() - i;
    shape
}

/// Whether the markup nests deeper than [`MAX_NESTING`].
#[must_use]
pub fn nesting_too_deep(html: &str) -> bool {
    shape(html).too_deep
}

/// Text with every tag removed and whitespace collapsed; the fallback for pathological markup.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
struct Writer {
    paragraphs: Vec<String>,
    current: String,
    links: Vec<String>,
    quote_depth: usize,
    preformatted: usize,
    /// Byte ranges of `[n]` marks in `current`, removed for the unmarked text.
    marks: Vec<(usize, usize)>,
    unmarked: Vec<String>,
}

impl Writer {
    fn text(&mut self, text: &str) {
        if self.preformatted > 0 {
            self.current.push_str(text);
            return;
        }
        for (i, word) in text.split_whitespace().enumerate() {
            let starts_with_space = i > 0 || text.starts_with(char::is_whitespace);
            if starts_with_space && !self.current.is_empty() && !self.current.ends_with([' ', '\n'])
            {
                self.current.push(' ');
            }
            self.current.push_str(word);
        }
        if text.ends_with(char::is_whitespace)
            && !self.current.is_empty()
            && !self.current.ends_with(' ')
        {
            self.current.push(' ');
        }
    }

    fn break_paragraph(&mut self) {
        let text = std::mem::take(&mut self.current);
        let mut plain = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in std::mem::take(&mut self.marks) {
            plain.push_str(&text[at..start]);
            at = end;
        }
        plain.push_str(&text[at..]);
        let trimmed = text.trim();
        if !trimmed.is_empty() && trimmed != "•" {
            let prefix = if self.quote_depth > 0 { "> " } else { "" };
            self.paragraphs.push(format!("{prefix}{trimmed}"));
            self.unmarked.push(format!("{prefix}{}", plain.trim()));
        }
    }

    fn finish(mut self) -> Converted {
        self.break_paragraph();
        Converted {
            text: self.paragraphs.join("\n\n"),
            links: self.links,
            unmarked: self.unmarked.join("\n\n"),
        }
    }
}

/// Depth limit for nesting; deeper markup (a hostile page) is flattened, not followed.
const MAX_DEPTH: usize = 256;

fn walk(node: NodeRef<'_, Node>, out: &mut Writer, depth: usize) {
    match node.value() {
        Node::Text(text) => out.text(text),
        Node::Element(element) => {
            let name = element.name();
            if SKIPPED.contains(&name) || element.attr("hidden").is_some() || depth > MAX_DEPTH {
                return;
            }
            let block = BLOCKS.contains(&name);
            if block {
                out.break_paragraph();
            }
            match name {
                "br" => out.current.push('\n'),
                "li" => out.current.push_str("• "),
                "blockquote" => out.quote_depth += 1,
                "pre" => out.preformatted += 1,
                "img" => {
                    return;
                }
                _ => {}
            }
            for child in node.children() {
                walk(child, out, depth + 1);
            }
            match name {
                "a" => {
                    if let Some(href) = element.attr("href").map(str::trim)
                        && (href.starts_with("http://") || href.starts_with("https://"))
                        && !out.current.trim().is_empty()
                    {
                        out.links.push(href.to_owned());
                        let n = out.links.len();
                        let start = out.current.len();
                        out.current.push_str(&format!(" [{n}]"));
                        out.marks.push((start, out.current.len()));
                    }
                }
                "blockquote" => {
                    out.break_paragraph();
                    out.quote_depth -= 1;
                }
                "pre" => out.preformatted -= 1,
                _ => {}
            }
            if block {
                out.break_paragraph();
            }
        }
        _ => {
            for child in node.children() {
                walk(child, out, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_links_references() {
        let converted = to_text(
            "<h1>Title</h1><p>First <b>bold</b> text with <a href='https://a.example/x'>a link</a>.</p>\
             <script>alert(1)</script><ul><li>one</li><li>two</li></ul>\
             <blockquote><p>quoted</p></blockquote><p>a<br>b</p>",
        );
        assert_eq!(
            converted.text,
            "Title\n\nFirst bold text with a link [1].\n\n• one\n\n• two\n\n> quoted\n\na\nb"
        );
        assert_eq!(converted.links, vec!["https://a.example/x".to_string()]);
        assert!(
            converted.unmarked.contains("with a link."),
            "{}",
            converted.unmarked
        );
        assert!(
            converted
                .with_link_list()
                .ends_with("Links:\n[1] https://a.example/x")
        );
    }

    #[test]
    fn entities_and_whitespace_are_handled() {
        assert_eq!(to_text("  A &amp; B&nbsp;C\n\n  D  ").text, "A & B C D");
    }

    #[test]
    fn broken_and_deep_markup_is_survived() {
        let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert!(nesting_too_deep(&deep));
        assert_eq!(to_text(&deep).text, "x");
        let wide = "<p>a</p><br><img src=x>".repeat(50_000);
        assert!(!nesting_too_deep(&wide));
        assert_eq!(to_text("<p>unclosed <b>bold").text, "unclosed bold");
        assert_eq!(to_text("").text, "");
    }

    #[test]
    fn the_shape_counts_elements_and_text_but_not_scripts() {
        let page = "<html><head><script>var x = '<b>' + 1;</script><STYLE>p{}</STYLE></head>\
                    <body><p>Hello <b>world</b></p><br></body></html>";
        let found = shape(page);
        assert_eq!(found.elements, 8);
        assert_eq!(found.text_bytes, "Hello world".len());
        assert!(!found.too_big_for_a_tree());
        let many = "<b>x</b>".repeat(MAX_ELEMENTS + 1);
        assert!(shape(&many).too_big_for_a_tree());
        assert_eq!(to_text(&many).text.len(), 2 * (MAX_ELEMENTS + 1) - 1);
    }
}
