//! The analysis core on arbitrary blocks: any UTF-8 text, any block kinds, any number of blocks.
//! Also the plain-text entry point on the same text joined into paragraphs.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sourcelight::{invariants, Block, BlockKind};

/// Every block kind, indexed by the fuzzer's choice.
const KINDS: [BlockKind; 7] = [
    BlockKind::Headline,
    BlockKind::Paragraph,
    BlockKind::Heading,
    BlockKind::Caption,
    BlockKind::ImageText,
    BlockKind::Byline,
    BlockKind::Metadata,
];

#[derive(Arbitrary, Debug)]
struct FuzzBlock {
    kind: u8,
    text: String,
}

fuzz_target!(|input: Vec<FuzzBlock>| {
    let blocks: Vec<Block> = input
        .into_iter()
        .map(|b| Block::new(KINDS[usize::from(b.kind) % KINDS.len()], b.text))
        .collect();
    if let Err(violations) = invariants::check_blocks(&blocks) {
        panic!("invariants broken for {blocks:?}:\n{violations}");
    }
    let text: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let text = text.join("\n\n");
    if let Err(violations) = invariants::check_text(&text) {
        panic!("invariants broken for text {text:?}:\n{violations}");
    }
});
