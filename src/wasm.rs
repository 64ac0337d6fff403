//! The wasm API (wasm32 only): what the extension's service worker, the site and node tools call.
//!
//! Thin by design: each export converts JS values to Rust types once, calls the library, and
//! converts the result back once. No per-node JS↔wasm traffic: the page arrives as one snapshot.
//! Results leave as JSON text written by [`crate::json::write`] and become JS objects through one
//! native `JSON.parse` call, which is much faster than building them value by value across the
//! boundary and keeps serde-wasm-bindgen (and the float formatting it drags in) out of the wasm.

use crate::arena::{Arena, Memory, CHUNK};
use crate::article;
use crate::json::write;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Every allocation of the wasm build, wasm-bindgen's glue included, comes from one
/// [`Arena`] (see there why, and its invariants).
#[global_allocator]
static ALLOCATOR: WasmAllocator = WasmAllocator(UnsafeCell::new(Arena::new(LinearMemory)));

/// The wasm module's linear memory (memory 0), grown a page at a time.
struct LinearMemory;

impl Memory for LinearMemory {
    fn size(&self) -> usize {
        core::arch::wasm32::memory_size(0) * CHUNK
    }
    fn grow(&mut self, chunks: usize) -> bool {
        core::arch::wasm32::memory_grow(0, chunks) != usize::MAX
    }
}

/// The arena behind the `GlobalAlloc` interface.
struct WasmAllocator(UnsafeCell<Arena<LinearMemory>>);

// SAFETY: this target has one thread (no `atomics` feature), so the arena is never reached from
// two threads, and no allocator call re-enters another.
unsafe impl Sync for WasmAllocator {}

impl WasmAllocator {
    /// The arena; exclusive because calls into the allocator neither overlap nor nest.
    #[allow(clippy::mut_from_ref)]
    fn arena(&self) -> &mut Arena<LinearMemory> {
        // SAFETY: single thread and no re-entry (see the `Sync` impl).
        unsafe { &mut *self.0.get() }
    }
}

// SAFETY: `Arena` hands out disjoint blocks of the requested size and alignment inside the
// linear memory, and a block stays reserved until it is freed (its invariants 1-3).
unsafe impl GlobalAlloc for WasmAllocator {
    // Inlined into `__rust_alloc` (and the default `alloc_zeroed`): every allocation is one
    // call less deep, for the same wasm size.
    #[inline(always)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.arena().alloc(layout.size(), layout.align()) {
            Some(address) => address.get() as *mut u8,
            None => core::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.arena().free(ptr as usize, layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let arena = self.arena();
        if arena
            .resize_in_place(ptr as usize, layout.size(), new_size)
            .is_some()
        {
            return ptr;
        }
        let Some(moved) = arena.alloc(new_size, layout.align()) else {
            return core::ptr::null_mut();
        };
        let moved = moved.get() as *mut u8;
        // SAFETY: both blocks are live, disjoint (invariant 2) and at least this long.
        unsafe { core::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size)) };
        arena.free(ptr as usize, layout.size());
        moved
    }
}

/// What a panic does (the crate is `no_std` on wasm32, so it is the crate's to say): trap, which
/// the extension reports. A release build (`panic = "abort"`) carries no panic messages, so the
/// code that formats them (`core::fmt::write`, std's payload types) leaves the wasm; the panic
/// locations stay, since every panicking call still passes one.
#[cfg(not(debug_assertions))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// What a panic does in a debug build: print its message and location to the console, as
/// std's panic hook did, then trap. A panic while printing (the allocation of the message
/// failing, say) traps at once instead of recursing; after a trap the extension starts a fresh
/// instance, this flag included.
#[cfg(debug_assertions)]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    use core::sync::atomic::{AtomicBool, Ordering};
    static PANICKING: AtomicBool = AtomicBool::new(false);
    if !PANICKING.swap(true, Ordering::Relaxed) {
        console_error(&crate::prelude::ToString::to_string(info));
    }
    core::arch::wasm32::unreachable()
}

#[cfg(debug_assertions)]
#[wasm_bindgen]
extern "C" {
    /// `console.error(message)`.
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// `value` as a plain JS value (objects, arrays, strings, numbers), as `JSON.parse` makes it.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = write::to_string(value).map_err(|e| JsError::new(e.message()))?;
    Ok(parse_json(&json))
}

// The one JS function the wasm calls, imported directly: js-sys would bring its futures and
// closure glue along (5.5 KB raw, 1.1 KB gzip) for this alone. Imported without `catch`: its
// text is the JSON writer's, valid by construction (its tests compare it with serde_json's),
// and catching what `JSON.parse` cannot throw here cost the wasm its exception store and
// externref-table shim (122 B gzip); were it ever to throw, the exception would still reach the
// caller, as `JSON.parse`'s own.
#[wasm_bindgen]
extern "C" {
    /// `JSON.parse(text)`.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &str) -> JsValue;
}

/// Builds the analysis's word tables now ([`crate::analysis::build_tables`]), so that the
/// first analysis in this instance does not: the service worker calls it once the engine is
/// instantiated, while the page's snapshot is still on its way.
#[wasm_bindgen(js_name = buildTables)]
pub fn build_tables() {
    crate::analysis::build_tables();
}

/// Analyses plain text (paragraphs separated by blank lines) and returns the report.
#[wasm_bindgen(js_name = analyzeText)]
pub fn analyze_text(text: &str) -> Result<JsValue, JsError> {
    to_js(&crate::analyze_text(text))
}

/// What the content script's DOM walker skips and captures, so those lists exist once, here.
const SNAPSHOT_SPEC: &[(&str, &[&str])] = &[
    ("skipped", article::SKIPPED_ELEMENTS),
    ("attributes", article::SNAPSHOT_ATTRIBUTES),
];

/// [`SNAPSHOT_SPEC`] as JSON, written by the compiler ([`write::string_lists`]): the wasm
/// carries the text instead of a serialiser instance and an export that could fail.
const SNAPSHOT_SPEC_JSON: &str = {
    const BYTES: [u8; write::string_lists_len(SNAPSHOT_SPEC)] = write::string_lists(SNAPSHOT_SPEC);
    match core::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("the snapshot spec is not UTF-8"),
    }
};

/// The DOM walker's rules: `{ skipped: string[], attributes: string[] }`.
#[wasm_bindgen(js_name = snapshotSpec)]
pub fn snapshot_spec() -> JsValue {
    parse_json(SNAPSHOT_SPEC_JSON)
}

/// Finds the article in a DOM snapshot given as its JSON text (`JSON.stringify(snapshot)`: one
/// string crosses instead of one JS call per array element), analyses it, and returns
/// `{ article_found, report, ranges }`, where ranges say which text nodes to paint for each
/// report item. The text is taken as a `String`, not borrowed: it becomes the snapshot's string
/// buffer, so that strings without escapes are not copied out of it.
#[wasm_bindgen(js_name = annotateSnapshot)]
pub fn annotate_snapshot(snapshot_json: crate::String) -> Result<JsValue, JsError> {
    let json = crate::annotate_snapshot_json(snapshot_json).map_err(|e| JsError::new(&e))?;
    Ok(parse_json(&json))
}
