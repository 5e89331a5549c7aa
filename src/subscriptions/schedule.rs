//! When a feed is next due: its interval (set by the user, else the default, stretched by what
//! the feed or its server asks), doubled after each failure in a row, and never before a
//! `Retry-After`.

use chrono::{DateTime, Duration, Utc};

/// The longest a feed's own hint (`<ttl>`, `sy:updatePeriod`, `max-age`) may stretch the interval.
pub const MAX_HINT: u64 = 86_400;
/// The longest back-off after failures in a row.
pub const MAX_BACKOFF: u64 = 86_400;
/// The longest `Retry-After` obeyed; a server asking for more is asked again after this.
pub const MAX_RETRY_AFTER: u64 = 7 * 86_400;

/// Seconds between refreshes of a feed that works: the user's interval for the feed wins;
/// otherwise the default, or longer if the feed asks for longer (up to [`MAX_HINT`]).
#[must_use]
pub fn interval(own: Option<u64>, default: u64, hint: Option<u64>) -> u64 {
    own.unwrap_or_else(|| default.max(hint.unwrap_or(0).min(MAX_HINT)))
}

/// When a feed that just worked is due again.
#[must_use]
pub fn after_success(now: DateTime<Utc>, interval: u64) -> DateTime<Utc> {
    now + seconds(interval)
}

/// When a feed that just failed for the `failures`-th time in a row is due again: the interval
/// doubled for each earlier failure, at most [`MAX_BACKOFF`] (or the interval, if longer), and
/// not before the server's `Retry-After`.
#[must_use]
pub fn after_failure(
    now: DateTime<Utc>,
    interval: u64,
    failures: u32,
    retry_after: Option<u64>,
) -> DateTime<Utc> {
    let doubled = interval.saturating_mul(1u64 << failures.saturating_sub(1).min(20));
    let backoff = doubled.min(MAX_BACKOFF.max(interval));
    let wait = backoff.max(retry_after.unwrap_or(0).min(MAX_RETRY_AFTER));
    now + seconds(wait)
}

fn seconds(value: u64) -> Duration {
    Duration::seconds(
        i64::try_from(value)
            .unwrap_or(i64::MAX / 1_000)
            .min(i64::MAX / 1_000),
    )
}

/// A duration written as a number with a unit: `90s`, `30m`, `2h`, `1d` (a bare number is
/// minutes).
///
/// # Errors
/// When the text is not such a duration, or is zero.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 30m, 2h or 1d"))?;
    let unit = match unit.trim() {
        "s" | "sec" => 1,
        "" | "m" | "min" => 60,
        "h" => 3_600,
        "d" => 86_400,
        other => {
            return Err(format!(
                "unknown unit {other:?} in {text:?}; use s, m, h or d (30m, 2h, 1d)"
            ));
        }
    };
    match number.checked_mul(unit) {
        Some(0) => Err(format!("{text:?}: a duration must be more than zero")),
        Some(total) => Ok(total),
        None => Err(format!("{text:?} is too long")),
    }
}

/// A number of seconds the way [`parse_duration`] reads it back: `45m`, `2h`, `1d`.
#[must_use]
pub fn format_duration(secs: u64) -> String {
    match secs {
        s if s % 86_400 == 0 && s > 0 => format!("{}d", s / 86_400),
        s if s % 3_600 == 0 && s > 0 => format!("{}h", s / 3_600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).expect("time")
    }

    #[test]
    fn hints_stretch_the_default_but_not_the_users_choice() {
        assert_eq!(interval(None, 3_600, None), 3_600);
        assert_eq!(interval(None, 3_600, Some(600)), 3_600);
        assert_eq!(interval(None, 3_600, Some(7_200)), 7_200);
        assert_eq!(interval(None, 3_600, Some(10 * 86_400)), MAX_HINT);
        assert_eq!(interval(Some(300), 3_600, Some(7_200)), 300);
    }

    #[test]
    fn failures_back_off_exponentially_up_to_a_day_and_obey_retry_after() {
        let now = at(1_000_000);
        let waits: Vec<i64> = (1..=7)
            .map(|n| (after_failure(now, 3_600, n, None) - now).num_seconds())
            .collect();
        assert_eq!(
            waits,
            vec![3_600, 7_200, 14_400, 28_800, 57_600, 86_400, 86_400]
        );
        assert_eq!(
            (after_failure(now, 600, 1, Some(5_000)) - now).num_seconds(),
            5_000
        );
        assert_eq!(
            (after_failure(now, 600, 1, Some(u64::MAX)) - now).num_seconds(),
            MAX_RETRY_AFTER as i64
        );
        assert_eq!(
            (after_failure(now, 2 * 86_400, 3, None) - now).num_seconds(),
            2 * 86_400
        );
        assert_eq!(
            (after_failure(now, 60, 200, None) - now).num_seconds(),
            MAX_BACKOFF as i64
        );
        assert_eq!((after_success(now, 60) - now).num_seconds(), 60);
    }

    #[test]
    fn durations_read_and_write() {
        assert_eq!(parse_duration("30m"), Ok(1_800));
        assert_eq!(parse_duration("2h"), Ok(7_200));
        assert_eq!(parse_duration("1d"), Ok(86_400));
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("15"), Ok(900));
        for bad in ["", "m", "0m", "3 weeks", "-5m", "99999999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(format_duration(1_800), "30m");
        assert_eq!(format_duration(86_400), "1d");
        assert_eq!(format_duration(7_200), "2h");
        assert_eq!(format_duration(45), "45s");
    }
}
