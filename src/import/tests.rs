//! Importer behaviour on good, bad, empty, huge and hostile input.

use super::*;

#[test]
fn formats_are_chosen_by_extension_and_sniffed_otherwise() {
    assert_eq!(Format::from_path(Path::new("a.TXT")), Some(Format::Text));
    assert_eq!(Format::from_path(Path::new("a.md")), Some(Format::Markdown));
    assert_eq!(
        Format::from_path(Path::new("a.jsonl")),
        Some(Format::JsonLines)
    );
    assert_eq!(Format::from_path(Path::new("a.pdf")), None);
    assert_eq!(
        Format::from_path(Path::new("export.html")),
        Some(Format::Export)
    );
    assert_eq!(Format::from_path(Path::new("feed.rss")), Some(Format::Feed));
    assert_eq!(Format::sniff("  [ {} ]"), Format::Json);
    assert_eq!(
        Format::sniff("{\"title\":\"a\"}\n{\"title\":\"b\"}\n"),
        Format::JsonLines
    );
    assert_eq!(Format::sniff("---\ntitle: x\n---\n"), Format::Markdown);
    assert_eq!(Format::sniff("Just words."), Format::Text);
}

#[test]
fn empty_and_blank_input_is_refused() {
    for content in ["", "   \n\n\t"] {
        let error = parse(content, Format::Text, "e.txt").expect_err("must fail");
        assert!(matches!(error.problem, Problem::Empty), "{error}");
    }
}

#[test]
fn binary_files_are_refused_and_legacy_encodings_converted() {
    let error = read_text(&b"abc\0def"[..], "bin.txt").expect_err("binary");
    assert!(matches!(error.problem, Problem::Binary));
    let error =
        read_text(&b"\x01\x02\x03\x04 random \x05\x06\x07\x08"[..], "bin.txt").expect_err("binary");
    assert!(matches!(error.problem, Problem::Binary));
    let latin = read_text(
        &b"Caf\xe9 society in S\xe3o Paulo, na\xefve r\xe9sum\xe9s.\n"[..],
        "latin.txt",
    )
    .expect("converted");
    assert!(latin.starts_with("Café society in São Paulo"), "{latin}");
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("Bogotá".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(read_text(&utf16[..], "u16.txt").expect("utf-16"), "Bogotá");
}

#[test]
fn oversized_input_is_refused_without_reading_it_all() {
    let huge = std::io::Read::take(std::io::repeat(b'a'), MAX_FILE_BYTES + 10);
    let error = read_text(huge, "huge.txt").expect_err("too large");
    assert!(matches!(error.problem, Problem::TooLarge { .. }));
}

#[test]
fn a_malformed_json_line_names_its_line() {
    let content = "{\"title\":\"ok\",\"body\":\"a\"}\n{\"title\": oops}\n";
    let error = parse(content, Format::JsonLines, "x.jsonl").expect_err("must fail");
    assert_eq!(error.line, Some(2));
    assert!(
        error.to_string().starts_with("x.jsonl:2: invalid JSON"),
        "{error}"
    );
}

#[test]
fn windows_line_ends_read_like_unix_ones() {
    for format in [Format::Markdown, Format::JsonLines] {
        let unix = match format {
            Format::Markdown => "# Harbour\n\nThe wall is rebuilt.\n\nBefore winter.\n",
            _ => "{\"title\":\"One\",\"body\":\"a\"}\n{\"title\":\"Two\",\"body\":\"b\"}\n",
        };
        let windows = unix.replace('\n', "\r\n");
        let from_unix = parse(unix, format, "x").expect("unix");
        let from_windows = parse(&windows, format, "x").expect("windows");
        assert_eq!(
            from_windows
                .iter()
                .map(|a| (&a.title, &a.body))
                .collect::<Vec<_>>(),
            from_unix
                .iter()
                .map(|a| (&a.title, &a.body))
                .collect::<Vec<_>>(),
            "{format:?}"
        );
        assert!(from_windows.iter().all(|a| !a.body.contains('\r')));
    }
}

#[test]
fn a_json_story_without_title_or_body_is_refused() {
    let error = parse("[{\"title\":\"\"}]", Format::Json, "x.json").expect_err("must fail");
    assert!(matches!(error.problem, Problem::NoContent));
}

#[test]
fn json_accepts_a_single_object_and_derives_missing_titles() {
    let articles = parse(
        "{\"title\":\"\",\"body\":\"Rain fell. Then sun.\"}",
        Format::Json,
        "x",
    )
    .expect("parse");
    assert_eq!(articles[0].title, "Rain fell");
}

#[test]
fn hostile_json_with_lone_surrogates_is_an_error_not_a_panic() {
    let error = parse("[{\"title\":\"\\ud800\"}]", Format::Json, "x.json").expect_err("fail");
    assert!(matches!(error.problem, Problem::Json(_)));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(&nested, Format::Json, "deep.json").is_err());
}

#[test]
fn a_folder_is_searched_recursively_for_supported_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::fs::write(dir.path().join("sub/b.md"), "# B\n\ntext").expect("write");
    std::fs::write(dir.path().join("a.txt"), "A text.").expect("write");
    std::fs::write(dir.path().join("skip.png"), [0_u8, 1, 2]).expect("write");
    let files = collect_files(dir.path()).expect("collect");
    let names: Vec<_> = files
        .iter()
        .map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, [Some("a.txt".to_string()), Some("b.md".to_string())]);
}

#[test]
fn a_folder_without_importable_files_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("x.png"), [1_u8]).expect("write");
    let error = collect_files(dir.path()).expect_err("nothing");
    assert!(matches!(error.problem, Problem::NothingToImport));
}

#[test]
fn a_missing_file_names_the_path() {
    let error = import_file(Path::new("/nonexistent/story.txt")).expect_err("missing");
    assert!(
        error
            .to_string()
            .starts_with("/nonexistent/story.txt: cannot read"),
        "{error}"
    );
}

#[test]
fn dates_in_common_shapes_are_read() {
    for value in [
        "2025-10-01",
        "2025-10-01 08:30",
        "2025-10-01T08:30:00Z",
        "Wed, 01 Oct 2025 08:30:00 +0000",
    ] {
        assert!(parse_date(value).is_some(), "{value}");
    }
    assert!(parse_date("yesterday").is_none());
}

#[test]
fn a_story_over_the_length_limit_is_refused_with_a_message() {
    let long = "word ".repeat(MAX_STORY_BYTES / 5 + 10);
    let error = parse(&long, Format::Text, "long.txt").expect_err("too long");
    assert!(matches!(error.problem, Problem::StoryTooLong(_)));
    assert!(error.to_string().contains("limit for one story"), "{error}");
}
