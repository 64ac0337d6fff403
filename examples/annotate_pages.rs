//! Writes, for each fixture page and the reference article, the page's snapshot as the content
//! script would send it (`DIR/<page>.snapshot.json`) and what `annotateSnapshot` returns for it
//! (`DIR/<page>.annotation.json`, the article found, the report and the paint plan), through the
//! same code as the wasm: `cargo run --profile native --example annotate_pages -- DIR`.
//! `diff -r` between two such directories proves a change to the snapshot reader, the article
//! finder or the paint plan byte-identical, and node tools time the wasm on the snapshots.

// The example reads the saved pages only.
#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: annotate_pages DIR");
        return ExitCode::from(2);
    };
    match write_annotations(Path::new(&dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("annotate_pages: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes both files for every page into `dir`.
fn write_annotations(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for page in corpus::load() {
        let snapshot = sourcelight::html::parse_html_bytes(&page.html).to_json();
        let annotation = sourcelight::annotate_snapshot_json(snapshot.clone())
            .map_err(|e| format!("{}: {e}", page.name))?;
        for (suffix, text) in [("snapshot", &snapshot), ("annotation", &annotation)] {
            let path = dir.join(format!("{}.{suffix}.json", page.name));
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
