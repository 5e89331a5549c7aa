//! The search prompt in the status row: the query being typed, its mistake underlined.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::text::{sanitize, truncate, width};
use crate::tui::model::Prompt;

const LEADER: &str = " / ";

pub(super) fn render(frame: &mut Frame<'_>, area: Rect, prompt: &Prompt, theme: &Theme) {
    let text = &prompt.input.text;
    let mut spans = vec![Span::styled(LEADER, theme.accent)];
    match &prompt.error {
        Some(error) if error.span.end <= text.len() => {
            let bad = theme.error.add_modifier(Modifier::UNDERLINED);
            spans.push(Span::raw(sanitize(&text[..error.span.start]).into_owned()));
            spans.push(Span::styled(
                sanitize(&text[error.span.clone()]).into_owned(),
                bad,
            ));
            spans.push(Span::raw(sanitize(&text[error.span.end..]).into_owned()));
        }
        _ => spans.push(Span::raw(sanitize(text).into_owned())),
    }
    let used = width(LEADER) + width(text);
    if let Some(error) = &prompt.error {
        let room = usize::from(area.width).saturating_sub(used + 4);
        spans.push(Span::styled(
            format!("  ✗ {}", truncate(&error.message, room)),
            theme.error,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let before_cursor = width(LEADER) + width(&text[..prompt.input.cursor]);
    let column = u16::try_from(before_cursor).unwrap_or(u16::MAX);
    if column < area.width {
        frame.set_cursor_position(Position::new(area.x + column, area.y));
    }
}
