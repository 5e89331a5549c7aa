//! Highlights written as Markdown: per story a heading with its title, source, address and
//! date, then each passage as a block quote followed by its note. Suits Obsidian and similar
//! note-taking tools.

use std::fmt::Write as _;

use super::{Highlight, StoryHighlights};
use crate::text::single_line;

/// The whole Markdown document for these stories' highlights.
#[must_use]
pub fn render(stories: &[StoryHighlights]) -> String {
    let mut out = String::new();
    for (index, story) in stories.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        write_story(&mut out, story);
    }
    out
}

fn write_story(out: &mut String, group: &StoryHighlights) {
    let story = &group.story;
    let _ = writeln!(out, "## {}\n", single_line(&story.title));
    let mut facts: Vec<String> = Vec::new();
    facts.extend(story.source.as_deref().map(single_line));
    // A save date is said to be one, never passed off as the publication date.
    facts.push(story.published.map_or_else(
        || format!("saved {}", story.saved.format("%Y-%m-%d")),
        |published| published.format("%Y-%m-%d").to_string(),
    ));
    facts.extend(
        story
            .url
            .as_deref()
            .map(|url| format!("<{}>", single_line(url))),
    );
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    for highlight in &group.highlights {
        write_highlight(out, highlight);
    }
}

fn write_highlight(out: &mut String, highlight: &Highlight) {
    for line in highlight.anchor.quote.lines() {
        let line = crate::text::sanitize(line.trim_end());
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
    }
    out.push('\n');
    if highlight.orphaned {
        out.push_str("*(This passage is no longer in the story's text.)*\n\n");
    }
    if let Some(note) = &highlight.note {
        for line in note.lines() {
            let _ = writeln!(out, "{}", crate::text::sanitize(line.trim_end()));
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::highlight::{Anchor, Color, StoryRef};

    fn highlight(quote: &str, note: Option<&str>) -> Highlight {
        let mut highlight = Highlight::new(
            Anchor::at(quote, 0..quote.len()).expect("anchor"),
            Color::Yellow,
            note.map(str::to_owned),
        );
        highlight.created = Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("date");
        highlight
    }

    #[test]
    fn a_story_becomes_a_heading_and_each_passage_a_quote_with_its_note() {
        let mut orphan = highlight("Gone now.", None);
        orphan.orphaned = true;
        let stories = [StoryHighlights {
            story: StoryRef {
                id: 7,
                title: "Bridge closes".into(),
                source: Some("City Desk".into()),
                url: Some("https://example.org/bridge".into()),
                published: Utc.with_ymd_and_hms(2026, 3, 4, 0, 0, 0).single(),
                saved: Utc::now(),
            },
            highlights: vec![
                highlight(
                    "It voted to\nclose the bridge.",
                    Some("Check the vote.\nSecond line"),
                ),
                orphan,
            ],
        }];
        assert_eq!(
            render(&stories),
            "## Bridge closes\n\n\
             City Desk · 2026-03-04 · <https://example.org/bridge>\n\n\
             > It voted to\n> close the bridge.\n\n\
             Check the vote.\nSecond line\n\n\
             > Gone now.\n\n\
             *(This passage is no longer in the story's text.)*\n\n"
        );
    }

    #[test]
    fn a_story_without_a_publication_date_says_when_it_was_saved() {
        let stories = [StoryHighlights {
            story: StoryRef {
                id: 8,
                title: "Notes".into(),
                source: None,
                url: None,
                published: None,
                saved: Utc
                    .with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
                    .single()
                    .expect("date"),
            },
            highlights: vec![highlight("A line.", None)],
        }];
        assert_eq!(
            render(&stories),
            "## Notes\n\nsaved 2026-12-03\n\n> A line.\n\n"
        );
    }
}
