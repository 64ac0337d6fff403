//! What to paint: every report item's spans, tagged with the highlight category they belong to
//! and the item they come from (so a hover card can say who), mapped to DOM ranges.

use crate::article::{paint_range, Article};
use crate::prelude::*;
use crate::report::{Report, Span};
use serde::Serialize;

/// The four highlight categories, one `Highlight` each in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// A quote's content (item = index into `report.quotes`).
    Quote,
    /// A mention of a quoted person (item = index into `report.speakers`).
    Speaker,
    /// A mention of an official (item = index into `report.officials`).
    Official,
    /// An image credit (item = index into `report.image_credits`).
    Credit,
}

/// One range to paint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PaintRange<N> {
    /// Which highlight it belongs to.
    pub category: Category,
    /// Index of the report item in its category's list.
    pub item: usize,
    /// Text node where the range starts.
    pub start_node: N,
    /// UTF-16 offset in `start_node`.
    pub start_offset: usize,
    /// Text node where the range ends.
    pub end_node: N,
    /// UTF-16 offset in `end_node`.
    pub end_offset: usize,
}

/// The report of an article and the ranges that show it on the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Annotation<N> {
    /// Whether the page has an article: at least one paragraph of body text was found. When
    /// false the report is empty and the popup says "No article found on this page".
    pub article_found: bool,
    /// What was found.
    pub report: Report,
    /// Where to paint it, in category order then item order.
    pub ranges: Vec<PaintRange<N>>,
}

/// Maps every span of `report` (computed on `article`'s blocks) to a DOM range; spans in blocks
/// without text nodes (image alt text, JSON-LD) have nothing to paint and are left out.
///
/// Plain loops rather than one chained iterator over the four lists: the chain of four
/// `flat_map`s compiled to 6 KB of wasm, the loops to a fraction of it.
pub fn paint_plan<N: Copy>(article: &Article<N>, report: &Report) -> Vec<PaintRange<N>> {
    let mut ranges = Vec::new();
    let mut add = |category: Category, item: usize, spans: &[Span]| {
        for span in spans {
            if let Some(range) = paint_range(article, span) {
                ranges.push(PaintRange {
                    category,
                    item,
                    start_node: range.start_node,
                    start_offset: range.start_offset,
                    end_node: range.end_node,
                    end_offset: range.end_offset,
                });
            }
        }
    };
    for (i, quote) in report.quotes.iter().enumerate() {
        add(Category::Quote, i, &quote.spans);
    }
    for (i, speaker) in report.speakers.iter().enumerate() {
        add(Category::Speaker, i, &speaker.mentions);
    }
    for (i, official) in report.officials.iter().enumerate() {
        add(Category::Official, i, &official.mentions);
    }
    for (i, credit) in report.image_credits.iter().enumerate() {
        add(Category::Credit, i, &credit.spans);
    }
    ranges
}
