//! The help overlay: every binding, grouped, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::theme::Theme;
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::model::Model;

const KEY_COLUMN: usize = 16;

pub(super) fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    scroll: u16,
    model: &Model,
    keymap: &Keymap,
    theme: &Theme,
) {
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut group = None;
    for (action, keys) in keymap.bindings() {
        let description = match action {
            // A view key is listed with the view's name, and only when that view exists.
            Action::View(number) => match model.views.get(usize::from(number).wrapping_sub(1)) {
                Some(view) => format!("view: {}", view.name),
                None => continue,
            },
            other => other.description().to_owned(),
        };
        if group != Some(action.group()) {
            if group.is_some() {
                lines.push(Line::from(""));
            }
            group = Some(action.group());
            lines.push(Line::styled(action.group().title(), theme.accent));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<KEY_COLUMN$}"), theme.title),
            Span::raw(description),
        ]));
    }
    let width = area.width.saturating_sub(4).min(64);
    let height = area
        .height
        .saturating_sub(2)
        .min(u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let block = Block::bordered()
        .title(" Keys ")
        .title_bottom(Line::from(close_hint(keymap)).right_aligned())
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}

/// " esc closes ", from whatever key `back` is bound to.
fn close_hint(keymap: &Keymap) -> String {
    keymap
        .keys_for(Action::Back)
        .first()
        .map_or_else(String::new, |key| format!(" {key} closes "))
}
