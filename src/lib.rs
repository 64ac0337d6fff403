//! Sourcelight: who is speaking on a news page, and on whose authority.
//!
//! The pipeline runs in one direction:
//!
//! ```text
//! page DOM / saved HTML ──▶ article::find (blocks) ──▶ analysis::analyze ──▶ Report
//! plain text ──▶ text::blocks_from_plain_text ──────────▶ ┘
//! ```
//!
//! - [`text`]: blocks, UTF-16 offsets and tokens.
//! - [`analysis`]: the pure core: quotes, speech cues, speakers, people, officials, credits.
//! - [`article`]: finds the article in a page tree (a small [`article::Tree`] trait, implemented
//!   by [`article::snapshot::DomSnapshot`]: the browser sends one, and natively `html` builds
//!   one from an HTML parse).
//! - [`report`]: the serde types that CLI, wasm API and popup share.
//!
//! The core has no browser dependency: it compiles and tests natively.
//!
//! The entry points ([`annotate`], [`analyze_text`], [`analyze_html_bytes`]) bound the work of
//! one analysis: past [`WORK_BUDGET_BYTES`] of article text they analyse what they reached and
//! mark the report [`truncated`](Report::truncated). [`analyze`] itself reads all it is given.
//!
//! On wasm32 the crate is `#![no_std]` (with `alloc`), for the wasm size: std's panic handler
//! formats every panic's message (`core::fmt::write` and its payload types) and std's
//! `OnceLock` brings a `Once` per table, while a release build (`panic = "abort"`) prints no
//! message and the module has one thread. Our own panic handler (in `wasm`) just traps, and
//! tables use a one-thread cell (`arena::OneThreadLock`): 1.6 KB gzip less when it was made.
//! Natively the crate uses std: the CLI, the HTML parser, the tests and benches need it.
//! Each module takes `alloc`'s types, and `OnceLock`, through one `use crate::prelude::*;`.
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

/// A lexicon file of `src/lexicon/` (`$file`, e.g. `"titles.txt"`) without its `#` lines, as a
/// `&'static str` built by the compiler, for lexicons read in a `const` (cue lexicons, credit
/// markers, stop words). The header names the list's source and licence for people who read
/// the file; the program skips `#` lines anyway, so dropping them at compile time keeps them out
/// of the wasm without changing what any reader sees.
macro_rules! lexicon_text {
    ($file:literal) => {{
        const FILE: &str =
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lexicon/", $file));
        const ENTRIES: [u8; $crate::entry_lines_len(FILE)] = $crate::entry_lines(FILE);
        const TEXT: &str = match core::str::from_utf8(&ENTRIES) {
            Ok(text) => text,
            Err(_) => panic!("a lexicon file is not UTF-8"),
        };
        TEXT
    }};
}

/// The text [`lexicon_text!`] gives for `$file`, stored front-coded in the binary
/// ([`front_coded`]: each line without the bytes it shares with the line before) and unpacked
/// on the first call into a `static` string. For the wasm size: lexicons are sorted, so
/// neighbours share their start, and front coding took 0.6 KB off the gzip of the people and
/// credit lexicons, which gzip's own matching of repeats left there. Each call after the first
/// is one look at the cell.
macro_rules! lexicon_entries {
    ($file:literal) => {{
        const ENTRIES: &str = lexicon_text!($file);
        const PACKED: [u8; $crate::front_coded_len(ENTRIES.as_bytes())] =
            $crate::front_coded(ENTRIES.as_bytes());
        const PACKED_TEXT: &str = match core::str::from_utf8(&PACKED) {
            Ok(text) => text,
            Err(_) => panic!("a front-coded lexicon is not UTF-8"),
        };
        static LEXICON: $crate::PackedLexicon =
            $crate::PackedLexicon::new(PACKED_TEXT, ENTRIES.len());
        LEXICON.text()
    }};
}

/// A constant list of words, from a literal of words separated by single spaces, as a
/// `&'static [u8]` for [`in_word_list`]: each word preceded by its length in one byte, built by
/// the compiler (a word over 255 bytes, or an empty one, fails the build). For the wasm size: a
/// `&[&str]` stores a pointer and a length (8 bytes) per word beside its text, this one byte.
/// The look-up steps from word to word as a slice's `contains` does, but is slower in the wasm:
/// lists searched for every class of a page stay slices.
macro_rules! word_list {
    ($words:literal) => {{
        const LIST: [u8; $words.len() + 1] = $crate::length_prefixed($words);
        &LIST
    }};
}

pub mod analysis;
pub mod article;
#[cfg(not(target_arch = "wasm32"))]
mod error;
#[doc(hidden)]
pub mod invariants;
mod json;
pub mod paint;
mod prelude;
pub mod report;
pub mod text;

#[cfg(not(target_arch = "wasm32"))]
pub mod html;
#[cfg(not(target_arch = "wasm32"))]
mod input;

#[cfg(any(target_arch = "wasm32", test))]
mod arena;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use analysis::analyze;
#[cfg(not(target_arch = "wasm32"))]
pub use error::Error;
#[cfg(not(target_arch = "wasm32"))]
pub use input::{analyze_file, sniff, InputFormat};
pub use paint::Annotation;
pub use report::Report;
pub use text::{Block, BlockKind};

use crate::prelude::*;
use alloc::borrow::Cow;

/// `items[i]`, panicking out of bounds as indexing does. Index arrays outside the hottest loops
/// are read through this (or [`at_mut`]) instead of being indexed at each use because of the
/// wasm size: every indexing site has its own bounds check, panic call and panic location (16
/// bytes of data), while at opt-level "z" this stays one small function per element type, all
/// sharing one panic ([`out_of_bounds`]), each use a call (about 6 bytes of gzip saved per
/// site). Natively it is inlined like indexing. In a loop over every node, plain indexing is
/// faster in the wasm.
pub(crate) fn at<T: Copy>(items: &[T], i: usize) -> T {
    match items.get(i) {
        Some(&item) => item,
        None => out_of_bounds(i, items.len()),
    }
}

/// The panic of [`at`], [`at_ref`] and [`at_mut`] out of bounds, with indexing's message. One
/// function for all their instances (22 element types), for the wasm size: indexing inside each
/// gave every instance its own call to core's bounds panic with its own panic location (16
/// bytes of data); through this they share one (68 B gzip less).
#[cold]
#[inline(never)]
fn out_of_bounds(i: usize, len: usize) -> ! {
    panic!("index out of bounds: the len is {len} but the index is {i}")
}

/// `words` (separated by single spaces) with each word preceded by its length, for
/// [`word_list!`]: `N` is one more than the length of `words`.
const fn length_prefixed<const N: usize>(words: &str) -> [u8; N] {
    let bytes = words.as_bytes();
    let mut out = [0u8; N];
    let (mut start, mut i) = (0, 0);
    while i <= bytes.len() {
        if i == bytes.len() || bytes[i] == b' ' {
            let len = i - start;
            assert!(
                len > 0 && len < 256,
                "an empty or over-long word in a word list"
            );
            out[start] = len as u8;
            let mut j = start;
            while j < i {
                out[j + 1] = bytes[j];
                j += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out
}

/// Whether `word` is one of the words of `list`, a [`word_list!`].
pub(crate) fn in_word_list(list: &[u8], word: &str) -> bool {
    let word = word.as_bytes();
    let mut rest = list;
    while let [len, tail @ ..] = rest {
        let len = usize::from(*len);
        // Most words differ in length: one compare each, as in a slice's `contains`.
        if len == word.len() && starts_with_bytes(tail, word) {
            return true;
        }
        rest = tail.get(len..).unwrap_or_default();
    }
    false
}

/// Whether `bytes` starts with `word`, compared in a byte loop of its own: the words compared
/// (list words, class names) are short and most comparisons are settled by a first or second
/// byte, where `starts_with` (or `==`) was three calls in the wasm, the last `memcmp`'s byte loop.
pub(crate) fn starts_with_bytes(bytes: &[u8], word: &[u8]) -> bool {
    bytes.len() >= word.len() && word.iter().zip(bytes).all(|(w, b)| w == b)
}

/// `&text[from..to]`, or "" when that is not a range of character boundaries within `text`
/// (callers pass ranges that are). Strings are sliced through this one function because of the
/// wasm size: `&text[from..to]` carries a panic location and call at each site, and while any
/// such site remains the wasm keeps core's formatting of the slicing panic message
/// (`slice_error_fail` and the `Debug` code behind it, several KB).
#[inline]
pub(crate) fn slice(text: &str, from: usize, to: usize) -> &str {
    text.get(from..to).unwrap_or_default()
}

/// `text` without the bytes of `set` at its start: `text.trim_start_matches(chars)` for a set
/// of ASCII characters. The four searches by a set of ASCII bytes go through two byte loops
/// ([`leading_run`], [`trailing_run`]) because of the wasm size: each `trim_*_matches`, `find`
/// or `rfind` with its own character array or closure is a searcher instance of its own (100 to
/// 300 bytes each), and so is each `position` or `rposition` with its own closure. Bytes of
/// `set` are ASCII, so they never occur inside a multi-byte character and every cut falls on a
/// character boundary.
pub(crate) fn trim_start_ascii<'a>(text: &'a str, set: &[u8]) -> &'a str {
    slice(text, leading_run(text.as_bytes(), set, true), text.len())
}

/// `text` without the bytes of `set` (ASCII) at its end, as [`trim_start_ascii`] at the start.
pub(crate) fn trim_end_ascii<'a>(text: &'a str, set: &[u8]) -> &'a str {
    slice(
        text,
        0,
        text.len() - trailing_run(text.as_bytes(), set, true),
    )
}

/// The offset of the first byte of `text` in `set` (ASCII): `text.find(chars)` for a set of
/// ASCII characters, for the wasm size (see [`trim_start_ascii`]).
pub(crate) fn find_ascii(text: &str, set: &[u8]) -> Option<usize> {
    let before = leading_run(text.as_bytes(), set, false);
    (before < text.len()).then_some(before)
}

/// The offset of the last byte of `text` in `set` (ASCII): `text.rfind(chars)` for a set of
/// ASCII characters, for the wasm size (see [`trim_start_ascii`]).
pub(crate) fn rfind_ascii(text: &str, set: &[u8]) -> Option<usize> {
    let after = trailing_run(text.as_bytes(), set, false);
    (after < text.len()).then(|| text.len() - after - 1)
}

/// How many bytes at the start of `bytes` are in `set` (`inside`) or are not (`!inside`).
fn leading_run(mut bytes: &[u8], set: &[u8], inside: bool) -> usize {
    let len = bytes.len();
    while let [first, rest @ ..] = bytes {
        if set.contains(first) != inside {
            break;
        }
        bytes = rest;
    }
    len - bytes.len()
}

/// How many bytes at the end of `bytes` are in `set` (`inside`) or are not (`!inside`).
fn trailing_run(mut bytes: &[u8], set: &[u8], inside: bool) -> usize {
    let len = bytes.len();
    while let [rest @ .., last] = bytes {
        if set.contains(last) != inside {
            break;
        }
        bytes = rest;
    }
    len - bytes.len()
}

/// The word-class table in `cell`, built by `build` on first use. For the wasm size, tables of
/// this type go through this one function with a plain function (not a closure) to build them:
/// they then share one instance of the `OnceLock` machinery, about 400 bytes each otherwise.
pub(crate) fn word_class_table_once(
    cell: &'static OnceLock<text::WordClassTable>,
    build: fn() -> text::WordClassTable,
) -> &'static text::WordClassTable {
    cell.get_or_init(build)
}

/// `&items[i]`, for the same reason as [`at`], for items not worth copying: the wasm copies a
/// large `T` with a `memory.copy` call at every read through [`at`].
pub(crate) fn at_ref<T>(items: &[T], i: usize) -> &T {
    match items.get(i) {
        Some(item) => item,
        None => out_of_bounds(i, items.len()),
    }
}

/// `&mut items[i]`, for the same reason as [`at`].
pub(crate) fn at_mut<T>(items: &mut [T], i: usize) -> &mut T {
    let len = items.len();
    match items.get_mut(i) {
        Some(item) => item,
        None => out_of_bounds(i, len),
    }
}

/// How many bytes of article text (UTF-8) one analysis reads; the rest of a longer article is
/// left out and the report says so ([`Report::truncated`]).
///
/// Measured, not guessed: the largest of the 45 corpus articles (`tests/fixtures`) has 15.7 KB of
/// text and all 45 together 301 KB, so 1 MB is 64 times the largest real article and three times
/// the whole corpus: no news page comes near it. What it bounds (BENCHMARKS.md, *Curve*): 1 MB of
/// text takes 0.6 s natively and 0.8 to 2.2 s in wasm today, and about 17 MB of wasm memory
/// (17 bytes per byte of text), where the synthetic 10 MB page took 18 to 34 s and 170 MB.
pub const WORK_BUDGET_BYTES: usize = 1_000_000;

/// Analyses plain text: paragraphs separated by blank lines, the first line a headline when it
/// looks like one. Text past the work budget is left out ([`WORK_BUDGET_BYTES`]).
pub fn analyze_text(text: &str) -> Report {
    analyze_within_budget(&text::blocks_from_plain_text(text))
}

/// [`analyze`] on the part of `blocks` within the work budget, the report marked truncated when
/// that is not all of them.
fn analyze_within_budget(blocks: &[Block]) -> Report {
    let (kept, truncated) = within_budget(blocks);
    Report {
        truncated,
        ..analyze(&kept)
    }
}

/// The beginning of `blocks` whose text fits in [`WORK_BUDGET_BYTES`], and whether anything was
/// left out. Whole blocks are kept while they fit; the block that crosses the budget is cut at
/// the last whitespace before it (so that a page made of one huge text node is still analysed
/// up to the budget), and the blocks after it are dropped. Block indices do not change, so the
/// report's spans still name the article's blocks and paint back onto the page.
fn within_budget(blocks: &[Block]) -> (Cow<'_, [Block]>, bool) {
    let mut remaining = WORK_BUDGET_BYTES;
    for (i, block) in blocks.iter().enumerate() {
        match remaining.checked_sub(block.text.len()) {
            Some(left) => remaining = left,
            None => {
                let mut kept = blocks[..i].to_vec();
                kept.push(Block::new(
                    block.kind,
                    prefix_within(&block.text, remaining),
                ));
                return (Cow::Owned(kept), true);
            }
        }
    }
    (Cow::Borrowed(blocks), false)
}

/// The longest beginning of `text` of at most `bytes` bytes that ends on a character boundary
/// and, when the text goes on with more of the same word, before that word: a word cut in half
/// could read as a different name. A text without whitespace is cut at the character boundary.
fn prefix_within(text: &str, bytes: usize) -> &str {
    let end = text.floor_char_boundary(bytes);
    let prefix = slice(text, 0, end);
    let rest = slice(text, end, text.len());
    // `chars` rather than `starts_with`/`rfind` with a predicate: two searcher instances less in
    // the wasm.
    if rest.chars().next().is_none_or(char::is_whitespace) {
        return prefix;
    }
    match prefix
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
    {
        Some((space, _)) => slice(prefix, 0, space),
        None => prefix,
    }
}

/// Finds the article in a page tree, analyses it, and plans the highlights: what the extension
/// does with the snapshot of the page it was clicked on. The report is truncated when the
/// article's text exceeds the work budget ([`WORK_BUDGET_BYTES`]) or the tree itself is only the
/// beginning of the page ([`article::Tree::truncated`]).
pub fn annotate<T: article::Tree>(tree: &T) -> Annotation<T::Node> {
    let article = article::find_article(tree);
    let mut report = analyze_within_budget(&article.blocks);
    report.truncated |= tree.truncated();
    let ranges = paint::paint_plan(&article, &report);
    let article_found = article
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Paragraph);
    Annotation {
        article_found,
        report,
        ranges,
    }
}

/// [`annotate`] from the page snapshot's JSON text to the annotation's JSON text: all of the wasm
/// `annotateSnapshot` but its final `JSON.parse`, here so that native tools check byte for byte
/// what the extension receives. The text becomes the snapshot's string buffer
/// ([`DomSnapshot::from_json_owned`](article::snapshot::DomSnapshot::from_json_owned)).
pub fn annotate_snapshot_json(snapshot_json: String) -> Result<String, String> {
    // Concatenated rather than `format!`ed: one less formatting call site in the wasm.
    let snapshot = article::snapshot::DomSnapshot::from_json_owned(snapshot_json)
        .map_err(|e| "malformed page snapshot: ".to_owned() + &e)?;
    json::write::to_string(&annotate(&snapshot)).map_err(|e| e.message().to_string())
}

/// Analyses a saved HTML page (bytes in any charset the page declares) through the same article
/// finder the extension uses.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_html_bytes(bytes: &[u8]) -> Report {
    let page = html::parse_html_bytes(bytes);
    annotate(&page).report
}

/// The length in bytes of `text` without its lines that start with `#` (see [`entry_lines`]).
const fn entry_lines_len(text: &str) -> usize {
    copy_entry_lines(text, &mut [])
}

/// `text` without its lines that start with `#`, as `N` bytes (`N` from [`entry_lines_len`]).
const fn entry_lines<const N: usize>(text: &str) -> [u8; N] {
    let mut out = [0u8; N];
    copy_entry_lines(text, &mut out);
    out
}

/// Copies the lines of `text` that do not start with `#` into `out`, as far as it has room, and
/// returns their whole length. Whole lines are kept or dropped, so the copy is UTF-8 whenever
/// `text` is.
const fn copy_entry_lines(text: &str, out: &mut [u8]) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut len, mut line_start) = (0, 0, 0);
    while i < bytes.len() {
        if bytes[i] == b'\n' || i + 1 == bytes.len() {
            if bytes[line_start] != b'#' {
                let mut j = line_start;
                while j <= i {
                    if len < out.len() {
                        out[len] = bytes[j];
                    }
                    len += 1;
                    j += 1;
                }
            }
            line_start = i + 1;
        }
        i += 1;
    }
    len
}

/// The most bytes a line of [`front_coded`] text takes from the line before: a count is one
/// byte below [`VALUE_IS_KEY`], which no lexicon line holds, so each count also marks where its
/// line starts.
const MOST_SHARED: usize = 0x1d;

/// In [`front_coded`] text, after a `key=value` line's key: the value is the key itself
/// ("afghanistan=afghanistan"), left out.
const VALUE_IS_KEY: u8 = 0x1e;

/// In [`front_coded`] text, after a `key=value` line's key: the value is the line before's
/// ("afghan=afghanistan" after "afghanistan=afghanistan"), left out.
const VALUE_AS_BEFORE: u8 = 0x1f;

/// The length in bytes of [`front_coded`]`(entries)`.
const fn front_coded_len(entries: &[u8]) -> usize {
    copy_front_coded(entries, &mut [])
}

/// `entries` (lines joined by `\n`) front-coded, as `N` bytes (`N` from [`front_coded_len`]):
/// for each line, the number of bytes it shares with the start of the line before (at most
/// [`MOST_SHARED`], and never ending inside a character) as one byte, then the rest of the line;
/// of a `key=value` line (split at its first `=`) whose value is its key or the line before's
/// value, only the rest of the key is written, then [`VALUE_IS_KEY`] or [`VALUE_AS_BEFORE`]
/// (lexicons that map names to keys repeat their values so). [`unpack_lines`] turns it back
/// into `entries`.
const fn front_coded<const N: usize>(entries: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    copy_front_coded(entries, &mut out);
    out
}

/// Where the value of the line `entries[start..end]` starts: after its first `=`, or `None`.
const fn value_start(entries: &[u8], start: usize, end: usize) -> Option<usize> {
    let mut i = start;
    while i < end {
        if entries[i] == b'=' {
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// Whether `entries[a..a + len]` and `entries[b..b + len]` are the same bytes.
const fn same_bytes(entries: &[u8], a: usize, b: usize, len: usize) -> bool {
    let mut i = 0;
    while i < len {
        if entries[a + i] != entries[b + i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Writes [`front_coded`]`(entries)` into `out`, as far as it has room, and returns its whole
/// length. Fails the build on a byte below `b' '` other than `\n` in `entries`.
const fn copy_front_coded(entries: &[u8], out: &mut [u8]) -> usize {
    let (mut i, mut len, mut line_start, mut previous_start, mut previous_len) = (0, 0, 0, 0, 0);
    // The value of the line before, as (start, length), when it has one.
    let mut previous_value: Option<(usize, usize)> = None;
    while i <= entries.len() {
        if i < entries.len() && entries[i] != b'\n' {
            assert!(entries[i] >= b' ', "a control character in a lexicon line");
            i += 1;
            continue;
        }
        let line_len = i - line_start;
        let mut shared = 0;
        while shared < line_len
            && shared < previous_len
            && shared < MOST_SHARED
            && entries[line_start + shared] == entries[previous_start + shared]
        {
            shared += 1;
        }
        // Back to a character boundary: the unpacker cuts the line before at `shared`.
        while shared > 0 && shared < line_len && entries[line_start + shared] & 0xc0 == 0x80 {
            shared -= 1;
        }
        if len < out.len() {
            out[len] = shared as u8;
        }
        len += 1;
        let value = value_start(entries, line_start, i);
        // What stands for the value, if it is left out: only when the written rest of the line
        // holds the whole `=` (the shared bytes end before it).
        let mut marker = 0;
        if let Some(value) = value {
            let (key_len, value_len) = (value - 1 - line_start, i - value);
            if shared <= key_len {
                if value_len == key_len && same_bytes(entries, line_start, value, key_len) {
                    marker = VALUE_IS_KEY;
                } else if let Some((before, before_len)) = previous_value {
                    if before_len == value_len && same_bytes(entries, before, value, value_len) {
                        marker = VALUE_AS_BEFORE;
                    }
                }
            }
        }
        let written_end = match value {
            Some(value) if marker != 0 => value - 1,
            _ => i,
        };
        let mut j = line_start + shared;
        while j < written_end {
            if len < out.len() {
                out[len] = entries[j];
            }
            len += 1;
            j += 1;
        }
        if marker != 0 {
            if len < out.len() {
                out[len] = marker;
            }
            len += 1;
        }
        previous_value = match value {
            Some(value) => Some((value, i - value)),
            None => None,
        };
        (previous_start, previous_len) = (line_start, line_len);
        line_start = i + 1;
        i += 1;
    }
    len
}

/// The lines [`front_coded`] packed, joined by `\n` again (`len` bytes).
fn unpack_lines(packed: &str, len: usize) -> String {
    let mut text = String::with_capacity(len);
    let mut line = String::new();
    // The value of the line before (after its first `=`).
    let mut value = String::new();
    let bytes = packed.as_bytes();
    let mut start = 0;
    while let Some(&shared) = bytes.get(start) {
        let mut end = start + 1;
        while bytes.get(end).is_some_and(|&b| b >= b' ') {
            end += 1;
        }
        line.truncate(usize::from(shared));
        line.push_str(slice(packed, start + 1, end));
        let marker = bytes.get(end).copied().unwrap_or_default();
        if marker == VALUE_IS_KEY || marker == VALUE_AS_BEFORE {
            if marker == VALUE_IS_KEY {
                value.clear();
                value.push_str(&line);
            }
            line.push('=');
            line.push_str(&value);
            end += 1;
        } else if let Some(eq) = line.bytes().position(|b| b == b'=') {
            value.clear();
            value.push_str(slice(&line, eq + 1, line.len()));
        }
        if start > 0 {
            text.push('\n');
        }
        text.push_str(&line);
        start = end;
    }
    text
}

/// A lexicon's text as [`lexicon_entries!`] stores it: front-coded, unpacked on first use.
pub(crate) struct PackedLexicon {
    /// The text, once unpacked.
    text: OnceLock<String>,
    /// The [`front_coded`] text.
    packed: &'static str,
    /// The unpacked text's length in bytes.
    len: usize,
}

impl PackedLexicon {
    /// The lexicon of `packed` ([`front_coded`]), `len` bytes once unpacked.
    pub(crate) const fn new(packed: &'static str, len: usize) -> PackedLexicon {
        PackedLexicon {
            text: OnceLock::new(),
            packed,
            len,
        }
    }

    /// The unpacked text, unpacked on the first call. One function for every lexicon (a call
    /// site passes one address), so the wasm carries one instance of the cell's machinery.
    pub(crate) fn text(&'static self) -> &'static str {
        self.text
            .get_or_init(|| unpack_lines(self.packed, self.len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_hold_exactly_their_words() {
        const LIST: &[u8] = word_list!("ad ads a11y-hidden légende &");
        // (word, listed)
        let cases: &[(&str, bool)] = &[
            ("ad", true),
            ("ads", true),
            ("a11y-hidden", true),
            ("légende", true),
            ("&", true),
            ("", false),
            ("a", false),
            ("adv", false),
            ("ad ads", false),
            ("ads ", false),
            ("légend", false),
            ("Ad", false),
        ];
        for &(word, want) in cases {
            assert_eq!(in_word_list(LIST, word), want, "{word:?}");
        }
        assert_eq!(LIST, b"\x02ad\x03ads\x0ba11y-hidden\x08l\xc3\xa9gende\x01&");
    }

    proptest::proptest! {
        /// The packed list answers as the words split out of the literal do.
        #[test]
        fn word_list_matches_splitting(word in "[a-z& -]{0,12}") {
            const WORDS: &str = "ad ads adv nav navbar menu share - & at on for upto";
            const LIST: &[u8] = word_list!("ad ads adv nav navbar menu share - & at on for upto");
            proptest::prop_assert_eq!(
                in_word_list(LIST, &word),
                WORDS.split(' ').any(|w| w == word)
            );
        }
    }

    #[test]
    fn slice_is_the_range_or_empty() {
        // (text, from, to, slice)
        let cases: &[(&str, usize, usize, &str)] = &[
            ("hello", 1, 3, "el"),
            ("hello", 0, 5, "hello"),
            ("hello", 5, 5, ""),
            ("hello", 3, 2, ""),
            ("hello", 2, 9, ""),
            ("héllo", 1, 3, "é"),
            ("héllo", 1, 2, ""),
        ];
        for &(text, from, to, want) in cases {
            assert_eq!(slice(text, from, to), want, "{text:?} {from} {to}");
        }
    }

    #[test]
    fn ascii_set_searches_match_the_char_patterns() {
        // (text, set, trim_start, trim_end, find, rfind)
        type Case = (
            &'static str,
            &'static [u8],
            &'static str,
            &'static str,
            Option<usize>,
            Option<usize>,
        );
        let cases: &[Case] = &[
            ("", b"([ ", "", "", None, None),
            ("([ x ])", b"([ ", "x ])", "([ x ])", Some(0), Some(4)),
            ("  ", b" ", "", "", Some(0), Some(1)),
            ("é(é", b"(", "é(é", "é(é", Some(2), Some(2)),
            ("Photo. ", b" .,;:", "Photo. ", "Photo", Some(5), Some(6)),
            ("a\"b}\n", b"\"\n}", "a\"b}\n", "a\"b", Some(1), Some(4)),
            ("xyz", b"", "xyz", "xyz", None, None),
        ];
        for &(text, set, start, end, first, last) in cases {
            assert_eq!(trim_start_ascii(text, set), start, "{text:?}");
            assert_eq!(trim_end_ascii(text, set), end, "{text:?}");
            assert_eq!(find_ascii(text, set), first, "{text:?}");
            assert_eq!(rfind_ascii(text, set), last, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The byte loops answer as `str`'s own searches with the same set as characters.
        #[test]
        fn ascii_set_searches_match_str_searches(text in "[ (\\[.,;:a-zé😀]{0,12}", pick in 0usize..4) {
            let sets: [&[u8]; 4] = [b"([ ", b" .,;:", b"(", b")]"];
            let set = sets[pick];
            let chars: Vec<char> = set.iter().map(|&b| char::from(b)).collect();
            proptest::prop_assert_eq!(trim_start_ascii(&text, set), text.trim_start_matches(chars.as_slice()));
            proptest::prop_assert_eq!(trim_end_ascii(&text, set), text.trim_end_matches(chars.as_slice()));
            proptest::prop_assert_eq!(find_ascii(&text, set), text.find(chars.as_slice()));
            proptest::prop_assert_eq!(rfind_ascii(&text, set), text.rfind(chars.as_slice()));
        }
    }

    #[test]
    fn entry_lines_drop_the_hash_lines_only() {
        // (file text, what the program sees)
        let cases: &[(&str, &str)] = &[
            ("# header\na\nb\n", "a\nb\n"),
            ("# header\na\n# note\nb", "a\nb"),
            ("a\n#b\n", "a\n"),
            ("é\n# ü\nß\n", "é\nß\n"),
            ("\n# h\n\nx\n", "\n\nx\n"),
            ("# only", ""),
            ("", ""),
        ];
        for &(text, want) in cases {
            assert_eq!(entry_lines_len(text), want.len(), "{text:?}");
            assert_eq!(
                entry_lines::<64>(text)[..want.len()],
                *want.as_bytes(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn front_coding_gives_back_the_lines() {
        let cases = [
            "",
            "\n",
            "a\nab\nabc\nb\n",
            "abc\nab\na\n\n\nabc",
            // Shared bytes stop at a character boundary (é and ê share their first byte).
            "cafés\ncafêt\ncafê\nça\nçb",
            "😀a\n😀b\n😁",
            "one-two-three-four-five-six-seven-eight\none-two-three-four-five-six-seven-nine\n",
            // Values left out: the key's own, the line before's; not after a line without one.
            "afghan=afghanistan\nafghanistan=afghanistan\nalbania=albania\nalbanian=albania\n",
            "a=b\nc\nd=b\ne=\nf=\n=\n=\nk=v=w\nl=v=w\nk=k=k\nab=ab\nab=ab\nab=abc",
        ];
        for text in cases {
            let mut packed = [0u8; 256];
            let len = copy_front_coded(text.as_bytes(), &mut packed);
            assert_eq!(len, front_coded_len(text.as_bytes()), "{text:?}");
            let packed = core::str::from_utf8(&packed[..len]).unwrap();
            assert_eq!(unpack_lines(packed, text.len()), text, "{text:?}");
        }
        assert_eq!(&front_coded::<7>(b"ab\nabc\nb"), b"\x00ab\x02c\x00b");
        assert_eq!(
            &front_coded::<10>(b"us=us\nusa=us\nuk=uk"),
            b"\x00us\x1e\x02a\x1f\x01k\x1e"
        );
    }

    proptest::proptest! {
        /// Any lines of keys and values come back as they went in.
        #[test]
        fn front_coding_round_trips(text in "[ab=é\n]{0,40}") {
            let mut packed = [0u8; 128];
            let len = copy_front_coded(text.as_bytes(), &mut packed);
            let packed = core::str::from_utf8(&packed[..len]).unwrap();
            proptest::prop_assert_eq!(unpack_lines(packed, text.len()), text);
        }
    }

    #[test]
    fn lexicon_entries_are_the_files_without_their_hash_lines() {
        let cases: &[(&str, &str)] = &[
            (
                include_str!("lexicon/titles.txt"),
                lexicon_entries!("titles.txt"),
            ),
            (
                include_str!("lexicon/names-first.txt"),
                lexicon_entries!("names-first.txt"),
            ),
            (
                include_str!("lexicon/nationalities.txt"),
                lexicon_entries!("nationalities.txt"),
            ),
            (
                include_str!("lexicon/cues-fr.txt"),
                lexicon_text!("cues-fr.txt"),
            ),
            (
                include_str!("lexicon/credit-markers.txt"),
                lexicon_text!("credit-markers.txt"),
            ),
        ];
        for &(file, entries) in cases {
            let kept: String = file
                .split_inclusive('\n')
                .filter(|line| !line.starts_with('#'))
                .collect();
            assert_eq!(entries, kept);
        }
    }

    #[test]
    fn prefix_within_stops_before_a_cut_word_and_on_char_boundaries() {
        let cases: &[(&str, usize, &str)] = &[
            ("one two three", 100, "one two three"),
            ("one two three", 7, "one two"),
            ("one two three", 9, "one two"),
            ("one two three", 8, "one two"),
            ("onetwothree", 5, "onetw"),
            ("é😀é", 3, "é"),
            ("é😀é", 5, "é"),
            ("é😀é", 6, "é😀"),
            ("a\u{301}\u{301} b", 3, "a\u{301}"),
            ("", 0, ""),
            ("abc", 0, ""),
        ];
        for &(text, bytes, want) in cases {
            assert_eq!(prefix_within(text, bytes), want, "{text:?} {bytes}");
        }
    }

    #[test]
    fn within_budget_keeps_whole_blocks_then_cuts_the_crossing_one() {
        let word = "word ".repeat(WORK_BUDGET_BYTES / 5);
        let half = "half ".repeat(WORK_BUDGET_BYTES / 10);
        let paragraph = |text: &str| Block::new(BlockKind::Paragraph, text);
        // (blocks, texts kept, truncated)
        let cases: Vec<(Vec<Block>, Vec<usize>, bool)> = vec![
            (vec![], vec![], false),
            (vec![paragraph("a"), paragraph("b")], vec![1, 1], false),
            (vec![paragraph(&word)], vec![WORK_BUDGET_BYTES], false),
            (
                vec![paragraph(&word), paragraph("b")],
                vec![WORK_BUDGET_BYTES, 0],
                true,
            ),
            (
                vec![paragraph(&half), paragraph(&half), paragraph(&half)],
                vec![half.len(), half.len(), 0],
                true,
            ),
            (
                vec![paragraph("x"), paragraph(&word)],
                // The budget ends right after a word: nothing more to leave out.
                vec![1, WORK_BUDGET_BYTES - 1],
                true,
            ),
        ];
        for (blocks, want, truncated) in cases {
            let (kept, cut) = within_budget(&blocks);
            let lengths: Vec<usize> = kept.iter().map(|b| b.text.len()).collect();
            assert_eq!((lengths, cut), (want, truncated), "{} blocks", blocks.len());
            for (kept, block) in kept.iter().zip(&blocks) {
                assert!(block.text.starts_with(&kept.text));
            }
        }
    }
}
