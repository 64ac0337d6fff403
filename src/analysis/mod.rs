//! The attribution engine: quotation marks, speech cues, speakers, people, officials, credits.
//!
//! [`analyze`] runs the stages in order over the article's blocks: language, people (names and
//! descriptions), quotations, cues and speakers, credits, the captions' own quotes (each caption
//! read on its own and apart from the body), officials, then converts byte offsets to the
//! report's UTF-16 spans.

pub mod credits;
pub mod cues;
pub mod language;
pub mod officials;
pub mod people;
pub mod quotes;
pub mod speakers;

use crate::prelude::*;
use crate::report::{ImageCredit, Quote, QuoteKind, Report, Span, Speaker, REPORT_VERSION};
use crate::text::{sort_u64s, ArticleTokens, Block, BlockKind, BlockUtf16};
use people::People;
use speakers::{Attribution, SpeakerRef, SpeakerTable};

/// Builds every table the analysis looks words up in (lexicons, word classes, stop words,
/// credit markers) now, instead of during the first analysis that needs each. They are built
/// once per process or wasm instance either way; the extension's service worker calls this
/// right after instantiating the engine, because Chromium stops an idle worker after 30 s, so
/// most clicks meet a new instance, and the page's snapshot arrives tens of milliseconds after
/// the engine is ready: the tables are built in that gap instead of on the click's path.
pub fn build_tables() {
    cues::build_tables();
    people::build_tables();
    speakers::build_tables();
    credits::build_tables();
    language::build_tables();
}

/// Analyses an article given as ordered blocks.
pub fn analyze(blocks: &[Block]) -> Report {
    // Tokenized once for the passes that read words.
    let tokens = ArticleTokens::new(blocks);
    let language = language::detect_with(blocks, &tokens);
    let people = people::find_people_with(blocks, &tokens);
    let quotations = quotes::find_quotations(blocks);
    let mut attribution = speakers::attribute_with(blocks, &tokens, &quotations, &people, language);
    let image_credits = credits::find_credits(blocks);
    merge_captions(
        &mut attribution,
        caption_attribution(blocks, &people, language, &image_credits),
    );
    // One set of UTF-16 offsets for every pass that reports spans.
    let offsets = BlockUtf16::new(blocks);
    let span = |(block, start, end): (usize, usize, usize)| Span {
        block,
        start: offsets.utf16(block, start),
        end: offsets.utf16(block, end),
    };
    let (quotes, speakers) = assemble(blocks, &mut attribution, &people, &quotations, &span);
    Report {
        version: REPORT_VERSION,
        language: language.into(),
        quotes,
        speakers,
        officials: officials::find_officials(blocks, &people, &offsets),
        image_credits,
        // The entry points (`crate::annotate`, `crate::analyze_text`) set it when they cut the
        // article at the work budget; the analysis itself always sees all it is given.
        truncated: false,
    }
}

/// The fewest words of a direct quote in a caption.
const MIN_CAPTION_QUOTE_WORDS: usize = 4;

/// Attributes the quotations and reported speech of the captions, apart from the body: a
/// caption describes an image, so its quotes neither take a speaker from the paragraphs around
/// it nor give one to them, and its people are no antecedents for the body's pronouns (the
/// body's attribution never reads captions). The captions are read as paragraphs of a copy of
/// the article in which every other block is empty and unread and the captions' photo credits
/// are blanked, so that a
/// credit is never quoted nor ends a reported clause. A speaker must be named or described in
/// the caption itself: one reached through an earlier caption is dropped.
fn caption_attribution(
    blocks: &[Block],
    people: &People,
    language: &str,
    image_credits: &[ImageCredit],
) -> Attribution {
    if !blocks.iter().any(|b| b.kind == BlockKind::Caption) {
        return Attribution::default();
    }
    // Only the captions' text is copied: every other block keeps its index (spans and people
    // mentions stay valid) but becomes an empty block of a kind the attribution does not read,
    // so the pass costs the captions, not a copy of the whole article.
    let mut captions_only: Vec<Block> = blocks
        .iter()
        .map(|b| match b.kind {
            BlockKind::Caption => b.clone(),
            _ => Block::new(BlockKind::Metadata, String::new()),
        })
        .collect();
    for span in image_credits.iter().flat_map(|c| &c.spans) {
        if let Some(block) = captions_only.get_mut(span.block) {
            if block.kind == BlockKind::Caption {
                blank_utf16_range(&mut block.text, span.start, span.end);
            }
        }
    }
    let quotations = quotes::find_caption_quotations(&captions_only);
    for block in &mut captions_only {
        if block.kind == BlockKind::Caption {
            block.kind = BlockKind::Paragraph;
        }
    }
    let mut attribution = speakers::attribute(&captions_only, &quotations, people, language);
    // (caption, person) pairs as sorted keys: a binary search per quote, and no hash table
    // type of its own in the wasm.
    let caption_person = |block: usize, entity: usize| ((block as u64) << 32) | entity as u64;
    let mut named_in: Vec<u64> = people
        .mentions
        .iter()
        .filter(|m| blocks.get(m.block).map(|b| b.kind) == Some(BlockKind::Caption))
        .map(|m| caption_person(m.block, m.entity))
        .collect();
    sort_u64s(&mut named_in);
    // A short quoted phrase in a caption is a term the caption echoes from the article (the
    // body's scare quotes and labels), even beside a verb: only a passage of words is a quote.
    attribution.quotes.retain(|q| {
        q.kind != QuoteKind::Direct
            || crate::text::count_alphanumeric_words(&q.text, MIN_CAPTION_QUOTE_WORDS)
                >= MIN_CAPTION_QUOTE_WORDS
    });
    let phrases = &attribution.phrases;
    for quote in &mut attribution.quotes {
        let Some(&(block, _, _)) = quote.pieces.first() else {
            continue;
        };
        // A description at the caption's own cue that names a known official's title ("The
        // president said …") points to that person wherever they were named.
        let described_official = |entity: usize| {
            quote.described
                && people
                    .entities
                    .get(entity)
                    .is_some_and(|p| p.title.is_some())
        };
        let in_caption = match &quote.speaker {
            Some(SpeakerRef::Person(entity)) => {
                named_in
                    .binary_search(&caption_person(block, *entity))
                    .is_ok()
                    || described_official(*entity)
            }
            Some(SpeakerRef::Phrase(key)) => phrases
                .get(key)
                .is_some_and(|p| p.mentions.iter().any(|m| m.0 == block)),
            None => true,
        };
        if !in_caption {
            quote.speaker = None;
        }
    }
    attribution
}

/// Replaces the characters between UTF-16 offsets `start` and `end` of `text` with spaces of
/// the same byte length, so that every byte offset into `text` stays valid.
fn blank_utf16_range(text: &mut String, start: usize, end: usize) {
    let mut utf16 = 0;
    let mut from = None;
    let mut to = text.len();
    for (at, c) in text.char_indices() {
        if from.is_none() && utf16 >= start {
            from = Some(at);
        }
        if utf16 >= end {
            to = at;
            break;
        }
        utf16 += c.len_utf16();
    }
    // Rebuilt through `push_str` and `push` rather than `replace_range(.., &" ".repeat(..))`:
    // for the wasm size, those two bring a splice and a slice-repeat instance (~750 bytes raw)
    // for this one caller.
    if let Some(from) = from.filter(|&f| f < to) {
        let mut blanked = String::with_capacity(text.len());
        blanked.push_str(crate::slice(text, 0, from));
        for _ in from..to {
            blanked.push(' ');
        }
        blanked.push_str(crate::slice(text, to, text.len()));
        *text = blanked;
    }
}

/// Adds the captions' quotes to the body's, in reading order (by the place of their first
/// piece); a phrase speaker or appositive title the body already has is kept as the body
/// knows it.
fn merge_captions(body: &mut Attribution, captions: Attribution) {
    if captions.quotes.is_empty() {
        return;
    }
    let place = |q: &speakers::AttributedQuote| q.pieces.first().map(|&(b, s, _)| (b, s));
    let mut quotes = Vec::with_capacity(body.quotes.len() + captions.quotes.len());
    // The next caption quote held in an `Option` rather than through `Peekable::next_if`, whose
    // instance for this large type was 650 bytes of wasm.
    let mut from_captions = captions.quotes.into_iter();
    let mut next_caption = from_captions.next();
    for quote in body.quotes.drain(..) {
        while let Some(caption) = next_caption.take_if(|c| place(c) < place(&quote)) {
            quotes.push(caption);
            next_caption = from_captions.next();
        }
        quotes.push(quote);
    }
    quotes.extend(next_caption);
    quotes.extend(from_captions);
    body.quotes = quotes;
    body.phrases.merge(captions.phrases);
    body.appositive_titles.merge(captions.appositive_titles);
}

/// Builds the report's quotes and speakers (speakers in order of first quote). The
/// attribution's quotes are taken out of it: their texts and cues move into the report's quotes
/// rather than being copied.
fn assemble(
    blocks: &[Block],
    attribution: &mut Attribution,
    people: &People,
    quotations: &[quotes::Quotation],
    span: &dyn Fn((usize, usize, usize)) -> Span,
) -> (Vec<Quote>, Vec<Speaker>) {
    // robustness fix: indexed once per report, not once per speaker (that was quadratic in
    // speakers x quotes: 10k speakers in one article allocated gigabytes).
    let index = MentionIndex::new(people, quotations);
    // Each speaker's index in `speakers`.
    let mut ids = SpeakerTable::new();
    let mut speakers: Vec<Speaker> = Vec::new();
    let attributed = core::mem::take(&mut attribution.quotes);
    let mut quotes = Vec::with_capacity(attributed.len());
    for quote in attributed {
        let id = quote.speaker.as_ref().map(|s| {
            match ids.get(s).and_then(|id| usize::try_from(id).ok()) {
                Some(id) => id,
                None => {
                    let id = speakers.len();
                    speakers.push(new_speaker(
                        id,
                        s,
                        attribution,
                        people,
                        blocks,
                        &index,
                        span,
                    ));
                    ids.insert(s, id as u64);
                    id
                }
            }
        });
        if let Some(id) = id {
            crate::at_mut(&mut speakers, id).quotes += 1;
        }
        quotes.push(Quote {
            text: quote.text,
            kind: quote.kind,
            speaker: id.map(|i| speakers[i].name.clone()),
            speaker_id: id,
            cue: quote.cue,
            spans: spans_of(&quote.pieces, span),
        });
    }
    (quotes, speakers)
}

/// What [`new_speaker`] looks mentions up in, built once per report.
struct MentionIndex<'a> {
    /// Quotation pieces in reading order, so that a mention is checked by binary search.
    pieces: Vec<&'a quotes::Piece>,
    /// Each entity's first mention, an index in `People::mentions` (`usize::MAX`: none).
    first: Vec<usize>,
    /// Each mention's entity's next mention (`usize::MAX`: none): one chain per entity in
    /// reading order, in two arrays rather than a `Vec` per entity.
    next: Vec<usize>,
}

impl<'a> MentionIndex<'a> {
    fn new(people: &'a People, quotations: &'a [quotes::Quotation]) -> MentionIndex<'a> {
        let mut first = vec![usize::MAX; people.entities.len()];
        let mut next = vec![usize::MAX; people.mentions.len()];
        // Backwards, so that each mention goes in front of its entity's later ones.
        for (i, link) in next.iter_mut().enumerate().rev() {
            let entity = people.mentions.get(i).map_or(usize::MAX, |m| m.entity);
            if let Some(head) = first.get_mut(entity) {
                *link = *head;
                *head = i;
            }
        }
        MentionIndex {
            pieces: quotations.iter().flat_map(|q| &q.pieces).collect(),
            first,
            next,
        }
    }
}

/// A speaker entry with every mention of the speaker outside quotations, captions and bylines.
fn new_speaker(
    id: usize,
    speaker: &SpeakerRef,
    attribution: &Attribution,
    people: &People,
    blocks: &[Block],
    index: &MentionIndex,
    span: &dyn Fn((usize, usize, usize)) -> Span,
) -> Speaker {
    let pieces = &index.pieces;
    let inside_quotation = |block: usize, at: usize| {
        let i = pieces.partition_point(|p| (p.block, p.open) <= (block, at));
        let before = i.checked_sub(1).map(|k| crate::at(pieces, k));
        before.is_some_and(|p| p.block == block && at < p.close_end)
    };
    match speaker {
        SpeakerRef::Person(entity) => {
            let person = people.entities.get(*entity);
            // A loop rather than adapters collected into a `Vec`, each of which is code of its
            // own in the wasm.
            let mut mentions = Vec::new();
            let mut at = index.first.get(*entity).copied().unwrap_or(usize::MAX);
            while let Some(m) = people.mentions.get(at) {
                at = index.next.get(at).copied().unwrap_or(usize::MAX);
                let in_prose = blocks
                    .get(m.block)
                    .is_some_and(|b| quotes::carries_quotes(b.kind));
                if in_prose && !inside_quotation(m.block, m.start) {
                    mentions.push(span((m.block, m.start, m.end)));
                }
            }
            Speaker {
                id,
                name: person.map(|p| p.name.clone()).unwrap_or_default(),
                named: person.is_some_and(|p| p.named),
                // An unnamed person's description is their name, not a title.
                title: person
                    .and_then(|p| p.title.clone().filter(|t| p.named || *t != p.name))
                    .or_else(|| {
                        attribution
                            .appositive_titles
                            .get(*entity)
                            .map(str::to_owned)
                    }),
                quotes: 0,
                mentions,
            }
        }
        SpeakerRef::Phrase(key) => {
            let phrase = attribution.phrases.get(key);
            Speaker {
                id,
                name: phrase
                    .map(|p| p.display.clone())
                    .unwrap_or_else(|| key.clone()),
                named: phrase.is_some_and(|p| p.named),
                title: None,
                quotes: 0,
                mentions: phrase
                    .map(|p| spans_of(&p.mentions, span))
                    .unwrap_or_default(),
            }
        }
    }
}

/// The spans of (block, start byte, end byte) places: one function for the quotes' pieces and
/// the phrase speakers' mentions, as each `collect` over another closure is code of its own in
/// the wasm.
fn spans_of(
    places: &[(usize, usize, usize)],
    span: &dyn Fn((usize, usize, usize)) -> Span,
) -> Vec<Span> {
    places.iter().map(|&place| span(place)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::{Caption, Paragraph};

    #[test]
    fn blank_utf16_range_spaces_out_whole_characters_keeping_byte_offsets() {
        // (text, UTF-16 start, UTF-16 end, expected)
        let cases = [
            ("Photo: AP", 7, 9, "Photo:   "),
            ("Photo: AP", 0, 5, "     : AP"),
            ("é Zoë Ortiz", 2, 5, "é      Ortiz"),
            ("😀 AP", 0, 2, "     AP"),
            ("AP", 1, 1, "AP"),
            ("AP", 2, 9, "AP"),
            ("AP", 0, 9, "  "),
        ];
        for (text, start, end, expected) in cases {
            let mut blanked = text.to_string();
            blank_utf16_range(&mut blanked, start, end);
            assert_eq!(blanked, expected, "{text:?} {start}..{end}");
            assert_eq!(blanked.len(), text.len());
        }
    }

    /// The report's quotes as (kind, speaker, text).
    fn quotes_of(blocks: &[(BlockKind, &str)]) -> Vec<(QuoteKind, Option<String>, String)> {
        let blocks: Vec<Block> = blocks.iter().map(|&(k, t)| Block::new(k, t)).collect();
        analyze(&blocks)
            .quotes
            .into_iter()
            .map(|q| (q.kind, q.speaker, q.text))
            .collect()
    }

    #[test]
    fn captions_are_read_on_their_own() {
        use QuoteKind::{Direct, Indirect};
        // (blocks, expected quotes as (kind, speaker, text))
        /// Blocks as (kind, text).
        type Blocks<'a> = &'a [(BlockKind, &'a str)];
        /// Quotes as (kind, speaker, text).
        type Quotes<'a> = &'a [(QuoteKind, Option<&'a str>, &'a str)];
        let cases: &[(Blocks, Quotes)] = &[
            // A caption quote with its own attribution.
            (
                &[(
                    Caption,
                    "“We will rebuild every house on this street,” said Maria Lopez, the mayor.",
                )],
                &[(
                    Direct,
                    Some("Maria Lopez"),
                    "We will rebuild every house on this street,",
                )],
            ),
            // A pronoun in a caption takes no antecedent from the body.
            (
                &[
                    (Paragraph, "John Carter spoke to reporters on Monday."),
                    (Caption, "“We are not going anywhere soon,” he said."),
                ],
                &[(Direct, None, "We are not going anywhere soon,")],
            ),
            // Nor from another caption.
            (
                &[
                    (Caption, "Maria Lopez at the town hall on Monday."),
                    (Caption, "“We will rebuild every house here,” she said."),
                ],
                &[(Direct, None, "We will rebuild every house here,")],
            ),
            // A description by title points to the official named in another caption; a
            // pronoun does not.
            (
                &[
                    (Caption, "Governor Maria Lopez at the town hall on Monday."),
                    (
                        Caption,
                        "The governor said the bridge would reopen next spring.",
                    ),
                    (Caption, "She said the ferry would run until then."),
                ],
                &[
                    (
                        Indirect,
                        Some("Maria Lopez"),
                        "the bridge would reopen next spring",
                    ),
                    (Indirect, None, "the ferry would run until then"),
                ],
            ),
            // A caption neither breaks a multi-paragraph quote nor gives its pronoun a speaker.
            (
                &[
                    (Paragraph, "“The first part runs on"),
                    (
                        Caption,
                        "“Our volunteers worked through the night,” said Sarah Reyes.",
                    ),
                    (Paragraph, "“and the last part ends here,” she said."),
                ],
                &[
                    (
                        Direct,
                        None,
                        "The first part runs on and the last part ends here,",
                    ),
                    (
                        Direct,
                        Some("Sarah Reyes"),
                        "Our volunteers worked through the night,",
                    ),
                ],
            ),
            // Reported speech in a caption, which passes no speaker to the next paragraph.
            (
                &[
                    (Caption, "Anna Berg said the bridge would reopen in May."),
                    (Paragraph, "“It will be a long winter for everyone here.”"),
                ],
                &[
                    (
                        Indirect,
                        Some("Anna Berg"),
                        "the bridge would reopen in May",
                    ),
                    (Direct, None, "It will be a long winter for everyone here."),
                ],
            ),
            // A short quoted term in a caption is no direct quote, even beside a verb.
            (
                &[(Caption, "Lee Park, who called the plan a “land grab”.")],
                &[],
            ),
            // A photo credit neither is quoted nor ends a reported clause.
            (
                &[(
                    Caption,
                    "Anna Berg said the bridge would reopen in May Photograph: Pat Doyle/Reuters",
                )],
                &[(
                    Indirect,
                    Some("Anna Berg"),
                    "the bridge would reopen in May",
                )],
            ),
            // An open quotation in a caption is not reported.
            (&[(Caption, "“The caption was cut off here and never")], &[]),
        ];
        for &(blocks, want) in cases {
            let want: Vec<(QuoteKind, Option<String>, String)> = want
                .iter()
                .map(|&(k, s, t)| (k, s.map(String::from), t.to_string()))
                .collect();
            assert_eq!(quotes_of(blocks), want, "{blocks:?}");
        }
    }

    proptest::proptest! {
        /// Walking an entity's chain in the mention index yields its mentions in reading
        /// order, as filtering every mention by entity does.
        #[test]
        fn mention_chains_list_each_entity_s_mentions_in_order(
            entities in proptest::collection::vec(0usize..5, 0..30),
        ) {
            let mut people = People::default();
            for _ in 0..5 {
                people.entities.push(people::PersonEntity {
                    name: String::new(),
                    named: true,
                    title: None,
                    official: false,
                });
            }
            for (start, &entity) in entities.iter().enumerate() {
                people.mentions.push(people::PersonMention {
                    block: 0,
                    start,
                    end: start + 1,
                    entity,
                    kind: people::MentionKind::Surname,
                    title: None,
                });
            }
            let index = MentionIndex::new(&people, &[]);
            for entity in 0..5 {
                let mut chain = Vec::new();
                let mut at = index.first[entity];
                while at != usize::MAX {
                    chain.push(at);
                    at = index.next[at];
                }
                let want: Vec<usize> = (0..entities.len()).filter(|&i| entities[i] == entity).collect();
                proptest::prop_assert_eq!(chain, want);
            }
        }
    }
}
