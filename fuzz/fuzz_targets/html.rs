//! The saved-page path on arbitrary bytes: charset decoding, html5ever parse, article finder,
//! analysis and paint plan, as `analyze_html_bytes` and `annotate` run them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourcelight::invariants;

fuzz_target!(|bytes: &[u8]| {
    if let Err(violations) = invariants::check_html_bytes(bytes) {
        panic!(
            "invariants broken for {:?}:\n{violations}",
            String::from_utf8_lossy(bytes)
        );
    }
});
