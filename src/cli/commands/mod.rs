//! What each subcommand does. Output for people goes to stdout, problems to stderr.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::{Cli, Command};
use crate::config::{Config, DEFAULT_CONFIG};
use crate::store::Store;
use crate::{demo, paths, tui};

mod adding;
mod analysis;
mod feeds;
mod fetching;
mod highlights;
mod reading;
mod refreshing;
mod stories;
mod sync;

use adding::{add, import_command};
use analysis::{entities_in_file, entities_jsonl, entities_top, extract_page};
use feeds::{feed_command_with, refresh_command};
use fetching::fetch_command;
use highlights::{highlight, highlights, unhighlight};
use stories::{bookmark, export_command, list, remove, show, tag, tags};

/// Runs the parsed command line.
pub(super) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let open = || Library::open(&cli);
    match &cli.command {
        None => open_reader(open()?, cli.config.as_deref()),
        Some(Command::Config { default }) => config_command(*default, cli.config.as_deref()),
        Some(Command::Extract { file, format }) => extract_page(file, *format),
        Some(Command::Entities {
            file,
            jsonl,
            top,
            label,
            json,
        }) => match (file, top) {
            (_, Some(n)) => entities_top(&mut open()?.store, *n, label.as_deref(), *json),
            (Some(file), None) => entities_in_file(file, *json),
            (None, None) if *jsonl => entities_jsonl(),
            (None, None) => {
                bail!("give a FILE, --jsonl or --top N (see `newsdesk entities --help`)")
            }
        },
        Some(Command::Add { paths }) => add(open()?.store, paths),
        Some(Command::List { query, json, limit })
        | Some(Command::Search { query, json, limit }) => {
            list(&open()?.store, &query.join(" "), *json, *limit)
        }
        Some(Command::Read(super::Marked { ids, query })) => {
            reading::mark(open()?.store, ids, query.as_deref(), true)
        }
        Some(Command::Unread(super::Marked { ids, query })) => {
            reading::mark(open()?.store, ids, query.as_deref(), false)
        }
        Some(Command::Bookmark { ids }) => bookmark(&open()?.store, ids, true),
        Some(Command::Unbookmark { ids }) => bookmark(&open()?.store, ids, false),
        Some(Command::Tag { items, query }) => tag(open()?.store, items, query.as_deref()),
        Some(Command::Tags { action, json }) => tags(open()?.store, action.as_ref(), *json),
        Some(Command::Show { id, json }) => show(&open()?.store, *id, *json),
        Some(Command::Remove { ids }) => remove(open()?.store, ids),
        Some(Command::Fetch { quiet }) => fetch_command(open()?.store, *quiet),
        Some(Command::Backup { path }) => backup_command(&open()?, path),
        Some(Command::Import { file, format }) => import_command(open()?.store, file, *format),
        Some(Command::Feed { action }) => {
            let settings = feeds::Settings::load(cli.config.as_deref())?;
            feed_command_with(open()?.store, action, &settings)
        }
        Some(Command::Prune { dry_run }) => {
            let settings = feeds::Settings::load(cli.config.as_deref())?;
            refreshing::prune_command(open()?.store, *dry_run, &settings)
        }
        Some(Command::Refresh { all, feed, quiet }) => {
            let settings = feeds::Settings::load(cli.config.as_deref())?;
            let which = feeds::Choice {
                all: *all,
                feed: feed.as_deref(),
                quiet: *quiet,
            };
            // With sync set up the server fetches the feeds: refreshing is syncing.
            match load_config(cli.config.as_deref()) {
                Ok(config) if config.sync.is_some() => {
                    sync::sync_command(open()?.store, cli.config.as_deref(), false, false, false)
                }
                _ => refresh_command(open()?.store, &which, &settings),
            }
        }
        Some(Command::Sync {
            status,
            unlink,
            json,
        }) => sync::sync_command(
            open()?.store,
            cli.config.as_deref(),
            *status,
            *unlink,
            *json,
        ),
        Some(Command::Highlight {
            id,
            quote,
            note,
            color,
        }) => highlight(open()?.store, *id, quote, note.as_deref(), *color),
        Some(Command::Unhighlight { ids }) => unhighlight(open()?.store, ids),
        Some(Command::Highlights {
            query,
            format,
            output,
        }) => highlights(&open()?.store, &query.join(" "), *format, output.as_deref()),
        Some(Command::Export {
            query,
            format,
            output,
        }) => export_command(&open()?.store, *format, &query.join(" "), output.as_deref()),
    }
}

/// The open library and what to call it; a demo library's folder is removed when this drops.
struct Library {
    store: Store,
    label: String,
    _demo_dir: Option<tempfile::TempDir>,
}

impl Library {
    fn open(cli: &Cli) -> anyhow::Result<Self> {
        if cli.demo {
            let (store, dir) = demo::open()?;
            return Ok(Self {
                store,
                label: "demo".into(),
                _demo_dir: Some(dir),
            });
        }
        let path = match &cli.library {
            Some(path) => {
                // Said so that a mistyped path is noticed before stories go into a new file.
                if !path.exists() {
                    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
                    if let Some(folder) = folder.filter(|f| !f.is_dir()) {
                        anyhow::bail!(
                            "no library at {} and no folder {} to create it in; check the path",
                            crate::text::single_line(&path.display().to_string()),
                            crate::text::single_line(&folder.display().to_string())
                        );
                    }
                    eprintln!(
                        "newsdesk: no library at {}; creating a new one",
                        crate::text::single_line(&path.display().to_string())
                    );
                }
                path.clone()
            }
            None => {
                let path = paths::default_library()
                    .context("cannot find a home directory for the library; pass --library PATH")?;
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).with_context(|| {
                        format!("cannot create the library folder {}", dir.display())
                    })?;
                }
                path
            }
        };
        Ok(Self {
            store: Store::open(&path)?,
            label: path.display().to_string(),
            _demo_dir: None,
        })
    }
}

fn open_reader(library: Library, config_path: Option<&Path>) -> anyhow::Result<ExitCode> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        bail!(
            "the reader needs a terminal, and standard input or output is not one; \
             in a pipe use a command such as `newsdesk list` (see `newsdesk --help`)"
        );
    }
    let config = load_config(config_path)?;
    tui::run(library.store, &library.label, &config)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    let path = match path {
        Some(path) => path.to_path_buf(),
        None => match paths::default_config() {
            Some(path) => path,
            None => return Ok(Config::defaults()?),
        },
    };
    Ok(Config::load(&path)?)
}

fn backup_command(library: &Library, destination: &Path) -> anyhow::Result<ExitCode> {
    let written = library.store.backup(destination)?;
    println!("backed up {} to {}", library.label, written.display());
    println!(
        "to restore: quit newsdesk, delete {0}-wal and {0}-shm if they exist, then copy the \
         backup over {0}",
        library.label
    );
    Ok(ExitCode::SUCCESS)
}

fn config_command(default: bool, path: Option<&Path>) -> anyhow::Result<ExitCode> {
    if default {
        print!("{DEFAULT_CONFIG}");
        return Ok(ExitCode::SUCCESS);
    }
    let path = path.map(Path::to_path_buf).or_else(paths::default_config);
    match path {
        Some(path) => {
            let state = if path.exists() {
                ""
            } else {
                " (not created yet)"
            };
            println!("{}{state}", path.display());
            let config = load_config(Some(&path))?;
            tui::Settings::from_config(&config, false)?;
        }
        None => println!("no config directory on this system; defaults are in use"),
    }
    Ok(ExitCode::SUCCESS)
}
