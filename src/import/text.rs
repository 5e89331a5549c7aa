//! Plain-text stories: paragraphs from lines, and a headline when the text has no title line.

use super::{ImportError, Problem, join_paragraphs};
use crate::article::Article;

/// Longest headline kept whole; longer first sentences are cut at a clause or a word.
const HEADLINE_MAX_CHARS: usize = 110;
/// A clause shorter than this makes a poor headline, so the cut falls back to a word boundary.
const HEADLINE_MIN_CLAUSE: usize = 40;
/// A first line up to this long, without closing punctuation, is taken as the title line.
const TITLE_LINE_MAX_CHARS: usize = 150;

/// Words that end with a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "sgt", "col",
    "lt", "capt", "inc", "ltd", "co", "corp", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx",
];

pub(super) fn parse(content: &str, origin: &str) -> Result<Article, ImportError> {
    let paragraphs = paragraphs(content);
    let Some(first) = paragraphs.first() else {
        return Err(ImportError::new(origin, Problem::Empty));
    };
    let (title, body) = if let Some((title, rest)) = title_line(content) {
        // The text under a title line keeps its own paragraph layout (one per line, or
        // blank-line separated), whatever the blank line after the title suggests.
        (
            title.to_owned(),
            join_paragraphs(self::paragraphs(rest).iter().map(String::as_str)),
        )
    } else if paragraphs.len() > 1 && looks_like_title(first) {
        (
            first.clone(),
            join_paragraphs(paragraphs[1..].iter().map(String::as_str)),
        )
    } else {
        (
            headline(first),
            join_paragraphs(paragraphs.iter().map(String::as_str)),
        )
    };
    // Text made only of punctuation has no sentence to take a headline from.
    let title = if title.trim().is_empty() {
        fallback_title(origin)
    } else {
        title
    };
    let mut article = Article::new(title, body);
    article.source = Some(origin.to_owned());
    Ok(article)
}

/// The file's name without its extension, for a story with nothing to make a headline from.
fn fallback_title(origin: &str) -> String {
    let stem = std::path::Path::new(origin)
        .file_stem()
        .map(|s| s.to_string_lossy().trim().to_owned())
        .unwrap_or_default();
    if stem.is_empty() {
        "Untitled".to_owned()
    } else {
        stem
    }
}

/// Paragraphs of a text file: blank-line separated blocks when there are any (their inner line
/// breaks are hard wraps), otherwise one paragraph per line.
fn paragraphs(content: &str) -> Vec<String> {
    let has_blank_lines = content.trim().lines().any(|line| line.trim().is_empty());
    if has_blank_lines {
        content
            .split("\n\n")
            .map(|block| block.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        content
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// A first line that looks like a title, followed by a blank line and more text.
fn title_line(content: &str) -> Option<(&str, &str)> {
    let content = content.trim_start_matches(['\n', '\r']);
    let (first, rest) = content.split_once('\n')?;
    let first = first.trim();
    let rest = rest.strip_prefix('\r').unwrap_or(rest);
    let starts_blank = rest.lines().next().is_some_and(|l| l.trim().is_empty());
    (!first.is_empty() && looks_like_title(first) && starts_blank && !rest.trim().is_empty())
        .then_some((first, rest))
}

fn looks_like_title(line: &str) -> bool {
    let trimmed = line.trim_end();
    trimmed.chars().count() <= TITLE_LINE_MAX_CHARS
        && !trimmed.ends_with(['.', '!', '?', ',', ';', ':', '”', '"'])
}

/// A headline derived from a paragraph: its first sentence, cut at a clause or word boundary when
/// too long.
#[must_use]
pub fn headline(paragraph: &str) -> String {
    let sentence = first_sentence(paragraph.trim());
    let sentence = sentence.trim_end_matches(['.', ' ']);
    if sentence.chars().count() <= HEADLINE_MAX_CHARS {
        return sentence.to_owned();
    }
    let limit = byte_index_of_char(sentence, HEADLINE_MAX_CHARS);
    let head = &sentence[..limit];
    let clause_end = [", ", "; ", " – ", " — ", ": "]
        .iter()
        .filter_map(|mark| head.rfind(mark))
        .max()
        .filter(|&at| head[..at].chars().count() >= HEADLINE_MIN_CLAUSE);
    if let Some(at) = clause_end {
        return head[..at].to_owned();
    }
    let word_end = head.rfind(' ').unwrap_or(head.len());
    format!("{}…", head[..word_end].trim_end_matches([',', ';', ':']))
}

fn byte_index_of_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// The text up to the first full stop, question or exclamation mark that ends a sentence:
/// followed by a space and a capital (or quote), and not part of an abbreviation such as "U.S.".
fn first_sentence(text: &str) -> &str {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (pos, &(at, ch)) in chars.iter().enumerate() {
        if !matches!(ch, '.' | '!' | '?') {
            continue;
        }
        let next = chars.get(pos + 1).map(|&(_, c)| c);
        let after = chars.get(pos + 2).map(|&(_, c)| c);
        let ends = match next {
            None => true,
            Some(c) if c.is_whitespace() => {
                after.is_none_or(|a| a.is_uppercase() || a.is_numeric() || "“\"‘'(".contains(a))
            }
            _ => false,
        };
        if ends && !(ch == '.' && is_abbreviation(&text[..at])) {
            return &text[..=at];
        }
    }
    text
}

fn is_abbreviation(before_stop: &str) -> bool {
    let word = before_stop
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    // "U.S", "a.m": an inner stop means initials.
    if word.contains('.') || (word.chars().count() == 1 && word.chars().all(char::is_uppercase)) {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_first_sentence_is_the_headline() {
        assert_eq!(
            headline("Prices rose again. Nobody was surprised."),
            "Prices rose again"
        );
    }

    #[test]
    fn abbreviations_do_not_end_the_sentence() {
        assert_eq!(
            headline("U.S. officials met Mr. Smith on Monday. Later they left."),
            "U.S. officials met Mr. Smith on Monday"
        );
    }

    #[test]
    fn a_long_sentence_is_cut_at_a_clause() {
        let text = "The regional council approved a sweeping plan to rebuild the old harbour district, \
                    adding three bridges and a ferry line that will run every twenty minutes.";
        assert_eq!(
            headline(text),
            "The regional council approved a sweeping plan to rebuild the old harbour district"
        );
    }

    #[test]
    fn without_a_clause_the_cut_is_at_a_word_with_an_ellipsis() {
        let text = "word ".repeat(60);
        let cut = headline(&text);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() <= HEADLINE_MAX_CHARS + 1);
        assert!(!cut.contains("wor…"));
    }

    #[test]
    fn a_title_line_followed_by_a_blank_line_is_kept() {
        let article =
            parse("Harbour plan approved\n\nThe council voted.\n", "x.txt").expect("parse");
        assert_eq!(article.title, "Harbour plan approved");
        assert_eq!(article.body, "The council voted.");
    }

    #[test]
    fn regression_punctuation_only_text_got_an_empty_title() {
        // Found by tests/fuzz.rs: the headline of "." is empty once its full stop is dropped.
        assert_eq!(parse(".\t", "notes.txt").expect("parse").title, "notes");
        assert_eq!(parse("...", "").expect("parse").title, "Untitled");
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let article = parse("First line of a\nparagraph.\n\nSecond one.", "x.txt").expect("parse");
        assert_eq!(article.body, "First line of a paragraph.\n\nSecond one.");
    }
}
