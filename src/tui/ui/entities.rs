//! The entity panel: the open story's names grouped by kind, with how often each is mentioned.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::entities::Label;
use crate::text::{single_line, truncate, width};
use crate::tui::model::PanelEntity;

/// Heading of each kind in the panel.
fn heading(label: Label) -> &'static str {
    match label {
        Label::Person => "People",
        Label::Org => "Organisations",
        Label::Place => "Places",
        Label::Misc => "Other names",
        Label::Date => "Dates",
        Label::Money => "Money",
        Label::Percent => "Percentages",
    }
}

pub(super) fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    entities: &[PanelEntity],
    selected: usize,
    theme: &Theme,
) {
    let box_width = area.width.saturating_sub(4).min(56);
    let room = usize::from(box_width.saturating_sub(4));
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut selected_row = 0;
    let mut kind = None;
    for (index, entity) in entities.iter().enumerate() {
        let (label, name, count) = (entity.label, &entity.shown, entity.count);
        if kind != Some(label) {
            if kind.is_some() {
                lines.push(Line::from(""));
            }
            kind = Some(label);
            lines.push(Line::styled(heading(label), theme.title));
        }
        if index == selected {
            selected_row = lines.len();
        }
        let count = format!("{count}×");
        let name = truncate(&single_line(name), room.saturating_sub(count.len() + 3));
        let gap = room.saturating_sub(2 + width(&name) + count.len());
        let base = if index == selected {
            theme.selection
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled("  ", base),
            // A date that names no day leads nowhere: shown dim.
            Span::styled(
                name,
                if entity.linkable {
                    base.patch(theme.entity(label))
                } else {
                    base.patch(theme.dim)
                },
            ),
            Span::styled(" ".repeat(gap), base),
            Span::styled(count, if index == selected { base } else { theme.dim }),
        ]));
    }
    super::list_overlay(
        frame,
        area,
        box_width,
        " Entities in this story ",
        lines,
        selected_row,
        0,
        theme,
    );
}
