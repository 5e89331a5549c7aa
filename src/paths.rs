//! Where the library and the config file live: platform directories, overridable by the user.

use std::path::PathBuf;

use directories::ProjectDirs;

/// Environment variable that points at a library file, below `--library` in precedence.
pub const LIBRARY_ENV: &str = "NEWSDESK_LIBRARY";

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "newsdesk")
}

/// The default library file (`~/.local/share/newsdesk/library.db` on Linux).
#[must_use]
pub fn default_library() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.data_dir().join("library.db"))
}

/// The user's config file (`~/.config/newsdesk/config.toml` on Linux); it need not exist.
#[must_use]
pub fn default_config() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.config_dir().join("config.toml"))
}
