//! The entity panel's rows: the open story's names under their canonical names, with counts,
//! what each row shows, and whether it leads to other stories.

use super::OpenStory;
use crate::entities::Label;

/// One row of the entity panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelEntity {
    pub label: Label,
    /// The canonical name, which `entity:` looks up ("2025-11-19", "Donald Trump").
    pub name: String,
    /// What the panel shows: the canonical name, or for a date written another way its words
    /// with the day they mean ("Wednesday (2025-11-19)").
    pub shown: String,
    /// Mentions in the story, of every name the entity has.
    pub count: usize,
    /// Whether Enter lists the stories that mention it: not for a date no day was found for
    /// ("today" in a story without a publication date), which means another day elsewhere.
    pub linkable: bool,
}

impl OpenStory {
    /// The story's names with how often each is mentioned, grouped by kind, most mentioned first.
    #[must_use]
    pub fn entity_counts(&self) -> Vec<PanelEntity> {
        let mut rows: Vec<PanelEntity> = Vec::new();
        for mention in &self.mentions {
            if let Some(row) = rows
                .iter_mut()
                .find(|row| row.label == mention.label && row.name == mention.name)
            {
                row.count += 1;
                continue;
            }
            let written = self
                .article
                .body
                .get(mention.start..mention.end)
                .unwrap_or(&mention.name);
            let dated = mention.name.chars().any(|c| c.is_ascii_digit());
            let shown = if mention.label == Label::Date && dated && written != mention.name {
                format!("{written} ({})", mention.name)
            } else {
                mention.name.clone()
            };
            rows.push(PanelEntity {
                label: mention.label,
                name: mention.name.clone(),
                shown,
                count: 1,
                linkable: mention.label != Label::Date || dated,
            });
        }
        rows.sort_by(|a, b| {
            a.label
                .cmp(&b.label)
                .then(b.count.cmp(&a.count))
                .then(a.name.cmp(&b.name))
        });
        rows
    }
}
