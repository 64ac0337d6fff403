//! Runs `analysis::analyze` over the benchmark corpus (the 44 fixture pages and the reference
//! article, articles found once beforehand), for exact instruction counts and refactor checks:
//!
//! - `cargo run --profile native --example analysis_corpus -- --reports DIR` writes each page's
//!   report as JSON, from its article blocks (`DIR/<page>.json`) and from its plain text as the
//!   wasm `analyzeText` reads it (`DIR/<page>.text.json`), so that `diff -r` between two trees
//!   proves a refactor byte-identical;
//! - without `--reports` it only analyses, once per page (`--repeat N`: N times), so that
//!   `valgrind --tool=callgrind --toggle-collect='sourcelight::analysis::analyze'
//!   target/native/examples/analysis_corpus` counts the analysis alone, without the HTML
//!   parse and the article finder that come before it.

// The example reads pages and blocks only; `Page::text_bytes` serves the benches.
#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value_of = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let repeat = match value_of("--repeat").map(|n| n.parse::<usize>()) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: analysis_corpus [--reports DIR] [--repeat N]");
            return ExitCode::from(2);
        }
    };
    let pages = corpus::load();
    if let Some(dir) = value_of("--reports") {
        return match write_reports(&pages, Path::new(dir)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("analysis_corpus: {message}");
                ExitCode::from(1)
            }
        };
    }
    for _ in 0..repeat {
        for page in &pages {
            std::hint::black_box(sourcelight::analyze(std::hint::black_box(&page.blocks)));
        }
    }
    ExitCode::SUCCESS
}

/// Writes both reports of every page into `dir`.
fn write_reports(pages: &[corpus::Page], dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for page in pages {
        let from_blocks = sourcelight::analyze(&page.blocks);
        let from_text = sourcelight::analyze_text(&page.plain_text());
        for (suffix, report) in [("json", &from_blocks), ("text.json", &from_text)] {
            let path = dir.join(format!("{}.{suffix}", page.name));
            let json = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
            std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
