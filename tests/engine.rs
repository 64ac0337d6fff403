//! The engine on the product's reference article: a plain-text copy of
//! tests/fixtures/seed-article/source.html (headline, paragraphs and captions, blank-line
//! separated), with the exact quotes, speakers and attributions the product promises.

use sourcelight::report::{QuoteKind, Report};
use sourcelight::text::blocks_from_plain_text;
use sourcelight::{analyze, analyze_text, Block, BlockKind};

const ARTICLE: &str = include_str!("fixtures/seed-article/article.txt");

fn direct(report: &Report) -> Vec<(&str, Option<&str>)> {
    report
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .map(|q| (q.text.as_str(), q.speaker.as_deref()))
        .collect()
}

#[test]
fn seed_article_direct_quotes_and_speakers() {
    let report = analyze_text(ARTICLE);
    let want: &[(&str, Option<&str>)] = &[
        (
            "different stage from where we were a year ago, when bilateral relations were at a historically low level,",
            Some("a senior American official"),
        ),
        (
            "We also believe, and we have clearly demonstrated it, that responsible management of competition does not mean that we must renounce taking measures to protect national interests of the United States,",
            Some("a senior American official"),
        ),
        (
            "If China wants to have friendly relations with Europe and other countries on the one hand, it cannot fuel on the other hand what is the greatest threat to European security since the end of the war “cold,",
            Some("Antony Blinken"),
        ),
        (
            "More regular crackdowns by China against Chinese chemical companies and manufacturers (…) involved in illicit fentanyl supply chains would send a strong signal of “China's commitment to tackling this problem,",
            Some("a senior US State Department official"),
        ),
        (
            "The Chinese understand that the Biden administration is unlikely to deliver good news on the trade front because it does not fit with the election platform,",
            Some("Yun Sun"),
        ),
        ("the priority is to maintain the stability of relations.", Some("Yun Sun")),
        ("Until there is clarity on the next administration, I don't think they see a better strategy,", Some("Yun Sun")),
    ];
    assert_eq!(direct(&report), want);
    assert_eq!(report.language, "en");
}

#[test]
fn seed_article_indirect_speech() {
    let report = analyze_text(ARTICLE);
    let indirect: Vec<(&str, Option<&str>, Option<&str>)> = report
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .map(|q| (q.text.as_str(), q.speaker.as_deref(), q.cue.as_deref()))
        .collect();
    let want: &[(&str, Option<&str>, Option<&str>)] = &[
        (
            "since the November summit, China appears to have taken initial steps, which Mr. Blinken will ask for further development",
            Some("a senior US State Department official"),
            Some("According to"),
        ),
        ("Chinese leaders are waiting before the American elections", Some("Yun Sun"), Some("observes")),
    ];
    assert_eq!(indirect, want);
}

#[test]
fn seed_article_speaker_list() {
    let report = analyze_text(ARTICLE);
    let speakers: Vec<(usize, &str, bool, Option<&str>, usize)> = report
        .speakers
        .iter()
        .map(|s| (s.id, s.name.as_str(), s.named, s.title.as_deref(), s.quotes))
        .collect();
    let want: &[(usize, &str, bool, Option<&str>, usize)] = &[
        (0, "a senior American official", false, None, 2),
        (1, "Antony Blinken", true, Some("Secretary of State"), 1),
        (2, "a senior US State Department official", false, None, 2),
        (
            3,
            "Yun Sun",
            true,
            Some("researcher at the Stimson Center"),
            4,
        ),
    ];
    assert_eq!(speakers, want);
    for quote in &report.quotes {
        let id = quote.speaker_id.expect("every seed quote is attributed");
        assert_eq!(
            quote.speaker.as_deref(),
            Some(report.speakers[id].name.as_str())
        );
    }
}

#[test]
fn seed_article_spans_point_at_the_quoted_text() {
    let blocks = blocks_from_plain_text(ARTICLE);
    let report = analyze(&blocks);
    for quote in &report.quotes {
        let pieces: Vec<String> = quote
            .spans
            .iter()
            .map(|s| {
                let units: Vec<u16> = blocks[s.block].text.encode_utf16().collect();
                String::from_utf16_lossy(&units[s.start..s.end])
            })
            .collect();
        assert_eq!(pieces.join(" "), quote.text);
    }
    // The unbalanced inner mark: the quote runs to the one closing mark.
    let blinken = &report.quotes[2];
    assert!(blinken.text.ends_with("war “cold,"));
    assert_eq!(blinken.cue.as_deref(), Some("said"));
}

#[test]
fn captions_and_bylines_never_speak_nor_count_as_mentions() {
    let mut blocks = blocks_from_plain_text(ARTICLE);
    for block in blocks.iter_mut().filter(|b| b.text.contains("© AFP")) {
        block.kind = BlockKind::Caption;
    }
    blocks.push(Block::new(BlockKind::Byline, "By Teilor Stone"));
    let report = analyze(&blocks);
    assert_eq!(direct(&report).len(), 7);
    assert!(report.speakers.iter().all(|s| s.name != "Teilor Stone"));
    for speaker in &report.speakers {
        for mention in &speaker.mentions {
            let kind = blocks[mention.block].kind;
            assert!(
                matches!(kind, BlockKind::Paragraph | BlockKind::Headline),
                "{kind:?} mention of {speaker:?}"
            );
            let mut direct_spans = report
                .quotes
                .iter()
                .filter(|q| q.kind == QuoteKind::Direct)
                .flat_map(|q| &q.spans);
            let inside = direct_spans.any(|s| {
                s.block == mention.block && s.start <= mention.start && mention.end <= s.end
            });
            assert!(!inside, "mention inside a direct quote: {mention:?}");
        }
    }
    let yun_sun = report
        .speakers
        .iter()
        .find(|s| s.name == "Yun Sun")
        .expect("Yun Sun speaks");
    assert_eq!(yun_sun.quotes, 4);
}

#[test]
fn odd_inputs_never_panic() {
    let cases = [
        "",
        "“",
        "”",
        "« »",
        "„“",
        "‘’'\"",
        "“a\n\n”b",
        "said",
        "according to",
        "He said: “",
        "\u{a0}«\u{a0}",
        "😀 “😀,” 😀 said.",
    ];
    for text in cases {
        let report = analyze_text(text);
        assert!(report.quotes.len() <= 2, "{text:?}");
    }
}

#[test]
fn portuguese_articles_are_detected_and_attributed() {
    // (article, language, quotes as (text, speaker)): an invented news paragraph per case.
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, Option<&'a str>)]);
    let cases: &[Case] = &[
        (
            "O técnico Paulo Mendes disse que o time está pronto para a final.\n\n\
             “Vamos jogar com a cabeça no lugar”, acrescentou Mendes, que não quis falar dos rivais.",
            "pt",
            &[
                ("o time está pronto para a final", Some("Paulo Mendes")),
                ("Vamos jogar com a cabeça no lugar", Some("Paulo Mendes")),
            ],
        ),
        (
            "El técnico Paulo Mendes dijo que el equipo está listo para la final de los campeones.",
            "es",
            &[("el equipo está listo para la final de los campeones", Some("Paulo Mendes"))],
        ),
    ];
    for &(article, language, want) in cases {
        let report = analyze_text(article);
        assert_eq!(report.language, language, "{article:?}");
        let got: Vec<(&str, Option<&str>)> = report
            .quotes
            .iter()
            .map(|q| (q.text.as_str(), q.speaker.as_deref()))
            .collect();
        assert_eq!(got, want, "{article:?}");
    }
}
