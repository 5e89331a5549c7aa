//! Dates, sums of money and percentages: regular enough for rules over tokens.

use super::Label;
use super::token::Token;

/// Weekday names in lower case, Monday first.
pub(super) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// Month names in lower case, January first.
pub(super) const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Abbreviations written with their full stop.
const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan.", "feb.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.",
];
fn is_month(word: &str) -> bool {
    MONTH_NAMES.contains(&word) || MONTH_ABBREVIATIONS.contains(&word)
}

/// Months that are also ordinary words, so they need a number or a preposition nearby.
const AMBIGUOUS_MONTHS: &[&str] = &["may", "march", "august"];
const MONTH_CONTEXT: &[&str] = &[
    "in", "since", "until", "by", "early", "late", "mid", "last", "next", "this", "of", "from",
    "through", "before", "after", "during",
];
const RELATIVE_DAYS: &[&str] = &["today", "yesterday", "tomorrow", "tonight"];
const PERIODS: &[&str] = &[
    "week", "month", "year", "weekend", "decade", "century", "quarter",
];
const PERIOD_LEADS: &[&str] = &["last", "next", "this", "past", "coming"];
const SCALES: &[&str] = &[
    "million", "billion", "trillion", "bn", "mn", "m", "crore", "lakh", "thousand",
];
const CURRENCY_WORDS: &[&str] = &[
    "dollars",
    "dollar",
    "euros",
    "euro",
    "pounds",
    "pound",
    "yen",
    "yuan",
    "rupees",
    "rupee",
    "pesos",
    "peso",
    "francs",
    "franc",
    "marks",
    "cents",
    "roubles",
    "rubles",
    "reais",
    "won",
    "rand",
    "shillings",
    "dinars",
    "riyals",
    "lira",
    "kronor",
    "krona",
    "crowns",
];
const CURRENCY_SIGNS: &[char] = &['$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₦'];
const CURRENCY_CODES: &[&str] = &[
    "usd", "eur", "gbp", "jpy", "cny", "inr", "chf", "cad", "aud",
];
const APPROXIMATELY: &[&str] = &[
    "over",
    "about",
    "nearly",
    "almost",
    "around",
    "roughly",
    "some",
    "under",
    "approximately",
];

/// Finds dates, money and percentages among the tokens: `(first token, last token, label)`.
/// `folded` holds each token lower-cased without accents.
#[must_use]
pub fn find(
    text: &str,
    tokens: &[Token],
    folded: &[std::borrow::Cow<'_, str>],
) -> Vec<(usize, usize, Label)> {
    let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
    let lower = |i: usize| folded.get(i).map_or("", |w| w.as_ref());
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !could_start(words[i], lower(i)) {
            i += 1;
            continue;
        }
        if let Some((end, label)) = percent(&words, lower, i)
            .or_else(|| money(&words, lower, i))
            .or_else(|| date(&words, lower, i))
        {
            // "over 50%": a hedge word before a figure belongs to it.
            let start = if label != Label::Date
                && i > 0
                && APPROXIMATELY.contains(&lower(i - 1))
                && found.last().is_none_or(|&(_, e, _)| e < i - 1)
            {
                i - 1
            } else {
                i
            };
            found.push((start, end, label));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    found
}

/// A cheap test that token can begin a percentage, a sum or a date: it starts with a digit, a
/// sign, a capital or a currency sign, or is one of the few lower-case words that lead one. Most
/// words fail it, so the rules below run on few tokens.
fn could_start(word: &str, lower: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    first.is_ascii_digit()
        || matches!(first, '+' | '-')
        || first.is_uppercase()
        || CURRENCY_SIGNS.contains(&first)
        || RELATIVE_DAYS.contains(&lower)
        || PERIOD_LEADS.contains(&lower)
        || CURRENCY_CODES.contains(&lower)
}

fn is_number(word: &str) -> bool {
    let digits = word.trim_start_matches(['+', '-']);
    !digits.is_empty()
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

fn percent<'a>(
    words: &[&str],
    lower: impl Fn(usize) -> &'a str,
    i: usize,
) -> Option<(usize, Label)> {
    let word = words[i];
    if let Some(number) = word.strip_suffix('%') {
        return is_number(number).then_some((i, Label::Percent));
    }
    if !is_number(word) {
        return None;
    }
    match (lower(i + 1), lower(i + 2)) {
        ("%", _) | ("percent", _) => Some((i + 1, Label::Percent)),
        ("per", "cent") => Some((i + 2, Label::Percent)),
        ("percentage", "points") => Some((i + 2, Label::Percent)),
        _ => None,
    }
}

fn money<'a>(words: &[&str], lower: impl Fn(usize) -> &'a str, i: usize) -> Option<(usize, Label)> {
    let word = words[i];
    let after_sign = word
        .trim_start_matches(|c: char| c.is_ascii_uppercase())
        .strip_prefix(CURRENCY_SIGNS);
    let mut end = match after_sign {
        Some(number) if is_number(number) => i,
        Some("") if words.get(i + 1).is_some_and(|w| is_number(w)) => i + 1,
        _ if CURRENCY_CODES.contains(&lower(i))
            && words.get(i + 1).is_some_and(|w| is_number(w)) =>
        {
            i + 1
        }
        _ if is_number(word) => {
            let mut j = i + 1;
            if SCALES.contains(&lower(j)) {
                j += 1;
            }
            return CURRENCY_WORDS
                .contains(&lower(j))
                .then_some((j, Label::Money));
        }
        _ => return None,
    };
    if SCALES.contains(&lower(end + 1)) {
        end += 1;
    }
    Some((end, Label::Money))
}

fn date<'a>(words: &[&str], lower: impl Fn(usize) -> &'a str, i: usize) -> Option<(usize, Label)> {
    let word = words[i];
    let w = lower(i);
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    if WEEKDAYS.contains(&w) && capitalised || RELATIVE_DAYS.contains(&w) {
        return Some((i, Label::Date));
    }
    if PERIOD_LEADS.contains(&w) && PERIODS.contains(&lower(i + 1)) {
        return Some((i + 1, Label::Date));
    }
    if is_iso_date(word) {
        return Some((i, Label::Date));
    }
    if is_month(w) && capitalised {
        let day_or_year_after = words.get(i + 1).is_some_and(|n| is_day(n) || is_year(n));
        let day_before = i > 0 && is_day(words[i - 1]);
        let context = i > 0 && MONTH_CONTEXT.contains(&lower(i - 1));
        if AMBIGUOUS_MONTHS.contains(&w) && !(day_or_year_after || day_before || context) {
            return None;
        }
        let mut end = i;
        if words.get(end + 1).is_some_and(|n| is_day(n)) {
            end += 1;
            if lower(end + 1) == "," && words.get(end + 2).is_some_and(|n| is_year(n)) {
                end += 2;
            }
        }
        if words.get(end + 1).is_some_and(|n| is_year(n)) {
            end += 1;
        }
        return Some((end, Label::Date));
    }
    if is_day(word) && is_month(lower(i + 1)) {
        let mut end = i + 1;
        if words.get(end + 1).is_some_and(|n| is_year(n)) {
            end += 1;
        }
        return Some((end, Label::Date));
    }
    if is_year(word) && !matches!(lower(i + 1), "%" | "percent" | "per") {
        return Some((i, Label::Date));
    }
    None
}

fn is_day(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits.len() <= 2
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
        && matches!(&word[digits.len()..], "" | "st" | "nd" | "rd" | "th")
}

fn is_year(word: &str) -> bool {
    let digits = word.strip_suffix('s').unwrap_or(word);
    digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits
            .parse::<u16>()
            .is_ok_and(|y| (1800..=2199).contains(&y))
}

fn is_iso_date(word: &str) -> bool {
    // Three parts split at '-', without collecting them: this runs on every capitalised word.
    let mut parts = word.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    is_year(year)
        && month.len() == 2
        && day.len() == 2
        && [month, day]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::token::tokenize;

    fn labelled(text: &str) -> Vec<(String, Label)> {
        let tokens = tokenize(text);
        let folded: Vec<std::borrow::Cow<'_, str>> = tokens
            .iter()
            .map(|t| std::borrow::Cow::Owned(crate::text::fold(&text[t.start..t.end])))
            .collect();
        find(text, &tokens, &folded)
            .into_iter()
            .map(|(a, b, label)| (text[tokens[a].start..tokens[b].end].to_owned(), label))
            .collect()
    }

    #[test]
    fn percentages() {
        assert_eq!(
            labelled("It surged over 50% and 3 per cent, then 2.5 percent."),
            [
                ("over 50%".to_owned(), Label::Percent),
                ("3 per cent".to_owned(), Label::Percent),
                ("2.5 percent".to_owned(), Label::Percent)
            ]
        );
    }

    #[test]
    fn money() {
        assert_eq!(
            labelled("It cost $1.2 billion, €49 or 300 million dollars, A$6.4 billion."),
            [
                ("$1.2 billion".to_owned(), Label::Money),
                ("€49".to_owned(), Label::Money),
                ("300 million dollars".to_owned(), Label::Money),
                ("A$6.4 billion".to_owned(), Label::Money)
            ]
        );
    }

    #[test]
    fn dates() {
        let found = labelled(
            "On Wednesday, in September, October 2025, 5 March 2024, on May 3, last week and in 2023 \
             (1996-08-30); you may go.",
        );
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Wednesday",
                "September",
                "October 2025",
                "5 March 2024",
                "May 3",
                "last week",
                "2023",
                "1996-08-30"
            ]
        );
    }
}
