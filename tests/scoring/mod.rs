//! Scores reports against the hand-written gold set in `tests/gold/`.
//!
//! Shared by `tests/gold.rs` (thresholds) and `examples/score.rs` (the printed table), so both
//! always measure the same thing. The matching rules are written down in `tests/gold/README.md`.

use serde::Deserialize;
use sourcelight::report::{QuoteKind, Report};
use std::path::{Path, PathBuf};

/// The gold set in the order it was written: each set's name and pages. A set was scored before
/// any rule was changed for it, so its first score (in `tests/gold/README.md`) measured rules
/// written without it. The last set is held out: rules are tuned on the others only, and its
/// score says whether they generalise (see the README).
pub const GOLD_SETS: &[(&str, &[&str])] = &[
    (
        "first 13 (2026-11-28)",
        &[
            "seed-article",
            "nytimes-1",
            "bbc-1",
            "guardian-1",
            "washingtonpost-1",
            "cnn-1",
            "telegraph-1",
            "nbcnews-1",
            "foxnews-1",
            "latimes-1",
            "dailymail-1",
            "lemonde-1",
            "tagesspiegel-1",
        ],
    ),
    (
        "added 10 (2026-11-30)",
        &[
            "apnews-1",
            "skynews-1",
            "reuters-1",
            "timesofisrael-1",
            "npr-1",
            "abc7news-1",
            "politico-1",
            "aljazeera-1",
            "usatoday-1",
            "chron-1",
        ],
    ),
    (
        "held out 8 (2026-11-30)",
        &[
            "buzzfeednews-1",
            "gothamist-1",
            "thesun-1",
            "deccanherald-1",
            "nytimes-2",
            "cnbc-1",
            "infobae-1",
            "abendblatt-1",
        ],
    ),
];

/// Every page of the gold set, in `GOLD_SETS`' order.
pub fn gold_pages() -> impl Iterator<Item = &'static str> {
    GOLD_SETS
        .iter()
        .flat_map(|&(_, pages)| pages.iter().copied())
}

/// One page's hand-written answers.
#[derive(Debug, Deserialize)]
pub struct Gold {
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub officials: Vec<GoldOfficial>,
    #[serde(default)]
    pub image_credits: Vec<GoldCredit>,
}

#[derive(Debug, Deserialize)]
pub struct GoldQuote {
    pub text: String,
    pub kind: String,
    pub speaker: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct GoldOfficial {
    pub name: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct GoldCredit {
    pub text: String,
    pub agency: Option<String>,
    pub photographer: Option<String>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The saved page of a gold page.
pub fn page_path(page: &str) -> PathBuf {
    let fixtures = repo().join("tests/fixtures");
    if page == "seed-article" {
        fixtures.join("seed-article/source.html")
    } else {
        fixtures.join("pages").join(page).join("source.html")
    }
}

/// Loads the gold answers of `page`, or `None` if that file is not written yet.
pub fn load_gold(page: &str) -> Option<Gold> {
    let path = repo().join("tests/gold").join(format!("{page}.json"));
    let text = std::fs::read_to_string(&path).ok()?;
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Runs the whole native pipeline (decode, parse, find the article, analyse) on a saved page.
pub fn analyze_page(path: &Path) -> Report {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    sourcelight::analyze_html_bytes(&bytes)
}

/// True positives, false positives and false negatives of one category.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// An empty category scores 1 (nothing to find, nothing wrongly found).
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// Scores of one page, or of the whole set when added up.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scores {
    pub direct: Counts,
    pub direct_strict: Counts,
    pub indirect: Counts,
    pub indirect_strict: Counts,
    pub speaker_correct: usize,
    pub speaker_total: usize,
    pub officials: Counts,
    pub credits: Counts,
}

impl Scores {
    pub fn add(&mut self, other: &Scores) {
        self.direct.add(other.direct);
        self.direct_strict.add(other.direct_strict);
        self.indirect.add(other.indirect);
        self.indirect_strict.add(other.indirect_strict);
        self.speaker_correct += other.speaker_correct;
        self.speaker_total += other.speaker_total;
        self.officials.add(other.officials);
        self.credits.add(other.credits);
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_correct, self.speaker_total)
    }
}

/// Lower-cased word tokens (letters and digits), the unit of quote overlap.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// |P ∩ G| / max(|P|, |G|) over word multisets.
pub fn overlap(predicted: &str, gold: &str) -> f64 {
    let p = words(predicted);
    let mut g = words(gold);
    let longest = p.len().max(g.len());
    if longest == 0 {
        return 0.0;
    }
    let mut common = 0;
    for w in &p {
        if let Some(i) = g.iter().position(|x| x == w) {
            g.swap_remove(i);
            common += 1;
        }
    }
    common as f64 / longest as f64
}

/// Greedy one-to-one matching by decreasing score; returns (predicted, gold) index pairs.
fn match_greedy(scores: Vec<(f64, usize, usize)>, threshold: f64) -> Vec<(usize, usize)> {
    let mut scores: Vec<_> = scores.into_iter().filter(|s| s.0 >= threshold).collect();
    scores.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut used_p, mut used_g) = (Vec::new(), Vec::new());
    let mut pairs = Vec::new();
    for (_, p, g) in scores {
        if !used_p.contains(&p) && !used_g.contains(&g) {
            used_p.push(p);
            used_g.push(g);
            pairs.push((p, g));
        }
    }
    pairs
}

fn counts(pairs: usize, predicted: usize, gold: usize) -> Counts {
    Counts {
        tp: pairs,
        fp: predicted - pairs,
        fn_: gold - pairs,
    }
}

const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "sen", "rep", "gov", "m", "mme",
    "herr", "frau", "sr", "sra",
];
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "one", "un", "une", "le", "la", "les", "der", "die", "das", "el",
];

/// A name reduced for comparison: lower case, no punctuation, honorifics and a leading
/// determiner removed.
pub fn normalize_name(name: &str) -> Vec<String> {
    let mut w = words(name);
    while w.first().is_some_and(|x| HONORIFICS.contains(&x.as_str())) {
        w.remove(0);
    }
    if w.first().is_some_and(|x| DETERMINERS.contains(&x.as_str())) {
        w.remove(0);
    }
    w
}

/// Names refer to the same speaker when equal after normalising, or when one is the other's
/// surname.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (normalize_name(a), normalize_name(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || (a.len() == 1 && b.last() == a.last()) || (b.len() == 1 && a.last() == b.last())
}

/// Matching results of one page, kept so that mismatches can be listed.
struct Matched {
    scores: Scores,
    /// Lines describing false positives, false negatives and wrong speakers.
    problems: Vec<String>,
}

/// Scores one page's report against its gold answers.
pub fn score(report: &Report, gold: &Gold) -> Scores {
    compare(report, gold).scores
}

/// Lists what the report got wrong against the gold answers: one line per missed or spurious
/// item and per wrong speaker, for whoever tunes the engine.
pub fn mismatches(report: &Report, gold: &Gold) -> Vec<String> {
    compare(report, gold).problems
}

fn compare(report: &Report, gold: &Gold) -> Matched {
    let mut problems = Vec::new();
    let mut s = Scores::default();
    for (kind, gold_kind) in [
        (QuoteKind::Direct, "direct"),
        (QuoteKind::Indirect, "indirect"),
    ] {
        let predicted: Vec<_> = report.quotes.iter().filter(|q| q.kind == kind).collect();
        let expected: Vec<_> = gold.quotes.iter().filter(|q| q.kind == gold_kind).collect();
        let mut pairwise = Vec::new();
        for (pi, p) in predicted.iter().enumerate() {
            for (gi, g) in expected.iter().enumerate() {
                pairwise.push((overlap(&p.text, &g.text), pi, gi));
            }
        }
        let loose = match_greedy(pairwise.clone(), 0.5);
        let strict = match_greedy(pairwise, 0.8);
        for &(pi, gi) in &loose {
            s.speaker_total += 1;
            let right = match (&predicted[pi].speaker, &expected[gi].speaker) {
                (Some(p), Some(g)) => same_name(p, g),
                (None, None) => true,
                _ => false,
            };
            s.speaker_correct += usize::from(right);
            if !right {
                problems.push(format!(
                    "speaker {gold_kind}: got {:?}, want {:?} for {:?}",
                    predicted[pi].speaker,
                    expected[gi].speaker,
                    short(&expected[gi].text)
                ));
            }
        }
        report_unmatched(
            &mut problems,
            &loose,
            &predicted,
            &expected,
            |p| format!("{gold_kind} quote ({:?}): {:?}", p.speaker, short(&p.text)),
            |g| format!("{gold_kind} quote ({:?}): {:?}", g.speaker, short(&g.text)),
        );
        let (loose, strict) = (
            counts(loose.len(), predicted.len(), expected.len()),
            counts(strict.len(), predicted.len(), expected.len()),
        );
        if kind == QuoteKind::Direct {
            (s.direct, s.direct_strict) = (loose, strict);
        } else {
            (s.indirect, s.indirect_strict) = (loose, strict);
        }
    }

    let mut pairwise = Vec::new();
    for (pi, p) in report.officials.iter().enumerate() {
        for (gi, g) in gold.officials.iter().enumerate() {
            let score = match (&p.name, &g.name) {
                (Some(pn), Some(gn)) => f64::from(u8::from(same_name(pn, gn))),
                (None, None) => overlap(&p.title, g.title.as_deref().unwrap_or("")),
                _ => 0.0,
            };
            pairwise.push((score, pi, gi));
        }
    }
    let pairs = match_greedy(pairwise, 0.5);
    report_unmatched(
        &mut problems,
        &pairs,
        &report.officials,
        &gold.officials,
        |p| format!("official: {:?}, {:?}", p.name, p.title),
        |g| format!("official: {:?}, {:?}", g.name, g.title),
    );
    s.officials = counts(pairs.len(), report.officials.len(), gold.officials.len());

    let mut pairwise = Vec::new();
    for (pi, p) in report.image_credits.iter().enumerate() {
        for (gi, g) in gold.image_credits.iter().enumerate() {
            let same_parts = p.agency.is_some()
                && p.photographer.is_some()
                && same_opt(&p.agency, &g.agency)
                && same_opt(&p.photographer, &g.photographer);
            let score = if same_parts {
                1.0
            } else {
                overlap(&p.text, &g.text)
            };
            pairwise.push((score, pi, gi));
        }
    }
    let pairs = match_greedy(pairwise, 0.5);
    report_unmatched(
        &mut problems,
        &pairs,
        &report.image_credits,
        &gold.image_credits,
        |p| format!("credit: {:?}", p.text),
        |g| format!("credit: {:?}", g.text),
    );
    s.credits = counts(
        pairs.len(),
        report.image_credits.len(),
        gold.image_credits.len(),
    );
    Matched {
        scores: s,
        problems,
    }
}

/// Adds a line for every predicted item left unmatched by `pairs` (a false positive) and every
/// gold item left unmatched (a false negative).
fn report_unmatched<P, G>(
    problems: &mut Vec<String>,
    pairs: &[(usize, usize)],
    predicted: &[P],
    gold: &[G],
    describe_predicted: impl Fn(&P) -> String,
    describe_gold: impl Fn(&G) -> String,
) {
    for (i, p) in predicted.iter().enumerate() {
        if !pairs.iter().any(|&(m, _)| m == i) {
            problems.push(format!("FP {}", describe_predicted(p)));
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if !pairs.iter().any(|&(_, m)| m == i) {
            problems.push(format!("FN {}", describe_gold(g)));
        }
    }
}

/// The first words of a quote, enough to find it in the page.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(90).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

fn same_opt(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => words(a) == words(b),
        _ => false,
    }
}

/// The table the score command prints: one row per page, a total row per set of `GOLD_SETS`, and
/// a total row.
pub fn table(rows: &[(String, Scores)]) -> String {
    let mut out = String::from(
        "| page | direct P | direct R | direct F1 | F1@0.8 | indirect F1 | F1@0.8 | speaker acc | officials F1 | credits F1 |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut total = Scores::default();
    let mut line = |name: &str, s: &Scores| {
        out.push_str(&format!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} ({}/{}) | {:.3} | {:.3} |\n",
            s.direct.precision(),
            s.direct.recall(),
            s.direct.f1(),
            s.direct_strict.f1(),
            s.indirect.f1(),
            s.indirect_strict.f1(),
            s.speaker_accuracy(),
            s.speaker_correct,
            s.speaker_total,
            s.officials.f1(),
            s.credits.f1(),
        ));
    };
    for (name, s) in rows {
        line(name, s);
        total.add(s);
    }
    for (set, subtotal) in set_totals(rows) {
        line(&format!("*{set}*"), &subtotal);
    }
    line("**all**", &total);
    out
}

/// The total of `rows` (as `score_all` gives them) for each set of `GOLD_SETS`, with its name.
pub fn set_totals(rows: &[(String, Scores)]) -> Vec<(&'static str, Scores)> {
    GOLD_SETS
        .iter()
        .map(|&(set, pages)| {
            let mut subtotal = Scores::default();
            for (_, s) in rows
                .iter()
                .filter(|(name, _)| pages.contains(&name.as_str()))
            {
                subtotal.add(s);
            }
            (set, subtotal)
        })
        .collect()
}

/// Scores every gold page that has a gold file; returns the rows and their total.
pub fn score_all() -> (Vec<(String, Scores)>, Scores) {
    let mut rows = Vec::new();
    let mut total = Scores::default();
    for page in gold_pages() {
        let Some(gold) = load_gold(page) else {
            continue;
        };
        let report = analyze_page(&page_path(page));
        let s = score(&report, &gold);
        total.add(&s);
        rows.push((page.to_string(), s));
    }
    (rows, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_symmetric_token_ratio() {
        let cases = [
            ("We also believe", "we also believe", 1.0),
            ("a b c d", "a b", 0.5),
            ("", "a", 0.0),
            ("x y", "z", 0.0),
        ];
        for (p, g, want) in cases {
            assert_eq!(overlap(p, g), want, "{p:?} vs {g:?}");
        }
    }

    #[test]
    fn names_match_by_surname_and_without_honorifics() {
        let cases = [
            ("Antony Blinken", "Mr. Blinken", true),
            ("Blinken", "Antony Blinken", true),
            (
                "a senior American official",
                "senior American official",
                true,
            ),
            ("Yun Sun", "Antony Blinken", false),
            ("", "x", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(same_name(a, b), want, "{a:?} vs {b:?}");
        }
    }
}
