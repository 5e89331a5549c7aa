//! The only place the reader's state changes: actions, terminal events and background results in,
//! tasks for the worker out. No I/O happens here.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::layout::{self, Screen};
use super::model::{Focus, Model, OpenStory, Overlay, Status, StatusKind};
use super::worker::{Outcome, Task};
use crate::text::single_line;

/// How long a status message stays.
pub const STATUS_LIFETIME: Duration = Duration::from_secs(4);
/// Lines one turn of the mouse wheel scrolls.
const WHEEL_LINES: usize = 3;

/// Applies a user action.
pub fn apply(model: &mut Model, action: Action) -> Vec<Task> {
    if let Some(Overlay::Help { scroll }) = model.overlay {
        model.overlay = match action {
            Action::Back | Action::Help | Action::Quit => None,
            Action::MoveDown | Action::PageDown | Action::HalfPageDown => Some(Overlay::Help {
                scroll: scroll.saturating_add(1),
            }),
            Action::MoveUp | Action::PageUp | Action::HalfPageUp => Some(Overlay::Help {
                scroll: scroll.saturating_sub(1),
            }),
            Action::First => Some(Overlay::Help { scroll: 0 }),
            _ => model.overlay,
        };
        return Vec::new();
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
    match action {
        Action::MoveDown if reading => scroll_story(model, 1, reader_page),
        Action::MoveUp if reading => scroll_story(model, -1, reader_page),
        Action::First if reading => scroll_story(model, isize::MIN, reader_page),
        Action::Last if reading => scroll_story(model, isize::MAX, reader_page),
        Action::HalfPageDown if reading => {
            scroll_story(model, signed(reader_page / 2), reader_page)
        }
        Action::HalfPageUp if reading => scroll_story(model, -signed(reader_page / 2), reader_page),
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
                scroll_story(
                    model,
                    signed(reader_page.saturating_sub(2).max(1)),
                    reader_page,
                )
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
        Action::Back => {
            model.focus = Focus::List;
            Vec::new()
        }
        Action::ToggleRead => toggle_read(model),
        Action::OpenInBrowser => open_in_browser(model),
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
        Outcome::ListLoaded { stories, counts } => {
            let keep = model.selected_story().map(|s| s.id);
            model.stories = stories
                .into_iter()
                .map(|mut s| {
                    s.title = single_line(&s.title);
                    s.source = s.source.as_deref().map(single_line);
                    s.tags = s.tags.iter().map(|t| single_line(t)).collect();
                    s
                })
                .collect();
            model.counts = counts;
            model.loaded = true;
            model.selected = keep
                .and_then(|id| model.stories.iter().position(|s| s.id == id))
                .unwrap_or(0)
                .min(model.stories.len().saturating_sub(1));
            let page = screen(model)
                .and_then(|s| s.list)
                .map_or(1, layout::list_rows);
            keep_selection_visible(model, page);
            preview_selected(model)
        }
        Outcome::ArticleLoaded(article) => {
            if article.id.is_some() && article.id == model.selected_story().map(|s| s.id) {
                let width = reader_width(model);
                model.story = Some(OpenStory::new(*article, width));
            }
            Vec::new()
        }
        Outcome::CountsChanged(counts) => {
            model.counts = counts;
            Vec::new()
        }
        Outcome::Failed(message) => {
            show(model, message, StatusKind::Error);
            Vec::new()
        }
    }
}

/// The terminal changed size: re-wrap the story and keep the selection on screen.
pub fn resize(model: &mut Model, width: u16, height: u16) {
    model.size = (width, height);
    let width = reader_width(model);
    if let Some(story) = &mut model.story {
        story.rewrap(width);
        let page = screen(model)
            .and_then(|s| s.reader)
            .map_or(1, layout::reader_rows);
        clamp_scroll(model, page);
    }
    let page = screen(model)
        .and_then(|s| s.list)
        .map_or(1, layout::list_rows);
    keep_selection_visible(model, page);
}

/// The wheel scrolls the pane under the pointer; a click in the list selects that story.
pub fn mouse(model: &mut Model, event: MouseEvent) -> Vec<Task> {
    if model.overlay.is_some() {
        return Vec::new();
    }
    let Some(screen) = screen(model) else {
        return Vec::new();
    };
    let at = Position::new(event.column, event.row);
    let inside = |area: Option<Rect>| area.is_some_and(|a| a.contains(at));
    let wheel = match event.kind {
        MouseEventKind::ScrollDown => Some(signed(WHEEL_LINES)),
        MouseEventKind::ScrollUp => Some(-signed(WHEEL_LINES)),
        _ => None,
    };
    match (wheel, event.kind) {
        (Some(lines), _) if inside(screen.reader) && model.story.is_some() => {
            let page = screen.reader.map_or(1, layout::reader_rows);
            scroll_story(model, lines, page)
        }
        (Some(lines), _) if inside(screen.list) => {
            let page = screen.list.map_or(1, layout::list_rows);
            select(model, lines.signum(), page)
        }
        (None, MouseEventKind::Down(MouseButton::Left)) if inside(screen.list) => {
            let list = screen.list.unwrap_or_default();
            let row = usize::from(event.row.saturating_sub(list.y + 1) / layout::STORY_ROWS);
            let index = model.list_offset + row;
            if event.row > list.y && row < layout::list_rows(list) && index < model.stories.len() {
                model.focus = Focus::List;
                let delta = signed(index) - signed(model.selected);
                select(model, delta, layout::list_rows(list))
            } else {
                Vec::new()
            }
        }
        (None, MouseEventKind::Down(MouseButton::Left)) if inside(screen.reader) => {
            focus(model, Focus::Reader)
        }
        _ => Vec::new(),
    }
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

fn screen(model: &Model) -> Option<Screen> {
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    layout::screen(area, model.focus, model.story.is_some())
}

fn reader_width(model: &Model) -> u16 {
    // Wrap for the pane as it will be once the story is showing.
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    layout::screen(area, Focus::Reader, true)
        .and_then(|s| s.reader)
        .map_or(model.measure, |r| {
            layout::reader_text_width(r, model.measure)
        })
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

fn show(model: &mut Model, text: impl Into<String>, kind: StatusKind) {
    model.status = Some(Status {
        text: text.into(),
        kind,
        shown_at: Instant::now(),
    });
}

fn select(model: &mut Model, delta: isize, page: usize) -> Vec<Task> {
    if model.stories.is_empty() {
        return Vec::new();
    }
    let last = model.stories.len() - 1;
    let target = model.selected.saturating_add_signed(delta).min(last);
    if target == model.selected {
        return Vec::new();
    }
    let mut tasks = save_position(model);
    model.selected = target;
    keep_selection_visible(model, page);
    tasks.extend(preview_selected(model));
    tasks
}

fn keep_selection_visible(model: &mut Model, page: usize) {
    let page = page.max(1);
    if model.selected < model.list_offset {
        model.list_offset = model.selected;
    } else if model.selected >= model.list_offset + page {
        model.list_offset = model.selected + 1 - page;
    }
    let max_offset = model.stories.len().saturating_sub(page);
    model.list_offset = model.list_offset.min(max_offset);
}

/// In two-pane mode the reading pane follows the selection.
fn preview_selected(model: &mut Model) -> Vec<Task> {
    let Some(id) = model.selected_story().map(|s| s.id) else {
        model.story = None;
        return Vec::new();
    };
    if model.story.as_ref().and_then(OpenStory::id) == Some(id) {
        return Vec::new();
    }
    let two_panes = model.size.0 >= layout::NARROW_WIDTH;
    if two_panes || model.focus == Focus::Reader {
        vec![Task::LoadArticle(id)]
    } else {
        model.story = None;
        Vec::new()
    }
}

fn open(model: &mut Model) -> Vec<Task> {
    let Some(summary) = model.selected_story() else {
        return Vec::new();
    };
    let id = summary.id;
    let was_read = summary.read;
    model.focus = Focus::Reader;
    let mut tasks = Vec::new();
    if model.story.as_ref().and_then(OpenStory::id) != Some(id) {
        tasks.push(Task::LoadArticle(id));
    }
    if !was_read {
        tasks.extend(set_read(model, true, false));
    }
    tasks
}

fn focus(model: &mut Model, target: Focus) -> Vec<Task> {
    if target == Focus::Reader && model.selected_story().is_none() {
        return Vec::new();
    }
    model.focus = target;
    if target == Focus::Reader {
        return preview_selected(model);
    }
    Vec::new()
}

fn scroll_story(model: &mut Model, delta: isize, page: usize) -> Vec<Task> {
    if let Some(story) = &mut model.story {
        story.scroll = story.scroll.saturating_add_signed(delta);
    }
    clamp_scroll(model, page);
    Vec::new()
}

fn clamp_scroll(model: &mut Model, page: usize) {
    if let Some(story) = &mut model.story {
        let max = story.lines.len().saturating_sub(page);
        story.scroll = story.scroll.min(max);
    }
}

fn toggle_read(model: &mut Model) -> Vec<Task> {
    let Some(read) = model.selected_story().map(|s| !s.read) else {
        return Vec::new();
    };
    set_read(model, read, true)
}

/// Marks the selected story, updating the list at once so the UI never waits for the disk.
fn set_read(model: &mut Model, read: bool, announce: bool) -> Vec<Task> {
    let Some(story) = model.stories.get_mut(model.selected) else {
        return Vec::new();
    };
    if story.read != read {
        story.read = read;
        if read {
            model.counts.unread = model.counts.unread.saturating_sub(1);
        } else {
            model.counts.unread += 1;
        }
    }
    let id = story.id;
    if announce {
        show(
            model,
            if read {
                "Marked as read"
            } else {
                "Marked as unread"
            },
            StatusKind::Info,
        );
    }
    vec![Task::SetRead(id, read)]
}

fn open_in_browser(model: &mut Model) -> Vec<Task> {
    match model.selected_story().and_then(|s| s.url.clone()) {
        Some(url) => {
            show(
                model,
                format!("Opening {}", single_line(&url)),
                StatusKind::Info,
            );
            vec![Task::OpenUrl(url)]
        }
        None => {
            show(model, "This story has no web address", StatusKind::Error);
            Vec::new()
        }
    }
}

fn quit(model: &mut Model) -> Vec<Task> {
    model.quit = true;
    save_position(model)
}
