//! A small JSON reader for the JSON-LD blocks pages embed (`<script type="application/ld+json">`).
//!
//! Hand-written rather than `serde_json` because it runs in the wasm build, whose size budget has
//! no room for a general JSON library. It builds a plain value tree, keeps numbers as their source
//! text (nothing here does arithmetic, and float parsing would cost code size), tolerates the
//! sloppiness real pages ship (raw control characters inside strings, trailing commas) and refuses
//! nesting deeper than [`MAX_DEPTH`], so the recursive descent can never exhaust the stack.
//! Its counterpart for output, `write`, turns the report into JSON text for the wasm API.

use crate::prelude::*;
use crate::text::{bytes_below_marks, CHUNK_HIGH_BITS, CHUNK_ONES};

// The wasm API writes JSON this way, and so does `annotate_snapshot_json`, natively too, so that
// native tools see the extension's exact bytes; tests compare it with serde_json.
pub mod write;

/// The deepest nesting of arrays and objects accepted. JSON-LD rarely exceeds 10.
pub const MAX_DEPTH: usize = 96;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written in the source (borrowed: snapshots hold hundreds of thousands).
    Number(&'a str),
    /// A string with its escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object's members in source order (duplicate keys kept).
    Object(Vec<(String, Value<'a>)>),
}

impl Value<'_> {
    /// The value of the first member named `key`, when this is an object.
    pub fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Why a text is not JSON, with the byte offset where reading stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the offending input.
    pub offset: usize,
}

/// Parses one JSON value filling `text` (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value<'_>, JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos == parser.bytes.len() {
        Ok(value)
    } else {
        Err(parser.error())
    }
}

/// Reads the JSON object filling `text` (surrounding whitespace allowed) member by member,
/// without building a [`Value`] tree for it: `member(key, value)` is called for each member in
/// source order; a value it does not read (through [`MemberValue`]) is read and dropped. Accepts
/// exactly the texts [`parse`] reads as an object; any other text is an error (whose offset need
/// not be [`parse`]'s).
pub fn read_object<'a>(
    text: &'a str,
    mut member: impl FnMut(&str, &mut MemberValue<'a, '_>) -> Result<(), JsonError>,
) -> Result<(), JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    if parser.peek() != Some(b'{') {
        return Err(parser.error());
    }
    // The depths `parse` gives the object (1) and its members' values, so that both refuse the
    // same nesting.
    parser.sequence(b'}', 1, |p| {
        let key = p.member_key()?;
        let mut value = MemberValue {
            parser: p,
            read: false,
        };
        member(&key, &mut value)?;
        if !value.read {
            p.value(1)?;
        }
        Ok(())
    })?;
    parser.skip_whitespace();
    if parser.pos == parser.bytes.len() {
        Ok(())
    } else {
        Err(parser.error())
    }
}

/// The value of one member of the object [`read_object`] reads, read at most once.
pub struct MemberValue<'a, 'p> {
    parser: &'p mut Parser<'a>,
    read: bool,
}

impl<'a> MemberValue<'a, '_> {
    /// Whether the value is `true`.
    pub fn is_true(&mut self) -> Result<bool, JsonError> {
        self.read = true;
        Ok(matches!(self.parser.value(1)?, Value::Bool(true)))
    }

    /// Reads the value and says whether it is an array; if so, `item` gets each string
    /// element's byte range in the JSON text followed by `decoded` (`None` for an element that
    /// is not a string). A string without escapes is its own text, so its range lies in the
    /// JSON text and nothing is copied; one with escapes is decoded onto the end of `decoded`
    /// as UTF-8 (whole characters, so `decoded` stays valid UTF-8). The array itself is never
    /// built, so a caller filling its own vectors copies nothing.
    pub fn strings(
        &mut self,
        decoded: &mut Vec<u8>,
        mut item: impl FnMut(Option<(usize, usize)>),
    ) -> Result<bool, JsonError> {
        self.elements(|p| loop {
            // `item` called from one place, where it is inlined: from two it was a call per
            // element in the wasm. The byte tests are patterns: an `Option` comparison is a call.
            let range = if matches!(p.current(), Some(b'"')) {
                Some(p.string_range(decoded)?)
            } else {
                p.value(2)?;
                None
            };
            item(range);
            // The next element here, when a bare comma and a string follow (as `elements` would
            // read it, with fewer tests); anything else is left to `elements`.
            let next = p.pos + 1;
            if !matches!(p.current(), Some(b',')) || !matches!(p.bytes.get(next), Some(b'"')) {
                return Ok(());
            }
            p.pos = next;
        })
    }

    /// Reads the value and says whether it is an array; if so, each element is pushed onto `out`
    /// as the `i64` that `str::parse` reads from a number's text, or -1 (an element that is not
    /// a number, or not an integer within `i64`). Arrays of node indices hold tens of thousands
    /// of them: no [`Value`] is built. A run of integers separated by bare commas (all of a
    /// snapshot's) is read in one loop with the cursor in a local; one of up to seven digits
    /// is read from one eight-byte chunk (its digits found and summed without a loop over
    /// them); any other element (a longer number, one with a fraction or an exponent, a
    /// non-number) through [`Parser::value`]. Skipping each number byte by byte, the cursor
    /// stored per byte, and reading its digits from the slice after was ~196 wasm
    /// instructions a number (`annotateSnapshot`: 551.21 -> 539.07 M per pass).
    pub fn integers(&mut self, out: &mut Vec<i64>) -> Result<bool, JsonError> {
        self.elements(|p| {
            let bytes = p.bytes;
            let mut pos = p.pos;
            loop {
                // The patterns, the comparisons and the one push are written so: at opt-level
                // "z" an `Option` comparison, a `contains` on a range and a second push site
                // were each a call per number.
                let (negative, digits, chunk) = match bytes.get(pos) {
                    Some(&first @ (b'-' | b'0'..=b'9')) => {
                        let negative = first == b'-';
                        // Up to seven digits and the byte after them lie in one chunk.
                        let chunk = bytes.get(pos + usize::from(negative)..);
                        let chunk = chunk.and_then(<[u8]>::first_chunk::<8>);
                        let chunk = u64::from_le_bytes(chunk.copied().unwrap_or_default());
                        let digits = (first_non_digit(chunk).trailing_zeros() / 8) as usize;
                        (negative, digits, chunk)
                    }
                    _ => (false, 0, 0),
                };
                let after = (chunk >> ((digits * 8) & 63)) as u8;
                let value = if digits.wrapping_sub(1) < 7
                    && !matches!(after, b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    pos += usize::from(negative) + digits;
                    let value = eight_digits(
                        chunk.wrapping_sub(CHUNK_ONES * u64::from(b'0'))
                            << ((64 - digits * 8) & 63),
                    ) as i64;
                    if negative {
                        -value
                    } else {
                        value
                    }
                } else {
                    // Anything else (rare) through the value reader.
                    p.pos = pos;
                    let value = match p.value(2)? {
                        Value::Number(text) => integer(text.as_bytes()),
                        _ => -1,
                    };
                    pos = p.pos;
                    value
                };
                out.push(value);
                // The next element, when a bare comma and a number's first byte follow, as
                // `elements` would read it; anything else is left to `elements`.
                let comma = matches!(bytes.get(pos), Some(b','));
                if !comma || !matches!(bytes.get(pos + 1), Some(b'-' | b'0'..=b'9')) {
                    p.pos = pos;
                    return Ok(());
                }
                pos += 1;
            }
        })
    }

    /// Has `element` read each element of the value (at the cursor), when it is an array, and
    /// says whether it was; any other value is read and dropped. Each element starts at the
    /// cursor, whitespace already skipped ([`Parser::sequence`] peeks before an item, and an
    /// element read right after a comma starts with no whitespace), so `element` reads its first
    /// byte with [`Parser::current`].
    fn elements(
        &mut self,
        mut element: impl FnMut(&mut Parser<'a>) -> Result<(), JsonError>,
    ) -> Result<bool, JsonError> {
        self.read = true;
        if self.parser.peek() != Some(b'[') {
            self.parser.value(1)?;
            return Ok(false);
        }
        self.parser.sequence(b']', 2, |p| loop {
            element(p)?;
            // Elements are mostly separated by a bare comma (a snapshot's always are): the next
            // one is read here while the comma is followed by one, as `sequence` would after
            // its two `peek`s, which were a call each per element.
            let next = p.bytes.get(p.pos + 1);
            if p.current() != Some(b',') || next.is_none_or(|&b| b == b']' || is_json_whitespace(b))
            {
                return Ok(());
            }
            p.pos += 1;
        })?;
        Ok(true)
    }
}

/// The high bit of each byte of `chunk` (read little-endian) that is not an ASCII digit, exact up
/// to and including the first such byte (bytes after it may be marked wrongly: a byte's test
/// borrows from or carries into the next one only past a non-digit).
#[inline(always)]
fn first_non_digit(chunk: u64) -> u64 {
    (chunk.wrapping_add(CHUNK_ONES * 0x46) | chunk.wrapping_sub(CHUNK_ONES * u64::from(b'0')))
        & CHUNK_HIGH_BITS
}

/// The number written by the eight digit values (0 to 9) of `digits`, one a byte, the first in
/// the lowest byte: three multiplications, each joining neighbouring groups of digits (a pair of
/// digits is below 100, so the first needs no mask before it).
#[inline(always)]
fn eight_digits(digits: u64) -> u64 {
    let pairs = digits.wrapping_mul(10 << 8 | 1) >> 8;
    let quads = (pairs & 0x00FF_00FF_00FF_00FF).wrapping_mul(100 << 16 | 1) >> 16;
    (quads & 0x0000_FFFF_0000_FFFF).wrapping_mul(10000 << 32 | 1) >> 32
}

/// Whether `b` is JSON whitespace (RFC 8259: space, tab, line feed, carriage return).
const fn is_json_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The length of the run at the start of `bytes` before the first `"` or `\` (all of `bytes`
/// when there is none): where a JSON string's text stops being copied as it is. Eight bytes are
/// looked at a time, as one little-endian number, rather than one: a snapshot is mostly string
/// text (`annotateSnapshot` over the 45 fixture snapshots: 1114.6 -> 1110.5 M wasm instructions
/// per pass, two runs each). A chunk's quotes and backslashes are its zero bytes once XORed with
/// each, marked by [`bytes_below_marks`] (exact up to the first): the first one's place is the
/// marks' count of trailing zeros, with no loop over the chunk's bytes. The chunks are read as arrays
/// (`as_chunks`), one length test per string rather than one per chunk. Not through
/// [`crate::text::next_byte_where`], the other scans' shared loop: made to take marks and look
/// only at marked bytes, it served this scan too, but cost `annotateSnapshot` 0.66% more
/// instructions and the wasm 85 B gzip.
fn string_run(bytes: &[u8]) -> usize {
    let (chunks, rest) = bytes.as_chunks::<8>();
    for (i, chunk) in chunks.iter().enumerate() {
        let chunk = u64::from_le_bytes(*chunk);
        // A quote or backslash is a zero byte once the chunk is XORed with it.
        let marks = bytes_below_marks(chunk ^ (CHUNK_ONES * u64::from(b'"')), 1)
            | bytes_below_marks(chunk ^ (CHUNK_ONES * u64::from(b'\\')), 1);
        if marks != 0 {
            return i * 8 + (marks.trailing_zeros() / 8) as usize;
        }
    }
    let at = bytes.len() - rest.len();
    at + rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\')
        .unwrap_or(rest.len())
}

/// The `i64` that `str::parse` reads from `text`, the text of a JSON number (an optional `-`,
/// then digits, maybe a fraction or an exponent), or -1 when it reads none: `text` is not
/// digits only, or the integer does not fit.
fn integer(text: &[u8]) -> i64 {
    let (negative, digits) = match text {
        [b'-', digits @ ..] => (true, digits),
        _ => (false, text),
    };
    if digits.is_empty() {
        return -1;
    }
    // The magnitude, which may reach 2^63 for i64::MIN as it does for `str::parse`. Overflow is
    // found by comparing with the largest magnitude's leading digits and last digit, not by
    // `checked_mul`, which the wasm does with a 128-bit multiply call per digit.
    const MAX_TENTH: u64 = i64::MAX as u64 / 10;
    let last_digit_max = i64::MAX as u64 % 10 + u64::from(negative);
    let mut magnitude: u64 = 0;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return -1;
        }
        let digit = u64::from(digit - b'0');
        if magnitude > MAX_TENTH || (magnitude == MAX_TENTH && digit > last_digit_max) {
            return -1;
        }
        magnitude = magnitude * 10 + digit;
    }
    // 2^63 as i64 is i64::MIN, which negating leaves as it is.
    let value = magnitude as i64;
    if negative {
        value.wrapping_neg()
    } else {
        value
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn error(&self) -> JsonError {
        JsonError { offset: self.pos }
    }

    fn skip_whitespace(&mut self) {
        self.peek();
    }

    /// The bytes from the current position on (none past the end).
    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    /// The byte at the cursor, for a reader that has just skipped whitespace: no call and no
    /// skipping loop per array item, as [`Parser::peek`] would be. Always inlined, for the same
    /// reason: it is read once per array item.
    #[inline(always)]
    fn current(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The next byte that is not whitespace, skipping to it. The skipping loop is here rather
    /// than in [`Parser::skip_whitespace`]: `peek` runs several times per array item, and at
    /// opt-level "z" a call per item to a skipping function was a measurable share of reading
    /// a snapshot.
    fn peek(&mut self) -> Option<u8> {
        loop {
            let next = self.bytes.get(self.pos).copied();
            if !next.is_some_and(is_json_whitespace) {
                return next;
            }
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => Ok(self.number()),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            _ => Err(self.error()),
        }
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, JsonError> {
        if self.rest().starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error())
        }
    }

    fn number(&mut self) -> Value<'a> {
        let start = self.pos;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        // Only ASCII bytes were consumed, so both ends are character boundaries.
        Value::Number(crate::slice(self.text, start, self.pos))
    }

    /// Reads the comma-separated items of an array or object up to `close`, calling `item` for
    /// each; a trailing comma before `close` is accepted.
    fn sequence(
        &mut self,
        close: u8,
        depth: usize,
        mut item: impl FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error());
        }
        self.pos += 1; // the opening bracket
        loop {
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(());
            }
            item(self)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => return Err(self.error()),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        let mut items = Vec::new();
        self.sequence(b']', depth, |p| {
            items.push(p.value(depth)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        let mut members = Vec::new();
        self.sequence(b'}', depth, |p| {
            let key = p.member_key()?;
            members.push((key, p.value(depth)?));
            Ok(())
        })?;
        Ok(Value::Object(members))
    }

    /// Reads an object member's key and the colon after it.
    fn member_key(&mut self) -> Result<String, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.error());
        }
        let key = self.string()?;
        if self.peek() != Some(b':') {
            return Err(self.error());
        }
        self.pos += 1;
        Ok(key)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        let mut out = Vec::new();
        self.pos += 1; // the opening quote
        self.string_rest(&mut out)?;
        // Whole characters only (see `string_rest`): the check never fails. Checked and copied
        // rather than `String::from_utf8`, whose check would be code of its own in the wasm.
        Ok(core::str::from_utf8(&out).unwrap_or_default().into())
    }

    /// Reads the string at the cursor (its opening quote) and says where it is, as a byte range
    /// in the text followed by `decoded`: its own text when it has no escapes (most strings of a
    /// snapshot: they are not copied), else what it decodes to, appended to `decoded`.
    fn string_range(&mut self, decoded: &mut Vec<u8>) -> Result<(usize, usize), JsonError> {
        let start = self.pos + 1;
        // An empty string (a text node's name, an element's text: a third of a snapshot's
        // strings), or one starting with an escape (most escaped ones: whitespace between tags,
        // `\n` and indentation), is told by its next byte, without the call that scans a run.
        let run = match self.bytes.get(start) {
            Some(b'"' | b'\\') => 0,
            _ => string_run(self.bytes.get(start..).unwrap_or_default()),
        };
        let end = start + run;
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok((start, end));
        }
        // Decoded from its start again, by the one decoding loop there is: escaped strings are
        // few, and a second loop would be code of its own in the wasm.
        self.pos = start;
        let decoded_start = self.text.len() + decoded.len();
        self.string_rest(decoded)?;
        Ok((decoded_start, self.text.len() + decoded.len()))
    }

    /// Decodes the rest of a string, from the cursor inside it to past its closing quote, onto
    /// the end of `out`, as UTF-8: what it appends is whole characters. Bytes rather than a
    /// `String`: slicing the text checks character boundaries at a call per run, and
    /// `String::push` is three calls per escape in the wasm.
    fn string_rest(&mut self, out: &mut Vec<u8>) -> Result<(), JsonError> {
        loop {
            let start = self.pos;
            // Copy the run up to the next quote or backslash in one go; both are ASCII, so the
            // run ends on a character boundary. An empty run (at a string's first escape, or
            // between two escapes, as in `\r\n`) is told by its first byte: neither scanned (a
            // call) nor copied (four calls in the wasm).
            if !matches!(self.bytes.get(start), Some(b'"' | b'\\') | None) {
                self.pos += string_run(self.bytes.get(start..).unwrap_or_default());
                out.extend_from_slice(self.bytes.get(start..self.pos).unwrap_or_default());
            }
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(_) => {
                    self.pos += 1;
                    self.escape(out)?;
                }
                None => return Err(self.error()),
            }
        }
    }

    /// Decodes one escape; the backslash is already consumed.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), JsonError> {
        let Some(&b) = self.bytes.get(self.pos) else {
            return Err(self.error());
        };
        self.pos += 1;
        let byte = match b {
            b'"' | b'\\' | b'/' => b,
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let c = self.unicode_escape()?;
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                return Ok(());
            }
            _ => {
                return Err(JsonError {
                    offset: self.pos - 1,
                })
            }
        };
        // Pushed, though a push of bytes brings growth code of its own into the wasm (+101 B
        // gzip): extending by `iter::once` cost `annotateSnapshot` 3.5 M instructions more a
        // pass, and `extend_from_slice` (a copy call per byte) 5.5 M more.
        out.push(byte);
        Ok(())
    }

    /// Decodes `XXXX` after `\u`, joining a surrogate pair; a lone surrogate becomes U+FFFD.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.rest().starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            self.pos = save;
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .bytes
                .get(self.pos)
                .and_then(|&b| (b as char).to_digit(16));
            let Some(digit) = digit else {
                return Err(self.error());
            };
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value<'static> {
        Value::String(text.to_string())
    }

    #[test]
    fn parses_values() {
        let cases: Vec<(&str, Value)> = vec![
            ("null", Value::Null),
            (" true ", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("-12.5e3", Value::Number("-12.5e3")),
            (r#""a\"b\\c\/d\n""#, s("a\"b\\c/d\n")),
            (r#""\b\f\r\t|""#, s("\u{8}\u{c}\r\t|")),
            (r#""caf\u00e9 \ud83d\ude00""#, s("café 😀")),
            (r#""lone \ud800 x""#, s("lone \u{FFFD} x")),
            ("\"raw\ttab and é\"", s("raw\ttab and é")),
            (
                "[1, \"x\", []]",
                Value::Array(vec![Value::Number("1"), s("x"), Value::Array(vec![])]),
            ),
            ("[1,]", Value::Array(vec![Value::Number("1")])),
            (
                r#"{"@type": "ImageObject", "n": {"a": null},}"#,
                Value::Object(vec![
                    ("@type".into(), s("ImageObject")),
                    ("n".into(), Value::Object(vec![("a".into(), Value::Null)])),
                ]),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn rejects_malformed_input_without_panicking() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let cases: &[&str] = &[
            "",
            "{",
            "[1 2]",
            "{\"a\" 1}",
            "{a: 1}",
            "\"open",
            "\"bad \\q\"",
            "\"\\u12\"",
            "tru",
            "1 2",
            "\"é\\",
            &deep,
        ];
        for &text in cases {
            assert!(parse(text).is_err(), "{text:?}");
        }
        let ok_depth = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok_depth).is_ok());
    }

    #[test]
    fn reads_objects_member_by_member() {
        // (text, what each member read: arrays as their items, `true` members as "true",
        // anything else skipped); None when the text is not an object.
        let cases: &[(&str, Option<Vec<String>>)] = &[
            (
                r#" {"a": [1, "x", [2]], "t": true, "f": false, "s": "v",} "#,
                Some(vec![
                    "a=[1, -1, -1]".into(),
                    "t=true".into(),
                    "f=false".into(),
                    "s=not an array".into(),
                ]),
            ),
            (r#"{}"#, Some(vec![])),
            (r#"{"a": [1,]}"#, Some(vec!["a=[1]".into()])),
            // Bare commas (read element after element), then spaced ones, a trailing one.
            (
                "{\"a\":[1,-2,x,3,\n4, 5,6,],\"n\":[\"x\",\"y\",7,\"z\", \"w\"]}",
                None,
            ),
            (
                "{\"a\":[1,-2,\"s\",3,\n4, 5,6,],\"n\":[\"x\",\"y\",7,\"z\", \"w\",]}",
                Some(vec![
                    "a=[1, -2, -1, 3, 4, 5, 6]".into(),
                    "n=x,y,-,z,w".into(),
                ]),
            ),
            (r#"{"a":[1,,2]}"#, None),
            (r#"{"a":[1,"#, None),
            (r#"{"n": ["x", 2, "\u00e9"]}"#, Some(vec!["n=x,-,é".into()])),
            (
                r#"{"n": ["a\nb", "", "plain", "\"q\" é", "\\"]}"#,
                Some(vec!["n=a\nb,,plain,\"q\" é,\\".into()]),
            ),
            (r#"{"n": ["open\"#, None),
            (r#"{"n": ["open"#, None),
            (r#"{"n": ["bad \q"]}"#, None),
            (r#"[1]"#, None),
            (r#"{"a": [1} "#, None),
            (r#"{"a": 1} x"#, None),
            (r#"{"a" 1}"#, None),
        ];
        for (text, want) in cases {
            let mut read = Vec::new();
            let got = read_object(text, |key, value| {
                let line = if key == "t" || key == "f" {
                    format!("{key}={}", value.is_true()?)
                } else if key == "a" {
                    let mut integers = Vec::new();
                    value.integers(&mut integers)?;
                    format!("{key}={integers:?}")
                } else {
                    let (mut buffer, mut items) = (Vec::new(), Vec::new());
                    let array = value.strings(&mut buffer, |range| items.push(range))?;
                    // Ranges are in the text followed by the decoded strings.
                    let all = text.to_string() + core::str::from_utf8(&buffer).expect("UTF-8");
                    let items: Vec<&str> = items
                        .iter()
                        .map(|range| range.map_or("-", |(start, end)| &all[start..end]))
                        .collect();
                    match array {
                        true => format!("{key}={}", items.join(",")),
                        false => format!("{key}=not an array"),
                    }
                };
                read.push(line);
                Ok(())
            });
            assert_eq!(got.ok().map(|()| read), *want, "{text}");
        }
    }

    #[test]
    fn reads_integers_like_str_parse() {
        // (a number's text, the integer read)
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("-0", 0),
            ("42", 42),
            ("-7", -7),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("9223372036854775808", -1),
            ("-9223372036854775809", -1),
            ("9223372036854775799", 9223372036854775799),
            ("-9223372036854775807", -i64::MAX),
            ("92233720368547758070", -1),
            ("99999999999999999999", -1),
            ("0009", 9),
            ("1.5", -1),
            ("1e3", -1),
            ("-", -1),
            ("--1", -1),
            ("1-", -1),
            ("", -1),
        ];
        for &(text, want) in cases {
            assert_eq!(integer(text.as_bytes()), want, "{text}");
        }
    }

    #[test]
    fn string_runs_end_at_a_quote_or_backslash() {
        // (bytes, length of the run before the first quote or backslash)
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("\"", 0),
            ("abc", 3),
            ("abc\"x", 3),
            ("abcdefgh", 8),
            ("abcdefgh\\", 8),
            ("abcdefg\\h", 7),
            ("abcdefghijklmnopqr\"", 18),
            ("caf\u{e9} \u{201c}quoted\u{201d}\"", 18),
            ("\u{ff}\u{a2}\u{dc}\u{a2}\u{e2}\"", 10),
        ];
        for &(text, want) in cases {
            assert_eq!(string_run(text.as_bytes()), want, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn string_runs_are_found_like_a_byte_search(bytes in proptest::collection::vec(
            proptest::prop_oneof![proptest::num::u8::ANY, proptest::strategy::Just(b'"'), proptest::strategy::Just(b'\\')],
            0..40,
        )) {
            let simple = bytes.iter().position(|&b| b == b'"' || b == b'\\').unwrap_or(bytes.len());
            proptest::prop_assert_eq!(string_run(&bytes), simple);
        }

        /// Arrays of integers, read in runs after bare commas or one by one, give each number
        /// what `str::parse` reads from its text, whatever its length, sign, fraction or
        /// exponent, and wherever it lies (near the text's end no eight-byte chunk is read).
        #[test]
        fn integer_arrays_read_like_str_parse(
            items in proptest::collection::vec("(-?[0-9]{1,20}|-)([-.eE+][0-9]{0,3})?", 0..10),
            separators in proptest::collection::vec(proptest::sample::select(vec![",", ", ", " ,", ",\n"]), 10),
            padded in proptest::bool::ANY,
        ) {
            let mut array = String::new();
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    array.push_str(separators[k]);
                }
                array.push_str(item);
            }
            // A member after the array, so that its last numbers are far from the text's end.
            let tail = if padded { ", \"b\": \"padding\"" } else { "" };
            let text = format!("{{\"a\":[{array}]{tail}}}");
            let mut read = Vec::new();
            let result = read_object(&text, |_, value| value.integers(&mut read).map(drop));
            proptest::prop_assert_eq!(result, Ok(()));
            let simple: Vec<i64> = items.iter().map(|t| t.parse().unwrap_or(-1)).collect();
            proptest::prop_assert_eq!(read, simple);
        }

        #[test]
        fn integers_read_like_str_parse(text in "(-?[0-9]{1,20}|-)([-.eE+][0-9]{0,3})?") {
            let simple = text.parse::<i64>().unwrap_or(-1);
            proptest::prop_assert_eq!(integer(text.as_bytes()), simple);
        }
    }

    #[test]
    fn looks_up_members() {
        let value = parse(r#"{"name": "AFP", "name": "dup", "n": 1}"#).expect("valid JSON");
        let cases: &[(&str, Option<&str>)] =
            &[("name", Some("AFP")), ("n", None), ("missing", None)];
        for &(key, want) in cases {
            assert_eq!(value.get(key).and_then(Value::as_str), want, "{key}");
        }
    }
}
