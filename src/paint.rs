//! What to paint: every report item's spans, tagged with the highlight category they belong to
//! and the item they come from (so a hover card can say who), mapped to DOM ranges.

use crate::article::{paint_range, Article, DomRange};
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

/// The spans of every report item, with category and item index.
fn categorized_spans(report: &Report) -> impl Iterator<Item = (Category, usize, &Span)> {
    let quotes = report
        .quotes
        .iter()
        .enumerate()
        .flat_map(|(i, q)| q.spans.iter().map(move |s| (Category::Quote, i, s)));
    let speakers = report
        .speakers
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.mentions.iter().map(move |m| (Category::Speaker, i, m)));
    let officials = report
        .officials
        .iter()
        .enumerate()
        .flat_map(|(i, o)| o.mentions.iter().map(move |m| (Category::Official, i, m)));
    let credits = report
        .image_credits
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.spans.iter().map(move |s| (Category::Credit, i, s)));
    quotes.chain(speakers).chain(officials).chain(credits)
}

/// Maps every span of `report` (computed on `article`'s blocks) to a DOM range; spans in blocks
/// without text nodes (image alt text, JSON-LD) have nothing to paint and are left out.
pub fn paint_plan<N: Copy>(article: &Article<N>, report: &Report) -> Vec<PaintRange<N>> {
    categorized_spans(report)
        .filter_map(|(category, item, span)| {
            let DomRange {
                start_node,
                start_offset,
                end_node,
                end_offset,
            } = paint_range(article, span)?;
            Some(PaintRange {
                category,
                item,
                start_node,
                start_offset,
                end_node,
                end_offset,
            })
        })
        .collect()
}
