//! People named or described in the article: capitalised name runs, surnames that refer back to
//! them, and nominal phrases such as "a senior American official".
//!
//! A capitalised run becomes a person only with evidence, because most capitalised runs are
//! places, organisations or sentence starts: an honorific before it ("Mr. Blinken"), a title
//! before it ("Chinese President Xi Jinping", "the foreign minister, X,") or after it in an
//! appositive ("Yun Sun, a researcher at …"), or a known given name as its first word. A run
//! without evidence is still a mention when it matches the surname of a person found elsewhere
//! ("Blinken said"). Everything is one pass over tokens per block plus per-entity merging, so the
//! cost is linear in the text.

use crate::prelude::*;
use alloc::borrow::Cow;
use core::ops::Range;

use crate::text::{
    char_at, lower_char, push_ascii_lower, shape_of, sort_by_u64_key, sort_u64s, starts_upper,
    starts_upper_shaped, ArticleTokens, Block, BlockKind, KeyTable, Token, TokenKind,
    WordClassTable, SHAPE_DASH, SHAPE_DIGIT, SHAPE_DOT, SHAPE_NON_ASCII, SHAPE_UPPER,
};

/// Everything [`find_people`] found: each mention in text order, each entity once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct People {
    /// Every mention, in reading order.
    pub mentions: Vec<PersonMention>,
    /// Every distinct person, in order of first mention.
    pub entities: Vec<PersonEntity>,
}

/// One place in the text where a person is mentioned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonMention {
    /// Index of the block.
    pub block: usize,
    /// Byte offset of the name or nominal phrase in `blocks[block].text`.
    pub start: usize,
    /// Byte offset one past the name or nominal phrase.
    pub end: usize,
    /// Index into [`People::entities`].
    pub entity: usize,
    /// How the person is referred to here.
    pub kind: MentionKind,
    /// The title attached at this mention ("Secretary of State"), if any.
    pub title: Option<String>,
}

/// How a mention refers to its person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A full name ("Antony Blinken").
    FullName,
    /// A surname alone or after an honorific ("Blinken", "Mr. Blinken").
    Surname,
    /// A description instead of a name ("a senior American official", "the spokesperson").
    Nominal,
}

/// A distinct person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonEntity {
    /// The fullest name, honorific stripped and all-caps surnames title-cased; for an unnamed
    /// person, the describing phrase with its determiner as first written.
    pub name: String,
    /// Whether `name` is a proper name.
    pub named: bool,
    /// The person's title, if the article gives one.
    pub title: Option<String>,
    /// Whether the person holds or speaks for a public office.
    pub official: bool,
}

// ---------------------------------------------------------------------------------------------
// Lexicons

/// A word list compiled into the binary: sorted normalised keys (see [`normalize`]), each with a
/// value (the part after `=` on its line, or the entry itself). Lookups are binary searches.
pub(crate) struct Lexicon {
    /// (key, value): the key borrowed from the file when the entry is its own lookup form, as
    /// nearly all are (the files are lower case), and the value always borrowed, so that
    /// building a table on first use allocates next to nothing per entry.
    entries: Vec<(Cow<'static, str>, &'static str)>,
    max_words: usize,
}

impl Lexicon {
    /// Parses a lexicon file: the first line is the `#` header, then one entry a line, optionally
    /// `entry=value`. Files are kept sorted by normalised key (a unit test checks it), so nothing
    /// is sorted at startup.
    pub(crate) fn parse(data: &'static str) -> Lexicon {
        let entries: Vec<(Cow<'static, str>, &'static str)> = data
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| match l.split_once('=') {
                Some((k, v)) => (lookup_form(k.trim()), v.trim()),
                None => (lookup_form(l), l),
            })
            .collect();
        let max_words = entries
            .iter()
            .map(|(k, _)| k.split(' ').count())
            .max()
            .unwrap_or(1);
        Lexicon { entries, max_words }
    }

    /// The value stored for a normalised key.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        let i = self
            .entries
            .binary_search_by(|(k, _)| (**k).cmp(key))
            .ok()?;
        self.entries.get(i).map(|&(_, value)| value)
    }

    /// Whether the normalised key is listed.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The number of words in the longest entry, bounding multi-word lookups.
    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }

    /// Every normalised key, in file order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| &**k)
    }
}

/// [`normalize`]'s lookup form of `word`, borrowed when `word` is already in that form.
fn lookup_form(word: &str) -> Cow<'_, str> {
    if shape_of(word) & SHAPE_NOT_NORMAL == 0 {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(normalize(word))
    }
}

/// The lookup form of a word or phrase: lower case, dots dropped ("U.S." and "US" meet) and
/// curly apostrophes straightened.
pub(crate) fn normalize(word: &str) -> String {
    let mut key = String::with_capacity(word.len());
    normalize_into(word, &mut key);
    key
}

/// Appends [`normalize`]'s lookup form of `word` to `out`, so that the keys of a block's words
/// share one buffer instead of a `String` each.
fn normalize_into(word: &str, out: &mut String) {
    push_key(word, shape_of(word), out);
}

/// [`normalize_into`] for a word whose [`shape_of`] is known already.
fn push_key(word: &str, shape: u8, out: &mut String) {
    // One byte scan, shared with the word-class pass: `str::contains` goes through the general
    // string searcher in the wasm build.
    if shape & SHAPE_SPECIAL == 0 {
        // Most words: one copy lower-cased in place, no character-by-character pushes.
        push_ascii_lower(out, word);
        return;
    }
    out.reserve(word.len());
    for c in word.chars() {
        match c {
            '.' => {}
            '’' => out.push('\''),
            _ => out.push(lower_char(c)),
        }
    }
}

/// A dot or a character beyond ASCII ([`Token::shape`] bits): the lookup form is found
/// character by character.
const SHAPE_SPECIAL: u8 = SHAPE_DOT | SHAPE_NON_ASCII;
/// A byte that keeps a word from being its own lookup form (non-ASCII, a capital, a dot):
/// without these [`Token::shape`] bits, the word is already in lookup form (lower-case ASCII
/// without dots), as most words in running text are, and its key is the word itself.
const SHAPE_NOT_NORMAL: u8 = SHAPE_UPPER | SHAPE_SPECIAL;

/// The lexicon held by `table`, parsed from `entries` on first use. Every lexicon table goes
/// through this one function because each `get_or_init` closure is its own instance of the
/// `OnceLock` machinery in the wasm; with one closure there is one instance.
pub(crate) fn parsed_once(
    table: &'static OnceLock<Lexicon>,
    entries: &'static str,
) -> &'static Lexicon {
    table.get_or_init(|| Lexicon::parse(entries))
}

/// Declares a function returning a lexicon file parsed once on first use.
macro_rules! lexicon {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub(crate) fn $name() -> &'static Lexicon {
            static TABLE: OnceLock<Lexicon> = OnceLock::new();
            parsed_once(&TABLE, lexicon_entries!($file))
        }
    };
}

lexicon!(
    /// Titles of public office ("president", "secretary of state", "sen.").
    official_titles,
    "titles.txt"
);
lexicon!(
    /// Non-official roles that still title a person ("researcher", "chief executive").
    roles,
    "roles.txt"
);
lexicon!(
    /// Nationalities, demonyms and countries, valued by a country key.
    nationalities,
    "nationalities.txt"
);
lexicon!(
    /// Honorifics ("mr", "dr").
    honorifics,
    "honorifics.txt"
);
lexicon!(
    /// Common given names, a hint that a capitalised run is a person.
    given_names,
    "names-first.txt"
);
lexicon!(
    /// Capitalised words that are never part of a name (function words, days, months, place
    /// and organisation heads).
    non_names,
    "nonnames.txt"
);
lexicon!(
    /// Lower-case words that may stand inside a title ("foreign", "senior").
    title_modifiers,
    "title-modifiers.txt"
);
lexicon!(
    /// Head nouns of unnamed officials ("officials", "spokesperson").
    nominal_heads,
    "officials-nominal.txt"
);

lexicon!(
    /// Party-affiliation words that stand before a politician's name ("the Democrat X", "l'UMP
    /// X").
    parties,
    "parties.txt"
);

/// Particles that join the parts of a name ("Ursula von der Leyen", "Luiz Inácio Lula da Silva").
const NAME_PARTICLES: &[u8] =
    word_list!("al bin binti da das de del della der di dos du el ibn la le van von y zu");

/// Honorifics that style a member of a house of peers (the UK House of Lords), a legislature:
/// "Lord Smith" and "Baroness Jones" are legislators unless a title says otherwise.
const PEERAGE_STYLES: &[u8] = word_list!("lord baroness");

/// Quantifiers that make a group vague ("many politicians", "multiple government officials",
/// "any state legislator who …"): such a description points at no one in particular, so it
/// lists no official, though it may still be a speaker. "Several", "some" and numbers are kept:
/// "some officials said" reports a particular source.
const VAGUE_QUANTIFIERS: &[u8] = word_list!("any many multiple countless numerous few");

/// Whether an unnamed person's description opens with a vague quantifier ("Many other
/// officials"): see [`VAGUE_QUANTIFIERS`].
pub(crate) fn is_vague_description(phrase: &str) -> bool {
    let first = crate::text::whitespace_words(phrase)
        .next()
        .unwrap_or_default();
    crate::in_word_list(VAGUE_QUANTIFIERS, &lookup_form(first))
}

/// Words that may follow a title head inside an appositive ("leader of", "researcher at",
/// "skipper and co-owner").
const APPOSITIVE_LINKS: &[u8] =
    word_list!("of at for to in from with on and de du des del der von für bei");

/// Nouns naming a public body: a role inside one ("member", "head") is a public post. "GOP"
/// (the Republican Party's usual name in US news) is a party as "party" is ("chairman of the
/// county GOP").
const PUBLIC_BODIES: &[u8] = word_list!(
    "administration army assembly bundestag cabinet congress council department gop government \
    gouvernement legislature military ministry navy parliament parlement partei partido party \
    police regierung secretariat senate"
);

/// Roles that become public posts inside a public body; professions ("professor at the
/// Department of …") do not.
const BODY_ROLES: &[u8] = word_list!("chairman chairwoman director head member members ranger");

/// Determiners and quantifiers that open an unnamed official's description.
const NOMINAL_DETERMINERS: &[u8] = word_list!(
    "a an the his her their its two three four five six seven eight nine ten several some any many \
    multiple countless other few dozens numerous un une le la les des un una el los las ein eine \
    der die d'autres plusieurs certains quelques andere mehrere otros varios all"
);

/// Words after which a name is an attributive modifier, not a reference to the person ("the
/// Biden administration"): such runs name a body, so they are not mentions.
const ATTRIBUTIVE_HEADS: &[u8] =
    word_list!("administration government campaign era presidency doctrine");

/// Speech verbs not ending in "-ed" that may follow an unnamed official ("an official told"); a
/// noun after the head instead means "official" is an adjective ("an official visit").
const SPEECH_VERBS_AFTER_HEAD: &[u8] = word_list!(
    "said says told tells spoke speaks wrote writes adds warns notes explains insists argues \
    confirms say tell added"
);

// ---------------------------------------------------------------------------------------------
// Word classes: each word's memberships in the lexicons and lists above, as bits looked up once
// per word in one hash table, instead of a binary search per list each time a rule asks.

// The bits fit a `u32` (the table keeps `u64` values): each block writes a word's bits per
// token, and a `u32` makes the word four bytes smaller.

/// Listed in nonnames.txt.
const NON_NAME: u32 = 1;
/// Listed in honorifics.txt.
const HONORIFIC: u32 = 1 << 1;
/// Listed in nationalities.txt.
const NATIONALITY: u32 = 1 << 2;
/// Listed in titles.txt (a public office).
const OFFICE_TITLE: u32 = 1 << 3;
/// Listed in roles.txt.
const ROLE: u32 = 1 << 4;
/// Listed in title-modifiers.txt.
const TITLE_MODIFIER: u32 = 1 << 5;
/// Listed in officials-nominal.txt.
const NOMINAL_HEAD: u32 = 1 << 6;
/// Listed in names-first.txt.
const GIVEN_NAME: u32 = 1 << 7;
/// A word of a multi-word title or role: only such words can form one.
const TITLE_PHRASE_WORD: u32 = 1 << 8;
/// In [`NAME_PARTICLES`].
const NAME_PARTICLE: u32 = 1 << 9;
/// In [`APPOSITIVE_LINKS`].
const APPOSITIVE_LINK: u32 = 1 << 10;
/// In [`PUBLIC_BODIES`].
const PUBLIC_BODY: u32 = 1 << 11;
/// In [`BODY_ROLES`].
const BODY_ROLE: u32 = 1 << 12;
/// In [`NOMINAL_DETERMINERS`].
const NOMINAL_DETERMINER: u32 = 1 << 13;
/// In [`ATTRIBUTIVE_HEADS`].
const ATTRIBUTIVE_HEAD: u32 = 1 << 14;
/// In [`SPEECH_VERBS_AFTER_HEAD`].
const SPEECH_VERB_AFTER_HEAD: u32 = 1 << 15;
/// In [`WORDS_AFTER_NOUN_HEAD`].
const WORD_AFTER_NOUN_HEAD: u32 = 1 << 16;
/// In [`GENERIC_TITLES`].
const GENERIC_TITLE: u32 = 1 << 17;
/// In [`CLAUSE_WORDS`].
const CLAUSE_WORD: u32 = 1 << 18;
/// In [`INDEFINITES`].
const INDEFINITE: u32 = 1 << 19;
/// In [`COMPLEMENT_LINKS`].
const COMPLEMENT_LINK: u32 = 1 << 20;
/// Listed in parties.txt.
const PARTY: u32 = 1 << 21;
/// A word of a multi-word nationality ("south" of "south korean"): only such words, and
/// nationalities, can form one.
const NATIONALITY_PHRASE_WORD: u32 = 1 << 22;
/// The plural of an office title that is not generic ("ministers", "secretaries"), as
/// [`plural_of_office_title`] derives them from titles.txt when the table is built.
const PLURAL_OFFICE_TITLE: u32 = 1 << 23;

/// Every class above, or-ed (a class added goes in here too): below [`IS_WORD`], the first of a
/// word's own flags, as the assertion after it proves of every class bit at once.
const LEXICON_CLASSES: u32 = NON_NAME
    | HONORIFIC
    | NATIONALITY
    | OFFICE_TITLE
    | ROLE
    | TITLE_MODIFIER
    | NOMINAL_HEAD
    | GIVEN_NAME
    | TITLE_PHRASE_WORD
    | NAME_PARTICLE
    | APPOSITIVE_LINK
    | PUBLIC_BODY
    | BODY_ROLE
    | NOMINAL_DETERMINER
    | ATTRIBUTIVE_HEAD
    | SPEECH_VERB_AFTER_HEAD
    | WORD_AFTER_NOUN_HEAD
    | GENERIC_TITLE
    | CLAUSE_WORD
    | INDEFINITE
    | COMPLEMENT_LINK
    | PARTY
    | NATIONALITY_PHRASE_WORD
    | PLURAL_OFFICE_TITLE;

// A word's own flags, in the bits above the lexicon classes of its `Word::classes`: one number
// written per token instead of a byte per flag, and a rule tests a flag and classes at once.
const _: () = assert!(LEXICON_CLASSES < IS_WORD);
/// A word token (not punctuation).
const IS_WORD: u32 = 1 << 24;
/// A word with a possessive ending cut off ([`strip_possessive`]).
const POSSESSIVE: u32 = 1 << 25;
/// A word starting with a capital, or a name with a lower-case particle prefix ("al-Bashir").
const CAPITALISED: u32 = 1 << 26;
/// A token that whitespace separates from the one before it (or the block's first).
const SPACED: u32 = 1 << 27;
/// A word with an ASCII digit.
const DIGITS: u32 = 1 << 28;
/// A word with a hyphen.
const DASHED: u32 = 1 << 29;
/// A word that can be part of a person's name ([`can_be_name_word`]).
const NAME_WORD: u32 = 1 << 30;
/// A word whose key is its own bytes with ASCII capitals lowered in place in the block's key
/// buffer ([`WordKeys::text`]): the word is looked at again ([`looked_at_again`]), and that
/// look points its key there once the buffer is complete, instead of a list of such keys.
const KEY_LOWERED_IN_PLACE: u32 = 1 << 31;

/// Words that end a title appositive: it has become a clause ("X, who …", "X, based in …").
const CLAUSE_WORDS: &[u8] = word_list!("who which that said says told based is was has had will");

/// Words that open an indefinite description ("a minister", "another official").
const INDEFINITES: &[u8] = word_list!("a an one another");

/// The word-class table, built once.
struct WordClasses {
    /// Every listed word or phrase (normalised as [`normalize`] does) with its class bits.
    table: WordClassTable,
    /// The number of words in the longest title or role.
    longest_title: usize,
    /// The last three bytes ([`ending_code`]) of every office title long enough to end a
    /// closed compound ([`MIN_COMPOUND_TITLE`]), sorted: a word ending otherwise ends in no
    /// such title.
    compound_title_endings: Vec<u64>,
}

/// The word-class table of every lexicon and list, built on first use.
fn word_classes() -> &'static WordClasses {
    static TABLE: OnceLock<WordClasses> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = WordClassTable::default();
        let mut add = |key: &str, class: u32| table.add(key, u64::from(class));
        let lexicons: [(&Lexicon, u32); 9] = [
            (non_names(), NON_NAME),
            (honorifics(), HONORIFIC),
            (nationalities(), NATIONALITY),
            (official_titles(), OFFICE_TITLE),
            (roles(), ROLE),
            (title_modifiers(), TITLE_MODIFIER),
            (nominal_heads(), NOMINAL_HEAD),
            (given_names(), GIVEN_NAME),
            (parties(), PARTY),
        ];
        for (lexicon, class) in lexicons {
            for key in lexicon.keys() {
                add(key, class);
                let phrase_word = match class {
                    OFFICE_TITLE | ROLE => TITLE_PHRASE_WORD,
                    NATIONALITY => NATIONALITY_PHRASE_WORD,
                    _ => 0,
                };
                if phrase_word != 0 && key.as_bytes().contains(&b' ') {
                    for part in key.split(' ') {
                        add(part, phrase_word);
                    }
                }
            }
        }
        let lists: [(&[u8], u32); 12] = [
            (NAME_PARTICLES, NAME_PARTICLE),
            (APPOSITIVE_LINKS, APPOSITIVE_LINK),
            (PUBLIC_BODIES, PUBLIC_BODY),
            (BODY_ROLES, BODY_ROLE),
            (NOMINAL_DETERMINERS, NOMINAL_DETERMINER),
            (ATTRIBUTIVE_HEADS, ATTRIBUTIVE_HEAD),
            (SPEECH_VERBS_AFTER_HEAD, SPEECH_VERB_AFTER_HEAD),
            (WORDS_AFTER_NOUN_HEAD, WORD_AFTER_NOUN_HEAD),
            (GENERIC_TITLES, GENERIC_TITLE),
            (CLAUSE_WORDS, CLAUSE_WORD),
            (INDEFINITES, INDEFINITE),
            (COMPLEMENT_LINKS, COMPLEMENT_LINK),
        ];
        for (list, class) in lists {
            table.add_listed(list, u64::from(class));
        }
        // Plurals once every class is known: whether a title is generic decides.
        let mut compound_title_endings = Vec::new();
        for title in official_titles().keys() {
            let classes = table.of(title) as u32;
            for plural in plural_of_office_title(title, classes).into_iter().flatten() {
                table.add(&plural, u64::from(PLURAL_OFFICE_TITLE));
            }
            if title.len() >= MIN_COMPOUND_TITLE {
                compound_title_endings.push(ending_code(title));
            }
        }
        sort_u64s(&mut compound_title_endings);
        WordClasses {
            table,
            longest_title: official_titles().max_words().max(roles().max_words()),
            compound_title_endings,
        }
    })
}

/// Builds the word-class table now, and with it every lexicon it is made of (see
/// [`super::build_tables`]).
pub(crate) fn build_tables() {
    word_classes();
}

/// The class bits of a normalised word or phrase (0 when it is in no list).
fn classes_of(key: &str) -> u32 {
    word_classes().table.of(key) as u32
}

/// Whether class bits make a title word or phrase: `Some(true)` for a public office,
/// `Some(false)` for another role.
fn title_class(classes: u32) -> Option<bool> {
    if classes & OFFICE_TITLE != 0 {
        Some(true)
    } else if classes & ROLE != 0 {
        Some(false)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Words

/// A token seen as a word of a name or title: possessive endings are cut off the span. Each
/// block writes one per token, so it holds nothing that the block's text gives (the word as
/// written is [`Word::written`]).
#[derive(Clone, Copy, Debug)]
struct Word<'t> {
    start: usize,
    end: usize,
    /// The lookup form (see [`normalize`]): the word as written when it is already in that
    /// form, else a slice of the block's key buffer; empty for a punctuation mark (rules test
    /// its [`Word::punct`] byte).
    key: &'t str,
    /// The key's class bits ([`classes_of`]) and the word's own flags ([`IS_WORD`] to
    /// [`NAME_WORD`]).
    classes: u32,
    /// A punctuation mark's byte when it is ASCII ("." or ","), else 0 (words included): a
    /// rule that tests for a mark compares one byte instead of a string.
    punct: u8,
    /// The title word or phrase ending at this word ([`find_title_ending_at`]), its first
    /// word's index as a `u32` (four billion words would be gigabytes of text, past what the
    /// wasm build can address): the word is eight bytes smaller, and each block writes one per
    /// token.
    title: Option<(u32, bool)>,
}

impl Word<'_> {
    /// Whether the word is in any of the given classes or has any of the given flags.
    fn is(&self, classes: u32) -> bool {
        self.classes & classes != 0
    }

    /// The word as written in `text`, its block's text (possessive ending cut off). Always
    /// inlined, and sliced here rather than through [`crate::slice`]: the name scan reads every
    /// candidate name word through it, and each call layer (opt-level "z" keeps both this and
    /// `slice` one) cost more than the slicing.
    #[inline(always)]
    fn written<'b>(&self, text: &'b str) -> &'b str {
        text.get(self.start..self.end).unwrap_or_default()
    }
}

/// The keys of a block's words not already in lookup form, one buffer for the whole block, and
/// [`words_of`]'s other buffers, kept across blocks so that their memory is reused.
#[derive(Default)]
struct WordKeys {
    /// The block's text, with the keys of its ASCII words lowered in place, then the other
    /// keys one after another.
    text: String,
    /// (word index, start, end) of each key in `text` after the block's text (a key lowered in
    /// place is found where its word is: [`KEY_LOWERED_IN_PLACE`]).
    ranges: Vec<(usize, usize, usize)>,
    /// The indices of the words looked at again ([`looked_at_again`]), in order: the only
    /// ones [`words_of`] and the scans after it look at again.
    to_look_at: Vec<usize>,
    /// The scratch buffer of [`find_title_ending_at`]'s phrases (a `String` per block was an
    /// allocation per block with a title phrase).
    phrase: String,
}

/// The words of a block, each looked up once: classes, then titles, then name words (which
/// depend on titles ending at them), with the indices of the words looked at again
/// ([`looked_at_again`]), in order: only those can be name words or head descriptions. The keys of words not
/// already in lookup form are written into `keys` (cleared first). `tokens` are the block's.
fn words_of<'t>(
    text: &'t str,
    tokens: &[Token],
    keys: &'t mut WordKeys,
) -> (Vec<Word<'t>>, &'t [usize]) {
    let classes_table = word_classes();
    let WordKeys {
        text: keys,
        ranges: key_ranges,
        to_look_at,
        phrase,
    } = keys;
    keys.clear();
    // The block's text first: a word whose key is its own bytes with ASCII capitals lowered
    // ([`key_is_ascii_lowered`]) has them lowered in place there, instead of a copy appended
    // per word. Other keys follow it.
    keys.push_str(text);
    key_ranges.clear();
    to_look_at.clear();
    let mut prev_end = 0;
    let mut words: Vec<Word> = Vec::with_capacity(tokens.len());
    for t in tokens {
        let spaced = if t.start > prev_end || prev_end == 0 {
            SPACED
        } else {
            0
        };
        prev_end = t.end;
        // One push for both kinds of token: each push site is a call of its own.
        let word = if t.kind != TokenKind::Word {
            // Punctuation is in no list (a unit test checks every key starts a word), so it is
            // not looked up, nor its text sliced (a call per token in the wasm): rules compare
            // marks by their byte, and the empty key equals no word's.
            Word {
                start: t.start,
                end: t.end,
                key: "",
                classes: spaced,
                // A one-byte token is one ASCII character.
                punct: match text.as_bytes().get(t.start) {
                    Some(&byte) if t.end == t.start + 1 => byte,
                    _ => 0,
                },
                title: None,
            }
        } else {
            let Some(raw) = text.get(t.start..t.end) else {
                continue;
            };
            let stripped = strip_possessive(raw);
            let possessive = stripped.len() < raw.len();
            // The token's shape, unless a possessive ending was cut off (its apostrophe may be
            // beyond ASCII, its "S" a capital).
            let shape = if possessive {
                shape_of(stripped)
            } else {
                t.shape
            };
            let dash = shape & SHAPE_DASH != 0;
            let capitalised = starts_upper_shaped(stripped, shape)
                || (dash && is_particle_prefixed(stripped, shape));
            let end = t.start + stripped.len();
            // [`KEY_LOWERED_IN_PLACE`] when the key is lowered in place.
            let mut lowered = 0;
            let key = if shape & SHAPE_NOT_NORMAL == 0 {
                stripped
            } else if shape & SHAPE_SPECIAL == 0 || key_is_ascii_lowered(stripped) {
                if shape & SHAPE_UPPER == 0 {
                    // Latin-1 small letters and no capital: its own key.
                    stripped
                } else {
                    // ASCII capitals to lower: its copy in the buffer, lowered in place.
                    let key = keys.get_mut(t.start..end).unwrap_or_default();
                    key.make_ascii_lowercase();
                    lowered = KEY_LOWERED_IN_PLACE;
                    key
                }
            } else {
                let from = keys.len();
                push_key(stripped, shape, keys);
                key_ranges.push((words.len(), from, keys.len()));
                keys.get(from..).unwrap_or_default()
            };
            let word = Word {
                start: t.start,
                end,
                // Set below for keys in the buffer, once it is complete and can be shared.
                key: stripped,
                classes: classes_table.table.of(key) as u32
                    | IS_WORD
                    | if possessive { POSSESSIVE } else { 0 }
                    | if capitalised { CAPITALISED } else { 0 }
                    | spaced
                    | if shape & SHAPE_DIGIT != 0 { DIGITS } else { 0 }
                    | if dash { DASHED } else { 0 }
                    | lowered,
                punct: 0,
                title: None,
            };
            if looked_at_again(&word) {
                to_look_at.push(words.len());
            }
            word
        };
        words.push(word);
    }
    let keys: &'t String = keys;
    for &(i, from, to) in key_ranges.iter() {
        // Through `get_mut`, a bounds test in place, instead of a call per capitalised word
        // through `crate::at_mut`.
        if let Some(w) = words.get_mut(i) {
            w.key = keys.get(from..to).unwrap_or_default();
        }
    }
    // Most words (lower case, in no title list) are not looked at again: their defaults stand.
    // A head noun listed for `find_nominals` alone (not [`may_end_title_or_name`]) is found to
    // end no title and be no name word: looking costs fewer instructions and bytes than a
    // second test per word.
    for &k in to_look_at.iter() {
        // Word `k`'s key before its title is looked for: the look reads it, and the keys of the
        // words before `k` (found earlier in this loop, which goes in order).
        if let Some(w) = words.get_mut(k).filter(|w| w.is(KEY_LOWERED_IN_PLACE)) {
            w.key = keys.get(w.start..w.end).unwrap_or_default();
        }
        let title = find_title_ending_at(&words, k, phrase)
            .map(|(first, official)| (first as u32, official));
        // One bounds-checked access for both results (each `words[k]` was a call in the wasm).
        if let Some(w) = words.get_mut(k) {
            w.title = title;
            if can_be_name_word(w, text) {
                w.classes |= NAME_WORD;
            }
        }
    }
    (words, to_look_at)
}

/// Whether a word is looked at again after the first pass over a block's words: it may end a
/// title or be a name word ([`may_end_title_or_name`]), or head a description
/// ([`may_head_nominal`], whose other words end a title or are office titles), or its key is
/// lowered in place ([`KEY_LOWERED_IN_PLACE`]: most such words are capitalised, and the look
/// finds the key). Inlined: it is asked of every word.
#[inline(always)]
fn looked_at_again(w: &Word) -> bool {
    may_end_title_or_name(w) || w.is(NOMINAL_HEAD | BODY_ROLE | KEY_LOWERED_IN_PLACE)
}

/// Whether a word may end a title ([`find_title_ending_at`]) or be a name word
/// ([`can_be_name_word`]): only a word with a title class, a hyphen (a title's last part) or a
/// capital (a compound title, a name) can, so most words of running text are settled by these
/// bits without the look back over the words before them.
#[inline(always)]
fn may_end_title_or_name(w: &Word) -> bool {
    w.is(CAPITALISED | DASHED | OFFICE_TITLE | ROLE | TITLE_PHRASE_WORD | PLURAL_OFFICE_TITLE)
}

/// Whether the lookup form of `word` ([`normalize`]) is `word` with its ASCII capitals
/// lowered: it has no dot, no curly apostrophe, and no non-ASCII character but Latin-1 small
/// letters (U+00DF to U+00FF, which [`lower_char`] keeps), as most accented words of French,
/// German or Spanish text. Their keys need no decoding, character by character.
fn key_is_ascii_lowered(word: &str) -> bool {
    let bytes = word.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'.' => return false,
            // U+00C0 to U+00FF: two bytes, 0xC3 then 0x80 to 0xBF; from 0x9F a small letter.
            0xC3 if bytes.get(i + 1).is_some_and(|&next| next >= 0x9F) => i += 1,
            0xC0.. => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

/// Whether a word is a name with a lower-case particle prefix ("al-Bashir", "el-Sisi"); `shape`
/// is the word's ([`shape_of`]): the part after the hyphen starts with a capital, so the shape
/// settles most hyphenated words ("well-known") before the particle list is searched.
fn is_particle_prefixed(word: &str, shape: u8) -> bool {
    let Some(dash) = word.bytes().position(|b| b == b'-') else {
        return false;
    };
    let (particle, rest) = (
        crate::slice(word, 0, dash),
        crate::slice(word, dash + 1, word.len()),
    );
    // The shape test of `starts_upper_shaped` without its first-byte test inlined: hyphenated
    // words are few.
    shape & (SHAPE_UPPER | SHAPE_NON_ASCII) != 0
        && starts_upper(rest)
        && crate::in_word_list(NAME_PARTICLES, particle)
}

/// `word` without a possessive ending ("'s", "’s", "'S", "’S"), unless nothing would be left.
/// Compared as bytes: every word is checked, and four `strip_suffix` calls a word were a
/// measurable share of the wasm build's time. Inlined: it is asked of every word, and most are
/// settled by their last byte.
#[inline(always)]
fn strip_possessive(word: &str) -> &str {
    // Most words are settled by their last byte.
    if !matches!(word.as_bytes().last(), Some(b's' | b'S')) {
        return word;
    }
    let stem = match word.as_bytes() {
        [stem @ .., b'\'', b's' | b'S'] => stem.len(),
        [stem @ .., 0xE2, 0x80, 0x99, b's' | b'S'] => stem.len(),
        _ => return word,
    };
    match word.get(..stem) {
        Some(stem) if !stem.is_empty() => stem,
        _ => word,
    }
}

/// Whether the word is written entirely in capitals ("UTZ"), so it is shown title-cased.
fn is_all_caps(word: &str) -> bool {
    let bytes = word.as_bytes();
    // A word with an ASCII lower-case byte is not, one beyond ASCII ("Müller") included: an
    // ASCII byte is a whole character. Most capitalised words are settled by their second byte
    // ("Smith"), without decoding any character.
    if bytes.iter().any(u8::is_ascii_lowercase) {
        return false;
    }
    if word.is_ascii() {
        // Most other words: a byte loop instead of decoding characters twice.
        return bytes
            .iter()
            .filter(|b| b.is_ascii_alphabetic())
            .nth(1)
            .is_some();
    }
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Title-cases a word written in capitals ("UTZ" → "Utz", "DONG-HOON" → "Dong-Hoon"); any other
/// word is returned as it is, borrowed.
pub(crate) fn title_case(word: &str) -> Cow<'_, str> {
    if !is_all_caps(word) {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    let mut start_of_part = true;
    for c in word.chars() {
        if start_of_part {
            out.push(c);
        } else {
            out.push(lower_char(c));
        }
        start_of_part = !c.is_alphanumeric();
    }
    Cow::Owned(out)
}

/// A title word or phrase ending at word `k`: (index of its first word, whether it is an
/// official title), as computed once per word by [`words_of`].
fn title_ending_at(words: &[Word], k: usize) -> Option<(usize, bool)> {
    words
        .get(k)?
        .title
        .map(|(first, official)| (first as usize, official))
}

/// A title word or phrase ending at word `k`: (index of its first word, whether it is an
/// official title). The longest listed phrase wins; a German compound such as
/// "Condor-Sprecherin" counts by its last part. `phrase` is a scratch buffer for the phrases
/// looked up, reused across words.
fn find_title_ending_at(words: &[Word], k: usize, phrase: &mut String) -> Option<(usize, bool)> {
    let w = words.get(k)?;
    if !w.is(IS_WORD) {
        return None;
    }
    let mut found = title_class(w.classes).map(|official| (k, official));
    if w.is(TITLE_PHRASE_WORD) {
        // Only words of listed multi-word titles can form one: extend back over them, then try
        // the phrases ending at `k`, longest first.
        let mut first = k;
        while first > 0 && k - first + 1 < word_classes().longest_title {
            let p = crate::at_ref(words, first - 1);
            if !(p.is(IS_WORD) && !p.is(POSSESSIVE) && p.is(TITLE_PHRASE_WORD)) {
                break;
            }
            first -= 1;
        }
        if first < k {
            phrase.clear();
            for word in words.get(first..=k).unwrap_or_default() {
                if !phrase.is_empty() {
                    phrase.push(' ');
                }
                phrase.push_str(word.key);
            }
            // The phrase from word `j` starts after the keys (and spaces) of the words before.
            let mut at = 0;
            let mut longest = None;
            for (j, word) in words.iter().enumerate().take(k).skip(first) {
                if let Some(official) = phrase.get(at..).and_then(|p| title_class(classes_of(p))) {
                    longest = Some((j, official));
                    break;
                }
                at += word.key.len() + 1;
            }
            found = longest.or(found);
        }
    }
    if found.is_none() && w.is(DASHED) {
        if let Some(dash) = w.key.bytes().rposition(|b| b == b'-') {
            let last_part = w.key.get(dash + 1..).unwrap_or("");
            found = title_class(classes_of(last_part)).map(|official| (k, official));
        }
    }
    if found.is_none() && (w.is(PLURAL_OFFICE_TITLE) || compound_title(w)) {
        found = Some((k, true));
    }
    found
}

/// The plural keys of a one-word office title `title` with class bits `classes` ("minister" ->
/// "ministers", "secretary" -> "secretaries"): a word is a plural title when its "-ies" ends
/// for a "-y" title, or its final "-s" (after no other "s") follows a title, of at least three
/// bytes and not generic. Plurals title several people ("cabinet ministers A and B") or
/// describe unnamed officials ("the generals"). The word-class table lists them
/// ([`PLURAL_OFFICE_TITLE`]), so a word costs no second lookup of its singular.
fn plural_of_office_title(title: &str, classes: u32) -> [Option<String>; 2] {
    if title.len() < 3
        || title.as_bytes().contains(&b' ')
        || classes & (OFFICE_TITLE | GENERIC_TITLE) != OFFICE_TITLE
    {
        return [None, None];
    }
    // "secretary" -> "secretaries" (read back: "-ies" is always "-y").
    let ies = title.strip_suffix('y').map(|stem| stem.to_owned() + "ies");
    // "minister" -> "ministers", unless "-s" would be read back as "-ies" or follow an "s".
    let s = (!title.ends_with('s') && !title.ends_with("ie")).then(|| title.to_owned() + "s");
    [ies, s]
}

/// The shortest office title that can end a closed compound ("Arbeitsminister",
/// "Bundespräsidentin"); shorter titles end too many ordinary words ("Ringleader").
const MIN_COMPOUND_TITLE: usize = 7;

/// Whether a capitalised word is a closed compound ending in an office title, as German writes
/// them ("Arbeitsminister", "Regierungssprecherin"), with at least three letters before it.
fn compound_title(word: &Word) -> bool {
    // The shortest compound is three characters (at least three bytes) before a title of
    // `MIN_COMPOUND_TITLE` bytes, and it ends as that title does: most words are settled
    // before any lookup.
    let key = word.key;
    if !word.is(CAPITALISED) || key.len() < 3 + MIN_COMPOUND_TITLE {
        return false;
    }
    if word_classes()
        .compound_title_endings
        .binary_search(&ending_code(key))
        .is_err()
    {
        return false;
    }
    key.char_indices()
        .skip(3)
        .map(|(i, _)| crate::slice(key, i, key.len()))
        .take_while(|suffix| suffix.len() >= MIN_COMPOUND_TITLE)
        .any(|suffix| classes_of(suffix) & OFFICE_TITLE != 0)
}

/// The last three bytes of `key` (all of a shorter key) as a number, for a sorted list.
fn ending_code(key: &str) -> u64 {
    let ending = key.as_bytes().get(key.len().saturating_sub(3)..);
    ending
        .unwrap_or_default()
        .iter()
        .fold(0, |code, &b| code << 8 | u64::from(b))
}

/// Whether word `i` can be part of a person's name, as computed once per word by [`words_of`]
/// (`false` past the end, where callers never ask). Always inlined: the name scan asks it of
/// every word it looks at, and the call with its bounds-check panic cost more than the load.
#[inline(always)]
fn is_name_word(words: &[Word], i: usize) -> bool {
    words.get(i).is_some_and(|w| w.is(NAME_WORD))
}

/// Whether a word can be part of a person's name: capitalised, no digits, in no list of other
/// words, no title word on its own or ending a title phrase ("Justice" in "Chief Justice"), and
/// more than one character. The word's bits are tested first: most words they settle are never
/// read.
fn can_be_name_word(w: &Word, text: &str) -> bool {
    w.classes & (IS_WORD | CAPITALISED | DIGITS | NON_NAME | HONORIFIC | NATIONALITY | PARTY)
        == IS_WORD | CAPITALISED
        && w.title.is_none()
        && char_at(text, w.start).is_some_and(|c| c.len_utf8() < w.end - w.start)
}

/// Whether `.` at `i` belongs to the abbreviation before it ("Mr.", "U.S.", "R.").
fn is_attached_dot(words: &[Word], i: usize) -> bool {
    // Read through `get`, each a bounds test in place (`i` is always a word's index): the name
    // and title scans ask this of many words.
    words
        .get(i)
        .is_some_and(|w| w.punct == b'.' && !w.is(SPACED))
        && i > 0
        && words.get(i - 1).is_some_and(|w| w.is(IS_WORD))
}

// ---------------------------------------------------------------------------------------------
// Titles

/// A title found next to a name or as an unnamed official's description, borrowed from its
/// block's text: a candidate holds one, and a title of 32 bytes or less moves without a
/// `memory.copy` call in the wasm (an owned one took two per candidate).
#[derive(Clone, Copy, Debug)]
struct FoundTitle<'b> {
    /// The title as written.
    text: &'b str,
    /// The title without a leading nationality, and that nationality's country key.
    without_nationality: Option<(&'b str, &'static str)>,
    /// Whether a title word in it is a public office.
    official: bool,
}

impl<'b> FoundTitle<'b> {
    fn new(
        text: &'b str,
        words: &[Word],
        first: usize,
        last: usize,
        official: bool,
    ) -> Option<FoundTitle<'b>> {
        let end = title_end(words, last);
        let title = text.get(crate::at_ref(words, first).start..end)?.trim();
        let without_nationality =
            leading_nationality(words, first, last).and_then(|(country, rest)| {
                let rest_text = text.get(crate::at_ref(words, rest).start..end)?.trim();
                Some((rest_text, country))
            });
        let words_of_title = words.get(first..=last).unwrap_or_default();
        // A member or head of a public body holds a public post ("member of the party's
        // general secretariat", "conservation department ranger").
        let public_post = words_of_title.iter().any(|w| w.is(PUBLIC_BODY))
            && words_of_title.iter().any(|w| w.is(BODY_ROLE));
        // A post in a company, university, club or trade union is no public office, whatever
        // its title ("president of the teachers union", "Acme Company president").
        let private_post = words_of_title.iter().any(is_private_body);
        Some(FoundTitle {
            text: title,
            without_nationality,
            official: (official || public_post) && !private_post,
        })
    }
}

/// Nouns naming a private body: a title in one is no public office ([`is_private_body`]).
const PRIVATE_BODIES: &[u8] = word_list!("club college company corporation firm union university");

/// Whether a title word names a private body ([`PRIVATE_BODIES`]). A capitalised "Union" names
/// a state or a bloc instead ("the European Union", "the Soviet Union"), so only a lower-case
/// one is a trade union.
fn is_private_body(w: &Word) -> bool {
    w.is(IS_WORD)
        && crate::in_word_list(PRIVATE_BODIES, w.key)
        && !(w.key == "union" && w.is(CAPITALISED))
}

/// The byte end of a title whose last word is `last`, keeping an abbreviation's dot ("Sen.").
fn title_end(words: &[Word], last: usize) -> usize {
    match words.get(last + 1) {
        Some(_)
            if is_attached_dot(words, last + 1)
                && is_short_abbreviation(crate::at_ref(words, last).key) =>
        {
            crate::at_ref(words, last + 1).end
        }
        _ => crate::at_ref(words, last).end,
    }
}

/// A nationality opening the title at `first` (before `last`): its country key and the index of
/// the first word after it.
fn leading_nationality(words: &[Word], first: usize, last: usize) -> Option<(&'static str, usize)> {
    let mut phrase = String::new();
    let mut best = None;
    let mut i = first;
    while i < last && i < first + 3 {
        if !crate::at_ref(words, i).is(IS_WORD) {
            i += 1;
            continue;
        }
        // A phrase holding a word that is in no nationality is none, nor is any longer one.
        if !crate::at_ref(words, i).is(NATIONALITY | NATIONALITY_PHRASE_WORD) {
            break;
        }
        if !phrase.is_empty() {
            phrase.push(' ');
        }
        phrase.push_str(crate::at_ref(words, i).key);
        if let Some(country) = nationalities().get(&phrase) {
            let mut next = i + 1;
            while next < last && !crate::at_ref(words, next).is(IS_WORD) {
                next += 1;
            }
            best = Some((country, next));
        }
        i += 1;
    }
    best
}

/// The title written right before a name starting at word `s` ("US Treasury Secretary", and
/// "the foreign minister," before a comma), with the index of its head word.
fn title_before<'b>(text: &'b str, words: &[Word], s: usize) -> Option<(FoundTitle<'b>, usize)> {
    let mut k = s.checked_sub(1)?;
    // Word `k`, its comma and the possessive test read through `get`, each a bounds test in
    // place (`crate::at_ref` is a call in the wasm): this is asked before every name run.
    // An honorific between title and name: "former Minister Sir Nicholas Soames".
    if is_abbreviation_dot(words, k) && crate::at_ref(words, k - 1).is(HONORIFIC) {
        k = k.checked_sub(2)?;
    } else if words.get(k)?.classes & (IS_WORD | CAPITALISED | HONORIFIC)
        == IS_WORD | CAPITALISED | HONORIFIC
    {
        k = k.checked_sub(1)?;
    }
    let comma = words.get(k)?.punct == b',';
    if comma {
        k = k.checked_sub(1)?;
    }
    if is_attached_dot(words, k) {
        // Only an abbreviation's dot ("Sen."); a full stop ends the sentence before the name.
        if !is_abbreviation_dot(words, k) {
            return None;
        }
        k = k.checked_sub(1)?;
    }
    if words.get(k)?.is(POSSESSIVE) {
        // "Prince's Trust": the title belongs to someone else.
        return None;
    }
    let last = k;
    if comma && title_ending_at(words, k).is_none() {
        // "The leader of Ennahda, X,": the title's complement names its body.
        k = complement_head(words, k)?;
    }
    let (mut first, mut official) = title_ending_at(words, k)?;
    let head = k;
    while first > 0 {
        let mut j = first - 1;
        if crate::at_ref(words, j).punct == b'.' && !is_abbreviation_dot(words, j) {
            // A full stop: the title starts after it ("Prisons. Attorney General X").
            break;
        }
        if is_attached_dot(words, j) {
            match j.checked_sub(1) {
                Some(p) => j = p,
                None => break,
            }
        }
        let w = crate::at_ref(words, j);
        if w.is(POSSESSIVE) && j + 1 != first && !is_attached_dot(words, j + 1) {
            break;
        }
        if let Some((f, o)) = title_ending_at(words, j) {
            first = f;
            // An owner's office is not the post of the person it owns ("the president's lawyer
            // X"): only a title word of the name's own title makes it official.
            official |= o && !w.is(POSSESSIVE);
        } else if w.is(IS_WORD)
            && (w.is(TITLE_MODIFIER | NATIONALITY)
                || (w.is(CAPITALISED) && !w.is(NON_NAME | HONORIFIC)))
        {
            first = j;
        } else {
            break;
        }
        if w.is(POSSESSIVE) {
            break;
        }
    }
    // A private body right before the title owns the post ("Acme Company president X", "the
    // union president X"), as a complement naming it does.
    if first > 0 && is_private_body(crate::at_ref(words, first - 1)) {
        official = false;
    }
    Some((FoundTitle::new(text, words, first, last, official)?, head))
}

/// Articles that, before a party word, make it a noun naming a member ("le socialiste X").
const PARTY_ARTICLES: &[u8] = word_list!("the le la el");

/// A party affiliation written right before a name starting at word `s`, as its title: "l'UMP
/// X", "l'écologiste Y", "le socialiste Z", "Democrat W". French and Spanish list députés by
/// party; only a party word used as a noun (after an article, elided or not, or capitalised)
/// counts, so "les électeurs socialistes" or "a labour dispute" never do. The head is the
/// party word.
fn party_before<'b>(text: &'b str, words: &[Word], s: usize) -> Option<(FoundTitle<'b>, usize)> {
    let k = s.checked_sub(1)?;
    let w = crate::at_ref(words, k);
    if !w.is(IS_WORD) || w.is(POSSESSIVE) {
        return None;
    }
    let written = w.written(text);
    // An elided article is part of the token ("l'UMP"); the title starts after it.
    let elided = ["l'", "l’"]
        .iter()
        .find_map(|article| written.strip_prefix(article))
        .filter(|rest| !rest.is_empty());
    let party = elided.unwrap_or(written);
    // The word's own key when nothing was elided: no new `String` per name.
    let classes = match elided {
        Some(party) => classes_of(&normalize(party)),
        None => w.classes,
    };
    if classes & PARTY == 0 {
        return None;
    }
    let article_before = k > 0
        && crate::at_ref(words, k - 1).is(IS_WORD)
        && crate::in_word_list(PARTY_ARTICLES, crate::at_ref(words, k - 1).key);
    let capitalised = starts_upper(party);
    if elided.is_none() && !article_before && !capitalised {
        return None;
    }
    let title = FoundTitle {
        text: party,
        without_nationality: None,
        official: true,
    };
    Some((title, k))
}

/// The longest complement after a title head, in words ("of the Democratic Party").
const MAX_COMPLEMENT_WORDS: usize = 6;

/// Links between a title head and the body it belongs to ("leader of", "minister for").
const COMPLEMENT_LINKS: &[u8] = word_list!("of at for de du des der");

/// Articles a body's name may hold in a title's complement ("leader of the Democratic Party").
const COMPLEMENT_ARTICLES: &[u8] = word_list!("the la le die");

/// For a complement ending at word `last` ("of the Democratic Party"), the index of the title
/// head before its link, when the complement is capitalised words and articles only.
fn complement_head(words: &[Word], last: usize) -> Option<usize> {
    let mut j = last;
    let lowest = last.saturating_sub(MAX_COMPLEMENT_WORDS);
    while j > lowest {
        let w = crate::at_ref(words, j);
        if !w.is(IS_WORD) {
            return None;
        }
        if w.is(COMPLEMENT_LINK) && j < last {
            let head = j.checked_sub(1)?;
            return title_ending_at(words, head).map(|_| head);
        }
        if !(w.is(CAPITALISED) || crate::in_word_list(COMPLEMENT_ARTICLES, w.key)) {
            return None;
        }
        j -= 1;
    }
    None
}

/// Whether `.` at `i` ends a short abbreviation ("Sen.", "Mr.", "U.S."), not a sentence.
fn is_abbreviation_dot(words: &[Word], i: usize) -> bool {
    is_attached_dot(words, i)
        && words
            .get(i - 1)
            .is_some_and(|w| is_short_abbreviation(w.key))
}

/// Whether a word's key is short enough to be an abbreviation before a dot: at most four
/// characters ("sen", "us", "gov"), counted after its last hyphen, because a prefix joined by a
/// hyphen dates the title without lengthening its abbreviation ("then-Rep.", "ex-Gov.").
fn is_short_abbreviation(key: &str) -> bool {
    let part = match key.bytes().rposition(|b| b == b'-') {
        Some(dash) => key.get(dash + 1..).unwrap_or(key),
        None => key,
    };
    // Four bytes are at most four characters, and counting stops at the fifth.
    part.len() <= 4 || part.chars().nth(4).is_none()
}

/// Determiners that may open a title appositive (", a researcher at …", ", their leader,").
const APPOSITIVE_DETERMINERS: &[u8] = word_list!("a an the his her their");

/// The title in an appositive right after a name ending before word `e`: ", a researcher at the
/// Stimson Center," or ", the U.S. attorney for …,", with the index of its last head word.
fn title_after<'b>(text: &'b str, words: &[Word], e: usize) -> Option<(FoundTitle<'b>, usize)> {
    if words.get(e)?.punct != b',' {
        return None;
    }
    let mut i = e + 1;
    if words
        .get(i)
        .is_some_and(|w| crate::in_word_list(APPOSITIVE_DETERMINERS, w.key))
    {
        i += 1;
    }
    let first = i;
    let mut last = None;
    let mut official = None;
    let mut pending_capitals = false;
    // The last word a title ends at: the appositive's head ("spokesman" in "a spokesman for …").
    let mut head_at = first;
    while i < words.len() && i < first + 14 {
        let w = crate::at_ref(words, i);
        if !w.is(IS_WORD) {
            if is_attached_dot(words, i) && crate::at_ref(words, i - 1).key.len() <= 3 {
                i += 1;
                continue;
            }
            // A plural owner's apostrophe stays inside the title ("president of the prison
            // workers' union"): its body follows.
            let plural_owner = !w.is(SPACED)
                && matches!(w.written(text), "'" | "’")
                && crate::at_ref(words, i - 1).key.ends_with('s')
                && words
                    .get(i + 1)
                    .is_some_and(|n| n.is(IS_WORD) && n.is(SPACED));
            if plural_owner {
                i += 1;
                continue;
            }
            break;
        }
        if w.is(CLAUSE_WORD) {
            break;
        }
        // "and" after the title's own names starts a second description ("leader of the
        // Democratic Party and Yoon's rival"); right after the head it joins titles ("skipper
        // and co-owner").
        if (w.key == "and" || w.key == "or")
            && official.is_some()
            && words
                .get(first..i)
                .unwrap_or_default()
                .iter()
                .any(|w| w.is(CAPITALISED))
        {
            break;
        }
        let head = title_ending_at(words, i);
        match (official, head) {
            // An owner's office is not the post of the person it owns ("the president's
            // lawyer"): the head after it decides.
            (_, Some((_, o))) => {
                official = Some(official.unwrap_or(false) || (o && !w.is(POSSESSIVE)));
            }
            // Before the head only title modifiers stand ("the principal deputy White House
            // press secretary"); anything else makes the appositive a clause.
            (None, None) if !(w.is(TITLE_MODIFIER | NATIONALITY) || w.is(CAPITALISED)) => {
                return None;
            }
            // Capitals right after a head either lead to a longer title ("deputy White House
            // press secretary") or name someone else ("Ambassador Volker confirmed").
            (Some(_), None) if pending_capitals && !(w.is(CAPITALISED) || w.is(TITLE_MODIFIER)) => {
                return None;
            }
            (Some(_), None) if pending_capitals => {}
            // Right after the head only a complement may follow ("leader of the PPP").
            (Some(_), None) if last.is_some_and(|l| title_ending_at(words, l).is_some()) => {
                if w.is(CAPITALISED) {
                    pending_capitals = true;
                } else if !w.is(APPOSITIVE_LINK) {
                    break;
                }
            }
            _ => {}
        }
        if head.is_some() {
            pending_capitals = false;
            head_at = i;
        }
        last = Some(i);
        i += 1;
    }
    let last = last?;
    let official = official?;
    // A plural head lists others after the name ("X, Afghan officials and …"): one person is
    // never described by it.
    if pending_capitals || crate::at_ref(words, head_at).is(PLURAL_OFFICE_TITLE) {
        return None;
    }
    // An appositive that runs on without closing is a clause, not a title.
    if i >= first + 14 {
        return None;
    }
    // The appositive must close (comma, full stop, bracket) or stop at a clause word.
    Some((
        FoundTitle::new(text, words, first, last, official)?,
        head_at,
    ))
}

// ---------------------------------------------------------------------------------------------
// Candidates

/// A capitalised run that may name a person.
#[derive(Clone, Debug)]
struct Candidate<'b> {
    block: usize,
    start: usize,
    end: usize,
    /// Where the name parts lie in the article's shared list of name parts
    /// ([`Scan::name_parts`]): as shown (all caps title-cased), particles and initials included.
    parts: Range<usize>,
    /// Whether something beyond capitals says this is a person.
    evidence: bool,
    title: Option<FoundTitle<'b>>,
    /// Whether an honorific or title stands right before the name; a single word is a person
    /// of its own only then ("President Trump", not "Piktogramme, Sprecher").
    named_by_prefix: bool,
    /// Whether the first name part is a known given name.
    given_name: bool,
    /// The numbers of the name's keys.
    keys: NameKeys,
    body: bool,
    position: usize,
}

impl Candidate<'_> {
    /// The name as shown: its parts in `name_parts` (the article's list) joined by spaces.
    fn display(&self, name_parts: &[Cow<str>]) -> String {
        let mut name = String::new();
        let parts = name_parts.get(self.parts.clone()).unwrap_or_default();
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                name.push(' ');
            }
            name.push_str(part);
        }
        name
    }
}

/// An unnamed official's description found in the text.
#[derive(Clone, Debug)]
struct Nominal {
    block: usize,
    start: usize,
    end: usize,
    phrase: String,
    key: String,
    position: usize,
    /// Whether a vague quantifier opens it ([`VAGUE_QUANTIFIERS`]).
    vague: bool,
    /// The key the same group has when its bracketed acronym modifies the head: "ppp
    /// lawmakers" for "Lawmakers from the People Power Party (PPP)".
    acronym_key: Option<String>,
}

/// What the scan of an article's blocks has found so far, and the buffers every block reuses.
#[derive(Default)]
struct Scan<'b> {
    /// Name runs, in text order.
    candidates: Vec<Candidate<'b>>,
    /// Every candidate's name parts, one after another (see `Candidate::parts`): one list for
    /// the article instead of a vector and strings per candidate, borrowed from the blocks'
    /// text unless title-cased.
    name_parts: Vec<Cow<'b, str>>,
    /// The numbers of the candidates' surname and given-name keys ([`NameKeys`]).
    name_keys: KeyTable,
    /// Unnamed officials' descriptions, in text order.
    nominals: Vec<Nominal>,
    /// The next mention's position in reading order.
    position: usize,
    /// The word-key buffer (see [`words_of`]).
    keys: WordKeys,
    /// The word indices of the current block's titles that stand before a name, sorted (see
    /// [`nominal_head`]); one buffer for all blocks.
    title_heads: Vec<usize>,
}

/// Words joining names that share a plural title ("cabinet ministers A and B").
const NAME_COORDINATORS: &[u8] = word_list!("and or");

/// Finds name runs and nominal descriptions in block `index`, given its tokens.
fn scan_block<'b>(index: usize, block: &'b Block, tokens: &[Token], scan: &mut Scan<'b>) {
    let Scan {
        candidates,
        name_parts,
        name_keys,
        nominals,
        position,
        keys,
        title_heads,
    } = scan;
    let text = block.text.as_str();
    let (words, looked_at) = words_of(text, tokens, keys);
    let body = matches!(
        block.kind,
        BlockKind::Paragraph | BlockKind::Headline | BlockKind::Heading
    );
    title_heads.clear();
    // The last name given a plural title, with its last word, for names coordinated after it.
    let mut plural_title: Option<(usize, FoundTitle)> = None;
    // The first word a name run may start at: the one after the last run's.
    let mut resume = 0;
    // Only words looked at again can be name words: the others are skipped without a visit.
    for &s in looked_at {
        if s < resume {
            continue;
        }
        // The run's first word (once) and each next word `j` are read through `get`, a bounds
        // test in place, rather than through `crate::at_ref` at each use: a call per read in the
        // wasm, and this loop reads the words of every name run.
        let Some(first_word) = words.get(s).filter(|w| w.is(NAME_WORD)) else {
            continue;
        };
        let first_written = first_word.written(text);
        if is_all_caps(first_written) {
            continue;
        }
        // The run's parts are pushed onto the shared list from `first_part` on.
        let first_part = name_parts.len();
        // A word as written in the block (borrowed for the article's lifetime), title-cased.
        let shown = |w: &Word| title_case(w.written(text));
        // Not all caps (tested above): as written.
        name_parts.push(Cow::Borrowed(first_written));
        let mut last = s;
        // Whether word `last` is possessive: the name ends there.
        let mut ends_possessive = first_word.is(POSSESSIVE);
        let mut j = s + 1;
        while !ends_possessive && name_parts.len() - first_part < 6 {
            // A mark is neither a name word, nor a particle, nor an initial: the run ends.
            let Some(w) = words.get(j).filter(|w| w.is(IS_WORD)) else {
                break;
            };
            if w.classes & (NAME_WORD | SPACED) == NAME_WORD | SPACED {
                name_parts.push(shown(w));
                ends_possessive = w.is(POSSESSIVE);
                last = j;
                j += 1;
            } else if let Some(after) = particles_end(&words, j) {
                // Particles join name parts: "von der" in "Ursula von der Leyen".
                name_parts.extend(
                    words
                        .get(j..after)
                        .unwrap_or_default()
                        .iter()
                        .map(|w| Cow::Borrowed(w.written(text))),
                );
                let after_word = crate::at_ref(&words, after);
                name_parts.push(shown(after_word));
                ends_possessive = after_word.is(POSSESSIVE);
                last = after;
                j = after + 1;
            } else if is_initial(text, &words, j) {
                // Word `last` is now the initial's dot: a mark, never possessive.
                name_parts.push(initial_with_dot(text, w, crate::at_ref(&words, j + 1)));
                last = j + 1;
                j += 2;
            } else {
                break;
            }
        }
        // An initial must be followed by more name ("Donald J. Trump"), never end the run. The
        // last part is an initial exactly when word `last` is its dot, a mark (any other part
        // ends at a word, and no word ends in a dot: the tokenizer keeps a dot inside a word
        // only before another word character), tested here rather than the part's last byte
        // (two calls per run in the wasm).
        while last > s && words.get(last).is_some_and(|w| !w.is(IS_WORD)) {
            name_parts.pop();
            last -= 2;
        }
        let parts = first_part..name_parts.len();
        resume = last + 1;
        let next = words.get(last + 1);
        // A run followed by a capitalised organisation or place head is part of that name
        // ("White House", "Stimson Center"), not a person.
        let org_follows = next.is_some_and(|w| w.is(CAPITALISED) && w.is(SPACED) && w.is(NON_NAME));
        if next.is_some_and(|w| w.is(ATTRIBUTIVE_HEAD)) || org_follows {
            name_parts.truncate(first_part);
            continue;
        }
        // The honorific's word index, if one stands before the name.
        let honorific_at = (s > 0)
            .then(|| {
                if is_attached_dot(&words, s - 1) {
                    s.saturating_sub(2)
                } else {
                    s - 1
                }
            })
            .filter(|&h| {
                words.get(h).is_some_and(|word| {
                    word.classes & (IS_WORD | HONORIFIC | CAPITALISED)
                        == IS_WORD | HONORIFIC | CAPITALISED
                })
            });
        let honorific = honorific_at.is_some();
        // A party word titles full names only: a single capitalised word after it is more
        // often a plural noun ("Conservative MPs") than a surname.
        // A name that owns what follows it ("a spokesperson, Meadows' office", "the minister,
        // Lee's deputy") is no appositive of the title before the comma: that title is the
        // thing it owns, or someone else's.
        let owner = ends_possessive
            || next.is_some_and(|w| !w.is(SPACED) && matches!(w.written(text), "'" | "’"));
        let before = if owner && s > 0 && crate::at_ref(&words, s - 1).punct == b',' {
            None
        } else {
            title_before(text, &words, s)
        };
        let before = before.or_else(|| {
            if parts.len() >= 2 {
                party_before(text, &words, s)
            } else {
                None
            }
        });
        // "cabinet ministers A and B": B shares the plural title given to A.
        let shares_plural = before.is_none()
            && plural_title.as_ref().is_some_and(|(end, _)| {
                *end + 2 == s
                    && (crate::at_ref(&words, s - 1).punct == b','
                        || crate::in_word_list(NAME_COORDINATORS, crate::at_ref(&words, s - 1).key))
            });
        // `parts[0]` is word `s`, title-cased: its key is the word's.
        let given = parts.len() >= 2 && first_word.is(GIVEN_NAME);
        // The title before the name, else the one it shares, else one in an appositive after
        // it, in that order.
        let mut named_by_title = false;
        let title = match before {
            Some((title, head)) => {
                plural_title = None;
                let plural = crate::at_ref(&words, head).is(PLURAL_OFFICE_TITLE);
                // A plural title lists full names ("cabinet ministers A and B"); a single word
                // after it is a body ("députés Front de gauche").
                if plural && parts.len() < 2 {
                    None
                } else {
                    if plural {
                        plural_title = Some((last, title));
                    }
                    title_heads.push(head);
                    named_by_title = true;
                    Some(title)
                }
            }
            None if shares_plural => match &mut plural_title {
                Some((end, shared)) => {
                    *end = last;
                    named_by_title = true;
                    Some(*shared)
                }
                None => None,
            },
            None => {
                plural_title = None;
                // The appositive describes this person: its head heads no unnamed official of
                // its own ("X, a police spokesperson, said" is one person, not two).
                title_after(text, &words, last + 1).map(|(title, head)| {
                    title_heads.push(head);
                    title
                })
            }
        };
        let named_by_prefix = honorific || named_by_title;
        let title = match title {
            Some(title) => Some(title),
            // A peer's style is their seat in a legislature when nothing else titles them.
            None => honorific_at
                .filter(|&h| crate::in_word_list(PEERAGE_STYLES, crate::at_ref(&words, h).key))
                .and_then(|h| FoundTitle::new(text, &words, h, h, true)),
        };
        // The keys of the name's first and last parts are their words' keys: title-casing
        // changes no key, and word `last` shows as the last part (the loop above pops only
        // initials, two words each: no word ends in a dot, as the tokenizer keeps a dot inside
        // a word only before another word character).
        let last_word = crate::at_ref(&words, last);
        let surname = name_keys.intern(last_word.key);
        // A single part is its own given name.
        let (given_key, given_id) = if parts.len() >= 2 {
            (first_word.key, name_keys.intern(first_word.key))
        } else {
            (last_word.key, surname)
        };
        // The first character without a character iterator (two calls in the wasm per name):
        // the key is that one character when it is as long.
        let given_initial = char_at(given_key, 0);
        candidates.push(Candidate {
            keys: NameKeys {
                surname,
                given: given_id,
                given_initial,
                given_is_initial: given_initial.is_some_and(|c| c.len_utf8() == given_key.len()),
            },
            block: index,
            start: first_word.start,
            end: last_word.end,
            evidence: honorific || title.is_some() || given,
            parts,
            title,
            named_by_prefix,
            given_name: first_word.is(GIVEN_NAME),
            body,
            position: *position,
        });
        *position += 1;
    }
    // robustness fix: sorted so that `nominal_head` looks a word up by binary search; a linear
    // `contains` per word was quadratic in a long block with many titles. Heads are almost
    // always found in text order already, and checking costs less than sorting.
    if title_heads.windows(2).any(|pair| pair[0] > pair[1]) {
        sort_by_u64_key(title_heads, |&h| h as u64);
    }
    find_nominals(
        index,
        text,
        &words,
        looked_at,
        title_heads,
        position,
        nominals,
    );
}

/// When lower-case name particles start at `j` and a name word follows them, that word's index.
fn particles_end(words: &[Word], j: usize) -> Option<usize> {
    let mut k = j;
    while k < j + 3
        && words.get(k).is_some_and(|w| {
            w.classes & (IS_WORD | CAPITALISED | NAME_PARTICLE) == IS_WORD | NAME_PARTICLE
        })
    {
        k += 1;
    }
    (k > j && is_name_word(words, k)).then_some(k)
}

/// An initial with its dot as a name part ("R."): borrowed from `text` when the dot follows
/// the initial's letter directly, as it almost always does; a new string only when a
/// possessive ending stands between them.
fn initial_with_dot<'b>(text: &'b str, initial: &Word, dot: &Word) -> Cow<'b, str> {
    match text.get(initial.start..dot.end) {
        Some(written) if initial.end == dot.start => Cow::Borrowed(written),
        _ => Cow::Owned(initial.written(text).to_owned() + "."),
    }
}

/// Whether word `j` is an initial followed by its dot and more name ("R." in "Michael R. Bloomberg").
fn is_initial(text: &str, words: &[Word], j: usize) -> bool {
    // The bits first, and one character as its length in bytes (no slice of the text): the
    // name scan asks this of the word after every run.
    words.get(j).is_some_and(|w| {
        w.classes & (IS_WORD | CAPITALISED) == IS_WORD | CAPITALISED
            && char_at(text, w.start).is_some_and(|c| c.len_utf8() == w.end - w.start)
    }) && words
        .get(j + 1)
        .is_some_and(|w| w.punct == b'.' && !w.is(SPACED))
        && is_name_word(words, j + 2)
}

/// Finds unnamed officials: a head noun ("officials", "spokesperson", a plural office title such
/// as "the generals", or a singular one after "a": "an Ennahda minister") with its modifiers,
/// determiner and a complement naming its body ("Lawmakers from the People Power Party (PPP)"),
/// unless the head titles a name that follows. Two heads joined by "and" are one description
/// ("military officers and government officials").
fn find_nominals(
    block: usize,
    text: &str,
    words: &[Word],
    looked_at: &[usize],
    title_heads: &[usize],
    position: &mut usize,
    nominals: &mut Vec<Nominal>,
) {
    // The first word a description may be headed by: the one after the last description's.
    let mut resume = 0;
    // Only words looked at again can head one ([`looked_at_again`]).
    for &h in looked_at {
        // The cheap test first: a call per word was a measurable share of the block scan.
        if h < resume || !words.get(h).is_some_and(may_head_nominal) {
            continue;
        }
        let Some(indefinite_only) = nominal_head(text, words, h, title_heads) else {
            continue;
        };
        // A listed multi-word title ("chief of staff") heads from its first word.
        let title_first = multi_word_title_start(words, h).unwrap_or(h);
        let first = description_start(text, words, title_first);
        let opened_by_indefinite =
            crate::at_ref(words, first).is(IS_WORD) && crate::at_ref(words, first).is(INDEFINITE);
        // "Yoon, 63, a former chief prosecutor" and "X, responsable de …": an appositive
        // describes the person before it. A speech verb after the head makes it the subject
        // of an attribution instead ("…, officials said.").
        let appositive = first > 0
            && crate::at_ref(words, first - 1).punct == b','
            && !words
                .get(h + 1)
                .is_some_and(|w| w.is(SPEECH_VERB_AFTER_HEAD));
        let bare = first == title_first;
        // "Putin's spokesman", "the minister's chief of staff": an owner makes a singular
        // title a particular post, as an indefinite article does. A country's office
        // ("Britain's prime minister") is a well-known person's, named elsewhere.
        let owned = words
            .get(first..title_first)
            .unwrap_or_default()
            .iter()
            .any(|w| w.is(POSSESSIVE) && !w.is(NATIONALITY));
        let rejected = if indefinite_only {
            !(opened_by_indefinite || owned) || appositive
        } else {
            // A bare singular head is a predicate or adjective ("est responsable de").
            bare && (appositive || !crate::at_ref(words, h).key.ends_with('s'))
        };
        if rejected {
            continue;
        }
        // A second head after "and" joins the description.
        let mut last = h;
        if words.get(h + 1).is_some_and(|w| w.key == "and") {
            let mut j = h + 2;
            while j < words.len() && j < h + 5 && is_description_modifier(text, words, j) {
                j += 1;
            }
            if nominal_head(text, words, j, title_heads) == Some(false) {
                last = j;
            }
        }
        let complement = complement_end(text, words, last);
        let needs_body = crate::at_ref(words, h).is(BODY_ROLE);
        let end_word = match complement {
            Some(c) => c,
            None if needs_body => {
                resume = last + 1;
                continue;
            }
            None => last,
        };
        if needs_body
            && !words
                .get(last + 1..=end_word)
                .unwrap_or_default()
                .iter()
                .any(|w| w.is(PUBLIC_BODY))
        {
            resume = last + 1;
            continue;
        }
        // A complement ending in a bracketed acronym keeps its closing bracket.
        let end = match words.get(end_word + 1) {
            Some(close) if complement.is_some() && close.punct == b')' && !close.is(SPACED) => {
                close.end
            }
            _ => crate::at_ref(words, end_word).end,
        };
        let Some(phrase) = text.get(crate::at_ref(words, first).start..end) else {
            resume = last + 1;
            continue;
        };
        // `complement_end` ends on the acronym when one is bracketed after the body's name.
        let acronym_key = complement
            .filter(|&c| {
                c > 0
                    && crate::at_ref(words, c - 1).punct == b'('
                    && is_all_caps(crate::at_ref(words, c).written(text))
            })
            .map(|c| crate::at_ref(words, c).key.to_owned() + " " + crate::at_ref(words, last).key);
        nominals.push(Nominal {
            block,
            start: crate::at_ref(words, first).start,
            end,
            phrase: phrase.to_string(),
            key: phrase_key(words, first, last),
            position: *position,
            vague: is_vague_description(phrase),
            acronym_key,
        });
        *position += 1;
        resume = end_word + 1;
    }
}

/// Office titles too generic to describe an official on their own ("a team captain", "a
/// speaker at the conference", "business leaders").
const GENERIC_TITLES: &[u8] =
    word_list!("attorney captain chief deputy head leader premier rep representative speaker");

/// Words after a head that keep it a noun ("an official said", "a security official were
/// killed", "officials in Tunis"); any other lower-case word makes it an adjective ("an
/// official visit"). English words, then French, German and Spanish function words.
const WORDS_AFTER_NOUN_HEAD: &[u8] = word_list!(
    "also and are as at but by can close could did do does familiar for from had has have in \
    involved is may might must not of on or should speaking then to was were when which who \
    whose will with would before a au aux de del des du est et ont que qui sont und der die den \
    dem hat haben ist sind y en es son"
);

/// The first word of a listed multi-word office title ending at word `h` ("chief" of "chief of
/// staff"), when its words are lower case (capitalised, it is a name's title or a body).
fn multi_word_title_start(words: &[Word], h: usize) -> Option<usize> {
    let (start, official) = title_ending_at(words, h)?;
    (official
        && start < h
        && words
            .get(start..=h)
            .unwrap_or_default()
            .iter()
            .all(|w| !w.is(CAPITALISED)))
    .then_some(start)
}

/// Whether a word is a head noun, an office title (singular or plural) or ends a title phrase:
/// every head [`nominal_head`] accepts is one, and most words are settled by these bits alone.
#[inline]
fn may_head_nominal(w: &Word) -> bool {
    w.is(NOMINAL_HEAD | BODY_ROLE | OFFICE_TITLE | PLURAL_OFFICE_TITLE) || w.title.is_some()
}

/// German genitive articles: a title's "-s" after them is no plural ("des Bürgermeisters").
const GENITIVE_ARTICLES: &[u8] = word_list!("des eines");

/// Whether word `h` heads an unnamed official's description: `Some(true)` when it does only
/// after an indefinite article or an owner (a singular office title: "a minister", "Yoon's
/// chief of staff"), `Some(false)` when it does with any determiner ("officials", "the
/// generals"), `None` when it does not.
fn nominal_head(text: &str, words: &[Word], h: usize, title_heads: &[usize]) -> Option<bool> {
    let w = words.get(h)?;
    if !may_head_nominal(w)
        || !w.is(IS_WORD)
        || w.is(POSSESSIVE)
        || title_heads.binary_search(&h).is_ok()
    {
        return None;
    }
    let key = w.key;
    let indefinite_only = if w.is(NOMINAL_HEAD | BODY_ROLE) {
        false
    } else if w.is(PLURAL_OFFICE_TITLE)
        && !(h > 0 && crate::in_word_list(GENITIVE_ARTICLES, crate::at_ref(words, h - 1).key))
    {
        // (After "des" the "-s" is a German genitive, "des Bürgermeisters", not a plural.)
        // A bare plural title is a body's members in general ("police and prosecutors"); a
        // determiner or modifier makes it a group ("the generals", "three top commanders").
        let described = description_start(text, words, h) < h;
        if !described {
            return None;
        }
        false
    } else if (!w.is(CAPITALISED) && w.classes & (OFFICE_TITLE | GENERIC_TITLE) == OFFICE_TITLE)
        || multi_word_title_start(words, h).is_some()
    {
        true
    } else {
        return None;
    };
    if let Some(next) = words.get(h + 1) {
        // Only a singular head doubles as an adjective ("an official visit"); a plural one
        // is followed by its verb ("officials met").
        let noun_follows = !next.is(CAPITALISED)
            && !key.ends_with('s')
            && !next.key.ends_with("ed")
            && !next.is(SPEECH_VERB_AFTER_HEAD | WORD_AFTER_NOUN_HEAD);
        if next.is(IS_WORD) && next.is(SPACED) && (next.is(CAPITALISED) || noun_follows) {
            return None;
        }
    }
    Some(indefinite_only)
}

/// Whether word `j` may modify a description's head ("senior", "US", "State Department", "192").
fn is_description_modifier(text: &str, words: &[Word], j: usize) -> bool {
    let p = crate::at_ref(words, j);
    p.is(IS_WORD)
        && !p.is(POSSESSIVE)
        && (p.is(TITLE_MODIFIER | NATIONALITY)
            || (p.is(DIGITS) && p.written(text).bytes().all(|b| b.is_ascii_digit()))
            || (p.is(CAPITALISED) && !p.is(NON_NAME | HONORIFIC)))
}

/// The first word of the description whose head is word `h`: its modifiers and determiner.
fn description_start(text: &str, words: &[Word], h: usize) -> usize {
    let mut first = h;
    while first > 0 {
        if is_description_modifier(text, words, first - 1) {
            first -= 1;
        } else if is_attached_dot(words, first - 1)
            && first >= 2
            && crate::at_ref(words, first - 2).is(NATIONALITY)
        {
            first -= 2;
        } else {
            break;
        }
    }
    // An owner ("Yoon's", "the president's") takes a determiner's place; its own determiner
    // may come before it, and so may the rest of its name ("the Justice Department's", "New
    // York's"): the description names the post by its whole owner.
    if first > 0
        && crate::at_ref(words, first - 1).is(IS_WORD)
        && crate::at_ref(words, first - 1).is(POSSESSIVE)
    {
        first -= 1;
        let lowest = first.saturating_sub(MAX_OWNER_NAME_WORDS);
        // A capitalised function word ("But Yoon's …") is a sentence start, not a name; a
        // body's words ("State", "Department") may be listed as non-names yet modify titles.
        while first > lowest && {
            let w = crate::at_ref(words, first - 1);
            w.classes & (IS_WORD | CAPITALISED | POSSESSIVE) == IS_WORD | CAPITALISED
                && (!w.is(NON_NAME) || w.is(TITLE_MODIFIER))
        } {
            first -= 1;
        }
    }
    if first > 0
        && crate::at_ref(words, first - 1).is(IS_WORD)
        && crate::at_ref(words, first - 1).is(NOMINAL_DETERMINER)
    {
        first -= 1;
    }
    first
}

/// The most capitalised words an owner's name has before its possessive word ("the Federal
/// Bureau of Investigation's" is past it, and is rare).
const MAX_OWNER_NAME_WORDS: usize = 3;

/// Links from a description's head to the body it names ("lawmakers from the PPP").
const BODY_LINKS: &[u8] = word_list!("from of at");

/// Quantifiers of a complement that spans bodies ("of both parties").
const SPANNING_QUANTIFIERS: &[u8] = word_list!("both all");

/// Plural bodies a complement may span ("of both parties", "from all sides").
const SPANNED_BODIES: &[u8] = word_list!("chambers houses parties sides");

/// The last word of a complement naming the body after a head at `h` ("from the People Power
/// Party (PPP)", "of US Congress"): a link, an optional article and capitalised words, with an
/// acronym in brackets; or a link and the bodies it spans ("of both parties").
fn complement_end(text: &str, words: &[Word], h: usize) -> Option<usize> {
    let link = words.get(h + 1)?;
    if !crate::in_word_list(BODY_LINKS, link.key) {
        return None;
    }
    // "lawmakers of both parties", "senators from all sides": the group is drawn across the
    // bodies it names in general, and the phrase says so.
    if let (Some(all), Some(bodies)) = (words.get(h + 2), words.get(h + 3)) {
        if crate::in_word_list(SPANNING_QUANTIFIERS, all.key)
            && crate::in_word_list(SPANNED_BODIES, bodies.key)
        {
            return Some(h + 3);
        }
    }
    let mut j = h + 2;
    if words.get(j).is_some_and(|w| w.key == "the") {
        j += 1;
    }
    let mut end = None;
    while j < words.len() && j < h + 2 + MAX_COMPLEMENT_WORDS && crate::at_ref(words, j).is(IS_WORD)
    {
        if !crate::at_ref(words, j).is(CAPITALISED) {
            break;
        }
        end = Some(j);
        if crate::at_ref(words, j).is(POSSESSIVE) {
            break;
        }
        j += 1;
    }
    let end = end?;
    // "(PPP)": an acronym in brackets belongs to the body's name.
    match (words.get(end + 1), words.get(end + 2), words.get(end + 3)) {
        (Some(open), Some(acronym), Some(close))
            if open.punct == b'('
                && acronym.is(IS_WORD)
                && is_all_caps(acronym.written(text))
                && close.punct == b')' =>
        {
            Some(end + 2)
        }
        _ => Some(end),
    }
}

/// Quantifiers a description's key drops before its head, as it does determiners.
const KEY_QUANTIFIERS: &[u8] = word_list!("all other another one");

/// The identity of a description: its words without determiners, quantifiers and numbers,
/// lower case, so that "a senior official" and "the senior official", or "opposition
/// lawmakers" and "some other opposition lawmakers", are one description.
fn phrase_key(words: &[Word], first: usize, last: usize) -> String {
    // Written in one walk rather than the word keys collected and joined: a `collect` of its
    // own is code of its own in the wasm.
    let phrase = words.get(first..=last).unwrap_or_default();
    let mut left = phrase.iter().filter(|w| w.is(IS_WORD)).count();
    let mut key = String::new();
    let mut skipping = true;
    for w in phrase {
        if !w.is(IS_WORD) {
            continue;
        }
        left -= 1;
        // Determiners, quantifiers and numbers are dropped before the head, never the head.
        let p = w.key;
        if skipping
            && left > 0
            && (crate::in_word_list(NOMINAL_DETERMINERS, p)
                || crate::in_word_list(KEY_QUANTIFIERS, p)
                || p.chars().all(|c| c.is_ascii_digit()))
        {
            continue;
        }
        if !skipping {
            key.push(' ');
        }
        skipping = false;
        key.push_str(p);
    }
    key
}

// ---------------------------------------------------------------------------------------------
// Entities

/// Finds the people in an article's blocks.
pub fn find_people(blocks: &[Block]) -> People {
    find_people_with(blocks, &ArticleTokens::new(blocks))
}

/// [`find_people`] over the article's tokens as the analysis has them already.
pub fn find_people_with(blocks: &[Block], tokens: &ArticleTokens) -> People {
    let tokens_in_all = tokens.token_count();
    // Room for the name runs of a typical article at once (the fixture articles have about one
    // per 12 tokens, 1.3 parts each, and a distinct name key per 16 tokens), so that the lists
    // rarely grow: each growth copies them (a candidate is large), and each growth of the key
    // table re-places every key.
    let mut scan = Scan {
        name_keys: KeyTable::with_capacity(tokens_in_all / 16, tokens_in_all / 2),
        ..Scan::default()
    };
    scan.candidates.reserve(tokens_in_all / 8);
    scan.name_parts.reserve(tokens_in_all / 8);
    for (index, block) in blocks.iter().enumerate() {
        if matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::Headline | BlockKind::Heading | BlockKind::Caption
        ) {
            scan_block(index, block, tokens.block(index), &mut scan);
        }
    }
    let Scan {
        candidates,
        name_parts,
        name_keys,
        nominals,
        ..
    } = scan;

    // Whether candidate `c` may join group `g`: whether it and the group's first member may name
    // one person (see `compatible`).
    let fits_group = |groups: &Chains, g: usize, c: usize| {
        groups.first(g).is_some_and(|first| {
            compatible(
                crate::at_ref(&candidates, first),
                crate::at_ref(&candidates, c),
            )
        })
    };
    // Persons from runs with evidence; several words first so that surnames can refer to them.
    // Each group's candidates, and the groups by surname and by given name key, in the order
    // they were added.
    let mut groups = Chains::new(0, candidates.len());
    let mut by_surname = Chains::new(name_keys.len(), candidates.len());
    let mut by_given = Chains::new(name_keys.len(), candidates.len());
    let mut assigned: Vec<Option<usize>> = vec![None; candidates.len()];
    for (c, cand) in candidates.iter().enumerate() {
        let NameKeys { surname, given, .. } = cand.keys;
        if !cand.evidence || cand.parts.len() < 2 {
            continue;
        }
        let same = by_surname
            .iter(surname)
            .find(|&g| fits_group(&groups, g, c));
        let g = same.unwrap_or_else(|| {
            let g = groups.push_chain();
            by_surname.append(surname, g);
            by_given.append(given, g);
            g
        });
        groups.append(g, c);
        *crate::at_mut(&mut assigned, c) = Some(g);
    }
    // Single words and runs without evidence refer back to those persons; a single word with
    // its own evidence ("President Trump", "Mr. Reeves") is a person of its own.
    let mut last_seen: Vec<Option<usize>> = vec![None; groups.len()];
    for (c, cand) in candidates.iter().enumerate() {
        let NameKeys { surname, given, .. } = cand.keys;
        if let Some(g) = crate::at(&assigned, c) {
            *crate::at_mut(&mut last_seen, g) = Some(cand.position);
            continue;
        }
        let matches = |ids: &Chains, key: usize| -> Option<usize> {
            ids.iter(key)
                .max_by_key(|&g| crate::at(&last_seen, g).map_or(0, |p| p + 1))
        };
        let found = if cand.parts.len() == 1 {
            matches(&by_surname, surname).or_else(|| {
                // A family name written first ("Xi" for "Xi Jinping"); a known given name
                // alone ("Prince Charles") is someone else, not "Charles Walker".
                if cand.given_name {
                    return None;
                }
                matches(&by_given, given)
            })
        } else {
            matches(&by_surname, surname).filter(|&g| fits_group(&groups, g, c))
        };
        let g = match found {
            Some(g) => g,
            None if cand.evidence && (cand.parts.len() > 1 || cand.named_by_prefix) => {
                let g = groups.push_chain();
                last_seen.push(None);
                by_surname.append(surname, g);
                g
            }
            None => continue,
        };
        groups.append(g, c);
        *crate::at_mut(&mut assigned, c) = Some(g);
        *crate::at_mut(&mut last_seen, g) = Some(cand.position);
    }

    let home = home_country(&candidates, &assigned);
    let mut people = People::default();
    // Entities are numbered by first mention across persons and descriptions.
    let mut order: Vec<(usize, Entry)> = Vec::new();
    for g in 0..groups.len() {
        if let Some(first) = groups
            .iter(g)
            .map(|c| crate::at_ref(&candidates, c).position)
            .min()
        {
            order.push((first, Entry::Person(g)));
        }
    }
    let mut nominal_groups = Chains::new(0, nominals.len());
    let mut nominal_keys = KeyTable::new();
    // Acronym keys of groups already seen -> their group: "PPP lawmakers" after "Lawmakers
    // from the People Power Party (PPP)" is the same group.
    let mut acronym_groups = KeyTable::new();
    // Head noun -> the last group with that head: a bare plural ("Officials divulged …") met
    // for the first time refers back to the last group so headed ("American officials").
    let mut head_groups = KeyTable::new();
    for (n, nominal) in nominals.iter().enumerate() {
        let head = nominal.key.rsplit(' ').next().unwrap_or_default();
        let bare = !nominal.phrase.contains(char::is_whitespace) && head == nominal.key;
        let earlier_head = head_groups
            .get(head)
            .filter(|_| bare && nominal_keys.get(&nominal.key).is_none());
        let id = match acronym_groups.get(&nominal.key).or(earlier_head) {
            Some(group) => group as usize,
            None => nominal_keys.intern(&nominal.key),
        };
        if id == nominal_groups.len() {
            nominal_groups.push_chain();
        }
        nominal_groups.append(id, n);
        if let Some(acronym_key) = &nominal.acronym_key {
            acronym_groups.insert(acronym_key, id as u64);
        }
        head_groups.insert(head, id as u64);
    }
    for i in 0..nominal_groups.len() {
        if let Some(first) = nominal_groups.first(i) {
            order.push((crate::at_ref(&nominals, first).position, Entry::Nominal(i)));
        }
    }
    sort_by_u64_key(&mut order, |&(p, _)| p as u64);

    for (entity, &(_, entry)) in order.iter().enumerate() {
        match entry {
            Entry::Person(g) => {
                let members = groups.iter(g);
                let fullest = members
                    .clone()
                    .max_by_key(|&c| (crate::at_ref(&candidates, c).parts.len(), usize::MAX - c));
                let name = fullest
                    .map(|c| crate::at_ref(&candidates, c).display(&name_parts))
                    .unwrap_or_default();
                let title =
                    entity_title(members.clone().map(|c| crate::at_ref(&candidates, c)), home);
                let official = members.clone().any(|c| {
                    crate::at_ref(&candidates, c)
                        .title
                        .as_ref()
                        .is_some_and(|t| t.official)
                });
                people.entities.push(PersonEntity {
                    name,
                    named: true,
                    title,
                    official,
                });
                for c in members {
                    let cand = crate::at_ref(&candidates, c);
                    let kind = if cand.parts.len() >= 2 {
                        MentionKind::FullName
                    } else {
                        MentionKind::Surname
                    };
                    people.mentions.push(PersonMention {
                        block: cand.block,
                        start: cand.start,
                        end: cand.end,
                        entity,
                        kind,
                        title: cand.title.map(|t| t.text.to_string()),
                    });
                }
            }
            Entry::Nominal(i) => {
                let members = nominal_groups.iter(i);
                let Some(first) = members.clone().next() else {
                    continue;
                };
                let first = crate::at_ref(&nominals, first);
                // A group first described vaguely ("Many other officials …") and later
                // plainly ("Officials said") is an official group.
                people.entities.push(PersonEntity {
                    name: first.phrase.clone(),
                    named: false,
                    title: Some(first.phrase.clone()),
                    official: members.clone().any(|n| !crate::at_ref(&nominals, n).vague),
                });
                for n in members {
                    let nominal = crate::at_ref(&nominals, n);
                    people.mentions.push(PersonMention {
                        block: nominal.block,
                        start: nominal.start,
                        end: nominal.end,
                        entity,
                        kind: MentionKind::Nominal,
                        title: Some(nominal.phrase.clone()),
                    });
                }
            }
        }
    }
    // By block, then start: one stable sort by both, the start in the low 32 bits. A block of
    // 4 GiB or more (on a 64-bit build) would mis-order: the entry points cut a page's text at
    // the work budget, 1 MB ([`crate::WORK_BUDGET_BYTES`]), and in wasm offsets are 32 bits.
    sort_by_u64_key(&mut people.mentions, |m| {
        ((m.block as u64) << 32) | m.start as u64
    });
    people
}

/// Lists of indices (a group's candidates, the groups with one surname), each kept as a chain
/// through two index arrays rather than a `Vec` of its own: the lists are short and many, and a
/// `Vec` each was an allocation per list, besides a clone and a drop per list made empty up
/// front. An index is appended to at most one list of a `Chains`.
struct Chains {
    /// Each list's first and last index ([`Chains::NONE`] when empty).
    ends: Vec<(usize, usize)>,
    /// The index after each index in its list ([`Chains::NONE`] after the last).
    next: Vec<usize>,
}

impl Chains {
    /// The end of a chain.
    const NONE: usize = usize::MAX;

    /// `lists` empty lists of indices below `indices`.
    fn new(lists: usize, indices: usize) -> Chains {
        Chains {
            ends: vec![(Chains::NONE, Chains::NONE); lists],
            next: vec![Chains::NONE; indices],
        }
    }

    /// The number of lists.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds an empty list; its number.
    fn push_chain(&mut self) -> usize {
        self.ends.push((Chains::NONE, Chains::NONE));
        self.ends.len() - 1
    }

    /// Appends `index`, in no list yet, to list `list`.
    fn append(&mut self, list: usize, index: usize) {
        let (first, last) = crate::at_mut(&mut self.ends, list);
        match self.next.get_mut(*last) {
            Some(after_last) => *after_last = index,
            None => *first = index,
        }
        *last = index;
    }

    /// The first index of list `list`. Always inlined: the grouping asks it of each group it
    /// tries a candidate against.
    #[inline(always)]
    fn first(&self, list: usize) -> Option<usize> {
        self.ends
            .get(list)
            .map(|&(first, _)| first)
            .filter(|&first| first != Chains::NONE)
    }

    /// The indices of list `list`, in the order they were appended.
    fn iter(&self, list: usize) -> ChainIter<'_> {
        ChainIter {
            next: &self.next,
            at: self
                .ends
                .get(list)
                .map_or(Chains::NONE, |&(first, _)| first),
        }
    }
}

/// The indices of one list of a [`Chains`], in order: an iterator of its own, whose step is
/// inlined, rather than `core::iter::successors`, whose step (its `Option` state and closure)
/// was a call per index in the grouping loops.
#[derive(Clone)]
struct ChainIter<'c> {
    /// The chains' links ([`Chains::next`]).
    next: &'c [usize],
    /// The index to yield next ([`Chains::NONE`] when done).
    at: usize,
}

impl Iterator for ChainIter<'_> {
    type Item = usize;

    /// Always inlined: a step is a few instructions, fewer than a call, and it also makes the
    /// wasm smaller.
    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        let i = self.at;
        if i == Chains::NONE {
            return None;
        }
        self.at = self.next.get(i).copied().unwrap_or(Chains::NONE);
        Some(i)
    }
}

/// What an entity number stands for while entities are ordered.
#[derive(Clone, Copy)]
enum Entry {
    Person(usize),
    Nominal(usize),
}

/// A candidate's name keys as [`scan_block`] numbers them: equal keys, equal numbers.
#[derive(Clone, Copy, Debug)]
struct NameKeys {
    /// The number of the surname's key (the last part's).
    surname: usize,
    /// The number of the given name's key (the first part's).
    given: usize,
    /// The given name key's first character.
    given_initial: Option<char>,
    /// Whether the given name's key is that one character (an initial).
    given_is_initial: bool,
}

/// Whether two runs with the same surname name the same person: same given name, one given
/// name an initial of the other, or one run a single word.
fn compatible(a: &Candidate, b: &Candidate) -> bool {
    if a.parts.len() < 2 || b.parts.len() < 2 {
        return true;
    }
    let (ka, kb) = (&a.keys, &b.keys);
    ka.given == kb.given
        || ka.given_initial == kb.given_initial && (ka.given_is_initial || kb.given_is_initial)
}

/// The article's own country: the nationality that leads most titles, when it leads at least
/// two and clearly more than any other. Reporters drop their own country's name in their own
/// officials' titles ("Secretary of State Antony Blinken" in a US story) but keep a foreign one
/// ("Chinese President Xi Jinping"), so the home nationality is dropped from named officials'
/// titles and foreign ones are kept.
fn home_country(candidates: &[Candidate], assigned: &[Option<usize>]) -> Option<&'static str> {
    let mut countries = KeyTable::new();
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for (cand, g) in candidates.iter().zip(assigned) {
        if g.is_none() {
            continue;
        }
        if let Some((_, country)) = cand.title.and_then(|t| t.without_nationality) {
            let id = countries.intern(country);
            if id == counts.len() {
                counts.push((country, 0));
            }
            crate::at_mut(&mut counts, id).1 += 1;
        }
    }
    let top = counts.iter().map(|&(_, n)| n).max()?;
    let mut leaders = counts.iter().filter(|&&(_, n)| n == top);
    match (leaders.next(), leaders.next()) {
        (Some(&(country, _)), None) if top >= 2 => Some(country),
        _ => None,
    }
}

/// An entity's title: the one beside its first full-name mention in body text that has one
/// (captions only when the body gives none), without the article's home nationality.
fn entity_title<'c>(
    members: impl Iterator<Item = &'c Candidate<'c>> + Clone,
    home: Option<&str>,
) -> Option<String> {
    let rank = |c: &Candidate| (!c.body, c.parts.len() < 2, c.position);
    let best = members
        .filter(|c| c.title.is_some())
        .min_by_key(|c| rank(c))?;
    let title = best.title?;
    match (title.without_nationality, home) {
        (Some((rest, country)), Some(home)) if country == home && !rest.is_empty() => {
            Some(rest.to_string())
        }
        _ => Some(title.text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particle_prefixed_names() {
        // (word, whether it is a name with a particle prefix)
        let cases: &[(&str, bool)] = &[
            ("al-Bashir", true),
            ("el-Sisi", true),
            ("van-Émile", true),
            ("al-bashir", false),
            ("well-known", false),
            ("Well-Known", false),
            ("al", false),
            ("al-", false),
            ("-Bashir", false),
            ("", false),
        ];
        for &(word, expected) in cases {
            assert_eq!(
                is_particle_prefixed(word, shape_of(word)),
                expected,
                "{word}"
            );
        }
    }

    fn people_of(paragraphs: &[&str]) -> People {
        let blocks: Vec<Block> = paragraphs
            .iter()
            .map(|p| Block::new(BlockKind::Paragraph, *p))
            .collect();
        find_people(&blocks)
    }

    fn named(people: &People) -> Vec<(String, Option<String>)> {
        people
            .entities
            .iter()
            .filter(|e| e.named)
            .map(|e| (e.name.clone(), e.title.clone()))
            .collect()
    }

    /// Expected (name, title) pairs.
    type NamedPeople = &'static [(&'static str, Option<&'static str>)];

    #[test]
    fn names_with_evidence_become_people() {
        // (paragraphs, expected named people with titles)
        let cases: &[(&[&str], NamedPeople)] = &[
            (
                &["Chinese President Xi Jinping met students."],
                &[("Xi Jinping", Some("Chinese President"))],
            ),
            (
                &["Ursula von der Leyen spoke in Brussels on Monday."],
                &[("Ursula von der Leyen", None)],
            ),
            (
                &["The photo shows Antonin UTZ at work."],
                &[("Antonin Utz", None)],
            ),
            (
                &["Sen. Elizabeth Warren spoke."],
                &[("Elizabeth Warren", Some("Sen."))],
            ),
            (
                &["Omar Hassan al-Bashir, Sudan’s president, left."],
                &[("Omar Hassan al-Bashir", Some("Sudan’s president"))],
            ),
            (
                &["Sudan’s president, Omar Hassan al-Bashir, left."],
                &[("Omar Hassan al-Bashir", Some("Sudan’s president"))],
            ),
            (
                &["Donald J. Trump won.", "Donald Trump said so."],
                &[("Donald J. Trump", None)],
            ),
            (&["“No,” said Mr. Reeves, who left."], &[("Reeves", None)]),
            (
                &["Yun Sun, a researcher at the Stimson Center based in Washington, agrees."],
                &[("Yun Sun", Some("researcher at the Stimson Center"))],
            ),
            // Roles of politics' trade and of Portuguese news title a person too.
            (
                &["Dana Lee, a strategist at the firm, agrees."],
                &[("Dana Lee", Some("strategist at the firm"))],
            ),
            (
                &["“Go,” said pollster Ann Selzer."],
                &[("Ann Selzer", Some("pollster"))],
            ),
            (
                &["“Vamos”, disse o técnico Adenor Bachi."],
                &[("Adenor Bachi", Some("técnico"))],
            ),
            (
                &["“Go,” said Chinese foreign ministry spokesperson Geng Shuang."],
                &[("Geng Shuang", Some("Chinese foreign ministry spokesperson"))],
            ),
            (
                &["Condor-Sprecherin Magdalena Hauser berichtet."],
                &[("Magdalena Hauser", Some("Condor-Sprecherin"))],
            ),
            (
                &["Chief Justice Debra Stephens ruled."],
                &[("Debra Stephens", Some("Chief Justice"))],
            ),
            (
                &["Bob Alverson, head of the Fishing Vessel Owners Association, agreed."],
                &[(
                    "Bob Alverson",
                    Some("head of the Fishing Vessel Owners Association"),
                )],
            ),
            (
                &[
                    "South Korean President Yoon Suk Yeol declared martial law.",
                    "Yoon apologised.",
                ],
                &[("Yoon Suk Yeol", Some("South Korean President"))],
            ),
        ];
        for &(paragraphs, want) in cases {
            let got = named(&people_of(paragraphs));
            let want: Vec<(String, Option<String>)> = want
                .iter()
                .map(|(n, t)| (n.to_string(), t.map(str::to_string)))
                .collect();
            assert_eq!(got, want, "{paragraphs:?}");
        }
    }

    #[test]
    fn capitalised_runs_without_evidence_are_not_people() {
        let cases: &[&str] = &[
            "The Biden administration met in San Francisco on Wednesday.",
            "Sino-American relations improved in Shanghai.",
            "In November, Tik Tok was sold to ByteDance.",
            "He works at the Stimson Center in Washington.",
            "Asia-Pacific Economic Cooperation (APEC) Leaders' Week ended.",
            "Another source of friction is the US Congress.",
            "Piktogramme, Sprecher der Firma, zeigen es.",
            "Trump pointed to Twitter, Trump pointed to the former mayor’s lavish gifts, said he.",
            "The Prince’s Trust gave money.",
        ];
        for &text in cases {
            assert_eq!(named(&people_of(&[text])), vec![], "{text:?}");
        }
    }

    #[test]
    fn surnames_and_honorifics_merge_with_the_full_name() {
        let people = people_of(&[
            "American Secretary of State Antony Blinken is in China.",
            "These have attenuated since Mr. Blinken's visit.",
            "Blinken said Friday that it was good.",
            "Joe Biden met Chinese President Xi Jinping. Mr. Xi smiled.",
        ]);
        let names: Vec<&str> = people.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Antony Blinken", "Joe Biden", "Xi Jinping"]);
        let per_entity: Vec<usize> = (0..3)
            .map(|e| people.mentions.iter().filter(|m| m.entity == e).count())
            .collect();
        assert_eq!(per_entity, [3, 1, 2]);
        let blinken = &people.mentions[1];
        assert_eq!(
            &"These have attenuated since Mr. Blinken's visit."[blinken.start..blinken.end],
            "Blinken"
        );
        assert_eq!(blinken.kind, MentionKind::Surname);
    }

    #[test]
    fn unnamed_officials_are_nominal_people() {
        // (paragraph, expected descriptions)
        let cases: &[(&str, &[&str])] = &[
            (
                "It was fine, noted a senior American official before the visit.",
                &["a senior American official"],
            ),
            (
                "According to a senior US State Department official, it works.",
                &["a senior US State Department official"],
            ),
            (
                "Two administration officials said it was over.",
                &["Two administration officials"],
            ),
            (
                "The police said so, a police spokesperson added.",
                &["a police spokesperson"],
            ),
            ("The spokesperson, Geng Shuang, declined.", &[]),
            ("It was an official visit with official statements.", &[]),
            ("Officials said the road was closed.", &["Officials"]),
            // An owner makes a singular or multi-word title a particular post; a country's
            // office and a bare definite title refer to a person named elsewhere.
            (
                "The mayor's spokesman and Okafor’s chief of staff resigned.",
                &["The mayor's spokesman", "Okafor’s chief of staff"],
            ),
            (
                "A deputy chief of staff said it was over.",
                &["A deputy chief of staff"],
            ),
            ("Norway's prime minister and the chief of staff met.", &[]),
        ];
        for &(text, want) in cases {
            let people = people_of(&[text]);
            let got: Vec<&str> = people
                .entities
                .iter()
                .filter(|e| !e.named)
                .map(|e| e.name.as_str())
                .collect();
            assert_eq!(got, want, "{text:?}");
            assert!(people
                .entities
                .iter()
                .filter(|e| !e.named)
                .all(|e| e.official));
        }
    }

    #[test]
    fn home_nationality_is_dropped_from_titles() {
        let people = people_of(&[
            "American Secretary of State Antony Blinken is in China.",
            "A key issue for President Joe Biden.",
            "Joe Biden met Chinese President Xi Jinping.",
            "US Treasury Secretary Janet Yellen visited.",
        ]);
        let got = named(&people);
        let want = [
            ("Antony Blinken", "Secretary of State"),
            ("Joe Biden", "President"),
            ("Xi Jinping", "Chinese President"),
            ("Janet Yellen", "Treasury Secretary"),
        ];
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(n, t)| (n.to_string(), Some(t.to_string())))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn lexicon_files_are_sorted_and_unique() {
        // Lookups are binary searches over the file order, so every file must stay sorted by
        // normalised key without duplicates, and keep its header.
        let files: &[(&str, &str)] = &[
            ("titles", include_str!("../lexicon/titles.txt")),
            ("roles", include_str!("../lexicon/roles.txt")),
            (
                "nationalities",
                include_str!("../lexicon/nationalities.txt"),
            ),
            ("honorifics", include_str!("../lexicon/honorifics.txt")),
            ("names-first", include_str!("../lexicon/names-first.txt")),
            ("nonnames", include_str!("../lexicon/nonnames.txt")),
            (
                "title-modifiers",
                include_str!("../lexicon/title-modifiers.txt"),
            ),
            (
                "officials-nominal",
                include_str!("../lexicon/officials-nominal.txt"),
            ),
            ("agencies", include_str!("../lexicon/agencies.txt")),
            ("parties", include_str!("../lexicon/parties.txt")),
            (
                "credit-placeholders",
                include_str!("../lexicon/credit-placeholders.txt"),
            ),
        ];
        for &(name, data) in files {
            assert!(data.starts_with('#'), "{name}: header");
            let lexicon = Lexicon::parse(data);
            for pair in lexicon.entries.windows(2) {
                assert!(
                    pair[0].0 < pair[1].0,
                    "{name}: {:?} before {:?}",
                    pair[0].0,
                    pair[1].0
                );
            }
        }
    }

    #[test]
    fn phrase_keys_drop_what_comes_before_the_head() {
        // (description, expected key of all its words)
        let cases: &[(&str, &str)] = &[
            ("a senior official", "senior official"),
            ("the two other officials", "officials"),
            ("some 12 lawmakers", "lawmakers"),
            ("Many other Officials", "officials"),
            ("the U.S. officials", "us officials"),
            ("senior the officials", "senior the officials"),
            ("the", "the"),
            ("", ""),
        ];
        for &(text, want) in cases {
            let mut keys = WordKeys::default();
            let (words, _) = words_of(text, &crate::text::tokenize(text), &mut keys);
            let last = words.len().saturating_sub(1);
            assert_eq!(phrase_key(&words, 0, last), want, "{text:?}");
        }
    }

    #[test]
    fn word_byte_helpers_agree_with_their_character_forms() {
        // (word, without possessive, starts upper, shape bits)
        let cases: &[(&str, &str, bool, u8)] = &[
            ("", "", false, 0),
            ("said", "said", false, 0),
            ("Biden's", "Biden", true, SHAPE_UPPER),
            ("Biden’s", "Biden", true, SHAPE_UPPER | SHAPE_NON_ASCII),
            ("BIDEN'S", "BIDEN", true, SHAPE_UPPER),
            ("'s", "'s", false, 0),
            ("’S", "’S", false, SHAPE_UPPER | SHAPE_NON_ASCII),
            ("bus", "bus", false, 0),
            ("Élysée", "Élysée", true, SHAPE_NON_ASCII),
            ("état", "état", false, SHAPE_NON_ASCII),
            ("al-Bashir", "al-Bashir", false, SHAPE_UPPER | SHAPE_DASH),
            ("co-owner", "co-owner", false, SHAPE_DASH),
            ("covid-19", "covid-19", false, SHAPE_DASH | SHAPE_DIGIT),
            ("u.s", "u.s", false, SHAPE_DOT),
        ];
        for &(word, stem, upper, shape) in cases {
            assert_eq!(strip_possessive(word), stem, "{word:?}");
            assert_eq!(starts_upper(word), upper, "{word:?}");
            assert_eq!(shape_of(word), shape, "{word:?}");
            // Oracles: the suffix and character forms these replace.
            let by_suffix = ["'s", "’s", "'S", "’S"]
                .iter()
                .find_map(|s| word.strip_suffix(s).filter(|stem| !stem.is_empty()))
                .unwrap_or(word);
            assert_eq!(strip_possessive(word), by_suffix, "{word:?}");
            let normal = word
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'.');
            assert_eq!(shape & SHAPE_NOT_NORMAL == 0, normal, "{word:?}");
            let plain = word.bytes().all(|b| b.is_ascii() && b != b'.');
            assert_eq!(shape & SHAPE_SPECIAL == 0, plain, "{word:?}");
            let first_upper = word.chars().next().is_some_and(char::is_uppercase);
            assert_eq!(upper, first_upper, "{word:?}");
        }
    }

    #[test]
    fn plural_office_titles_are_classed_as_their_singulars_decide() {
        // (word key, expected plural of an office title)
        let cases: &[(&str, bool)] = &[
            ("ministers", true),
            ("secretaries", true),
            ("senators", true),
            ("minister", false),
            ("leaders", false),
            ("bosses", false),
            ("ies", false),
            ("s", false),
            ("officials", true),
        ];
        // Oracle: the singular found by stripping the ending, looked up.
        let by_stripping = |key: &str| {
            let singular = match key.strip_suffix("ies") {
                Some(stem) => format!("{stem}y"),
                None => match key.strip_suffix('s') {
                    Some(stem) if !stem.ends_with('s') => stem.to_string(),
                    _ => return false,
                },
            };
            singular.len() >= 3
                && classes_of(&singular) & (OFFICE_TITLE | GENERIC_TITLE) == OFFICE_TITLE
        };
        for &(key, want) in cases {
            assert_eq!(classes_of(key) & PLURAL_OFFICE_TITLE != 0, want, "{key:?}");
            assert_eq!(by_stripping(key), want, "{key:?}");
        }
        // Every one-word title's "-s", "-es" and "-ies" forms agree with the oracle (a word's key
        // never has a space).
        let one_word = official_titles().keys().chain(roles().keys());
        for title in one_word.filter(|t| !t.as_bytes().contains(&b' ')) {
            let stem = title.strip_suffix('y').unwrap_or(title);
            for key in [
                format!("{title}s"),
                format!("{title}es"),
                format!("{stem}ies"),
            ] {
                let classed = classes_of(&key) & PLURAL_OFFICE_TITLE != 0;
                assert_eq!(classed, by_stripping(&key), "{key:?}");
            }
        }
    }

    #[test]
    fn punctuation_is_in_no_word_class() {
        // `words_of` looks no punctuation token up: every listed key must start with a word
        // character, so that no single punctuation character is a key.
        let lexicons = [
            non_names(),
            honorifics(),
            nationalities(),
            official_titles(),
            roles(),
            title_modifiers(),
            nominal_heads(),
            given_names(),
            parties(),
        ];
        let lists = [
            NAME_PARTICLES,
            APPOSITIVE_LINKS,
            PUBLIC_BODIES,
            BODY_ROLES,
            NOMINAL_DETERMINERS,
            ATTRIBUTIVE_HEADS,
            SPEECH_VERBS_AFTER_HEAD,
            WORDS_AFTER_NOUN_HEAD,
            GENERIC_TITLES,
            CLAUSE_WORDS,
            INDEFINITES,
            COMPLEMENT_LINKS,
        ];
        let keys = lexicons
            .iter()
            .flat_map(|l| l.keys())
            .chain(lists.iter().flat_map(|l| crate::text::listed_words(l)));
        for key in keys {
            let first = crate::text::tokens(key).next().map(|t| t.kind);
            assert_eq!(first, Some(TokenKind::Word), "{key:?}");
        }
    }

    #[test]
    fn compound_titles_end_in_a_listed_office() {
        /// A title ending at a word: (index of its first word, whether it is official).
        type Title = Option<(usize, bool)>;
        // (text, word index, expected title ending there)
        let cases: &[(&str, usize, Title)] = &[
            ("Arbeitsminister Hubertus Heil", 0, Some((0, true))),
            ("Landesbürgermeisterin sagte", 0, Some((0, true))),
            ("Ringleader Smith", 0, None),
            ("Washington said", 0, None),
            ("the Administration said", 1, None),
            ("arbeitsminister Heil", 0, None),
        ];
        for &(text, k, want) in cases {
            let tokens: Vec<Token> = crate::text::tokens(text).collect();
            let mut keys = WordKeys::default();
            let (words, _) = words_of(text, &tokens, &mut keys);
            assert_eq!(title_ending_at(&words, k), want, "{text:?}");
        }
    }

    #[test]
    fn all_caps_words_are_title_cased() {
        // (word, whether it is all caps, its title case)
        let cases: &[(&str, bool, &str)] = &[
            ("UTZ", true, "Utz"),
            ("DONG-HOON", true, "Dong-Hoon"),
            ("Utz", false, "Utz"),
            ("A", false, "A"),
            ("A1", false, "A1"),
            ("US", true, "Us"),
            ("ÉTAT", true, "État"),
            ("État", false, "État"),
            ("", false, ""),
        ];
        for &(word, caps, title) in cases {
            assert_eq!(is_all_caps(word), caps, "{word:?}");
            assert_eq!(title_case(word), title, "{word:?}");
        }
    }

    #[test]
    fn only_words_that_may_end_a_title_or_name_are_looked_at() {
        let cases: &[(&str, bool)] = &[
            ("minister", true),
            ("ministers", true),
            ("spokesperson", true),
            ("Smith", true),
            ("Arbeitsminister", true),
            ("co-founder", true),
            ("said", false),
            ("yesterday", false),
            ("3", false),
            (",", false),
        ];
        for &(text, want) in cases {
            let mut keys = WordKeys::default();
            let (words, _) = words_of(text, &crate::text::tokenize(text), &mut keys);
            assert_eq!(may_end_title_or_name(&words[0]), want, "{text:?}");
        }
    }

    #[test]
    fn keys_of_latin_1_small_letters_are_lowered_in_place() {
        let cases: &[(&str, bool)] = &[
            ("", true),
            ("Smith", true),
            ("für", true),
            ("Über", false),
            ("Straße", true),
            ("Élysée", false),
            ("éÿ", true),
            ("U.S", false),
            ("don’t", false),
            ("Łódź", false),
            ("é", true),
        ];
        for &(word, want) in cases {
            assert_eq!(key_is_ascii_lowered(word), want, "{word:?}");
        }
    }

    proptest::proptest! {
        /// A word `key_is_ascii_lowered` accepts has the key `normalize` gives it.
        #[test]
        fn in_place_keys_match_normalize(word in "[A-Za-zÀÉÞßàéÿ×÷ŁłΩ.’'-]{0,8}") {
            if key_is_ascii_lowered(&word) {
                proptest::prop_assert_eq!(word.to_ascii_lowercase(), normalize(&word));
            }
        }

        /// A word `may_end_title_or_name` passes over ends no title and is no name word, as
        /// the full look finds: skipping it changes no word.
        #[test]
        fn skipped_words_end_no_title_and_are_no_name_words(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the", "said", "secretary", "of", "state", "Secretary", "State", "prime",
                    "Prime", "minister", "Minister", "ministers", "co-founder", "Vice-President",
                    "Smith", "John", "U.S.", "al-Assad", "Arbeitsminister", "officials", "a",
                    "chief", "executive", "Chief", "Justice", "’s", "'s", ",", ".", "3", "für",
                    "spokesman", "lawmakers", "police", "iPhone", "McCain's", "Élysée",
                ]),
                0..12,
            )
        ) {
            let text = parts.join(" ");
            let mut keys = WordKeys::default();
            let (words, looked_at) = words_of(&text, &crate::text::tokenize(&text), &mut keys);
            let mut phrase = String::new();
            for k in 0..words.len() {
                // The list of words looked at again, which the name scan walks, misses none.
                proptest::prop_assert_eq!(looked_at.contains(&k), looked_at_again(&words[k]));
                proptest::prop_assert!(!may_head_nominal(&words[k]) || looked_at.contains(&k));
                let title = find_title_ending_at(&words, k, &mut phrase);
                proptest::prop_assert_eq!(title_ending_at(&words, k), title);
                let mut full = words[k];
                full.title = title.map(|(first, official)| (first as u32, official));
                proptest::prop_assert_eq!(words[k].is(NAME_WORD), can_be_name_word(&full, &text));
                // Every word's key is its lookup form, wherever it was found.
                if words[k].is(IS_WORD) {
                    proptest::prop_assert_eq!(words[k].key, normalize(words[k].written(&text)));
                }
            }
        }
    }

    proptest::proptest! {
        /// The byte fast paths of `is_all_caps` and of the lookup form agree with their
        /// character forms on any word.
        #[test]
        fn word_fast_paths_match_their_character_forms(word in "[A-Za-zÉéß.’'0-9-]{0,8}") {
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let caps = letters >= 2 && !word.chars().any(char::is_lowercase);
            proptest::prop_assert_eq!(is_all_caps(&word), caps);
            let key: String = word
                .chars()
                .filter(|&c| c != '.')
                .map(|c| if c == '’' { '\'' } else { lower_char(c) })
                .collect();
            proptest::prop_assert_eq!(normalize(&word), key);
            // `scan_block` keys a name part by its word's key: title-casing changes no key.
            proptest::prop_assert_eq!(normalize(&title_case(&word)), normalize(&word));
        }

        /// No word, possessive ending cut off or not, ends in a dot: `scan_block` tells a name
        /// run's trailing initial (whose part ends in its dot) by the mark its run ends at.
        #[test]
        fn no_word_ends_in_a_dot(text in "[A-Za-zÉé.’' -]{0,16}") {
            let mut keys = WordKeys::default();
            let (words, _) = words_of(&text, &crate::text::tokenize(&text), &mut keys);
            for w in words.iter().filter(|w| w.is(IS_WORD)) {
                proptest::prop_assert!(!w.written(&text).ends_with('.'), "{:?}", w);
            }
        }
    }

    proptest::proptest! {
        /// Chains list the indices appended to each list in order, as a `Vec` per list would.
        #[test]
        fn chains_keep_each_list_in_order(
            lists in proptest::collection::vec(0usize..4, 0..40),
            made_later in 0usize..3,
        ) {
            let mut chains = Chains::new(2, lists.len());
            let mut vecs: Vec<Vec<usize>> = vec![Vec::new(); 2];
            for _ in 0..made_later {
                proptest::prop_assert_eq!(chains.push_chain(), vecs.len());
                vecs.push(Vec::new());
            }
            for (index, &list) in lists.iter().enumerate() {
                let list = list % vecs.len();
                chains.append(list, index);
                vecs[list].push(index);
            }
            proptest::prop_assert_eq!(chains.len(), vecs.len());
            for (list, expected) in vecs.iter().enumerate() {
                proptest::prop_assert_eq!(&chains.iter(list).collect::<Vec<_>>(), expected);
                proptest::prop_assert_eq!(chains.first(list), expected.first().copied());
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let cases: &[&str] = &[
            "",
            ".",
            "Mr.",
            "Mr. ",
            "’s",
            "Sen. ,",
            "A. B. C.",
            "😀 Mr. 😀",
            "President",
            "officials",
            ", a",
            "R.",
        ];
        for &text in cases {
            let _ = people_of(&[text]);
        }
    }
}
