//! Writes the benchmark corpus as plain text, for the wasm and peer benchmarks in node:
//! `cargo run --profile native --example corpus_text -- DIR` writes
//!
//! - `DIR/pages/<page>.txt`: each fixture page's and the reference article's article blocks
//!   joined by blank lines (the form `analyzeText` reads), in the order of `benches/corpus`;
//! - `DIR/synthetic/<bytes>.txt`: synthetic articles of 10 KB to 10 MB of fixture paragraphs,
//!   the same ones `cargo bench` times natively.

// The example writes texts only; `Page::text_bytes` serves the benches.
#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: corpus_text DIR");
        return ExitCode::from(2);
    };
    match write_corpus(Path::new(&dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("corpus_text: {message}");
            ExitCode::from(1)
        }
    }
}

fn write_corpus(dir: &Path) -> Result<(), String> {
    let pages = corpus::load();
    let write = |path: &Path, text: &str| {
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    for page in &pages {
        write(
            &dir.join("pages").join(format!("{}.txt", page.name)),
            &page.plain_text(),
        )?;
    }
    for size in corpus::SYNTHETIC_SIZES {
        let text = corpus::plain_text(&corpus::synthetic(&pages, size));
        write(&dir.join("synthetic").join(format!("{size}.txt")), &text)?;
    }
    Ok(())
}
