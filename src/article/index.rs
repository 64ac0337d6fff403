//! One pass over a [`Tree`] into flat arrays the finder can index: pre-order node numbers,
//! parents, subtree ends, a tag classification and per-element class/attribute traits.
//!
//! Everything later works on these indices (a node's subtree is the contiguous range
//! `i..end[i]`), so the generic tree is walked exactly once and never recursively.

use super::{Tree, CREDIT_ATTRIBUTES, MEDIA_METADATA_ATTRIBUTES};
use crate::text::KeyTable;

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
    fn of(name: &str) -> Tag {
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

    /// Whether the element starts a new line of text (ends the block being read).
    pub(super) fn is_block(self) -> bool {
        !matches!(self, Tag::Text | Tag::Inline | Tag::A | Tag::Img | Tag::Br)
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
}

/// The page, flattened.
pub(super) struct Page<'t, T: Tree> {
    pub tree: &'t T,
    /// The tree's node handle for each index.
    pub nodes: Vec<T::Node>,
    /// Parent index, [`NONE`] for the root.
    pub parent: Vec<u32>,
    /// One past the last index of the node's subtree.
    pub end: Vec<u32>,
    pub tag: Vec<Tag>,
    /// The node's own [`bits`].
    pub bits: Vec<u16>,
    /// Class/id weight in the manner of Readability (positive for content-like names).
    pub weight: Vec<i8>,
    /// Length in characters of each text node (0 for elements).
    pub chars: Vec<u32>,
    /// Commas in each text node.
    pub commas: Vec<u16>,
}

impl<'t, T: Tree> Page<'t, T> {
    /// Walks `tree` once, in document order, without recursion.
    pub fn new(tree: &'t T) -> Self {
        let mut page = Page {
            tree,
            nodes: Vec::new(),
            parent: Vec::new(),
            end: Vec::new(),
            tag: Vec::new(),
            bits: Vec::new(),
            weight: Vec::new(),
            chars: Vec::new(),
            commas: Vec::new(),
        };
        let mut classes = ClassCache::default();
        // The walk: visit `node`, then its first child, else its next sibling, else the next
        // sibling of the nearest ancestor that has one; `stack` holds the open ancestors' indices.
        let mut stack: Vec<u32> = Vec::new();
        let mut next = Some(tree.root());
        while let Some(node) = next {
            let index = page.nodes.len() as u32;
            page.push(node, stack.last().copied().unwrap_or(NONE), &mut classes);
            next = tree.first_child(node);
            if next.is_some() {
                stack.push(index);
                continue;
            }
            // Climb until a node has a next sibling; the root's siblings (if a tree had any)
            // are not part of the page.
            let mut current = node;
            while !stack.is_empty() {
                next = tree.next_sibling(current);
                if next.is_some() {
                    break;
                }
                current = stack.pop().map_or(current, |p| page.nodes[p as usize]);
            }
        }
        // Subtree ends, children before parents: indices are pre-order, so walking backwards
        // visits every child before its parent.
        let len = page.nodes.len();
        page.end = (1..=len as u32).collect();
        for i in (1..len).rev() {
            let parent = page.parent[i] as usize;
            if parent < len && page.end[parent] < page.end[i] {
                page.end[parent] = page.end[i];
            }
        }
        page.mark_data_tables();
        // A form that wraps most of the page is a layout container (ASP.NET wraps the whole body
        // in one), not a form.
        for i in 0..len {
            if page.tag[i] == Tag::Form && (page.end[i] as usize - i) * 2 > len {
                page.bits[i] &= !bits::CHROME_TAG;
            }
        }
        page
    }

    fn push(&mut self, node: T::Node, parent: u32, classes: &mut ClassCache) {
        let tree = self.tree;
        self.nodes.push(node);
        self.parent.push(parent);
        let Some(name) = tree.element_name(node) else {
            let text = tree.text(node).unwrap_or("");
            self.tag.push(Tag::Text);
            self.bits.push(0);
            self.weight.push(0);
            let (chars, commas) = text_counts(text);
            self.chars.push(chars);
            self.commas.push(commas);
            return;
        };
        let tag = Tag::of(name);
        let attr = |name: &str| tree.attribute(node, name);
        let mut bits = match tag {
            // Script text (JSON-LD included) is read only as metadata, never as prose.
            Tag::NonContent | Tag::Script => bits::HIDDEN,
            Tag::Chrome | Tag::Form => bits::CHROME_TAG,
            Tag::Header => bits::HEADER_TAG,
            _ => 0,
        };
        if is_hidden(attr("hidden"), attr("aria-hidden"), attr("style")) {
            bits |= bits::HIDDEN;
        }
        match attr("role").map(str::trim) {
            Some(
                "navigation" | "complementary" | "contentinfo" | "menu" | "menubar" | "alert"
                | "alertdialog" | "dialog" | "search",
            ) => bits |= bits::CHROME_TAG,
            Some("banner") => bits |= bits::HEADER_TAG,
            _ => {}
        }
        if CREDIT_ATTRIBUTES
            .iter()
            .chain(MEDIA_METADATA_ATTRIBUTES)
            .any(|&a| attr(a).is_some_and(|v| !v.trim().is_empty()))
        {
            bits |= bits::CREDIT_ATTRIBUTE;
        }
        if attr("rel").is_some_and(|r| r.contains("author")) {
            bits |= bits::BYLINE;
        }
        if let Some(itemprop) = attr("itemprop") {
            if itemprop.contains("author") {
                bits |= bits::BYLINE;
            }
            if itemprop.split_whitespace().any(|p| p == "headline") {
                bits |= bits::HEADLINE;
            }
        }
        let class = attr("class").unwrap_or("");
        let id = attr("id").unwrap_or("");
        let mut weight = 0;
        // Classes on <html> and <body> describe the page's state (`show-paywall`, `has-sidebar`),
        // not a part of it.
        let page_level = name == "html" || name == "body";
        if !page_level && (!class.is_empty() || !id.is_empty()) {
            let (class_bits, class_weight) = classes.traits(class, id);
            bits |= class_bits;
            weight = class_weight;
        }
        self.tag.push(tag);
        self.bits.push(bits);
        self.weight.push(weight);
        self.chars.push(0);
        self.commas.push(0);
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
        // Per node: the nearest enclosing table and cell (NONE outside), whether inside a link.
        let mut table_of = vec![NONE; len];
        let mut cell_of = vec![NONE; len];
        let mut in_link = vec![false; len];
        // Per table (by node index): cells, longest cell, characters, link characters, nested.
        let mut cells = vec![0u32; len];
        let mut cell_chars = vec![0u32; len];
        let mut longest_cell = vec![0u32; len];
        let mut chars = vec![0u32; len];
        let mut link_chars = vec![0u32; len];
        let mut layout = vec![false; len];
        for i in 1..len {
            let p = self.parent[i] as usize;
            if p >= len {
                continue;
            }
            let (table, cell) = match self.tag[p] {
                Tag::Table => (p as u32, NONE),
                Tag::Td if table_of[p] != NONE => (table_of[p], p as u32),
                _ => (table_of[p], cell_of[p]),
            };
            table_of[i] = table;
            cell_of[i] = cell;
            in_link[i] = in_link[p] || self.tag[i] == Tag::A;
            let Some(t) = (table != NONE).then_some(table as usize) else {
                continue;
            };
            match self.tag[i] {
                Tag::Td => cells[t] += 1,
                Tag::Table => layout[t] = true,
                Tag::Text => {
                    let text_chars = self.chars[i];
                    chars[t] = chars[t].saturating_add(text_chars);
                    if in_link[i] {
                        link_chars[t] = link_chars[t].saturating_add(text_chars);
                    }
                    if cell != NONE {
                        let c = cell as usize;
                        cell_chars[c] = cell_chars[c].saturating_add(text_chars);
                        longest_cell[t] = longest_cell[t].max(cell_chars[c]);
                    }
                }
                _ => {}
            }
        }
        for t in 0..len {
            if self.tag[t] != Tag::Table || layout[t] || cells[t] < MIN_DATA_TABLE_CELLS {
                continue;
            }
            let presentation = self
                .attribute(t, "role")
                .is_some_and(|r| r.trim().eq_ignore_ascii_case("presentation"));
            let short_cells = longest_cell[t] < MIN_PROSE_CELL_CHARS;
            let links = link_chars[t] as f32 > chars[t] as f32 * MIN_DATA_TABLE_LINK_DENSITY;
            if !presentation && (short_cells || links) {
                self.bits[t] |= bits::DATA_TABLE;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The node's parent index, if any.
    pub fn parent_of(&self, i: usize) -> Option<usize> {
        let p = self.parent[i];
        (p != NONE).then_some(p as usize)
    }

    /// Children of `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.end[i] as usize;
        let mut next = i + 1;
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let child = next;
            next = self.end[child] as usize;
            Some(child)
        })
    }

    /// The data of text node `i` ("" for elements).
    pub fn text(&self, i: usize) -> &'t str {
        self.tree.text(self.nodes[i]).unwrap_or("")
    }

    /// Attribute `name` of element `i`.
    pub fn attribute(&self, i: usize, name: &str) -> Option<&'t str> {
        self.tree.attribute(self.nodes[i], name)
    }

    /// The own bits of every node combined with those of its ancestors, keeping only `mask`.
    pub fn inherited(&self, mask: u16) -> Vec<u16> {
        let mut out: Vec<u16> = Vec::with_capacity(self.len());
        for i in 0..self.len() {
            let from_parent = self.parent_of(i).map_or(0, |p| out[p]);
            out.push(from_parent | (self.bits[i] & mask));
        }
        out
    }
}

/// Fewest cells of a data table (fewer is a small layout or fact box, read as text).
const MIN_DATA_TABLE_CELLS: u32 = 6;
/// A table cell this long (in characters) holds prose, so its table is not data.
const MIN_PROSE_CELL_CHARS: u32 = 100;
/// Share of a table's text inside links above which it is a table of links, not prose.
const MIN_DATA_TABLE_LINK_DENSITY: f32 = 0.5;

/// Characters of `text` with each run of whitespace counted once (as it renders), and commas
/// (Latin, Arabic and CJK), in one pass.
fn text_counts(text: &str) -> (u32, u16) {
    let (mut chars, mut commas) = (0u32, 0u16);
    let mut in_space = false;
    for c in text.chars() {
        let space = c.is_whitespace();
        if !(space && in_space) {
            chars = chars.saturating_add(1);
        }
        in_space = space;
        if matches!(c, ',' | '،' | '、' | '，') {
            commas = commas.saturating_add(1);
        }
    }
    (chars, commas)
}

/// Whether attributes hide an element: `hidden`, `aria-hidden="true"`, or an inline style with
/// `display:none` / `visibility:hidden`.
fn is_hidden(hidden: Option<&str>, aria_hidden: Option<&str>, style: Option<&str>) -> bool {
    if hidden.is_some() || aria_hidden.is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    let Some(style) = style else { return false };
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// Class/id words that mark page chrome (matched as whole `-`/`_`-separated parts).
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

/// Class names (whole tokens) that visually hide an element but keep it for screen readers.
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
const BREAKPOINT_WORDS: &[&str] = &[
    "from", "until", "under", "over", "above", "below", "at", "on", "for", "upto", "mobile",
    "phone", "tablet", "desktop", "small", "medium", "large", "xs", "sm", "md", "lg", "xl",
];

/// Whether the rest of a `hide-…` class after the prefix names a screen-width condition.
fn is_breakpoint_rule(rest: &str) -> bool {
    rest.split('-')
        .next()
        .is_some_and(|word| BREAKPOINT_WORDS.contains(&word))
}

/// Class/id traits by (class, id), computed once per distinct pair: pages repeat the same
/// class lists on thousands of elements, and matching them is the finder's costliest step.
#[derive(Default)]
struct ClassCache {
    /// Traits by `class` + [`KEY_SEPARATOR`] + `id`, packed by [`pack_traits`] (the shared
    /// [`KeyTable`] rather than a `HashMap` of its own, for wasm size).
    known: KeyTable,
    /// The key being looked up, reused so that a lookup allocates nothing.
    key: String,
    /// Lowercased text being matched, reused likewise.
    scratch: String,
}

/// Joins class and id in a cache key; a control character never occurs in either.
const KEY_SEPARATOR: char = '\u{1}';

impl ClassCache {
    fn traits(&mut self, class: &str, id: &str) -> (u16, i8) {
        self.key.clear();
        self.key.push_str(class);
        self.key.push(KEY_SEPARATOR);
        self.key.push_str(id);
        if let Some(packed) = self.known.get(&self.key) {
            return unpack_traits(packed);
        }
        let scratch = &mut self.scratch;
        scratch.clear();
        scratch.push_str(class);
        scratch.push(' ');
        scratch.push_str(id);
        scratch.make_ascii_lowercase();
        let bits = class_bits(scratch);
        let weight = class_weight(class, scratch) + class_weight(id, scratch);
        self.known.insert(&self.key, pack_traits(bits, weight));
        (bits, weight)
    }
}

/// Class traits (bits, weight) as one [`KeyTable`] value: the bits in the low 16 bits, the
/// weight's byte above them.
fn pack_traits(bits: u16, weight: i8) -> u64 {
    u64::from(bits) | u64::from(weight as u8) << 16
}

/// The inverse of [`pack_traits`].
fn unpack_traits(packed: u64) -> (u16, i8) {
    (packed as u16, (packed >> 16) as u8 as i8)
}

/// Traits from the lowercase "class id" string.
fn class_bits(classes: &str) -> u16 {
    let mut bits = 0;
    let tokens = || classes.split_ascii_whitespace();
    let parts = || tokens().flat_map(|t| t.split(['-', '_']));
    let hidden = |t: &str| {
        HIDDEN_CLASSES.contains(&t)
            || HIDDEN_FRAGMENTS.iter().any(|f| t.contains(f))
            || t.strip_prefix("hide-")
                .is_some_and(|rest| !is_breakpoint_rule(rest))
            || t.starts_with("toggle-")
    };
    if tokens().any(hidden) {
        bits |= bits::HIDDEN;
    }
    let chrome = parts().any(|p| CHROME_PARTS.contains(&p))
        || CHROME_FRAGMENTS.iter().any(|f| classes.contains(f));
    if chrome && !CONTENT_FRAGMENTS.iter().any(|f| classes.contains(f)) {
        bits |= bits::CHROME_CLASS;
    }
    if classes.contains("header") || classes.contains("masthead") {
        bits |= bits::HEADER_CLASS;
    }
    if classes.contains("caption") || classes.contains("credit") {
        bits |= bits::CAPTION;
    }
    if classes.contains("byline") || classes.contains("author") {
        bits |= bits::BYLINE;
    }
    bits
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

/// Readability's class weight of one attribute value: +25 for content-like names, -25 for
/// chrome-like ones. `scratch` is reused for lowercasing.
fn class_weight(value: &str, scratch: &mut String) -> i8 {
    if value.is_empty() {
        return 0;
    }
    scratch.clear();
    scratch.push_str(value);
    scratch.make_ascii_lowercase();
    let mut weight = 0;
    if NEGATIVE_FRAGMENTS.iter().any(|f| scratch.contains(f)) {
        weight -= 25;
    }
    if POSITIVE_FRAGMENTS.iter().any(|f| scratch.contains(f)) {
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
            assert_eq!(class_bits(classes), want, "{classes}");
        }
    }

    #[test]
    fn packs_class_traits_losslessly() {
        let cases: &[(u16, i8)] = &[(0, 0), (u16::MAX, -50), (bits::CAPTION, 25), (1, -1)];
        for &(bits, weight) in cases {
            assert_eq!(unpack_traits(pack_traits(bits, weight)), (bits, weight));
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
            let table = (0..page.len()).find(|&i| page.tag[i] == Tag::Table);
            let got = table.is_some_and(|t| page.bits[t] & bits::DATA_TABLE != 0);
            assert_eq!(got, want, "{html}");
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
