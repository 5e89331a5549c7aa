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

/// Moves the story so the next (or previous) line holding a search word is at the top, saying
/// "match 3 of 12" and wrapping round at either end.
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
    let Some(story) = &mut model.story else {
        return Vec::new();
    };
    let matches: Vec<usize> = (0..story.lines.len())
        .filter(|&i| !words_starting_with(&story.lines[i].text, &words).is_empty())
        .collect();
    let Some(&last) = matches.last() else {
        show(model, "No match in this story", StatusKind::Info);
        return Vec::new();
    };
    // The match jumped to last time, if it is still on screen; else the top line.
    let here = story
        .last_match
        .filter(|&m| m >= story.scroll && m < story.scroll + page)
        .unwrap_or(story.scroll);
    let (target, wrapped) = if forward {
        matches
            .iter()
            .copied()
            .find(|&m| m > here)
            .map_or((matches[0], true), |m| (m, false))
    } else {
        matches
            .iter()
            .rev()
            .copied()
            .find(|&m| m < here)
            .map_or((last, true), |m| (m, false))
    };
    story.last_match = Some(target);
    story.scroll = target;
    let number = matches.iter().position(|&m| m == target).unwrap_or(0) + 1;
    clamp_scroll(model, page);
    let text = match (wrapped, forward) {
        (false, _) => format!("Match {number} of {}", matches.len()),
        (true, true) => format!("Match {number} of {} · wrapped to the top", matches.len()),
        (true, false) => format!("Match {number} of {} · wrapped to the end", matches.len()),
    };
    show(model, text, StatusKind::Info);
    Vec::new()
}

/// Whether the open story's last line is on screen, where Space moves on to the next story.
pub(super) fn at_end(model: &Model, page: usize) -> bool {
    model
        .story
        .as_ref()
        .is_some_and(|s| s.scroll + page >= s.lines.len())
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
