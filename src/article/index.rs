//! One pass over a [`Tree`]'s nodes into flat arrays the finder can index, beside the tree's own
//! parents and subtree ends: a tag classification and per-element class/attribute traits.
//!
//! Everything later works on these indices (a node's subtree is the contiguous range
//! `i..end[i]`), so each node of the generic tree is read once, never recursively.

use super::{Tree, CREDIT_ATTRIBUTES, MEDIA_METADATA_ATTRIBUTES};
use crate::prelude::*;
use crate::text::{
    contains_str, padded_word, whitespace_words, zero_bytes, KeyTable, CHUNK_HIGH_BITS, CHUNK_ONES,
};

/// "No node" in index arrays.
pub(super) const NONE: u32 = u32::MAX;

/// What an element is, as far as the finder cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tag {
    Text,
    P,
    Div,
    /// `section`, `article`, `main`: containers that often hold the story.
    Section,
    Li,
    List,
    Blockquote,
    Pre,
    Td,
    Table,
    H1,
    /// `h2`–`h6`.
    Heading,
    Figure,
    Figcaption,
    Img,
    Br,
    A,
    Script,
    Meta,
    Title,
    /// Other elements that break a line (tables, definition lists, `hr`, …).
    OtherBlock,
    /// Elements that never hold article prose (`nav`, `aside`, `footer`, form controls).
    Chrome,
    /// A form: chrome, unless it wraps most of the page as ASP.NET pages do.
    Form,
    Header,
    /// Code, styling and embedded content.
    NonContent,
    /// Anything else: inline elements (`span`, `em`, `a`-like) and unknown tags.
    Inline,
}

impl Tag {
    /// The tag of an element named `name` (lowercase). Names of up to eight bytes are found by
    /// their [`name_key`] in [`TAG_KEYS`]: comparisons of numbers, where a `match` on strings
    /// was a byte comparison call per name tried in the wasm, for every element of the page.
    /// The two longer names with a tag, of ten bytes each, are numbers too ([`ten_byte_key`]):
    /// compared as bytes, they were inlined into this function, growing the wasm.
    fn of(name: &[u8]) -> Tag {
        let Some(key) = name_key(name) else {
            return match ten_byte_key(name) {
                Some(BLOCKQUOTE_KEY) => Tag::Blockquote,
                Some(FIGCAPTION_KEY) => Tag::Figcaption,
                _ => Tag::Inline,
            };
        };
        let found = TAG_KEYS.iter().position(|&k| k == key);
        found
            .and_then(|k| TAGS.get(k))
            .copied()
            .unwrap_or(Tag::Inline)
    }

    /// Whether the element starts a new line of text (ends the block being read).
    pub(super) fn is_block(self) -> bool {
        !matches!(self, Tag::Text | Tag::Inline | Tag::A | Tag::Img | Tag::Br)
    }
}

/// Every element name of up to eight bytes with a [`Tag`] other than [`Tag::Inline`], and `span`
/// (found sooner here than after every other name); the commonest first, as counted over the
/// fixture pages.
const TAG_NAMES: [(&str, Tag); 67] = [
    ("div", Tag::Div),
    ("a", Tag::A),
    ("li", Tag::Li),
    ("span", Tag::Inline),
    ("meta", Tag::Meta),
    ("p", Tag::P),
    ("script", Tag::Script),
    ("img", Tag::Img),
    ("ul", Tag::List),
    ("td", Tag::Td),
    ("link", Tag::NonContent),
    ("svg", Tag::NonContent),
    ("noscript", Tag::NonContent),
    ("button", Tag::NonContent),
    ("tr", Tag::OtherBlock),
    ("h2", Tag::Heading),
    ("h3", Tag::Heading),
    ("article", Tag::Section),
    ("section", Tag::Section),
    ("input", Tag::Chrome),
    ("style", Tag::NonContent),
    ("h4", Tag::Heading),
    ("nav", Tag::Chrome),
    ("header", Tag::Header),
    ("figure", Tag::Figure),
    ("label", Tag::Chrome),
    ("aside", Tag::Chrome),
    ("iframe", Tag::NonContent),
    ("footer", Tag::Chrome),
    ("form", Tag::Form),
    ("br", Tag::Br),
    ("h1", Tag::H1),
    ("html", Tag::OtherBlock),
    ("head", Tag::NonContent),
    ("title", Tag::Title),
    ("body", Tag::OtherBlock),
    ("h5", Tag::Heading),
    ("h6", Tag::Heading),
    ("main", Tag::Section),
    ("dd", Tag::Li),
    ("dt", Tag::Li),
    ("ol", Tag::List),
    ("dl", Tag::List),
    ("pre", Tag::Pre),
    ("th", Tag::Td),
    ("table", Tag::Table),
    ("tbody", Tag::OtherBlock),
    ("thead", Tag::OtherBlock),
    ("tfoot", Tag::OtherBlock),
    ("caption", Tag::OtherBlock),
    ("hr", Tag::OtherBlock),
    ("address", Tag::OtherBlock),
    ("details", Tag::OtherBlock),
    ("summary", Tag::OtherBlock),
    ("center", Tag::OtherBlock),
    ("hgroup", Tag::OtherBlock),
    ("dialog", Tag::Chrome),
    ("menu", Tag::Chrome),
    ("template", Tag::NonContent),
    ("math", Tag::NonContent),
    ("object", Tag::NonContent),
    ("embed", Tag::NonContent),
    ("canvas", Tag::NonContent),
    ("video", Tag::NonContent),
    ("audio", Tag::NonContent),
    ("select", Tag::NonContent),
    ("textarea", Tag::NonContent),
];

/// The [`name_key`]s of [`TAG_NAMES`], computed by the compiler (apart from the tags, so that no
/// padding follows each tag).
const TAG_KEYS: [u64; TAG_NAMES.len()] = {
    let mut keys = [0; TAG_NAMES.len()];
    let mut k = 0;
    while k < keys.len() {
        let Some(key) = name_key(TAG_NAMES[k].0.as_bytes()) else {
            panic!("a tag name of more than eight bytes");
        };
        keys[k] = key;
        k += 1;
    }
    keys
};

/// The tags of [`TAG_NAMES`], in the same order as [`TAG_KEYS`].
const TAGS: [Tag; TAG_NAMES.len()] = {
    let mut tags = [Tag::Inline; TAG_NAMES.len()];
    let mut k = 0;
    while k < tags.len() {
        tags[k] = TAG_NAMES[k].1;
        k += 1;
    }
    tags
};

/// A name of one to eight bytes as one number (its bytes little-endian, zeros after them:
/// [`padded_word`](crate::text::padded_word)); `None` for an empty or longer name, or one holding a zero byte (which would
/// make two names one number).
const fn name_key(name: &[u8]) -> Option<u64> {
    let len = name.len();
    if len == 0 || len > 8 {
        return None;
    }
    let key = padded_word(name);
    // A zero byte among the name's own, below the padding.
    if zero_bytes(key) & (u64::MAX >> (64 - 8 * len)) != 0 {
        return None;
    }
    Some(key)
}

/// A name of exactly ten bytes as one number, its bytes little-endian; `None` for another length.
const fn ten_byte_key(name: &[u8]) -> Option<u128> {
    match *name {
        [a, b, c, d, e, f, g, h, i, j] => Some(u128::from_le_bytes([
            a, b, c, d, e, f, g, h, i, j, 0, 0, 0, 0, 0, 0,
        ])),
        _ => None,
    }
}

/// The [`ten_byte_key`]s of the two element names longer than eight bytes that have a [`Tag`].
const BLOCKQUOTE_KEY: u128 = long_tag_key(b"blockquote");
const FIGCAPTION_KEY: u128 = long_tag_key(b"figcaption");

/// [`ten_byte_key`] for a name known to have ten bytes.
const fn long_tag_key(name: &[u8]) -> u128 {
    match ten_byte_key(name) {
        Some(key) => key,
        None => panic!("a long tag name of other than ten bytes"),
    }
}

/// Traits of one element, from its tag, class, id and attributes (bit set).
pub(super) mod bits {
    /// Not rendered: `hidden`, `aria-hidden`, inline `display:none`, screen-reader-only classes,
    /// UI toggles, code.
    pub const HIDDEN: u16 = 1;
    /// Page chrome by tag or role: navigation, asides, footers, forms.
    pub const CHROME_TAG: u16 = 1 << 1;
    /// Page chrome by class or id: comments, sharing, related links, ads, sidebars.
    pub const CHROME_CLASS: u16 = 1 << 2;
    /// A header by tag or role (`<header>`, `role=banner`).
    pub const HEADER_TAG: u16 = 1 << 3;
    /// A header by class or id (`…header…`, `masthead`).
    pub const HEADER_CLASS: u16 = 1 << 4;
    /// Class or id suggests a caption or credit line.
    pub const CAPTION: u16 = 1 << 5;
    /// Class, id, `rel` or `itemprop` suggests the author line.
    pub const BYLINE: u16 = 1 << 6;
    /// `itemprop="headline"`.
    pub const HEADLINE: u16 = 1 << 7;
    /// A table of data (a listing, results, a contact list): short cells, not prose.
    pub const DATA_TABLE: u16 = 1 << 9;
    /// Carries a non-empty credit attribute ([`CREDIT_ATTRIBUTES`](crate::article::CREDIT_ATTRIBUTES))
    /// or media metadata attribute ([`MEDIA_METADATA_ATTRIBUTES`](crate::article::MEDIA_METADATA_ATTRIBUTES)).
    pub const CREDIT_ATTRIBUTE: u16 = 1 << 8;
    /// A text node with no character other than whitespace: building a block drops such nodes
    /// at its ends, and reads this bit rather than the text again.
    pub const BLANK: u16 = 1 << 10;
}

/// The page, flattened.
pub(super) struct Page<'t, T: Tree> {
    pub tree: &'t T,
    /// Parent index, [`NONE`] for the root: the tree's [`Tree::parents`].
    pub parent: &'t [u32],
    /// One past the last index of the node's subtree: the tree's [`Tree::subtree_ends`].
    pub end: &'t [u32],
    pub tag: Vec<Tag>,
    /// The node's own [`bits`].
    pub bits: Vec<u16>,
    /// Class/id weight in the manner of Readability (positive for content-like names).
    pub weight: Vec<i8>,
    /// Each node's own text: characters and commas (commas counted up to `u16::MAX`) of a text
    /// node, zeros for elements. Kept as [`TextTotals`] (no text is inside a link yet) so that
    /// [`TextStats`](super::score::TextStats) starts from a plain copy.
    pub own_text: Vec<TextTotals>,
    /// The indices of the `<meta>` elements, in order: the finder reads their names more than
    /// once, and a pass over every node each time was most of the cost of doing so.
    pub metas: Vec<u32>,
}

impl<'t, T: Tree> Page<'t, T> {
    /// Reads every node of `tree` once, in document order.
    pub fn new(tree: &'t T) -> Self {
        let (parent, end) = (tree.parents(), tree.subtree_ends());
        let len = parent.len().min(end.len());
        let end = end.get(..len).unwrap_or_default();
        // The lists are made at full length with a blank text node's entries and written in
        // place: a push is a call per entry in the wasm, and a text node (most nodes are) has
        // only two entries to write.
        let mut page = Page {
            tree,
            parent: parent.get(..len).unwrap_or_default(),
            end,
            tag: vec![Tag::Text; len],
            bits: vec![0; len],
            weight: vec![0; len],
            own_text: vec![TextTotals::default(); len],
            metas: Vec::new(),
        };
        let mut classes = ClassCache::default();
        let entries = (page.tag.iter_mut().zip(&mut page.bits))
            .zip(page.weight.iter_mut().zip(&mut page.own_text))
            .zip(end);
        for (index, (((tag, node_bits), (weight, own_text)), &end)) in entries.enumerate() {
            let node = tree.node(index);
            // The text first: an element has none, and finds so without reading its name, while
            // asking a text node for its name reads the (empty) name.
            let text = tree.text_bytes(node);
            let name = match text {
                Some(_) => None,
                None => tree.element_name(node),
            };
            let Some(name) = name else {
                let counts = text_counts(text.unwrap_or_default());
                *node_bits = if counts.blank { bits::BLANK } else { 0 };
                *own_text = TextTotals {
                    chars: counts.chars,
                    link_chars: 0,
                    commas: u32::from(counts.commas),
                };
                continue;
            };
            let (element_tag, mut element_bits, element_weight) =
                element_traits(tree, node, name, &mut classes);
            if element_tag == Tag::Meta {
                page.metas.push(index as u32);
            }
            // A form that wraps most of the page is a layout container (ASP.NET wraps the whole
            // body in one), not a form: its subtree is over half the nodes. Compared as an end
            // past `index + len / 2`, not a size past `len / 2`: a `Tree` implemented by hand may
            // give an end at or before its node, which a subtraction would overflow on.
            if element_tag == Tag::Form && end as usize > index + len / 2 {
                element_bits &= !bits::CHROME_TAG;
            }
            *tag = element_tag;
            *node_bits = element_bits;
            *weight = element_weight;
        }
        page.mark_data_tables();
        page
    }

    /// Sets [`bits::DATA_TABLE`] on tables of data. A table is data when it has at least
    /// [`MIN_DATA_TABLE_CELLS`] cells and either no cell reaches [`MIN_PROSE_CELL_CHARS`] or most
    /// of its text is links; a table holding another table, or marked `role="presentation"`, is
    /// page layout and never data (in the manner of Readability's data-table test).
    fn mark_data_tables(&mut self) {
        let len = self.len();
        if !self.tag.contains(&Tag::Table) {
            return;
        }
        let mut walk = vec![TableWalk::OUTSIDE; len];
        // Slices, not the vectors: indexing a `Vec` is a call per use in the wasm.
        let (walk, tags, own_text) = (walk.as_mut_slice(), &self.tag[..], &self.own_text[..]);
        for i in 1..len {
            let p = self.parent[i] as usize;
            let Some(&up) = walk.get(p) else {
                continue;
            };
            let (table, cell) = match tags.get(p) {
                Some(Tag::Table) => (p as u32, NONE),
                Some(Tag::Td) if up.table != NONE => (up.table, p as u32),
                _ => (up.table, up.cell),
            };
            let (Some(&tag), Some(own)) = (tags.get(i), own_text.get(i)) else {
                continue;
            };
            let in_link = up.in_link || tag == Tag::A;
            // Descendants come after `i` in pre-order, so nothing has counted into `i` yet.
            walk[i] = TableWalk {
                table,
                cell,
                in_link,
                ..TableWalk::OUTSIDE
            };
            if table == NONE {
                continue;
            }
            let text_chars = own.chars;
            let mut cell_total = 0;
            if tag == Tag::Text && cell != NONE {
                let c = &mut walk[cell as usize];
                c.cell_chars = c.cell_chars.saturating_add(text_chars);
                cell_total = c.cell_chars;
            }
            let t = &mut walk[table as usize];
            match tag {
                Tag::Td => t.cells += 1,
                Tag::Table => t.layout = true,
                Tag::Text => {
                    t.chars = t.chars.saturating_add(text_chars);
                    if in_link {
                        t.link_chars = t.link_chars.saturating_add(text_chars);
                    }
                    if cell != NONE {
                        t.longest_cell = t.longest_cell.max(cell_total);
                    }
                }
                _ => {}
            }
        }
        for (t, (w, &tag)) in walk.iter().zip(tags).enumerate() {
            if tag != Tag::Table || w.layout || w.cells < MIN_DATA_TABLE_CELLS {
                continue;
            }
            let presentation = self
                .attribute(t, "role")
                .is_some_and(|r| r.trim().eq_ignore_ascii_case("presentation"));
            let short_cells = w.longest_cell < MIN_PROSE_CELL_CHARS;
            let links = w.link_chars as f32 > w.chars as f32 * MIN_DATA_TABLE_LINK_DENSITY;
            if !presentation && (short_cells || links) {
                self.bits[t] |= bits::DATA_TABLE;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    // The finder reads these arrays through accessors rather than by indexing them at each use:
    // in the wasm every indexing site has its own bounds check, panic call and panic location
    // (16 bytes of data), while an accessor has one of each, its uses being calls at opt-level
    // "z" (-0.4 KB gzip for these three, no measurable slowdown). A `get` with a fallback value
    // in place of the indexing costs more code than it saves. Loops over every node (the score,
    // the link and image passes) index the arrays directly, as slices: there a call per node
    // costs time. The accessors index slices too: indexing a `Vec` is a call of its own.

    /// Node `i`'s [`Tag`].
    pub fn tag(&self, i: usize) -> Tag {
        self.tag.as_slice()[i]
    }

    /// One past the last index of node `i`'s subtree.
    pub fn end(&self, i: usize) -> usize {
        self.end[i] as usize
    }

    /// Node `i`'s own [`bits`].
    pub fn bits(&self, i: usize) -> u16 {
        self.bits.as_slice()[i]
    }

    /// The node's parent index, if any.
    pub fn parent_of(&self, i: usize) -> Option<usize> {
        let p = self.parent[i];
        (p != NONE).then_some(p as usize)
    }

    /// Children of `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.end(i);
        let mut next = i + 1;
        core::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let child = next;
            next = self.end(child);
            Some(child)
        })
    }

    /// The data of text node `i` ("" for elements).
    pub fn text(&self, i: usize) -> &'t str {
        self.tree.text(self.tree.node(i)).unwrap_or("")
    }

    /// Appends the text of node `i`'s subtree to `out`, in document order, leaving out the
    /// `excluded` nodes. The finder's one way to read a subtree's text: each `collect` into a
    /// `String` over another iterator is code of its own in the wasm.
    pub fn push_text(&self, i: usize, excluded: Excluded, out: &mut String) {
        for node in i..self.end(i) {
            if !excluded.has(node) {
                out.push_str(self.text(node));
            }
        }
    }

    /// Attribute `name` of element `i`.
    pub fn attribute(&self, i: usize, name: &str) -> Option<&'t str> {
        self.tree.attribute(self.tree.node(i), name)
    }

    /// The own bits of every node combined with those of its ancestors, keeping only `mask`.
    pub fn inherited(&self, mask: u16) -> Vec<u16> {
        // Written in place rather than pushed: a push is a call per node in the wasm. A parent
        // comes before its children in pre-order, so its entry is already written; the root's
        // parent, [`NONE`], is past the end and inherits nothing.
        let mut out: Vec<u16> = vec![0; self.len()];
        for (node, (&parent, &bits)) in self.parent.iter().zip(&self.bits).enumerate() {
            let from_parent = out.get(parent as usize).copied().unwrap_or(0);
            if let Some(entry) = out.get_mut(node) {
                *entry = from_parent | (bits & mask);
            }
        }
        out
    }
}

/// The nodes a reading of the page leaves out: those whose [`Page::inherited`] bits meet a
/// mask. The finder's exclusions share one inherited list, made in one pass over the page, and
/// differ only in their masks.
#[derive(Clone, Copy)]
pub(super) struct Excluded<'a> {
    /// Every node's bits combined with its ancestors' (none past its end: no node there is
    /// left out).
    inherited: &'a [u16],
    mask: u16,
}

impl<'a> Excluded<'a> {
    /// Leaves out no node.
    pub const NONE: Excluded<'static> = Excluded {
        inherited: &[],
        mask: 0,
    };

    /// The nodes whose `inherited` bits meet `mask`.
    pub fn by(inherited: &'a [u16], mask: u16) -> Self {
        Excluded { inherited, mask }
    }

    /// Whether node `i` is left out. Always inlined: the scorer asks for every node.
    #[inline(always)]
    pub fn has(self, i: usize) -> bool {
        self.inherited
            .get(i)
            .is_some_and(|&bits| bits & self.mask != 0)
    }
}

/// The [`Tag`], own [`bits`] and class weight of element `node`, named `name`.
fn element_traits<T: Tree>(
    tree: &T,
    node: T::Node,
    name: &[u8],
    classes: &mut ClassCache,
) -> (Tag, u16, i8) {
    let tag = Tag::of(name);
    let ([class, id, style, role, hidden, aria_hidden, rel, itemprop], credit) =
        classifying_attributes(tree, node);
    let mut bits = match tag {
        // Script text (JSON-LD included) is read only as metadata, never as prose.
        Tag::NonContent | Tag::Script => bits::HIDDEN,
        Tag::Chrome | Tag::Form => bits::CHROME_TAG,
        Tag::Header => bits::HEADER_TAG,
        _ => 0,
    };
    if is_hidden(hidden, aria_hidden, style) {
        bits |= bits::HIDDEN;
    }
    // Trimmed only when present: `Option::map` was a call per element in the wasm.
    if let Some(role) = role {
        match role.trim() {
            "navigation" | "complementary" | "contentinfo" | "menu" | "menubar" | "alert"
            | "alertdialog" | "dialog" | "search" => bits |= bits::CHROME_TAG,
            "banner" => bits |= bits::HEADER_TAG,
            _ => {}
        }
    }
    if credit {
        bits |= bits::CREDIT_ATTRIBUTE;
    }
    if rel.is_some_and(|r| contains_str(r, "author")) {
        bits |= bits::BYLINE;
    }
    if let Some(itemprop) = itemprop {
        if contains_str(itemprop, "author") {
            bits |= bits::BYLINE;
        }
        if whitespace_words(itemprop).any(|p| p == "headline") {
            bits |= bits::HEADLINE;
        }
    }
    let class = class.unwrap_or("");
    let id = id.unwrap_or("");
    let mut weight = 0;
    // Classes on <html> and <body> describe the page's state (`show-paywall`, `has-sidebar`),
    // not a part of it. Their names are compared last, and only for their tag: two string
    // comparisons per element were a call each in the wasm.
    let page_level = || tag == Tag::OtherBlock && (name == b"html" || name == b"body");
    if (!class.is_empty() || !id.is_empty()) && !page_level() {
        let (class_bits, class_weight) = classes.traits(class, id);
        bits |= class_bits;
        weight = class_weight;
    }
    (tag, bits, weight)
}

/// Text counted over a node: its own text ([`Page::own_text`]) or its subtree's
/// ([`TextStats`](super::score::TextStats)). One record per node, so that adding a node's counts
/// to its parent's is one bounds check for each of the two rather than one per count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct TextTotals {
    /// Characters, each run of whitespace counted once (as it renders).
    pub chars: u32,
    /// Characters inside links.
    pub link_chars: u32,
    /// Commas (Latin, Arabic and CJK).
    pub commas: u32,
}

/// Fewest cells of a data table (fewer is a small layout or fact box, read as text).
const MIN_DATA_TABLE_CELLS: u32 = 6;
/// A table cell this long (in characters) holds prose, so its table is not data.
const MIN_PROSE_CELL_CHARS: u32 = 100;
/// Share of a table's text inside links above which it is a table of links, not prose.
const MIN_DATA_TABLE_LINK_DENSITY: f32 = 0.5;

/// What [`text_counts`] finds in a text node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TextCounts {
    /// Characters, each run of whitespace counted once (as it renders).
    chars: u32,
    /// Commas (Latin, Arabic and CJK), counted up to `u16::MAX`.
    commas: u16,
    /// Whether every character is whitespace (or there is none).
    blank: bool,
}

/// Counts the characters and commas of `text` (UTF-8) and tells whether it is blank, in one
/// pass, from its bytes: the finder reads them without cutting a `str`. Eight ASCII
/// bytes are counted at a time ([`TextTally::add_ascii_chunk`]); the last one to seven bytes, and
/// the ASCII bytes before a non-ASCII character, as one chunk padded with zeros; only a non-ASCII
/// character alone:
/// text nodes are mostly ASCII and short (most are a line break and indentation), and this runs
/// over every text node of the page.
fn text_counts(bytes: &[u8]) -> TextCounts {
    let mut tally = TextTally {
        chars: 0,
        commas: 0,
        blank: true,
        space_before: 0,
    };
    let mut i = 0;
    while let Some(rest) = bytes.get(i..).filter(|rest| !rest.is_empty()) {
        // A whole ASCII chunk (by far the commonest) is counted at a call of its own, compiled
        // for a length of eight.
        let chunk = match rest.first_chunk::<8>() {
            Some(chunk) => {
                let chunk = u64::from_le_bytes(*chunk);
                // Eight spaces after whitespace count nothing and leave the text as blank as it
                // was: indentation, most of a page's whitespace text, is passed over a chunk at
                // a time.
                if chunk == CHUNK_ONES * u64::from(b' ') && tally.space_before != 0 {
                    i += 8;
                    continue;
                }
                if tally.add_ascii_chunk(chunk, 8) {
                    i += 8;
                    continue;
                }
                chunk
            }
            None => padded_word(rest),
        };
        // A chunk holding a non-ASCII byte, or the last bytes (padded with zeros): the ASCII
        // bytes before that one (all of a last piece without one) counted as one chunk, then
        // the non-ASCII character alone. One byte at a time, each ASCII byte before a non-ASCII
        // character was a failed chunk test and a character of its own.
        let ascii = ((chunk & CHUNK_HIGH_BITS).trailing_zeros() / 8) as usize;
        let ascii = ascii.min(rest.len());
        if ascii > 0 {
            // Below eight bytes: a chunk with a non-ASCII byte or a shorter last piece.
            tally.add_ascii_chunk(chunk & (u64::MAX >> (64 - 8 * ascii)), ascii);
            i += ascii;
        }
        if ascii == rest.len() {
            break;
        }
        // `i` starts a character: the ASCII bytes before it were counted whole.
        let Some(c) = crate::text::decode_char_at(bytes, i) else {
            break;
        };
        i += c.len_utf8();
        tally.add_char(c);
    }
    TextCounts {
        chars: u32::try_from(tally.chars).unwrap_or(u32::MAX),
        commas: u16::try_from(tally.commas).unwrap_or(u16::MAX),
        blank: tally.blank,
    }
}

/// [`text_counts`]' running counts. The totals only grow, so they are kept unsaturated (at most
/// one character and one comma per byte: no `usize` overflows) and capped once at the end, where
/// a saturating addition per chunk was a comparison and a select each.
struct TextTally {
    chars: usize,
    commas: usize,
    blank: bool,
    /// 0x80 when the last character counted is whitespace, else 0: the high bit of the byte
    /// before a chunk, as [`TextTally::add_ascii_chunk`] marks whitespace.
    space_before: u64,
}

impl TextTally {
    /// Counts the first `len` (1 to 8) bytes of `chunk` (read little-endian, zeros after the
    /// `len` bytes) if they are all ASCII, as [`TextTally::add_char`] would one byte at a time;
    /// returns whether it did. Each byte's class is the high bit of its byte in a mask, so the
    /// bytes are counted with a few additions and population counts; a padding zero is neither
    /// whitespace nor a comma. Always inlined, so that the call for a whole chunk is compiled
    /// for its constant length.
    #[inline(always)]
    fn add_ascii_chunk(&mut self, chunk: u64, len: usize) -> bool {
        if chunk & CHUNK_HIGH_BITS != 0 {
            return false;
        }
        // Every byte is below 0x80, so adding up to 0x77 to each never carries into the next.
        let at_least_tab = chunk.wrapping_add(CHUNK_ONES * 0x77) & CHUNK_HIGH_BITS;
        let past_return = chunk.wrapping_add(CHUNK_ONES * 0x72) & CHUNK_HIGH_BITS;
        let space =
            (at_least_tab & !past_return) | zero_bytes(chunk ^ (CHUNK_ONES * u64::from(b' ')));
        let commas = zero_bytes(chunk ^ (CHUNK_ONES * u64::from(b','))).count_ones();
        // Whitespace right after whitespace: the previous byte's bit moved onto the byte after it.
        let repeats = (space & (space << 8 | self.space_before)).count_ones();
        let bits = 8 * len.clamp(1, 8) as u32;
        self.chars += bits as usize / 8 - repeats as usize;
        self.commas += commas as usize;
        self.blank &= space == CHUNK_HIGH_BITS & (u64::MAX >> (64 - bits));
        self.space_before = space >> (bits - 8) & 0x80;
        true
    }

    /// Counts one character.
    fn add_char(&mut self, c: char) {
        let space = c.is_whitespace();
        if !(space && self.space_before != 0) {
            self.chars += 1;
        }
        self.commas += usize::from(matches!(c, ',' | '،' | '、' | '，'));
        self.blank &= space;
        self.space_before = if space { 0x80 } else { 0 };
    }
}

/// The attributes [`element_traits`] classifies an element by, besides the credit ones, most
/// common first (each attribute of a page is compared with them in this order).
const CLASSIFYING_ATTRIBUTES: [&str; 8] = [
    "class",
    "id",
    "style",
    "role",
    "hidden",
    "aria-hidden",
    "rel",
    "itemprop",
];

/// [`CLASSIFYING_ATTRIBUTES`] by [`name_key`] (0, which no name's key is, for longer names).
const CLASSIFYING_KEYS: [u64; 8] = {
    let mut keys = [0; 8];
    let mut k = 0;
    while k < keys.len() {
        if let Some(key) = name_key(CLASSIFYING_ATTRIBUTES[k].as_bytes()) {
            keys[k] = key;
        }
        k += 1;
    }
    keys
};

// The credit attributes are told apart by their whole names only: none has a key.
const _: () = {
    let mut k = 0;
    while k < CREDIT_ATTRIBUTES.len() {
        assert!(name_key(CREDIT_ATTRIBUTES[k].as_bytes()).is_none());
        k += 1;
    }
    k = 0;
    while k < MEDIA_METADATA_ATTRIBUTES.len() {
        assert!(name_key(MEDIA_METADATA_ATTRIBUTES[k].as_bytes()).is_none());
        k += 1;
    }
};

/// Element `node`'s values of [`CLASSIFYING_ATTRIBUTES`] (same order), and whether it carries a
/// non-empty credit or media metadata attribute, in one pass over its attributes: asking the tree
/// for each name was a search of the attributes per name, most of the finder's indexing time.
/// A name's first occurrence counts, as with [`Tree::attribute`]. Always inlined into its one
/// caller: returned from a call, the 64-byte array of values was a memory.copy per element.
#[inline(always)]
fn classifying_attributes<T: Tree>(tree: &T, node: T::Node) -> ([Option<&str>; 8], bool) {
    let mut values = [None; 8];
    let mut credit = false;
    // Credit attribute names met so far, by their index in the chained lists.
    let mut credit_seen = 0u32;
    let mut index = 0;
    while let Some((name, value)) = tree.attribute_at(node, index) {
        index += 1;
        // Most names are short (`class`, `id`): those are compared as numbers, and no credit
        // attribute's name is that short.
        let key = name_key(name);
        let slot = match key {
            Some(key) => CLASSIFYING_KEYS.iter().position(|&k| k == key),
            None => CLASSIFYING_ATTRIBUTES
                .iter()
                .position(|&a| a.as_bytes() == name),
        };
        if let Some(slot) = slot.and_then(|k| values.get_mut(k)) {
            slot.get_or_insert(value);
        } else if key.is_some() {
            continue;
        } else if let Some(k) = CREDIT_ATTRIBUTES
            .iter()
            .position(|&a| a.as_bytes() == name)
            .or_else(|| {
                let k = MEDIA_METADATA_ATTRIBUTES
                    .iter()
                    .position(|&a| a.as_bytes() == name)?;
                Some(CREDIT_ATTRIBUTES.len() + k)
            })
        {
            let bit = 1u32 << (k & 31);
            if credit_seen & bit == 0 {
                credit_seen |= bit;
                credit |= !value.trim().is_empty();
            }
        }
    }
    (values, credit)
}

/// Whether attributes hide an element: `hidden`, `aria-hidden="true"`, or an inline style with
/// `display:none` / `visibility:hidden`. Inlined into [`element_traits`] (its caller but for the
/// tests): a call per element in the wasm, where most elements have none of the three.
#[inline(always)]
fn is_hidden(hidden: Option<&str>, aria_hidden: Option<&str>, style: Option<&str>) -> bool {
    if hidden.is_some() || aria_hidden.is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    style.is_some_and(style_hides)
}

/// The inline-style declarations that hide an element, lowercase, without whitespace.
const HIDING_STYLES: [&[u8]; 2] = [b"display:none", b"visibility:hidden"];

// A failed match restarts at the character that failed, compared with the pattern's first
// byte only: right when that byte occurs nowhere else in the pattern (no part of a failed match
// can begin another).
const _: () = {
    let mut k = 0;
    while k < HIDING_STYLES.len() {
        let pattern = HIDING_STYLES[k];
        let mut b = 1;
        while b < pattern.len() {
            assert!(pattern[b] != pattern[0]);
            b += 1;
        }
        k += 1;
    }
};

/// Whether an inline style holds one of [`HIDING_STYLES`], ignoring whitespace anywhere and
/// ASCII case. Matched as the characters go by, where building the style's compact lowercase
/// copy first was an allocation and a copy per styled element.
fn style_hides(style: &str) -> bool {
    // Per pattern, how many of its bytes the characters just read match.
    let mut matched = [0usize; HIDING_STYLES.len()];
    for c in style.chars() {
        if c.is_whitespace() {
            continue;
        }
        let c = c.to_ascii_lowercase();
        for k in 0..HIDING_STYLES.len() {
            let pattern = HIDING_STYLES[k];
            let m = if pattern.get(matched[k]).is_some_and(|&b| char::from(b) == c) {
                matched[k] + 1
            } else {
                usize::from(char::from(pattern[0]) == c)
            };
            if m == pattern.len() {
                return true;
            }
            matched[k] = m;
        }
    }
    false
}

/// Class/id words that mark page chrome (matched as whole `-`/`_`-separated parts). Searched
/// through [`CHROME_PART_INDEX`], for every part of every class and id value not cached yet.
const CHROME_PARTS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "nav",
    "navbar",
    "menu",
    "share",
    "sharing",
    "social",
    "promo",
    "related",
    "comment",
    "comments",
    "footer",
    "sidebar",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "pagination",
    "pager",
    "cookie",
    "gdpr",
    "widget",
    "trending",
    "recommended",
    "recirculation",
    "outbrain",
    "taboola",
    "sponsor",
    "sponsored",
    "tags",
    "toolbar",
    "rss",
    "disqus",
    "remark",
    "replies",
    "skyscraper",
];

/// Class/id fragments that mark page chrome wherever they occur.
const CHROME_FRAGMENTS: &[&str] = &[
    "advert",
    "sidebar",
    "related",
    "comment",
    "breadcrumb",
    "newsletter",
    "outbrain",
    "taboola",
    "social",
    "sharebar",
    "share-",
    "most-read",
    "mostread",
    "most-popular",
    "recommend",
    // A fact box or info box inside the story is a separate item (often another story with its
    // own headline and byline), not the article's running text.
    "factbox",
    "fact-box",
    "infobox",
    "info-box",
];

/// Class/id fragments that rescue an element from the chrome rule: it looks like the story.
const CONTENT_FRAGMENTS: &[&str] = &["article", "body", "content", "main", "story", "entry"];

/// Class names (whole tokens) that visually hide an element but keep it for screen readers
/// (searched through [`HIDDEN_CLASS_INDEX`], as [`CHROME_PARTS`]).
const HIDDEN_CLASSES: &[&str] = &[
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
    "screen-reader-only",
    "screenreader-only",
    "element-invisible",
    "offscreen",
    "off-screen",
    "hidden",
    "is-hidden",
    "hide",
    "a11y-hidden",
    "u-hidden",
];

/// Class-name fragments that mark screen-reader-only text wherever they occur in a class token,
/// as design systems prefix and suffix them (`u-visually-hidden`, `o-VisuallyHidden`,
/// `u-sr-only`, `article-image__visually-hidden`).
const HIDDEN_FRAGMENTS: &[&str] = &[
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader",
    "screenreader",
    "a11y-hidden",
];

/// First words after `hide-` in responsive utility classes (`hide-until-tablet`,
/// `hide-from-desktop`, `hide-on-mobile`, `hide-for-large-up`): such an element is hidden at
/// some screen widths only and shown at the others, so its text is on the page.
const BREAKPOINT_WORDS: &[u8] = word_list!(
    "from until under over above below at on for upto mobile phone tablet desktop \
    small medium large xs sm md lg xl"
);

/// Whether the rest of a `hide-…` class after the prefix names a screen-width condition.
fn is_breakpoint_rule(rest: &[u8]) -> bool {
    // Cut at an ASCII byte from a token that is text, `rest` is text too.
    core::str::from_utf8(rest).is_ok_and(|rest| {
        rest.split('-')
            .next()
            .is_some_and(|word| crate::in_word_list(BREAKPOINT_WORDS, word))
    })
}

/// Class traits by attribute value, computed once per distinct class value: pages repeat the
/// same class lists on thousands of elements, and matching them is the finder's costliest step.
/// Ids are matched each time (they are mostly unique, see [`ClassCache::traits`]); the class's
/// and the id's traits are combined by [`ClassTraits::with`]: no fragment holds a space, so none
/// matches across the space that joined them when they were matched together.
#[derive(Default)]
struct ClassCache {
    /// [`ClassTraits`] by class value, packed (the shared [`KeyTable`] rather than a
    /// `HashMap` of its own, for wasm size).
    known: KeyTable,
    /// Lowercased copy of a value being matched that has capitals, reused so that matching
    /// allocates nothing.
    scratch: String,
}

impl ClassCache {
    /// The element's class bits and weight from its `class` and `id` values. Only class values
    /// are cached: an id is mostly unique on its page (on the fixture pages nine in ten are
    /// met once), so caching ids was a hash, a probe and a copy of the key per id for few hits.
    fn traits(&mut self, class: &str, id: &str) -> (u16, i8) {
        let mut traits = self.class_traits(class);
        // Most elements with a class have no id: its emptiness is told here, without the call.
        if !id.is_empty() {
            traits = traits.with(self.matched_traits(id));
        }
        (traits.bits(), traits.weight)
    }

    /// The traits of a class value, from the cache when it was met before.
    fn class_traits(&mut self, value: &str) -> ClassTraits {
        if value.is_empty() {
            return ClassTraits::default();
        }
        if let Some(packed) = self.known.get(value) {
            return ClassTraits::unpack(packed);
        }
        let traits = self.matched_traits(value);
        self.known.insert(value, traits.pack());
        traits
    }

    /// The traits of a value, matched (callers pass over empty values, which have none).
    fn matched_traits(&mut self, value: &str) -> ClassTraits {
        // Most values are lowercase already: those are matched where they lie, and only the
        // others copied and lowercased.
        let lower = if value.bytes().any(|b| b.is_ascii_uppercase()) {
            let scratch = &mut self.scratch;
            scratch.clear();
            scratch.push_str(value);
            scratch.make_ascii_lowercase();
            scratch
        } else {
            value
        };
        ClassTraits::of(lower)
    }
}

/// What a class or id value says about its element: [`bits`] from it, the findings that decide
/// [`bits::CHROME_CLASS`] (which needs class and id together: a content word in either
/// cancels a chrome word in the other), and the class weight.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct ClassTraits {
    /// Bits other than [`bits::CHROME_CLASS`].
    bits: u16,
    /// A chrome word or fragment occurs.
    chrome: bool,
    /// A content fragment occurs.
    content: bool,
    /// Readability's class weight.
    weight: i8,
}

impl ClassTraits {
    /// The traits of a lowercase value (or several, space-separated).
    fn of(lower: &str) -> ClassTraits {
        let scan = ValueScan::of(lower);
        let (bits, chrome, content) = class_bits(&scan);
        ClassTraits {
            bits,
            chrome,
            content,
            weight: class_weight(scan.groups),
        }
    }

    /// The traits of two values together, as of the two joined by a space.
    fn with(self, other: ClassTraits) -> ClassTraits {
        ClassTraits {
            bits: self.bits | other.bits,
            chrome: self.chrome || other.chrome,
            content: self.content || other.content,
            weight: self.weight.saturating_add(other.weight),
        }
    }

    /// The element's bits, [`bits::CHROME_CLASS`] included.
    fn bits(self) -> u16 {
        let chrome = if self.chrome && !self.content {
            bits::CHROME_CLASS
        } else {
            0
        };
        self.bits | chrome
    }

    /// As one [`KeyTable`] value: the bits in the low 16 bits, the weight's byte above them,
    /// then the two findings.
    fn pack(self) -> u64 {
        u64::from(self.bits)
            | u64::from(self.weight as u8) << 16
            | u64::from(self.chrome) << 24
            | u64::from(self.content) << 25
    }

    /// The inverse of [`ClassTraits::pack`].
    fn unpack(packed: u64) -> ClassTraits {
        ClassTraits {
            bits: packed as u16,
            weight: (packed >> 16) as u8 as i8,
            chrome: packed >> 24 & 1 == 1,
            content: packed >> 25 & 1 == 1,
        }
    }
}

/// Bits from a lowercase class/id value's [`ValueScan`] (all but [`bits::CHROME_CLASS`]), and
/// whether the value has chrome words and content fragments.
fn class_bits(scan: &ValueScan) -> (u16, bool, bool) {
    let groups = scan.groups;
    let mut bits = 0;
    // Hidden-class fragments hold no whitespace, so one inside the whole value is inside a token.
    if groups & group::HIDDEN != 0 || scan.hidden_class {
        bits |= bits::HIDDEN;
    }
    let chrome = groups & group::CHROME != 0 || scan.chrome_part;
    let content = groups & group::CONTENT != 0;
    for (group, bit) in [
        (group::HEADER, bits::HEADER_CLASS),
        (group::CAPTION, bits::CAPTION),
        (group::BYLINE, bits::BYLINE),
    ] {
        if groups & group != 0 {
            bits |= bit;
        }
    }
    (bits, chrome, content)
}

/// Whether one whitespace-separated token of a lowercase class value hides its element: one of
/// [`HIDDEN_CLASSES`], a `hide-…` class other than a responsive one, a `toggle-…` class. Read as
/// bytes: slicing the token from its value as a `str` was a call per token in the wasm, and
/// `strip_prefix` and `starts_with` calls to `memcmp`.
fn is_hidden_class(token: &[u8]) -> bool {
    const HIDE: &[u8] = b"hide-";
    HIDDEN_CLASS_INDEX.contains(token)
        || if crate::starts_with_bytes(token, HIDE) {
            !is_breakpoint_rule(token.get(HIDE.len()..).unwrap_or_default())
        } else {
            crate::starts_with_bytes(token, b"toggle-")
        }
}

/// What the word lists say about a lowercase class or id value, found in one pass over its
/// bytes: matching the fragments, the tokens and their parts in a pass each (and splitting with
/// iterator adapters) was most of the time spent on each new class or id value in the wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ValueScan {
    /// The [`group`]s of the fragments occurring anywhere in the value: what `contains_str`
    /// over every list answers.
    groups: u8,
    /// A whitespace-separated token is a hidden class ([`is_hidden_class`]).
    hidden_class: bool,
    /// A `-`/`_`-separated part of a token is one of [`CHROME_PARTS`].
    chrome_part: bool,
}

impl ValueScan {
    /// Scans `lower`. Tokens and parts end at ASCII separators, so each lies between character
    /// boundaries; a fragment is tried at every other byte (none starts with a separator), and
    /// there only the fragments in the bucket of the next four bytes ([`FRAGMENTS`]).
    fn of(lower: &str) -> ValueScan {
        let bytes = lower.as_bytes();
        let mut scan = ValueScan {
            groups: 0,
            hidden_class: false,
            chrome_part: false,
        };
        let (mut token, mut part) = (0, 0);
        // `0..len + 1` rather than `0..=len`, whose iterator is slower in the wasm: the end of
        // the value ends its last token.
        for at in 0..bytes.len() + 1 {
            let byte = bytes.get(at).copied().unwrap_or(b' ');
            let whitespace = byte.is_ascii_whitespace();
            if whitespace || byte == b'-' || byte == b'_' {
                if !scan.chrome_part {
                    scan.chrome_part =
                        CHROME_PART_INDEX.contains(bytes.get(part..at).unwrap_or_default());
                }
                part = at + 1;
                if whitespace {
                    if !scan.hidden_class {
                        scan.hidden_class =
                            is_hidden_class(bytes.get(token..at).unwrap_or_default());
                    }
                    token = at + 1;
                }
                continue;
            }
            let rest = bytes.get(at..).unwrap_or_default();
            // Every fragment has four bytes or more: none starts this close to the end.
            let Some(prefix) = head(rest) else {
                continue;
            };
            for f in FRAGMENTS.in_bucket(prefix) {
                if f.head == prefix
                    && scan.groups & f.group == 0
                    && crate::starts_with_bytes(rest, f.word)
                {
                    scan.groups |= f.group;
                }
            }
        }
        scan
    }
}

/// The fragment lists matched anywhere in a lowercase class or id value, one bit each.
mod group {
    /// [`CHROME_FRAGMENTS`](super::CHROME_FRAGMENTS).
    pub const CHROME: u8 = 1;
    /// [`CONTENT_FRAGMENTS`](super::CONTENT_FRAGMENTS).
    pub const CONTENT: u8 = 1 << 1;
    /// `header`, `masthead`.
    pub const HEADER: u8 = 1 << 2;
    /// `caption`, `credit`.
    pub const CAPTION: u8 = 1 << 3;
    /// `byline`, `author`.
    pub const BYLINE: u8 = 1 << 4;
    /// [`NEGATIVE_FRAGMENTS`](super::NEGATIVE_FRAGMENTS).
    pub const NEGATIVE: u8 = 1 << 5;
    /// [`POSITIVE_FRAGMENTS`](super::POSITIVE_FRAGMENTS).
    pub const POSITIVE: u8 = 1 << 6;
    /// [`HIDDEN_FRAGMENTS`](super::HIDDEN_FRAGMENTS).
    pub const HIDDEN: u8 = 1 << 7;
}

/// Each fragment list with its [`group`] bit.
const FRAGMENT_GROUPS: [(&[&str], u8); 8] = [
    (CHROME_FRAGMENTS, group::CHROME),
    (CONTENT_FRAGMENTS, group::CONTENT),
    (&["header", "masthead"], group::HEADER),
    (&["caption", "credit"], group::CAPTION),
    (&["byline", "author"], group::BYLINE),
    (NEGATIVE_FRAGMENTS, group::NEGATIVE),
    (POSITIVE_FRAGMENTS, group::POSITIVE),
    (HIDDEN_FRAGMENTS, group::HIDDEN),
];

/// How many words `lists` hold in all.
const fn word_count(lists: &[(&[&str], u8)]) -> usize {
    let mut count = 0;
    let mut g = 0;
    while g < lists.len() {
        count += lists[g].0.len();
        g += 1;
    }
    count
}

/// Words ordered by first byte, each a lowercase ASCII letter (class values are matched
/// lowercased): the words starting with `b'a' + k` are `words[start[k]..start[k + 1]]`. Built as
/// `ByteIndex<[&str; N]>` and searched as `ByteIndex<[&str]>`, so that every index shares one
/// copy of the search code.
struct ByteIndex<W: ?Sized> {
    /// By first letter as `start`, bit `n` set when a word starting with it is `n` bytes long
    /// (every word is shorter than 32): most parts and tokens of class values are passed over on
    /// it, before their letter's words are compared.
    lengths: [u32; 26],
    start: [u8; 27],
    words: W,
}

impl<const N: usize> ByteIndex<[&'static str; N]> {
    /// The index of `list`, built by the compiler: a counting sort on the first byte. `N` must
    /// be the length of `list`; a word that does not start with a lowercase ASCII letter, or
    /// that is 32 bytes long or longer, fails the build.
    const fn of(list: &[&'static str]) -> Self {
        let mut start = [0u8; 27];
        let mut lengths = [0u32; 26];
        let mut k = 0;
        while k < list.len() {
            start[letter_of(list[k]) + 1] += 1;
            assert!(list[k].len() < 32);
            lengths[letter_of(list[k])] |= 1 << list[k].len();
            k += 1;
        }
        let mut b = 1;
        while b < start.len() {
            start[b] += start[b - 1];
            b += 1;
        }
        let mut next = start;
        let mut words = [""; N];
        k = 0;
        while k < list.len() {
            let letter = letter_of(list[k]);
            words[next[letter] as usize] = list[k];
            next[letter] += 1;
            k += 1;
        }
        ByteIndex {
            lengths,
            start,
            words,
        }
    }
}

/// The number in the alphabet (from 0) of the letter `word` starts with, which must be a
/// lowercase ASCII letter (a `const` use fails the build otherwise).
const fn letter_of(word: &str) -> usize {
    let first = word.as_bytes()[0];
    assert!(first.is_ascii_lowercase());
    (first - b'a') as usize
}

impl ByteIndex<[&'static str]> {
    /// Whether `word` is one of the words.
    fn contains(&self, word: &[u8]) -> bool {
        let Some(&first) = word.first() else {
            return false;
        };
        let lengths = self.lengths.get(usize::from(first.wrapping_sub(b'a')));
        if !lengths.is_some_and(|&lengths| word.len() < 32 && lengths >> word.len() & 1 == 1) {
            return false;
        }
        self.starting_with(first)
            .iter()
            .any(|w| w.len() == word.len() && crate::starts_with_bytes(word, w.as_bytes()))
    }

    /// The words that start with byte `b`.
    fn starting_with(&self, b: u8) -> &[&'static str] {
        let k = usize::from(b.wrapping_sub(b'a'));
        let (Some(&from), Some(&to)) = (self.start.get(k), self.start.get(k + 1)) else {
            return &[];
        };
        self.words
            .get(usize::from(from)..usize::from(to))
            .unwrap_or_default()
    }
}

/// The first four bytes of `bytes` as one little-endian number, if it has four.
fn head(bytes: &[u8]) -> Option<u32> {
    bytes
        .first_chunk::<4>()
        .map(|first| u32::from_le_bytes(*first))
}

/// How many buckets [`FRAGMENTS`] sorts the fragments into (a power of two). Few: the pairs of
/// first bytes pass over most positions of a value before the bucket is looked up (kept at 64
/// because 256 buckets, most of them empty, were 0.47 M fewer instructions a pass of
/// `annotateSnapshot` for 43 B gzip more).
const HEAD_BUCKETS: usize = 64;

/// The bucket of a fragment starting with the four bytes `head` (as one little-endian number):
/// the top bits of a multiplicative hash.
const fn head_bucket(head: u32) -> usize {
    (head.wrapping_mul(0x9E37_79B1) >> (32 - HEAD_BUCKETS.trailing_zeros())) as usize
}

/// One fragment of a [`FragmentIndex`].
#[derive(Clone, Copy)]
struct Fragment {
    /// Its first four bytes, as one little-endian number.
    head: u32,
    word: &'static [u8],
    /// The group bit of the list it comes from.
    group: u8,
}

/// How many fragments [`FRAGMENT_GROUPS`] holds in all.
const FRAGMENT_COUNT: usize = word_count(&FRAGMENT_GROUPS);

/// The fragments of [`FRAGMENT_GROUPS`] by the [`head_bucket`] of their first four bytes: those
/// of bucket `b` are `fragments[start[b]..start[b + 1]]`.
struct FragmentIndex {
    /// By first letter (`b'a' + k`), bit `b & 31` set when a fragment's second byte is `b`:
    /// most positions of a value start with no fragment's first two bytes (a digit shares its bit
    /// with a letter) and are passed over on it, before the hash of four bytes.
    pairs: [u32; 26],
    start: [u8; HEAD_BUCKETS + 1],
    fragments: [Fragment; FRAGMENT_COUNT],
}

impl FragmentIndex {
    /// The fragments whose first four bytes fall in the bucket of `head` (none when `pairs` says
    /// no fragment starts with its first two bytes).
    fn in_bucket(&self, head: u32) -> &[Fragment] {
        let [first, second, ..] = head.to_le_bytes();
        let pairs = self.pairs.get(usize::from(first.wrapping_sub(b'a')));
        if pairs.is_none_or(|&pairs| pairs >> (second & 31) & 1 == 0) {
            return &[];
        }
        let bucket = head_bucket(head);
        let (Some(&from), Some(&to)) = (self.start.get(bucket), self.start.get(bucket + 1)) else {
            return &[];
        };
        self.fragments
            .get(usize::from(from)..usize::from(to))
            .unwrap_or_default()
    }
}

/// The first four bytes of a fragment as one little-endian number (a fragment shorter than four
/// bytes fails the build: it would never be matched).
const fn fragment_head(word: &str) -> u32 {
    let bytes = word.as_bytes();
    assert!(bytes.len() >= 4 && bytes[0].is_ascii_lowercase());
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// Every fragment of [`FRAGMENT_GROUPS`] with its group, by bucket, built by the compiler (a
/// counting sort on the bucket).
const FRAGMENTS: &FragmentIndex = &{
    let mut start = [0u8; HEAD_BUCKETS + 1];
    let mut pairs = [0u32; 26];
    let mut g = 0;
    while g < FRAGMENT_GROUPS.len() {
        let list = FRAGMENT_GROUPS[g].0;
        let mut k = 0;
        while k < list.len() {
            let [first, second, ..] = fragment_head(list[k]).to_le_bytes();
            pairs[(first - b'a') as usize] |= 1 << (second & 31);
            start[head_bucket(fragment_head(list[k])) + 1] += 1;
            k += 1;
        }
        g += 1;
    }
    let mut b = 1;
    while b < start.len() {
        start[b] += start[b - 1];
        b += 1;
    }
    let mut next = start;
    let empty = Fragment {
        head: 0,
        word: b"",
        group: 0,
    };
    let mut fragments = [empty; FRAGMENT_COUNT];
    g = 0;
    while g < FRAGMENT_GROUPS.len() {
        let (list, group) = FRAGMENT_GROUPS[g];
        let mut k = 0;
        while k < list.len() {
            let head = fragment_head(list[k]);
            let bucket = head_bucket(head);
            fragments[next[bucket] as usize] = Fragment {
                head,
                word: list[k].as_bytes(),
                group,
            };
            next[bucket] += 1;
            k += 1;
        }
        g += 1;
    }
    FragmentIndex {
        pairs,
        start,
        fragments,
    }
};

/// [`CHROME_PARTS`] by first byte.
const CHROME_PART_INDEX: &ByteIndex<[&str]> =
    &ByteIndex::<[&str; CHROME_PARTS.len()]>::of(CHROME_PARTS);

/// [`HIDDEN_CLASSES`] by first byte.
const HIDDEN_CLASS_INDEX: &ByteIndex<[&str]> =
    &ByteIndex::<[&str; HIDDEN_CLASSES.len()]>::of(HIDDEN_CLASSES);

/// What [`Page::mark_data_tables`] gathers for one node: as any node, its nearest enclosing
/// table and cell ([`NONE`] outside) and whether it is inside a link; as a cell, its characters;
/// as a table, its counts. One record per node keeps the walk's bookkeeping in one vector, so
/// each look-up is one bounds check (and one panic site in the wasm) instead of one per array.
#[derive(Clone, Copy)]
struct TableWalk {
    table: u32,
    cell: u32,
    in_link: bool,
    /// Characters of text in the cell (for a cell).
    cell_chars: u32,
    /// Cells (for a table).
    cells: u32,
    /// Characters of its longest cell (for a table).
    longest_cell: u32,
    /// Characters of text (for a table).
    chars: u32,
    /// Characters of text inside links (for a table).
    link_chars: u32,
    /// Whether it holds another table (for a table): page layout.
    layout: bool,
}

impl TableWalk {
    /// A node outside any table, with nothing counted.
    const OUTSIDE: TableWalk = TableWalk {
        table: NONE,
        cell: NONE,
        in_link: false,
        cell_chars: 0,
        cells: 0,
        longest_cell: 0,
        chars: 0,
        link_chars: 0,
        layout: false,
    };
}

const POSITIVE_FRAGMENTS: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story",
];
const NEGATIVE_FRAGMENTS: &[&str] = &[
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "foot",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
];

/// Readability's class weight of one lowercase attribute value, from its fragment
/// [`group`]s ([`ValueScan::groups`]):
/// +25 for content-like names, -25 for chrome-like ones.
fn class_weight(groups: u8) -> i8 {
    let mut weight = 0;
    if groups & group::NEGATIVE != 0 {
        weight -= 25;
    }
    if groups & group::POSITIVE != 0 {
        weight += 25;
    }
    weight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_class_names() {
        use bits::*;
        let cases: &[(&str, u16)] = &[
            ("share-widget share-widget--top", CHROME_CLASS),
            ("widget related-links", CHROME_CLASS),
            ("entry-content", 0),
            ("related-content", 0),
            ("ad-slot", CHROME_CLASS),
            ("header loaded", HEADER_CLASS),
            ("wp-element-caption", CAPTION),
            ("byline author vcard", BYLINE),
            ("skip-link screen-reader-text", HIDDEN),
            ("hide-caption", HIDDEN | CAPTION),
            ("caption hide-until-wide", CAPTION),
            ("caption hide-from-phone", CAPTION),
            ("cta hide-on-lg", 0),
            ("hide-teaser", HIDDEN),
            ("box info-box pull-left", CHROME_CLASS),
            ("inset factbox", CHROME_CLASS),
            ("u-visually-hidden", HIDDEN),
            ("o-visuallyhidden lay-base", HIDDEN),
            ("u-sr-only", HIDDEN),
            ("label off-screen", HIDDEN),
            ("sdc-article-image__visually-hidden", HIDDEN),
            ("hidden-xs col-6", 0),
            ("overflow-hidden", 0),
            ("heading canvas reader", 0),
        ];
        for &(classes, want) in cases {
            assert_eq!(ClassTraits::of(classes).bits(), want, "{classes}");
        }
    }

    #[test]
    fn combines_class_and_id_as_if_joined() {
        let cases: &[(&str, &str, i8)] = &[
            ("related", "main-content", 0),
            ("share-bar", "", -25),
            ("", "sidebar", -25),
            ("story-body", "promo", 0),
            ("caption", "byline", 0),
            ("article", "post", 50),
            ("Share-Tools", "Hidden-Header", -50),
        ];
        let mut cache = ClassCache::default();
        for &(class, id, weight) in cases {
            let joined = format!("{class} {id}").to_ascii_lowercase();
            let want = (ClassTraits::of(&joined).bits(), weight);
            assert_eq!(cache.traits(class, id), want, "{class} / {id}");
            // Again, from the cache.
            assert_eq!(cache.traits(class, id), want, "{class} / {id}");
        }
    }

    /// The simple version of [`text_counts`]: character by character.
    fn text_counts_by_chars(text: &str) -> TextCounts {
        let (mut chars, mut commas, mut in_space) = (0u32, 0u16, false);
        for c in text.chars() {
            let space = c.is_whitespace();
            chars += u32::from(!(space && in_space));
            in_space = space;
            commas += u16::from(matches!(c, ',' | '،' | '、' | '，'));
        }
        TextCounts {
            chars,
            commas,
            blank: text.trim().is_empty(),
        }
    }

    /// The simple version of [`Tag::of`]: one `match` on the name.
    fn tag_by_match(name: &str) -> Tag {
        match name {
            "p" => Tag::P,
            "div" => Tag::Div,
            "section" | "article" | "main" => Tag::Section,
            "li" | "dd" | "dt" => Tag::Li,
            "ul" | "ol" | "dl" => Tag::List,
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "td" | "th" => Tag::Td,
            "table" => Tag::Table,
            "h1" => Tag::H1,
            "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "img" => Tag::Img,
            "br" => Tag::Br,
            "a" => Tag::A,
            "script" => Tag::Script,
            "meta" => Tag::Meta,
            "title" => Tag::Title,
            "tbody" | "thead" | "tfoot" | "tr" | "caption" | "hr" | "address" | "details"
            | "summary" | "center" | "hgroup" | "body" | "html" => Tag::OtherBlock,
            "nav" | "aside" | "footer" | "input" | "label" | "dialog" | "menu" => Tag::Chrome,
            "form" => Tag::Form,
            "header" => Tag::Header,
            "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "embed"
            | "canvas" | "video" | "audio" | "select" | "textarea" | "button" | "link" | "head" => {
                Tag::NonContent
            }
            _ => Tag::Inline,
        }
    }

    #[test]
    fn tags_elements_by_name_keys_as_by_match() {
        let odd: &[&str] = &[
            "",
            "span",
            "P",
            "p\0",
            "\0p",
            "h7",
            "tablex",
            "blockquote",
            "figcaptions",
            "noscript",
            "noscripts",
            "x-div",
            "é",
            "dív",
        ];
        let names = TAG_NAMES.iter().map(|&(name, _)| name);
        for name in names.chain(odd.iter().copied()) {
            assert_eq!(Tag::of(name.as_bytes()), tag_by_match(name), "{name:?}");
        }
    }

    /// The simple version of [`name_key`]: byte by byte.
    fn name_key_by_bytes(name: &[u8]) -> Option<u64> {
        if name.is_empty() || name.len() > 8 || name.contains(&0) {
            return None;
        }
        let shifted = name.iter().enumerate();
        Some(shifted.fold(0, |key, (k, &b)| key | u64::from(b) << (8 * k)))
    }

    #[test]
    fn keys_names_of_one_to_eight_bytes() {
        let cases: &[(&[u8], Option<u64>)] = &[
            (b"", None),
            (b"a", Some(0x61)),
            (b"id", Some(0x6469)),
            (b"itemprop", Some(u64::from_le_bytes(*b"itemprop"))),
            (b"itemprops", None),
            (b"p\0", None),
        ];
        for &(name, want) in cases {
            assert_eq!(name_key(name), want, "{name:?}");
        }
    }

    #[test]
    fn counts_rendered_characters_and_commas_by_bytes() {
        let blank_and_chunked: &[&str] = &[
            "        ",
            " \t\n\r\x0b\x0c          \u{a0}",
            "eight b,twelve,,,",
            "        x",
            "a       \n       b",
            "\x08\x0e\x1f!\"+,-./0123",
            // Chunks of eight spaces, with and without whitespace before them.
            "                ",
            "\n                        ",
            "x                       y,",
            "\u{a0}        ,        ",
        ];
        for text in crate::text::tests::MIXED_TEXTS
            .iter()
            .chain(blank_and_chunked)
        {
            assert_eq!(
                text_counts(text.as_bytes()),
                text_counts_by_chars(text),
                "{text:?}"
            );
        }
    }

    /// The simple version of [`ValueScan::of`]: each fragment list searched with
    /// `str::contains`, the value split into tokens and the tokens into parts as the words are
    /// defined.
    fn value_scan_by_splitting(lower: &str) -> ValueScan {
        let groups = FRAGMENT_GROUPS
            .iter()
            .filter(|(list, _)| list.iter().any(|f| lower.contains(f)))
            .fold(0, |groups, &(_, group)| groups | group);
        ValueScan {
            groups,
            hidden_class: lower.split_ascii_whitespace().any(|token| {
                let breakpoint = |rest: &str| {
                    let word = rest.split('-').next().unwrap_or("");
                    crate::text::listed_words(BREAKPOINT_WORDS).any(|w| w == word)
                };
                HIDDEN_CLASSES.contains(&token)
                    || token.strip_prefix("hide-").is_some_and(|r| !breakpoint(r))
                    || token.starts_with("toggle-")
            }),
            chrome_part: lower
                .split_ascii_whitespace()
                .flat_map(|t| t.split(['-', '_']))
                .any(|p| CHROME_PARTS.contains(&p)),
        }
    }

    #[test]
    fn finds_fragment_groups_in_one_pass() {
        let cases: &[(&str, u8)] = &[
            ("", 0),
            ("story-body", group::CONTENT | group::POSITIVE),
            (
                "share-tools hidden-header",
                group::CHROME | group::NEGATIVE | group::HEADER,
            ),
            ("u-visually-hidden", group::HIDDEN | group::NEGATIVE),
            ("byline__author", group::BYLINE),
            ("é-credit", group::CAPTION),
            ("sidebarsidebar", group::CHROME | group::NEGATIVE),
            ("x a11y-hidden", group::HIDDEN | group::NEGATIVE),
            ("com", 0),
            ("com-", group::NEGATIVE),
        ];
        for &(lower, want) in cases {
            assert_eq!(ValueScan::of(lower).groups, want, "{lower:?}");
            assert_eq!(value_scan_by_splitting(lower).groups, want, "{lower:?}");
        }
    }

    #[test]
    fn reads_classifying_attributes_in_one_pass() {
        // (an element's attributes, whether it carries a credit); the values must be what
        // `Tree::attribute` finds by name, the first of duplicates included.
        let cases: &[(&[(&str, &str)], bool)] = &[
            (&[], false),
            (&[("class", "a"), ("id", "b"), ("data-credit", "AP")], true),
            (&[("data-credit", " "), ("data-photo-credit", "AP")], true),
            (&[("data-credit", ""), ("data-credit", "AP")], false),
            (
                &[
                    ("class", "a"),
                    ("class", "b"),
                    ("role", "nav"),
                    ("hidden", ""),
                ],
                false,
            ),
            (
                &[
                    ("data-media-meta", "{}"),
                    ("itemprop", "author"),
                    ("rel", "x"),
                    ("style", "s"),
                    ("aria-hidden", "true"),
                    ("alt", "a"),
                ],
                true,
            ),
        ];
        for &(attributes, credit) in cases {
            let mut builder = crate::article::snapshot::SnapshotBuilder::default();
            let attributes_owned = attributes
                .iter()
                .map(|&(name, value)| (name.to_string(), value.to_string()))
                .collect();
            builder.push(None, "div".into(), String::new(), attributes_owned);
            let snapshot = builder.finish();
            let want = CLASSIFYING_ATTRIBUTES.map(|name| snapshot.attribute(0, name));
            assert_eq!(
                classifying_attributes(&snapshot, 0),
                (want, credit),
                "{attributes:?}"
            );
        }
    }

    #[test]
    fn finds_chrome_parts() {
        let cases: &[(&str, bool)] = &[
            ("", false),
            ("ad", true),
            ("ad-slot", true),
            ("head", false),
            ("main_nav", true),
            ("x\tshare", true),
            ("é-menu", true),
            ("menué", false),
            ("--", false),
            ("content sharebar", false),
            ("comments-", true),
        ];
        for &(classes, want) in cases {
            assert_eq!(ValueScan::of(classes).chrome_part, want, "{classes:?}");
            assert_eq!(
                value_scan_by_splitting(classes).chrome_part,
                want,
                "{classes:?}"
            );
        }
    }

    /// The simple version of [`style_hides`]: the style's compact lowercase copy, searched.
    fn style_hides_by_copy(style: &str) -> bool {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        HIDING_STYLES
            .iter()
            .any(|p| compact.contains(core::str::from_utf8(p).unwrap_or("?")))
    }

    #[test]
    fn finds_hiding_styles_as_they_go_by() {
        let cases: &[(&str, bool)] = &[
            ("", false),
            ("display:none", true),
            ("display: none !important", true),
            ("DISPLAY :\u{a0}NONE", true),
            ("ddisplay:none", true),
            ("display:display:none", true),
            ("display:nonE;", true),
            ("display:non e", true),
            ("display:no", false),
            ("display:block;visibility: hidden", true),
            ("visibility:visible", false),
            ("display:ńone", false),
        ];
        for &(style, want) in cases {
            assert_eq!(style_hides(style), want, "{style:?}");
            assert_eq!(style_hides_by_copy(style), want, "{style:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tag_keys_match_tag_names(name in "[a-z0-9\0-]{0,10}") {
            proptest::prop_assert_eq!(Tag::of(name.as_bytes()), tag_by_match(&name));
        }

        #[test]
        fn name_keys_match_keying_by_bytes(name in "[a\0\u{ff}]{0,10}") {
            proptest::prop_assert_eq!(name_key(name.as_bytes()), name_key_by_bytes(name.as_bytes()));
        }

        #[test]
        fn text_counts_match_counting_by_chars(
            text in "( |        |\t|\n|\x0b|\x0c|\r|\x08|\x0e|\x00|,|a|Z|é|、|，|،|\u{a0}|\u{3000}|😀|\x7f){0,40}"
        ) {
            proptest::prop_assert_eq!(text_counts(text.as_bytes()), text_counts_by_chars(&text));
        }

        #[test]
        fn hiding_styles_match_the_compact_copy(
            style in "(display|disp|lay|:|none|no|ne|visibility|hidden|d|v|D|N| |\u{a0}|\u{3000}|;|é){0,12}"
        ) {
            proptest::prop_assert_eq!(style_hides(&style), style_hides_by_copy(&style));
        }

        #[test]
        fn chrome_parts_match_splitting(
            classes in "(ad|nav|menu|share|s|é| |\t|\x0b|-|_|x|comment|rss){0,10}"
        ) {
            proptest::prop_assert_eq!(
                ValueScan::of(&classes).chrome_part,
                value_scan_by_splitting(&classes).chrome_part
            );
        }

        #[test]
        fn cached_traits_match_the_joined_value(
            values in proptest::collection::vec(
                ("(Share|side|bar|-|x| |story|hidden|Main|é){0,4}", "(side|Bar|x|-|main|é){0,3}"),
                0..8,
            )
        ) {
            // One cache over all the elements, as over a page: repeated values come from it.
            let mut cache = ClassCache::default();
            for (class, id) in &values {
                // Bits as of the two values joined, weights added (as the table test's).
                let joined = format!("{class} {id}").to_ascii_lowercase();
                let weight = ClassTraits::of(&class.to_ascii_lowercase())
                    .with(ClassTraits::of(&id.to_ascii_lowercase()))
                    .weight;
                let want = (ClassTraits::of(&joined).bits(), weight);
                proptest::prop_assert_eq!(cache.traits(class, id), want);
            }
        }

        #[test]
        fn value_scans_match_splitting(
            lower in "(story|share-|side|bar|head|er|hidden|a|é| |\t|-|_|comment|main|x|tool|vis|ually|hide|toggle|on|sr|only|ad|nav){0,12}"
        ) {
            proptest::prop_assert_eq!(ValueScan::of(&lower), value_scan_by_splitting(&lower));
        }
    }

    #[test]
    fn packs_class_traits_losslessly() {
        let cases: &[(u16, i8, bool, bool)] = &[
            (0, 0, false, false),
            (u16::MAX, -50, true, true),
            (bits::CAPTION, 25, false, true),
            (1, -1, true, false),
        ];
        for &(bits, weight, chrome, content) in cases {
            let traits = ClassTraits {
                bits,
                chrome,
                content,
                weight,
            };
            assert_eq!(ClassTraits::unpack(traits.pack()), traits);
        }
    }

    #[test]
    fn marks_data_tables() {
        let short = "<tr><td>North</td><td>Ann Lee</td><td><a href=/a>ann</a></td></tr>";
        let long = "<td>A sentence long enough to be prose in a table cell, as old layouts put \
                    whole stories into cells, and more words.</td>";
        let links = "<tr><td><a href=/1>A long link text that goes on and on and on and on and on \
                     and on until it is long</a></td><td>x</td><td>y</td></tr>";
        // (table html, whether the first table is data)
        let cases: Vec<(String, bool)> = vec![
            (format!("<table>{short}{short}</table>"), true),
            (format!("<table>{short}</table>"), false),
            (
                format!("<table>{short}{short}<tr>{long}</tr></table>"),
                false,
            ),
            (format!("<table>{links}{links}</table>"), true),
            (
                format!("<table role=presentation>{short}{short}</table>"),
                false,
            ),
            (
                format!(
                    "<table><tr><td><table>{short}{short}</table></td></tr>{short}{short}</table>"
                ),
                false,
            ),
        ];
        for (html, want) in cases {
            let snapshot = crate::html::parse_html(&html);
            let page = Page::new(&snapshot);
            let table = (0..page.len()).find(|&i| page.tag(i) == Tag::Table);
            let got = table.is_some_and(|t| page.bits(t) & bits::DATA_TABLE != 0);
            assert_eq!(got, want, "{html}");
        }
    }

    #[test]
    fn subtree_ends_and_inherited_bits_follow_the_ancestors() {
        // Pages whose nodes carry bits (nav, footer, aside, hidden) at several depths.
        let cases = [
            "<p>one</p>",
            "<nav><ul><li>a</li><li><aside>b</aside></li></ul></nav><p>two</p><footer>f</footer>",
            "<div hidden><div><p>x</p></div></div><div><nav>y</nav><p>z</p></div>",
        ];
        for html in cases {
            let snapshot = crate::html::parse_html(html);
            let page = Page::new(&snapshot);
            // The simple versions: walk each node's ancestors.
            let ancestors_or_self = |mut i: usize| {
                let mut chain = vec![i];
                while let Some(&parent) = page.parent.get(i) {
                    i = parent as usize;
                    if i >= page.len() {
                        break;
                    }
                    chain.push(i);
                }
                chain
            };
            let mut simple_end: Vec<u32> = (1..=page.len() as u32).collect();
            let mut simple_inherited = vec![0u16; page.len()];
            for (node, inherited) in simple_inherited.iter_mut().enumerate() {
                for ancestor in ancestors_or_self(node) {
                    simple_end[ancestor] = simple_end[ancestor].max(node as u32 + 1);
                    *inherited |= page.bits[ancestor];
                }
            }
            assert_eq!(page.end, simple_end, "{html}");
            assert_eq!(page.inherited(u16::MAX), simple_inherited, "{html}");
        }
    }

    /// A tree of elements only, with the subtree ends it is given, checked or not.
    struct ElementTree {
        names: Vec<&'static str>,
        parents: Vec<u32>,
        ends: Vec<u32>,
    }

    impl Tree for ElementTree {
        type Node = usize;
        fn node(&self, index: usize) -> usize {
            index
        }
        fn parents(&self) -> &[u32] {
            &self.parents
        }
        fn subtree_ends(&self) -> &[u32] {
            &self.ends
        }
        fn element_name(&self, node: usize) -> Option<&[u8]> {
            self.names.get(node).map(|name| name.as_bytes())
        }
        fn attribute(&self, _: usize, _: &str) -> Option<&str> {
            None
        }
        fn attribute_at(&self, _: usize, _: usize) -> Option<(&[u8], &str)> {
            None
        }
        fn text(&self, _: usize) -> Option<&str> {
            None
        }
    }

    #[test]
    fn reads_a_form_whose_subtree_end_is_not_past_it() {
        for form_end in [0, 1, 2] {
            let tree = ElementTree {
                names: vec!["html", "body", "form"],
                parents: vec![u32::MAX, 0, 1],
                ends: vec![3, 3, form_end],
            };
            let page = Page::new(&tree);
            assert_eq!(page.tag(2), Tag::Form);
            // An empty subtree is not most of the page: the form stays chrome.
            assert_ne!(page.bits(2) & bits::CHROME_TAG, 0, "end {form_end}");
        }
    }

    #[test]
    fn pushes_a_subtree_s_text_without_excluded_nodes() {
        let snapshot = crate::html::parse_html(
            "<div id=a>one <span>two</span><p>three <b>four</b></p></div><p>five</p>",
        );
        let page = Page::new(&snapshot);
        let find = |id: &str| (0..page.len()).find(|&i| page.attribute(i, "id") == Some(id));
        let div = find("a").expect("the div");
        // The `<b>` and its text, marked as `Page::inherited` marks a subtree.
        let four = (0..page.len()).find(|&i| page.text(i) == "four");
        let mut without_b = vec![0u16; page.len()];
        if let Some(four) = four {
            without_b[four - 1] = 1;
            without_b[four] = 1;
        }
        // (node, excluded, text): the mask decides which marks leave a node out.
        let cases: &[(usize, Excluded, &str)] = &[
            (div, Excluded::NONE, "one twothree four"),
            (div, Excluded::by(&without_b, 1), "one twothree "),
            (div, Excluded::by(&without_b, 2), "one twothree four"),
        ];
        for &(node, excluded, want) in cases {
            let mut text = String::from(">");
            page.push_text(node, excluded, &mut text);
            assert_eq!(text, format!(">{want}"), "{node} {:#x}", excluded.mask);
        }
    }

    #[test]
    fn reads_hiding_attributes() {
        type Row<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, bool);
        let cases: &[Row] = &[
            (Some(""), None, None, true),
            (None, Some("true"), None, true),
            (None, Some("false"), None, false),
            (None, None, Some("color: red; DISPLAY : none"), true),
            (None, None, Some("visibility:hidden"), true),
            (None, None, Some("display:block"), false),
            (None, None, None, false),
        ];
        for &(hidden, aria, style, want) in cases {
            assert_eq!(
                is_hidden(hidden, aria, style),
                want,
                "{hidden:?} {aria:?} {style:?}"
            );
        }
    }
}
