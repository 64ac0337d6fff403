//! Sourcelight: who is speaking on a news page, and on whose authority.
//!
//! The pipeline runs in one direction:
//!
//! ```text
//! page DOM / saved HTML ──▶ article::find (blocks) ──▶ analysis::analyze ──▶ Report
//! plain text ──▶ text::blocks_from_plain_text ──────────▶ ┘
//! ```
//!
//! - [`text`]: blocks, UTF-16 offsets and tokens.
//! - [`analysis`]: the pure core: quotes, speech cues, speakers, people, officials, credits.
//! - [`article`]: finds the article in a page tree (a small [`article::Tree`] trait implemented
//!   over a DOM snapshot sent by the browser and, natively, over an HTML parse).
//! - [`report`]: the serde types that CLI, wasm API and popup share.
//!
//! The core has no browser dependency: it compiles and tests natively.

pub mod analysis;
pub mod article;
#[cfg(not(target_arch = "wasm32"))]
mod error;
#[doc(hidden)]
pub mod invariants;
mod json;
pub mod paint;
pub mod report;
pub mod text;

#[cfg(not(target_arch = "wasm32"))]
pub mod html;
#[cfg(not(target_arch = "wasm32"))]
mod input;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use analysis::analyze;
#[cfg(not(target_arch = "wasm32"))]
pub use error::Error;
#[cfg(not(target_arch = "wasm32"))]
pub use input::{analyze_file, sniff, InputFormat};
pub use paint::Annotation;
pub use report::Report;
pub use text::{Block, BlockKind};

/// Analyses plain text: paragraphs separated by blank lines, the first line a headline when it
/// looks like one.
pub fn analyze_text(text: &str) -> Report {
    analyze(&text::blocks_from_plain_text(text))
}

/// Finds the article in a page tree, analyses it, and plans the highlights: what the extension
/// does with the snapshot of the page it was clicked on.
pub fn annotate<T: article::Tree>(tree: &T) -> Annotation<T::Node> {
    let article = article::find_article(tree);
    let report = analyze(&article.blocks);
    let ranges = paint::paint_plan(&article, &report);
    let article_found = article
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Paragraph);
    Annotation {
        article_found,
        report,
        ranges,
    }
}

/// Analyses a saved HTML page (bytes in any charset the page declares) through the same article
/// finder the extension uses.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_html_bytes(bytes: &[u8]) -> Report {
    let page = html::parse_html_bytes(bytes);
    annotate(&page).report
}
