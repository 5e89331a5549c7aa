//! What the reader remembers between sessions (the view, the selected story, the sidebar, the
//! entity colours and the views Esc goes back to), kept in a small JSON file beside the library
//! and written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::{Focus, HISTORY_LIMIT, Model, Place, View};
use crate::article::ArticleId;

/// A view as saved: its name and the query text it is rebuilt from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPlace {
    pub name: String,
    pub query: String,
    pub selected: Option<ArticleId>,
    #[serde(default)]
    pub row: usize,
}

/// The reader's state on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedState {
    pub place: SavedPlace,
    #[serde(default)]
    pub history: Vec<SavedPlace>,
    pub sidebar_shown: bool,
    /// The sidebar had focus (only kept when the sidebar is shown).
    #[serde(default)]
    pub sidebar_focused: bool,
    pub show_entities: bool,
}

/// Where the state of the library at `library` is kept: `library.db` →
/// `library.reader-state.json` in the same folder, so each library has its own.
#[must_use]
pub fn path_for(library: &Path) -> PathBuf {
    library.with_extension("reader-state.json")
}

/// Reads the saved state; a missing, unreadable or damaged file gives `None` (the reader then
/// starts as on a first run; the state is a convenience, never worth refusing to start over).
#[must_use]
pub fn load(path: &Path) -> Option<SavedState> {
    let bytes = std::fs::read(path).ok()?;
    // A state file is a few hundred bytes; anything huge is not ours.
    if bytes.len() > 1 << 20 {
        return None;
    }
    serde_json::from_slice(&bytes).ok()
}

/// Writes the state to a temporary file beside `path` and renames it into place, so a crash
/// leaves either the old state or the new one.
///
/// # Errors
/// When the folder cannot be written to.
pub fn save(path: &Path, state: &SavedState) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer_pretty(&mut file, state)?;
    file.write_all(b"\n")?;
    file.as_file().sync_all()?;
    file.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot save the reader state {}: {}", path.display(), e))?;
    Ok(())
}

fn saved(place: &Place) -> SavedPlace {
    SavedPlace {
        name: place.view.name.clone(),
        query: place.view.query_text.clone(),
        selected: place.selected,
        row: place.row,
    }
}

fn place(saved: &SavedPlace) -> Option<Place> {
    let query = crate::query::parse(&saved.query).ok()?;
    Some(Place {
        view: View {
            name: crate::text::single_line(&saved.name),
            query_text: saved.query.clone(),
            query,
        },
        selected: saved.selected,
        row: saved.row,
    })
}

/// The state to save from the model.
#[must_use]
pub fn snapshot(model: &Model) -> SavedState {
    SavedState {
        place: saved(&model.place()),
        history: model.history.iter().map(saved).collect(),
        sidebar_shown: model.sidebar.shown,
        sidebar_focused: model.sidebar.shown && model.focus == Focus::Sidebar,
        show_entities: model.show_entities,
    }
}

/// Puts a saved state into a fresh model, before `update::start`: the list then opens on the
/// saved view around the saved story. Views whose query no longer parses are skipped.
pub fn restore(model: &mut Model, state: &SavedState) {
    if let Some(place) = place(&state.place) {
        model.view = place.view;
        model.open_when_loaded = place.selected;
        model.restore_row = place.selected.map(|_| place.row);
    }
    model.history = state
        .history
        .iter()
        .filter_map(place)
        .rev()
        .take(HISTORY_LIMIT)
        .collect();
    model.history.reverse();
    model.sidebar.shown = state.sidebar_shown;
    if state.sidebar_shown && state.sidebar_focused {
        model.focus = Focus::Sidebar;
    }
    model.show_entities = state.show_entities;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_through_the_file_and_bad_files_are_ignored() {
        let dir = tempfile::tempdir().expect("dir");
        let path = path_for(&dir.path().join("library.db"));
        assert!(path.ends_with("library.reader-state.json"));
        let mut model = Model::new("t", 80, (150, 40));
        model.view = View::of_query("Search: x".into(), "x".into());
        model.show_entities = false;
        model.history.push(Place {
            view: View::all(),
            selected: Some(7),
            row: 3,
        });
        save(&path, &snapshot(&model)).expect("save");
        let loaded = load(&path).expect("load");
        let mut fresh = Model::new("t", 80, (150, 40));
        restore(&mut fresh, &loaded);
        assert_eq!(fresh.view, model.view);
        assert_eq!(fresh.history, model.history);
        assert!(!fresh.show_entities && fresh.sidebar.shown);
        for junk in ["", "{", "null", "{\"place\": 3}"] {
            std::fs::write(&path, junk).expect("write");
            assert_eq!(load(&path), None, "{junk:?}");
        }
    }
}
