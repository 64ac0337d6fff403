//! The wasm API (wasm32 only): what the extension's service worker, the site and node tools call.
//!
//! Thin by design: each export converts JS values to Rust types once, calls the library, and
//! converts the result back once. No per-node JS↔wasm traffic: the page arrives as one snapshot.

use crate::article::{self, snapshot::DomSnapshot};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Values cross into JS as plain objects (maps become objects), which the popup and
/// `JSON.stringify` expect.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Analyses plain text (paragraphs separated by blank lines) and returns the report.
#[wasm_bindgen(js_name = analyzeText)]
pub fn analyze_text(text: &str) -> Result<JsValue, JsError> {
    to_js(&crate::analyze_text(text))
}

/// What the content script's DOM walker skips and captures, so those lists exist once, here.
#[derive(Serialize)]
struct SnapshotSpec {
    skipped: &'static [&'static str],
    attributes: &'static [&'static str],
}

/// The DOM walker's rules: `{ skipped: string[], attributes: string[] }`.
#[wasm_bindgen(js_name = snapshotSpec)]
pub fn snapshot_spec() -> Result<JsValue, JsError> {
    to_js(&SnapshotSpec {
        skipped: article::SKIPPED_ELEMENTS,
        attributes: article::SNAPSHOT_ATTRIBUTES,
    })
}

/// Finds the article in a DOM snapshot given as its JSON text (`JSON.stringify(snapshot)`: one
/// string crosses instead of one JS call per array element), analyses it, and returns
/// `{ article_found, report, ranges }`, where ranges say which text nodes to paint for each
/// report item.
#[wasm_bindgen(js_name = annotateSnapshot)]
pub fn annotate_snapshot(snapshot_json: &str) -> Result<JsValue, JsError> {
    let snapshot = DomSnapshot::from_json(snapshot_json)
        .map_err(|e| JsError::new(&format!("malformed page snapshot: {e}")))?;
    to_js(&crate::annotate(&snapshot))
}
