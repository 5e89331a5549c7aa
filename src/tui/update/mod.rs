//! The only place the reader's state changes: actions, terminal events and background results in,
//! tasks for the worker out. No I/O happens here.

use std::time::{Duration, Instant};

use ratatui::layout::Rect;

use super::action::Action;
use super::layout::{self, Screen};
use super::model::undo::Change;
use super::model::{Focus, Model, OpenStory, Overlay, Status, StatusKind, View};
use super::worker::{Outcome, Task};
use crate::article::ArticleId;
use crate::text::single_line;

mod all_highlights;
mod history;
mod links;
mod list;
mod mouse;
mod overlays;
mod passages;
mod prompt;
mod reader;
mod refresh;
mod select;
mod sidebar;
mod stories;
mod undo;
mod unread;

pub(crate) use all_highlights::filter_changed as highlights_filter_changed;
pub(crate) use history::back as go_back;
pub use list::tick;
use list::{
    back, cycle_focus, focus, focus_left, focus_right, keep_selection_visible, open,
    preview_selected, select,
};
pub use mouse::mouse;
use overlays::{entities_overlay, help_overlay, tags_overlay};
use reader::{clamp_scroll, jump_to_entity, jump_to_match, scroll_story};
pub use refresh::auto_refresh;
pub(crate) use select::save_note;
use stories::{
    bookmark_changed, edit_tags, open_in_browser, read_changed, tags_changed, toggle_bookmark,
    toggle_read,
};
use undo::mark_all_read;

/// How long a status message stays.
pub const STATUS_LIFETIME: Duration = Duration::from_secs(4);
/// Rows of the list fetched at a time; the list never holds the whole library.
pub const WINDOW: usize = 300;

/// The first tasks of a session: the list (around the story selected last time, when the
/// model was restored), the tags and the sidebar's counts.
pub fn start(model: &mut Model) -> Vec<Task> {
    let keep = model.open_when_loaded.take();
    let mut window = load_window(model, 0);
    if let Task::LoadWindow { keep: kept, .. } = &mut window {
        *kept = keep;
    }
    vec![
        window,
        Task::LoadTags,
        sidebar::load_counts(model),
        Task::AnalyseStale,
    ]
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
        Some(Overlay::Highlights { selected }) => {
            return passages::overlay(model, action, selected);
        }
        Some(Overlay::AllHighlights) => return all_highlights::apply(model, action),
        Some(Overlay::TagEditor(_) | Overlay::Note(_)) | None => {}
    }
    if model.selection.is_some() {
        match select::apply(model, action) {
            Some(tasks) => return tasks,
            None => model.selection = None,
        }
    }
    if model.focus == Focus::Sidebar
        && let Some(tasks) = sidebar::apply(model, action)
    {
        return tasks;
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
                if model.space_next_unread && reader::at_end(model, reader_page) {
                    return unread::next(model, true);
                }
                let page = signed(reader_page.saturating_sub(2).max(1));
                scroll_story(model, page, reader_page)
            } else {
                open(model)
            }
        }
        Action::Open => open(model),
        Action::SwitchPane => cycle_focus(model),
        Action::FocusList => focus_left(model),
        Action::FocusReader => focus_right(model),
        Action::ToggleSidebar => sidebar::toggle(model),
        Action::NextUnread => unread::next(model, true),
        Action::PreviousUnread => unread::next(model, false),
        Action::MarkAllRead => {
            let view = model.view.clone();
            undo::mark_all_read(&view)
        }
        Action::Undo => undo::undo(model),
        Action::Remove => undo::remove(model),
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
                history::go_to(model, view)
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
        Action::ShowHighlights => passages::open_overlay(model),
        Action::AllHighlights => all_highlights::open(model),
        Action::Select => select::start(model),
        Action::CycleColor => {
            model.highlight_color = model.highlight_color.next();
            let text = format!("New highlights will be {}", model.highlight_color);
            show(model, text, StatusKind::Info);
            Vec::new()
        }
        Action::Note
        | Action::NextParagraph
        | Action::PreviousParagraph
        | Action::NextWord
        | Action::PreviousWord
        | Action::StartEarlier
        | Action::StartLater => {
            let key = "select a passage first (v), then";
            show(
                model,
                format!("To highlight: {key} enter, or a for a note"),
                StatusKind::Info,
            );
            Vec::new()
        }
        Action::CopyUrl => links::copy_story_url(model),
        Action::PipeStory => links::pipe_story(model),
        Action::Redraw => Vec::new(),
        Action::Refresh => {
            show(model, "Refreshing feeds…", StatusKind::Info);
            vec![Task::Refresh(crate::subscriptions::Options {
                which: crate::subscriptions::Which::All,
                ..model.refresh.options
            })]
        }
        Action::FetchFullText => match model.story.as_ref().and_then(OpenStory::id) {
            Some(id) => {
                show(model, "Downloading the full article…", StatusKind::Info);
                vec![Task::FetchFullText(id)]
            }
            None => {
                show(model, "Open a story first", StatusKind::Error);
                Vec::new()
            }
        },
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
            kept,
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
            if let Some((id, index)) = kept {
                keep_story(model, id, index);
            }
            model.restore_row = None;
            model.selected = model.selected.min(model.counts.total.saturating_sub(1));
            let page = list_page(model);
            keep_selection_visible(model, page);
            let mut tasks = ensure_window(model);
            let waiting = model.open_when_loaded;
            if waiting.is_some() && waiting == model.selected_story().map(|s| s.id) {
                model.open_when_loaded = None;
                tasks.extend(open(model));
                all_highlights::arrived(model);
            } else if std::mem::take(&mut model.unread_when_loaded) {
                tasks.extend(unread::next(model, true));
            } else {
                tasks.extend(preview_selected(model));
            }
            tasks
        }
        Outcome::ArticleLoaded(article, mentions) => {
            if article.id.is_some() && article.id == model.selected_story().map(|s| s.id) {
                let width = reader_width(model);
                let mut story = OpenStory::new(*article, mentions, width);
                // A story reloaded in place (new entities) keeps the reader where they were.
                let same = model.story.as_ref().filter(|old| old.id() == story.id());
                if same.is_none_or(|old| old.article.body != story.article.body) {
                    model.selection = None;
                }
                if let Some(old) = same {
                    story.scroll = old.scroll.min(story.lines.len().saturating_sub(1));
                    story.saved_position = old.saved_position;
                }
                model.story = Some(story);
                all_highlights::arrived(model);
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
            if announce {
                undo::record(
                    model,
                    Change::Read {
                        ids: vec![id],
                        read,
                    },
                );
            }
            vec![sidebar::load_counts(model)]
        }
        Outcome::BookmarkChanged { id, on } => {
            bookmark_changed(model, id, on);
            undo::record(model, Change::Bookmark { id, on });
            vec![sidebar::load_counts(model)]
        }
        Outcome::TagsChanged { story, tags, all } => {
            let before = stories::tags_now(model, story);
            let change = undo::tag_change(story, &before, &tags);
            tags_changed(model, story, tags);
            model.known_tags = all;
            undo::record(model, change);
            vec![sidebar::load_counts(model)]
        }
        Outcome::Sidebar(counts) => {
            let first = model.sidebar.entries.is_empty();
            let views = model.views.clone();
            model.sidebar.update(&views, &counts);
            if first {
                // The cursor starts on the view being shown (a restored one, say).
                model.sidebar.select_view(&model.view.clone());
            }
            Vec::new()
        }
        Outcome::MarkedRead { ids, read, what } => undo::marked(model, ids, read, &what),
        Outcome::UnreadFound {
            generation,
            found,
            forward,
        } => unread::found(model, generation, found, forward),
        Outcome::Removed(article) => undo::removed(model, *article),
        Outcome::Restored { old, new } => undo::restored(model, old, new),
        Outcome::HighlightRemoved { story, highlight } => {
            let mut tasks = passages::removed(model, story, highlight);
            tasks.extend(all_highlights::refresh(model));
            tasks
        }
        Outcome::HighlightRestored { story } => {
            let mut tasks = passages::reload(model, story);
            tasks.extend(all_highlights::refresh(model));
            tasks
        }
        Outcome::HighlightAdded { story, highlight } => select::added(model, story, &highlight),
        Outcome::NoteChanged {
            story,
            id,
            color,
            before,
        } => {
            let mut tasks = select::note_changed(model, story, id, color, before);
            tasks.extend(all_highlights::refresh(model));
            tasks
        }
        Outcome::AllHighlights {
            offset,
            rows,
            total,
            filter,
        } => all_highlights::absorb(model, offset, rows, total, &filter),
        Outcome::Undone(outcome) => {
            model.undoing = true;
            let tasks = absorb(model, *outcome);
            model.undoing = false;
            undo::undone(model);
            tasks
        }
        Outcome::Refreshed { feeds, new, failed } => {
            model.refresh.last = Some(chrono::Utc::now());
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
            vec![
                reload_keeping_selection(model),
                Task::LoadTags,
                sidebar::load_counts(model),
            ]
        }
        Outcome::LibraryChanged => {
            // Someone else added or changed stories: reload the list around the same story.
            vec![
                reload_keeping_selection(model),
                Task::LoadTags,
                sidebar::load_counts(model),
            ]
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

/// Shows a new view from its first story, without remembering the old one (the search prompt
/// calls this on every key; choosing a view goes through `history::go_to`).
pub fn switch_view(model: &mut Model, view: View) -> Vec<Task> {
    switch_view_keeping(model, view, None, 0)
}

/// Shows a new view; with `keep`, that story is selected again at `row` on screen when it is
/// still in the view.
pub(crate) fn switch_view_keeping(
    model: &mut Model,
    view: View,
    keep: Option<ArticleId>,
    row: usize,
) -> Vec<Task> {
    let mut tasks = save_position(model);
    // Another list: going back no longer leads to the library's highlights view.
    model.all_highlights = None;
    model.sidebar.select_view(&view);
    model.view = view;
    model.generation += 1;
    model.selected = 0;
    model.list_offset = 0;
    model.pending_window = None;
    model.open_when_loaded = None;
    model.restore_row = keep.map(|_| row);
    let mut task = load_window(model, 0);
    if let Task::LoadWindow { keep: kept, .. } = &mut task {
        *kept = keep;
    }
    tasks.push(task);
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
pub(super) fn load_window(model: &mut Model, offset: usize) -> Task {
    model.pending_window = Some(offset);
    Task::LoadWindow {
        generation: model.generation,
        query: model.view.query.clone(),
        offset,
        limit: WINDOW,
        count: true,
        keep: None,
    }
}

/// Reloads the view after the library changed, keeping the selected story selected wherever it
/// now sits: positions shift when stories are added or removed, ids do not.
pub(super) fn reload_keeping_selection(model: &mut Model) -> Task {
    let offset = model.window_start;
    let mut task = load_window(model, offset);
    if let Task::LoadWindow { keep, .. } = &mut task {
        *keep = model.selected_story().map(|s| s.id);
    }
    model.pending_window = None;
    task
}

/// Moves the selection to where the kept story is now; says so when it has gone, since the
/// reading pane then shows the story that took its place.
fn keep_story(model: &mut Model, id: ArticleId, index: Option<usize>) {
    match index {
        Some(index) => {
            // The same rows stay on screen around it.
            let row = model
                .restore_row
                .take()
                .unwrap_or_else(|| model.selected.saturating_sub(model.list_offset));
            model.selected = index;
            model.list_offset = index.saturating_sub(row);
        }
        None => {
            if model.story.as_ref().and_then(OpenStory::id) == Some(id) {
                show(
                    model,
                    "The story you had open was removed or no longer matches this view",
                    StatusKind::Error,
                );
            }
        }
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

pub(super) fn layout_screen(model: &Model) -> Option<Screen> {
    screen(model)
}

fn screen(model: &Model) -> Option<Screen> {
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    layout::screen(
        area,
        model.focus,
        model.story.is_some(),
        model.sidebar.shown,
    )
}

pub(super) fn list_page(model: &Model) -> usize {
    screen(model)
        .and_then(|s| s.list)
        .map_or(1, layout::list_rows)
}

pub(super) fn reader_width(model: &Model) -> u16 {
    // Wrap for the pane as it will be once the story is showing.
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    layout::screen(area, Focus::Reader, true, model.sidebar.shown)
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
