//! The wasm API (wasm32 only): what the extension's service worker, the site and node tools call.
//!
//! Thin by design: each export converts JS values to Rust types once, calls the library, and
//! converts the result back once. No per-node JS↔wasm traffic: the page arrives as one snapshot.
//! Results leave as JSON text written by [`crate::json::write`] and become JS objects through one
//! native `JSON.parse` call, which is much faster than building them value by value across the
//! boundary and keeps serde-wasm-bindgen (and the float formatting it drags in) out of the wasm.

use crate::article::{self, snapshot::DomSnapshot};
use crate::json::write;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// In debug builds, panics print their message and location to the console before the trap; a
/// release build (`panic = "abort"`) carries no panic messages, to stay small, and the extension
/// reports the trap itself.
#[cfg(debug_assertions)]
#[wasm_bindgen(start)]
fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// `value` as a plain JS value (objects, arrays, strings, numbers), as `JSON.parse` makes it.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = write::to_string(value).map_err(|e| JsError::new(e.message()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("the report is not valid JSON"))
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
