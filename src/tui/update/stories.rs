//! Changes to the selected story (read, bookmark, tags, browser) and how saved changes reach the
//! screen.

use super::show;
use crate::article::ArticleId;
use crate::text::single_line;
use crate::tui::model::{Model, Overlay, StatusKind, TagEditor, TextInput};
use crate::tui::worker::Task;

pub(super) fn toggle_read(model: &mut Model) -> Vec<Task> {
    let Some(read) = model.selected_story().map(|s| !s.read) else {
        return Vec::new();
    };
    set_read(model, read, true)
}

/// Asks for the selected story to be marked; the list changes when the store confirms, so what
/// the screen shows is always saved.
pub(super) fn set_read(model: &mut Model, read: bool, announce: bool) -> Vec<Task> {
    match model.selected_story() {
        Some(story) => vec![Task::SetRead {
            id: story.id,
            read,
            announce,
        }],
        None => Vec::new(),
    }
}

pub(super) fn toggle_bookmark(model: &mut Model) -> Vec<Task> {
    match model.selected_story() {
        Some(story) => vec![Task::SetBookmarked(story.id, !story.bookmarked)],
        None => Vec::new(),
    }
}

/// A saved change to read state reaches the list, the open story and the counts.
pub(super) fn read_changed(model: &mut Model, id: ArticleId, read: bool, announce: bool) {
    if let Some(row) = model.stories.iter_mut().find(|s| s.id == id)
        && row.read != read
    {
        row.read = read;
        if read {
            model.counts.unread = model.counts.unread.saturating_sub(1);
        } else {
            model.counts.unread += 1;
        }
    }
    if let Some(open) = model.story.as_mut().filter(|s| s.id() == Some(id)) {
        open.article.read = read;
    }
    if announce {
        let text = if read {
            "Marked as read"
        } else {
            "Marked as unread"
        };
        show(model, text, StatusKind::Info);
    }
}

pub(super) fn bookmark_changed(model: &mut Model, id: ArticleId, on: bool) {
    if let Some(row) = model.stories.iter_mut().find(|s| s.id == id) {
        row.bookmarked = on;
    }
    if let Some(open) = model.story.as_mut().filter(|s| s.id() == Some(id)) {
        open.article.bookmarked = on;
    }
    show(
        model,
        if on { "Bookmarked" } else { "Bookmark removed" },
        StatusKind::Info,
    );
}

/// Saved tags reach the list row, the open story and the tag editor.
pub(super) fn tags_changed(model: &mut Model, id: ArticleId, tags: Vec<String>) {
    let clean: Vec<String> = tags.iter().map(|t| single_line(t)).collect();
    if let Some(row) = model.stories.iter_mut().find(|s| s.id == id) {
        row.tags.clone_from(&clean);
    }
    if let Some(open) = model.story.as_mut().filter(|s| s.id() == Some(id)) {
        open.article.tags = tags.clone();
        open.relayout();
    }
    if let Some(Overlay::TagEditor(editor)) = &mut model.overlay
        && editor.story == id
    {
        editor.tags = tags;
        editor.selected = editor
            .selected
            .filter(|_| !editor.tags.is_empty())
            .map(|i| i.min(editor.tags.len() - 1));
    }
}

pub(super) fn edit_tags(model: &mut Model) -> Vec<Task> {
    let Some(story) = model.selected_story() else {
        return Vec::new();
    };
    model.overlay = Some(Overlay::TagEditor(TagEditor {
        story: story.id,
        title: story.title.clone(),
        tags: story.tags.clone(),
        selected: None,
        input: TextInput::default(),
    }));
    vec![Task::LoadTags]
}

pub(super) fn open_in_browser(model: &mut Model) -> Vec<Task> {
    match model.selected_story().and_then(|s| s.url.clone()) {
        Some(url) => super::links::open_url(model, &url),
        None => {
            show(model, "This story has no web address", StatusKind::Error);
            Vec::new()
        }
    }
}

/// A story's tags as the reader knows them now: in the tag editor, the open story or its row.
pub(super) fn tags_now(model: &Model, id: ArticleId) -> Vec<String> {
    if let Some(Overlay::TagEditor(editor)) = &model.overlay
        && editor.story == id
    {
        return editor.tags.clone();
    }
    if let Some(open) = model.story.as_ref().filter(|s| s.id() == Some(id)) {
        return open.article.tags.clone();
    }
    model
        .stories
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.tags.clone())
        .unwrap_or_default()
}
