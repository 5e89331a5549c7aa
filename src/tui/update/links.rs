//! The links of the open story (its own address, its numbered references, feed enclosures
//! among them) in an overlay: open one in the browser, copy it, or open reference N directly;
//! and the other ways a story leaves the reader: the pipe command and the pager.

use super::{overlays::moved, show};
use crate::text::single_line;
use crate::tui::action::Action;
use crate::tui::external::{self, Copy, Effect};
use crate::tui::model::{Model, Overlay, StatusKind, StoryLink};
use crate::tui::worker::Task;

/// Opens the overlay with the open story's links.
pub(super) fn show_links(model: &mut Model) -> Vec<Task> {
    let Some(story) = &model.story else {
        show(model, "Open a story to see its links", StatusKind::Info);
        return Vec::new();
    };
    let links = StoryLink::of(&story.article);
    if links.is_empty() {
        show(model, "This story has no links", StatusKind::Info);
    } else {
        model.overlay = Some(Overlay::Links { links, selected: 0 });
    }
    Vec::new()
}

/// Keys while the links overlay is open. The view keys (1-9) open reference N directly.
pub(super) fn links_overlay(
    model: &mut Model,
    action: Action,
    links: &[StoryLink],
    selected: usize,
) -> Vec<Task> {
    let chosen = |n: usize| links.iter().find(|l| l.number == Some(n));
    match action {
        Action::Open | Action::OpenInBrowser => match links.get(selected) {
            Some(link) => {
                let url = link.url.clone();
                model.overlay = None;
                open_url(model, &url)
            }
            None => Vec::new(),
        },
        Action::View(n) => match chosen(usize::from(n)) {
            Some(link) => {
                let url = link.url.clone();
                model.overlay = None;
                open_url(model, &url)
            }
            None => {
                show(
                    model,
                    format!("No reference [{n}] in this story"),
                    StatusKind::Error,
                );
                Vec::new()
            }
        },
        Action::CopyUrl => match links.get(selected) {
            Some(link) => copy(model, &link.url.clone()),
            None => Vec::new(),
        },
        Action::Back | Action::ShowLinks | Action::Quit => {
            model.overlay = None;
            Vec::new()
        }
        other => {
            let selected = moved(other, selected, links.len());
            if let Some(Overlay::Links {
                selected: current, ..
            }) = &mut model.overlay
            {
                *current = selected;
            }
            Vec::new()
        }
    }
}

/// Opens an address the way the config says: a terminal browser in the foreground, a
/// configured one detached, else `$BROWSER` or the system's opener.
pub(super) fn open_url(model: &mut Model, url: &str) -> Vec<Task> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        show(
            model,
            format!(
                "Not opening {}: only http and https addresses are opened",
                single_line(url)
            ),
            StatusKind::Error,
        );
        return Vec::new();
    }
    show(
        model,
        format!("Opening {}", single_line(url)),
        StatusKind::Info,
    );
    match model.programs.browser.clone() {
        Some(template) if model.programs.browser_in_terminal => {
            model.effects.push(Effect::Foreground {
                command: external::browser_command(&template, url),
                input: None,
            });
            Vec::new()
        }
        Some(template) => vec![Task::Launch(external::browser_command(&template, url))],
        None => vec![Task::OpenUrl(url.to_owned())],
    }
}

/// Copies the open story's address (or the selected one's), saying where it went.
pub(super) fn copy_story_url(model: &mut Model) -> Vec<Task> {
    let url = model
        .story
        .as_ref()
        .and_then(|s| s.article.url.clone())
        .or_else(|| model.selected_story().and_then(|s| s.url.clone()));
    match url {
        Some(url) => copy(model, &url),
        None => {
            show(model, "This story has no web address", StatusKind::Error);
            Vec::new()
        }
    }
}

fn copy(model: &mut Model, text: &str) -> Vec<Task> {
    let shown = single_line(text);
    match model.programs.copy.clone() {
        Copy::Terminal => {
            model.effects.push(Effect::CopyToTerminal(text.to_owned()));
            show(
                model,
                format!("Copied {shown} to the terminal's clipboard (OSC 52)"),
                StatusKind::Info,
            );
            Vec::new()
        }
        Copy::Command(command) => {
            show(
                model,
                format!("Copied {shown} with {}", single_line(&command)),
                StatusKind::Info,
            );
            vec![Task::CopyWith {
                command: external::words(&command),
                text: text.to_owned(),
            }]
        }
        Copy::Off => {
            show(
                model,
                "Copying is off: set copy_to under [links] in the config",
                StatusKind::Error,
            );
            Vec::new()
        }
    }
}

/// Sends the open story to the pipe command (or the pager) in the foreground.
pub(super) fn pipe_story(model: &mut Model) -> Vec<Task> {
    let Some(story) = &model.story else {
        show(model, "Open a story to send it", StatusKind::Info);
        return Vec::new();
    };
    let article = &story.article;
    let input = external::story_for_pipe(&article.title, article.url.as_deref(), &article.body);
    let command = model.programs.pipe_command();
    model.effects.push(Effect::Foreground {
        command,
        input: Some(input),
    });
    Vec::new()
}
