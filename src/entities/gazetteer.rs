//! Word lists shipped in `assets/entities/`: places, nationalities, given names, organisation
//! words and titles. They become features of the tagger, so they help without overruling it.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::text::fold;

/// Which lists a word appears in, as bit flags.
pub mod flag {
    pub const PLACE: u8 = 1;
    pub const DEMONYM: u8 = 2;
    pub const GIVEN_NAME: u8 = 4;
    pub const ORG_WORD: u8 = 8;
    pub const TITLE: u8 = 16;
    /// First word of a multi-word place ("New" of "New York").
    pub const PLACE_START: u8 = 32;
}

/// The loaded lists, keyed by folded word.
pub struct Gazetteer {
    single: std::collections::HashMap<String, u8>,
    /// Multi-word places, folded, as they are written.
    multi_places: HashSet<String>,
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
            let mut single = std::collections::HashMap::new();
            let mut multi_places = HashSet::new();
            let lists = [
                (
                    include_str!("../../assets/entities/places.txt"),
                    flag::PLACE,
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
            ];
            for (list, bit) in lists {
                for entry in entries(list) {
                    let key = fold(entry);
                    if key.contains(' ') {
                        if bit == flag::PLACE {
                            if let Some(first) = key.split(' ').next() {
                                *single.entry(first.to_owned()).or_insert(0) |= flag::PLACE_START;
                            }
                            multi_places.insert(key);
                        }
                    } else {
                        *single.entry(key).or_insert(0) |= bit;
                    }
                }
            }
            Gazetteer {
                single,
                multi_places,
            }
        })
    }

    /// Flags of one word (already folded).
    #[must_use]
    pub fn flags(&self, folded_word: &str) -> u8 {
        self.single.get(folded_word).copied().unwrap_or(0)
    }

    /// Whether a folded multi-word phrase is a known place.
    #[must_use]
    pub fn is_multi_place(&self, folded_phrase: &str) -> bool {
        self.multi_places.contains(folded_phrase)
    }
}
