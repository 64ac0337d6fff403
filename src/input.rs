//! Reading a file the user named: HTML page or plain text, decoded, then analysed.
//! Native only; the browser hands the article over as a DOM snapshot instead.

use crate::error::Error;
use crate::report::Report;

/// What a file holds, decided from its name and its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// An HTML page: parsed, article found, then analysed.
    Html,
    /// Plain text: paragraphs separated by blank lines.
    Text,
}

/// How many leading bytes the sniffers look at.
const SNIFF_LEN: usize = 1024;

/// Decides whether `bytes` (named `name`) are HTML or text, or refuses binary content.
pub fn sniff(name: &str, bytes: &[u8]) -> Result<InputFormat, Error> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    // Text in any ASCII-compatible charset has no NUL; UTF-16 pages start with a BOM.
    let utf16_bom = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if head.contains(&0) && !utf16_bom {
        return Err(Error::binary());
    }
    let lower = name.to_ascii_lowercase();
    if [".html", ".htm", ".xhtml", ".shtml"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return Ok(InputFormat::Html);
    }
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let looks_html = start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<!--")
        || (start.starts_with('<')
            && ["<body", "<p>", "<p ", "<div", "<head"]
                .iter()
                .any(|t| text.contains(t)));
    Ok(if looks_html || utf16_bom {
        InputFormat::Html
    } else {
        InputFormat::Text
    })
}

/// Analyses a file's bytes: HTML pages through the article finder, anything else as text.
pub fn analyze_file(name: &str, bytes: &[u8]) -> Result<Report, Error> {
    Ok(match sniff(name, bytes)? {
        InputFormat::Html => crate::analyze_html_bytes(bytes),
        InputFormat::Text => crate::analyze_text(&String::from_utf8_lossy(bytes)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_html_text_and_binary() {
        let cases: &[(&str, &[u8], Option<InputFormat>)] = &[
            ("a.html", b"whatever", Some(InputFormat::Html)),
            ("A.HTM", b"x", Some(InputFormat::Html)),
            ("page", b"  <!DOCTYPE html><html>", Some(InputFormat::Html)),
            (
                "page",
                b"\xEF\xBB\xBF<html lang=en>",
                Some(InputFormat::Html),
            ),
            (
                "page.txt",
                b"<div class=x>hi</div>",
                Some(InputFormat::Html),
            ),
            (
                "notes.txt",
                b"He said \"hi\".\n\nMore.",
                Some(InputFormat::Text),
            ),
            ("notes.txt", b"a < b and c > d", Some(InputFormat::Text)),
            ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
            ("page.html", b"\xFF\xFE<\0h\0", Some(InputFormat::Html)),
        ];
        for &(name, bytes, want) in cases {
            assert_eq!(sniff(name, bytes).ok(), want, "{name}");
        }
    }
}
