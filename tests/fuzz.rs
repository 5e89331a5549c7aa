//! Property tests over everything that reads untrusted input: importers, the JSON export round
//! trip, the query parser and its SQL, the entity recogniser, the config parser and the
//! sanitiser. `cargo test` runs a short pass; `scripts/fuzz.sh` runs a long one. A failure found
//! here becomes a named regression test next to the code it caught.

use newsdesk::article::Article;
use newsdesk::config::{Config, DEFAULT_CONFIG};
use newsdesk::entities;
use newsdesk::import::{self, Format};
use newsdesk::query;
use newsdesk::store::{Store, Window};
use newsdesk::text;
use proptest::prelude::*;

/// Text that leans on the characters parsers trip over.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<String>(),
        "[ \\n\\t\\-#:\\\"'(){}\\[\\],.*%$€]{0,20}",
        "(Mr\\.|U\\.S\\.|Bogotá|tag:x|is:unread|sort:title|OR|-|\"|---|# |\\{\\}|\\[\\]){0,8}",
        "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){0,3}",
        "[0-9]{1,4}(%| per cent| million dollars|-[0-9]{2}-[0-9]{2})?",
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig {
        // A short pass under `cargo test`; `scripts/fuzz.sh` raises it with PROPTEST_CASES.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn importers_never_panic(content in tricky_text()) {
        for format in [Format::Text, Format::Markdown, Format::Json, Format::JsonLines] {
            if let Ok(articles) = import::parse(&content, format, "fuzz") {
                for article in articles {
                    prop_assert!(!article.title.trim().is_empty());
                }
            }
        }
    }

    #[test]
    fn queries_parse_or_point_inside_the_input_and_always_compile(input in tricky_text()) {
        let store = Store::open_in_memory().expect("store");
        match query::parse(&input) {
            Ok(parsed) => {
                store.query(&parsed, Window { offset: 0, limit: 10 }).expect("compiles to valid SQL");
                store.query_count(&parsed).expect("counts");
            }
            Err(error) => {
                prop_assert!(error.span.start <= error.span.end);
                prop_assert!(input.get(error.span.clone()).is_some(), "{error:?}");
                let _ = error.pointing_into(&input);
            }
        }
    }

    #[test]
    fn entities_are_ordered_disjoint_and_on_char_boundaries(input in tricky_text()) {
        let found = entities::recognise(&input);
        let mut last_end = 0;
        for entity in &found {
            prop_assert!(entity.start >= last_end && entity.start < entity.end);
            prop_assert_eq!(input.get(entity.start..entity.end), Some(entity.text.as_str()));
            last_end = entity.end;
        }
    }

    #[test]
    fn feeds_and_html_never_panic(
        body in tricky_text(),
        tags in prop::collection::vec("(<p>|</p>|<div>|<a href='https://x.example/'>|</a>|<li>|<br>|<rss>|<channel>|<item>|<title>|</title>|</item>|<!\\[CDATA\\[|\\]\\]>|&amp;|&#x1F600;|<script>)", 0..12),
    ) {
        let mixed = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>{body}</title><description>{}</description></item></channel></rss>", tags.join(&body));
        let _ = import::parse(&mixed, Format::Feed, "fuzz.xml");
        let _ = import::feed::parse(mixed.as_bytes(), "fuzz.xml");
        let _ = newsdesk::html::to_text(&tags.join(&body));
        let _ = newsdesk::extract::extract(&format!("<html><body><article>{}</article></body></html>", tags.join(&body)));
        let bytes: Vec<u8> = body.bytes().rev().collect();
        let _ = import::feed::parse(&bytes, "fuzz.xml");
    }

    #[test]
    fn any_config_text_is_accepted_or_refused_cleanly(user in tricky_text()) {
        let _ = Config::from_layers(DEFAULT_CONFIG, Some(&user), "fuzz.toml");
    }

    #[test]
    fn sanitised_text_has_no_controls_but_newlines(input in any::<String>()) {
        let clean = text::sanitize(&input);
        prop_assert!(clean.chars().all(|c| c == '\n' || !c.is_control()));
        let line = text::single_line(&input);
        prop_assert!(!line.contains('\n'));
        prop_assert!(text::width(&text::truncate(&line, 17)) <= 17);
    }

    #[test]
    fn json_export_round_trips_any_story(
        title in "[^\\s][^\\u{0}]{0,40}",
        body in any::<String>(),
        tags in prop::collection::vec("[^,\\s][^\\u{0}]{0,10}", 0..4),
        read in any::<bool>(),
        bookmarked in any::<bool>(),
    ) {
        let mut article = Article::new(title, body);
        article.tags = tags;
        article.read = read;
        article.bookmarked = bookmarked;
        let json = serde_json::to_string(&vec![&article]).expect("serialise");
        let back = import::parse(&json, Format::Json, "fuzz");
        if article.title.trim().is_empty() && article.body.trim().is_empty() {
            prop_assert!(back.is_err());
        } else if let Ok(back) = back {
            prop_assert_eq!(&back[0].body, &article.body);
            prop_assert_eq!(back[0].read, read);
            prop_assert_eq!(back[0].bookmarked, bookmarked);
            prop_assert_eq!(&back[0].tags, &article.tags);
        } else {
            // Only an all-blank document may be refused.
            prop_assert!(json.trim().is_empty() || article.body.trim().is_empty());
        }
    }

    #[test]
    fn front_matter_with_anchors_and_aliases_never_expands(
        pieces in prop::collection::vec("(&a[0-9] |\\*a[0-9]|\\[|\\]|, |\n- |: |lol|\\{|\\}|\n|\nk[0-9]: )", 0..40),
        levels in 1_usize..9,
        width in 1_usize..9,
    ) {
        let loose = format!("---\ntitle: T\n{}\n---\nBody.\n", pieces.concat());
        if let Ok(articles) = import::parse(&loose, Format::Markdown, "fuzz.md") {
            prop_assert_eq!(articles.len(), 1);
        }
        // Lists of aliases of the list before: refused at the first alias, whatever the size.
        let mut chain = String::from("a0: &a0 [lol]\n");
        for level in 1..=levels {
            let aliases = vec![format!("*a{}", level - 1); width].join(", ");
            chain.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        let bomb = format!("---\ntitle: T\n{chain}---\nBody.\n");
        let error = import::parse(&bomb, Format::Markdown, "bomb.md").expect_err("aliases refused");
        prop_assert!(error.to_string().contains("aliases"), "{}", error);
    }

    #[test]
    fn utf8_with_a_stray_byte_loses_only_that_byte(
        text in "[a-zA-Z .,]{0,20}[éñ…東京€🎉][a-zA-Z0-9 éñ…東京€🎉]{0,40}",
        stray in 0x80_u8..=0xff,
        at in any::<prop::sample::Index>(),
    ) {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let cut = boundaries[at.index(boundaries.len())];
        let mut bytes = text.as_bytes()[..cut].to_vec();
        bytes.push(stray);
        bytes.extend_from_slice(&text.as_bytes()[cut..]);
        let decoded = import::encoding::guessed(&bytes);
        prop_assert_eq!(decoded.replace('\u{fffd}', ""), text.clone());
        // Feeds and text files go through the same decoding; neither panics.
        let _ = import::feed::parse(&bytes, "fuzz.xml");
        let mut declared = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><item><title>".to_vec();
        declared.extend_from_slice(&bytes);
        declared.extend_from_slice(b"</title></item></channel></rss>");
        let words = |t: &str| t.replace('\u{fffd}', "").split_whitespace().collect::<Vec<_>>().join(" ");
        let stories = import::feed::parse(&declared, "fuzz.xml").expect("a feed declared UTF-8");
        prop_assert_eq!(words(&stories[0].title), words(&text));
    }

    #[test]
    fn every_feed_keeps_its_own_items_whatever_ids_other_feeds_use(
        feeds in prop::collection::vec(prop::collection::vec("[0-9a-c]{1,2}", 1..6), 1..5),
    ) {
        let mut store = Store::open_in_memory().expect("store");
        let mut expected = std::collections::BTreeSet::new();
        let mut parsed = Vec::new();
        for (number, guids) in feeds.iter().enumerate() {
            let items: String = guids
                .iter()
                .map(|guid| format!(
                    "<item><guid>{guid}</guid><title>Item {guid} of feed {number}</title>\
                     <description>Text {guid}.</description></item>"
                ))
                .collect();
            let xml = format!(
                "<rss version=\"2.0\"><channel><title>Feed {number}</title>\
                 <link>https://feed{number}.example/</link>{items}</channel></rss>"
            );
            let articles = import::feed::parse(xml.as_bytes(), "fuzz").expect("a valid feed");
            expected.extend(guids.iter().map(|guid| (number, guid.clone())));
            parsed.push(articles);
        }
        for articles in &parsed {
            store.insert_many(articles).expect("insert");
        }
        prop_assert_eq!(store.counts().expect("counts").total, expected.len());
        for articles in &parsed {
            let again = store.insert_many(articles).expect("insert again");
            prop_assert!(again.iter().all(|i| matches!(i, newsdesk::store::Inserted::Duplicate(_))));
        }
    }
}
