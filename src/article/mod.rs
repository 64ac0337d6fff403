//! Finding the article in a page: which text is the story, in reading order, as [`Block`]s, and
//! where each block's text lives in the page so that report spans can be painted back.
//!
//! The finder works over a small [`Tree`] trait. In the browser the tree is a
//! [`snapshot::DomSnapshot`] that the content script builds with one walk of the DOM (the format
//! is specified on that type); natively, `crate::html` parses saved HTML into the same snapshot, so
//! the CLI and tests see exactly what the extension sees.
//!
//! [`find_article`] scores paragraphs in the manner of Mozilla Readability, picks the best
//! container and its sibling blocks, and collects headline, paragraphs, headings, captions, image
//! text, bylines and JSON-LD image credits. [`paint_ranges`] maps report spans back to text
//! nodes.

mod collect;
mod index;
mod jsonld;
mod paint;
mod score;
pub mod snapshot;

use crate::prelude::*;
use crate::text::Block;

pub use paint::{paint_range, paint_ranges, DomRange};

/// Elements whose content (children) the snapshot leaves out; the element itself is kept so
/// that its attributes (an `<img>`-like `alt`, a `<script>` type) still count. These hold code,
/// styling, embedded documents or form controls, never article prose, and skipping them keeps
/// the snapshot small (inline CSS and scripts are most of a large page's bytes).
///
/// One exception: a `<script>` whose `type` attribute is [`JSON_LD_TYPE`] keeps its text, since
/// JSON-LD carries image credits (see [`snapshot_keeps_children`]).
pub const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "select", "textarea", "button",
];

/// The attributes the snapshot keeps (every other attribute is dropped): what the finder reads to
/// classify elements (`class`, `id`, `role`, `itemprop`, `rel`), to tell hidden elements
/// (`hidden`, `aria-hidden`, `style`), to read image text (`alt`, `title`) and image credits
/// ([`CREDIT_ATTRIBUTES`], [`MEDIA_METADATA_ATTRIBUTES`]), to find JSON-LD (`type`) and to read `<meta>` titles (`property`,
/// `name`, `content`).
pub const SNAPSHOT_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "role",
    "itemprop",
    "rel",
    "hidden",
    "aria-hidden",
    "style",
    "alt",
    "title",
    "type",
    "property",
    "name",
    "content",
    "data-credit",
    "data-photo-credit",
    "data-mediaviewer-credit",
    "data-media-meta",
];

/// Attributes in which content management systems keep a photo's credit line on the image, its
/// figure or a gallery slide (often the only place a gallery's credits exist in the page). Their
/// whole value is the credit, as in a JSON-LD `creditText`.
pub const CREDIT_ATTRIBUTES: &[&str] = &[
    "data-credit",
    "data-photo-credit",
    "data-mediaviewer-credit",
];

/// Attributes in which media players keep a description of their media item as a JSON object
/// (poster image, caption, `copyrightHolder`): the credit fields inside are the poster image's
/// credit, often its only one in the page.
pub const MEDIA_METADATA_ATTRIBUTES: &[&str] = &["data-media-meta"];

/// The `type` of a `<script>` whose text the snapshot keeps.
pub const JSON_LD_TYPE: &str = "application/ld+json";

/// Whether the snapshot walker descends into an element named `name` (lowercase) whose `type`
/// attribute is `type_attribute`: yes unless it is in [`SKIPPED_ELEMENTS`], except a JSON-LD
/// script (type compared trimmed and case-insensitively).
pub fn snapshot_keeps_children(name: &str, type_attribute: Option<&str>) -> bool {
    if !SKIPPED_ELEMENTS.contains(&name) {
        return true;
    }
    name == "script" && type_attribute.is_some_and(|t| t.trim().eq_ignore_ascii_case(JSON_LD_TYPE))
}

/// A read-only page tree: elements and text nodes, numbered in document order (node 0 is the
/// root, `<html>`; a node's descendants follow it). Comments, doctypes and processing
/// instructions are not part of it. Its shape is two arrays, [`Tree::parents`] and
/// [`Tree::subtree_ends`], that the finder reads as they are: the snapshot keeps both, so
/// walking it node by node to find them again cost a pass over the page.
///
/// The finder trusts the shape it is given and does not check it again: a tree whose arrays
/// break the rules below (a subtree ending at or before its node, say) may make
/// [`crate::annotate`] panic or never return. [`snapshot::DomSnapshot`], the one implementation,
/// builds them so that they hold.
pub trait Tree {
    /// A handle to one node.
    type Node: Copy + Eq;
    /// The handle of node number `index`, for `index` below the number of nodes (the length of
    /// [`Tree::parents`] and [`Tree::subtree_ends`]).
    fn node(&self, index: usize) -> Self::Node;
    /// Each node's parent by number, [`u32::MAX`] for the root: a parent's number is below its
    /// children's, and node 0 is the one root.
    fn parents(&self) -> &[u32];
    /// One past the number of the last node of each node's subtree (node `i`'s subtree is nodes
    /// `i..subtree_ends()[i]`, the root's all of them), as long as [`Tree::parents`].
    fn subtree_ends(&self) -> &[u32];
    /// The lowercase local name of an element; `None` for a text node. As bytes, like
    /// [`Tree::attribute_at`]'s names: the finder only compares it with ASCII names.
    fn element_name(&self, node: Self::Node) -> Option<&[u8]>;
    /// The value of attribute `name` (lowercase) of an element.
    fn attribute(&self, node: Self::Node, name: &str) -> Option<&str>;
    /// Attribute number `index` of an element, as (lowercase name, value), in the element's
    /// order; `None` past the last. Lets the finder read every attribute it classifies an
    /// element by in one pass over them, rather than one search per name. The name comes as
    /// bytes: the finder only compares it with ASCII names, and a byte slice is cut without a
    /// `str` slice's check that both ends fall on characters (an out-of-line call in the wasm).
    fn attribute_at(&self, node: Self::Node, index: usize) -> Option<(&[u8], &str)>;
    /// The data of a text node; `None` for an element.
    fn text(&self, node: Self::Node) -> Option<&str>;
    /// [`Tree::text`]'s bytes, for the finder's count of every text node's characters, which
    /// reads bytes and decodes only characters beyond ASCII: cutting a `str` checks that both
    /// ends fall on characters (an out-of-line call per node in the wasm).
    fn text_bytes(&self, node: Self::Node) -> Option<&[u8]> {
        self.text(node).map(str::as_bytes)
    }
    /// Whether the tree is only the beginning of the page: the content script's walk stopped at
    /// its node budget. [`crate::annotate`] then marks the report truncated.
    fn truncated(&self) -> bool {
        false
    }
}

/// Where a stretch of a block's text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece<N> {
    /// The text node whose whole data is this stretch, or `None` for a separator the finder
    /// inserted (a `"\n"` for `<br>`, a `" "` between blocks joined into one).
    pub node: Option<N>,
    /// UTF-16 offset of the stretch within the block's text.
    pub start: usize,
    /// Length of the stretch in UTF-16 code units.
    pub len: usize,
}

/// The article as the analysis sees it, with the way back to the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article<N> {
    /// The article's blocks in reading order; image credits from attributes and image texts
    /// from JSON-LD, which have no place in the text, come last.
    pub blocks: Vec<Block>,
    /// For each block (same index), the pieces its text is made of, in order, covering the text
    /// exactly. Empty for blocks that come from attributes or metadata (not paintable).
    pub pieces: Vec<Vec<Piece<N>>>,
}

/// Finds the article in `tree`. Linear in the size of the tree; never recurses.
pub fn find_article<T: Tree>(tree: &T) -> Article<T::Node> {
    let page = index::Page::new(tree);
    collect::article(&page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_keeps_every_attribute_the_finder_reads() {
        for name in CREDIT_ATTRIBUTES.iter().chain(MEDIA_METADATA_ATTRIBUTES) {
            assert!(SNAPSHOT_ATTRIBUTES.contains(name), "{name}");
        }
    }
}
