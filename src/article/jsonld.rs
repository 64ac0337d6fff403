//! Image credits from JSON-LD (`<script type="application/ld+json">`): the credit fields of
//! every `ImageObject` in the page that shows the story, not a person or an organisation
//! (author portraits, publisher logos).

use super::collect::match_key;
use super::index::{Excluded, Page, Tag};
use super::{Tree, JSON_LD_TYPE};
use crate::json::{self, Value};
use crate::prelude::*;
use crate::text::{lower, lower_char, whitespace_words, BlockKind};

/// `ImageObject` fields that name who made or owns an image: their whole value is a credit.
const CREDIT_FIELDS: &[&str] = &[
    "creditText",
    "copyrightHolder",
    "copyrightNotice",
    "creator",
    "author",
];

/// `ImageObject` fields that describe an image: read like `alt` text, which may contain a credit.
const DESCRIPTION_FIELDS: &[&str] = &["caption"];

/// Keys under which an `ImageObject` is branding or a person's portrait, not a story photo.
const PORTRAIT_KEYS: &[u8] = word_list!(
    "logo publisher brand author creator contributor editor accountablePerson \
    copyrightHolder sourceOrganization"
);

/// The credit and description texts of the page's JSON-LD images, in page order, each with the
/// block kind it is read as: [`BlockKind::Metadata`] for a credit field's value,
/// [`BlockKind::ImageText`] for a caption. Duplicates are kept; the caller dedupes across blocks.
pub(super) fn image_texts<T: Tree>(page: &Page<T>) -> Vec<(BlockKind, String)> {
    let mut texts = Vec::new();
    let mut source = String::new();
    // Over the tags as a slice: `Page::tag` is a call per node in the wasm.
    for (script, &tag) in page.tag.iter().enumerate() {
        let is_json_ld = tag == Tag::Script
            && page
                .attribute(script, "type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(JSON_LD_TYPE));
        if !is_json_ld {
            continue;
        }
        source.clear();
        page.push_text(script, Excluded::NONE, &mut source);
        // Pages sometimes wrap JSON-LD in an HTML comment or CDATA markers.
        let trimmed = strip_all_suffixes(strip_all_prefixes(source.trim(), "<!--"), "-->");
        if let Ok(value) = json::parse(trimmed) {
            texts_in(&value, &mut texts);
        }
    }
    texts
}

/// Fields of a media player's metadata object (at any depth) whose whole value is a credit.
const MEDIA_CREDIT_FIELDS: &[&str] =
    &["creditText", "credit", "copyrightHolder", "copyrightNotice"];

/// Appends the credit field values of a media metadata attribute's JSON `source` (see
/// [`MEDIA_METADATA_ATTRIBUTES`](super::MEDIA_METADATA_ATTRIBUTES)), in document order. Unlike
/// JSON-LD, such objects carry no `@type`: the attribute sits on the media item, so every credit
/// field in it is that item's, except the publisher's own copyright mark (see
/// [`is_publisher_mark`]). Invalid JSON yields nothing.
pub(super) fn media_credits(source: &str, site_names: &[&str], out: &mut Vec<String>) {
    let Ok(root) = json::parse(source.trim()) else {
        return;
    };
    let mut found = Vec::new();
    let mut stack: Vec<&Value> = vec![&root];
    while let Some(value) = stack.pop() {
        match value {
            // Pushed in reverse so that they pop in order; loops rather than `extend`, each of
            // which is code of its own in the wasm.
            Value::Array(items) => {
                for item in items.iter().rev() {
                    stack.push(item);
                }
            }
            Value::Object(members) => {
                for field in MEDIA_CREDIT_FIELDS {
                    if let Some(v) = value.get(field) {
                        names(v, BlockKind::Metadata, &mut found);
                    }
                }
                for (_, member) in members.iter().rev() {
                    stack.push(member);
                }
            }
            _ => {}
        }
    }
    for (_, text) in found {
        if !is_publisher_mark(&text, site_names) {
            out.push(text);
        }
    }
}

/// Words left out of an organisation's initials ("Corporation of the Arts" is "CA").
const INITIALS_SKIPPED: &[u8] = word_list!("of the and for &");

/// Whether a credit names only the page's own publisher, given the names the page gives itself
/// (`site_names`, such as `og:site_name`): the whole name ("Daily Planet"), or its leading
/// acronym ("NBS" of "NBS Online"), written out or as the initials of the credit's words
/// ("(C) Northern Broadcasting Service"). Media players stamp the publisher's copyright on every
/// poster frame it made itself; that marks ownership, not a photographer or agency.
fn is_publisher_mark(credit: &str, site_names: &[&str]) -> bool {
    let bare = strip_all_prefixes(credit.trim(), "(C)");
    let bare = strip_all_prefixes(strip_all_prefixes(bare, "(c)"), "©");
    let bare = strip_all_prefixes(bare, "Copyright").trim();
    let key = match_key(bare);
    // A loop rather than iterator adapters collected into a `String`: their instances are
    // code of their own in the wasm.
    let mut initials = String::new();
    for word in whitespace_words(bare) {
        if let Some(first) = word.chars().next() {
            if !crate::in_word_list(INITIALS_SKIPPED, &lower(word)) {
                initials.push(lower_char(first));
            }
        }
    }
    !key.is_empty()
        && site_names.iter().any(|site| {
            let acronym = whitespace_words(site)
                .next()
                .filter(|w| crate::text::char_count(w) >= 2 && w.chars().all(|c| c.is_uppercase()))
                .map(match_key);
            key == match_key(site)
                || acronym.is_some_and(|a| {
                    key == a || (crate::text::char_count(&initials) >= 2 && initials == a)
                })
        })
}

/// Collects the credit and description fields of every story `ImageObject` in `root`, walking
/// with an explicit stack (the parser bounds depth, but the walk needs no recursion either way).
fn texts_in(root: &Value, out: &mut Vec<(BlockKind, String)>) {
    let mut stack: Vec<&Value> = vec![root];
    while let Some(value) = stack.pop() {
        match value {
            // As in `media_credits`.
            Value::Array(items) => {
                for item in items.iter().rev() {
                    stack.push(item);
                }
            }
            Value::Object(members) => {
                if has_type(value, |t| t == "ImageObject") {
                    for (fields, kind) in [
                        (CREDIT_FIELDS, BlockKind::Metadata),
                        (DESCRIPTION_FIELDS, BlockKind::ImageText),
                    ] {
                        for field in fields {
                            if let Some(v) = value.get(field) {
                                names(v, kind, out);
                            }
                        }
                    }
                }
                // Everything under a person or an organisation (a portrait, a logo) is theirs.
                if has_type(value, |t| t == "Person" || t.ends_with("Organization")) {
                    continue;
                }
                for (key, member) in members.iter().rev() {
                    if !crate::in_word_list(PORTRAIT_KEYS, key) {
                        stack.push(member);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether the object's `@type` (a string or a list) has a type that `wanted` accepts.
fn has_type(value: &Value, wanted: impl Fn(&str) -> bool) -> bool {
    match value.get("@type") {
        Some(Value::String(t)) => wanted(t),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).any(wanted),
        _ => false,
    }
}

/// The text of a field: a string, an object's `name`, or a list of those.
fn names(value: &Value, kind: BlockKind, out: &mut Vec<(BlockKind, String)>) {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        single => core::slice::from_ref(single),
    };
    for item in items {
        let name = match item {
            Value::String(s) => Some(s.as_str()),
            _ => item.get("name").and_then(Value::as_str),
        };
        if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) {
            out.push((kind, name.to_string()));
        }
    }
}

/// `text` without the copies of `prefix` it starts with: `str::trim_start_matches` with a string
/// pattern, which would bring the generic substring searcher's code for it into the wasm.
fn strip_all_prefixes<'a>(mut text: &'a str, prefix: &str) -> &'a str {
    while let Some(rest) = text.strip_prefix(prefix).filter(|_| !prefix.is_empty()) {
        text = rest;
    }
    text
}

/// `text` without the copies of `suffix` it ends with (see [`strip_all_prefixes`]).
fn strip_all_suffixes<'a>(mut text: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = text.strip_suffix(suffix).filter(|_| !suffix.is_empty()) {
        text = rest;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_all_prefixes_and_suffixes_match_the_trim_matches_of_std() {
        // (text, pattern)
        let cases: &[(&str, &str)] = &[
            ("<!--<!--{}-->-->", "<!--"),
            ("<!--{}-->-->", "-->"),
            ("{}", "<!--"),
            ("", "-->"),
            ("(C)(C) Name", "(C)"),
            ("é(C)é", "é"),
            ("abc", ""),
        ];
        for &(text, pattern) in cases {
            assert_eq!(
                strip_all_prefixes(text, pattern),
                text.trim_start_matches(pattern),
                "{text:?} {pattern:?}"
            );
            assert_eq!(
                strip_all_suffixes(text, pattern),
                text.trim_end_matches(pattern),
                "{text:?} {pattern:?}"
            );
        }
    }

    #[test]
    fn finds_story_image_credits_but_not_logos_or_portraits() {
        use BlockKind::{ImageText as Desc, Metadata as Credit};
        let cases: &[(&str, &[(BlockKind, &str)])] = &[
            (
                r#"{"@type":"NewsArticle","image":{"@type":"ImageObject","creditText":"AFP","caption":"A view"},
                   "publisher":{"@type":"Organization","logo":{"@type":"ImageObject","author":"Logo Co"}}}"#,
                &[(Credit, "AFP"), (Desc, "A view")],
            ),
            (
                r#"[{"@type":["ImageObject"],"copyrightHolder":{"@type":"Organization","name":"Getty Images"},
                    "author":[{"name":"Jane Roe"},"John Doe"],"copyrightNotice":"© Agency"}]"#,
                &[
                    (Credit, "Getty Images"),
                    (Credit, "© Agency"),
                    (Credit, "Jane Roe"),
                    (Credit, "John Doe"),
                ],
            ),
            (
                r#"{"@graph":[{"@type":"ImageObject","caption":"  "},{"@type":"Person","name":"X"}]}"#,
                &[],
            ),
            // The article's own author and publisher are not image credits.
            (
                r#"{"@type":"NewsArticle","author":{"name":"Not an image"},"publisher":{"name":"Site"}}"#,
                &[],
            ),
            // Author portraits, under the article's author or as a person in a graph.
            (
                r#"{"@type":"NewsArticle","author":[{"@type":"Person","name":"A B",
                    "image":{"@type":"ImageObject","caption":"A B","author":"Studio"}}]}"#,
                &[],
            ),
            (
                r#"{"@graph":[{"@type":"Person","image":{"@type":"ImageObject","creditText":"Studio"}},
                   {"@type":"NewsMediaOrganization","image":{"@type":"ImageObject","creditText":"Logo"}}]}"#,
                &[],
            ),
        ];
        for &(source, want) in cases {
            let mut got = Vec::new();
            texts_in(&json::parse(source).expect("valid JSON"), &mut got);
            let got: Vec<(BlockKind, &str)> = got.iter().map(|(k, t)| (*k, t.as_str())).collect();
            assert_eq!(got, want, "{source}");
        }
    }

    #[test]
    fn reads_credit_fields_of_media_metadata() {
        let cases: &[(&str, &[&str])] = &[
            (
                r#"{"duration":"PT1M","image":{"alt":"A pier","copyrightHolder":"Wire Agency"},"caption":"A pier at dusk"}"#,
                &["Wire Agency"],
            ),
            (
                r#"[{"credit":"Jane Roe"},{"items":[{"creditText":{"name":"Photo Desk"}}]}]"#,
                &["Jane Roe", "Photo Desk"],
            ),
            (r#"{"image":{"copyrightHolder":"  "}}"#, &[]),
            // The publisher's own marks.
            (
                r#"{"image":{"copyrightHolder":"NBS"},"credit":"(C) Northern Broadcasting Service"}"#,
                &[],
            ),
            ("{not json", &[]),
            ("", &[]),
        ];
        for &(source, want) in cases {
            let mut got = Vec::new();
            media_credits(source, &["NBS Online"], &mut got);
            assert_eq!(got, want, "{source}");
        }
    }

    #[test]
    fn tells_the_publishers_own_mark() {
        // (credit, site names, whether it is the publisher's mark)
        let cases: &[(&str, &[&str], bool)] = &[
            ("(C) Northern Broadcasting Service", &["NBS Online"], true),
            ("NBS", &["NBS Online"], true),
            ("© Daily Planet", &["Daily Planet"], true),
            (
                "Copyright Daily Planet",
                &["The Herald", "Daily Planet"],
                true,
            ),
            ("Wire Agency", &["NBS Online"], false),
            ("Nadia Bell Smith", &["Daily Planet"], false),
            ("Getty Images", &["The Daily Planet"], false),
            ("The", &["The Daily Planet"], false),
            ("Daily Planet", &[], false),
            ("", &["Daily Planet"], false),
        ];
        for &(credit, sites, want) in cases {
            assert_eq!(is_publisher_mark(credit, sites), want, "{credit} {sites:?}");
        }
    }
}
