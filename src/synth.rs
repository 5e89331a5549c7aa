//! Deterministic synthetic libraries for benchmarks: realistic-looking stories with names,
//! places, organisations, tags, bookmarks and read states, generated from a seed, never
//! downloaded.

use chrono::DateTime;

use crate::article::Article;

/// A small, fast, deterministic random number generator (SplitMix64); benchmarks need the
/// same library on every run, not cryptographic quality.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator that always yields the same sequence for the same seed.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % (n.max(1) as u64)).unwrap_or(0)
    }

    /// One item of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Words of every story, about half of all text, as in real prose.
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "said", "on", "for", "that", "with", "was", "by", "as",
    "at", "from", "its", "would", "had", "will", "more", "over", "after", "their", "this", "which",
];
/// Each story has a topic; most of its content words come from the topic's list, so a word
/// such as "election" appears in some stories, not all.
const TOPICS: &[&[&str]] = &[
    &[
        "government",
        "minister",
        "election",
        "vote",
        "parliament",
        "party",
        "coalition",
        "policy",
    ],
    &[
        "market",
        "prices",
        "inflation",
        "rates",
        "shares",
        "investors",
        "growth",
        "budget",
    ],
    &[
        "scientists",
        "study",
        "researchers",
        "satellite",
        "launch",
        "laboratory",
        "data",
        "theory",
    ],
    &[
        "team", "season", "victory", "coach", "players", "league", "record", "final",
    ],
    &[
        "festival",
        "museum",
        "artists",
        "exhibition",
        "film",
        "music",
        "design",
        "audience",
    ],
    &[
        "climate",
        "storm",
        "emissions",
        "drought",
        "forest",
        "flood",
        "heatwave",
        "ocean",
    ],
    &[
        "hospital",
        "patients",
        "vaccine",
        "doctors",
        "disease",
        "clinic",
        "treatment",
        "nurses",
    ],
    &[
        "railway",
        "bridge",
        "port",
        "airline",
        "ferry",
        "highway",
        "tunnel",
        "passengers",
    ],
    &[
        "union",
        "strike",
        "workers",
        "wages",
        "factory",
        "jobs",
        "contract",
        "employers",
    ],
    &[
        "energy", "power", "grid", "solar", "wind", "pipeline", "lithium", "mining",
    ],
    &[
        "court", "judge", "police", "trial", "lawyers", "verdict", "prison", "appeal",
    ],
    &[
        "school",
        "students",
        "teachers",
        "university",
        "exams",
        "classes",
        "campus",
        "degree",
    ],
];
/// Syllables the long tail of rare words is built from.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tu", "sa", "vel", "do", "ri", "an", "mor", "te", "li", "zan", "po",
    "qui", "ber", "ne", "sol", "ga", "fi", "ru", "den", "ha",
];

const GIVEN: &[&str] = &[
    "Ana", "Marco", "Lucía", "Daniel", "Aisha", "Kenji", "Priya", "Tomás", "Sofia", "Henrik",
    "Amara", "Javier", "Lena", "Ravi", "Chen", "Fatima", "Oliver", "Nadia", "Mateo", "Grace",
];
const FAMILY: &[&str] = &[
    "Ruiz",
    "Bellini",
    "Okafor",
    "Tanaka",
    "Sharma",
    "Ferreira",
    "Lindqvist",
    "Haddad",
    "Novak",
    "Mensah",
    "Kowalski",
    "Moreau",
    "Castillo",
    "Nakamura",
    "Osei",
    "Petrova",
    "Quinn",
    "Rahman",
];
const PLACES: &[&str] = &[
    "Lisbon",
    "Nairobi",
    "Bogotá",
    "Osaka",
    "Toronto",
    "Helsinki",
    "Manila",
    "Lagos",
    "Lima",
    "Hanoi",
    "Accra",
    "Porto",
    "Quito",
    "Gdańsk",
    "Tbilisi",
    "Montevideo",
    "Chile",
    "Kenya",
    "Vietnam",
    "Canada",
    "Peru",
    "Portugal",
    "Ghana",
    "Poland",
];
const ORGS: &[&str] = &[
    "Ministry of Finance",
    "Central Bank",
    "National Rail Company",
    "University of the Coast",
    "Harbour Authority",
    "Workers' Union",
    "Green Party",
    "Energy Regulator",
    "Supreme Court",
    "World Health Council",
    "Pacific Trading Inc.",
    "Northern Power Ltd",
];
const SOURCES: &[&str] = &[
    "The Meridian Ledger",
    "Northern Wire",
    "Andes Daily",
    "Iberian Post",
    "Atlantic Courier",
    "Asia Tech Weekly",
    "Pacific Science Review",
    "Coastal Times",
];
/// Tags used by generated stories; `tag:` benchmarks filter on these.
pub const TAGS: &[&str] = &[
    "politics",
    "economy",
    "science",
    "sport",
    "culture",
    "latam",
    "europe",
    "asia",
    "africa",
    "climate",
    "technology",
    "health",
    "transport",
    "energy",
    "labour",
    "to-read",
];

/// Generates story number `index` of a library seeded with `seed`.
#[must_use]
pub fn story(seed: u64, index: u64) -> Article {
    let mut rng = SplitMix::new(seed ^ index.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let person = format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY));
    let place = rng.pick(PLACES);
    let org = rng.pick(ORGS);
    let topic = TOPICS[rng.below(TOPICS.len())];
    let title = format!(
        "{} {} {} in {} as {} {}",
        capitalise(rng.pick(topic)),
        rng.pick(FUNCTION_WORDS),
        rng.pick(topic),
        place,
        org,
        rng.pick(topic)
    );
    let words = 300 + rng.below(1_201);
    let mut body = String::with_capacity(words * 8);
    let mut sentence_length = 0;
    let mut rare;
    for n in 0..words {
        let word = match rng.below(100) {
            0..=1 => person.as_str(),
            2 => place,
            3 => org,
            4 => "2025",
            5..=49 => rng.pick(FUNCTION_WORDS),
            50..=79 => rng.pick(topic),
            _ => {
                rare = rare_word(&mut rng);
                rare.as_str()
            }
        };
        if sentence_length == 0 {
            body.push_str(&capitalise(word));
        } else {
            body.push_str(word);
        }
        sentence_length += 1;
        if sentence_length > 8 + rng.below(14) {
            body.push('.');
            sentence_length = 0;
            if rng.below(5) == 0 && n + 1 < words {
                body.push_str("\n\n");
                continue;
            }
        }
        body.push(' ');
    }
    let mut article = Article::new(title, body.trim_end().to_owned() + ".");
    article.source = Some(rng.pick(SOURCES).to_owned());
    article.author = Some(format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY)));
    article.url = Some(format!("https://example.org/story/{seed}/{index}"));
    let seconds = 1_600_000_000 + i64::try_from(index).unwrap_or(0) * 900;
    article.published = DateTime::from_timestamp(seconds, 0);
    article.saved = DateTime::from_timestamp(seconds + 3_600, 0);
    let tag_count = rng.below(3);
    article.tags = (0..tag_count).map(|_| rng.pick(TAGS).to_owned()).collect();
    article.read = rng.below(10) < 7;
    article.bookmarked = rng.below(20) == 0;
    article
}

/// A word from a long tail of about 14,000, drawn so that a few are common and most are rare
/// (a log-uniform rank, close to the Zipf distribution of real text).
fn rare_word(rng: &mut SplitMix) -> String {
    let tail = SYLLABLES.len().pow(3);
    #[allow(
        clippy::cast_precision_loss,
        reason = "a rank below 14,000 is exact in f64"
    )]
    let scale = (tail as f64).ln();
    #[allow(clippy::cast_precision_loss, reason = "53 random bits are plenty")]
    let unit = (rng.next_u64() >> 11) as f64 / (1_u64 << 53) as f64;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "exp of at most ln(tail) is a small positive number"
    )]
    let rank = ((unit * scale).exp() as usize).saturating_sub(1) % tail;
    let n = SYLLABLES.len();
    format!(
        "{}{}{}",
        SYLLABLES[rank % n],
        SYLLABLES[(rank / n) % n],
        SYLLABLES[(rank / n / n) % n]
    )
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An RSS 2.0 document of `items` generated stories, for import benchmarks and comparisons
/// with other readers.
#[must_use]
pub fn rss_feed(seed: u64, items: u64) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Generated News</title><link>https://example.org/</link>\
         <description>Stories generated for benchmarks</description>\n",
    );
    for index in 0..items {
        let story = story(seed.wrapping_add(1), index);
        let html: String = story
            .body
            .split("\n\n")
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect();
        let date = story.published.map(|d| d.to_rfc2822()).unwrap_or_default();
        out.push_str(&format!(
            "<item><title>{}</title><link>https://example.org/generated/{index}</link>\
             <guid>generated-{index}</guid><pubDate>{date}</pubDate>\
             <description>{}</description></item>\n",
            escape(&story.title),
            escape(&html)
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_story() {
        assert_eq!(story(7, 42), story(7, 42));
        assert_ne!(story(7, 42).body, story(7, 43).body);
    }

    #[test]
    fn stories_have_the_promised_shape() {
        for index in 0..50 {
            let article = story(1, index);
            let words = article.word_count();
            assert!((300..=1_600).contains(&words), "{words}");
            assert!(article.source.is_some() && article.published.is_some());
        }
    }
}
