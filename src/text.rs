//! Article text as the analysis sees it: ordered blocks, UTF-16 offsets and word tokens.

use serde::{Deserialize, Serialize};

/// What part of the article a block is. The analysis treats kinds differently: captions and
/// image text are searched for credits but never supply a speaker; bylines are never speakers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The article's title.
    Headline,
    /// Body text: a paragraph, list item or blockquote.
    Paragraph,
    /// An in-body heading.
    Heading,
    /// A figure caption or visible credit line.
    Caption,
    /// An image's `alt` or `title` text, searched only for credits.
    ImageText,
    /// The author line ("By …").
    Byline,
    /// Structured data (JSON-LD), searched only for credits.
    Metadata,
}

/// One block of article text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What part of the article this is.
    pub kind: BlockKind,
    /// The block's text exactly as the page has it (offsets into it must map back to the DOM).
    pub text: String,
}

impl Block {
    /// A block of the given kind.
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Block {
        Block {
            kind,
            text: text.into(),
        }
    }
}

/// Splits plain text into paragraph blocks at blank lines. The first block is the headline when
/// it is a single short line without final punctuation, as pasted articles usually start.
pub fn blocks_from_plain_text(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::new(BlockKind::Paragraph, paragraph.join("\n")));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else {
            paragraph.push(line.trim_end_matches('\r'));
        }
    }
    flush(&mut paragraph, &mut blocks);
    let several = blocks.len() > 1;
    if let Some(first) = blocks.first_mut() {
        let t = first.text.trim();
        let ends_sentence = t.ends_with(['.', '!', '?', '"', '”', '»', '“']);
        if !t.contains('\n') && t.chars().count() <= 160 && !ends_sentence && several {
            first.kind = BlockKind::Headline;
        }
    }
    blocks
}

/// Converts UTF-8 byte offsets of one string into UTF-16 code-unit offsets.
///
/// Built once per block; lookups are `O(log n)` in the number of non-ASCII characters, so an
/// ASCII-only block costs nothing beyond the scan.
#[derive(Debug, Clone)]
pub struct Utf16Map {
    /// (byte offset just after a non-ASCII char, UTF-16 offset there) in increasing order.
    checkpoints: Vec<(usize, usize)>,
}

impl Utf16Map {
    /// Indexes `text`.
    pub fn new(text: &str) -> Utf16Map {
        let mut checkpoints = Vec::new();
        let mut utf16 = 0;
        for (byte, ch) in text.char_indices() {
            utf16 += ch.len_utf16();
            if !ch.is_ascii() {
                checkpoints.push((byte + ch.len_utf8(), utf16));
            }
        }
        Utf16Map { checkpoints }
    }

    /// The UTF-16 offset of `byte`, which must lie on a character boundary.
    pub fn utf16(&self, byte: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(b, _)| b <= byte);
        match i.checked_sub(1) {
            None => byte,
            Some(i) => {
                let (b, u) = self.checkpoints[i];
                u + (byte - b)
            }
        }
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with inner apostrophes, hyphens and dots kept ("don't", "al-Assad", "U.S.").
    Word,
    /// Any other single non-space character (punctuation, quotation marks, symbols).
    Punct,
}

/// A token: a word or a punctuation character, by byte offsets into its block's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Word or punctuation.
    pub kind: TokenKind,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text within `text`, the string it was scanned from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Characters that may join two word pieces into one word when letters follow.
fn is_word_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '·')
}

/// Splits `text` into word and punctuation tokens, dropping whitespace. One pass, no allocation
/// beyond the output.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !is_word_char(c) {
            tokens.push(Token {
                kind: TokenKind::Punct,
                start,
                end: start + c.len_utf8(),
            });
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if is_word_char(c) {
                end = i + c.len_utf8();
                chars.next();
            } else if is_word_joiner(c) {
                // Join only when a word character follows the joiner ("U.S", "don't").
                let after = text[i + c.len_utf8()..].chars().next();
                if after.is_some_and(is_word_char) {
                    chars.next();
                    end = i + c.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        tokens.push(Token {
            kind: TokenKind::Word,
            start,
            end,
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_around_curly_quotes_accents_and_surrogates() {
        // (text, byte offset, expected UTF-16 offset)
        let cases: &[(&str, usize, usize)] = &[
            ("plain", 3, 3),
            ("“Hi”", "“Hi".len(), 3),
            ("“Hi”", "“Hi”".len(), 4),
            ("café said", "café".len(), 4),
            ("😀 x", "😀".len(), 2),
            ("😀 x", "😀 x".len(), 4),
            ("e\u{301}t\u{e9}", "e\u{301}t".len(), 3),
            ("«\u{a0}Oui\u{a0}»", "«\u{a0}Oui".len(), 5),
        ];
        for &(text, byte, want) in cases {
            assert_eq!(
                Utf16Map::new(text).utf16(byte),
                want,
                "{text:?} at byte {byte}"
            );
            assert_eq!(
                text[..byte].encode_utf16().count(),
                want,
                "oracle for {text:?}"
            );
        }
    }

    #[test]
    fn tokens_keep_inner_joiners() {
        let cases: &[(&str, &[&str])] = &[
            (
                "He said: “don't.”",
                &["He", "said", ":", "“", "don't", ".", "”"],
            ),
            ("U.S. officials", &["U.S", ".", "officials"]),
            ("al-Assad's 'party'", &["al-Assad's", "'", "party", "'"]),
            ("Mr. Xi", &["Mr", ".", "Xi"]),
        ];
        for &(text, want) in cases {
            let got: Vec<&str> = tokenize(text).iter().map(|t| t.text(text)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn plain_text_paragraphs_and_headline() {
        let blocks = blocks_from_plain_text("Title here\n\nFirst para.\nstill first.\n\n\nSecond.");
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Headline,
                BlockKind::Paragraph,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(blocks[1].text, "First para.\nstill first.");
    }
}
