//! The report: what Sourcelight found in an article.
//!
//! These types are a public contract shared by the CLI (`--format json`), the wasm API
//! (`analyzeText`) and the extension's popup. Field names never change; fields may be added.
//! Every offset is in UTF-16 code units within one block's text, because that is what the DOM
//! (`Range.setStart`) uses.

use crate::prelude::*;
use serde::{Deserialize, Serialize};

/// The version of the report schema, written into every report.
pub const REPORT_VERSION: u32 = 1;

/// A stretch of one block's text, in UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Index of the block in the article's block list.
    pub block: usize,
    /// First UTF-16 code unit of the span.
    pub start: usize,
    /// One past the last UTF-16 code unit of the span.
    pub end: usize,
}

/// Everything found in one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Schema version, [`REPORT_VERSION`].
    pub version: u32,
    /// ISO 639-1 code of the article's language as detected from its text (`en`, `fr`, `de`, `es`).
    pub language: String,
    /// Direct and indirect quotes, in reading order.
    pub quotes: Vec<Quote>,
    /// People and bodies who are quoted, in order of first quote.
    pub speakers: Vec<Speaker>,
    /// Officials (holders of, or speakers for, a public office), in order of first mention.
    pub officials: Vec<Official>,
    /// Photo credits attached to the article's images.
    pub image_credits: Vec<ImageCredit>,
    /// Whether the page or its text exceeded the work budget, so that only its beginning was
    /// analysed: everything reached is still reported, and the popup says the page was only
    /// partly annotated. Set by the entry points (`annotate`, `analyze_text`); absent in older
    /// reports, which read as `false`.
    #[serde(default)]
    pub truncated: bool,
}

/// Whether a quote reproduces the words (direct) or reports them (indirect).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words inside quotation marks.
    Direct,
    /// Reported speech: "X said that …", "according to X, …".
    Indirect,
}

/// One quote, possibly split over several spans ("A," he said, "B.").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted content without its outer marks; pieces of a split quote joined by one space.
    pub text: String,
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// Who said it, as the article names them, or `None` when the article does not say.
    pub speaker: Option<String>,
    /// Index into [`Report::speakers`].
    pub speaker_id: Option<usize>,
    /// The speech cue that attributes the quote ("said", "according to"), if any.
    pub cue: Option<String>,
    /// Where the content is, one span per piece.
    pub spans: Vec<Span>,
}

/// A person or body who is quoted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// Position in [`Report::speakers`].
    pub id: usize,
    /// The fullest name the article uses, or a description for an unnamed speaker.
    pub name: String,
    /// Whether `name` is a proper name (false for "a senior American official").
    pub named: bool,
    /// The speaker's title or role, if the article gives one.
    pub title: Option<String>,
    /// How many quotes are attributed to this speaker.
    pub quotes: usize,
    /// Every mention of this speaker in the article's text.
    pub mentions: Vec<Span>,
}

/// A holder of, or speaker for, a public office or body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Official {
    /// The official's name, or `None` for an unnamed official.
    pub name: Option<String>,
    /// The title as the article gives it ("Chinese President", "a senior US State Department official").
    pub title: String,
    /// Every mention of this official.
    pub mentions: Vec<Span>,
}

/// Where an image credit was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CreditSource {
    /// A visible caption or credit line.
    Caption,
    /// An image's `alt` or `title` text.
    Alt,
    /// Structured data (JSON-LD `ImageObject`).
    Metadata,
}

/// A photo credit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageCredit {
    /// The credit as written ("© AFP – Brendan Smialowski").
    pub text: String,
    /// The agency or organisation credited, if any.
    pub agency: Option<String>,
    /// The photographer credited, if any.
    pub photographer: Option<String>,
    /// Where the credit was found.
    pub source: CreditSource,
    /// Where the credit text is.
    pub spans: Vec<Span>,
}

impl core::fmt::Display for Report {
    /// A plain-text summary for terminals: counts, then speakers, quotes, officials, credits.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        writeln!(
            f,
            "{} quotes, {} speakers, {} officials, {} image credits (language: {})",
            self.quotes.len(),
            self.speakers.len(),
            self.officials.len(),
            self.image_credits.len(),
            self.language
        )?;
        if !self.speakers.is_empty() {
            writeln!(f, "\nSpeakers")?;
        }
        for s in &self.speakers {
            let title = match s.title.as_deref() {
                Some(t) if t != s.name => format!(", {t}"),
                _ => String::new(),
            };
            let plural = if s.quotes == 1 { "" } else { "s" };
            writeln!(f, "  {}{title} ({} quote{plural})", s.name, s.quotes)?;
        }
        if !self.quotes.is_empty() {
            writeln!(f, "\nQuotes")?;
        }
        for q in &self.quotes {
            let kind = match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Indirect => "indirect",
            };
            let who = q.speaker.as_deref().unwrap_or("(unattributed)");
            writeln!(f, "  [{kind}] {who}: \u{201c}{}\u{201d}", q.text)?;
        }
        if !self.officials.is_empty() {
            writeln!(f, "\nOfficials")?;
        }
        for o in &self.officials {
            match &o.name {
                Some(name) => writeln!(f, "  {name}, {}", o.title)?,
                None => writeln!(f, "  {}", o.title)?,
            }
        }
        if !self.image_credits.is_empty() {
            writeln!(f, "\nImage credits")?;
        }
        for c in &self.image_credits {
            let parts: Vec<&str> = [c.agency.as_deref(), c.photographer.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            writeln!(f, "  {} [{}]", c.text, parts.join(" / "))?;
        }
        Ok(())
    }
}
