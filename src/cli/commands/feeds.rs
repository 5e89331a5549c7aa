//! Subscriptions: `feed add|list|set|remove|import|export`.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};

pub(super) use super::refreshing::{Choice, Settings, refresh_command};
use crate::cli::FeedAction;
use crate::store::{Feed, FeedSettings, Store};
use crate::subscriptions::discover::{self, Found};
use crate::subscriptions::{self, Downloaded, schedule};
use crate::text::single_line;

/// `feed` with the default settings (for `import` of an OPML file).
pub(super) fn feed_command(store: Store, action: &FeedAction) -> anyhow::Result<ExitCode> {
    feed_command_with(store, action, &Settings::default())
}

/// Runs a `feed` subcommand.
pub(super) fn feed_command_with(
    mut store: Store,
    action: &FeedAction,
    settings: &Settings,
) -> anyhow::Result<ExitCode> {
    match action {
        FeedAction::Add { source, first } => return add(&mut store, source, *first, settings),
        FeedAction::List { json } => {
            settings.apply_to(&store)?;
            list(&store, *json)?;
        }
        FeedAction::Set {
            feed,
            title,
            tags,
            full_text,
            interval,
            ignore,
            keep_days,
        } => {
            let found = discover::find_subscription(&store, feed)?;
            let mut changed = found.settings.clone();
            let cleared = |v: &str| {
                let v = v.trim();
                (!(v.is_empty() || v.eq_ignore_ascii_case("none"))).then(|| v.to_owned())
            };
            if let Some(title) = title {
                changed.title = cleared(title).map(|t| single_line(&t));
            }
            if let Some(tags) = tags {
                changed.tags = cleared(tags)
                    .map(|t| {
                        t.split(',')
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
            }
            if let Some(full_text) = full_text {
                changed.full_text = full_text.parse().map_err(anyhow::Error::msg)?;
            }
            if let Some(interval) = interval {
                changed.interval = cleared(interval)
                    .map(|i| schedule::parse_duration(&i))
                    .transpose()
                    .map_err(anyhow::Error::msg)?;
            }
            if let Some(ignore) = ignore {
                changed.ignore = cleared(ignore);
                if let Some(rule) = &changed.ignore {
                    crate::query::parse(rule)
                        .map_err(|e| anyhow::anyhow!("the ignore rule {rule:?}: {e}"))?;
                }
            }
            if let Some(days) = keep_days {
                changed.keep_days = cleared(days)
                    .map(|d| d.parse::<u32>())
                    .transpose()
                    .with_context(|| format!("--keep-days takes a number of days, not {days:?}"))?;
            }
            store.set_feed_settings(found.id, &changed)?;
            println!("#{}  {}", found.id, describe_settings(&changed));
        }
        FeedAction::Remove { feed } => {
            let found = discover::find_subscription(&store, feed)?;
            store.remove_feed(&found.id.to_string())?;
            println!(
                "unsubscribed from {} ({})",
                single_line(found.name()),
                single_line(&found.url)
            );
        }
        FeedAction::Import { file } => import_opml(&store, file)?,
        FeedAction::Export => print!("{}", subscriptions::to_opml(&store.feeds()?)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The settings in one line, for `feed set` and `feed list`.
fn describe_settings(settings: &FeedSettings) -> String {
    let mut parts = Vec::new();
    if let Some(title) = &settings.title {
        parts.push(format!("title {:?}", single_line(title)));
    }
    if !settings.tags.is_empty() {
        parts.push(format!("tags {}", single_line(&settings.tags.join(","))));
    }
    parts.push(format!("full text {}", settings.full_text.as_str()));
    if let Some(interval) = settings.interval {
        parts.push(format!("every {}", schedule::format_duration(interval)));
    }
    if let Some(ignore) = &settings.ignore {
        parts.push(format!("ignoring {}", single_line(ignore)));
    }
    if let Some(days) = settings.keep_days {
        parts.push(format!("keeping {days} days"));
    }
    parts.join(", ")
}

/// Subscribes to what `source` names, then fetches only that feed.
fn add(
    store: &mut Store,
    source: &str,
    first: bool,
    settings: &Settings,
) -> anyhow::Result<ExitCode> {
    let url = discover::normalise(source).map_err(anyhow::Error::msg)?;
    if let Some(feed) = subscribed(store, &url)? {
        println!(
            "already subscribed to {} (#{})",
            single_line(feed.name()),
            feed.id
        );
        return Ok(ExitCode::SUCCESS);
    }
    // Linked to a sync server: the server subscribes, fetches and judges the address, at the
    // next sync (it may reach feeds this machine cannot).
    if subscriptions::is_web(&url) && store.sync_value("server")?.is_some() {
        let (id, _) = store.add_feed(&url, None)?;
        println!(
            "subscribed to {} (#{id}); the sync server subscribes at the next `newsdesk sync`",
            single_line(&url)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let agent = crate::web::agent();
    let (url, downloaded) = if subscriptions::is_web(&url) {
        match discover::find(&agent, &url).map_err(anyhow::Error::msg)? {
            Found::Feed { url, downloaded } => (url, downloaded),
            Found::Choices(choices) => {
                let chosen = choose(&url, &choices, first)?;
                match discover::fetch_feed(&agent, &chosen).map_err(anyhow::Error::msg)? {
                    Found::Feed { url, downloaded } => (url, downloaded),
                    Found::Choices(_) => bail!("{chosen} is not a feed"),
                }
            }
        }
    } else {
        let bytes = crate::import::read::read_file(Path::new(&url))?;
        match subscriptions::parsed(&bytes, &url, Default::default(), None, None) {
            Downloaded::Failed { error, .. } => bail!("{url} is not a feed: {error}"),
            downloaded => (url, downloaded),
        }
    };
    // The page's feed may be one already subscribed to.
    if let Some(feed) = subscribed(store, &url)? {
        println!(
            "already subscribed to {} (#{}), the feed of {}",
            single_line(feed.name()),
            feed.id,
            single_line(source)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (id, _) = store.add_feed(&url, None)?;
    // Settings the config gives this feed apply to its first download too.
    settings.apply_to(store)?;
    let feed = store.feed(&id.to_string())?;
    let mut full_text = subscriptions::FullTextJobs::new();
    let mut reports = [subscriptions::save(
        store,
        &feed,
        downloaded,
        settings.interval,
        &mut full_text,
    )];
    subscriptions::fill_full_text(store, full_text, &mut reports);
    let [report] = reports;
    match &report.error {
        None => {
            println!(
                "subscribed to {} (#{id}, {}): {} new stories{}",
                single_line(&report.feed),
                single_line(&url),
                report.new,
                full_text_note(&report)
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(error) => {
            eprintln!(
                "newsdesk: subscribed to {} (#{id}), but its stories were not saved: {}",
                single_line(&url),
                single_line(error)
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// ", 3 full articles downloaded, 1 not" when a feed's items needed their pages.
pub(super) fn full_text_note(report: &subscriptions::Report) -> String {
    match (report.full_text, report.full_text_failed) {
        (0, 0) => String::new(),
        (done, 0) => format!(", {done} full articles downloaded"),
        (done, failed) => format!(
            ", {done} full articles downloaded, {failed} not (`newsdesk fetch` tries again)"
        ),
    }
}

/// The subscription `url` is, spelled however it was stored.
fn subscribed(store: &Store, url: &str) -> anyhow::Result<Option<Feed>> {
    Ok(store.feeds()?.into_iter().find(|feed| {
        feed.url == url || discover::normalise(&feed.url).is_ok_and(|known| known == url)
    }))
}

/// Which of a page's feeds to subscribe to: the first with `--first`, else the user's answer on
/// a terminal; in a pipe, the choices are listed and nothing is subscribed.
fn choose(page: &str, choices: &[(String, Option<String>)], first: bool) -> anyhow::Result<String> {
    let listed = choices
        .iter()
        .enumerate()
        .map(|(i, (url, title))| {
            let title = title.as_deref().map(single_line).unwrap_or_default();
            format!("  {}) {}  {title}", i + 1, single_line(url))
        })
        .collect::<Vec<_>>()
        .join("\n");
    if first {
        return Ok(choices[0].0.clone());
    }
    if !io::stdin().is_terminal() {
        bail!(
            "{} offers {} feeds:\n{listed}\nsubscribe to one of these addresses, or add --first",
            single_line(page),
            choices.len()
        );
    }
    eprintln!(
        "{} offers {} feeds:\n{listed}",
        single_line(page),
        choices.len()
    );
    eprint!("which one (1-{})? ", choices.len());
    io::stderr().flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    let index = answer
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=choices.len()).contains(n))
        .with_context(|| format!("{:?} is not one of 1 to {}", answer.trim(), choices.len()))?;
    Ok(choices[index - 1].0.clone())
}

/// `feed import FILE.opml`.
fn import_opml(store: &Store, file: &Path) -> anyhow::Result<()> {
    let bytes = crate::import::read::read_file(file)?;
    let text = crate::import::encoding::decode(&bytes);
    let feeds =
        subscriptions::parse_opml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let mut added = 0;
    let mut refused = 0;
    for (url, title) in &feeds {
        let url = match discover::normalise(url) {
            Ok(url) => url,
            Err(reason) => {
                refused += 1;
                eprintln!("newsdesk: {}: {}", file.display(), single_line(&reason));
                continue;
            }
        };
        if subscribed(store, &url)?.is_none() && store.add_feed(&url, title.as_deref())?.1 {
            added += 1;
        }
    }
    // Folders from the outline nesting, for the reader's sidebar.
    for (url, folder) in subscriptions::opml_folders(&text) {
        if let Ok(url) = discover::normalise(&url) {
            store.set_feed_folder(&url, Some(&folder))?;
        }
    }
    println!(
        "subscribed to {added} new feeds ({} listed); `newsdesk refresh` fetches them",
        feeds.len()
    );
    if refused > 0 {
        bail!("{refused} of the listed feeds were not subscribed to");
    }
    Ok(())
}

/// One subscription as `feed list --json` prints it.
#[derive(serde::Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    feed: &'a Feed,
    name: &'a str,
    unread: i64,
    total: i64,
}

/// `feed list`: per feed its name, address, counts, and how refreshing it goes.
fn list(store: &Store, json: bool) -> anyhow::Result<()> {
    let feeds = store.feeds()?;
    let counts = store.feed_story_counts()?;
    let mut out = io::stdout().lock();
    if json {
        let listed: Vec<Listed<'_>> = feeds
            .iter()
            .map(|feed| {
                let (total, unread) = counts.get(&feed.id).copied().unwrap_or((0, 0));
                Listed {
                    feed,
                    name: feed.name(),
                    unread,
                    total,
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
        return Ok(());
    }
    if feeds.is_empty() {
        writeln!(
            out,
            "No subscriptions. Add one with `newsdesk feed add URL`."
        )?;
    }
    let when = |t: Option<DateTime<Utc>>| {
        t.map_or_else(
            || "never".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        )
    };
    for feed in feeds {
        let (total, unread) = counts.get(&feed.id).copied().unwrap_or((0, 0));
        writeln!(
            out,
            "{:>4}  {}  {unread}/{total} unread  {}",
            feed.id,
            single_line(feed.name()),
            single_line(&feed.url)
        )?;
        let due = match feed.next_due {
            None => "now".to_owned(),
            Some(due) if due <= Utc::now() => "now".to_owned(),
            Some(due) => when(Some(due)),
        };
        let mut state = format!(
            "      last success {}, next due {due}",
            when(feed.last_success)
        );
        if let Some(error) = &feed.last_error {
            let times = if feed.failures > 1 {
                format!(
                    " ({} times in a row, waiting longer each time)",
                    feed.failures
                )
            } else {
                String::new()
            };
            state.push_str(&format!(", failed{times}: {}", single_line(error)));
        }
        writeln!(out, "{state}")?;
        if feed.settings != FeedSettings::default() {
            writeln!(out, "      {}", describe_settings(&feed.settings))?;
        }
    }
    Ok(())
}
