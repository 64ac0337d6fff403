//! Speakers: who said each quotation, and which clauses report someone's words.
//!
//! A quotation is attributed by the cue next to it, in any order (“Q,” said S / “Q,” S said /
//! S said: “Q” / S said that … “Q”), the subject found as a person mention, a pronoun or a noun
//! phrase, with an appositive skipped (“S, a researcher at X, said”); an impersonal cue („…“,
//! heißt es) takes the agent beside it or the body its passage is about. Pronouns go to the last
//! speaker unless a new person has since become a sentence subject; a quotation without a cue
//! takes the speaker of its paragraph's other quotations, or of the previous paragraph when the
//! paragraph is nothing but quotation. Each block is read a bounded number of times: linear.

use crate::prelude::*;
use alloc::borrow::Cow;
use core::num::NonZeroUsize;

use super::cues::{self, find_cues, normalize, normalize_shaped, Cue, Normal, Tier};
use super::people::{self, MentionKind, People};
use super::quotes::{
    carries_quotes, follows_mention_word, is_set_off, push_quotation_text, quotation_text, Piece,
    Quotation,
};
use crate::report::QuoteKind;
use crate::text::{
    count_alphanumeric_words, starts_upper, whitespace_words, ArticleTokens, Block, BlockKind,
    KeyTable, Token, TokenKind, WordClassTable,
};

/// Who a speaker is: a person found by the people finder, or a noun phrase the article uses
/// for a body or a group ("the White House", "officials"), keyed by its lower-case words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpeakerRef {
    /// Index into [`People::entities`].
    Person(usize),
    /// Lower-cased phrase without its determiner.
    Phrase(String),
}

/// A phrase speaker as the article first writes it, with where it is mentioned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseSpeaker {
    /// The phrase as first written, determiner included.
    pub display: String,
    /// Whether the phrase is a proper name.
    pub named: bool,
    /// (block, start byte, end byte) of each mention.
    pub mentions: Vec<(usize, usize, usize)>,
}

/// A direct or indirect quote with its attribution, before the report is assembled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributedQuote {
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// The quoted content.
    pub text: String,
    /// (block, start byte, end byte) of each piece of content.
    pub pieces: Vec<(usize, usize, usize)>,
    /// Who said it.
    pub speaker: Option<SpeakerRef>,
    /// Whether the speaker is a person reached through a description at the quote's own cue
    /// ("the president said"), rather than named there or reached through a pronoun or a
    /// neighbouring quote: a description can point to a known person from anywhere in the text.
    pub described: bool,
    /// The cue as written.
    pub cue: Option<String>,
}

/// Everything attribution found.
#[derive(Clone, Debug, Default)]
pub struct Attribution {
    /// Quotes in reading order.
    pub quotes: Vec<AttributedQuote>,
    /// Phrase speakers by key.
    pub phrases: PhraseSpeakers,
    /// Titles learnt from appositives ("Yun Sun, a researcher at the Stimson Center, said"), by
    /// person entity.
    pub appositive_titles: AppositiveTitles,
}

/// Phrase speakers by key: a [`KeyTable`] numbering the keys and the speakers in that order,
/// rather than a `HashMap<String, PhraseSpeaker>`, whose instantiation costs the wasm build size.
#[derive(Clone, Debug, Default)]
pub struct PhraseSpeakers {
    /// Key -> index into `speakers`.
    keys: KeyTable,
    /// Each key's speaker, in the order the keys were first seen.
    speakers: Vec<(String, PhraseSpeaker)>,
}

impl PhraseSpeakers {
    /// The speaker of `key`.
    pub fn get(&self, key: &str) -> Option<&PhraseSpeaker> {
        let index = usize::try_from(self.keys.get(key)?).ok()?;
        self.speakers.get(index).map(|(_, speaker)| speaker)
    }

    /// The speaker of `key`, `speaker` when the key is new.
    pub fn or_insert(&mut self, key: &str, speaker: PhraseSpeaker) -> &mut PhraseSpeaker {
        let index = match self.keys.get(key).and_then(|i| usize::try_from(i).ok()) {
            Some(index) if index < self.speakers.len() => index,
            _ => {
                self.keys.insert(key, self.speakers.len() as u64);
                self.speakers.push((key.to_owned(), speaker));
                self.speakers.len() - 1
            }
        };
        &mut crate::at_mut(&mut self.speakers, index).1
    }

    /// Every (key, speaker), in the order the keys were first seen.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &PhraseSpeaker)> {
        self.speakers
            .iter()
            .map(|(key, speaker)| (key.as_str(), speaker))
    }

    /// Adds the speakers of `other` whose keys are new here: for a key both have, this table's
    /// speaker stays.
    pub fn merge(&mut self, other: PhraseSpeakers) {
        for (key, speaker) in other.speakers {
            self.or_insert(&key, speaker);
        }
    }
}

/// Titles learnt from appositives, by person entity: a plain table indexed by entity rather than
/// a `HashMap<usize, String>`, whose instantiation costs the wasm build size.
#[derive(Clone, Debug, Default)]
pub struct AppositiveTitles {
    /// The title of each person, by entity (`None` until learnt).
    titles: Vec<Option<String>>,
}

impl AppositiveTitles {
    /// The title learnt for `entity`.
    pub fn get(&self, entity: usize) -> Option<&str> {
        self.titles.get(entity)?.as_deref()
    }

    /// Records `title` for `entity` unless it has one already.
    pub fn or_insert(&mut self, entity: usize, title: String) {
        if entity >= self.titles.len() {
            self.titles.resize(entity + 1, None);
        }
        crate::at_mut(&mut self.titles, entity).get_or_insert(title);
    }

    /// Adds the titles of `other` for entities without one here.
    pub fn merge(&mut self, other: AppositiveTitles) {
        for (entity, title) in other.titles.into_iter().enumerate() {
            if let Some(title) = title {
                self.or_insert(entity, title);
            }
        }
    }
}

/// Grammatical gender a pronoun asks of its antecedent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
    Unknown,
    /// A body or a group ("the White House", "officials"): never "he" or "she".
    Group,
}

impl Gender {
    /// Every gender, in declaration order: the code a [`Genders`] table stores maps back here.
    const ALL: [Gender; 4] = [Gender::Male, Gender::Female, Gender::Unknown, Gender::Group];

    fn fits(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }
}

/// A `u64` value per speaker: people by entity, phrase speakers by key. Two plain tables rather
/// than a `HashMap<SpeakerRef, _>`, whose instantiation costs the wasm build size.
#[derive(Debug, Default)]
pub struct SpeakerTable {
    /// The value of each person, by entity (`None` until set).
    people: Vec<Option<u64>>,
    /// Phrase key -> value.
    phrases: KeyTable,
}

impl SpeakerTable {
    /// An empty table.
    pub fn new() -> SpeakerTable {
        SpeakerTable::default()
    }

    /// The value set for `speaker`.
    pub fn get(&self, speaker: &SpeakerRef) -> Option<u64> {
        match speaker {
            SpeakerRef::Person(e) => self.people.get(*e).copied().flatten(),
            SpeakerRef::Phrase(key) => self.phrases.get(key),
        }
    }

    /// Sets `value` for `speaker`, replacing any value it had.
    pub fn insert(&mut self, speaker: &SpeakerRef, value: u64) {
        match speaker {
            SpeakerRef::Person(e) => {
                if *e >= self.people.len() {
                    self.people.resize(*e + 1, None);
                }
                *crate::at_mut(&mut self.people, *e) = Some(value);
            }
            SpeakerRef::Phrase(key) => self.phrases.insert(key, value),
        }
    }
}

/// Genders learnt for speakers, as codes (indices into [`Gender::ALL`]).
#[derive(Default)]
struct Genders(SpeakerTable);

impl Genders {
    /// The gender learnt for `speaker`, `Unknown` when none was.
    fn get(&self, speaker: &SpeakerRef) -> Gender {
        self.0
            .get(speaker)
            .and_then(|code| Gender::ALL.get(usize::try_from(code).ok()?).copied())
            .unwrap_or(Gender::Unknown)
    }

    /// Records `gender` for `speaker`.
    fn set(&mut self, speaker: &SpeakerRef, gender: Gender) {
        self.0.insert(speaker, gender as u64);
    }
}

// ---------------------------------------------------------------------------------------------
// Word classes: each normalised word's memberships in the lists below, as bits looked up once
// per token when a view is built (see [`View::classes`]), instead of a chain of string
// comparisons each time a phrase walker asks. At opt-level "z" every arm of such a chain is a
// call to `str` equality; a bit test is one instruction.

/// In [`NP_STOPS`].
const NP_STOP: u64 = 1;
/// In [`DETERMINERS`].
const DETERMINER: u64 = 1 << 1;
/// In [`NAME_LINKS`].
const NAME_LINK: u64 = 1 << 2;
/// In [`NOUN_LINKS`].
const NOUN_LINK: u64 = 1 << 3;
/// In [`TIME_WORDS`].
const TIME_WORD: u64 = 1 << 4;
/// In [`BETWEEN_SUBJECT_AND_CUE`].
const BETWEEN_SUBJECT_AND_CUE_WORD: u64 = 1 << 5;
/// In [`FINITE_MARKERS`].
const FINITE_MARKER: u64 = 1 << 6;
/// In [`DOCUMENTS`].
const DOCUMENT: u64 = 1 << 7;
/// In [`DEFINITES`].
const DEFINITE: u64 = 1 << 8;
/// In [`INDEFINITES`].
const INDEFINITE: u64 = 1 << 9;
/// In [`INDEFINITE_PRONOUNS`].
const INDEFINITE_PRONOUN: u64 = 1 << 10;
/// In [`ANONYMOUS_SOURCES`].
const ANONYMOUS_SOURCE: u64 = 1 << 11;
/// In [`AGENT_PREPOSITIONS`].
const AGENT_PREPOSITION: u64 = 1 << 12;
/// In [`MALE_PRONOUNS`].
const MALE_PRONOUN: u64 = 1 << 13;
/// In [`FEMALE_PRONOUNS`].
const FEMALE_PRONOUN: u64 = 1 << 14;
/// In [`PLURAL_PRONOUNS`].
const PLURAL_PRONOUN: u64 = 1 << 15;
/// In [`FIRST_PERSON_PRONOUNS`].
const FIRST_PERSON_PRONOUN: u64 = 1 << 16;
/// In [`MALE_HONORIFICS`].
const MALE_HONORIFIC: u64 = 1 << 17;
/// In [`FEMALE_HONORIFICS`].
const FEMALE_HONORIFIC: u64 = 1 << 18;
/// In [`TITLE_ABBREVIATIONS`].
const TITLE_ABBREVIATION: u64 = 1 << 19;
/// In [`GERMAN_SUBJUNCTIVES`].
const GERMAN_SUBJUNCTIVE: u64 = 1 << 20;
/// In [`SENTENCE_ENDS`].
const SENTENCE_END: u64 = 1 << 21;
/// In [`SUBORDINATORS`].
const SUBORDINATOR: u64 = 1 << 22;
/// In [`COMPLEMENTIZERS`].
const COMPLEMENTIZER: u64 = 1 << 23;
/// In [`ABBREVIATIONS`].
const ABBREVIATION: u64 = 1 << 24;
/// In [`IRREGULAR_PARTICIPLES`].
const IRREGULAR_PARTICIPLE: u64 = 1 << 25;
/// In [`FRENCH_NOUN_PREPOSITIONS`].
const FRENCH_NOUN_PREPOSITION: u64 = 1 << 26;
/// In [`IRREGULAR_PAST_FORMS`].
const IRREGULAR_PAST: u64 = 1 << 27;
/// In [`SINGULAR_QUANTIFIERS`].
const SINGULAR_QUANTIFIER: u64 = 1 << 28;
/// In [`PLURAL_QUANTIFIERS`].
const PLURAL_QUANTIFIER: u64 = 1 << 29;
/// In [`GERMAN_CONJUNCTIONS`].
const GERMAN_CONJUNCTION: u64 = 1 << 30;
/// In [`GERMAN_QUESTION_WORDS`].
const GERMAN_QUESTION_WORD: u64 = 1 << 31;
/// In [`OBLIQUE_ARTICLES`].
const OBLIQUE_ARTICLE: u64 = 1 << 33;
/// In [`SENTENCE_CONNECTIVES`].
const SENTENCE_CONNECTIVE: u64 = 1 << 34;
/// In [`CLAUSE_SUBJECT_PRONOUNS`].
const CLAUSE_SUBJECT_PRONOUN: u64 = 1 << 35;
/// In [`APPOSITIVE_ENDS`].
const APPOSITIVE_END: u64 = 1 << 36;
/// In [`CLAUSE_BREAKS`].
const CLAUSE_BREAK: u64 = 1 << 37;
/// In [`CONJUNCTIONS`].
const CONJUNCTION: u64 = 1 << 38;
/// In [`POSSESSIVE_MARKS`].
const POSSESSIVE_MARK: u64 = 1 << 39;
/// A comma: a bit test where `word == ","` was two calls in the wasm build.
const COMMA: u64 = 1 << 42;
/// A full stop, as [`COMMA`] a comma.
const FULL_STOP: u64 = 1 << 43;
/// An opening curly quotation mark, as [`COMMA`] a comma.
const OPENING_QUOTE: u64 = 1 << 44;
/// In [`cues::CONDITIONALS`], as the cue finder reads it.
const CONDITIONAL: u64 = cues::CONDITIONAL;
/// The first word of a cue in some language's cue lexicon (see [`cues::for_each_first_word`]):
/// a word without it opens no cue, and the cue finder, which reads the classes as its flags,
/// skips it without a lookup.
const CUE_OPENER: u64 = cues::MAY_OPEN;
/// Not a word class: set on a view's token that starts with a capital (see [`View::classes`]).
const CAPITALISED: u64 = 1 << 32;
/// Not a word class: set on a token whose word had an inverted subject clitic ("dit-il"; see
/// [`TokenTables::classes`]), as the cue finder reads it.
const HAD_CLITIC: u64 = cues::HAD_CLITIC;

/// Every word list with its class bit: the one source the class table is built from.
const CLASS_LISTS: [(&[u8], u64); 43] = [
    (NP_STOPS, NP_STOP),
    (DETERMINERS, DETERMINER),
    (NAME_LINKS, NAME_LINK),
    (NOUN_LINKS, NOUN_LINK),
    (TIME_WORDS, TIME_WORD),
    (BETWEEN_SUBJECT_AND_CUE, BETWEEN_SUBJECT_AND_CUE_WORD),
    (FINITE_MARKERS, FINITE_MARKER),
    (DOCUMENTS, DOCUMENT),
    (DEFINITES, DEFINITE),
    (INDEFINITES, INDEFINITE),
    (INDEFINITE_PRONOUNS, INDEFINITE_PRONOUN),
    (ANONYMOUS_SOURCES, ANONYMOUS_SOURCE),
    (AGENT_PREPOSITIONS, AGENT_PREPOSITION),
    (MALE_PRONOUNS, MALE_PRONOUN),
    (FEMALE_PRONOUNS, FEMALE_PRONOUN),
    (PLURAL_PRONOUNS, PLURAL_PRONOUN),
    (FIRST_PERSON_PRONOUNS, FIRST_PERSON_PRONOUN),
    (MALE_HONORIFICS, MALE_HONORIFIC),
    (FEMALE_HONORIFICS, FEMALE_HONORIFIC),
    (TITLE_ABBREVIATIONS, TITLE_ABBREVIATION),
    (GERMAN_SUBJUNCTIVES, GERMAN_SUBJUNCTIVE),
    (SENTENCE_ENDS, SENTENCE_END),
    (SUBORDINATORS, SUBORDINATOR),
    (COMPLEMENTIZERS, COMPLEMENTIZER),
    (ABBREVIATIONS, ABBREVIATION),
    (IRREGULAR_PARTICIPLES, IRREGULAR_PARTICIPLE),
    (FRENCH_NOUN_PREPOSITIONS, FRENCH_NOUN_PREPOSITION),
    (IRREGULAR_PAST_FORMS, IRREGULAR_PAST),
    (SINGULAR_QUANTIFIERS, SINGULAR_QUANTIFIER),
    (PLURAL_QUANTIFIERS, PLURAL_QUANTIFIER),
    (GERMAN_CONJUNCTIONS, GERMAN_CONJUNCTION),
    (GERMAN_QUESTION_WORDS, GERMAN_QUESTION_WORD),
    (OBLIQUE_ARTICLES, OBLIQUE_ARTICLE),
    (SENTENCE_CONNECTIVES, SENTENCE_CONNECTIVE),
    (CLAUSE_SUBJECT_PRONOUNS, CLAUSE_SUBJECT_PRONOUN),
    (APPOSITIVE_ENDS, APPOSITIVE_END),
    (CLAUSE_BREAKS, CLAUSE_BREAK),
    (CONJUNCTIONS, CONJUNCTION),
    (POSSESSIVE_MARKS, POSSESSIVE_MARK),
    (word_list!(","), COMMA),
    (word_list!("."), FULL_STOP),
    (word_list!("“"), OPENING_QUOTE),
    (cues::CONDITIONALS, CONDITIONAL),
];

/// Punctuation that may end a sentence.
const SENTENCE_ENDS: &[u8] = word_list!(". ! ? …");

/// Conjunctions that open a subordinate clause ("While X said …, the main clause").
/// "Before", "after" and "until" are prepositions too ("After the vote, …"): what
/// [`reported_clause`] reads as a subordinate clause ends at a comma after its cue.
const SUBORDINATORS: &[u8] =
    word_list!("while although though whereas if when as because since before after until");

/// Words that introduce a reported clause; [`is_complementizer`] also takes every word starting
/// "qu'", which no list can hold.
const COMPLEMENTIZERS: &[u8] = word_list!("that que dass daß");

/// German conjunctions that may open a reported clause after its comma or dash (see
/// [`subjunctive_clause`]).
const GERMAN_CONJUNCTIONS: &[u8] = word_list!("aber doch und denn");

/// German words that open an indirect question (see [`subjunctive_clause`]).
const GERMAN_QUESTION_WORDS: &[u8] = word_list!("ob warum wieso weshalb wie wann wo was wer wen");

/// German dative and genitive articles, which no speaker's name keeps (see [`View::agent_at`]).
const OBLIQUE_ARTICLES: &[u8] = word_list!("dem den des einem einer eines");

/// Words that may open a sentence before its subject (see [`View::sentence_subject`]).
const SENTENCE_CONNECTIVES: &[u8] = word_list!("but and yet still meanwhile however");

/// Subject pronouns that open a bare reported clause right after a cue ("said he took …"; see
/// [`reported_clause`]).
/// A pronoun contracted with its auxiliary ("he's pleased", "they'd") is a subject too, and
/// "there's" opens a clause as "there" does before its verb.
const CLAUSE_SUBJECT_PRONOUNS: &[u8] = word_list!(
    "he she they it we i he's she's it's they're we're i'm he'd she'd they'd we'd i'd he'll \
    she'll it'll they'll we'll i'll they've we've i've there's"
);

/// A comma or a dash: what separates a quotation from its attribution clause, or a cue from
/// the German clause it reports (see [`after_quote`], [`subjunctive_clause`]).
const CLAUSE_BREAKS: &[u8] = word_list!(", — – -");

/// Conjunctions that join a name to more ("Te Kaurinui and his father"; see
/// [`Resolver::note_named_subject`]).
const CONJUNCTIONS: &[u8] = word_list!("and or et und y");

/// The tokens of a possessive after a name ("Smith 's", "Jones '"; see
/// [`Resolver::note_subjects_before`]).
const POSSESSIVE_MARKS: &[u8] = word_list!("'s '");

/// Words that end an appositive's title ("a researcher at X, who …"; see [`appositive_title`]).
const APPOSITIVE_ENDS: &[u8] = word_list!("based who which whose that and since , (");

/// Whether a normalised word, of class bits `classes`, introduces a reported clause ("that",
/// "que", "qu'il", "dass").
fn is_complementizer(word: &str, classes: u64) -> bool {
    classes & COMPLEMENTIZER != 0 || word.starts_with("qu'")
}

/// The class table, built on first use: every listed word with its class bits.
fn word_classes() -> &'static WordClassTable {
    static TABLE: OnceLock<WordClassTable> = OnceLock::new();
    crate::word_class_table_once(&TABLE, build_word_classes)
}

/// The table behind [`word_classes`]: every listed word with its class bits, and the cue
/// lexicons' first words with [`CUE_OPENER`].
fn build_word_classes() -> WordClassTable {
    let mut table = WordClassTable::default();
    for (list, class) in CLASS_LISTS {
        table.add_listed(list, class);
    }
    cues::for_each_first_word(|word| table.add(word, CUE_OPENER));
    table
}

/// Builds the word-class table now (see [`super::build_tables`]).
pub(crate) fn build_tables() {
    word_classes();
}

/// The class bits of a normalised word (0 when it is in no list).
fn classes_of(word: &str) -> u64 {
    word_classes().of(word)
}

/// Nouns for documents that speak for their author ("the statement said").
const DOCUMENTS: &[u8] = word_list!(
    "statement letter agreement release report post tweet memo email note filing document \
    communiqué communique erklärung mitteilung comunicado"
);

/// Nouns for an unnamed source of information ("a source", "an insider").
const ANONYMOUS_SOURCES: &[u8] = word_list!("source insider informant fuente");

fn is_anonymous_source(word: &str) -> bool {
    classes_of(word) & ANONYMOUS_SOURCE != 0
}

/// Whether `word` is the head noun of a singular person's role ("mayor", "researcher"), from
/// the officials' title and role lexicons.
fn is_role_noun(word: &str) -> bool {
    let key = people::normalize(word);
    people::official_titles().contains(&key) || people::roles().contains(&key)
}

/// Whether a normalised word is an age used as a noun ("the 56-year-old"): news writing
/// refers back to someone it has named by their age, as by their role.
fn is_age(word: &str) -> bool {
    word.strip_suffix("-year-old")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Indefinite pronouns that make a speaker without a determiner ("said someone at the
/// meeting", the complement taken by [`View::description_end`]): an anonymous speaker, like
/// "a person".
const INDEFINITE_PRONOUNS: &[u8] = word_list!("someone somebody");

/// Indefinite articles ("a statement": a new document, issued there).
const INDEFINITES: &[u8] = word_list!("a an un une ein eine einer einen una uno");

/// Definite articles.
const DEFINITES: &[u8] = word_list!("the le la l' der die das el");

/// A subject or object noun phrase as found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Np {
    /// A person mention (index into [`People::mentions`]).
    Person(usize),
    /// A third-person pronoun.
    Pronoun(Gender),
    /// "I", "we": the writer, never a speaker.
    FirstPerson,
    /// A noun phrase: block, first token, end token.
    Phrase(usize, usize, usize),
}

/// Subject pronouns of a man.
const MALE_PRONOUNS: &[u8] = word_list!("he il er él ele");

/// Subject pronouns of a woman.
const FEMALE_PRONOUNS: &[u8] = word_list!("she elle ella ela");

/// Plural subject pronouns, of any gender.
const PLURAL_PRONOUNS: &[u8] = word_list!("they ils elles sie ellos ellas eles elas");

/// Subject pronouns of the writer ("I", "we", French "on").
const FIRST_PERSON_PRONOUNS: &[u8] = word_list!("i we je nous ich wir yo nosotros on");

/// The subject pronoun a word's class bits make it, if any.
fn pronoun_of(classes: u64) -> Option<Np> {
    Some(if classes & MALE_PRONOUN != 0 {
        Np::Pronoun(Gender::Male)
    } else if classes & FEMALE_PRONOUN != 0 {
        Np::Pronoun(Gender::Female)
    } else if classes & PLURAL_PRONOUN != 0 {
        Np::Pronoun(Gender::Unknown)
    } else if classes & FIRST_PERSON_PRONOUN != 0 {
        Np::FirstPerson
    } else {
        return None;
    })
}

/// The subject pronoun `word` is, if any.
fn pronoun(word: &str) -> Option<Np> {
    pronoun_of(classes_of(word))
}

/// Words that end a noun phrase when walking over it: verbs, auxiliaries, conjunctions,
/// prepositions and pronouns that cannot be a speaker.
const NP_STOPS: &[u8] = word_list!(
    "that and but or which who whom whose while when as because if to in on at for with by from \
    after before since has have had is was were are be been will would could can should may \
    might must did does do not also it this there here what how so than then where why said says \
    told me him her them us you de et und y que qui a an the le la les l' un une der die das ein \
    eine el los las una his its their our your my about into over under during against without \
    through par pour sur avec dans en au aux à avait était est sont ont am im bei mit zu vom zum \
    zur auf über für nach aus gegen ohne durch seit hat ist war wird con por para sobre desde \
    entre sin tras ha había fue es se ne nicht o os um uma da dos em no na nos nas com pelo pela \
    ao aos foi tem é são não seu sua"
);

/// Articles, possessives, numerals and quantifiers that open a noun phrase.
const DETERMINERS: &[u8] = word_list!(
    "a an the his her its their le la les l' un une der die das ein eine el los las una o os um \
    uma seu sua two three several many some other another one ce cet cette ces"
);

/// Words inside a proper name that are not capitalised ("Ministry of Defence", "Conseil de la …").
const NAME_LINKS: &[u8] = word_list!("of for de du des del da do dos das von der &");

/// Prepositions that name the agent of an impersonal cue ("heißt es bei der Post", "aus dem
/// Ministerium hieß es", "hieß es von der Polizei").
const AGENT_PREPOSITIONS: &[u8] = word_list!("bei beim aus von vom seitens");

/// French prepositions that may join two nouns of one phrase (see [`is_noun_link`]).
const NOUN_LINKS: &[u8] = word_list!("de du des");

/// Whether a word of class bits `classes` joins two nouns of one French phrase ("le projet de
/// loi", "le chef du service"): "de" before a bare lower-case noun (`next`, with its class bits),
/// not before a determiner or a verb.
fn is_noun_link(classes: u64, next: Option<(&str, u64)>) -> bool {
    classes & NOUN_LINK != 0
        && next.is_some_and(|(n, next_classes)| {
            n.chars().all(char::is_alphabetic)
                && n.chars().next().is_some_and(char::is_lowercase)
                && next_classes & NP_STOP == 0
                && pronoun_of(next_classes).is_none()
        })
}

/// Time words that follow a cue without being its speaker ("said Friday").
const TIME_WORDS: &[u8] = word_list!(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier \
    later last this recently previously afterward afterwards then again once repeatedly publicly \
    privately separately also further lundi mardi mercredi jeudi vendredi samedi dimanche hier \
    heute gestern ayer hoy"
);

/// Adverbs and auxiliaries between a subject and its cue ("he also said", "she has said",
/// "Thomas allegedly told", "unions have long warned", "she now says"), besides the time words.
const BETWEEN_SUBJECT_AND_CUE: &[u8] = word_list!(
    "has have had was is were are will would later once simply flatly quickly bluntly hat habe a \
    ont avait ha había too already frequently often still allegedly reportedly apparently \
    himself herself themselves itself long now"
);

/// Adverbs that may stand between a cue and the subject after it ("dijo primero el
/// secretario", "opina en cambio Sergi González", "a ajouté ensuite le ministre", "disse ainda
/// o ministro"), each as normalised words.
const ADVERBS_AFTER_CUE: [&[&str]; 18] = [
    &["primero"],
    &["luego"],
    &["después"],
    &["también"],
    &["además"],
    &["finalmente"],
    &["en", "cambio"],
    &["por", "su", "parte"],
    &["a", "su", "vez"],
    &["ensuite"],
    &["aussi"],
    &["encore"],
    &["pour", "sa", "part"],
    &["de", "son", "côté"],
    &["ainda"],
    &["também"],
    &["depois"],
    &["por", "sua", "vez"],
];

/// The token after the adverbs (at most one, from [`ADVERBS_AFTER_CUE`]) that follow a cue
/// ending at token `end`: where the subject after the cue starts.
fn skip_adverbs_after_cue(view: &View, end: usize) -> usize {
    ADVERBS_AFTER_CUE
        .iter()
        .find(|adverb| {
            view.words
                .get(end..end + adverb.len())
                .is_some_and(|words| words.iter().zip(adverb.iter()).all(|(w, a)| w == a))
                && !crate::at(view.quoted, end)
        })
        .map_or(end, |adverb| end + adverb.len())
}

/// Finite-verb words that show a bare reported clause ("said the plan *was* ready").
const FINITE_MARKERS: &[u8] = word_list!(
    "is are was were has have had will would could can should may might must did does do won't \
    wouldn't didn't doesn't isn't wasn't weren't hasn't haven't hadn't can't couldn't"
);

/// Common irregular past tenses that are no participle and no noun: like [`FINITE_MARKERS`],
/// they show a bare reported clause ("said his client *chose* not to"), where "made" or "held"
/// may modify the noun before them ("a letter *held* by"). Only there: unlike an auxiliary,
/// such a verb does not end the search for "that" ("said after the news *became* public that").
const PAST_TENSES: &[u8] =
    word_list!("chose went came took gave knew became began ran spoke drove grew threw flew");

/// Words that a full stop after them leaves inside a sentence ("Mr.", "Jan."), as written with a
/// capital and the rest lower case ("Mr", "Sept"), here normalised: see [`is_abbreviation`].
const ABBREVIATIONS: &[u8] = word_list!(
    "mr mrs ms dr st gov sen rep gen lt col sgt capt prof jr sr sra inc co corp ltd no jan feb \
    aug sept sep oct nov dec mme mlle dir pres atty"
);

/// Whether a token (`word` as written, of class bits `classes`) is an abbreviation that a full
/// stop after it does not end a sentence with. A listed word counts only when written as a
/// capital and the rest lower case ("Mr"; not "MR", "mR" or "mr"): its class bit says its normal
/// form is listed, and its bytes that it is so written. By class bit rather than a chain of string comparisons (a call each in
/// the wasm build, and each a piece of code).
fn is_abbreviation(word: &str, classes: u64) -> bool {
    let bytes = word.as_bytes();
    // A byte search: `str::contains` goes through the general string searcher in the wasm build.
    bytes.contains(&b'.')
        || (crate::text::char_count(word) == 1 && word.chars().all(char::is_uppercase))
        || word == "vs"
        || (classes & ABBREVIATION != 0
            && bytes.first().is_some_and(u8::is_ascii_uppercase)
            && bytes
                .get(1..)
                .is_some_and(|rest| rest.iter().all(u8::is_ascii_lowercase)))
}

/// Whether a phrase's last word can be its head noun: not a possessive ("doctor's reports") nor
/// an adjective by its suffix ("a famous remark").
fn noun_like(word: &str) -> bool {
    !word.ends_with("'s")
        && !word.ends_with('\'')
        && !["ous", "ful", "less", "able", "ible", "ish"]
            .iter()
            .any(|s| word.ends_with(s) && word.len() > s.len() + 2)
}

/// Common irregular past participles (see [`is_past_participle`]).
const IRREGULAR_PARTICIPLES: &[u8] = word_list!(
    "seen written drawn given taken made sent shown held read put won brought bought told said"
);

/// Whether a normalised word (of class bits `classes`) is a past participle that can follow the
/// noun it modifies ("reports seen by", "a letter signed by"): a regular -ed form or a common
/// irregular one.
fn is_past_participle(word: &str, classes: u64) -> bool {
    (word.ends_with("ed") && word.len() > 4) || classes & IRREGULAR_PARTICIPLE != 0
}

/// Plural nouns without the plural -s (see [`is_plural_noun`]).
const UNMARKED_PLURALS: &[u8] = word_list!("police people staff data media personnel");

/// Whether a normalised word reads as a plural noun: an -s form that is no possessive and no
/// "-ss" singular ("records", "officials"; not "witness"), or a plural without the -s
/// ("police", "data"). A singular bare noun after "according to" is a manner ("according to
/// plan", "according to tradition"), a plural one a source.
fn is_plural_noun(word: &str) -> bool {
    (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("'s"))
        || crate::in_word_list(UNMARKED_PLURALS, word)
}

/// Whether a normalised word is a possessive ("swift's", "officials'").
fn is_possessive(word: &str) -> bool {
    (word.ends_with("'s") && word.len() > 2) || (word.ends_with("s'") && word.len() > 3)
}

/// Whether the word before token `i` (of `words`, with their class bits `classes`) is a
/// determiner or a possessive, which makes a cue word a noun ("the report", "his remarks",
/// "Trump's claims").
fn after_determiner(words: &[&str], classes: &[u64], i: usize) -> bool {
    i.checked_sub(1).is_some_and(|k| {
        classes.get(k).is_some_and(|c| c & DETERMINER != 0)
            || words.get(k).is_some_and(|w| w.ends_with("'s"))
    })
}

/// French prepositions before which a cue word is a noun (see [`cue_word_is_noun`]).
const FRENCH_NOUN_PREPOSITIONS: &[u8] = word_list!("par sans avec pour de à");

/// Irregular English past forms of cue words: inflected forms (see [`cue_word_is_noun`]).
const IRREGULAR_PAST_FORMS: &[u8] = word_list!("said told wrote written put read went");

/// Singular determiners that a bare noun follows (see [`cue_word_is_noun`]).
const SINGULAR_QUANTIFIERS: &[u8] = word_list!("a an one each every another");

/// Plural quantifiers that an -s noun follows (see [`cue_word_is_noun`]).
const PLURAL_QUANTIFIERS: &[u8] = word_list!("many several some few numerous both most two three");

/// Whether the cue word at token `i` (of `words`, with their class bits `classes`) is a noun by
/// what stands before it: a determiner or a possessive ("the report"), a French preposition
/// ("par avance", "sans réponse"), or, in English, a determiner and one word it does not agree
/// with as a verb: a singular determiner before a bare form ("a direct answer": a verb would
/// read "answers") or a plural quantifier before an -s form ("many harsh remarks": a verb would
/// read "remark").
fn cue_word_is_noun(words: &[&str], classes: &[u64], i: usize, lang: &str) -> bool {
    if after_determiner(words, classes, i) {
        return true;
    }
    let Some(before) = i.checked_sub(1).map(|k| crate::at(words, k)) else {
        return false;
    };
    if lang == "fr" {
        return crate::at(classes, i - 1) & FRENCH_NOUN_PREPOSITION != 0;
    }
    if lang != "en" || i < 2 {
        return false;
    }
    // The quantifier's bits first: most cue words have none two words before, and their words
    // need not be read.
    let quantifier = crate::at(classes, i - 2);
    if quantifier & (SINGULAR_QUANTIFIER | PLURAL_QUANTIFIER) == 0
        || !before.chars().all(char::is_alphabetic)
    {
        return false;
    }
    let word = crate::at(words, i);
    if quantifier & SINGULAR_QUANTIFIER != 0 {
        let inflected = word.ends_with('s')
            || word.ends_with("ed")
            || word.ends_with("ing")
            || crate::at(classes, i) & IRREGULAR_PAST != 0;
        !inflected
    } else {
        word.ends_with('s') && !word.ends_with("ss")
    }
}

/// Whether token `i` (of `tokens`, with their class bits `classes`) is capitalised where a
/// sentence cannot start: in running text a speech verb is lower-case, so a capitalised cue word
/// is a noun or part of a name ("State Department", "the Washington Post", "CLAIMS" in an
/// all-caps promo line).
fn capitalised_mid_sentence(text: &str, tokens: &[Token], classes: &[u64], i: usize) -> bool {
    // The capital first, by its class bit: most cue words have none, and need no look back.
    if crate::at(classes, i) & CAPITALISED == 0 {
        return false;
    }
    // Back over closing marks and brackets: “… done.” Says who?
    let before = tokens
        .get(..i)
        .unwrap_or_default()
        .iter()
        .rev()
        .map(|t| t.text(text))
        .find(|t| !t.chars().all(is_quote_mark));
    !before.is_none_or(|t| matches!(t, "." | "!" | "?" | ":" | "…"))
}

/// Whether token `i` is an exclamation mark that belongs to a name ("a report by E! News",
/// "Yahoo! Finance"): glued to a capitalised word that stands mid-sentence (after a lower-case
/// word) and followed by another capitalised word, it ends no sentence.
fn is_name_exclamation(text: &str, tokens: &[Token], i: usize) -> bool {
    let word = |k: usize| tokens.get(k).filter(|t| t.kind == TokenKind::Word);
    // The mark's bytes are compared as they are: most tokens asked about are no "!", and
    // slicing them as text checks character boundaries first.
    let bang = tokens
        .get(i)
        .and_then(|t| text.as_bytes().get(t.start..t.end));
    if i < 2 || !matches!(bang, Some([b'!'])) {
        return false;
    }
    let (Some(name), Some(before), Some(next)) = (word(i - 1), word(i - 2), word(i + 1)) else {
        return false;
    };
    name.end == crate::at(tokens, i).start
        && starts_upper(name.text(text))
        && !starts_upper(before.text(text))
        && starts_upper(next.text(text))
}

/// Quotation marks and brackets, which stand between a sentence's end and the next one's start.
fn is_quote_mark(c: char) -> bool {
    super::quotes::is_mark(c) || matches!(c, '(' | ')' | '[' | ']')
}

/// The part of `word` after its last `byte` (an ASCII byte), all of it without one: what
/// `rsplit(char).next()` gives, by a byte loop rather than the general character searcher and
/// `memrchr` that a `char` pattern pulls into the wasm build.
fn after_last(word: &str, byte: u8) -> &str {
    let bytes = word.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes.get(start - 1) != Some(&byte) {
        start -= 1;
    }
    word.get(start..).unwrap_or_default()
}

/// Honorifics of a man ("Mr", "M.", "Herr").
const MALE_HONORIFICS: &[u8] = word_list!("mr m monsieur herr sr señor sir lord");

/// Honorifics of a woman ("Mrs", "Mme", "Frau").
const FEMALE_HONORIFICS: &[u8] = word_list!("mrs ms miss mme madame frau sra señora dame lady");

/// Abbreviated titles that stand before a name like an honorific, of either gender ("Dr",
/// "Sen").
const TITLE_ABBREVIATIONS: &[u8] =
    word_list!("dr prof sen gov rep gen lt col sgt capt pres atty supt cllr");

/// The gender an honorific of class bits `classes` gives.
fn gender_of_honorific(classes: u64) -> Gender {
    if classes & MALE_HONORIFIC != 0 {
        Gender::Male
    } else if classes & FEMALE_HONORIFIC != 0 {
        Gender::Female
    } else {
        Gender::Unknown
    }
}

/// The per-token tables of every block that carries quotes, block after block, built in one
/// pass over the article before any [`View`]: each view borrows its block's stretch of them
/// instead of collecting, zeroing and freeing lists of its own.
struct TokenTables<'a> {
    /// Each token's normalised word ([`normalize`]): a slice of its block's text, or of the
    /// caller's buffer of the words that normalisation changed, so that no capitalised word
    /// needs a `String` of its own.
    words: Vec<&'a str>,
    /// Each token's class bits ([`classes_of`]), with [`CAPITALISED`] for a token that starts
    /// with a capital and [`HAD_CLITIC`] for one that had a subject clitic.
    classes: Vec<u64>,
    /// Whether each token lies inside a quotation, marks included.
    quoted: Vec<bool>,
    /// Each token's sentence number within its block.
    sentence: Vec<usize>,
    /// Where each block's tokens start in the lists above, and one past the last block's end.
    starts: Vec<usize>,
    /// First token and end token of each sentence, by number, block after block.
    sentence_spans: Vec<(usize, usize)>,
    /// Where each block's sentences start in `sentence_spans`, and one past the last block's
    /// end.
    span_starts: Vec<usize>,
    /// Each token's cue, the last cue ending by each token, and the mention covering each token
    /// (see [`View`]), as [`Entry`]s set block by block by [`TokenTables::link`]: one list each
    /// for the article rather than three per block allocated and freed. Made zeroed, all
    /// `None`, so that no block, with cues or mentions or without, has a list to fill.
    cue_at: Vec<Entry>,
    cue_before: Vec<Entry>,
    mention_at: Vec<Entry>,
    /// The cues of every block, block after block, as [`TokenTables::link`] keeps them.
    cues: Vec<Cue>,
    /// The cues [`find_cues`] found in the block being linked, before those in quotations or
    /// read as nouns are dropped: one list the blocks reuse, not one allocated per block.
    found: Vec<Cue>,
    /// The runs of tokens covered by one mention in `mention_at` (first token, end token),
    /// block after block.
    mention_runs: Vec<(usize, usize)>,
    /// Where each block's cues and mention runs start in `cues` and `mention_runs`, and one
    /// past the last block's end: with them in one list each, no block has vectors of its own
    /// to allocate, move into its [`View`] and free.
    link_starts: Vec<(usize, usize)>,
}

impl<'a> TokenTables<'a> {
    /// Normalises the tokens of `blocks` that carry quotes and marks their quotations and
    /// sentences. The words that normalisation changes are written to `changed`, the caller's
    /// empty buffer, which the words then borrow.
    fn new(
        blocks: &'a [Block],
        tokens: &'a ArticleTokens,
        quotations: &[Quotation],
        changed: &'a mut String,
    ) -> TokenTables<'a> {
        let carried = |i: usize, block: &Block| {
            if carries_quotes(block.kind) {
                tokens.block(i)
            } else {
                &[]
            }
        };
        // Room for every token of the article, known without a walk over the blocks: those of
        // blocks that carry no quotes (captions) are few, and their entries stay unused at the
        // tables' end.
        let count = tokens.token_count();
        // About a quarter of the tokens change (capitals, curly apostrophes), a few bytes
        // each: room for them up front instead of the buffer growing a dozen times.
        changed.reserve(count * 2);
        // The per-token words and numbers are made at their full length and written in place:
        // a `push` per token is a call at opt-level "z".
        let mut tables = TokenTables {
            words: vec![""; count],
            classes: vec![0; count],
            quoted: vec![false; count],
            sentence: vec![0; count],
            starts: Vec::with_capacity(blocks.len() + 1),
            sentence_spans: Vec::new(),
            span_starts: Vec::with_capacity(blocks.len() + 1),
            cue_at: vec![None; count],
            cue_before: vec![None; count],
            mention_at: vec![None; count],
            cues: Vec::new(),
            found: Vec::new(),
            mention_runs: Vec::new(),
            link_starts: Vec::with_capacity(blocks.len() + 1),
        };
        // The words that normalisation changed, as (token, length): their slices are taken
        // once `changed` is complete. Each starts where the one before ends, as only a changed
        // word is appended.
        debug_assert!(changed.is_empty());
        let mut appended: Vec<(usize, usize)> = Vec::with_capacity(count / 4);
        let table = word_classes();
        // Where the block's tokens start in every per-token table.
        let mut t = 0;
        for (i, block) in blocks.iter().enumerate() {
            tables.starts.push(t);
            let block_tokens = carried(i, block);
            let end = t + block_tokens.len();
            let slots = (tables.words.get_mut(t..end).unwrap_or_default().iter_mut())
                .zip(tables.classes.get_mut(t..end).unwrap_or_default());
            for ((token, (word_slot, class_slot)), at) in block_tokens.iter().zip(slots).zip(t..) {
                // Sliced here, not through `Token::text`: a call layer per token in the wasm.
                let written = block.text.get(token.start..token.end).unwrap_or_default();
                let start = changed.len();
                // The tokenizer's shape says whether the word has a capital, a hyphen or a
                // byte beyond ASCII: most words are their own normal form with no second scan.
                let (form, clitic) = normalize_shaped(written, token.shape, changed);
                // The word to class, as bytes (a changed word's need not be sliced as a `str`),
                // and the word to keep: a changed word's slice of `changed` is set once
                // `changed` is complete.
                let (word, kept): (&[u8], &'a str) = match form {
                    Normal::Prefix(len) => {
                        // Most words are their own normal form, whole: no slicing for them.
                        let word = if len == written.len() {
                            written
                        } else {
                            written.get(..len).unwrap_or(written)
                        };
                        (word.as_bytes(), word)
                    }
                    Normal::Appended => {
                        appended.push((at, changed.len() - start));
                        (changed.as_bytes().get(start..).unwrap_or_default(), "")
                    }
                };
                let mut classes = table.of_bytes(word);
                if crate::text::starts_upper_shaped(written, token.shape) {
                    classes |= CAPITALISED;
                    // A stop word written in capitals is an acronym ("the US military", "the
                    // IT manager"), a name word rather than the pronoun or preposition.
                    // Asked of capitalised stop words only, most of them sentence openers.
                    if classes & NP_STOP != 0
                        && written
                            .as_bytes()
                            .get(1)
                            .is_some_and(u8::is_ascii_uppercase)
                    {
                        classes &= !NP_STOP;
                    }
                }
                if clitic {
                    classes |= HAD_CLITIC;
                }
                *class_slot = classes;
                *word_slot = kept;
            }
            t = end;
        }
        tables.starts.push(t);
        // The changed words follow one another in `changed`: each is cut from the front of the
        // rest. `split_at_checked`, used nowhere else, is inlined in the wasm build, where a
        // `str::get` of each word's range was a call checking both ends.
        let mut rest: &'a str = changed;
        for (t, len) in appended {
            let Some((word, after)) = rest.split_at_checked(len) else {
                break;
            };
            if let Some(slot) = tables.words.get_mut(t) {
                *slot = word;
            }
            rest = after;
        }
        // Each piece marks its own block's stretch: no list of pieces per block to gather.
        for quotation in quotations {
            for piece in &quotation.pieces {
                let (Some(block), Some(quoted)) = (
                    blocks.get(piece.block),
                    tables.quoted.get_mut(between(&tables.starts, piece.block)),
                ) else {
                    continue;
                };
                let block_tokens = carried(piece.block, block);
                let from = block_tokens.partition_point(|t| t.start < piece.open);
                let to = block_tokens.partition_point(|t| t.start < piece.close_end);
                if let Some(span) = quoted.get_mut(from..to) {
                    span.fill(true);
                }
            }
        }
        for (i, block) in blocks.iter().enumerate() {
            tables.span_starts.push(tables.sentence_spans.len());
            let range = between(&tables.starts, i);
            let block_tokens = carried(i, block);
            mark_sentences(
                &block.text,
                block_tokens,
                tables.classes.get(range.clone()).unwrap_or_default(),
                tables.quoted.get(range.clone()).unwrap_or_default(),
                tables.sentence.get_mut(range).unwrap_or_default(),
                &mut tables.sentence_spans,
            );
        }
        tables.span_starts.push(tables.sentence_spans.len());
        tables
    }

    /// Links every block that carries quotes ([`TokenTables::link`]), in order, and records
    /// where each block's cues and mention runs start (`link_starts`).
    fn link_blocks(
        &mut self,
        blocks: &[Block],
        tokens: &ArticleTokens,
        people: &People,
        lang: &str,
    ) {
        // People's mentions come in reading order: each block's are the next stretch of their
        // list (see `next_stretch`), not gathered into a list per block.
        let mut next_mention = 0;
        let mention_block = |m: usize| people.mentions.get(m).map(|m| m.block);
        // The cue lexicon found once for the article, not by its language code per block.
        let lexicon = cues::lexicon(lang);
        for (i, b) in blocks.iter().enumerate() {
            self.link_starts
                .push((self.cues.len(), self.mention_runs.len()));
            if carries_quotes(b.kind) {
                let mentions = next_stretch(&mut next_mention, i, &mention_block);
                self.link(i, b, tokens.block(i), people, mentions, (lang, lexicon));
            }
        }
        self.link_starts
            .push((self.cues.len(), self.mention_runs.len()));
    }

    /// Finds the cues of block `index` (whose tokens are `tokens`) and marks them and its
    /// people mentions (`mentions`, indexes into [`People::mentions`]) in the block's stretch of
    /// the per-token lists; appends the cues and the runs of tokens covered by one mention to
    /// the article's lists. `lang` comes with its cue lexicon ([`cues::lexicon`]), which the
    /// article's blocks share.
    fn link(
        &mut self,
        index: usize,
        block: &Block,
        tokens: &[Token],
        people: &People,
        mentions: core::ops::Range<usize>,
        (lang, lexicon): (&str, &cues::Lexicon),
    ) {
        let text = block.text.as_str();
        let range = between(&self.starts, index);
        let words = self.words.get(range.clone()).unwrap_or_default();
        let classes = self.classes.get(range.clone()).unwrap_or_default();
        let quoted = self.quoted.get(range.clone()).unwrap_or_default();
        // Cues inside quotations are the speaker's words; a capitalised or determined cue word
        // is a noun ("State Department", "the report"). The others are kept.
        let kept_from = self.cues.len();
        self.found.clear();
        find_cues(words, classes, lexicon, &mut self.found);
        for &c in &self.found {
            // Quoted first: the cheapest test, and it settles the cues in quotations.
            let noun = || {
                cue_word_is_noun(words, classes, c.first, lang)
                    || (block.kind == BlockKind::Paragraph
                        && capitalised_mid_sentence(text, tokens, classes, c.first))
            };
            if !(any_quoted(quoted, c.first, c.end) || noun()) {
                self.cues.push(c);
            }
        }
        let cues = self.cues.get(kept_from..).unwrap_or_default();
        // The block's stretch of each per-token list, all `None` until set here.
        let cue_at = self.cue_at.get_mut(range.clone()).unwrap_or_default();
        let cue_before = self.cue_before.get_mut(range.clone()).unwrap_or_default();
        // Cues do not overlap and come in reading order: the last one ending by each token is
        // filled in span by span, from each cue's end to the next one's.
        for (i, cue) in cues.iter().enumerate() {
            *crate::at_mut(cue_at, cue.first) = entry(i);
            let until = cues.get(i + 1).map_or(tokens.len(), |next| next.end);
            if let Some(span) = cue_before.get_mut(cue.end..until) {
                span.fill(entry(i));
            }
        }
        let mention_at = self.mention_at.get_mut(range).unwrap_or_default();
        // The tokens that any mention covers, so that the runs are looked for there only.
        let mut covered = (tokens.len(), 0);
        for m in mentions {
            let Some(mention) = people.mentions.get(m) else {
                continue;
            };
            let from = tokens.partition_point(|t| t.start < mention.start);
            let to = tokens.partition_point(|t| t.start < mention.end);
            if from < to && !any_quoted(quoted, from, to) {
                if let Some(span) = mention_at.get_mut(from..to) {
                    span.fill(entry(m));
                }
                covered = (covered.0.min(from), covered.1.max(to));
            }
        }
        let mut k = covered.0;
        // Read with `get` rather than through `crate::at`: a call per token in the wasm.
        while k < covered.1 {
            let Some(m) = mention_at.get(k).copied().flatten() else {
                k += 1;
                continue;
            };
            let first = k;
            while k < covered.1 && mention_at.get(k).copied().flatten() == Some(m) {
                k += 1;
            }
            self.mention_runs.push((first, k));
        }
    }
}

/// Numbers the sentences of one block's tokens (their classes and quotation marks given) in
/// `sentence` (one entry per token, 0 on entry), and appends their spans (first token, end
/// token) to `spans`.
fn mark_sentences(
    text: &str,
    tokens: &[Token],
    classes: &[u64],
    quoted: &[bool],
    sentence: &mut [usize],
    spans: &mut Vec<(usize, usize)>,
) {
    // One class per token: a shorter list would let `get` below pass tokens over silently.
    debug_assert_eq!(classes.len(), tokens.len());
    let spans_from = spans.len();
    // The first token of each sentence; the ends are the next one's start.
    if !tokens.is_empty() {
        spans.push((0, tokens.len()));
    }
    let mut id = 0;
    let mut from = 0;
    while from < tokens.len() {
        // Most tokens are no sentence end: the next that may be one is found by its class bit in
        // one tight loop, and the tokens up to it (it included) take the current sentence's
        // number in one fill, where a step per token cost some 40 instructions in the wasm.
        let Some(i) = (classes.get(from..).unwrap_or_default().iter())
            .position(|&c| c & SENTENCE_END != 0)
            .map(|k| from + k)
        else {
            // Sentence 0's entries are 0 already.
            if id > 0 {
                sentence.get_mut(from..).unwrap_or_default().fill(id);
            }
            break;
        };
        if id > 0 {
            sentence.get_mut(from..=i).unwrap_or_default().fill(id);
        }
        from = i + 1;
        if crate::at(quoted, i) || is_name_exclamation(text, tokens, i) {
            continue;
        }
        let next_starts = tokens.get(i + 1).is_some_and(|n| {
            crate::at(classes, i + 1) & CAPITALISED != 0
                // By its first byte: an ASCII digit is one byte, and no other character's
                // first byte is one.
                || text.as_bytes().get(n.start).is_some_and(u8::is_ascii_digit)
                || crate::at(quoted, i + 1)
        });
        // The abbreviation before a full stop is read only where a sentence may end there.
        if next_starts
            && !(crate::at(classes, i) & FULL_STOP != 0
                && i > 0
                && is_abbreviation(
                    crate::at(tokens, i - 1).text(text),
                    crate::at(classes, i - 1),
                ))
        {
            id += 1;
            if let Some(span) = spans.get_mut(spans_from..).and_then(<[_]>::last_mut) {
                span.1 = i + 1;
            }
            spans.push((i + 1, tokens.len()));
        }
    }
}

/// Entries `index` and `index + 1` of a list of starts as a range (empty past the list's end).
fn between(starts: &[usize], index: usize) -> core::ops::Range<usize> {
    match (starts.get(index), starts.get(index + 1)) {
        (Some(&from), Some(&to)) => from..to,
        _ => 0..0,
    }
}

/// An optional index kept as the index plus one: `None` is then all zero bits, and a list of
/// them made by `vec![None; n]` is allocated zeroed, with no loop filling it.
type Entry = Option<NonZeroUsize>;

/// `index` as an [`Entry`].
fn entry(index: usize) -> Entry {
    NonZeroUsize::new(index.wrapping_add(1))
}

/// Entry `i` of a list of [`Entry`]s as an index, `None` past the list's end. Inlined into the
/// three per-token readers of a [`View`], which the phrase walkers call for most tokens: at
/// opt-level "z" it stayed a call.
#[inline(always)]
fn token_entry(list: &[Entry], i: usize) -> Option<usize> {
    list.get(i).copied().flatten().map(|n| n.get() - 1)
}

/// Tokens of a block as written ([`View::phrase`]): the words of a name kept without copying
/// them into a list of their own.
#[derive(Clone, Copy)]
struct Phrase<'a> {
    /// The block's text.
    text: &'a str,
    /// The phrase's tokens.
    tokens: &'a [Token],
}

impl<'a> Phrase<'a> {
    /// How many words the phrase has.
    fn len(self) -> usize {
        self.tokens.len()
    }

    /// Word `i` as written.
    fn word(self, i: usize) -> &'a str {
        crate::at(self.tokens, i).text(self.text)
    }

    /// The words with one space between each.
    fn joined(self) -> String {
        // `text::push_joined` would say the same, but its instance for this iterator measured
        // +77 B gzip in the wasm, so the loop stays.
        let mut out = String::new();
        for i in 0..self.len() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.word(i));
        }
        out
    }
}

/// One block prepared for attribution.
struct View<'a> {
    index: usize,
    kind: BlockKind,
    text: &'a str,
    tokens: &'a [Token],
    /// The normalised word of each token ([`normalize`]).
    words: &'a [&'a str],
    /// The class bits of each token's word ([`classes_of`]), with [`CAPITALISED`] for a token
    /// that starts with a capital: found once per token, so that the phrase walkers, which look
    /// at each token many times, test bits instead of comparing strings.
    classes: &'a [u64],
    /// The block's cues, in reading order.
    cues: &'a [Cue],
    /// Cue index starting at each token, read through [`View::cue_at`].
    cue_at: &'a [Entry],
    /// For each token, the last cue ending at or before it: the cue a quotation opening there
    /// looks back to, found without rescanning. Read through [`View::cue_before`].
    cue_before: &'a [Entry],
    /// People mention covering each token (outside quotations only), read through
    /// [`View::mention_at`].
    mention_at: &'a [Entry],
    /// The runs of tokens covered by one mention in `mention_at` (first token, end token), in
    /// reading order: what the resolver walks for each block, instead of every token.
    mention_runs: &'a [(usize, usize)],
    /// Whether each token lies inside a quotation, marks included.
    quoted: &'a [bool],
    /// Sentence number of each token.
    sentence: &'a [usize],
    /// First token and end token of each sentence, by number.
    sentence_spans: &'a [(usize, usize)],
}

impl<'a> View<'a> {
    /// Prepares block `index` from what the article gathers once for all its blocks: its
    /// tokens and their tables, and its cues and mention runs as [`TokenTables::link`] found
    /// them.
    fn new(
        index: usize,
        block: &'a Block,
        tokens: &'a [Token],
        tables: &'a TokenTables<'a>,
    ) -> View<'a> {
        let range = between(&tables.starts, index);
        let (cues, mention_runs) = match (
            tables.link_starts.get(index),
            tables.link_starts.get(index + 1),
        ) {
            (Some(&(cues, runs)), Some(&(cues_end, runs_end))) => (
                tables.cues.get(cues..cues_end),
                tables.mention_runs.get(runs..runs_end),
            ),
            _ => (None, None),
        };
        View {
            index,
            kind: block.kind,
            text: block.text.as_str(),
            tokens,
            words: tables.words.get(range.clone()).unwrap_or_default(),
            classes: tables.classes.get(range.clone()).unwrap_or_default(),
            cue_at: tables.cue_at.get(range.clone()).unwrap_or_default(),
            cue_before: tables.cue_before.get(range.clone()).unwrap_or_default(),
            mention_at: tables.mention_at.get(range.clone()).unwrap_or_default(),
            cues: cues.unwrap_or_default(),
            mention_runs: mention_runs.unwrap_or_default(),
            quoted: tables.quoted.get(range.clone()).unwrap_or_default(),
            sentence: tables.sentence.get(range.clone()).unwrap_or_default(),
            sentence_spans: tables
                .sentence_spans
                .get(between(&tables.span_starts, index))
                .unwrap_or_default(),
        }
    }

    /// The cue starting at token `i`, if any.
    fn cue_at(&self, i: usize) -> Option<usize> {
        token_entry(self.cue_at, i)
    }

    /// The last cue ending at or before token `i`, if any.
    fn cue_before(&self, i: usize) -> Option<usize> {
        token_entry(self.cue_before, i)
    }

    /// The mention covering token `i`, if any.
    fn mention_at(&self, i: usize) -> Option<usize> {
        token_entry(self.mention_at, i)
    }

    fn token_text(&self, i: usize) -> &'a str {
        crate::at(self.tokens, i).text(self.text)
    }

    /// Tokens `from..to` as written, read in place; empty when the range runs past the block's
    /// end.
    fn phrase(&self, from: usize, to: usize) -> Phrase<'a> {
        Phrase {
            text: self.text,
            tokens: self.tokens.get(from..to).unwrap_or_default(),
        }
    }

    // Plain indexing in this and the next two, asked of most tokens many times: one bounds
    // check each, where `crate::at` is a call of its own in the wasm.
    /// Whether token `i` is a word.
    #[inline]
    fn is_word(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Word
    }

    /// Whether the word of token `i` is in any of the classes `class` ([`classes_of`] bits).
    #[inline]
    fn is(&self, i: usize, class: u64) -> bool {
        self.classes[i] & class != 0
    }

    /// Whether the word of token `i` introduces a reported clause (see [`is_complementizer`]).
    fn is_complementizer(&self, i: usize) -> bool {
        is_complementizer(self.words[i], self.classes[i])
    }

    /// Whether token `i` starts with a capital. Such a token is a word (a capital is a letter,
    /// and a letter opens a word token), so that no caller asks [`View::is_word`] as well.
    #[inline]
    fn upper(&self, i: usize) -> bool {
        self.classes[i] & CAPITALISED != 0
    }

    /// Whether at least `wanted` of the `reach` tokens from token `from` (fewer at the block's
    /// end) start with a capital and are no determiner ("The" is none of them).
    fn capitals_within(&self, from: usize, reach: usize, wanted: usize) -> bool {
        let end = from.saturating_add(reach).min(self.classes.len());
        let mut found = 0;
        for &classes in self.classes.get(from..end).unwrap_or_default() {
            found += usize::from(classes & (CAPITALISED | DETERMINER) == CAPITALISED);
        }
        found >= wanted
    }

    /// Token `i`'s word with its class bits, if there is such a token: what
    /// [`is_noun_link`] reads of the word after a link.
    fn word_and_classes(&self, i: usize) -> Option<(&str, u64)> {
        Some((self.words.get(i)?, *self.classes.get(i)?))
    }

    /// Whether token `i` is a word or the dot that closes an abbreviation inside a phrase
    /// ("Mr. Georgelis", "U.S. Attorney Jane Cole"): such a dot does not end the phrase.
    fn is_word_or_abbreviation_dot(&self, i: usize) -> bool {
        self.is_word(i)
            || (self.is(i, FULL_STOP)
                && i > 0
                && is_abbreviation(self.token_text(i - 1), crate::at(self.classes, i - 1)))
    }

    /// Byte range covering tokens `from..to`.
    fn bytes(&self, from: usize, to: usize) -> (usize, usize) {
        (
            crate::at(self.tokens, from).start,
            crate::at(self.tokens, to - 1).end,
        )
    }

    /// First token of the mention covering token `i`.
    fn mention_first(&self, i: usize) -> usize {
        let m = self.mention_at(i);
        let mut first = i;
        while first > 0 && self.mention_at(first - 1) == m {
            first -= 1;
        }
        first
    }

    /// One past the last token of the mention covering token `i`.
    fn mention_end(&self, i: usize) -> usize {
        let m = self.mention_at(i);
        let mut end = i + 1;
        while end < self.tokens.len() && self.mention_at(end) == m {
            end += 1;
        }
        end
    }

    /// Whether token `k` is an honorific, or the dot after one ("Mr", "Mr .", "Dr").
    fn is_honorific_at(&self, k: usize) -> bool {
        let at = if self.is(k, FULL_STOP) && k > 0 {
            k - 1
        } else {
            k
        };
        self.is(at, MALE_HONORIFIC | FEMALE_HONORIFIC | TITLE_ABBREVIATION)
    }

    /// The noun phrase whose last token is `j`, with its first token.
    ///
    /// A phrase with a determiner may hold lower-case words ("the former mayor"); without one it
    /// is a proper name (capitalised words, "Ministry of Defence") or a capitalised modifier
    /// before a plural ("Opposition lawmakers", "officials").
    fn np_ending_at(&self, j: usize) -> Option<(Np, usize)> {
        self.np_ending_at_head(j, false)
    }

    /// [`View::np_ending_at`], where the head at `j` may also be a cue word when the context
    /// shows it to be a noun (`head_is_noun`: "police reports seen by …").
    fn np_ending_at_head(&self, j: usize, head_is_noun: bool) -> Option<(Np, usize)> {
        if crate::at(self.quoted, j) {
            return None;
        }
        if let Some(m) = self.mention_at(j) {
            return Some((Np::Person(m), self.mention_first(j)));
        }
        if let Some(p) = pronoun_of(crate::at(self.classes, j)) {
            return Some((p, j));
        }
        if self.is(j, INDEFINITE_PRONOUN) {
            return Some((Np::Phrase(self.index, j, j + 1), j));
        }
        if !self.is_word(j)
            || self.is(j, NP_STOP | TIME_WORD)
            || (self.cue_at(j).is_some() && !head_is_noun)
            || !noun_like(crate::at(self.words, j))
        {
            return None;
        }
        // Walk back to a determiner or the phrase's left edge.
        let mut first = j;
        let mut determiner = None;
        while first > 0 && j - first < 7 {
            let k = first - 1;
            let word = crate::at(self.words, k);
            // A possessor determines the phrase ("Swift's rep", "the mayor's office"): the
            // phrase starts with the possessor's name or noun phrase.
            if is_possessive(word) && !crate::at(self.quoted, k) {
                let owner = match self.mention_at(k) {
                    Some(_) => Some(self.mention_first(k)),
                    None => self.np_ending_at_owner(k),
                };
                if let Some(start) = owner {
                    return Some((Np::Phrase(self.index, start, j + 1), start));
                }
            }
            if crate::at(self.quoted, k) || self.cue_at(k).is_some() || self.mention_at(k).is_some()
            {
                break;
            }
            if self.is(k, DETERMINER) {
                determiner = Some(k);
                break;
            }
            if !(self.is_word(k) || self.is(k, FULL_STOP) && self.is_honorific_at(k)) {
                break;
            }
            let link = (self.is(k, NAME_LINK) && self.upper(first) && k > 0 && self.upper(k - 1))
                || is_noun_link(crate::at(self.classes, k), self.word_and_classes(first));
            if (self.is(k, NP_STOP) && !link)
                || pronoun_of(crate::at(self.classes, k)).is_some()
                || self.is(k, TIME_WORD)
            {
                break;
            }
            first = k;
        }
        if let Some(d) = determiner {
            return Some((Np::Phrase(self.index, d, j + 1), d));
        }
        // No determiner: keep the capitalised words next to the head.
        let mut edge = j;
        while edge > first {
            let k = edge - 1;
            let keep = self.upper(k) || self.is(k, NAME_LINK) || self.is_honorific_at(k);
            if !keep {
                break;
            }
            edge = k;
        }
        // "Zimbabwean intelligence reports", "Senior police officers": lower-case modifiers
        // between the capitalised first word of a sentence and the head belong to the phrase.
        // (Mid-sentence, a capital may be a German noun rather than the phrase's edge.)
        if edge == j && first < j && self.upper(first) && self.sentence_bounds(first).0 == first {
            edge = first;
        }
        while edge < j && self.is(edge, NAME_LINK) {
            edge += 1;
        }
        let head_upper = self.upper(j);
        if !(head_upper
            || crate::at(self.words, j).ends_with('s') && crate::at(self.words, j).len() > 3)
        {
            return None;
        }
        Some((Np::Phrase(self.index, edge, j + 1), edge))
    }

    /// The first token of the possessor phrase ending with the possessive token `k`: its
    /// capitalised words ("Big Machine's"), or a determiner and the words up to it ("the
    /// mayor's").
    fn np_ending_at_owner(&self, k: usize) -> Option<usize> {
        let mut start = k;
        while start > 0 && k - start < 4 {
            let before = start - 1;
            if crate::at(self.quoted, before) || !self.is_word(before) {
                break;
            }
            if self.is(before, DETERMINER) {
                return Some(before);
            }
            // A capitalised preposition opens the sentence, not the name ("Before X's …").
            if !self.upper(before) || self.is(before, NP_STOP) {
                break;
            }
            start = before;
        }
        (self.upper(start) || start < k).then_some(start)
    }

    /// The noun phrase starting at token `i`, with the token after it.
    fn np_starting_at(&self, i: usize) -> Option<(Np, usize)> {
        self.np_from(i, false)
    }

    /// [`View::np_starting_at`] or, when `bare`, the phrase of a source after "according to":
    /// also a phrase without determiner or capital if its head is plural ("court records",
    /// "police"; after a verb such a phrase is more often its object), and a cue word in it
    /// is a noun ("local news reports").
    fn np_from(&self, i: usize, bare: bool) -> Option<(Np, usize)> {
        if i >= self.tokens.len() || crate::at(self.quoted, i) {
            return None;
        }
        // The first token's bits read once: `View::is` is a call in the wasm.
        let first_classes = crate::at(self.classes, i);
        if first_classes & TIME_WORD != 0 {
            return None;
        }
        // A mention at `i`, or after a determiner or an honorific ("Mr. Reeves").
        let mut k = i;
        while k < self.tokens.len() && k < i + 3 {
            if let Some(m) = self.mention_at(k) {
                return Some((Np::Person(m), self.mention_end(k)));
            }
            if !(self.is(k, DETERMINER) || self.is_honorific_at(k)) {
                break;
            }
            k += 1;
        }
        if let Some(p) = pronoun_of(first_classes) {
            return Some((p, i + 1));
        }
        if first_classes & INDEFINITE_PRONOUN != 0 {
            return Some((Np::Phrase(self.index, i, i + 1), i + 1));
        }
        // A name after its description ("White House press secretary Josh Earnest", "the
        // bank's chief economist Ana Ruiz"): the person.
        let mut k = i;
        while k < self.tokens.len() && k < i + MAX_DESCRIPTION {
            if let Some(m) = self.mention_at(k) {
                return Some((Np::Person(m), self.mention_end(k)));
            }
            if !self.is_word_or_abbreviation_dot(k)
                || crate::at(self.quoted, k)
                || self.cue_at(k).is_some()
                || self.is(k, NP_STOP) && !(k == i && self.is(k, DETERMINER))
            {
                break;
            }
            k += 1;
        }
        let has_det = first_classes & DETERMINER != 0;
        let mut end = if has_det { i + 1 } else { i };
        let mut seen_name = false;
        while end < self.tokens.len() && end - i < MAX_PHRASE {
            let word = crate::at(self.words, end);
            // The token's bits read once, in place: `View::is` and `View::upper` are calls in
            // the wasm, asked several times of each token of the walk.
            let classes = self.classes.get(end).copied().unwrap_or_default();
            let upper = classes & CAPITALISED != 0;
            let next_upper = (self.classes.get(end + 1)).is_some_and(|c| c & CAPITALISED != 0);
            // The words compared last: string equality is a call in the wasm.
            let link = (seen_name && next_upper && (classes & NAME_LINK != 0 || word == "and"))
                || (has_det && is_noun_link(classes, self.word_and_classes(end + 1)));
            // Asked last, of a lower-case word after a name only: the lexicon lookups are the
            // walk's dearest test.
            let role_head = || has_det && is_role_noun(word);
            let name_mark = (classes & FULL_STOP != 0 && end > i && self.is_honorific_at(end))
                || (seen_name && is_name_exclamation(self.text, self.tokens, end));
            if !name_mark
                && (!self.is_word(end)
                    || crate::at(self.quoted, end)
                    // A source's phrase has no verb: a cue word in it is a noun ("according
                    // to local news reports").
                    || (self.cue_at(end).is_some() && !bare)
                    || classes & TIME_WORD != 0
                    || (classes & NP_STOP != 0 && !link)
                    // After a name, a lower-case word is the verb ("the Government came out"),
                    // unless it is the role a determined name modifies ("a Pentagon spokesman").
                    || (seen_name && !upper && !link && !role_head())
                    // After a noun, a past form is the verb ("the mayor apologised"), unless an
                    // adverb qualifies it ("the newly elected mayor").
                    || (end > i + 1
                        && !upper
                        && word.ends_with("ed")
                        && !crate::at(self.words, end - 1).ends_with("ly")))
            {
                break;
            }
            seen_name |= upper;
            end += 1;
        }
        let content_first = if has_det { i + 1 } else { i };
        if end <= content_first
            || (!has_det
                && first_classes & CAPITALISED == 0
                && !(bare && is_plural_noun(crate::at(self.words, end - 1))))
        {
            return None;
        }
        // "le directeur général du Conseil, Norman Sabourin": the name after the description,
        // and after its complement ("said another witness in the case, Jane Doe").
        let described_end = if has_det && !self.upper(end - 1) {
            self.description_end(end, None)
        } else {
            end
        };
        if let Some(named) = self.titled_name_after(described_end) {
            return Some(named);
        }
        if self.classes.get(end).is_some_and(|c| c & COMMA != 0) {
            if let Some(m) = self.mention_at(end + 1) {
                if self.mention_first(end + 1) == end + 1 {
                    return Some((Np::Person(m), self.mention_end(end + 1)));
                }
            }
            // A name the people finder did not know, closed by a comma ("The leader of
            // Ennahda, Rachid Ghannouchi, condemned …").
            let mut name_end = end + 1;
            while name_end < self.tokens.len()
                && self.upper(name_end)
                && !crate::at(self.quoted, name_end)
            {
                name_end += 1;
            }
            if name_end - (end + 1) >= 2
                && self.classes.get(name_end).is_some_and(|c| c & COMMA != 0)
            {
                return Some((Np::Phrase(self.index, end + 1, name_end), name_end));
            }
        }
        Some((Np::Phrase(self.index, i, end), end))
    }

    /// The person named in an appositive after the comma at token `comma` that closes a
    /// description, with the token after the name: the name, maybe after its title, ending
    /// the clause ("said another witness in the case, former agency adviser Jane Doe."). A
    /// writer who describes a speaker and then names them means that person; a name followed
    /// by more of the sentence is no appositive ("said a witness, adding Doe had left").
    fn titled_name_after(&self, comma: usize) -> Option<(Np, usize)> {
        if self.classes.get(comma).is_none_or(|c| c & COMMA == 0) {
            return None;
        }
        let mut k = comma + 1;
        while k < self.tokens.len() && k <= comma + MAX_DESCRIPTION {
            if let Some(m) = self.mention_at(k) {
                let end = self.mention_end(k);
                let sentence = self.sentence.get(k);
                let ends_clause = end == self.tokens.len()
                    || self.sentence.get(end) != sentence
                    || self.is(end, COMMA | FULL_STOP | SENTENCE_END);
                return (self.mention_first(k) == k && ends_clause).then_some((Np::Person(m), end));
            }
            if !self.is_word_or_abbreviation_dot(k)
                || crate::at(self.quoted, k)
                || self.cue_at(k).is_some()
                || self.is(k, NP_STOP)
            {
                return None;
            }
            k += 1;
        }
        None
    }

    /// Where an unnamed description ending at token `to` ends with its complement: a
    /// prepositional phrase ("someone at the meeting"), an adjective or participle with one ("a
    /// person familiar with the talks", "an invitation obtained by the paper") or a relative
    /// clause ("someone in the public who called in"), when it runs to the end of its clause
    /// ("…,” said one resident at the meeting.") or to `cue`, the first token of the cue the
    /// description is the subject of ("A person at the fundraiser said …"). News writing sets
    /// an unnamed speaker apart by that complement, so it is part of how they are named. Only
    /// without a time word, a document, a quotation or a subordinating conjunction in it ("said
    /// a spokesman for the city in a statement on Friday" keeps "a spokesman"; in "The senator
    /// waited for weeks before announcing" the past form is the verb, not a participle), else
    /// `to`. A participle's agent is not taken ("reports seen by Reuters"): it names who
    /// obtained a document, not its source.
    fn description_end(&self, to: usize, cue: Option<usize>) -> usize {
        let word = |k: usize| self.words.get(k).copied().unwrap_or_default();
        let sentence = self.sentence.get(to.saturating_sub(1)).copied();
        // The complement's opener: a preposition after the head or after an adjective or a
        // participle, or a relative pronoun.
        let mut k = to;
        if crate::in_word_list(HEAD_PREPOSITIONS, word(k))
            || (crate::in_word_list(COMPLEMENT_ADJECTIVES, word(k.saturating_sub(1)))
                && crate::in_word_list(DESCRIPTION_PREPOSITIONS, word(k)))
            || word(k) == "who"
        {
            k += 1;
        } else if k < self.tokens.len()
            // A cue's past form is the sentence's verb ("officers announced on the radio").
            && self.cue_at(k).is_none()
            && is_past_participle(word(k), crate::at(self.classes, k))
            && word(k + 1) != "by"
            && crate::in_word_list(DESCRIPTION_PREPOSITIONS, word(k + 1))
        {
            k += 2;
        } else {
            return to;
        }
        let first = k;
        while k < self.tokens.len()
            && self.is_word(k)
            && Some(k) != cue
            && self.sentence.get(k).copied() == sentence
        {
            if k - to > MAX_COMPLEMENT
                || crate::at(self.quoted, k)
                || self.is(k, TIME_WORD | DOCUMENT | SUBORDINATOR)
            {
                return to;
            }
            k += 1;
        }
        // The complement ends its clause (at the block's or sentence's end, or at a mark) or
        // leads to the cue.
        let ends_clause = k == self.tokens.len()
            || self.sentence.get(k).copied() != sentence
            || self.is(k, COMMA | FULL_STOP | SENTENCE_END | CLAUSE_BREAK)
            || matches!(word(k), ";" | ":" | ")")
            || Some(k) == cue;
        if k > first && ends_clause {
            k
        } else {
            to
        }
    }

    /// The unnamed description whose complement ends at token `end` (the cue's subject "the
    /// fundraiser" in "A person at the fundraiser said …"): the description before the
    /// complement's preposition at token `at`, with its first token, when its complement runs
    /// to `end` (see [`View::description_end`]).
    fn described_before(&self, at: usize, end: usize) -> Option<(Np, usize)> {
        let (np, start) = self.np_ending_at(at.checked_sub(1)?)?;
        let Np::Phrase(_, first, to) = np else {
            return None;
        };
        let unnamed = (self.is(first, DETERMINER) || self.is(first, INDEFINITE_PRONOUN))
            && !self.upper(to - 1);
        (unnamed && to == at && self.description_end(to, Some(end)) == end).then_some((np, start))
    }

    /// The source named by an attribution phrase starting at token `i` ("according to …"): the
    /// author of a document rather than the document ("according to a new report by the
    /// agency": the agency).
    fn source_np(&self, i: usize) -> Option<(Np, usize)> {
        let (np, end) = self.np_from(i, true)?;
        let by_author = match np {
            Np::Phrase(_, _, last) => {
                self.is(last - 1, DOCUMENT) && self.words.get(last).is_some_and(|&w| w == "by")
            }
            _ => false,
        };
        if by_author {
            if let Some(author) = self.np_starting_at(end + 1) {
                return Some(author);
            }
        }
        Some((np, end))
    }

    /// The subject at the start of the sentence holding token `at`, after a short introductory
    /// phrase ("But last night, the Government …").
    fn sentence_subject(&self, at: usize) -> Option<Np> {
        let (start, _) = self.sentence_bounds(at);
        let intro_end = (start..(start + 7).min(at))
            .find(|&k| self.is(k, COMMA))
            .map(|k| k + 1);
        for s in [Some(start), intro_end].into_iter().flatten() {
            let mut s = s;
            while s < at && self.is(s, SENTENCE_CONNECTIVE) {
                s += 1;
            }
            if let Some((np, _)) = self.np_starting_at(s) {
                return Some(np);
            }
        }
        None
    }

    /// The subject of the cue at token `first`: the noun phrase just before it, over adverbs and
    /// an appositive. Returns the phrase, its first token and the appositive's token range.
    fn subject_before(&self, first: usize) -> Option<Subject> {
        let mut j = first.checked_sub(1)?;
        let mut skipped = 0;
        while skipped < 3
            && self.is(j, TIME_WORD | BETWEEN_SUBJECT_AND_CUE_WORD)
            && !crate::at(self.quoted, j)
        {
            j = j.checked_sub(1)?;
            skipped += 1;
        }
        // "Kim Yong-hyun, who said …": the relative pronoun stands for the phrase before it.
        // The comma first: one comparison settles most cues.
        if j >= 2
            && self.is(j - 1, COMMA)
            && matches!(crate::at(self.words, j), "who" | "qui" | "quien")
        {
            let (np, start) = self.np_ending_at(j - 2)?;
            return Some((np, start, None));
        }
        if !self.is(j, COMMA) {
            let (np, start) = self.np_ending_at(j)?;
            // "A person at the fundraiser said": the phrase before the cue is the complement
            // of the subject, an unnamed description.
            if start >= 2
                && crate::in_word_list(DESCRIPTION_PREPOSITIONS, crate::at(self.words, start - 1))
            {
                if let Some(described) = self.described_before(start - 1, j + 1) {
                    return Some((described.0, described.1, None));
                }
            }
            // "Documents obtained by the paper show …": the agent of a participle that
            // modifies a noun is no subject; the noun before the participle is.
            if start >= 3
                && crate::at(self.words, start - 1) == "by"
                && is_past_participle(
                    crate::at(self.words, start - 2),
                    crate::at(self.classes, start - 2),
                )
                && crate::at(self.sentence, start - 3) == crate::at(self.sentence, start)
            {
                if let Some((noun, noun_start)) = self.np_ending_at_head(start - 3, true) {
                    return Some((noun, noun_start, None));
                }
            }
            return Some((np, start, None));
        }
        if crate::at(self.quoted, j) {
            return None;
        }
        // An appositive between commas: "Yun Sun, a researcher at the Stimson Center, observes".
        // The appositive may hold commas of its own ("S, chair of the environment, food and
        // rural affairs committee, said"): a person before an earlier comma wins over the
        // phrase before the nearest one.
        let mut k = j;
        let mut nearest = None;
        while k > 0 && j - k < 25 {
            k -= 1;
            if self.cue_at(k).is_some() {
                // A relative clause may speak inside the appositive ("the source, who said he
                // had seen it, told Reuters"): go on from the comma before its pronoun.
                match (k.saturating_sub(MAX_DESCRIPTION)..k).rev().find(|&r| {
                    r > 0
                        && matches!(crate::at(self.words, r), "who" | "which" | "qui")
                        && self.is(r - 1, COMMA)
                }) {
                    Some(r) if nearest.is_none() && r >= 2 => {
                        let (np, start) = self.np_ending_at(r - 2)?;
                        return Some((np, start, Some((r, j))));
                    }
                    Some(r) => k = r,
                    None => break,
                }
                continue;
            }
            if crate::at(self.quoted, k)
                || crate::at(self.sentence, k) != crate::at(self.sentence, j)
            {
                break;
            }
            if !self.is(k, COMMA) {
                continue;
            }
            if k == 0 || k + 1 == j {
                break;
            }
            let found = self.np_ending_at(k - 1);
            if let Some((np @ Np::Person(_), start)) = found {
                return Some((np, start, Some((k + 1, j))));
            }
            // "The Nobel laureate, Dmitry Muratov, warned": a name alone between the commas
            // is the person the description before it introduces.
            if let Some(m) = self.mention_at(k + 1) {
                if nearest.is_none()
                    && found.is_some()
                    && self.mention_first(k + 1) == k + 1
                    && self.mention_end(k + 1) == j
                {
                    return Some((Np::Person(m), k + 1, None));
                }
            }
            if nearest.is_none() {
                let appositive_starts = self.is(k + 1, DETERMINER)
                    || self.upper(k + 1)
                    || crate::at(self.words, k + 1)
                        .chars()
                        .all(|c| c.is_ascii_digit());
                nearest = Some(
                    found
                        .filter(|_| appositive_starts)
                        .map(|(np, start)| (np, start, Some((k + 1, j)))),
                );
            }
        }
        nearest.flatten()
    }

    /// The source of the impersonal cue `c` ("„…“, heißt es"), whose subject is no speaker: the
    /// agent of a prepositional phrase right after the cue or opening its sentence ("heißt es
    /// bei der Post", "Aus dem Ministerium hieß es"), else the topic of the passage before it.
    fn impersonal_source(&self, c: usize) -> Option<Np> {
        let cue = crate::at(self.cues, c);
        if cue.end < self.tokens.len() && self.is(cue.end, AGENT_PREPOSITION) {
            if let Some((np, _)) = self.agent_at(cue.end + 1) {
                return Some(np);
            }
        }
        let (start, _) = self.sentence_bounds(cue.first);
        if start + 1 < cue.first && self.is(start, AGENT_PREPOSITION) {
            if let Some((np, end)) = self.agent_at(start + 1) {
                if end == cue.first {
                    return Some(np);
                }
            }
        }
        self.topic_before(cue.first)
    }

    /// The noun phrase of an agent after its preposition at token `i`, without a dative or
    /// genitive article ("aus dem Ministerium": "Ministerium"), which no speaker's name keeps.
    fn agent_at(&self, i: usize) -> Option<(Np, usize)> {
        let oblique = self
            .classes
            .get(i)
            .is_some_and(|c| c & OBLIQUE_ARTICLE != 0);
        self.np_starting_at(i + usize::from(oblique))
    }

    /// Who the passage before the cue at token `at` is about: the first person mention or
    /// proper-named body of the nearest sentence holding one, within this block and
    /// [`MAX_CLAUSE`] tokens. The first, since a sentence names its subject or topic before its
    /// objects. The cue's own sentence counts only when a phrase opening it leads to the cue
    /// ("In der Mitteilung der Deutschen Post heißt es"): after a comma, what precedes the cue
    /// is the report ("Die Preise steigen, heißt es"), not its source.
    fn topic_before(&self, at: usize) -> Option<Np> {
        let floor = at.saturating_sub(MAX_CLAUSE);
        let own_sentence = crate::at(self.sentence_spans, crate::at(self.sentence, at))
            .0
            .max(floor);
        let fronted =
            at > own_sentence && !self.is(at - 1, COMMA) && !crate::at(self.quoted, at - 1);
        let mut end = if fronted { at } else { own_sentence };
        while end > floor {
            let start = crate::at(self.sentence_spans, crate::at(self.sentence, end - 1))
                .0
                .max(floor);
            if let Some(np) = self.first_named_in(start, end) {
                return Some(np);
            }
            end = start;
        }
        None
    }

    /// The first person mention, or determiner before a run of two or more capitalised words
    /// outside quotations ("die Deutsche Post", "the Supreme Court"), among tokens `from..to`.
    /// A sentence's first word does not count as a capital, nor does one capitalised word
    /// alone, nor a run after another word: German capitalises every noun ("die Verteilung",
    /// "den Märkten Amerika").
    fn first_named_in(&self, from: usize, to: usize) -> Option<Np> {
        // First token of the current run of capitalised words, and its capitals.
        let mut run: Option<usize> = None;
        let mut capitals = 0;
        for k in from..=to {
            if let Some(m) = self.mention_at(k).filter(|_| k < to) {
                return Some(Np::Person(m));
            }
            let in_run = k < to && !crate::at(self.quoted, k) && self.upper(k);
            if in_run {
                run.get_or_insert(k);
                if k != crate::at(self.sentence_spans, crate::at(self.sentence, k)).0 {
                    capitals += 1;
                }
                continue;
            }
            if let Some(first) = run.take().filter(|_| capitals >= 2) {
                // The determiner opens the run (a sentence's first word) or comes just before.
                let determiner = if self.is(first, DETERMINER) {
                    Some(first)
                } else {
                    first
                        .checked_sub(1)
                        .filter(|&d| d >= from && self.is(d, DETERMINER))
                };
                if let Some(d) = determiner {
                    return Some(Np::Phrase(self.index, d, k));
                }
            }
            capitals = 0;
        }
        None
    }

    /// The numbers of the sentences whose first token lies among tokens `from..to`.
    fn sentences_opening_in(&self, from: usize, to: usize) -> core::ops::Range<usize> {
        self.first_sentence_from(from)..self.first_sentence_from(to)
    }

    /// The number of the first sentence that opens at token `k` or later.
    fn first_sentence_from(&self, k: usize) -> usize {
        match self.sentence.get(k) {
            Some(&s) if self.sentence_spans.get(s).is_some_and(|span| span.0 < k) => s + 1,
            Some(&s) => s,
            None => self.sentence_spans.len(),
        }
    }

    /// The token range of the sentence holding token `at`.
    ///
    /// Clipped to [`MAX_CLAUSE`] tokens either side of `at`, so that the work per cue stays
    /// bounded however long a run-on "sentence" is (linear time on any input).
    fn sentence_bounds(&self, at: usize) -> (usize, usize) {
        let (start, end) = crate::at(self.sentence_spans, crate::at(self.sentence, at));
        (
            start.max(at.saturating_sub(MAX_CLAUSE)),
            end.min(at + MAX_CLAUSE),
        )
    }

    /// The first token whose start is at or after byte `at`.
    fn token_at(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.start < at)
    }
}

/// Adjectives that take a complement placing an unnamed source ("a person familiar with the
/// talks", "a source close to the minister"): the description goes on through it.
const COMPLEMENT_ADJECTIVES: &[u8] = word_list!("familiar close knowledgeable");

/// Prepositions opening a complement that sets an unnamed speaker apart ("someone at the
/// meeting", "one operative in the state", "a spokesman for the city", "a person close to
/// …", "an invitation obtained by …"): the description goes on through it.
const DESCRIPTION_PREPOSITIONS: &[u8] =
    word_list!("at in from during with of for near inside within among to by on about");

/// Prepositions that open a complement on their own, right after the description's head;
/// the others ("to", "by", "on", "about") only after a complement adjective or a participle,
/// since after a noun they more often start an adverbial ("said a spokesman on Tuesday").
const HEAD_PREPOSITIONS: &[u8] =
    word_list!("at in from during with of for near inside within among");

/// The most words of a description's complement (see [`View::description_end`]): a longer
/// stretch is more likely the rest of the sentence than part of the speaker's description.
const MAX_COMPLEMENT: usize = 8;

/// The most tokens of a noun phrase that [`View::np_starting_at`] reads from its start.
const MAX_PHRASE: usize = 9;

/// The most words of a description before the name it describes ("White House press secretary").
const MAX_DESCRIPTION: usize = 6;

/// A subject found before a cue: the phrase, its first token, and the token range of an
/// appositive between it and the cue.
type Subject = (Np, usize, Option<(usize, usize)>);

/// The most tokens a reported clause or an attribution search reaches from its cue.
const MAX_CLAUSE: usize = 80;

/// The most tokens between the attribution clause of a split quote and its second piece ("“A,”
/// said Jane Smith, a senior fellow at the Center for Health Policy at Harvard. “B.”").
const MAX_SPLIT_GAP: usize = 30;

/// A found attribution before pronouns are resolved.
#[derive(Clone, Debug)]
struct Found {
    np: Np,
    cue: Option<usize>,
    block: usize,
    /// Token range of the cue-and-speaker clause after a quotation (for split quotes).
    clause_end: Option<usize>,
    appositive: Option<(usize, usize)>,
}

/// The attribution in the clause right after a quotation that closes at token `close`, and
/// whether it is adjacent (the cue or its subject right after the quotation, not after a
/// stretch of the sentence: “criminals” in his entourage, a source said).
fn after_quote(view: &View, close: usize) -> Option<(Found, bool)> {
    let mut i = close;
    while i < view.tokens.len() && view.is(i, CLAUSE_BREAK) {
        i += 1;
    }
    if i >= view.tokens.len()
        || crate::at(view.quoted, i)
        || close == 0
        || crate::at(view.sentence, i) != crate::at(view.sentence, close - 1)
    {
        return None;
    }
    if let Some(c) = view.cue_at(i) {
        let cue = crate::at(view.cues, c);
        if cue.tier == Tier::Think {
            return None;
        }
        if cue.impersonal {
            let np = view.impersonal_source(c)?;
            return Some((
                Found {
                    np,
                    cue: Some(c),
                    block: view.index,
                    clause_end: Some(cue.end),
                    appositive: None,
                },
                true,
            ));
        }
        if cue.clitic_subject {
            let clitic = after_last(view.token_text(cue.first), b'-');
            let np = pronoun(&normalize(clitic).0)?;
            return Some((
                Found {
                    np,
                    cue: Some(c),
                    block: view.index,
                    clause_end: Some(cue.end),
                    appositive: None,
                },
                true,
            ));
        }
        // "…,” according to police.": a source's phrase, which may be a bare plural.
        let at = skip_adverbs_after_cue(view, cue.end);
        let (np, end) = if cue.tier == Tier::Source {
            view.source_np(at)
        } else {
            view.np_starting_at(at)
        }?;
        return Some((
            Found {
                np,
                cue: Some(c),
                block: view.index,
                clause_end: Some(end),
                appositive: None,
            },
            true,
        ));
    }
    // Subject then cue: “…,” he said / “…,” Geoffrey Berman, the U.S. attorney, said.
    // Within the sentence of token `i`, whose tokens end where its span does: no sentence
    // number compared per token (each a `crate::at` call in the wasm).
    let (_, sentence_end) = crate::at(view.sentence_spans, crate::at(view.sentence, i));
    let limit = (i + 30).min(sentence_end);
    let c = (i + 1..limit)
        .take_while(|&k| !crate::at(view.quoted, k))
        .find_map(|k| view.cue_at(k))?;
    let cue = crate::at(view.cues, c);
    if cue.tier == Tier::Think {
        return None;
    }
    // “…,” it said in a statement: an organisation's "it", resolved to the latest body.
    if cue.first == i + 1 && crate::at(view.words, i) == "it" {
        return Some((
            Found {
                np: Np::Pronoun(Gender::Group),
                cue: Some(c),
                block: view.index,
                clause_end: Some(cue.end),
                appositive: None,
            },
            true,
        ));
    }
    let (np, start, appositive) = view.subject_before(cue.first)?;
    // The subject opens the clause, maybe after a short description ("Seoul resident Margie
    // Kim said") or after a subordinate clause ("… while they were in power, Azzouz said").
    let described = start >= i
        && start - i <= 4
        && (i..start).all(|k| view.is_word_or_abbreviation_dot(k) && view.cue_at(k).is_none());
    let after_clause = start > i && view.is(start - 1, COMMA);
    (described || after_clause).then_some((
        Found {
            np,
            cue: Some(c),
            block: view.index,
            clause_end: Some(cue.end),
            appositive,
        },
        described,
    ))
}

/// "… but “A, B or C” are thought to contribute, according to the agency.": a sentence-final
/// attribution phrase after the quotation (closing at token `close`), with no other speech cue
/// between (cognition, "thought", is no attribution).
fn source_after(view: &View, close: usize) -> Option<Found> {
    let (_, end) = view.sentence_bounds(close.checked_sub(1)?);
    let c = (close..end)
        .take_while(|&k| !crate::at(view.quoted, k))
        .filter_map(|k| view.cue_at(k))
        .find(|&c| crate::at(view.cues, c).tier != Tier::Think)?;
    let cue = crate::at(view.cues, c);
    if cue.tier != Tier::Source || !view.is(cue.first - 1, COMMA) {
        return None;
    }
    let (np, _) = view.source_np(cue.end)?;
    Some(Found {
        np,
        cue: Some(c),
        block: view.index,
        clause_end: None,
        appositive: None,
    })
}

/// The attribution before a quotation opening at token `open`, in the same sentence.
fn before_quote(view: &View, open: usize) -> Option<(Found, bool)> {
    // "Barack Obama: “…”" — a name and a colon in place of a cue.
    if open >= 2 && crate::at(view.words, open - 1) == ":" {
        if let Some((np, start)) = view.np_ending_at(open - 2) {
            let sentence_start = start == 0
                || crate::at(view.sentence, start - 1) != crate::at(view.sentence, start);
            if sentence_start && matches!(np, Np::Person(_)) {
                return Some((
                    Found {
                        np,
                        cue: None,
                        block: view.index,
                        clause_end: None,
                        appositive: None,
                    },
                    true,
                ));
            }
        }
    }
    let c = view.cue_before(open)?;
    if crate::at(view.sentence, crate::at(view.cues, c).first) != crate::at(view.sentence, open)
        || crate::at(view.cues, c).tier == Tier::Think
    {
        return None;
    }
    let cue = crate::at(view.cues, c);
    // Next to the quotation: a few words and no punctuation between ("said he was “appalled”",
    // "called on the Prime Minister not to ‘…’").
    let adjacent = open - cue.end <= 8 && (cue.end..open).all(|k| view.is_word(k));
    if cue.tier == Tier::Quote && !adjacent {
        return None;
    }
    let found = |np, appositive| Found {
        np,
        cue: Some(c),
        block: view.index,
        clause_end: None,
        appositive,
    };
    if cue.impersonal {
        return view
            .impersonal_source(c)
            .map(|np| (found(np, None), adjacent));
    }
    if cue.tier == Tier::Source {
        return view
            .np_starting_at(cue.end)
            .map(|(np, _)| (found(np, None), adjacent));
    }
    if cue.clitic_subject {
        let clitic = after_last(view.token_text(cue.first), b'-');
        return pronoun(&normalize(clitic).0).map(|np| (found(np, None), adjacent));
    }
    if let Some((np, _, appositive)) = view.subject_before(cue.first) {
        return Some((found(np, appositive), adjacent));
    }
    if let Some((np, appositive)) = shared_subject(view, c) {
        return Some((found(np, appositive), adjacent));
    }
    // Cue then speaker then the quotation: "said the minister: “…”". After a verb that takes
    // a listener the phrase is the one spoken to ("warns Mr Johnson: “…”").
    if takes_listener(crate::at(view.words, cue.end - 1)) {
        return None;
    }
    let (np, end) = view.np_starting_at(cue.end)?;
    let next = view.words.get(end).map(|w| w.as_ref());
    (matches!(next, Some(":" | ",")) || end == open).then_some((found(np, None), adjacent))
}

/// The subject a cue shares with its sentence's main verb: a participle ("…, saying his
/// declaration “stemmed from the urgency”", "…, noting that …") or a verb coordinated with an
/// earlier one ("Earnest condemned the attack and said …"). The subject of the sentence's
/// earlier cue, else the sentence's subject.
fn shared_subject(view: &View, c: usize) -> Option<(Np, Option<(usize, usize)>)> {
    let cue = crate::at(view.cues, c);
    let before = cue.first.checked_sub(1).map(|k| crate::at(view.words, k));
    let participle = crate::at(view.words, cue.first).ends_with("ing");
    let coordinated = matches!(before, Some("and" | "but"));
    if !(participle || coordinated) {
        return None;
    }
    let earlier = view
        .cues
        .get(..c)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|e| crate::at(view.sentence, e.first) == crate::at(view.sentence, cue.first));
    for e in earlier {
        if let Some((np, _, appositive)) = view.subject_before(e.first) {
            return Some((np, appositive));
        }
    }
    view.sentence_subject(cue.first).map(|np| (np, None))
}

/// The reported clause governed by the cue `c`, as a token range, if any.
fn reported_clause(view: &View, c: usize, lang: &str) -> Option<(usize, usize)> {
    let english = lang == "en";
    let cue = crate::at(view.cues, c);
    let (sentence_start, mut end) = view.sentence_bounds(cue.first);
    // Drop the sentence's final punctuation.
    while end > cue.end && !view.is_word(end - 1) && !crate::at(view.quoted, end - 1) {
        end -= 1;
    }
    // "While X said …, the main clause": the report ends at the subordinate clause's comma,
    // when the cue is inside that clause: no comma closed it before the cue ("After the vote,
    // she said …" has its cue in the main clause).
    if view.is(sentence_start, SUBORDINATOR)
        && !(sentence_start..cue.first).any(|k| view.is(k, COMMA))
    {
        if let Some(comma) =
            (cue.end..end).find(|&k| view.is(k, COMMA) && !crate::at(view.quoted, k))
        {
            end = comma;
        }
    }
    let limit = (cue.end + 10).min(end);
    // The complementizer, unless a finite verb shows a bare clause before it ("said they were
    // not told that …").
    // A comma ends the search unless the complementizer follows it (German ", dass"): past it
    // starts another clause ("he added, espousing a theory that …").
    let complementizer = (cue.end..limit)
        .take_while(|&k| {
            !crate::at(view.quoted, k)
                && (k == cue.end || view.cue_at(k).is_none())
                && !view.is(k, FINITE_MARKER)
                && (!view.is(k, COMMA) || k + 1 < view.words.len() && view.is_complementizer(k + 1))
        })
        .find(|&k| view.is_complementizer(k));
    // "énonce les domaines que …", "explained the rules that …": after a direct object the
    // word is a relative pronoun, unless the verb takes a listener ("told the court that") or
    // the phrase is a time ("said the next day that"). Not in Spanish, whose subject often
    // follows the verb ("dijo el ministro que …").
    let relative = |k: usize| {
        matches!(lang, "en" | "fr")
            && k > cue.end
            && view.is(cue.end, DETERMINER)
            && !(cue.end + 1..k).any(|t| view.is(t, TIME_WORD) || crate::at(view.words, t) == "day")
            && !takes_listener(crate::at(view.words, cue.end - 1))
    };
    if let Some(k) = complementizer.filter(|&k| !relative(k)) {
        // "grumbling that, had they known …, they might …": the report starts after the comma
        // that opens a clause set off inside it.
        let start = if k + 1 < end && view.is(k + 1, COMMA) {
            k + 2
        } else {
            k + 1
        };
        return Some((start, end));
    }
    if !english || !matches!(cue.tier, Tier::Say | Tier::Speech) {
        return None;
    }
    // A bare clause: "Officials said Yoon had ordered …", "Grisham told CNN the trip was …".
    let mut start = cue.end;
    if crate::at(view.words, cue.first).starts_with("tel")
        || crate::at(view.words, cue.first) == "told"
    {
        if let Some((_, after)) = view.np_starting_at(start) {
            start = after;
        } else if view
            .words
            .get(start)
            .is_some_and(|&w| matches!(w, "reporters" | "journalists"))
        {
            start += 1;
        }
    }
    while start < end && view.is(start, TIME_WORD) {
        start += 1;
    }
    // "said he took …": a subject pronoun right after the cue starts a clause, as does the
    // expletive "there" before its verb ("said there was no evidence").
    let subject = start < end
        && end - start >= 3
        && (view.is(start, CLAUSE_SUBJECT_PRONOUN)
            || (crate::at(view.words, start) == "there" && view.is(start + 1, FINITE_MARKER)));
    if cue.tier == Tier::Speech {
        // A verb that otherwise reports only through "that" opens a clause with a subject
        // pronoun too ("stressed he had no proof", "announced she would run"): "he", "she",
        // "they" are never its object. Not "it", which may be ("explained it to them"). Its
        // participle only after a conjunction ("before announcing he would retire"), which
        // gives it the sentence's subject: after a noun or a comma it may describe what the
        // noun says ("theories suggesting he was", "records, stating they had").
        let participle = crate::at(view.words, cue.first).ends_with("ing");
        let governed = !participle || (cue.first > 0 && view.is(cue.first - 1, SUBORDINATOR));
        return (subject && governed && crate::at(view.words, start) != "it")
            .then_some((start, end));
    }
    if subject {
        return Some((start, end));
    }
    // A function word in capitals ("said US gun laws are …") is no stop word: it is read as an
    // acronym when the words are classified.
    if start >= end
        || !view.is_word(start)
        || crate::at(view.quoted, start)
        || view.is(start, NP_STOP) && !view.is(start, DETERMINER)
    {
        return None;
    }
    let window = (start + 1..(start + 10).min(end)).take_while(|&k| !crate::at(view.quoted, k));
    let mut window = window.peekable();
    window.peek()?;
    window
        .clone()
        .any(|k| {
            view.is(k, FINITE_MARKER) || crate::in_word_list(PAST_TENSES, crate::at(view.words, k))
        })
        .then_some((start, end))
}

/// Whether a speech verb takes the listener as its object ("told the court that", "warned
/// the public that", "assure les élus que").
fn takes_listener(word: &str) -> bool {
    [
        "tell", "told", "warn", "assur", "remind", "inform", "promis", "convinc", "persuad",
        "advis", "notif", "reassur", "rappel", "prévien", "prévenu", "averti",
    ]
    .iter()
    .any(|stem| word.starts_with(stem))
}

/// German reported speech without "dass": after the cue (and an inverted subject), a comma or
/// dash, then a clause in the subjunctive ("sagte, er habe nichts gewusst", "sagt Müller – aber
/// alle würden sich Mühe geben") or an indirect question ("fragte, warum …").
fn subjunctive_clause(view: &View, from: usize, c: usize) -> Option<(usize, usize)> {
    let cue = crate::at(view.cues, c);
    let (_, mut end) = view.sentence_bounds(cue.first);
    while end > from && !view.is_word(end - 1) && !crate::at(view.quoted, end - 1) {
        end -= 1;
    }
    let mut k = from;
    if k < end && pronoun_of(crate::at(view.classes, k)).is_some() {
        k += 1;
    }
    if !(k < end && view.is(k, CLAUSE_BREAK)) {
        return None;
    }
    k += 1;
    while k < end && view.is(k, GERMAN_CONJUNCTION) {
        k += 1;
    }
    if k >= end || crate::at(view.quoted, k) {
        return None;
    }
    let question = view.is(k, GERMAN_QUESTION_WORD);
    let subjunctive = (k..(k + 12).min(end))
        .take_while(|&i| !crate::at(view.quoted, i) && view.cue_at(i).is_none())
        .any(|i| view.is(i, GERMAN_SUBJUNCTIVE));
    (question || subjunctive).then_some((k, end))
}

/// German verb forms that mark reported speech (Konjunktiv I, and the Konjunktiv II forms that
/// stand in for it), none of them also an indicative form.
const GERMAN_SUBJUNCTIVES: &[u8] = word_list!(
    "sei seien habe hätte hätten wäre wären werde würde würden könne könnte könnten müsse müsste \
    müssten solle dürfe wolle gebe gäbe"
);

/// "As the doctor noted at the time, the risk was moderate": an attribution opened by "as" (or
/// "wie") reports the main clause after its comma, to the sentence end.
fn as_clause(view: &View, c: usize, subject_start: usize) -> Option<(usize, usize)> {
    let cue = crate::at(view.cues, c);
    let (start, mut end) = view.sentence_bounds(cue.first);
    // The subject may carry a description ("As CNN's chief medical correspondent Dr. S …").
    let opener = (subject_start.saturating_sub(8)..subject_start)
        .rev()
        .take_while(|&k| !crate::at(view.quoted, k) && !view.is(k, COMMA))
        .find(|&k| matches!(crate::at(view.words, k), "as" | "wie"))?;
    let opens_sentence =
        opener == start || (opener > 0 && crate::at(view.words, opener - 1) == "(");
    if !opens_sentence {
        return None;
    }
    let comma = (cue.end..(cue.end + 8).min(end))
        .take_while(|&k| !crate::at(view.quoted, k))
        .find(|&k| view.is(k, COMMA))?;
    while end > comma + 1 && !view.is_word(end - 1) && !crate::at(view.quoted, end - 1) {
        end -= 1;
    }
    Some((comma + 1, end))
}

/// The clause before "…, officials said." or "…, said a spokesman.": the sentence up to the
/// comma before the attribution, when the attribution ends the sentence (give or take a few
/// words: "told Reuters on Friday").
fn clause_before(view: &View, c: usize, subject_start: usize) -> Option<(usize, usize)> {
    let cue = crate::at(view.cues, c);
    let (start, end) = view.sentence_bounds(cue.first);
    if subject_start <= start + 3
        || !view.is(subject_start - 1, COMMA)
        || crate::at(view.quoted, subject_start - 1)
    {
        return None;
    }
    let tail_end = (cue.end..end).find(|&k| view.is(k, COMMA)).unwrap_or(end);
    let tail = (cue.end..tail_end).filter(|&k| view.is_word(k)).count();
    if tail > 6 || (cue.end..end).any(|k| crate::at(view.quoted, k)) {
        return None;
    }
    // "Many of the prisons, she said, are aging": an attribution set off inside the clause,
    // whose verb follows it. The report is the whole sentence, the attribution with it (a
    // report is one stretch of text).
    if tail_end + 1 < end && view.is(tail_end + 1, FINITE_MARKER) {
        let mut to = end;
        while to > tail_end + 1 && !view.is_word(to - 1) {
            to -= 1;
        }
        // "the panel, which, critics say, lacks experts": set off after a relative pronoun,
        // the attribution reports only the relative clause's verb phrase.
        let relative = subject_start >= start + 2
            && matches!(crate::at(view.words, subject_start - 2), "which" | "who");
        return Some((if relative { tail_end + 1 } else { start }, to));
    }
    Some((start, subject_start - 1))
}

/// Where a report ends when the sentence goes on to another attribution ("… was fine, and the
/// military said …"): before the conjunction or comma that opens it.
fn next_report_start(view: &View, from: usize, to: usize, c: usize) -> usize {
    for later in view
        .cues
        .get(c + 1..)
        .unwrap_or_default()
        .iter()
        .take_while(|l| l.first < to)
    {
        if later.first <= from {
            continue;
        }
        // "…, according to people who have spoken with them.": an attribution closing the
        // sentence is no part of the report before it (one set off by commas inside the
        // report is: "the plant, according to the files, was unsafe").
        if later.tier == Tier::Source && view.is(later.first - 1, COMMA) {
            let closing = view
                .source_np(later.end)
                .is_some_and(|(_, np_end)| !(np_end..to).any(|k| view.is(k, COMMA)));
            if closing {
                return later.first - 1;
            }
            continue;
        }
        if !matches!(later.tier, Tier::Say | Tier::Speech) {
            continue;
        }
        // "the source, who said he had seen it, told Reuters": the main verb after a comma
        // ends the relative clause's report.
        if view.is(later.first - 1, COMMA) {
            return later.first - 1;
        }
        // "He said he felt …, and explained that …": a cue joined by a comma and a conjunction
        // is a second verb of the attribution, which shares its subject; the first report
        // ends before it (after the mark of a quotation closing with the comma: …,” and).
        if later.first >= from + 3
            && matches!(crate::at(view.words, later.first - 1), "and" | "but")
        {
            let before = later.first - 2;
            if view.is(before, COMMA) {
                return before;
            }
            let closing = view.token_text(before).chars().all(super::quotes::is_mark);
            if closing && view.is(before - 1, COMMA) {
                return later.first - 1;
            }
        }
        if let Some((_, start, _)) = view.subject_before(later.first) {
            if start > from && matches!(crate::at(view.words, start - 1), "and" | "but" | "," | ";")
            {
                let mut end = start - 1;
                while end > from && matches!(crate::at(view.words, end - 1), "," | "and" | "but") {
                    end -= 1;
                }
                return end;
            }
        }
    }
    to
}

/// Attributes every quotation and finds indirect quotes.
pub fn attribute(
    blocks: &[Block],
    quotations: &[Quotation],
    people: &People,
    lang: &str,
) -> Attribution {
    attribute_with(
        blocks,
        &ArticleTokens::new(blocks),
        quotations,
        people,
        lang,
    )
}

/// [`attribute`] over the article's tokens as the analysis has them already.
pub fn attribute_with(
    blocks: &[Block],
    tokens: &ArticleTokens,
    quotations: &[Quotation],
    people: &People,
    lang: &str,
) -> Attribution {
    let mut changed = String::new();
    let mut tables = TokenTables::new(blocks, tokens, quotations, &mut changed);
    // The per-token lists are filled for every block before any view borrows them. Loops
    // rather than collects: the collect with the view's preparation inlined was the largest
    // iterator instance of the wasm build.
    tables.link_blocks(blocks, tokens, people, lang);
    let mut views: Vec<Option<View>> = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        views.push(carries_quotes(b.kind).then(|| View::new(i, b, tokens.block(i), &tables)));
    }
    let mut out = Attribution::default();
    let mut resolver = Resolver::new(people, lang == "en");
    // Quotations come in reading order: each block's are the next stretch of their list (see
    // `next_stretch`), not gathered into a list per block.
    let mut next_quotation = 0;
    // A quotation without pieces (none is made) reads as in block 0, where it is passed over.
    let quotation_block = |q: usize| {
        quotations
            .get(q)
            .map(|q| q.pieces.first().map_or(0, |p| p.block))
    };
    // The block's events (attributed in reading order), their speakers and their neighbours
    // to inherit from: three lists the blocks reuse, cleared for each, rather than allocated
    // and freed per block.
    let mut events: Vec<Event> = Vec::new();
    let mut resolved: Vec<Option<SpeakerRef>> = Vec::new();
    let mut neighbours: Vec<Option<usize>> = Vec::new();
    for view in views.iter().flatten() {
        // The quotations whose first piece is in this block.
        let qs = quotations
            .get(next_stretch(
                &mut next_quotation,
                view.index,
                &quotation_block,
            ))
            .unwrap_or_default();
        // A block without quotations or cues has no event: most blocks end here.
        if qs.is_empty() && view.cues.is_empty() {
            continue;
        }
        events.clear();
        // The person the previous paragraph ended on, if newer than the last speaker: a
        // paragraph of pure quotation after a paragraph introducing someone is theirs.
        // A person named in the sentence of the last attribution ("…,” said S, an adviser to
        // P.) is described there, not introduced. Only a block's quotations can use it.
        let introduced = if qs.is_empty() {
            None
        } else {
            resolver.scan_owed(&views, view.index, people);
            resolver
                .last_person
                .filter(|(_, at)| {
                    resolver
                        .last_speaker
                        .as_ref()
                        .is_none_or(|(_, s)| at > s && !same_sentence(&views, *at, *s))
                })
                .map(|(e, _)| SpeakerRef::Person(e))
        };
        // Whether the next quotation was merged into this one.
        let mut merged = false;
        for (n, quotation) in qs.iter().enumerate() {
            if core::mem::take(&mut merged) {
                continue;
            }
            let pieces = &quotation.pieces;
            let (Some(&first), Some(&last)) = (pieces.first(), pieces.last()) else {
                continue;
            };
            let open = view.token_at(first.open);
            let last_view = view_or(&views, last.block, view);
            let close = last_view.token_at(last.close_end);
            // A quotation running into the next word is a name or modifier there ("the
            // “Parasite” director said"): the clause after it is beside it but does not say it.
            let (mut found, mut adjacent) = match after_quote(last_view, close) {
                Some((f, adjacent)) if last.closed => {
                    let set_off =
                        is_set_off(last_view.text, &last) || last_view.cue_at(close).is_some();
                    (Some(f), adjacent && set_off)
                }
                _ => (None, false),
            };
            if found.is_none() {
                if let Some((f, adj)) = before_quote(view, open) {
                    found = Some(f);
                    adjacent = adj;
                }
            }
            if found.is_none() && last.block == view.index {
                found = source_after(view, close);
            }
            let mut text = quotation_text(blocks, pieces);
            let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(pieces.len());
            push_spans(&mut spans, pieces);
            // A split quote: “A,” he said, “B.” — the next quotation right after the clause.
            if let (Some(f), Some(next_quotation)) = (&found, qs.get(n + 1)) {
                let next = crate::at(&next_quotation.pieces, 0);
                if let Some(end) = f
                    .clause_end
                    .filter(|_| f.block == view.index && last.block == view.index)
                {
                    let next_open = view.token_at(next.open);
                    let gap = view
                        .words
                        .get(end.min(next_open)..next_open)
                        .unwrap_or_default();
                    // The clause ends with a comma or colon before the next piece, or with a
                    // full stop when the first piece did not end its sentence ("“A,” he wrote
                    // of Trump. “B.”", German „A“, sagt er. „B.“); nothing between is another
                    // cue or another sentence, and the next piece has no attribution of its
                    // own (“A,” he said. “B,” she replied.).
                    let first_continues = !text.ends_with(['.', '!', '?', '…']);
                    let closing = gap.last().map(|w| w.as_ref());
                    let next_last = next_quotation.pieces.last().copied().unwrap_or(next);
                    let next_attributed = next_last.closed
                        && next_last.block == view.index
                        && after_quote(view, view.token_at(next_last.close_end)).is_some();
                    let joins = next_open >= end
                        && gap.len() <= MAX_SPLIT_GAP
                        && (matches!(closing, Some("," | ":"))
                            || (closing == Some(".") && first_continues && !next_attributed))
                        && (end..next_open.saturating_sub(1)).all(|k| {
                            view.cue_at(k).is_none()
                                && !matches!(crate::at(view.words, k), "." | "!" | "?")
                        });
                    if joins {
                        push_spans(&mut spans, &next_quotation.pieces);
                        merged = true;
                        push_quotation_text(&mut text, blocks, &next_quotation.pieces);
                    }
                }
            }
            // Only whether the quotation has fewer words than a quote needs matters: the count
            // stops there instead of reading every word of a long quotation.
            let words = count_alphanumeric_words(&text, MIN_QUOTE_WORDS);
            let imagined = view.cue_before(open).is_some_and(|c| {
                let cue = crate::at(view.cues, c);
                cue.hypothetical && open - cue.end <= 2
            });
            events.push(Event {
                at: first.open,
                kind: QuoteKind::Direct,
                text,
                spans,
                found,
                words,
                adjacent,
                imagined,
                attributes_only: false,
            });
        }
        for (c, cue) in view.cues.iter().enumerate() {
            if !matches!(cue.tier, Tier::Say | Tier::Speech | Tier::Source) {
                continue;
            }
            let Some(event) = indirect(view, c, lang) else {
                continue;
            };
            events.push(event);
        }
        // Most blocks have no event, or one: already in order, without the sort's two vectors.
        if events.len() > 1 {
            crate::text::sort_by_u64_key(&mut events, |e| e.at as u64);
        }
        let mut resolve = |e: &Event| {
            let f = e.found.as_ref()?;
            let speaker = resolver.resolve(f, e.at, view, &views, people, &mut out);
            if let (Some(SpeakerRef::Person(p)), Some((a, b))) = (&speaker, f.appositive) {
                let v = views.get(f.block)?.as_ref()?;
                if let Some(title) = appositive_title(v, a, b) {
                    out.appositive_titles.or_insert(*p, title);
                }
            }
            speaker
        };
        resolved.clear();
        for e in &events {
            resolved.push(resolve(e));
        }
        // Asked only of an unattributed quotation without a neighbour to inherit from: most
        // blocks need no scan of their tokens for it.
        let only_quotation = || {
            view.tokens
                .iter()
                .enumerate()
                .all(|(i, t)| crate::at(view.quoted, i) || t.kind == TokenKind::Punct)
        };
        nearest_attributed(&events, &resolved, &mut neighbours);
        // The block's last quote with a speaker, by its index in `out.quotes`: its speaker is
        // cloned once, after the block, not at every quote.
        let mut last_in_block = None;
        // The latest kept indirect report with a speaker, as (its end byte, its event): a
        // partial quotation opening inside it ("She said the plan would “ruin” the town") is
        // the reported speaker's wording, attributed as if next to the verb. The events are in
        // order, so one report carried along serves the block.
        let mut report: Option<(usize, usize)> = None;
        // The events are not needed after this loop: their texts and spans move into the
        // quotes instead of being copied, taken out of the events in place (an event moved out
        // of the list is a copy of its bytes, twice, in the wasm build).
        for (n, event) in events.iter_mut().enumerate() {
            let mut speaker = resolved.get(n).cloned().flatten();
            if speaker.is_none() && event.kind == QuoteKind::Direct && event.found.is_none() {
                // The nearest attributed quote of the paragraph, else the previous speaker for a
                // paragraph that is all quotation, else the subject of a speech verb earlier in
                // the paragraph ("The bill sets out the goals. They include “…”").
                speaker = match crate::at(&neighbours, n) {
                    Some(k) => resolved.get(k).cloned().flatten(),
                    None if only_quotation() => introduced
                        .clone()
                        .or_else(|| resolver.last_speaker.clone().map(|(s, _)| s)),
                    None => earlier_cue_subject(view, view.token_at(event.at)).and_then(|f| {
                        resolver.resolve(&f, event.at, view, &views, people, &mut out)
                    }),
                };
            }
            // Imagined speech ("as if to say “…”") is nobody's quote, and a report that only
            // attributes the quotations inside it is none of its own.
            let hypothetical = event.found.as_ref().is_some_and(|f| {
                let v = view_or(&views, f.block, view);
                f.cue.is_some_and(|c| crate::at(v.cues, c).hypothetical)
            });
            if hypothetical || event.imagined {
                continue;
            }
            // A report after its verb makes a quotation opening inside it the reported speaker's
            // wording (`reported` below), also when it is mostly quotation and no quote of its
            // own. Only after its verb: in a clause before the verb ("… against “criminals”, a
            // source said") a quoted word is as often a third party's label.
            if event.kind == QuoteKind::Indirect && speaker.is_some() {
                let verb_first = event
                    .found
                    .as_ref()
                    .and_then(|f| f.cue)
                    .is_some_and(|c| crate::at(view.cues, c).first < view.token_at(event.at));
                if verb_first {
                    let end = event.spans.first().map_or(event.at, |&(_, _, end)| end);
                    report = Some((end, n));
                }
            }
            if event.attributes_only {
                continue;
            }
            let reported = (event.kind == QuoteKind::Direct)
                .then_some(report)
                .flatten()
                .filter(|&(end, _)| event.at < end)
                .map(|(_, k)| k);
            if speaker.is_none() {
                speaker = reported.and_then(|k| resolved.get(k).cloned().flatten());
            }
            // Scare quotes, titles and nicknames: short and not next to a cue nor inside a
            // report.
            if event.kind == QuoteKind::Direct
                && event.words < MIN_QUOTE_WORDS
                && !((event.adjacent || reported.is_some()) && speaker.is_some())
            {
                continue;
            }
            // Titles and nicknames ("the candidate he calls “Mini Mike.”"): unless a speech
            // verb right next to it says someone spoke them.
            let spoken = event.adjacent
                && event.found.as_ref().is_some_and(|f| {
                    let v = view_or(&views, f.block, view);
                    f.cue.is_some_and(|c| {
                        matches!(crate::at(v.cues, c).tier, Tier::Say | Tier::Speech)
                    })
                });
            // A title has a capital: short lower-case words ("had to") are no title for want
            // of a longer word.
            let titled =
                looks_like_title(&event.text) && event.text.chars().any(char::is_uppercase);
            // A work named or a term mentioned ("the film “…”", "the phrase “…”", the word
            // before the opening mark in this block): unless a cue right next to it says
            // someone called it so ("called the film “a triumph”").
            let mentioned =
                follows_mention_word(view.text, event.at) && !(speaker.is_some() && event.adjacent);
            if event.kind == QuoteKind::Direct
                && ((titled && !(speaker.is_some() && spoken)) || mentioned)
            {
                continue;
            }
            if speaker.is_some() {
                last_in_block = Some(out.quotes.len());
            }
            let described = matches!(speaker, Some(SpeakerRef::Person(_)))
                && event
                    .found
                    .as_ref()
                    .is_some_and(|f| matches!(f.np, Np::Phrase(..)));
            // The cue's text, made only for a quote kept; a first-person speaker's cue is not
            // shown.
            let cue = event
                .found
                .as_ref()
                .filter(|f| f.np != Np::FirstPerson)
                .and_then(|f| Some(cue_text(view_or(&views, f.block, view), f.cue?)));
            out.quotes.push(AttributedQuote {
                kind: event.kind,
                text: core::mem::take(&mut event.text),
                pieces: core::mem::take(&mut event.spans),
                speaker,
                described,
                cue,
            });
        }
        // The rest of the block is scanned for subjects when a later block needs them (see
        // `Resolver::owed`).
        // A quotation over several paragraphs is its speaker's to its last one: a person named
        // in the blocks it spans (or in what the page put between them) is not introduced after
        // it.
        let last = last_in_block
            .and_then(|q| out.quotes.get(q))
            .and_then(|quote| Some((quote.speaker.as_ref()?, quote.pieces.last()?.0)));
        if let Some((s, block)) = last {
            let spans_blocks = block > view.index;
            if spans_blocks
                || resolver
                    .last_speaker
                    .as_ref()
                    .is_none_or(|(last, _)| last != s)
            {
                let block = block.max(view.index);
                let end = blocks.get(block).map_or(view.text.len(), |b| b.text.len());
                resolver.last_speaker = Some((s.clone(), (block, end)));
            }
        }
    }
    adopt_repeated_speakers(&mut out.quotes);
    out
}

/// The items of a list in reading order that lie in block `block`, the list read from item
/// `*next` on, which moves past them; `block_of(k)` is item `k`'s block, `None` past the list's
/// end. Asked for blocks in increasing order, the stretches cover the list once: linear, where a
/// list per block cost an allocation each. One instance for every list, through `dyn`.
fn next_stretch(
    next: &mut usize,
    block: usize,
    block_of: &dyn Fn(usize) -> Option<usize>,
) -> core::ops::Range<usize> {
    // One walk: an earlier block's item moves the stretch's start past it.
    let mut from = *next;
    while let Some(b) = block_of(*next).filter(|&b| b <= block) {
        *next += 1;
        if b < block {
            from = *next;
        }
    }
    from..*next
}

/// Appends the (block, start, end) span of each of `pieces` to `spans`.
fn push_spans(spans: &mut Vec<(usize, usize, usize)>, pieces: &[Piece]) {
    for p in pieces {
        spans.push((p.block, p.start, p.end));
    }
}

/// The subject of the last speech cue of the block before token `at`, in an earlier sentence.
fn earlier_cue_subject(view: &View, at: usize) -> Option<Found> {
    let c = view.cue_before(at)?;
    let cue = crate::at(view.cues, c);
    if !matches!(cue.tier, Tier::Say | Tier::Speech) || cue.hypothetical {
        return None;
    }
    let (np, _, appositive) = view.subject_before(cue.first)?;
    Some(Found {
        np,
        cue: Some(c),
        block: view.index,
        clause_end: None,
        appositive,
    })
}

/// Whether any of tokens `from..to` lies inside a quotation, by a list of quoted flags.
fn any_quoted(quoted: &[bool], from: usize, to: usize) -> bool {
    quoted.get(from..to).unwrap_or_default().iter().any(|&q| q)
}

/// The view of block `block`, or `fallback` when that block has none.
fn view_or<'v, 'a>(
    views: &'v [Option<View<'a>>],
    block: usize,
    fallback: &'v View<'a>,
) -> &'v View<'a> {
    views
        .get(block)
        .and_then(Option::as_ref)
        .unwrap_or(fallback)
}

/// Whether two places (block, byte) lie in the same sentence.
fn same_sentence(views: &[Option<View>], a: (usize, usize), b: (usize, usize)) -> bool {
    let Some(view) = views.get(a.0).and_then(Option::as_ref) else {
        return false;
    };
    let sentence = |at: usize| {
        view.sentence
            .get(view.token_at(at).min(view.tokens.len().saturating_sub(1)))
            .copied()
    };
    a.0 == b.0 && sentence(a.1).is_some() && sentence(a.1) == sentence(b.1)
}

/// For each event, the nearest other event of the block with a speaker that an unattributed
/// quotation may inherit: an earlier one of any kind or a later direct quote, the earlier one on
/// a tie; written to `nearest`, the caller's list, cleared first. Two passes over the block: a
/// search per event was quadratic on a block of thousands of quotations.
fn nearest_attributed(
    events: &[Event],
    resolved: &[Option<SpeakerRef>],
    nearest: &mut Vec<Option<usize>>,
) {
    // Forwards: the nearest earlier event with a speaker. Plain loops over one vector: at
    // opt-level "z" zipping a second one into the answer is a collect instance of its own.
    nearest.clear();
    let mut last = None;
    for (k, speaker) in resolved.iter().enumerate() {
        nearest.push(last);
        if speaker.is_some() {
            last = Some(k);
        }
    }
    // Backwards: the nearest later direct quote with a speaker, where it is nearer.
    let mut next = None;
    for k in (0..nearest.len().min(events.len())).rev() {
        if let Some(a) = next {
            let slot = crate::at_mut(nearest, k);
            *slot = match *slot {
                Some(b) if k - b <= a - k => Some(b),
                _ => Some(a),
            };
        }
        if resolved.get(k).is_some_and(Option::is_some)
            && events.get(k).is_some_and(|e| e.kind == QuoteKind::Direct)
        {
            next = Some(k);
        }
    }
}

/// The fewest words a quotation needs to be recognised inside another one (a pull quote, a
/// headline quoting the body): shorter ones are common phrases.
const MIN_REPEATED_WORDS: usize = 3;

/// How many places of one word triple are tried for the quotations it opens: a bound on the
/// work per quotation.
const MAX_TRIPLE_SITES: usize = 8;

/// The comparable words of quotations: each quotation's runs of letters and digits,
/// lower-cased, so that two occurrences of a quotation compare equal whatever their marks and
/// commas. All words live in one buffer, each followed by one space, rather than in a `String`
/// each: a run of consecutive words is then one slice of the buffer, what
/// [`adopt_repeated_speakers`] uses as its triple keys and compares passages by.
#[derive(Default)]
struct QuoteWords {
    /// Every word, lower-cased, each followed by one space.
    text: String,
    /// Each word's byte range in `text`, its space excluded.
    words: Vec<(usize, usize)>,
}

impl QuoteWords {
    /// Appends the words of `text` and returns their range of word indices.
    fn push(&mut self, text: &str) -> (usize, usize) {
        let first = self.words.len();
        let bytes = text.as_bytes();
        // Where the word being read starts in `self.text`, while one is.
        let mut start: Option<usize> = None;
        let mut i = 0;
        // Byte by byte, characters decoded only beyond ASCII: quotations are long, and most of
        // their characters are ASCII. A run of ASCII words with one space between each is
        // already in the buffer's form once lowered: it is copied and lowered in one go, its
        // words recorded as the run is read. Any other letter or digit is lowered into the
        // buffer a character at a time as it is read.
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_alphanumeric() {
                // Where the run's copy starts in the buffer, and the word being read there.
                let base = self.text.len();
                let mut word = start.unwrap_or(base);
                let mut end = i + 1;
                loop {
                    match bytes.get(end) {
                        Some(c) if c.is_ascii_alphanumeric() => end += 1,
                        Some(b' ') if bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                            let space = base + (end - i);
                            self.words.push((word, space));
                            word = space + 1;
                            end += 1;
                        }
                        _ => break,
                    }
                }
                start = Some(word);
                crate::text::push_ascii_lower(&mut self.text, crate::slice(text, i, end));
                i = end;
                continue;
            }
            let (lowered, len) = if b.is_ascii() {
                (None, 1)
            } else {
                match text.get(i..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (
                        c.is_alphanumeric().then(|| crate::text::lower_char(c)),
                        c.len_utf8(),
                    ),
                    None => (None, 1),
                }
            };
            match lowered {
                Some(c) => {
                    start.get_or_insert(self.text.len());
                    self.text.push(c);
                }
                None => {
                    if let Some(s) = start.take() {
                        self.end_word(s);
                    }
                }
            }
            i += len;
        }
        if let Some(s) = start {
            self.end_word(s);
        }
        (first, self.words.len())
    }

    /// Ends the word that starts at `start` in the buffer: records it and appends its space.
    fn end_word(&mut self, start: usize) {
        self.words.push((start, self.text.len()));
        self.text.push(' ');
    }

    /// Words `from..to`, one space between each (empty when there are none). Words hold no
    /// spaces, so two such passages are equal exactly when their words are.
    fn passage(&self, from: usize, to: usize) -> &str {
        if from >= to {
            return "";
        }
        match (self.words.get(from), self.words.get(to - 1)) {
            (Some(first), Some(last)) => self.text.get(first.0..last.1).unwrap_or_default(),
            _ => "",
        }
    }
}

/// Quotations without a cue that open with the same word triple, and how many places of that
/// triple in attributed quotations have been tried for them (at most [`MAX_TRIPLE_SITES`]).
#[derive(Default)]
struct Repeats {
    quotes: Vec<usize>,
    sites: usize,
}

/// A quotation repeated without its cue (a pull quote, a heading, a headline quoting part of the
/// body) takes the speaker of an occurrence that has one: the whole quotation, or a passage of
/// a longer one. Occurrences attributed by their own cue are preferred to inherited ones.
///
/// The repeats are indexed by their first word triple and the attributed quotations' triples
/// looked up in that index, rather than the other way round: repeats are few, so most articles
/// need no index of every triple of every quotation.
fn adopt_repeated_speakers(quotes: &mut [AttributedQuote]) {
    let is_source = |q: &AttributedQuote| q.kind == QuoteKind::Direct && q.speaker.is_some();
    let is_repeat = |q: &AttributedQuote| q.kind == QuoteKind::Direct && q.cue.is_none();
    // Only quotations on either side of a match need their words: each quotation's range of
    // word indices in `words`, empty for the others. The repeats' words come first: an
    // article without a repeat of three words needs no words of its attributed quotations.
    let mut words = QuoteWords::default();
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(quotes.len());
    for quote in quotes.iter() {
        ranges.push(if is_repeat(quote) {
            words.push(&quote.text)
        } else {
            (0, 0)
        });
    }
    // First word triple of the repeats -> index into `groups`.
    let mut firsts = KeyTable::new();
    let mut groups: Vec<Repeats> = Vec::new();
    // The byte lengths of those triples, modulo 64, a bit each: most triples of the attributed
    // quotations have none of them and are neither sliced nor looked up.
    let length_bit = |len: usize| 1u64.wrapping_shl(len as u32);
    let mut lengths = 0;
    for (t, quote) in quotes.iter().enumerate() {
        let (first, end) = crate::at(&ranges, t);
        if !is_repeat(quote) || end - first < MIN_REPEATED_WORDS {
            continue;
        }
        let key = words.passage(first, first + MIN_REPEATED_WORDS);
        lengths |= length_bit(key.len());
        let group = match firsts.get(key).and_then(|g| usize::try_from(g).ok()) {
            Some(g) if g < groups.len() => g,
            _ => {
                firsts.insert(key, groups.len() as u64);
                groups.push(Repeats::default());
                groups.len() - 1
            }
        };
        crate::at_mut(&mut groups, group).quotes.push(t);
    }
    if groups.is_empty() {
        return;
    }
    for (q, quote) in quotes.iter().enumerate() {
        if is_source(quote) && !is_repeat(quote) {
            *crate::at_mut(&mut ranges, q) = words.push(&quote.text);
        }
    }
    // The quotation each repeat takes its speaker from: the first place of its triple, among
    // the first few in reading order with cued quotations first, that the whole repeat follows.
    let mut origins: Vec<Entry> = vec![None; quotes.len()];
    for cued in [true, false] {
        for (q, quote) in quotes.iter().enumerate() {
            if !is_source(quote) || quote.cue.is_some() != cued {
                continue;
            }
            let (first, end) = crate::at(&ranges, q);
            for at in first..end.saturating_sub(MIN_REPEATED_WORDS - 1).max(first) {
                // The triple's length read off its first and last words' places: the passage
                // is sliced (a `str::get` call in the wasm) only at a length a repeat has. In
                // place rather than through a method beside `passage`: +18 B gzip more.
                let key_len = match (
                    words.words.get(at),
                    words.words.get(at + MIN_REPEATED_WORDS - 1),
                ) {
                    (Some(first_word), Some(last_word)) => last_word.1.saturating_sub(first_word.0),
                    _ => 0,
                };
                if lengths & length_bit(key_len) == 0 {
                    continue;
                }
                let key = words.passage(at, at + MIN_REPEATED_WORDS);
                let group = firsts
                    .get(key)
                    .and_then(|g| groups.get_mut(usize::try_from(g).ok()?));
                let Some(group) = group.filter(|g| g.sites < MAX_TRIPLE_SITES) else {
                    continue;
                };
                group.sites += 1;
                for &t in &group.quotes {
                    let (t_first, t_end) = crate::at(&ranges, t);
                    let len = t_end - t_first;
                    if crate::at(&origins, t).is_none()
                        && q != t
                        && end - at >= len
                        && words.passage(at, at + len) == words.passage(t_first, t_end)
                    {
                        *crate::at_mut(&mut origins, t) = entry(q);
                    }
                }
            }
        }
    }
    let adopted: Vec<(usize, SpeakerRef)> = origins
        .iter()
        .enumerate()
        .filter_map(|(t, origin)| {
            Some((
                t,
                quotes
                    .get(origin.map(NonZeroUsize::get)? - 1)?
                    .speaker
                    .clone()?,
            ))
        })
        .collect();
    for (t, speaker) in adopted {
        crate::at_mut(quotes, t).speaker = Some(speaker);
    }
}

/// The fewest words of a direct quotation that is not a scare quote, title or nickname, unless
/// a cue right next to it attributes it.
const MIN_QUOTE_WORDS: usize = 4;

/// A candidate quote in a block.
struct Event {
    at: usize,
    kind: QuoteKind,
    text: String,
    spans: Vec<(usize, usize, usize)>,
    found: Option<Found>,
    /// How many words it has: an indirect report's word tokens; a direct quotation's
    /// whitespace-separated words with a letter or digit, counted up to [`MIN_QUOTE_WORDS`].
    words: usize,
    adjacent: bool,
    /// Whether a hypothetical cue introduces it ("as if to say “…”"), attributed or not.
    imagined: bool,
    /// Whether it only attributes the quotations inside it, no quote of its own: a reported
    /// clause that is mostly quotation ("said he felt he “had to” because “no one else
    /// would,”"), whose quotations are the speaker's all the same.
    attributes_only: bool,
}

fn cue_text(view: &View, c: usize) -> String {
    let cue = crate::at(view.cues, c);
    let (a, b) = view.bytes(cue.first, cue.end);
    crate::slice(view.text, a, b).to_string()
}

/// A quoted passage that reads as a title of a work: every longer word capitalised and no
/// sentence punctuation inside ("The Lord of the Rings", "Mini Mike." with the American full stop
/// inside the marks).
fn looks_like_title(text: &str) -> bool {
    // Bytes rather than `char` patterns: the marks are ASCII, and a `char` array pattern decodes
    // and compares every character of every quotation through calls in the wasm.
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > 0 && matches!(bytes.get(end - 1), Some(b'.' | b',')) {
        end -= 1;
    }
    let (text, body) = (
        text.get(..end).unwrap_or_default(),
        bytes.get(..end).unwrap_or_default(),
    );
    // Punctuation first: it settles most quotations without splitting them into words.
    !body
        .iter()
        .any(|b| matches!(b, b'.' | b',' | b'!' | b'?' | b';'))
        && whitespace_words(text).nth(8).is_none()
        && whitespace_words(text)
            .filter(|w| crate::text::char_count(w) > 3)
            .all(starts_upper)
}

/// The role an appositive gives: without its determiner, cut before a relative or participle
/// clause ("a researcher at the Stimson Center based in Washington" -> "researcher at the
/// Stimson Center").
fn appositive_title(view: &View, from: usize, to: usize) -> Option<String> {
    let mut a = from;
    if view.is(a, DETERMINER) {
        a += 1;
    }
    let mut b = a;
    while b < to && !view.is(b, APPOSITIVE_END) {
        b += 1;
    }
    (b > a && b - a <= 12).then(|| {
        let (s, e) = view.bytes(a, b);
        crate::slice(view.text, s, e).to_string()
    })
}

/// An indirect quote governed by cue `c`, if the cue reports a clause.
fn indirect(view: &View, c: usize, lang: &str) -> Option<Event> {
    let cue = crate::at(view.cues, c);
    if cue.hypothetical {
        return None;
    }
    let (np, appositive, from, to) = if cue.tier == Tier::Source {
        let (np, end) = view.source_np(cue.end)?;
        let sentence = crate::at(view.sentence, cue.first);
        let comma_before = cue.first > 0 && view.is(cue.first - 1, COMMA);
        // Where the report after the phrase starts: past its comma, or past an appositive
        // ("according to the Council, an industry body, tourism …"). None when a phrase set
        // off after the report has an appositive that ends the sentence ("…, according to the
        // Council, an industry body."): then it reports what comes before.
        let mut report_after = None;
        if view.classes.get(end).is_some_and(|c| c & COMMA != 0) {
            report_after = Some(end);
            if end + 1 < view.tokens.len() && view.is(end + 1, DETERMINER) {
                let reach = (end + 12).min(view.tokens.len());
                match (end + 2..reach)
                    .find(|&k| view.is(k, COMMA) || crate::at(view.sentence, k) != sentence)
                {
                    Some(k) if view.is(k, COMMA) => report_after = Some(k),
                    Some(_) if comma_before => report_after = None,
                    None if comma_before && reach == view.tokens.len() => report_after = None,
                    _ => {}
                }
            }
        }
        if let Some(end) = report_after {
            let mut to = view.sentence_bounds(end).1;
            while to > end + 1 && !view.is_word(to - 1) && !crate::at(view.quoted, to - 1) {
                to -= 1;
            }
            (np, None, end + 1, to)
        } else if comma_before {
            let from = view.sentence_bounds(cue.first - 1).0;
            (np, None, from, cue.first - 1)
        } else {
            return None;
        }
    } else {
        // `inverted`: the token after a subject that follows the cue.
        let (np, appositive, subject_start, inverted) = if cue.impersonal {
            (view.impersonal_source(c)?, None, cue.first, None)
        } else if cue.clitic_subject {
            let clitic = after_last(view.token_text(cue.first), b'-');
            (
                pronoun(&normalize(clitic).0)?,
                None,
                cue.first,
                Some(cue.end),
            )
        } else {
            match view.subject_before(cue.first) {
                Some((np, start, appositive)) => (np, appositive, start, None),
                None if shared_subject(view, c).is_some() => {
                    let (np, appositive) = shared_subject(view, c)?;
                    (np, appositive, cue.first, None)
                }
                None => {
                    // "…, said a spokesman." — the speaker after the cue.
                    let (np, end) = view.np_starting_at(cue.end)?;
                    (np, None, cue.first, Some(end))
                }
            }
        };
        // With the speaker after the cue, the report comes before it, or (in German) after it
        // in the subjunctive ("…, sagt Müller – aber alle würden sich Mühe geben").
        let subjunctive = |from| (lang == "de").then(|| subjunctive_clause(view, from, c));
        let after = match inverted {
            Some(end) => subjunctive(end).flatten(),
            None => as_clause(view, c, subject_start)
                .or_else(|| reported_clause(view, c, lang))
                .or_else(|| subjunctive(cue.end).flatten()),
        };
        let (from, to) = after.or_else(|| clause_before(view, c, subject_start))?;
        let to = next_report_start(view, from, to, c);
        (np, appositive, from, to)
    };
    if np == Np::FirstPerson || to <= from || to - from < 3 || crate::at(view.quoted, from) {
        return None;
    }
    // Both counts in one walk over the report's stretch of the token lists, read in place:
    // `View::is_word` and `crate::at` are calls per token in the wasm.
    let (mut words, mut quoted_words) = (0, 0);
    let stretch = (view.tokens.get(from..to).unwrap_or_default().iter())
        .zip(view.quoted.get(from..to).unwrap_or_default());
    for (token, &quoted) in stretch {
        let word = token.kind == TokenKind::Word;
        words += usize::from(word);
        quoted_words += usize::from(word && quoted);
    }
    if words < 3 {
        return None;
    }
    let (mut start, end) = view.bytes(from, to);
    // "qu’il quitterait": the report starts with the subject elided into the complementizer.
    if let Some(k) = from
        .checked_sub(1)
        .filter(|&k| crate::at(view.words, k).starts_with("qu'"))
    {
        let token = view.token_text(k);
        if let Some((at, mark)) = token.char_indices().find(|&(_, c)| c == '\'' || c == '’') {
            if at + mark.len_utf8() < token.len() {
                start = crate::at(view.tokens, k).start + at + mark.len_utf8();
            }
        }
    }
    let text = crate::text::collapse_whitespace(crate::slice(view.text, start, end));
    Some(Event {
        at: start,
        kind: QuoteKind::Indirect,
        text,
        spans: vec![(view.index, start, end)],
        found: Some(Found {
            np,
            cue: Some(c),
            block: view.index,
            clause_end: None,
            appositive,
        }),
        words,
        adjacent: true,
        imagined: false,
        attributes_only: quoted_words * 2 >= words,
    })
}

/// Named people by the words of their names, built once per article, so that a partial or
/// described name finds its person without scanning every person. Flat lists rather than a
/// vector per name and per name word: the index is built for every article and every caption
/// pass, and its allocations were most of its cost.
struct NameIndex<'p> {
    /// Every named person's name split into words, person after person.
    words: Vec<&'p str>,
    /// Where each person's words start in `words`, and one past the last person's end (an
    /// unnamed person has none).
    name_starts: Vec<usize>,
    /// Each distinct name word's number, in order of first appearance.
    numbers: KeyTable,
    /// (word number << 32 | person) for each person whose name holds the word, sorted: the
    /// people of one word are one stretch, in entity order (at most [`MAX_NAMESAKES`]).
    namesakes: Vec<u64>,
    /// Where each word number's stretch starts in `namesakes`, and one past the last one's end.
    word_starts: Vec<usize>,
}

/// How many people sharing one name word are considered: a bound on the work per lookup.
const MAX_NAMESAKES: usize = 32;

impl<'p> NameIndex<'p> {
    fn new(people: &'p People) -> NameIndex<'p> {
        let mut words = Vec::new();
        let mut name_starts = Vec::with_capacity(people.entities.len() + 1);
        let mut bytes = 0;
        for p in &people.entities {
            name_starts.push(words.len());
            if p.named {
                for word in whitespace_words(&p.name) {
                    bytes += word.len();
                    words.push(word);
                }
            }
        }
        name_starts.push(words.len());
        let mut numbers = KeyTable::with_capacity(words.len(), bytes);
        // Per word number: the last person entered for it and how many were.
        let mut entered: Vec<(usize, usize)> = Vec::new();
        let mut namesakes = Vec::with_capacity(words.len());
        for e in 0..people.entities.len() {
            for &word in words.get(between(&name_starts, e)).unwrap_or_default() {
                // A word's number is its value in `numbers`, which `namesakes` reads back.
                let n = match numbers.get(word) {
                    Some(n) => n as usize,
                    None => {
                        numbers.insert(word, entered.len() as u64);
                        entered.push((usize::MAX, 0));
                        entered.len() - 1
                    }
                };
                let Some((last, count)) = entered.get_mut(n) else {
                    continue;
                };
                if *last != e && *count < MAX_NAMESAKES {
                    *last = e;
                    *count += 1;
                    namesakes.push((n as u64) << 32 | e as u64);
                }
            }
        }
        crate::text::sort_u64s(&mut namesakes);
        // Every word number has a stretch: its first person always enters.
        let mut word_starts = Vec::with_capacity(entered.len() + 1);
        for (k, &key) in namesakes.iter().enumerate() {
            if word_starts.len() <= (key >> 32) as usize {
                word_starts.push(k);
            }
        }
        word_starts.push(namesakes.len());
        NameIndex {
            words,
            name_starts,
            numbers,
            namesakes,
            word_starts,
        }
    }

    /// The index in `slot`, built from `people` on first use. A function of the slot rather
    /// than a method of the resolver, so that the resolver's other fields stay free to borrow
    /// beside it.
    fn built<'s>(slot: &'s mut Option<NameIndex<'p>>, people: &'p People) -> &'s NameIndex<'p> {
        slot.get_or_insert_with(|| NameIndex::new(people))
    }

    /// Person `entity`'s name split into words (none for an unnamed or unknown person).
    fn name(&self, entity: usize) -> &[&'p str] {
        self.words
            .get(between(&self.name_starts, entity))
            .unwrap_or_default()
    }

    /// The people whose names hold `word`, as (word number << 32 | person) entries.
    fn namesakes(&self, word: &str) -> &[u64] {
        let Some(n) = self.numbers.get(word) else {
            return &[];
        };
        self.namesakes
            .get(between(&self.word_starts, n as usize))
            .unwrap_or_default()
    }

    /// The named person `phrase` refers to: one whose name holds the phrase ("Lee" for "Lee
    /// Jae-myung") or is held in it ("Department deputy spokesperson Vedant Patel"); with
    /// `only_fuller`, only a person whose longer name starts with the phrase (a surname alone is
    /// the people finder's call: "Obama" need not be "Michelle Obama"). Among several, the one
    /// mentioned last before here (news writing shortens the name of the person just
    /// introduced); none when several fit and none has been mentioned yet.
    fn find(
        &self,
        phrase: &[&str],
        only_fuller: bool,
        seen: &[Option<(usize, usize)>],
    ) -> Option<usize> {
        let contains = |long: &[&str], short: &[&str]| {
            !short.is_empty() && long.windows(short.len()).any(|w| w == short)
        };
        let mut best: Option<usize> = None;
        let mut fits = 0;
        let mut tried: Vec<usize> = Vec::new();
        for word in phrase {
            for &key in self.namesakes(word) {
                let e = (key & 0xFFFF_FFFF) as usize;
                if tried.contains(&e) {
                    continue;
                }
                tried.push(e);
                let name = self.name(e);
                let fit = if only_fuller {
                    name.len() > phrase.len() && name.starts_with(phrase)
                } else {
                    contains(name, phrase) || contains(phrase, name)
                };
                if !fit {
                    continue;
                }
                fits += 1;
                best = match best {
                    Some(b) if last_seen(seen, b) >= last_seen(seen, e) => Some(b),
                    _ => Some(e),
                };
            }
        }
        best.filter(|&b| fits == 1 || last_seen(seen, b).is_some())
    }
}

/// Whether `word` lower-cased ([`crate::text::lower`]) starts with `stem`: compared a
/// character at a time, without a lower-cased copy of the word.
fn lowered_starts_with(word: &str, stem: &str) -> bool {
    let mut chars = word.chars();
    stem.chars().all(|s| {
        chars
            .next()
            .is_some_and(|c| crate::text::lower_char(c) == s)
    })
}

/// Where person `entity` was last mentioned, from a list indexed by entity.
fn last_seen(seen: &[Option<(usize, usize)>], entity: usize) -> Option<(usize, usize)> {
    seen.get(entity).copied().flatten()
}

/// The named person whose name holds the capitalised phrase `from..to` of `view`, or is held
/// in it (see [`NameIndex::find`]).
fn partial_name(
    view: &View,
    from: usize,
    to: usize,
    names: &NameIndex,
    seen: &[Option<(usize, usize)>],
) -> Option<usize> {
    if (from..to).any(|k| !view.is_word(k) || !view.upper(k)) {
        return None;
    }
    // Tabloids set names in capitals ("THERESA VILLIERS says"): compare them as names.
    let words: Vec<Cow<str>> = (from..to)
        .map(|k| people::title_case(view.token_text(k)))
        .collect();
    let phrase: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
    names.find(&phrase, false, seen)
}

/// How many recent capitalised runs are kept for completing shortened names: a bound on the
/// work per lookup.
const MAX_NAME_RUNS: usize = 32;

/// The fewest letters a description's word needs to identify a name ending in it ("production"
/// in "Productions"): shorter words are too common as prefixes.
const MIN_STEM: usize = 5;

/// How many tokens may separate an issuer's name from the document it issues ("X issued a
/// statement", "X released a brief statement").
const MAX_ISSUE_GAP: usize = 4;

/// How many words a fuller form may add to a shortened name (given names and a surname).
const MAX_NAME_TAIL: usize = 2;

/// A sentence subject written as a shortened unknown name: its phrase (block, first token, end
/// token), the full form it stands for, and where it is (block, byte).
type NamedSubject<'t> = ((usize, usize, usize), Phrase<'t>, (usize, usize));

/// Whether token `first` opens the main clause after a short introductory phrase at the start
/// of its sentence ("During an interview, Skaik paused"): the comma before it is the
/// sentence's first and at most [`MAX_INTRODUCTION`] tokens in.
fn after_introduction(view: &View, first: usize) -> bool {
    let start = crate::at(view.sentence_spans, crate::at(view.sentence, first)).0;
    first >= start + 3
        && first - start <= MAX_INTRODUCTION
        && view.is(first - 1, COMMA)
        && (start..first - 1).all(|k| !view.is(k, COMMA) && !crate::at(view.quoted, k))
}

/// How many tokens an introductory phrase before a sentence's subject may take, its comma
/// included ("In the late afternoon on Friday,").
const MAX_INTRODUCTION: usize = 7;

/// A sentence subject that is a named body: its phrase (block, first token, end token) and
/// where it is (block, byte).
type BodySubject = ((usize, usize, usize), (usize, usize));

/// The body that the sentence of `view` opening at token `k` opens with, named by two or more
/// capitalised words and followed by a lower-case word, its verb ("The Food Standards Agency
/// warned …", "West Mercia police said …"), with where the sentence starts; people are no
/// bodies. What [`Resolver::note_body_subject`] records.
fn body_subject(view: &View, k: usize) -> Option<BodySubject> {
    let Some((Np::Phrase(b, f, e), end)) = view.np_starting_at(k) else {
        return None;
    };
    let capitals = (f..e)
        .filter(|&t| !view.is(t, DETERMINER) && view.upper(t))
        .count();
    let verb_next = end < view.tokens.len()
        && view.is_word(end)
        && !crate::at(view.quoted, end)
        && !view.upper(end);
    (capitals >= 2 && verb_next).then(|| ((b, f, e), (view.index, crate::at(view.tokens, k).start)))
}

/// Pronoun resolution state, carried through the article in reading order.
struct Resolver<'p, 't> {
    /// The article's people.
    people: &'p People,
    /// The article's named people by name word, built when a speaker is first looked up by
    /// name ([`NameIndex::built`]): many caption passes look up none.
    names: Option<NameIndex<'p>>,
    /// The last speaker and where its attribution was (block, byte).
    last_speaker: Option<(SpeakerRef, (usize, usize))>,
    /// The last person who was the subject of a sentence, with where.
    last_subject: Option<(usize, (usize, usize))>,
    /// The last person mentioned at all.
    last_person: Option<(usize, (usize, usize))>,
    /// The last sentence subject that is a shortened unknown name ("Te Kaurinui was …" after
    /// "Te Kaurinui Robert Parata" in full), someone the people finder does not know: the
    /// phrase (block, first token, end token), its full form, and where.
    last_named_subject: Option<NamedSubject<'t>>,
    /// Genders learnt from honorifics and resolved pronouns.
    genders: Genders,
    /// Where each person was last mentioned, by entity.
    seen: Vec<Option<(usize, usize)>>,
    /// How often each person has been mentioned so far, by entity: the article's most-mentioned
    /// person is the one an untitled role description most likely means.
    mention_counts: Vec<u32>,
    /// The latest runs of capitalised words outside quotations in paragraphs (at most
    /// [`MAX_NAME_RUNS`]): the full forms a shortened unknown name may stand for.
    name_runs: Vec<Phrase<'t>>,
    /// The name heading the last sentence that issued a document ("X released a statement"):
    /// the author a later "the statement said" quotes.
    issuer: Option<Phrase<'t>>,
    /// How far each block has been scanned for subjects: (block, byte, the first token at or
    /// after that byte), the token kept so that the next scan of the block starts there
    /// without a search.
    scanned: (usize, usize, usize),
    /// The first view whose scan to its end is still owed: each block is scanned to its end
    /// only once a later block reads what the scan records, so the blocks after an article's
    /// last attribution are never scanned. The scans run in the same order and over the same
    /// token ranges as when each block was scanned at its end, so they record the same.
    owed: usize,
    /// The last sentence subject that is a body named by two or more capitalised words ("The
    /// Food Standards Agency warned …"): the phrase (block, first token, end token) and where.
    /// An organisation's "it said" speaks for it.
    last_body: Option<BodySubject>,
    /// Whether the article is in English, the only language whose unnamed descriptions take
    /// their complement (see [`View::description_end`]).
    english: bool,
}

impl<'p, 't> Resolver<'p, 't> {
    fn new(people: &'p People, english: bool) -> Resolver<'p, 't> {
        Resolver {
            english,
            people,
            names: None,
            last_speaker: None,
            last_subject: None,
            last_person: None,
            last_named_subject: None,
            genders: Genders::default(),
            seen: vec![None; people.entities.len()],
            mention_counts: vec![0; people.entities.len()],
            name_runs: Vec::new(),
            issuer: None,
            scanned: (0, 0, 0),
            owed: 0,
            last_body: None,
        }
    }

    /// The fullest-named person `entity` stands for: a person introduced with a longer name
    /// holding this one ("Te Kaurinui" for "Te Kaurinui Robert Parata"), else `entity` itself.
    fn fullest(&mut self, entity: usize) -> usize {
        let names = NameIndex::built(&mut self.names, self.people);
        let name = names.name(entity);
        if name.is_empty() {
            return entity;
        }
        names.find(name, true, &self.seen).unwrap_or(entity)
    }

    /// Scans the blocks before view `index` that are still owed to their ends (see
    /// [`Resolver::note_subjects_before`]), in reading order.
    fn scan_owed(&mut self, views: &[Option<View<'t>>], index: usize, people: &People) {
        for view in views.get(self.owed..index).unwrap_or_default() {
            // Not `flatten`: an adapter instance of its own in the wasm build.
            let Some(view) = view else {
                continue;
            };
            self.note_subjects_before(view, view.text.len(), people);
        }
        self.owed = self.owed.max(index);
    }

    /// Records person mentions of `view` that lie before byte `upto` (not yet recorded).
    fn note_subjects_before(&mut self, view: &View<'t>, upto: usize, people: &People) {
        if view.kind != BlockKind::Paragraph && view.kind != BlockKind::Heading {
            return;
        }
        if self.scanned.0 != view.index {
            self.scanned = (view.index, 0, 0);
        }
        let from = self.scanned.2;
        let upto = upto.max(self.scanned.1);
        let to = view.token_at(upto);
        // Headings are title case: their capitalised runs are not names.
        if view.kind == BlockKind::Paragraph {
            self.note_name_runs(view, from, to);
            // One walk over the sentences for both kinds of subject: what each records is
            // apart from what the other reads.
            for s in view.sentences_opening_in(from, to) {
                let span = crate::at(view.sentence_spans, s);
                let k = span.0;
                if crate::at(view.quoted, k) {
                    continue;
                }
                self.note_named_subject(view, span, to);
                self.note_body_subject(view, k);
            }
        }
        // The mentions with a token among `from..to`, the one running into `from` included.
        let runs = &view.mention_runs;
        let from_run = runs.partition_point(|&(_, end)| end <= from);
        for &(first, end) in runs.get(from_run..).unwrap_or_default() {
            if first >= to {
                break;
            }
            let Some(m) = view.mention_at(first) else {
                continue;
            };
            let Some(mention) = people.mentions.get(m) else {
                continue;
            };
            let entity = mention.entity;
            let possessive = view
                .classes
                .get(end)
                .is_some_and(|c| c & POSSESSIVE_MARK != 0)
                || crate::at(view.words, end - 1).ends_with("'s");
            let sentence_start = first == 0
                || crate::at(view.sentence, first - 1) != crate::at(view.sentence, first)
                || view.is(first - 1, OPENING_QUOTE)
                || after_introduction(view, first);
            let honorific = first.checked_sub(1).map_or(Gender::Unknown, |k| {
                let at = if view.is(k, FULL_STOP) && k > 0 {
                    k - 1
                } else {
                    k
                };
                gender_of_honorific(crate::at(view.classes, at))
            });
            let own = gender_of_honorific(crate::at(view.classes, first));
            let gender = if own != Gender::Unknown {
                own
            } else {
                honorific
            };
            if gender != Gender::Unknown {
                self.genders.set(&SpeakerRef::Person(entity), gender);
            }
            let at = (view.index, crate::at(view.tokens, first).start);
            if let Some(seen) = self.seen.get_mut(entity) {
                *seen = Some(at);
            }
            if let Some(count) = self.mention_counts.get_mut(entity) {
                *count = count.saturating_add(1);
            }
            if !possessive {
                self.last_person = Some((entity, at));
                if sentence_start && mention.kind != MentionKind::Nominal {
                    self.last_subject = Some((entity, at));
                }
            }
        }
        self.scanned = (view.index, upto, to);
    }

    /// Records the sentence of `view` opening at token `k` (outside quotations) when it opens
    /// with a body named by two or more capitalised words (see [`body_subject`]).
    fn note_body_subject(&mut self, view: &View, k: usize) {
        // Without two capitalised words that are no determiner among the phrase's tokens (at
        // most `MAX_PHRASE` from its start: a name after its comma has no verb next) no body
        // is found here: most sentences are settled without reading a phrase.
        if !view.capitals_within(k, MAX_PHRASE, 2) {
            return;
        }
        if let Some(body) = body_subject(view, k) {
            self.last_body = Some(body);
        }
    }

    /// Records the runs of two or more capitalised words among tokens `from..to` of `view`.
    fn note_name_runs(&mut self, view: &View<'t>, from: usize, to: usize) {
        let mut start = from;
        // Where the last run recorded here ended, for a document issued right after it.
        let mut run_end: Option<usize> = None;
        let mut k = from;
        // `to` itself ends the last run.
        while k <= to {
            // Most tokens are neither capitalised nor a document and end no run: for them the
            // steps below only move the run's start past them. While no run of two or more is
            // open, such tokens are skipped in one tight loop over their bits.
            if k < start + 2 {
                let mut next = k;
                while next < to
                    && matches!(view.classes.get(next), Some(&c) if c & (CAPITALISED | DOCUMENT) == 0)
                {
                    next += 1;
                }
                if next > k {
                    start = next;
                    k = next;
                    continue;
                }
            }
            // The token's bits read once, in place: `View::is` and `View::upper` are calls in
            // the wasm.
            let classes = view.classes.get(k).copied().unwrap_or_default();
            let issues_document = k < to
                && classes & DOCUMENT != 0
                && !crate::at(view.quoted, k)
                && (1..=2).any(|back| k.checked_sub(back).is_some_and(|b| view.is(b, INDEFINITE)));
            let issued_by_run = || {
                run_end.is_some_and(|end| {
                    k <= end + MAX_ISSUE_GAP
                        && crate::at(view.sentence, end - 1) == crate::at(view.sentence, k)
                })
            };
            if issues_document && issued_by_run() {
                self.issuer = self.name_runs.last().copied();
            }
            // A capitalised token is a word (see `View::upper`).
            // Read through `get`, not `crate::at` (a call each in the wasm): asked of every
            // capitalised token, all among the block's.
            let in_run = k < to
                && classes & CAPITALISED != 0
                && view.quoted.get(k) == Some(&false)
                && (k == start || view.sentence.get(k) == view.sentence.get(start));
            if in_run {
                k += 1;
                continue;
            }
            if k >= start + 2 {
                if self.name_runs.len() == MAX_NAME_RUNS {
                    self.name_runs.remove(0);
                }
                self.name_runs.push(view.phrase(start, k));
                run_end = Some(k);
            }
            start = k + 1;
            k += 1;
        }
    }

    /// Records the sentence of `view` whose span is `(k, sentence_end)` (opening outside
    /// quotations; the scan ends at token `to`) when it opens with a shortened unknown name followed by a lower-case word
    /// ("Te Kaurinui was called after …"): a later "he" or "she" may be that person. The full
    /// form must read as a person's name, none of its words a place or organisation head ("New
    /// Zealand" for "New Zealand Department" is no one).
    fn note_named_subject(
        &mut self,
        view: &View<'t>,
        (k, sentence_end): (usize, usize),
        to: usize,
    ) {
        let non_name = |w: &&str| people::non_names().contains(&people::normalize(w));
        // The name stays within the sentence, whose tokens end where its span does: no
        // sentence number compared per token (each a `crate::at` call in the wasm).
        let end = (k..to.min(sentence_end))
            // The capital first: it settles most tokens.
            .take_while(|&t| {
                view.upper(t) && !crate::at(view.quoted, t) && view.mention_at(t).is_none()
            })
            .count()
            + k;
        if end < k + 2 {
            return;
        }
        // A lower-case word next, not one joining the name to more ("Te Kaurinui and his
        // father", "Banco de …"): the sentence's verb.
        let verb_follows = end < to
            && view.is_word(end)
            && !view.upper(end)
            && !view.is(end, NAME_LINK | CONJUNCTION);
        if !verb_follows {
            return;
        }
        let full = self.fuller_run(view.phrase(k, end));
        if let Some(full) = full.filter(|r| !(0..r.len()).any(|i| non_name(&r.word(i)))) {
            let at = (view.index, crate::at(view.tokens, k).start);
            self.last_named_subject = Some(((view.index, k, end), full, at));
        }
    }

    /// The shortened unknown name a gendered pronoun stands for: the last one to open a
    /// sentence (see [`Resolver::note_named_subject`]), when no speaker has been attributed
    /// and no known person has become a subject since, and the name's gender, if learnt, fits.
    fn named_subject_for(&self, gender: Gender) -> Option<Np> {
        if gender == Gender::Unknown {
            return None;
        }
        let ((block, from, to), full, at) = self.last_named_subject.as_ref()?;
        let newer = |other: Option<(usize, usize)>| other.is_none_or(|o| o < *at);
        let key = crate::text::lower(&full.joined());
        let fits = gender.fits(self.gender(&SpeakerRef::Phrase(key)));
        (fits
            && newer(self.last_speaker.as_ref().map(|(_, s)| *s))
            && newer(self.last_subject.map(|(_, s)| s)))
        .then_some(Np::Phrase(*block, *from, *to))
    }

    /// The fullest recent form of the unknown multi-word name `phrase`: a run of capitalised
    /// words starting with it and adding at most [`MAX_NAME_TAIL`] words ("Te Kaurinui" for
    /// "Te Kaurinui Robert Parata", whom the writer introduced in full and then shortened);
    /// the longest such run, the introduction being the fullest form, the latest among equals.
    fn fuller_run(&self, phrase: Phrase) -> Option<Phrase<'t>> {
        if phrase.len() < 2 {
            return None;
        }
        let mut fullest: Option<Phrase<'t>> = None;
        for &run in &self.name_runs {
            let fits = run.len() > phrase.len()
                && run.len() <= phrase.len() + MAX_NAME_TAIL
                && (0..phrase.len()).all(|i| run.word(i) == phrase.word(i));
            if fits && fullest.is_none_or(|f| run.len() >= f.len()) {
                fullest = Some(run);
            }
        }
        fullest
    }

    /// The latest name a definite description's word stands for: a capitalised run ending in
    /// a word starting with it ("the production company" for "Dick Clark Productions"), as
    /// organisations are named by what they are.
    fn named_by_description(&self, words: &[&str]) -> Option<Phrase<'t>> {
        let fits = |run: &Phrase| {
            let last = run.len().checked_sub(1).map_or("", |i| run.word(i));
            words
                .iter()
                .any(|w| lowered_starts_with(last, w) && crate::text::char_count(w) >= MIN_STEM)
        };
        self.name_runs.iter().rev().find(|run| fits(run)).copied()
    }

    /// The known speaker a definite description refers back to: the author for a document
    /// ("the statement said"), or the last-mentioned person whose title holds the head noun
    /// ("the former mayor" for a person titled "former New York mayor").
    fn anaphor(
        &self,
        v: &View,
        from: usize,
        content: usize,
        to: usize,
        people: &People,
        out: &Attribution,
    ) -> Option<SpeakerRef> {
        if !v.is(from, DEFINITE) {
            return None;
        }
        let head = crate::at(v.words, to - 1);
        // "the source", "the insider": the anonymous source last quoted, however described
        // ("an insider told the outlet … the source said").
        if v.is(to - 1, ANONYMOUS_SOURCE) && (content..to).all(|k| !v.upper(k)) {
            let latest = out
                .phrases
                .iter()
                .filter(|(key, _)| is_anonymous_source(after_last(key, b' ')))
                .filter_map(|(key, p)| Some((p.mentions.last()?, key)))
                .max();
            if let Some((_, key)) = latest {
                return Some(SpeakerRef::Phrase(key.to_owned()));
            }
        }
        // A capitalised description is a title ("the International Trade Secretary"): it refers
        // to a person introduced with that whole title, and is otherwise a name.
        let capitalised = (content..to).any(|k| v.upper(k));
        if capitalised && !is_role_noun(head) {
            return None;
        }
        if v.is(to - 1, DOCUMENT) {
            return self.last_speaker.as_ref().map(|(s, _)| s.clone());
        }
        let titled = |e: usize| {
            let title = people
                .entities
                .get(e)
                .and_then(|p| p.title.as_deref())
                .or(out.appositive_titles.get(e));
            let holds =
                |t: &str, word: &str| whitespace_words(t).any(|w| w.eq_ignore_ascii_case(word));
            title.is_some_and(|t| {
                if capitalised {
                    (content..to).all(|k| holds(t, crate::at(v.words, k)))
                } else {
                    holds(t, head)
                }
            })
        };
        let named = |e: usize| people.entities.get(e).is_some_and(|p| p.named);
        let titled_person = self
            .seen_people()
            .filter(|&(e, _)| named(e) && titled(e))
            .max_by_key(|&(_, at)| at)
            .map(|(e, _)| SpeakerRef::Person(e));
        if titled_person.is_some() || capitalised || !(is_role_noun(head) || is_age(head)) {
            return titled_person;
        }
        // No one was introduced with this title, yet the description names a role ("the former
        // mayor") or an age ("the 56-year-old"): news writing uses such descriptions for the
        // article's central person, the one mentioned most so far. People titled otherwise are
        // someone else's role; an age fits anyone.
        let age = is_age(head);
        let untitled = |e: usize| {
            age || (people.entities.get(e).is_some_and(|p| p.title.is_none())
                && out.appositive_titles.get(e).is_none())
        };
        self.seen_people()
            .filter(|&(e, _)| named(e) && untitled(e))
            .max_by_key(|&(e, at)| (self.mention_counts.get(e).copied(), at))
            .map(|(e, _)| SpeakerRef::Person(e))
    }

    /// Every person mentioned so far, with where they were last mentioned.
    fn seen_people(&self) -> impl Iterator<Item = (usize, (usize, usize))> + '_ {
        self.seen
            .iter()
            .enumerate()
            .filter_map(|(e, at)| Some((e, (*at)?)))
    }

    fn gender(&self, speaker: &SpeakerRef) -> Gender {
        self.genders.get(speaker)
    }

    /// The speaker `found` names, resolving pronouns; records it as the last speaker.
    fn resolve(
        &mut self,
        found: &Found,
        at: usize,
        view: &View<'t>,
        views: &[Option<View<'t>>],
        people: &People,
        out: &mut Attribution,
    ) -> Option<SpeakerRef> {
        self.scan_owed(views, view.index, people);
        self.note_subjects_before(view, at, people);
        // A gendered pronoun after a sentence about a person the people finder does not know
        // stands for that person's name.
        let named_subject = match found.np {
            Np::Pronoun(Gender::Group) => {
                // An organisation's "it": the body last quoted or last opening a sentence,
                // whichever is later; never a person.
                let body = self.last_body.filter(|(_, at)| at.0 + 1 >= view.index);
                let quoted_body = self.last_speaker.as_ref().filter(|(s, _)| {
                    let SpeakerRef::Phrase(key) = s else {
                        return false;
                    };
                    self.genders.get(s) == Gender::Group
                        && out.phrases.get(key).is_some_and(|p| p.named)
                });
                match (body, quoted_body) {
                    (Some(((b, f, e), at)), q) if q.is_none_or(|(_, q_at)| at > *q_at) => {
                        Some(Np::Phrase(b, f, e))
                    }
                    (_, Some((s, _))) => {
                        let s = s.clone();
                        self.last_speaker = Some((s.clone(), (view.index, at)));
                        return Some(s);
                    }
                    _ => return None,
                }
            }
            Np::Pronoun(gender) => self.named_subject_for(gender),
            _ => None,
        };
        let speaker = match named_subject.as_ref().unwrap_or(&found.np) {
            Np::FirstPerson => return None,
            Np::Person(m) => {
                let entity = people.mentions.get(*m)?.entity;
                Some(SpeakerRef::Person(self.fullest(entity)))
            }
            Np::Phrase(b, from, to) => {
                let v = views.get(*b)?.as_ref()?;
                // "one person" keeps its "one": unlike an article, it sets this speaker apart
                // from "another person" quoted next.
                let content = if v.is(*from, DETERMINER) && crate::at(v.words, *from) != "one" {
                    from + 1
                } else {
                    *from
                };
                let lower_case = (content..*to).all(|k| !v.upper(k));
                let definite = v.is(*from, DEFINITE) && lower_case;
                // "The statement said": the author of the statement last issued, if any.
                let issued = self.issuer.filter(|_| definite && v.is(*to - 1, DOCUMENT));
                let known = match issued {
                    Some(_) => None,
                    None => self.anaphor(v, *from, content, *to, people, out),
                };
                if let Some(known) = known {
                    self.last_speaker = Some((known.clone(), (view.index, at)));
                    return Some(known);
                }
                let phrase_words = v.words.get(content..*to).unwrap_or_default();
                // An unnamed description keeps its complement ("someone at the meeting"): a
                // lower-case head, not a name ("the Pentagon in a statement").
                let cue = found
                    .cue
                    .filter(|_| found.block == *b)
                    .map(|c| crate::at(v.cues, c).first);
                let shown_to = if self.english && !v.upper(*to - 1) {
                    v.description_end(*to, cue)
                } else {
                    *to
                };
                let mut key =
                    crate::text::join(v.words.get(content..shown_to).unwrap_or_default(), ' ');
                let (start, end) = v.bytes(*from, shown_to);
                // The block keeps the page's whitespace; a display name is one line.
                let mut display =
                    crate::text::collapse_whitespace(crate::slice(v.text, start, end));
                let sentence_initial = content == 0
                    || crate::at(v.sentence, content - 1) != crate::at(v.sentence, content);
                let named =
                    (content..*to).filter(|&k| v.upper(k)).count() > usize::from(sentence_initial);
                let names = NameIndex::built(&mut self.names, self.people);
                if let Some(person) = partial_name(v, content, *to, names, &self.seen) {
                    let speaker = SpeakerRef::Person(person);
                    self.last_speaker = Some((speaker.clone(), (view.index, at)));
                    return Some(speaker);
                }
                let described = if issued.is_some() {
                    issued
                } else if content == *from {
                    self.fuller_run(v.phrase(content, *to))
                } else if definite {
                    self.named_by_description(phrase_words)
                } else {
                    None
                };
                if let Some(run) = described {
                    display = run.joined();
                    key = crate::text::lower(&display);
                }
                let head = crate::at(v.words, *to - 1);
                let plural = head.ends_with('s') && !head.ends_with("ss");
                // One capitalised word that is no organisation or place word may be a
                // person's surname ("Hajjaj said"): a later "she" may still be them.
                let word = v.token_text(content);
                let surname = *to == content + 1
                    && content == *from
                    && !plural
                    && !word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
                    && !people::non_names().contains(&people::normalize(word));
                if (named && !surname) || plural {
                    self.genders
                        .set(&SpeakerRef::Phrase(key.clone()), Gender::Group);
                }
                let entry = out.phrases.or_insert(
                    &key,
                    PhraseSpeaker {
                        display,
                        named,
                        mentions: Vec::new(),
                    },
                );
                // One phrase may attribute several quotes (a quotation and the report around
                // it): its mention is listed once.
                if entry.mentions.last() != Some(&(*b, start, end)) {
                    entry.mentions.push((*b, start, end));
                }
                Some(SpeakerRef::Phrase(key))
            }
            Np::Pronoun(gender) => {
                let fits = |s: &SpeakerRef| gender.fits(self.gender(s));
                let speaker_at = self.last_speaker.as_ref().map(|(_, at)| *at);
                let newer_subject = self
                    .last_subject
                    .filter(|(e, at)| {
                        speaker_at.is_none_or(|s| *at > s) && fits(&SpeakerRef::Person(*e))
                    })
                    .map(|(e, _)| SpeakerRef::Person(e));
                let resolved = newer_subject
                    .or_else(|| {
                        self.last_speaker
                            .as_ref()
                            .map(|(s, _)| s.clone())
                            .filter(|s| fits(s))
                    })
                    .or_else(|| {
                        self.last_person
                            .map(|(e, _)| SpeakerRef::Person(e))
                            .filter(|s| fits(s))
                    });
                if let Some(s) = &resolved {
                    if *gender != Gender::Unknown && self.genders.get(s) == Gender::Unknown {
                        self.genders.set(s, *gender);
                    }
                }
                resolved
            }
        };
        if let Some(s) = &speaker {
            // The pronoun shows the name to be a person's, whatever its capitals suggested.
            if let (Some(_), Np::Pronoun(gender)) = (&named_subject, &found.np) {
                self.genders.set(s, *gender);
            }
            self.last_speaker = Some((s.clone(), (view.index, at)));
        }
        speaker
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quotes::find_quotations;
    use crate::text::{listed_words, tokenize};

    /// (quote text, speaker, kind).
    type Expected<'a> = (&'a str, Option<&'a str>, QuoteKind);

    /// Runs every case (paragraphs, expected quotes) of English text and compares,
    /// `find_names` as in [`run_in`].
    fn check(cases: &[(&[&str], &[Expected])], find_names: bool) {
        check_in(cases, find_names, "en");
    }

    /// [`check`] for text in `lang`.
    fn check_in(cases: &[(&[&str], &[Expected])], find_names: bool, lang: &str) {
        for &(paragraphs, want) in cases {
            let want: Vec<(String, Option<String>, QuoteKind)> = want
                .iter()
                .map(|&(t, s, k)| (t.to_string(), s.map(str::to_string), k))
                .collect();
            assert_eq!(run_in(paragraphs, find_names, lang), want, "{paragraphs:?}");
        }
    }

    /// Attributes `paragraphs` (a heading when starting with "# ") as text in `lang`; with
    /// `find_names`, the people finder runs first and a person speaker shows as its name (else
    /// as `#entity`).
    fn run_in(
        paragraphs: &[&str],
        find_names: bool,
        lang: &str,
    ) -> Vec<(String, Option<String>, QuoteKind)> {
        let blocks: Vec<Block> = paragraphs
            .iter()
            .map(|p| match p.strip_prefix("# ") {
                Some(heading) => Block::new(BlockKind::Heading, heading),
                None => Block::new(BlockKind::Paragraph, *p),
            })
            .collect();
        let quotations = find_quotations(&blocks);
        let people = if find_names {
            people::find_people(&blocks)
        } else {
            People::default()
        };
        let result = attribute(&blocks, &quotations, &people, lang);
        result
            .quotes
            .iter()
            .map(|q| {
                let speaker = q.speaker.as_ref().map(|s| match s {
                    SpeakerRef::Phrase(k) => result.phrases.get(k).unwrap().display.clone(),
                    SpeakerRef::Person(e) if find_names => people.entities[*e].name.clone(),
                    SpeakerRef::Person(e) => format!("#{e}"),
                });
                (q.text.clone(), speaker, q.kind)
            })
            .collect()
    }

    #[test]
    fn complementizers_and_subordinators() {
        let cases: &[(&str, bool)] = &[
            ("that", true),
            ("que", true),
            ("qu'il", true),
            ("qu'", true),
            ("dass", true),
            ("daß", true),
            ("than", false),
            ("quel", false),
        ];
        for &(word, want) in cases {
            assert_eq!(is_complementizer(word, classes_of(word)), want, "{word:?}");
        }
        for word in [
            "while", "although", "though", "whereas", "if", "when", "as", "because", "since",
            "before", "after", "until",
        ] {
            assert_ne!(classes_of(word) & SUBORDINATOR, 0, "{word:?}");
        }
        assert_eq!(classes_of("whilst") & SUBORDINATOR, 0);
    }

    #[test]
    fn adjacency_in_every_order() {
        use QuoteKind::{Direct, Indirect};
        // (paragraphs, expected (text, speaker, kind))
        let cases: &[(&[&str], &[Expected])] = &[
            (&["“We will not back down,” said Jane Smith."], &[("We will not back down,", Some("Jane Smith"), Direct)]),
            (&["“We will not back down,” Jane Smith said."], &[("We will not back down,", Some("Jane Smith"), Direct)]),
            (&["Jane Smith said: “We will not back down.”"], &[("We will not back down.", Some("Jane Smith"), Direct)]),
            (&["Jane Smith said, “We will not back down.”"], &[("We will not back down.", Some("Jane Smith"), Direct)]),
            (
                &["“We will not back down,” said Jane Smith, a nurse at the clinic, on Friday."],
                &[("We will not back down,", Some("Jane Smith"), Direct)],
            ),
            (
                &["“We will not back down,” Jane Smith, a nurse at the clinic, said."],
                &[("We will not back down,", Some("Jane Smith"), Direct)],
            ),
            (
                &["Relations are at a “different stage from where we were,” noted a senior official."],
                &[("different stage from where we were,", Some("a senior official"), Direct)],
            ),
            (&["The White House called it “a disgrace.”"], &[("a disgrace.", Some("The White House"), Direct)]),
            (&["“Hello there my friends,” I said."], &[("Hello there my friends,", None, Direct)]),
            (&["The letter, which many signed, warns the minister: “We cannot wait any longer.”"], &[("We cannot wait any longer.", None, Direct)]),
            (
                &["“We never checked the rooms,” Jane Smith allegedly told a colleague."],
                &[("We never checked the rooms,", Some("Jane Smith"), Direct)],
            ),
            (
                &["“The first part,” she said, “and the second part.”"],
                &[("The first part, and the second part.", None, Direct)],
            ),
        ];
        check(cases, false);
        let _ = Indirect;
    }

    #[test]
    fn unnamed_descriptions_keep_their_complement() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // A prepositional phrase, an adjective's complement and a relative clause that run
            // to the end of the clause are part of the description.
            (
                &["“Nobody asked us about the road,” said one resident at the hearing."],
                &[("Nobody asked us about the road,", Some("one resident at the hearing"), Direct)],
            ),
            (
                &["“The budget will not hold for long,” said a person familiar with the plans."],
                &[("The budget will not hold for long,", Some("a person familiar with the plans"), Direct)],
            ),
            (
                &["“They have to start again from scratch,” said somebody in the crowd who lives nearby."],
                &[("They have to start again from scratch,", Some("somebody in the crowd who lives nearby"), Direct)],
            ),
            (
                &["The school will close in June, according to a teacher at the school."],
                &[("The school will close in June", Some("a teacher at the school"), Indirect)],
            ),
            // Before the cue: the subject is the description, not its complement's noun.
            (
                &["A nurse at the clinic said the ward had been shut for a week."],
                &[("the ward had been shut for a week", Some("A nurse at the clinic"), Indirect)],
            ),
            // Not: a time word or a document in the complement, a participle's agent, a name,
            // or a complement that does not end the clause.
            (
                &["“We will appeal the ruling,” said a spokeswoman for the firm in a statement."],
                &[("We will appeal the ruling,", Some("a spokeswoman"), Direct)],
            ),
            (
                &["“We will appeal the ruling,” said a lawyer at the hearing on Monday."],
                &[("We will appeal the ruling,", Some("a lawyer"), Direct)],
            ),
            (
                &["“Open the gate now!” guards shouted on the phone."],
                &[("Open the gate now!", Some("guards"), Direct)],
            ),
            (
                &["“Costs will rise sharply next year,” said a draft prepared by the managers."],
                &[("Costs will rise sharply next year,", Some("a draft"), Direct)],
            ),
            (
                &["“We will appeal the ruling,” said the Ministry of Justice in Paris."],
                &[("We will appeal the ruling,", Some("the Ministry of Justice"), Direct)],
            ),
        ];
        check(cases, false);
    }

    #[test]
    fn a_name_in_an_appositive_after_a_description_is_the_speaker() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &["The pumps had failed twice, said another engineer at the plant, former site manager Ruth Ellis."],
                &[("The pumps had failed twice", Some("Ruth Ellis"), Indirect)],
            ),
            (
                &["“The pumps had failed twice,” said a second engineer, Ruth Ellis."],
                &[("The pumps had failed twice,", Some("Ruth Ellis"), Direct)],
            ),
            // Not: a name that the sentence goes on after, or one behind a relative pronoun.
            (
                &["“The pumps had failed twice,” said a second engineer, adding Ruth Ellis knew."],
                &[("The pumps had failed twice,", Some("a second engineer"), Direct)],
            ),
            (
                &["“The pumps had failed twice,” said a second engineer, whose manager Ruth Ellis left."],
                &[("The pumps had failed twice,", Some("a second engineer"), Direct)],
            ),
        ];
        check(cases, true);
    }

    #[test]
    fn an_age_refers_back_to_the_central_person() {
        use QuoteKind::Direct;
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &[
                    "Coach Maria Lopez has joined the club on a three-year deal.",
                    "Maria Lopez replaces Tom Reed, who left in May.",
                    "The 48-year-old said: “I cannot wait to start work with this squad.”",
                ],
                &[(
                    "I cannot wait to start work with this squad.",
                    Some("Maria Lopez"),
                    Direct,
                )],
            ),
            // Not: an indefinite age introduces someone new; with nobody named it stays as
            // written.
            (
                &[
                    "Maria Lopez has joined the club.",
                    "A 19-year-old said: “I cannot wait to start work with this squad.”",
                ],
                &[(
                    "I cannot wait to start work with this squad.",
                    Some("A 19-year-old"),
                    Direct,
                )],
            ),
            (
                &["The 19-year-old said: “I cannot wait to start work with this squad.”"],
                &[(
                    "I cannot wait to start work with this squad.",
                    Some("The 19-year-old"),
                    Direct,
                )],
            ),
        ];
        check(cases, true);
        for (word, want) in [
            ("56-year-old", true),
            ("year-old", false),
            ("two-year-old", false),
        ] {
            assert_eq!(is_age(word), want, "{word:?}");
        }
    }

    #[test]
    fn stop_words_in_capitals_are_acronyms() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &["Two bridges were closed overnight, the US army said on Friday."],
                &[(
                    "Two bridges were closed overnight",
                    Some("the US army"),
                    Indirect,
                )],
            ),
            (
                &["“The servers were never at risk,” said the IT manager."],
                &[(
                    "The servers were never at risk,",
                    Some("the IT manager"),
                    Direct,
                )],
            ),
            // A capitalised stop word opening a sentence is still a stop word.
            (
                &["In the valley, officials said the road would close."],
                &[("the road would close", Some("officials"), Indirect)],
            ),
        ];
        check(cases, false);
    }

    #[test]
    fn split_quotes_imagined_speech_and_names_in_quotes() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &["“We checked every record,” said Jane Smith, a senior fellow at the Center for Health Policy at the state university. “Nothing was missing.”"],
                &[("We checked every record, Nothing was missing.", Some("Jane Smith"), Direct)],
            ),
            (
                &["“We must read what is written” in the law, the lawyer said. “There is worry about it.”"],
                &[("We must read what is written There is worry about it.", Some("the lawyer"), Direct)],
            ),
            (
                &["“We checked every record,” the mayor said. “Nothing was missing,” the clerk replied."],
                &[
                    ("We checked every record,", Some("the mayor"), Direct),
                    ("Nothing was missing,", Some("the clerk"), Direct),
                ],
            ),
            (&["He smiled as if to say “You will never catch me now.”"], &[]),
            (&["The rival he calls “Sleepy Joe.” was absent."], &[]),
            (
                &["They raided homes to catch “criminals” in the city, a local source told the paper."],
                &[("They raided homes to catch “criminals” in the city", Some("a local source"), Indirect)],
            ),
        ];
        check(cases, false);
    }

    #[test]
    fn partial_quotes_in_reports_names_and_mentions() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // A short quotation inside the clause a speech verb reports is the speaker's.
            (
                &["The mayor said the new levy would “hurt families” across the county."],
                &[
                    (
                        "the new levy would “hurt families” across the county",
                        Some("The mayor"),
                        Indirect,
                    ),
                    ("hurt families", Some("The mayor"), Direct),
                ],
            ),
            // Also behind a verb of thought inside the report, and with short words only.
            (
                &["The captain said she felt the side “had to” win the final."],
                &[
                    (
                        "she felt the side “had to” win the final",
                        Some("The captain"),
                        Indirect,
                    ),
                    ("had to", Some("The captain"), Direct),
                ],
            ),
            // Outside any report and away from a cue, a short quotation stays a scare quote;
            // before the verb, it may be a third party's label.
            (&["The “temporary” bridge has stood for forty years."], &[]),
            (
                &["Police held several “agitators” near the square, a witness said."],
                &[(
                    "Police held several “agitators” near the square",
                    Some("a witness"),
                    Indirect,
                )],
            ),
            // A quotation running into the next word modifies it: not said by the subject after.
            (
                &["The “zero waste” campaigner Anna Berg said the plan was working."],
                &[("the plan was working", Some("Anna Berg"), Indirect)],
            ),
            // Set off by its punctuation or followed by the verb, a short quote is still said.
            (
                &["“Shameful,” the union leader said."],
                &[("Shameful,", Some("the union leader"), Direct)],
            ),
            (
                &["“Shameful” said the union leader."],
                &[("Shameful", Some("the union leader"), Direct)],
            ),
            // Works named by their kind and terms mentioned are no quotes…
            (
                &["The documentary “Where the rivers end” opens on Friday."],
                &[],
            ),
            (
                &["She looked up the phrase “cheap flights to nowhere” twice, the study said."],
                &[(
                    "She looked up the phrase “cheap flights to nowhere” twice",
                    Some("the study"),
                    Indirect,
                )],
            ),
            // …unless a verb right next to it says someone called it so.
            (
                &["The critic called the film “a quiet triumph of craft” on Sunday."],
                &[("a quiet triumph of craft", Some("The critic"), Direct)],
            ),
        ];
        check(cases, true);
    }

    #[test]
    fn a_quotation_over_paragraphs_keeps_its_speaker_to_its_end() {
        use QuoteKind::Direct;
        // A person named in a heading the page put inside the quotation is not introduced
        // after it: the paragraph of pure quotation after the narrative line is the club's.
        let cases: &[(&[&str], &[Expected])] = &[(
            &[
                "The club said in a statement: “Maria Lind is one of the finest coaches in the country.",
                "# Minister Paul Grant opens a new bridge",
                "“She has won the league four times.",
                "— The club (@club) May 2, 2024",
                "“She starts on Monday with the first team.”",
            ],
            &[
                (
                    "Maria Lind is one of the finest coaches in the country. She has won the league four times.",
                    Some("The club"),
                    Direct,
                ),
                ("She starts on Monday with the first team.", Some("The club"), Direct),
            ],
        )];
        check(cases, true);
    }

    #[test]
    fn german_subjunctive_and_questions() {
        use QuoteKind::Indirect;
        // (paragraph, expected reported clause)
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Der Minister sagte, er habe davon nichts gewusst.",
                Some("er habe davon nichts gewusst"),
            ),
            (
                "Eine Kundin fragte, warum die Läden geschlossen seien.",
                Some("warum die Läden geschlossen seien"),
            ),
            (
                "„Das ist schwer“, sagt Müller – aber alle würden sich Mühe geben.",
                Some("alle würden sich Mühe geben"),
            ),
            ("Der Minister sagte, das Wetter ist schön.", None),
        ];
        for &(text, want) in cases {
            let blocks = [Block::new(BlockKind::Paragraph, text)];
            let quotations = find_quotations(&blocks);
            let result = attribute(&blocks, &quotations, &People::default(), "de");
            let got = result
                .quotes
                .iter()
                .find(|q| q.kind == Indirect)
                .map(|q| q.text.as_str());
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn impersonal_cues_take_their_agent_or_the_passage_topic() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // The topic: the first named body of the nearest sentence naming one.
            (
                &["Ein schweres Jahr liegt hinter der Berliner Feuerwehr. Es gab viele Einsätze. „Wir mussten doppelt so oft ausrücken“, heißt es."],
                &[("Wir mussten doppelt so oft ausrücken", Some("der Berliner Feuerwehr"), Direct)],
            ),
            // The subject before the object.
            (
                &["Die Deutsche Bahn verhandelt mit der Gewerkschaft Verdi. „Wir sind zu Gesprächen bereit“, hieß es."],
                &[("Wir sind zu Gesprächen bereit", Some("Die Deutsche Bahn"), Direct)],
            ),
            // The agent after the cue, or opening the sentence, wins over the topic.
            (
                &["Die Deutsche Bahn verhandelt. „Die Lage ist ernst“, hieß es aus dem Innenministerium."],
                &[("Die Lage ist ernst", Some("Innenministerium"), Direct)],
            ),
            (
                &["Die Deutsche Bahn verhandelt. Aus dem Innenministerium hieß es, man habe den Vorfall geprüft."],
                &[("man habe den Vorfall geprüft", Some("Innenministerium"), Indirect)],
            ),
            // A phrase opening the cue's sentence leads to the source.
            (
                &["In einer Mitteilung der Deutschen Bahn heißt es: „Wir bedauern die Verspätungen.“"],
                &[("Wir bedauern die Verspätungen.", Some("der Deutschen Bahn"), Direct)],
            ),
            // "Es", a German noun alone or with its genitive, or the report itself, is no one.
            (&["Die Lage ist unklar. „Alles bleibt, wie es ist“, heißt es."], &[("Alles bleibt, wie es ist", None, Direct)]),
            (&["Es geht um die Verteilung des Geldes. „Wir bekommen zu wenig“, heißt es."], &[("Wir bekommen zu wenig", None, Direct)]),
            (&["Der Streit um die Deutsche Bahn geht weiter, heißt es."], &[]),
        ];
        check_in(cases, false, "de");
    }

    #[test]
    fn legal_texts_speak_through_their_provisions() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // A provision of a text quoted after its verb; a demonstrative determines the text.
            (
                &["Une disposition de ce texte prévoit d’obliger les banques (et les assureurs) à « signaler toute opération suspecte sans délai »."],
                &[("signaler toute opération suspecte sans délai", Some("ce texte"), Direct)],
            ),
            // The text that spoke earlier in the paragraph speaks for a later quotation.
            (
                &["La loi prévoit aussi une aide. Les communes pourront ensuite demander au préfet qu’il « examine chaque dossier dans un délai d’un mois »."],
                &[("examine chaque dossier dans un délai d’un mois", Some("La loi"), Direct)],
            ),
            (
                &["Les données seront effacées après un an, prévoit le règlement."],
                &[("Les données seront effacées après un an", Some("le règlement"), Indirect)],
            ),
            // Planning is no report.
            (&["Le gouvernement prévoit une hausse des prix."], &[]),
        ];
        check_in(cases, false, "fr");
    }

    #[test]
    fn pronouns_after_a_sentence_about_a_shortened_unknown_name() {
        use QuoteKind::Indirect;
        let father = "“The river is sick,” says John Walker, an elder of the tribe.";
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &[
                    father,
                    "Walker and his son, Tane Rua Walker, came to help. Tane Rua was named after a canoe, and left school to learn carving.",
                    "He says the river is changing faster than anyone expected.",
                    "He adds that the elders are not heard.",
                ],
                &[
                    ("The river is sick,", Some("John Walker"), QuoteKind::Direct),
                    ("the river is changing faster than anyone expected", Some("Tane Rua Walker"), Indirect),
                    ("the elders are not heard", Some("Tane Rua Walker"), Indirect),
                ],
            ),
            // A place shortened from an organisation's name is no one.
            (
                &[
                    father,
                    "The count came from the New Zealand Department of Conservation. New Zealand has seen many strandings.",
                    "He says the river is changing faster than anyone expected.",
                ],
                &[
                    ("The river is sick,", Some("John Walker"), QuoteKind::Direct),
                    ("the river is changing faster than anyone expected", Some("John Walker"), Indirect),
                ],
            ),
            // A known person who became a subject since wins.
            (
                &[
                    father,
                    "Walker and his son, Tane Rua Walker, came to help. Tane Rua was named after a canoe. John Walker carved it.",
                    "He says the river is changing faster than anyone expected.",
                ],
                &[
                    ("The river is sick,", Some("John Walker"), QuoteKind::Direct),
                    ("the river is changing faster than anyone expected", Some("John Walker"), Indirect),
                ],
            ),
        ];
        check(cases, true);
    }

    proptest::proptest! {
        /// The flat name index holds what a list per name and per word held before it: each
        /// person's name words, and for each word the first [`MAX_NAMESAKES`] people whose
        /// names hold it, in entity order (the order `find` tries them in), on people named
        /// from a few words (so that names share words, repeat a word, and some people have
        /// more than [`MAX_NAMESAKES`] namesakes).
        #[test]
        fn name_index_holds_what_lists_per_name_held(
            names in proptest::collection::vec(
                (proptest::collection::vec(0..4usize, 0..4), proptest::bool::ANY),
                0..40,
            ),
        ) {
            let words = ["Lee", "Jae", "Kim", "Park", "Moon"];
            let people = People {
                mentions: Vec::new(),
                entities: names
                    .iter()
                    .map(|(name, named)| crate::analysis::people::PersonEntity {
                        name: name.iter().map(|&w| words[w]).collect::<Vec<_>>().join(" "),
                        named: *named,
                        title: None,
                        official: false,
                    })
                    .collect(),
            };
            let index = NameIndex::new(&people);
            let names: Vec<Vec<&str>> = people
                .entities
                .iter()
                .map(|p| if p.named { p.name.split_whitespace().collect() } else { Vec::new() })
                .collect();
            for (e, name) in names.iter().enumerate() {
                proptest::prop_assert_eq!(index.name(e), name.as_slice());
            }
            for word in words {
                let namesakes: Vec<usize> =
                    index.namesakes(word).iter().map(|&key| (key & 0xFFFF_FFFF) as usize).collect();
                let holders: Vec<usize> =
                    (0..names.len()).filter(|&e| names[e].contains(&word)).take(MAX_NAMESAKES).collect();
                proptest::prop_assert_eq!(namesakes, holders, "{}", word);
            }
        }
    }

    #[test]
    fn next_stretch_reads_each_blocks_items_once() {
        // Items' blocks, and the stretch expected for each block asked in turn.
        let blocks = [0, 0, 2, 3, 3, 3, 5];
        let cases: &[(usize, core::ops::Range<usize>)] = &[
            (0, 0..2),
            (1, 2..2),
            (3, 3..6),
            (4, 6..6),
            (5, 6..7),
            (6, 7..7),
        ];
        let block_of = |k: usize| blocks.get(k).copied();
        let mut next = 0;
        for (block, want) in cases {
            assert_eq!(next_stretch(&mut next, *block, &block_of), *want, "{block}");
        }
    }

    proptest::proptest! {
        /// A body subject lies within `MAX_PHRASE` tokens of its sentence's start and has two
        /// capitalised words that are no determiner there: `note_body_subject`'s pre-filter
        /// passes every sentence start where `body_subject` finds one.
        #[test]
        fn body_subjects_pass_the_capitals_filter(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "The", "the", "A", "Food", "Standards", "Agency", "West", "Mercia", "police",
                    "warned", "said", "of", "and", ",", ".", "Mr.", "Jo", "Smith", "Reuters",
                    "spokesman", "He", "former", "Ennahda", "leader", "Rachid", "Ghannouchi",
                    "\u{201c}", "\u{201d}", "newly", "elected", "according", "to",
                ]),
                0..24,
            )
        ) {
            let text = words.join(" ");
            with_view(&text, |view| {
                for k in 0..view.tokens.len() {
                    if body_subject(view, k).is_some() {
                        assert!(view.capitals_within(k, MAX_PHRASE, 2), "{text:?} {k}");
                    }
                }
            });
        }
    }

    #[test]
    fn capitals_within_counts_capitals_in_reach() {
        // (text, first token, reach, capitals wanted, expected)
        let cases: &[(&str, usize, usize, usize, bool)] = &[
            ("The Food Standards Agency warned", 0, 12, 2, true),
            ("The agency warned", 0, 12, 2, false),
            ("The Agency warned", 0, 12, 2, false),
            ("the agency warned of Food Standards", 0, 4, 2, false),
            ("the agency warned of Food Standards", 0, 6, 2, true),
            ("the agency warned of Food Standards", 5, 12, 1, true),
            ("the agency", 9, 12, 1, false),
        ];
        for &(text, from, reach, wanted, want) in cases {
            with_view(text, |view| {
                assert_eq!(
                    view.capitals_within(from, reach, wanted),
                    want,
                    "{text:?} {from}"
                );
            });
        }
    }

    #[test]
    fn partial_names_find_the_person_last_mentioned() {
        let people = People {
            mentions: Vec::new(),
            entities: ["Lee Jae-myung", "Lee Sang-min", "Vedant Patel", "Kim"]
                .iter()
                .map(|n| crate::analysis::people::PersonEntity {
                    name: n.to_string(),
                    named: true,
                    title: None,
                    official: false,
                })
                .collect(),
        };
        let names = NameIndex::new(&people);
        // (phrase, only fuller names, people seen with where, expected person)
        type Case<'a> = (
            &'a [&'a str],
            bool,
            &'a [(usize, (usize, usize))],
            Option<usize>,
        );
        let cases: &[Case] = &[
            (&["Lee"], false, &[], None),
            (&["Lee"], false, &[(0, (3, 0)), (1, (1, 0))], Some(0)),
            (&["Lee"], true, &[(1, (5, 0))], Some(1)),
            (
                &["Department", "spokesperson", "Vedant", "Patel"],
                false,
                &[],
                Some(2),
            ),
            (&["Patel"], true, &[], None),
            (&["Kim"], true, &[], None),
        ];
        for &(phrase, only_fuller, seen, want) in cases {
            let mut seen_at = vec![None; people.entities.len()];
            for &(e, at) in seen {
                seen_at[e] = Some(at);
            }
            let seen = seen_at;
            assert_eq!(names.find(phrase, only_fuller, &seen), want, "{phrase:?}");
        }
    }

    #[test]
    fn descriptions_find_the_central_person_or_a_named_organisation() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // Untitled central person: the most mentioned one, not the last mentioned.
            (
                &[
                    "Maria Gonzalez ran the city for a decade. Gonzalez now wants a bigger job.",
                    "Critics such as Tom Baker disagree. “It will pass,” the former governor said.",
                ],
                &[("It will pass,", Some("Maria Gonzalez"), Direct)],
            ),
            // A person introduced with another title is not the one described.
            (
                &[
                    "President Anna Weiss met Maria Gonzalez. Weiss spoke first. Weiss left early.",
                    "“It will pass,” the former governor said.",
                ],
                &[("It will pass,", Some("Maria Gonzalez"), Direct)],
            ),
            // Not a role: the description stays a phrase.
            (
                &[
                    "Maria Gonzalez ran the city for a decade.",
                    "“It will pass,” the neighbour said.",
                ],
                &[("It will pass,", Some("the neighbour"), Direct)],
            ),
            // A document quotes whoever issued it, not the last speaker.
            (
                &[
                    "Acme Holdings issued a statement on Monday.",
                    "“Sales fell,” said Maria Gonzalez. “We will recover,” the statement said.",
                ],
                &[
                    ("Sales fell,", Some("Maria Gonzalez"), Direct),
                    ("We will recover,", Some("Acme Holdings"), Direct),
                ],
            ),
            // A name far from "a statement" did not issue it: the last speaker did.
            (
                &[
                    "Two Field Marshals died, the local army said in a statement.",
                    "“We will recover,” the statement said.",
                ],
                &[
                    ("Two Field Marshals died", Some("the local army"), Indirect),
                    ("We will recover,", Some("the local army"), Direct),
                ],
            ),
            // An organisation described by what it is.
            (
                &[
                    "Acme Holdings reported losses.",
                    "“We will recover,” the holding company said.",
                ],
                &[("We will recover,", Some("Acme Holdings"), Direct)],
            ),
            (
                &[
                    "Acme Holdings reported losses.",
                    "“We will recover,” the new firm said.",
                ],
                &[("We will recover,", Some("the new firm"), Direct)],
            ),
        ];
        check(cases, true);
    }

    #[test]
    fn shortened_unknown_names_take_their_fullest_form() {
        use QuoteKind::Direct;
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &[
                    "His niece, Ua Moana Keli Tane, joined in spring. Later Ua Moana Tane came too.",
                    "“It is ours,” says Ua Moana.",
                ],
                &[("It is ours,", Some("Ua Moana Keli Tane"), Direct)],
            ),
            // A heading's title case is no fuller form.
            (
                &["# Ua Moana Speaks Out", "“It is ours,” says Ua Moana."],
                &[("It is ours,", Some("Ua Moana"), Direct)],
            ),
            // Too long an addition is another name (an organisation), not this one's full form.
            (
                &[
                    "Ua Moana Keli Tane Trust Fund paid.",
                    "“It is ours,” says Ua Moana.",
                ],
                &[("It is ours,", Some("Ua Moana"), Direct)],
            ),
        ];
        check(cases, true);
    }

    #[test]
    fn reported_clauses_by_their_shape() {
        use QuoteKind::Indirect;
        // (paragraphs, expected indirect quotes); invented sentences.
        let cases: &[(&[&str], &[Expected])] = &[
            // A contracted subject pronoun, and the expletive "there" before its verb, open a
            // bare clause; "there" as an adverb does not.
            (
                &["The mayor said he's hopeful the ferry will run."],
                &[("he's hopeful the ferry will run", Some("The mayor"), Indirect)],
            ),
            (
                &["The mayor said there was no sign of fraud."],
                &[("there was no sign of fraud", Some("The mayor"), Indirect)],
            ),
            (&["The mayor said there in the hall a few words."], &[]),
            // An irregular past tense shows a bare clause; a participle that may modify the
            // noun does not.
            (
                &["The coach said his team chose not to appeal."],
                &[("his team chose not to appeal", Some("The coach"), Indirect)],
            ),
            (&["The council wrote a letter held by the clerk."], &[]),
            // A capitalised abbreviation opens a clause where the pronoun "us" would not.
            (
                &["The envoy said US troops would stay."],
                &[("US troops would stay", Some("The envoy"), Indirect)],
            ),
            (&["The envoy told us about the river."], &[]),
            // A "that"-only verb takes a nominative pronoun's clause, not "it" (an object), and
            // its participle only after a conjunction.
            (
                &["The chairman stressed he had no proof of favouritism."],
                &[("he had no proof of favouritism", Some("The chairman"), Indirect)],
            ),
            (&["The chairman explained it to the board on Monday."], &[]),
            (&["The rumours suggesting he had fled spread fast."], &[]),
            (
                &["The senator waited for weeks before announcing she would retire."],
                &[("she would retire", Some("The senator"), Indirect)],
            ),
            // New speech verbs report through "that"; an adverb may stand before the verb.
            (
                &["The nurses have long warned that the wards are full."],
                &[("the wards are full", Some("The nurses"), Indirect)],
            ),
            (
                &["The farmers speculated that the dam had leaked."],
                &[("the dam had leaked", Some("The farmers"), Indirect)],
            ),
            // An attribution set off inside the clause, before its verb, reports the whole
            // sentence; after a relative pronoun, the relative clause's verb phrase; before a
            // phrase that is no verb, the part before it.
            (
                &["Most of the bridges, the engineer said, are unsafe."],
                &[("Most of the bridges, the engineer said, are unsafe", Some("the engineer"), Indirect)],
            ),
            (
                &["They hired a panel of nine, which, critics say, has no doctors on it."],
                &[("has no doctors on it", Some("critics"), Indirect)],
            ),
            (
                &["The wards were full all winter, the nurse said, after a long pause."],
                &[("The wards were full all winter", Some("the nurse"), Indirect)],
            ),
            // A second verb joined by a comma and a conjunction ends the first report.
            (
                &["The pilot said the engine failed, and explained that the crew had reacted fast."],
                &[
                    ("the engine failed", Some("The pilot"), Indirect),
                    ("the crew had reacted fast", Some("The pilot"), Indirect),
                ],
            ),
            // A subordinate clause whose verb is the cue ends at its comma; one closed before
            // the cue does not end the report.
            (
                &["Before the inspector said the mill was safe, the workers had left."],
                &[("the mill was safe", Some("the inspector"), Indirect)],
            ),
            (
                &["After the vote, the minister said the plan, which costs little, would go ahead."],
                &[("the plan, which costs little, would go ahead", Some("the minister"), Indirect)],
            ),
            // A clause set off after "that" starts the report after its comma; a closing
            // "according to" ends it.
            (
                &["Some farmers complain that, had they been told, they would have sold, according to traders."],
                &[
                    ("Some farmers complain that, had they been told, they would have sold", Some("traders"), Indirect),
                    ("had they been told, they would have sold", Some("Some farmers"), Indirect),
                ],
            ),
        ];
        check(cases, false);
    }

    #[test]
    fn a_mostly_quoted_report_attributes_its_quotations() {
        use QuoteKind::Direct;
        // (paragraphs, expected quotes): the report itself is no quote (its quotation is most
        // of it), but its cue gives the quotations inside it their speaker, where a cognition
        // verb between would leave them unattributed.
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &["The coach said she felt the team “had to win because nobody else would,” and left."],
                &[(
                    "had to win because nobody else would,",
                    Some("The coach"),
                    Direct,
                )],
            ),
            // Short quotations too: inside the report, they are its speaker's wording.
            (
                &["The coach said they “had to” as “nobody else would.”"],
                &[
                    ("had to", Some("The coach"), Direct),
                    ("nobody else would.", Some("The coach"), Direct),
                ],
            ),
        ];
        check(cases, false);
    }

    #[test]
    fn a_phrase_attributing_two_quotes_at_once_is_mentioned_once() {
        // (paragraph, the phrase's mentions): the quotation and the report around it share
        // one attribution; separate attributions are separate mentions.
        let cases: &[(&str, usize)] = &[
            ("Sales fell “by a third this spring,” according to trade figures.", 1),
            (
                "Sales fell “by a third this spring,” according to trade figures. Prices rose again in May, according to trade figures.",
                2,
            ),
        ];
        for &(text, want) in cases {
            let blocks = [Block::new(BlockKind::Paragraph, text)];
            let quotations = find_quotations(&blocks);
            let result = attribute(&blocks, &quotations, &People::default(), "en");
            let mentions: Vec<usize> = result
                .phrases
                .iter()
                .map(|(_, p)| p.mentions.len())
                .collect();
            assert_eq!(mentions, [want], "{text:?}");
        }
    }

    #[test]
    fn according_to_bare_plurals_and_closing_appositives() {
        use QuoteKind::Indirect;
        // (paragraphs, expected indirect quotes); invented sentences.
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &["The guards slept at their posts, according to court filings."],
                &[(
                    "The guards slept at their posts",
                    Some("court filings"),
                    Indirect,
                )],
            ),
            (
                &["Nine shops were looted, according to police."],
                &[("Nine shops were looted", Some("police"), Indirect)],
            ),
            (
                &["Two barns burned down, according to local news reports."],
                &[(
                    "Two barns burned down",
                    Some("local news reports"),
                    Indirect,
                )],
            ),
            // A singular bare noun is a manner, not a source.
            (&["The launch went ahead, according to plan."], &[]),
            (&["The feast is held at dawn, according to tradition."], &[]),
            // An appositive that ends the sentence leaves the report before the phrase.
            (
                &["Exports fell by a third, according to the Grain Council, a trade body."],
                &[(
                    "Exports fell by a third",
                    Some("the Grain Council"),
                    Indirect,
                )],
            ),
            (
                &["According to the Grain Council, a trade body, exports fell by a third."],
                &[(
                    "exports fell by a third",
                    Some("the Grain Council"),
                    Indirect,
                )],
            ),
            // Opening the sentence, the phrase reports the clause after it, which may start
            // with a determiner as an appositive does.
            (
                &["According to the Grain Council, the harvest was poor. Prices rose."],
                &[("the harvest was poor", Some("the Grain Council"), Indirect)],
            ),
        ];
        check(cases, false);
    }

    #[test]
    fn subjects_shared_described_or_set_apart() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // A possessor determines the subject.
            (
                &["Acme's lawyer said that the contract was void."],
                &[("the contract was void", Some("Acme's lawyer"), Indirect)],
            ),
            // A participle or a coordinated verb shares the sentence's subject.
            (
                &["The mayor apologised on Monday, saying that the flooding had been avoidable."],
                &[("the flooding had been avoidable", Some("The mayor"), Indirect)],
            ),
            (
                &["The mayor visited the site and said the bridge would reopen soon."],
                &[("the bridge would reopen soon", Some("The mayor"), Indirect)],
            ),
            // "As X noted, …" reports the main clause.
            (
                &["As the mayor noted last week, the bridge was never safe."],
                &[("the bridge was never safe", Some("the mayor"), Indirect)],
            ),
            // A relative clause that speaks inside the subject's appositive.
            (
                &["The talks failed, the envoy, who said she had attended them, told reporters."],
                &[
                    ("The talks failed", Some("the envoy"), Indirect),
                    ("she had attended them", Some("the envoy"), Indirect),
                ],
            ),
            // "The source" is the anonymous source quoted before, however described.
            (
                &[
                    "“The talks are stuck for good,” an insider told the paper.",
                    "The deal is off for now, the source added.",
                ],
                &[
                    ("The talks are stuck for good,", Some("an insider"), Direct),
                    ("The deal is off for now", Some("an insider"), Indirect),
                ],
            ),
            // A sentence-final attribution phrase after a quotation.
            (
                &["Floods and “a sudden rise in the river” are to blame, according to the water board."],
                &[("a sudden rise in the river", Some("the water board"), Direct)],
            ),
            // The author of a document the source phrase names.
            (
                &["The harvest failed, according to a new report by the farmers union."],
                &[("The harvest failed", Some("the farmers union"), Indirect)],
            ),
            (
                &["The harvest failed, according to a report by Acme! Research."],
                &[("The harvest failed", Some("Acme! Research"), Indirect)],
            ),
            // The agent of a participle after the subject noun is not the subject.
            (
                &["Internal police memos obtained by the Herald suggest that the chief knew."],
                &[("the chief knew", Some("Internal police memos"), Indirect)],
            ),
            (
                &["A letter seen by the Courier says the plant will close."],
                &[("the plant will close", Some("A letter"), Indirect)],
            ),
            // Cue words that agreement shows to be nouns.
            (&["He gave a direct answer that nobody expected."], &[]),
            (&["Many harsh remarks that nobody expected followed."], &[]),
            // A quotation repeated in a heading takes its speaker from the body.
            (
                &[
                    "# “We will rebuild every school”",
                    "“The storm was cruel. We will rebuild every school,” said Jane Smith.",
                ],
                &[
                    ("We will rebuild every school", Some("Jane Smith"), Direct),
                    (
                        "The storm was cruel. We will rebuild every school,",
                        Some("Jane Smith"),
                        Direct,
                    ),
                ],
            ),
        ];
        check(cases, false);
    }

    #[test]
    fn named_people_behind_titles_capitals_and_descriptions() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // A capitalised description is the person introduced with that title.
            (
                &[
                    "Finance Minister Ana Ruiz met the unions on Monday.",
                    "The Finance Minister insists that the budget is balanced.",
                ],
                &[("the budget is balanced", Some("Ana Ruiz"), Indirect)],
            ),
            // A name in capitals is the person of that name.
            (
                &[
                    "Ana Ruiz spoke first at the meeting.",
                    "Keep the plan: former minister ANA RUIZ says the budget will hold.",
                ],
                &[("the budget will hold", Some("Ana Ruiz"), Indirect)],
            ),
            // An appositive with commas of its own.
            (
                &["Tom Baker, head of the housing, transport and planning committee, said: “We will not wait any longer.”"],
                &[("We will not wait any longer.", Some("Tom Baker"), Direct)],
            ),
            // A description before the name.
            (
                &["City council spokesman Tom Baker said the vote was delayed."],
                &[("the vote was delayed", Some("Tom Baker"), Indirect)],
            ),
            // A person named in the attribution's sentence is not the next paragraph's speaker.
            (
                &[
                    "“It has been a hard year for all of us,” said Jane Smith, an adviser to Tom Baker.",
                    "“We will get through it together.”",
                ],
                &[
                    ("It has been a hard year for all of us,", Some("Jane Smith"), Direct),
                    ("We will get through it together.", Some("Jane Smith"), Direct),
                ],
            ),
        ];
        check(cases, true);
    }

    #[test]
    fn french_objects_relatives_and_earlier_cues() {
        use QuoteKind::{Direct, Indirect};
        // (paragraph, expected quotes)
        let cases: &[(&str, &[Expected])] = &[
            // "que" after the verb's object is a relative pronoun; the quotation that follows
            // in the paragraph takes the subject of the earlier speech verb.
            (
                "Le projet de loi énonce les objectifs que les services peuvent invoquer. Il s’agit de « la défense des frontières du pays ».",
                &[("la défense des frontières du pays", Some("Le projet de loi"), Direct)],
            ),
            // A compound tense with another auxiliary; the report starts at the elided subject.
            (
                "Le maire avait annoncé par avance qu’il quitterait ses fonctions.",
                &[("il quitterait ses fonctions", Some("Le maire"), Indirect)],
            ),
            // A condition is no report.
            ("Le juge agira si elle estime que la loi est violée.", &[]),
        ];
        for &(text, want) in cases {
            let blocks = [Block::new(BlockKind::Paragraph, text)];
            let quotations = find_quotations(&blocks);
            let result = attribute(&blocks, &quotations, &People::default(), "fr");
            let got: Vec<(String, Option<String>, QuoteKind)> = result
                .quotes
                .iter()
                .map(|q| {
                    let speaker = q.speaker.as_ref().map(|s| match s {
                        SpeakerRef::Phrase(k) => result.phrases.get(k).unwrap().display.clone(),
                        SpeakerRef::Person(e) => format!("#{e}"),
                    });
                    (q.text.clone(), speaker, q.kind)
                })
                .collect();
            let want: Vec<(String, Option<String>, QuoteKind)> = want
                .iter()
                .map(|&(t, s, k)| (t.to_string(), s.map(str::to_string), k))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn speaker_tables_keep_the_first_value_on_merge_and_the_last_on_insert() {
        let phrase = |display: &str| PhraseSpeaker {
            display: display.to_owned(),
            named: false,
            mentions: Vec::new(),
        };
        let mut body = PhraseSpeakers::default();
        body.or_insert("the police", phrase("the police"));
        body.or_insert("the police", phrase("The Police")).named = true;
        let mut captions = PhraseSpeakers::default();
        captions.or_insert("the police", phrase("police"));
        captions.or_insert("officials", phrase("officials"));
        body.merge(captions);
        let mut titles = AppositiveTitles::default();
        titles.or_insert(3, "mayor".to_owned());
        titles.or_insert(3, "senator".to_owned());
        let mut caption_titles = AppositiveTitles::default();
        caption_titles.or_insert(1, "adviser".to_owned());
        caption_titles.or_insert(3, "judge".to_owned());
        titles.merge(caption_titles);
        let mut table = SpeakerTable::new();
        table.insert(&SpeakerRef::Person(2), 7);
        table.insert(&SpeakerRef::Person(2), 8);
        table.insert(&SpeakerRef::Phrase("officials".to_owned()), 9);
        // (what is looked up, expected)
        type Case<'a> = (Option<(&'a str, bool)>, Option<(&'a str, bool)>);
        let cases: &[Case] = &[
            (
                body.get("the police")
                    .map(|p| (p.display.as_str(), p.named)),
                Some(("the police", true)),
            ),
            (
                body.get("officials").map(|p| (p.display.as_str(), p.named)),
                Some(("officials", false)),
            ),
            (
                body.get("the mayor").map(|p| (p.display.as_str(), p.named)),
                None,
            ),
            (titles.get(3).map(|t| (t, true)), Some(("mayor", true))),
            (titles.get(1).map(|t| (t, true)), Some(("adviser", true))),
            (titles.get(0).map(|t| (t, true)), None),
            (titles.get(99).map(|t| (t, true)), None),
        ];
        for (i, (got, want)) in cases.iter().enumerate() {
            assert_eq!(got, want, "case {i}");
        }
        let ids: &[(SpeakerRef, Option<u64>)] = &[
            (SpeakerRef::Person(2), Some(8)),
            (SpeakerRef::Person(0), None),
            (SpeakerRef::Person(50), None),
            (SpeakerRef::Phrase("officials".to_owned()), Some(9)),
            (SpeakerRef::Phrase("the police".to_owned()), None),
        ];
        for (speaker, want) in ids {
            assert_eq!(table.get(speaker), *want, "{speaker:?}");
        }
        let keys: Vec<&str> = body.iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["the police", "officials"]);
    }

    #[test]
    fn capitalised_cue_words_are_not_verbs() {
        // (text, index of the token checked, expected)
        let cases: &[(&str, usize, bool)] = &[
            ("“Fine,” State Department officials said.", 4, true),
            ("“Fine,” states the report.", 4, false),
            ("It was fine. Says who?", 4, false),
            ("The Washington Post reported it.", 2, true),
            ("He said: Note the date.", 3, false),
            ("He said “no.” Says who?", 6, false),
        ];
        for &(text, i, want) in cases {
            let tokens = tokenize(text);
            let classes: Vec<u64> = (tokens.iter())
                .map(|t| u64::from(starts_upper(t.text(text))) * CAPITALISED)
                .collect();
            assert_eq!(
                capitalised_mid_sentence(text, &tokens, &classes, i),
                want,
                "{text:?} token {:?}",
                tokens[i].text(text)
            );
        }
    }

    #[test]
    fn pronouns_inheritance_and_indirect_speech() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            (
                &[
                    "“We have done it all before,” said the mayor.",
                    "“And we will do it again,” he said.",
                ],
                &[
                    ("We have done it all before,", Some("the mayor"), Direct),
                    ("And we will do it again,", Some("the mayor"), Direct),
                ],
            ),
            (
                &[
                    "“We have done it all before,” said the mayor.",
                    "“And we will do it again.”",
                ],
                &[
                    ("We have done it all before,", Some("the mayor"), Direct),
                    ("And we will do it again.", Some("the mayor"), Direct),
                ],
            ),
            (
                &["Officials said the bridge would reopen next week."],
                &[(
                    "the bridge would reopen next week",
                    Some("Officials"),
                    Indirect,
                )],
            ),
            (
                &["According to the White House, the president is in good health."],
                &[(
                    "the president is in good health",
                    Some("the White House"),
                    Indirect,
                )],
            ),
            (
                &["The company warned that prices would rise again soon."],
                &[(
                    "prices would rise again soon",
                    Some("The company"),
                    Indirect,
                )],
            ),
            (&["Analysts think that prices would rise again soon."], &[]),
            (
                &["The so-called “Blue House” was quiet, and “criminals” fled."],
                &[],
            ),
            (&["She loved “The Lord of the Rings” as a child."], &[]),
        ];
        check(cases, false);
    }

    #[test]
    fn abbreviations_organisations_appositive_names_and_indefinite_speakers() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // The dot of an abbreviation does not end the subject or its description.
            (
                &["“We acted as fast as we possibly could,” Mr. Dalton said."],
                &[("We acted as fast as we possibly could,", Some("Dalton"), Direct)],
            ),
            (
                &["The mayor spoke first.", "“We acted as fast as we possibly could,” Gov. Reed said."],
                &[("We acted as fast as we possibly could,", Some("Reed"), Direct)],
            ),
            (
                &["“We acted as fast as we possibly could,” said U.S. Attorney Jane Cole."],
                &[("We acted as fast as we possibly could,", Some("Jane Cole"), Direct)],
            ),
            // A role after a determined name is the phrase's head, not its verb.
            (
                &["“We will not comment on any of that today,” said a Pentagon spokesman, Tom Reed."],
                &[("We will not comment on any of that today,", Some("Tom Reed"), Direct)],
            ),
            // An organisation's "it" is the body last opening a sentence or last quoted.
            (
                &[
                    "The Food Standards Agency warned people to stay away.",
                    "“Do not take these pills or powders at all,” it said in a statement.",
                ],
                &[("Do not take these pills or powders at all,", Some("The Food Standards Agency"), Direct)],
            ),
            (
                &[
                    "The Food Standards Agency warned people. Mary Jones agreed.",
                    "“Do not take these pills or powders at all,” it said in a statement.",
                ],
                &[("Do not take these pills or powders at all,", Some("The Food Standards Agency"), Direct)],
            ),
            (
                &[
                    "Mary Jones runs the Food Standards Agency.",
                    "“Do not take these pills or powders at all,” it said in a statement.",
                ],
                &[("Do not take these pills or powders at all,", None, Direct)],
            ),
            // Only a body of this paragraph before the quotation or of the one before counts;
            // of two, the later.
            (
                &[
                    "The Food Standards Agency warned people.",
                    "Mary Jones agreed with them.",
                    "“Do not take these pills or powders at all,” it said in a statement.",
                ],
                &[("Do not take these pills or powders at all,", None, Direct)],
            ),
            (
                &[
                    "“Do not take these pills or powders at all,” it said in a statement. The Food Standards Agency warned people.",
                ],
                &[("Do not take these pills or powders at all,", None, Direct)],
            ),
            (
                &[
                    "The Food Standards Agency warned people. The Trading Standards Office agreed.",
                    "“Do not take these pills or powders at all,” it said in a statement.",
                ],
                &[("Do not take these pills or powders at all,", Some("The Trading Standards Office"), Direct)],
            ),
            (
                &[
                    "The Food Standards Agency warned people.",
                    "The Trading Standards Office agreed. “Do not take these pills or powders at all,” it said in a statement.",
                ],
                &[("Do not take these pills or powders at all,", Some("The Trading Standards Office"), Direct)],
            ),
            // A name alone between commas after a description is the speaker.
            (
                &["The Nobel laureate, Peter Brandt, warned that the war would be long."],
                &[("the war would be long", Some("Peter Brandt"), Indirect)],
            ),
            // "someone", "one person": anonymous speakers, with the complement that sets them
            // apart; "herself" between subject and cue.
            (
                &["“That is not what we want for this valley,” said someone at the meeting."],
                &[("That is not what we want for this valley,", Some("someone at the meeting"), Direct)],
            ),
            (
                &["“That is not what we want for this valley,” said one person during public comment."],
                &[("That is not what we want for this valley,", Some("one person during public comment"), Direct)],
            ),
            (
                &["As Jane Cole herself said, “That is not what we want for this valley.”"],
                &[("That is not what we want for this valley.", Some("Jane Cole"), Direct)],
            ),
        ];
        check(cases, true);
    }

    #[test]
    fn subjects_after_cue_adverbs_and_prepositions_ending_phrases() {
        use QuoteKind::{Direct, Indirect};
        let es: &[(&[&str], &[Expected])] = &[
            (
                &["“Yo no soy el dueño del gobierno de nadie”, remarcó el Presidente desde La Pampa."],
                &[("Yo no soy el dueño del gobierno de nadie", Some("el Presidente"), Direct)],
            ),
            (
                &["“Yo no soy el dueño del gobierno de nadie”, dijo primero el secretario general en la radio."],
                &[("Yo no soy el dueño del gobierno de nadie", Some("el secretario general"), Direct)],
            ),
            (
                &["“Yo no soy el dueño del gobierno de nadie”, opina en cambio Sergio Gómez, meteorólogo."],
                &[("Yo no soy el dueño del gobierno de nadie", Some("Sergio Gómez"), Direct)],
            ),
        ];
        check_in(es, true, "es");
        let pt: &[(&[&str], &[Expected])] = &[
            // Subject after the cue, with a Portuguese article.
            (
                &["“Não vamos recuar agora”, afirmou o ministro em Brasília."],
                &[("Não vamos recuar agora", Some("o ministro"), Direct)],
            ),
            (
                &["“Não vamos recuar agora”, disse Carla Souza à rádio."],
                &[("Não vamos recuar agora", Some("Carla Souza"), Direct)],
            ),
            (
                &["“Não vamos recuar agora”, disse ainda o ministro em Brasília."],
                &[("Não vamos recuar agora", Some("o ministro"), Direct)],
            ),
            (
                &["“Não vamos recuar agora”, afirmou por sua vez Carla Souza."],
                &[("Não vamos recuar agora", Some("Carla Souza"), Direct)],
            ),
            // "disse que": the clause after the complementizer is reported speech.
            (
                &["Carla Souza disse que o plano está pronto."],
                &[("o plano está pronto", Some("Carla Souza"), Indirect)],
            ),
            // A pronoun after "segundo" takes the name of the paragraph before.
            (
                &[
                    "Carla Souza visitou a fábrica na segunda.",
                    "“Não vamos recuar agora”, segundo ela.",
                ],
                &[("Não vamos recuar agora", Some("Carla Souza"), Direct)],
            ),
        ];
        check_in(pt, true, "pt");
        let de: &[(&[&str], &[Expected])] = &[(
            &["„Es ist schwer für alle Händler hier“, berichtet die 50-Jährige über die Lage."],
            &[(
                "Es ist schwer für alle Händler hier",
                Some("die 50-Jährige"),
                Direct,
            )],
        )];
        check_in(de, true, "de");
    }

    #[test]
    fn subjects_after_introductions_and_one_word_surnames_take_pronouns() {
        use QuoteKind::{Direct, Indirect};
        let cases: &[(&[&str], &[Expected])] = &[
            // The subject after a short introductory phrase is the latest subject.
            (
                &[
                    "“We will stay open as long as we possibly can,” said Dr. Tom Reed.",
                    "During an interview, Mary Jones paused. “We had no power for three whole days,” she said.",
                ],
                &[
                    ("We will stay open as long as we possibly can,", Some("Tom Reed"), Direct),
                    ("We had no power for three whole days,", Some("Mary Jones"), Direct),
                ],
            ),
            // A one-word name quoted alone may be a person whom "he" continues.
            (
                &[
                    "Debbie Meadows backs the other candidate.",
                    "“The first I heard of it was late on Tuesday evening,” said King, who resigned. He said he was not deterred by the timeline.",
                ],
                &[
                    ("The first I heard of it was late on Tuesday evening,", Some("King"), Direct),
                    ("he was not deterred by the timeline", Some("King"), Indirect),
                ],
            ),
        ];
        check(cases, true);
    }

    #[test]
    fn token_entries_past_the_end_of_a_list_are_none() {
        /// A per-token list, a token, and its entry.
        type Case<'c> = (&'c [Entry], usize, Option<usize>);
        let list = [None, entry(3)];
        let cases: &[Case] = &[
            (&list, 0, None),
            (&list, 1, Some(3)),
            (&list, 2, None),
            (&[], 0, None),
        ];
        for &(list, i, want) in cases {
            assert_eq!(token_entry(list, i), want, "{list:?} {i}");
        }
    }

    #[test]
    fn word_classes_hold_every_listed_word_and_nothing_else() {
        for (list, class) in CLASS_LISTS {
            for word in listed_words(list) {
                assert_ne!(classes_of(word) & class, 0, "{word:?}");
            }
        }
        // (normalised word, every class bit it has)
        let cases: &[(&str, u64)] = &[
            ("the", NP_STOP | DETERMINER | DEFINITE),
            (
                "a",
                NP_STOP
                    | DETERMINER
                    | INDEFINITE
                    | BETWEEN_SUBJECT_AND_CUE_WORD
                    | SINGULAR_QUANTIFIER,
            ),
            (
                "de",
                NP_STOP | NAME_LINK | NOUN_LINK | FRENCH_NOUN_PREPOSITION,
            ),
            ("on", NP_STOP | FIRST_PERSON_PRONOUN),
            ("il", MALE_PRONOUN),
            ("sie", PLURAL_PRONOUN),
            ("mme", FEMALE_HONORIFIC | ABBREVIATION),
            ("dr", TITLE_ABBREVIATION | ABBREVIATION),
            ("communiqué", DOCUMENT),
            ("&", NAME_LINK),
            ("…", SENTENCE_END),
            ("later", TIME_WORD | BETWEEN_SUBJECT_AND_CUE_WORD),
            ("würde", GERMAN_SUBJUNCTIVE),
            // Not listed: other forms, other lengths, capitals (lists hold normalised words).
            ("The", 0),
            ("statements", 0),
            ("th", 0),
            ("thee", 0),
            ("mayor", 0),
            (",", APPOSITIVE_END | CLAUSE_BREAK | COMMA),
            (";", 0),
            ("", 0),
            ("somebody-else-entirely", 0),
        ];
        for &(word, want) in cases {
            assert_eq!(classes_of(word) & !CUE_OPENER, want, "{word:?}");
        }
        // The bits that are no word class stay clear of every class.
        for (_, class) in CLASS_LISTS {
            assert_eq!(
                class & (CAPITALISED | CUE_OPENER | HAD_CLITIC),
                0,
                "{class:b}"
            );
        }
        // Every cue's first word opens cues; a word that opens none in any language does not.
        cues::for_each_first_word(|word| assert_ne!(classes_of(word) & CUE_OPENER, 0, "{word:?}"));
        for word in ["the", "blue", "mayor", ","] {
            assert_eq!(classes_of(word) & CUE_OPENER, 0, "{word:?}");
        }
    }

    #[test]
    fn pronouns_honorifics_and_capitals_by_class() {
        // (word, pronoun, honorific gender)
        let cases: &[(&str, Option<Np>, Gender)] = &[
            ("he", Some(Np::Pronoun(Gender::Male)), Gender::Unknown),
            ("ella", Some(Np::Pronoun(Gender::Female)), Gender::Unknown),
            ("they", Some(Np::Pronoun(Gender::Unknown)), Gender::Unknown),
            ("wir", Some(Np::FirstPerson), Gender::Unknown),
            ("mr", None, Gender::Male),
            ("señora", None, Gender::Female),
            ("dr", None, Gender::Unknown),
            ("mayor", None, Gender::Unknown),
        ];
        for &(word, ref pronoun_want, gender) in cases {
            assert_eq!(pronoun(word), *pronoun_want, "{word:?}");
            assert_eq!(gender_of_honorific(classes_of(word)), gender, "{word:?}");
        }
        // (text, starts with a capital)
        let capitals: &[(&str, bool)] = &[
            ("", false),
            ("A", true),
            ("a", false),
            ("Émile", true),
            ("élan", false),
            ("1st", false),
            ("“", false),
            ("Ωmega", true),
        ];
        for &(text, want) in capitals {
            assert_eq!(starts_upper(text), want, "{text:?}");
        }
    }

    /// A token's first character decides its kind, and every capital is a letter: a token that
    /// starts with a capital is a word, which lets the phrase walkers read [`View::upper`]
    /// without [`View::is_word`]. Checked for every character.
    #[test]
    fn capitalised_tokens_are_words() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = c.to_string();
            if starts_upper(&text) {
                let kind = tokenize(&text).first().map(|t| t.kind);
                assert_eq!(kind, Some(TokenKind::Word), "{c:?}");
            }
        }
    }

    /// The abbreviations as [`is_abbreviation`] compared them before it read a class bit: the
    /// written forms.
    const WRITTEN_ABBREVIATIONS: [&str; 35] = [
        "Mr", "Mrs", "Ms", "Dr", "St", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt", "Capt",
        "Prof", "Jr", "Sr", "Sra", "Inc", "Co", "Corp", "Ltd", "No", "Jan", "Feb", "Aug", "Sept",
        "Sep", "Oct", "Nov", "Dec", "Mme", "Mlle", "Dir", "Pres", "Atty",
    ];

    /// [`is_abbreviation`] by string comparisons, as it was written before it read a class bit.
    fn is_abbreviation_by_strings(word: &str) -> bool {
        word.contains('.')
            || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
            || word == "vs"
            || WRITTEN_ABBREVIATIONS.contains(&word)
    }

    /// Whether `word` is an abbreviation by [`is_abbreviation`], its class bits looked up as
    /// the speaker attribution does (of its normal form).
    fn is_abbreviation_by_class(word: &str) -> bool {
        is_abbreviation(word, classes_of(&normalize(word).0))
    }

    #[test]
    fn abbreviations_by_class_are_the_written_forms() {
        for written in WRITTEN_ABBREVIATIONS {
            let lower = written.to_lowercase();
            let mut spellings = vec![
                written.to_string(),
                written.to_uppercase(),
                lower.clone(),
                format!("{written}s"),
                format!("{written}."),
                format!("X{lower}"),
                // A capital İ lowers to an ASCII "i".
                written.replace('i', "İ"),
            ];
            spellings.push(lower.get(1..).unwrap_or_default().to_string());
            for word in spellings {
                assert_eq!(
                    is_abbreviation_by_class(&word),
                    is_abbreviation_by_strings(&word),
                    "{word:?}"
                );
            }
        }
        for word in ["vs", "Vs", "A", "É", "a", "", "U.S", "the", "Mr-il", "St’"] {
            assert_eq!(
                is_abbreviation_by_class(word),
                is_abbreviation_by_strings(word),
                "{word:?}"
            );
        }
    }

    proptest::proptest! {
        /// Short words of the listed words' letters, capitals and look-alikes: the class bit
        /// and the written form answer as the string comparisons did.
        #[test]
        fn abbreviations_by_class_are_the_string_comparisons(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "M", "r", "s", "S", "t", "D", "İ", "i", "e", "p", "c", "o", "C", "N", "J", "a",
                    "n", "l", "y", "A", "v", "V", "É", ".", "-", "’",
                ]),
                0..5,
            )
        ) {
            let word = parts.concat();
            proptest::prop_assert_eq!(
                is_abbreviation_by_class(&word),
                is_abbreviation_by_strings(&word)
            );
        }
    }

    #[test]
    fn repeated_quotations_adopt_the_first_fitting_speaker() {
        // Each quote as (text, has a cue, speaker entity).
        type Quote<'a> = (&'a str, bool, Option<usize>);
        let repeat = ("one two three four", false, None);
        // A passage of a longer quotation with a cue, an inherited one, one that only shares
        // the first triple, and one too short to hold the repeat.
        let body = ("so one two three four", true, Some(1));
        let uncued_body = ("one two three four five", false, Some(2));
        let other = ("one two three five", true, Some(3));
        let short = ("one two three", true, Some(4));
        // (quotes, expected speakers after adoption)
        let cases: Vec<(Vec<Quote>, Vec<Option<usize>>)> = vec![
            (vec![repeat, body], vec![Some(1), Some(1)]),
            // An occurrence with its own cue wins over an inherited one, wherever it is.
            (
                vec![uncued_body, repeat, body],
                vec![Some(2), Some(1), Some(1)],
            ),
            (vec![repeat, uncued_body], vec![Some(2), Some(2)]),
            // The whole repeat must follow the triple.
            (vec![repeat, short], vec![None, Some(4)]),
            (vec![repeat, other], vec![None, Some(3)]),
            // Too short to be recognised, or nothing to adopt from.
            (vec![("one two", false, None), body], vec![None, Some(1)]),
            (vec![repeat], vec![None]),
            // Only the first places of a triple are tried.
            (
                [vec![other; MAX_TRIPLE_SITES], vec![body, repeat]].concat(),
                [vec![Some(3); MAX_TRIPLE_SITES], vec![Some(1), None]].concat(),
            ),
            (
                [vec![other; MAX_TRIPLE_SITES - 1], vec![body, repeat]].concat(),
                [vec![Some(3); MAX_TRIPLE_SITES - 1], vec![Some(1), Some(1)]].concat(),
            ),
        ];
        for (quotes, want) in cases {
            let mut attributed: Vec<AttributedQuote> = quotes
                .iter()
                .map(|&(text, cued, speaker)| AttributedQuote {
                    kind: QuoteKind::Direct,
                    text: text.to_string(),
                    pieces: Vec::new(),
                    speaker: speaker.map(SpeakerRef::Person),
                    described: false,
                    cue: cued.then(|| "said".to_string()),
                })
                .collect();
            adopt_repeated_speakers(&mut attributed);
            let got: Vec<Option<usize>> = attributed
                .iter()
                .map(|q| match q.speaker {
                    Some(SpeakerRef::Person(e)) => Some(e),
                    _ => None,
                })
                .collect();
            assert_eq!(got, want, "{quotes:?}");
        }
    }

    #[test]
    fn quote_words_are_lower_case_letter_and_digit_runs() {
        // (quotation, its words, the passage of words 1..3)
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "“We will WIN, 2-1.”",
                &["we", "will", "win", "2", "1"],
                "will win",
            ),
            (
                "Ça va — très bien",
                &["ça", "va", "très", "bien"],
                "va très",
            ),
            ("one", &["one"], ""),
            ("…", &[], ""),
            ("", &[], ""),
        ];
        for &(text, want, passage) in cases {
            let mut words = QuoteWords::default();
            // A quotation before it, so that ranges not starting at 0 are tested.
            let (_, before) = words.push("Earlier words");
            let (first, end) = words.push(text);
            assert_eq!(first, before, "{text:?}");
            let got: Vec<&str> = (first..end).map(|w| words.passage(w, w + 1)).collect();
            assert_eq!(got, want, "{text:?}");
            let middle = words.passage(first + 1, (first + 3).min(end));
            assert_eq!(middle, passage, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The words in one buffer are what splitting at every character that is no letter or
        /// digit and lower-casing each piece give, and a passage is those words joined by spaces.
        #[test]
        fn quote_words_are_the_split_lowered_words(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Dit", " ", "’", "'", "É", "é", "İ", "ẞ", "x", "QU", "“", "-", "Ω", "1",
                    "\u{a0}", "٣", ",",
                ]),
                0..12,
            )
        ) {
            let text = parts.concat();
            let want: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(crate::text::lower)
                .collect();
            let mut words = QuoteWords::default();
            words.push("x");
            let (first, end) = words.push(&text);
            let got: Vec<&str> = (first..end).map(|w| words.passage(w, w + 1)).collect();
            proptest::prop_assert_eq!(&got, &want);
            proptest::prop_assert_eq!(words.passage(first, end), want.join(" "));
        }
    }

    /// Events of the given kinds (true: direct) with the given speakers (true: attributed),
    /// for [`nearest_attributed`].
    fn events_and_speakers(kinds: &[(bool, bool)]) -> (Vec<Event>, Vec<Option<SpeakerRef>>) {
        kinds
            .iter()
            .enumerate()
            .map(|(k, &(direct, attributed))| {
                let event = Event {
                    at: k,
                    kind: if direct {
                        QuoteKind::Direct
                    } else {
                        QuoteKind::Indirect
                    },
                    text: String::new(),
                    spans: Vec::new(),
                    found: None,
                    words: 0,
                    adjacent: false,
                    imagined: false,
                    attributes_only: false,
                };
                (event, attributed.then_some(SpeakerRef::Person(k)))
            })
            .unzip()
    }

    /// What [`nearest_attributed`] writes, into a new list, left over from an earlier block
    /// to show that it is cleared.
    fn nearest_of(events: &[Event], resolved: &[Option<SpeakerRef>]) -> Vec<Option<usize>> {
        let mut nearest = vec![Some(7); 3];
        nearest_attributed(events, resolved, &mut nearest);
        nearest
    }

    /// [`nearest_attributed`] by a search per event: the nearest earlier attributed event or
    /// later attributed direct quote, the earlier on a tie.
    fn nearest_attributed_by_search(
        events: &[Event],
        resolved: &[Option<SpeakerRef>],
    ) -> Vec<Option<usize>> {
        (0..events.len())
            .map(|n| {
                let before = (0..n).rev().find(|&k| resolved[k].is_some());
                let after = (n + 1..events.len())
                    .find(|&k| resolved[k].is_some() && events[k].kind == QuoteKind::Direct);
                match (before, after) {
                    (Some(b), Some(a)) => Some(if n - b <= a - n { b } else { a }),
                    (b, a) => b.or(a),
                }
            })
            .collect()
    }

    #[test]
    fn nearest_attributed_event_earlier_on_a_tie() {
        // (direct, attributed) per event.
        type Kinds<'a> = &'a [(bool, bool)];
        // (events, expected nearest)
        let cases: &[(Kinds, &[Option<usize>])] = &[
            (&[], &[]),
            (&[(true, false)], &[None]),
            (&[(true, true), (true, false)], &[None, Some(0)]),
            (&[(true, false), (true, true)], &[Some(1), None]),
            // A later indirect quote is no neighbour; an earlier one is.
            (&[(true, false), (false, true)], &[None, None]),
            (&[(false, true), (true, false)], &[None, Some(0)]),
            // Equally near on both sides: the earlier one.
            (
                &[(true, true), (true, false), (true, true)],
                &[Some(2), Some(0), Some(0)],
            ),
            (
                &[(true, true), (true, false), (true, false), (true, true)],
                &[Some(3), Some(0), Some(3), Some(0)],
            ),
        ];
        for &(kinds, want) in cases {
            let (events, resolved) = events_and_speakers(kinds);
            assert_eq!(nearest_of(&events, &resolved), want, "{kinds:?}");
        }
    }

    proptest::proptest! {
        /// The two passes find what a search per event finds.
        #[test]
        fn nearest_attributed_is_the_search_per_event(
            kinds in proptest::collection::vec((proptest::bool::ANY, proptest::bool::ANY), 0..12)
        ) {
            let (events, resolved) = events_and_speakers(&kinds);
            proptest::prop_assert_eq!(
                nearest_of(&events, &resolved),
                nearest_attributed_by_search(&events, &resolved)
            );
        }
    }

    proptest::proptest! {
        /// The comparison in place agrees with lower-casing a copy first.
        #[test]
        fn lowered_starts_with_is_starts_with_of_the_lowered_copy(
            word in "(.|[A-Za-zÀ-ſẞİ])*",
            stem in "(.|[a-zà-ſßi])*",
        ) {
            let lowered = crate::text::lower(&word);
            proptest::prop_assert!(lowered_starts_with(&word, &stem) == lowered.starts_with(&stem));
            let prefix: String = lowered.chars().take(3).collect();
            proptest::prop_assert!(lowered_starts_with(&word, &prefix));
        }
    }

    proptest::proptest! {
        /// The byte scans agree with the `char` pattern trims and searches they replaced.
        #[test]
        fn looks_like_title_is_the_char_pattern_version(
            text in "([A-Za-zé’ .,!?;]|Mini|Mike|Lord|the)*",
        ) {
            let trimmed = text.trim_end_matches(['.', ',']);
            let want = !trimmed.contains(['.', ',', '!', '?', ';'])
                && whitespace_words(trimmed).nth(8).is_none()
                && whitespace_words(trimmed)
                    .filter(|w| crate::text::char_count(w) > 3)
                    .all(starts_upper);
            proptest::prop_assert_eq!(looks_like_title(&text), want);
        }
    }

    #[test]
    fn after_last_is_the_last_piece_of_rsplit() {
        // (word, byte)
        let cases: &[(&str, u8)] = &[
            ("a-t-il", b'-'),
            ("dit-elle", b'-'),
            ("dit", b'-'),
            ("-", b'-'),
            ("x-", b'-'),
            ("", b'-'),
            ("é-ça", b'-'),
            ("the anonymous source", b' '),
        ];
        for &(word, byte) in cases {
            let want = word.rsplit(char::from(byte)).next().unwrap_or("");
            assert_eq!(after_last(word, byte), want, "{word:?}");
        }
    }

    /// The view of one paragraph, with the article's normalised words and people it needs.
    fn with_view(text: &str, check: impl FnOnce(&View)) {
        let blocks = [Block::new(BlockKind::Paragraph, text)];
        let tokens = ArticleTokens::new(&blocks);
        let quotations = find_quotations(&blocks);
        let people = people::find_people(&blocks);
        let mut changed = String::new();
        let mut tables = TokenTables::new(&blocks, &tokens, &quotations, &mut changed);
        tables.link_blocks(&blocks, &tokens, &people, "en");
        let view = View::new(0, &blocks[0], tokens.block(0), &tables);
        check(&view);
    }

    #[test]
    fn name_runs_are_two_or_more_capitalised_words_outside_quotations() {
        // (paragraph, expected runs)
        let cases: &[(&str, &[&[&str]])] = &[
            (
                "Dick Clark Productions said the Food Standards Agency warned.",
                &[
                    &["Dick", "Clark", "Productions"],
                    &["Food", "Standards", "Agency"],
                ],
            ),
            ("He met Jo at the Old Bailey.", &[&["Old", "Bailey"]]),
            ("It ends with Two Words", &[&["Two", "Words"]]),
            ("no capitals here at all", &[]),
            ("\u{201c}Big Apple\u{201d} is New York", &[&["New", "York"]]),
        ];
        for &(text, want) in cases {
            with_view(text, |view| {
                let people = People::default();
                let mut resolver = Resolver::new(&people, true);
                resolver.note_name_runs(view, 0, view.tokens.len());
                let runs: Vec<Vec<&str>> = resolver
                    .name_runs
                    .iter()
                    .map(|r| (0..r.len()).map(|i| r.word(i)).collect())
                    .collect();
                assert_eq!(runs, want, "{text:?}");
            });
        }
    }

    #[test]
    fn between_reads_a_range_from_a_list_of_starts() {
        let starts = [0, 3, 3, 7];
        // (index, range)
        let cases: &[(usize, core::ops::Range<usize>)] =
            &[(0, 0..3), (1, 3..3), (2, 3..7), (3, 0..0), (9, 0..0)];
        for (index, want) in cases.iter().cloned() {
            assert_eq!(between(&starts, index), want, "{index}");
        }
        assert_eq!(between(&[], 0), 0..0);
    }

    #[test]
    fn phrases_are_the_tokens_as_written() {
        // (from, to, texts)
        let cases: &[(usize, usize, &[&str])] = &[
            (0, 2, &["Mr", "."]),
            (2, 4, &["Georgelis", "said"]),
            (3, 3, &[]),
            (4, 9, &[]),
            (3, 9, &[]),
        ];
        with_view("Mr. Georgelis said", |view| {
            for &(from, to, want) in cases {
                let phrase = view.phrase(from, to);
                let words: Vec<&str> = (0..phrase.len()).map(|i| phrase.word(i)).collect();
                assert_eq!(words, want, "{from}..{to}");
                assert_eq!(phrase.len(), want.len());
                assert_eq!(phrase.joined(), want.join(" "));
            }
        });
    }

    #[test]
    fn sentences_opening_in_a_token_range() {
        // Tokens: One two . Three four . Five . (sentences 0..3, 3..6, 6..8)
        // (from, to, expected sentence numbers)
        let cases: &[(usize, usize, core::ops::Range<usize>)] = &[
            (0, 8, 0..3),
            (1, 8, 1..3),
            (3, 3, 1..1),
            (3, 4, 1..2),
            (4, 6, 2..2),
            (0, 0, 0..0),
            (7, 8, 3..3),
            (8, 8, 3..3),
        ];
        with_view("One two. Three four. Five.", |view| {
            assert_eq!(view.sentence_spans, [(0, 3), (3, 6), (6, 8)]);
            for (from, to, want) in cases.iter().cloned() {
                assert_eq!(view.sentences_opening_in(from, to), want, "{from}..{to}");
            }
        });
    }

    #[test]
    fn normal_words_are_the_normalised_tokens_with_their_classes() {
        // (word as written, normalised, class bits beyond the capital)
        let cases: &[(&str, &str, u64)] = &[
            ("The", "the", NP_STOP | DETERMINER | DEFINITE),
            ("blue", "blue", 0),
            ("dit-il", "dit", 0),
            (".", ".", SENTENCE_END | FULL_STOP),
            ("He", "he", MALE_PRONOUN | CLAUSE_SUBJECT_PRONOUN),
            ("don’t", "don't", 0),
        ];
        let text: Vec<&str> = cases.iter().map(|c| c.0).collect();
        with_view(&text.join(" "), |view| {
            for (i, &(written, want, classes)) in cases.iter().enumerate() {
                assert_eq!(view.words[i], want, "{written:?}");
                assert_eq!(
                    view.classes[i] & !(CAPITALISED | CUE_OPENER | HAD_CLITIC),
                    classes,
                    "{written:?}"
                );
                assert_eq!(
                    view.classes[i] & HAD_CLITIC != 0,
                    written.contains('-'),
                    "{written:?}"
                );
                assert_eq!(view.upper(i), starts_upper(written), "{written:?}");
            }
        });
    }

    proptest::proptest! {
        /// The view's indexes, built in passes over cues, mentions and sentences, say what a
        /// scan of every token says.
        #[test]
        fn view_indexes_agree_with_token_scans(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "said", "Smith", "John", "Mr", ".", ",", "“", "”", "the", "he", "told",
                    "reporters", "Ministry", "of", "Health", "according", "to", "She", "!", "it",
                ]),
                0..50,
            )
        ) {
            let text = words.join(" ");
            with_view(&text, |view| {
                let n = view.tokens.len();
                for t in 0..n {
                    let last_cue = view.cues.iter().rposition(|c| c.end <= t);
                    assert_eq!(view.cue_before(t), last_cue, "{text:?} {t}");
                    let (word, _) = normalize(view.token_text(t));
                    assert_eq!(view.words[t], word.as_ref(), "{text:?} {t}");
                }
                let opens = |k: usize| k == 0 || view.sentence[k - 1] != view.sentence[k];
                let spans: Vec<(usize, usize)> = (0..n)
                    .filter(|&k| opens(k))
                    .map(|k| (k, (k + 1..n).find(|&e| opens(e)).unwrap_or(n)))
                    .collect();
                assert_eq!(view.sentence_spans, spans, "{text:?}");
                for k in 0..=n {
                    for (from, to) in [(k, n), (0, k)] {
                        let want: Vec<usize> =
                            (from..to).filter(|&t| opens(t)).map(|t| view.sentence[t]).collect();
                        let got: Vec<usize> = view.sentences_opening_in(from, to).collect();
                        assert_eq!(got, want, "{text:?} {from}..{to}");
                    }
                }
                let mut runs = Vec::new();
                let mut k = 0;
                while k < n {
                    if view.mention_at(k).is_some() {
                        runs.push((view.mention_first(k), view.mention_end(k)));
                        k = view.mention_end(k);
                    } else {
                        k += 1;
                    }
                }
                assert_eq!(view.mention_runs, runs, "{text:?}");
            });
        }
    }
}
