//! Every form of the query language, and the mistakes people make typing it.

use super::*;

fn text(t: &str) -> Expr {
    Expr::Term(Term::Text {
        text: t.into(),
        phrase: false,
    })
}

fn filter(input: &str) -> Expr {
    parse(input).expect("parses").filter.expect("has a filter")
}

fn fails_at(input: &str) -> (String, String) {
    let error = parse(input).expect_err("must fail");
    (error.message.clone(), input[error.span].to_owned())
}

#[test]
fn an_empty_query_matches_everything() {
    assert_eq!(parse("   ").expect("parse"), Query::default());
}

#[test]
fn free_words_are_anded() {
    assert_eq!(
        filter("coffee harvest"),
        Expr::And(vec![text("coffee"), text("harvest")])
    );
}

#[test]
fn quotes_make_a_phrase() {
    assert_eq!(
        filter("\"night train\""),
        Expr::Term(Term::Text {
            text: "night train".into(),
            phrase: true
        })
    );
}

#[test]
fn every_filter_key_is_understood() {
    assert_eq!(filter("tag:latam"), Expr::Term(Term::Tag("latam".into())));
    assert_eq!(
        filter("TAG:\"two words\""),
        Expr::Term(Term::Tag("two words".into()))
    );
    assert_eq!(
        filter("is:bookmarked"),
        Expr::Term(Term::Is(Flag::Bookmarked))
    );
    assert_eq!(filter("is:unread"), Expr::Term(Term::Is(Flag::Unread)));
    assert_eq!(filter("is:read"), Expr::Term(Term::Is(Flag::Read)));
    assert_eq!(
        filter("is:highlighted"),
        Expr::Term(Term::Is(Flag::Highlighted))
    );
    assert_eq!(
        filter("has:highlight"),
        Expr::Term(Term::Is(Flag::Highlighted))
    );
    assert_eq!(filter("has:note"), Expr::Term(Term::HasNote));
    assert_eq!(fails_at("has:pictures").1, "has:pictures");
    assert_eq!(
        filter("entity:\"Gustavo Petro\""),
        Expr::Term(Term::Entity("Gustavo Petro".into()))
    );
    assert_eq!(
        filter("source:ledger"),
        Expr::Term(Term::Source("ledger".into()))
    );
    let day = NaiveDate::from_ymd_opt(2025, 10, 1).expect("date");
    assert_eq!(filter("before:2025-10-01"), Expr::Term(Term::Before(day)));
    assert_eq!(filter("after:2025-10-01"), Expr::Term(Term::After(day)));
}

#[test]
fn any_term_can_be_negated() {
    assert_eq!(
        filter("-tag:draft -word"),
        Expr::And(vec![
            Expr::Not(Box::new(Expr::Term(Term::Tag("draft".into())))),
            Expr::Not(Box::new(text("word"))),
        ])
    );
}

#[test]
fn or_binds_tighter_than_and() {
    assert_eq!(
        filter("a b OR c d"),
        Expr::And(vec![
            text("a"),
            Expr::Or(vec![text("b"), text("c")]),
            text("d")
        ])
    );
    assert_eq!(
        filter("a OR b OR c"),
        Expr::Or(vec![text("a"), text("b"), text("c")])
    );
}

#[test]
fn sort_is_taken_out_of_the_filter() {
    let query = parse("coffee sort:oldest").expect("parse");
    assert_eq!(query.sort, Some(Sort::Oldest));
    assert_eq!(query.filter, Some(text("coffee")));
    assert!(!query.ranks_by_relevance());
    assert!(parse("coffee").expect("parse").ranks_by_relevance());
    assert!(!parse("tag:x").expect("parse").ranks_by_relevance());
    assert!(!parse("-coffee").expect("parse").ranks_by_relevance());
}

#[test]
fn highlight_terms_are_the_positive_words() {
    let query = parse("coffee -rain \"night train\" tag:x").expect("parse");
    assert_eq!(
        query.highlight_terms(),
        vec!["coffee".to_string(), "night train".to_string()]
    );
}

#[test]
fn mistakes_point_at_the_bad_term() {
    assert_eq!(
        fails_at("coffee colour:red"),
        (
            "unknown filter colour: (known: tag:, is:, has:, entity:, source:, feed:, before:, after:, sort:)"
                .into(),
            "colour:red".into()
        )
    );
    assert_eq!(fails_at("is:maybe").1, "is:maybe");
    assert_eq!(fails_at("a before:yesterday").1, "before:yesterday");
    assert_eq!(fails_at("tag:").0, "tag: needs a value");
    assert_eq!(fails_at("a \"open quote").1, "\"open quote");
    assert_eq!(fails_at("OR a").1, "OR");
    assert_eq!(fails_at("a OR").1, "OR");
    assert_eq!(fails_at("a OR OR b").1, "OR");
    assert_eq!(fails_at("a - b").1, "-");
    assert_eq!(fails_at("-sort:newest").1, "-sort:newest");
    assert_eq!(fails_at("sort:sideways").1, "sort:sideways");
}

#[test]
fn errors_point_with_a_caret() {
    let input = "coffee is:maybe";
    let error = parse(input).expect_err("fail");
    let shown = error.pointing_into(input);
    assert!(
        shown.ends_with("\n  coffee is:maybe\n         ^^^^^^^^"),
        "{shown}"
    );
}

#[test]
fn the_caret_line_shows_controls_as_symbols_and_still_points_at_the_term() {
    let input = "\u{1b}]0;pwned\u{7} \u{9b}2J is:maybe";
    let error = parse(input).expect_err("fail");
    let shown = error.pointing_into(input);
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "{shown:?}"
    );
    let lines: Vec<&str> = shown.lines().collect();
    let caret = lines[2].find('^').expect("caret");
    let term = lines[1].find("is:maybe").expect("term");
    assert_eq!(
        crate::text::width(&lines[2][..caret]),
        crate::text::width(&lines[1][..term])
    );
}

#[test]
fn lower_case_or_is_a_word() {
    assert_eq!(
        filter("this or that"),
        Expr::And(vec![text("this"), text("or"), text("that")])
    );
}

#[test]
fn unicode_and_odd_input_never_panics() {
    for input in [
        "東京 -\"",
        "\"\"",
        "::::",
        "-:",
        "a:\"b",
        "é:ü",
        "-\u{0}",
        "tag:\"\"",
    ] {
        let _ = parse(input);
    }
    assert_eq!(filter("Bogotá"), text("Bogotá"));
    assert_eq!(filter("10:30"), text("10:30"));
}

#[test]
fn a_backslash_puts_a_quote_inside_a_value() {
    assert_eq!(
        filter(r#"tag:"say \"hi\"""#),
        Expr::Term(Term::Tag(r#"say "hi""#.into()))
    );
    assert_eq!(
        filter(r#"tag:a\"b"#),
        Expr::Term(Term::Tag(r#"a"b"#.into()))
    );
    assert_eq!(filter(r"C\d"), text(r"C\d"));
    for name in [r#"say "hi""#, r"back\slash\", r#"\""#, "plain"] {
        let query = format!("tag:{}", quote(name));
        assert_eq!(
            filter(&query),
            Expr::Term(Term::Tag(name.into())),
            "{query}"
        );
    }
}

#[test]
fn a_thousand_terms_are_a_query_error_not_a_database_one() {
    let input = vec!["tag:x"; 1_000].join(" OR ");
    let (message, at) = fails_at(&input);
    assert!(message.starts_with("too many terms (1999)"), "{message}");
    assert!(at.starts_with("tag:x OR"));
}
