//! The reader's own refreshing and the full-article key, against a server on 127.0.0.1 started
//! by the test: due feeds are fetched when the configured time comes (never before), the header
//! says when, and `F` replaces a summary with the article in place.

mod common;

use std::time::{Duration, Instant};

use common::Reader;
use common::http::{Response, Server};
use newsdesk::store::{FeedSettings, FullText, Store};
use newsdesk::subscriptions::Which;
use newsdesk::tui::update;
use newsdesk::tui::worker::Task;

fn page() -> String {
    let paragraph = "<p>The harbour board said the repairs would take two more years, while \
        fishing crews asked for a temporary landing stage.</p>";
    format!(
        "<html><head><title>Pier</title></head><body><article>{}</article></body></html>",
        paragraph.repeat(10)
    )
}

#[test]
fn the_reader_refreshes_due_feeds_on_time_and_fetches_full_articles_on_demand() {
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let known = std::sync::Arc::clone(&base);
    let server = Server::start(move |request| match request.path.as_str() {
        "/feed" => Response::new(
            200,
            "application/rss+xml",
            format!(
                "<rss version=\"2.0\"><channel><title>Harbour</title><item><title>Pier news</title>\
                 <guid>p1</guid><link>{}/pier</link><description>The pier will reopen…</description>\
                 </item></channel></rss>",
                known.get().map_or("", String::as_str)
            ),
        ),
        "/pier" => Response::new(200, "text/html", page()),
        _ => Response::new(404, "text/plain", "not found"),
    });
    base.set(server.base.clone()).expect("once");
    let store = Store::open_in_memory().expect("store");
    let (id, _) = store.add_feed(&server.url("/feed"), None).expect("feed");
    let never = FeedSettings {
        full_text: FullText::Never,
        ..FeedSettings::default()
    };
    store.set_feed_settings(id, &never).expect("settings");
    let mut reader = Reader::on(store, 120, 30, false);
    assert!(!reader.screen().contains("refreshed"));

    // Off by default: nothing is ever due.
    let start = Instant::now();
    assert!(
        update::auto_refresh(&mut reader.model, start + Duration::from_secs(86_400)).is_empty()
    );

    reader.model.refresh.every = Some(Duration::from_secs(1_800));
    assert!(update::auto_refresh(&mut reader.model, start).is_empty());
    assert!(update::auto_refresh(&mut reader.model, start + Duration::from_secs(1_700)).is_empty());
    assert_eq!(server.hits("/feed"), 0, "nothing before its time");
    let tasks = update::auto_refresh(&mut reader.model, start + Duration::from_secs(1_801));
    assert!(
        matches!(tasks.as_slice(), [Task::Refresh(options)] if options.which == Which::Due),
        "{tasks:?}"
    );
    reader.run(tasks);
    assert_eq!(server.hits("/feed"), 1);
    let screen = reader.screen();
    assert!(
        screen.contains("refreshed") && screen.contains("Pier news"),
        "{screen}"
    );
    assert!(update::auto_refresh(&mut reader.model, start + Duration::from_secs(1_900)).is_empty());

    // The open story is a summary; F brings the article in place.
    reader.press("enter");
    assert!(!reader.screen().contains("temporary landing stage"));
    reader.press("F");
    let screen = reader.screen();
    assert!(screen.contains("temporary landing stage"), "{screen}");
    assert_eq!(server.hits("/pier"), 1);
}
