//! The article's language by a vote of frequent function words (`en`, `fr`, `de`, `es`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::{tokenize, Block, TokenKind};

/// The languages the engine knows, in the order their votes break ties.
pub const LANGUAGES: [&str; 4] = ["en", "fr", "de", "es"];

/// Lower-case function word -> bit set of the languages it belongs to (bit i = `LANGUAGES[i]`).
fn stop_words() -> &'static HashMap<&'static str, u8> {
    static TABLE: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for line in include_str!("../lexicon/cues-stopwords.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
        {
            let Some((lang, words)) = line.split_once(':') else {
                continue;
            };
            let Some(bit) = LANGUAGES.iter().position(|&l| l == lang.trim()) else {
                continue;
            };
            for word in words.split(',').map(str::trim).filter(|w| !w.is_empty()) {
                *table.entry(word).or_insert(0u8) |= 1 << bit;
            }
        }
        table
    })
}

/// How many words of the article to read: enough for a sure vote, bounded so that a long article
/// costs no more than a short one.
const SAMPLE_WORDS: usize = 2000;

/// Detects the language of the article's body text; English when nothing votes.
pub fn detect(blocks: &[Block]) -> &'static str {
    let table = stop_words();
    let mut votes = [0usize; LANGUAGES.len()];
    let mut seen = 0;
    let mut lower = String::new();
    for block in blocks
        .iter()
        .filter(|b| super::quotes::carries_quotes(b.kind))
    {
        for token in tokenize(&block.text)
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
        {
            lower.clear();
            lower.extend(token.text(&block.text).chars().map(crate::text::lower_char));
            if let Some(&bits) = table.get(lower.as_str()) {
                for (i, vote) in votes.iter_mut().enumerate() {
                    *vote += usize::from(bits >> i & 1);
                }
            }
            seen += 1;
            if seen >= SAMPLE_WORDS {
                return winner(&votes);
            }
        }
    }
    winner(&votes)
}

fn winner(votes: &[usize; LANGUAGES.len()]) -> &'static str {
    let mut best = 0;
    for (i, &v) in votes.iter().enumerate() {
        if v > votes[best] {
            best = i;
        }
    }
    LANGUAGES[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::BlockKind;

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
            ("", "en"),
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
