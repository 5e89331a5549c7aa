//! What the words around a name say of an organisation: what it owns ("X's chief executive"),
//! the noun before it ("the start-up X") or after it ("the X commission"), where people work
//! there, the words it is joined to by "and", and the form of its name.

use rustc_hash::FxHashSet;

use super::{Context, Span};
use crate::entities::Label;
use crate::entities::gazetteer::{Gazetteer, flag};

/// What a company has and a person does not: "Zentrix's chief executive", "… shares".
const COMPANY_POSSESSIONS: &[&str] = &[
    "ceo",
    "chief",
    "founder",
    "co-founder",
    "cofounder",
    "shares",
    "stock",
    "headquarters",
    "subsidiary",
    "subsidiaries",
    "employees",
    "shareholders",
    "investors",
    "customers",
    "users",
    "app",
    "platform",
    "website",
    "products",
    "revenue",
    "revenues",
    "earnings",
    "profits",
    "stores",
    "factory",
    "factories",
    "brand",
    "executives",
    "valuation",
    "board",
];
/// Nouns for kinds of organisation, written just before a name ("the start-up Velloro").
const ORGANISATION_NOUNS: &[&str] = &[
    "company",
    "firm",
    "start-up",
    "startup",
    "studio",
    "maker",
    "manufacturer",
    "carmaker",
    "automaker",
    "chipmaker",
    "carrier",
    "airline",
    "retailer",
    "lender",
    "insurer",
    "broker",
    "brokerage",
    "developer",
    "publisher",
    "broadcaster",
    "newspaper",
    "magazine",
    "operator",
    "conglomerate",
    "giant",
    "chain",
    "consultancy",
    "supplier",
    "distributor",
    "charity",
    "nonprofit",
    "non-profit",
    "provider",
    "band",
    "analyst",
];
/// Lower-case nouns written just after an organisation's name ("the Clearwater Transit
/// commission").
const ORGANISATION_NOUNS_AFTER: &[&str] = &[
    "commission",
    "authority",
    "company",
    "corporation",
    "committee",
    "agency",
    "board",
    "foundation",
    "consortium",
];

/// A name with evidence of an organisation in the words around it ("Zentrix's chief
/// executive", "the research firm Kantrell", "the Clearwater Transit commission", "an engineer
/// at Kantrell", "the Zentrix app", "according to Zentrix") is one in every mention in the story, whatever the tagger
/// said of each. A known given name, a place, or a person's evidence (a given name or a title
/// before the same word anywhere in the story) overrules it.
pub(super) fn organisation_evidence(cx: &Context<'_, '_>, spans: &mut [Span]) {
    let gazetteer = Gazetteer::get();
    let people = surnames_and_titled(cx, spans);
    let mut evidence: FxHashSet<&[std::borrow::Cow<'_, str>]> = FxHashSet::default();
    for &(a, b, label) in spans.iter() {
        if !label.is_name() || cx.has(a, flag::GIVEN_NAME | flag::DEMONYM) {
            continue;
        }
        if a == b && people.contains(cx.word(a)) {
            continue;
        }
        let phrase = cx.folded[a..=b].join(" ");
        if gazetteer.is_geo(&phrase) || gazetteer.country(&phrase).is_some() {
            continue;
        }
        let owns = matches!(cx.word(b + 1), "'s" | "’s")
            && COMPANY_POSSESSIONS.contains(&cx.word(b + 2))
            && (cx.word(b + 2) != "chief"
                || matches!(cx.word(b + 3), "executive" | "financial" | "operating"))
            && !cx.capitalised(b + 2)
            && label != Label::Misc;
        let before = a > 0
            && !cx.capitalised(a - 1)
            && ORGANISATION_NOUNS.contains(&cx.word(a - 1))
            && (cx.word(a - 1) != "analyst" || (a == b && label == Label::Person));
        let after = b > a
            && b + 1 < cx.tokens.len()
            && !cx.capitalised(b + 1)
            && ORGANISATION_NOUNS_AFTER.contains(&cx.word(b + 1))
            && !gazetteer.is_multi_place(&phrase);
        if owns
            || before
            || after
            || works_there(cx, a)
            || platform_noun_after(cx, a, b)
            || source_of_report(cx, a)
        {
            evidence.insert(&cx.folded[a..=b]);
        }
    }
    if evidence.is_empty() {
        return;
    }
    for span in spans.iter_mut() {
        if span.2.is_name() && evidence.contains(&cx.folded[span.0..=span.1]) {
            span.2 = Label::Org;
        }
    }
}

/// Folded words a person's evidence speaks for: the last word of a name that starts with a
/// given name ("Brix" of "Ana Brix"), and a word written right after a title ("Mr Early").
fn surnames_and_titled<'a>(cx: &'a Context<'_, 'a>, spans: &[Span]) -> FxHashSet<&'a str> {
    let mut people = FxHashSet::default();
    for &(a, b, label) in spans {
        if label == Label::Person && b > a && cx.has(a, flag::GIVEN_NAME | flag::FORENAME) {
            people.insert(cx.word(b));
        }
        if a > 0 && cx.has(a - 1, flag::TITLE) && cx.capitalised(a - 1) {
            people.insert(cx.word(a));
        }
    }
    people
}

/// Whether the name at token `a` is where a report comes from: "according to X", "obtained by
/// X", "a statement to X". People are named so too, so this speaks only for names with no
/// person's evidence (see [`organisation_evidence`]); "told X" is left out, as leaders are told
/// things as often as newspapers are.
fn source_of_report(cx: &Context<'_, '_>, a: usize) -> bool {
    if a < 2 || !super::out_of_line(cx, a) {
        return false;
    }
    matches!(
        (cx.word(a - 2), cx.word(a - 1)),
        ("according" | "statement" | "statements", "to")
            | (
                "obtained" | "seen" | "reported" | "published" | "report",
                "by"
            )
    )
}

/// People whose work is at a place of work: "an engineer at X", "director for games at X",
/// "chief executive of X", "works for X".
const JOB_WORDS: &[&str] = &[
    "analyst",
    "analysts",
    "engineer",
    "engineers",
    "researcher",
    "researchers",
    "executive",
    "executives",
    "employee",
    "employees",
    "vp",
    "officer",
    "editor",
    "reporter",
    "economist",
    "economists",
    "strategist",
    "scientist",
    "scientists",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "director",
    "manager",
    "ceo",
    "chairman",
    "chairwoman",
    "president",
    "founder",
    "co-founder",
    "cofounder",
    "partner",
    "partners",
    "investor",
    "professor",
    "works",
    "worked",
    "working",
    "staff",
    "head",
];

/// Whether the name at token `a` is where someone works: "at X" with a job word up to three
/// words before "at" ("director for games at X"), or "of"/"for" right after one ("CEO of X",
/// "works for X").
fn works_there(cx: &Context<'_, '_>, a: usize) -> bool {
    if a < 2 || !super::out_of_line(cx, a) {
        return false;
    }
    let job = |i: usize| {
        !cx.capitalised(i) && JOB_WORDS.contains(&cx.word(i))
            || cx.raw(i).len() > 1
                && cx.raw(i).chars().all(|c| c.is_ascii_uppercase())
                && matches!(cx.word(i), "ceo" | "cfo" | "coo" | "cto" | "vp")
    };
    match cx.word(a - 1) {
        "at" => (a.saturating_sub(5)..a - 1)
            .rev()
            .take_while(|&i| cx.raw(i).chars().any(char::is_alphanumeric))
            .any(job),
        "of" | "for" => job(a - 2),
        _ => false,
    }
}

/// What a platform or a company has, written right after its one-word name: "the Zentrix
/// app", "a Zentrix account" ("shares" and "stock" are also verbs: "Brix shares it").
const PLATFORM_NOUNS_AFTER: &[&str] = &[
    "account",
    "accounts",
    "app",
    "apps",
    "users",
    "platform",
    "feed",
    "channel",
    "servers",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "executives",
    "employees",
    "headquarters",
    "subscribers",
    "customers",
    "devices",
    "products",
];

/// Whether a one-word name is followed by what a platform or a company has ("Zentrix app").
fn platform_noun_after(cx: &Context<'_, '_>, a: usize, b: usize) -> bool {
    a == b
        && b + 1 < cx.tokens.len()
        && !cx.capitalised(b + 1)
        && super::out_of_line(cx, b + 1)
        && PLATFORM_NOUNS_AFTER.contains(&cx.word(b + 1))
}

/// "Food and Drug Administration", "Fish and Wildlife Service", "Water & Power Co.":
/// an organisation's name whose first part is ordinary capitalised words joined by "and" or
/// "&" is one name, though the tagger saw a place or nothing before the "and". The words on
/// both sides must be everyday words or organisation words (a place may lead: "U.S."), not
/// names ("Ford and General Motors", "Holm Controls and Tarvo Corp." are two), and the part
/// after "and" two words or more ("The Clarion and Vesper" are two).
pub(super) fn coordinated(cx: &Context<'_, '_>, spans: &mut Vec<Span>) {
    let joinable = |i: usize| {
        cx.capitalised(i)
            && cx.has(i, flag::COMMON | flag::ORG_WORD)
            && !cx.has(
                i,
                flag::GIVEN_NAME | flag::PLACE | flag::GEO | flag::DEMONYM | flag::TITLE,
            )
    };
    let mut joined: Vec<Span> = Vec::new();
    for &(a, b, label) in spans.iter() {
        let everyday = |i: usize| cx.has(i, flag::COMMON | flag::ORG_WORD);
        let right = matches!(label, Label::Org | Label::Person)
            && b > a
            && !cx.has(a, flag::GIVEN_NAME | flag::FORENAME)
            && (a..=b).all(everyday);
        if !right
            || a < 2
            || !matches!(cx.word(a - 1), "and" | "&")
            || !super::out_of_line(cx, a)
            || !super::out_of_line(cx, a - 1)
            || !joinable(a - 2)
        {
            continue;
        }
        let mut start = a - 2;
        while start > 0
            && !super::evidence::starts_sentence(cx, start)
            && cx.capitalised(start - 1)
            && super::out_of_line(cx, start)
            && !cx.has(start - 1, flag::TITLE)
            && !super::DETERMINERS.contains(&cx.word(start - 1))
        {
            start -= 1;
        }
        // "Holm Controls and Tarvo Corp." are two companies: the words before "and" are
        // everyday words, places or organisation words ("U.S. Fish"), as are those after.
        if !(start..a - 2).all(|i| everyday(i) || cx.has(i, flag::PLACE | flag::GEO)) {
            continue;
        }
        joined.push((start, b, Label::Org));
    }
    if joined.is_empty() {
        return;
    }
    spans.retain(|&(a, b, _)| !joined.iter().any(|&(x, y, _)| a <= y && b >= x));
    spans.extend(joined);
    spans.sort_by_key(|&(a, _, _)| a);
}

/// "Plain Truth", "Market Plain": a person's name has a given name, a surname or a word that is not
/// an everyday word; a name of two or more everyday words ("plain", "truth") with no given name
/// and no surname at its end, that the tagger took for a person, is an organisation's.
pub(super) fn everyday_words_are_no_person(cx: &Context<'_, '_>, spans: &mut [Span]) {
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if label == Label::Person
            && b > a
            && !cx.has(b, flag::SURNAME)
            && (a..=b).all(|i| {
                cx.capitalised(i)
                    && cx.has(i, flag::COMMON)
                    && !cx.has(i, flag::GIVEN_NAME | flag::FORENAME | flag::TITLE)
            })
        {
            span.2 = Label::Org;
        }
    }
}

/// "said The Kantrell Reporter", "seen by The Daily Ledger": a capitalised "The" inside a
/// sentence belongs to the name after it, and such a name is a title, a newspaper's or a
/// company's, not a person's or a place's. Known places ("The Hague") and works (MISC) keep
/// their label.
pub(super) fn capitalised_the(cx: &Context<'_, '_>, spans: &mut [Span]) {
    let gazetteer = Gazetteer::get();
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if a == 0
            || !matches!(label, Label::Person | Label::Place | Label::Org)
            || cx.raw(a - 1) != "The"
            || super::evidence::starts_sentence(cx, a - 1)
            || !super::out_of_line(cx, a)
            || cx.has(a, flag::GIVEN_NAME)
        {
            continue;
        }
        let phrase = cx.folded[a - 1..=b].join(" ");
        let bare = cx.folded[a..=b].join(" ");
        let place = gazetteer.is_multi_place(&phrase)
            || gazetteer.is_geo(&bare)
            || gazetteer.country(&bare).is_some();
        if !place {
            *span = (a - 1, b, Label::Org);
        }
    }
}

/// Last words of companies' names that the tagger's list of organisation words lacks, being
/// also everyday words: "… Productions", "… Records", "… Interactive".
const COMPANY_LAST_WORDS: &[&str] = &[
    "productions",
    "records",
    "pictures",
    "interactive",
    "brands",
    "management",
    "solutions",
    "services",
    "stores",
    "restaurants",
    "hotels",
    "resorts",
    "airways",
    "motors",
    "works",
];

/// "Ana Brix Productions", "Velloro Interactive": a name of two words or more ending in a
/// company's last word is a company, though its first word is a given name.
pub(super) fn company_last_words(cx: &Context<'_, '_>, spans: &mut [Span]) {
    for span in spans.iter_mut() {
        let (a, b, label) = *span;
        if b > a
            && matches!(label, Label::Person | Label::Place)
            && cx.capitalised(b)
            && COMPANY_LAST_WORDS.contains(&cx.word(b))
        {
            span.2 = Label::Org;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::rules::evidence::tests::{after, owned};

    #[test]
    fn what_a_company_owns_makes_it_one_in_every_mention() {
        let text = "Zentrix cut 300 jobs. Zentrix's chief executive said the cuts were painful, \
                    and Rossi's chief of staff agreed.";
        let tagged = [
            ("Zentrix", Label::Person),
            ("Zentrix", Label::Person),
            ("Rossi", Label::Person),
        ];
        let found = after(text, &tagged, |cx, s| organisation_evidence(cx, s));
        assert_eq!(
            found,
            owned(&[
                ("Zentrix", Label::Org),
                ("Zentrix", Label::Org),
                ("Rossi", Label::Person),
            ])
        );
        // "chief of staff" is a person's; so is a wife.
        let tagged = [("Rossi", Label::Person)];
        assert_eq!(
            after("Rossi's wife said so.", &tagged, |cx, s| {
                organisation_evidence(cx, s);
            }),
            owned(&tagged)
        );
    }

    #[test]
    fn a_kind_of_organisation_written_before_or_after_a_name_makes_it_one() {
        let text = "Tickets went on sale at the start-up Velloro, said the analyst Maria Lopez.";
        let tagged = [("Velloro", Label::Misc), ("Maria Lopez", Label::Person)];
        assert_eq!(
            after(text, &tagged, |cx, s| organisation_evidence(cx, s)),
            owned(&[("Velloro", Label::Org), ("Maria Lopez", Label::Person)])
        );
        let text = "The Clearwater Valley Transit commission will meet in May.";
        let tagged = [("Clearwater Valley Transit", Label::Place)];
        assert_eq!(
            after(text, &tagged, |cx, s| organisation_evidence(cx, s)),
            owned(&[("Clearwater Valley Transit", Label::Org)])
        );
    }

    #[test]
    fn where_people_work_is_an_organisation() {
        let text = "Ana Brix, director for games at Kantrell, met the CEO of Velloro \
                    and a friend at Tarvos.";
        let tagged = [
            ("Ana Brix", Label::Person),
            ("Kantrell", Label::Place),
            ("Velloro", Label::Person),
            ("Tarvos", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, |cx, s| organisation_evidence(cx, s)),
            owned(&[
                ("Ana Brix", Label::Person),
                ("Kantrell", Label::Org),
                ("Velloro", Label::Org),
                ("Tarvos", Label::Person),
            ])
        );
    }

    #[test]
    fn a_platform_noun_after_one_word_makes_it_an_organisation_in_every_mention() {
        let text = "Velloro said so. The Velloro account was renamed, and Brix shares it.";
        let tagged = [
            ("Velloro", Label::Person),
            ("Velloro", Label::Person),
            ("Brix", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, |cx, s| organisation_evidence(cx, s)),
            owned(&[
                ("Velloro", Label::Org),
                ("Velloro", Label::Org),
                ("Brix", Label::Person),
            ])
        );
    }

    #[test]
    fn evidence_counts_whatever_the_tagger_said_but_not_against_a_person() {
        // The tagger took the company for a place; its possession says otherwise.
        let text = "Titles for Kantrell's platform. Kantrell grew.";
        let tagged = [("Kantrell", Label::Place), ("Kantrell", Label::Person)];
        assert_eq!(
            after(text, &tagged, |cx, s| organisation_evidence(cx, s)),
            owned(&[("Kantrell", Label::Org), ("Kantrell", Label::Org)])
        );
        // A surname of a person named in full keeps its label.
        let text = "Ana Brix spoke. Brix's shares rose.";
        let tagged = [("Ana Brix", Label::Person), ("Brix", Label::Person)];
        assert_eq!(
            after(text, &tagged, |cx, s| organisation_evidence(cx, s)),
            owned(&tagged)
        );
    }

    #[test]
    fn ordinary_words_joined_by_and_to_an_organisation_are_one_name() {
        let text = "Officers of the Food and Drug Administration met the \
                    U.S. Fish and Wildlife Service, as Ford and General Motors did, \
                    and Holm Controls and Tarvo Corp. too.";
        let tagged = [
            ("Food", Label::Place),
            ("Drug Administration", Label::Org),
            ("U.S. Fish", Label::Org),
            ("Wildlife Service", Label::Org),
            ("Ford", Label::Org),
            ("General Motors", Label::Org),
            ("Holm Controls", Label::Org),
            ("Tarvo Corp.", Label::Org),
        ];
        assert_eq!(
            after(text, &tagged, coordinated),
            owned(&[
                ("Food and Drug Administration", Label::Org),
                ("U.S. Fish and Wildlife Service", Label::Org),
                ("Ford", Label::Org),
                ("General Motors", Label::Org),
                ("Holm Controls", Label::Org),
                ("Tarvo Corp.", Label::Org),
            ])
        );
        // One word after "and" is a name of its own.
        let tagged = [("Clarion", Label::Org), ("Vesper", Label::Org)];
        assert_eq!(
            after(
                "It was reported by The Clarion and Vesper.",
                &tagged,
                coordinated
            ),
            owned(&tagged)
        );
    }

    #[test]
    fn a_name_of_everyday_words_is_no_person() {
        let text = "Plain Truth reported that Will Stone and Bright Stone agreed.";
        let tagged = [
            ("Plain Truth", Label::Person),
            ("Will Stone", Label::Person),
            ("Bright Stone", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, |cx, s| everyday_words_are_no_person(cx, s)),
            owned(&[
                ("Plain Truth", Label::Org),
                ("Will Stone", Label::Person),
                ("Bright Stone", Label::Person),
            ])
        );
    }

    #[test]
    fn a_capitalised_the_inside_a_sentence_starts_a_title() {
        let text = "He told The Kantrell Reporter and The Netherlands. The Velloro fell.";
        let tagged = [
            ("Kantrell Reporter", Label::Place),
            ("Netherlands", Label::Place),
            ("Velloro", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, |cx, s| capitalised_the(cx, s)),
            owned(&[
                ("The Kantrell Reporter", Label::Org),
                ("Netherlands", Label::Place),
                ("Velloro", Label::Person),
            ])
        );
    }

    #[test]
    fn a_full_name_split_in_two_is_one_person() {
        let one_span = super::super::one_span_per_name;
        let text = "Ana Brix sang. A deal regarding Ana Brix’s songs, then Ana Brix, was signed \
                    by Brix and Ana Lopez.";
        let tagged = [
            ("Ana Brix", Label::Person),
            ("Ana", Label::Org),
            ("Ana", Label::Org),
            ("Brix", Label::Person),
            ("Brix", Label::Person),
            ("Ana Lopez", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, one_span),
            owned(&[
                ("Ana Brix", Label::Person),
                ("Ana Brix", Label::Person),
                ("Ana Brix", Label::Person),
                ("Brix", Label::Person),
                ("Ana Lopez", Label::Person),
            ])
        );
    }

    #[test]
    fn a_company_last_word_makes_a_company() {
        let text = "Ana Brix Productions signed Ana Brix, and the records went to Ana.";
        let tagged = [
            ("Ana Brix Productions", Label::Person),
            ("Ana Brix", Label::Person),
            ("Ana", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, |cx, s| company_last_words(cx, s)),
            owned(&[
                ("Ana Brix Productions", Label::Org),
                ("Ana Brix", Label::Person),
                ("Ana", Label::Person),
            ])
        );
    }

    #[test]
    fn the_source_of_a_report_is_an_organisation_unless_a_person() {
        let text = "The deal, obtained by Kantrell, was denied. Ana Brix cited Velloro, and \
                    Mayor Tarvos told Brix, according to Tarvos.";
        let tagged = [
            ("Kantrell", Label::Place),
            ("Ana Brix", Label::Person),
            ("Velloro", Label::Person),
            ("Tarvos", Label::Person),
            ("Brix", Label::Person),
            ("Tarvos", Label::Person),
        ];
        assert_eq!(
            after(text, &tagged, |cx, s| organisation_evidence(cx, s)),
            owned(&[
                ("Kantrell", Label::Org),
                ("Ana Brix", Label::Person),
                ("Velloro", Label::Person),
                ("Tarvos", Label::Person),
                ("Brix", Label::Person),
                ("Tarvos", Label::Person),
            ])
        );
    }
}
