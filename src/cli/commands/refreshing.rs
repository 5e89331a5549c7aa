//! `refresh`: the feeds that are due (or all, or one), with a progress bar on a terminal and a
//! summary, and the exit-code rule scripts rely on.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use crate::store::Store;
use crate::subscriptions::{self, Options, Which, schedule};
use crate::text::single_line;

/// What `refresh` and `feed add` take from the config.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Seconds between refreshes of a feed without an interval of its own.
    pub interval: u64,
    /// Days read feed stories are kept; `None` keeps them all.
    pub keep_days: Option<u32>,
    /// `[feeds."URL"]` settings of the config.
    pub feeds: std::collections::BTreeMap<String, crate::config::FeedConfig>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            interval: subscriptions::DEFAULT_INTERVAL,
            keep_days: None,
            feeds: std::collections::BTreeMap::new(),
        }
    }
}

impl Settings {
    /// The `[refresh]` settings of the config file.
    pub(crate) fn load(config: Option<&Path>) -> anyhow::Result<Self> {
        let config = super::load_config(config)?;
        let interval = schedule::parse_duration(&config.refresh.interval)
            .map_err(|e| anyhow::anyhow!("[refresh] interval in the config: {e}"))?;
        Ok(Self {
            interval,
            keep_days: Some(config.refresh.keep_days).filter(|&d| d > 0),
            feeds: config.feeds,
        })
    }

    /// Writes the config's `[feeds."URL"]` settings over the subscriptions they name, so every
    /// command (and `feed list`) sees them. A table naming no subscription is reported and
    /// skipped.
    ///
    /// # Errors
    /// When a value is invalid (the message names the table), or on a database failure.
    pub(crate) fn apply_to(&self, store: &Store) -> anyhow::Result<()> {
        for (url, wanted) in &self.feeds {
            let Ok(feed) = subscriptions::discover::find_subscription(store, url) else {
                eprintln!(
                    "newsdesk: [feeds.\"{}\"] in the config names no subscription; skipped",
                    single_line(url)
                );
                continue;
            };
            let table = |e: &dyn std::fmt::Display| {
                anyhow::anyhow!("[feeds.\"{}\"] in the config: {e}", single_line(url))
            };
            let mut settings = feed.settings.clone();
            if let Some(title) = &wanted.title {
                settings.title = Some(single_line(title));
            }
            if let Some(tags) = &wanted.tags {
                settings.tags.clone_from(tags);
            }
            if let Some(full_text) = &wanted.full_text {
                settings.full_text = full_text.parse().map_err(|e: String| table(&e))?;
            }
            if let Some(interval) = &wanted.interval {
                settings.interval =
                    Some(schedule::parse_duration(interval).map_err(|e| table(&e))?);
            }
            if let Some(rule) = &wanted.ignore {
                crate::query::parse(rule).map_err(|e| table(&e))?;
                settings.ignore = Some(rule.clone());
            }
            if let Some(days) = wanted.keep_days {
                settings.keep_days = Some(days);
            }
            if settings != feed.settings {
                store.set_feed_settings(feed.id, &settings)?;
            }
        }
        Ok(())
    }
}

/// Which feeds `refresh` was asked for, and how loudly.
pub(crate) struct Choice<'a> {
    pub all: bool,
    pub feed: Option<&'a str>,
    pub quiet: bool,
}

/// `refresh`: exit 0 when every feed worked (or none was due), 1 when any failed.
pub(crate) fn refresh_command(
    mut store: Store,
    choice: &Choice<'_>,
    settings: &Settings,
) -> anyhow::Result<ExitCode> {
    settings.apply_to(&store)?;
    let which = match (choice.all, choice.feed) {
        (_, Some(feed)) => Which::One(subscriptions::discover::find_subscription(&store, feed)?.id),
        (true, None) => Which::All,
        (false, None) => Which::Due,
    };
    let bar = if io::stderr().is_terminal() && !choice.quiet {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} feeds, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let options = Options {
        which,
        default_interval: settings.interval,
        keep_days: settings.keep_days,
    };
    let reports = subscriptions::refresh_with(&mut store, &options, &mut |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if reports.is_empty() {
        if !choice.quiet {
            let feeds = store.feeds()?;
            match feeds
                .iter()
                .filter_map(|f| f.next_due.map(|d| (d, f)))
                .min_by_key(|(d, _)| *d)
            {
                None => println!("No subscriptions. Add one with `newsdesk feed add URL`."),
                Some((due, feed)) => println!(
                    "no feed is due; the next is {} at {} (`newsdesk refresh --all` fetches \
                     every feed now)",
                    single_line(feed.name()),
                    due.format("%Y-%m-%d %H:%M")
                ),
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = 0;
    let mut unchanged = 0;
    for report in &reports {
        match &report.error {
            None if report.unchanged => {
                unchanged += 1;
                if !choice.quiet {
                    println!("unchanged  {}", single_line(&report.feed));
                }
            }
            None => {
                if !choice.quiet {
                    let ignored = if report.ignored > 0 {
                        format!(" ({} ignored)", report.ignored)
                    } else {
                        String::new()
                    };
                    println!(
                        "{:>5} new  {}{ignored}{}",
                        report.new,
                        single_line(&report.feed),
                        super::feeds::full_text_note(report)
                    );
                }
            }
            Some(error) => {
                failed += 1;
                let retry = report
                    .next_due
                    .map(|d| format!("; trying again after {}", d.format("%Y-%m-%d %H:%M")))
                    .unwrap_or_default();
                eprintln!(
                    "newsdesk: failed     {}: {}{retry}",
                    single_line(&report.feed),
                    single_line(error)
                );
            }
        }
    }
    if !choice.quiet {
        let new: usize = reports.iter().map(|r| r.new).sum();
        let pruned: usize = reports.iter().map(|r| r.pruned).sum();
        let pruned = if pruned > 0 {
            format!("; {pruned} old read stories removed (keep_days)")
        } else {
            String::new()
        };
        eprintln!(
            "{new} new stories from {} feeds, {unchanged} unchanged, {failed} failed{pruned}",
            reports.len()
        );
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `prune`: removes (or with `dry_run` lists) the old read stories `keep_days` lets go.
pub(crate) fn prune_command(
    mut store: Store,
    dry_run: bool,
    settings: &Settings,
) -> anyhow::Result<ExitCode> {
    settings.apply_to(&store)?;
    let feeds = store.feeds()?;
    if feeds
        .iter()
        .all(|f| subscriptions::retention::keep_days(f, settings.keep_days).is_none())
    {
        println!(
            "nothing to prune: set keep_days under [refresh] in the config, or \
             `newsdesk feed set ID --keep-days N`"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let plan = subscriptions::retention::plan(&store, &feeds, settings.keep_days)?;
    let verb = if dry_run { "would remove" } else { "removing" };
    for story in &plan {
        println!(
            "{verb} #{}  {}  ({})",
            story.id,
            single_line(&story.title),
            single_line(&story.feed)
        );
    }
    if dry_run {
        eprintln!("{} stories would be removed", plan.len());
    } else {
        let removed = subscriptions::retention::apply(&mut store, &plan)?;
        eprintln!("removed {removed} stories");
    }
    Ok(ExitCode::SUCCESS)
}
