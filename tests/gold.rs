//! The engine's accuracy on the hand-written gold set, held at the level reached.
//!
//! Thresholds only ever go up. `cargo run --profile native --example score` prints the table,
//! `-- --details` the mismatches.

mod scoring;

/// (what, measured value, minimum) — the floor each score must keep.
fn floors(total: &scoring::Scores) -> Vec<(&'static str, f64, f64)> {
    vec![
        // Levels reached on 2026-11-28 (targets: 0.95, 0.75, 0.95, 0.90, 0.95).
        ("direct quote F1", total.direct.f1(), 0.975),
        ("indirect quote F1", total.indirect.f1(), 0.820),
        ("speaker accuracy", total.speaker_accuracy(), 0.96),
        ("officials F1", total.officials.f1(), 0.907),
        ("image credit F1", total.credits.f1(), 0.982),
    ]
}

#[test]
fn gold_set_scores_hold() {
    let (rows, total) = scoring::score_all();
    assert!(
        rows.len() >= 13,
        "gold files missing: only {} pages scored",
        rows.len()
    );
    println!("{}", scoring::table(&rows));
    let fallen: Vec<String> = floors(&total)
        .into_iter()
        .filter(|&(_, got, floor)| got < floor)
        .map(|(what, got, floor)| format!("{what} fell to {got:.3} (floor {floor:.3})"))
        .collect();
    if !fallen.is_empty() {
        // Show what went wrong, page by page, before failing.
        for page in scoring::GOLD_PAGES {
            if let Some(gold) = scoring::load_gold(page) {
                let report = scoring::analyze_page(&scoring::page_path(page));
                for line in scoring::mismatches(&report, &gold) {
                    println!("{page}: {line}");
                }
            }
        }
        panic!("{}", fallen.join("; "));
    }
}
