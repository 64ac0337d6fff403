//! Reading the chosen containers into blocks: headline, paragraphs, headings, captions, bylines
//! and image text in document order, each text block with the text nodes it is made of.

use super::index::{bits, Excluded, Page, Tag};
use super::score::{choose_roots, is_page_level, TextStats, MIN_PARAGRAPH_CHARS};
use super::{jsonld, Article, Piece, Tree, CREDIT_ATTRIBUTES, MEDIA_METADATA_ATTRIBUTES};
use crate::at;
use crate::prelude::*;
use crate::text::{char_count, contains_str, utf16_len, Block, BlockKind, KeyTable};

/// Never part of any block: hidden elements, page chrome and data tables.
const STRICT_LEAD: u16 = bits::HIDDEN | bits::CHROME_TAG | bits::CHROME_CLASS | bits::DATA_TABLE;
/// Not part of the body text: additionally headers (their headline and byline are read apart).
const STRICT_BODY: u16 = STRICT_LEAD | bits::HEADER_TAG | bits::HEADER_CLASS;
/// The fallback masks ignore class names, for pages whose class names mislead (a wrapper
/// called `page-with-sidebar` around the whole story).
const RELAXED_LEAD: u16 = bits::HIDDEN | bits::CHROME_TAG | bits::DATA_TABLE;
const RELAXED_BODY: u16 = RELAXED_LEAD | bits::HEADER_TAG;

/// Body text (in characters) below which the class-name rules are suspected of hiding the
/// story and the finder tries again without them.
const MIN_BODY_CHARS: usize = 500;
/// How far (in nodes) after the headline the lead image and byline are looked for.
const LEAD_REGION_NODES: usize = 3000;
/// Longest text (in characters) and largest subtree (in nodes) of a headline candidate.
const MAX_HEADLINE_CHARS: u32 = 400;
/// The longest page title (its letters and digits, in bytes) that headings are matched against.
/// Real titles are a headline and a site name; every candidate heading searches the title, so a
/// page with a title of megabytes would cost its size once per heading.
const MAX_TITLE_KEY_BYTES: usize = 4096;
const MAX_HEADLINE_NODES: usize = 200;
/// Shortest heading (letters and digits) that counts as the page title when the title contains it.
const MIN_TITLE_MATCH_CHARS: usize = 10;
/// Longest text (in characters) of an element read as a caption or byline by its class name.
const MAX_CAPTION_CHARS: u32 = 400;
const MAX_BYLINE_CHARS: u32 = 100;

/// Finds the article: the strict attempt, or the relaxed one when that yields more body text
/// after the strict one came out too short; failing both, the body's own text
/// ([`Finder::read_bare_text`]) when it holds at least one paragraph's worth
/// ([`MIN_PARAGRAPH_CHARS`]), so that a page of a few words remains without an article.
pub(super) fn article<T: Tree>(page: &Page<T>) -> Article<T::Node> {
    let strict_finder = Finder::new(page, STRICT_BODY, STRICT_LEAD);
    let strict = strict_finder.run(false);
    let mut best = if strict.body_chars >= MIN_BODY_CHARS {
        strict
    } else {
        let relaxed = Finder::new(page, RELAXED_BODY, RELAXED_LEAD).run(false);
        if relaxed.body_chars > strict.body_chars {
            relaxed
        } else {
            strict
        }
    };
    if best.body_chars == 0 {
        // Only the strict attempt comes out without body text (the relaxed one is taken only
        // with more), so the strict finder reads the bare text, in a run of its own (its masks
        // and text totals are already made): pages with an article, nearly all, never pay for
        // it.
        let bare = strict_finder.run(true);
        if bare.body_chars >= MIN_PARAGRAPH_CHARS as usize {
            best = bare;
        }
    }
    // Credits from attributes, then image texts from JSON-LD: not paintable, each distinct
    // text once.
    let mut seen = KeyTable::new();
    let credits = core::mem::take(&mut best.attribute_credits);
    let metadata = credits
        .into_iter()
        .map(|credit| (BlockKind::Metadata, credit))
        .chain(jsonld::image_texts(page));
    for (kind, text) in metadata {
        if first_sight(&mut seen, &text) {
            best.article.blocks.push(Block::new(kind, text));
            best.article.pieces.push(Vec::new());
        }
    }
    best.article
}

/// What one attempt produced.
struct Outcome<N> {
    article: Article<N>,
    /// Characters in paragraph blocks.
    body_chars: usize,
    /// Credit attribute values of the article's images, in document order.
    attribute_credits: Vec<String>,
}

/// The page with one choice of exclusion masks.
struct Finder<'p, 't, T: Tree> {
    page: &'p Page<'t, T>,
    /// Every node's own bits combined with its ancestors' ([`Page::inherited`]), kept where they
    /// meet the body mask, the lead mask or [`bits::BYLINE`]: one pass over the page for the
    /// three exclusions ([`Finder::body_excluded`], [`Finder::lead_excluded`], bylines).
    inherited: Vec<u16>,
    /// The bits that leave a node out of the body text.
    body_mask: u16,
    /// The bits that leave a node out of everything (headline, byline and lead image included).
    lead_mask: u16,
    /// True for images that are thumbnails of links to other pages ([`teaser_images`]).
    teaser: Vec<bool>,
    /// The names the page gives its publisher ([`SITE_NAME_METAS`]).
    site_names: Vec<&'t str>,
    body_stats: TextStats,
    lead_stats: TextStats,
}

/// A part of the block being built.
#[derive(Clone, Copy)]
enum Pending {
    /// A text node, by index.
    Text(usize),
    /// A separator the page implies (`<br>`, a block boundary inside a caption).
    Separator(&'static str),
}

/// Which exclusions a read applies.
#[derive(Clone, Copy)]
enum Scope {
    /// The body: headers are read only for their lead image and byline; `skip` (the headline,
    /// already read) is left out.
    Body { skip: Option<usize> },
    /// Headline, lead image and byline.
    Lead,
}

/// An open block-level element while reading a subtree.
struct Open {
    end: usize,
    kind: BlockKind,
    /// Inside a caption, byline or heading: its boundaries become spaces, not new blocks.
    nested: bool,
}

/// The output being built.
struct Builder<N> {
    article: Article<N>,
    pending: Vec<Pending>,
    pending_kind: BlockKind,
    /// Image texts waiting for the current block to end, so they follow it.
    image_texts: Vec<String>,
    seen_image_texts: KeyTable,
    /// Captions already read, whitespace collapsed.
    seen_captions: KeyTable,
    /// Credit attribute values of the article's images and galleries, in document order.
    attribute_credits: Vec<String>,
    body_chars: usize,
}

/// `<meta>` elements whose `property` or `name` is the publisher's name.
const SITE_NAME_METAS: &[&str] = &["og:site_name", "application-name"];

/// The `content` of every `<meta>` whose `property` or `name` is one of `keys`, in page order.
fn meta_contents<'p, 't, T: Tree>(
    page: &'p Page<'t, T>,
    keys: &'p [&str],
) -> impl Iterator<Item = &'t str> + 'p {
    page.metas.iter().filter_map(move |&i| {
        let i = i as usize;
        let named = |attribute| {
            page.attribute(i, attribute)
                .is_some_and(|v| keys.contains(&v.trim()))
        };
        let wanted = named("property") || named("name");
        wanted.then(|| page.attribute(i, "content")).flatten()
    })
}

/// Records `text` in `seen` and says whether it was new (a set over the shared [`KeyTable`],
/// which costs less wasm than a `HashSet` of its own).
fn first_sight(seen: &mut KeyTable, text: &str) -> bool {
    let before = seen.len();
    seen.intern(text) == before
}

/// Share of a list's text inside links from which it is a list of links to other stories.
const MIN_LINK_LIST_DENSITY: f32 = 0.9;

/// Fewest linked images in the container of a list of links to other pages.
const MIN_TEASER_IMAGES: usize = 3;
/// How many ancestors above a linked image are searched for that container.
const MAX_TEASER_LEVELS: usize = 8;
/// Share of a container's text inside links from which it is a list of links.
const MIN_TEASER_LINK_DENSITY: f32 = 0.5;

/// Marks the images that are thumbnails of links to other pages: an image inside a link whose
/// nearest container holding several linked images (a video carousel, a "more stories" strip)
/// has text that is mostly links. Their alt text describes other stories' photos, with those
/// photos' credits. A gallery of the article's own photos has captions, so its text is not
/// mostly links; the page's `<body>` and document element never count as such a container.
fn teaser_images<T: Tree>(page: &Page<T>, stats: &TextStats) -> Vec<bool> {
    let n = page.len();
    // The images inside links, in document order, in one pass over the tags: an image is inside
    // a link when it comes before the end of a link that started before it (subtrees are
    // contiguous ranges of pre-order indices).
    let mut linked: Vec<usize> = Vec::new();
    let mut link_end = 0;
    // Through the tags' iterator: indexing a `Vec` is a call per use in the wasm.
    for (i, &tag) in page.tag.iter().enumerate() {
        match tag {
            Tag::A => link_end = link_end.max(page.end(i)),
            Tag::Img if i < link_end => linked.push(i),
            _ => {}
        }
    }
    let mut teaser = vec![false; n];
    for (k, &img) in linked.iter().enumerate() {
        let mut ancestor = page.parent_of(img);
        for _ in 0..MAX_TEASER_LEVELS {
            let Some(a) = ancestor else { break };
            if holds_linked_images(&linked, k, a, page.end(a)) {
                teaser[img] =
                    !is_page_level(page, a) && stats.link_density(a) >= MIN_TEASER_LINK_DENSITY;
                break;
            }
            ancestor = page.parent_of(a);
        }
    }
    teaser
}

/// Whether the subtree `start..end` holds at least [`MIN_TEASER_IMAGES`] of the `linked` images
/// (in document order), `linked[k]` being one of them: the others in it are its neighbours in
/// the list, so counting stops after a few steps either way instead of walking the subtree.
fn holds_linked_images(linked: &[usize], k: usize, start: usize, end: usize) -> bool {
    let mut count = 0;
    // From `linked[k]` back, then forward from the one after it, while inside the subtree.
    let mut j = k;
    while let Some(&i) = linked.get(j) {
        if i < start || count == MIN_TEASER_IMAGES {
            break;
        }
        count += 1;
        let Some(previous) = j.checked_sub(1) else {
            break;
        };
        j = previous;
    }
    j = k + 1;
    while let Some(&i) = linked.get(j) {
        if i >= end || count == MIN_TEASER_IMAGES {
            break;
        }
        count += 1;
        j += 1;
    }
    count == MIN_TEASER_IMAGES
}

/// Whether blocks of this kind stay whole, joining nested blocks with spaces.
fn is_atomic(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Headline | BlockKind::Heading | BlockKind::Caption | BlockKind::Byline
    )
}

impl<'p, 't, T: Tree> Finder<'p, 't, T> {
    fn new(page: &'p Page<'t, T>, body_mask: u16, lead_mask: u16) -> Self {
        let inherited = page.inherited(body_mask | lead_mask | bits::BYLINE);
        let [body_stats, lead_stats] =
            TextStats::body_and_lead(page, &inherited, body_mask, lead_mask);
        // Pushed in a loop: `collect` from this iterator would be code of its own in the wasm.
        let mut site_names = Vec::new();
        for name in meta_contents(page, SITE_NAME_METAS) {
            site_names.push(name);
        }
        Finder {
            page,
            inherited,
            body_mask,
            lead_mask,
            teaser: teaser_images(page, &lead_stats),
            site_names,
            body_stats,
            lead_stats,
        }
    }

    /// The nodes left out of the body text.
    fn body_excluded(&self) -> Excluded<'_> {
        Excluded::by(&self.inherited, self.body_mask)
    }

    /// The nodes left out of everything (headline, byline and lead image included).
    fn lead_excluded(&self) -> Excluded<'_> {
        Excluded::by(&self.inherited, self.lead_mask)
    }

    /// Reads the article; with `bare_text`, the body's own text too ([`Finder::read_bare_text`]),
    /// for a page where the scorer found no body text.
    fn run(&self, bare_text: bool) -> Outcome<T::Node> {
        let roots = choose_roots(self.page, self.body_excluded(), &self.body_stats);
        let mut out = Builder {
            article: Article {
                blocks: Vec::new(),
                pieces: Vec::new(),
            },
            pending: Vec::new(),
            pending_kind: BlockKind::Paragraph,
            image_texts: Vec::new(),
            seen_image_texts: KeyTable::new(),
            seen_captions: KeyTable::new(),
            attribute_credits: Vec::new(),
            body_chars: 0,
        };
        let headline = self.headline(&roots);
        match headline {
            Some(h) => self.read(&mut out, h, Some(BlockKind::Headline), Scope::Lead),
            None => {
                if let Some(title) = self.fallback_title() {
                    out.article
                        .blocks
                        .push(Block::new(BlockKind::Headline, title));
                    out.article.pieces.push(Vec::new());
                }
            }
        }
        if let (Some(h), Some(&first)) = (headline, roots.first()) {
            let after_headline = self.page.end(h);
            if after_headline <= first {
                let lead_end = first.min(after_headline + LEAD_REGION_NODES);
                self.read_lead(&mut out, after_headline, lead_end);
                self.read_credit_attributes(&mut out, after_headline, lead_end, u16::MAX);
            }
        }
        for &root in &roots {
            self.read(&mut out, root, None, Scope::Body { skip: headline });
            // Galleries inside the story are often class-named as promos or widgets, and their
            // slides may be hidden until shown: their credit attributes still belong to the
            // article's images. Asides and navigation (by tag or role) stay out.
            let end = self.page.end(root);
            self.read_credit_attributes(&mut out, root, end, bits::CHROME_TAG);
        }
        if bare_text {
            self.read_bare_text(&mut out, headline);
        }
        out.flush_image_texts();
        Outcome {
            body_chars: out.body_chars,
            attribute_credits: out.attribute_credits,
            article: out.article,
        }
    }

    /// Reads the body's own text into `outcome`, which has no body text: the text outside every
    /// element that breaks a line below `<body>`, as a page of bare text holds it (text nodes,
    /// `<br>`s and inline elements straight in the body, or a plain-text document). The
    /// body's nested blocks were all there for the scorer to find, and found too short; a line
    /// break, either side of such a block or two `<br>`s with only whitespace between them,
    /// ends a paragraph. `headline`, already read, is left out.
    fn read_bare_text(&self, out: &mut Builder<T::Node>, headline: Option<usize>) {
        let page = self.page;
        // Whether a `<br>` came last, after the block's text, with only whitespace since.
        let mut after_break = false;
        let mut i = 0;
        while i < page.len() {
            let subtree_end = page.end(i);
            let tag = page.tag(i);
            let nested_block = tag.is_block() && !is_page_level(page, i);
            if nested_block {
                out.flush(page);
                after_break = false;
            }
            if nested_block || self.body_excluded().has(i) || headline == Some(i) {
                i = subtree_end;
                continue;
            }
            match tag {
                Tag::Text => {
                    out.text(i, BlockKind::Paragraph);
                    after_break &= page.bits(i) & bits::BLANK != 0;
                }
                Tag::Br if after_break => {
                    out.flush(page);
                    after_break = false;
                }
                Tag::Br => {
                    out.separator("\n");
                    after_break = !out.pending.is_empty();
                }
                Tag::Img => self.image_text(out, i),
                _ => {}
            }
            i += 1;
        }
        out.flush(page);
    }

    /// The headline element. Candidates are `h1`s and `itemprop=headline` elements ("marked")
    /// and other headings whose text is part of the page title (`og:title` or `<title>`, which
    /// often append the site name) or contains it ("titled"). Marked and titled beats titled
    /// beats marked (a site logo is often the page's only `h1`); among equals, one inside the
    /// article wins, then the last one before it, then the first one.
    fn headline(&self, roots: &[usize]) -> Option<usize> {
        let page = self.page;
        let title_key = self
            .fallback_title()
            .map(|t| match_key(&t))
            .filter(|k| !k.is_empty() && k.len() <= MAX_TITLE_KEY_BYTES);
        let (mut both, mut titled, mut marked) = (Vec::new(), Vec::new(), Vec::new());
        // The tag and bits are read straight from their arrays, as slices, and tested first:
        // this runs over every node, and most are no heading (the accessors, and indexing a
        // `Vec`, are calls in the wasm).
        let (tags, node_bits) = (&page.tag[..], &page.bits[..]);
        for i in 0..page.len() {
            let tag = tags[i];
            let is_marked = tag == Tag::H1 || node_bits[i] & bits::HEADLINE != 0;
            if !(is_marked || tag == Tag::Heading) {
                continue;
            }
            let chars = self.lead_stats.chars(i);
            let small =
                chars > 0 && chars <= MAX_HEADLINE_CHARS && page.end(i) - i <= MAX_HEADLINE_NODES;
            if self.lead_excluded().has(i) || !small {
                continue;
            }
            let key = match_key(&self.visible_text(i));
            if key.is_empty() {
                continue;
            }
            let is_titled = title_key.as_ref().is_some_and(|t| {
                (char_count(&key) >= MIN_TITLE_MATCH_CHARS && contains_str(t, &key))
                    || contains_str(&key, t)
            });
            match (is_marked, is_titled) {
                (true, true) => both.push(i),
                (false, true) => titled.push(i),
                (true, false) => marked.push(i),
                (false, false) => {}
            }
        }
        let first_root = roots.first().copied().unwrap_or(usize::MAX);
        // Plain loops rather than `find` over iterator adapters, each of which is code of its
        // own in the wasm.
        let pick = |candidates: &[usize]| {
            for &c in candidates {
                for &r in roots {
                    if r <= c && c < page.end(r) {
                        return Some(c);
                    }
                }
            }
            for &c in candidates.iter().rev() {
                if c < first_root {
                    return Some(c);
                }
            }
            candidates.first().copied()
        };
        pick(&both)
            .or_else(|| pick(&titled))
            .or_else(|| pick(&marked))
    }

    /// The text of an element that is not excluded from the lead.
    fn visible_text(&self, element: usize) -> String {
        let mut text = String::new();
        self.page
            .push_text(element, self.lead_excluded(), &mut text);
        text
    }

    /// `og:title`, else the document title: a headline that cannot be painted.
    fn fallback_title(&self) -> Option<String> {
        let page = self.page;
        let og = meta_contents(page, &["og:title"]).next();
        let title = || {
            let t = (0..page.len()).find(|&i| page.tag(i) == Tag::Title)?;
            let mut text = String::new();
            page.push_text(t, Excluded::NONE, &mut text);
            Some(text)
        };
        og.map(str::to_string)
            .or_else(title)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    }

    /// The lead image and byline in `start..end` (between headline and body, or inside a
    /// header within the body): figures, captions and bylines as whole blocks, image text.
    fn read_lead(&self, out: &mut Builder<T::Node>, start: usize, end: usize) {
        let page = self.page;
        let mut i = start;
        while i < end {
            let subtree_end = page.end(i);
            if self.lead_excluded().has(i) {
                i = subtree_end;
                continue;
            }
            let kind = match page.tag(i) {
                Tag::Img => {
                    self.image_text(out, i);
                    None
                }
                _ if subtree_end > end => None,
                Tag::Figure | Tag::Figcaption => Some(BlockKind::Caption),
                _ => self.kind_by_class(i, &self.lead_stats),
            };
            match kind {
                Some(kind) => {
                    self.read(out, i, Some(kind), Scope::Lead);
                    i = subtree_end;
                }
                None => i += 1,
            }
        }
    }

    /// Queues the values of credit attributes in `start..end`, leaving out subtrees whose
    /// inherited bits meet both the lead mask and `mask`.
    fn read_credit_attributes(
        &self,
        out: &mut Builder<T::Node>,
        start: usize,
        end: usize,
        mask: u16,
    ) {
        let page = self.page;
        let mut i = start;
        while i < end {
            if Excluded::by(&self.inherited, self.lead_mask & mask).has(i) {
                i = page.end(i);
                continue;
            }
            if page.bits(i) & bits::CREDIT_ATTRIBUTE != 0 {
                out.credit_attributes(page, i, &self.site_names);
            }
            i += 1;
        }
    }

    /// Queues the alt and title text of image `img`, unless it is an author portrait or a
    /// thumbnail of a link to another page.
    fn image_text(&self, out: &mut Builder<T::Node>, img: usize) {
        if !Excluded::by(&self.inherited, bits::BYLINE).has(img) && !at(&self.teaser, img) {
            out.image_text(self.page, img);
        }
    }

    /// A caption or byline recognised by class, id, `rel` or `itemprop`.
    fn kind_by_class(&self, i: usize, stats: &TextStats) -> Option<BlockKind> {
        let (bits, chars) = (self.page.bits(i), stats.chars(i));
        if bits & bits::CAPTION != 0 && chars <= MAX_CAPTION_CHARS {
            Some(BlockKind::Caption)
        } else if bits & bits::BYLINE != 0 && chars <= MAX_BYLINE_CHARS {
            Some(BlockKind::Byline)
        } else {
            None
        }
    }

    /// Whether `i` is a list of links inside the story: two items or more, its text nearly all
    /// link text. Such a list ("More from UK", "Read more") holds other stories' headlines,
    /// whose names and quotes would be taken for the article's; no running text is a list of
    /// links only.
    fn is_link_list(&self, i: usize) -> bool {
        let page = self.page;
        page.tag(i) == Tag::List
            && self.body_stats.link_density(i) >= MIN_LINK_LIST_DENSITY
            && page
                .children(i)
                .filter(|&c| page.tag(c) == Tag::Li)
                .nth(1)
                .is_some()
    }

    /// The block kind an element opens in the body.
    fn kind_of(&self, i: usize) -> BlockKind {
        match self.page.tag(i) {
            Tag::H1 | Tag::Heading => BlockKind::Heading,
            Tag::Figure | Tag::Figcaption => BlockKind::Caption,
            _ => self
                .kind_by_class(i, &self.body_stats)
                .unwrap_or(BlockKind::Paragraph),
        }
    }

    /// Whether an element starts a block in the body (class-recognised captions and bylines do
    /// even when they are inline elements).
    fn starts_block(&self, i: usize) -> bool {
        let tag = self.page.tag(i);
        tag.is_block()
            || (tag == Tag::Inline
                && self.page.bits(i) & (bits::CAPTION | bits::BYLINE) != 0
                && self.kind_by_class(i, &self.body_stats).is_some())
    }

    /// Reads the subtree of `root` into blocks. With `kind` the whole subtree is one block of
    /// that kind.
    fn read(&self, out: &mut Builder<T::Node>, root: usize, kind: Option<BlockKind>, scope: Scope) {
        let page = self.page;
        let (excluded, skip) = match scope {
            Scope::Body { skip } => (self.body_excluded(), skip),
            Scope::Lead => (self.lead_excluded(), None),
        };
        let end = page.end(root);
        let mut open: Vec<Open> = Vec::new();
        out.flush(page);
        if let Some(kind) = kind {
            open.push(Open {
                end,
                kind,
                nested: false,
            });
        }
        let mut i = root;
        while i < end {
            while open.last().is_some_and(|o| o.end <= i) {
                if let Some(closed) = open.pop() {
                    out.close(page, &closed);
                }
            }
            let subtree_end = page.end(i);
            if self.is_link_list(i) {
                i = subtree_end;
                continue;
            }
            if excluded.has(i) || skip == Some(i) {
                if skip != Some(i) && !self.lead_excluded().has(i) {
                    self.read_lead(out, i, subtree_end);
                }
                i = subtree_end;
                continue;
            }
            match page.tag(i) {
                Tag::Text => out.text(i, open.last().map_or(BlockKind::Paragraph, |o| o.kind)),
                Tag::Br => out.separator("\n"),
                Tag::Img => self.image_text(out, i),
                _ if i == root && kind.is_some() => {}
                _ if self.starts_block(i) => match open.last() {
                    Some(top) if is_atomic(top.kind) => {
                        out.separator(" ");
                        open.push(Open {
                            end: subtree_end,
                            kind: top.kind,
                            nested: true,
                        });
                    }
                    _ => {
                        out.flush(page);
                        open.push(Open {
                            end: subtree_end,
                            kind: self.kind_of(i),
                            nested: false,
                        });
                    }
                },
                _ => {}
            }
            i += 1;
        }
        while let Some(closed) = open.pop() {
            out.close(page, &closed);
        }
        out.flush(page);
    }
}

/// Words of gallery and lightbox controls and of advertising labels that sites style as
/// captions (English, French, German, Spanish, Portuguese).
const UI_WORDS: &[u8] = word_list!(
    "caption close open show hide more less expand collapse enlarge zoom view next \
    previous prev back full screen fullscreen image images photo photos gallery \
    slideshow of toggle advertisement fermer légende publicité schließen anzeige \
    cerrar publicidad fechar"
);

/// Whether `text` is made only of control words and numbers (or has no words at all).
fn is_ui_text(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || crate::in_word_list(UI_WORDS, &crate::text::lower(w))
        })
}

/// Text reduced to lowercase letters and digits, for comparing a heading with the page title,
/// or a credit with the site's name, regardless of punctuation, quote style and spacing.
pub(super) fn match_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .map(crate::text::lower_char)
        .collect()
}

impl<N: Copy> Builder<N> {
    fn text(&mut self, i: usize, kind: BlockKind) {
        if self.pending.is_empty() {
            self.pending_kind = kind;
        }
        self.pending.push(Pending::Text(i));
    }

    fn separator(&mut self, separator: &'static str) {
        if !self.pending.is_empty() {
            self.pending.push(Pending::Separator(separator));
        }
    }

    fn close<T: Tree<Node = N>>(&mut self, page: &Page<T>, closed: &Open) {
        if closed.nested {
            self.separator(" ");
        } else {
            self.flush(page);
        }
    }

    /// Queues an image's `alt` and `title` texts (each distinct text once per article).
    fn image_text<T: Tree<Node = N>>(&mut self, page: &Page<T>, img: usize) {
        for name in ["alt", "title"] {
            let Some(text) = page
                .attribute(img, name)
                .map(str::trim)
                .filter(|t| !t.is_empty())
            else {
                continue;
            };
            if first_sight(&mut self.seen_image_texts, text) {
                self.image_texts.push(text.to_string());
            }
        }
    }

    /// Records an element's credit attribute values and the credit fields of its media
    /// metadata.
    fn credit_attributes<T: Tree<Node = N>>(
        &mut self,
        page: &Page<T>,
        element: usize,
        site_names: &[&str],
    ) {
        // A loop rather than an adapter chain `extend`ed in: each is code of its own in the wasm.
        for &name in CREDIT_ATTRIBUTES {
            let value = page.attribute(element, name).map_or("", str::trim);
            if !value.is_empty() {
                self.attribute_credits.push(value.to_string());
            }
        }
        for &name in MEDIA_METADATA_ATTRIBUTES {
            if let Some(source) = page.attribute(element, name) {
                jsonld::media_credits(source, site_names, &mut self.attribute_credits);
            }
        }
    }

    /// Whether a caption is worth a block: not a repeat of an earlier caption (galleries show
    /// the current slide's caption again in a lightbox or control bar), not only gallery
    /// controls ("Caption Close", "1 of 8").
    fn is_new_caption(&mut self, text: &str) -> bool {
        let key = crate::text::collapse_whitespace(text);
        !is_ui_text(&key) && first_sight(&mut self.seen_captions, &key)
    }

    fn flush_image_texts(&mut self) {
        // Taken rather than drained: `drain` is code of its own in the wasm, and few blocks
        // have image texts queued, so the vector's storage is seldom worth keeping.
        for text in core::mem::take(&mut self.image_texts) {
            self.article
                .blocks
                .push(Block::new(BlockKind::ImageText, text));
            self.article.pieces.push(Vec::new());
        }
    }

    /// Ends the block being built: whitespace-only text nodes at either end are dropped, and a
    /// block without visible text is dropped altogether. Queued image texts follow it.
    fn flush<T: Tree<Node = N>>(&mut self, page: &Page<T>) {
        // Whether a text node is blank was found when the page was indexed.
        let visible = |p: &Pending| match *p {
            Pending::Text(i) => page.bits(i) & bits::BLANK == 0,
            Pending::Separator(_) => false,
        };
        let first = self.pending.iter().position(visible);
        let last = self.pending.iter().rposition(visible);
        if let (Some(first), Some(last)) = (first, last) {
            let mut text = String::new();
            let mut pieces = Vec::new();
            let mut utf16 = 0;
            for part in self.pending.get(first..last + 1).unwrap_or_default() {
                let (node, piece) = match *part {
                    Pending::Text(i) => (Some(page.tree.node(i)), page.text(i)),
                    // A space is redundant next to whitespace the page already has.
                    Pending::Separator(" ") if text.ends_with(char::is_whitespace) => continue,
                    Pending::Separator(s) => (None, s),
                };
                let len = utf16_len(piece);
                if len == 0 {
                    continue;
                }
                text.push_str(piece);
                pieces.push(Piece {
                    node,
                    start: utf16,
                    len,
                });
                utf16 += len;
            }
            if self.pending_kind == BlockKind::Paragraph {
                self.body_chars += char_count(&text);
            }
            if self.pending_kind != BlockKind::Caption || self.is_new_caption(&text) {
                self.article
                    .blocks
                    .push(Block::new(self.pending_kind, text));
                self.article.pieces.push(pieces);
            }
        }
        self.pending.clear();
        self.flush_image_texts();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-written pages with no element the scorer takes for a paragraph.
    #[test]
    fn falls_back_to_the_body_s_own_text() {
        // (page, its paragraph blocks, trimmed; none is "no article")
        let cases: &[(&str, &[&str])] = &[
            (
                "<body>First paragraph of bare text here.<br><br>Second paragraph, also bare.</body>",
                &["First paragraph of bare text here.", "Second paragraph, also bare."],
            ),
            (
                "<body>One line of bare text<br>continues on the next line.</body>",
                &["One line of bare text\ncontinues on the next line."],
            ),
            (
                "<body>Para one is long enough.<br>\n <br>\n<br>Para two here.<br></body>",
                &["Para one is long enough.", "Para two here."],
            ),
            (
                "<body><b>Breaking:</b> the council voted <a href=/x>today</a> to close it.</body>",
                &["Breaking: the council voted today to close it."],
            ),
            (
                "<body>Before the short box, bare text.<div>Box</div>After the box, more text.</body>",
                &["Before the short box, bare text.", "After the box, more text."],
            ),
            (
                "<body><nav>Home About Contact Sitemap Links</nav>Bare text that is the story.\
                 <span hidden>secret words</span></body>",
                &["Bare text that is the story."],
            ),
            (
                "<head><title>Plain</title></head><body><h1>Title of it</h1>Bare story text, \
                 long enough to count.</body>",
                &["Bare story text, long enough to count."],
            ),
            // A plain-text document: one text node is painted whole, so it stays one block.
            (
                "<body>Line one.\n\nLine two of the plain text page.</body>",
                &["Line one.\n\nLine two of the plain text page."],
            ),
            ("<body>Just a few words.</body>", &[]),
            ("<body><p>Loading the next story…</p></body>", &[]),
            ("<body></body>", &[]),
            ("", &[]),
            ("<body>  \n\t <br> <br>\n\u{a0}</body>", &[]),
            (
                "<body><nav><a href=/>Home</a> <a href=/about>About</a></nav><form><label>Email \
                 <input type=email></label></form></body>",
                &[],
            ),
        ];
        for &(html, want) in cases {
            let snapshot = crate::html::parse_html(html);
            let article = crate::article::find_article(&snapshot);
            let paragraphs: Vec<&str> = article
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Paragraph)
                .map(|b| b.text.trim())
                .collect();
            assert_eq!(paragraphs, want, "{html}");
            assert_eq!(article.blocks.len(), article.pieces.len(), "{html}");
        }
    }

    #[test]
    fn leaves_out_lists_of_links_inside_the_story() {
        // (list inside the story, the list's text that the body keeps)
        let cases: &[(&str, &[&str])] = &[
            (
                "<ul><li><a href=/a>Minister resigns over budget row</a></li>\
                 <li><a href=/b>Mayor opens the new bridge</a></li></ul>",
                &[],
            ),
            (
                "<ol><li><a href=#one>First part</a></li><li><a href=#two>Second part</a></li></ol>",
                &[],
            ),
            // One link is a link, not a list of them.
            (
                "<ul><li><a href=/a>Minister resigns over budget row</a></li></ul>",
                &["Minister resigns over budget row"],
            ),
            // Items of the story's own text that hold a link each.
            (
                "<ul><li>Rents rose by a tenth, <a href=/r>the survey</a> found last spring.</li>\
                 <li>Wages rose by a twentieth over the same months.</li></ul>",
                &[
                    "Rents rose by a tenth, the survey found last spring.",
                    "Wages rose by a twentieth over the same months.",
                ],
            ),
        ];
        let story = "<p>The council voted on Tuesday to close the old bridge for repairs, which \
                     will take most of the coming year and cost more than expected.</p>";
        for &(list, want) in cases {
            let html = format!(
                "<body><article><h1>Bridge closes</h1>{story}{list}{story}</article></body>"
            );
            let article = crate::article::find_article(&crate::html::parse_html(&html));
            let kept: Vec<&str> = article
                .blocks
                .iter()
                .map(|b| b.text.trim())
                .filter(|text| !text.starts_with("The council") && *text != "Bridge closes")
                .collect();
            assert_eq!(kept, want, "{list}");
        }
    }

    #[test]
    fn keeps_the_headline_before_the_bare_text() {
        let snapshot = crate::html::parse_html(
            "<body><h1>Council closes the bridge</h1>The council voted today to close it.</body>",
        );
        let article = crate::article::find_article(&snapshot);
        let blocks: Vec<(BlockKind, &str)> = article
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            blocks,
            [
                (BlockKind::Headline, "Council closes the bridge"),
                (BlockKind::Paragraph, "The council voted today to close it."),
            ]
        );
    }

    #[test]
    fn counts_linked_images_in_a_subtree_by_neighbours() {
        // (linked images, k, subtree start, subtree end, whether it holds three)
        let cases: &[(&[usize], usize, usize, usize, bool)] = &[
            (&[5], 0, 0, 10, false),
            (&[5, 6, 7], 0, 0, 10, true),
            (&[5, 6, 7], 2, 0, 10, true),
            (&[5, 6, 7], 1, 6, 10, false),
            (&[1, 5, 6, 20], 1, 4, 10, false),
            (&[1, 5, 6, 9, 20], 2, 4, 10, true),
            (&[1, 2, 3, 4, 5, 6, 7], 3, 0, 100, true),
        ];
        for &(linked, k, start, end, want) in cases {
            assert_eq!(
                holds_linked_images(linked, k, start, end),
                want,
                "{linked:?} {k} {start}..{end}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn neighbour_count_matches_counting_all(
            gaps in proptest::collection::vec(1usize..4, 1..12),
            k_seed in 0usize..100,
            before in 0usize..10,
            after in 1usize..10,
        ) {
            let linked: Vec<usize> = gaps
                .iter()
                .scan(0, |at, gap| {
                    *at += gap;
                    Some(*at)
                })
                .collect();
            let k = k_seed % linked.len();
            let (start, end) = (linked[k].saturating_sub(before), linked[k] + after);
            let inside = linked.iter().filter(|&&i| start <= i && i < end).count();
            proptest::prop_assert_eq!(
                holds_linked_images(&linked, k, start, end),
                inside >= MIN_TEASER_IMAGES
            );
        }
    }

    #[test]
    fn tells_gallery_controls_from_captions() {
        let cases: &[(&str, bool)] = &[
            ("Caption Close", true),
            ("Image 1 of 8", true),
            ("View photo .", true),
            ("Advertisement", true),
            ("", true),
            ("Légende FERMER", true),
            ("Photo: Jane Roe", false),
            ("Close to the border, soldiers wait.", false),
        ];
        for &(text, want) in cases {
            assert_eq!(is_ui_text(text), want, "{text}");
        }
    }
}
