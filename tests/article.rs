//! The article finder on real pages, the seed article, the snapshot wire format, painting, and
//! pathological trees.

use sourcelight::article::snapshot::DomSnapshot;
use sourcelight::article::{find_article, paint_ranges, Article, DomRange, Tree};
use sourcelight::html::{parse_html, parse_html_bytes};
use sourcelight::report::Span;
use sourcelight::BlockKind;
use std::path::Path;

/// Parses a fixture page and finds its article.
fn article_of(path: &Path) -> (DomSnapshot, Article<usize>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let snapshot = parse_html_bytes(&bytes);
    let article = find_article(&snapshot);
    (snapshot, article)
}

/// Text with every whitespace run as one space, as the analysis reads it.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks that each block's pieces tile its text exactly and name the text nodes it came from.
fn assert_pieces_map_back(name: &str, snapshot: &DomSnapshot, article: &Article<usize>) {
    assert_eq!(article.blocks.len(), article.pieces.len(), "{name}");
    for (block, pieces) in article.blocks.iter().zip(&article.pieces) {
        let paintable = !matches!(block.kind, BlockKind::ImageText | BlockKind::Metadata);
        if !paintable {
            assert!(
                pieces.is_empty(),
                "{name}: {:?} block has pieces",
                block.kind
            );
            continue;
        }
        let mut rebuilt = String::new();
        for piece in pieces {
            assert_eq!(
                piece.start,
                rebuilt.encode_utf16().count(),
                "{name}: gap before a piece"
            );
            let text = match piece.node {
                Some(node) => snapshot
                    .text(node)
                    .unwrap_or_else(|| panic!("{name}: piece is not a text node")),
                None => &block.text[rebuilt.len()..rebuilt.len() + piece.len],
            };
            assert_eq!(
                text.encode_utf16().count(),
                piece.len,
                "{name}: piece length"
            );
            rebuilt.push_str(text);
        }
        if block.kind != BlockKind::Headline || !pieces.is_empty() {
            assert_eq!(rebuilt, block.text, "{name}: pieces do not spell the block");
        }
    }
}

#[test]
fn every_page_has_headline_paragraphs_and_article_text() {
    // (page, a sentence from the story, texts from navigation, footers or hidden UI that no
    // block may contain)
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "abc7news-1",
            "Margaritaville Hotels and Resorts has properties all",
            &["Building A Better Bay Area"],
        ),
        (
            "abendblatt-1",
            "Allerdings verlagere sich die Nachfrage. „Wir sehen",
            &["Hamburger Abendblatt hilft e.V."],
        ),
        (
            "aljazeera-1",
            "\"The Americans wanted to raid a mujahideen base, but",
            &["Trump Impeachment Inquiry"],
        ),
        (
            "apnews-1",
            "Sondland’s appearance follows the testimony Tuesday of",
            &["©2019 The Associated Press. All rights reserved."],
        ),
        (
            "bbc-1",
            "But the man sat before me today was relaxed and",
            &["BBC navigation"],
        ),
        (
            "bloomberg-1",
            "Boeing Co. to build two new versions of the",
            &["Bloomberg Terminal Demo Request"],
        ),
        (
            "buzzfeednews-1",
            "West Mercia police said the tablets were believed to",
            &["© 2015 BuzzFeed, Inc"],
        ),
        (
            "cbsnews-1",
            "\"We got her, we got her!\" officers announced on their",
            &["Two U.S. troops killed in helicopter crash in Afghanistan"],
        ),
        (
            "chron-1",
            "“The United States firmly opposes intimidation by any",
            &["Place a Classified Ad"],
        ),
        (
            "clarin-1",
            "Desde esa tarde, no volvieron a hablar. El jefe de",
            &["Dólar, divisas, acciones y bonos"],
        ),
        (
            "cnbc-1",
            "It comes in addition to five 787 Dreamliner sales",
            &["Terms of Service"],
        ),
        (
            "cnn-1",
            "In December 2015, shortly before voting began in the",
            &["2019 Elections"],
        ),
        (
            "dailymail-1",
            "Amid mounting concern over Ms Truss's 'toothless'",
            &["Privacy policy & cookies"],
        ),
        (
            "deccanherald-1",
            "Grisham also accused the Democrats of being blinded by",
            &["Life in the City"],
        ),
        (
            "elpais-1",
            "Carlos Schaefer, el investigador de la Universidad de",
            &["mostrar/ocultar menú Internacional"],
        ),
        (
            "faz-1",
            "Im derzeit gängigen „Pro Rata“-Modell dagegen werden",
            &["neue oder aktualisierte Artikel."],
        ),
        (
            "folha-1",
            "Na ocasião, Tite e outros representantes do",
            &["destaques da TV"],
        ),
        (
            "foxnews-1",
            "“At no time did Dick Clark Productions agree to,",
            &["Fox News Investigates"],
        ),
        (
            "gothamist-1",
            "Roxanne Delgado, founder of the civic association",
            &["New York Public Radio. All rights reserved."],
        ),
        (
            "guardian-1",
            "But indigenous elders say they aren’t being listened",
            &["The Guardian - Back to home"],
        ),
        (
            "handelsblatt-1",
            "Grosbliederstroff Wenn Helmut Kohl emotional wurde,",
            &["Als Spam melden!"],
        ),
        (
            "infobae-1",
            "Este premio fue concedido al dibujante de prensa",
            &["Últimas Noticias América"],
        ),
        (
            "latimes-1",
            "That past includes behavior and views that are very",
            &["L.A. Times Careers"],
        ),
        (
            "ledevoir-1",
            "Éric Alan Caldwell estime que l’expérience a été un",
            &["Le Devoir de philo/Histoire"],
        ),
        (
            "lemonde-1",
            "La Commission nationale informatique et libertés",
            &["Édition Abonnés"],
        ),
        (
            "liberation-1",
            "2 209 Français ont été localisés sains et saufs tandis",
            &["Forums thématiques"],
        ),
        (
            "nbcnews-1",
            "A Gallup Korea poll released on Friday showed Yoon’s",
            &["Editors' picks"],
        ),
        (
            "npr-1",
            "Roof also explained at least some of his motives. He",
            &["Open Navigation Menu", "hide caption", "toggle caption"],
        ),
        (
            "nytimes-1",
            "Sales of military equipment will still be prohibited,",
            &["Site Search Navigation", "Skip to content"],
        ),
        (
            "nytimes-2",
            "The city’s 7,500 miles of sewer lines are less",
            &["Go to Home Page »"],
        ),
        (
            "politico-1",
            "Reached last week in a brief phone call, Bennett",
            &["Battleground States Tracker"],
        ),
        (
            "radiocanada-1",
            "« Ma conjointe et moi avons brièvement assisté à la",
            &["Abitibi-Témiscamingue"],
        ),
        (
            "reuters-1",
            "“It was a difficult part,” quipped Pitt of his role.",
            &["Advertising Guidelines"],
        ),
        (
            "seattletimes-1",
            "Amazon could be willing to accept losses or slimmer",
            &["Project Homeless"],
        ),
        (
            "skynews-1",
            "\"He has won a domestic title in a record four",
            &["© 2019 Sky UK"],
        ),
        (
            "tagesspiegel-1",
            "Was für andere Wochen die Deutsche Post erlebt hat.",
            &["Datenschutzerklärung"],
        ),
        (
            "telegraph-1",
            "Zimbabwean intelligence reports seen by Reuters",
            &["Fantasy Football"],
        ),
        (
            "theintercept-1",
            "Like others, the Turkish Friendship Hospital suffered",
            &["Become a Source"],
        ),
        (
            "thesun-1",
            "Authorities in western Mongolia, which is close to the",
            &["Hols from £9.50"],
        ),
        (
            "timesofindia-1",
            "Explaining Beijing’s changed position, observers said",
            &["Coronavirus Outbreak"],
        ),
        (
            "timesofisrael-1",
            "At a press conference announcing her appointment, a",
            &["Privacy Policy"],
        ),
        (
            "usatoday-1",
            "Tuesday, prosecutors asserted that Noel and Thomas",
            &["© Copyright Gannett 2018"],
        ),
        (
            "washingtonpost-1",
            "“We must pay attention to what is written” in that",
            &["WP BrandConnect"],
        ),
        (
            "yahoo-1",
            "Hicks said she was surprised when messages suddenly",
            &["'GMA' Cookie Search:"],
        ),
    ];
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    let on_disk = std::fs::read_dir(&pages)
        .expect("fixture pages")
        .flatten()
        .filter(|e| e.path().is_dir())
        .count();
    assert_eq!(on_disk, cases.len(), "every fixture page has a row");
    for &(page, sentence, forbidden) in cases {
        let (snapshot, article) = article_of(&pages.join(page).join("source.html"));
        let texts: Vec<(BlockKind, String)> = article
            .blocks
            .iter()
            .map(|b| (b.kind, normalized(&b.text)))
            .collect();
        let headlines = texts
            .iter()
            .filter(|(k, t)| *k == BlockKind::Headline && !t.is_empty())
            .count();
        assert_eq!(headlines, 1, "{page}: one headline");
        let paragraphs = texts
            .iter()
            .filter(|(k, _)| *k == BlockKind::Paragraph)
            .count();
        assert!(paragraphs >= 3, "{page}: {paragraphs} paragraphs");
        assert!(
            texts
                .iter()
                .any(|(k, t)| *k == BlockKind::Paragraph && t.contains(sentence)),
            "{page}: no paragraph contains {sentence:?}"
        );
        for &bad in forbidden {
            let hit = texts.iter().find(|(_, t)| t.contains(bad));
            assert!(hit.is_none(), "{page}: {bad:?} found in {hit:?}");
        }
        assert_pieces_map_back(page, &snapshot, &article);
    }
}

#[test]
fn seed_article_blocks_are_exact() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-article/source.html");
    let (snapshot, article) = article_of(&path);
    assert_pieces_map_back("seed", &snapshot, &article);
    let of_kind = |kind| -> Vec<String> {
        article
            .blocks
            .iter()
            .filter(|b| b.kind == kind)
            .map(|b| normalized(&b.text))
            .collect()
    };
    assert_eq!(
        of_kind(BlockKind::Headline),
        ["Blinken in China to put pressure on Beijing while preserving stability"]
    );
    assert_eq!(
        of_kind(BlockKind::Heading),
        ["– Pressure against support for Moscow –"]
    );
    let paragraphs = of_kind(BlockKind::Paragraph);
    let starts = [
        "American Secretary of State Antony Blinken is expected",
        "The head of American diplomacy",
        "He is also expected to raise US concerns",
        "Antony Blinken is also in China to ease tensions",
        "These have clearly attenuated",
        "This trip was followed by a meeting",
        "Mr. Blinken will begin his visit Wednesday",
        "This stop, intended to demonstrate",
        "Treasury Secretary Janet Yellen also visited",
        "Sino-American relations are at a “different stage",
        "“We also believe, and we have clearly demonstrated it",
        "The Joe Biden administration's willingness",
        "If Beijing does not directly supply weapons",
        "“If China wants to have friendly relations",
        "The Biden administration had called the agreement",
        "“More regular crackdowns by China",
        "Another source of friction",
        "Joe Biden will face Donald Trump",
        "Yun Sun, a researcher at the Stimson Center",
        "“The Chinese understand that the Biden administration",
        "For Chinese leaders, this year,",
        "All rights of reproduction and representation reserved. © (2024) Agence France-Presse",
    ];
    assert_eq!(paragraphs.len(), starts.len(), "{paragraphs:#?}");
    for (paragraph, start) in paragraphs.iter().zip(starts) {
        assert!(
            paragraph.starts_with(start),
            "{paragraph:?} should start with {start:?}"
        );
    }
    let captions = of_kind(BlockKind::Caption);
    let credits = [
        "Brendan Smialowski",
        "Pedro Pardo",
        "Antonin UTZ",
        "Tiziana FABI",
    ];
    assert_eq!(captions.len(), credits.len(), "{captions:#?}");
    for (caption, credit) in captions.iter().zip(credits) {
        assert!(
            caption.ends_with(&format!("© AFP – {credit}")),
            "{caption:?}"
        );
    }
    // The heading comes between the 11th and 12th paragraphs.
    let order: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
    let heading = order
        .iter()
        .position(|t| t.contains("Pressure against"))
        .expect("heading");
    let twelfth = order
        .iter()
        .position(|t| t.starts_with(starts[11]))
        .expect("paragraph 12");
    let eleventh = order
        .iter()
        .position(|t| t.starts_with(starts[10]))
        .expect("paragraph 11");
    assert!(eleventh < heading && heading < twelfth);
    let chrome = [
        "Spread the love",
        "Home",
        "Teilor Stone",
        "Leave a Reply",
        "Related stories",
        "Most read",
        "Advertisement",
        "Thesaxon. All rights reserved",
        "Skip to content",
        "Search for:",
    ];
    for block in &article.blocks {
        for bad in chrome {
            let visible = !matches!(block.kind, BlockKind::Metadata);
            assert!(
                !(visible && block.text.contains(bad)),
                "{bad:?} in {block:?}"
            );
        }
    }
}

/// A page whose story is long enough to be found, with `inner` as one of its paragraphs.
fn page_with(inner: &str) -> String {
    let filler =
        "<p>The committee met on Tuesday, for the third time this month, to discuss the budget, \
                  the schedule and the staffing of the new office.</p>";
    format!("<html><body><nav><a href=/>Home</a></nav><article><h1>Title of the story</h1>{filler}{filler}{inner}{filler}</article></body></html>")
}

#[test]
fn paint_ranges_map_back_across_inline_elements_entities_and_emoji() {
    // (paragraph html, quoted part of its text, expected (start node text, start offset,
    // end node text, end offset))
    type Row<'a> = (&'a str, &'a str, (&'a str, usize, &'a str, usize));
    let cases: &[Row] = &[
        (
            "<p>He said <a href=x>“caf&eacute; <em>😀 now</em>”</a> &amp; left the room at once.</p>",
            "café 😀 now",
            ("“café ", 1, "😀 now", 6),
        ),
        (
            "<p>Plain words here, <b>bold</b> and more words after it for length.</p>",
            "here, bold and",
            ("Plain words here, ", 12, " and more words after it for length.", 4),
        ),
        (
            "<p>First line of the paragraph<br>second line &lt;of&gt; the paragraph too.</p>",
            "paragraph\nsecond",
            ("First line of the paragraph", 18, "second line <of> the paragraph too.", 6),
        ),
    ];
    for &(html, quoted, want) in cases {
        let snapshot = parse_html(&page_with(html));
        let article = find_article(&snapshot);
        let (block, text) = article
            .blocks
            .iter()
            .enumerate()
            .find(|(_, b)| b.text.contains(quoted))
            .unwrap_or_else(|| panic!("{quoted:?} not in {:#?}", article.blocks));
        let byte = text.text.find(quoted).expect("found above");
        let start = text.text[..byte].encode_utf16().count();
        let end = start + quoted.encode_utf16().count();
        let ranges = paint_ranges(&article, &[Span { block, start, end }]);
        let got: Vec<(&str, usize, &str, usize)> = ranges
            .iter()
            .map(|r: &DomRange<usize>| {
                let text = |n| snapshot.text(n).unwrap_or("<element>");
                (
                    text(r.start_node),
                    r.start_offset,
                    text(r.end_node),
                    r.end_offset,
                )
            })
            .collect();
        assert_eq!(got, [want], "{html}");
    }
}

#[test]
fn applies_the_content_rules_to_typical_markup() {
    // (html inside the article, blocks that must each appear exactly once, texts no block may
    // contain)
    type Row<'a> = (&'a str, &'a [(BlockKind, &'a str)], &'a [&'a str]);
    let short_rows = "<tr><td>Northtown</td><td>Ann Lee</td><td>ann@example.org</td></tr>\
                      <tr><td>Southvale</td><td>Bo Chan</td><td>bo@example.org</td></tr>";
    let data_table = format!(
        "<table><caption>Members and addresses</caption><tr><th>Seat</th><th>Member</th>\
         <th>Email</th></tr>{short_rows}</table>"
    );
    let prose_table = format!(
        "<table>{short_rows}<tr><td>The minister said on Monday that the plan, which was approved \
         last week, would go ahead despite the objections.</td></tr></table>"
    );
    let cases: &[Row] = &[
        // A data table (short cells) is not prose; a table with a prose cell is.
        (
            &data_table,
            &[],
            &["Members and addresses", "Ann Lee", "Northtown"],
        ),
        (
            &prose_table,
            &[(
                BlockKind::Paragraph,
                "The minister said on Monday that the plan, which was approved last week, would \
                 go ahead despite the objections.",
            )],
            &[],
        ),
        // Credit attributes of the story's images, also in a gallery class-named as a promo,
        // each distinct value once; not of images in an aside.
        (
            "<div class=gallery-promo><div class=slide data-credit='Jane Roe/Agency'></div>\
             <div class=slide data-credit='Jane Roe/Agency'></div></div>\
             <figure><img data-photo-credit=' Wire Service ' alt='A harbour'></figure>\
             <aside><img data-credit='Promo Studio'></aside>",
            &[
                (BlockKind::Metadata, "Jane Roe/Agency"),
                (BlockKind::Metadata, "Wire Service"),
                (BlockKind::ImageText, "A harbour"),
            ],
            &["Promo Studio"],
        ),
        // A caption repeated by a lightbox is read once; gallery controls are not captions.
        (
            "<figure><img><figcaption>Boats at dawn. Photo: Jane Roe</figcaption></figure>\
             <div class=lightbox><p class=caption>Boats  at dawn.\nPhoto: Jane Roe</p>\
             <div class=caption-toggle><span>Caption</span> <span>Close</span></div>\
             <p class=caption>Photo 1 of 8</p></div>",
            &[(BlockKind::Caption, "Boats at dawn. Photo: Jane Roe")],
            &["Close", "1 of 8"],
        ),
        // An author's portrait in the byline: its alt names the author, not a photo.
        (
            "<div class=byline><img class=author-photo alt='Jane Roe'>By Jane Roe</div>",
            &[(BlockKind::Byline, "By Jane Roe")],
            &[],
        ),
        // Screen-reader-only labels under design-system class names are not visible text.
        (
            "<figure><img><figcaption><span class=u-visually-hidden>Image:</span>Boats at \
             dawn.<span class=c-sr-only-label>Credit</span></figcaption></figure>",
            &[(BlockKind::Caption, "Boats at dawn.")],
            &["Image:", "Credit"],
        ),
        // A strip of linked thumbnails whose text is all links (a video carousel) shows other
        // stories: their alt texts are not the article's images. A linked lead image and a
        // captioned gallery of linked images are.
        (
            "<figure><a href=/big.jpg><img alt='Lead view of the quay. (Photo: Lead Agency)'></a></figure>\
             <div class=strip><div><a href=/v/1><img alt='Rally crowd. (Photo by Ann Tao/Wire)'></a>\
             <a href=/v/1>Rally goes on</a></div><div><a href=/v/2><img alt='Dock strike. (Kim \
             Ode/Wire)'></a><a href=/v/2>Strike ends</a></div><div><a href=/v/3><img alt='Vote \
             count'></a><a href=/v/3>Count</a></div></div>\
             <div class=gallery><figure><a href=/1.jpg><img alt='Gallery one'></a><figcaption>The \
             first view from the harbour wall.</figcaption></figure><figure><a href=/2.jpg><img \
             alt='Gallery two'></a><figcaption>The second view from the harbour wall.</figcaption>\
             </figure><figure><a href=/3.jpg><img alt='Gallery three'></a><figcaption>The third \
             view from the harbour wall.</figcaption></figure></div>",
            &[
                (BlockKind::ImageText, "Lead view of the quay. (Photo: Lead Agency)"),
                (BlockKind::ImageText, "Gallery one"),
                (BlockKind::ImageText, "Gallery three"),
            ],
            &["Rally crowd", "Dock strike", "Vote count"],
        ),
        // A media player's JSON metadata carries its poster's credit; the publisher's own
        // copyright mark (named as in `og:site_name`) is not a photo credit.
        (
            "<meta property=og:site_name content='NBS Online'>\
             <div class=player data-media-meta='{\"image\":{\"copyrightHolder\":\"Wire Agency\"}}'></div>\
             <div class=player data-media-meta='{\"image\":{\"copyrightHolder\":\"(C) Northern Broadcasting Service\"}}'></div>",
            &[(BlockKind::Metadata, "Wire Agency")],
            &["Northern Broadcasting"],
        ),
        // A fact box inside the story is a separate item; a caption hidden only at some screen
        // widths is shown at the others; an off-screen label is not. (The story is made long
        // enough for the class-name rules to hold.)
        (
            "<p>The harbour board voted on Wednesday, after a long debate about the cost of the \
             new quay, the dredging of the channel and the future of the old fish market, to go \
             ahead with the work next spring.</p><div class='inset factbox'><h3>Another story</h3><p>By Ann Tao, who wrote a \
             different story about the weather.</p></div>\
             <figure><img><figcaption class='caption hide-until-wide'><span class=off-screen>Media \
             caption</span> Ships at anchor. Photograph: Kim Ode</figcaption></figure>",
            &[(BlockKind::Caption, "Ships at anchor. Photograph: Kim Ode")],
            &["Another story", "different story", "Media caption"],
        ),
    ];
    for &(html, want, absent) in cases {
        let article = find_article(&parse_html(&page_with(html)));
        for &(kind, text) in want {
            let found = article
                .blocks
                .iter()
                .filter(|b| b.kind == kind && b.text.trim() == text)
                .count();
            assert_eq!(found, 1, "{kind:?} {text:?} in {:#?}", article.blocks);
        }
        let byline_portrait = article
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::ImageText && b.text == "Jane Roe");
        assert!(!byline_portrait, "{html}");
        for bad in absent {
            let hit = article.blocks.iter().find(|b| b.text.contains(bad));
            assert!(hit.is_none(), "{bad:?} in {hit:?}");
        }
    }
}

#[test]
fn reads_the_wire_format_the_content_script_sends() {
    // <html><head><script type=application/ld+json>…</script></head><body><article>
    //   <h1>Headline words</h1><p class=x>…</p>×3 <figure><img alt=…><figcaption>…</figcaption></figure>
    let story = "The minister said on Monday that the plan, which was approved, would go ahead.";
    let json = serde_json::json!({
        "parent": [-1, 0, 1, 2, 0, 4, 5, 6, 5, 8, 5, 10, 5, 12, 5, 14, 15, 14, 17],
        "name": ["html", "head", "script", "", "body", "article", "h1", "", "p", "", "p", "", "p", "", "figure", "img", "", "figcaption", ""],
        "text": ["", "", "",
                 r#"{"@type":"ImageObject","creditText":"Photo Agency"}"#,
                 "", "", "", "Headline words", "", story, "", story, "", story, "", "", "", "", "A caption. Photo: Jane Doe"],
        "attr_node": [2, 8, 15],
        "attr_name": ["type", "class", "alt"],
        "attr_value": ["application/ld+json", "x", "A man at a desk"],
    });
    let snapshot: DomSnapshot = serde_json::from_value(json).expect("valid snapshot");
    let article = find_article(&snapshot);
    let got: Vec<(BlockKind, &str, Vec<Option<usize>>)> = article
        .blocks
        .iter()
        .zip(&article.pieces)
        .map(|(b, p)| (b.kind, b.text.as_str(), p.iter().map(|p| p.node).collect()))
        .collect();
    let want: Vec<(BlockKind, &str, Vec<Option<usize>>)> = vec![
        (BlockKind::Headline, "Headline words", vec![Some(7)]),
        (BlockKind::Paragraph, story, vec![Some(9)]),
        (BlockKind::Paragraph, story, vec![Some(11)]),
        (BlockKind::Paragraph, story, vec![Some(13)]),
        (
            BlockKind::Caption,
            "A caption. Photo: Jane Doe",
            vec![Some(18)],
        ),
        (BlockKind::ImageText, "A man at a desk", vec![]),
        (BlockKind::Metadata, "Photo Agency", vec![]),
    ];
    assert_eq!(got, want);
}

#[test]
fn headings_match_the_page_title_only_when_the_title_is_title_sized() {
    // A heading inside the story whose text is part of the page title is the headline; the
    // site's `h1` (a logo) is not. Every candidate heading searches the title, so a title past
    // the finder's cap (4 KB of letters and digits: a title of megabytes, repeated words or a
    // script-built one) is not matched at all, and the `h1` wins as the marked candidate.
    let heading = "Harbour bridge reopens after repairs";
    let page = |title: &str| {
        let filler = "<p>The committee met on Tuesday, for the third time this month, to discuss \
                      the budget, the schedule and the staffing of the new office.</p>";
        format!(
            "<html><head><title>{title}</title></head><body><h1>Site name</h1><article>\
             <h2>{heading}</h2>{filler}{filler}{filler}</article></body></html>"
        )
    };
    let long_title = format!("{heading} {}", "more words here ".repeat(400));
    // (case, title, expected headline)
    let cases = [
        ("title-sized", format!("{heading} | The Daily"), heading),
        ("over the cap", long_title, "Site name"),
    ];
    for (case, title, want) in cases {
        let article = find_article(&parse_html(&page(&title)));
        let headline = article
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Headline)
            .map(|b| normalized(&b.text));
        assert_eq!(headline.as_deref(), Some(want), "{case}");
    }
}

#[test]
fn deep_and_huge_pages_are_handled() {
    let paragraph = "<p>Officials said on Monday that the new rules, which take effect next year, would apply to all.</p>";
    // (case, page, paragraphs expected)
    let cases: Vec<(&str, String, usize)> = vec![
        (
            "20,000 nested spans",
            format!(
                "<body><p>{}Officials said so, again and again, for years.{}",
                "<span>".repeat(20_000),
                "</span>".repeat(20_000)
            ),
            1,
        ),
        (
            // Every candidate heading is matched against the page title (see
            // `headings_match_the_page_title_only_when_the_title_is_title_sized`).
            "a 200 KB title and 2,000 headings",
            format!(
                "<title>{}</title><body><article><h1>Title</h1>{}</article>",
                "Harbour bridge reopens ".repeat(200_000 / 23),
                format!("<h2>Section of the report</h2>{paragraph}").repeat(2_000)
            ),
            2_000,
        ),
        (
            "100,000 paragraphs",
            format!(
                "<body><article><h1>Title</h1>{}</article>",
                paragraph.repeat(100_000)
            ),
            100_000,
        ),
    ];
    for (name, html, want) in cases {
        let started = std::time::Instant::now();
        let snapshot = parse_html(&html);
        let article = find_article(&snapshot);
        let paragraphs = article
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .count();
        assert_eq!(paragraphs, want, "{name}");
        assert!(
            started.elapsed().as_secs() < 20,
            "{name} took {:?}",
            started.elapsed()
        );
    }
    // 20,000 nested divs come straight in the wire format: html5ever's tree builder scans its
    // stack of open elements at every block start tag, quadratic at that depth (browsers cap
    // their parser's depth at 512, so only script-built pages get that deep).
    let depth = 20_000;
    let mut parent: Vec<i64> = (-1..depth as i64).collect();
    parent.push(depth as i64);
    let mut name = vec!["div".to_string(); depth + 1];
    name[0] = "html".into();
    name[depth] = "p".into();
    name.push(String::new());
    let mut text = vec![String::new(); depth + 1];
    text.push("A sentence, deep down, long enough to count as a paragraph of the story.".into());
    let json = serde_json::json!({"parent": parent, "name": name, "text": text, "attr_node": [], "attr_name": [], "attr_value": []});
    let snapshot: DomSnapshot = serde_json::from_value(json).expect("valid snapshot");
    let article = find_article(&snapshot);
    assert!(article
        .blocks
        .iter()
        .any(|b| b.text.starts_with("A sentence, deep down")));
}
