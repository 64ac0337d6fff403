//! Pages of bare text (text and `<br>`s straight in the body, no paragraph elements) through the
//! extension's own path: the snapshot's JSON text, read by the snapshot reader, annotated as
//! `annotateSnapshot` does.

use sourcelight::article::snapshot::DomSnapshot;
use sourcelight::html::parse_html;
use sourcelight::paint::Annotation;

/// The annotation of `html` as the extension makes it: the page's snapshot as JSON text, read
/// back by the snapshot reader, annotated.
fn annotate(html: &str) -> Annotation<usize> {
    let snapshot = DomSnapshot::from_json(&parse_html(html).to_json())
        .unwrap_or_else(|e| panic!("{html}: {e}"));
    sourcelight::annotate(&snapshot)
}

#[test]
fn bare_text_pages_are_annotated_through_the_snapshot() {
    // (page, whether an article is found, the quote's speaker when one is expected)
    let cases: &[(&str, bool, Option<&str>)] = &[
        (
            "<html><head><title>Bridge to close</title></head><body>The council voted on \
             Tuesday to close the old bridge.<br><br>\u{201c}It is no longer safe for anyone \
             to cross,\u{201d} said Maria Lopez, the city engineer.<br><br>Repairs will take \
             a year.</body></html>",
            true,
            Some("Maria Lopez"),
        ),
        (
            "<body>The council voted on Tuesday to close the old bridge.</body>",
            true,
            None,
        ),
        ("<body></body>", false, None),
        ("<body> \n\t<br>\n<br> </body>", false, None),
        ("<body>Too short.</body>", false, None),
    ];
    for &(html, found, speaker) in cases {
        let annotation = annotate(html);
        assert_eq!(annotation.article_found, found, "{html}");
        if let Some(speaker) = speaker {
            let speakers: Vec<Option<&str>> = annotation
                .report
                .quotes
                .iter()
                .map(|q| q.speaker.as_deref())
                .collect();
            assert_eq!(speakers, [Some(speaker)], "{html}");
            // The quote and its speaker are painted on the page's own text nodes.
            assert!(!annotation.ranges.is_empty(), "{html}: nothing to paint");
        }
        if !found {
            assert!(annotation.ranges.is_empty(), "{html}");
            assert!(annotation.report.quotes.is_empty(), "{html}");
        }
    }
}
