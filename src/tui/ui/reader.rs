//! The reading pane: the open story's wrapped lines from the scroll position, and how far in we are.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Padding, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use std::ops::Range;

use ratatui::style::Style;

use super::theme::Theme;
use crate::entities::Label;
use crate::highlight::Color as PassageColor;
use crate::text::words_starting_with;
use crate::tui::layout::{self, READER_PADDING};
use crate::tui::model::{Focus, LineKind, Model};

pub(super) fn render(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let focused = model.focus == Focus::Reader;
    let mut block = Block::bordered()
        .padding(Padding::horizontal(READER_PADDING))
        .border_style(theme.pane_border(focused));
    let rows = layout::reader_rows(area);
    let Some(story) = &model.story else {
        let hint = if model.stories.is_empty() {
            ""
        } else {
            "Select a story to read it."
        };
        frame.render_widget(Paragraph::new(hint).style(theme.dim).block(block), area);
        return;
    };
    let total = story.lines.len();
    if total > rows {
        let end = (story.scroll + rows).min(total);
        let percent = end * 100 / total.max(1);
        block = block.title_bottom(Line::from(format!(" {percent}% ")).right_aligned());
    }
    if model.show_entities && !story.mentions.is_empty() && area.width > 40 {
        block = block.title_bottom(legend(theme));
    }
    let words = model.highlight_words();
    let lines: Vec<Line<'_>> = story
        .lines
        .iter()
        .skip(story.scroll)
        .take(rows)
        .map(|line| match line.kind {
            LineKind::Title => Line::styled(line.text.as_str(), theme.title),
            LineKind::Meta => Line::styled(line.text.as_str(), theme.dim),
            LineKind::Note(color) => Line::styled(line.text.as_str(), theme.passage_mark(color)),
            LineKind::Blank | LineKind::Body => {
                let marks: &[_] = if model.show_entities {
                    &line.marks
                } else {
                    &[]
                };
                let selected = model.selection.and_then(|s| {
                    let (start, end) = (line.offset, line.offset + line.text.len());
                    (line.kind == LineKind::Body && s.start < end && start < s.end)
                        .then(|| s.start.max(start) - start..s.end.min(end) - start)
                });
                styled_line(&line.text, marks, &line.passages, &words, selected, theme)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
    margin_marks(frame, area, story, rows, theme);
    if total > rows {
        let mut state = ScrollbarState::new(total.saturating_sub(rows)).position(story.scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area.inner(Margin::new(0, 1)),
            &mut state,
        );
    }
}

/// A bar in the left padding beside each row with a highlighted passage, in its colour, so a
/// highlight stays visible without colour too.
fn margin_marks(
    frame: &mut Frame<'_>,
    area: Rect,
    story: &crate::tui::model::OpenStory,
    rows: usize,
    theme: &Theme,
) {
    if READER_PADDING == 0 || area.width < 3 {
        return;
    }
    let visible = story.lines.iter().skip(story.scroll).take(rows);
    for (row, line) in (area.y + 1..area.y + area.height.saturating_sub(1)).zip(visible) {
        if let Some((_, color)) = line.passages.first() {
            frame
                .buffer_mut()
                .set_string(area.x + 1, row, "▌", theme.passage_mark(*color));
        }
    }
}

/// A body line with its highlighted passages, its entities coloured by kind and the search
/// words marked on top.
fn styled_line<'a>(
    text: &'a str,
    marks: &[(Range<usize>, Label)],
    passages: &[(Range<usize>, PassageColor)],
    words: &[String],
    selected: Option<Range<usize>>,
    theme: &Theme,
) -> Line<'a> {
    let found = words_starting_with(text, words);
    if marks.is_empty() && found.is_empty() && passages.is_empty() && selected.is_none() {
        return Line::raw(text);
    }
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let passage_ranges = passages.iter().map(|(r, _)| r);
    for range in marks
        .iter()
        .map(|(r, _)| r)
        .chain(&found)
        .chain(passage_ranges)
        .chain(&selected)
    {
        cuts.extend([range.start, range.end]);
    }
    cuts.retain(|&at| text.is_char_boundary(at));
    cuts.sort_unstable();
    cuts.dedup();
    let spans: Vec<Span<'a>> = cuts
        .windows(2)
        .map(|pair| {
            let (from, to) = (pair[0], pair[1]);
            let mut style = Style::new();
            if let Some((_, color)) = passages
                .iter()
                .find(|(r, _)| r.start <= from && to <= r.end)
            {
                style = style.patch(theme.passage(*color));
            }
            if let Some((_, label)) = marks.iter().find(|(r, _)| r.start <= from && to <= r.end) {
                style = style.patch(theme.entity(*label));
            }
            if found.iter().any(|r| r.start <= from && to <= r.end) {
                style = style.patch(theme.highlight);
            }
            if selected
                .as_ref()
                .is_some_and(|r| r.start <= from && to <= r.end)
            {
                style = style.add_modifier(ratatui::style::Modifier::REVERSED);
            }
            Span::styled(&text[from..to], style)
        })
        .collect();
    Line::from(spans)
}

/// The colour key shown under a story with entities.
fn legend(theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (label, word) in [
        (Label::Person, "person"),
        (Label::Org, "organisation"),
        (Label::Place, "place"),
        (Label::Misc, "other"),
        (Label::Date, "date"),
        (Label::Money, "money"),
        (Label::Percent, "%"),
    ] {
        spans.push(Span::styled(word, theme.entity(label)));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}
