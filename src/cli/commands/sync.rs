//! `newsdesk sync`: two-way sync with the server in `[sync]`, its status, and forgetting the link.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::store::Store;
use crate::sync::{self, Progress};

/// Runs one sync, shows where it is on a terminal, and prints what it did.
pub(super) fn sync_command(
    mut store: Store,
    config_path: Option<&Path>,
    status: bool,
    unlink: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if unlink {
        store.sync_unlink()?;
        println!("The library is no longer linked to a sync server; its stories stay.");
        return Ok(ExitCode::SUCCESS);
    }
    if status {
        let status = sync::status(&store)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&status)?);
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "server:        {}",
            status.server.as_deref().unwrap_or("(not linked)")
        );
        println!(
            "last sync:     {}",
            status.last_sync.as_deref().unwrap_or("never")
        );
        if let Some(error) = &status.last_error {
            println!("last error:    {}", crate::text::single_line(error));
        }
        println!("queued:        {} change(s) to send", status.queued);
        println!("linked:        {} stories", status.linked_stories);
        return Ok(ExitCode::SUCCESS);
    }
    let config = super::load_config(config_path)?;
    let Some(settings) = config.sync else {
        bail!(sync::SyncError::NotConfigured);
    };
    let bar = io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} stories, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut show = |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.total.unwrap_or(p.stories) as u64);
            bar.set_position(p.stories as u64);
        }
    };
    let result = sync::sync(&mut store, &settings, &mut show);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = result?;
    for refused in &report.refused {
        eprintln!(
            "newsdesk: the sync server refused the subscription {} (removed here too)",
            crate::text::single_line(refused)
        );
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "Synced: {} new stories, {} changed by the server, {} change(s) sent, \
             subscriptions +{} -{} ({} requests).",
            report.stories_added,
            report.stories_changed,
            report.changes_sent,
            report.feeds_added,
            report.feeds_removed,
            report.requests
        );
    }
    Ok(ExitCode::SUCCESS)
}
