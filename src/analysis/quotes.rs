//! Quotation marks: finds the passages inside quotation marks, whatever the typographic
//! convention (“ ” " ‘ ’ « » ‹ › „ “ ‚ ‘ 「 」), and joins a quote that runs over several
//! paragraphs into one.
//!
//! The scan is one pass per block with a stack of open marks, so nesting costs nothing extra.
//! Only top-level quotations are reported: an inner quotation is part of its outer one.

use crate::prelude::*;
use crate::text::{
    chunk_has_byte, decode_char_at, is_collapsed, next_byte_where, push_joined, words_between,
    Block, BlockKind, CHUNK_HIGH_BITS, CHUNK_ONES,
};
use crate::{at_mut, slice};

/// One piece of a quotation: the text between an opening mark and its closing mark (or the end
/// of the paragraph when the quotation continues in the next one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Index of the block.
    pub block: usize,
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset of the content (after the mark and any spaces).
    pub start: usize,
    /// Byte offset one past the content (before any spaces and the closing mark).
    pub end: usize,
    /// Byte offset one past the closing mark, or the block's length when unclosed.
    pub close_end: usize,
    /// Whether a closing mark ends this piece.
    pub closed: bool,
}

/// A quotation: one piece, or several when it runs over several paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quotation {
    /// The pieces in reading order.
    pub pieces: Vec<Piece>,
}

/// Whether quotations in a block of this kind are article text (captions and metadata are not).
pub fn carries_quotes(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Paragraph | BlockKind::Headline | BlockKind::Heading
    )
}

/// Whether `c` is one of the quotation marks the scanner knows.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '„'
            | '‘'
            | '’'
            | '‚'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// What a mark can do where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Opens a quotation.
    Open,
    /// Closes a quotation it is compatible with.
    Close,
    /// Closes a compatible open quotation, otherwise opens one (straight and curly double marks
    /// with the same context on both sides).
    Either,
    /// Closes a single-mark quotation if one is open, otherwise is an apostrophe.
    CloseSingle,
}

/// Whether `open` and `close` delimit a quotation together.
fn pairs(open: char, close: char) -> bool {
    // A straight mark and a curly one close each other: pages mix them (an editor's straight
    // opening mark, the CMS's curly closing one).
    match open {
        '“' => matches!(close, '”' | '“' | '"'),
        '„' => matches!(close, '“' | '”'),
        '”' => close == '”',
        '"' => matches!(close, '"' | '”'),
        '«' => close == '»',
        '‹' => close == '›',
        '‘' | '\'' | '‚' => matches!(close, '’' | '\'' | '‘'),
        '「' => close == '」',
        '『' => close == '』',
        _ => false,
    }
}

/// Whether two opening marks belong to the same family (double or single), so that one inside
/// the other is a same-kind nesting.
fn same_family(a: char, b: char) -> bool {
    let double = |c| matches!(c, '“' | '„' | '”' | '"' | '«' | '「' | '『');
    double(a) == double(b)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{200b}')
}

/// Characters after which a mark opens rather than closes.
fn opens_after(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '„' | '«' | '"' | '\'' | ':'
        )
}

/// The role of the mark `c` between `prev` and `next`, or `None` when it is no quotation mark
/// here (an apostrophe, an inch sign).
fn role(c: char, prev: Option<char>, next: Option<char>) -> Option<Role> {
    // A mark right after `=` delimits a value in code (`title="…"` in an embed snippet the
    // page shows for copying): running text never puts a quotation straight after the sign.
    if !is_mark(c) || prev == Some('=') {
        return None;
    }
    let between_words =
        prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
    // Most marks of running text are apostrophes inside words ("don't"), which no context makes
    // a quotation mark: settled before the spaces around the mark are looked at.
    if between_words && matches!(c, '"' | '‘' | '’' | '\'') {
        return None;
    }
    let left = next.is_some_and(|n| !is_space(n)) && prev.is_none_or(opens_after);
    let right = prev.is_some_and(|p| !is_space(p))
        && next.is_none_or(|n| is_space(n) || !n.is_alphanumeric());
    match c {
        '«' | '‹' | '„' | '「' | '『' => Some(Role::Open),
        '‚' => left.then_some(Role::Open),
        '»' | '›' | '」' | '』' => Some(Role::Close),
        '“' | '”' | '"' => {
            if left && !right {
                Some(if c == '”' { Role::Either } else { Role::Open })
            } else if right && !left {
                Some(if c == '“' {
                    Role::Either
                } else {
                    Role::Close
                })
            } else {
                Some(Role::Either)
            }
        }
        '‘' => {
            if next.is_some_and(|n| n.is_ascii_digit()) {
                None
            } else if left {
                Some(Role::Open)
            } else {
                Some(Role::CloseSingle)
            }
        }
        '’' | '\'' => {
            if right {
                Some(Role::CloseSingle)
            } else if left && c == '\'' && !next.is_some_and(|n| n.is_ascii_digit()) {
                Some(Role::Open)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// An opening mark waiting for its close.
struct OpenMark {
    ch: char,
    at: usize,
    /// The last closing mark that closed a same-family quotation directly inside this one: where
    /// the quotation ends if the inner opening mark turns out to be a typo (“… the war “cold,” he
    /// said — one close for two opens).
    inner_close: Option<(usize, usize)>,
}

/// Byte range of `text[from..to]` without leading and trailing spaces.
fn trimmed(text: &str, from: usize, to: usize) -> (usize, usize) {
    let inner = slice(text, from, to);
    let body = trim_start_spaces(inner);
    let start = from + (inner.len() - body.len());
    (start, start + trim_end_spaces(body).len())
}

/// `text` without its leading [`is_space`] characters: `text.trim_start_matches(is_space)`
/// through `Chars`, which the wasm has anyway, instead of a pattern searcher instance of its own.
fn trim_start_spaces(text: &str) -> &str {
    let mut chars = text.chars();
    loop {
        let rest = chars.as_str();
        if !chars.next().is_some_and(is_space) {
            return rest;
        }
    }
}

/// `text` without its trailing [`is_space`] characters, as [`trim_start_spaces`] at the start.
fn trim_end_spaces(text: &str) -> &str {
    let mut chars = text.chars();
    loop {
        let rest = chars.as_str();
        if !chars.next_back().is_some_and(is_space) {
            return rest;
        }
    }
}

/// A quotation mark in a text that may open or close a quotation: (byte offset, mark, its
/// [`role`] between the characters around it).
type Mark = (usize, char, Role);

/// Whether byte `b` may start a quotation mark: `"`, `'`, or the UTF-8 lead byte of « », of
/// the marks in U+2018..U+203A or of the CJK brackets.
fn may_start_mark(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | 0xC2 | 0xE2 | 0xE3)
}

/// The offset of the first byte at or after `at` in `bytes` that [`may_start_mark`]. Eight bytes
/// are tested at a time: a chunk of ASCII without `"` or `'`, most of any text, holds no mark.
/// Both are one test: with the bits `0x05` set, `"` (0x22) and `'` (0x27) are both `'`, as are
/// `#` and `&`, rare in text, whose chunks are then only looked at byte by byte.
fn next_mark_start(bytes: &[u8], at: usize) -> Option<usize> {
    let may_hold = |chunk: u64| {
        chunk & CHUNK_HIGH_BITS != 0 || chunk_has_byte(chunk | (CHUNK_ONES * 0x05), b'\'')
    };
    next_byte_where(bytes, at, may_hold, may_start_mark)
}

/// Every quotation mark of `text` that has a [`role`] there, in order. The role is settled here,
/// once: most marks of running text are apostrophes inside words ("don't"), which have none and
/// are dropped before the walks over the marks.
///
/// The scan jumps from one possible mark to the next by their first bytes
/// ([`next_mark_start`]) and decodes only the characters around a mark: a
/// character-by-character walk cost some 50 instructions per byte of text, for the few marks a
/// paragraph has. Into a vector rather than an iterator: its only caller needs them all first,
/// and collecting a `from_fn` iterator was 1.8 KB of wasm of its own.
fn push_marks(text: &str, marks: &mut Vec<Mark>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = next_mark_start(bytes, from) {
        from = i + 1;
        // A lead byte starts a character, so `i` is a boundary.
        let Some(c) = decode_char_at(bytes, i) else {
            continue;
        };
        // `role` has none for a character that is no mark.
        if let Some(role) = role(
            c,
            prev_char(text, i),
            decode_char_at(bytes, i + c.len_utf8()),
        ) {
            marks.push((i, c, role));
        }
    }
}

/// The byte offset of the last of `marks` that may close a single-mark quotation, so that a
/// plural possessive (“the officials’ plan”) before it is read as an apostrophe.
fn last_single_close(marks: &[Mark]) -> Option<usize> {
    marks
        .iter()
        .rev()
        .find(|&&(_, c, role)| matches!(c, '’' | '\'') && role == Role::CloseSingle)
        .map(|&(i, ..)| i)
}

/// Quotations nested deeper than this are not tracked (real text nests two or three deep);
/// marks opening beyond it are ignored.
const MAX_OPEN_MARKS: usize = 32;

/// The buffers of [`scan_block`], kept from block to block by a scan of the article's blocks:
/// three vectors made and dropped for every block cost more than the few marks most blocks
/// have.
#[derive(Default)]
pub struct BlockScan {
    /// The block's marks ([`push_marks`]).
    marks: Vec<Mark>,
    /// The marks open at the walk's position, outermost first.
    stack: Vec<OpenMark>,
    /// The quotations found.
    pieces: Vec<Piece>,
}

/// Finds the top-level quotations of one block's text, in `scan`'s buffers (what an earlier
/// block left there is cleared). Unclosed quotations are returned with `closed == false` and
/// run to the end of the text.
pub fn scan_block<'s>(scan: &'s mut BlockScan, block: usize, text: &str) -> &'s [Piece] {
    let BlockScan {
        marks,
        stack,
        pieces,
    } = scan;
    marks.clear();
    stack.clear();
    pieces.clear();
    // Collected once: the last single close is needed before the walk.
    push_marks(text, marks);
    let last_close = last_single_close(marks);
    for &(i, c, mut role) in marks.iter() {
        let innermost = stack.last().map(|m| m.ch);
        // German „…“ and ‚…‘: the “ or ‘ after „ or ‚ closes, whatever its context.
        if (c == '“' && innermost == Some('„')) || (c == '‘' && innermost == Some('‚')) {
            role = Role::Close;
        }
        if role == Role::CloseSingle {
            let possessive = matches!(prev_char(text, i), Some('s' | 'S'))
                && slice(text, i + c.len_utf8(), text.len())
                    .chars()
                    .nth(1)
                    .is_some_and(char::is_lowercase)
                && last_close.is_some_and(|l| l > i);
            if possessive || !stack.iter().any(|m| pairs(m.ch, c)) {
                continue;
            }
            role = Role::Close;
        }
        let closes = stack.iter().rposition(|m| pairs(m.ch, c));
        let role = match (role, closes) {
            (Role::Either, Some(_)) => Role::Close,
            (Role::Either, None) => Role::Open,
            (r, _) => r,
        };
        let end = i + c.len_utf8();
        match role {
            // robustness fix: a bounded stack, so that the scans above stay constant per mark;
            // unbounded, a text of unbalanced opening marks was quadratic (10 MB: hours).
            Role::Open if stack.len() >= MAX_OPEN_MARKS => {}
            Role::Open => stack.push(OpenMark {
                ch: c,
                at: i,
                inner_close: None,
            }),
            _ => {
                let Some(depth) = closes else { continue };
                // `rposition` found it, so it is there; `get` spares a panic path in the wasm.
                let Some(mark) = stack.get(depth) else {
                    continue;
                };
                let open_ch = mark.ch;
                let at = mark.at;
                stack.truncate(depth);
                match stack.last_mut() {
                    Some(parent) => {
                        if same_family(parent.ch, open_ch) {
                            parent.inner_close = Some((i, end));
                        }
                    }
                    None => {
                        let (start, content_end) = trimmed(text, at + open_ch.len_utf8(), i);
                        pieces.push(Piece {
                            block,
                            open: at,
                            start,
                            end: content_end,
                            close_end: end,
                            closed: true,
                        });
                    }
                }
            }
        }
    }
    if let Some(outer) = stack.first() {
        let from = outer.at + outer.ch.len_utf8();
        let piece = match outer.inner_close {
            Some((close, close_end)) => {
                let (start, end) = trimmed(text, from, close);
                Piece {
                    block,
                    open: outer.at,
                    start,
                    end,
                    close_end,
                    closed: true,
                }
            }
            None => {
                let (start, end) = trimmed(text, from, text.len());
                Piece {
                    block,
                    open: outer.at,
                    start,
                    end,
                    close_end: text.len(),
                    closed: false,
                }
            }
        };
        pieces.push(piece);
    }
    pieces
}

/// The character that ends at byte `at` of `text` (a character boundary), decoded only when it
/// is no ASCII character.
fn prev_char(text: &str, at: usize) -> Option<char> {
    match at.checked_sub(1).and_then(|i| text.as_bytes().get(i)) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => slice(text, 0, at).chars().next_back(),
        None => None,
    }
}

/// Whether `text` starts (after spaces) with an opening quotation mark.
fn starts_with_open_mark(text: &str) -> Option<usize> {
    let body = trim_start_spaces(text);
    let at = text.len() - body.len();
    let mut chars = body.chars();
    let c = chars.next()?;
    let next = chars.next();
    matches!(role(c, None, next), Some(Role::Open | Role::Either)).then_some(at)
}

/// The most words of a widget label ("Video", "Advertisement", "Story continues below").
const MAX_LABEL_WORDS: usize = 4;

/// Whether a paragraph is a label that a page's widgets put between paragraphs ("Video",
/// "Advertisement"): a few words, no sentence punctuation, no quotation mark. A quotation running
/// over several paragraphs goes on past it.
fn is_label(text: &str) -> bool {
    // One walk over the characters rather than `split`/`filter`/`count` and `contains` with a
    // closure: two searcher instances less in the wasm.
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_mark(c) || matches!(c, '.' | '!' | '?' | ':' | '…') {
            return false;
        }
        let space = is_space(c);
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words <= MAX_LABEL_WORDS
}

/// Whether the quotation piece `piece` of `text` is set off from the words after it, as a
/// quotation that a following clause attributes is: its content ends with punctuation (“…,” she
/// said; “…?” he asked), punctuation follows its closing mark (“…”, she said), or nothing follows.
/// A quotation running straight into the next word is a phrase of the sentence used as a name or
/// modifier (the “Parasite” director said, a “no deal” Brexit): the clause after it is not what
/// attributes it. An unclosed piece has no words after it to run into.
pub fn is_set_off(text: &str, piece: &Piece) -> bool {
    let ends_in_punctuation = slice(text, piece.start, piece.end)
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_alphanumeric());
    let next = trim_start_spaces(slice(text, piece.close_end, text.len()))
        .chars()
        .next();
    !piece.closed || ends_in_punctuation || next.is_none_or(|c| !c.is_alphanumeric())
}

/// Words that, right before a quotation, say its words are named or mentioned rather than
/// spoken: a kind of work before its title (the film “Parasite”, the drama “The Crown”, le film
/// « … »), or a word for words before a term (the phrase “black ice”, the so-called “deep
/// state”, a plan dubbed “Operation Sunrise”). Not "words" or "statement": "his words, “…”"
/// quote someone. Lower case.
const MENTION_WORDS: &[u8] = word_list!(
    "album book catchphrase codenamed comedy documentary drama dubbed entitled episode \
    expression film hashtag headline livre motto movie musical nicknamed novel película phrase \
    podcast poem roman series serie série sitcom slogan so-called song term thriller titled word"
);

/// Whether the word right before the opening mark at byte `open` of `text` (spaces between at
/// most) names a kind of work or a piece of language ("the film", "the phrase"): the quotation
/// names a work or mentions a term.
pub fn follows_mention_word(text: &str, open: usize) -> bool {
    let before = trim_end_spaces(slice(text, 0, open)).as_bytes();
    // The word's start: back over its letters (any non-ASCII byte among them) and hyphens.
    let start = before
        .iter()
        .rposition(|&b| !(b.is_ascii_alphabetic() || b == b'-' || !b.is_ascii()))
        .map_or(0, |at| at + 1);
    let word = before.get(start..).unwrap_or_default();
    crate::text::listed_words(MENTION_WORDS)
        .any(|mention| word.eq_ignore_ascii_case(mention.as_bytes()))
}

/// Finds every quotation in the article, in reading order. A quotation left open at the end of
/// a paragraph continues when the next article paragraph opens with a mark (the convention for
/// quotes over several paragraphs); an outer quotation whose inner same-kind mark never closed
/// ends at the one closing mark instead.
pub fn find_quotations(blocks: &[Block]) -> Vec<Quotation> {
    let mut quotations: Vec<Quotation> = Vec::new();
    // The quotation whose last piece is unclosed and may continue in the next paragraph.
    let mut open_chain: Option<usize> = None;
    let mut scan = BlockScan::default();
    for (index, block) in blocks.iter().enumerate() {
        if !carries_quotes(block.kind) {
            continue;
        }
        // While a quotation is open, a heading is something the page put between its
        // paragraphs (a related-stories box, a promo): a writer closes a quotation before a
        // heading, so the quotation goes on past it as past a label.
        if open_chain.is_some() && (is_label(&block.text) || block.kind == BlockKind::Heading) {
            continue;
        }
        let pieces = scan_block(&mut scan, index, &block.text);
        // How many of the pieces continue the open chain (0 or 1): skipped, not removed, as
        // `Vec::remove` is code of its own in the wasm.
        let mut continued = 0;
        if let Some(chain) = open_chain.take() {
            let continues = starts_with_open_mark(&block.text);
            if let (Some(at), Some(&first)) = (continues, pieces.first()) {
                if first.open == at {
                    at_mut(&mut quotations, chain).pieces.push(first);
                    continued = 1;
                    if !first.closed {
                        open_chain = Some(chain);
                    }
                }
            }
        }
        for &piece in pieces.get(continued..).unwrap_or_default() {
            if !piece.closed {
                open_chain = Some(quotations.len());
            }
            quotations.push(Quotation {
                pieces: vec![piece],
            });
        }
    }
    quotations
}

/// Finds the quotations of the article's captions, each caption on its own. A caption is a
/// self-contained text beside an image: its quotations never continue into or from another
/// block, and one left open (a cut-off caption, a stray mark) is not reported, since nothing
/// after it can close it.
pub fn find_caption_quotations(blocks: &[Block]) -> Vec<Quotation> {
    // Loops rather than a `flat_map` chain: the chain's adapters were 1.5 KB of wasm of their
    // own, the loops reuse `find_quotations`' code for the same pushes.
    let mut quotations: Vec<Quotation> = Vec::new();
    let mut scan = BlockScan::default();
    for (index, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Caption {
            continue;
        }
        for &piece in scan_block(&mut scan, index, &block.text) {
            if piece.closed {
                quotations.push(Quotation {
                    pieces: vec![piece],
                });
            }
        }
    }
    quotations
}

/// The quoted words of `quotation`: each piece's content with whitespace collapsed, pieces
/// joined by one space.
pub fn quotation_text(blocks: &[Block], pieces: &[Piece]) -> String {
    let mut out = String::new();
    push_quotation_text(&mut out, blocks, pieces);
    out
}

/// Appends the quoted words of `pieces` to `out` as [`quotation_text`] writes them after the
/// pieces already there: a quotation joined to the next one (a split quote) extends its text
/// instead of writing the whole of it again.
pub fn push_quotation_text(out: &mut String, blocks: &[Block], pieces: &[Piece]) {
    for piece in pieces {
        let Some(content) = blocks
            .get(piece.block)
            .and_then(|b| b.text.get(piece.start..piece.end))
        else {
            continue;
        };
        if is_collapsed(content) {
            // Most quotes: already one space between words, copied whole.
            push_joined(out, core::iter::once(content), ' ');
        } else {
            push_joined(out, words_between(content, is_space), ' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`is_label`] as it was written before the single walk: the reference for the proptest.
    fn is_label_simple(text: &str) -> bool {
        text.split(is_space).filter(|w| !w.is_empty()).count() <= MAX_LABEL_WORDS
            && !text.contains(|c: char| is_mark(c) || matches!(c, '.' | '!' | '?' | ':' | '…'))
    }

    #[test]
    fn marks_have_their_roles_between_words_and_beside_spaces() {
        // (the character before the mark, the mark, the one after it: `|` for none; its role)
        let cases: &[(&str, Option<Role>)] = &[
            // Between two word characters, a straight or single mark is an apostrophe or an inch.
            ("n't", None),
            ("n’t", None),
            ("7‘a", None),
            ("5\"x", None),
            // Curly double marks are quotation marks wherever they stand.
            ("a“b", Some(Role::Either)),
            ("a”b", Some(Role::Either)),
            // Beside spaces and text ends, the side they stand on decides.
            (" \"W", Some(Role::Open)),
            (".\" ", Some(Role::Close)),
            ("|\"W", Some(Role::Open)),
            (" 'W", Some(Role::Open)),
            (" '9", None),
            ("s’ ", Some(Role::CloseSingle)),
            (" ‘9", None),
            (" ‘W", Some(Role::Open)),
            ("a«b", Some(Role::Open)),
            ("a»b", Some(Role::Close)),
            (" a ", None),
        ];
        let neighbour = |c: Option<char>| c.filter(|&c| c != '|');
        for &(around, want) in cases {
            let mut chars = around.chars();
            let (prev, c, next) = (chars.next(), chars.next().unwrap(), chars.next());
            assert_eq!(
                role(c, neighbour(prev), neighbour(next)),
                want,
                "{around:?}"
            );
        }
    }

    #[test]
    fn quotation_text_extends_by_the_pieces_appended() {
        // (paragraphs, the text of all their quotations' pieces together)
        let cases: &[(&[&str], &str)] = &[
            (
                &["“One two,” he said, “three four.”"],
                "One two, three four.",
            ),
            (&["“One\n  two,” he said, “three.”"], "One two, three."),
            (&["“A b c", "“d e.”"], "A b c d e."),
            (&["“ ”, he said, “x.”"], "x."),
        ];
        for &(paragraphs, want) in cases {
            let blocks: Vec<Block> = paragraphs
                .iter()
                .map(|p| Block::new(BlockKind::Paragraph, *p))
                .collect();
            let quotations = find_quotations(&blocks);
            let all: Vec<Piece> = quotations.iter().flat_map(|q| q.pieces.clone()).collect();
            let whole = quotation_text(&blocks, &all);
            let mut joined = String::new();
            for quotation in &quotations {
                push_quotation_text(&mut joined, &blocks, &quotation.pieces);
            }
            assert_eq!(joined, whole, "{paragraphs:?}");
            assert_eq!(whole, want, "{paragraphs:?}");
        }
    }

    #[test]
    fn prev_char_is_the_character_before_the_offset() {
        let text = "a“é” 😀'";
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(prev_char(text, at), text[..at].chars().next_back(), "{at}");
        }
    }

    #[test]
    fn labels_are_a_few_words_without_sentence_marks() {
        // (paragraph, is a label)
        let cases: &[(&str, bool)] = &[
            ("", true),
            ("Advertisement", true),
            ("Story continues below", true),
            ("  Story\u{a0}continues   below ad ", true),
            ("one two three four five", false),
            ("Video:", false),
            ("Read more.", false),
            ("He said “no”", false),
            ("Wait…", false),
        ];
        for &(text, want) in cases {
            assert_eq!(is_label(text), want, "{text:?}");
            assert_eq!(is_label_simple(text), want, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The `Chars` loops trim what `trim_*_matches(is_space)` trims.
        #[test]
        fn space_trims_match_trim_matches(text in "[a \u{a0}\u{200b}\u{202f}\t\né“]{0,12}") {
            proptest::prop_assert_eq!(trim_start_spaces(&text), text.trim_start_matches(is_space));
            proptest::prop_assert_eq!(trim_end_spaces(&text), text.trim_end_matches(is_space));
        }
    }

    proptest::proptest! {
        /// The single walk answers as splitting and searching do.
        #[test]
        fn is_label_matches_the_simple_version(text in "[a-z .!?:…“\"\u{a0}\u{2009}]{0,16}") {
            proptest::prop_assert_eq!(is_label(&text), is_label_simple(&text));
        }
    }

    proptest::proptest! {
        /// The chunked scan finds what a scan one byte at a time finds, from every offset: marks
        /// at every place in a chunk, in the last bytes, in texts shorter than a chunk.
        #[test]
        fn next_mark_start_matches_a_byte_scan(text in "[a \"'#&%«»“”‘’é—]{0,40}") {
            let bytes = text.as_bytes();
            for from in 0..bytes.len() + 9 {
                let one_at_a_time = bytes
                    .get(from..)
                    .and_then(|rest| rest.iter().position(|&b| may_start_mark(b)))
                    .map(|i| from + i);
                proptest::prop_assert_eq!(next_mark_start(bytes, from), one_at_a_time);
            }
        }
    }

    #[test]
    fn mark_starts_are_found_in_and_across_chunks() {
        // (text, from, expected offset of the next byte that may start a mark)
        let cases: &[(&str, usize, Option<usize>)] = &[
            ("", 0, None),
            ("plain", 0, None),
            ("sixteen bytes ok", 0, None),
            ("\"", 0, Some(0)),
            ("He said \"no\"", 0, Some(8)),
            ("He said \"no\"", 9, Some(11)),
            ("an apostrophe's place", 0, Some(13)),
            ("a long run of ascii text “quoted”", 0, Some(25)),
            ("café « oui »", 0, Some(6)),
            ("café « oui »", 7, Some(13)),
            ("café « oui »", 8, Some(13)),
            ("text", 9, None),
        ];
        for &(text, from, want) in cases {
            let bytes = text.as_bytes();
            assert_eq!(next_mark_start(bytes, from), want, "{text:?} from {from}");
            // Oracle: the first such byte, one at a time.
            let oracle = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| may_start_mark(b)))
                .map(|i| from + i);
            assert_eq!(want, oracle, "oracle for {text:?}");
        }
    }

    #[test]
    fn collapsed_is_what_collapsing_keeps() {
        // (text, whether it is ASCII words between single spaces)
        let cases: &[(&str, bool)] = &[
            ("", false),
            ("a", true),
            ("We will win, he said.", true),
            ("a  b", false),
            (" a", false),
            ("a ", false),
            ("a\tb", false),
            ("a\nb", false),
            ("a\u{b}b", false),
            ("a\u{1c}b", true),
            ("café", true),
            ("“We will win,” — he said.", true),
            ("a\u{a0}b", false),
            ("a\u{2009}b", false),
            ("a\u{200b}b", false),
            ("a\u{202f}b", false),
            ("a\u{3000}b", false),
            ("a\u{85}b", false),
            ("a ’ b", true),
            ("a  ’b", false),
        ];
        for &(text, want) in cases {
            assert_eq!(is_collapsed(text), want, "{text:?}");
            // Oracle: such a text is its own collapsed form.
            if want {
                let collapsed: Vec<&str> = text.split(is_space).filter(|w| !w.is_empty()).collect();
                assert_eq!(collapsed.join(" "), text, "{text:?}");
            }
        }
        // Every non-ASCII space, whatever its encoding, sends a text to the slow path.
        for c in ('\u{80}'..=char::MAX).filter(|&c| is_space(c)) {
            let text = format!("a{c}b");
            assert!(!is_collapsed(&text), "{c:?}");
        }
    }

    fn contents(text: &str) -> Vec<(String, bool)> {
        scan_block(&mut BlockScan::default(), 0, text)
            .iter()
            .map(|p| (text[p.start..p.end].to_string(), p.closed))
            .collect()
    }

    #[test]
    fn marks_of_every_convention() {
        // (text, expected contents and whether closed)
        let cases: &[(&str, &[(&str, bool)])] = &[
            ("“Hello there,” he said.", &[("Hello there,", true)]),
            (
                "He said: \"We will win.\" Then \"again\" twice.",
                &[("We will win.", true), ("again", true)],
            ),
            ("‘We won’t stop,’ she said.", &[("We won’t stop,", true)]),
            ("It's the officials’ plan, not Jones’.", &[]),
            (
                "‘The officials’ plan is bad,’ he said.",
                &[("The officials’ plan is bad,", true)],
            ),
            (
                "« Nous avons gagné », a-t-il dit.",
                &[("Nous avons gagné", true)],
            ),
            ("«\u{a0}Oui\u{a0}», dit-elle.", &[("Oui", true)]),
            (
                "„Wir schaffen das“, sagte sie.",
                &[("Wir schaffen das", true)],
            ),
            ("‚Nein‘, sagte er.", &[("Nein", true)]),
            ("「東京」と言った", &[("東京", true)]),
            (
                "“He told me ‘no’ twice,” she said.",
                &[("He told me ‘no’ twice,", true)],
            ),
            (
                "“A “nested” word and more,” he said.",
                &[("A “nested” word and more,", true)],
            ),
            (
                "“the end of the war “cold,” Blinken said.",
                &[("the end of the war “cold,", true)],
            ),
            ("“This runs on", &[("This runs on", false)]),
            (
                "\"Typed straight, closed curly,” she said.",
                &[("Typed straight, closed curly,", true)],
            ),
            (
                "“Opened curly, closed straight,\" she said.",
                &[("Opened curly, closed straight,", true)],
            ),
            ("He is 6'2\" tall and in the '90s.", &[]),
            // Values in code the page shows (an embed snippet) are no quotations.
            (
                "Embed <iframe src=\"https://example.org/p/1\" title=\"Our audio player\">",
                &[],
            ),
            ("x='a b' and y=\"c\"", &[]),
            ("rock ’n’ roll", &[]),
        ];
        for &(text, want) in cases {
            let want: Vec<(String, bool)> = want.iter().map(|&(s, c)| (s.to_string(), c)).collect();
            assert_eq!(contents(text), want, "{text:?}");
        }
    }

    #[test]
    fn quotations_set_off_from_the_words_after_them() {
        // (text with one quotation, whether it is set off from what follows)
        let cases: &[(&str, bool)] = &[
            ("“We will stay,” she said.", true),
            ("“Will we stay?” she asked.", true),
            ("“We will stay”, she said.", true),
            ("“We will stay” — she said.", true),
            ("He called it “a disgrace”.", true),
            ("He called it “a disgrace”", true),
            ("“This runs on", true),
            // Running into the next word: a name or a modifier.
            ("The “Parasite” director said so.", false),
            ("A “no deal” exit looms.", false),
            ("“We will stay” she said.", false),
        ];
        for &(text, want) in cases {
            assert_eq!(is_set_off(text, &only_piece(text)), want, "{text:?}");
        }
    }

    #[test]
    fn mention_words_before_the_opening_mark() {
        // (text with one quotation, whether the word before it names a work or a term)
        let cases: &[(&str, bool)] = &[
            ("the film “Long Night”", true),
            ("Drama “The Hill” won.", true),
            ("the phrase  “cheap flights”", true),
            ("the so-called “deep state”", true),
            ("la série « Les Rivières »", true),
            ("la película «Roma»", true),
            ("the film’s “Long Night”", false),
            // Not a mention: other words, a comma between, no word at all.
            ("his words: “we stay”", false),
            ("the film, “Long Night”", false),
            ("she said “we stay”", false),
            ("“Opening”", false),
            ("the filmmaker “Long Night”", false),
        ];
        for &(text, want) in cases {
            assert_eq!(
                follows_mention_word(text, only_piece(text).open),
                want,
                "{text:?}"
            );
        }
    }

    /// The one quotation piece of a test's `text`.
    fn only_piece(text: &str) -> Piece {
        let mut scan = BlockScan::default();
        let pieces = scan_block(&mut scan, 0, text);
        assert_eq!(pieces.len(), 1, "{text:?}");
        pieces[0]
    }

    #[test]
    fn caption_quotations_stand_alone() {
        use BlockKind::{Caption, Paragraph};
        // (blocks, expected contents)
        /// Blocks as (kind, text).
        type Blocks<'a> = &'a [(BlockKind, &'a str)];
        let cases: &[(Blocks, &[&str])] = &[
            (&[(Caption, "“Closed here,” she said.")], &["Closed here,"]),
            (&[(Caption, "“Left open at the end")], &[]),
            (&[(Paragraph, "“A body quote,” he said.")], &[]),
            (
                &[(Caption, "“One"), (Caption, "“Two,” he said.")],
                &["Two,"],
            ),
        ];
        for &(blocks, want) in cases {
            let blocks: Vec<Block> = blocks.iter().map(|&(k, t)| Block::new(k, t)).collect();
            let got: Vec<String> = find_caption_quotations(&blocks)
                .iter()
                .map(|q| quotation_text(&blocks, &q.pieces))
                .collect();
            assert_eq!(got, want, "{blocks:?}");
        }
    }

    #[test]
    fn multi_paragraph_quotes_join() {
        let cases: &[(&[&str], &[&str])] = &[
            (
                &["“First part.", "“Second part.", "“Last part,” he said."],
                &["First part. Second part. Last part,"],
            ),
            (
                &["“First part.", "Not a quote.", "“Other,” he said."],
                &["First part.", "Other,"],
            ),
            (&["“Only “inner,” he said.", "Next."], &["Only “inner,"]),
            (
                &["“First part.", "Advertisement", "“Last part,” he said."],
                &["First part. Last part,"],
            ),
            (
                &["“First part.", "A short line.", "“Other,” he said."],
                &["First part.", "Other,"],
            ),
            // Headings inside an open quotation are skipped, quotations in them too…
            (
                &[
                    "“First part.",
                    "# More from the city",
                    "# ‘Rain’ floods streets",
                    "“Last part,” he said.",
                ],
                &["First part. Last part,"],
            ),
            // …but a heading after a closed quotation is read.
            (
                &[
                    "“One part,” he said.",
                    "# ‘Rain’ floods streets",
                    "“Other,” he said.",
                ],
                &["One part,", "Rain", "Other,"],
            ),
        ];
        for &(paragraphs, want) in cases {
            // A paragraph starting with "# " is a heading.
            let blocks: Vec<Block> = paragraphs
                .iter()
                .map(|p| match p.strip_prefix("# ") {
                    Some(heading) => Block::new(BlockKind::Heading, heading),
                    None => Block::new(BlockKind::Paragraph, *p),
                })
                .collect();
            let got: Vec<String> = find_quotations(&blocks)
                .iter()
                .map(|q| quotation_text(&blocks, &q.pieces))
                .collect();
            assert_eq!(got, want, "{paragraphs:?}");
        }
    }
}
