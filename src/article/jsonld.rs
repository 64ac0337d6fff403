//! Image credits from JSON-LD (`<script type="application/ld+json">`): the credit fields of
//! every `ImageObject` anywhere in the page, except publisher logos.

use super::index::{Page, Tag};
use super::{Tree, JSON_LD_TYPE};
use crate::json::{self, Value};

/// `ImageObject` fields that name who made or owns an image, or describe it.
const CREDIT_FIELDS: &[&str] = &["creditText", "copyrightHolder", "author", "caption"];

/// Keys under which an `ImageObject` is the publisher's branding, not a photo.
const BRANDING_KEYS: &[&str] = &["logo", "publisher", "brand"];

/// The credit texts of the page's JSON-LD images, in page order (duplicates kept; the caller
/// dedupes across blocks).
pub(super) fn image_credits<T: Tree>(page: &Page<T>) -> Vec<String> {
    let mut credits = Vec::new();
    for script in 0..page.len() {
        let is_json_ld = page.tag[script] == Tag::Script
            && page
                .attribute(script, "type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(JSON_LD_TYPE));
        if !is_json_ld {
            continue;
        }
        let source: String = (script..page.end[script] as usize)
            .map(|i| page.text(i))
            .collect();
        // Pages sometimes wrap JSON-LD in an HTML comment or CDATA markers.
        let source = source
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->");
        if let Ok(value) = json::parse(source) {
            credits_in(&value, &mut credits);
        }
    }
    credits
}

/// Collects the credit fields of every non-branding `ImageObject` in `root`, walking with an
/// explicit stack (the parser bounds depth, but the walk needs no recursion either way).
fn credits_in(root: &Value, out: &mut Vec<String>) {
    let mut stack: Vec<&Value> = vec![root];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(members) => {
                if is_image_object(value) {
                    for field in CREDIT_FIELDS {
                        if let Some(v) = value.get(field) {
                            names(v, out);
                        }
                    }
                }
                let children = members
                    .iter()
                    .rev()
                    .filter(|(key, _)| !BRANDING_KEYS.contains(&key.as_str()));
                stack.extend(children.map(|(_, v)| v));
            }
            _ => {}
        }
    }
}

fn is_image_object(value: &Value) -> bool {
    match value.get("@type") {
        Some(Value::String(t)) => t == "ImageObject",
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some("ImageObject")),
        _ => false,
    }
}

/// The text of a credit field: a string, an object's `name`, or a list of those.
fn names(value: &Value, out: &mut Vec<String>) {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        single => std::slice::from_ref(single),
    };
    for item in items {
        let name = match item {
            Value::String(s) => Some(s.as_str()),
            _ => item.get("name").and_then(Value::as_str),
        };
        if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) {
            out.push(name.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_image_credits_but_not_logos() {
        let cases: &[(&str, &[&str])] = &[
            (
                r#"{"@type":"NewsArticle","image":{"@type":"ImageObject","creditText":"AFP","caption":"A view"},
                   "publisher":{"@type":"Organization","logo":{"@type":"ImageObject","author":"Logo Co"}}}"#,
                &["AFP", "A view"],
            ),
            (
                r#"[{"@type":["ImageObject"],"copyrightHolder":{"@type":"Organization","name":"Getty Images"},
                    "author":[{"name":"Jane Roe"},"John Doe"]}]"#,
                &["Getty Images", "Jane Roe", "John Doe"],
            ),
            (
                r#"{"@graph":[{"@type":"ImageObject","caption":"  "},{"@type":"Person","name":"X"}]}"#,
                &[],
            ),
            (
                r#"{"@type":"NewsArticle","author":{"name":"Not an image"}}"#,
                &[],
            ),
        ];
        for &(source, want) in cases {
            let mut got = Vec::new();
            credits_in(&json::parse(source).expect("valid JSON"), &mut got);
            assert_eq!(got, want, "{source}");
        }
    }
}
