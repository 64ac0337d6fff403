//! The benchmark corpus, shared by `benches/core.rs` and `examples/corpus_text.rs`: the 44 fixture
//! pages plus the reference article, each with its article blocks found once, and synthetic pages
//! of any size made by cycling through all the pages' blocks.

use sourcelight::text::{Block, BlockKind};
use std::path::{Path, PathBuf};

/// One saved page of the corpus.
pub struct Page {
    /// Directory name under tests/fixtures (e.g. `bbc-1`, `seed-article`).
    pub name: String,
    /// The saved HTML, as bytes.
    pub html: Vec<u8>,
    /// The article blocks the finder returns for it.
    pub blocks: Vec<Block>,
}

impl Page {
    /// Bytes of article text (what "MB/s of article text" counts).
    pub fn text_bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.text.len()).sum()
    }

    /// The article as plain text: blocks joined by blank lines, as `analyzeText` takes it.
    pub fn plain_text(&self) -> String {
        plain_text(&self.blocks)
    }
}

/// Blocks joined by blank lines. Blank lines inside a block would split it when read back, so
/// they are dropped; empty blocks are skipped.
pub fn plain_text(blocks: &[Block]) -> String {
    let paragraphs: Vec<String> = blocks
        .iter()
        .map(|b| {
            b.text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

/// tests/fixtures, wherever cargo runs from.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture page (sorted by name) and then the reference article, parsed and with their
/// article found. Panics on a missing fixture: benchmarks without their corpus are meaningless.
pub fn load() -> Vec<Page> {
    let pages_dir = fixtures().join("pages");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&pages_dir)
        .expect("tests/fixtures/pages")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|dir| dir.join("source.html").is_file())
        .collect();
    dirs.sort();
    dirs.push(fixtures().join("seed-article"));
    dirs.iter()
        .map(|dir| {
            let html = std::fs::read(dir.join("source.html")).expect("readable source.html");
            let tree = sourcelight::html::parse_html_bytes(&html);
            let blocks = sourcelight::article::find_article(&tree).blocks;
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Page { name, html, blocks }
        })
        .collect()
}

/// Sizes of the synthetic articles, in bytes of text: 10 KB to 10 MB.
pub const SYNTHETIC_SIZES: [usize; 4] = [10_000, 100_000, 1_000_000, 10_000_000];

/// A synthetic article of at least `bytes` bytes of text: the corpus's paragraphs in turn,
/// interleaving pages (page 0 block 0, page 1 block 0, ...) so that no page's run repeats
/// back-to-back, with one headline first.
pub fn synthetic(pages: &[Page], bytes: usize) -> Vec<Block> {
    let paragraphs: Vec<&Block> = interleaved(pages)
        .filter(|b| b.kind == BlockKind::Paragraph)
        .collect();
    let mut out = vec![Block::new(
        BlockKind::Headline,
        "Synthetic page made of fixture paragraphs",
    )];
    let mut size = 0;
    for block in paragraphs.iter().cycle() {
        if size >= bytes {
            break;
        }
        size += block.text.len();
        out.push((*block).clone());
    }
    out
}

/// Blocks of all pages, round-robin by position.
fn interleaved(pages: &[Page]) -> impl Iterator<Item = &Block> {
    let longest = pages.iter().map(|p| p.blocks.len()).max().unwrap_or(0);
    (0..longest).flat_map(move |i| pages.iter().filter_map(move |p| p.blocks.get(i)))
}
