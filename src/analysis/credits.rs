//! Image credits in captions, image alt/title text and structured data.
//!
//! A credit is found in one of three shapes, tried in this order in each block:
//! 1. after a label ("© AFP – X", "Photo: X", "Credit: X", "Foto: dpa"), up to the end of the
//!    enclosing bracket or the end of the run of capitalised words;
//! 2. as a bracketed tail that names an agency or uses a slash ("(AP Photo/X)", "[File: Reuters]",
//!    "(Ellen M. Banner / The Seattle Times)");
//! 3. as an unlabelled tail after the caption's last sentence ("… on Thursday. X / AFP - Getty
//!    Images", "… | X/Getty Images", "… EFE").
//!
//! Only captions, image text and metadata are searched (plus a short paragraph that is nothing
//! but a labelled credit line), so agencies named as news sources ("told Reuters", the
//! "(Reuters) -" dateline) are never credits. Copyright footers ("© (2024) Agence
//! France-Presse") are refused by the year after the sign.

use super::people::{given_names, non_names, normalize, parsed_once, title_case, Lexicon};
use crate::prelude::*;
use crate::report::{CreditSource, ImageCredit, Span};
use crate::text::{
    contains_str, find_str, shape_of, tokenize, whitespace_words, Block, BlockKind, KeyTable,
    TokenKind, Utf16Map, SHAPE_DOT,
};
use crate::{at, find_ascii, rfind_ascii, slice, trim_end_ascii, trim_start_ascii};

/// Agencies and picture services, valued by a canonical name.
fn agencies() -> &'static Lexicon {
    static TABLE: OnceLock<Lexicon> = OnceLock::new();
    parsed_once(&TABLE, lexicon_entries!("agencies.txt"))
}

/// Words in credit lines that name neither photographer nor agency ("STR", "File", "left").
fn placeholders() -> &'static Lexicon {
    static TABLE: OnceLock<Lexicon> = OnceLock::new();
    parsed_once(&TABLE, lexicon_entries!("credit-placeholders.txt"))
}

/// A label that opens a credit.
#[derive(Clone, Copy)]
struct Marker {
    label: &'static str,
    /// Whether the label stays in the credit text (a colon label does; a glued screen-reader
    /// "Credit" does not).
    kept: bool,
}

/// The credit labels, grouped by first byte so that a position is tried only against the
/// labels that can start there. Built by the compiler from `credit-markers.txt` ([`MARKERS`]):
/// built on first use behind a `OnceLock`, its build loop and its own instance of the
/// `OnceLock` machinery were 1.1 KB of wasm code, where the table is 1 KB of mostly zero data
/// that compresses to little (0.3 KB gzip saved), and the first analysis no longer builds it.
struct Markers {
    /// The labels grouped by first byte, each group in the file's order: longest first, so that
    /// "Photo credit:" wins over "Photo:" (a unit test checks the file).
    list: &'static [Marker],
    /// `list[from..to]` are the labels whose first byte is `b`, at `groups[b] = (from, to)`.
    groups: [(u8, u8); 256],
    /// Whether byte `b` starts a label, at `starts[b]`: one load per byte of a caption.
    starts: [bool; 256],
}

impl Markers {
    /// The labels that start with byte `first`, longest first.
    fn starting_with(&self, first: u8) -> &[Marker] {
        let (from, to) = self.groups[usize::from(first)];
        self.list
            .get(usize::from(from)..usize::from(to))
            .unwrap_or_default()
    }
}

/// The entries of `credit-markers.txt`: one label a line, `*` marking one not kept in the credit.
const MARKER_TEXT: &str = lexicon_text!("credit-markers.txt");
/// How many labels the file holds (at most 255: the groups index them with `u8`s).
const MARKER_COUNT: usize = marker_count(MARKER_TEXT);
/// The labels, grouped by first byte.
const MARKER_LIST: [Marker; MARKER_COUNT] = marker_list(MARKER_TEXT);
/// The credit labels of `credit-markers.txt`, grouped by first byte.
static MARKERS: Markers = marker_table(&MARKER_LIST);

/// The credit labels, grouped by first byte.
fn markers() -> &'static Markers {
    &MARKERS
}

/// The label on the line `text[from..to]`: `None` for a blank line (spaces, tabs, a `\r`)
/// or a bare `*`.
const fn marker_on_line(text: &'static str, from: usize, to: usize) -> Option<Marker> {
    let bytes = text.as_bytes();
    let mut end = to;
    // As `str::lines`, which the runtime parse used: a line ends before `\r\n`.
    if end > from && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    let mut i = from;
    while i < end && matches!(bytes[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    if i == end {
        return None;
    }
    let kept = bytes[end - 1] != b'*';
    if !kept {
        end -= 1;
    }
    if end == from {
        return None;
    }
    let (_, rest) = bytes.split_at(from);
    let (label, _) = rest.split_at(end - from);
    match core::str::from_utf8(label) {
        Ok(label) => Some(Marker { label, kept }),
        Err(_) => panic!("a credit label is not UTF-8"),
    }
}

/// Calls `$each` with every label of `$text` in file order (a macro: const fns take no
/// closures).
macro_rules! for_each_marker {
    ($text:expr, |$marker:ident| $each:block) => {{
        let bytes = $text.as_bytes();
        let (mut line, mut i) = (0, 0);
        while i <= bytes.len() {
            if i == bytes.len() || bytes[i] == b'\n' {
                if let Some($marker) = marker_on_line($text, line, i) {
                    $each
                }
                line = i + 1;
            }
            i += 1;
        }
    }};
}

/// How many labels `text` holds; the build fails above 255.
const fn marker_count(text: &'static str) -> usize {
    let mut count = 0;
    for_each_marker!(text, |_marker| { count += 1 });
    assert!(count <= u8::MAX as usize, "over 255 credit labels");
    count
}

/// The `N` labels of `text`, grouped by first byte in byte order, each group in file order.
const fn marker_list<const N: usize>(text: &'static str) -> [Marker; N] {
    let mut list = [Marker {
        label: "",
        kept: true,
    }; N];
    let mut len = 0;
    let mut first = 0;
    while first < 256 {
        for_each_marker!(text, |marker| {
            if marker.label.as_bytes()[0] as usize == first {
                list[len] = marker;
                len += 1;
            }
        });
        first += 1;
    }
    list
}

/// The byte groups of `list` (grouped as [`marker_list`] returns it).
const fn marker_table(list: &'static [Marker]) -> Markers {
    let mut groups = [(0u8, 0u8); 256];
    let mut starts = [false; 256];
    let mut i = 0;
    while i < list.len() {
        let first = list[i].label.as_bytes()[0] as usize;
        if !starts[first] {
            starts[first] = true;
            groups[first].0 = i as u8;
        }
        groups[first].1 = i as u8 + 1;
        i += 1;
    }
    Markers {
        list,
        groups,
        starts,
    }
}

/// Builds the agency and placeholder tables now (see [`super::build_tables`]); the credit
/// labels need no building ([`MARKERS`]).
pub(crate) fn build_tables() {
    agencies();
    placeholders();
}

/// The first byte of `label` (0 for an empty one, which no text position is tried against).
fn first_byte(label: &str) -> u8 {
    label.as_bytes().first().copied().unwrap_or_default()
}

/// Words that join the parts of a credit without being part of a name or agency.
const CONNECTORS: &[&str] = &[
    "via", "vía", "for", "and", "y", "und", "et", "by", "de", "del", "da", "do", "van", "von",
    "der", "the", "la", "le", "du", "of", "&",
];
/// Separators between the parts of a credit.
const SEPARATORS: &[&str] = &["/", "|", ",", ";", "–", "—", "-", "·", "•"];
/// The longest credit, in words; longer runs are caption text.
const MAX_CREDIT_WORDS: usize = 14;
/// The longest paragraph read as a stand-alone credit line, in bytes.
const MAX_CREDIT_PARAGRAPH: usize = 120;

/// Finds the photo credits in the article's captions, image text and metadata, each distinct
/// credit once (from its most visible source, with every span found there).
pub fn find_credits(blocks: &[Block]) -> Vec<ImageCredit> {
    let mut credits: Vec<ImageCredit> = Vec::new();
    // Credit keys numbered in order of first sight: key number `i` is `credits[i]`.
    let mut keys = KeyTable::new();
    for (index, block) in blocks.iter().enumerate() {
        let source = match block.kind {
            BlockKind::Caption => CreditSource::Caption,
            BlockKind::ImageText => CreditSource::Alt,
            BlockKind::Metadata => CreditSource::Metadata,
            BlockKind::Paragraph if block.text.len() <= MAX_CREDIT_PARAGRAPH => {
                CreditSource::Caption
            }
            _ => continue,
        };
        let text = block.text.as_str();
        let found = match block.kind {
            BlockKind::Metadata => metadata_credit(text),
            // A paragraph's credit opens it, after brackets and spaces at most: a label
            // starting beyond those would give a credit that is dropped here, so none is
            // looked for there.
            BlockKind::Paragraph => {
                labelled_credit(text, text.len() - trim_start_ascii(text, b"([ ").len()).filter(
                    |&(start, _)| trim_start_ascii(slice(text, 0, start), b"([ ").is_empty(),
                )
            }
            _ => labelled_credit(text, text.len())
                .or_else(|| bracketed_credit(text))
                .or_else(|| tail_credit(text)),
        };
        let Some((start, end)) = found else { continue };
        let Some(credit_text) = text.get(start..end) else {
            continue;
        };
        let (agency, photographer) = parse_credit(credit_text);
        if agency.is_none() && photographer.is_none() {
            continue;
        }
        // In structured data a bare person's name is the article's author unless an image's
        // credit field holds it.
        if block.kind == BlockKind::Metadata && agency.is_none() && !has_credit_key(text) {
            continue;
        }
        let map = Utf16Map::new(text);
        let span = Span {
            block: index,
            start: map.utf16(start),
            end: map.utf16(end),
        };
        let key = match &photographer {
            Some(p) => normalize(p),
            None => normalize(strip_label(credit_text).0),
        };
        let slot = keys.intern(&key);
        if let Some(seen) = credits.get_mut(slot) {
            if rank(seen.source) < rank(source) {
                continue;
            }
            if seen.source == source {
                seen.spans.push(span);
                continue;
            }
        }
        // A new credit, or one found before in a less visible source, which this one replaces
        // (written once for both: one `ImageCredit` built in the wasm, not two).
        let credit = ImageCredit {
            text: credit_text.to_string(),
            agency,
            photographer,
            source,
            spans: vec![span],
        };
        match credits.get_mut(slot) {
            Some(seen) => *seen = credit,
            None => credits.push(credit),
        }
    }
    credits
}

/// How visible a source is: lower is more visible.
fn rank(source: CreditSource) -> u8 {
    match source {
        CreditSource::Caption => 0,
        CreditSource::Alt => 1,
        CreditSource::Metadata => 2,
    }
}

/// A credit value from structured data: the block holds the value of a `creditText`,
/// `copyrightHolder` or image `author` field, possibly still with its key.
fn metadata_credit(text: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    // Over a slice, not an array by value: an array's `IntoIter` is one more instance in the
    // wasm.
    for &key in &["creditText", "copyrightHolder", "credit", "author", "name"] {
        if let Some(i) = find_str(text, key) {
            start = start.max(i + key.len());
        }
    }
    let value_start =
        start + slice(text, start, text.len()).find(|c: char| c.is_alphanumeric() || c == '©')?;
    let value_end = value_start
        + find_ascii(slice(text, value_start, text.len()), b"\"\n}")
            .unwrap_or(text.len() - value_start);
    let value = slice(text, value_start, value_end).trim_end();
    (!value.is_empty() && whitespace_words(value).count() <= MAX_CREDIT_WORDS)
        .then_some((value_start, value_start + value.len()))
}

/// Whether a structured-data block names an image credit field, as opposed to an author.
fn has_credit_key(text: &str) -> bool {
    ["creditText", "copyrightHolder", "credit"]
        .iter()
        .any(|key| contains_str(text, key))
}

/// Whether a marker at `at` stands on its own: at the start, after a space or punctuation, or
/// glued after a lower-case letter or full stop ("treatmentCredit: EPA"); and not inside a
/// longer word ("Photographer").
fn marker_fits(text: &str, at: usize, label: &str) -> bool {
    let before = slice(text, 0, at).chars().next_back();
    let after = slice(text, at + label.len(), text.len()).chars().next();
    let before_ok = before.is_none_or(|c| !c.is_alphanumeric() || c.is_lowercase());
    // `chars().next_back()` rather than `ends_with` a predicate: one searcher instance less.
    let after_ok = !label.chars().next_back().is_some_and(char::is_alphabetic)
        || after.is_none_or(|c| !c.is_lowercase());
    before_ok && after_ok
}

/// A credit opened by a label whose first occurrence starts at byte `last_start` at the latest:
/// (start, end) bytes of the credit text.
fn labelled_credit(text: &str, last_start: usize) -> Option<(usize, usize)> {
    let (mut at, mut marker) = first_marker(text, last_start)?;
    // Repeated labels ("Credit Credit Chang W. Lee") count once: the last one opens the credit.
    loop {
        let next = at + marker.label.len();
        let from_next = slice(text, next, text.len());
        let skip = next + (from_next.len() - from_next.trim_start().len());
        match marker_at(text, skip) {
            Some(m) => {
                at = skip;
                marker = m;
            }
            None => break,
        }
    }
    let label_end = at + marker.label.len();
    let rest = slice(text, label_end, text.len());
    if marker.label == "©" && is_copyright_footer(rest) {
        return None;
    }
    let start = if marker.kept {
        at
    } else {
        label_end + (rest.len() - rest.trim_start().len())
    };
    // Inside a bracket the credit runs to its closing bracket.
    let open = rfind_ascii(slice(text, 0, at), b"([");
    let closed = open.is_some_and(|o| find_ascii(slice(text, o, at), b")]").is_some());
    let end = if open.is_some() && !closed {
        label_end + find_ascii(rest, b")]").unwrap_or(rest.len())
    } else {
        label_end + credit_run_len(rest)
    };
    let credit = trim_end_ascii(text.get(start..end)?, b" .,;:");
    (credit.len() > marker.label.len() || !marker.kept)
        .then_some((start, start + credit.len()))
        .filter(|(s, e)| e > s)
}

/// The first credit label in `text` that stands on its own and starts at byte `last_start` at
/// the latest, with its byte offset: one pass, trying labels only where a byte could start one.
fn first_marker(text: &str, last_start: usize) -> Option<(usize, &'static Marker)> {
    let markers = markers();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at <= last_start {
        let Some(&b) = bytes.get(at) else {
            break;
        };
        if markers.starts[usize::from(b)] {
            if let Some(marker) = marker_at(text, at) {
                return Some((at, marker));
            }
        }
        at += 1;
    }
    None
}

/// The longest credit label that starts at byte `at` and stands on its own there. A label
/// starts with a character's first byte, so a match is on a character boundary.
fn marker_at(text: &str, at: usize) -> Option<&'static Marker> {
    let rest = text.as_bytes().get(at..)?;
    markers()
        .starting_with(*rest.first()?)
        .iter()
        .find(|m| rest.starts_with(m.label.as_bytes()) && marker_fits(text, at, m.label))
}

/// Whether the text after a © is a copyright footer: a year, "Copyright" or "All rights".
fn is_copyright_footer(rest: &str) -> bool {
    let rest = trim_start_ascii(rest.trim_start(), b"(");
    rest.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || contains_str(rest, "rights reserved")
        || rest.starts_with("Copyright")
}

/// The length in bytes of the run of credit words at the start of `rest`: capitalised words,
/// connectors and separators. When the run stops at a lower-case word, its last capitalised
/// word began the caption's next sentence ("Le Devoir Les entreprises …") and is left out.
fn credit_run_len(rest: &str) -> usize {
    let tokens = tokenize(rest);
    let mut end = 0;
    let mut words = 0;
    let mut last_word_start = None;
    for (i, t) in tokens.iter().enumerate() {
        let s = t.text(rest);
        let kind = if i > 0 && line_break_before(&tokens, i, rest) {
            Piece::Stop
        } else {
            classify(&tokens, i, rest)
        };
        match kind {
            Piece::Word => {
                words += 1;
                last_word_start = Some(t.start);
                end = t.end;
            }
            Piece::Joiner => end = t.end,
            Piece::Stop => {
                if t.kind == TokenKind::Word
                    && s.chars().next().is_some_and(char::is_lowercase)
                    && words >= 3
                {
                    if let Some(w) = last_word_start {
                        end = w;
                    }
                }
                break;
            }
        }
        if words > MAX_CREDIT_WORDS {
            break;
        }
    }
    slice(rest, 0, end).trim_end().len()
}

/// How a token behaves inside a credit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// A capitalised word, an all-caps word or an initial: part of a name or agency.
    Word,
    /// A connector or separator: inside a credit but not its end.
    Joiner,
    /// Anything else ends the credit.
    Stop,
}

fn classify(tokens: &[crate::text::Token], i: usize, text: &str) -> Piece {
    let t = at(tokens, i);
    let s = t.text(text);
    if t.kind == TokenKind::Word {
        if s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            return Piece::Word;
        }
        let key = normalize(s);
        if agencies().contains(&key) {
            // Agencies written in lower case ("dpa").
            return Piece::Word;
        }
        if CONNECTORS.contains(&key.as_str()) || placeholders().contains(&key) {
            return Piece::Joiner;
        }
        return Piece::Stop;
    }
    if SEPARATORS.contains(&s) || s == "&" {
        return Piece::Joiner;
    }
    // A full stop after an initial ("Ellen M. Banner") or inside an abbreviation stays.
    if s == "." && i > 0 {
        let prev = tokens[i - 1].text(text);
        if tokens[i - 1].end == t.start
            && crate::text::char_count(prev) == 1
            && prev.chars().all(char::is_uppercase)
        {
            return Piece::Joiner;
        }
    }
    Piece::Stop
}

/// `text` without the spaces and dots at its end, taken off in turn until neither is left:
/// `text.trim_end_matches(|c: char| c.is_whitespace() || c == '.')` through `trim_end` and the
/// shared ASCII trim, for the wasm size (a closure pattern is a searcher instance of its own).
fn trim_end_spaces_and_dots(text: &str) -> &str {
    let mut trimmed = text;
    loop {
        let shorter = trim_end_ascii(trimmed.trim_end(), b".");
        if shorter.len() == trimmed.len() {
            return trimmed;
        }
        trimmed = shorter;
    }
}

/// A bracketed credit at the end of the block: "(AP Photo/X)", "[File: Reuters]", "(Reuters)".
fn bracketed_credit(text: &str) -> Option<(usize, usize)> {
    let trimmed = trim_end_spaces_and_dots(text);
    let close = trimmed.chars().next_back()?;
    let open: &[u8] = match close {
        ')' => b"(",
        ']' => b"[",
        _ => return None,
    };
    let open_at = rfind_ascii(trimmed, open)?;
    let inner = slice(trimmed, open_at + 1, trimmed.len() - 1);
    let start = open_at + 1 + (inner.len() - inner.trim_start().len());
    let content = inner.trim();
    let words = whitespace_words(content).count();
    if content.is_empty() || words > MAX_CREDIT_WORDS {
        return None;
    }
    let evidence = has_name_slash(content)
        || has_agency(content)
        || whitespace_words(content).any(|w| w == "via" || w == "vía")
        || content.starts_with("File");
    evidence.then_some((start, start + content.len()))
}

/// How many words at the end of a block [`tail_credit`] reads first: more than the longest
/// credit it accepts, so that a longer caption is only read whole when its last words all look
/// like credit words.
const TAIL_WORDS: usize = 16;

/// An unlabelled credit ending the block after its last sentence: "… Thursday. X / AFP - Getty
/// Images", "… September. | X/AP Photo", "… pasado. EFE".
fn tail_credit(text: &str) -> Option<(usize, usize)> {
    let from = last_words_start(text, TAIL_WORDS);
    match tail_credit_from(text, from) {
        Some(found) => found,
        None => tail_credit_from(text, 0).flatten(),
    }
}

/// The byte offset where the last `words` words of `text` start (words separated by ASCII
/// whitespace), or 0 when it has no more than that. The offset follows a whitespace byte, so
/// that the tokens from there are those of the whole text.
fn last_words_start(text: &str, words: usize) -> usize {
    let bytes = text.as_bytes();
    let mut seen = 0;
    let mut in_word = false;
    for (at, &b) in bytes.iter().enumerate().rev() {
        let space = b.is_ascii_whitespace();
        if space && in_word {
            seen += 1;
            if seen == words {
                return at + 1;
            }
        }
        in_word = !space;
    }
    0
}

/// [`tail_credit`] on the tokens of `text` from byte `from` (0, or just after whitespace):
/// `None` when the answer depends on the text before `from`, i.e. when the run of credit words
/// reaches the first token. (Whether a token stops the run depends on the one before only for a
/// full stop glued to an initial, and whitespace precedes the first token here.)
fn tail_credit_from(text: &str, from: usize) -> Option<Option<(usize, usize)>> {
    let tokens = split_glued_sentences(text, from);
    let mut first = tokens.len();
    let mut after_line_break = false;
    for i in (0..tokens.len()).rev() {
        if classify(&tokens, i, text) == Piece::Stop {
            break;
        }
        first = i;
        if i > 0 && line_break_before(&tokens, i, text) {
            after_line_break = true;
            break;
        }
    }
    if from > 0 && first == 0 {
        return None;
    }
    Some(tail_credit_after(text, &tokens, first, after_line_break))
}

/// The end of [`tail_credit`]: whether the run of credit words from token `first` to the end of
/// `text` (after a line break or not) is a credit.
fn tail_credit_after(
    text: &str,
    tokens: &[crate::text::Token],
    mut first: usize,
    after_line_break: bool,
) -> Option<(usize, usize)> {
    // The run must follow a sentence end or a separator, not a word of the caption's sentence.
    let boundary = match first.checked_sub(1) {
        None => true,
        Some(_) if after_line_break => true,
        Some(b) => matches!(
            at(tokens, b).text(text),
            "." | "|" | ":" | "?" | "!" | "–" | "—" | "-" | "•" | ")" | "”" | "\""
        ),
    };
    if !boundary || first == tokens.len() {
        return None;
    }
    while first < tokens.len() && tokens[first].kind == TokenKind::Punct {
        first += 1;
    }
    let last = tokens.last()?;
    let start = tokens.get(first)?.start;
    let credit = text.get(start..last.end)?;
    // Counted rather than collected into a vector: a `from_iter` instance less in the wasm.
    let words = whitespace_words(credit).count();
    if words > 10 || last.kind == TokenKind::Punct && last.text(text) != ")" {
        return None;
    }
    let separated = has_name_slash(credit)
        || credit.as_bytes().contains(&b'|')
        || contains_str(credit, " via ");
    // Without a separator the credit must end in a whole agency name ("… pasado. EFE"), not a
    // run that merely contains one ("Election 2020 Bloomberg").
    let ends_in_agency = split_parts(credit)
        .last()
        .is_some_and(|&(s, e, _)| is_agency(slice(credit, s, e)));
    let agency = has_agency(credit) && (ends_in_agency || separated);
    let person_only = (2..=3).contains(&words)
        && first > 0
        && tokens[first - 1].text(text) == "."
        && given_names().contains(&normalize(first_word(credit)));
    (separated || agency || person_only).then_some((start, last.end))
}

/// Whether a line break separates token `i` from the one before: a credit never spans lines
/// (captions put UI text such as "hide caption" on lines of their own).
fn line_break_before(tokens: &[crate::text::Token], i: usize, text: &str) -> bool {
    text.get(at(tokens, i - 1).end..at(tokens, i).start)
        .is_some_and(|gap| gap.as_bytes().contains(&b'\n'))
}

/// Whether a slash separates names rather than numbers ("X/AFP", not "24/7").
fn has_name_slash(text: &str) -> bool {
    // Bytes rather than `match_indices('/')`: one searcher instance less in the wasm.
    text.bytes().enumerate().any(|(i, b)| {
        if b != b'/' {
            return false;
        }
        let before = slice(text, 0, i).trim_end().chars().next_back();
        let after = slice(text, i + 1, text.len()).trim_start().chars().next();
        before.is_some_and(char::is_alphabetic) || after.is_some_and(char::is_alphabetic)
    })
}

/// Tokens of `text` from byte `from` (after whitespace, or 0) with a word split where a
/// sentence ends without a space ("Thursday.Anthony" → "Thursday", ".", "Anthony"), as captions
/// glued to credits often are.
fn split_glued_sentences(text: &str, from: usize) -> Vec<crate::text::Token> {
    let rest = text.get(from..).unwrap_or_default();
    // Room for the usual case: the last words of a caption, a glued full stop or two.
    let mut out = Vec::with_capacity(TAIL_WORDS + 4);
    for &t in tokenize(rest).iter() {
        let (start, end) = (from + t.start, from + t.end);
        let s = t.text(rest);
        let mut piece_start = start;
        if t.kind == TokenKind::Word && s.as_bytes().contains(&b'.') {
            // Each "a.B": the character two back, the full stop, this one.
            let mut before: [Option<(usize, char)>; 2] = [None, None];
            for (at, c) in s.char_indices() {
                if let [Some((_, a)), Some((dot_at, '.'))] = before {
                    if a.is_lowercase() && c.is_uppercase() {
                        let dot = start + dot_at;
                        out.push(crate::text::Token {
                            kind: TokenKind::Word,
                            shape: shape_of(slice(text, piece_start, dot)),
                            start: piece_start,
                            end: dot,
                        });
                        out.push(crate::text::Token {
                            kind: TokenKind::Punct,
                            shape: SHAPE_DOT,
                            start: dot,
                            end: dot + 1,
                        });
                        piece_start = dot + 1;
                    }
                }
                before = [before[1], Some((at, c))];
            }
        }
        out.push(crate::text::Token {
            kind: t.kind,
            shape: if piece_start == start {
                t.shape
            } else {
                shape_of(slice(text, piece_start, end))
            },
            start: piece_start,
            end,
        });
    }
    out
}

/// Whether the text names a known agency as a whole word or phrase.
fn has_agency(text: &str) -> bool {
    // A loop rather than `filter`/`map`/`collect`: one `from_iter` instance less in the wasm.
    let mut words: Vec<String> = Vec::new();
    for word in text.split(|c: char| {
        c.is_whitespace() || matches!(c, '/' | '|' | ',' | ';' | '(' | ')' | '[' | ']' | '–' | '—')
    }) {
        if !word.is_empty() {
            words.push(normalize(word));
        }
    }
    // Phrases of one to three words, written into one reused key.
    let mut key = String::new();
    (0..words.len()).any(|i| {
        key.clear();
        words[i..].iter().take(3).any(|word| {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(word);
            agencies().contains(&key)
        })
    })
}

/// The credit without its label ("Photo: X" → "X") and whether a label was removed.
fn strip_label(credit: &str) -> (&str, bool) {
    let mut rest = credit.trim();
    let mut stripped = false;
    for _ in 0..2 {
        if let Some(m) = markers()
            .starting_with(first_byte(rest))
            .iter()
            .find(|m| rest.starts_with(m.label))
        {
            rest = slice(rest, m.label.len(), rest.len()).trim_start();
            stripped = true;
        }
    }
    for &word_label in &["Photo ", "Foto ", "Photos "] {
        if let Some(r) = rest.strip_prefix(word_label) {
            rest = r;
            stripped = true;
        }
    }
    (rest, stripped)
}

/// Splits a credit into agency and photographer.
///
/// The credit's parts (between slashes, pipes, dashes, commas, "via", "for") are agencies when
/// listed, photographers when they look like a person's name (a known given name, or a
/// capitalised pair next to an agency), and placeholders ("STR", "File") are dropped. The agency
/// is everything from the first to the last agency part as written ("AFP - Getty Images");
/// a beneficiary after "for" an agency is left out ("Getty Images for X").
fn parse_credit(credit: &str) -> (Option<String>, Option<String>) {
    let (rest, _) = strip_label(credit);
    let parts = split_parts(rest);
    let has_known_agency = parts.iter().any(|&(s, e, _)| is_agency(slice(rest, s, e)));
    // The photographers' names joined by ", ", built in place: a `join` over a `Vec<String>`
    // would be one more `join` instance in the wasm (the other joins are over `&str`).
    let mut photographers = String::new();
    let mut agency_span: Option<(usize, usize)> = None;
    let mut after_for_agency = false;
    for &(s, e, after_for) in &parts {
        let part = slice(rest, s, e);
        let key = normalize(part);
        if placeholders().contains(&key) || key.is_empty() {
            continue;
        }
        if after_for && agency_span.is_some() {
            after_for_agency = true;
        }
        if after_for_agency {
            break;
        }
        if !is_agency(part) && looks_like_person(part, has_known_agency) {
            // The words title-cased and joined by one space, built in place: a `join` over
            // the `Cow`s would be one more `join` instance in the wasm.
            if !photographers.is_empty() {
                photographers.push_str(", ");
            }
            let mut first = true;
            for word in whitespace_words(part) {
                if !first {
                    photographers.push(' ');
                }
                first = false;
                photographers.push_str(&title_case(word));
            }
        } else {
            agency_span = Some(agency_span.map_or((s, e), |(a, _)| (a, e)));
        }
    }
    // "AP Photo" is the agency AP with a label word.
    let agency = agency_span
        .map(|(s, e)| {
            let a = slice(rest, s, e).trim();
            a.strip_suffix(" Photo")
                .filter(|stem| agencies().contains(&normalize(stem)))
                .unwrap_or(a)
                .to_string()
        })
        .filter(|a| !a.is_empty());
    let photographer = (!photographers.is_empty()).then_some(photographers);
    (agency, photographer)
}

/// Whether a credit part is exactly a known agency ("Reuters", "AP Photo").
fn is_agency(part: &str) -> bool {
    let key = normalize(part);
    agencies().contains(&key)
        || key
            .strip_suffix(" photo")
            .is_some_and(|k| agencies().contains(k))
}

/// The parts of a credit as (start, end, follows "for"), split at separators and joining words.
fn split_parts(text: &str) -> Vec<(usize, usize, bool)> {
    let tokens = tokenize(text);
    let mut parts = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut after_for = false;
    let mut next_after_for = false;
    for (i, t) in tokens.iter().enumerate() {
        let s = t.text(text);
        let (separator, is_for) = match t.kind {
            TokenKind::Punct => (
                SEPARATORS.contains(&s)
                    || s == "&"
                    || s == "." && classify(&tokens, i, text) == Piece::Stop,
                false,
            ),
            TokenKind::Word => {
                let key = normalize(s);
                (
                    ["via", "vía", "for", "and", "y", "und", "et"].contains(&key.as_str()),
                    key == "for",
                )
            }
        };
        if separator {
            if let Some((a, b)) = current.take() {
                parts.push((a, b, after_for));
            }
            next_after_for |= is_for;
            continue;
        }
        if current.is_none() {
            after_for = next_after_for;
            next_after_for = false;
        }
        current = Some(current.map_or((t.start, t.end), |(a, _)| (a, t.end)));
    }
    if let Some((a, b)) = current {
        parts.push((a, b, after_for));
    }
    parts
}

/// Whether a credit part is a person's name: two to four capitalised words, not an
/// organisation, and either opening with a known given name or standing beside a known agency.
fn looks_like_person(part: &str, beside_agency: bool) -> bool {
    // Counted and walked rather than collected: a `from_iter` instance less in the wasm.
    if !(2..=4).contains(&whitespace_words(part).count()) {
        return false;
    }
    let name_like = whitespace_words(part).all(|w| {
        let key = normalize(w);
        w.chars().next().is_some_and(char::is_uppercase)
            && (!non_names().contains(&key) || key.len() <= 2)
            || ["de", "van", "von", "der", "da", "del", "bin", "al"].contains(&key.as_str())
    });
    name_like && (given_names().contains(&normalize(first_word(part))) || beside_agency)
}

/// The first whitespace-separated word of `text` ("" when it has none).
fn first_word(text: &str) -> &str {
    whitespace_words(text).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (block kind, text, expected (text, agency, photographer) or None)
    type Case = (
        BlockKind,
        &'static str,
        Option<(&'static str, Option<&'static str>, Option<&'static str>)>,
    );

    #[test]
    fn credit_forms_and_traps() {
        use BlockKind::{Caption as C, ImageText as I, Metadata as M, Paragraph as P};
        let cases: &[Case] = &[
            (C, "Xi Jinping in Woodside, California © AFP – Brendan Smialowski", Some(("© AFP – Brendan Smialowski", Some("AFP"), Some("Brendan Smialowski")))),
            (C, "Illustration of Tik Tok in Paris © AFP – Antonin UTZ", Some(("© AFP – Antonin UTZ", Some("AFP"), Some("Antonin Utz")))),
            (I, "Gordon Sondland walks to the Capitol. (AP Photo/Patrick Semansky, File)", Some(("AP Photo/Patrick Semansky, File", Some("AP"), Some("Patrick Semansky")))),
            (C, "Beijing hospital Photo: Hau Dinh, AP", Some(("Photo: Hau Dinh, AP", Some("AP"), Some("Hau Dinh")))),
            (C, "Whale expert Hori Parata. Photograph: Adrian Malloch for the Guardian", Some(("Photograph: Adrian Malloch for the Guardian", Some("the Guardian"), Some("Adrian Malloch")))),
            (C, "Tunis museum. Fethi Belaid/AFP/Getty Images", Some(("Fethi Belaid/AFP/Getty Images", Some("AFP/Getty Images"), Some("Fethi Belaid")))),
            (C, "Scooter Braun poses. (Photo by Kevin Mazur/Getty Images for Ithaca Holdings)", Some(("Photo by Kevin Mazur/Getty Images for Ithaca Holdings", Some("Getty Images"), Some("Kevin Mazur")))),
            (C, "A man walks on Thursday Credit: STR/AFP", Some(("Credit: STR/AFP", Some("AFP"), None))),
            (C, "Harare street Credit: HARARE HERALD", Some(("Credit: HARARE HERALD", Some("HARARE HERALD"), None))),
            (C, "A hospital in BeijingCredit: EPA", Some(("Credit: EPA", Some("EPA"), None))),
            (C, "Dmitry Muratov (REUTERS/Denis Balibouse)", Some(("REUTERS/Denis Balibouse", Some("REUTERS"), Some("Denis Balibouse")))),
            (C, "A rally in Seoul. EPA-EFE/Jeon Heon-Kyun", Some(("EPA-EFE/Jeon Heon-Kyun", Some("EPA-EFE"), Some("Jeon Heon-Kyun")))),
            (C, "New York State Sex Offender Registry via AP", Some(("New York State Sex Offender Registry via AP", Some("New York State Sex Offender Registry via AP"), None))),
            (C, "Wer Abstand hält.Foto: dpa", Some(("Foto: dpa", Some("dpa"), None))),
            (C, "Un juge. Photo : Radio-Canada / Ben Nelms", Some(("Photo : Radio-Canada / Ben Nelms", Some("Radio-Canada"), Some("Ben Nelms")))),
            (C, "Image source, Getty Images Image caption, Mr Obama", Some(("Image source, Getty Images", Some("Getty Images"), None))),
            (C, "The president at a rally. Handout", Some(("Handout", Some("Handout"), None))),
            (C, "Whole Foods touted a price cut. (Ellen M. Banner / The Seattle Times)", Some(("Ellen M. Banner / The Seattle Times", Some("The Seattle Times"), Some("Ellen M. Banner")))),
            (C, "Emirates Boeing jets. Natalie Naccache | Bloomberg | Getty Images", Some(("Natalie Naccache | Bloomberg | Getty Images", Some("Bloomberg | Getty Images"), Some("Natalie Naccache")))),
            (C, "Mangos. Bild: dpa", Some(("Bild: dpa", Some("dpa"), None))),
            (C, "US troops remain in Afghanistan [File: Reuters]", Some(("File: Reuters", Some("Reuters"), None))),
            (C, "Rep. Mark Meadows at the White House in September. | Patrick Semansky/AP Photo", Some(("Patrick Semansky/AP Photo", Some("AP"), Some("Patrick Semansky")))),
            (C, "Candlelight rally in Seoul on Thursday.Anthony Wallace / AFP - Getty Images", Some(("Anthony Wallace / AFP - Getty Images", Some("AFP - Getty Images"), Some("Anthony Wallace")))),
            (C, "A Con Edison worker in Queens.CreditCreditChang W. Lee/The New York Times", Some(("Chang W. Lee/The New York Times", Some("The New York Times"), Some("Chang W. Lee")))),
            (C, "Un Népalais prie à Katmandou. (Photo Prakash Mathema. AFP)", Some(("Photo Prakash Mathema. AFP", Some("AFP"), Some("Prakash Mathema")))),
            (C, "Pingüinos en la Antártida el 11 de febrero pasado. EFE", Some(("EFE", Some("EFE"), None))),
            (C, "Photo: Adil Boukind Archives Le Devoir Les entreprises de trottinettes ont enregistré", Some(("Photo: Adil Boukind Archives Le Devoir", Some("Adil Boukind Archives Le Devoir"), None))),
            (M, "Getty Images", Some(("Getty Images", Some("Getty Images"), None))),
            (M, "\"creditText\": \"Pool/AFP\"", Some(("Pool/AFP", Some("Pool/AFP"), None))),
            (M, "\"credit\": \"Jane Doe\"", Some(("Jane Doe", None, Some("Jane Doe")))),
            (M, "Jane Doe", None),
            (M, "\"author\": \"Jane Doe\"", None),
            (P, "All rights of reproduction and representation reserved. © (2024) Agence France-Presse", None),
            (P, "© 2024 Thesaxon. All rights reserved.", None),
            (P, "WASHINGTON (Reuters) - The president said on Monday.", None),
            (P, "The official told Reuters that talks were over.", None),
            (C, "Mr Obama told the BBC that gun control was his biggest frustration", None),
            (C, "Image: Jose Mourinho has agreed a deal to become manager of Tottenham Hotspur", None),
            (C, "Live Watch CBSN Live", None),
            (C, "El ministro aseguraba a AFP", None),
            (C, "Slideshow ( 15 images )", None),
            (I, "Now Streaming 24/7 Click Here", None),
            (C, "Roof in court.\n  Chuck Burton/AP\n  hide caption\n  toggle caption\n  Chuck Burton/AP", Some(("Chuck Burton/AP", Some("AP"), Some("Chuck Burton")))),
            (C, "Credit: EPA\nA hospital", Some(("Credit: EPA", Some("EPA"), None))),
            (I, "Blinken in China to put pressure on Beijing while preserving stability", None),
        ];
        for &(kind, text, want) in cases {
            let credits = find_credits(&[Block::new(kind, text)]);
            let got = credits.first().map(|c| {
                (
                    c.text.as_str(),
                    c.agency.as_deref(),
                    c.photographer.as_deref(),
                )
            });
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn same_credit_in_caption_and_alt_is_listed_once_from_the_caption() {
        let blocks = [
            Block::new(
                BlockKind::ImageText,
                "Meadows at the White House. (AP Photo/Patrick Semansky)",
            ),
            Block::new(
                BlockKind::Caption,
                "Meadows at the White House. Patrick Semansky/AP Photo",
            ),
            Block::new(
                BlockKind::Caption,
                "Meadows again. Patrick Semansky/AP Photo",
            ),
        ];
        let credits = find_credits(&blocks);
        assert_eq!(credits.len(), 1);
        assert_eq!(credits[0].source, CreditSource::Caption);
        assert_eq!(credits[0].spans.len(), 2);
        assert_eq!(credits[0].spans[0].block, 1);
    }

    /// The labels of `credit-markers.txt` as the program reads them: each non-blank line, a
    /// trailing `*` marking a label not kept.
    fn marker_lines() -> Vec<(&'static str, bool)> {
        MARKER_TEXT
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match l.strip_suffix('*') {
                Some(label) => (label, false),
                None => (l, true),
            })
            .filter(|(label, _)| !label.is_empty())
            .collect()
    }

    #[test]
    fn markers_are_listed_longest_first() {
        let lengths: Vec<usize> = marker_lines().iter().map(|(l, _)| l.len()).collect();
        assert!(!lengths.is_empty());
        assert!(lengths.windows(2).all(|w| w[0] >= w[1]), "{lengths:?}");
    }

    #[test]
    fn the_compiled_marker_table_groups_the_file_by_first_byte() {
        let lines = marker_lines();
        let mut grouped = lines.clone();
        // A stable sort: each group keeps the file's longest-first order.
        grouped.sort_by_key(|(label, _)| first_byte(label));
        let list: Vec<(&str, bool)> = MARKERS.list.iter().map(|m| (m.label, m.kept)).collect();
        assert_eq!(list, grouped);
        for byte in 0..=u8::MAX {
            let want: Vec<(&str, bool)> = lines
                .iter()
                .copied()
                .filter(|(label, _)| first_byte(label) == byte)
                .collect();
            let got: Vec<(&str, bool)> = MARKERS
                .starting_with(byte)
                .iter()
                .map(|m| (m.label, m.kept))
                .collect();
            assert_eq!(got, want, "{byte}");
            assert_eq!(
                MARKERS.starts[usize::from(byte)],
                !want.is_empty(),
                "{byte}"
            );
        }
    }

    #[test]
    fn marker_lines_parse_as_str_lines_do() {
        // (file text, labels)
        let cases: &[(&'static str, &[(&str, bool)])] = &[
            ("", &[]),
            ("Photo:\nCredit*\n", &[("Photo:", true), ("Credit", false)]),
            ("a\r\n \t\n*\nb", &[("a", true), ("b", true)]),
            (" x *\n", &[(" x ", false)]),
        ];
        for &(text, want) in cases {
            let mut got = Vec::new();
            for_each_marker!(text, |m| { got.push((m.label, m.kept)) });
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn first_marker_finds_the_earliest_standalone_label() {
        // (text, expected (byte offset, label))
        let cases: &[(&str, Option<(usize, &str)>)] = &[
            ("", None),
            ("No label here", None),
            ("A Photographer Photo: X", Some((15, "Photo:"))),
            ("A Photographer at work", None),
            ("Photo credit: X", Some((0, "Photo credit:"))),
            ("Café © AFP", Some((6, "©"))),
            ("BeijingCredit: EPA", Some((7, "Credit:"))),
            ("Credits roll", None),
            ("CreditCredit X", Some((0, "Credit"))),
        ];
        for &(text, want) in cases {
            let got = first_marker(text, text.len()).map(|(at, m)| (at, m.label));
            assert_eq!(got, want, "{text:?}");
        }
        // (text, latest start, expected (byte offset, label))
        type Limited<'a> = (&'a str, usize, Option<(usize, &'a str)>);
        let limited: &[Limited] = &[
            ("Photo: X", 0, Some((0, "Photo:"))),
            ("(Photo: X)", 1, Some((1, "Photo:"))),
            ("(Photo: X)", 0, None),
            ("A Photographer Photo: X", 0, None),
            ("A Photographer Photo: X", 15, Some((15, "Photo:"))),
            ("Café © AFP", 5, None),
        ];
        for &(text, last_start, want) in limited {
            let got = first_marker(text, last_start).map(|(at, m)| (at, m.label));
            assert_eq!(got, want, "{text:?} {last_start}");
        }
    }

    #[test]
    fn last_words_start_counts_words_from_the_end() {
        // (text, words, expected offset)
        let cases: &[(&str, usize, usize)] = &[
            ("", 2, 0),
            ("one", 1, 0),
            ("one two three", 1, 8),
            ("one two three", 2, 4),
            ("one two three", 3, 0),
            ("one  two\nthree  ", 2, 5),
            ("é ü ß", 2, 3),
        ];
        for &(text, words, want) in cases {
            assert_eq!(last_words_start(text, words), want, "{text:?} {words}");
        }
    }

    proptest::proptest! {
        /// The loop of trims ends where one trim with the whole set does.
        #[test]
        fn trim_end_spaces_and_dots_matches_trim_end_matches(text in "[a. \u{a0}\u{2009}é)]{0,12}") {
            proptest::prop_assert_eq!(
                trim_end_spaces_and_dots(&text),
                text.trim_end_matches(|c: char| c.is_whitespace() || c == '.')
            );
        }
    }

    proptest::proptest! {
        /// A paragraph's label looked for only within its leading brackets and spaces gives
        /// what looking everywhere gives once the paragraph's filter has dropped later labels.
        #[test]
        fn a_paragraph_label_is_looked_for_only_where_it_can_be_kept(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "(", "[", " ", "Photo:", "Photograph by", "Credit", "Courtesy of", "©", "AP",
                    "Jane", "Smith", "said", "photo", "/", "Getty", "Images", ")", "é",
                ]),
                0..16,
            )
        ) {
            let text = pieces.concat();
            let kept = |&(start, _): &(usize, usize)| {
                trim_start_ascii(slice(&text, 0, start), b"([ ").is_empty()
            };
            let prefix_end = text.len() - trim_start_ascii(&text, b"([ ").len();
            proptest::prop_assert_eq!(
                labelled_credit(&text, prefix_end).filter(kept),
                labelled_credit(&text, text.len()).filter(kept)
            );
        }

        /// Reading only the last words gives the answer reading the whole caption gives.
        #[test]
        fn tail_credit_reads_the_end_as_the_whole_caption_does(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "said", "the", "Smith", "John", "AFP", "Getty", "Images", "/", "|", "-", ".",
                    "Thursday.Anthony", "via", "for", "\n", "M.", "EFE", "(AP", "Photo)", "and",
                    "Reuters", "Bloomberg", "Jane", "de", "File",
                ]),
                0..40,
            )
        ) {
            let text = words.join(" ");
            let whole = tail_credit_from(&text, 0).flatten();
            proptest::prop_assert_eq!(tail_credit(&text), whole);
            for last in 1..8 {
                let from = last_words_start(&text, last);
                if let Some(found) = tail_credit_from(&text, from) {
                    proptest::prop_assert_eq!(found, whole, "last {} words", last);
                }
            }
        }
    }

    #[test]
    fn repeated_labels_are_linear() {
        // Thousands of glued labels: each is skipped once, not searched for again to the end.
        let text = format!("{}Chang W. Lee/The New York Times", "Credit".repeat(20_000));
        let credits = find_credits(&[Block::new(BlockKind::Caption, &text)]);
        assert_eq!(
            credits.first().map(|c| c.text.as_str()),
            Some("Chang W. Lee/The New York Times")
        );
    }

    #[test]
    fn spans_are_utf16() {
        let text = "Café “Ñ” © AFP – Ana Núñez";
        let credits = find_credits(&[Block::new(BlockKind::Caption, text)]);
        let span = credits[0].spans[0];
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16_lossy(&units[span.start..span.end]),
            "© AFP – Ana Núñez"
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "©",
            "(",
            ")",
            "[]",
            "Credit",
            "CreditCredit",
            "Photo:",
            ". |",
            "é©é",
            "(Photo",
            "😀/😀",
        ] {
            for kind in [
                BlockKind::Caption,
                BlockKind::ImageText,
                BlockKind::Metadata,
                BlockKind::Paragraph,
            ] {
                let _ = find_credits(&[Block::new(kind, text)]);
            }
        }
    }
}
