//! The attribution engine: quotation marks, speech cues, speakers, people, officials, credits.
//!
//! [`analyze`] runs the stages in order over the article's blocks: language, people (names and
//! descriptions), quotations, cues and speakers, officials and credits, then converts byte
//! offsets to the report's UTF-16 spans.

pub mod credits;
pub mod cues;
pub mod language;
pub mod officials;
pub mod people;
pub mod quotes;
pub mod speakers;

use std::collections::HashMap;

use crate::report::{Quote, Report, Span, Speaker, REPORT_VERSION};
use crate::text::{Block, Utf16Map};
use people::People;
use speakers::{Attribution, SpeakerRef};

/// Analyses an article given as ordered blocks.
pub fn analyze(blocks: &[Block]) -> Report {
    let language = language::detect(blocks);
    let people = people::find_people(blocks);
    let quotations = quotes::find_quotations(blocks);
    let attribution = speakers::attribute(blocks, &quotations, &people, language);
    let maps: Vec<Utf16Map> = blocks.iter().map(|b| Utf16Map::new(&b.text)).collect();
    let span = |(block, start, end): (usize, usize, usize)| Span {
        block,
        start: maps[block].utf16(start),
        end: maps[block].utf16(end),
    };
    let (quotes, speakers) = assemble(blocks, &attribution, &people, &quotations, &span);
    Report {
        version: REPORT_VERSION,
        language: language.into(),
        quotes,
        speakers,
        officials: officials::find_officials(blocks, &people),
        image_credits: credits::find_credits(blocks),
        // The entry points (`crate::annotate`, `crate::analyze_text`) set it when they cut the
        // article at the work budget; the analysis itself always sees all it is given.
        truncated: false,
    }
}

/// Builds the report's quotes and speakers (speakers in order of first quote).
fn assemble(
    blocks: &[Block],
    attribution: &Attribution,
    people: &People,
    quotations: &[quotes::Quotation],
    span: &dyn Fn((usize, usize, usize)) -> Span,
) -> (Vec<Quote>, Vec<Speaker>) {
    // robustness fix: indexed once per report, not once per speaker (that was quadratic in
    // speakers x quotes: 10k speakers in one article allocated gigabytes).
    let index = MentionIndex::new(people, quotations);
    let mut ids: HashMap<&SpeakerRef, usize> = HashMap::new();
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut quotes = Vec::with_capacity(attribution.quotes.len());
    for quote in &attribution.quotes {
        let id = quote.speaker.as_ref().map(|s| {
            *ids.entry(s).or_insert_with(|| {
                speakers.push(new_speaker(
                    speakers.len(),
                    s,
                    attribution,
                    people,
                    blocks,
                    &index,
                    span,
                ));
                speakers.len() - 1
            })
        });
        if let Some(id) = id {
            speakers[id].quotes += 1;
        }
        quotes.push(Quote {
            text: quote.text.clone(),
            kind: quote.kind,
            speaker: id.map(|i| speakers[i].name.clone()),
            speaker_id: id,
            cue: quote.cue.clone(),
            spans: quote.pieces.iter().map(|&p| span(p)).collect(),
        });
    }
    (quotes, speakers)
}

/// What [`new_speaker`] looks mentions up in, built once per report.
struct MentionIndex<'a> {
    /// Quotation pieces in reading order, so that a mention is checked by binary search.
    pieces: Vec<&'a quotes::Piece>,
    /// Each person's mentions (by entity index), in reading order.
    by_entity: Vec<Vec<&'a people::PersonMention>>,
}

impl<'a> MentionIndex<'a> {
    fn new(people: &'a People, quotations: &'a [quotes::Quotation]) -> MentionIndex<'a> {
        let entities = people
            .mentions
            .iter()
            .map(|m| m.entity + 1)
            .max()
            .unwrap_or(0);
        let mut by_entity = vec![Vec::new(); entities];
        for mention in &people.mentions {
            if let Some(mentions) = by_entity.get_mut(mention.entity) {
                mentions.push(mention);
            }
        }
        MentionIndex {
            pieces: quotations.iter().flat_map(|q| &q.pieces).collect(),
            by_entity,
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
        i > 0 && pieces[i - 1].block == block && at < pieces[i - 1].close_end
    };
    match speaker {
        SpeakerRef::Person(entity) => {
            let person = people.entities.get(*entity);
            let mentions = index
                .by_entity
                .get(*entity)
                .into_iter()
                .flatten()
                .filter(|m| {
                    blocks
                        .get(m.block)
                        .is_some_and(|b| quotes::carries_quotes(b.kind))
                })
                .filter(|m| !inside_quotation(m.block, m.start))
                .map(|m| span((m.block, m.start, m.end)))
                .collect();
            Speaker {
                id,
                name: person.map(|p| p.name.clone()).unwrap_or_default(),
                named: person.is_some_and(|p| p.named),
                // An unnamed person's description is their name, not a title.
                title: person
                    .and_then(|p| p.title.clone().filter(|t| p.named || *t != p.name))
                    .or_else(|| attribution.appositive_titles.get(entity).cloned()),
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
                    .map(|p| p.mentions.iter().map(|&m| span(m)).collect())
                    .unwrap_or_default(),
            }
        }
    }
}
