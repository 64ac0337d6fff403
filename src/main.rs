//! The `sourcelight` command line (work in progress).
fn main() {}
