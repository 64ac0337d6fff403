//! Writes the benchmark corpus as plain text, for the wasm and peer benchmarks in node:
//! `cargo run --profile native --example corpus_text -- DIR` writes `DIR/<page>.txt` (article
//! blocks joined by blank lines, the form `analyzeText` reads) for every fixture page and the
//! reference article, in the order of `benches/corpus`.

// The example writes text only; the size and synthetic helpers serve the benches.
#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: corpus_text DIR");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("corpus_text: {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    for page in corpus::load() {
        let path = dir.join(format!("{}.txt", page.name));
        if let Err(e) = std::fs::write(&path, page.plain_text()) {
            eprintln!("corpus_text: {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
