//! Subscriptions: `feed add|list|remove|import|export` and `refresh`.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use crate::cli::FeedAction;
use crate::store::Store;
use crate::text::single_line;

pub(super) fn feed_command(store: Store, action: &FeedAction) -> anyhow::Result<ExitCode> {
    match action {
        FeedAction::Add { source } => {
            let local = !(source.starts_with("http://") || source.starts_with("https://"));
            if local {
                // A file must be one that can be read again at every refresh.
                crate::import::read::open_regular(std::path::Path::new(source.trim()))?;
            }
            let (_, new) = store.add_feed(source.trim(), None)?;
            if new {
                println!("subscribed to {}", single_line(source));
            } else {
                println!("already subscribed to {}", single_line(source));
            }
            // Linked to a sync server: the server subscribes and fetches, at the next sync.
            if store.sync_value("server")?.is_some() {
                println!("the sync server subscribes at the next `newsdesk sync`");
                return Ok(ExitCode::SUCCESS);
            }
            return refresh_command(store);
        }
        FeedAction::List => {
            let feeds = store.feeds()?;
            if feeds.is_empty() {
                println!("No subscriptions. Add one with `newsdesk feed add URL`.");
            }
            for feed in feeds {
                let state = match (&feed.last_error, feed.last_checked) {
                    (Some(error), _) => format!("failed: {}", single_line(error)),
                    (None, Some(when)) => format!("checked {}", when.format("%Y-%m-%d %H:%M")),
                    (None, None) => "not checked yet".to_owned(),
                };
                println!(
                    "{:>4}  {}  {}  ({state})",
                    feed.id,
                    single_line(feed.title.as_deref().unwrap_or("(untitled)")),
                    single_line(&feed.url)
                );
            }
        }
        FeedAction::Remove { feed } => {
            store.remove_feed(feed.trim())?;
            println!("unsubscribed from {}", single_line(feed));
        }
        FeedAction::Import { file } => {
            let bytes = crate::import::read::read_file(file)?;
            let text = crate::import::encoding::decode(&bytes);
            let feeds = crate::subscriptions::parse_opml(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut added = 0;
            for (url, title) in &feeds {
                if store.add_feed(url, title.as_deref())?.1 {
                    added += 1;
                }
            }
            // Folders from the outline nesting, for the reader's sidebar.
            for (url, folder) in crate::subscriptions::opml_folders(&text) {
                store.set_feed_folder(&url, Some(&folder))?;
            }
            println!(
                "subscribed to {added} new feeds ({} listed); `newsdesk refresh` fetches them",
                feeds.len()
            );
        }
        FeedAction::Export => print!("{}", crate::subscriptions::to_opml(&store.feeds()?)),
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn refresh_command(mut store: Store) -> anyhow::Result<ExitCode> {
    let bar = if io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} feeds, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let reports = crate::subscriptions::refresh(&mut store, &mut |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if reports.is_empty() {
        println!("No subscriptions. Add one with `newsdesk feed add URL`.");
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = 0;
    for report in &reports {
        match &report.error {
            None => println!("{:>5} new  {}", report.new, single_line(&report.feed)),
            Some(error) => {
                failed += 1;
                println!(
                    "failed     {}: {}",
                    single_line(&report.feed),
                    single_line(error)
                );
            }
        }
    }
    let new: usize = reports.iter().map(|r| r.new).sum();
    eprintln!(
        "{new} new stories from {} feeds, {failed} failed",
        reports.len()
    );
    Ok(if failed == reports.len() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
