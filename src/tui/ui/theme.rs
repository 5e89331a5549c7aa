//! Styles for every part of the screen, from the config's colour names, with `NO_COLOR` honoured.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeConfig;
use crate::entities::Label;
use crate::highlight::Color as PassageColor;

/// Resolved styles; colour-free when `NO_COLOR` is set, so only bold, reverse and the like remain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub accent: Style,
    pub selection: Style,
    pub unread: Style,
    pub bookmark: Style,
    pub dim: Style,
    pub error: Style,
    pub title: Style,
    pub border: Style,
    pub focused_border: Style,
    /// Search words in the story.
    pub highlight: Style,
    /// One style per kind of entity, in [`Label::ALL`] order.
    pub entities: [Style; 7],
    /// Highlighted passages, a background per colour in [`PassageColor::ALL`] order: dark, so
    /// the entity colours stay readable on top; none without colour (the margin mark remains).
    pub passages: [Style; 4],
    /// The margin mark beside a highlighted row and the style of its note, per colour.
    pub passage_marks: [Style; 4],
}

impl Theme {
    /// A pane's border: accented while it has the keyboard, so the user sees where keys go.
    #[must_use]
    pub fn pane_border(&self, focused: bool) -> Style {
        if focused {
            self.focused_border
        } else {
            self.border
        }
    }

    /// Builds the styles; `no_color` drops every colour but keeps emphasis.
    ///
    /// # Errors
    /// When a colour name cannot be read; the message names the setting.
    pub fn from_config(config: &ThemeConfig, no_color: bool) -> Result<Self, String> {
        let color = |name: &str, value: &str| -> Result<Option<Color>, String> {
            if no_color {
                return Ok(None);
            }
            Color::from_str(value)
                .map(Some)
                .map_err(|_| format!("[theme] {name}: unknown colour {value:?}"))
        };
        let fg = |c: Option<Color>| c.map_or_else(Style::new, |c| Style::new().fg(c));
        let accent = color("accent", &config.accent)?;
        let selection = color("selection", &config.selection)?;
        let dim = color("dim", &config.dim)?;
        Ok(Self {
            accent: fg(accent).add_modifier(Modifier::BOLD),
            selection: match selection {
                Some(bg) => Style::new()
                    .bg(bg)
                    .fg(Color::White)
                    .add_modifier(Modifier::BOLD),
                None => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            },
            unread: fg(color("unread", &config.unread)?).add_modifier(Modifier::BOLD),
            bookmark: fg(color("bookmark", &config.bookmark)?),
            dim: match dim {
                Some(c) => Style::new().fg(c),
                None => Style::new().add_modifier(Modifier::DIM),
            },
            error: fg(color("error", &config.error)?).add_modifier(Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD),
            border: match dim {
                Some(c) => Style::new().fg(c),
                None => Style::new(),
            },
            focused_border: fg(accent),
            highlight: match color("highlight", &config.highlight)? {
                Some(bg) => Style::new().bg(bg).fg(Color::Black),
                None => Style::new().add_modifier(Modifier::REVERSED),
            },
            passages: if no_color {
                [Style::new(); 4]
            } else {
                // 256-colour olive, dark green, navy and plum.
                [58, 22, 17, 53].map(|c| Style::new().bg(Color::Indexed(c)))
            },
            passage_marks: if no_color {
                [Style::new().add_modifier(Modifier::BOLD); 4]
            } else {
                [Color::Yellow, Color::Green, Color::Blue, Color::Magenta]
                    .map(|c| Style::new().fg(c).add_modifier(Modifier::BOLD))
            },
            entities: {
                let settings = [
                    ("person", &config.person, Modifier::BOLD),
                    ("org", &config.org, Modifier::UNDERLINED),
                    ("place", &config.place, Modifier::ITALIC),
                    ("misc", &config.misc, Modifier::BOLD | Modifier::ITALIC),
                    ("date", &config.date, Modifier::DIM | Modifier::UNDERLINED),
                    (
                        "money",
                        &config.money,
                        Modifier::BOLD | Modifier::UNDERLINED,
                    ),
                    (
                        "percent",
                        &config.percent,
                        Modifier::ITALIC | Modifier::UNDERLINED,
                    ),
                ];
                let mut styles = [Style::new(); 7];
                for (style, (name, value, emphasis)) in styles.iter_mut().zip(settings) {
                    // Colour when there is colour; each kind's own emphasis when there is not.
                    *style = match color(name, value)? {
                        Some(c) => Style::new().fg(c),
                        None => Style::new().add_modifier(emphasis),
                    };
                }
                styles
            },
        })
    }

    /// The style of one kind of entity.
    #[must_use]
    pub fn entity(&self, label: Label) -> Style {
        let index = Label::ALL.iter().position(|l| *l == label).unwrap_or(0);
        self.entities[index]
    }

    /// The background of a highlighted passage of this colour.
    #[must_use]
    pub fn passage(&self, color: PassageColor) -> Style {
        self.passages[passage_index(color)]
    }

    /// The margin mark and note style of a highlight of this colour.
    #[must_use]
    pub fn passage_mark(&self, color: PassageColor) -> Style {
        self.passage_marks[passage_index(color)]
    }

    /// Whether `NO_COLOR` asks for no colour: set and not empty, as no-color.org defines it.
    #[must_use]
    pub fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }
}

fn passage_index(color: PassageColor) -> usize {
    PassageColor::ALL
        .iter()
        .position(|c| *c == color)
        .unwrap_or(0)
}
