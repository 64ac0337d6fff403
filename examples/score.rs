//! Prints the gold-set score table: `cargo run --profile native --example score`.

#[path = "../tests/scoring/mod.rs"]
mod scoring;

fn main() {
    let (rows, _) = scoring::score_all();
    print!("{}", scoring::table(&rows));
}
