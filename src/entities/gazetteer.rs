//! Word lists shipped in `assets/entities/`: places, nationalities, given names, organisation
//! words and titles. They become features of the tagger, so they help without overruling it.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::hash::word_key;
use crate::text::fold;

/// Which lists a word appears in, as bit flags.
pub mod flag {
    pub const PLACE: u16 = 1;
    pub const DEMONYM: u16 = 2;
    pub const GIVEN_NAME: u16 = 4;
    pub const ORG_WORD: u16 = 8;
    pub const TITLE: u16 = 16;
    /// First word of a multi-word place ("New" of "New York").
    pub const PLACE_START: u16 = 32;
    /// A frequent English word, usually written in lower case ("Moreover", "Let").
    pub const COMMON: u16 = 64;
    /// A word that ends place names ("Island", "Platz").
    pub const PLACE_WORD: u16 = 128;
    /// A function word only English uses ("the", "which"): evidence a paragraph is English.
    pub const ENGLISH_MARK: u16 = 256;
    /// A function word of another language that English does not use ("und", "dans"):
    /// evidence a paragraph is not English.
    pub const FOREIGN_MARK: u16 = 512;
    /// A one-word city, region or country in the GeoNames and ISO lists.
    pub const GEO: u16 = 1024;
    /// A given name in the open name lists (`forenames.txt`): a tagger feature only.
    pub const FORENAME: u16 = 2048;
    /// A frequent surname in the open name lists (`surnames.txt`): a tagger feature only.
    pub const SURNAME: u16 = 4096;
}

/// Function words only English uses, and function words of other languages written in Latin
/// script that English does not use and names do not contain ("van", "del" are left out) (German,
/// French, Spanish, Portuguese, Italian, Dutch, Indonesian): a paragraph with more of the second is
/// not English, even when many of its words are also English words ("die", "in", "was").
const ENGLISH_MARKS: &[&str] = &[
    "the", "of", "and", "to", "is", "was", "for", "with", "that", "on", "at", "by", "from", "are",
    "have", "has", "this", "which", "said", "were", "been", "their", "would",
];
const FOREIGN_MARKS: &[&str] = &[
    "und", "ist", "nicht", "mit", "für", "auch", "sich", "eine", "les", "est", "une", "pour",
    "dans", "qui", "sur", "avec", "pas", "não", "uma", "para", "com", "por", "con", "che", "per",
    "sono", "het", "een", "zijn", "yang", "dan", "dengan", "itu", "untuk", "ini", "tidak",
];

/// The flags [`Gazetteer::language_flags`] keeps.
const LANGUAGE_FLAGS: u16 = flag::COMMON | flag::ENGLISH_MARK | flag::FOREIGN_MARK;

/// The loaded lists, keyed by the [`word_key`] of the folded word or phrase: lookups hash the
/// word once and compare numbers, and loading builds no string per entry.
pub struct Gazetteer {
    single: FxHashMap<u64, u16>,
    /// The language flags ([`flag::COMMON`] and the marks) of the few thousand words that have
    /// one: the language check looks up most lower-case words of a story, and this table stays
    /// in the processor's caches where the full one does not.
    language: FxHashMap<u64, u16>,
    /// Multi-word places, folded, as they are written.
    multi_places: FxHashSet<u64>,
    /// Cities, regions and countries from GeoNames and ISO 3166, folded: evidence for rules,
    /// kept out of the tagger's features (see `assets/README.md`).
    geo: FxHashSet<u64>,
    /// Every folded name of a country to the name readers use for it ("u.s." → "United States").
    countries: FxHashMap<u64, &'static str>,
}

/// Folds `entry` into `buffer`, which is reused: no allocation for an ASCII entry.
fn fold_into<'b>(entry: &str, buffer: &'b mut String) -> &'b str {
    buffer.clear();
    if entry.is_ascii() {
        buffer.push_str(entry);
        buffer.make_ascii_lowercase();
    } else {
        buffer.push_str(&fold(entry));
    }
    buffer
}

fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Gazetteer {
    /// The shipped lists, parsed once.
    pub fn get() -> &'static Self {
        static LISTS: OnceLock<Gazetteer> = OnceLock::new();
        LISTS.get_or_init(|| {
            let mut single = FxHashMap::default();
            let mut multi_places = FxHashSet::default();
            let lists = [
                (
                    include_str!("../../assets/entities/places.txt"),
                    flag::PLACE,
                ),
                (
                    include_str!("../../assets/entities/common-words.txt"),
                    flag::COMMON,
                ),
                (
                    include_str!("../../assets/entities/place-words.txt"),
                    flag::PLACE_WORD,
                ),
                (
                    include_str!("../../assets/entities/demonyms.txt"),
                    flag::DEMONYM,
                ),
                (
                    include_str!("../../assets/entities/given-names.txt"),
                    flag::GIVEN_NAME,
                ),
                (
                    include_str!("../../assets/entities/org-words.txt"),
                    flag::ORG_WORD,
                ),
                (
                    include_str!("../../assets/entities/person-titles.txt"),
                    flag::TITLE,
                ),
                (
                    include_str!("../../assets/entities/forenames.txt"),
                    flag::FORENAME,
                ),
                (
                    include_str!("../../assets/entities/surnames.txt"),
                    flag::SURNAME,
                ),
            ];
            let mut buffer = String::new();
            for (list, bit) in lists {
                for entry in entries(list) {
                    let key = fold_into(entry, &mut buffer);
                    match key.split_once(' ') {
                        Some((first, _)) => {
                            if bit == flag::PLACE {
                                *single.entry(word_key(first)).or_insert(0) |= flag::PLACE_START;
                                multi_places.insert(word_key(key));
                            }
                        }
                        None => *single.entry(word_key(key)).or_insert(0) |= bit,
                    }
                }
            }
            for (marks, bit) in [
                (ENGLISH_MARKS, flag::ENGLISH_MARK),
                (FOREIGN_MARKS, flag::FOREIGN_MARK),
            ] {
                for mark in marks {
                    *single.entry(word_key(mark)).or_insert(0) |= bit;
                }
            }
            let mut countries = FxHashMap::default();
            for line in entries(include_str!("../../assets/entities/countries.tsv")) {
                let mut names = line.split('\t');
                if let Some(canonical) = names.next() {
                    for name in std::iter::once(canonical).chain(names) {
                        countries.insert(word_key(fold_into(name, &mut buffer)), canonical);
                    }
                }
            }
            let mut geo = FxHashSet::default();
            for entry in entries(include_str!("../../assets/entities/geo-places.txt")) {
                let name = fold_into(entry, &mut buffer);
                let key = word_key(name);
                geo.insert(key);
                if !name.contains(' ') {
                    *single.entry(key).or_insert(0) |= flag::GEO;
                }
            }
            let language = single
                .iter()
                .filter(|&(_, &f)| f & LANGUAGE_FLAGS != 0)
                .map(|(&k, &f)| (k, f & LANGUAGE_FLAGS))
                .collect();
            Gazetteer {
                single,
                language,
                multi_places,
                geo,
                countries,
            }
        })
    }

    /// Flags of one word (already folded).
    #[must_use]
    pub fn flags(&self, folded_word: &str) -> u16 {
        self.flags_by_key(word_key(folded_word))
    }

    /// Flags of one word by its [`word_key`].
    #[must_use]
    pub fn flags_by_key(&self, key: u64) -> u16 {
        self.single.get(&key).copied().unwrap_or(0)
    }

    /// The [`flag::COMMON`], [`flag::ENGLISH_MARK`] and [`flag::FOREIGN_MARK`] flags of a word
    /// by its [`word_key`] (the other flags are left out).
    #[must_use]
    pub fn language_flags(&self, key: u64) -> u16 {
        self.language.get(&key).copied().unwrap_or(0)
    }

    /// Whether a folded name is a city, region or country in the GeoNames and ISO lists.
    #[must_use]
    pub fn is_geo(&self, folded_name: &str) -> bool {
        self.geo.contains(&word_key(folded_name))
    }

    /// The name readers use for a country written any of its ways ("U.S." → "United States").
    #[must_use]
    pub fn country(&self, folded_name: &str) -> Option<&'static str> {
        self.countries.get(&word_key(folded_name)).copied()
    }

    /// Whether a folded multi-word phrase is a known place.
    #[must_use]
    pub fn is_multi_place(&self, folded_phrase: &str) -> bool {
        self.multi_places.contains(&word_key(folded_phrase))
    }
}
