//! The flat DOM snapshot the content script sends to the service worker.
//!
//! # Format
//!
//! A JSON object (or the same shape through `serde-wasm-bindgen`) of parallel arrays:
//!
//! ```text
//! { "parent":     [int],    // parent index of node i; -1 for node 0 (the <html> element)
//!   "name":       [string], // lowercase local name for elements, "" for text nodes
//!   "text":       [string], // data of text nodes, "" for elements
//!   "attr_node":  [int],    // attribute i belongs to node attr_node[i]
//!   "attr_name":  [string], // lowercase attribute name
//!   "attr_value": [string],
//!   "truncated":  bool }    // optional: true when the walk stopped at its node budget
//! ```
//!
//! The content script builds it with one iterative pre-order walk of `document.documentElement`:
//!
//! - Nodes appear in document order; a node's children follow it, in order. Node indices are the
//!   handles [`crate::article::paint_ranges`] returns, so the script keeps the array of nodes it
//!   walked.
//! - Elements and text nodes only: comments, processing instructions and the doctype are omitted.
//!   Shadow roots and iframe documents are not walked.
//! - An element named in [`SKIPPED_ELEMENTS`](crate::article::SKIPPED_ELEMENTS) is recorded but
//!   its children are not, except a `<script>` whose `type` is
//!   [`JSON_LD_TYPE`](crate::article::JSON_LD_TYPE), whose text children are kept
//!   ([`snapshot_keeps_children`](crate::article::snapshot_keeps_children) is the rule).
//! - Only attributes named in [`SNAPSHOT_ATTRIBUTES`](crate::article::SNAPSHOT_ATTRIBUTES) are
//!   recorded, with their values as-is, in the order the element lists them.
//! - A text node of HTML's inter-element whitespace ([`is_inter_element_whitespace`]: the line
//!   breaks and indentation between tags) is recorded as one space. On news pages such nodes are
//!   about a fifth of the snapshot's JSON text (20.5% on the fixture pages), which the page
//!   serialises, the browser carries to the worker and the engine reads; one space keeps what the
//!   engine makes of them (a run of whitespace counts as one character, and in a block it is
//!   whitespace), and a range painted in one keeps an offset the node has.
//!
//! Reading is forgiving: arrays of different lengths are cut to the shortest, a parent index
//! that is not an earlier node makes the node a child of node 0, and attributes of unknown nodes
//! are dropped. An empty snapshot reads as a lone `<html>` element.

use super::Tree;
use crate::prelude::*;
use serde::Deserialize;

/// Whether `text` is two or more of HTML's ASCII whitespace characters (space, tab, line feed,
/// form feed, carriage return) and nothing else: a text node the snapshot records as one space
/// (see the format above). The content script's walk (extension/content.js) tests the same five
/// characters, and so does the CLI's (`html.rs`), so that both send the engine the same page.
pub fn is_inter_element_whitespace(text: &str) -> bool {
    text.len() > 1
        && text
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r'))
}

/// Marks "no node" in the link arrays.
const NONE: u32 = u32::MAX;

/// The `end` of a node whose subtree is still open while the snapshot is built: no subtree ends
/// at 0, as each holds its own node. Zero, so that the reader makes its `end` array zeroed, not
/// filled element by element.
const OPEN: u32 = 0;

/// Where one string of a [`DomSnapshot`] lies in its `strings`, as byte offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Span {
    start: u32,
    end: u32,
}

/// A page tree read from the browser's flat snapshot (see the module docs for the format).
/// Nodes are indices into the snapshot's arrays.
#[derive(Clone, Debug, Deserialize)]
#[serde(from = "RawSnapshot")]
pub struct DomSnapshot {
    /// Every name, text and attribute in one buffer instead of a `String` each (a page has tens
    /// of thousands). Read from JSON, it is the JSON text itself, where strings without escapes
    /// lie, followed by the decoded strings that had escapes.
    strings: String,
    name: Vec<Span>,
    text: Vec<Span>,
    parent: Vec<u32>,
    /// One past the last node of each node's subtree: nodes are in document order, so node i's
    /// first child is i + 1 when its subtree has more than itself, and its next sibling is
    /// where its subtree ends, when that is inside its parent's. One array where the child and
    /// sibling links were two, and the builder's last-child list a third.
    end: Vec<u32>,
    /// Node i's attributes are `attributes[attr_start[i]..attr_start[i + 1]]`, (name, value).
    attr_start: Vec<u32>,
    attributes: Vec<(Span, Span)>,
    /// The walker stopped at its node budget: the snapshot is only the page's beginning.
    truncated: bool,
}

/// The wire format, exactly as the content script sends it (the serde path).
#[derive(Deserialize)]
struct RawSnapshot {
    parent: Vec<i64>,
    name: Vec<String>,
    text: Vec<String>,
    #[serde(default)]
    attr_node: Vec<i64>,
    #[serde(default)]
    attr_name: Vec<String>,
    #[serde(default)]
    attr_value: Vec<String>,
    #[serde(default)]
    truncated: bool,
}

/// The wire format with its strings in one buffer: what [`DomSnapshot::from_json_owned`] reads,
/// and what both readers build the tree from ([`WireArrays::into_snapshot`]).
#[derive(Default)]
struct WireArrays {
    strings: String,
    parent: Vec<i64>,
    name: Vec<Span>,
    text: Vec<Span>,
    attr_node: Vec<i64>,
    attr_name: Vec<Span>,
    attr_value: Vec<Span>,
    truncated: bool,
}

impl From<RawSnapshot> for DomSnapshot {
    fn from(raw: RawSnapshot) -> DomSnapshot {
        let mut wire = WireArrays {
            parent: raw.parent,
            attr_node: raw.attr_node,
            truncated: raw.truncated,
            ..WireArrays::default()
        };
        let strings = &mut wire.strings;
        wire.name = raw.name.iter().map(|s| store(strings, s)).collect();
        wire.text = raw.text.iter().map(|s| store(strings, s)).collect();
        wire.attr_name = raw.attr_name.iter().map(|s| store(strings, s)).collect();
        wire.attr_value = raw.attr_value.iter().map(|s| store(strings, s)).collect();
        wire.into_snapshot()
    }
}

/// Appends `s` to `strings` and returns where it went.
fn store(strings: &mut String, s: &str) -> Span {
    let start = to_u32(strings.len());
    strings.push_str(s);
    Span {
        start,
        end: to_u32(strings.len()),
    }
}

impl WireArrays {
    fn into_snapshot(mut self) -> DomSnapshot {
        let mut len = self.parent.len().min(self.name.len()).min(self.text.len());
        // An empty snapshot reads as a lone `<html>` element, made here in the arrays rather
        // than by `SnapshotBuilder::finish`, whose node push would be code of its own in the
        // wasm; attributes, which belong to no node of an empty snapshot, are dropped.
        if len == 0 {
            self.parent = vec![-1];
            self.name = vec![store(&mut self.strings, "html")];
            self.text = vec![Span::default()];
            self.attr_node.clear();
            len = 1;
        }
        let mut builder = SnapshotBuilder::default();
        let s = &mut builder.snapshot;
        s.strings = self.strings;
        // The names and texts are the snapshot's as they were read: moved, not pushed again
        // node by node.
        self.name.truncate(len);
        self.text.truncate(len);
        s.name = self.name;
        s.text = self.text;
        // Each node's attributes in the order the walker listed them, by a counting sort on the
        // node: linear, and no sort routine of its own in the wasm.
        // Two passes over the attributes by index, one loop each: iterator chains over the
        // three arrays were code of their own in the wasm for each pass. The arrays are read as
        // slices cut to the same length: indexing a `Vec` is a call per use in the wasm.
        let attribute_count = self
            .attr_node
            .len()
            .min(self.attr_name.len())
            .min(self.attr_value.len());
        let attr_node = self.attr_node.get(..attribute_count).unwrap_or_default();
        let attr_name = self.attr_name.get(..attribute_count).unwrap_or_default();
        let attr_value = self.attr_value.get(..attribute_count).unwrap_or_default();
        // The node of attribute `i`, when it is one of the `len` nodes. Always inlined: as a
        // closure it was a call per attribute, twice, in the wasm.
        #[inline(always)]
        fn node_of(attr_node: &[i64], i: usize, len: usize) -> Option<usize> {
            let node = usize::try_from(attr_node[i]).ok();
            node.filter(|&node| node < len)
        }
        s.attr_start = vec![0; len + 1];
        let mut kept = 0;
        for i in 0..attribute_count {
            if let Some(count) =
                node_of(attr_node, i, len).and_then(|node| s.attr_start.get_mut(node + 1))
            {
                *count += 1;
                kept += 1;
            }
        }
        // A running sum through the entries, where indexing the vector twice per node was two
        // calls per node in the wasm.
        let mut total = 0;
        for start in &mut s.attr_start {
            total += *start;
            *start = total;
        }
        let mut next_slot: Vec<u32> = s.attr_start.clone();
        s.attributes = vec![(Span::default(), Span::default()); kept];
        for i in 0..attribute_count {
            let Some(slot) = node_of(attr_node, i, len).and_then(|node| next_slot.get_mut(node))
            else {
                continue;
            };
            if let Some(place) = s.attributes.get_mut(*slot as usize) {
                *place = (attr_name[i], attr_value[i]);
            }
            *slot += 1;
        }
        // Every node's links made at once and written in place: a push is a call per node in
        // the wasm, and growing the arrays push by push copies them several times. Made zeroed
        // (a filled array is a store per element): `link` writes every parent but the root's.
        s.parent = vec![0; len];
        if let Some(root) = s.parent.first_mut() {
            *root = NONE;
        }
        s.end = vec![OPEN; len];
        for (index, &parent) in self.parent.iter().take(len).enumerate() {
            builder.link(index, usize::try_from(parent).ok());
        }
        DomSnapshot {
            truncated: self.truncated,
            ..builder.close()
        }
    }
}

impl DomSnapshot {
    /// Reads the wire format from its JSON text. The extension sends the snapshot as one JSON
    /// string: a single string crosses into wasm, where reading a JS object would cost one JS
    /// call per array element (and pull serde's float formatting into the wasm). The arrays are
    /// read straight into the snapshot's own, with no JSON value tree between. Missing or
    /// mistyped fields read as empty arrays, like the serde path.
    pub fn from_json(text: &str) -> Result<DomSnapshot, String> {
        Self::from_json_owned(text.into())
    }

    /// [`DomSnapshot::from_json`] for a text the caller gives up (the wasm API's): it becomes
    /// the snapshot's string buffer, so that a string without escapes (most of them) is read
    /// where it lies in the JSON instead of being copied out; only those with escapes are
    /// decoded, into a second buffer that is appended to the text at the end.
    pub fn from_json_owned(mut text: String) -> Result<DomSnapshot, String> {
        use crate::json::read_object;
        // Room for the decoded strings made now, while the text is the newest block of the
        // wasm's bump arena and grows in place: appended at the end, when the snapshot's arrays
        // lie after it, they made the arena move the whole text. Decoded strings are up to about
        // half a page's JSON text (whole articles in JSON-LD, their quotes escaped); a page with
        // more has its text moved once then, as before.
        text.reserve(text.len() / 2);
        let mut wire = WireArrays::default();
        let mut decoded = Vec::new();
        // The first member of each name is the one read (a later duplicate is ignored, even when
        // the first was not an array); `truncated` holds when any member of that name is true.
        let mut seen = [false; WIRE_ARRAYS.len()];
        let read = read_object(&text, |key, value| {
            if key == "truncated" {
                wire.truncated |= value.is_true()?;
                return Ok(());
            }
            let Some(field) = WIRE_ARRAYS.iter().position(|&name| name == key) else {
                return Ok(());
            };
            if core::mem::replace(&mut seen[field], true) {
                return Ok(());
            }
            let span = |range: Option<(usize, usize)>| {
                range.map_or(Span::default(), |(start, end)| Span {
                    start: to_u32(start),
                    end: to_u32(end),
                })
            };
            // One reading loop for the strings (each closure is code of its own in the wasm).
            // String arrays have one item per parent or attribute node, which come first from
            // the content script: made at that length, their span vectors are never grown.
            let (spans, count) = match field {
                0 => return value.integers(&mut wire.parent).map(drop),
                3 => return value.integers(&mut wire.attr_node).map(drop),
                1 => (&mut wire.name, wire.parent.len()),
                2 => (&mut wire.text, wire.parent.len()),
                4 => (&mut wire.attr_name, wire.attr_node.len()),
                _ => (&mut wire.attr_value, wire.attr_node.len()),
            };
            // Made at that length and written in place (a push only past it): a push is a call
            // per string in the wasm.
            spans.resize(count, Span::default());
            let mut written = 0;
            let read = value.strings(&mut decoded, |range| {
                match spans.get_mut(written) {
                    Some(slot) => *slot = span(range),
                    None => spans.push(span(range)),
                }
                written += 1;
            });
            spans.truncate(written);
            read.map(drop)
        });
        match read {
            Ok(()) => {
                // Ranges of decoded strings count from the end of the text.
                wire.strings = text;
                // Whole characters only (see `MemberValue::strings`): valid UTF-8.
                wire.strings
                    .push_str(core::str::from_utf8(&decoded).unwrap_or_default());
                Ok(wire.into_snapshot())
            }
            // Errors are rare: the value tree says which kind this one is.
            Err(_) => Err(match crate::json::parse(&text) {
                Err(e) => {
                    let mut message = String::from("snapshot is not JSON (byte ");
                    crate::json::write::push_decimal(&mut message, e.offset as u64);
                    message + ")"
                }
                Ok(_) => "snapshot is not a JSON object".into(),
            }),
        }
    }
}

/// The array members of the wire format, in the order `from_json` numbers them.
const WIRE_ARRAYS: [&str; 6] = [
    "parent",
    "name",
    "text",
    "attr_node",
    "attr_name",
    "attr_value",
];

/// The wire format borrowed from a [`DomSnapshot`], for writing it back out.
#[cfg(not(target_arch = "wasm32"))]
#[derive(serde::Serialize)]
struct WireSnapshot<'s> {
    parent: Vec<i64>,
    name: Vec<&'s str>,
    text: Vec<&'s str>,
    attr_node: Vec<u32>,
    attr_name: Vec<&'s str>,
    attr_value: Vec<&'s str>,
    truncated: bool,
}

#[cfg(not(target_arch = "wasm32"))]
impl DomSnapshot {
    /// The snapshot in the wire format, byte for byte as the content script's `JSON.stringify`
    /// would send it for the same page: native tools use it to feed saved pages to the wasm
    /// `annotateSnapshot`.
    pub fn to_json(&self) -> String {
        let mut attr_node = Vec::with_capacity(self.attributes.len());
        for (node, bounds) in self.attr_start.windows(2).enumerate() {
            let count = bounds[1].saturating_sub(bounds[0]) as usize;
            attr_node.extend(core::iter::repeat_n(to_u32(node), count));
        }
        let wire = WireSnapshot {
            parent: self
                .parent
                .iter()
                .map(|&p| link(p).map_or(-1, |p| p as i64))
                .collect(),
            name: self.name.iter().map(|&n| self.str(n)).collect(),
            text: self.text.iter().map(|&t| self.str(t)).collect(),
            attr_node,
            attr_name: self.attributes.iter().map(|&(n, _)| self.str(n)).collect(),
            attr_value: self.attributes.iter().map(|&(_, v)| self.str(v)).collect(),
            truncated: self.truncated,
        };
        // serde_json, not the wasm's writer: that one escapes every non-ASCII character (the
        // text JS decodes stays one-byte), where `JSON.stringify` writes them as they are.
        serde_json::to_string(&wire).unwrap_or_default()
    }
}

/// Builds a [`DomSnapshot`] node by node in document order; used by the native HTML parser so
/// that it produces exactly the browser's snapshot. The nodes whose subtree is still open, whose
/// `end` is `OPEN` (0) until they leave it, are the path from the last node linked up to the root,
/// followed through the parent links (no stack of its own: a push and a pop per node were calls
/// in the wasm).
#[derive(Default)]
pub struct SnapshotBuilder {
    snapshot: DomSnapshot,
}

impl Default for DomSnapshot {
    fn default() -> DomSnapshot {
        DomSnapshot {
            strings: String::new(),
            name: Vec::new(),
            text: Vec::new(),
            parent: Vec::new(),
            end: Vec::new(),
            attr_start: vec![0],
            attributes: Vec::new(),
            truncated: false,
        }
    }
}

impl SnapshotBuilder {
    /// Appends a node as the last child of `parent` (an index returned earlier; `None` only for
    /// the first node) and returns its index. `name` is empty for a text node, `text` empty for
    /// an element. A parent that is not an earlier node is replaced by node 0.
    pub fn push(
        &mut self,
        parent: Option<usize>,
        name: String,
        text: String,
        attributes: Vec<(String, String)>,
    ) -> usize {
        self.push_node(parent, &name, &text, &attributes)
    }

    /// [`SnapshotBuilder::push`] with borrowed strings, which [`SnapshotBuilder::finish`] uses
    /// too: the wasm reads snapshots without pushing nodes, and this way carries no code to
    /// make and drop the owned ones.
    fn push_node(
        &mut self,
        parent: Option<usize>,
        name: &str,
        text: &str,
        attributes: &[(String, String)],
    ) -> usize {
        let s = &mut self.snapshot;
        let name = store(&mut s.strings, name);
        let text = store(&mut s.strings, text);
        for (attribute, value) in attributes {
            let attribute = store(&mut s.strings, attribute);
            let value = store(&mut s.strings, value);
            s.attributes.push((attribute, value));
        }
        s.attr_start.push(to_u32(s.attributes.len()));
        s.name.push(name);
        s.text.push(text);
        let index = s.parent.len();
        s.parent.push(NONE);
        s.end.push(OPEN);
        self.link(index, parent);
        index
    }

    /// Links node `index` (whose entries in the link arrays exist, its `end` [`OPEN`]; the nodes
    /// before it are linked) as the last child of `parent`, as [`SnapshotBuilder::push`] says.
    /// Always inlined: the snapshot reader links every node of the page through it.
    #[inline(always)]
    fn link(&mut self, index: usize, parent: Option<usize>) {
        let s = &mut self.snapshot;
        // In document order a node's parent is on the path from the root to the previous node:
        // an open one. A parent that is not — out of range, or an earlier node whose subtree
        // has already closed — would make index order differ from document order, which
        // painting relies on, so such a node is attached to the root instead.
        let parent = match parent {
            _ if index == 0 => return,
            Some(p) if p < index && matches!(s.end.get(p), Some(&OPEN)) => p,
            _ => 0,
        };
        // The subtrees open between the previous node and the parent end here.
        let mut top = index - 1;
        while top != parent {
            let Some(end) = s.end.get_mut(top) else {
                break;
            };
            *end = to_u32(index);
            top = s.parent.get(top).map_or(parent, |&p| p as usize);
        }
        if let Some(link) = s.parent.get_mut(index) {
            *link = to_u32(parent);
        }
    }

    /// The finished snapshot; an empty one gets a lone `<html>` element so it always has a root.
    pub fn finish(mut self) -> DomSnapshot {
        if self.snapshot.name.is_empty() {
            self.push_node(None, "html", "", &[]);
        }
        self.close()
    }

    /// The snapshot, which has a node, with the subtrees still open ended: those on the last
    /// node's path to the root end with it.
    fn close(mut self) -> DomSnapshot {
        let s = &mut self.snapshot;
        let len = to_u32(s.len());
        let mut open = s.len() - 1;
        while let Some(end) = s.end.get_mut(open) {
            *end = len;
            open = s.parent.get(open).map_or(usize::MAX, |&p| p as usize);
        }
        self.snapshot
    }
}

/// Node counts fit in `u32` (a page has far fewer than four billion nodes); saturating keeps a
/// pathological input from wrapping into a valid index.
fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

/// The node a link (`parent`) names, `None` for [`NONE`]. Native only: [`DomSnapshot::to_json`]
/// and tests read links one by one, while the finder reads the link arrays whole.
#[cfg(not(target_arch = "wasm32"))]
fn link(value: u32) -> Option<usize> {
    (value != NONE).then_some(value as usize)
}

impl DomSnapshot {
    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.name.len()
    }

    /// Whether the snapshot has no nodes (never true once built: a root always exists).
    pub fn is_empty(&self) -> bool {
        self.name.is_empty()
    }

    /// The string at `span` ("" if it were not one). Always inlined: the finder reads every
    /// text node's text and every attribute's value through it, and a call each was a
    /// measurable share of that.
    #[inline(always)]
    fn str(&self, span: Span) -> &str {
        self.strings
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// The bytes at `span` (none if it were not a string's): for names, which the finder only
    /// compares with ASCII names, cut without [`DomSnapshot::str`]'s check that both ends fall
    /// on characters (an out-of-line call per name in the wasm).
    #[inline(always)]
    fn bytes(&self, span: Span) -> &[u8] {
        self.strings
            .as_bytes()
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }

    /// Where the text of text node `node` lies; `None` for an element. An element is a node
    /// with a non-empty name span: looking at the span rather than calling `element_name`
    /// spares reading the name itself, for every text node the finder reads. Always inlined into
    /// [`Tree::text`] and [`Tree::text_bytes`], as their whole work.
    #[inline(always)]
    fn text_span(&self, node: usize) -> Option<Span> {
        let (&name, &text) = self.name.get(node).zip(self.text.get(node))?;
        (name.start == name.end).then_some(text)
    }

    /// The parent of node `node`; `None` for the root (and past the last node). For tests,
    /// which read a snapshot node by node; the finder reads [`Tree::parents`] whole.
    #[cfg(test)]
    pub(crate) fn parent(&self, node: usize) -> Option<usize> {
        self.parent.get(node).copied().and_then(link)
    }

    fn attributes_of(&self, node: usize) -> &[(Span, Span)] {
        let start = self.attr_start.get(node).map_or(0, |&s| s as usize);
        let end = self.attr_start.get(node + 1).map_or(start, |&e| e as usize);
        self.attributes.get(start..end).unwrap_or(&[])
    }
}

impl Tree for DomSnapshot {
    type Node = usize;

    fn node(&self, index: usize) -> usize {
        index
    }

    fn parents(&self) -> &[u32] {
        &self.parent
    }

    fn subtree_ends(&self) -> &[u32] {
        &self.end
    }

    fn element_name(&self, node: usize) -> Option<&[u8]> {
        // An element is a node with a non-empty name span: a text node's name is not read.
        self.name
            .get(node)
            .filter(|name| name.start != name.end)
            .map(|&name| self.bytes(name))
    }

    fn attribute(&self, node: usize, name: &str) -> Option<&str> {
        self.attributes_of(node)
            .iter()
            .find(|&&(n, _)| self.bytes(n) == name.as_bytes())
            .map(|&(_, v)| self.str(v))
    }

    fn attribute_at(&self, node: usize, index: usize) -> Option<(&[u8], &str)> {
        // One bounds check against the node's end, rather than slicing its attributes out
        // again for every index: the finder reads every attribute of every element this way.
        let end = self.attr_start.get(node + 1).copied()?;
        let at = self.attr_start.get(node)?.checked_add(to_u32(index))?;
        if at >= end {
            return None;
        }
        let &(name, value) = self.attributes.get(at as usize)?;
        Some((self.bytes(name), self.str(value)))
    }

    fn text(&self, node: usize) -> Option<&str> {
        self.text_span(node).map(|text| self.str(text))
    }

    fn text_bytes(&self, node: usize) -> Option<&[u8]> {
        self.text_span(node).map(|text| self.bytes(text))
    }

    fn truncated(&self) -> bool {
        self.truncated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inter_element_whitespace_is_two_or_more_ascii_whitespace_characters() {
        let cases: &[(&str, bool)] = &[
            ("\n  ", true),
            ("  ", true),
            ("\r\n", true),
            ("\t\x0c ", true),
            (" ", false),
            ("\n", false),
            ("", false),
            (" a ", false),
            // Not HTML's whitespace: a non-breaking space, a vertical tab, an ideographic space.
            ("\u{a0}\u{a0}", false),
            (" \u{a0}", false),
            ("\x0b\x0b", false),
            ("\u{3000}\u{3000}", false),
        ];
        for &(text, want) in cases {
            assert_eq!(is_inter_element_whitespace(text), want, "{text:?}");
        }
    }

    fn raw(
        parent: &[i64],
        name: &[&str],
        text: &[&str],
        attrs: &[(i64, &str, &str)],
    ) -> DomSnapshot {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        DomSnapshot::from(RawSnapshot {
            parent: parent.to_vec(),
            name: strings(name),
            text: strings(text),
            attr_node: attrs.iter().map(|a| a.0).collect(),
            attr_name: attrs.iter().map(|a| a.1.to_string()).collect(),
            attr_value: attrs.iter().map(|a| a.2.to_string()).collect(),
            truncated: false,
        })
    }

    /// (children of each node, parent of each node) as the tree reports them: a node's children
    /// are the node after it and, while inside its subtree, the node after each child's subtree.
    fn shape(s: &DomSnapshot) -> (Vec<Vec<usize>>, Vec<Option<usize>>) {
        let ends = s.subtree_ends();
        let children = (0..s.len())
            .map(|n| {
                let end = ends[n] as usize;
                core::iter::successors(Some(n + 1), |&c| ends.get(c).map(|&e| e as usize))
                    .take_while(|&c| c < end)
                    .collect()
            })
            .collect();
        (children, (0..s.len()).map(|n| s.parent(n)).collect())
    }

    #[test]
    fn reads_links_and_repairs_bad_input() {
        type Shape = (Vec<Vec<usize>>, Vec<Option<usize>>);
        let cases: Vec<(DomSnapshot, Shape)> = vec![
            // <html><body><p>hi</p></body></html>
            (
                raw(
                    &[-1, 0, 1, 2],
                    &["html", "body", "p", ""],
                    &["", "", "", "hi"],
                    &[],
                ),
                (
                    vec![vec![1], vec![2], vec![3], vec![]],
                    vec![None, Some(0), Some(1), Some(2)],
                ),
            ),
            // Parent indices that are not earlier nodes fall back to node 0; extra entries of
            // longer arrays are ignored.
            (
                raw(
                    &[-1, 5, 1, -7, 0],
                    &["html", "a", "b", "c"],
                    &["", "", "", "", "x"],
                    &[],
                ),
                (
                    vec![vec![1, 3], vec![2], vec![], vec![]],
                    vec![None, Some(0), Some(1), Some(0)],
                ),
            ),
            (raw(&[], &[], &[], &[]), (vec![vec![]], vec![None])),
            // Not in document order: node 4 names node 2 as parent after node 3 closed node 2's
            // subtree, so it goes to the root and index order stays document order (fuzz find).
            (
                raw(
                    &[-1, 0, 0, 0, 2],
                    &["h1", "", "table", "", ""],
                    &["", "a", "", "b", "c"],
                    &[],
                ),
                (
                    vec![vec![1, 2, 3, 4], vec![], vec![], vec![], vec![]],
                    vec![None, Some(0), Some(0), Some(0), Some(0)],
                ),
            ),
        ];
        for (snapshot, want) in cases {
            assert_eq!(shape(&snapshot), want);
        }
    }

    #[test]
    fn reads_names_texts_and_attributes() {
        let s = raw(
            &[-1, 0, 1],
            &["html", "img", ""],
            &["", "", "text"],
            &[
                (1, "alt", "A"),
                (0, "lang", "en"),
                (1, "class", "c"),
                (9, "id", "gone"),
            ],
        );
        type Row<'a> = (
            usize,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: &[Row] = &[
            // (node, name, text, alt, class)
            (0, Some("html"), None, None, None),
            (1, Some("img"), None, Some("A"), Some("c")),
            (2, None, Some("text"), None, None),
            (7, None, None, None, None),
        ];
        for &(node, name, text, alt, class) in cases {
            assert_eq!(s.element_name(node), name.map(str::as_bytes), "{node}");
            assert_eq!(s.text(node), text, "{node}");
            assert_eq!(s.attribute(node, "alt"), alt, "{node}");
            assert_eq!(s.attribute(node, "class"), class, "{node}");
        }
        assert_eq!(s.attribute(0, "lang"), Some("en"));
        // Each node's attributes by index, in the walker's order, then none (also far past the
        // end, where the index does not fit the snapshot's offsets).
        let listed: &[(usize, &[(&str, &str)])] = &[
            (0, &[("lang", "en")]),
            (1, &[("alt", "A"), ("class", "c")]),
            (2, &[]),
            (7, &[]),
        ];
        for &(node, attributes) in listed {
            let read: Vec<_> = (0..).map_while(|i| s.attribute_at(node, i)).collect();
            let names_as_bytes = attributes
                .iter()
                .map(|&(name, value)| (name.as_bytes(), value));
            assert_eq!(read, names_as_bytes.collect::<Vec<_>>(), "{node}");
            assert_eq!(s.attribute_at(node, usize::MAX), None, "{node}");
        }
    }

    #[test]
    fn json_text_reads_like_the_object_form() {
        type Shape = (Vec<Vec<usize>>, Vec<Option<usize>>);
        let cases: &[(&str, Result<Shape, ()>)] = &[
            (
                r#"{"parent":[-1,0,1],"name":["html","p",""],"text":["","","hi \u201cyo\u201d"],
                   "attr_node":[1],"attr_name":["class"],"attr_value":["lead"]}"#,
                Ok((vec![vec![1], vec![2], vec![]], vec![None, Some(0), Some(1)])),
            ),
            // Missing attribute arrays and a mistyped parent read like the serde path.
            (
                r#"{"parent":[-1,"x"],"name":["html","body"],"text":["",""]}"#,
                Ok((vec![vec![1], vec![]], vec![None, Some(0)])),
            ),
            (r#"{}"#, Ok((vec![vec![]], vec![None]))),
            (r#"[1,2]"#, Err(())),
            (r#"{"parent":[-1"#, Err(())),
        ];
        for (json, want) in cases {
            let got = DomSnapshot::from_json(json)
                .map(|s| shape(&s))
                .map_err(|_| ());
            assert_eq!(&got, want, "{json}");
        }
        let s = DomSnapshot::from_json(cases[0].0).unwrap();
        assert_eq!(s.text(2), Some("hi \u{201c}yo\u{201d}"));
        assert_eq!(s.attribute(1, "class"), Some("lead"));
    }

    #[test]
    fn reads_an_empty_snapshot_as_the_builder_s_lone_html_element() {
        let lone = SnapshotBuilder::default().finish().to_json();
        let cases = [
            r#"{}"#,
            r#"{"parent":[-1,0],"name":[],"text":[""],"attr_node":[0],"attr_name":["class"],"attr_value":["x"]}"#,
        ];
        for json in cases {
            let snapshot = DomSnapshot::from_json(json).unwrap();
            assert_eq!(snapshot.to_json(), lone, "{json}");
        }
        assert_eq!(raw(&[-1], &[], &[""], &[(0, "id", "x")]).to_json(), lone);
    }

    #[test]
    fn writes_the_wire_format_it_reads() {
        let cases: &[&str] = &[
            r#"{"parent":[-1,0,1],"name":["html","p",""],"text":["","","hi \u201cyo\u201d"],"attr_node":[0,1,1],"attr_name":["lang","class","id"],"attr_value":["en","lead","x"],"truncated":false}"#,
            r#"{"parent":[-1],"name":["html"],"text":[""],"attr_node":[],"attr_name":[],"attr_value":[],"truncated":true}"#,
        ];
        for json in cases {
            let snapshot = DomSnapshot::from_json(json).unwrap();
            let written = snapshot.to_json();
            let again = DomSnapshot::from_json(&written).unwrap();
            assert_eq!(written, again.to_json(), "{json}");
            assert_eq!(shape(&snapshot), shape(&again), "{json}");
            assert_eq!(snapshot.truncated, again.truncated, "{json}");
            assert_eq!(contents(&snapshot), contents(&again), "{json}");
        }
    }

    /// Everything a snapshot says, as strings: each node's parent, name, text and attributes,
    /// and the truncated flag.
    fn contents(s: &DomSnapshot) -> String {
        let nodes: Vec<String> = (0..s.len())
            .map(|n| {
                let attributes: Vec<(&str, &str)> = s
                    .attributes_of(n)
                    .iter()
                    .map(|&(name, value)| (s.str(name), s.str(value)))
                    .collect();
                format!(
                    "{:?} {:?} {:?} {attributes:?}",
                    s.parent(n),
                    s.element_name(n).map(String::from_utf8_lossy),
                    s.text(n)
                )
            })
            .collect();
        format!("{nodes:?} truncated={}", s.truncated)
    }

    /// The reader before `json::read_object`: the whole value tree, then the arrays taken out of
    /// it (the simple version `from_json` must agree with).
    fn from_value_tree(text: &str) -> Result<DomSnapshot, String> {
        use crate::json::{parse, Value};
        let Value::Object(mut members) =
            parse(text).map_err(|e| format!("snapshot is not JSON (byte {})", e.offset))?
        else {
            return Err("snapshot is not a JSON object".into());
        };
        let truncated = members
            .iter()
            .any(|(k, v)| k == "truncated" && matches!(v, Value::Bool(true)));
        let mut take = |key: &str| -> Vec<Value> {
            match members.iter_mut().find(|(k, _)| k == key) {
                Some((_, Value::Array(items))) => core::mem::take(items),
                _ => Vec::new(),
            }
        };
        let numbers = |items: Vec<Value>| -> Vec<i64> {
            let number = |v: Value| match v {
                Value::Number(n) => n.parse().unwrap_or(-1),
                _ => -1,
            };
            items.into_iter().map(number).collect()
        };
        let strings = |items: Vec<Value>| -> Vec<String> {
            let string = |v: Value| match v {
                Value::String(s) => s,
                _ => String::new(),
            };
            items.into_iter().map(string).collect()
        };
        Ok(DomSnapshot::from(RawSnapshot {
            parent: numbers(take("parent")),
            name: strings(take("name")),
            text: strings(take("text")),
            attr_node: numbers(take("attr_node")),
            attr_name: strings(take("attr_name")),
            attr_value: strings(take("attr_value")),
            truncated,
        }))
    }

    /// Random snapshot-like JSON: members named like the wire format's (or not), duplicated,
    /// mistyped, nested, sometimes cut short or with a byte changed.
    fn wire_like_json() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        // The wire format's members, its flag, and one it does not know.
        let keys: Vec<&str> = WIRE_ARRAYS
            .iter()
            .copied()
            .chain(["truncated", "other"])
            .collect();
        let item = prop_oneof![
            (-3i64..40).prop_map(|n| n.to_string()),
            Just("1e3".to_string()),
            Just("99999999999999999999".to_string()),
            "[a-z\\\" é]{0,6}".prop_map(|s| format!("{s:?}")),
            Just("\"\\u00e9\\n\"".to_string()),
            Just("true".to_string()),
            Just("null".to_string()),
            Just("[1,[\"x\"],{}]".to_string()),
            Just("{\"a\":[]}".to_string()),
        ];
        let value = prop_oneof![
            prop::collection::vec(item, 0..6).prop_map(|items| format!("[{}]", items.join(","))),
            Just("true".to_string()),
            Just("false".to_string()),
            Just("\"x\"".to_string()),
            Just("[1,]".to_string()),
        ];
        let members = prop::collection::vec((0..keys.len(), value), 0..8);
        (members, any::<bool>(), any::<u16>(), any::<u8>()).prop_map(
            move |(members, damage, at, byte)| {
                let members: Vec<String> = members
                    .into_iter()
                    .map(|(key, value)| format!(" \"{}\" : {value}", keys[key]))
                    .collect();
                let mut text = format!("{{{}}}", members.join(","));
                if damage {
                    let mut bytes = text.into_bytes();
                    let at = usize::from(at) % (bytes.len() + 1);
                    if byte % 2 == 0 {
                        bytes.truncate(at);
                    } else if at < bytes.len() {
                        let swaps = b"[]{}\",: 1\"x";
                        bytes[at] = swaps[usize::from(byte) % swaps.len()];
                    }
                    text = String::from_utf8_lossy(&bytes).into_owned();
                }
                text
            },
        )
    }

    proptest::proptest! {
        /// The child and sibling links read from subtree ends list each node's children as the
        /// parent links do, in index order, whatever parents the input names (repaired or not).
        #[test]
        fn links_from_subtree_ends_agree_with_parents(
            parents in proptest::collection::vec(-2i64..12, 0..12),
        ) {
            let names: Vec<&str> = parents.iter().map(|_| "div").collect();
            let texts: Vec<&str> = parents.iter().map(|_| "").collect();
            let s = raw(&parents, &names, &texts, &[]);
            let (children, parent_of) = shape(&s);
            let by_parent: Vec<Vec<usize>> = (0..s.len())
                .map(|n| (0..s.len()).filter(|&m| parent_of[m] == Some(n)).collect())
                .collect();
            proptest::prop_assert_eq!(children, by_parent);
        }

        #[test]
        fn member_reader_reads_like_the_value_tree(json in wire_like_json()) {
            let fast = DomSnapshot::from_json(&json).map(|s| contents(&s));
            let simple = from_value_tree(&json).map(|s| contents(&s));
            proptest::prop_assert_eq!(fast, simple);
        }
    }

    #[test]
    fn json_text_carries_the_walkers_truncated_flag() {
        let cases: &[(&str, bool)] = &[
            (
                r#"{"parent":[-1],"name":["html"],"text":[""],"truncated":true}"#,
                true,
            ),
            (
                r#"{"parent":[-1],"name":["html"],"text":[""],"truncated":false}"#,
                false,
            ),
            (
                r#"{"parent":[-1],"name":["html"],"text":[""],"truncated":"yes"}"#,
                false,
            ),
            (r#"{"parent":[-1],"name":["html"],"text":[""]}"#, false),
        ];
        for &(json, want) in cases {
            let snapshot = DomSnapshot::from_json(json).unwrap();
            assert_eq!(snapshot.truncated(), want, "{json}");
        }
    }
}
