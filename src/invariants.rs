//! Invariants every report and paint plan must satisfy, whatever the input: the one checker
//! shared by the fuzz targets (`fuzz/`) and the adversarial and property tests
//! (`tests/robustness.rs`), so that both hold the engine to exactly the same rules.
//!
//! Not part of the product's API (hidden from the docs); native only, since it serialises with
//! `serde_json`, which the wasm build leaves out.
#![cfg(not(target_arch = "wasm32"))]

use crate::article::snapshot::DomSnapshot;
use crate::article::Tree;
use crate::paint::{Annotation, Category};
use crate::report::{Report, Span};
use crate::text::{Block, BlockKind};

/// Every block kind, for generators that pick one by index (fuzz targets, property tests).
pub const BLOCK_KINDS: [BlockKind; 7] = [
    BlockKind::Headline,
    BlockKind::Paragraph,
    BlockKind::Heading,
    BlockKind::Caption,
    BlockKind::ImageText,
    BlockKind::Byline,
    BlockKind::Metadata,
];

/// Element names for generated page snapshots: the ones the article finder treats specially
/// and a few it does not; "" is a text node, listed several times so text is common.
pub const ELEMENT_NAMES: &[&str] = &[
    "",
    "",
    "",
    "",
    "html",
    "head",
    "body",
    "article",
    "main",
    "div",
    "section",
    "p",
    "h1",
    "h2",
    "h3",
    "figure",
    "figcaption",
    "img",
    "span",
    "a",
    "br",
    "script",
    "ul",
    "li",
    "blockquote",
    "header",
    "footer",
    "nav",
    "aside",
    "time",
    "meta",
    "title",
    "picture",
    "em",
    "b",
    "table",
    "td",
    "pre",
];

/// The UTF-16 geometry of one string: its length and the offsets that would split a surrogate
/// pair (the only UTF-16 offsets that are not character boundaries).
struct Utf16Geometry {
    len: usize,
    /// Offsets between the two halves of a surrogate pair, increasing.
    inside_pairs: Vec<usize>,
}

impl Utf16Geometry {
    fn new(text: &str) -> Utf16Geometry {
        let mut len = 0;
        let mut inside_pairs = Vec::new();
        for c in text.chars() {
            if c.len_utf16() == 2 {
                inside_pairs.push(len + 1);
            }
            len += c.len_utf16();
        }
        Utf16Geometry { len, inside_pairs }
    }

    /// Why `start..end` is not a valid range of this string, if it is not.
    fn range_error(&self, start: usize, end: usize) -> Option<String> {
        if start > end || end > self.len {
            return Some(format!("range {start}..{end} outside 0..{}", self.len));
        }
        [start, end]
            .into_iter()
            .find(|at| self.inside_pairs.binary_search(at).is_ok())
            .map(|at| format!("offset {at} splits a surrogate pair"))
    }
}

/// Checks `report`, computed from `blocks`, against the report contract: every span lies inside
/// its block on character boundaries, speaker ids and names agree, speaker quote counts add up,
/// and the report serialises to JSON and reads back unchanged. Returns every violation found
/// (one line each), or `Ok` when there is none.
pub fn check_report(blocks: &[Block], report: &Report) -> Result<(), String> {
    let mut errors = Vec::new();
    let geometry: Vec<Utf16Geometry> = blocks.iter().map(|b| Utf16Geometry::new(&b.text)).collect();
    let mut check_span = |what: &str, item: usize, span: &Span| match geometry.get(span.block) {
        None => errors.push(format!(
            "{what} {item}: block {} of {}",
            span.block,
            blocks.len()
        )),
        Some(g) => {
            if let Some(e) = g.range_error(span.start, span.end) {
                errors.push(format!("{what} {item}: block {}: {e}", span.block));
            }
        }
    };
    for (i, q) in report.quotes.iter().enumerate() {
        q.spans.iter().for_each(|s| check_span("quote", i, s));
    }
    for (i, s) in report.speakers.iter().enumerate() {
        s.mentions.iter().for_each(|m| check_span("speaker", i, m));
    }
    for (i, o) in report.officials.iter().enumerate() {
        o.mentions.iter().for_each(|m| check_span("official", i, m));
    }
    for (i, c) in report.image_credits.iter().enumerate() {
        c.spans.iter().for_each(|s| check_span("credit", i, s));
    }
    for (i, q) in report.quotes.iter().enumerate() {
        match (q.speaker_id, &q.speaker) {
            (None, None) => {}
            (Some(id), Some(name)) => match report.speakers.get(id) {
                None => errors.push(format!(
                    "quote {i}: speaker_id {id} of {}",
                    report.speakers.len()
                )),
                Some(s) if s.name != *name => errors.push(format!(
                    "quote {i}: speaker {name:?} but speakers[{id}] is {:?}",
                    s.name
                )),
                Some(_) => {}
            },
            (id, name) => errors.push(format!(
                "quote {i}: speaker_id {id:?} with speaker {name:?}"
            )),
        }
    }
    // Counted in one pass: the checker must stay linear on the adversarial inputs it checks.
    let mut quoted = vec![0; report.speakers.len()];
    for id in report.quotes.iter().filter_map(|q| q.speaker_id) {
        if let Some(count) = quoted.get_mut(id) {
            *count += 1;
        }
    }
    for (i, (s, &quoted)) in report.speakers.iter().zip(&quoted).enumerate() {
        if s.id != i || s.quotes != quoted {
            errors.push(format!(
                "speaker {i}: id {} and {} quotes, but {quoted} quotes name it",
                s.id, s.quotes
            ));
        }
    }
    match serde_json::to_string(report) {
        Err(e) => errors.push(format!("report does not serialise: {e}")),
        Ok(json) => match serde_json::from_str::<Report>(&json) {
            Err(e) => errors.push(format!("report JSON does not read back: {e}")),
            Ok(back) if back != *report => errors.push("report JSON reads back different".into()),
            Ok(_) => {}
        },
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// Checks an [`Annotation`] of `tree`: the report as [`check_report`] does (against the article
/// `blocks` it was computed from), and every paint range: its item exists, both ends are text
/// nodes of `tree`, its offsets lie within those nodes on character boundaries, and it does not
/// end before it starts (snapshot nodes are numbered in document order).
pub fn check_annotation(
    tree: &DomSnapshot,
    blocks: &[Block],
    annotation: &Annotation<usize>,
) -> Result<(), String> {
    let mut errors: Vec<String> = check_report(blocks, &annotation.report)
        .err()
        .into_iter()
        .collect();
    let report = &annotation.report;
    // Each text node's geometry is computed once: a huge node holds many ranges, and measuring
    // it again for each would make the checker itself quadratic.
    let mut geometry: Vec<Option<Utf16Geometry>> = Vec::new();
    geometry.resize_with(tree.len(), || None);
    for r in &annotation.ranges {
        for node in [r.start_node, r.end_node] {
            if let (Some(slot @ None), Some(text)) = (geometry.get_mut(node), tree.text(node)) {
                *slot = Some(Utf16Geometry::new(text));
            }
        }
    }
    let node_geometry = |node: usize| geometry.get(node).and_then(Option::as_ref);
    for (i, r) in annotation.ranges.iter().enumerate() {
        let items = match r.category {
            Category::Quote => report.quotes.len(),
            Category::Speaker => report.speakers.len(),
            Category::Official => report.officials.len(),
            Category::Credit => report.image_credits.len(),
        };
        if r.item >= items {
            errors.push(format!(
                "range {i}: {:?} item {} of {items}",
                r.category, r.item
            ));
        }
        let (Some(start_geometry), Some(end_geometry)) =
            (node_geometry(r.start_node), node_geometry(r.end_node))
        else {
            errors.push(format!(
                "range {i}: nodes {} and {} are not both text",
                r.start_node, r.end_node
            ));
            continue;
        };
        let start_error =
            start_geometry.range_error(r.start_offset, r.start_offset.max(start_geometry.len));
        let end_error = end_geometry.range_error(0, r.end_offset);
        for e in [start_error, end_error].into_iter().flatten() {
            errors.push(format!("range {i}: {e}"));
        }
        let backwards = r.end_node < r.start_node
            || (r.end_node == r.start_node && r.end_offset < r.start_offset);
        if backwards {
            errors.push(format!(
                "range {i}: ends at {}:{} before it starts at {}:{}",
                r.end_node, r.end_offset, r.start_node, r.start_offset
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// Runs the whole HTML path on `bytes` (decode, parse, find the article, analyse, plan the
/// paint) and checks every invariant, including that [`crate::analyze_html_bytes`] agrees with
/// [`crate::annotate`]. The single entry point of the HTML fuzz target and tests.
pub fn check_html_bytes(bytes: &[u8]) -> Result<(), String> {
    let tree = crate::html::parse_html_bytes(bytes);
    let report = check_tree(&tree)?;
    if crate::analyze_html_bytes(bytes) != report {
        return Err("analyze_html_bytes and annotate disagree".into());
    }
    Ok(())
}

/// Finds the article in `tree`, annotates it, and checks every invariant (see
/// [`check_annotation`]) and that the report is truncated exactly when the article's text
/// exceeds the work budget or the tree is partial; returns the report when all hold.
pub fn check_tree(tree: &DomSnapshot) -> Result<Report, String> {
    let article = crate::article::find_article(tree);
    let annotation = crate::annotate(tree);
    check_annotation(tree, &article.blocks, &annotation)?;
    check_truncated(&article.blocks, tree.truncated(), &annotation.report)?;
    Ok(annotation.report)
}

/// Checks that the report says it is truncated exactly when the input was: the blocks' text
/// exceeds the work budget ([`crate::WORK_BUDGET_BYTES`]) or the page tree was only a part.
fn check_truncated(blocks: &[Block], partial_tree: bool, report: &Report) -> Result<(), String> {
    let text_bytes: usize = blocks.iter().map(|b| b.text.len()).sum();
    let over_budget = text_bytes > crate::WORK_BUDGET_BYTES;
    if report.truncated == (over_budget || partial_tree) {
        return Ok(());
    }
    Err(format!(
        "truncated is {} for {text_bytes} bytes of text (budget {}) from a {} tree",
        report.truncated,
        crate::WORK_BUDGET_BYTES,
        if partial_tree { "partial" } else { "whole" }
    ))
}

/// Analyses `blocks` and checks the report (see [`check_report`]).
pub fn check_blocks(blocks: &[Block]) -> Result<(), String> {
    check_report(blocks, &crate::analyze(blocks))
}

/// Analyses `text` as [`crate::analyze_text`] does and checks the report against the blocks the
/// text was split into, including that it is truncated exactly when they exceed the budget.
pub fn check_text(text: &str) -> Result<(), String> {
    let blocks = crate::text::blocks_from_plain_text(text);
    let report = crate::analyze_text(text);
    check_report(&blocks, &report)?;
    check_truncated(&blocks, false, &report)
}
