//! Native benchmarks of the core (`cargo bench --bench core`; quick check: `-- --test`).
//!
//! - `analyze_corpus`: `sourcelight::analyze` over the article blocks of every fixture page and
//!   the reference article (found once, outside the timing); throughput is MB/s of article text.
//! - `analyze_text_corpus`: the same through `analyze_text` (plain text in, as the wasm takes it).
//! - `analyze_page` / `parse_html` / `find_article`: the same three steps per page, so a slow
//!   page stands out and parsing is kept apart from finding.
//! - `analyze_synthetic`: time against text size (10 KB .. 10 MB of fixture paragraphs), to show
//!   that work grows linearly with the page.

#[path = "corpus/mod.rs"]
mod corpus;

use divan::counter::BytesCount;
use divan::Bencher;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// The corpus, loaded and article-found once for all benchmarks.
fn pages() -> &'static [corpus::Page] {
    static PAGES: OnceLock<Vec<corpus::Page>> = OnceLock::new();
    PAGES.get_or_init(corpus::load)
}

/// Page names, the argument of the per-page benchmarks.
fn page_names() -> impl Iterator<Item = &'static str> {
    pages().iter().map(|p| p.name.as_str())
}

fn page(name: &str) -> &'static corpus::Page {
    pages()
        .iter()
        .find(|p| p.name == name)
        .expect("a corpus page")
}

#[divan::bench(sample_count = 20)]
fn analyze_corpus(bencher: Bencher) {
    let pages = pages();
    let bytes: usize = pages.iter().map(corpus::Page::text_bytes).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for page in pages {
            divan::black_box(sourcelight::analyze(divan::black_box(&page.blocks)));
        }
    });
}

/// What the wasm `analyzeText` does natively: plain text (blocks joined by blank lines) split
/// into blocks, then analysed.
#[divan::bench(sample_count = 20)]
fn analyze_text_corpus(bencher: Bencher) {
    let texts: Vec<String> = pages().iter().map(corpus::Page::plain_text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for text in &texts {
            divan::black_box(sourcelight::analyze_text(divan::black_box(text)));
        }
    });
}

#[divan::bench(args = page_names(), sample_count = 20)]
fn analyze_page(bencher: Bencher, name: &str) {
    let page = page(name);
    bencher
        .counter(BytesCount::new(page.text_bytes()))
        .bench(|| sourcelight::analyze(divan::black_box(&page.blocks)));
}

#[divan::bench(args = page_names(), sample_count = 20)]
fn parse_html(bencher: Bencher, name: &str) {
    let page = page(name);
    bencher
        .counter(BytesCount::new(page.html.len()))
        .bench(|| sourcelight::html::parse_html_bytes(divan::black_box(&page.html)));
}

#[divan::bench(args = page_names(), sample_count = 20)]
fn find_article(bencher: Bencher, name: &str) {
    let page = page(name);
    let tree = sourcelight::html::parse_html_bytes(&page.html);
    bencher
        .counter(BytesCount::new(page.html.len()))
        .bench(|| sourcelight::article::find_article(divan::black_box(&tree)));
}

#[divan::bench(args = corpus::SYNTHETIC_SIZES, sample_count = 5, sample_size = 1)]
fn analyze_synthetic(bencher: Bencher, size: usize) {
    let blocks = corpus::synthetic(pages(), size);
    let bytes: usize = blocks.iter().map(|b| b.text.len()).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| sourcelight::analyze(divan::black_box(&blocks)));
}
