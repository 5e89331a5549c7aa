//! The help overlay: every binding, grouped, generated from the keymap; two columns when the
//! terminal is wide enough.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::theme::Theme;
use crate::tui::action::{Action, Group};
use crate::tui::keymap::Keymap;
use crate::tui::model::Model;

const KEY_COLUMN: usize = 14;
/// Widest single column.
const COLUMN_WIDTH: u16 = 60;

pub(super) fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    scroll: u16,
    model: &Model,
    keymap: &Keymap,
    theme: &Theme,
) {
    let groups = grouped_lines(model, keymap, theme);
    let two_columns = area.width >= super::super::layout::NARROW_WIDTH;
    let columns: Vec<Vec<Line<'_>>> = if two_columns {
        split_in_two(groups)
    } else {
        vec![join(groups)]
    };
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(0);
    let count = u16::try_from(columns.len()).unwrap_or(1);
    let popup = super::popup(area, COLUMN_WIDTH * count, tallest);
    let block = Block::bordered()
        .title(" Keys ")
        .title_bottom(Line::from(close_hint(keymap)).right_aligned())
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let constraints = vec![Constraint::Ratio(1, u32::from(count)); usize::from(count)];
    let cells = Layout::horizontal(constraints).split(inner);
    for (column, cell) in columns.into_iter().zip(cells.iter()) {
        frame.render_widget(Paragraph::new(column).scroll((scroll, 0)), *cell);
    }
}

/// The help lines of each group, heading first.
fn grouped_lines<'a>(model: &Model, keymap: &Keymap, theme: &Theme) -> Vec<Vec<Line<'a>>> {
    let mut groups: Vec<(Group, Vec<Line<'a>>)> = Vec::new();
    for (action, keys) in keymap.bindings() {
        let description = match action {
            // A view key is listed with the view's name, and only when that view exists.
            Action::View(number) => match model.views.get(usize::from(number).wrapping_sub(1)) {
                Some(view) => format!("view: {}", view.name),
                None => continue,
            },
            other => other.description().to_owned(),
        };
        let line = Line::from(vec![
            Span::styled(format!("  {keys:<KEY_COLUMN$}"), theme.title),
            Span::raw(description),
        ]);
        match groups.last_mut() {
            Some((group, lines)) if *group == action.group() => lines.push(line),
            _ => groups.push((
                action.group(),
                vec![Line::styled(action.group().title(), theme.accent), line],
            )),
        }
    }
    groups.into_iter().map(|(_, lines)| lines).collect()
}

fn join(groups: Vec<Vec<Line<'_>>>) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    for group in groups {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.extend(group);
    }
    lines
}

/// Whole groups into two columns of about equal height.
fn split_in_two(groups: Vec<Vec<Line<'_>>>) -> Vec<Vec<Line<'_>>> {
    let total: usize = groups.iter().map(|g| g.len() + 1).sum();
    let mut left = Vec::new();
    let mut right = Vec::new();
    let mut used = 0;
    for group in groups {
        let size = group.len() + 1;
        if used + size / 2 <= total / 2 {
            used += size;
            left.push(group);
        } else {
            right.push(group);
        }
    }
    vec![join(left), join(right)]
}

/// " esc closes ", from whatever key `back` is bound to.
fn close_hint(keymap: &Keymap) -> String {
    keymap
        .keys_for(Action::Back)
        .first()
        .map_or_else(String::new, |key| format!(" {key} closes "))
}
