//! Keys while text is being typed: the search prompt, the tag editor, the note editor and the
//! filter of the library's highlights view. Here keys are characters, not bindings, so they
//! bypass the keymap.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::model::select::NoteEditor;
use super::model::{Model, Overlay, TagEditor, TextInput, View};
use super::update::{go_back, highlights_filter_changed, save_note, show, switch_view};
use super::worker::Task;
use crate::query;
use crate::text::{fold, single_line};

/// The tag editor's keys, shown in the editor; they are fixed, like a text field's.
pub const TAG_EDITOR_KEYS: &str = "enter add · tab complete · ↑↓ select · del remove · esc done";

/// Whether keys should go to a text field rather than the keymap.
#[must_use]
pub fn is_typing(model: &Model) -> bool {
    model.prompt.is_some()
        || matches!(
            model.overlay,
            Some(Overlay::TagEditor(_) | Overlay::Note(_))
        )
        || model.overlay == Some(Overlay::AllHighlights)
            && model.all_highlights.as_ref().is_some_and(|v| v.typing)
}

/// Handles a key while a text field is open.
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Task> {
    if model.prompt.is_some() {
        return prompt_key(model, key);
    }
    if model.overlay == Some(Overlay::AllHighlights) {
        return highlights_filter_key(model, key);
    }
    match model.overlay.take() {
        Some(Overlay::TagEditor(editor)) => tag_editor_key(model, editor, key),
        Some(Overlay::Note(editor)) => note_key(model, editor, key),
        other => {
            model.overlay = other;
            Vec::new()
        }
    }
}

/// What a key did to a text field.
#[derive(Debug, PartialEq, Eq)]
enum Edit {
    Changed,
    Unchanged,
    Submit,
    Cancel,
    /// A key the field does not use; the caller may.
    Other,
}

/// Line editing shared by every text field.
fn edit(input: &mut TextInput, key: KeyEvent) -> Edit {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter => Edit::Submit,
        KeyCode::Esc => Edit::Cancel,
        KeyCode::Char('c') if control => Edit::Cancel,
        KeyCode::Char('u') if control => {
            input.text.replace_range(..input.cursor, "");
            input.cursor = 0;
            Edit::Changed
        }
        KeyCode::Char('w') if control => {
            let before = input.text[..input.cursor].trim_end();
            let start = before.rfind(' ').map_or(0, |i| i + 1);
            input.text.replace_range(start..input.cursor, "");
            input.cursor = start;
            Edit::Changed
        }
        KeyCode::Char('a') if control => move_to(input, 0),
        KeyCode::Char('e') if control => move_to(input, input.text.len()),
        KeyCode::Char(c) if !control && !key.modifiers.contains(KeyModifiers::ALT) => {
            if c.is_control() {
                return Edit::Unchanged;
            }
            input.text.insert(input.cursor, c);
            input.cursor += c.len_utf8();
            Edit::Changed
        }
        KeyCode::Backspace => match previous_boundary(input) {
            Some(start) => {
                input.text.replace_range(start..input.cursor, "");
                input.cursor = start;
                Edit::Changed
            }
            None => Edit::Unchanged,
        },
        KeyCode::Delete if input.cursor < input.text.len() => {
            let end = next_boundary(input);
            input.text.replace_range(input.cursor..end, "");
            Edit::Changed
        }
        KeyCode::Left => move_to(input, previous_boundary(input).unwrap_or(0)),
        KeyCode::Right => move_to(input, next_boundary(input)),
        KeyCode::Home => move_to(input, 0),
        KeyCode::End => move_to(input, input.text.len()),
        _ => Edit::Other,
    }
}

fn move_to(input: &mut TextInput, cursor: usize) -> Edit {
    input.cursor = cursor;
    Edit::Unchanged
}

fn previous_boundary(input: &TextInput) -> Option<usize> {
    input.text[..input.cursor]
        .char_indices()
        .last()
        .map(|(i, _)| i)
}

fn next_boundary(input: &TextInput) -> usize {
    input.text[input.cursor..]
        .chars()
        .next()
        .map_or(input.cursor, |c| input.cursor + c.len_utf8())
}

fn prompt_key(model: &mut Model, key: KeyEvent) -> Vec<Task> {
    let Some(prompt) = model.prompt.as_mut() else {
        return Vec::new();
    };
    match edit(&mut prompt.input, key) {
        Edit::Changed => {
            let text = prompt.input.text.clone();
            if text.trim().is_empty() {
                prompt.error = None;
                let before = prompt.before.clone();
                return switch_view(model, before);
            }
            match query::parse(&text) {
                Ok(parsed) => {
                    prompt.error = None;
                    let view = View {
                        name: format!("Search: {}", single_line(&text)),
                        query_text: text,
                        query: parsed,
                    };
                    switch_view(model, view)
                }
                Err(error) => {
                    // The list keeps showing the last query that parsed.
                    prompt.error = Some(error);
                    Vec::new()
                }
            }
        }
        Edit::Submit => {
            if let Some(error) = &prompt.error {
                let message = format!("Fix the search first: {error}");
                show(model, message, super::model::StatusKind::Error);
            } else {
                let unchanged = model.view == prompt.before;
                model.prompt = None;
                if unchanged {
                    // Nothing was searched for: there is no new view to come back from.
                    model.history.pop();
                }
            }
            Vec::new()
        }
        Edit::Cancel => {
            model.prompt = None;
            // Back to the view before the search, with the same story selected.
            go_back(model)
        }
        Edit::Unchanged | Edit::Other => Vec::new(),
    }
}

fn tag_editor_key(model: &mut Model, mut editor: TagEditor, key: KeyEvent) -> Vec<Task> {
    let mut tasks = Vec::new();
    match key.code {
        KeyCode::Tab => complete(model, &mut editor),
        KeyCode::Down if !editor.tags.is_empty() => {
            let next = editor.selected.map_or(0, |i| i + 1);
            editor.selected = Some(next.min(editor.tags.len() - 1));
        }
        KeyCode::Up => editor.selected = editor.selected.and_then(|i| i.checked_sub(1)),
        KeyCode::Delete if editor.input.text.is_empty() || editor.selected.is_some() => {
            if let Some(index) = editor.selected.filter(|&i| i < editor.tags.len()) {
                let removed = editor.tags[index].clone();
                tasks.push(Task::ChangeTags {
                    story: editor.story,
                    add: Vec::new(),
                    remove: vec![removed],
                });
            }
        }
        _ => match edit(&mut editor.input, key) {
            Edit::Submit => {
                let name = editor.input.text.trim().to_owned();
                if name.is_empty() {
                    return tasks;
                }
                editor.input = TextInput::default();
                if editor.tags.iter().any(|t| fold(t) == fold(&name)) {
                    show(
                        model,
                        format!("Already tagged {name}"),
                        super::model::StatusKind::Info,
                    );
                } else {
                    tasks.push(Task::ChangeTags {
                        story: editor.story,
                        add: vec![name],
                        remove: Vec::new(),
                    });
                }
            }
            Edit::Cancel => return tasks,
            Edit::Changed => editor.selected = None,
            Edit::Unchanged | Edit::Other => {}
        },
    }
    model.overlay = Some(Overlay::TagEditor(editor));
    tasks
}

/// The note editor's keys, shown in the editor; fixed, like a text field's.
pub const NOTE_EDITOR_KEYS: &str = "ctrl-s or alt-enter save · enter new line · esc cancel";

/// Keys in the note editor: Enter starts a new line, Ctrl-S or Alt-Enter saves, Esc cancels.
fn note_key(model: &mut Model, mut editor: NoteEditor, key: KeyEvent) -> Vec<Task> {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('s') if control => return save_note(model, editor),
        KeyCode::Enter if alt || control => return save_note(model, editor),
        KeyCode::Esc => {
            model.overlay = editor.closed();
            show(model, "Note cancelled", super::model::StatusKind::Info);
            return Vec::new();
        }
        KeyCode::Char('c') if control => return Vec::new(),
        KeyCode::Enter => {
            editor.text.insert(editor.cursor, '\n');
            editor.cursor += 1;
        }
        KeyCode::Up => editor.vertical(true),
        KeyCode::Down => editor.vertical(false),
        KeyCode::Home => editor.cursor = editor.line_start(),
        KeyCode::End => editor.cursor = editor.line_end(),
        _ => {
            let mut input = TextInput {
                text: std::mem::take(&mut editor.text),
                cursor: editor.cursor,
            };
            edit(&mut input, key);
            editor.text = input.text;
            editor.cursor = input.cursor;
        }
    }
    model.overlay = Some(Overlay::Note(editor));
    Vec::new()
}

/// Keys while the filter of the library's highlights view is typed: the list follows as you
/// type, Enter keeps the filter and gives the keys back to the list, Esc clears it.
fn highlights_filter_key(model: &mut Model, key: KeyEvent) -> Vec<Task> {
    let Some(view) = model.all_highlights.as_mut() else {
        return Vec::new();
    };
    match edit(&mut view.filter, key) {
        Edit::Changed => highlights_filter_changed(model),
        Edit::Submit => {
            view.typing = false;
            Vec::new()
        }
        Edit::Cancel => {
            view.typing = false;
            if view.filter.text.is_empty() {
                return Vec::new();
            }
            view.filter = TextInput::default();
            highlights_filter_changed(model)
        }
        Edit::Unchanged | Edit::Other => Vec::new(),
    }
}

/// Tab: fill in the first library tag that starts with what was typed and is not on the story.
fn complete(model: &Model, editor: &mut TagEditor) {
    let typed = fold(editor.input.text.trim());
    let candidate = model.known_tags.iter().map(|t| &t.name).find(|name| {
        fold(name).starts_with(&typed) && !editor.tags.iter().any(|t| fold(t) == fold(name))
    });
    if let Some(name) = candidate {
        editor.input = TextInput::with_text(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextInput, code: KeyCode, modifiers: KeyModifiers) -> Edit {
        edit(input, KeyEvent::new(code, modifiers))
    }

    #[test]
    fn line_editing_handles_multibyte_text() {
        let mut input = TextInput::default();
        for c in "Bogotá".chars() {
            press(&mut input, KeyCode::Char(c), KeyModifiers::NONE);
        }
        press(&mut input, KeyCode::Left, KeyModifiers::NONE);
        press(&mut input, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(input.text, "Bogoá");
        press(&mut input, KeyCode::Delete, KeyModifiers::NONE);
        assert_eq!(input.text, "Bogo");
        press(&mut input, KeyCode::Home, KeyModifiers::NONE);
        press(&mut input, KeyCode::Char('¡'), KeyModifiers::NONE);
        assert_eq!(input.text, "¡Bogo");
        press(&mut input, KeyCode::End, KeyModifiers::NONE);
        press(&mut input, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(input.text, "");
        assert_eq!(
            press(&mut input, KeyCode::Backspace, KeyModifiers::NONE),
            Edit::Unchanged
        );
        assert_eq!(
            press(&mut input, KeyCode::Enter, KeyModifiers::NONE),
            Edit::Submit
        );
        assert_eq!(
            press(&mut input, KeyCode::Esc, KeyModifiers::NONE),
            Edit::Cancel
        );
    }
}
