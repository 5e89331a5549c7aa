//! What the reader asks of the world outside its window: a browser, a pager or `pipe_to`
//! command in the foreground, the clipboard through the terminal (OSC 52), a full redraw.
//! `update` only describes these as [`Effect`]s; the event loop, which owns the terminal,
//! carries them out.

use base64::Engine;

use crate::config::LinksConfig;

/// Something only the owner of the terminal can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Clear the screen and draw everything again (another program wrote over it).
    Redraw,
    /// Write an OSC 52 sequence so the terminal puts `text` on the clipboard.
    CopyToTerminal(String),
    /// Leave the alternate screen, run `command` in the foreground with `input` on its
    /// standard input (or the terminal's), then come back and redraw.
    Foreground {
        command: Vec<String>,
        input: Option<String>,
    },
    /// Mark these addresses on screen as hyperlinks (OSC 8), over what was just drawn.
    Hyperlinks(Vec<Hyperlink>),
}

/// An address on screen: where its text starts, the text drawn there, where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    pub x: u16,
    pub y: u16,
    pub text: String,
    pub url: String,
}

/// The bytes that draw `link.text` at its place as an OSC 8 hyperlink.
#[must_use]
pub fn osc8(link: &Hyperlink) -> String {
    format!(
        "\x1b[{};{}H\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\",
        link.y + 1,
        link.x + 1,
        link.url,
        link.text
    )
}

/// Where the browser and the other programs come from, read from the config's `[links]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Programs {
    /// The browser command template; `None`: `$BROWSER` or the system's opener.
    pub browser: Option<String>,
    pub browser_in_terminal: bool,
    pub copy: Copy,
    /// The pipe command; `None`: the pager.
    pub pipe_to: Option<String>,
    /// `$PAGER`, read when the reader starts.
    pub pager: Option<String>,
    /// Mark addresses on screen as OSC 8 hyperlinks.
    pub hyperlinks: bool,
}

/// Where copied text goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Copy {
    /// The terminal's clipboard, through OSC 52.
    #[default]
    Terminal,
    /// A command reading the text on its standard input.
    Command(String),
    Off,
}

impl Programs {
    /// The `[links]` settings; empty strings mean "the default".
    #[must_use]
    pub fn from_config(links: &LinksConfig, pager: Option<String>) -> Self {
        let set = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Self {
            browser: set(&links.browser),
            browser_in_terminal: links.browser_in_terminal,
            copy: match links.copy_to.trim() {
                "" => Copy::Off,
                "osc52" => Copy::Terminal,
                command => Copy::Command(command.to_owned()),
            },
            pipe_to: set(&links.pipe_to),
            pager: pager.as_deref().and_then(set),
            hyperlinks: links.hyperlinks,
        }
    }

    /// The pipe command: `pipe_to`, else `$PAGER`, else `less`, split into words.
    #[must_use]
    pub fn pipe_command(&self) -> Vec<String> {
        let chosen = self
            .pipe_to
            .as_deref()
            .or(self.pager.as_deref())
            .unwrap_or("less");
        words(chosen)
    }
}

/// A command line split as a shell would (quotes kept together), without running a shell.
#[must_use]
pub fn words(command: &str) -> Vec<String> {
    shell_words::split(command)
        .unwrap_or_else(|_| command.split_whitespace().map(str::to_owned).collect())
}

/// The browser command for `url`: `%u` replaced by it, or the address added at the end.
#[must_use]
pub fn browser_command(template: &str, url: &str) -> Vec<String> {
    let mut command = words(template);
    if command.iter().any(|w| w.contains("%u")) {
        for word in &mut command {
            *word = word.replace("%u", url);
        }
    } else {
        command.push(url.to_owned());
    }
    command
}

/// The OSC 52 sequence asking the terminal to put `text` on the clipboard.
#[must_use]
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}

/// The text the pipe key sends: title, address, a blank line, then the story.
#[must_use]
pub fn story_for_pipe(title: &str, url: Option<&str>, body: &str) -> String {
    let mut out = String::from(title);
    out.push('\n');
    if let Some(url) = url {
        out.push_str(url);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(body);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_commands_take_the_address_where_asked() {
        assert_eq!(
            browser_command("w3m %u", "https://x.org/a b"),
            ["w3m", "https://x.org/a b"]
        );
        assert_eq!(
            browser_command("lynx -accept_all_cookies", "u"),
            ["lynx", "-accept_all_cookies", "u"]
        );
        assert_eq!(
            browser_command("'my browser' --new-tab=%u", "u"),
            ["my browser", "--new-tab=u"]
        );
    }

    #[test]
    fn osc52_encodes_the_text_in_base64() {
        assert_eq!(
            osc52("https://example.org"),
            "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLm9yZw==\x07"
        );
    }

    #[test]
    fn the_pipe_command_falls_back_to_the_pager_then_less() {
        let mut programs = Programs::default();
        assert_eq!(programs.pipe_command(), ["less"]);
        programs.pager = Some("most -s".into());
        assert_eq!(programs.pipe_command(), ["most", "-s"]);
        programs.pipe_to = Some("glow -".into());
        assert_eq!(programs.pipe_command(), ["glow", "-"]);
    }
}
