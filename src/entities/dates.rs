//! Relative dates ("yesterday", "on Wednesday", "last month", "in March") resolved against a
//! story's publication day, so that they join the absolute dates of the same day, month or year.
//!
//! The rule is simple and predictable rather than clever: a weekday or a month without a year
//! means the latest one on or before the publication day, unless the nearest word of tense in its
//! sentence speaks of the future ("will", "would", "is due to", …), then the first one on or
//! after it. "last"/"next" directly before pick the one strictly before/after.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Words that, near a weekday or month in its sentence, put it in the future.
const FUTURE: &[&str] = &[
    "will",
    "shall",
    "won't",
    "won’t",
    "would",
    "due",
    "upcoming",
    "plans",
    "until",
    "begins",
    "starts",
    "opens",
    "scheduled",
    "expected",
    "planned",
];
/// Words that put it in the past (besides words ending in "-ed").
const PAST: &[&str] = &[
    "said", "was", "were", "had", "did", "told", "met", "won", "lost", "began", "took", "gave",
    "came", "went", "made", "saw", "held", "left", "fell", "rose", "spoke", "wrote", "ago",
];

/// Which way a date without a year or week points from the publication day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// On or before ("on Wednesday" in a story about what happened).
    Past,
    /// On or after ("will meet on Wednesday").
    Future,
    /// Strictly before ("last Wednesday").
    Before,
    /// Strictly after ("next Wednesday").
    After,
}

/// The ISO 8601 form of the relative date written at `text[start..end]`, resolved against the
/// publication day: a day ("2025-11-19") for "today", "yesterday", a weekday or "March 5"; a month
/// ("2025-10") for "last month" or "in October"; an ISO week ("2025-W47") for "this week"; a year
/// ("2025") for "this year". `None` for what is not a relative date, or cannot be resolved
/// ("last decade").
#[must_use]
pub fn resolve(text: &str, start: usize, end: usize, published: NaiveDate) -> Option<String> {
    let span = text.get(start..end)?;
    let words: Vec<String> = span
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let direction = direction(text, start, end);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["today" | "tonight"] => Some(day(published)),
        ["yesterday"] => published.pred_opt().map(day),
        ["tomorrow"] => published.succ_opt().map(day),
        [word] => match weekday(word) {
            Some(weekday) => on_weekday(weekday, published, direction).map(day),
            None => month_of(word)
                .and_then(|m| in_month(m, published, direction))
                .map(|(y, m)| format!("{y:04}-{m:02}")),
        },
        [lead, period] => period_of(lead, period, published)
            .or_else(|| month_and_day(&words, published, direction)),
        _ => None,
    }
}

/// Whether a date's canonical name is already absolute ISO 8601 ("2025-11-19", "2025-11",
/// "2025"), so there is nothing to resolve.
#[must_use]
pub fn is_absolute(name: &str) -> bool {
    name.len() >= 4 && name.as_bytes()[..4].iter().all(u8::is_ascii_digit)
}

/// Gives a relative DATE entity of `text` the canonical name of the date it means in a text
/// published on `published`; other entities are left as they are.
pub fn resolve_entity(text: &str, entity: &mut super::Entity, published: NaiveDate) {
    if entity.label == super::Label::Date
        && !is_absolute(&entity.canonical)
        && let Some(resolved) = resolve(text, entity.start, entity.end, published)
    {
        entity.canonical = resolved;
    }
}

/// A publication day written as RFC 3339 ("2025-11-19T08:00:00Z", its UTC day) or as a day
/// ("2025-11-19").
#[must_use]
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|at| at.to_utc().date_naive())
        .ok()
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
}

/// "last week", "next month", "this year", "past weekend": a period counted from the
/// publication day.
fn period_of(lead: &str, period: &str, published: NaiveDate) -> Option<String> {
    let step: i32 = match lead {
        "last" | "past" => -1,
        "this" => 0,
        "next" | "coming" => 1,
        _ => return None,
    };
    match period {
        "week" => {
            let moved = published + Duration::weeks(i64::from(step));
            let week = moved.iso_week();
            Some(format!("{:04}-W{:02}", week.year(), week.week()))
        }
        "weekend" => {
            // The Saturday of the publication day's week, moved by whole weeks.
            let monday =
                published - Duration::days(i64::from(published.weekday().num_days_from_monday()));
            Some(day(monday
                + Duration::days(5)
                + Duration::weeks(i64::from(step))))
        }
        "month" => {
            let months = published.year() * 12 + i32::try_from(published.month0()).ok()? + step;
            let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
            Some(format!("{year:04}-{month:02}"))
        }
        "year" => Some(format!("{:04}", published.year() + step)),
        _ => None,
    }
}

/// A month and day without a year ("March 5", "5 March") in the year the month rule gives.
fn month_and_day(words: &[&str], published: NaiveDate, direction: Direction) -> Option<String> {
    let day_number = |w: &str| {
        w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok()
    };
    let (month, number) = match words {
        [a, b] if month_of(a).is_some() => (month_of(a)?, day_number(b)?),
        [a, b] => (month_of(b)?, day_number(a)?),
        _ => return None,
    };
    let target = |year: i32| NaiveDate::from_ymd_opt(year, month, number);
    let this_year = target(published.year())?;
    let chosen = match direction {
        Direction::Past | Direction::Before if this_year > published => {
            target(published.year() - 1)?
        }
        Direction::Future | Direction::After if this_year < published => {
            target(published.year() + 1)?
        }
        _ => this_year,
    };
    Some(day(chosen))
}

/// The year and month of a month named without a year.
fn in_month(month: u32, published: NaiveDate, direction: Direction) -> Option<(i32, u32)> {
    let (year, current) = (published.year(), published.month());
    let year = match direction {
        Direction::Past if month > current => year - 1,
        Direction::Before if month >= current => year - 1,
        Direction::Future if month < current => year + 1,
        Direction::After if month <= current => year + 1,
        _ => year,
    };
    Some((year, month))
}

/// The weekday nearest the publication day in the given direction.
fn on_weekday(target: Weekday, published: NaiveDate, direction: Direction) -> Option<NaiveDate> {
    let from = published.weekday().num_days_from_monday();
    let to = target.num_days_from_monday();
    let back = i64::from((from + 7 - to) % 7);
    let ahead = i64::from((to + 7 - from) % 7);
    let days = match direction {
        Direction::Past => -back,
        Direction::Before if back == 0 => -7,
        Direction::Before => -back,
        Direction::Future => ahead,
        Direction::After if ahead == 0 => 7,
        Direction::After => ahead,
    };
    published.checked_add_signed(Duration::days(days))
}

/// How the words around a date in its sentence place it: "last"/"next" right before it, else
/// the nearest word of tense in the sentence ("will", "would", "due" for the future; "said",
/// "was", a word ending in "-ed" for the past; the one before on a tie), else the past.
fn direction(text: &str, start: usize, end: usize) -> Direction {
    let before = text.get(..start).unwrap_or_default();
    let after = text.get(end..).unwrap_or_default();
    let sentence_start = before.rfind(['.', '!', '?', '\n']).map_or(0, |at| at + 1);
    let sentence_end = after.find(['.', '!', '?', '\n']).unwrap_or(after.len());
    let words = |part: &str| -> Vec<String> {
        part.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
            .map(str::to_lowercase)
            .collect()
    };
    let mut earlier = words(&before[sentence_start..]);
    earlier.reverse();
    let later = words(&after[..sentence_end]);
    match earlier.first().map(String::as_str) {
        Some("last" | "past" | "previous") => return Direction::Before,
        Some("next" | "coming") => return Direction::After,
        _ => {}
    }
    let nearest = |words: &[String]| {
        words
            .iter()
            .enumerate()
            .find_map(|(distance, word)| tense(word).map(|future| (distance, future)))
    };
    let future = match (nearest(&earlier), nearest(&later)) {
        (Some((b, future)), Some((a, other))) => {
            if b <= a {
                future
            } else {
                other
            }
        }
        (Some((_, future)), None) | (None, Some((_, future))) => future,
        (None, None) => false,
    };
    if future {
        Direction::Future
    } else {
        Direction::Past
    }
}

/// Whether a word marks the future (`Some(true)`), the past (`Some(false)`) or neither.
fn tense(word: &str) -> Option<bool> {
    if FUTURE.contains(&word) || word.ends_with("'ll") || word.ends_with("’ll") {
        Some(true)
    } else if PAST.contains(&word) || (word.len() > 4 && word.ends_with("ed")) {
        Some(false)
    } else {
        None
    }
}

fn weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, w)| w)
}

/// Whether a folded word is a full month or weekday name: such a word ends no person's name.
pub(crate) fn is_month_or_weekday(word: &str) -> bool {
    super::patterns::MONTH_NAMES.contains(&word) || weekday(word).is_some()
}

/// A month's number from its name or usual abbreviation ("march", "sept", "nov").
fn month_of(word: &str) -> Option<u32> {
    if word.len() < 3 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    super::patterns::MONTH_NAMES
        .iter()
        .position(|name| *name == word || (word.len() <= 4 && name.starts_with(word)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(published: &str, text: &str, span: &str) -> Option<String> {
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("date");
        let start = text.find(span).expect("span in text");
        resolve(text, start, start + span.len(), published)
    }

    #[test]
    fn days_next_to_the_publication_day() {
        assert_eq!(
            on("2025-11-20", "It rained today.", "today").as_deref(),
            Some("2025-11-20")
        );
        assert_eq!(
            on("2025-12-01", "It rained yesterday.", "yesterday").as_deref(),
            Some("2025-11-30")
        );
        assert_eq!(
            on("2025-12-31", "Vote tomorrow.", "tomorrow").as_deref(),
            Some("2026-01-01")
        );
    }

    #[test]
    fn a_weekday_is_the_latest_one_before_unless_the_sentence_speaks_of_the_future() {
        // Published on Monday 1 December 2025: Wednesday was 26 November, across the month.
        let past = "The minister resigned on Wednesday.";
        assert_eq!(
            on("2025-12-01", past, "Wednesday").as_deref(),
            Some("2025-11-26")
        );
        let future = "The minister will resign on Wednesday.";
        assert_eq!(
            on("2025-12-01", future, "Wednesday").as_deref(),
            Some("2025-12-03")
        );
        // On the day itself, the day itself.
        assert_eq!(
            on("2025-12-01", "On Monday, it fell.", "Monday").as_deref(),
            Some("2025-12-01")
        );
        assert_eq!(
            on("2025-12-01", "It fell last Monday.", "Monday").as_deref(),
            Some("2025-11-24")
        );
        assert_eq!(
            on("2025-12-01", "It falls next Monday.", "Monday").as_deref(),
            Some("2025-12-08")
        );
        // A future word in an earlier sentence does not count.
        let two = "Talks will go on. They met on Friday.";
        assert_eq!(
            on("2025-12-01", two, "Friday").as_deref(),
            Some("2025-11-28")
        );
        // The nearest word of tense decides, before or after the date.
        let said = "Prices will fall, Trump said on Wednesday.";
        assert_eq!(
            on("2025-12-01", said, "Wednesday").as_deref(),
            Some("2025-11-26")
        );
        let vote = "On Wednesday, the council will vote.";
        assert_eq!(
            on("2025-12-01", vote, "Wednesday").as_deref(),
            Some("2025-12-03")
        );
    }

    #[test]
    fn periods_and_months_without_a_year() {
        let at = |text: &str, span: &str| on("2025-01-15", text, span);
        assert_eq!(
            at("Prices rose last month.", "last month").as_deref(),
            Some("2024-12")
        );
        assert_eq!(
            at("Prices rise next week.", "next week").as_deref(),
            Some("2025-W04")
        );
        assert_eq!(
            at("Prices rose this year.", "this year").as_deref(),
            Some("2025")
        );
        assert_eq!(
            at("Prices rose in March.", "March").as_deref(),
            Some("2024-03")
        );
        assert_eq!(
            at("Prices will rise in March.", "March").as_deref(),
            Some("2025-03")
        );
        assert_eq!(
            at("It happened on March 5.", "March 5").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            at("It happened on 5 Jan.", "5 Jan.").as_deref(),
            Some("2025-01-05")
        );
        assert_eq!(at("the last decade", "last decade"), None);
        assert_eq!(at("It was Wednesdayish.", "Wednesdayish"), None);
        assert_eq!(at("on February 30", "February 30"), None);
    }
}
