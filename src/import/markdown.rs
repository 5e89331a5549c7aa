//! Markdown stories: optional YAML front matter, a leading `# heading` as the title, and the body
//! rendered to plain paragraphs.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use yaml_rust2::parser::{Event as YamlEvent, Parser as YamlParser};
use yaml_rust2::{Yaml, YamlLoader};

use super::{ImportError, Problem, headline, join_paragraphs, parse_date};
use crate::article::Article;

pub(super) fn parse(content: &str, origin: &str) -> Result<Article, ImportError> {
    let (front, markdown, body_line) = split_front_matter(content, origin)?;
    let (heading, body) = render(markdown);
    let title = front
        .as_ref()
        .and_then(|f| text_field(f, &["title"]))
        .or(heading)
        .or_else(|| body.split("\n\n").next().map(headline))
        .filter(|t| !t.trim().is_empty());
    let Some(title) = title else {
        return Err(ImportError::at_line(origin, body_line, Problem::NoContent));
    };
    let mut article = Article::new(title, body);
    if let Some(front) = &front {
        apply_front_matter(&mut article, front);
    }
    Ok(article)
}

/// Splits `---` YAML front matter from the Markdown; returns the 1-based line where Markdown starts.
fn split_front_matter<'a>(
    content: &'a str,
    origin: &str,
) -> Result<(Option<Yaml>, &'a str, usize), ImportError> {
    let Some(rest) = content.strip_prefix("---\n") else {
        return Ok((None, content, 1));
    };
    let Some(end) = rest
        .find("\n---")
        .filter(|&at| rest[at + 4..].is_empty() || rest[at + 4..].starts_with('\n'))
    else {
        return Err(ImportError::at_line(
            origin,
            1,
            Problem::FrontMatter("opened with --- but never closed with a --- line".into()),
        ));
    };
    let yaml = &rest[..end];
    let markdown = rest[end + 4..]
        .strip_prefix('\n')
        .unwrap_or(&rest[end + 4..]);
    let body_line = yaml.lines().count() + 3;
    check_front_matter_shape(yaml)
        .map_err(|(line, problem)| ImportError::at_line(origin, line, problem))?;
    let docs = YamlLoader::load_from_str(yaml).map_err(|e| {
        ImportError::at_line(
            origin,
            e.marker().line() + 1,
            Problem::FrontMatter(e.info().to_owned()),
        )
    })?;
    let front = docs.into_iter().next().filter(|doc| !doc.is_null());
    if let Some(doc) = &front
        && doc.as_hash().is_none()
    {
        return Err(ImportError::at_line(
            origin,
            2,
            Problem::FrontMatter("expected `key: value` lines".into()),
        ));
    }
    Ok((front, markdown, body_line))
}

/// Largest front matter read; real front matter is a few hundred bytes.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;
/// Values (scalars, lists, maps) allowed in front matter.
const MAX_FRONT_MATTER_NODES: usize = 10_000;
/// Lists and maps nested in one another in front matter.
const MAX_FRONT_MATTER_DEPTH: usize = 32;

/// Walks the front matter's parse events before anything is built, refusing aliases (`*name`:
/// each is a copy of what it names, so nine levels of lists of aliases make billions of values
/// from a few hundred bytes), and front matter too large, too many values or too deep.
/// The error carries the file line.
fn check_front_matter_shape(yaml: &str) -> Result<(), (usize, Problem)> {
    // The YAML starts on the file's second line, after the opening `---`.
    let refuse = |line: usize, why: String| Err((line + 1, Problem::FrontMatter(why)));
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return refuse(
            1,
            format!(
                "it is {} bytes, over the {MAX_FRONT_MATTER_BYTES}-byte limit for front matter",
                yaml.len()
            ),
        );
    }
    let mut parser = YamlParser::new_from_str(yaml);
    let (mut nodes, mut depth) = (0_usize, 0_usize);
    loop {
        // Syntax errors are reported by the loader, with its own message.
        let Ok((event, mark)) = parser.next_token() else {
            return Ok(());
        };
        match event {
            YamlEvent::StreamEnd => return Ok(()),
            YamlEvent::Alias(_) => {
                return refuse(
                    mark.line(),
                    "aliases (*name) are not read; write the value out".into(),
                );
            }
            YamlEvent::SequenceStart(..) | YamlEvent::MappingStart(..) => {
                nodes += 1;
                depth += 1;
                if depth > MAX_FRONT_MATTER_DEPTH {
                    return refuse(
                        mark.line(),
                        format!("nested deeper than {MAX_FRONT_MATTER_DEPTH} levels"),
                    );
                }
            }
            YamlEvent::SequenceEnd | YamlEvent::MappingEnd => depth = depth.saturating_sub(1),
            YamlEvent::Scalar(..) => nodes += 1,
            _ => {}
        }
        if nodes > MAX_FRONT_MATTER_NODES {
            return refuse(
                mark.line(),
                format!("more than {MAX_FRONT_MATTER_NODES} values"),
            );
        }
    }
}

fn apply_front_matter(article: &mut Article, front: &Yaml) {
    article.url = text_field(front, &["url", "link", "canonical"]);
    article.author = text_field(front, &["author", "byline", "by"]);
    article.source = text_field(front, &["source", "site", "publisher"]);
    article.published = text_field(front, &["date", "published"]).and_then(|d| parse_date(&d));
    article.saved = text_field(front, &["saved"]).and_then(|d| parse_date(&d));
    article.read = bool_field(front, &["read", "archived"]);
    article.bookmarked = bool_field(front, &["bookmarked", "starred", "favorite"]);
    article.tags = match &front["tags"] {
        Yaml::Array(items) => items.iter().filter_map(scalar_text).collect(),
        other => scalar_text(other)
            .map(|s| s.split(',').map(|t| t.trim().to_owned()).collect())
            .unwrap_or_default(),
    };
    article.tags.retain(|t| !t.is_empty());
}

fn text_field(front: &Yaml, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|key| scalar_text(&front[*key]))
        .filter(|s| !s.trim().is_empty())
}

fn bool_field(front: &Yaml, keys: &[&str]) -> bool {
    keys.iter().any(|key| front[*key].as_bool() == Some(true))
}

fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Renders Markdown to plain paragraphs; a first-level heading that opens the text is returned
/// separately as the title. Links are marked `[n]` after their words and listed after the text,
/// as saved web pages keep them.
fn render(markdown: &str) -> (Option<String>, String) {
    let mut title = None;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_title = false;
    let mut seen_block = false;
    let mut list_depth = 0_usize;
    let mut quote_depth = 0_usize;
    let mut links: Vec<String> = Vec::new();
    let mut link_target: Option<String> = None;
    let mut link_text_start = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if !in_title => {
                link_target = Some(dest_url.trim().to_owned())
                    .filter(|u| !u.is_empty() && !u.starts_with('#'));
                link_text_start = current.len();
            }
            Event::End(TagEnd::Link) => {
                if let Some(url) = link_target.take() {
                    // An address shown as its own text (`<https://…>`) needs no reference.
                    if current
                        .get(link_text_start..)
                        .is_none_or(|text| text.trim() != url)
                    {
                        let number = match links.iter().position(|l| *l == url) {
                            Some(at) => at + 1,
                            None => {
                                links.push(url);
                                links.len()
                            }
                        };
                        current.push_str(&format!(" [{number}]"));
                    }
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                if level == HeadingLevel::H1 && !seen_block && title.is_none() {
                    in_title = true;
                }
                seen_block = true;
            }
            Event::End(TagEnd::Heading(_)) if in_title => {
                title = Some(std::mem::take(&mut current).trim().to_owned());
                in_title = false;
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut paragraphs);
                current.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                current.push_str("• ");
            }
            Event::Start(Tag::List(_)) => {
                flush(&mut current, &mut paragraphs);
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut current, &mut paragraphs);
                quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut current, &mut paragraphs);
                quote_depth = quote_depth.saturating_sub(1);
            }
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_)) => {
                seen_block = true;
                if !current.starts_with('•') || !current.trim_end().ends_with('•') {
                    flush(&mut current, &mut paragraphs);
                }
                if quote_depth > 0 && current.is_empty() {
                    current.push_str("> ");
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => flush(&mut current, &mut paragraphs),
            Event::Text(text) | Event::Code(text) => current.push_str(&text),
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => current.push('\n'),
            Event::Rule => flush(&mut current, &mut paragraphs),
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    let text = join_paragraphs(paragraphs.iter().map(String::as_str));
    let converted = crate::html::Converted {
        unmarked: String::new(),
        text,
        links,
    };
    (title, converted.with_link_list())
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let text = std::mem::take(current);
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed != "•" && trimmed != ">" {
        paragraphs.push(trimmed.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_are_kept_as_numbered_references() {
        let md = "# Bridge\n\nThe [council](https://example.org/c) voted, see [minutes](https://example.org/m) \
                  and the [council](https://example.org/c) again, <https://example.org/raw> and [top](#top).\n";
        let article = parse(md, "b.md").expect("parse");
        assert_eq!(
            article.body,
            "The council [1] voted, see minutes [2] and the council [1] again, https://example.org/raw and top.\n\n\
             Links:\n[1] https://example.org/c\n[2] https://example.org/m"
        );
    }

    #[test]
    fn front_matter_fills_the_story() {
        let md = "---\ntitle: Harbour plan\nurl: https://example.org/h\ndate: 2025-10-01\n\
                  tags: [city, \"transport\"]\nauthor: Ana Ruiz\nsource: The Ledger\nbookmarked: true\n---\n\
                  The council *voted* on Monday.\n";
        let article = parse(md, "h.md").expect("parse");
        assert_eq!(article.title, "Harbour plan");
        assert_eq!(article.url.as_deref(), Some("https://example.org/h"));
        assert_eq!(article.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(article.source.as_deref(), Some("The Ledger"));
        assert_eq!(
            article.tags,
            vec!["city".to_string(), "transport".to_string()]
        );
        assert!(article.bookmarked && !article.read);
        assert!(article.published.is_some());
        assert_eq!(article.body, "The council voted on Monday.");
    }

    #[test]
    fn a_leading_heading_is_the_title() {
        let article = parse(
            "# Big news\n\nFirst.\n\n## Part two\n\n- one\n- two\n\n> quoted\n",
            "n.md",
        )
        .expect("parse");
        assert_eq!(article.title, "Big news");
        assert_eq!(
            article.body,
            "First.\n\nPart two\n\n• one\n\n• two\n\n> quoted"
        );
    }

    #[test]
    fn unclosed_front_matter_names_the_line() {
        let error = parse("---\ntitle: x\nbody\n", "bad.md").expect_err("must fail");
        assert_eq!(error.line, Some(1));
        assert!(
            error
                .to_string()
                .starts_with("bad.md:1: invalid front matter")
        );
    }

    #[test]
    fn broken_yaml_names_its_line() {
        let error =
            parse("---\ntitle: ok\ntags: [unclosed\n---\ntext\n", "bad.md").expect_err("fail");
        assert!(error.line.is_some_and(|l| l >= 2), "{error}");
    }

    /// Nine levels of lists of nine aliases each expand to 9^9 values from a few hundred bytes.
    fn alias_bomb(levels: usize) -> String {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..levels {
            let previous = format!("*a{}", level - 1);
            let list = [previous.as_str(); 9].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{list}]\n"));
        }
        format!("---\ntitle: Bomb\n{yaml}---\nBody.\n")
    }

    #[test]
    fn front_matter_aliases_are_refused_before_expanding() {
        let error = parse(&alias_bomb(3), "bomb.md").expect_err("aliases refused");
        assert!(error.to_string().contains("aliases"), "{error}");
        // The first alias is on the fourth line of the file.
        assert_eq!(error.line, Some(4));
        let error = parse("---\nx: &x hello\ntitle: *x\n---\nBody.\n", "a.md").expect_err("alias");
        assert!(error.to_string().contains("aliases"), "{error}");
    }

    #[test]
    fn anchors_without_aliases_are_harmless() {
        let article = parse("---\ntitle: &t Plain\n---\nBody.\n", "a.md").expect("parse");
        assert_eq!(article.title, "Plain");
    }

    #[test]
    fn oversized_or_deep_front_matter_is_refused() {
        let big = format!("---\ntitle: x\nnote: {}\n---\nBody.\n", "y".repeat(70_000));
        let error = parse(&big, "big.md").expect_err("too large");
        assert!(
            error.to_string().contains("limit for front matter"),
            "{error}"
        );
        let deep = format!("---\nx: {}{}\n---\nBody.\n", "[".repeat(40), "]".repeat(40));
        let error = parse(&deep, "deep.md").expect_err("too deep");
        assert!(error.to_string().contains("nested deeper"), "{error}");
        let many = format!("---\nx: [{}]\n---\nBody.\n", vec!["1"; 10_001].join(","));
        let error = parse(&many, "many.md").expect_err("too many");
        assert!(error.to_string().contains("values"), "{error}");
    }

    #[test]
    fn comma_separated_tags_are_split() {
        let article = parse("---\ntags: a, b ,c\n---\nText here.\n", "t.md").expect("parse");
        assert_eq!(article.tags, vec!["a", "b", "c"]);
        assert_eq!(article.title, "Text here");
    }
}
