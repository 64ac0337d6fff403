//! Speech cues: the words that say someone spoke ("said", "told reporters", "according to",
//! "a déclaré", "sagte", "según"), from tiered lexicons in `src/lexicon/cues-*.txt`.

use crate::prelude::*;
use alloc::borrow::Cow;

use super::language::LANGUAGES;
use crate::text::{shape_of, KeyTable, WordSketch, SHAPE_DASH, SHAPE_NON_ASCII, SHAPE_UPPER};

/// How strongly a cue signals speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// Reports speech and may govern a bare clause ("said the plan failed").
    Say,
    /// Reports speech; governs a clause only through a complementizer ("noted that").
    Speech,
    /// Attributes only a quotation right next to it ("called it “a disgrace”").
    Quote,
    /// Cognition ("thinks", "believes"): recognised so that it is never taken for speech.
    Think,
    /// An attribution phrase before the source ("according to", "selon", "laut").
    Source,
}

/// A cue found in a block, by token indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    /// Index of the cue's first token.
    pub first: usize,
    /// Index one past the cue's last token.
    pub end: usize,
    /// Strength of the cue.
    pub tier: Tier,
    /// Whether the cue carries its subject as a clitic pronoun ("a-t-il dit", "explique-t-elle").
    pub clitic_subject: bool,
    /// Whether the speech is only imagined ("as if to say", "comme pour dire"): what it
    /// introduces is nobody's words.
    pub hypothetical: bool,
    /// Whether the cue's grammatical subject is an impersonal pronoun ("heißt es", "it reads"):
    /// the speaker is never that subject but an agent phrase beside the cue ("heißt es bei der
    /// Post") or the body the passage is about.
    pub impersonal: bool,
}

/// Words before a cue that make its speech imagined, each as normalised words.
const HYPOTHETICAL: [&[&str]; 6] = [
    &["as", "if", "to"],
    &["as", "though", "to"],
    &["as", "if"],
    &["as", "though"],
    &["comme", "pour"],
    &["als", "wollte"],
];

/// Conjunctions that make what follows a condition ("if she finds that …", "si elle estime
/// que …"): the speech is not reported as having happened. The caller marks them with
/// [`CONDITIONAL`] in [`find_cues`]' flags: a bit test where seven string comparisons were.
pub(crate) const CONDITIONALS: &[u8] = word_list!("if unless si s'il s'ils wenn falls");

/// Whether the words just before token `first` (with their [`find_cues`] flags from `flag`)
/// make a cue hypothetical: an imagined speech or a condition opened one or two words before
/// ("if she says", "si elle estime").
fn is_hypothetical(words: &[&str], flag: impl Fn(usize) -> u64, first: usize) -> bool {
    let conditional = (1..=2).any(|back| {
        first >= back
            && flag(first - back) & CONDITIONAL != 0
            && words[first - back + 1..first]
                .iter()
                .all(|w| w.chars().all(char::is_alphabetic))
    });
    conditional
        || HYPOTHETICAL.iter().any(|h| {
            first >= h.len()
                && words[first - h.len()..first]
                    .iter()
                    .zip(h.iter())
                    // Lengths first: most words before a cue have another length than the
                    // listed word, and a string comparison is two calls in the wasm build.
                    .all(|(w, want)| w.len() == want.len() && w == want)
        })
}

/// One lexicon entry after its first word: the remaining words, the tier, and whether the cue
/// is impersonal (see [`Cue::impersonal`]). The words borrow the lexicon text when they are in
/// normal form already, as nearly all are: building a lexicon, paid on the first analysis of
/// each wasm instance, then allocates no `String` per word.
type Entry = (Vec<Cow<'static, str>>, Tier, bool);

/// Cue lexicon of one language.
#[derive(Default)]
pub(crate) struct Lexicon {
    /// The entries of each first word, longest first.
    entries: KeyedLists<Entry>,
    /// Every first word, once each: what [`for_each_first_word`] gives callers.
    firsts: Vec<Cow<'static, str>>,
    /// The first words' sketches: most words of a text are no first word, and a bit test
    /// settles them without a hash-table lookup.
    first_words: WordSketch,
}

impl Lexicon {
    /// The entries of a first word, created empty (and the word kept in `firsts`) when the
    /// word is new.
    fn list_mut(&mut self, first: Cow<'static, str>) -> &mut Vec<Entry> {
        self.first_words.insert(&first);
        let new = self.entries.get(&first).is_none();
        let list = self.entries.list_mut(&first);
        if new {
            self.firsts.push(first);
        }
        list
    }

    /// The entries whose first word is `word`, longest first.
    fn get(&self, word: &str) -> Option<&[Entry]> {
        if !self.first_words.may_contain(word) {
            return None;
        }
        self.entries.get(word)
    }
}

/// Lists of items by string key. Built on [`KeyTable`] rather than a `HashMap` per key type:
/// one shared table type keeps the wasm build small, and its hash is cheaper per lookup.
#[derive(Clone, Debug)]
pub(super) struct KeyedLists<T> {
    /// Key -> index into `lists`.
    keys: KeyTable,
    /// The list of each key, by the index `keys` gives.
    lists: Vec<Vec<T>>,
}

impl<T> Default for KeyedLists<T> {
    fn default() -> Self {
        KeyedLists {
            keys: KeyTable::new(),
            lists: Vec::new(),
        }
    }
}

impl<T> KeyedLists<T> {
    /// The list of `key`, created empty when the key is new.
    pub(super) fn list_mut(&mut self, key: &str) -> &mut Vec<T> {
        let id = match self.id(key) {
            Some(id) => id,
            None => {
                self.keys.insert(key, self.lists.len() as u64);
                self.lists.push(Vec::new());
                self.lists.len() - 1
            }
        };
        crate::at_mut(&mut self.lists, id)
    }

    /// The list of `key`, if it has one.
    pub(super) fn get(&self, key: &str) -> Option<&[T]> {
        self.lists.get(self.id(key)?).map(Vec::as_slice)
    }

    /// The index in `lists` of `key`.
    fn id(&self, key: &str) -> Option<usize> {
        usize::try_from(self.keys.get(key)?).ok()
    }
}

/// The tier a lexicon line names, and whether its cues are impersonal: the line "impersonal:"
/// lists speech cues whose subject is an impersonal pronoun ("heißt es").
fn tier_named(name: &str) -> Option<(Tier, bool)> {
    Some(match name {
        "say" => (Tier::Say, false),
        "speech" => (Tier::Speech, false),
        "impersonal" => (Tier::Speech, true),
        "quote" => (Tier::Quote, false),
        "think" => (Tier::Think, false),
        "source" => (Tier::Source, false),
        _ => return None,
    })
}

/// Parses a lexicon file. A line `auxiliaries: a, ont, avait` lists the auxiliaries of compound
/// tenses: every form written with the first one ("a déclaré") is also entered with the others
/// ("ont déclaré", "avait déclaré"), so that the file lists each participle once.
fn parse_lexicon(data: &'static str) -> Lexicon {
    let mut lexicon = Lexicon::default();
    let mut auxiliaries: Vec<Cow<'static, str>> = Vec::new();
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let Some((tier, forms)) = line.split_once(':') else {
            continue;
        };
        if tier.trim() == "auxiliaries" {
            auxiliaries = forms.split(',').map(|w| normalize(w.trim()).0).collect();
            continue;
        }
        let Some((tier, impersonal)) = tier_named(tier.trim()) else {
            continue;
        };
        for form in forms.split(',') {
            let mut words = crate::text::whitespace_words(form).map(|w| normalize(w).0);
            let Some(first) = words.next() else { continue };
            let rest: Vec<Cow<str>> = words.collect();
            if auxiliaries.first() == Some(&first) && !rest.is_empty() {
                for other in &auxiliaries[1..] {
                    add_entry(
                        lexicon.list_mut(other.clone()),
                        (rest.clone(), tier, impersonal),
                    );
                }
            }
            add_entry(lexicon.list_mut(first), (rest, tier, impersonal));
        }
    }
    // Most first words have one entry, already in order: only longer lists are sorted.
    for entries in lexicon.entries.lists.iter_mut().filter(|e| e.len() > 1) {
        // Longest first, so that the longest form matches. Among forms of one length only
        // identical ones can match the same words, so their order needs no further key: the
        // shared u64 sort saves the wasm build a sort routine for entries.
        crate::text::sort_by_u64_key(entries, |e| u64::MAX - e.0.len() as u64);
    }
    lexicon
}

/// Adds `entry` to a first word's entries unless it is there already: a form both written out
/// and expanded from an auxiliary is kept once. Lists are a handful of entries, built once.
fn add_entry(entries: &mut Vec<Entry>, entry: Entry) {
    if !entries.contains(&entry) {
        entries.push(entry);
    }
}

/// The cue lexicon of `lang` (one of [`LANGUAGES`]; English otherwise), built once.
pub(crate) fn lexicon(lang: &str) -> &'static Lexicon {
    static TABLES: [OnceLock<Lexicon>; LANGUAGES.len()] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    const DATA: [&str; LANGUAGES.len()] = [
        lexicon_text!("cues-en.txt"),
        lexicon_text!("cues-fr.txt"),
        lexicon_text!("cues-de.txt"),
        lexicon_text!("cues-es.txt"),
        lexicon_text!("cues-pt.txt"),
    ];
    let i = LANGUAGES.iter().position(|&l| l == lang).unwrap_or(0);
    TABLES[i].get_or_init(|| parse_lexicon(DATA[i]))
}

/// Calls `add` with the first word of every cue of every language, each once per language:
/// what a caller marks in its own word table, so that it can tell the cue finder which words
/// certainly open no cue (see [`find_cues`]) without a lexicon lookup per word.
pub(crate) fn for_each_first_word(mut add: impl FnMut(&str)) {
    for &lang in &LANGUAGES {
        for word in &lexicon(lang).firsts {
            add(word);
        }
    }
}

/// Builds the cue lexicon of every language now (see [`super::build_tables`]).
pub(crate) fn build_tables() {
    for &lang in &LANGUAGES {
        lexicon(lang);
    }
}

/// The pronouns of French inverted subject clitics ("a-t-il" -> "a" with subject "il"): what
/// follows a word's last hyphen when it ends in a clitic.
const CLITIC_PRONOUNS: [&str; 5] = ["il", "ils", "elle", "elles", "on"];

/// The length of `lower` (a lower-cased word) without its inverted French subject clitic
/// ("-il", "-t-elle", ...), `None` when it ends in none or nothing would be left before it. The
/// pronoun follows the last hyphen, so the word is split there once and one short list is
/// compared, where stripping each clitic as a suffix in turn cost ten comparisons a hyphenated
/// word. The "-t-" of "a-t-il" goes with the clitic unless it is all that precedes it ("-t-il"
/// keeps "-t", as the longest clitic that leaves something does).
fn clitic_base(lower: &str) -> Option<usize> {
    let dash = lower.as_bytes().iter().rposition(|&b| b == b'-')?;
    let pronoun = lower.get(dash + 1..)?;
    if dash == 0 || !CLITIC_PRONOUNS.contains(&pronoun) {
        return None;
    }
    // `dash > 2`: something is left before a "-t-".
    Some(match dash.checked_sub(2) {
        Some(before) if before > 0 && lower.get(before..dash) == Some("-t") => before,
        _ => dash,
    })
}

/// Lower-cases a word, unifies apostrophes and strips an inverted French subject clitic.
/// Returns the normalised word and whether a clitic was stripped. Borrows `word` when it is
/// already in normal form, as most words of running text are: the analysis normalises every
/// token of every block, and a `String` per token was most of its allocation.
pub fn normalize(word: &str) -> (Cow<'_, str>, bool) {
    let mut changed = String::new();
    // `normalize_other` settles a word of any shape: the per-token fast paths of
    // `normalize_shaped` are not inlined again here, where words are few.
    match normalize_other(word, shape_of(word), &mut changed) {
        (Normal::Prefix(len), clitic) => (Cow::Borrowed(word.get(..len).unwrap_or(word)), clitic),
        (Normal::Appended, clitic) => (Cow::Owned(changed), clitic),
    }
}

/// Where [`normalize_shaped`] left a normalised word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Normal {
    /// The word's first bytes, this many: the word as written, or without its clitic.
    Prefix(usize),
    /// Appended to the buffer: the word changed.
    Appended,
}

/// [`normalize`] into a caller's buffer, for a word whose [`crate::text::Token::shape`] is
/// known (`shape`): a word that normalisation changes is appended to `changed`, so that a caller
/// normalising every token of an article keeps all such words in one `String` rather than
/// allocating one per word. Returns where the normal form is and whether a clitic was stripped.
/// The shape says whether the word has a capital, a hyphen or a character beyond ASCII, so a
/// word without them (most of running text) takes one bit test, and the others no rescans.
/// Always inlined: at opt-level "z" it stayed a call per token of the speaker attribution, its
/// two results passed back through memory, for what is one bit test on most tokens.
#[inline(always)]
pub fn normalize_shaped(word: &str, shape: u8, changed: &mut String) -> (Normal, bool) {
    match shape & NOT_NORMAL {
        0 => (Normal::Prefix(word.len()), false),
        // An ASCII word with a capital and no hyphen, most of the words that change (names,
        // sentence openers): lowered here rather than through `normalize_other`'s tests.
        SHAPE_UPPER => {
            crate::text::push_ascii_lower(changed, word);
            (Normal::Appended, false)
        }
        _ => normalize_other(word, shape, changed),
    }
}

/// The [`crate::text::Token::shape`] bits of a word that may not be its own normal form: a
/// capital, a hyphen (a clitic) or a character beyond ASCII (a capital, a curly apostrophe).
const NOT_NORMAL: u8 = SHAPE_NON_ASCII | SHAPE_UPPER | SHAPE_DASH;

/// A character lower-cased, a curly apostrophe made straight: normalisation one character at a
/// time. The apostrophe is no lower-case letter's capital and no capital lowers to it, so this
/// is lower-casing a word and then unifying its apostrophes.
fn normal_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if c == '’' {
        '\''
    } else {
        // `lower_char` beyond ASCII, where its callers here ask (`push_mapped` lowers ASCII
        // itself): one call, not two.
        crate::text::lower_non_ascii(c)
    }
}

/// [`normalize_shaped`] for a word with a hyphen or a non-ASCII character, and [`normalize`]
/// for any word: it settles every shape. `shape` holds the word's `SHAPE_*` bits, so that it
/// is not scanned again for capitals, hyphens or bytes beyond ASCII.
fn normalize_other(word: &str, shape: u8, changed: &mut String) -> (Normal, bool) {
    let start = changed.len();
    // A changed word is lowered into `changed` as it is found changed: an ASCII word in one
    // copy, any other through `push_mapped`, which copies the runs of characters that stay.
    let unchanged = if shape & SHAPE_NON_ASCII == 0 {
        let upper = shape & SHAPE_UPPER != 0;
        if upper {
            crate::text::push_ascii_lower(changed, word);
        }
        !upper
    } else {
        // Read with the tokenizer's `char_at`, which takes ASCII bytes without decoding.
        let mut first_changed = None;
        let mut at = 0;
        while let Some(c) = crate::text::char_at(word, at) {
            // An ASCII character changes only as a capital: no call for most characters.
            let changes = if c.is_ascii() {
                c.is_ascii_uppercase()
            } else {
                normal_char(c) != c
            };
            if changes {
                first_changed = Some(at);
                break;
            }
            at += c.len_utf8();
        }
        // Mapped whole: the characters before the first that changes are copied in
        // `push_mapped`'s first run rather than appended apart (most such words change at their
        // first character, a capital, where that append was of nothing).
        if first_changed.is_some() {
            crate::text::push_mapped(changed, word, normal_char);
        }
        first_changed.is_none()
    };
    let normal = |len: usize| {
        if unchanged {
            Normal::Prefix(len)
        } else {
            Normal::Appended
        }
    };
    // Every clitic starts with a hyphen, which normalisation keeps as it is: most words are
    // settled by the shape's hyphen bit, before the lowered word is sliced.
    if shape & SHAPE_DASH == 0 {
        return (normal(word.len()), false);
    }
    let lower = if unchanged {
        word
    } else {
        changed.get(start..).unwrap_or_default()
    };
    let Some(base_len) = clitic_base(lower) else {
        return (normal(lower.len()), false);
    };
    if !unchanged {
        changed.truncate(start + base_len);
    }
    (normal(base_len), true)
}

/// Finds the cues among normalised words (`words[i]` for token `i`, punctuation included),
/// longest match first, without overlaps, in the cue lexicon of the words' language
/// ([`lexicon`]: looked up by the caller, once for an article's blocks). `flags[i]` holds the
/// caller's bits for word `i`, of which three are read: [`MAY_OPEN`], clear when the word
/// certainly opens no cue in any language (as a word table marked through `for_each_first_word`
/// knows), [`HAD_CLITIC`] for a word that had a subject clitic (read of a cue's words only), and
/// [`CONDITIONAL`] for a word of [`CONDITIONALS`] (read of the two words before a cue). A
/// missing entry reads as no bits. The cues are appended to `cues`, a caller's list that its
/// blocks reuse, so that a block's search allocates no list of its own.
pub(crate) fn find_cues(words: &[&str], flags: &[u64], lexicon: &Lexicon, cues: &mut Vec<Cue>) {
    let flag = |k: usize| flags.get(k).copied().unwrap_or(0);
    let mut i = 0;
    while i < words.len() {
        // Most words are no cue's first word: they take one bit test (or one lookup) and
        // nothing else, the bit tests in one tight loop (a word without a flag opens nothing).
        let Some(skip) = flags
            .get(i..)
            .and_then(|rest| rest.iter().position(|f| f & MAY_OPEN != 0))
        else {
            break;
        };
        i += skip;
        if i >= words.len() {
            break;
        }
        let Some(entries) = lexicon.get(words[i]) else {
            i += 1;
            continue;
        };
        let matched = entries.iter().find(|(rest, _, _)| {
            rest.len() < words.len() - i
                && rest
                    .iter()
                    .zip(&words[i + 1..])
                    .all(|(want, got)| want == got)
        });
        match matched {
            Some((rest, tier, impersonal)) => {
                let end = i + 1 + rest.len();
                let clitic_subject = (i..end).any(|k| flag(k) & HAD_CLITIC != 0);
                cues.push(Cue {
                    first: i,
                    end,
                    tier: *tier,
                    clitic_subject,
                    hypothetical: is_hypothetical(words, flag, i),
                    impersonal: *impersonal,
                });
                i = end;
            }
            None => i += 1,
        }
    }
}

/// A [`find_cues`] flag: the word may open a cue. Clear of the bits of speakers' word classes,
/// so that those can carry it.
pub(crate) const MAY_OPEN: u64 = 1 << 40;
/// A [`find_cues`] flag: the word had an inverted subject clitic ("dit-il").
pub(crate) const HAD_CLITIC: u64 = 1 << 41;
/// A [`find_cues`] flag: the word is one of [`CONDITIONALS`]. A word class of speakers' table
/// (which lists [`CONDITIONALS`] with it), clear of its other bits.
pub(crate) const CONDITIONAL: u64 = 1 << 45;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// (cue as written, tier, clitic subject).
    type Expected<'a> = (&'a str, Tier, bool);

    /// The cues of `text` with its tokens.
    fn tokens_and_cues(text: &str, lang: &str) -> (Vec<crate::text::Token>, Vec<Cue>) {
        let tokens = tokenize(text);
        let normal: Vec<(Cow<str>, bool)> =
            tokens.iter().map(|t| normalize(t.text(text))).collect();
        let words: Vec<&str> = normal.iter().map(|(w, _)| w.as_ref()).collect();
        let flags: Vec<u64> = normal
            .iter()
            .map(|(word, clitic)| {
                let conditional = crate::text::listed_words(CONDITIONALS).any(|c| c == word);
                MAY_OPEN
                    | if *clitic { HAD_CLITIC } else { 0 }
                    | if conditional { CONDITIONAL } else { 0 }
            })
            .collect();
        let mut cues = Vec::new();
        find_cues(&words, &flags, lexicon(lang), &mut cues);
        (tokens, cues)
    }

    fn cues_in(text: &str, lang: &str) -> Vec<(String, Tier, bool)> {
        let (tokens, cues) = tokens_and_cues(text, lang);
        cues.iter()
            .map(|c| {
                (
                    text[tokens[c.first].start..tokens[c.end - 1].end].to_string(),
                    c.tier,
                    c.clitic_subject,
                )
            })
            .collect()
    }

    #[test]
    fn inflections_tiers_and_multiword_cues() {
        // (text, language, expected cues as written)
        let cases: &[(&str, &str, &[Expected])] = &[
            (
                "She says it, he said it, they were saying it.",
                "en",
                &[
                    ("says", Tier::Say, false),
                    ("said", Tier::Say, false),
                    ("saying", Tier::Say, false),
                ],
            ),
            (
                "He told reporters on Friday.",
                "en",
                &[("told reporters", Tier::Say, false)],
            ),
            (
                "The firm said in a statement that",
                "en",
                &[("said in a statement", Tier::Say, false)],
            ),
            (
                "She NOTED and Explained it",
                "en",
                &[
                    ("NOTED", Tier::Speech, false),
                    ("Explained", Tier::Speech, false),
                ],
            ),
            (
                "He continued, and called it",
                "en",
                &[
                    ("continued", Tier::Quote, false),
                    ("called", Tier::Quote, false),
                ],
            ),
            (
                "I think and believe",
                "en",
                &[
                    ("think", Tier::Think, false),
                    ("believe", Tier::Think, false),
                ],
            ),
            (
                "according to the mayor",
                "en",
                &[("according to", Tier::Source, false)],
            ),
            (
                "« Oui », a-t-il dit, selon lui.",
                "fr",
                &[
                    ("a-t-il dit", Tier::Speech, true),
                    ("selon", Tier::Source, false),
                ],
            ),
            (
                "Le ministre a déclaré, explique-t-elle.",
                "fr",
                &[
                    ("a déclaré", Tier::Speech, false),
                    ("explique-t-elle", Tier::Speech, true),
                ],
            ),
            (
                "Sie sagte, laut Müller, so Müller.",
                "de",
                &[
                    ("sagte", Tier::Speech, false),
                    ("laut", Tier::Source, false),
                    ("so", Tier::Quote, false),
                ],
            ),
            (
                "El ministro dijo y afirmó, según él.",
                "es",
                &[
                    ("dijo", Tier::Speech, false),
                    ("afirmó", Tier::Speech, false),
                    ("según", Tier::Source, false),
                ],
            ),
            (
                "O técnico disse e afirmaram, acrescentou o comandante, segundo ele, de acordo com a polícia.",
                "pt",
                &[
                    ("disse", Tier::Speech, false),
                    ("afirmaram", Tier::Speech, false),
                    ("acrescentou", Tier::Speech, false),
                    ("segundo", Tier::Source, false),
                    ("de acordo com", Tier::Source, false),
                ],
            ),
            // Present forms that are also nouns are no cues ("leva em conta que" is no speech),
            // nor is "conforme" ("conforme o previsto": as planned).
            (
                "Ele leva em conta a fala e a pergunta, conforme o previsto, acredita.",
                "pt",
                &[("acredita", Tier::Think, false)],
            ),
            // Verbs that report speech through "that" (or a subject pronoun): speculating,
            // grumbling and assuring someone are saying something.
            (
                "Critics speculated, residents grumble, the mayor assured them and reminded us, lamented, clarified, swore.",
                "en",
                &[
                    ("speculated", Tier::Speech, false),
                    ("grumble", Tier::Speech, false),
                    ("assured", Tier::Speech, false),
                    ("reminded", Tier::Speech, false),
                    ("lamented", Tier::Speech, false),
                    ("clarified", Tier::Speech, false),
                    ("swore", Tier::Speech, false),
                ],
            ),
            ("The saying goes", "en", &[("saying", Tier::Say, false)]),
            // What a legal text provides is what it says.
            (
                "La loi prévoit que, a prévu, stipule",
                "fr",
                &[
                    ("prévoit", Tier::Speech, false),
                    ("a prévu", Tier::Speech, false),
                    ("stipule", Tier::Speech, false),
                ],
            ),
            (
                "The law stipulates that",
                "en",
                &[("stipulates", Tier::Speech, false)],
            ),
            (
                "Der Entwurf sieht vor, dass",
                "de",
                &[("sieht vor", Tier::Speech, false)],
            ),
        ];
        for &(text, lang, want) in cases {
            let want: Vec<(String, Tier, bool)> = want
                .iter()
                .map(|&(s, t, c)| (s.to_string(), t, c))
                .collect();
            assert_eq!(cues_in(text, lang), want, "{text:?}");
        }
    }

    #[test]
    fn impersonal_cues_are_marked() {
        // (text, language, whether the first cue is impersonal)
        let cases: &[(&str, &str, bool)] = &[
            ("„Wir helfen“, heißt es.", "de", true),
            ("Aus dem Ministerium hieß es, man prüfe.", "de", true),
            ("„Wir helfen“, sagte sie.", "de", false),
            ("« Nous aidons », dit-il.", "fr", false),
        ];
        for &(text, lang, want) in cases {
            let (_, cues) = tokens_and_cues(text, lang);
            assert_eq!(cues.first().map(|c| c.impersonal), Some(want), "{text:?}");
        }
    }

    #[test]
    fn imagined_speech_is_hypothetical() {
        // (text, language, whether the first cue is hypothetical)
        let cases: &[(&str, &str, bool)] = &[
            ("He shrugged as if to say it was over.", "en", true),
            ("She frowned, as though to say no.", "en", true),
            ("He said it was over.", "en", false),
            ("Il sourit, comme pour dire non.", "fr", true),
            ("Il a dit non.", "fr", false),
            ("If she says yes, we go.", "en", true),
            ("If needed, he says no.", "en", false),
            ("Si elle estime que la loi change, elle agit.", "fr", true),
        ];
        for &(text, lang, want) in cases {
            let (_, cues) = tokens_and_cues(text, lang);
            assert_eq!(cues.first().map(|c| c.hypothetical), Some(want), "{text:?}");
        }
    }

    #[test]
    fn normalize_lowers_unifies_apostrophes_strips_clitics_and_borrows_when_it_can() {
        // (word, normalised, clitic stripped, borrowed from the input)
        let cases: &[(&str, &str, bool, bool)] = &[
            ("said", "said", false, true),
            ("Said", "said", false, false),
            ("don’t", "don't", false, false),
            ("a-t-il", "a", true, true),
            ("Explique-t-elle", "explique", true, false),
            ("déclaré", "déclaré", false, true),
            ("DÉCLARÉ", "déclaré", false, false),
            ("-il", "-il", false, true),
            ("al-Assad", "al-assad", false, false),
        ];
        for &(word, want, clitic, borrowed) in cases {
            let (got, stripped) = normalize(word);
            assert_eq!(
                (got.as_ref(), stripped, matches!(got, Cow::Borrowed(_))),
                (want, clitic, borrowed),
                "{word:?}"
            );
        }
    }

    #[test]
    fn normal_chars_are_lowered_with_straight_apostrophes() {
        // (character, its normal form)
        let cases = [
            ('a', 'a'),
            ('Q', 'q'),
            ('’', '\''),
            ('\'', '\''),
            ('É', 'é'),
            ('İ', 'i'),
            ('-', '-'),
            ('“', '“'),
        ];
        for (c, want) in cases {
            assert_eq!(normal_char(c), want, "{c:?}");
        }
    }

    #[test]
    fn normalize_shaped_appends_only_changed_words() {
        // (word, where the normal form is, the buffer after it, clitic stripped); the buffer
        // holds "x" before each call.
        let cases: &[(&str, Normal, &str, bool)] = &[
            ("said", Normal::Prefix(4), "x", false),
            ("Said", Normal::Appended, "xsaid", false),
            ("a-t-il", Normal::Prefix(1), "x", true),
            ("Explique-t-elle", Normal::Appended, "xexplique", true),
            ("don’t", Normal::Appended, "xdon't", false),
            ("déclaré", Normal::Prefix(9), "x", false),
            ("“", Normal::Prefix(3), "x", false),
            ("al-Assad", Normal::Appended, "xal-assad", false),
            ("ÉTÉ", Normal::Appended, "xété", false),
            ("dÉjà-t-il", Normal::Appended, "xdéjà", true),
            ("lui-même", Normal::Prefix(9), "x", false),
        ];
        for &(word, want, buffer, clitic) in cases {
            let mut changed = String::from("x");
            let got = normalize_shaped(word, shape_of(word), &mut changed);
            assert_eq!(
                (got, changed.as_str()),
                ((want, clitic), buffer),
                "{word:?}"
            );
        }
    }

    /// French inverted subject clitics, longest first: what [`clitic_base`] strips.
    const CLITICS: [&str; 10] = [
        "-t-elles", "-t-ils", "-t-elle", "-t-il", "-t-on", "-elles", "-ils", "-elle", "-il", "-on",
    ];

    /// `lower` without the longest clitic that leaves something before it: the simple
    /// version of [`clitic_base`].
    fn strip_clitic_simply(lower: &str) -> Option<&str> {
        CLITICS
            .iter()
            .find_map(|c| lower.strip_suffix(c).filter(|b| !b.is_empty()))
    }

    #[test]
    fn clitic_bases() {
        // (lower-cased word, its length without the clitic)
        let cases: &[(&str, Option<usize>)] = &[
            ("a-t-il", Some(1)),
            ("dit-elle", Some(3)),
            ("explique-t-elles", Some(8)),
            ("-t-il", Some(2)),
            ("t-il", Some(1)),
            ("-il", None),
            ("il", None),
            ("a--il", Some(2)),
            ("al-assad", None),
            ("lui-même", None),
            ("a-t-", None),
            ("a-t-ill", None),
            ("-t-t-on", Some(2)),
            ("", None),
        ];
        for &(word, want) in cases {
            assert_eq!(clitic_base(word), want, "{word:?}");
        }
    }

    proptest::proptest! {
        /// Splitting at the last hyphen strips what stripping each clitic in turn strips.
        #[test]
        fn clitic_base_is_the_longest_clitic_that_leaves_something(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "-", "t", "-t", "il", "ils", "elle", "elles", "on", "a", "é", "s",
                ]),
                0..7,
            )
        ) {
            let word = parts.concat();
            proptest::prop_assert_eq!(
                clitic_base(&word),
                strip_clitic_simply(&word).map(str::len)
            );
        }

        /// The borrowing, buffer-appending normalisation gives what lower-casing, unifying
        /// apostrophes and stripping a clitic give.
        #[test]
        fn normalize_is_lowering_unifying_and_stripping(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Dit", "-t-il", "-elle", "-", "’", "'", "É", "é", "İ", "ẞ", "x", "QU",
                    "“", "-on", "Ω", "1", ".",
                ]),
                0..6,
            )
        ) {
            let word = parts.concat();
            let lower = crate::text::lower(&word).replace('’', "'");
            let stripped = strip_clitic_simply(&lower);
            let want = (stripped.unwrap_or(&lower).to_string(), stripped.is_some());
            let (got, clitic) = normalize(&word);
            // Borrowed (a prefix of the word, nothing appended) exactly when lowering and
            // unifying changed nothing.
            proptest::prop_assert_eq!(matches!(got, Cow::Borrowed(_)), lower == word);
            proptest::prop_assert_eq!((got.into_owned(), clitic), want);
        }
    }

    #[test]
    fn first_words_pass_their_lexicons_sketch() {
        // Every language's first words pass their lexicon's sketch, so lookups find them all.
        for lang in LANGUAGES {
            let lexicon = lexicon(lang);
            for entries in &lexicon.entries.lists {
                assert!(!entries.is_empty(), "{lang}");
            }
            let text = "il a dit que she said and told reporters, según él, sagte er";
            for word in text.split_whitespace() {
                let (word, _) = normalize(word);
                assert_eq!(lexicon.get(&word), lexicon.entries.get(&word), "{word:?}");
            }
        }
    }

    #[test]
    fn keyed_lists_keep_one_list_per_key_in_push_order() {
        // (key, item pushed)
        let pushes: &[(&str, usize)] = &[("said", 1), ("told", 2), ("said", 3), ("", 4)];
        let mut lists = KeyedLists::default();
        for &(key, item) in pushes {
            lists.list_mut(key).push(item);
        }
        // (key, expected list)
        let cases: &[(&str, Option<&[usize]>)] = &[
            ("said", Some(&[1, 3])),
            ("told", Some(&[2])),
            ("", Some(&[4])),
            ("says", None),
        ];
        for &(key, want) in cases {
            assert_eq!(lists.get(key), want, "{key:?}");
        }
    }
}
