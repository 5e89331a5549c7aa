//! The reading pane: scrolling the open story and jumping to search matches and entities.

use super::show;
use crate::text::words_starting_with;
use crate::tui::model::{Model, StatusKind, StoryLine};
use crate::tui::worker::Task;

pub(super) fn scroll_story(model: &mut Model, delta: isize, page: usize) -> Vec<Task> {
    if let Some(story) = &mut model.story {
        story.scroll = story.scroll.saturating_add_signed(delta);
    }
    clamp_scroll(model, page);
    Vec::new()
}

pub(super) fn clamp_scroll(model: &mut Model, page: usize) {
    if let Some(story) = &mut model.story {
        let max = story.lines.len().saturating_sub(page);
        story.scroll = story.scroll.min(max);
    }
}

/// Moves the story so the next (or previous) line holding a search word is at the top.
pub(super) fn jump_to_match(model: &mut Model, forward: bool, page: usize) -> Vec<Task> {
    let words = model.highlight_words();
    if words.is_empty() {
        show(
            model,
            "No search is active: press / to search",
            StatusKind::Error,
        );
        return Vec::new();
    }
    jump_to_line(model, forward, page, "No more matches", |line| {
        !words_starting_with(&line.text, &words).is_empty()
    })
}

/// Moves the story so the next (or previous) line with an entity is at the top.
pub(super) fn jump_to_entity(model: &mut Model, forward: bool, page: usize) -> Vec<Task> {
    jump_to_line(model, forward, page, "No more entities", |line| {
        !line.marks.is_empty()
    })
}

/// Scrolls the story to the next (or previous) line that `wanted` picks, or says there is none.
pub(super) fn jump_to_line(
    model: &mut Model,
    forward: bool,
    page: usize,
    none_left: &str,
    wanted: impl Fn(&StoryLine) -> bool,
) -> Vec<Task> {
    let Some(story) = &model.story else {
        return Vec::new();
    };
    let picks = |index: &usize| wanted(&story.lines[*index]);
    let found = if forward {
        (story.scroll + 1..story.lines.len()).find(picks)
    } else {
        (0..story.scroll).rev().find(picks)
    };
    match found {
        Some(line) => {
            if let Some(story) = &mut model.story {
                story.scroll = line;
            }
            clamp_scroll(model, page);
        }
        None => show(model, none_left, StatusKind::Info),
    }
    Vec::new()
}
