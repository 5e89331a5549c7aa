//! Queries may start with `-` (`newsdesk list -tag:draft`): before clap sees the arguments of
//! `list`, `search` and `export`, every word that is not one of their options is moved after a
//! `--`, so it reaches the query instead of failing as an unknown option.

use std::ffi::OsString;

/// Subcommands that take a query, with their options; `true` when the option takes a value.
const QUERY_COMMANDS: &[(&str, &[(&str, bool)])] = &[
    ("list", &[("--json", false), ("--limit", true)]),
    ("search", &[("--json", false), ("--limit", true)]),
    (
        "export",
        &[("--format", true), ("--output", true), ("-o", true)],
    ),
];

/// Options every subcommand accepts.
const GLOBAL: &[(&str, bool)] = &[
    ("--library", true),
    ("--config", true),
    ("--demo", false),
    ("--help", false),
    ("-h", false),
    ("--version", false),
    ("-V", false),
];

/// The arguments with a query's words moved after `--` when one of them starts with `-`.
pub(super) fn queries_after_separator(args: Vec<OsString>) -> Vec<OsString> {
    let Some((at, options)) = query_command(&args) else {
        return args;
    };
    let mut flags = Vec::new();
    let mut words = Vec::new();
    let mut rest = args[at + 1..].iter();
    while let Some(arg) = rest.next() {
        let Some(text) = arg.to_str() else {
            words.push(arg.clone());
            continue;
        };
        if text == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        match option(text, options) {
            Some(takes_value) => {
                flags.push(arg.clone());
                if takes_value && !text.contains('=') {
                    flags.extend(rest.next().cloned());
                }
            }
            None => words.push(arg.clone()),
        }
    }
    if !words
        .iter()
        .any(|w| w.to_str().is_some_and(|w| w.starts_with('-')))
    {
        return args;
    }
    let mut out: Vec<OsString> = args[..=at].to_vec();
    out.extend(flags);
    out.push("--".into());
    out.extend(words);
    out
}

/// Where the query-taking subcommand is, after the global options, and its options.
fn query_command(args: &[OsString]) -> Option<(usize, &'static [(&'static str, bool)])> {
    let mut index = 1;
    while let Some(arg) = args.get(index) {
        let text = arg.to_str()?;
        if let Some(&(_, options)) = QUERY_COMMANDS.iter().find(|(name, _)| *name == text) {
            return Some((index, options));
        }
        match option(text, &[]) {
            Some(true) if !text.contains('=') => index += 2,
            Some(_) => index += 1,
            None => return None,
        }
    }
    None
}

/// Whether a word is an option of the subcommand or a global one, and whether it takes a value.
fn option(word: &str, options: &[(&str, bool)]) -> Option<bool> {
    let name = word.split('=').next().unwrap_or(word);
    options
        .iter()
        .chain(GLOBAL)
        .find(|(option, _)| *option == name)
        .map(|&(_, takes_value)| takes_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(args: &[&str]) -> Vec<String> {
        queries_after_separator(args.iter().map(OsString::from).collect())
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn query_words_starting_with_a_hyphen_go_after_the_separator() {
        assert_eq!(
            rewrite(&[
                "nd",
                "--library",
                "x.db",
                "search",
                "-tag:x",
                "--limit",
                "1",
                "coffee"
            ]),
            [
                "nd",
                "--library",
                "x.db",
                "search",
                "--limit",
                "1",
                "--",
                "-tag:x",
                "coffee"
            ]
        );
        assert_eq!(
            rewrite(&["nd", "list", "-draft", "--json"]),
            ["nd", "list", "--json", "--", "-draft"]
        );
        assert_eq!(
            rewrite(&["nd", "export", "-tag:a", "-o", "-", "--format=markdown"]),
            [
                "nd",
                "export",
                "-o",
                "-",
                "--format=markdown",
                "--",
                "-tag:a"
            ]
        );
    }

    #[test]
    fn other_command_lines_are_left_alone() {
        for args in [
            &["nd", "list", "tag:x", "--json"][..],
            &["nd", "tag", "3", "-draft"],
            &["nd", "search", "--", "-x"],
            &["nd", "feed", "list", "-x"],
            &["nd", "--library", "search"],
            &["nd"],
        ] {
            assert_eq!(rewrite(args), args, "{args:?}");
        }
    }
}
