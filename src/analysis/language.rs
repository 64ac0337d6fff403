//! The article's language by a vote of frequent function words (`en`, `fr`, `de`, `es`, `pt`).

use crate::prelude::*;
use crate::text::{
    lower_into, ArticleTokens, Block, TokenKind, WordClassTable, SHAPE_NON_ASCII, SHAPE_UPPER,
};

/// The languages the engine knows, in the order their votes break ties.
pub const LANGUAGES: [&str; 5] = ["en", "fr", "de", "es", "pt"];

/// The function words of every language, for the vote (`cues-stopwords.txt`, one
/// `lang: word, word, ...` line per language).
const STOP_WORD_TEXT: &str = lexicon_text!("cues-stopwords.txt");

/// The most characters any function word has: a longer word is not looked up. Counted by the
/// compiler, so that the table is a plain [`WordClassTable`] built through
/// [`crate::word_class_table_once`].
const LONGEST_STOP_WORD: usize = longest_stop_word(STOP_WORD_TEXT);

/// The bits of each language's count in the packed votes: a word's table value holds a 1 at the
/// bottom of the lane of each language it belongs to, so that one addition counts its votes for
/// every language at once. A lane holds any count up to [`SAMPLE_WORDS`].
const VOTE_LANE: usize = 12;
const _: () = assert!(SAMPLE_WORDS < 1 << VOTE_LANE && LANGUAGES.len() * VOTE_LANE <= 64);

/// Lower-case function word -> a 1 in the [`VOTE_LANE`] of each language it belongs to (lane i
/// = `LANGUAGES[i]`): the word-class table, whose short words (every function word) are one
/// number each, no hashing of bytes.
fn stop_words() -> &'static WordClassTable {
    static TABLE: OnceLock<WordClassTable> = OnceLock::new();
    crate::word_class_table_once(&TABLE, build_stop_words)
}

/// The stop-word table of [`stop_words`].
fn build_stop_words() -> WordClassTable {
    let mut table = WordClassTable::default();
    for line in STOP_WORD_TEXT.lines() {
        let Some((lang, words)) = line.split_once(':') else {
            continue;
        };
        let Some(bit) = LANGUAGES.iter().position(|&l| l == lang.trim()) else {
            continue;
        };
        for word in words.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            table.add(word, 1 << (bit * VOTE_LANE));
        }
    }
    table
}

/// [`LONGEST_STOP_WORD`] of a stop-word file: the most characters of a word on a line of a
/// known language, words separated by commas and trimmed of ASCII whitespace.
const fn longest_stop_word(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut longest, mut line, mut i) = (0, 0, 0);
    while i <= bytes.len() {
        if i == bytes.len() || bytes[i] == b'\n' {
            let (_, rest) = bytes.split_at(line);
            let (line_bytes, _) = rest.split_at(i - line);
            let words = longest_on_line(line_bytes);
            if words > longest {
                longest = words;
            }
            line = i + 1;
        }
        i += 1;
    }
    longest
}

/// `a == b`, for const fns (slice comparison is not `const`).
const fn bytes_equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The most characters of a word on one stop-word line, 0 when its language is not known.
const fn longest_on_line(line: &[u8]) -> usize {
    let mut colon = 0;
    while colon < line.len() && line[colon] != b':' {
        colon += 1;
    }
    if colon == line.len() {
        return 0;
    }
    let (lang, _) = line.split_at(colon);
    let lang = lang.trim_ascii();
    let mut known = false;
    let mut l = 0;
    while l < LANGUAGES.len() {
        known |= bytes_equal(LANGUAGES[l].as_bytes(), lang);
        l += 1;
    }
    if !known {
        return 0;
    }
    let (mut longest, mut word, mut i) = (0, colon + 1, colon + 1);
    while i <= line.len() {
        if i == line.len() || line[i] == b',' {
            let (_, rest) = line.split_at(word);
            let (piece, _) = rest.split_at(i - word);
            let chars = char_count(piece.trim_ascii());
            if chars > longest {
                longest = chars;
            }
            word = i + 1;
        }
        i += 1;
    }
    longest
}

/// How many characters the UTF-8 `bytes` hold: the bytes that are not continuation bytes.
const fn char_count(bytes: &[u8]) -> usize {
    let (mut count, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] & 0xC0 != 0x80 {
            count += 1;
        }
        i += 1;
    }
    count
}

/// Builds the stop-word table now (see [`super::build_tables`]).
pub(crate) fn build_tables() {
    stop_words();
}

/// How many words of the article to read: enough for a sure vote (about a third of running text
/// is function words, so some 130 votes), bounded so that a long article costs no more than a
/// short one. 400 instead of 2000 gives the same language on all 45 corpus articles and makes the
/// vote about 2× cheaper on the corpus (measured in wasm: 6.9% → 3.1% of `analyzeText`).
const SAMPLE_WORDS: usize = 400;

/// Detects the language of the article's body text; English when nothing votes.
///
/// One pass over the first `SAMPLE_WORDS` words, with no allocation beyond one reused key:
/// words longer than every function word (most content words) are not even lower-cased.
pub fn detect(blocks: &[Block]) -> &'static str {
    detect_with(blocks, &ArticleTokens::new(blocks))
}

/// [`detect`] over the article's tokens as the analysis has them already.
pub fn detect_with(blocks: &[Block], tokens: &ArticleTokens) -> &'static str {
    let table = stop_words();
    // Every language's count in its lane ([`VOTE_LANE`]).
    let mut votes = 0u64;
    let mut lower = String::new();
    let mut sampled = 0;
    // Plain loops rather than an iterator chain: in the wasm build each adapter layer is a call
    // per token.
    'blocks: for (i, block) in blocks.iter().enumerate() {
        if !super::quotes::carries_quotes(block.kind) {
            continue;
        }
        for t in tokens.block(i) {
            if t.kind != TokenKind::Word {
                continue;
            }
            if sampled == SAMPLE_WORDS {
                break 'blocks;
            }
            sampled += 1;
            let ascii = t.shape & SHAPE_NON_ASCII == 0;
            // Lower-casing keeps one character per character, so the count decides; a word of
            // no more bytes than that has no more characters, and an ASCII word as many (so it
            // is settled before its text is sliced).
            let long = t.end - t.start > LONGEST_STOP_WORD;
            if long && ascii {
                continue;
            }
            // Most words are lower-case ASCII already (the token's shape says so): looked up as
            // they are, by their bytes (no `str` slice, whose ends are checked, is needed).
            if ascii && t.shape & SHAPE_UPPER == 0 {
                votes += block
                    .text
                    .as_bytes()
                    .get(t.start..t.end)
                    .map_or(0, |word| table.of_bytes(word));
                continue;
            }
            let Some(word) = block.text.get(t.start..t.end) else {
                continue;
            };
            // Characters counted by their first bytes, without decoding.
            if long && crate::text::char_count(word) > LONGEST_STOP_WORD {
                continue;
            }
            // A capitalised ASCII word is lowered in the lookup itself, which answers no word
            // beyond ASCII (a byte from 0x80 is in its key); only those are copied lowered.
            let bits = if let Some(bits) = table.of_ascii_lowered(word) {
                bits
            } else {
                lower.clear();
                lower_into(word, &mut lower);
                table.of(&lower)
            };
            // No lane carries into the next: each counts at most `SAMPLE_WORDS` words.
            votes += bits;
        }
    }
    winner(votes)
}

/// The first language with the most votes, of `votes` packed in lanes ([`VOTE_LANE`]).
fn winner(mut votes: u64) -> &'static str {
    let mut best = LANGUAGES[0];
    let mut most = 0;
    for &language in &LANGUAGES {
        let count = votes & ((1 << VOTE_LANE) - 1);
        if count > most {
            best = language;
            most = count;
        }
        votes >>= VOTE_LANE;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::BlockKind;

    /// The most characters of a listed word as the runtime parse reads the file (`str::lines`,
    /// `split_once`, `str::trim`, `chars().count()`).
    fn longest_by_parsing(text: &str) -> usize {
        text.lines()
            .filter_map(|line| line.split_once(':'))
            .filter(|(lang, _)| LANGUAGES.contains(&lang.trim()))
            .flat_map(|(_, words)| words.split(','))
            .map(|word| word.trim().chars().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn the_longest_stop_word_is_counted_as_parsing_counts_it() {
        // (file text, longest)
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("en: the, and", 3),
            ("xx: longerword\nen: a", 1),
            ("fr: été, à\r\nde: für", 3),
            ("no colon here", 0),
            (" de : über , x,,\n", 4),
        ];
        for &(text, want) in cases {
            assert_eq!(longest_stop_word(text), want, "{text:?}");
            assert_eq!(longest_by_parsing(text), want, "{text:?}");
        }
        assert_eq!(LONGEST_STOP_WORD, longest_by_parsing(STOP_WORD_TEXT));
    }

    #[test]
    fn votes_pick_the_language() {
        let cases: &[(&str, &str)] = &[
            ("The minister said that the plan was not ready.", "en"),
            (
                "Le ministre a déclaré que le projet n'est pas prêt pour la rentrée.",
                "fr",
            ),
            (
                "Der Minister sagte, dass der Plan nicht fertig ist und auch nicht kommt.",
                "de",
            ),
            (
                "El ministro dijo que el plan no está listo para la votación de los diputados.",
                "es",
            ),
            (
                "O ministro disse que o plano não está pronto para a votação dos deputados.",
                "pt",
            ),
            // Words both languages share ("que", "para", "por") leave Spanish Spanish.
            (
                "Según el ministro, que habló por la tarde, el plan para los diputados no está listo.",
                "es",
            ),
            ("", "en"),
            // Capitals are lower-cased before the lookup.
            ("DER MINISTER SAGTE, DASS DER PLAN NICHT FERTIG IST.", "de"),
            // Only words longer than every function word: nothing votes.
            ("Extraordinarily comprehensive considerations.", "en"),
        ];
        for &(text, want) in cases {
            assert_eq!(
                detect(&[Block::new(BlockKind::Paragraph, text)]),
                want,
                "{text:?}"
            );
        }
    }
}
