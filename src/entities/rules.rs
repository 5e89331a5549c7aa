//! Corrections after the tagger, each a mechanism readers notice when it is missing: text that is
//! not English left alone, ordinary words that start a sentence, name endings that say what a
//! name is ("… Sons", "… Island", "Bank of …"), company suffixes, place evidence ("in Cairns"),
//! and one label per name within a story.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::Label;
use super::gazetteer::{Gazetteer, flag};
use super::hash::word_key;
use super::token::Token;

mod evidence;
mod organisations;

/// A labelled token range, first and last token inclusive.
pub type Span = (usize, usize, Label);

/// What the corrections read: the text, its tokens, folded words and list flags.
pub struct Context<'t, 'a> {
    pub text: &'a str,
    pub tokens: &'t [Token],
    pub folded: &'t [Cow<'a, str>],
    pub flags: &'t [u16],
}

impl Context<'_, '_> {
    fn raw(&self, i: usize) -> &str {
        &self.text[self.tokens[i].start..self.tokens[i].end]
    }

    fn word(&self, i: usize) -> &str {
        self.folded.get(i).map_or("", |w| w.as_ref())
    }

    fn capitalised(&self, i: usize) -> bool {
        i < self.tokens.len()
            && match self.text.as_bytes().get(self.tokens[i].start) {
                // An ASCII first letter is read as a byte; others are decoded.
                Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                _ => self.raw(i).chars().next().is_some_and(char::is_uppercase),
            }
    }

    fn has(&self, i: usize, bit: u16) -> bool {
        self.flags.get(i).is_some_and(|f| f & bit != 0)
    }
}

/// Marks the tokens of paragraphs that are not written in English: paragraphs (lines) whose
/// lower-case words are mostly not frequent English words, or that are mostly in another script.
/// Names are then not sought there; short lines (headlines, captions) count as English. Only
/// lines where one of `spans` starts or ends are looked at (the answer is read nowhere else);
/// the others are left marked English.
#[must_use]
pub fn english(cx: &Context<'_, '_>, spans: &[Span]) -> Vec<bool> {
    /// Lower-case words looked at per line: enough to decide, bounded for speed.
    const SAMPLE: usize = 24;
    let gazetteer = Gazetteer::get();
    let mut keep = vec![true; cx.tokens.len()];
    let mut wanted = vec![false; cx.tokens.len()];
    for &(a, b, _) in spans {
        wanted[a] = true;
        wanted[b] = true;
    }
    let mut begin = 0;
    for i in 0..=cx.tokens.len() {
        let line_ends = i == cx.tokens.len() || (i > begin && cx.tokens[i].line_start);
        if !line_ends {
            continue;
        }
        if !wanted[begin..i].contains(&true) {
            begin = i;
            continue;
        }
        let (mut words, mut english) = (0, 0);
        let (mut english_marks, mut foreign_marks) = (0, 0);
        let mut foreign_script = 0;
        for j in begin..i {
            let raw = cx.raw(j);
            let ascii = raw.is_ascii();
            if !ascii && raw.chars().any(|c| c.is_alphabetic() && !is_latin(c)) {
                foreign_script += 1;
            } else if words < SAMPLE
                && raw.len() > 1
                && if ascii {
                    raw.bytes().all(|b| b.is_ascii_lowercase())
                } else {
                    raw.chars().all(char::is_lowercase)
                }
            {
                words += 1;
                let flags = gazetteer.language_flags(word_key(cx.word(j)));
                if flags & flag::COMMON != 0 {
                    english += 1;
                }
                if flags & flag::ENGLISH_MARK != 0 {
                    english_marks += 1;
                } else if flags & flag::FOREIGN_MARK != 0 {
                    foreign_marks += 1;
                }
            }
        }
        let latin_words = i - begin - foreign_script;
        if (words >= 6 && (english * 2 < words || foreign_marks > english_marks + 1))
            || foreign_script > latin_words
        {
            keep[begin..i].iter_mut().for_each(|k| *k = false);
        }
        begin = i;
    }
    keep
}

/// Latin letters, with their accented and extended forms.
fn is_latin(c: char) -> bool {
    (c as u32) < 0x250 || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Company and generational suffixes that belong to the name before them.
const COMPANY_SUFFIXES: &[&str] = &[
    "inc.", "inc", "corp.", "corp", "ltd", "ltd.", "llc", "plc", "co.", "ag", "gmbh", "s.a.",
    "n.v.",
];
const PERSON_SUFFIXES: &[&str] = &["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"];
/// Words before a name that say it is a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "near", "outside", "across", "around", "from"];

/// Applies every correction, in order, to the tagger's spans.
pub fn correct(cx: &Context<'_, '_>, spans: &mut Vec<Span>, english: &[bool]) {
    spans.retain(|&(a, b, _)| english[a] && english[b] && latin_only(cx, a, b));
    split_and_merge(cx, spans);
    attach_suffixes(cx, spans);
    extend_with_name_words(cx, spans);
    capitalised_runs(cx, spans);
    join_of_phrases(cx, spans);
    organisations::coordinated(cx, spans);
    for span in spans.iter_mut() {
        relabel_by_form(cx, span);
    }
    lone_words_after_in(cx, spans);
    drop_common_starts(cx, spans);
    drop_title_modifiers(cx, spans);
    evidence::drop_portfolios(cx, spans);
    trim_edges(cx, spans);
    evidence::people_after_titles(cx, spans);
    evidence::teams(cx, spans);
    evidence::sports_results(cx, spans);
    evidence::inner_capitals(cx, spans);
    organisations::capitalised_the(cx, spans);
    organisations::company_last_words(cx, spans);
    organisations::organisation_evidence(cx, spans);
    organisations::everyday_words_are_no_person(cx, spans);
    evidence::listed_with_organisations(cx, spans);
    evidence::events_and_laws(cx, spans);
    first_words_of_organisations(cx, spans);
    one_span_per_name(cx, spans);
    one_label_per_name(cx, spans);
    spans.sort_by_key(|&(a, _, _)| a);
}

/// "Interior Minister", "Finance Secretary": an ordinary word alone before a title says which
/// office, it names nothing; a place or nationality there ("U.S. Secretary") stays.
fn drop_title_modifiers(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    spans.retain(|&(a, b, label)| {
        !(a == b
            && label.is_name()
            && cx.has(a, flag::COMMON)
            && !cx.has(
                a,
                flag::PLACE | flag::GEO | flag::DEMONYM | flag::GIVEN_NAME,
            )
            && cx.capitalised(a + 1)
            && cx.has(a + 1, flag::TITLE))
    });
}

/// Words a span should not start or end with: a weekday after a name; a capitalised ordinary
/// plural or adverb that starts the sentence before a name ("Organisers SCC Events",
/// "Unfortunately Acme"); a sentence-initial "The" before an institution ("The Ministry of …",
/// "The Reserve Bank").
fn trim_edges(cx: &Context<'_, '_>, spans: &mut [Span]) {
    for span in spans.iter_mut() {
        if !span.2.is_name() {
            continue;
        }
        // A name never ends in a weekday ("… Open Thursday" is the event, then the day).
        while span.1 > span.0 && super::patterns::WEEKDAYS.contains(&cx.word(span.1)) {
            span.1 -= 1;
        }
        if span.1 > span.0 && evidence::starts_sentence(cx, span.0) {
            let first = cx.word(span.0);
            let ordinary = cx.has(span.0, flag::COMMON)
                && !cx.has(
                    span.0,
                    flag::GIVEN_NAME | flag::PLACE | flag::ORG_WORD | flag::GEO | flag::TITLE,
                )
                && first.len() > 3
                && ((first.ends_with('s') && !first.ends_with("ss")) || first.ends_with("ly"));
            let article = first == "the"
                && (ends_in_kind_word(cx, span.1) == Some(Label::Org)
                    || (span.0 + 1..span.1)
                        .any(|k| cx.has(k, flag::ORG_WORD) && cx.word(k + 1) == "of"))
                && !Gazetteer::get().is_multi_place(&cx.folded[span.0..=span.1].join(" "));
            if (ordinary || article) && cx.capitalised(span.0 + 1) {
                span.0 += 1;
            }
        }
    }
}

/// A lone word the tagger took for a person, written after "in" or "near", that is no one's
/// given name and no surname of a person named in the story, is a place ("in Sriharikota").
fn lone_words_after_in(cx: &Context<'_, '_>, spans: &mut [Span]) {
    let surnames: Vec<&str> = spans
        .iter()
        .filter(|&&(a, b, label)| label == Label::Person && b > a)
        .map(|&(_, b, _)| cx.word(b))
        .collect();
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if label == Label::Person
            && a == b
            && a > 0
            && matches!(cx.word(a - 1), "in" | "near")
            && !cx.has(a, flag::GIVEN_NAME | flag::TITLE)
            && !surnames.contains(&cx.word(a))
        {
            span.2 = Label::Place;
        }
    }
}

/// One name, one label: a lone word that starts a longer organisation's name in the same story
/// is that organisation ("Hanbit" after "Hanbit Semiconductor"), unless the word is a place by
/// itself ("Japan" of "Japan Airlines").
fn first_words_of_organisations(cx: &Context<'_, '_>, spans: &mut [Span]) {
    let firsts: Vec<&str> = spans
        .iter()
        .filter(|&&(a, b, label)| label == Label::Org && b > a)
        .map(|&(a, _, _)| cx.word(a))
        .collect();
    if firsts.is_empty() {
        return;
    }
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if a == b
            && label.is_name()
            && label != Label::Org
            && firsts.contains(&cx.word(a))
            && !cx.has(
                a,
                flag::PLACE | flag::GEO | flag::DEMONYM | flag::GIVEN_NAME,
            )
        {
            span.2 = Label::Org;
        }
    }
}

fn latin_only(cx: &Context<'_, '_>, a: usize, b: usize) -> bool {
    (a..=b).all(|i| cx.raw(i).chars().all(|c| !c.is_alphabetic() || is_latin(c)))
}

/// "Acme Corp." and "Patrick Carlineo Jr.": a suffix right after a name joins it.
fn attach_suffixes(cx: &Context<'_, '_>, spans: &mut [Span]) {
    for span in spans.iter_mut() {
        let next = span.1 + 1;
        if next >= cx.tokens.len() || cx.tokens[next].start != cx.tokens[span.1].end + 1 {
            continue;
        }
        let word = cx.word(next);
        if COMPANY_SUFFIXES.contains(&word) && cx.capitalised(next) {
            *span = (span.0, next, Label::Org);
        } else if PERSON_SUFFIXES.contains(&word) && span.2 == Label::Person {
            span.1 = next;
        }
    }
}

/// "Hanbit Semiconductor", "Lizard Island": a capitalised organisation or place word right after
/// a name belongs to it; so does the name right after, when the pair ends in such a word.
fn extend_with_name_words(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    spans.sort_by_key(|&(a, _, _)| a);
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for &span in spans.iter() {
        if let Some(last) = out.last_mut()
            && last.1 + 1 == span.0
            && cx.capitalised(span.0)
            && ends_in_kind_word(cx, span.1).is_some()
        {
            last.1 = span.1;
            continue;
        }
        out.push(span);
    }
    for span in &mut out {
        while span.1 + 1 < cx.tokens.len()
            && cx.capitalised(span.1 + 1)
            && ends_in_kind_word(cx, span.1 + 1).is_some()
            && out_of_line(cx, span.1 + 1)
        {
            span.1 += 1;
        }
    }
    // Extending may have reached into the next span: keep the first.
    let mut last_end = None;
    out.retain(|&(a, b, _)| {
        let keep = last_end.is_none_or(|end| a > end);
        if keep {
            last_end = Some(b);
        }
        keep
    });
    *spans = out;
}

/// Whether token `i` is on the same line as the one before it (names do not cross lines).
fn out_of_line(cx: &Context<'_, '_>, i: usize) -> bool {
    i > 0 && !cx.tokens[i].line_start
}

/// The kind a name ending in token `i` has by its last word, if that word says.
fn ends_in_kind_word(cx: &Context<'_, '_>, i: usize) -> Option<Label> {
    if cx.has(i, flag::ORG_WORD) {
        Some(Label::Org)
    } else if cx.has(i, flag::PLACE_WORD) {
        Some(Label::Place)
    } else {
        None
    }
}

/// "Bank of England", "Ministry of Agriculture", "Bay of Bengal": an organisation or place
/// word, "of", then a capitalised name is one organisation or place; "Ministry of Economy, Trade
/// and Industry" continues over a list of ordinary capitalised words.
fn join_of_phrases(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let n = cx.tokens.len();
    let mut owner = vec![None; n];
    for (index, &(a, b, _)) in spans.iter().enumerate() {
        owner[a..=b].iter_mut().for_each(|o| *o = Some(index));
    }
    let mut joined: Vec<Span> = Vec::new();
    let mut i = 0;
    while i + 2 < n {
        let kind = ends_in_kind_word(cx, i);
        let Some(kind) = kind.filter(|_| {
            cx.capitalised(i)
                && cx.word(i + 1) == "of"
                && cx.capitalised(i + 2)
                && out_of_line(cx, i + 1)
                && out_of_line(cx, i + 2)
        }) else {
            i += 1;
            continue;
        };
        // Start: the span holding the organisation word, else the word itself.
        let start = owner[i].map_or(i, |o| after_owner(cx, spans[o].0, i));
        if let Some(o) = owner[i] {
            joined.extend(evidence::owner_span(cx, spans[o].0, start));
        }
        // End: the span starting after "of", else the run of capitalised words.
        let mut end = owner[i + 2].map_or(i + 2, |o| spans[o].1);
        loop {
            if end + 1 < n && cx.capitalised(end + 1) && out_of_line(cx, end + 1) {
                end += 1;
            } else if end + 2 < n
                && matches!(cx.word(end + 1), "," | "and")
                && cx.capitalised(end + 2)
                && cx.has(end + 2, flag::COMMON)
                && out_of_line(cx, end + 2)
            {
                end += 2;
            } else {
                break;
            }
        }
        joined.push((start, end, kind));
        i = end + 1;
    }
    if joined.is_empty() {
        return;
    }
    spans.retain(|&(a, b, _)| !joined.iter().any(|&(x, y, _)| a <= y && b >= x));
    spans.extend(joined);
    spans.sort_by_key(|&(a, _, _)| a);
}

/// Lower-case words that may stand inside a name ("Bank of England", "Braunau am Inn").
const CONNECTORS: &[&str] = &[
    "of", "the", "and", "for", "de", "du", "des", "la", "le", "van", "von", "der", "den", "am",
    "y", "da", "di", "del", "bin", "al", "el", "&", "'s", "’s",
];
/// Words that start a sentence or a phrase and are never the start of a name built of
/// capitalised words ("The Reserve Bank").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "its", "his", "her", "their",
];

/// A span that runs over an ordinary lower-case word ("Space Centre in Sriharikota") is cut
/// there; two names of one kind side by side ("La" "Paz") are one name.
fn split_and_merge(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for &(a, b, label) in spans.iter() {
        let mut from = a;
        // "Petro and Trump" are two names; "Ministry of Economy, Trade and Industry" is one.
        let one_name = ends_in_kind_word(cx, b).is_some();
        for i in a..=b {
            let raw = cx.raw(i);
            let ordinary = raw.chars().next().is_some_and(char::is_lowercase)
                && (!CONNECTORS.contains(&cx.word(i)) || (cx.word(i) == "and" && !one_name));
            if ordinary {
                out.extend(without_loose_ends(cx, from, i, label));
                from = i + 1;
            }
        }
        out.extend(without_loose_ends(cx, from, b + 1, label));
    }
    let mut merged: Vec<Span> = Vec::with_capacity(out.len());
    for span in out {
        if let Some(last) = merged.last_mut()
            && last.1 + 1 == span.0
            && last.2 == span.2
            && span.2.is_name()
            && cx.tokens[span.0].start == cx.tokens[last.1].end + 1
            && cx.text.as_bytes()[cx.tokens[last.1].end] != b'\n'
        {
            last.1 = span.1;
            continue;
        }
        merged.push(span);
    }
    *spans = merged;
}

/// The tokens `from..until` as a span, without the joining words and stray punctuation a cut
/// left at its ends: "Clinton List’ of" is "Clinton List". A lower-case particle may still start
/// a name ("van Gogh"), so only words that join two names are taken off the front.
fn without_loose_ends(
    cx: &Context<'_, '_>,
    from: usize,
    until: usize,
    label: Label,
) -> Option<Span> {
    let loose = |i: usize| {
        let raw = cx.raw(i);
        !raw.chars()
            .any(|c| c.is_alphanumeric() || matches!(c, '.' | ')' | '!'))
    };
    let (mut a, mut b) = (from, until);
    while a < b && (loose(a) || matches!(cx.word(a), "of" | "and" | "for" | "'s" | "’s")) {
        a += 1;
    }
    while b > a
        && (loose(b - 1)
            || (CONNECTORS.contains(&cx.word(b - 1))
                && cx.raw(b - 1).chars().next().is_some_and(char::is_lowercase)))
    {
        b -= 1;
    }
    (a < b).then(|| (a, b - 1, label))
}

/// "Baltic Crossing Lines", "Canada Infrastructure Bank": a run of capitalised words on one
/// line that ends in an organisation or place word is one name of that kind, whatever the
/// tagger made of its parts.
fn capitalised_runs(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let gazetteer = Gazetteer::get();
    let n = cx.tokens.len();
    let mut found: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < n {
        if !cx.capitalised(i) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end + 1 < n
            && out_of_line(cx, end + 1)
            && (cx.capitalised(end + 1) || matches!(cx.raw(end + 1), "'" | "’" | "'s" | "’s"))
        {
            end += 1;
        }
        let mut start = after_owner(cx, i, end);
        let owner = evidence::owner_span(cx, i, start);
        while start < end
            && (DETERMINERS.contains(&cx.word(start))
                || gazetteer.flags(cx.word(start)) & flag::TITLE != 0)
        {
            start += 1;
        }
        if end > start
            && let Some(kind) = ends_in_kind_word(cx, end)
        {
            found.extend(owner);
            found.push((start, end, kind));
        }
        i = end + 1;
    }
    if found.is_empty() {
        return;
    }
    spans.retain(|&(a, b, _)| !found.iter().any(|&(x, y, _)| a <= y && b >= x));
    spans.extend(found);
    spans.sort_by_key(|&(a, _, _)| a);
}

/// Where a name in tokens `a..=b` starts once an owner is set apart: "Japan's Ministry of …",
/// "UNESCO's World Heritage Committee" name the ministry and the committee, after the
/// possessive of a place or an acronym ("McDonald's Corp" keeps its possessive).
fn after_owner(cx: &Context<'_, '_>, a: usize, b: usize) -> usize {
    let gazetteer = Gazetteer::get();
    for k in a + 1..b {
        if matches!(cx.raw(k), "'s" | "’s") {
            let owner = &cx.folded[a..k];
            let acronym = k == a + 1
                && cx.raw(a).len() > 1
                && cx.raw(a).chars().all(|c| c.is_ascii_uppercase());
            let place = (k == a + 1 && cx.has(a, flag::PLACE | flag::GEO))
                || gazetteer.country(&owner.join(" ")).is_some()
                || gazetteer.is_multi_place(&owner.join(" "));
            if acronym || place {
                return k + 1;
            }
        }
    }
    a
}

/// Labels that the form of a name decides: a last word that marks organisations or places, a
/// country written any of its ways, a known place after "in" or "near".
fn relabel_by_form(cx: &Context<'_, '_>, span: &mut Span) {
    let gazetteer = Gazetteer::get();
    let (a, b, label) = *span;
    if !label.is_name() {
        return;
    }
    let after_preposition = a > 0 && PLACE_PREPOSITIONS.contains(&cx.word(a - 1));
    if b > a {
        let phrase = cx.folded[a..=b].join(" ");
        // "Faith Chepkoech": a known given name and a capitalised name after it, with no word
        // that marks an organisation or a place, is a person.
        if label != Label::Person
            && b - a <= 2
            && cx.has(a, flag::GIVEN_NAME)
            && !cx.has(a, flag::PLACE | flag::GEO)
            && (a + 1..=b).all(|i| cx.capitalised(i) && !cx.has(i, flag::COMMON | flag::GEO))
            && ends_in_kind_word(cx, b).is_none()
            && !gazetteer.is_geo(&phrase)
            && !gazetteer.is_multi_place(&phrase)
        {
            span.2 = Label::Person;
            return;
        }
        if label == Label::Org && after_preposition && gazetteer.is_geo(&phrase) {
            span.2 = Label::Place;
            return;
        }
        // A place named as a team or a government stays an organisation.
        if label != Label::Org
            && (gazetteer.is_multi_place(&phrase)
                || gazetteer.country(&phrase).is_some()
                || (label == Label::Person && gazetteer.is_geo(&phrase)))
        {
            span.2 = Label::Place;
            return;
        }
        if let Some(kind) = ends_in_kind_word(cx, b)
            && label != Label::Misc
        {
            span.2 = kind;
            return;
        }
    }
    if a == b {
        let raw = cx.raw(a);
        // "US", "U.S.", "UK": a country's abbreviation is the country.
        let abbreviation = raw.len() <= 6
            && raw.chars().all(|c| c.is_uppercase() || c == '.')
            && !cx.has(a + 1, flag::ORG_WORD);
        if gazetteer.country(cx.word(a)).is_some()
            && label != Label::Misc
            && (label == Label::Person || abbreviation)
        {
            span.2 = Label::Place;
            return;
        }
        if label == Label::Person
            && (cx.has(a, flag::PLACE) || gazetteer.is_geo(cx.word(a)))
            && !cx.has(a, flag::GIVEN_NAME)
            && after_preposition
        {
            span.2 = Label::Place;
        }
    }
}

/// "Moreover", "Let", "Yes" at a sentence start: a frequent English word alone is not a name
/// unless the story also writes it capitalised in mid-sentence, or it is an acronym ("NASA").
fn drop_common_starts(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let mut capitalised_inside: FxHashMap<&str, bool> = FxHashMap::default();
    for &(a, b, _) in spans.iter() {
        if a == b && evidence::starts_sentence(cx, a) && cx.has(a, flag::COMMON) {
            capitalised_inside.insert(cx.word(a), false);
        }
    }
    if capitalised_inside.is_empty() {
        return;
    }
    for i in 0..cx.tokens.len() {
        if cx.capitalised(i)
            && !evidence::starts_sentence(cx, i)
            && let Some(seen) = capitalised_inside.get_mut(cx.word(i))
        {
            *seen = true;
        }
    }
    spans.retain(|&(a, b, _)| {
        !(a == b
            && evidence::starts_sentence(cx, a)
            && cx.has(a, flag::COMMON)
            && !cx.has(a, flag::PLACE | flag::GIVEN_NAME | flag::ORG_WORD)
            && !evidence::acronym_in_prose(cx, a)
            && capitalised_inside.get(cx.word(a)) == Some(&false))
    });
}

/// One name, one span within a story: a span that is the start of a person's full name found
/// whole elsewhere in the story, with the rest of the name written after it ("Ana" tagged
/// alone before "Brix’s"), is that person.
fn one_span_per_name(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let names: Vec<&[Cow<'_, str>]> = spans
        .iter()
        .filter(|&&(a, b, label)| label == Label::Person && b > a)
        .map(|&(a, b, _)| &cx.folded[a..=b])
        .collect();
    if names.is_empty() {
        return;
    }
    let mut grown = false;
    for span in spans.iter_mut() {
        let (a, b, _) = *span;
        let whole = names.iter().find(|name| {
            name.len() > b - a + 1
                && a + name.len() <= cx.folded.len()
                && cx.folded[a..a + name.len()] == name[..]
                && (b + 1..a + name.len()).all(|i| out_of_line(cx, i))
        });
        if let Some(name) = whole {
            *span = (a, a + name.len() - 1, Label::Person);
            grown = true;
        }
    }
    if grown {
        evidence::drop_covered(spans);
    }
}

/// One name, one label within a story: every mention of a name takes the label most of its
/// mentions have (the first one's on a tie).
fn one_label_per_name(cx: &Context<'_, '_>, spans: &mut [Span]) {
    // Keyed by the name's folded words, so no string is built per mention.
    let mut votes: FxHashMap<&[Cow<'_, str>], ([usize; 4], usize)> = FxHashMap::default();
    let shouted = |a: usize, b: usize| (a..=b).all(|i| !cx.raw(i).chars().any(char::is_lowercase));
    for (order, &(a, b, label)) in spans.iter().enumerate() {
        if let Some(k) = name_kind(label)
            && !shouted(a, b)
        {
            let entry = votes.entry(&cx.folded[a..=b]).or_insert(([0; 4], order));
            entry.0[k] += 1;
        }
    }
    if votes.len() == spans.len() {
        return;
    }
    let first_label: Vec<Option<usize>> = spans.iter().map(|&(_, _, l)| name_kind(l)).collect();
    for span in spans.iter_mut() {
        if name_kind(span.2).is_none() || shouted(span.0, span.1) {
            continue;
        }
        let Some((counts, first)) = votes.get(&cx.folded[span.0..=span.1]) else {
            continue;
        };
        let top = counts.iter().copied().max().unwrap_or(0);
        let tied: Vec<usize> = (0..4).filter(|&k| counts[k] == top).collect();
        let chosen = if tied.len() == 1 {
            tied[0]
        } else {
            first_label[*first].unwrap_or(tied[0])
        };
        span.2 = KINDS[chosen];
    }
}

const KINDS: [Label; 4] = [Label::Person, Label::Org, Label::Place, Label::Misc];

fn name_kind(label: Label) -> Option<usize> {
    KINDS.iter().position(|&k| k == label)
}
