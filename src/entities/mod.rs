//! Named-entity recognition: people, organisations, places and other names from a trained tagger
//! (`model`), dates, money and percentages from rules (`patterns`), then within-story aliasing so
//! "Petro" after "Gustavo Petro" is the same person. Offline, deterministic, linear in the text.

pub mod canonical;
pub mod context;
pub mod dates;
pub mod features;
pub mod gazetteer;
pub mod model;
pub mod patterns;
pub mod rules;
pub mod token;
pub mod training;

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use model::{Model, Prepared};
use token::tokenize;

/// Bumped whenever recognition changes, so stored stories are analysed again.
pub const VERSION: u32 = 5;

/// The shipped weights of the tagger.
const MODEL_BYTES: &[u8] = include_bytes!("../../assets/entities/model.bin");

/// Kinds of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Label {
    Person,
    Org,
    Place,
    /// Nationalities, events, works and other names.
    Misc,
    Date,
    Money,
    Percent,
}

impl Label {
    /// Every label, in legend order.
    pub const ALL: [Self; 7] = [
        Self::Person,
        Self::Org,
        Self::Place,
        Self::Misc,
        Self::Date,
        Self::Money,
        Self::Percent,
    ];

    /// The name used in JSON and on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Person => "PERSON",
            Self::Org => "ORG",
            Self::Place => "PLACE",
            Self::Misc => "MISC",
            Self::Date => "DATE",
            Self::Money => "MONEY",
            Self::Percent => "PERCENT",
        }
    }

    /// Reads a label name, ignoring case.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Whether the label names something a story can be "about": a person, organisation,
    /// place or other name, as opposed to a date or a figure.
    #[must_use]
    pub fn is_name(self) -> bool {
        matches!(self, Self::Person | Self::Org | Self::Place | Self::Misc)
    }

    fn from_kind(kind: usize) -> Self {
        match kind {
            1 => Self::Person,
            2 => Self::Org,
            3 => Self::Place,
            _ => Self::Misc,
        }
    }
}

/// One mention: UTF-8 byte offsets into the text (end exclusive), its label, its text as written
/// and the canonical name it stands for ("Petro" → "Gustavo Petro", "U.S." → "United States").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub text: String,
    pub canonical: String,
}

fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::from_bytes(MODEL_BYTES).ok())
        .as_ref()
}

/// Texts longer than this are recognised a part at a time, cut at paragraph breaks, so memory
/// stays proportional to a part rather than to the whole text (a surname is then tied to a full
/// name only within its part).
pub const PART_BYTES: usize = 1 << 20;

/// Finds the entities in a text, in order of position.
#[must_use]
pub fn recognise(text: &str) -> Vec<Entity> {
    in_parts(text).flatten().collect()
}

/// [`recognise`] one part of the text at a time (see [`PART_BYTES`]), for callers that print
/// or store entities as they come; offsets are into the whole text.
pub fn in_parts(text: &str) -> impl Iterator<Item = Vec<Entity>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = part_end(text, start);
        let offset = start;
        start = end;
        let mut found = recognise_part(&text[offset..end], model());
        for entity in &mut found {
            entity.start += offset;
            entity.end += offset;
        }
        Some(found)
    })
}

/// Where the part starting at `start` ends: at the last paragraph break within
/// [`PART_BYTES`], else the last line break, else the last space, else a character boundary.
fn part_end(text: &str, start: usize) -> usize {
    let mut limit = start + PART_BYTES;
    if limit >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[start..limit];
    ["\n\n", "\n", " "]
        .iter()
        .find_map(|cut| window.rfind(cut).map(|at| start + at + cut.len()))
        .filter(|&end| end > start)
        .unwrap_or(limit)
}

/// [`recognise`] with other weights than the shipped ones, so a newly trained tagger can be
/// measured end to end, correction rules included, before it is shipped.
#[must_use]
pub fn recognise_with(model: &Model, text: &str) -> Vec<Entity> {
    recognise_part(text, Some(model))
}

fn recognise_part(text: &str, model: Option<&Model>) -> Vec<Entity> {
    let tokens = tokenize(text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let prepared = Prepared::new(text, &tokens);
    let tags = model.map_or_else(|| vec![0; tokens.len()], |m| m.tag(&prepared));
    let mut spans: Vec<(usize, usize, Label)> = model::spans(&tags)
        .into_iter()
        .map(|(a, b, kind)| (a, b, Label::from_kind(kind)))
        .collect();
    tidy(text, &tokens, prepared.folded(), &mut spans);
    let context = rules::Context {
        text,
        tokens: &tokens,
        folded: prepared.folded(),
        flags: prepared.flags(),
    };
    let english = rules::english(&context);
    rules::correct(&context, &mut spans, &english);
    alias_people(text, &tokens, prepared.folded(), &mut spans);
    let figures = patterns::find(text, &tokens, prepared.folded());
    // A name made only of a date's words ("on Tuesday" tagged as an organisation) is that date.
    spans.retain(|&(a, b, label)| {
        !(label.is_name()
            && figures
                .iter()
                .any(|&(pa, pb, kind)| kind == Label::Date && pa <= a && b <= pb))
    });
    let mut taken = vec![false; tokens.len()];
    for &(a, b, _) in &spans {
        taken[a..=b].iter_mut().for_each(|t| *t = true);
    }
    for (a, b, label) in figures {
        if !taken[a..=b].iter().any(|&t| t) {
            spans.push((a, b, label));
        }
    }
    spans.sort_by_key(|&(a, _, _)| a);
    let mut found: Vec<Entity> = spans
        .into_iter()
        .map(|(a, b, label)| {
            let (start, end) = (tokens[a].start, tokens[b].end);
            Entity {
                start,
                end,
                label,
                text: text[start..end].to_owned(),
                canonical: String::new(),
            }
        })
        .collect();
    let names = canonical::names(&found);
    for (entity, name) in found.iter_mut().zip(names) {
        entity.canonical = name;
    }
    found
}

/// Fixes two habits of the tagger: a span that swallowed a person's title ("Interior Minister
/// Armando Benedetti" is the person Armando Benedetti), and a span that ends in an ordinary
/// lower-case word or a possessive ("Truth Social post", "Rudolph’s").
fn tidy(
    text: &str,
    tokens: &[token::Token],
    folded: &[std::borrow::Cow<'_, str>],
    spans: &mut [(usize, usize, Label)],
) {
    let gazetteer = gazetteer::Gazetteer::get();
    let raw = |i: usize| &text[tokens[i].start..tokens[i].end];
    let capitalised = |i: usize| raw(i).chars().next().is_some_and(char::is_uppercase);
    for span in spans.iter_mut() {
        // Names end in a name word: not in a lower-case word or a stray quote.
        // A possessive ("Rudolph’s helmet") belongs to the sentence, not the name.
        let ordinary = |i: usize| {
            let word = raw(i);
            word.chars().next().is_some_and(char::is_lowercase)
                || !word.chars().any(char::is_alphanumeric)
                || matches!(word, "'s" | "’s" | "'S" | "’S")
        };
        while span.1 > span.0 && ordinary(span.1) {
            span.1 -= 1;
        }
        while span.0 < span.1 && !raw(span.0).chars().any(char::is_alphanumeric) {
            span.0 += 1;
        }
        let last_title = (span.0..span.1)
            .rev()
            .find(|&i| gazetteer.flags(&folded[i]) & gazetteer::flag::TITLE != 0);
        if let Some(title) = last_title
            && title < span.1
            && (title + 1..=span.1).all(capitalised)
        {
            *span = (title + 1, span.1, Label::Person);
            continue;
        }
        // "Minister of Finance Ana Ruiz": after a title's "of", the portfolio runs up to the
        // person's given name, and the name is the person's alone.
        let after_title_of = span.0 >= 2
            && folded[span.0 - 1] == "of"
            && gazetteer.flags(&folded[span.0 - 2]) & gazetteer::flag::TITLE != 0;
        if after_title_of
            && let Some(given) = (span.0 + 1..span.1)
                .find(|&i| gazetteer.flags(&folded[i]) & gazetteer::flag::GIVEN_NAME != 0)
            && (given..=span.1).all(capitalised)
        {
            *span = (given, span.1, Label::Person);
        }
    }
}

/// Within a story, a single word that is the first or last word of a person's full name is that
/// person too ("Petro" after "Gustavo Petro"), whatever the tagger thought of it alone.
fn alias_people(
    text: &str,
    tokens: &[token::Token],
    folded: &[std::borrow::Cow<'_, str>],
    spans: &mut Vec<(usize, usize, Label)>,
) {
    let word = |i: usize| folded[i].as_ref();
    let mut names: FxHashMap<&str, usize> = FxHashMap::default();
    for &(a, b, label) in spans.iter() {
        if label == Label::Person && b > a {
            *names.entry(word(b)).or_default() += 1;
        }
    }
    if names.is_empty() {
        return;
    }
    let mut in_span = vec![None; tokens.len()];
    for (index, &(a, b, _)) in spans.iter().enumerate() {
        in_span[a..=b].iter_mut().for_each(|s| *s = Some(index));
    }
    let mut added = Vec::new();
    for i in 0..tokens.len() {
        let raw = &text[tokens[i].start..tokens[i].end];
        if !raw.chars().next().is_some_and(char::is_uppercase) || !names.contains_key(word(i)) {
            continue;
        }
        match in_span[i] {
            None => added.push((i, i, Label::Person)),
            Some(index) => {
                let (a, b, label) = spans[index];
                if a == b && label != Label::Person {
                    spans[index].2 = Label::Person;
                }
            }
        }
    }
    spans.extend(added);
}

#[cfg(test)]
mod tests;
