//! A small JSON writer: a [`serde::Serializer`] that writes compact JSON as a `String`.
//!
//! The wasm API returns the report as JSON text that JS turns into objects with one native
//! `JSON.parse`, instead of building the objects field by field through `serde-wasm-bindgen`
//! (one JS call per value, and a dependency that pulls float formatting into the wasm). Being a
//! `Serializer`, it writes every field the report types derive, so a new field needs no change
//! here. The text is ASCII: every non-ASCII character in a string is escaped as `\uXXXX`, so
//! that V8 decodes and parses it on its one-byte paths instead of its two-byte ones (the same
//! JS values either way). Otherwise its output is byte for byte `serde_json::to_string`'s for
//! everything the report uses (the tests check that, against `serde_json` with a formatter that
//! escapes non-ASCII the same way), with two deliberate limits that keep `core::fmt`'s number
//! formatting out of the wasm: floats and 128-bit integers are refused with [`Unsupported`].

use crate::prelude::*;
use crate::text::{
    chunk_has_byte, chunk_has_byte_below, decode_char_at, next_byte_where, CHUNK_HIGH_BITS,
};
use serde::ser::{self, Serialize};

/// Why a value could not be written: a kind of value this writer does not support.
///
/// The message is held by a reference to a static `&str` rather than the `&str` itself: one
/// pointer makes `Result<(), Unsupported>` a single `i32` in the wasm, returned in a register
/// instead of through memory by every serialising call (1.3 KB of wasm).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsupported(&'static &'static str);

impl Unsupported {
    /// What was refused, as a static message (no formatting code behind it).
    pub fn message(&self) -> &'static str {
        self.0
    }
}

impl core::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0)
    }
}

impl core::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    /// A type's own serialisation error. Its message is dropped: formatting an arbitrary
    /// `Display` would bring `core::fmt` into the wasm for an error no report type raises.
    fn custom<T: core::fmt::Display>(_message: T) -> Self {
        Unsupported(&"a value refused to serialise itself")
    }
}

/// `value` as compact JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Unsupported> {
    let mut writer = Writer { out: Vec::new() };
    value.serialize(&mut writer)?;
    Ok(writer.into_text())
}

/// Appends `value` to `out` in decimal, without `core::fmt` (which `format!` would bring into the
/// wasm). Never inlined: its one caller outside the writer builds an error message.
#[inline(never)]
pub(crate) fn push_decimal(out: &mut String, value: u64) {
    let mut writer = Writer { out: Vec::new() };
    writer.unsigned(value);
    out.push_str(&writer.into_text());
}

/// A JSON object whose members are lists of strings (`fields`: each key with its strings), as
/// `N` bytes (`N` from [`string_lists_len`]), written by the compiler: `{"a":["x","y"],"b":[]}`,
/// what [`to_string`] writes for a struct of `&[&str]` fields. For constant lists the wasm
/// calls for, so that it carries their JSON instead of the code that writes it. A key or string
/// holding a byte the writer escapes (non-ASCII included) fails the build.
#[cfg(any(target_arch = "wasm32", test))]
pub(crate) const fn string_lists<const N: usize>(fields: &[(&str, &[&str])]) -> [u8; N] {
    let mut out = [0u8; N];
    copy_string_lists(fields, &mut out);
    out
}

/// The length in bytes of [`string_lists`]`(fields)`.
#[cfg(any(target_arch = "wasm32", test))]
pub(crate) const fn string_lists_len(fields: &[(&str, &[&str])]) -> usize {
    copy_string_lists(fields, &mut [])
}

/// Writes [`string_lists`]`(fields)` into `out`, as far as it has room, and returns its whole
/// length.
#[cfg(any(target_arch = "wasm32", test))]
const fn copy_string_lists(fields: &[(&str, &[&str])], out: &mut [u8]) -> usize {
    let mut len = put(out, 0, b"{");
    let mut i = 0;
    while i < fields.len() {
        let (key, strings) = fields[i];
        if i > 0 {
            len = put(out, len, b",");
        }
        len = put_string(out, len, key);
        len = put(out, len, b":[");
        let mut j = 0;
        while j < strings.len() {
            if j > 0 {
                len = put(out, len, b",");
            }
            len = put_string(out, len, strings[j]);
            j += 1;
        }
        len = put(out, len, b"]");
        i += 1;
    }
    put(out, len, b"}")
}

/// Writes `text` as a JSON string at `out[len..]`, as far as `out` has room; the new length.
#[cfg(any(target_arch = "wasm32", test))]
const fn put_string(out: &mut [u8], len: usize, text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        assert!(
            !is_escaped(bytes[i]),
            "a constant JSON string needs an escape"
        );
        i += 1;
    }
    let len = put(out, len, b"\"");
    let len = put(out, len, bytes);
    put(out, len, b"\"")
}

/// Writes `bytes` at `out[len..]`, as far as `out` has room; the new length.
#[cfg(any(target_arch = "wasm32", test))]
const fn put(out: &mut [u8], mut len: usize, bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if len < out.len() {
            out[len] = bytes[i];
        }
        len += 1;
        i += 1;
    }
    len
}

/// The serializer: JSON text written so far, as bytes. A byte is pushed with one capacity test,
/// where `String::push` also encoded it as a character (two calls more in the wasm build), so
/// the quotes, brackets, commas and colons around a key or value are pushed byte by byte, not
/// appended as short strings, each through a `memory.copy` (a call into the engine in node's
/// V8).
struct Writer {
    out: Vec<u8>,
}

impl Writer {
    /// The text written. Every byte written is ASCII or a `&str`'s, so the UTF-8 check always
    /// passes (the empty default is never taken): it is the safe way from the bytes to a
    /// `String`, one pass over the text, which costs less than the calls the byte pushes save.
    /// Not generic, and never inlined, so that the wasm carries it once for its report types.
    #[inline(never)]
    fn into_text(self) -> String {
        String::from_utf8(self.out).unwrap_or_default()
    }

    /// Appends `value` in decimal.
    fn unsigned(&mut self, mut value: u64) {
        // Filled from the end; no indexing, so no bounds check or panic location (20 digits
        // hold any `u64`).
        let mut digits = [0u8; 20];
        let mut len = 0;
        for digit in digits.iter_mut().rev() {
            // `value % 10` is below 10, so the digit is ASCII.
            *digit = b'0' + (value % 10) as u8;
            value /= 10;
            len += 1;
            if value == 0 {
                break;
            }
        }
        // A push per digit: most numbers are a few digits, and an append of them cost a
        // `memory.copy` (a call into the engine in node's V8) and three calls more.
        for &digit in digits.get(digits.len() - len..).unwrap_or_default() {
            self.out.push(digit);
        }
    }

    fn signed(&mut self, value: i64) {
        if value < 0 {
            self.out.push(b'-');
        }
        self.unsigned(value.unsigned_abs());
    }

    /// Appends `text` as a JSON string in ASCII: quote, backslash and control characters
    /// escaped as `serde_json` escapes them, and every non-ASCII character as `\uXXXX` (its
    /// UTF-16 code units, a surrogate pair beyond U+FFFF), so that JS decodes and parses
    /// one-byte text. The runs between escapes, usually the whole string, are found eight bytes
    /// at a time and copied at once.
    fn string(&mut self, text: &str) {
        self.out.push(b'"');
        let bytes = text.as_bytes();
        let mut run = 0;
        while let Some(i) = next_escaped(bytes, run) {
            // `i` starts a character (escaped ASCII bytes, or a non-ASCII character's first
            // byte: the run before it is ASCII), so `run..i` falls on boundaries and the
            // character at `i` decodes whole.
            self.out
                .extend_from_slice(bytes.get(run..i).unwrap_or_default());
            let character = decode_char_at(bytes, i).unwrap_or_default();
            // The letter of a two-character escape.
            let escape = match character {
                '"' => b'"',
                '\\' => b'\\',
                '\n' => b'n',
                '\r' => b'r',
                '\t' => b't',
                '\u{8}' => b'b',
                '\u{c}' => b'f',
                _ => 0,
            };
            let code = u32::from(character);
            if escape != 0 {
                self.out.push(b'\\');
                self.out.push(escape);
            } else if let Some(beyond) = code.checked_sub(0x1_0000) {
                // A surrogate pair: the high ten bits of what lies beyond U+FFFF, then the low.
                self.unicode_escape(0xD800 | beyond >> 10);
                self.unicode_escape(0xDC00 | beyond & 0x3FF);
            } else {
                self.unicode_escape(code);
            }
            run = i + character.len_utf8();
        }
        self.out
            .extend_from_slice(bytes.get(run..).unwrap_or_default());
        self.out.push(b'"');
    }

    /// Appends `\uXXXX` for one UTF-16 code unit, in lower-case hex as `serde_json` writes
    /// control characters.
    fn unicode_escape(&mut self, unit: u32) {
        self.out.push(b'\\');
        self.out.push(b'u');
        for shift in [12, 8, 4, 0] {
            let digit = (unit >> shift & 0xF) as u8;
            self.out
                .push(if digit < 10 { b'0' } else { b'a' - 10 } + digit);
        }
    }

    /// Opens an array or object; its items are separated by [`Writer::separate`].
    fn open(&mut self, bracket: u8) -> Compound<'_> {
        self.out.push(bracket);
        Compound { writer: self }
    }

    /// Writes the comma before an item unless it is the first: the first item of an array or
    /// object directly follows its opening bracket, and no written value ends in one.
    fn separate(&mut self) {
        if !self.after_open() {
            self.out.push(b',');
        }
    }

    /// Whether the text written so far ends with an opening bracket, so that the next item or
    /// member is its first and takes no comma. Always inlined: a few instructions, which at
    /// opt-level "z" stayed a call for every item and member written.
    #[inline(always)]
    fn after_open(&self) -> bool {
        // The last byte, not `ends_with` a character array: one searcher instance less.
        matches!(self.out.last(), Some(b'[' | b'{'))
    }

    /// Writes `"key":`. Keys are the field and variant names of the report's own types
    /// (`'static`, as serde gives them), ASCII identifiers with nothing to escape, so they are
    /// copied without [`Writer::string`]'s escape scan: every member of a report writes one.
    /// The key is one append; the comma, quotes and colon around it are pushed byte by byte.
    /// Never inlined: every field of every report type writes a key.
    #[inline(never)]
    fn key(&mut self, key: &'static str) {
        self.separate();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.push(b'"');
        self.out.push(b':');
    }
}

/// Whether the writer escapes `byte` in a string: a quote, a backslash, a control character or
/// any byte of a non-ASCII character.
const fn is_escaped(byte: u8) -> bool {
    matches!(byte, b'"' | b'\\' | 0..=0x1F | 0x80..)
}

/// The offset of the first byte at or after `at` in `bytes` that [`is_escaped`], eight bytes at
/// a time: report strings are long runs of text with rarely an escape in them.
fn next_escaped(bytes: &[u8], at: usize) -> Option<usize> {
    let may_hold = |chunk: u64| {
        chunk & CHUNK_HIGH_BITS != 0
            || chunk_has_byte_below(chunk, 0x20)
            || chunk_has_byte(chunk, b'"')
            || chunk_has_byte(chunk, b'\\')
    };
    next_byte_where(bytes, at, may_hold, is_escaped)
}

/// An array or object being written.
struct Compound<'a> {
    writer: &'a mut Writer,
}

impl Compound<'_> {
    /// Writes one array item. Always inlined, as are `field` and the `Serialize*` methods that
    /// call them: each is generic over the value's type, and at opt-level "z" each of its ~20
    /// instances stayed a function of its own (1.6 KB of wasm); inlined, a field costs the two
    /// calls it makes.
    #[inline(always)]
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.writer.separate();
        value.serialize(&mut *self.writer)
    }

    /// Writes one object member (see [`Compound::item`] for the inlining).
    #[inline(always)]
    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.writer.key(key);
        value.serialize(&mut *self.writer)
    }

    fn close(self, bracket: u8) -> Result<(), Unsupported> {
        self.writer.out.push(bracket);
        Ok(())
    }

    /// Closes the array or object and the `{"Variant":` wrapper around it.
    fn close_variant(self, bracket: u8) -> Result<(), Unsupported> {
        self.writer.out.push(bracket);
        self.writer.out.push(b'}');
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Unsupported> {
        Err(Unsupported(
            &"floats are not written (no float formatting in the wasm)",
        ))
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Unsupported> {
        Err(Unsupported(
            &"floats are not written (no float formatting in the wasm)",
        ))
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Unsupported> {
        // As serde_json does: an array of numbers.
        let mut array = self.open(b'[');
        for byte in v {
            array.item(byte)?;
        }
        array.close(b']')
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let mut object = self.open(b'{');
        object.field(variant, value)?;
        object.close(b'}')
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open(b'['))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open(b'['))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open(b'['))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        self.out.push(b'{');
        self.key(variant);
        Ok(self.open(b'['))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open(b'{'))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open(b'{'))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        self.out.push(b'{');
        self.key(variant);
        Ok(self.open(b'{'))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    #[inline(always)]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close(b']')
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    #[inline(always)]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close(b']')
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close(b']')
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.item(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close_variant(b']')
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    /// JSON keys are strings: a key that writes as anything else (a number) is quoted, as
    /// `serde_json` does for integer keys.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.writer.separate();
        let start = self.writer.out.len();
        key.serialize(&mut *self.writer)?;
        if self.writer.out.get(start) != Some(&b'"') {
            self.writer.out.insert(start, b'"');
            self.writer.out.push(b'"');
        }
        self.writer.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close(b'}')
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close(b'}')
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close_variant(b'}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use proptest::strategy::Strategy;
    use serde::Serialize;

    /// `serde_json`'s compact formatter, but writing every non-ASCII character of a string as
    /// `\uXXXX` escapes of its UTF-16 code units, in lower-case hex: the writer's contract.
    struct AsciiFormatter;

    impl serde_json::ser::Formatter for AsciiFormatter {
        fn write_string_fragment<W: std::io::Write + ?Sized>(
            &mut self,
            writer: &mut W,
            fragment: &str,
        ) -> std::io::Result<()> {
            for character in fragment.chars() {
                if character.is_ascii() {
                    write!(writer, "{character}")?;
                } else {
                    for unit in character.encode_utf16(&mut [0; 2]) {
                        write!(writer, "\\u{unit:04x}")?;
                    }
                }
            }
            Ok(())
        }
    }

    /// What the writer must write for `value`: `serde_json` with [`AsciiFormatter`].
    fn oracle<T: Serialize + ?Sized>(value: &T) -> Option<String> {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, AsciiFormatter);
        value.serialize(&mut serializer).ok()?;
        String::from_utf8(out).ok()
    }

    #[test]
    fn push_decimal_appends_the_digits() {
        for value in [0, 7, 10, 12_345, u64::MAX] {
            let mut out = String::from("byte ");
            push_decimal(&mut out, value);
            assert_eq!(out, format!("byte {value}"));
        }
    }

    #[test]
    fn constant_string_lists_are_what_the_serializer_writes() {
        #[derive(Serialize)]
        struct Lists {
            skipped: &'static [&'static str],
            attributes: &'static [&'static str],
            none: &'static [&'static str],
        }
        const FIELDS: &[(&str, &[&str])] = &[
            ("skipped", &["script", "style", "~"]),
            ("attributes", &["data-credit"]),
            ("none", &[]),
        ];
        const BYTES: [u8; string_lists_len(FIELDS)] = string_lists(FIELDS);
        let lists = Lists {
            skipped: &["script", "style", "~"],
            attributes: &["data-credit"],
            none: &[],
        };
        assert_eq!(
            core::str::from_utf8(&BYTES).unwrap(),
            to_string(&lists).unwrap()
        );
        assert_eq!(string_lists_len(&[]), 2);
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, bool),
        Struct { x: i64 },
    }

    #[derive(Serialize)]
    struct Pair(u16, char);

    proptest::proptest! {
        /// Strings are written as the oracle writes them, whatever escapes and non-ASCII
        /// characters they hold and wherever those fall in the eight-byte chunks.
        #[test]
        fn strings_are_escaped_as_the_oracle_escapes_them(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "a", "word ", "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{0}",
                        "\u{1f}", "\u{7f}", "“", "é", "😀", " ", "!", "#", "[", "]", "~",
                    ])
                    .prop_map(String::from),
                    proptest::prelude::any::<String>(),
                ],
                0..24,
            )
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(to_string(&text).ok(), oracle(&text));
        }
    }

    #[test]
    fn next_escaped_finds_the_first_byte_to_escape() {
        // (text, start, expected offset)
        let cases: &[(&str, usize, Option<usize>)] = &[
            ("", 0, None),
            ("plain", 0, None),
            ("sixteen bytes ok", 0, None),
            ("a\"b", 0, Some(1)),
            ("eight by\\", 0, Some(8)),
            ("eight by\\", 9, None),
            ("x\u{1f} \u{20}", 0, Some(1)),
            ("“é” 😀 and then a tab\t", 0, Some(0)),
            ("ASCII, then é", 0, Some(12)),
            ("ASCII, then é", 13, Some(13)),
            ("a tab\t then “", 6, Some(12)),
            ("\u{7f}~ twelve bytes", 0, None),
            ("!#$%&'()*+,-./0123456789", 0, None),
        ];
        for &(text, at, want) in cases {
            assert_eq!(
                next_escaped(text.as_bytes(), at),
                want,
                "{text:?} from {at}"
            );
        }
    }

    proptest::proptest! {
        /// Integers are written in decimal as `Display` writes them.
        #[test]
        fn integers_are_written_in_decimal(value in proptest::prelude::any::<u64>(), signed in proptest::prelude::any::<i64>()) {
            proptest::prop_assert_eq!(to_string(&value).unwrap(), value.to_string());
            proptest::prop_assert_eq!(to_string(&signed).unwrap(), signed.to_string());
        }
    }

    /// Every kind of value the writer supports, against the oracle: the writer's text and the
    /// oracle's for one value, named.
    fn case<T: Serialize + ?Sized>(
        name: &'static str,
        value: &T,
    ) -> (&'static str, Option<String>, Option<String>) {
        (name, to_string(value).ok(), oracle(value))
    }

    #[test]
    fn writes_what_the_oracle_writes() {
        let map: BTreeMap<u32, &str> = [(2, "b"), (10, "a")].into_iter().collect();
        let text_map: BTreeMap<&str, Vec<u8>> = [("k", vec![]), ("é", vec![1, 2])].into();
        let shapes = [
            Shape::Unit,
            Shape::Newtype(1),
            Shape::Tuple(-1, false),
            Shape::Struct { x: 7 },
        ];
        let cases = [
            case("bool", &true),
            case("u64 max", &u64::MAX),
            case("i64 min", &i64::MIN),
            case("zero", &0usize),
            case("negative", &-42i8),
            case(
                "escapes",
                "q\"b\\n\nr\rt\tb\u{8}f\u{c}\u{1}\u{1f}\u{7f} “é” 😀",
            ),
            case("2-byte UTF-8", "é ß ñ ü Ω"),
            case("3-byte UTF-8", "“quoted” — € 中文 \u{ffff}"),
            case("4-byte UTF-8", "😀 𝄞 \u{10000}\u{10ffff}"),
            case("non-ASCII next to escapes", "\"é\"\n😀\\"),
            case("char", &'"'),
            case("non-ASCII char", &'é'),
            case("4-byte char", &'😀'),
            case("option", &[None, Some(3u8)]),
            case("unit", &()),
            case("nested empty arrays", &vec![vec![], vec![1u8], vec![]]),
            case("enum variants", &shapes),
            case("tuple struct", &Pair(1, 'x')),
            case("integer keys", &map),
            case("string keys", &text_map),
        ];
        for (name, got, want) in cases {
            assert!(got.is_some(), "{name}");
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn refuses_floats() {
        let cases: &[(Result<String, Unsupported>, bool)] = &[
            (to_string(&1.5f64), false),
            (to_string(&[0.0f32]), false),
            (to_string(&1u8), true),
        ];
        for (i, (result, ok)) in cases.iter().enumerate() {
            assert_eq!(result.is_ok(), *ok, "case {i}");
        }
    }

    /// Reports of real text, through the writer and through the oracle, are the same text, which
    /// is ASCII and reads back as `serde_json`'s own.
    #[test]
    fn reports_match_the_oracle() {
        let cases: &[&str] = &[
            "",
            "Headline\n\n\u{201c}We will not stop,\u{201d} said Jane Doe, the mayor of Springfield.",
            "Le président Emmanuel Macron a déclaré : « Nous sommes prêts. »\n\nPhoto: AFP / Ludovic Marin",
        ];
        for &text in cases {
            let report = crate::analyze_text(text);
            let written = to_string(&report).unwrap();
            assert_eq!(Some(&written), oracle(&report).as_ref(), "{text:?}");
            assert!(written.is_ascii(), "{text:?}");
            let read: serde_json::Value = serde_json::from_str(&written).unwrap();
            assert_eq!(read, serde_json::to_value(&report).unwrap(), "{text:?}");
        }
    }
}
