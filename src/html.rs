//! Native HTML parsing for the CLI and tests: bytes to text ([`decode_html`]), text to the same
//! [`DomSnapshot`] the browser's content script builds ([`parse_html`]).
//!
//! html5ever builds the tree into a small index arena (its `TreeSink`); the arena is then walked
//! once, iteratively, applying the snapshot rules ([`snapshot_keeps_children`],
//! [`SNAPSHOT_ATTRIBUTES`]), so the finder sees exactly what it would see in the browser.
//!
//! Between html5ever's tokenizer and its tree builder sits `NestingLimit`, which keeps the
//! parse linear on hostile pages by bounding how many elements the tree builder holds open (see
//! `MAX_HELD_ELEMENTS`).

use crate::article::snapshot::{is_inter_element_whitespace, DomSnapshot, SnapshotBuilder};
use crate::article::{snapshot_keeps_children, SNAPSHOT_ATTRIBUTES};
use encoding_rs::{Encoding, UTF_8};
use html5ever::interface::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::interface::ElemName;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{Tracer, TreeBuilder, TreeBuilderOpts};
use html5ever::{local_name, ns, Attribute, LocalName, Namespace, QualName, TokenizerResult};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;

/// How many leading bytes are searched for a `<meta>` charset declaration (as browsers do).
const CHARSET_PRESCAN_BYTES: usize = 1024;

/// Decodes a saved page: a byte-order mark wins, then a `<meta charset>` or `http-equiv`
/// content-type declaration in the first 1024 bytes, else UTF-8. Invalid sequences become
/// U+FFFD.
pub fn decode_html(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let declared = declared_charset(&bytes[..bytes.len().min(CHARSET_PRESCAN_BYTES)])
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        // A page that declares UTF-16 in ASCII-compatible bytes is not UTF-16 (HTML spec).
        .map(Encoding::output_encoding)
        .unwrap_or(UTF_8);
    declared.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset label of the first `<meta>` in `head` that declares one (`charset=…` covers both
/// `<meta charset="…">` and `content="text/html; charset=…"`).
fn declared_charset(head: &[u8]) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at..];
        let tag = &tag[..find(tag, b">").unwrap_or(tag.len())];
        if let Some(c) = find(tag, b"charset") {
            let value = tag[c + b"charset".len()..].trim_ascii_start();
            if let Some(value) = value.strip_prefix(b"=") {
                let value = value.trim_ascii_start();
                let value = value
                    .strip_prefix(b"\"")
                    .or_else(|| value.strip_prefix(b"'"))
                    .unwrap_or(value);
                let end = value
                    .iter()
                    .position(|b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(value.len());
                let label = String::from_utf8_lossy(&value[..end]).into_owned();
                if !label.is_empty() {
                    return Some(label);
                }
            }
        }
        rest = &rest[at + b"<meta".len()..];
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses an HTML document into the browser's snapshot form. Linear in the page's length,
/// however deeply it nests (see `NestingLimit`).
pub fn parse_html(html: &str) -> DomSnapshot {
    snapshot(&parse_arena(html).nodes.into_inner())
}

/// Runs html5ever over `html` (what `html5ever::parse_document` does, with [`NestingLimit`]
/// between tokenizer and tree builder) and returns the filled sink.
fn parse_arena(html: &str) -> Sink {
    let sink = Sink {
        nodes: RefCell::new(vec![Node::new(Data::Document)]),
        no_name: QualName::new(None, ns!(), local_name!("")),
        #[cfg(test)]
        lookups: Cell::new(0),
    };
    let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
    let tokenizer = Tokenizer::new(NestingLimit::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The tokenizer pauses for a script to run or a `<meta charset>` to act on: neither applies
    // (no scripts here; `decode_html` already chose the encoding), so it just goes on.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.builder.sink
}

/// How many elements html5ever's tree builder may hold (its stack of open elements plus its list
/// of active formatting elements) before further start tags are left out.
///
/// Why a limit: the tree builder, following the HTML specification, scans the stack of open
/// elements for most start tags ("if the stack has a p element in button scope"), so a page
/// nested n deep costs n² steps: 20,000 nested `<div>`s took 3 s to parse, 80,000 would take 50.
/// Held to a constant, every token costs at most a constant and the parse is linear. Chromium's
/// parser stops nesting at 512 as well (`kMaximumHTMLParserDOMTreeDepth`); the most any of the
/// 45 corpus pages holds at once is 53 (aljazeera-1), most hold 20 to 30.
const MAX_HELD_ELEMENTS: usize = 512;

/// How many formatting elements (`<b>`, `<a>`, `<font>`…) the tree builder may hold before
/// further ones are left out. Each block the tree builder opens re-creates every formatting
/// element still active but closed ("reconstruct the active formatting elements"), so
/// `<p><b id=1></p><p><b id=2></p>…` followed by n paragraphs would create n × (number of
/// `<b>`s) elements: quadratic time and memory. No corpus page holds more than 2 (one open
/// link, counted once on the stack and once in the list).
const MAX_HELD_FORMATTING: usize = 32;

/// Elements whose content the tokenizer reads as raw text once the tree builder has seen the
/// start tag (the tree builder switches the tokenizer's state). They hold no elements, so they
/// cannot nest in HTML content and are always let through: left out, their text would be
/// tokenized as markup.
const RAW_TEXT_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements that never hold children, so they never deepen the tree: always let through.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// The formatting elements of the HTML specification (the ones it re-creates).
const FORMATTING_ELEMENTS: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// A token filter between html5ever's tokenizer and tree builder that keeps the tree builder's
/// held elements within [`MAX_HELD_ELEMENTS`] and [`MAX_HELD_FORMATTING`], without losing text:
///
/// - A start tag over the limit is left out, and so is the next end tag of the same name; its
///   text and children are parsed as usual, into the element that was current.
/// - Except an element the snapshot skips anyway ([`snapshot_keeps_children`]: `<svg>`,
///   `<video>`, `<template>`…): over the limit, it is left out with everything up to its end
///   tag, so its content stays out of the article as it would in the browser.
/// - Void and raw-text elements in HTML content, and self-closed SVG and MathML elements, are
///   always let through (they cannot nest).
///
/// Below the limits (every real page) it lets every token through unchanged.
struct NestingLimit {
    builder: TreeBuilder<usize, Sink>,
    /// How many start tags of each name were left out whose end tags have not come yet.
    left_out: RefCell<HashMap<LocalName, usize>>,
    /// The skipped element being passed over (name, how many of that name are open in it).
    skipping: RefCell<Option<(LocalName, usize)>>,
}

/// Counts the elements a tree builder holds, for [`NestingLimit`].
struct HeldCounter<'a> {
    nodes: Ref<'a, Vec<Node>>,
    held: Cell<usize>,
    formatting: Cell<usize>,
}

impl Tracer for HeldCounter<'_> {
    type Handle = usize;

    fn trace_handle(&self, node: &usize) {
        self.held.set(self.held.get() + 1);
        if let Some(Data::Element { name, .. }) = self.nodes.get(*node).map(|n| &n.data) {
            if name.ns == ns!(html) && FORMATTING_ELEMENTS.contains(&&*name.local) {
                self.formatting.set(self.formatting.get() + 1);
            }
        }
    }
}

impl NestingLimit {
    fn new(builder: TreeBuilder<usize, Sink>) -> NestingLimit {
        NestingLimit {
            builder,
            left_out: RefCell::new(HashMap::new()),
            skipping: RefCell::new(None),
        }
    }

    /// Whether a start tag named `name` would go over a limit. Counting walks what the tree
    /// builder holds, at most about [`MAX_HELD_ELEMENTS`], which the tree builder's own scope
    /// scans for the same tag walk anyway.
    fn over_limit(&self, name: &str) -> bool {
        let counter = HeldCounter {
            nodes: self.builder.sink.nodes.borrow(),
            held: Cell::new(0),
            formatting: Cell::new(0),
        };
        self.builder.trace_handles(&counter);
        // The counting is scanning work too: tests hold it linear along with html5ever's own.
        #[cfg(test)]
        self.builder
            .sink
            .lookups
            .set(self.builder.sink.lookups.get() + counter.held.get() as u64);
        counter.held.get() >= MAX_HELD_ELEMENTS
            || (FORMATTING_ELEMENTS.contains(&name)
                && counter.formatting.get() >= MAX_HELD_FORMATTING)
    }

    /// Whether `token` passes to the tree builder; updates what is being left out.
    fn lets_through(&self, token: &Token) -> bool {
        let mut skipping = self.skipping.borrow_mut();
        if let Some((name, open)) = skipping.as_mut() {
            match token {
                Token::TagToken(tag) if tag.name == *name => match tag.kind {
                    TagKind::StartTag if !tag.self_closing => *open += 1,
                    TagKind::StartTag => {}
                    TagKind::EndTag => {
                        *open -= 1;
                        if *open == 0 {
                            *skipping = None;
                        }
                    }
                },
                // The end of the page ends every element.
                Token::EOFToken => return true,
                _ => {}
            }
            return false;
        }
        let Token::TagToken(tag) = token else {
            return true;
        };
        if tag.kind == TagKind::EndTag {
            let mut left_out = self.left_out.borrow_mut();
            return match left_out.get_mut(&tag.name) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            };
        }
        let name = &*tag.name;
        let html_content = !self
            .builder
            .adjusted_current_node_present_but_not_in_html_namespace();
        // `<div/>` opens a div in HTML: only foreign elements (SVG, MathML) close themselves.
        let cannot_nest = if html_content {
            VOID_ELEMENTS.contains(&name) || RAW_TEXT_ELEMENTS.contains(&name)
        } else {
            tag.self_closing
        };
        if cannot_nest || !self.over_limit(name) {
            return true;
        }
        if snapshot_keeps_children(name, None) {
            *self
                .left_out
                .borrow_mut()
                .entry(tag.name.clone())
                .or_insert(0) += 1;
        } else {
            *skipping = Some((tag.name.clone(), 1));
        }
        false
    }
}

impl TokenSink for NestingLimit {
    type Handle = usize;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<usize> {
        if self.lets_through(&token) {
            self.builder.process_token(token, line_number)
        } else {
            TokenSinkResult::Continue
        }
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// [`decode_html`] then [`parse_html`].
pub fn parse_html_bytes(bytes: &[u8]) -> DomSnapshot {
    parse_html(&decode_html(bytes))
}

/// The arena's node 0 is the document.
const DOCUMENT: usize = 0;

struct Node {
    parent: Option<usize>,
    previous_sibling: Option<usize>,
    next_sibling: Option<usize>,
    first_child: Option<usize>,
    last_child: Option<usize>,
    data: Data,
}

enum Data {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
        template_contents: Option<usize>,
    },
    Text(StrTendril),
    /// Comments, processing instructions, doctypes: not part of the snapshot.
    Other,
}

impl Node {
    fn new(data: Data) -> Node {
        Node {
            parent: None,
            previous_sibling: None,
            next_sibling: None,
            first_child: None,
            last_child: None,
            data,
        }
    }
}

/// The tree html5ever builds: nodes in a vector, linked by index.
struct Sink {
    nodes: RefCell<Vec<Node>>,
    /// The name given for nodes that are not elements.
    no_name: QualName,
    /// How many times the tree builder looked at an element (its name, or whether two are the
    /// same node): the measure of its scanning work, which tests hold linear.
    #[cfg(test)]
    lookups: Cell<u64>,
}

/// An element's name, borrowed from the arena. html5ever asks for names all the time (its
/// scope checks walk the stack of open elements), so a lookup must not clone the name.
#[derive(Debug)]
enum NameRef<'a> {
    Element(Ref<'a, QualName>),
    /// Any other node: html5ever never asks for it, and it answers with an empty name.
    Other(&'a QualName),
}

impl NameRef<'_> {
    fn name(&self) -> &QualName {
        match self {
            NameRef::Element(name) => name,
            NameRef::Other(name) => name,
        }
    }
}

impl ElemName for NameRef<'_> {
    fn ns(&self) -> &Namespace {
        &self.name().ns
    }

    fn local_name(&self) -> &LocalName {
        &self.name().local
    }
}

impl Sink {
    fn new_node(&self, data: Data) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(data));
        nodes.len() - 1
    }

    fn detach(nodes: &mut [Node], node: usize) {
        let (parent, previous, next) = {
            let n = &mut nodes[node];
            (
                n.parent.take(),
                n.previous_sibling.take(),
                n.next_sibling.take(),
            )
        };
        match next {
            Some(next) => nodes[next].previous_sibling = previous,
            None => {
                if let Some(parent) = parent {
                    nodes[parent].last_child = previous;
                }
            }
        }
        match previous {
            Some(previous) => nodes[previous].next_sibling = next,
            None => {
                if let Some(parent) = parent {
                    nodes[parent].first_child = next;
                }
            }
        }
    }

    fn append_child(nodes: &mut [Node], parent: usize, child: usize) {
        Sink::detach(nodes, child);
        nodes[child].parent = Some(parent);
        match nodes[parent].last_child {
            Some(last) => {
                nodes[last].next_sibling = Some(child);
                nodes[child].previous_sibling = Some(last);
            }
            None => nodes[parent].first_child = Some(child),
        }
        nodes[parent].last_child = Some(child);
    }

    fn insert_before(nodes: &mut [Node], sibling: usize, child: usize) {
        Sink::detach(nodes, child);
        let parent = nodes[sibling].parent;
        let previous = nodes[sibling].previous_sibling;
        nodes[child].parent = parent;
        nodes[child].next_sibling = Some(sibling);
        nodes[child].previous_sibling = previous;
        nodes[sibling].previous_sibling = Some(child);
        match previous {
            Some(previous) => nodes[previous].next_sibling = Some(child),
            None => {
                if let Some(parent) = parent {
                    nodes[parent].first_child = Some(child);
                }
            }
        }
    }

    /// Inserts `child` where `place` says, merging text into an adjacent text node as the DOM
    /// does. `neighbour` is the node text would merge with.
    fn insert(
        &self,
        child: NodeOrText<usize>,
        neighbour: Option<usize>,
        place: impl FnOnce(&mut [Node], usize),
    ) {
        let node = match child {
            NodeOrText::AppendText(text) => {
                let mut nodes = self.nodes.borrow_mut();
                if let Some(Data::Text(existing)) = neighbour.map(|n| &mut nodes[n].data) {
                    existing.push_tendril(&text);
                    return;
                }
                drop(nodes);
                self.new_node(Data::Text(text))
            }
            NodeOrText::AppendNode(node) => node,
        };
        place(&mut self.nodes.borrow_mut(), node);
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Vec<Node>;
    type ElemName<'a> = NameRef<'a>;

    fn finish(self) -> Vec<Node> {
        self.nodes.into_inner()
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> NameRef<'a> {
        #[cfg(test)]
        self.lookups.set(self.lookups.get() + 1);
        let name = Ref::filter_map(self.nodes.borrow(), |nodes| match &nodes[*target].data {
            Data::Element { name, .. } => Some(name),
            _ => None,
        });
        match name {
            Ok(name) => NameRef::Element(name),
            Err(_) => NameRef::Other(&self.no_name),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> usize {
        let template_contents = flags.template.then(|| self.new_node(Data::Document));
        self.new_node(Data::Element {
            name,
            attrs,
            template_contents,
        })
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.new_node(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.new_node(Data::Other)
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        let last = self.nodes.borrow()[*parent].last_child;
        self.insert(child, last, |nodes, node| {
            Sink::append_child(nodes, *parent, node)
        });
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        previous: &usize,
        child: NodeOrText<usize>,
    ) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(previous, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public: StrTendril,
        _system: StrTendril,
    ) {
    }

    fn get_template_contents(&self, target: &usize) -> usize {
        match self.nodes.borrow()[*target].data {
            Data::Element {
                template_contents: Some(contents),
                ..
            } => contents,
            // html5ever asks only for templates; any other element answers with itself.
            _ => *target,
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        #[cfg(test)]
        self.lookups.set(self.lookups.get() + 1);
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, child: NodeOrText<usize>) {
        let previous = self.nodes.borrow()[*sibling].previous_sibling;
        self.insert(child, previous, |nodes, node| {
            Sink::insert_before(nodes, *sibling, node)
        });
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let Data::Element {
            attrs: existing, ..
        } = &mut self.nodes.borrow_mut()[*target].data
        {
            for attr in attrs {
                if !existing.iter().any(|e| e.name == attr.name) {
                    existing.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        Sink::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[*node].first_child;
        while let Some(c) = child {
            child = nodes[c].next_sibling;
            Sink::append_child(&mut nodes, *new_parent, c);
        }
    }
}

/// Walks the parsed tree from `<html>` in document order (explicit stack) into a snapshot.
fn snapshot(nodes: &[Node]) -> DomSnapshot {
    let mut builder = SnapshotBuilder::default();
    let children =
        |n: usize| std::iter::successors(nodes[n].first_child, |&c| nodes[c].next_sibling);
    let html = children(DOCUMENT).find(|&c| matches!(nodes[c].data, Data::Element { .. }));
    // (arena node, snapshot index of its parent)
    let mut stack: Vec<(usize, Option<usize>)> = html.map(|h| (h, None)).into_iter().collect();
    let mut reversed = Vec::new();
    while let Some((node, parent)) = stack.pop() {
        match &nodes[node].data {
            Data::Text(text) => {
                // As the content script records it (see the snapshot format).
                let text: &str = text;
                let text = if is_inter_element_whitespace(text) {
                    " "
                } else {
                    text
                };
                builder.push(parent, String::new(), text.to_string(), Vec::new());
            }
            Data::Element { name, attrs, .. } => {
                let value = |wanted: &str| {
                    attrs
                        .iter()
                        .find(|a| a.name.ns == ns!() && &*a.name.local == wanted)
                        .map(|a| a.value.to_string())
                };
                let kept = SNAPSHOT_ATTRIBUTES
                    .iter()
                    .filter_map(|&wanted| Some((wanted.to_string(), value(wanted)?)))
                    .collect();
                let local = name.local.to_ascii_lowercase().to_string();
                let descend = snapshot_keeps_children(&local, value("type").as_deref());
                let index = builder.push(parent, local, String::new(), kept);
                if descend {
                    reversed.clear();
                    reversed.extend(children(node));
                    stack.extend(reversed.iter().rev().map(|&c| (c, Some(index))));
                }
            }
            Data::Document | Data::Other => {}
        }
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Tree;

    #[test]
    fn decodes_by_bom_meta_or_utf8() {
        let cases: &[(&[u8], &str)] = &[
            (b"\xEF\xBB\xBFcaf\xC3\xA9", "café"),
            (b"\xFF\xFEc\x00a\x00f\x00\xE9\x00", "café"),
            (b"<meta charset=\"iso-8859-1\"><p>caf\xE9", "<meta charset=\"iso-8859-1\"><p>café"),
            (
                b"<META http-equiv=Content-Type content='text/html; charset=windows-1252'>\x93q\x94",
                "<META http-equiv=Content-Type content='text/html; charset=windows-1252'>“q”",
            ),
            (b"<meta charset=utf-16><p>\xC3\xA9", "<meta charset=utf-16><p>é"),
            (b"<p>caf\xC3\xA9 \xFF", "<p>café \u{FFFD}"),
            (b"<meta charset=bogus><p>x", "<meta charset=bogus><p>x"),
        ];
        for &(bytes, want) in cases {
            assert_eq!(decode_html(bytes), want, "{bytes:?}");
        }
    }

    /// The snapshot as (name or "#text", text, attributes) in document order, with parents.
    fn dump(s: &DomSnapshot) -> Vec<String> {
        (0..s.len())
            .map(|n| {
                let parent = s.parent(n).map_or("-".to_string(), |p| p.to_string());
                match s.element_name(n) {
                    Some(name) => {
                        let attrs: Vec<String> = SNAPSHOT_ATTRIBUTES
                            .iter()
                            .filter_map(|a| Some(format!("{a}={}", s.attribute(n, a)?)))
                            .collect();
                        let name = String::from_utf8_lossy(name);
                        format!("{parent}:{name}[{}]", attrs.join(","))
                    }
                    None => format!("{parent}:{:?}", s.text(n).unwrap_or("")),
                }
            })
            .collect()
    }

    #[test]
    fn snapshots_like_the_browser_walker() {
        let cases: &[(&str, &[&str])] = &[
            (
                "<!doctype html><title>T</title><p class=x data-y=1>a &amp; <!-- c --><b>b</b></p>",
                &["-:html[]", "0:head[]", "1:title[]", "2:\"T\"", "0:body[]", "4:p[class=x]", "5:\"a & \"", "5:b[]", "7:\"b\""],
            ),
            (
                "<body><script>x=1</script><script type=' Application/LD+JSON '>{}</script><style>p{}</style><svg><text>s</text></svg>",
                &[
                    "-:html[]",
                    "0:head[]",
                    "0:body[]",
                    "2:script[]",
                    "2:script[type= Application/LD+JSON ]",
                    "4:\"{}\"",
                    "2:style[]",
                    "2:svg[]",
                ],
            ),
            (
                "<table><tr><td>cell</td></tr>stray</table>",
                &["-:html[]", "0:head[]", "0:body[]", "2:\"stray\"", "2:table[]", "4:tbody[]", "5:tr[]", "6:td[]", "7:\"cell\""],
            ),
            ("<template><p>t</p></template><p hidden>h", &["-:html[]", "0:head[]", "1:template[]", "0:body[]", "3:p[hidden=]", "4:\"h\""]),
            // Inter-element whitespace as one space; one whitespace character, and non-breaking
            // spaces, as they are (content.test.mjs walks the same page). `dump` escapes.
            (
                "<body><div>\n  <p>a</p>\n\t<p>b</p> <p>\u{a0}\u{a0}</p>\r\n</div>",
                &[
                    "-:html[]",
                    "0:head[]",
                    "0:body[]",
                    "2:div[]",
                    "3:\" \"",
                    "3:p[]",
                    "5:\"a\"",
                    "3:\" \"",
                    "3:p[]",
                    "8:\"b\"",
                    "3:\" \"",
                    "3:p[]",
                    "11:\"\\u{a0}\\u{a0}\"",
                    // The parser reads CR LF as one line feed, left as it is.
                    "3:\"\\n\"",
                ],
            ),
        ];
        for &(html, want) in cases {
            assert_eq!(dump(&parse_html(html)), want, "{html}");
        }
    }

    /// The snapshot of `html` parsed by html5ever's own driver, without [`NestingLimit`].
    fn parse_unlimited(html: &str) -> DomSnapshot {
        use html5ever::tendril::TendrilSink;
        let sink = Sink {
            nodes: RefCell::new(vec![Node::new(Data::Document)]),
            no_name: QualName::new(None, ns!(), local_name!("")),
            lookups: Cell::new(0),
        };
        snapshot(&html5ever::parse_document(sink, Default::default()).one(html))
    }

    #[test]
    fn nesting_limit_changes_nothing_on_real_pages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let pages = std::fs::read_dir(root.join("pages"))
            .unwrap()
            .map(|entry| entry.unwrap().path().join("source.html"))
            .chain([root.join("seed-article/source.html")])
            .filter(|page| page.exists());
        let mut checked = 0;
        for page in pages {
            let html = decode_html(&std::fs::read(&page).unwrap());
            assert!(
                dump(&parse_html(&html)) == dump(&parse_unlimited(&html)),
                "{}",
                page.display()
            );
            checked += 1;
        }
        assert!(checked > 40, "only {checked} fixture pages found");
    }

    /// What parsing `html` cost and kept: tree builder lookups, arena nodes, and the text of
    /// the snapshot's text nodes.
    fn parse_cost(html: &str) -> (u64, usize, String) {
        let sink = parse_arena(html);
        let lookups = sink.lookups.get();
        let nodes = sink.nodes.into_inner();
        let arena_len = nodes.len();
        let tree = snapshot(&nodes);
        let text = (0..tree.len()).filter_map(|n| tree.text(n)).collect();
        (lookups, arena_len, text)
    }

    #[test]
    fn nesting_limit_keeps_hostile_parses_linear_and_their_text() {
        let repeat = |unit: &str, n: usize| unit.repeat(n);
        /// (what, page of size n, how many "x" the snapshot keeps of n)
        type Case = (
            &'static str,
            Box<dyn Fn(usize) -> String>,
            fn(usize) -> usize,
        );
        let cases: Vec<Case> = vec![
            ("nested divs", Box::new(move |n| repeat("<div>x", n)), |n| n),
            (
                "nested divs, closed, then more",
                Box::new(move |n| {
                    format!("{}{}<p>x</p>", repeat("<div>x", n), repeat("</div>", n))
                }),
                |n| n + 1,
            ),
            (
                "nested sections and paragraphs",
                Box::new(move |n| repeat("<section><p>x", n)),
                |n| n,
            ),
            (
                "nested spans",
                Box::new(move |n| repeat("<span>x", n)),
                |n| n,
            ),
            (
                "self-closed divs",
                Box::new(move |n| repeat("<div/>x", n)),
                |n| n,
            ),
            (
                "nested tables",
                Box::new(move |n| repeat("<table><tr><td>x", n)),
                |n| n,
            ),
            (
                "nested links",
                Box::new(move |n| repeat("<a href=#>x", n)),
                |n| n,
            ),
            (
                "nested list items",
                Box::new(move |n| repeat("<ul><li>x", n)),
                |n| n,
            ),
            (
                "nested videos",
                Box::new(move |n| format!("<p>x</p>{}", repeat("<video>x", n))),
                |_| 1,
            ),
            (
                "nested svg groups",
                Box::new(move |n| format!("<p>x</p><svg>{}", repeat("<g>x", n))),
                |_| 1,
            ),
            (
                "nested svg titles",
                Box::new(move |n| format!("<p>x</p><svg>{}", repeat("<title>x", n))),
                |_| 1,
            ),
            (
                "reopened formatting",
                Box::new(move |n| {
                    let opened: String = (0..n).map(|i| format!("<p><b id={i}></p>")).collect();
                    format!("{opened}{}", repeat("<p>x</p>", n))
                }),
                |n| n,
            ),
        ];
        // Twice the limit: the large page is deep past it, the small one too.
        let n = 2 * MAX_HELD_ELEMENTS;
        for (what, page, kept) in cases {
            let (small_lookups, small_nodes, small_text) = parse_cost(&page(n));
            let (large_lookups, large_nodes, large_text) = parse_cost(&page(4 * n));
            for (size, text) in [(n, &small_text), (4 * n, &large_text)] {
                assert_eq!(
                    text.matches('x').count(),
                    kept(size),
                    "{what}: text lost at {size}"
                );
            }
            let lookups = large_lookups as f64 / small_lookups.max(1) as f64;
            let nodes = large_nodes as f64 / small_nodes.max(1) as f64;
            assert!(
                lookups <= 5.0 && nodes <= 5.0,
                "{what}: n to 4n: lookups grew {lookups:.1}x ({small_lookups} to {large_lookups}), nodes {nodes:.1}x"
            );
        }
    }
}
