//! Selecting a passage in the reading pane and highlighting it, with or without a note; the
//! note editor's outcome; new highlights and changed notes coming back from the store.

use super::reader::clamp_scroll;
use super::{passages, screen, show, undo};
use crate::article::ArticleId;
use crate::highlight::{Anchor, Highlight, HighlightId};
use crate::text::sanitize;
use crate::tui::action::Action;
use crate::tui::layout;
use crate::tui::model::select::{NoteEditor, NoteTarget, Selection, paragraphs, sentences, words};
use crate::tui::model::undo::Change;
use crate::tui::model::{Focus, LineKind, Model, Overlay, StatusKind};
use crate::tui::worker::Task;

/// The open story's body, when highlights can be placed on it (its text needed no cleaning, so
/// offsets on screen are offsets in the library).
fn body(model: &Model) -> Option<&str> {
    let story = model.story.as_ref()?;
    let body = story.article.body.as_str();
    let clean = matches!(sanitize(body), std::borrow::Cow::Borrowed(_));
    (clean && !body.trim().is_empty()).then_some(body)
}

fn reader_page(model: &Model) -> usize {
    screen(model)
        .and_then(|s| s.reader)
        .map_or(1, layout::reader_rows)
        .max(1)
}

/// Starts a selection on the first sentence at or after the top of the reading pane.
pub(super) fn start(model: &mut Model) -> Vec<Task> {
    let Some(story) = &model.story else {
        show(model, "Open a story to highlight in it", StatusKind::Info);
        return Vec::new();
    };
    let top = story
        .lines
        .iter()
        .skip(story.scroll)
        .find(|l| l.kind == LineKind::Body)
        .map_or(0, |l| l.offset);
    let color = model.highlight_color;
    let Some(selection) = body(model).and_then(|body| Selection::at(body, top, color)) else {
        let why = if story.article.body.trim().is_empty() {
            "This story has no text to highlight"
        } else {
            // Offsets on screen would not be offsets in the library.
            "This story's text holds characters shown changed (tabs, emoji, controls), so it \
             cannot be highlighted in the reader; `newsdesk highlight ID \"quote\"` can"
        };
        show(model, why, StatusKind::Info);
        return Vec::new();
    };
    model.selection = Some(selection);
    model.focus = Focus::Reader;
    keep_visible(model);
    hint(model);
    Vec::new()
}

/// Clears the status line, where the keys of selection mode then show.
fn hint(model: &mut Model) {
    model.status = None;
}

/// Keys while a selection is open; `None` lets other keys through (they end the selection).
pub(super) fn apply(model: &mut Model, action: Action) -> Option<Vec<Task>> {
    let mut selection = model.selection?;
    let body = body(model)?.to_owned();
    match action {
        Action::MoveDown | Action::MoveUp => {
            selection.extend(&sentences(&body), action == Action::MoveDown);
        }
        Action::NextParagraph | Action::NextUnread | Action::PageDown | Action::HalfPageDown => {
            selection.extend(&paragraphs(&body), true);
        }
        Action::PreviousParagraph
        | Action::PreviousUnread
        | Action::PageUp
        | Action::HalfPageUp => selection.extend(&paragraphs(&body), false),
        Action::NextWord | Action::PreviousWord => {
            selection.end_by_word(&words(&body), action == Action::NextWord);
        }
        Action::StartEarlier | Action::StartLater => {
            selection.start_by_word(&words(&body), action == Action::StartEarlier);
        }
        Action::CycleColor => {
            selection.color = selection.color.next();
            model.highlight_color = selection.color;
            model.selection = Some(selection);
            hint(model);
            return Some(Vec::new());
        }
        Action::Back => {
            model.selection = None;
            show(model, "Selection cancelled", StatusKind::Info);
            return Some(Vec::new());
        }
        Action::Open | Action::Select => return Some(highlight(model, &body, selection, None)),
        Action::Note => {
            let Some(new) = new_highlight(model, &body, selection) else {
                return Some(Vec::new());
            };
            model.selection = None;
            let target = NoteTarget::New {
                story: new.0,
                highlight: Box::new(new.1),
            };
            model.overlay = Some(Overlay::Note(NoteEditor::new("", target)));
            return Some(Vec::new());
        }
        Action::Quit | Action::Help | Action::Redraw => return None,
        _ => return Some(Vec::new()),
    }
    model.selection = Some(selection);
    keep_visible(model);
    Some(Vec::new())
}

/// The highlight a selection makes, on which story.
fn new_highlight(
    model: &mut Model,
    body: &str,
    selection: Selection,
) -> Option<(ArticleId, Highlight)> {
    let story = model.story.as_ref().and_then(|s| s.article.id);
    match (story, Anchor::at(body, selection.start..selection.end)) {
        (Some(story), Some(anchor)) => Some((story, Highlight::new(anchor, selection.color, None))),
        _ => {
            model.selection = None;
            show(
                model,
                "That passage cannot be highlighted",
                StatusKind::Error,
            );
            None
        }
    }
}

/// Saves the selection as a highlight with `note`.
fn highlight(
    model: &mut Model,
    body: &str,
    selection: Selection,
    note: Option<String>,
) -> Vec<Task> {
    let Some((story, mut highlight)) = new_highlight(model, body, selection) else {
        return Vec::new();
    };
    model.selection = None;
    highlight.note = note.and_then(crate::highlight::clean_note);
    vec![Task::AddHighlight {
        story,
        highlight: Box::new(highlight),
    }]
}

/// Opens the note editor on the highlight selected in the story's highlights overlay.
pub(super) fn edit_note(model: &mut Model, selected: usize) -> Vec<Task> {
    let story = model.story.as_ref().and_then(|s| s.article.id);
    let found = model
        .story
        .as_ref()
        .and_then(|s| s.article.highlights.get(selected))
        .cloned();
    if let (Some(story), Some(highlight)) = (story, found) {
        edit_note_of(model, story, &highlight, false);
    }
    Vec::new()
}

/// Opens the note editor on a highlight of `story`; `from_all_highlights` brings the library's
/// highlights view back when the editor closes.
pub(super) fn edit_note_of(
    model: &mut Model,
    story: ArticleId,
    highlight: &Highlight,
    from_all_highlights: bool,
) {
    let Some(id) = highlight.id else {
        return;
    };
    let target = NoteTarget::Edit {
        story,
        id,
        color: highlight.color,
        before: highlight.note.clone(),
    };
    let text = highlight.note.clone().unwrap_or_default();
    let mut editor = NoteEditor::new(&text, target);
    editor.from_all_highlights = from_all_highlights;
    model.overlay = Some(Overlay::Note(editor));
}

/// The note editor is saved: the highlight is made, or its note changed.
pub(crate) fn save_note(model: &mut Model, editor: NoteEditor) -> Vec<Task> {
    model.overlay = editor.closed();
    match editor.target {
        NoteTarget::New {
            story,
            mut highlight,
        } => {
            highlight.note = crate::highlight::clean_note(editor.text);
            vec![Task::AddHighlight { story, highlight }]
        }
        NoteTarget::Edit {
            story,
            id,
            color,
            before,
        } => {
            let note = crate::highlight::clean_note(editor.text);
            if note == before {
                show(model, "The note is unchanged", StatusKind::Info);
                return Vec::new();
            }
            vec![Task::UpdateHighlight {
                story,
                id,
                color,
                note,
            }]
        }
    }
}

/// A new highlight is saved: kept for undo, the story drawn with it.
pub(super) fn added(model: &mut Model, story: ArticleId, highlight: &Highlight) -> Vec<Task> {
    if let Some(id) = highlight.id {
        undo::record(model, Change::HighlightAdded { story, id });
    }
    let what = if highlight.note.is_some() {
        "Highlighted with a note"
    } else {
        "Highlighted"
    };
    show(model, what, StatusKind::Undoable);
    passages::reload(model, story)
}

/// A note is changed: kept for undo, the story drawn with it.
pub(super) fn note_changed(
    model: &mut Model,
    story: ArticleId,
    id: HighlightId,
    color: crate::highlight::Color,
    before: Option<String>,
) -> Vec<Task> {
    undo::record(
        model,
        Change::NoteChanged {
            story,
            id,
            color,
            before,
        },
    );
    show(model, "Note saved", StatusKind::Undoable);
    passages::reload(model, story)
}

/// Scrolls so the end of the selection is on screen.
fn keep_visible(model: &mut Model) {
    let page = reader_page(model);
    let Some((start, end)) = model.selection.map(|s| (s.start, s.end)) else {
        return;
    };
    let Some(story) = &mut model.story else {
        return;
    };
    let row_of = |offset: usize| {
        story
            .lines
            .iter()
            .rposition(|l| l.kind == LineKind::Body && l.offset < offset.max(1))
            .unwrap_or(0)
    };
    let (first, row) = (row_of(start + 1), row_of(end));
    if row >= story.scroll + page {
        story.scroll = row + 1 - page;
    }
    // A start moved above the pane is brought back when the whole passage fits.
    if first < story.scroll && row < first + page {
        story.scroll = first;
    }
    clamp_scroll(model, page);
}
