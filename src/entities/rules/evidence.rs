//! Evidence around a name that says what kind it is: an event or a law by its last word, a
//! company by its inner capitals or by its partner in a list, a team by its city and plural
//! nickname or a score line; and names that are not entities at all (a minister's portfolio).
//! What the words around a name say of an organisation is in `organisations.rs`.

use super::{Context, Span, ends_in_kind_word};
use crate::entities::Label;
use crate::entities::gazetteer::{Gazetteer, flag};

/// Whether token `i` starts a sentence, looking through opening quotes and brackets
/// ("“Had we known" starts with "Had").
pub(super) fn starts_sentence(cx: &Context<'_, '_>, i: usize) -> bool {
    let mut j = i;
    loop {
        if cx.tokens[j].sentence_start {
            return true;
        }
        if j == 0 || !matches!(cx.raw(j - 1), "“" | "\"" | "‘" | "'" | "(" | "«" | "[") {
            return false;
        }
        j -= 1;
    }
}

/// Last words of events, prizes and documents: a name ending in one is neither a person nor a
/// place nor an organisation ("Chicago Marathon", "Design Week", "Nobel Prize").
const EVENT_WORDS: &[&str] = &[
    "marathon",
    "week",
    "show",
    "cup",
    "festival",
    "championship",
    "championships",
    "games",
    "olympics",
    "expo",
    "awards",
    "prize",
    "trophy",
    "derby",
    "bowl",
    "act",
    "treaty",
    "list",
];

/// "Chicago Marathon", "Farm Safety and Rural Jobs Act": a name of two words or more that ends
/// in an event's, a prize's or a document's word is a MISC name; a law's name runs back over
/// "and" to the capitalised words before it.
pub(super) fn events_and_laws(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let mut changed = false;
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if !label.is_name() || !cx.capitalised(b) || !EVENT_WORDS.contains(&cx.word(b)) {
            continue;
        }
        let mut start = a;
        if cx.word(b) == "act" {
            while start >= 2
                && cx.word(start - 1) == "and"
                && cx.capitalised(start - 2)
                && super::out_of_line(cx, start - 1)
            {
                start -= 2;
                while start > 0
                    && cx.capitalised(start - 1)
                    && !super::DETERMINERS.contains(&cx.word(start - 1))
                    && super::out_of_line(cx, start)
                {
                    start -= 1;
                }
            }
        }
        if b > start {
            *span = (start, b, Label::Misc);
            changed |= start != a;
        }
    }
    // "Tokyo" "Design Week": a place right before an event is part of its name.
    for index in 1..spans.len() {
        let (a, b, label) = spans[index];
        let (pa, pb, previous) = spans[index - 1];
        if label == Label::Misc
            && previous == Label::Place
            && pb + 1 == a
            && b > a
            && EVENT_WORDS.contains(&cx.word(b))
            && super::out_of_line(cx, a)
        {
            spans[index - 1] = (pa, b, Label::Misc);
            spans[index] = (pa, b, Label::Misc);
            changed = true;
        }
    }
    if changed {
        drop_covered(spans);
    }
}

/// "manager Germán Ocampo", "Senator Ana Brix": capitalised names right after a title (in any
/// case; the tagger's list flags are only set on capitalised words), with no
/// word of an organisation or a place, are a person, even when the tagger split them or took a
/// given name for a nationality.
pub(super) fn people_after_titles(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let gazetteer = Gazetteer::get();
    let plain =
        |i: usize| cx.capitalised(i) && !cx.has(i, flag::ORG_WORD | flag::PLACE_WORD | flag::TITLE);
    let mut changed = false;
    for index in 0..spans.len() {
        let (a, b, label) = spans[index];
        if a == 0
            || !matches!(label, Label::Misc | Label::Org)
            || gazetteer.flags(cx.word(a - 1)) & flag::TITLE == 0
            || !super::out_of_line(cx, a)
            || !(a..=b).all(plain)
        {
            continue;
        }
        let next_person = spans
            .get(index + 1)
            .filter(|&&(na, nb, nl)| nl == Label::Person && na == b + 1 && nb - na < 2);
        if let Some(&(_, nb, _)) = next_person {
            if a == b {
                spans[index] = (a, nb, Label::Person);
                changed = true;
            }
        } else if (1..=2).contains(&(b - a))
            && !(a..=b).any(|i| cx.has(i, flag::COMMON | flag::PLACE | flag::GEO))
            && !gazetteer.is_geo(&cx.folded[a..=b].join(" "))
        {
            spans[index].2 = Label::Person;
        }
    }
    if changed {
        drop_covered(spans);
    }
}

/// Removes spans that lie inside an earlier, wider one.
pub(super) fn drop_covered(spans: &mut Vec<Span>) {
    spans.sort_by_key(|&(a, b, _)| (a, std::cmp::Reverse(b)));
    let mut last_end = None;
    spans.retain(|&(a, b, _)| {
        let keep = last_end.is_none_or(|end| a > end);
        if keep {
            last_end = Some(b);
        }
        keep
    });
}

/// Name prefixes after which a capital is a person's ("McDonald", "DeSantis", "LeBron").
const NAME_PREFIXES: &[&str] = &[
    "Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Fitz",
];

/// Whether a word has a capital inside it after a lower-case letter ("WeWork", "MacBook"), other
/// than after a name prefix.
fn inner_capital(word: &str) -> bool {
    // A capital counts from the third character on, after a small letter; no list of the
    // characters is built, as this runs on every word of every person's name.
    let mut chars = word.char_indices().skip(1);
    let Some((_, mut before)) = chars.next() else {
        return false;
    };
    for (at, c) in chars {
        if before.is_lowercase() && c.is_uppercase() && !NAME_PREFIXES.contains(&&word[..at]) {
            return true;
        }
        before = c;
    }
    false
}

/// "DropTrack", "Retina MacBook": people's names have no capitals inside a word (beyond "Mc" and
/// the like), companies' and products' often do. One such word alone is an organisation; in a
/// longer name with no given name, a product (MISC), unless it comes first, where it is more
/// likely a given name ("JaVale McGee").
pub(super) fn inner_capitals(cx: &Context<'_, '_>, spans: &mut [Span]) {
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if label != Label::Person || !(a..=b).any(|i| inner_capital(cx.raw(i))) {
            continue;
        }
        if a == b {
            span.2 = Label::Org;
        } else if !(a..=b).any(|i| cx.has(i, flag::GIVEN_NAME)) && !inner_capital(cx.raw(a)) {
            span.2 = Label::Misc;
        }
    }
}

/// "Norske Railways and Vexora": one unknown word listed beside an organisation, that the tagger
/// took for a person or a place, is an organisation too.
pub(super) fn listed_with_organisations(cx: &Context<'_, '_>, spans: &mut [Span]) {
    let gazetteer = Gazetteer::get();
    let n = spans.len();
    for index in 0..n {
        let (a, b, label) = spans[index];
        let unknown = a == b
            && matches!(label, Label::Person | Label::Place)
            && !cx.has(
                a,
                flag::GIVEN_NAME | flag::PLACE | flag::GEO | flag::DEMONYM | flag::COMMON,
            )
            && gazetteer.country(cx.word(a)).is_none()
            && !cx.raw(a).chars().all(|c| c.is_uppercase());
        if !unknown {
            continue;
        }
        // The organisation before: "… Railways and X", "… Railways (NR) and X".
        let before = index > 0 && a >= 2 && matches!(cx.word(a - 1), "and" | "or" | ",") && {
            let (_, end, kind) = spans[index - 1];
            let last = a - 2;
            let bracketed = cx.raw(last) == ")"
                && (last.saturating_sub(4)..last)
                    .any(|k| cx.raw(k) == "(" && (end + 1 == k || end + 1 == last));
            kind == Label::Org && (end == last || bracketed)
        };
        let after = index + 1 < n && {
            let (start, _, kind) = spans[index + 1];
            kind == Label::Org && start == a + 2 && matches!(cx.word(a + 1), "and" | "or")
        };
        if before || after {
            spans[index].2 = Label::Org;
        }
    }
}

/// "Minister of Mines, Rosa Quispe": the portfolio after a title and "of", made of ordinary
/// words, names no organisation.
pub(super) fn drop_portfolios(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    spans.retain(|&(a, b, label)| {
        !(label.is_name()
            && a >= 2
            && cx.word(a - 1) == "of"
            && cx.has(a - 2, flag::TITLE)
            && cx.capitalised(a - 2)
            && (a..=b).all(|i| {
                cx.has(i, flag::COMMON) && !cx.has(i, flag::PLACE | flag::GEO | flag::ORG_WORD)
                    || matches!(cx.word(i), "and" | "&")
            }))
    });
}

/// "Portland Grizzlies": a city followed by a capitalised plural nickname is a team, an
/// organisation; the nickname alone is the same team elsewhere in the story.
pub(super) fn teams(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let gazetteer = Gazetteer::get();
    let mut nicknames: Vec<&str> = Vec::new();
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if !matches!(label, Label::Place | Label::Org | Label::Misc) {
            continue;
        }
        // The city: the whole span, or the span without its last word.
        let (city_end, nickname) =
            if b + 1 < cx.tokens.len() && is_nickname(cx, b + 1) && super::out_of_line(cx, b + 1) {
                (b, b + 1)
            } else if b > a && is_nickname(cx, b) {
                (b - 1, b)
            } else {
                continue;
            };
        let city = cx.folded[a..=city_end].join(" ");
        let is_city = if a == city_end {
            cx.has(a, flag::PLACE | flag::GEO)
        } else {
            gazetteer.is_multi_place(&city) || gazetteer.is_geo(&city)
        };
        if is_city && gazetteer.country(&city).is_none() {
            *span = (a, nickname, Label::Org);
            nicknames.push(cx.word(nickname));
        }
    }
    if nicknames.is_empty() {
        return;
    }
    for span in spans.iter_mut() {
        if span.0 == span.1 && span.2.is_name() && nicknames.contains(&cx.word(span.0)) {
            span.2 = Label::Org;
        }
    }
    drop_covered(spans);
}

/// Verbs of a result between two sides: the city before or after one is a team ("Dayton beat
/// Toledo").
const RESULT_VERBS: &[&str] = &[
    "beat",
    "beats",
    "defeated",
    "defeats",
    "edged",
    "topped",
    "routed",
    "downed",
    "thrashed",
    "blanked",
    "outscored",
    "swept",
    "stunned",
    "overpowered",
    "outlasted",
];

/// "Hawks 4, Comets 1: … Dayton beat Toledo": the two names of a score line are teams,
/// organisations; in a story with such lines (club results), so is a city that wins or loses
/// ("Dayton beat Toledo"). A country stays a place, and so does a city in other stories:
/// national sides are written as their countries ("Spain beat Italy"), and the lists do
/// not tell a city from a nation. Names the tagger took for people ("A. Brix 69, H. Tarvos 69")
/// are left alone.
pub(super) fn sports_results(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let gazetteer = Gazetteer::get();
    let not_country = |a: usize, b: usize| gazetteer.country(&cx.folded[a..=b].join(" ")).is_none();
    let person_at = |x: usize, y: usize| {
        spans
            .iter()
            .any(|&(a, b, l)| l == Label::Person && a <= y && b >= x)
    };
    let mut found: Vec<Span> = Vec::new();
    let number = |i: usize| i < cx.tokens.len() && cx.raw(i).bytes().all(|c| c.is_ascii_digit());
    for i in 1..cx.tokens.len().saturating_sub(3) {
        if !number(i) || cx.raw(i + 1) != "," || !cx.capitalised(i + 2) {
            continue;
        }
        let mut k = i + 2;
        while k < i + 4 && cx.capitalised(k + 1) && super::out_of_line(cx, k + 1) {
            k += 1;
        }
        let closes = k + 2 >= cx.tokens.len()
            || matches!(cx.raw(k + 2), ":" | ";" | ".")
            || !super::out_of_line(cx, k + 2);
        if !number(k + 1) || !closes {
            continue;
        }
        let mut start = i - 1;
        while start > 0
            && start + 3 > i
            && cx.capitalised(start - 1)
            && super::out_of_line(cx, start)
        {
            start -= 1;
        }
        if !cx.capitalised(start) || !super::out_of_line(cx, i) {
            continue;
        }
        for (x, y) in [(start, i - 1), (i + 2, k)] {
            if not_country(x, y) && !cx.has(x, flag::DEMONYM) && !person_at(x, y) {
                found.push((x, y, Label::Org));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    spans.retain(|&(a, b, _)| !found.iter().any(|&(x, y, _)| a <= y && b >= x));
    spans.extend(found);
    spans.sort_by_key(|&(a, _, _)| a);
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if label != Label::Place || !not_country(a, b) {
            continue;
        }
        let winner = RESULT_VERBS.contains(&cx.word(b + 1)) && super::out_of_line(cx, b + 1);
        let loser = a > 0
            && (RESULT_VERBS.contains(&cx.word(a - 1))
                || (a > 1 && cx.word(a - 1) == "to" && cx.word(a - 2) == "lost"));
        if winner || loser {
            span.2 = Label::Org;
        }
    }
}

/// A capitalised plural that is no place's or organisation's word, title or given name.
fn is_nickname(cx: &Context<'_, '_>, i: usize) -> bool {
    let raw = cx.raw(i);
    raw.len() > 4
        && cx.capitalised(i)
        && raw.ends_with('s')
        && !raw.ends_with("ss")
        && raw.chars().skip(1).all(char::is_lowercase)
        && ends_in_kind_word(cx, i).is_none()
        && !cx.has(
            i,
            flag::TITLE | flag::GIVEN_NAME | flag::PLACE | flag::GEO | flag::DEMONYM,
        )
}

/// "UNESCO's World Heritage Committee", "Japan's Ministry of …": when a name starting at `a`
/// was found to start at `start`, after an owner's possessive, the owner is a name of its own:
/// a place when the lists know it, else an organisation (an acronym).
pub(super) fn owner_span(cx: &Context<'_, '_>, a: usize, start: usize) -> Option<Span> {
    if start < a + 2 {
        return None;
    }
    let end = start - 2;
    let gazetteer = Gazetteer::get();
    let phrase = cx.folded[a..=end].join(" ");
    let place = (a == end && cx.has(a, flag::PLACE | flag::GEO))
        || gazetteer.country(&phrase).is_some()
        || gazetteer.is_multi_place(&phrase)
        || gazetteer.is_geo(&phrase);
    Some((a, end, if place { Label::Place } else { Label::Org }))
}

/// Whether token `i` is an acronym ("NASA", "UNESCO") written among ordinary words, not a word
/// of a line written all in capitals.
pub(super) fn acronym_in_prose(cx: &Context<'_, '_>, i: usize) -> bool {
    let raw = cx.raw(i);
    let next = i + 1 < cx.tokens.len() && super::out_of_line(cx, i + 1);
    raw.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && raw.chars().all(|c| c.is_uppercase() || c == '.')
        && next
        && cx.raw(i + 1).chars().any(char::is_lowercase)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::entities::model::Prepared;
    use crate::entities::token::tokenize;
    use crate::entities::{Label, recognise};

    /// Runs one rule over `text` given the tagger's spans, each named by its text (found in
    /// order), and returns the spans after it as (text, label).
    pub(in crate::entities::rules) fn after(
        text: &str,
        tagged: &[(&str, Label)],
        rule: impl Fn(&Context<'_, '_>, &mut Vec<Span>),
    ) -> Vec<(String, Label)> {
        let tokens = tokenize(text);
        let lowered = text.to_ascii_lowercase();
        let prepared = Prepared::new(text, &lowered, &tokens);
        let cx = Context {
            text,
            tokens: &tokens,
            folded: prepared.folded(),
            flags: prepared.flags(),
        };
        let mut from = 0;
        let mut spans: Vec<Span> = tagged
            .iter()
            .map(|&(name, label)| {
                let start = from + text[from..].find(name).expect("name in text");
                let end = start + name.len();
                from = end;
                let a = tokens.iter().position(|t| t.start == start).expect("start");
                let b = tokens.iter().position(|t| t.end == end).expect("end");
                (a, b, label)
            })
            .collect();
        rule(&cx, &mut spans);
        spans
            .into_iter()
            .map(|(a, b, l)| (text[tokens[a].start..tokens[b].end].to_owned(), l))
            .collect()
    }

    pub(in crate::entities::rules) fn owned(expected: &[(&str, Label)]) -> Vec<(String, Label)> {
        expected.iter().map(|&(t, l)| (t.to_owned(), l)).collect()
    }

    #[test]
    fn a_span_cut_at_ordinary_words_loses_its_loose_ends() {
        let split = super::super::split_and_merge;
        // The tagger ran a name on over a quote, "of" and ordinary words.
        let text = "They added him to the ‘Clinton List’ of sanctioned people.";
        let tagged = [("Clinton List’ of sanctioned people", Label::Person)];
        assert_eq!(
            after(text, &tagged, split),
            owned(&[("Clinton List", Label::Person)])
        );
        // A particle that starts a name stays; a joining word before the name goes.
        let text = "A show of van Gogh works.";
        let tagged = [("of van Gogh", Label::Person)];
        assert_eq!(
            after(text, &tagged, split),
            owned(&[("van Gogh", Label::Person)])
        );
    }

    #[test]
    fn names_on_two_lines_are_not_joined() {
        let text = "Results:\nPete Sampras\nAndre Agassi\n";
        let tagged = [
            ("Pete Sampras", Label::Person),
            ("Andre Agassi", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, super::super::split_and_merge),
            owned(&tagged)
        );
        let text = "Pete Sampras Agassi";
        let tagged = [("Pete Sampras", Label::Person), ("Agassi", Label::Person)];
        assert_eq!(
            after(text, &tagged, super::super::split_and_merge),
            owned(&[("Pete Sampras Agassi", Label::Person)])
        );
    }

    #[test]
    fn a_name_ending_in_an_event_word_is_an_event() {
        let text = "Eliud Kiprop won the Chicago Marathon, a week after the Boston Book Festival.";
        let tagged = [
            ("Eliud Kiprop", Label::Person),
            ("Chicago Marathon", Label::Place),
            ("Boston Book Festival", Label::Org),
        ];
        assert_eq!(
            after(text, &tagged, events_and_laws),
            owned(&[
                ("Eliud Kiprop", Label::Person),
                ("Chicago Marathon", Label::Misc),
                ("Boston Book Festival", Label::Misc),
            ])
        );
        // A single word is left to the tagger ("Games" alone may be anything).
        let tagged = [("Marathon", Label::Org)];
        assert_eq!(
            after("Marathon Oil rose.", &tagged, events_and_laws),
            owned(&tagged)
        );
    }

    #[test]
    fn a_law_name_runs_back_over_and() {
        let text = "The Farm Safety and Rural Jobs Act was passed in March.";
        let tagged = [
            ("Farm Safety", Label::Person),
            ("Rural Jobs Act", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, events_and_laws),
            owned(&[("Farm Safety and Rural Jobs Act", Label::Misc)])
        );
    }

    #[test]
    fn capitals_inside_a_word_mark_a_company_or_a_product() {
        let text =
            "DeskHive agreed to a rescue, and the Retina PixelBook Pro by Ellen McAvoy sold.";
        let tagged = [
            ("DeskHive", Label::Person),
            ("Retina PixelBook Pro", Label::Person),
            ("Ellen McAvoy", Label::Person),
            ("JaVale Brooks", Label::Person),
        ];
        let text = &format!("{text} JaVale Brooks agreed.");
        assert_eq!(
            after(text, &tagged, |cx, s| inner_capitals(cx, s)),
            owned(&[
                ("DeskHive", Label::Org),
                ("Retina PixelBook Pro", Label::Misc),
                ("Ellen McAvoy", Label::Person),
                ("JaVale Brooks", Label::Person),
            ])
        );
        let tagged = [("McAvoy", Label::Person)];
        assert_eq!(
            after("McAvoy said so.", &tagged, |cx, s| inner_capitals(cx, s)),
            owned(&tagged)
        );
    }

    #[test]
    fn an_unknown_word_listed_with_an_organisation_is_one() {
        let text = "Norske Railways (NR) and Vexora will run the trains.";
        let tagged = [
            ("Norske Railways", Label::Org),
            ("NR", Label::Org),
            ("Vexora", Label::Person),
        ];
        // The acronym in brackets sits between the two.
        let tagged_plain = [("Norske Railways", Label::Org), ("Vexora", Label::Person)];
        assert_eq!(
            after(text, &tagged_plain, |cx, s| listed_with_organisations(
                cx, s
            )),
            owned(&[("Norske Railways", Label::Org), ("Vexora", Label::Org)])
        );
        assert_eq!(
            after(text, &tagged, |cx, s| listed_with_organisations(cx, s))[2],
            ("Vexora".to_owned(), Label::Org)
        );
        // A known given name or a place stays what it is.
        let text = "Norske Railways and Maria signed, as did Norske Railways and Oslo.";
        let tagged = [
            ("Norske Railways", Label::Org),
            ("Maria", Label::Person),
            ("Norske Railways", Label::Org),
            ("Oslo", Label::Place),
        ];
        assert_eq!(
            after(text, &tagged, |cx, s| listed_with_organisations(cx, s)),
            owned(&tagged)
        );
    }

    #[test]
    fn a_portfolio_after_a_title_is_no_organisation() {
        let text = "Peru's Minister of Mines, Rosa Quispe, met the Bank of Peru.";
        let tagged = [
            ("Peru", Label::Place),
            ("Mines", Label::Org),
            ("Rosa Quispe", Label::Person),
            ("Bank of Peru", Label::Org),
        ];
        assert_eq!(
            after(text, &tagged, drop_portfolios),
            owned(&[
                ("Peru", Label::Place),
                ("Rosa Quispe", Label::Person),
                ("Bank of Peru", Label::Org),
            ])
        );
    }

    #[test]
    fn a_city_and_a_plural_nickname_are_a_team() {
        let text = "The Portland Grizzlies beat the Denver Comets. The Grizzlies won in Portland.";
        let tagged = [
            ("Portland Grizzlies", Label::Place),
            ("Denver", Label::Place),
            ("Grizzlies", Label::Misc),
            ("Portland", Label::Place),
        ];
        assert_eq!(
            after(text, &tagged, teams),
            owned(&[
                ("Portland Grizzlies", Label::Org),
                ("Denver Comets", Label::Org),
                ("Grizzlies", Label::Org),
                ("Portland", Label::Place),
            ])
        );
    }

    #[test]
    fn a_place_before_an_event_is_part_of_its_name() {
        let text = "The Lisbon Design Week opened.";
        let tagged = [("Lisbon", Label::Place), ("Design Week", Label::Person)];
        assert_eq!(
            after(text, &tagged, events_and_laws),
            owned(&[("Lisbon Design Week", Label::Misc)])
        );
    }

    #[test]
    fn names_after_a_title_are_a_person() {
        let text = "Club manager Germán Ocampo met Senator Ana Brix and the Baltic Fund.";
        let tagged = [
            ("Germán", Label::Misc),
            ("Ocampo", Label::Person),
            ("Ana Brix", Label::Org),
            ("Baltic Fund", Label::Org),
        ];
        assert_eq!(
            after(text, &tagged, people_after_titles),
            owned(&[
                ("Germán Ocampo", Label::Person),
                ("Ana Brix", Label::Person),
                ("Baltic Fund", Label::Org),
            ])
        );
    }

    #[test]
    fn an_owner_set_apart_is_a_name_of_its_own() {
        let text = "Prices fell. UNESCO's World Heritage Committee met in Paris.";
        let found: Vec<(String, Label)> = recognise(text)
            .into_iter()
            .filter(|e| e.label.is_name())
            .map(|e| (e.text, e.label))
            .collect();
        assert_eq!(
            found,
            owned(&[
                ("UNESCO", Label::Org),
                ("World Heritage Committee", Label::Org),
                ("Paris", Label::Place),
            ])
        );
    }

    #[test]
    fn an_ordinary_word_after_an_opening_quote_starts_a_sentence() {
        let text = "“Every story matters,” she said. “Had we known, we would have waited.”";
        assert!(recognise(text).is_empty(), "{:?}", recognise(text));
    }

    #[test]
    fn cities_that_win_or_lose_and_score_lines_are_teams() {
        let text = "Hawks 4, Red Comets 1: Dayton beat Toledo and lost to Spain.\n\
                    Spain 2, Italy 1. (A. Brix 69, H. Tarvos 12)";
        let tagged = [
            ("Hawks", Label::Misc),
            ("Dayton", Label::Place),
            ("Toledo", Label::Place),
            ("Spain", Label::Place),
            ("Spain", Label::Place),
            ("Italy", Label::Place),
            ("A. Brix", Label::Person),
            ("H. Tarvos", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, sports_results),
            owned(&[
                ("Hawks", Label::Org),
                ("Red Comets", Label::Org),
                ("Dayton", Label::Org),
                ("Toledo", Label::Org),
                ("Spain", Label::Place),
                ("Spain", Label::Place),
                ("Italy", Label::Place),
                ("A. Brix", Label::Person),
                ("H. Tarvos", Label::Person),
            ])
        );
        // Without a score line, a city that wins may be a nation's side.
        let tagged = [("Dayton", Label::Place), ("Toledo", Label::Place)];
        assert_eq!(
            after("Dayton beat Toledo 2-1.", &tagged, sports_results),
            owned(&tagged)
        );
        // A date is no score line.
        let tagged = [("Dayton", Label::Place)];
        assert_eq!(
            after("On May 5, Dayton 2019 was quiet.", &tagged, sports_results),
            owned(&tagged)
        );
    }
}
