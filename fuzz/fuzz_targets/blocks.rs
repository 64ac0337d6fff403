//! The analysis core on arbitrary blocks: any UTF-8 text, any block kinds, any number of blocks.
//! Also the plain-text entry point on the same text joined into paragraphs.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sourcelight::invariants::{self, BLOCK_KINDS};
use sourcelight::Block;

#[derive(Arbitrary, Debug)]
struct FuzzBlock {
    kind: u8,
    text: String,
}

fuzz_target!(|input: Vec<FuzzBlock>| {
    let blocks: Vec<Block> = input
        .into_iter()
        .map(|b| Block::new(BLOCK_KINDS[usize::from(b.kind) % BLOCK_KINDS.len()], b.text))
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
