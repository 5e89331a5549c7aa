//! One entity, many names: the canonical name each mention stands for within a text. A surname
//! stands for the full name used elsewhere in the text ("Petro" → "Gustavo Petro"), a country's
//! other names for its usual one ("U.S." → "United States"), and an acronym for the expansion the
//! text gives or uses ("UN" beside "United Nations", "Indian Space Research Organisation (ISRO)").
//! Also the rules the library applies across stories: which names are a person's full name with
//! a surname ([`surname`]) and which are acronyms ([`acronym_key`]).

use std::collections::HashSet;
use std::sync::OnceLock;

use super::gazetteer::{Gazetteer, flag};
use super::{Entity, Label};
use crate::text::fold;

/// The usual name of a name as a reader may type it: a full date (or a month and year) as ISO
/// 8601, a country's usual name for any of its names, a person's name without a leading title
/// ("President Trump" → "Trump"), otherwise the name itself, trimmed.
#[must_use]
pub fn of_query(name: &str) -> String {
    let name = name.trim();
    if let Some(date) = iso_date(name).or_else(|| iso_month(name)) {
        return date;
    }
    Gazetteer::get()
        .country(&fold(name))
        .map_or_else(|| without_title(name).to_owned(), str::to_owned)
}

/// A person's name without the titles before it ("President Donald Trump" → "Donald Trump"),
/// so that a title never makes a second person; a name that is only titles stays as it is.
#[must_use]
pub fn without_title(name: &str) -> &str {
    let gazetteer = Gazetteer::get();
    let mut rest = name.trim();
    while let Some((first, after)) = rest.split_once(' ') {
        let word = fold(first.trim_end_matches('.'));
        if gazetteer.flags(&word) & flag::TITLE == 0 {
            break;
        }
        rest = after.trim_start();
    }
    rest
}

/// Lower-case words that belong inside a person's name ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der",
    "den", "ter", "bin", "bint", "ibn", "al", "el", "y",
];
/// Whether a folded word is one of the 3,000 most frequent English words ("an", "hey", "true",
/// "support"): such a word does not start a person's name unless it is a given name. Rarer
/// words in the list are often names themselves ("barack", "dwayne").
fn frequent(word: &str) -> bool {
    static FREQUENT: OnceLock<HashSet<&'static str>> = OnceLock::new();
    FREQUENT
        .get_or_init(|| {
            include_str!("../../assets/entities/common-words.txt")
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .take(3_000)
                .collect()
        })
        .contains(word)
}

/// Words after a surname that are not one ("Jr.", "III").
const SUFFIXES: &[&str] = &["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"];

/// The folded surname of a person's full name: its last word (before "Jr." and the like), when
/// the name looks like a person's full name: two to four words, each capitalised (particles
/// such as "van" aside), made of letters, hyphens, apostrophes and initials' stops, the first a
/// given name or not one of the most frequent English words, the last no month or weekday.
/// `None` for a single word and for what a tagger took for a person ("for. Lokaka", "Marco
/// Sharma Northern Power Ltd. Renkaka", "Hey Siri", "An October"): the library matches bare
/// surnames to full names by it, and such names must not take a surname over or make it
/// ambiguous.
#[must_use]
pub fn surname(name: &str) -> Option<String> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > 2
        && words
            .last()
            .is_some_and(|w| SUFFIXES.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    let count = words.len();
    let name_word = |(i, word): (usize, &&str)| {
        // A stop only ends an initial or a short abbreviation ("J.", "St."), never a sentence.
        let letters = word.strip_suffix('.').unwrap_or(word);
        let capitalised = letters.chars().next().is_some_and(char::is_uppercase)
            && letters
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
            && (letters.len() == word.len() || letters.chars().count() <= 2);
        capitalised || (i > 0 && i + 1 < count && PARTICLES.contains(word))
    };
    let one_line = !name.contains(['\n', '\r']);
    let first = fold(words.first()?.trim_end_matches('.'));
    let given = Gazetteer::get().flags(&first) & flag::GIVEN_NAME != 0 || !frequent(&first);
    let last = fold(words.last()?);
    // A month or weekday is never a surname, whatever the tagger thought ("An October").
    let dated = super::dates::is_month_or_weekday(&last);
    (one_line
        && given
        && !dated
        && (2..=4).contains(&count)
        && words.iter().enumerate().all(name_word))
    .then_some(last)
}

/// The letters of an acronym ("U.N." → "un", "WHO" → "who"), folded to lower case, or `None`
/// for a name that is not one. Acronyms are matched across stories by these letters.
#[must_use]
pub fn acronym_key(name: &str) -> Option<String> {
    is_acronym(name).then(|| {
        name.chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    })
}

/// The canonical name of every entity of one text, in the same order.
#[must_use]
pub fn names(entities: &[Entity]) -> Vec<String> {
    let gazetteer = Gazetteer::get();
    // People's names without their titles, worked out once.
    let untitled: Vec<&str> = entities
        .iter()
        .map(|e| {
            if e.label == Label::Person {
                without_title(&e.text)
            } else {
                e.text.as_str()
            }
        })
        .collect();
    let full_people: Vec<(&str, String)> = entities
        .iter()
        .zip(&untitled)
        .filter(|(e, name)| e.label == Label::Person && name.contains(' '))
        .map(|(_, name)| (*name, fold(name)))
        .collect();
    let expansions: Vec<(&str, String)> = entities
        .iter()
        .filter(|e| {
            matches!(e.label, Label::Org | Label::Misc | Label::Place) && e.text.contains(' ')
        })
        .map(|e| (e.text.as_str(), initials(&e.text)))
        .collect();
    entities
        .iter()
        .zip(&untitled)
        .map(|(entity, &untitled)| {
            let text = entity.text.as_str();
            match entity.label {
                Label::Person if !untitled.contains(' ') => {
                    let text = untitled;
                    let short = fold(text);
                    let mut matches = full_people
                        .iter()
                        .filter(|(_, folded)| first_or_last_word(folded, &short));
                    match (matches.next(), matches.next()) {
                        // Two different full names share the word: leave it alone.
                        (Some((full, _)), None) => (*full).to_owned(),
                        (Some((first, _)), Some((second, _))) if fold(first) == fold(second) => {
                            (*first).to_owned()
                        }
                        _ => text.to_owned(),
                    }
                }
                Label::Person => untitled.to_owned(),
                Label::Place => gazetteer
                    .country(&fold(text))
                    .map_or_else(|| text.to_owned(), str::to_owned),
                // Both need a number: most relative dates ("Tuesday") have none.
                Label::Date if text.bytes().any(|b| b.is_ascii_digit()) => iso_date(text)
                    .or_else(|| iso_month(text))
                    .unwrap_or_else(|| text.to_owned()),
                Label::Org | Label::Misc if is_acronym(text) => {
                    let letters: String = text.chars().filter(char::is_ascii_alphabetic).collect();
                    expansions
                        .iter()
                        .find(|(_, initials)| initials.eq_ignore_ascii_case(&letters))
                        .map_or_else(|| text.to_owned(), |(full, _)| (*full).to_owned())
                }
                _ => text.to_owned(),
            }
        })
        .collect()
}

/// Whether `word` is the first or the last word of the folded name `full` (" word" ends it or
/// "word " starts it), without building either string.
fn first_or_last_word(full: &str, word: &str) -> bool {
    let bytes = full.as_bytes();
    (full.len() > word.len() && full.ends_with(word) && bytes[full.len() - word.len() - 1] == b' ')
        || (full.starts_with(word) && bytes.get(word.len()) == Some(&b' '))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date written with day, month and year in any usual order ("November 19, 2025",
/// "19 Nov. 2025", "2025-11-19") as ISO 8601 ("2025-11-19"), so every wording is one entity.
fn iso_date(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    if let [single] = words.as_slice() {
        let parts: Vec<&str> = single.split('-').collect();
        if let [y, m, d] = parts.as_slice() {
            let (y, m, d) = (
                y.parse::<u16>().ok()?,
                m.parse::<u8>().ok()?,
                d.parse::<u8>().ok()?,
            );
            return valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"));
        }
        return None;
    }
    let month = |w: &str| {
        MONTHS
            .iter()
            .position(|m| {
                w.len() >= 3 && m.starts_with(&w[..3]) && w.chars().all(char::is_alphabetic)
            })
            .and_then(|i| u8::try_from(i + 1).ok())
    };
    let day = |w: &str| {
        w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u8>()
            .ok()
    };
    let (d, m, y) = match words.as_slice() {
        [a, b, c] if month(a).is_some() => (day(b)?, month(a)?, c.parse::<u16>().ok()?),
        [a, b, c] => (day(a)?, month(b)?, c.parse::<u16>().ok()?),
        _ => return None,
    };
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A month with its year ("October 2025", "Oct. 2025") as ISO 8601 ("2025-10").
fn iso_month(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let [month, year] = words.as_slice() else {
        return None;
    };
    let month = MONTHS.iter().position(|m| {
        month.len() >= 3 && m.starts_with(&month[..3]) && month.chars().all(char::is_alphabetic)
    })? + 1;
    let year = year.parse::<u16>().ok()?;
    valid(year, 1, 1).then(|| format!("{year:04}-{month:02}"))
}

fn valid(year: u16, month: u8, day: u8) -> bool {
    (1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// "UN", "U.N.", "ISRO": two to six capitals, with or without stops.
fn is_acronym(text: &str) -> bool {
    let letters = text.chars().filter(|c| *c != '.').count();
    (2..=6).contains(&letters) && text.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

/// The initials of the capitalised words of a name ("Indian Space Research Organisation" →
/// "ISRO"; "Bank of England" → "BE").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::recognise;

    fn pairs(text: &str) -> Vec<(String, String)> {
        recognise(text)
            .into_iter()
            .map(|e| (e.text, e.canonical))
            .collect()
    }

    #[test]
    fn surnames_countries_and_acronyms_take_their_full_names() {
        let found = pairs(
            "Gustavo Petro spoke to the United Nations in New York.\nPetro said the UN and the \
             U.S. must talk, and the US agreed.",
        );
        let canonical = |surface: &str| {
            found
                .iter()
                .find(|(text, _)| text == surface)
                .map(|(_, c)| c.clone())
        };
        assert_eq!(canonical("Petro").as_deref(), Some("Gustavo Petro"));
        assert_eq!(canonical("UN").as_deref(), Some("United Nations"));
        assert_eq!(canonical("U.S.").as_deref(), Some("United States"));
        assert_eq!(canonical("US").as_deref(), Some("United States"));
    }

    #[test]
    fn a_surname_shared_by_two_people_is_not_merged() {
        let found = pairs("Boris Johnson met Dwayne Johnson in London.\nJohnson said no.");
        let lone = found.iter().find(|(text, _)| text == "Johnson");
        if let Some((_, canonical)) = lone {
            assert_eq!(canonical, "Johnson");
        }
    }

    #[test]
    fn full_dates_in_any_wording_are_one_iso_date() {
        for text in [
            "It happened on November 19, 2025.",
            "It happened on 19 November 2025.",
            "It happened on 2025-11-19.",
            "It happened on Nov. 19, 2025.",
        ] {
            let dates: Vec<String> = recognise(text)
                .into_iter()
                .filter(|e| e.label == Label::Date)
                .map(|e| e.canonical)
                .collect();
            assert_eq!(dates, ["2025-11-19"], "{text}");
        }
        assert_eq!(iso_date("February 30 2025x"), None);
        assert_eq!(iso_date("2025-13-01"), None);
        assert_eq!(iso_date("today"), None);
    }

    #[test]
    fn typed_names_follow_the_same_rules() {
        assert_eq!(of_query(" USA "), "United States");
        assert_eq!(of_query("u.k."), "United Kingdom");
        assert_eq!(of_query("Gustavo Petro"), "Gustavo Petro");
        assert_eq!(of_query("19 November 2025"), "2025-11-19");
    }
}
