//! Article text as the analysis sees it: ordered blocks, UTF-16 offsets and word tokens.

use crate::prelude::*;
use core::cell::OnceCell;
use core::num::{NonZeroU64, NonZeroUsize};

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
            blocks.push(Block::new(BlockKind::Paragraph, join(paragraph, '\n')));
            paragraph.clear();
        }
    };
    // Split at '\n' by a byte search rather than `str::lines` (its line-end stripping was most
    // of this function's time in the wasm build): each line's '\r's are trimmed below, and a
    // last empty line is blank, which changes nothing. The pieces of `text.split('\n')`, found
    // sixteen bytes at a time ([`next_byte_below`]) where `split`'s byte search reads four.
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        // A '\n' is the byte below 1 with the bits of '\n' flipped.
        let end = next_byte_below(bytes, from, b'\n', 1).unwrap_or(bytes.len());
        let line = text.get(from..end).unwrap_or_default();
        if is_blank(line) {
            flush(&mut paragraph, &mut blocks);
        } else {
            // `trim_end_matches('\r')` by bytes, without decoding the last character.
            paragraph.push(crate::trim_end_ascii(line, b"\r"));
        }
        if end == bytes.len() {
            break;
        }
        from = end + 1;
    }
    flush(&mut paragraph, &mut blocks);
    let several = blocks.len() > 1;
    if let Some(first) = blocks.first_mut() {
        let t = first.text.trim();
        // The last character matched, not `ends_with` a character array: a searcher instance
        // of its own in the wasm.
        let ends_sentence = matches!(
            t.chars().next_back(),
            Some('.' | '!' | '?' | '"' | '”' | '»' | '“')
        );
        if !t.as_bytes().contains(&b'\n') && char_count(t) <= 160 && !ends_sentence && several {
            first.kind = BlockKind::Headline;
        }
    }
    blocks
}

/// Whether `line` is whitespace only, as `line.trim().is_empty()` says. Its leading ASCII
/// whitespace is skipped by bytes, and the first other byte settles most lines (indented ones
/// too) without `trim`'s Unicode whitespace searcher, which decodes every character from both
/// ends; only a line going on with a non-ASCII character is decoded, from there. By the
/// tokenizer's byte classes, not [`crate::trim_start_ascii`], whose set search per byte cost
/// `analyzeText` 2.6 M instructions more a pass (for 8 B less gzip).
fn is_blank(line: &str) -> bool {
    for (i, &b) in line.as_bytes().iter().enumerate() {
        match BYTE_CLASSES[usize::from(b)] {
            BYTE_SPACE => {}
            BYTE_NON_ASCII => {
                return line
                    .get(i..)
                    .unwrap_or_default()
                    .chars()
                    .all(char::is_whitespace)
            }
            _ => return false,
        }
    }
    true
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
    /// Indexes `text`. ASCII runs are skipped eight bytes at a time; only non-ASCII characters
    /// are looked at one by one.
    pub fn new(text: &str) -> Utf16Map {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::new();
        // The UTF-16 offset at byte `at`, a character boundary.
        let mut utf16 = 0;
        let mut at = 0;
        // Searched from `at` in the whole text, not in a slice made for each run: less code.
        while let Some(lead) = next_non_ascii(bytes, at) {
            utf16 += lead - at;
            // The lead byte of valid UTF-8 gives the character's length; only four-byte
            // characters take two UTF-16 units. Read through `get`, as the checkpoint below:
            // both are in range, and a panic site each cost the wasm build more than the test.
            let (len, units) = match bytes.get(lead).copied().unwrap_or_default() {
                0xF0.. => (4, 2),
                0xE0.. => (3, 1),
                _ => (2, 1),
            };
            at = lead + len;
            utf16 += units;
            checkpoints.push((at, utf16));
        }
        Utf16Map { checkpoints }
    }

    /// The UTF-16 offset of `byte`, which must lie on a character boundary.
    pub fn utf16(&self, byte: usize) -> usize {
        // Before the first character beyond ASCII (all of an ASCII block), no search.
        if self.checkpoints.first().is_none_or(|&(b, _)| byte < b) {
            return byte;
        }
        let i = self.checkpoints.partition_point(|&(b, _)| b <= byte);
        match i.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
            None => byte,
            Some(&(b, u)) => u + (byte - b),
        }
    }
}

/// UTF-16 offsets into an article's blocks, shared by the passes that report spans: each
/// block's [`Utf16Map`] is built the first time an offset in it is asked for and then kept, so
/// no block is indexed twice and blocks without a span are not indexed at all.
pub struct BlockUtf16<'a> {
    /// The article's blocks.
    blocks: &'a [Block],
    /// Each block's map, once built.
    maps: Vec<OnceCell<Utf16Map>>,
}

impl<'a> BlockUtf16<'a> {
    /// Offsets into `blocks`, none indexed yet.
    pub fn new(blocks: &'a [Block]) -> BlockUtf16<'a> {
        BlockUtf16 {
            blocks,
            maps: vec![OnceCell::new(); blocks.len()],
        }
    }

    /// The UTF-16 offset of `byte` (a character boundary) in block `block`; `byte` itself for a
    /// block that is not there.
    pub fn utf16(&self, block: usize, byte: usize) -> usize {
        match (self.blocks.get(block), self.maps.get(block)) {
            (Some(b), Some(map)) => map.get_or_init(|| Utf16Map::new(&b.text)).utf16(byte),
            _ => byte,
        }
    }
}

/// Characters in `text`, counted as the bytes that start one (every byte but UTF-8's
/// continuation bytes `10xxxxxx`): `text.chars().count()` without decoding.
pub fn char_count(text: &str) -> usize {
    text.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// Length of `text` in UTF-16 code units (what JS string offsets count): a character each, and
/// a second one for each character outside the BMP, whose UTF-8 form starts with a byte
/// `11110xxx`. `text.encode_utf16().count()` without encoding.
pub fn utf16_len(text: &str) -> usize {
    text.bytes()
        .map(|b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
        .sum()
}

/// The offset of the first non-ASCII byte at or after `at` in `bytes` (`None` when the rest is
/// ASCII). Sixteen bytes are tested at a time, as one number (two in the wasm, ORed): most news
/// text is ASCII, and the UTF-16 map of every block with a span reads all of it. The bytes after
/// the last whole sixteen, or of the sixteen that hold one, are then looked at one by one.
#[inline]
pub(crate) fn next_non_ascii(bytes: &[u8], at: usize) -> Option<usize> {
    // A byte from 0x80 is one below 0x80 with its bits flipped.
    next_byte_below(bytes, at, 0xFF, 0x80)
}

/// The offset of the first byte at or after `at` in `bytes` that is below `below` (at most
/// 0x80) with the bits of `flip` flipped: the first non-ASCII byte ([`next_non_ascii`]), or the
/// first of one value (flipped by it, below 1). Sixteen bytes are tested a step, as two numbers
/// of eight ([`bytes_below_marks`]), while neither holds one: the step's own test and jump cost
/// as much as a test of eight bytes, and long runs of text hold none. The bytes from where a
/// step stops (at most sixteen more, or the last fifteen) are then looked at one by one. Not
/// generic and never inlined, so that the UTF-16 map's search for non-ASCII characters and the
/// plain-text line split share one copy in the wasm.
#[inline(never)]
fn next_byte_below(bytes: &[u8], mut at: usize, flip: u8, below: u8) -> Option<usize> {
    let flips = CHUNK_ONES * u64::from(flip);
    while let Some(chunk) = bytes.get(at..).and_then(|rest| rest.first_chunk::<16>()) {
        let both = u128::from_le_bytes(*chunk);
        let marks = bytes_below_marks(both as u64 ^ flips, below)
            | bytes_below_marks((both >> 64) as u64 ^ flips, below);
        if marks != 0 {
            break;
        }
        at += 16;
    }
    let i = bytes.get(at..)?.iter().position(|&b| b ^ flip < below)?;
    Some(at + i)
}

/// Up to eight `bytes` (more are a caller's error: the word would not hold them) as one number,
/// little-endian, zeros after them (0 for no bytes). The bytes are read as two overlapping
/// parts, each shifted to its place: a byte both parts hold lands on itself, so `|` joins them,
/// where a loop over the bytes was a comparison and a shift per byte: the finder's names and the
/// last bytes of every text node, and the word of [`short_key`].
pub(crate) const fn padded_word(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    if len >= 4 {
        let first = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let last = u32::from_le_bytes([
            bytes[len - 4],
            bytes[len - 3],
            bytes[len - 2],
            bytes[len - 1],
        ]);
        first as u64 | (last as u64) << (8 * (len - 4))
    } else if let [first, .., last] = *bytes {
        let middle = bytes.len() / 2;
        first as u64 | (bytes[middle] as u64) << (8 * middle) | (last as u64) << (8 * (len - 1))
    } else if let [only] = *bytes {
        only as u64
    } else {
        0
    }
}

/// Eight bytes of value one, read as one number (see [`next_byte_where`]).
pub(crate) const CHUNK_ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each of eight bytes read as one number: a chunk of ASCII has none set.
pub(crate) const CHUNK_HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `chunk` (eight bytes read as one number) that is below `n`, at
/// most 0x80, by the borrow test (`(x - n…) & !x`): exact up to the first such byte, which is
/// the lowest mark, while a byte above it may be marked by its borrow. Where only the first
/// matters (is there one, where is it) this is cheaper than [`zero_bytes`]' exact marks.
#[inline]
pub(crate) fn bytes_below_marks(chunk: u64, n: u8) -> u64 {
    chunk.wrapping_sub(CHUNK_ONES * u64::from(n)) & !chunk & CHUNK_HIGH_BITS
}

/// Whether some byte of `chunk` (eight bytes read as one number) is below `n`, at most 0x80
/// ([`bytes_below_marks`]): enough for [`next_byte_where`], which then looks at the bytes.
#[inline]
pub(crate) fn chunk_has_byte_below(chunk: u64, n: u8) -> bool {
    bytes_below_marks(chunk, n) != 0
}

/// Whether some byte of `chunk` (eight bytes read as one number) is `byte`.
#[inline]
pub(crate) fn chunk_has_byte(chunk: u64, byte: u8) -> bool {
    chunk_has_byte_below(chunk ^ (CHUNK_ONES * u64::from(byte)), 1)
}

/// The high bit of each byte of `chunk` (eight bytes read as one number) that is zero, exactly
/// (no byte borrows from another, unlike [`chunk_has_byte_below`]): a chunk's bytes of one value
/// marked at once, by the finder's text counts and name keys (a `const fn` for those, which
/// also build keys at compile time).
pub(crate) const fn zero_bytes(chunk: u64) -> u64 {
    let low = !CHUNK_HIGH_BITS;
    !(((chunk & low).wrapping_add(low)) | chunk) & CHUNK_HIGH_BITS
}

/// The offset of the first byte at or after `from` in `bytes` that `wanted` accepts. Eight bytes
/// are read at a time, as one little-endian number: a chunk for which `may_hold` is false is
/// skipped whole, so `may_hold` must be true of every chunk holding a wanted byte (it may be true
/// of others: their bytes are then looked at, and the scan goes on past them). The byte scans of
/// the quotation finder and the JSON writer: long runs of text none of whose bytes they want
/// (searches for one byte value, or for bytes from 0x80, go sixteen bytes a step through
/// [`next_byte_below`]; sixteen a step here cost the wasm 145 B gzip and `analyzeText` 0.09 M
/// instructions more a pass on node 26). The last few bytes are one more piece, looked at
/// whole: `wanted` is asked at one place, so that the wasm build inlines it rather than keep it
/// a call per byte.
#[inline]
pub(crate) fn next_byte_where(
    bytes: &[u8],
    mut at: usize,
    may_hold: impl Fn(u64) -> bool,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    loop {
        let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
        let piece = rest.get(..8).unwrap_or(rest);
        // Read as an array, not copied with `copy_from_slice` (a call per chunk in the wasm).
        let may_hold = piece
            .first_chunk::<8>()
            .is_none_or(|chunk| may_hold(u64::from_le_bytes(*chunk)));
        if may_hold {
            if let Some(i) = piece.iter().position(|&b| wanted(b)) {
                return Some(at + i);
            }
        }
        at += 8;
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
    /// The union of the `SHAPE_*` bits of the token's bytes, as [`shape_of`] finds them: the
    /// tokenizer reads every byte anyway, so a pass that asks whether a word has a capital, a
    /// digit, a hyphen, a dot or a character beyond ASCII (whether its lookup form is itself)
    /// tests a bit instead of scanning the word again. It fills the token's padding.
    pub shape: u8,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// A [`Token::shape`] bit: an ASCII capital.
pub const SHAPE_UPPER: u8 = 1;
/// A [`Token::shape`] bit: an ASCII digit.
pub const SHAPE_DIGIT: u8 = 1 << 1;
/// A [`Token::shape`] bit: a hyphen-minus.
pub const SHAPE_DASH: u8 = 1 << 2;
/// A [`Token::shape`] bit: a full stop.
pub const SHAPE_DOT: u8 = 1 << 3;
/// A [`Token::shape`] bit: a byte of a character beyond ASCII.
pub const SHAPE_NON_ASCII: u8 = 1 << 4;

/// The union of the `SHAPE_*` bits of the bytes of `text`: what [`Token::shape`] holds for a
/// token's text.
pub fn shape_of(text: &str) -> u8 {
    text.bytes()
        .fold(0, |seen, b| seen | BYTE_SHAPES[usize::from(b)])
}

impl Token {
    /// The token's text within `text`, the string it was scanned from. Sliced here rather than
    /// through `crate::slice`: each call layer (opt-level "z" keeps `slice` one, and this one
    /// too) cost the wasm build as much as the slicing, so speakers' `TokenTables::new`, which
    /// reads every token, slices in place instead of calling this.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or_default()
    }
}

/// Whether `c` is a word character: a letter, a digit or a combining mark.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        non_ascii_word_char(c)
    }
}

/// [`is_word_char`] beyond ASCII. The non-ASCII characters of most news text are accented
/// Latin letters and curly quotes, apostrophes and dashes: those blocks are settled by range,
/// without the search through Unicode's tables that `char::is_alphanumeric` makes for every
/// character from U+00AA (a measurable share of the tokenizer's time).
fn non_ascii_word_char(c: char) -> bool {
    match c {
        // Latin-1 letters and Latin Extended-A: all letters but the two signs.
        '\u{C0}'..='\u{17F}' => !matches!(c, '×' | '÷'),
        // General Punctuation: spaces, dashes, quotation marks, format characters.
        '\u{2000}'..='\u{206F}' => false,
        _ => is_word_char_by_tables(c),
    }
}

/// [`is_word_char`] by Unicode's tables, for any character: what the range fast paths of
/// [`non_ascii_word_char`] must agree with.
fn is_word_char_by_tables(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Characters that may join two word pieces into one word when letters follow.
fn is_word_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '·')
}

/// Splits `text` into word and punctuation tokens, dropping whitespace. One pass; the only
/// allocation is the output (callers that only walk the tokens use [`tokens`] instead).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    out.extend(tokens(text));
    out
}

/// The tokens of an article's running text (headline, paragraphs, headings and captions),
/// computed once per analysis and shared by the passes that read words, instead of each pass
/// tokenizing each block again. Other blocks (bylines, image text, metadata) have no tokens
/// here. All tokens live in one list, so the whole article costs one allocation.
#[derive(Clone, Debug, Default)]
pub struct ArticleTokens {
    /// Every tokenized block's tokens, block after block.
    tokens: Vec<Token>,
    /// Where each block's tokens start in `tokens`, and one past the last block's end.
    starts: Vec<usize>,
}

impl ArticleTokens {
    /// Tokenizes the running text of `blocks`.
    pub fn new(blocks: &[Block]) -> ArticleTokens {
        let bytes: usize = blocks.iter().map(|b| b.text.len()).sum();
        let mut tokens = Vec::with_capacity(bytes / 5);
        let mut starts = Vec::with_capacity(blocks.len() + 1);
        for block in blocks {
            starts.push(tokens.len());
            if matches!(
                block.kind,
                BlockKind::Headline
                    | BlockKind::Paragraph
                    | BlockKind::Heading
                    | BlockKind::Caption
            ) {
                tokens.extend(self::tokens(&block.text));
            }
        }
        starts.push(tokens.len());
        ArticleTokens { tokens, starts }
    }

    /// The number of tokens in all blocks.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// The tokens of block `index` (none for a block that is not running text or not there).
    pub fn block(&self, index: usize) -> &[Token] {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&from), Some(&to)) => self.tokens.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// The tokens of `text` as [`tokenize`] finds them, one at a time, without allocating.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, pos: 0 }
}

/// The iterator behind [`tokens`]: a byte position that always stays on a character boundary.
#[derive(Clone, Debug)]
pub struct Tokens<'t> {
    text: &'t str,
    pos: usize,
}

/// The character that starts at byte `at` of `text` (a character boundary), `None` at the end.
/// ASCII, most of any news text, is read without UTF-8 decoding. Always inlined, the decoding
/// out of line: the byte test cost less than the call opt-level "z" made of it.
#[inline(always)]
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        // The end too: `decode_char_at` answers `None` there.
        _ => decode_char_at(text.as_bytes(), at),
    }
}

/// The character that starts at byte `at` of `bytes`, a string's UTF-8 (`at` a character
/// boundary), `None` at the end: [`char_at`] beyond ASCII, and any character where inlining
/// `char_at`'s ASCII test would not pay (the quotation finder's marks and the characters after
/// them, the finder's count of a text node's characters). What `text.get(at..)` and its
/// `chars().next()` find, decoded from the bytes: the slice and the iterator were two calls of
/// some 80 instructions together in the wasm build. Unlike the slice, it does not check that
/// `at` is a boundary: inside a character it answers another one. Bytes, not a `str`, so that a
/// caller holding only a string's bytes need not cut a `str` first.
#[inline(never)]
pub(crate) fn decode_char_at(bytes: &[u8], at: usize) -> Option<char> {
    let lead = *bytes.get(at)?;
    // The lead byte's bits below its length marker (its high ones), then six bits of each
    // continuation byte (`10xxxxxx`) after it: in valid UTF-8, those of its character.
    let mut code = u32::from(lead) & (0x7F >> lead.leading_ones());
    let mut next = at + 1;
    while let Some(&b) = bytes.get(next).filter(|&&b| b & 0xC0 == 0x80) {
        code = code << 6 | u32::from(b & 0x3F);
        next += 1;
    }
    char::from_u32(code)
}

/// What a byte starting a token is ([`BYTE_CLASSES`]): an ASCII letter or digit (a word
/// character). The classes are numbered by how often the tokenizer meets them, words first,
/// then spaces, then punctuation: node's V8 tests a small `br_table`'s cases one by one in the
/// order of their numbers.
const BYTE_WORD: u8 = 0;
/// ASCII whitespace (what `char::is_whitespace` accepts in ASCII: tab, line feed, vertical tab,
/// form feed, carriage return, space).
const BYTE_SPACE: u8 = 1;
/// ASCII punctuation or a symbol.
const BYTE_PUNCT: u8 = 2;
/// A byte from 0x80: part of a non-ASCII character.
const BYTE_NON_ASCII: u8 = 3;

/// The class of each byte (`BYTE_*`), as a table: one load per byte in the tokenizer's loops
/// instead of range tests, and one load tells a token's first byte's kind.
static BYTE_CLASSES: [u8; 256] = {
    let mut table = [BYTE_NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            BYTE_WORD
        } else if matches!(byte, b'\t'..=b'\r' | b' ') {
            BYTE_SPACE
        } else {
            BYTE_PUNCT
        };
        b += 1;
    }
    table
};

/// The `SHAPE_*` bits of each byte ([`Token::shape`]).
static BYTE_SHAPES: [u8; 256] = {
    let mut table = [SHAPE_NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'A'..=b'Z' => SHAPE_UPPER,
            b'0'..=b'9' => SHAPE_DIGIT,
            b'-' => SHAPE_DASH,
            b'.' => SHAPE_DOT,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The `SHAPE_*` bits of ASCII letters and digits whose bytes ANDed together make `letters`:
/// a capital (0x41 to 0x5A) is the only such byte without bit 5, a digit (0x30 to 0x39) the
/// only one without bit 6. So the tokenizer's word loop pays one AND a byte for these bits,
/// where a table load and an OR would cost it three instructions (measured).
#[inline]
fn letter_shape(letters: u8) -> u8 {
    // Bits 5 and 6 cleared become set, moved to bits 0 and 1: `SHAPE_UPPER` and `SHAPE_DIGIT`.
    const _: () = assert!(SHAPE_UPPER == 1 && SHAPE_DIGIT == 2);
    (!letters >> 5) & (SHAPE_UPPER | SHAPE_DIGIT)
}

/// Whether byte `b` is an ASCII letter or digit.
#[inline]
fn is_ascii_word_byte(b: u8) -> bool {
    BYTE_CLASSES[usize::from(b)] == BYTE_WORD
}

/// The end of the word whose characters run up to `pos` in `text` (a character boundary): word
/// characters, and joiners with a word character after them ("U.S", "don't"); with the word's
/// [`Token::shape`], given the bytes before `pos`: the ASCII letters and digits ANDed in
/// `letters` (see [`letter_shape`]; 0xFF for none), the other bytes' shape bits in `shape`.
/// Always inlined: at opt-level "z" it stayed a call per word token, its two results passed
/// back through memory. It reads the word's ASCII letters and digits, most words whole, and
/// hands over to [`joined_word_end`] at a joiner byte (whether or not the word goes on after
/// it, as at a sentence's last word) or a byte beyond ASCII: with those tests' calls in its
/// loop, the wasm engine kept the loop's byte and position in memory, not registers, for every
/// word.
#[inline(always)]
fn word_end(text: &str, mut pos: usize, mut letters: u8, shape: u8) -> (usize, u8) {
    let bytes = text.as_bytes();
    // One table load a byte (an ASCII byte is a whole character, so the position stays on a
    // boundary).
    while let Some(&b) = bytes.get(pos).filter(|&&b| is_ascii_word_byte(b)) {
        letters &= b;
        pos += 1;
    }
    match bytes.get(pos) {
        Some(&b) if !b.is_ascii() || matches!(b, b'\'' | b'-' | b'.') => {
            joined_word_end(text, pos, letters, shape)
        }
        _ => (pos, shape | letter_shape(letters)),
    }
}

/// [`word_end`] from byte `pos`, a joiner or a character beyond ASCII after the word's ASCII
/// letters and digits so far, or any character after a word's first one beyond ASCII: the rest
/// of the word, through any more joiners and characters.
#[inline(never)]
fn joined_word_end(text: &str, mut pos: usize, mut letters: u8, mut shape: u8) -> (usize, u8) {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(pos) {
        if is_ascii_word_byte(b) {
            letters &= b;
            pos += 1;
            continue;
        }
        let next = if b.is_ascii() {
            // Not a letter or digit: only a joiner with a word character after it stays
            // inside the word.
            if !(matches!(b, b'\'' | b'-' | b'.') && word_char_at(text, pos + 1)) {
                break;
            }
            pos + 1
        } else {
            match non_ascii_word_step(text, pos) {
                Some(next) => next.get(),
                None => break,
            }
        };
        shape |= BYTE_SHAPES[usize::from(b)];
        pos = next;
    }
    (pos, shape | letter_shape(letters))
}

/// Whether a word character starts at byte `at` of `text` (a character boundary).
#[inline]
fn word_char_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => is_ascii_word_byte(b),
        Some(_) => char_at(text, at).is_some_and(is_word_char),
        None => false,
    }
}

/// [`joined_word_end`] at a non-ASCII character at byte `pos`: where the word goes on after
/// it, or `None` when the word ends before it. Out of line, so that the ASCII loops stay small;
/// the position after a character is never 0, so the answer is one number (in a register, where
/// an `Option<usize>` would go through memory in the wasm build).
#[inline(never)]
fn non_ascii_word_step(text: &str, pos: usize) -> Option<NonZeroUsize> {
    let c = char_at(text, pos)?;
    let next = pos + c.len_utf8();
    let inside = is_word_char(c) || (is_word_joiner(c) && word_char_at(text, next));
    NonZeroUsize::new(next).filter(|_| inside)
}

/// The token that the non-ASCII character at byte `start` of `text` begins: its kind, end and
/// [`Token::shape`], or no kind (with the character's end) when it is whitespace. Out of line,
/// so that the ASCII path of [`Tokens::next`] keeps its few registers.
#[inline(never)]
fn non_ascii_token(text: &str, start: usize) -> (Option<TokenKind>, usize, u8) {
    // `start` is a character boundary inside `text`, so a character is there.
    let Some(c) = char_at(text, start) else {
        return (None, text.len(), 0);
    };
    let end = start + c.len_utf8();
    if c.is_whitespace() {
        (None, end, 0)
    } else if is_word_char(c) {
        let (end, shape) = joined_word_end(text, end, 0xFF, SHAPE_NON_ASCII);
        (Some(TokenKind::Word), end, shape)
    } else {
        (Some(TokenKind::Punct), end, SHAPE_NON_ASCII)
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    /// Always inlined into its one caller, the `extend` instance that [`tokenize`] and
    /// [`ArticleTokens::new`] share: as a call it cost that loop a stack frame and
    /// each token passed back through memory.
    #[inline(always)]
    fn next(&mut self) -> Option<Token> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut start = self.pos;
        loop {
            let &lead = bytes.get(start)?;
            // ASCII, most of any news text, is classified by its byte alone.
            let (kind, end, shape) = match BYTE_CLASSES[usize::from(lead)] {
                BYTE_WORD => {
                    let (end, shape) = word_end(text, start + 1, lead, 0);
                    (TokenKind::Word, end, shape)
                }
                BYTE_SPACE => {
                    start += 1;
                    continue;
                }
                BYTE_PUNCT => (TokenKind::Punct, start + 1, BYTE_SHAPES[usize::from(lead)]),
                _ => match non_ascii_token(text, start) {
                    (Some(kind), end, shape) => (kind, end, shape),
                    (None, end, _) => {
                        start = end;
                        continue;
                    }
                },
            };
            self.pos = end;
            return Some(Token {
                kind,
                shape,
                start,
                end,
            });
        }
    }
}

/// The lower-case form of a character, for lookup keys: ASCII, Latin-1, Latin Extended-A and
/// Additional, Greek, Cyrillic and Armenian capitals map to their small letters, everything else
/// stays as it is. Used instead of `char::to_lowercase`, whose full Unicode case tables cost the
/// wasm build about 9 KB gzip; news text outside these scripts rarely has case at all. Capital
/// dotted I ("İ") maps to a plain "i", so a key stays one character per character.
#[inline]
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        lower_non_ascii(c)
    }
}

/// Whether `word` starts with a capital letter. An ASCII first letter, as in most words, is
/// settled by its byte, without decoding or Unicode's case tables; the people finder and the
/// speaker attribution ask it of nearly every token.
#[inline]
pub fn starts_upper(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// [`starts_upper`] for a word whose shape is `shape` ([`shape_of`] of the word or of a text
/// that holds it, a token's say): a word starting with a capital holds an ASCII capital or a
/// byte beyond ASCII, so the shape settles most words without reading them. Always inlined:
/// people and speakers ask it of every token, and as a function of its own (opt-level "z"
/// keeps it one) the call costs more than the shape test it is there to make. A word starting
/// with an ASCII byte (most capitalised words) is settled by that byte here, without the call.
#[inline(always)]
pub fn starts_upper_shaped(word: &str, shape: u8) -> bool {
    if shape & (SHAPE_UPPER | SHAPE_NON_ASCII) == 0 {
        return false;
    }
    match word.as_bytes().first() {
        Some(&b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => starts_upper(word),
    }
}

/// How many whitespace-separated words of `text` hold a letter or digit, counting stops at
/// `at_most`: what `text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric))
/// .take(at_most).count()` gives. Every quotation's text is counted, and that iterator chain
/// (char decoding, the whitespace splitter) was a measurable share of the wasm build's time:
/// the words come from [`whitespace_words`], which decodes only beyond ASCII, and a word's
/// first ASCII letter or digit settles it; callers need only know whether a quotation is
/// shorter than a few words. (A loop of its own over byte classes cost 39 B more gzip.)
pub fn count_alphanumeric_words(text: &str, at_most: usize) -> usize {
    let mut count = 0;
    for word in whitespace_words(text) {
        // An ASCII letter or digit settles most words without decoding them.
        if word.bytes().any(is_ascii_word_byte) || word.chars().any(char::is_alphanumeric) {
            if count == at_most {
                break;
            }
            count += 1;
        }
    }
    count
}

/// The words of `text` between whitespace, as `str::split_whitespace` finds them, with
/// characters decoded only beyond ASCII.
pub fn whitespace_words(text: &str) -> impl Iterator<Item = &str> {
    words_between(text, char::is_whitespace)
}

/// The non-empty pieces of `text` between characters for which `is_separator` holds, as
/// `text.split(is_separator).filter(|w| !w.is_empty())` finds them, for an `is_separator` that
/// holds of exactly the ASCII whitespace among ASCII characters (as `char::is_whitespace` and
/// the quotation finder's spaces do): an ASCII byte is settled by its byte class, and only a
/// character beyond ASCII is decoded and asked (a call through the pointer for every character
/// cost more than the splitting).
pub(crate) fn words_between(
    text: &str,
    is_separator: fn(char) -> bool,
) -> impl Iterator<Item = &str> {
    let mut i = 0;
    core::iter::from_fn(move || {
        // Where the word being read starts: moved past each separator before the word's first
        // character, so that the word ends at the first separator after one.
        let mut start = i;
        while let Some(&b) = text.as_bytes().get(i) {
            let (separator, len) = match BYTE_CLASSES[usize::from(b)] {
                BYTE_SPACE => (true, 1),
                BYTE_NON_ASCII => match decode_char_at(text.as_bytes(), i) {
                    Some(c) => (is_separator(c), c.len_utf8()),
                    None => break,
                },
                _ => (false, 1),
            };
            if separator {
                if start < i {
                    break;
                }
                start = i + len;
            }
            i += len;
        }
        text.get(start..i).filter(|w| !w.is_empty())
    })
}

/// Where `needle` first occurs in `text`, as `str::find` with a `&str` pattern answers.
/// `str::find` builds a two-way searcher for every call, which in the wasm cost more than the
/// searches it served (and 1.5 KB of code). Most needles are short constants ("author", " via "),
/// compared where their first byte matches; a needle longer than `SHORT_NEEDLE` bytes can come
/// from the page (the article finder looks for headings in the page title), and is searched in
/// linear time (`find_long`), so that no page can make one search cost text × needle. A match
/// of a whole UTF-8 needle always starts and ends on char boundaries, so the offset is safe to
/// slice at.
pub fn find_str(text: &str, needle: &str) -> Option<usize> {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    if needle.len() > SHORT_NEEDLE {
        return find_long(text, needle);
    }
    // Only starts that leave room for the whole needle; each found by the first byte's search,
    // sixteen bytes a step ([`next_byte_below`]: the byte below 1 with its bits flipped).
    let starts = text.len().saturating_sub(rest.len());
    let mut at = 0;
    while let Some(i) = next_byte_below(text, at, first, 1).filter(|&i| i < starts) {
        if text
            .get(i + 1..)
            .is_some_and(|after| after.starts_with(rest))
        {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// The longest needle [`find_str`] compares at every matching first byte: at most this many
/// byte comparisons per byte of text.
const SHORT_NEEDLE: usize = 16;

/// [`find_str`] for a long needle, by Knuth–Morris–Pratt: after a mismatch the search resumes
/// from the longest prefix of the needle that ends the bytes matched so far, so every byte of
/// `text` is read once and the work is linear in both lengths.
fn find_long(text: &[u8], needle: &[u8]) -> Option<usize> {
    // `border[k]`: the length of the longest proper prefix of `needle[..=k]` that also ends it.
    let mut border = vec![0usize; needle.len()];
    let mut len = 0;
    for k in 1..needle.len() {
        while len > 0 && needle[k] != needle[len] {
            len = border[len - 1];
        }
        if needle[k] == needle[len] {
            len += 1;
        }
        border[k] = len;
    }
    let mut matched = 0;
    for (i, &b) in text.iter().enumerate() {
        while matched > 0 && b != needle[matched] {
            matched = border[matched - 1];
        }
        if b == needle[matched] {
            matched += 1;
            if matched == needle.len() {
                return Some(i + 1 - matched);
            }
        }
    }
    None
}

/// Whether `needle` occurs in `text`, as `str::contains` with a `&str` pattern answers (see
/// [`find_str`]).
pub fn contains_str(text: &str, needle: &str) -> bool {
    find_str(text, needle).is_some()
}

/// `text` with each run of whitespace made one space and none at either end: what
/// `text.split_whitespace().collect::<Vec<_>>().join(" ")` gives, without the vector.
pub fn collapse_whitespace(text: &str) -> String {
    // Most texts (names, quotes) are collapsed already: one byte scan instead of decoding.
    if is_collapsed(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    push_joined(&mut out, whitespace_words(text), ' ');
    out
}

/// Whether `text` is words separated by single ASCII spaces, with no space at either end and no
/// other whitespace (`char::is_whitespace`, nor the zero-width space, which the quotation finder
/// also splits on): what collapsing its whitespace would leave unchanged. One byte scan, where
/// splitting decodes every character. Non-ASCII characters are words' unless
/// [`may_start_space`] says they may be spaces (texts with curly quotation marks or dashes
/// would take the slow path otherwise).
pub(crate) fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    // The byte before, as if a space were before the text (which may not start with one).
    let mut prev = b' ';
    for (i, &b) in bytes.iter().enumerate() {
        // One range test settles the usual byte, printable ASCII but the space. Of the others,
        // `BYTE_SPACE` is exactly the ASCII whitespace `char::is_whitespace` accepts, of which
        // only a single space between words is collapsed already.
        if !(0x21..0x80).contains(&b) {
            match BYTE_CLASSES[usize::from(b)] {
                BYTE_SPACE if b != b' ' || prev == b' ' => return false,
                BYTE_NON_ASCII if may_start_space(bytes.get(i..).unwrap_or_default()) => {
                    return false
                }
                _ => {}
            }
        }
        prev = b;
    }
    prev != b' '
}

/// Whether `bytes` may start with the UTF-8 encoding of a non-ASCII space character:
/// U+0085, U+00A0, U+1680, U+2000 to U+200B, U+2028, U+2029, U+202F, U+205F, U+3000. It may say
/// so of other characters sharing their first bytes (the caller then takes the slow path), never
/// the reverse. A continuation byte is never a lead byte tested here, so every byte of a text
/// can be asked.
fn may_start_space(bytes: &[u8]) -> bool {
    match bytes {
        [0xC2, 0x85 | 0xA0, ..] | [0xE1, 0x9A, ..] | [0xE2, 0x81, ..] | [0xE3, 0x80, ..] => true,
        [0xE2, 0x80, third, ..] => matches!(third, 0x80..=0x8B | 0xA8 | 0xA9 | 0xAF),
        _ => false,
    }
}

/// `words` with `separator` between each two, as `words.join(separator)` gives: the wasm then
/// carries this loop instead of core's generic `join` (1.2 KB raw).
pub fn join(words: &[&str], separator: char) -> String {
    let mut out = String::new();
    push_joined(&mut out, words.iter().copied(), separator);
    out
}

/// Appends `words` to `out` with `separator` between each two, and before the first unless `out`
/// is empty: a text continued word by word (a collapsed text, a quotation's pieces) or, from an
/// empty `out`, [`join`]. Each word but the first gets a separator, so empty words keep theirs,
/// as `[&str]::join` keeps them.
pub fn push_joined<'a>(out: &mut String, words: impl Iterator<Item = &'a str>, separator: char) {
    let mut first = out.is_empty();
    for word in words {
        if !first {
            out.push(separator);
        }
        first = false;
        out.push_str(word);
    }
}

/// `text` lower-cased with [`lower_char`]: for lookup keys, where the full Unicode case tables
/// would cost the wasm build ~9 KB gzip for scripts the lexicons never hold.
pub fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    lower_into(text, &mut out);
    out
}

/// Appends `text` lower-cased with [`lower_char`] to `out`, so that a caller looking up many
/// words can reuse one key buffer.
pub fn lower_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        push_ascii_lower(out, text);
    } else {
        push_mapped(out, text, lower_non_ascii);
    }
}

/// Appends `text` to `out` lower-cased, each ASCII character as `to_ascii_lowercase` lowers it
/// and every other replaced by `map_non_ascii` of it: `out.extend(text.chars().map(map))` for a
/// `map` that lowers ASCII so (as [`lower_char`] and cues' normalisation do), without a call
/// through the pointer for an ASCII character, most of any word. Each run of characters that
/// stay as they are is copied with one `push_str`: most characters of a word being lowered or
/// normalised stay the same (all but the capital of "Müller"), and a `push` per character (a
/// call with its capacity check and UTF-8 encoding in the wasm build) cost more than the
/// mapping.
pub(crate) fn push_mapped(out: &mut String, text: &str, map_non_ascii: fn(char) -> char) {
    // Where the run of characters not yet copied starts.
    let mut run = 0;
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        let next = at + c.len_utf8();
        let mapped = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            map_non_ascii(c)
        };
        if mapped != c {
            // No append of an empty run (a call with its capacity check in the wasm build): a
            // text often starts at its first changed character.
            if run < at {
                out.push_str(text.get(run..at).unwrap_or_default());
            }
            out.push(mapped);
            run = next;
        }
        at = next;
    }
    out.push_str(text.get(run..).unwrap_or_default());
}

/// Appends `ascii`, an ASCII string, lower-cased: one copy and an in-place byte loop instead of
/// a push per character (most words are ASCII).
#[inline]
pub(crate) fn push_ascii_lower(out: &mut String, ascii: &str) {
    let start = out.len();
    out.push_str(ascii);
    if let Some(added) = out.get_mut(start..) {
        added.make_ascii_lowercase();
    }
}

/// [`lower_char`] beyond ASCII, out of line so that the ASCII case inlines small.
pub(crate) fn lower_non_ascii(c: char) -> char {
    let code = u32::from(c);
    let offset = match code {
        0xC0..=0xD6 | 0xD8..=0xDE => 0x20,
        0x130 => return 'i',
        0x178 => return '\u{FF}',
        0x1E9E => return '\u{DF}',
        // Pairs of capital (even) and small (odd) letters.
        0x100..=0x137 | 0x14A..=0x177 | 0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if code % 2 == 0 => 1,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if code % 2 == 0 => 1,
        // Pairs of capital (odd) and small (even) letters.
        0x139..=0x148 | 0x179..=0x17E | 0x4C1..=0x4CE if code % 2 == 1 => 1,
        0x386 => 0x26,
        0x388..=0x38A => 0x25,
        0x38C => 0x40,
        0x38E..=0x38F => 0x3F,
        0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => 0x20,
        0x400..=0x40F => 0x50,
        0x4C0 => 0xF,
        0x531..=0x556 => 0x30,
        _ => 0,
    };
    char::from_u32(code + offset).unwrap_or(c)
}

/// A set of words by a sketch of each (length, first and last byte), as 4096 bits: a word whose
/// sketch is not in the set is certainly not in it; one whose sketch is may be. Lexicon lookups
/// put one in front of their hash table: most words of a text are in no list, and a bit test
/// settles them without hashing.
pub struct WordSketch {
    bits: [u64; 64],
}

impl Default for WordSketch {
    fn default() -> WordSketch {
        WordSketch { bits: [0; 64] }
    }
}

impl WordSketch {
    /// The bit of `word`: its length, first and last byte mixed by a multiplication, the top 12
    /// bits of the product taken. Always inlined into its two callers: a call cost more than
    /// the multiplication.
    #[inline(always)]
    fn bit(bytes: &[u8]) -> usize {
        let first = u32::from(bytes.first().copied().unwrap_or(0));
        let last = u32::from(bytes.last().copied().unwrap_or(0));
        let length = bytes.len().min(255) as u32;
        let mixed = (first | last << 8 | length << 16).wrapping_mul(0x9E37_79B1);
        (mixed >> 20) as usize
    }

    /// Adds `word`.
    pub fn insert(&mut self, word: &str) {
        let bit = WordSketch::bit(word.as_bytes());
        if let Some(chunk) = self.bits.get_mut(bit / 64) {
            *chunk |= 1 << (bit % 64);
        }
    }

    /// Whether `word` may be in the set (`false`: it certainly is not).
    pub fn may_contain(&self, word: &str) -> bool {
        self.may_contain_bytes(word.as_bytes())
    }

    /// [`WordSketch::may_contain`] for a word as bytes.
    fn may_contain_bytes(&self, word: &[u8]) -> bool {
        let bit = WordSketch::bit(word);
        self.bits
            .get(bit / 64)
            .is_some_and(|chunk| chunk >> (bit % 64) & 1 == 1)
    }
}

/// The class bits of listed words and phrases (each bit a list a word is in), as the people
/// finder and the speaker attribution look them up once per token: one-byte words (commas, full
/// stops, "a", among the commonest tokens) by an array index, words of two to eight bytes (most
/// words of any text, listed or not) by their bytes as one number in a table of such numbers,
/// longer ones not in any list mostly by a [`WordSketch`] bit test, the rest in a [`KeyTable`].
///
/// The people finder and the speaker attribution each have a table and look a token up in their
/// own, though most tokens have one key in both. One table for both, with the people finder
/// leaving each token's bits in a slot beside the token for the attribution to read, was
/// measured: 44 k of the attribution's 51 k lookups a pass went, but the slots' reads and
/// writes in the two passes' large loops cost back 1.9 M of the 3.1 M instructions saved
/// (`analyzeText` −0.87%, `annotateSnapshot` −0.19%) for 255 B more gzip, over the build
/// ceiling.
pub struct WordClassTable {
    /// The bits of every listed key that [`short_key`] cannot hold.
    table: KeyTable,
    /// Every key in `table`.
    sketch: WordSketch,
    /// The bits of each listed key that [`short_key`] holds.
    short: ShortKeys,
    /// The bits of each one-byte ASCII key.
    single_bytes: [u64; 128],
}

impl Default for WordClassTable {
    fn default() -> WordClassTable {
        WordClassTable {
            table: KeyTable::new(),
            sketch: WordSketch::default(),
            short: ShortKeys::default(),
            single_bytes: [0; 128],
        }
    }
}

impl WordClassTable {
    /// Adds the bits `class` to those of `key`.
    pub fn add(&mut self, key: &str, class: u64) {
        // A one-byte `str` is one ASCII byte.
        if let &[byte] = key.as_bytes() {
            if let Some(bits) = self.single_bytes.get_mut(usize::from(byte)) {
                *bits |= class;
            }
            return;
        }
        if let Some(word) = short_key(key.as_bytes()) {
            self.short.add(word.get(), class);
            return;
        }
        self.table
            .insert(key, self.table.get(key).unwrap_or(0) | class);
        self.sketch.insert(key);
    }

    /// Adds the bits `class` to each word of `list`, a [`crate::word_list!`]: lists kept as
    /// length-prefixed bytes are smaller in the wasm build than `&[&str]` arrays, whose every
    /// word is a pointer and a length besides its bytes.
    pub(crate) fn add_listed(&mut self, list: &[u8], class: u64) {
        for word in listed_words(list) {
            self.add(word, class);
        }
    }

    /// The class bits of `key` (0 when it is in no list). Always inlined: it only hands the
    /// key's bytes to [`WordClassTable::of_bytes`].
    #[inline(always)]
    pub fn of(&self, key: &str) -> u64 {
        self.of_bytes(key.as_bytes())
    }

    /// [`WordClassTable::of`] for a key as bytes, so that a caller whose key lies in a buffer it
    /// writes need not slice it as a `str` (a call checking both ends in the wasm build).
    #[inline]
    pub fn of_bytes(&self, bytes: &[u8]) -> u64 {
        if let &[byte] = bytes {
            return self
                .single_bytes
                .get(usize::from(byte))
                .copied()
                .unwrap_or(0);
        }
        if let Some(word) = short_key(bytes) {
            return self.short.get(word.get());
        }
        self.of_long(bytes)
    }

    /// [`WordClassTable::of`] for a key [`short_key`] cannot hold, out of line: the hash
    /// table's `Option` answer goes through memory, and in `of` itself that stack frame was paid
    /// by every lookup, most of them of short words.
    #[inline(never)]
    fn of_long(&self, key: &[u8]) -> u64 {
        if !self.sketch.may_contain_bytes(key) {
            return 0;
        }
        self.table.value_of(key).unwrap_or(0)
    }

    /// The class bits of ASCII `word` lower-cased (0 when that is in no list), without copying
    /// it: its capitals are lowered in the number the table compares (`short_key`), eight at
    /// once. `None` when `word` is not one to eight ASCII bytes (the caller lowers it itself). A
    /// pass that looks up capitalised words (sentence starts) by their lower-case form saves a
    /// copy of each.
    #[inline]
    pub fn of_ascii_lowered(&self, word: &str) -> Option<u64> {
        let bytes = word.as_bytes();
        if let &[byte] = bytes {
            return self
                .single_bytes
                .get(usize::from(byte.to_ascii_lowercase()))
                .copied();
        }
        let key = short_key(bytes)?.get();
        // Below eight bytes the top byte is the length, below 8: no high bit but a byte's
        // beyond ASCII.
        if key & CHUNK_HIGH_BITS != 0 {
            return None;
        }
        // Every byte is below 0x80, so no sum carries into the next byte: the high bit of a
        // byte of `from_a` is set from 'A' on, of `past_z` from the byte after 'Z' on.
        let from_a = key.wrapping_add(CHUNK_ONES * u64::from(0x80 - b'A'));
        let past_z = key.wrapping_add(CHUNK_ONES * u64::from(0x80 - b'Z' - 1));
        let capitals = from_a & !past_z & CHUNK_HIGH_BITS;
        // 0x80 >> 2 is 0x20, the bit that makes a capital small.
        Some(self.short.get(key | capitals >> 2))
    }
}

/// The words of `list`, a [`crate::word_list!`] (each word's bytes after its length byte), in
/// order, for building tables. `crate::in_word_list` walks the list with its own loop: through
/// one shared iterator of the words, the lookups cost `annotateSnapshot` 0.9% more wasm
/// instructions and the wasm 57 B gzip more (measured).
pub(crate) fn listed_words(list: &[u8]) -> impl Iterator<Item = &str> {
    let mut rest = list;
    core::iter::from_fn(move || {
        let (&len, tail) = rest.split_first()?;
        let (word, next) = tail.split_at_checked(usize::from(len))?;
        rest = next;
        core::str::from_utf8(word).ok()
    })
}

/// A key of two to eight bytes as one number that tells every such key apart, so that a table
/// compares one number instead of strings: the bytes in order (little-endian), zero above them,
/// and for a key under eight bytes its length in the top byte. An eight-byte key fills the
/// number; one whose last byte is below 8 would read as a shorter key's length, so it (like any
/// other length) has none. Never 0, the empty slot of [`ShortKeys`]; as a `NonZeroU64` the
/// answer is one number, returned in a register, where an `Option<u64>` goes through memory in
/// the wasm build (this runs once per word looked up). Always inlined: as a call of its own
/// (opt-level "z" kept it one) it cost a lookup more than its few loads and shifts.
#[inline(always)]
fn short_key(bytes: &[u8]) -> Option<NonZeroU64> {
    let len = bytes.len();
    if len > 8 {
        return None;
    }
    if len < 2 {
        return None;
    }
    let word = padded_word(bytes);
    if len < 8 {
        NonZeroU64::new(word | (len as u64) << 56)
    } else if word >> 56 >= 8 {
        NonZeroU64::new(word)
    } else {
        None
    }
}

/// Values by [`short_key`] numbers: open addressing with linear probing, at most a quarter full
/// (half full, a third of the lookups read a second slot or more: a few kilobytes of memory
/// are cheaper than those reads), each slot the key's number and its value side by side, so
/// that a lookup is one multiplication and usually one slot read, without hashing bytes, an
/// entry list or a string comparison.
#[derive(Default)]
struct ShortKeys {
    /// Per slot two words, the key number and its value, (0, 0) when empty: one `u64` vector
    /// as the [`KeyTable`] has, so that the wasm build carries no new vector instances. The
    /// number of slots is 0 or a power of two.
    slots: Vec<u64>,
    /// The number of keys.
    len: usize,
}

impl ShortKeys {
    /// The index in `slots` of the slot holding key number `word`, or else of the empty slot
    /// where it would go (with no slots at all, an index past the end). The probe starts at the
    /// top bits of the product by [`HASH_MULTIPLIER`], which depend on every bit of the key.
    /// Always inlined: at opt-level "z" the lookup would otherwise be three nested calls per
    /// word ([`WordClassTable::of`], [`ShortKeys::get`], this), costing more than its probe.
    #[inline(always)]
    fn slot_for(&self, word: u64) -> usize {
        // Slots start at even indices: the mask keeps the index even and in range.
        let mask = self.slots.len().wrapping_sub(2);
        let mut at = (word.wrapping_mul(HASH_MULTIPLIER) >> 32) as usize & mask;
        // At most a quarter of the slots are full, so the probe always reaches an empty one.
        while let Some(&key) = self.slots.get(at) {
            if key == word || key == 0 {
                return at;
            }
            at = at.wrapping_add(2) & mask;
        }
        at
    }

    /// The value of key number `word`, 0 when it is absent (an empty slot's value). Always
    /// inlined, as [`ShortKeys::slot_for`] is.
    #[inline(always)]
    fn get(&self, word: u64) -> u64 {
        self.slots
            .get(self.slot_for(word) + 1)
            .copied()
            .unwrap_or(0)
    }

    /// ORs `class` into the value of key number `word` (never 0), adding the key when new.
    fn add(&mut self, word: u64, class: u64) {
        if (self.len + 1) * 8 > self.slots.len() {
            let size = (self.slots.len() * 2).max(32);
            let old = core::mem::replace(&mut self.slots, vec![0; size]);
            self.len = 0;
            let mut i = 0;
            while let (Some(&key), Some(&value)) = (old.get(i), old.get(i + 1)) {
                if key != 0 {
                    self.merge(key, value);
                }
                i += 2;
            }
        }
        self.merge(word, class);
    }

    /// ORs `class` into the value of key number `word`, taking its empty slot when it is new.
    fn merge(&mut self, word: u64, class: u64) {
        let at = self.slot_for(word);
        if let Some([key, value]) = self
            .slots
            .get_mut(at..)
            .and_then(|slot| slot.first_chunk_mut::<2>())
        {
            if *key == 0 {
                *key = word;
                self.len += 1;
            }
            *value |= class;
        }
    }
}

/// A table from string keys to `u64` values: open addressing with linear probing over
/// `KeyHash::of` hashes, kept at most half full. Each slot holds the upper half of its key's hash
/// beside the entry number, so that a probe rejects another key without reading it or its entry
/// (usually no string comparison at all on a miss, one on a hit). Keys longer than eight bytes
/// live in one shared buffer.
/// Used for lexicon word classes (bit sets) and for numbering distinct strings, where a
/// `HashMap` instantiation per key type would cost wasm size.
#[derive(Clone, Debug, Default)]
pub struct KeyTable {
    /// Per slot: the upper 32 bits of the key's hash, then the entry index + 1 in the lower 32
    /// bits (0 for an empty slot). The length is 0 or a power of two.
    slots: Vec<u64>,
    /// The keys in insertion order.
    entries: Vec<Entry>,
    /// Every key longer than eight bytes, one after another: a shorter key is all in its
    /// entry's `last_word`, and a probe never reads it here (an append is a `memory.copy`
    /// call in the wasm build, per new key).
    keys: String,
}

/// One key of a [`KeyTable`] and its value.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The key's hash, so that growing never re-reads a key.
    hash: u64,
    /// The key's last one to eight bytes as [`short_word`] reads them, all of a short key: a
    /// probe compares the length and this word, and reads the stored key only when it is longer.
    last_word: u64,
    /// Where the key starts in the table's `keys` (if it is there: longer than eight bytes).
    start: usize,
    /// The key's length in bytes.
    len: usize,
    /// The value.
    value: u64,
}

/// The lower 32 bits of a slot: the entry index + 1, 0 when the slot is empty.
const SLOT_ENTRY: u64 = 0xFFFF_FFFF;

/// The slot word for entry `entry` whose key hashes to `hash`. Entry numbers fit 32 bits: each
/// entry takes far more than one byte of memory, and wasm32 addresses 4 GB.
#[inline]
fn slot_word(hash: u64, entry: usize) -> u64 {
    (hash & !SLOT_ENTRY) | (entry as u64 + 1) & SLOT_ENTRY
}

impl KeyTable {
    /// An empty table.
    pub fn new() -> KeyTable {
        KeyTable::default()
    }

    /// An empty table with room for `keys` keys of `bytes` bytes in all (at most: only keys
    /// longer than eight bytes are stored) before it grows, for a caller that knows about how
    /// many it will hold: each growth re-places every key.
    pub fn with_capacity(keys: usize, bytes: usize) -> KeyTable {
        KeyTable {
            // At most half the slots are full (see `probe_for_insert`).
            slots: vec![0; (keys * 2).next_power_of_two().max(16)],
            entries: Vec::with_capacity(keys),
            keys: String::with_capacity(bytes),
        }
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value stored for `key`.
    pub fn get(&self, key: &str) -> Option<u64> {
        self.value_of(key.as_bytes())
    }

    /// [`KeyTable::get`] for a key as bytes.
    fn value_of(&self, key: &[u8]) -> Option<u64> {
        let hash = KeyHash::of(key);
        let entry = self.entry_at(self.probe(key, hash.hash, hash.last_word))?;
        self.entries.get(entry).map(|e| e.value)
    }

    /// Stores `value` for `key`, replacing any value it had.
    pub fn insert(&mut self, key: &str, value: u64) {
        // Through `intern`, which adds a new key with value 0: one copy of the hashing and the
        // probe in the wasm build for both.
        let entry = self.intern(key);
        if let Some(e) = self.entries.get_mut(entry) {
            e.value = value;
        }
    }

    /// The number of `key` in insertion order, inserting it (with value 0) when it is new: equal
    /// strings get equal numbers.
    pub fn intern(&mut self, key: &str) -> usize {
        let hash = KeyHash::of(key.as_bytes());
        let slot = self.probe_for_insert(key, hash);
        match self.entry_at(slot) {
            Some(entry) => entry,
            None => self.add_at(slot, key, hash),
        }
    }

    /// [`KeyTable::probe`] for a key that may be added, after growing the table if one more key
    /// would make it more than half full: a new key then goes in the empty slot this finds, with
    /// no second probe.
    fn probe_for_insert(&mut self, key: &str, hash: KeyHash) -> usize {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.probe(key.as_bytes(), hash.hash, hash.last_word)
    }

    /// Adds `key` (whose hash is `hash`, not in the table) with value 0 in the empty slot `slot`
    /// that [`KeyTable::probe_for_insert`] found for it; returns its entry index.
    fn add_at(&mut self, slot: usize, key: &str, hash: KeyHash) -> usize {
        let entry = self.entries.len();
        self.entries.push(Entry {
            hash: hash.hash,
            last_word: hash.last_word,
            start: self.keys.len(),
            len: key.len(),
            value: 0,
        });
        if key.len() > 8 {
            self.keys.push_str(key);
        }
        if let Some(s) = self.slots.get_mut(slot) {
            *s = slot_word(hash.hash, entry);
        }
        entry
    }

    /// The entry index that slot `slot` holds, `None` for an empty slot or one past the end.
    /// Always inlined, so that its answer stays in registers (see [`KeyTable::probe`]).
    #[inline(always)]
    fn entry_at(&self, slot: usize) -> Option<usize> {
        let word = *self.slots.get(slot)?;
        ((word & SLOT_ENTRY) as usize).checked_sub(1)
    }

    /// The index of the slot holding `key` (whose [`KeyHash`] is `hash` and `last_word`), or
    /// else of the empty slot where it would go (0 in a table without slots);
    /// [`KeyTable::entry_at`] tells which. One number, returned in a register, where a `Result`
    /// of two went back through memory in the wasm build (this runs once per word looked up);
    /// the hash comes as its two numbers for the same reason.
    fn probe(&self, key: &[u8], hash: u64, last_word: u64) -> usize {
        let slots = self.slots.as_slice();
        let mask = slots.len().wrapping_sub(1);
        let tag = hash & !SLOT_ENTRY;
        let mut slot = (hash as usize) & mask;
        // At most half the slots are full, so the probe always reaches an empty one (an empty
        // table has no slot: `get` misses at once).
        loop {
            // The next slot that is empty or holds a key of this tag, length and last word; the
            // stored key is compared after this loop, not in it (less code in the wasm build).
            let candidate = loop {
                let Some(&word) = slots.get(slot) else {
                    return 0;
                };
                let entry = word & SLOT_ENTRY;
                if entry == 0 {
                    return slot;
                }
                if word & !SLOT_ENTRY == tag {
                    if let Some(e) = self.entries.get(entry as usize - 1) {
                        if e.len == key.len() && e.last_word == last_word {
                            break e;
                        }
                    }
                }
                slot = slot.wrapping_add(1) & mask;
            };
            // A key of at most eight bytes is all in its last word.
            if key.len() <= 8
                || self
                    .keys
                    .as_bytes()
                    .get(candidate.start..)
                    .is_some_and(|stored| stored.starts_with(key))
            {
                return slot;
            }
            slot = slot.wrapping_add(1) & mask;
        }
    }

    /// Doubles the slots (at least 16) and re-places every key.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let mask = size - 1;
        self.slots = vec![0; size];
        for (i, e) in self.entries.iter().enumerate() {
            let mut slot = (e.hash as usize) & mask;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = slot_word(e.hash, i);
        }
    }
}

/// A [`KeyTable`] key's hash, and its last bytes as the probe compares them first.
#[derive(Clone, Copy, Debug)]
struct KeyHash {
    /// The hash: the slot index in the low bits, the slot's tag in the high half.
    hash: u64,
    /// The key's last one to eight bytes as [`short_word`] reads them (0 for an empty key).
    last_word: u64,
}

/// The odd multiplier of [`KeyHash::of`] (2^64 divided by the golden ratio): multiplying by it
/// spreads every input bit over the bits above it.
const HASH_MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

impl KeyHash {
    /// The hash of `key`: its bytes read eight at a time (a key of up to eight bytes, most
    /// lexicon words, in one or two loads), each word mixed in by a multiplication, the high half
    /// folded onto the low half and mixed again so that the slot index (low bits) depends on
    /// every byte. (Per-byte FNV-1a cost about 6 instructions a byte, the largest part of a
    /// lookup.) Always inlined: as a call, its two numbers came back through memory, which cost
    /// each lookup more than the wasm build grows by the two copies (`value_of`'s, the hot one,
    /// and `probe_for_insert`'s callers').
    #[inline(always)]
    fn of(key: &[u8]) -> KeyHash {
        let mut rest = key;
        // The length goes in first: the last word does not say how many bytes it holds.
        let mut hash = (rest.len() as u64).wrapping_mul(HASH_MULTIPLIER);
        // Whole words while more than one is left, so that the last one to eight bytes (all of
        // a short key) are read by `short_word`.
        while rest.len() > 8 {
            let Some((chunk, tail)) = rest.split_first_chunk::<8>() else {
                break;
            };
            hash = (hash ^ u64::from_le_bytes(*chunk))
                .wrapping_mul(HASH_MULTIPLIER)
                .rotate_left(29);
            rest = tail;
        }
        let last_word = short_word(rest);
        hash = (hash ^ last_word).wrapping_mul(HASH_MULTIPLIER);
        hash = (hash ^ hash >> 32).wrapping_mul(HASH_MULTIPLIER);
        KeyHash {
            hash: hash ^ hash >> 32,
            last_word,
        }
    }
}

/// The bytes of `short` (up to eight) as one word, without reading past its end: from four
/// bytes the first four and the last four (overlapping), below that the first, middle and last
/// byte. Every byte is in it, so two strings of one length up to eight bytes are equal exactly
/// when their words are. Always inlined into [`KeyHash::of`]: as a call (opt-level "z" kept it
/// one) it cost each lookup more than its few loads.
#[inline(always)]
fn short_word(short: &[u8]) -> u64 {
    if let (Some(first), Some(last)) = (short.first_chunk::<4>(), short.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32
    } else if let (Some(&first), Some(&last)) = (short.first(), short.last()) {
        let middle = short.get(short.len() / 2).copied().unwrap_or_default();
        u64::from(first) | u64::from(middle) << 8 | u64::from(last) << 16
    } else {
        0
    }
}

/// Sorts numbers in ascending order, through [`sort_by_u64_key`] (the shared sort: a sort of
/// its own would cost the wasm build ~2 KB gzip) with one key closure for all callers.
pub fn sort_u64s(items: &mut [u64]) {
    sort_by_u64_key(items, |&n| n);
}

/// Sorts `items` stably by a `u64` key. Every caller shares one non-generic sort of (key, index)
/// pairs and one non-generic permutation walk, so the wasm build carries one sort routine and
/// one reordering loop instead of one per element type; only the key loop and the swap are
/// generic.
pub fn sort_by_u64_key<T>(items: &mut [T], key: impl Fn(&T) -> u64) {
    let mut order: Vec<(u64, usize)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        order.push((key(item), i));
    }
    sort_pairs(&mut order);
    apply_order(&mut order, &mut |a, b| swap_in_bounds(items, a, b));
}

/// Swaps `items[a]` and `items[b]`, as `items.swap(a, b)` does for two indices in range, and
/// does nothing otherwise: no element type's instance keeps `swap`'s bounds checks and panic
/// locations (the sort passes indices in range). Two distinct elements, swapped in place by
/// `mem::swap`: `<[T]>::swap`, which must allow `a == b`, went through a copy of one (three
/// `memory.copy` calls in the wasm build for a large element, a C call each in V8) and kept an
/// out-of-line instance with its panic paths (66 B gzip more in all, for about 0.1 M fewer
/// instructions a pass of `analyzeText`).
#[inline(always)]
fn swap_in_bounds<T>(items: &mut [T], a: usize, b: usize) {
    let (low, high) = (a.min(b), a.max(b));
    if let Some((first, rest)) = items.get_mut(low..).and_then(<[T]>::split_first_mut) {
        if let Some(second) = (high - low).checked_sub(1).and_then(|i| rest.get_mut(i)) {
            core::mem::swap(first, second);
        }
    }
}

/// The one sort behind [`sort_by_u64_key`]: a heapsort of the pairs, in place, O(n log n);
/// the index in each pair makes the unstable sort stable. Not `sort_unstable`: core's sort
/// (pattern-defeating quicksort, its small sorts, merges and heapsort fallback) is 4.9 KB of
/// wasm for this one instance, this about 0.2 KB (measured 1,840 B gzip less, for 0.6% more
/// `analyzeText` instructions and 0.2% more `annotateSnapshot`: no sort is hot).
fn sort_pairs(pairs: &mut [(u64, usize)]) {
    let len = pairs.len();
    for root in (0..len / 2).rev() {
        sift_down(pairs, root, len);
    }
    for end in (1..len).rev() {
        pairs.swap(0, end);
        sift_down(pairs, 0, end);
    }
}

/// Moves `pairs[root]` down the max-heap held in `pairs[..end]` until both its children are
/// smaller: the heap step of [`sort_pairs`]. The moving pair is held aside and each larger child
/// moved up into the hole it leaves, the pair written once where it stops: what a swap per level
/// does, without the swap, a call each in the wasm build.
fn sift_down(pairs: &mut [(u64, usize)], root: usize, end: usize) {
    let heap = pairs.get_mut(..end).unwrap_or_default();
    let Some(&moving) = heap.get(root) else {
        return;
    };
    let mut hole = root;
    loop {
        let mut child = 2 * hole + 1;
        let Some(&left) = heap.get(child) else {
            break;
        };
        let mut larger = left;
        if let Some(&right) = heap.get(child + 1) {
            if left < right {
                child += 1;
                larger = right;
            }
        }
        if moving >= larger {
            break;
        }
        if let Some(slot) = heap.get_mut(hole) {
            *slot = larger;
        }
        hole = child;
    }
    if let Some(slot) = heap.get_mut(hole) {
        *slot = moving;
    }
}

/// Moves the items into sorted order with `swap(a, b)` calls: position `j` receives the item
/// that was at `order[j].1`. Each cycle of the permutation is followed once, with at most one
/// swap per item; a followed position is marked by pointing its entry at itself. `order` must
/// hold each index below its length once, as [`sort_by_u64_key`] builds it.
fn apply_order(order: &mut [(u64, usize)], swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut at = start;
        // Position `at` holds the item from `start`; it wants the one from `order[at].1`.
        while let Some(entry) = order.get_mut(at) {
            let from = core::mem::replace(&mut entry.1, at);
            if from == start || from == at {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn listed_words_are_the_words_of_a_word_list() {
        let cases: &[(&[u8], &[&str])] = &[
            (word_list!("a"), &["a"]),
            (word_list!("he il él"), &["he", "il", "él"]),
            (word_list!("… & l'"), &["…", "&", "l'"]),
        ];
        for &(list, want) in cases {
            assert_eq!(listed_words(list).collect::<Vec<_>>(), want);
        }
        let mut table = WordClassTable::default();
        table.add_listed(word_list!("the über ministers"), 2);
        for (word, want) in [("the", 2), ("über", 2), ("ministers", 2), ("minister", 0)] {
            assert_eq!(table.of(word), want, "{word:?}");
        }
    }

    #[test]
    fn word_class_table_merges_the_bits_of_each_key() {
        let mut table = WordClassTable::default();
        for (key, class) in [
            ("the", 1),
            ("the", 4),
            (",", 2),
            ("a", 8),
            (",", 16),
            ("de la", 1),
        ] {
            table.add(key, class);
        }
        let cases: &[(&str, u64)] = &[
            ("the", 5),
            (",", 18),
            ("a", 8),
            ("de la", 1),
            // Not added: other one-byte words, other lengths, capitals, the empty word.
            (".", 0),
            ("b", 0),
            ("th", 0),
            ("The", 0),
            ("", 0),
            ("é", 0),
        ];
        for &(key, want) in cases {
            assert_eq!(table.of(key), want, "{key:?}");
        }
    }

    #[test]
    fn ascii_words_are_looked_up_lowered_in_place() {
        let mut table = WordClassTable::default();
        for (key, class) in [("a", 1), ("de", 2), ("the", 4), ("über", 8), ("zu", 16)] {
            table.add(key, class);
        }
        table.add("although", 32);
        table.add("nevertheless", 64);
        // (word, expected: `None` when not one to eight ASCII bytes)
        let cases: &[(&str, Option<u64>)] = &[
            ("a", Some(1)),
            ("A", Some(1)),
            ("b", Some(0)),
            ("DE", Some(2)),
            ("De", Some(2)),
            ("THE", Some(4)),
            ("tHe", Some(4)),
            ("ZU", Some(16)),
            ("Zu", Some(16)),
            // '@' and '[' stand just outside the capitals.
            ("@e", Some(0)),
            ("[u", Some(0)),
            ("ALTHOUGH", Some(32)),
            ("Although", Some(32)),
            ("NEVERTHELESS", None),
            ("ÜBER", None),
            ("", None),
        ];
        for &(word, want) in cases {
            assert_eq!(table.of_ascii_lowered(word), want, "{word:?}");
            if want.is_some() {
                assert_eq!(Some(table.of(&lower(word))), want, "{word:?}");
            }
        }
    }

    #[test]
    fn starts_upper_reads_the_first_letter() {
        let cases: &[(&str, bool)] = &[
            ("Smith", true),
            ("smith", false),
            ("", false),
            ("É", true),
            ("élan", false),
            ("Ω", true),
            ("1st", false),
            ("“Yes", false),
        ];
        for &(word, want) in cases {
            assert_eq!(starts_upper(word), want, "{word:?}");
        }
    }

    #[test]
    fn finds_strings_as_str_find_does() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("", "a"),
            ("abc", ""),
            ("share-widget", "widget"),
            ("share-widget", "widgets"),
            ("aaab", "aab"),
            ("masthead", "masthead"),
            ("mast", "masthead"),
            ("é-header", "header"),
            ("x-é", "é"),
            ("a. b. c", ". "),
            ("Photo via AP via X", " via "),
            // Longer than a short needle: the linear-time search.
            ("aaaaaaaaaaaaaaaaaaaaab", "aaaaaaaaaaaaaaaaab"),
            (
                "abababababababababac ababababababababac",
                "ababababababababac",
            ),
            ("headline of the day | site", "headlineoftheday"),
            ("the headline of the day, the site", "headline of the day"),
        ];
        for &(text, needle) in cases {
            assert_eq!(
                find_str(text, needle),
                text.find(needle),
                "{text:?} {needle:?}"
            );
            assert_eq!(contains_str(text, needle), text.contains(needle));
        }
    }

    #[test]
    fn whitespace_word_helpers_agree_with_split_whitespace() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("one two  three", 3),
            ("  leading and trailing  ", 3),
            ("a — b", 2),
            ("“Yes,” she said.", 3),
            ("... !!! 42", 1),
            ("tab\tnew\nline\x0bvertical\u{a0}nbsp\u{2003}em", 6),
            ("café über naïve", 3),
            ("日本語 テキスト", 2),
            ("—", 0),
            ("zero\u{200b}width  space", 2),
        ];
        for &(text, want) in cases {
            let chain = text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(chain, want, "{text:?} (chain)");
            assert_eq!(count_alphanumeric_words(text, usize::MAX), want, "{text:?}");
            assert_eq!(count_alphanumeric_words(text, 2), want.min(2), "{text:?}");
            let words: Vec<&str> = whitespace_words(text).collect();
            assert_eq!(
                words,
                text.split_whitespace().collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(collapse_whitespace(text), words.join(" "), "{text:?}");
            // Any other separator that holds of the ASCII whitespace splits as `str::split`
            // does, empty pieces dropped.
            let is_separator = |c: char| c.is_whitespace() || c == '\u{200b}';
            let pieces: Vec<&str> = words_between(text, is_separator).collect();
            let split: Vec<&str> = text.split(is_separator).filter(|w| !w.is_empty()).collect();
            assert_eq!(pieces, split, "{text:?}");
        }
    }

    #[test]
    fn block_offsets_convert_each_block_and_pass_missing_ones_through() {
        let blocks = [
            Block::new(BlockKind::Paragraph, "plain text"),
            Block::new(BlockKind::Paragraph, "“Oui” 😀 x"),
        ];
        let offsets = BlockUtf16::new(&blocks);
        // (block, byte offset, expected UTF-16 offset)
        let cases: &[(usize, usize, usize)] = &[
            (0, 0, 0),
            (0, 5, 5),
            (1, "“Oui”".len(), 5),
            (1, "“Oui” 😀".len(), 8),
            (1, "“Oui” 😀 x".len(), 10),
            // Asked again: the kept map answers the same.
            (1, "“Oui”".len(), 5),
            (2, 7, 7),
        ];
        for &(block, byte, want) in cases {
            assert_eq!(
                offsets.utf16(block, byte),
                want,
                "block {block} byte {byte}"
            );
        }
    }

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
    fn tokens_split_words_punctuation_and_non_ascii() {
        // (text, expected tokens as (kind, text))
        use TokenKind::{Punct, Word};
        let cases: &[(&str, &[(TokenKind, &str)])] = &[
            ("", &[]),
            ("  \n\t ", &[]),
            ("\u{b}\u{c}\r\u{85}\u{a0}x", &[(Word, "x")]),
            ("\u{1c}", &[(Punct, "\u{1c}")]),
            ("a", &[(Word, "a")]),
            ("x-", &[(Word, "x"), (Punct, "-")]),
            ("-x", &[(Punct, "-"), (Word, "x")]),
            ("l’État", &[(Word, "l’État")]),
            ("« Oui »", &[(Punct, "«"), (Word, "Oui"), (Punct, "»")]),
            (
                "e\u{301}t\u{e9} 😀!",
                &[(Word, "e\u{301}t\u{e9}"), (Punct, "😀"), (Punct, "!")],
            ),
            ("über\u{a0}5.000", &[(Word, "über"), (Word, "5.000")]),
            ("漢字 日本", &[(Word, "漢字"), (Word, "日本")]),
        ];
        for &(text, want) in cases {
            let got: Vec<(TokenKind, &str)> =
                tokens(text).map(|t| (t.kind, t.text(text))).collect();
            assert_eq!(got, want, "{text:?}");
            assert_eq!(tokenize(text), tokens(text).collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn word_characters_fast_paths_agree_with_the_unicode_tables() {
        // Every character: the range fast paths cover whole blocks.
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), is_word_char_by_tables(c), "{c:?}");
        }
        let cases: &[(char, bool)] = &[
            ('a', true),
            ('5', true),
            ('-', false),
            ('é', true),
            ('Ł', true),
            ('ſ', true),
            ('×', false),
            ('÷', false),
            ('’', false),
            ('“', false),
            ('—', false),
            ('\u{2003}', false),
            ('\u{2071}', true),
            ('\u{301}', true),
            ('漢', true),
            ('😀', false),
        ];
        for &(c, want) in cases {
            assert_eq!(is_word_char(c), want, "{c:?}");
        }
    }

    /// [`shape_of`] read character by character.
    fn simple_shape(text: &str) -> u8 {
        text.chars().fold(0, |seen, c| {
            seen | match c {
                'A'..='Z' => SHAPE_UPPER,
                '0'..='9' => SHAPE_DIGIT,
                '-' => SHAPE_DASH,
                '.' => SHAPE_DOT,
                _ if !c.is_ascii() => SHAPE_NON_ASCII,
                _ => 0,
            }
        })
    }

    #[test]
    fn shapes_gather_the_bits_of_every_byte() {
        // (text, expected shape)
        let cases: &[(&str, u8)] = &[
            ("", 0),
            ("said", 0),
            ("don't", 0),
            ("Said", SHAPE_UPPER),
            ("U.S", SHAPE_UPPER | SHAPE_DOT),
            ("5.000", SHAPE_DIGIT | SHAPE_DOT),
            ("al-Assad", SHAPE_DASH | SHAPE_UPPER),
            ("été", SHAPE_NON_ASCII),
            ("l’État", SHAPE_NON_ASCII),
            ("—", SHAPE_NON_ASCII),
            (",", 0),
        ];
        for &(text, want) in cases {
            assert_eq!(shape_of(text), want, "{text:?}");
            assert_eq!(simple_shape(text), want, "{text:?}");
            // A token carries the shape of its text.
            for t in tokens(text) {
                assert_eq!(t.shape, shape_of(t.text(text)), "{text:?}");
            }
        }
    }

    /// The tokenizer's rules read character by character: what [`tokens`] must find.
    fn simple_tokens(text: &str) -> Vec<Token> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(&(start, c)) = chars.get(i) {
            i += 1;
            if c.is_whitespace() {
                continue;
            }
            let kind = if is_word_char(c) {
                TokenKind::Word
            } else {
                TokenKind::Punct
            };
            if kind == TokenKind::Word {
                while let Some(&(_, c)) = chars.get(i) {
                    let joins = is_word_joiner(c)
                        && chars.get(i + 1).is_some_and(|&(_, n)| is_word_char(n));
                    if !(is_word_char(c) || joins) {
                        break;
                    }
                    i += 1;
                }
            }
            let end = chars.get(i).map_or(text.len(), |&(at, _)| at);
            let shape = text.get(start..end).map_or(0, simple_shape);
            out.push(Token {
                kind,
                shape,
                start,
                end,
            });
        }
        out
    }

    /// `is_collapsed` as one byte loop over the byte classes, before printable ASCII was
    /// settled by a range test: the reference it must equal.
    fn is_collapsed_by_classes(text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut prev_space = true;
        for (i, &b) in bytes.iter().enumerate() {
            match BYTE_CLASSES[usize::from(b)] {
                BYTE_SPACE => {
                    if b != b' ' || prev_space {
                        return false;
                    }
                    prev_space = true;
                }
                BYTE_NON_ASCII if may_start_space(bytes.get(i..).unwrap_or_default()) => {
                    return false
                }
                _ => prev_space = false,
            }
        }
        !prev_space
    }

    proptest::proptest! {
        /// The range test settles a text as the class loop does, on texts of the bytes it
        /// treats apart (spaces, other whitespace and control bytes, the edges of printable
        /// ASCII, non-ASCII spaces and letters).
        #[test]
        fn is_collapsed_matches_the_class_loop(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'a', 'a', ' ', ' ', '!', '~', '\u{7f}', '\u{1f}', '\u{20}', '\t', '\n',
                    '\0', '\u{a0}', '\u{85}', '\u{2009}', '’', 'é', '漢',
                ]),
                0..24,
            )
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(is_collapsed(&text), is_collapsed_by_classes(&text));
        }

        /// Decoding from the bytes finds the character `Chars` finds at every character
        /// boundary of any text (one to four bytes), and nothing past its end.
        #[test]
        fn decode_char_at_is_the_first_char_from_there(text in proptest::prelude::any::<String>()) {
            for at in (0..=text.len() + 1).filter(|&at| text.is_char_boundary(at) || at > text.len()) {
                let want = text.get(at..).and_then(|rest| rest.chars().next());
                proptest::prop_assert_eq!(decode_char_at(text.as_bytes(), at), want, "at {}", at);
            }
        }

        /// The shape settles capitals as reading the word does.
        #[test]
        fn starts_upper_shaped_is_starts_upper(word in "[aZ1-é É'ẞ😀]{0,6}") {
            proptest::prop_assert_eq!(starts_upper_shaped(&word, shape_of(&word)), starts_upper(&word));
        }

        /// The byte-level tokenizer finds the tokens the character-level rules give, on text
        /// made of the characters its fast paths and joiners treat apart.
        #[test]
        fn tokens_match_the_character_rules(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'Z', '5', ' ', '\t', '\n', '\u{b}', '\u{c}', '\r', '.', '-', '\'', ',',
                    '’', '‐', '·', 'é', 'ß', '\u{301}', '\u{a0}', '\u{2003}', '\u{85}', '\u{1c}',
                    '😀', '“', '漢', '٣',
                ]),
                0..40,
            )
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), simple_tokens(&text));
        }

        /// Copying kept runs whole appends what mapping every character does.
        #[test]
        fn push_mapped_matches_mapping_each_character(
            before in ".{0,3}",
            text in "(.|[A-Za-zÀ-ſ’ẞİ ])*",
        ) {
            let mut fast = before.clone();
            push_mapped(&mut fast, &text, lower_and_straighten);
            let mapped: String = text.chars().map(lower_and_straighten).collect();
            proptest::prop_assert_eq!(fast, before + &mapped);
        }

        /// A lower-cased lookup in place finds what a lookup of the lowered copy finds, for
        /// ASCII words of one to eight bytes (every byte value below 0x80), listed or not.
        #[test]
        fn ascii_lowered_lookups_match_lowered_copies(
            bytes in proptest::collection::vec(0u8..0x80, 1..9),
            other in proptest::collection::vec(0u8..0x80, 1..9),
        ) {
            let word: String = bytes.iter().map(|&b| char::from(b)).collect();
            let other: String = other.iter().map(|&b| char::from(b)).collect();
            // An eight-byte word ending in a byte below 8 has no short key: the caller lowers it.
            let no_short_key = bytes.len() == 8 && bytes.last().is_some_and(|&b| b < 8);
            let mut table = WordClassTable::default();
            table.add(&lower(&other), 1);
            for _ in 0..2 {
                let want = (!no_short_key).then(|| table.of(&lower(&word)));
                proptest::prop_assert_eq!(table.of_ascii_lowered(&word), want);
                table.add(&lower(&word), 2);
            }
        }

        /// And on any text at all.
        #[test]
        fn tokens_match_the_character_rules_on_any_text(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), simple_tokens(&text));
            proptest::prop_assert_eq!(shape_of(&text), simple_shape(&text));
        }

        /// [`collapse_whitespace`] (with its already-collapsed fast path) joins the words
        /// `split_whitespace` finds, which [`whitespace_words`] finds too, on text made of
        /// words, ASCII and non-ASCII spaces, and characters that share a first byte with
        /// non-ASCII spaces.
        #[test]
        fn collapse_whitespace_matches_split_and_join(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'é', ' ', '\t', '\n', '\u{b}', '\u{a0}', '\u{2003}', '\u{200b}',
                    '\u{85}', '\u{3000}', '’', '—', '“', '\u{2060}',
                ]),
                0..24,
            )
        ) {
            let text: String = chars.into_iter().collect();
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(collapse_whitespace(&text), words.join(" "));
            proptest::prop_assert_eq!(whitespace_words(&text).collect::<Vec<_>>(), words);
        }

        /// [`blocks_from_plain_text`]'s paragraphs are those that `str::lines` and `trim` find
        /// (its byte split, [`is_blank`] and byte trim of carriage returns stand in for them), on
        /// lines of words, ASCII and non-ASCII spaces, carriage returns and line feeds.
        #[test]
        fn plain_text_paragraphs_match_lines_and_trim(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'é', '.', ' ', '\t', '\n', '\n', '\r', '\u{b}', '\u{a0}', '\u{2003}',
                ]),
                0..32,
            )
        ) {
            let text: String = chars.into_iter().collect();
            let mut want: Vec<String> = Vec::new();
            let mut paragraph: Vec<&str> = Vec::new();
            for line in text.lines().chain([""]) {
                if line.trim().is_empty() {
                    if !paragraph.is_empty() {
                        want.push(paragraph.join("\n"));
                        paragraph.clear();
                    }
                } else {
                    paragraph.push(line.trim_end_matches('\r'));
                }
            }
            let got: Vec<String> = blocks_from_plain_text(&text).into_iter().map(|b| b.text).collect();
            proptest::prop_assert_eq!(got, want);
        }

        /// [`find_str`] finds what `str::find` finds, on text and needles over a small alphabet
        /// (so that matches and near-matches are frequent) with multi-byte characters.
        #[test]
        fn find_str_matches_str_find(
            text in "[ab. é]{0,60}",
            needle in "[ab. é]{0,4}|[ab]{15,24}",
        ) {
            proptest::prop_assert_eq!(find_str(&text, &needle), text.find(needle.as_str()));
        }
    }

    #[test]
    fn next_non_ascii_finds_the_first_non_ascii_byte() {
        // (text, expected offset of the first non-ASCII byte, searched from the start)
        let cases: &[(&str, Option<usize>)] = &[
            ("", None),
            ("plain words", None),
            ("exactly 16 bytes", None),
            ("é", Some(0)),
            ("café", Some(3)),
            ("a long run of ascii text “quoted”", Some(25)),
            ("sixteen bytes ok€", Some(16)),
        ];
        for &(text, want) in cases {
            assert_eq!(next_non_ascii(text.as_bytes(), 0), want, "{text:?}");
        }
    }

    #[test]
    fn article_tokens_are_each_running_blocks_tokens() {
        // (blocks as (kind, text), expected token texts per block)
        type Case<'a> = (&'a [(BlockKind, &'a str)], &'a [&'a [&'a str]]);
        let cases: &[Case] = &[
            (&[], &[]),
            (
                &[
                    (BlockKind::Headline, "A title"),
                    (BlockKind::Byline, "By Someone"),
                    (BlockKind::Paragraph, "He said: “no.”"),
                    (BlockKind::Metadata, "{\"a\": 1}"),
                    (BlockKind::Caption, "Photo: AP"),
                ],
                &[
                    &["A", "title"],
                    &[],
                    &["He", "said", ":", "“", "no", ".", "”"],
                    &[],
                    &["Photo", ":", "AP"],
                ],
            ),
        ];
        for &(blocks, want) in cases {
            let blocks: Vec<Block> = blocks.iter().map(|&(k, t)| Block::new(k, t)).collect();
            let tokens = ArticleTokens::new(&blocks);
            for (i, block) in blocks.iter().enumerate() {
                let got: Vec<&str> = tokens
                    .block(i)
                    .iter()
                    .map(|t| t.text(&block.text))
                    .collect();
                assert_eq!(got, want[i], "block {i}");
            }
            assert!(tokens.block(blocks.len()).is_empty());
            let count: usize = want.iter().map(|block| block.len()).sum();
            assert_eq!(tokens.token_count(), count);
        }
    }

    #[test]
    fn lower_char_matches_unicode_where_it_maps() {
        // (character, expected lower case)
        let cases: &[(char, char)] = &[
            ('A', 'a'),
            ('z', 'z'),
            ('É', 'é'),
            ('×', '×'),
            ('Ł', 'ł'),
            ('Ş', 'ş'),
            ('Ÿ', 'ÿ'),
            ('İ', 'i'),
            ('ı', 'ı'),
            ('Ω', 'ω'),
            ('Ά', 'ά'),
            ('Ж', 'ж'),
            ('Ё', 'ё'),
            ('Ґ', 'ґ'),
            ('Ễ', 'ễ'),
            ('ẞ', 'ß'),
            ('Ա', 'ա'),
            ('7', '7'),
            ('’', '’'),
            ('漢', '漢'),
        ];
        for &(c, want) in cases {
            assert_eq!(lower_char(c), want, "{c:?}");
        }
        // Oracle: wherever `lower_char` changes a character it agrees with Unicode, and it is
        // idempotent.
        for c in (0..0x2000u32).filter_map(char::from_u32) {
            let lower = lower_char(c);
            assert_eq!(lower_char(lower), lower, "{c:?} twice");
            if lower != c && c != 'İ' {
                let unicode: Vec<char> = c.to_lowercase().collect();
                assert_eq!(unicode, [lower], "{c:?}");
            }
        }
    }

    #[test]
    fn lower_appends_the_lower_case_key() {
        // (buffer before, text, expected buffer after)
        let cases: &[(&str, &str, &str)] = &[
            ("", "", ""),
            ("", "Said", "said"),
            ("x ", "ÉTAT l’État", "x état l’état"),
            ("A", "İSTANBUL", "Aistanbul"),
        ];
        for &(before, text, want) in cases {
            let mut out = before.to_string();
            lower_into(text, &mut out);
            assert_eq!(out, want, "{text:?}");
            assert_eq!(lower(text), want[before.len()..], "{text:?}");
        }
    }

    /// Capitals lowered and `’` made `'`: a map that changes characters of every UTF-8 length.
    fn lower_and_straighten(c: char) -> char {
        if c == '’' {
            '\''
        } else {
            lower_char(c)
        }
    }

    #[test]
    fn push_mapped_copies_kept_runs_and_maps_the_rest() {
        // (buffer before, text, expected buffer after `lower_and_straighten`)
        let cases: &[(&str, &str, &str)] = &[
            ("", "", ""),
            ("x", "kept", "xkept"),
            ("", "Müller", "müller"),
            ("", "ÉTÉ", "été"),
            ("", "l’État d’été", "l'état d'été"),
            ("", "ẞİ’", "ßi'"),
            ("", "漢字 😀 ok", "漢字 😀 ok"),
        ];
        for &(before, text, want) in cases {
            let mut out = before.to_string();
            push_mapped(&mut out, text, lower_and_straighten);
            assert_eq!(out, want, "{text:?}");
        }
    }

    #[test]
    fn key_table_stores_and_interns() {
        // (keys inserted with values in order, lookups with expected values)
        type Case = (
            &'static [(&'static str, u64)],
            &'static [(&'static str, Option<u64>)],
        );
        let cases: &[Case] = &[
            (&[], &[("a", None), ("", None)]),
            (
                &[("a", 1), ("b", 2)],
                &[("a", Some(1)), ("b", Some(2)), ("c", None)],
            ),
            (&[("a", 1), ("a", 3)], &[("a", Some(3))]),
            (
                &[("", 5), ("café", 6)],
                &[("", Some(5)), ("café", Some(6)), ("caf", None)],
            ),
            (
                &[("secretary of state", 8), ("secretary", 9)],
                &[
                    ("secretary of state", Some(8)),
                    ("secretary", Some(9)),
                    ("state", None),
                ],
            ),
        ];
        for &(inserts, lookups) in cases {
            let mut table = KeyTable::new();
            for &(key, value) in inserts {
                table.insert(key, value);
            }
            for &(key, want) in lookups {
                assert_eq!(table.get(key), want, "{inserts:?} {key:?}");
            }
        }
        // Growth keeps every key: 1000 keys, interned twice, keep their first numbers.
        let mut table = KeyTable::new();
        let keys: Vec<String> = (0..1000).map(|i| format!("k{i}")).collect();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(table.intern(key), i);
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(table.intern(key), i);
        }
        assert_eq!(table.len(), 1000);
    }

    #[test]
    fn short_words_tell_equal_lengths_apart() {
        // (a, b of the same length, whether their words are equal)
        let cases: &[(&str, &str, bool)] = &[
            ("", "", true),
            ("a", "a", true),
            ("a", "b", false),
            ("ab", "ba", false),
            ("abc", "abd", false),
            ("abc", "xbc", false),
            ("abc", "axc", false),
            ("abcd", "abce", false),
            ("abcde", "abxde", false),
            ("abcdefg", "abcdefg", true),
            ("abcdefgh", "abcdefgx", false),
            ("said", "said", true),
            ("été", "ete\u{0}\u{0}", false),
        ];
        for &(a, b, want) in cases {
            assert_eq!(a.len(), b.len(), "{a:?} {b:?}");
            assert_eq!(
                short_word(a.as_bytes()) == short_word(b.as_bytes()),
                want,
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn short_keys_number_two_to_eight_bytes() {
        // (key, whether it has a number)
        let cases: &[(&[u8], bool)] = &[
            (b"", false),
            (b"a", false),
            (b"ab", true),
            (b"abc", true),
            (b"said", true),
            (b"abcdefg", true),
            (b"abcdefgh", true),
            // Its last byte would read as a seven-byte key's length.
            (b"abcdefg\x07", false),
            (b"abcdefg\x08", true),
            (b"abcdefghi", false),
        ];
        for &(key, want) in cases {
            assert_eq!(short_key(key).is_some(), want, "{key:?}");
        }
    }

    /// Bytes that [`short_key`] must tell apart: zero, lengths' values, letters, non-ASCII.
    fn short_key_bytes() -> proptest::sample::Select<u8> {
        proptest::sample::select(vec![0u8, 1, 7, 8, b'a', b'b', 0xC3, 0xFF])
    }

    #[test]
    fn short_keys_grow_and_keep_every_key() {
        // Enough keys of every short length to grow the table several times.
        let keys: Vec<String> = (0..600).map(|i| format!("k{i}")).collect();
        let mut table = WordClassTable::default();
        for (i, key) in keys.iter().enumerate() {
            table.add(key, 1 << (i % 40));
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(table.of(key), 1 << (i % 40), "{key:?}");
        }
        let cases: &[(&str, u64)] = &[("k600", 0), ("k", 0), ("k0", 1), ("k599", 1 << 39)];
        for &(key, want) in cases {
            assert_eq!(table.of(key), want, "{key:?}");
        }
    }

    proptest::proptest! {
        /// Two byte strings of one length up to eight bytes have one word exactly when they are
        /// equal (the probe compares nothing else for them).
        #[test]
        fn short_word_is_exact_up_to_eight_bytes(
            a in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..=8),
            flips in proptest::collection::vec((0usize..8, 1u8..=255), 0..3),
        ) {
            let mut b = a.clone();
            for (at, bits) in flips {
                if let Some(byte) = b.get_mut(at) {
                    *byte ^= bits;
                }
            }
            proptest::prop_assert_eq!(short_word(&a) == short_word(&b), a == b);
        }

        /// Eight bytes at a time find the first non-ASCII byte from `at` that a byte-by-byte search finds.
        #[test]
        fn next_non_ascii_matches_a_byte_search(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b' ', 0x7F, 0x80, 0xC3, 0xFF]),
                0..40,
            ),
            at in 0usize..12,
        ) {
            let want = bytes.iter().skip(at).position(|b| !b.is_ascii()).map(|i| at + i);
            proptest::prop_assert_eq!(next_non_ascii(&bytes, at), want);
        }

        /// Two byte strings of two to eight bytes have one [`short_key`] number exactly when they
        /// are equal, whatever their lengths (a lookup compares nothing else).
        #[test]
        fn short_keys_are_exact(
            a in proptest::collection::vec(short_key_bytes(), 0..=9),
            b in proptest::collection::vec(short_key_bytes(), 0..=9),
        ) {
            if let (Some(x), Some(y)) = (short_key(&a), short_key(&b)) {
                proptest::prop_assert_eq!(x == y, a == b);
            }
        }

        /// The word-class table answers as a map merging each key's bits does, over keys of
        /// every length it treats apart (one byte, two to eight, eight with a low last byte,
        /// longer).
        #[test]
        fn word_class_table_answers_as_a_map_does(
            ops in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "", "a", ",", "ab", "ba", "the", "said", "saíd", "abcdefg", "abcdefg\u{7}",
                        "abcdefgh", "abcdefgx", "abcdefghi", "secretary of state", "é",
                    ]),
                    0u64..8,
                    proptest::prelude::any::<bool>(),
                ),
                0..80,
            ),
        ) {
            let mut table = WordClassTable::default();
            let mut simple: Vec<(&str, u64)> = Vec::new();
            for (key, class, add) in ops {
                if add {
                    table.add(key, class);
                    match simple.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 |= class,
                        None => simple.push((key, class)),
                    }
                }
                let want = simple.iter().find(|(k, _)| *k == key).map_or(0, |&(_, v)| v);
                proptest::prop_assert_eq!(table.of(key), want, "{:?}", key);
            }
        }

        /// The table answers as a simple map does, over keys that share lengths, prefixes and
        /// last words (short, eight-byte and longer keys).
        #[test]
        fn key_table_answers_as_a_map_does(
            ops in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "", "a", "b", "ab", "ba", "said", "sаid", "abcdefgh", "abcdefgx",
                        "xbcdefgh", "abcdefghi", "abcdefghij", "xbcdefghij", "secretary of state",
                        "secretary of stats", "s", "é", "ü",
                    ]),
                    0u64..4,
                    proptest::prelude::any::<bool>(),
                ),
                0..60,
            ),
        ) {
            let mut table = KeyTable::new();
            let mut map: Vec<(&str, u64)> = Vec::new();
            for (key, value, intern) in ops {
                let known = map.iter().position(|&(k, _)| k == key);
                if intern {
                    let number = table.intern(key);
                    if known.is_none() {
                        map.push((key, 0));
                    }
                    proptest::prop_assert_eq!(Some(number), map.iter().position(|&(k, _)| k == key));
                } else {
                    table.insert(key, value);
                    match known {
                        Some(i) => map[i].1 = value,
                        None => map.push((key, value)),
                    }
                }
                for &(k, v) in &map {
                    proptest::prop_assert_eq!(table.get(k), Some(v), "{:?}", k);
                }
                proptest::prop_assert_eq!(table.len(), map.len());
            }
            for missing in ["c", "abcdefgy", "abcdefghk", "secretary of stat"] {
                proptest::prop_assert_eq!(table.get(missing), None);
            }
        }
    }

    #[test]
    fn sort_by_u64_key_is_stable() {
        // (items as (key, label), expected labels in order)
        let cases: &[(&[(u64, char)], &str)] = &[
            (&[], ""),
            (&[(3, 'a')], "a"),
            (&[(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')], "dbeac"),
            (&[(u64::MAX, 'a'), (0, 'b')], "ba"),
        ];
        for &(items, want) in cases {
            let mut items = items.to_vec();
            sort_by_u64_key(&mut items, |&(k, _)| k);
            let got: String = items.iter().map(|&(_, c)| c).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn swap_in_bounds_swaps_as_slice_swap_does_in_range() {
        for len in 0..5 {
            for a in 0..6 {
                for b in 0..6 {
                    let mut items: Vec<usize> = (0..len).collect();
                    let mut want = items.clone();
                    if a < len && b < len {
                        want.swap(a, b);
                    }
                    swap_in_bounds(&mut items, a, b);
                    assert_eq!(items, want, "{len} {a} {b}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The shared sort orders as a stable `sort_by_key` does, on keys with many ties.
        #[test]
        fn sort_by_u64_key_matches_a_stable_sort(
            keys in proptest::collection::vec(0u64..6, 0..40),
        ) {
            let mut items: Vec<(u64, usize)> = keys.into_iter().zip(0..).collect();
            let mut want = items.clone();
            want.sort_by_key(|&(k, _)| k);
            sort_by_u64_key(&mut items, |&(k, _)| k);
            proptest::prop_assert_eq!(items, want);
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

    #[test]
    fn word_sketches_never_miss_a_member() {
        // (words added, word asked, whether it may be there)
        let cases: &[(&[&str], &str, bool)] = &[
            (&[], "said", false),
            (&[], "", false),
            (&["said"], "said", true),
            (&["said", "told"], "told", true),
            (&[""], "", true),
            (&["déclaré"], "déclaré", true),
        ];
        for &(added, word, want) in cases {
            let mut sketch = WordSketch::default();
            for &w in added {
                sketch.insert(w);
            }
            assert_eq!(sketch.may_contain(word), want, "{added:?} {word:?}");
        }
    }

    /// Texts that mix what byte-level counters must tell apart: ASCII and Unicode whitespace,
    /// commas of several scripts, two-, three- and four-byte characters, and control characters
    /// that are not whitespace (shared with the article index's counting test).
    pub(crate) const MIXED_TEXTS: &[&str] = &[
        "",
        "plain ascii, with commas, here",
        "  runs \t\n of\x0b\x0c\r  space  ",
        "é ü — “quoted” 、，، commas",
        "\u{a0}\u{2003}\u{3000} wide spaces\u{85}",
        "emoji 😀 and 𝔘 outside the BMP",
        "\u{1c}\u{1f} not whitespace",
    ];

    #[test]
    fn counts_characters_and_utf16_units_by_bytes() {
        for text in MIXED_TEXTS {
            assert_eq!(char_count(text), text.chars().count(), "{text:?}");
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text:?}");
        }
    }

    #[test]
    fn pushed_words_continue_the_text() {
        // (text before, words, separator, text after)
        let cases: &[(&str, &[&str], char, &str)] = &[
            ("", &[], ' ', ""),
            ("", &["one"], ' ', "one"),
            ("", &["Jane", "Doe"], ' ', "Jane Doe"),
            ("said", &[], ' ', "said"),
            ("said", &["it", "twice"], ' ', "said it twice"),
            ("line", &["next"], '\n', "line\nnext"),
            ("", &["", "a"], ' ', " a"),
            ("x", &["", "a"], ' ', "x  a"),
            ("“é", &["😀"], ' ', "“é 😀"),
        ];
        for &(before, words, separator, want) in cases {
            let mut out = String::from(before);
            push_joined(&mut out, words.iter().copied(), separator);
            assert_eq!(out, want, "{before:?} {words:?} {separator:?}");
        }
    }

    #[test]
    fn joins_as_slice_join_does() {
        let cases: &[&[&str]] = &[
            &[],
            &["one"],
            &["Jane", "Doe"],
            &["", "leading empty"],
            &["trailing empty", ""],
            &["a", "", "b"],
            &["é", "“quoted”", "😀"],
        ];
        for &words in cases {
            for separator in [' ', '\n'] {
                let want = words.join(separator.encode_utf8(&mut [0; 4]));
                assert_eq!(join(words, separator), want, "{words:?} {separator:?}");
            }
        }
    }
}
