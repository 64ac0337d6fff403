//! Choosing the article's container, in the manner of Mozilla Readability: paragraphs score by
//! length and commas, their scores flow to parent (full) and grandparent (half) and more distant
//! ancestors (less), containers lose score for link-heavy text, the best container wins and
//! takes along siblings that score close to it or read like paragraphs.

use super::index::{Excluded, Page, Tag, TextTotals};
use super::Tree;
use crate::prelude::*;
use crate::text::{contains_str, sort_by_u64_key};
use crate::{at, at_mut};

/// How many ancestors of a paragraph share its score.
const ANCESTOR_LEVELS: usize = 5;
/// Paragraphs shorter than this (in characters) do not score.
pub(super) const MIN_PARAGRAPH_CHARS: u32 = 25;
/// Candidates considered as alternatives to the best one.
const TOP_CANDIDATES: usize = 5;

/// Text statistics of every node's included subtree.
pub(super) struct TextStats {
    /// Each node's counts over its subtree, leaving out the excluded nodes.
    pub totals: Vec<TextTotals>,
}

impl TextStats {
    /// Text statistics summed over each subtree, leaving out the nodes whose `inherited` bits
    /// ([`Page::inherited`]) meet `body_mask` for the body's and those that meet `lead_mask` for
    /// the lead's, in one pass over the page (two passes each read every node's tag and parent
    /// again).
    pub fn body_and_lead<T: Tree>(
        page: &Page<T>,
        inherited: &[u16],
        body_mask: u16,
        lead_mask: u16,
    ) -> [TextStats; 2] {
        // Each node's own text, before any subtree is summed.
        let (mut body, mut lead) = (page.own_text.clone(), page.own_text.clone());
        // Backwards over pre-order indices: every node is complete before its parent reads it.
        // The lists are read as slices: indexing a `Vec` is a call per use in the wasm.
        let (tags, parents) = (&page.tag[..], page.parent);
        for i in (0..page.len()).rev() {
            let is_link = tags[i] == Tag::A;
            // The root's parent, `NONE`, is past the end: nothing takes the root's counts.
            let parent = parents[i] as usize;
            // A node without an entry (there is none: `inherited` covers the page) is left out
            // of both, as no mask is 0.
            let bits = inherited.get(i).copied().unwrap_or(u16::MAX);
            add_to_parent(&mut body, i, parent, is_link, bits & body_mask != 0);
            add_to_parent(&mut lead, i, parent, is_link, bits & lead_mask != 0);
        }
        [TextStats { totals: body }, TextStats { totals: lead }]
    }

    /// Characters of text in node `i`'s subtree.
    pub fn chars(&self, i: usize) -> u32 {
        at(&self.totals, i).chars
    }

    /// Share of the node's text that is inside links.
    pub fn link_density(&self, i: usize) -> f32 {
        match at(&self.totals, i) {
            TextTotals { chars: 0, .. } => 0.0,
            node => node.link_chars as f32 / node.chars as f32,
        }
    }
}

/// Completes node `i` of `totals` (all its descendants have been added to it): a link's text is
/// all link text; then, unless `excluded`, adds it to its `parent` (if there is one). Inlined:
/// it runs twice per node, and as a call in the wasm it cost more time than its work (2% of
/// `annotateSnapshot` for 0.1 KB gzip).
#[inline(always)]
fn add_to_parent(
    totals: &mut [TextTotals],
    i: usize,
    parent: usize,
    is_link: bool,
    excluded: bool,
) {
    let Some(node) = totals.get_mut(i) else {
        return;
    };
    if is_link {
        node.link_chars = node.chars;
    }
    let node = *node;
    if excluded {
        return;
    }
    let Some(up) = totals.get_mut(parent) else {
        return;
    };
    up.chars = up.chars.saturating_add(node.chars);
    up.link_chars = up.link_chars.saturating_add(node.link_chars);
    up.commas = up.commas.saturating_add(node.commas);
}

/// Every node's score, as its `f32`'s bits: a `Vec<f32>` was instances of its own in the wasm
/// (its `vec!` fill and the indexing helpers for `f32`), where `Vec<u32>`'s are shared. Zero bits
/// are `0.0`, a node that never scores.
struct Scores(Vec<u32>);

impl Scores {
    /// Node `i`'s score.
    fn get(&self, i: usize) -> f32 {
        f32::from_bits(at(&self.0, i))
    }

    /// Sets node `i`'s score.
    fn set(&mut self, i: usize, score: f32) {
        *at_mut(&mut self.0, i) = score.to_bits();
    }
}

/// Picks the article's root containers, in document order (empty when nothing scores).
pub(super) fn choose_roots<T: Tree>(
    page: &Page<T>,
    excluded: Excluded,
    stats: &TextStats,
) -> Vec<usize> {
    let n = page.len();
    let mut score = Scores(vec![0; n]);
    let mut is_candidate = vec![false; n];
    let mut candidates: Vec<usize> = Vec::new();
    let mut has_block_child = vec![false; n];
    // The per-node lists are read as slices: indexing a `Vec` is a call per use in the wasm.
    let (tags, parents, totals) = (&page.tag[..], page.parent, &stats.totals[..]);
    for i in 1..n {
        if tags[i].is_block() {
            if let Some(child_of) = has_block_child.get_mut(parents[i] as usize) {
                *child_of = true;
            }
        }
    }
    for i in 0..n {
        if excluded.has(i) || totals[i].chars < MIN_PARAGRAPH_CHARS {
            continue;
        }
        let scores_as_paragraph = match tags[i] {
            Tag::P | Tag::Pre | Tag::Td => true,
            // Readability reads a div without block children as a paragraph.
            Tag::Div => !has_block_child[i],
            _ => false,
        };
        if !scores_as_paragraph {
            continue;
        }
        let length_bonus = (stats.totals[i].chars / 100).min(3) as f32;
        let paragraph_score = 1.0 + stats.totals[i].commas as f32 + length_bonus;
        let mut ancestor = page.parent_of(i);
        for level in 0..ANCESTOR_LEVELS {
            // The document element never wins: only ancestors that have a parent score.
            let Some(a) = ancestor.filter(|&a| page.parent_of(a).is_some()) else {
                break;
            };
            let seen = at_mut(&mut is_candidate, a);
            if !*seen {
                *seen = true;
                candidates.push(a);
                score.set(a, initial_score(page, a));
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            score.set(a, score.get(a) + paragraph_score / divider);
            ancestor = page.parent_of(a);
        }
    }
    for &c in &candidates {
        score.set(c, score.get(c) * (1.0 - stats.link_density(c)));
    }
    // Best first, ties in document order: one shared sort (wasm size) on a key that orders the
    // scores as `f32::total_cmp` does, reversed, above the node index.
    sort_by_u64_key(&mut candidates, |&c| {
        (u64::from(u32::MAX - total_order_bits(score.get(c))) << 32) | (c as u64 & 0xffff_ffff)
    });
    let Some(&best) = candidates.first() else {
        return Vec::new();
    };
    let top = widen(page, &score, &is_candidate, &candidates, best);
    siblings(page, excluded, stats, &score, &is_candidate, top)
}

/// The bits of `x` as an unsigned number in the order of [`f32::total_cmp`]: negative numbers
/// have all bits flipped, the others only the sign bit.
fn total_order_bits(x: f32) -> u32 {
    let bits = x.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 0x8000_0000
    }
}

/// A candidate's starting score: its tag's prior plus its class weight.
fn initial_score<T: Tree>(page: &Page<T>, i: usize) -> f32 {
    let tag_prior = match page.tag(i) {
        Tag::Div | Tag::Section => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::List | Tag::Li | Tag::Chrome | Tag::Form => -3.0,
        Tag::H1 | Tag::Heading => -5.0,
        _ => 0.0,
    };
    tag_prior + f32::from(at(&page.weight, i))
}

/// Whether `i` is `<body>` or the document element, where widening stops.
pub(super) fn is_page_level<T: Tree>(page: &Page<T>, i: usize) -> bool {
    page.parent_of(i)
        .is_none_or(|p| page.parent_of(p).is_none())
}

/// Moves from the best candidate up to the ancestor that really holds the article: one shared
/// by several strong alternatives, one scoring higher, or a parent it is the only child of.
fn widen<T: Tree>(
    page: &Page<T>,
    score: &Scores,
    is_candidate: &[bool],
    ranked: &[usize],
    best: usize,
) -> usize {
    let mut top = best;
    // Loops rather than iterator adapters, whose instances are code of their own in the wasm.
    let mut alternatives: Vec<usize> = Vec::new();
    for &c in ranked.iter().take(TOP_CANDIDATES) {
        if c != best && score.get(c) >= score.get(best) * 0.75 {
            alternatives.push(c);
        }
    }
    if alternatives.len() >= 3 {
        let mut ancestor = page.parent_of(best);
        while let Some(a) = ancestor.filter(|&a| !is_page_level(page, a)) {
            let mut inside = 0;
            for &c in &alternatives {
                if a < c && c < page.end(a) {
                    inside += 1;
                }
            }
            if inside >= 3 {
                top = a;
                break;
            }
            ancestor = page.parent_of(a);
        }
    }
    let mut last_score = score.get(top);
    let threshold = last_score / 3.0;
    let mut ancestor = page.parent_of(top);
    while let Some(a) = ancestor.filter(|&a| !is_page_level(page, a)) {
        if at(is_candidate, a) {
            let a_score = score.get(a);
            if a_score < threshold {
                break;
            }
            if a_score > last_score {
                top = a;
                break;
            }
            last_score = a_score;
        }
        ancestor = page.parent_of(a);
    }
    while let Some(p) = page.parent_of(top).filter(|&p| !is_page_level(page, p)) {
        let only_child = page
            .children(p)
            .filter(|&c| page.tag(c) != Tag::Text)
            .count()
            == 1;
        if !only_child {
            break;
        }
        top = p;
    }
    top
}

/// The chosen container and those of its siblings that belong to the article, in order.
fn siblings<T: Tree>(
    page: &Page<T>,
    excluded: Excluded,
    stats: &TextStats,
    score: &Scores,
    is_candidate: &[bool],
    top: usize,
) -> Vec<usize> {
    let Some(parent) = page.parent_of(top) else {
        return vec![top];
    };
    let threshold = (score.get(top) * 0.2).max(10.0);
    let top_class = page.attribute(top, "class").filter(|c| !c.is_empty());
    let belongs = |s: usize| {
        if s == top {
            return true;
        }
        if excluded.has(s) || page.tag(s) == Tag::Text {
            return false;
        }
        let bonus = if top_class.is_some() && page.attribute(s, "class") == top_class {
            score.get(top) * 0.2
        } else {
            0.0
        };
        if at(is_candidate, s) && score.get(s) + bonus >= threshold {
            return true;
        }
        if page.tag(s) != Tag::P {
            return false;
        }
        let chars = stats.chars(s);
        let density = stats.link_density(s);
        if chars > 80 {
            density < 0.25
        } else {
            chars > 0 && density == 0.0 && ends_like_sentence(page, excluded, s)
        }
    };
    // A loop rather than `filter(…).collect()`, whose adapters are code of their own in the wasm.
    let mut kept = Vec::new();
    for s in page.children(parent) {
        if belongs(s) {
            kept.push(s);
        }
    }
    kept
}

/// Whether the text of short element `s` contains or ends with a sentence end.
fn ends_like_sentence<T: Tree>(page: &Page<T>, excluded: Excluded, s: usize) -> bool {
    let mut text = String::new();
    page.push_text(s, excluded, &mut text);
    let text = text.trim_end();
    text.ends_with('.') || contains_str(text, ". ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_order_bits_order_like_total_cmp() {
        let values = [
            f32::NEG_INFINITY,
            -3.5,
            -0.0,
            0.0,
            1e-30,
            2.0,
            17.25,
            f32::INFINITY,
        ];
        // (a, b) for every pair: the bits compare as the floats do.
        let cases: Vec<(f32, f32)> = values
            .iter()
            .flat_map(|&a| values.iter().map(move |&b| (a, b)))
            .collect();
        for (a, b) in cases {
            assert_eq!(
                total_order_bits(a).cmp(&total_order_bits(b)),
                a.total_cmp(&b),
                "{a} {b}"
            );
        }
    }
}
