//! One entity across its names and dates resolved, as a user meets them: `entities --top`,
//! `entity:` searches and the reader's entity panel over stories added one file at a time.

mod common;

use std::path::{Path, PathBuf};

use common::{Reader, run_on};
use newsdesk::article::Article;
use newsdesk::store::Store;
use newsdesk::tui::model::{Focus, Overlay};

/// A story as one JSON line; `published` an RFC 3339 time or nothing.
fn story(title: &str, body: &str, published: Option<&str>) -> String {
    let mut value = serde_json::json!({"title": title, "body": body, "source": "Wire"});
    if let Some(at) = published {
        value["published"] = serde_json::json!(at);
    }
    value.to_string()
}

/// Adds the stories to the library at `library` as one JSON Lines file.
fn add(library: &Path, name: &str, stories: &[String]) {
    let file = library.with_file_name(name);
    std::fs::write(&file, stories.join("\n")).expect("write stories");
    let output = run_on(library, &["add", file.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stderr(&output));
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The titles `newsdesk search QUERY` lists, sorted.
fn titles(library: &Path, query: &str) -> Vec<String> {
    let output = run_on(library, &["search", query, "--json"]);
    assert!(output.status.success(), "{query}: {}", stderr(&output));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    let mut titles: Vec<String> = found
        .iter()
        .filter_map(|s| s["title"].as_str().map(str::to_owned))
        .collect();
    titles.sort();
    titles
}

/// `entities --top 50 --label LABEL` as (name, stories, mentions).
fn top(library: &Path, label: &str) -> Vec<(String, u64, u64)> {
    let output = run_on(
        library,
        &["entities", "--top", "50", "--label", label, "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    rows.iter()
        .map(|row| {
            (
                row["name"].as_str().unwrap_or_default().to_owned(),
                row["stories"].as_u64().unwrap_or(0),
                row["mentions"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn library() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("library.db");
    (dir, path)
}

#[test]
fn one_trump_in_the_library_is_one_person_under_every_name() {
    let (_dir, library) = library();
    // The bare surname arrives first, the full name later: it joins when it arrives.
    add(
        &library,
        "first.jsonl",
        &[story(
            "Prices",
            "Speaking in Ohio on Wednesday, Trump said that prices would fall.",
            Some("2025-12-01T09:00:00Z"),
        )],
    );
    add(
        &library,
        "second.jsonl",
        &[
            story(
                "Talks",
                "Donald Trump met reporters in Washington on Thursday.",
                Some("2025-11-20T10:00:00Z"),
            ),
            story(
                "The bill",
                "President Trump signed the bill at the White House, officials said.",
                Some("2025-11-21T09:00:00Z"),
            ),
        ],
    );
    let people = top(&library, "PERSON");
    assert_eq!(
        people
            .iter()
            .find(|(name, _, _)| name == "Donald Trump")
            .map(|row| row.1),
        Some(3),
        "{people:?}"
    );
    assert!(
        !people
            .iter()
            .any(|(name, _, _)| name == "Trump" || name.starts_with("President")),
        "{people:?}"
    );
    let every = ["Prices", "Talks", "The bill"];
    for query in [
        "entity:Trump",
        "entity:\"Donald Trump\"",
        "entity:\"President Trump\"",
    ] {
        assert_eq!(titles(&library, query), every, "{query}");
    }
}

#[test]
fn a_surname_two_people_share_stays_apart() {
    let (_dir, library) = library();
    add(
        &library,
        "first.jsonl",
        &[
            story(
                "Paris visit",
                "Boris Johnson visited Paris, where he met officials.",
                None,
            ),
            story(
                "The plan",
                "Johnson said the plan would work, and Johnson repeated it later.",
                None,
            ),
        ],
    );
    // With one Johnson in the library, the bare surname is him.
    assert_eq!(
        titles(&library, "entity:\"Boris Johnson\""),
        ["Paris visit", "The plan"]
    );
    add(
        &library,
        "second.jsonl",
        &[story(
            "A film",
            "Dwayne Johnson starred in a new film released in Los Angeles.",
            None,
        )],
    );
    // A second Johnson: the bare surname is nobody's any more.
    assert_eq!(
        titles(&library, "entity:\"Boris Johnson\""),
        ["Paris visit"]
    );
    assert_eq!(titles(&library, "entity:\"Dwayne Johnson\""), ["A film"]);
    let people = top(&library, "PERSON");
    for name in ["Johnson", "Boris Johnson", "Dwayne Johnson"] {
        assert_eq!(
            people.iter().filter(|row| row.0 == name).count(),
            1,
            "{name}: {people:?}"
        );
    }
    // Typing the surname alone still finds every Johnson.
    assert_eq!(
        titles(&library, "entity:Johnson"),
        ["A film", "Paris visit", "The plan"]
    );
}

#[test]
fn an_acronym_defined_in_one_story_joins_its_expansion_in_others() {
    let (_dir, library) = library();
    add(
        &library,
        "health.jsonl",
        &[
            story(
                "Measles",
                "The World Health Organization (WHO) warned that measles cases were rising in \
                 Europe.",
                None,
            ),
            story(
                "Cases rise",
                "The WHO said cases rose again, according to figures published in Geneva.",
                None,
            ),
        ],
    );
    let organisations = top(&library, "ORG");
    assert!(
        organisations.contains(&("World Health Organization".to_owned(), 2, 3)),
        "{organisations:?}"
    );
    assert!(!organisations.iter().any(|row| row.0 == "WHO"));
    assert_eq!(titles(&library, "entity:WHO"), ["Cases rise", "Measles"]);
    assert_eq!(titles(&library, "entity:W.H.O."), ["Cases rise", "Measles"]);
    assert_eq!(
        titles(&library, "entity:\"World Health Organization\""),
        ["Cases rise", "Measles"]
    );
    // A second, different definition: a bare "WHO" no longer knows which it means.
    add(
        &library,
        "wildlife.jsonl",
        &[story(
            "Birds",
            "The Wildlife Habitat Office (WHO) counted the birds in Norfolk.",
            None,
        )],
    );
    assert_eq!(
        titles(&library, "entity:\"World Health Organization\""),
        ["Measles"]
    );
    assert_eq!(
        titles(&library, "entity:\"Wildlife Habitat Office\""),
        ["Birds"]
    );
}

#[test]
fn relative_dates_are_the_days_they_mean_when_the_story_is_dated() {
    let (_dir, library) = library();
    add(
        &library,
        "dates.jsonl",
        &[
            // Monday 1 December 2025: "on Wednesday" in the past is 26 November.
            story(
                "Prices",
                "Speaking in Ohio on Wednesday, Trump said that prices would fall.",
                Some("2025-12-01T09:00:00Z"),
            ),
            story(
                "Summit",
                "The summit ended on November 26, 2025, in Brussels.",
                Some("2025-11-27T09:00:00Z"),
            ),
            story(
                "Council",
                "The council met today and said the bridge was closed.",
                None,
            ),
            story(
                "Market",
                "The market opened today in Lisbon.",
                Some("2025-11-26T08:00:00Z"),
            ),
        ],
    );
    assert_eq!(
        titles(&library, "entity:2025-11-26"),
        ["Market", "Prices", "Summit"]
    );
    assert_eq!(
        titles(&library, "entity:\"November 26, 2025\""),
        ["Market", "Prices", "Summit"]
    );
    let dates = top(&library, "DATE");
    assert_eq!(
        dates.first().map(|row| (row.0.as_str(), row.1)),
        Some(("2025-11-26", 3))
    );
    // Without a publication date "today" is no day at all: not listed.
    assert!(
        !dates.iter().any(|row| row.0.eq_ignore_ascii_case("today")),
        "{dates:?}"
    );
}

#[test]
fn spans_leave_out_trailing_punctuation_and_possessives() {
    let (dir, library) = library();
    let text = dir.path().join("story.txt");
    std::fs::write(
        &text,
        "Donald Trump's aides met in Washington. Trump’s plan, said Angela Merkel, was agreed \
         on Nov. 19, 2025, in Berlin; Merkel's office agreed.",
    )
    .expect("write");
    let output = run_on(
        &library,
        &["entities", text.to_str().expect("path"), "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json");
    let texts: Vec<&str> = found.iter().filter_map(|e| e["text"].as_str()).collect();
    for name in ["Donald Trump", "Trump", "Nov. 19, 2025", "Merkel", "Berlin"] {
        assert!(texts.contains(&name), "{name} in {texts:?}");
    }
    for text in &texts {
        assert!(
            !text.ends_with(['.', ',', ';', ':', '\'', '’']),
            "{text:?} ends in punctuation"
        );
        assert!(!text.ends_with("'s") && !text.ends_with("’s"), "{text:?}");
    }
}

/// An in-memory library with these stories saved the way `add` saves them (entities found).
fn analysed(stories: &[Article]) -> Store {
    let mut store = Store::open_in_memory().expect("store");
    for story in stories {
        newsdesk::library::add(&mut store, story).expect("add");
    }
    store
}

fn article(title: &str, body: &str, published: Option<&str>) -> Article {
    let mut article = Article::new(title, body);
    article.published = published.and_then(|at| {
        chrono::DateTime::parse_from_rfc3339(at)
            .ok()
            .map(|t| t.to_utc())
    });
    article
}

#[test]
fn the_panel_shows_a_weekday_with_its_day_and_leads_to_that_day() {
    let store = analysed(&[
        article(
            "Summit",
            "The summit ended on November 26, 2025, in Brussels.",
            Some("2025-11-27T09:00:00Z"),
        ),
        article(
            "Prices",
            "Speaking in Ohio on Wednesday, Trump said that prices would fall.",
            Some("2025-12-01T09:00:00Z"),
        ),
    ]);
    let mut reader = Reader::on(store, 120, 30, false);
    // Newest first: "Prices" is the first story.
    reader.press("enter e");
    let screen = reader.screen();
    assert!(screen.contains("Wednesday (2025-11-26)"), "{screen}");
    let Some(Overlay::Entities { entities, .. }) = reader.model.overlay.clone() else {
        panic!("the entity panel is open");
    };
    let day = entities
        .iter()
        .position(|e| e.name == "2025-11-26")
        .expect("the resolved date in the panel");
    for _ in 0..day {
        reader.press("j");
    }
    reader.press("enter");
    assert_eq!(reader.model.focus, Focus::List);
    let mut found: Vec<&str> = reader
        .model
        .stories
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    found.sort_unstable();
    assert_eq!(found, ["Prices", "Summit"]);
}

#[test]
fn a_relative_date_without_a_publication_date_is_marked_but_leads_nowhere() {
    let store = analysed(&[article(
        "Council",
        "The council met today in Lisbon and said the bridge was closed.",
        None,
    )]);
    let mut reader = Reader::on(store, 120, 30, false);
    reader.press("enter");
    let story = reader.model.story.as_ref().expect("open");
    let today = story
        .mentions
        .iter()
        .find(|m| story.article.body.get(m.start..m.end) == Some("today"))
        .expect("today is still marked in the text");
    assert_eq!(today.label, newsdesk::entities::Label::Date);
    reader.press("e");
    let Some(Overlay::Entities { entities, .. }) = reader.model.overlay.clone() else {
        panic!("the entity panel is open");
    };
    let row = entities
        .iter()
        .position(|e| e.name == "today")
        .expect("today in the panel");
    assert!(!entities[row].linkable);
    assert!(entities.iter().any(|e| e.name == "Lisbon" && e.linkable));
    for _ in 0..row {
        reader.press("j");
    }
    let view = reader.model.view.name.clone();
    reader.press("enter");
    assert!(
        matches!(reader.model.overlay, Some(Overlay::Entities { .. })),
        "the panel stays open"
    );
    assert_eq!(reader.model.view.name, view);
    assert!(
        reader.screen().contains("no publication date"),
        "{}",
        reader.screen()
    );
}

#[test]
fn the_panel_of_a_story_saying_only_the_surname_names_the_full_name_and_finds_both() {
    let store = analysed(&[
        article(
            "Talks",
            "Donald Trump met reporters in Washington on Thursday.",
            Some("2025-11-20T10:00:00Z"),
        ),
        article(
            "Prices",
            "Speaking in Ohio on Wednesday, Trump said that prices would fall.",
            Some("2025-12-01T09:00:00Z"),
        ),
    ]);
    let mut reader = Reader::on(store, 120, 30, false);
    // Newest first: "Prices", which only says "Trump".
    reader.press("enter e");
    let Some(Overlay::Entities { entities, .. }) = reader.model.overlay.clone() else {
        panic!("the entity panel is open");
    };
    let person = entities
        .iter()
        .position(|e| e.name == "Donald Trump")
        .expect("the bare surname shown as the library's full name");
    assert!(!entities.iter().any(|e| e.name == "Trump"), "{entities:?}");
    assert!(reader.screen().contains("Donald Trump"));
    for _ in 0..person {
        reader.press("j");
    }
    reader.press("enter");
    let mut found: Vec<&str> = reader
        .model
        .stories
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    found.sort_unstable();
    assert_eq!(found, ["Prices", "Talks"]);
}

#[test]
fn json_lines_with_a_publication_date_give_relative_dates_their_day() {
    let (_dir, library) = library();
    let text = "Speaking in Ohio on Wednesday, Trump said prices would fall.";
    let input = [
        serde_json::json!({"id": 1, "text": text, "published": "2025-12-01T09:00:00Z"}),
        serde_json::json!({"id": 2, "text": text, "published": "2025-11-27"}),
        serde_json::json!({"id": 3, "text": text}),
    ]
    .map(|line| line.to_string())
    .join("\n");
    let output = common::run_with_stdin(&library, &["entities", "--jsonl"], input.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("json line"))
        .collect();
    let wednesday = |line: &serde_json::Value| {
        line["entities"]
            .as_array()
            .and_then(|all| all.iter().find(|e| e["text"] == "Wednesday"))
            .map(|e| (e["label"].clone(), e["canonical"].clone()))
    };
    assert_eq!(
        lines.iter().map(wednesday).collect::<Vec<_>>(),
        [
            Some(("DATE".into(), "2025-11-26".into())),
            Some(("DATE".into(), "2025-11-26".into())),
            Some(("DATE".into(), "Wednesday".into())),
        ]
    );
    let bad = common::run_with_stdin(
        &library,
        &["entities", "--jsonl"],
        br#"{"id":1,"text":"On Monday.","published":"last spring"}"#,
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("stdin:1"), "{}", stderr(&bad));
}
