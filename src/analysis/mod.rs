//! The attribution engine (owner: engine work in progress).

use crate::report::{Report, REPORT_VERSION};
use crate::text::Block;

/// Analyses an article given as ordered blocks.
pub fn analyze(_blocks: &[Block]) -> Report {
    Report { version: REPORT_VERSION, language: "en".into(), ..Report::default() }
}
