//! Prints the gold-set score table: `cargo run --profile native --example score`.
//! With `--details`, also lists every mismatch per page (optionally only for the pages named:
//! `--example score -- --details nytimes-1 bbc-1`).

#[path = "../tests/scoring/mod.rs"]
mod scoring;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let details = args.iter().any(|a| a == "--details");
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (rows, _) = scoring::score_all();
    print!("{}", scoring::table(&rows));
    if !details {
        return;
    }
    for page in scoring::gold_pages() {
        if !only.is_empty() && !only.iter().any(|p| *p == page) {
            continue;
        }
        let Some(gold) = scoring::load_gold(page) else {
            continue;
        };
        let report = scoring::analyze_page(&scoring::page_path(page));
        println!("\n## {page}");
        for line in scoring::mismatches(&report, &gold) {
            println!("- {line}");
        }
    }
}
