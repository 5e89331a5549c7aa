//! The only place the reader's state changes: actions, terminal events and background results in,
//! tasks for the worker out. No I/O happens here.

use std::time::{Duration, Instant};

use ratatui::layout::Rect;

use super::action::Action;
use super::layout::{self, Screen};
use super::model::{Focus, Model, OpenStory, Overlay, Status, StatusKind, View};
use super::worker::{Outcome, Task};
use crate::text::single_line;

mod links;
mod list;
mod mouse;
mod overlays;
mod prompt;
mod reader;
mod stories;

use list::{back, focus, keep_selection_visible, open, preview_selected, select};
pub use mouse::mouse;
use overlays::{entities_overlay, help_overlay, tags_overlay};
use reader::{clamp_scroll, jump_to_entity, jump_to_match, scroll_story};
use stories::{
    bookmark_changed, edit_tags, open_in_browser, read_changed, tags_changed, toggle_bookmark,
    toggle_read,
};

/// How long a status message stays.
pub const STATUS_LIFETIME: Duration = Duration::from_secs(4);
/// Rows of the list fetched at a time; the list never holds the whole library.
pub const WINDOW: usize = 300;

/// The first tasks of a session: the list and the tags.
pub fn start(model: &mut Model) -> Vec<Task> {
    vec![load_window(model, 0), Task::LoadTags, Task::AnalyseStale]
}

/// Applies a user action.
pub fn apply(model: &mut Model, action: Action) -> Vec<Task> {
    if action == Action::Redraw {
        model.effects.push(super::external::Effect::Redraw);
        return Vec::new();
    }
    match model.overlay.clone() {
        Some(Overlay::Help { scroll }) => return help_overlay(model, action, scroll),
        Some(Overlay::Tags { selected }) => return tags_overlay(model, action, selected),
        Some(Overlay::Entities { entities, selected }) => {
            return entities_overlay(model, action, &entities, selected);
        }
        Some(Overlay::Links { links, selected }) => {
            return links::links_overlay(model, action, &links, selected);
        }
        Some(Overlay::TagEditor(_)) | None => {}
    }
    let Some(screen) = screen(model) else {
        return if action == Action::Quit {
            quit(model)
        } else {
            Vec::new()
        };
    };
    let reading = model.focus == Focus::Reader;
    let list_page = screen.list.map_or(1, layout::list_rows).max(1);
    let reader_page = screen.reader.map_or(1, layout::reader_rows).max(1);
    let half = signed(reader_page / 2);
    match action {
        Action::MoveDown if reading => scroll_story(model, 1, reader_page),
        Action::MoveUp if reading => scroll_story(model, -1, reader_page),
        Action::First if reading => scroll_story(model, isize::MIN, reader_page),
        Action::Last if reading => scroll_story(model, isize::MAX, reader_page),
        Action::HalfPageDown if reading => scroll_story(model, half, reader_page),
        Action::HalfPageUp if reading => scroll_story(model, -half, reader_page),
        Action::PageDown if reading => scroll_story(model, signed(reader_page), reader_page),
        Action::PageUp if reading => scroll_story(model, -signed(reader_page), reader_page),
        Action::MoveDown => select(model, 1, list_page),
        Action::MoveUp => select(model, -1, list_page),
        Action::First => select(model, isize::MIN, list_page),
        Action::Last => select(model, isize::MAX, list_page),
        Action::HalfPageDown => select(model, signed(list_page / 2), list_page),
        Action::HalfPageUp => select(model, -signed(list_page / 2), list_page),
        Action::PageDown => select(model, signed(list_page), list_page),
        Action::PageUp => select(model, -signed(list_page), list_page),
        Action::ReadOn => {
            if model.focus == Focus::Reader && model.story.is_some() {
                let page = signed(reader_page.saturating_sub(2).max(1));
                scroll_story(model, page, reader_page)
            } else {
                open(model)
            }
        }
        Action::Open => open(model),
        Action::SwitchPane => {
            let target = match model.focus {
                Focus::List => Focus::Reader,
                Focus::Reader => Focus::List,
            };
            focus(model, target)
        }
        Action::FocusList => focus(model, Focus::List),
        Action::FocusReader => focus(model, Focus::Reader),
        Action::Back => back(model),
        Action::ToggleRead => toggle_read(model),
        Action::ToggleBookmark => toggle_bookmark(model),
        Action::EditTags => edit_tags(model),
        Action::ShowTags => {
            model.overlay = Some(Overlay::Tags { selected: 0 });
            vec![Task::LoadTags]
        }
        Action::Search => prompt::open_search(model),
        Action::NextMatch => jump_to_match(model, true, reader_page),
        Action::PreviousMatch => jump_to_match(model, false, reader_page),
        Action::NextEntity => jump_to_entity(model, true, reader_page),
        Action::PreviousEntity => jump_to_entity(model, false, reader_page),
        Action::ToggleHighlights => {
            model.show_entities = !model.show_entities;
            let text = if model.show_entities {
                "Entities coloured"
            } else {
                "Entity colours off"
            };
            show(model, text, StatusKind::Info);
            Vec::new()
        }
        Action::ShowEntities => {
            match model.story.as_ref().map(OpenStory::entity_counts) {
                Some(entities) if !entities.is_empty() => {
                    model.overlay = Some(Overlay::Entities {
                        entities,
                        selected: 0,
                    });
                }
                Some(_) => show(model, "No entities found in this story", StatusKind::Info),
                None => show(model, "Open a story to see its entities", StatusKind::Info),
            }
            Vec::new()
        }
        Action::View(number) => match model.views.get(usize::from(number).wrapping_sub(1)) {
            Some(view) => {
                let view = view.clone();
                switch_view(model, view)
            }
            None => {
                show(
                    model,
                    format!("No view {number}: add saved searches under [views] in the config"),
                    StatusKind::Error,
                );
                Vec::new()
            }
        },
        Action::OpenInBrowser => open_in_browser(model),
        Action::ShowLinks => links::show_links(model),
        Action::CopyUrl => links::copy_story_url(model),
        Action::PipeStory => links::pipe_story(model),
        Action::Redraw => Vec::new(),
        Action::Refresh => {
            show(model, "Refreshing feeds…", StatusKind::Info);
            vec![Task::Refresh]
        }
        Action::Help => {
            model.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Quit => quit(model),
    }
}

/// Takes in a result of background work.
pub fn absorb(model: &mut Model, outcome: Outcome) -> Vec<Task> {
    match outcome {
        Outcome::Window {
            generation,
            offset,
            counts,
            stories,
        } => {
            if generation != model.generation {
                return Vec::new();
            }
            model.stories = stories.into_iter().map(clean_summary).collect();
            model.window_start = offset;
            if let Some(counts) = counts {
                model.counts = counts;
            }
            model.loaded = true;
            model.pending_window = None;
            model.selected = model.selected.min(model.counts.total.saturating_sub(1));
            let page = list_page(model);
            keep_selection_visible(model, page);
            let mut tasks = ensure_window(model);
            tasks.extend(preview_selected(model));
            tasks
        }
        Outcome::ArticleLoaded(article, mentions) => {
            if article.id.is_some() && article.id == model.selected_story().map(|s| s.id) {
                let width = reader_width(model);
                let mut story = OpenStory::new(*article, mentions, width);
                // A story reloaded in place (new entities) keeps the reader where they were.
                if let Some(old) = model.story.as_ref().filter(|old| old.id() == story.id()) {
                    story.scroll = old.scroll.min(story.lines.len().saturating_sub(1));
                    story.saved_position = old.saved_position;
                }
                model.story = Some(story);
            }
            Vec::new()
        }
        Outcome::Analysed { stories, more } => {
            let mut tasks = Vec::new();
            if let Some(id) = model.story.as_ref().and_then(OpenStory::id)
                && stories.contains(&id)
            {
                tasks.push(Task::LoadArticle(id));
            }
            if more {
                tasks.push(Task::AnalyseStale);
            }
            tasks
        }
        Outcome::ReadChanged { id, read, announce } => {
            read_changed(model, id, read, announce);
            Vec::new()
        }
        Outcome::BookmarkChanged { id, on } => {
            bookmark_changed(model, id, on);
            Vec::new()
        }
        Outcome::TagsChanged { story, tags, all } => {
            tags_changed(model, story, tags);
            model.known_tags = all;
            Vec::new()
        }
        Outcome::Refreshed { feeds, new, failed } => {
            let text = match (feeds, failed) {
                (0, _) => "No subscriptions: add one with `newsdesk feed add URL`".to_owned(),
                (_, 0) => format!("Refreshed {feeds} feeds: {new} new stories"),
                _ => format!("Refreshed {feeds} feeds: {new} new stories, {failed} failed"),
            };
            show(
                model,
                text,
                if failed > 0 {
                    StatusKind::Error
                } else {
                    StatusKind::Info
                },
            );
            let offset = model.window_start;
            model.pending_window = None;
            vec![load_window(model, offset), Task::LoadTags]
        }
        Outcome::LibraryChanged => {
            // Someone else added or changed stories: reload the rows on screen and the tags.
            let offset = model.window_start;
            model.pending_window = None;
            vec![load_window(model, offset), Task::LoadTags]
        }
        Outcome::Tags(tags) => {
            model.known_tags = tags;
            if let Some(Overlay::Tags { selected }) = &mut model.overlay {
                *selected = (*selected).min(model.known_tags.len().saturating_sub(1));
            }
            Vec::new()
        }
        Outcome::Failed(message) => {
            show(model, message, StatusKind::Error);
            Vec::new()
        }
        Outcome::Notice(message) => {
            show(model, message, StatusKind::Info);
            Vec::new()
        }
    }
}

/// The terminal changed size: re-wrap the story and keep the selection on screen.
pub fn resize(model: &mut Model, width: u16, height: u16) -> Vec<Task> {
    model.size = (width, height);
    let width = reader_width(model);
    if let Some(story) = &mut model.story {
        story.rewrap(width);
        let page = screen(model)
            .and_then(|s| s.reader)
            .map_or(1, layout::reader_rows);
        clamp_scroll(model, page);
    }
    let page = list_page(model);
    keep_selection_visible(model, page);
    ensure_window(model)
}

/// Clears a status message once it has been shown long enough; true when something changed.
pub fn expire_status(model: &mut Model, now: Instant) -> bool {
    let expired = model
        .status
        .as_ref()
        .is_some_and(|s| now.duration_since(s.shown_at) >= STATUS_LIFETIME);
    if expired {
        model.status = None;
    }
    expired
}

/// The tasks that save what must outlive the session: the open story's reading position.
pub fn save_position(model: &mut Model) -> Vec<Task> {
    let Some(story) = &mut model.story else {
        return Vec::new();
    };
    let position = story.position();
    match story.id() {
        Some(id) if position != story.saved_position => {
            story.saved_position = position;
            vec![Task::SavePosition(id, position)]
        }
        _ => Vec::new(),
    }
}

/// Shows a new view from its first story.
pub fn switch_view(model: &mut Model, view: View) -> Vec<Task> {
    let mut tasks = save_position(model);
    model.view = view;
    model.generation += 1;
    model.selected = 0;
    model.list_offset = 0;
    model.pending_window = None;
    tasks.push(load_window(model, 0));
    tasks
}

/// Shows a short message in the status bar.
pub fn show(model: &mut Model, text: impl Into<String>, kind: StatusKind) {
    model.status = Some(Status {
        text: text.into(),
        kind,
        shown_at: Instant::now(),
    });
}

/// Rows of the view from `offset`, with fresh counts.
fn load_window(model: &mut Model, offset: usize) -> Task {
    model.pending_window = Some(offset);
    Task::LoadWindow {
        generation: model.generation,
        query: model.view.query.clone(),
        offset,
        limit: WINDOW,
        count: true,
    }
}

/// Asks for the rows around the visible part of the list when they are not loaded yet.
fn ensure_window(model: &mut Model) -> Vec<Task> {
    if model.counts.total == 0 {
        return Vec::new();
    }
    let page = list_page(model);
    let wanted_end = (model.list_offset + page).min(model.counts.total);
    let loaded_end = model.window_start + model.stories.len();
    if model.list_offset >= model.window_start && wanted_end <= loaded_end {
        return Vec::new();
    }
    let offset = model.list_offset.saturating_sub(WINDOW / 3);
    if model.pending_window == Some(offset) {
        return Vec::new();
    }
    // Scrolling within the same view: the counts are known already.
    let mut task = load_window(model, offset);
    if let Task::LoadWindow { count, .. } = &mut task {
        *count = false;
    }
    vec![task]
}

fn clean_summary(mut story: crate::article::ArticleSummary) -> crate::article::ArticleSummary {
    story.title = single_line(&story.title);
    story.source = story.source.as_deref().map(single_line);
    story.tags = story.tags.iter().map(|t| single_line(t)).collect();
    story
}

pub(super) fn screen(model: &Model) -> Option<Screen> {
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    layout::screen(area, model.focus, model.story.is_some())
}

pub(super) fn list_page(model: &Model) -> usize {
    screen(model)
        .and_then(|s| s.list)
        .map_or(1, layout::list_rows)
}

pub(super) fn reader_width(model: &Model) -> u16 {
    // Wrap for the pane as it will be once the story is showing.
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    layout::screen(area, Focus::Reader, true)
        .and_then(|s| s.reader)
        .map_or(model.measure, |r| {
            layout::reader_text_width(r, model.measure)
        })
}

pub(super) fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

fn quit(model: &mut Model) -> Vec<Task> {
    model.quit = true;
    save_position(model)
}
