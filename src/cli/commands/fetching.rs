//! `fetch`: the pages of stories saved as links and the missing full articles of feed items,
//! downloaded several at once with a progress bar, each named by title and address.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use crate::store::Store;
use crate::text::single_line;

/// `fetch`: exit 0 when every page was downloaded (or none was missing), 1 when any is still
/// missing.
pub(super) fn fetch_command(mut store: Store, quiet: bool) -> anyhow::Result<ExitCode> {
    let jobs = crate::fetch::pending(&store)?;
    if jobs.is_empty() {
        if !quiet {
            println!("every story has its text");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let bar = (io::stderr().is_terminal() && !quiet).then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let (mut fetched, mut missing) = (0, 0);
    crate::fetch::run(&mut store, jobs, &mut |done, position, _| {
        let named = format!(
            "#{}  {}  ({})",
            done.id,
            single_line(&done.title),
            single_line(&done.url)
        );
        let line = match &done.result {
            Ok(changed) => {
                fetched += 1;
                (!quiet).then(|| {
                    if *changed {
                        format!("fetched {named}")
                    } else {
                        format!("kept    {named}: the page says no more than the feed")
                    }
                })
            }
            Err(reason) => {
                missing += 1;
                let line = format!(
                    "newsdesk: still not downloaded {named}: {}",
                    single_line(reason)
                );
                match &bar {
                    Some(bar) => bar.suspend(|| eprintln!("{line}")),
                    None => eprintln!("{line}"),
                }
                None
            }
        };
        if let Some(line) = line {
            match &bar {
                Some(bar) => bar.suspend(|| println!("{line}")),
                None => println!("{line}"),
            }
        }
        if let Some(bar) = &bar {
            bar.set_position(position as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if !quiet {
        eprintln!("fetched {fetched}, {missing} still missing");
    }
    Ok(if missing > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
