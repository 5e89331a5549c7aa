//! Configuration: the default file in `assets/` is embedded, the user's file is merged over it,
//! and the result is checked whole before the reader starts.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

/// The shipped defaults, a real file so users can copy it.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/config.toml");

/// Everything the reader can be told.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub reader: ReaderConfig,
    pub theme: ThemeConfig,
    /// Action name → key names; checked by the keymap, which knows the actions.
    pub keys: BTreeMap<String, Vec<String>>,
    /// Saved searches: name → query, offered after the built-in views.
    #[serde(default)]
    pub views: BTreeMap<String, String>,
    pub links: LinksConfig,
    pub refresh: RefreshConfig,
    /// Two-way sync with a Miniflux or Google Reader API server; absent: no sync.
    #[serde(default)]
    pub sync: Option<crate::sync::SyncConfig>,
    /// Per-feed settings by the feed's address; they override those set with `feed set`.
    #[serde(default)]
    pub feeds: BTreeMap<String, FeedConfig>,
}

/// One feed's settings in the config file, each optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// Shown instead of the feed's own title.
    pub title: Option<String>,
    /// Given to every new story of the feed.
    pub tags: Option<Vec<String>>,
    /// "auto", "always" or "never".
    pub full_text: Option<String>,
    /// Time between refreshes of this feed ("2h").
    pub interval: Option<String>,
    /// Items this query matches are not saved.
    pub ignore: Option<String>,
    /// Days read stories of this feed are kept.
    pub keep_days: Option<u32>,
}

/// When subscriptions are refreshed and how long their stories are kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshConfig {
    /// Time between refreshes of a feed without an interval of its own ("1h", "30m", "1d").
    pub interval: String,
    /// How often the open reader refreshes due feeds by itself; "" for never.
    pub every: String,
    /// Read stories from feeds older than this many days are removed after a refresh; 0 keeps
    /// them all.
    pub keep_days: u32,
}

/// How web addresses are opened and copied, and where a story can be sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// Browser command, `%u` standing for the address; empty: `$BROWSER`, else the system's.
    pub browser: String,
    /// The browser runs in the terminal (w3m, lynx): the reader steps aside until it exits.
    pub browser_in_terminal: bool,
    /// Where copied addresses go: "osc52" (the terminal's clipboard), a command that reads the
    /// text on its standard input, or "" for off.
    pub copy_to: String,
    /// Command the story (title, address, text) is piped to; empty: `$PAGER`, else `less`.
    pub pipe_to: String,
    /// Addresses in the story are terminal hyperlinks (OSC 8), clickable where supported.
    pub hyperlinks: bool,
}

/// How stories are laid out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderConfig {
    /// Longest reading line, in columns.
    pub width: u16,
    /// Seconds a story must be in the reading pane to count as read; 0 marks it on opening.
    pub mark_read_after: u64,
    /// Whether Space at the end of a story opens the next unread one.
    pub space_next_unread: bool,
}

/// Colour names, as written in the file; the UI turns them into terminal colours.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    pub accent: String,
    pub selection: String,
    pub unread: String,
    pub bookmark: String,
    pub dim: String,
    pub error: String,
    /// Background of search words in the story.
    pub highlight: String,
    pub person: String,
    pub org: String,
    pub place: String,
    pub misc: String,
    pub date: String,
    pub money: String,
    pub percent: String,
}

/// A config that could not be used; the message names the file, line and column.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid config file {path}:\n{message}")]
    Invalid { path: String, message: String },
}

impl Config {
    /// The defaults alone.
    ///
    /// # Errors
    /// Never for the shipped file (a test loads it); the type is shared with [`Config::load`].
    pub fn defaults() -> Result<Self, ConfigError> {
        Self::from_layers(DEFAULT_CONFIG, None, "the default config")
    }

    /// The defaults with the user's file at `path` merged over them; a missing file is fine.
    ///
    /// # Errors
    /// When the file exists but cannot be read or does not parse.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let shown = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(user) => Self::from_layers(DEFAULT_CONFIG, Some(&user), &shown),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::defaults(),
            Err(source) => Err(ConfigError::Read {
                path: shown,
                source,
            }),
        }
    }

    /// Parses `user` over `defaults`; `name` is what errors call the user's file.
    ///
    /// # Errors
    /// When either layer is not valid TOML or the merged result has unknown or mistyped keys.
    pub fn from_layers(
        defaults: &str,
        user: Option<&str>,
        name: &str,
    ) -> Result<Self, ConfigError> {
        let invalid = |e: &dyn std::fmt::Display| ConfigError::Invalid {
            path: name.to_owned(),
            message: e.to_string(),
        };
        let mut merged: toml::Table = defaults.parse().map_err(|e| invalid(&e))?;
        if let Some(user) = user {
            // Checked on its own first, so a mistyped value is reported at its line and column.
            toml::from_str::<UserLayer>(user).map_err(|e| invalid(&e))?;
            let layer: toml::Table = user.parse().map_err(|e| invalid(&e))?;
            merge(&mut merged, layer);
        }
        Config::deserialize(merged).map_err(|e| invalid(&e))
    }
}

/// The shape of a user's file: like [`Config`], with everything optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "parsed only to check types and report positions")]
struct UserLayer {
    reader: Option<UserReader>,
    theme: Option<UserTheme>,
    keys: Option<BTreeMap<String, Vec<String>>>,
    views: Option<BTreeMap<String, String>>,
    links: Option<UserLinks>,
    refresh: Option<UserRefresh>,
    sync: Option<crate::sync::SyncConfig>,
    feeds: Option<BTreeMap<String, FeedConfig>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "parsed only to check types and report positions")]
struct UserRefresh {
    interval: Option<String>,
    every: Option<String>,
    keep_days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "parsed only to check types and report positions")]
struct UserLinks {
    browser: Option<String>,
    browser_in_terminal: Option<bool>,
    copy_to: Option<String>,
    pipe_to: Option<String>,
    hyperlinks: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "parsed only to check types and report positions")]
struct UserReader {
    width: Option<u16>,
    mark_read_after: Option<u64>,
    space_next_unread: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "parsed only to check types and report positions")]
struct UserTheme {
    accent: Option<String>,
    selection: Option<String>,
    unread: Option<String>,
    bookmark: Option<String>,
    dim: Option<String>,
    error: Option<String>,
    highlight: Option<String>,
    person: Option<String>,
    org: Option<String>,
    place: Option<String>,
    misc: Option<String>,
    date: Option<String>,
    money: Option<String>,
    percent: Option<String>,
}

/// Tables merge key by key; any other value in `layer` replaces the one below.
fn merge(base: &mut toml::Table, layer: toml::Table) {
    for (key, value) in layer {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(below)), toml::Value::Table(above)) => merge(below, above),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_config_loads() {
        let config = Config::defaults().expect("defaults");
        assert_eq!(config.reader.width, 80);
        assert!(config.keys.contains_key("quit"));
    }

    #[test]
    fn the_user_file_overrides_only_what_it_names() {
        let config = Config::from_layers(
            DEFAULT_CONFIG,
            Some("[reader]\nwidth = 66\n[keys]\nquit = [\"x\"]\n"),
            "user.toml",
        )
        .expect("merge");
        assert_eq!(config.reader.width, 66);
        assert_eq!(config.keys["quit"], vec!["x".to_string()]);
        assert_eq!(
            config.keys["move_down"],
            vec!["j".to_string(), "down".to_string()]
        );
        assert_eq!(config.theme.accent, "cyan");
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let error = Config::from_layers(DEFAULT_CONFIG, Some("[reader]\nwidth = = 3\n"), "c.toml")
            .expect_err("invalid");
        let text = error.to_string();
        assert!(text.contains("c.toml") && text.contains("line 2"), "{text}");
    }

    #[test]
    fn unknown_settings_are_rejected() {
        let error = Config::from_layers(DEFAULT_CONFIG, Some("[reader]\nwidht = 3\n"), "c.toml")
            .expect_err("invalid");
        assert!(error.to_string().contains("widht"), "{error}");
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn a_missing_user_file_means_defaults() {
        let config = Config::load(Path::new("/nonexistent/newsdesk/config.toml")).expect("load");
        assert_eq!(config.reader.width, 80);
    }
}
