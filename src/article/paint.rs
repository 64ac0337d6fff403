//! Mapping report spans (UTF-16 offsets within a block's text) back to DOM ranges over text
//! nodes, for painting with the CSS Custom Highlight API.

use super::Article;
use crate::prelude::*;
use crate::report::Span;
use serde::Serialize;

/// A DOM range between two text nodes, offsets in UTF-16 code units within each node's data
/// (what `Range.setStart` / `Range.setEnd` take).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DomRange<N> {
    /// The text node where the range starts.
    pub start_node: N,
    /// Offset of the range's start within `start_node`.
    pub start_offset: usize,
    /// The text node where the range ends.
    pub end_node: N,
    /// Offset of the range's end within `end_node`.
    pub end_offset: usize,
}

/// The DOM range of `span`, or `None` when its block has no text nodes (image text, metadata),
/// the block does not exist, or the span covers no real text. A span edge inside a separator
/// the finder inserted snaps to the nearest text inside the span.
pub fn paint_range<N: Copy>(article: &Article<N>, span: &Span) -> Option<DomRange<N>> {
    let pieces = article.pieces.get(span.block)?;
    // The first real piece that ends after the span's start, and the last that starts before
    // its end; pieces are sorted and disjoint, so both are binary searches.
    let first = pieces.partition_point(|p| p.start + p.len <= span.start);
    let first = first + pieces.get(first..)?.iter().position(|p| p.node.is_some())?;
    let last = pieces
        .partition_point(|p| p.start < span.end)
        .checked_sub(1)?;
    let last = pieces
        .get(..=last)?
        .iter()
        .rposition(|p| p.node.is_some())?;
    if last < first {
        return None;
    }
    let (start_piece, end_piece) = (&pieces[first], &pieces[last]);
    let start_offset = span.start.saturating_sub(start_piece.start);
    let end_offset = span.end.min(end_piece.start + end_piece.len) - end_piece.start;
    if first == last && end_offset <= start_offset {
        return None;
    }
    Some(DomRange {
        start_node: start_piece.node?,
        start_offset,
        end_node: end_piece.node?,
        end_offset,
    })
}

/// The DOM ranges of `spans` that can be painted (see [`paint_range`]), in order.
pub fn paint_ranges<N: Copy>(article: &Article<N>, spans: &[Span]) -> Vec<DomRange<N>> {
    spans
        .iter()
        .filter_map(|span| paint_range(article, span))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Piece;
    use crate::text::{Block, BlockKind};

    #[test]
    fn spans_snap_out_of_separators_and_skip_unpaintable_blocks() {
        // Block 0: "ab" (node 1) + "\n" (separator) + "cd" (node 2); block 1: image text.
        let article = Article {
            blocks: vec![
                Block::new(BlockKind::Paragraph, "ab\ncd"),
                Block::new(BlockKind::ImageText, "alt"),
            ],
            pieces: vec![
                vec![
                    Piece {
                        node: Some(1),
                        start: 0,
                        len: 2,
                    },
                    Piece {
                        node: None,
                        start: 2,
                        len: 1,
                    },
                    Piece {
                        node: Some(2),
                        start: 3,
                        len: 2,
                    },
                ],
                Vec::new(),
            ],
        };
        let range = |a, b, c, d| {
            Some(DomRange {
                start_node: a,
                start_offset: b,
                end_node: c,
                end_offset: d,
            })
        };
        // ((block, start, end), expected range)
        type Row = ((usize, usize, usize), Option<DomRange<usize>>);
        let cases: &[Row] = &[
            ((0, 0, 5), range(1, 0, 2, 2)),
            ((0, 1, 4), range(1, 1, 2, 1)),
            ((0, 2, 5), range(2, 0, 2, 2)),
            ((0, 0, 3), range(1, 0, 1, 2)),
            ((0, 2, 3), None),
            ((0, 1, 1), None),
            ((0, 4, 9), range(2, 1, 2, 2)),
            ((1, 0, 3), None),
            ((7, 0, 1), None),
        ];
        for &((block, start, end), want) in cases {
            assert_eq!(
                paint_range(&article, &Span { block, start, end }),
                want,
                "{block} {start}..{end}"
            );
        }
        let spans = [
            Span {
                block: 0,
                start: 0,
                end: 1,
            },
            Span {
                block: 1,
                start: 0,
                end: 1,
            },
        ];
        assert_eq!(
            paint_ranges(&article, &spans),
            [range(1, 0, 1, 1).expect("a range")]
        );
    }
}
