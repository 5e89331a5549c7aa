//! wallabag's annotations (annotator.js: a quote, XPath ranges into the page's HTML, and a
//! note) turned into highlights. The ranges point into HTML newsdesk does not keep, so the quote
//! is found in the story's text instead; one that cannot be found is kept as an orphan.

use serde_json::Value;

use crate::highlight::{Anchor, Color, Highlight, find_quote};

/// The highlights of one wallabag entry's `annotations` array, anchored to `body`.
pub(super) fn wallabag(annotations: Option<&Value>, body: &str) -> Vec<Highlight> {
    let Some(Value::Array(items)) = annotations else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let quote = item.get("quote").and_then(Value::as_str)?.trim();
            if quote.is_empty() {
                return None;
            }
            let anchor = find_quote(body, quote)
                .and_then(|range| Anchor::at(body, range))
                .unwrap_or_else(|| Anchor {
                    quote: quote.to_owned(),
                    prefix: String::new(),
                    suffix: String::new(),
                    start: 0,
                    end: 0,
                });
            let note = item.get("text").and_then(Value::as_str).map(str::to_owned);
            let mut highlight = Highlight::new(anchor, Color::default(), note);
            let date = |key: &str| {
                item.get(key)
                    .and_then(Value::as_str)
                    .and_then(super::exports::iso_date)
            };
            if let Some(created) = date("created_at") {
                highlight.created = created;
            }
            highlight.updated = date("updated_at").filter(|at| *at != highlight.created);
            highlight.reanchor(body);
            Some(highlight)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn annotations_become_highlights_with_notes_and_unfound_quotes_are_kept() {
        let body = "Coca cultivation rose again in 2024.\n\nThe government disputes the method.";
        let annotations = json!([
            {"quote": "rose again in 2024", "text": "third year running",
             "created_at": "2025-10-21T08:40:00+02:00",
             "ranges": [{"start": "/p[1]", "startOffset": "17", "end": "/p[1]", "endOffset": "35"}]},
            {"quote": "a sentence the extractor dropped", "text": ""},
            {"quote": "   ", "text": "no passage"},
            {"text": "no quote at all"},
            "not an object"
        ]);
        let highlights = wallabag(Some(&annotations), body);
        assert_eq!(highlights.len(), 2);
        assert_eq!(
            &body[highlights[0].anchor.start..highlights[0].anchor.end],
            "rose again in 2024"
        );
        assert_eq!(highlights[0].note.as_deref(), Some("third year running"));
        assert_eq!(
            highlights[0].created.to_rfc3339(),
            "2025-10-21T06:40:00+00:00"
        );
        assert!(highlights[1].orphaned);
        assert_eq!(highlights[1].note, None);
        assert!(wallabag(Some(&json!("nonsense")), body).is_empty());
        assert!(wallabag(None, body).is_empty());
    }
}
