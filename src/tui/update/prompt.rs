//! Opening the search prompt; the keys typed into it are handled by `tui::edit`.

use crate::tui::model::{Model, Prompt, TextInput};
use crate::tui::worker::Task;

/// Opens the prompt holding the current search, or empty on a built-in or saved view.
pub(super) fn open_search(model: &mut Model) -> Vec<Task> {
    let text = if model.views.contains(&model.view) {
        String::new()
    } else {
        model.view.query_text.clone()
    };
    // Esc from the search (now or after Enter) comes back here.
    super::history::remember(model);
    model.prompt = Some(Prompt {
        input: TextInput::with_text(&text),
        error: None,
        before: model.view.clone(),
    });
    Vec::new()
}
