//! The browser path on arbitrary DOM snapshots: trees no HTML parser would build (any element
//! anywhere, text with children, odd attributes), as a content script on a strange page might
//! send them, through the article finder, analysis and paint plan.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sourcelight::article::snapshot::SnapshotBuilder;
use sourcelight::article::SNAPSHOT_ATTRIBUTES;
use sourcelight::invariants::{self, ELEMENT_NAMES};

#[derive(Arbitrary, Debug)]
struct FuzzNode {
    /// How many nodes back the parent is (0: the previous node).
    parent_back: u8,
    name: u8,
    text: String,
    attributes: Vec<(u8, String)>,
}

fuzz_target!(|nodes: Vec<FuzzNode>| {
    let mut builder = SnapshotBuilder::default();
    for (i, node) in nodes.into_iter().enumerate() {
        let parent = i.checked_sub(1 + usize::from(node.parent_back));
        let name = ELEMENT_NAMES[usize::from(node.name) % ELEMENT_NAMES.len()];
        let attributes = node
            .attributes
            .into_iter()
            .map(|(n, v)| {
                (
                    SNAPSHOT_ATTRIBUTES[usize::from(n) % SNAPSHOT_ATTRIBUTES.len()].to_string(),
                    v,
                )
            })
            .collect();
        builder.push(
            parent.or((i > 0).then_some(0)),
            name.to_string(),
            node.text,
            attributes,
        );
    }
    let tree = builder.finish();
    if let Err(violations) = invariants::check_tree(&tree) {
        panic!("invariants broken for {tree:?}:\n{violations}");
    }
});
