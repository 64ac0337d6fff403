//! Officials: people who hold, or speak for, a public office, with their titles.
//!
//! [`find_people`](super::people::find_people) already decides who is an official (a public-office
//! title beside the name, or an unnamed official's description); this module turns those entities
//! into report entries, one per person with every mention as a UTF-16 span.

use super::people::{is_vague_description, People};
use crate::prelude::*;
use crate::report::{Official, Span};
use crate::text::{Block, BlockUtf16};

/// Lists the officials among `people`, each once with all its mentions as UTF-16 spans, in order
/// of first mention. A named official's title is the entity's title; an unnamed official's title
/// is its first description as written ("a senior US State Department official") that is not
/// vague ("Officials", not "Many other officials"). Spans are converted with `offsets`, the
/// article's shared UTF-16 index.
pub fn find_officials(blocks: &[Block], people: &People, offsets: &BlockUtf16) -> Vec<Official> {
    // Whether an unnamed official's title is a plain (not vague) description yet.
    let mut plain_title: Vec<bool> = Vec::new();
    let mut slots: Vec<Option<usize>> = vec![None; people.entities.len()];
    let mut officials: Vec<Official> = Vec::new();
    for (entity, slot) in people.entities.iter().zip(&mut slots) {
        if !entity.official {
            continue;
        }
        let title = if entity.named {
            entity.title.clone()
        } else {
            Some(entity.name.clone())
        };
        let Some(title) = title else { continue };
        *slot = Some(officials.len());
        plain_title.push(entity.named || !is_vague_description(&title));
        officials.push(Official {
            name: entity.named.then(|| entity.name.clone()),
            title,
            mentions: Vec::new(),
        });
    }
    for mention in &people.mentions {
        let (Some(Some(slot)), Some(_)) = (slots.get(mention.entity), blocks.get(mention.block))
        else {
            continue;
        };
        if let (false, Some(title)) = (crate::at(&plain_title, *slot), &mention.title) {
            if !is_vague_description(title) {
                crate::at_mut(&mut officials, *slot).title = title.clone();
                *crate::at_mut(&mut plain_title, *slot) = true;
            }
        }
        crate::at_mut(&mut officials, *slot).mentions.push(Span {
            block: mention.block,
            start: offsets.utf16(mention.block, mention.start),
            end: offsets.utf16(mention.block, mention.end),
        });
    }
    officials
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::credits::find_credits;
    use crate::analysis::people::find_people;
    use crate::text::BlockKind;

    fn officials_of(paragraphs: &[&str]) -> Vec<(Option<String>, String)> {
        let blocks: Vec<Block> = paragraphs
            .iter()
            .map(|p| Block::new(BlockKind::Paragraph, *p))
            .collect();
        find_officials(&blocks, &find_people(&blocks), &BlockUtf16::new(&blocks))
            .into_iter()
            .map(|o| (o.name, o.title))
            .collect()
    }

    /// Expected (name, title) pairs.
    type ExpectedOfficials = &'static [(Option<&'static str>, &'static str)];

    /// Asserts each case's officials: (paragraphs, expected (name, title)).
    fn check(cases: &[(&[&str], ExpectedOfficials)]) {
        for &(paragraphs, want) in cases {
            let want: Vec<(Option<String>, String)> = want
                .iter()
                .map(|(n, t)| (n.map(str::to_string), t.to_string()))
                .collect();
            assert_eq!(officials_of(paragraphs), want, "{paragraphs:?}");
        }
    }

    #[test]
    fn official_patterns() {
        // (paragraphs, expected (name, title))
        let cases: &[(&[&str], ExpectedOfficials)] = &[
            (
                &["Chinese President Xi Jinping arrived."],
                &[(Some("Xi Jinping"), "Chinese President")],
            ),
            (
                &["US Treasury Secretary Janet Yellen spoke."],
                &[(Some("Janet Yellen"), "US Treasury Secretary")],
            ),
            (
                &["Sen. Elizabeth Warren objected."],
                &[(Some("Elizabeth Warren"), "Sen.")],
            ),
            (&["“No,” Gov. Inslee said."], &[(Some("Inslee"), "Gov.")]),
            (
                &["The foreign minister, Wang Yi, said so."],
                &[(Some("Wang Yi"), "foreign minister")],
            ),
            (
                &["“Fine,” said Hogan Gidley, the principal deputy White House press secretary."],
                &[(
                    Some("Hogan Gidley"),
                    "principal deputy White House press secretary",
                )],
            ),
            (
                &["“Go,” said Taliban spokesman Zabihullah Mujahid."],
                &[(Some("Zabihullah Mujahid"), "Taliban spokesman")],
            ),
            (
                &["It works, according to a senior US State Department official."],
                &[(None, "a senior US State Department official")],
            ),
            (
                &["Two administration officials said so."],
                &[(None, "Two administration officials")],
            ),
            (
                &["A police spokesperson said it was calm."],
                &[(None, "A police spokesperson")],
            ),
            (
                &["Yun Sun, a researcher at the Stimson Center, agrees."],
                &[],
            ),
            (&["Hillary Clinton visited in 2010."], &[]),
            // A title whose complement names its body, before the name.
            (
                &["The leader of the Green Party, Anna Berg, spoke."],
                &[(Some("Anna Berg"), "leader of the Green Party")],
            ),
            // A plural title shared by coordinated names, across an honorific.
            (
                &["Former ministers Sir John Hale and Mary Stone signed."],
                &[
                    (Some("John Hale"), "Former ministers"),
                    (Some("Mary Stone"), "Former ministers"),
                ],
            ),
            // A role inside a public body is a public post.
            (
                &["Anna Berg, a member of the party's national council, agreed."],
                &[(Some("Anna Berg"), "member of the party's national council")],
            ),
            (
                &["Parks department ranger Tom Reid found it."],
                &[(Some("Tom Reid"), "Parks department ranger")],
            ),
            (
                &["Tom Reid, a professor at the Department of History, agreed."],
                &[],
            ),
            // A peer's style titles a legislator when nothing else does.
            (
                &["Peers backed a call by Lord Ashdown to keep the rules."],
                &[(Some("Ashdown"), "Lord")],
            ),
            (&["Baroness Ode spoke."], &[(Some("Ode"), "Baroness")]),
            // A title written beside the name says what the peer is described as.
            (&["Baroness Ode, a former teacher, spoke."], &[]),
            (&["Lady Ashdown opened the fair."], &[]),
            // A German closed compound ending in an office title.
            (
                &["Innenminister Klaus Weber sprach."],
                &[(Some("Klaus Weber"), "Innenminister")],
            ),
            // Unnamed officials: complements, numbers, coordination, plural titles.
            (
                &["Lawmakers from the Green Party (GP) walked out."],
                &[(None, "Lawmakers from the Green Party (GP)")],
            ),
            (
                &[
                    "The 40 opposition lawmakers voted.",
                    "Some other opposition lawmakers left.",
                ],
                &[(None, "The 40 opposition lawmakers")],
            ),
            (
                &["A security official was killed."],
                &[(None, "A security official")],
            ),
            (
                &["Police officers and city officials met on Monday."],
                &[(None, "Police officers and city officials")],
            ),
            (&["The generals seized power."], &[(None, "The generals")]),
            (
                &["The cabinet includes an opposition minister."],
                &[(None, "an opposition minister")],
            ),
            (
                &["Members of Congress voted."],
                &[(None, "Members of Congress")],
            ),
            // Traps: appositives, bare bodies, sentence ends, genitives, adjectives, sport.
            (&["Tom Reid, 63, a former prosecutor, said so."], &[]),
            (&["Police and prosecutors are investigating."], &[]),
            (&["Members of the Smith family came."], &[]),
            (
                &["„Ja“, sagt der Sprecher. Piktogramme würden helfen."],
                &[],
            ),
            (&["Die Rede des Bürgermeisters war kurz."], &[]),
            (
                &["C'est ce qu'a annoncé Marc Roy, responsable de la mobilité."],
                &[],
            ),
            (&["Trevor Hale, England captain, scored twice."], &[]),
            (&["It was an official visit with official statements."], &[]),
            (&["A rep for the singer declined to comment."], &[]),
            (&["12 députés Front de gauche ont voté."], &[]),
        ];
        check(cases);
    }

    #[test]
    fn office_titles_owners_and_dated_titles() {
        // (paragraphs, expected (name, title))
        let cases: &[(&[&str], ExpectedOfficials)] = &[
            // A royal rank is a birth title, not a public office; an heir's is a state post.
            (&["Prince Edmund opened the new ward."], &[]),
            (&["Princess Ilse Varga visited the school."], &[]),
            (
                &["Crown Prince Karim Alwan met the envoy."],
                &[(Some("Karim Alwan"), "Crown Prince")],
            ),
            // A defence lawyer is a lawyer; a public prosecutor's attorney title is an office.
            (&["Defense attorney Maria Costa objected."], &[]),
            (&["Maria Costa, a defence attorney, objected."], &[]),
            (
                &["District Attorney Maria Costa objected."],
                &[(Some("Maria Costa"), "District Attorney")],
            ),
            // Offices of local government, inquiry and custody.
            (
                &["Coroner Paul Hart ruled it an accident."],
                &[(Some("Paul Hart"), "Coroner")],
            ),
            (
                &["Warden Lisa Moore toured the cells."],
                &[(Some("Lisa Moore"), "Warden")],
            ),
            (
                &["A medical examiner testified on Monday."],
                &[(None, "A medical examiner")],
            ),
            (
                &["Jo Lindqvist, the city manager, resigned."],
                &[(Some("Jo Lindqvist"), "city manager")],
            ),
            // An owner's whole name stands in the description…
            (
                &["The State Department's inspector general opened an inquiry."],
                &[(None, "The State Department's inspector general")],
            ),
            (
                &["Officials say Cook County's chief medical examiner ruled."],
                &[
                    (None, "Officials"),
                    (None, "Cook County's chief medical examiner"),
                ],
            ),
            // …but not a sentence's opening function word.
            (
                &["Because Ortiz's chief of staff resigned, the vote slipped."],
                &[(None, "Ortiz's chief of staff")],
            ),
            // An owner's office is not the post of the person it owns.
            (
                &["The talks were run by the governor's lawyer Ana Ruiz."],
                &[],
            ),
            (&["Ana Ruiz, the mayor's lawyer, declined."], &[]),
            (
                &["Ana Ruiz, the mayor's chief of staff, declined."],
                &[(Some("Ana Ruiz"), "mayor's chief of staff")],
            ),
            // A post in a company, university or trade union is no public office…
            (
                &["Dana Whitley, president of the teachers union, objected."],
                &[],
            ),
            (
                &["Dana Whitley, local president of the nurses' union, objected."],
                &[],
            ),
            (&["Acme Company president Dana Whitley objected."], &[]),
            (
                &["Dana Whitley, president of Harwell University, spoke."],
                &[],
            ),
            // …but a capitalised Union is a bloc or a state.
            (
                &["Mira Sokol, secretary-general of the African Union, spoke."],
                &[(Some("Mira Sokol"), "secretary-general of the African Union")],
            ),
            // A group drawn across the bodies it names keeps that complement…
            (
                &["The plan drew fire from lawmakers of both parties."],
                &[(None, "lawmakers of both parties")],
            ),
            // …which must be bodies.
            (
                &["Officials of both teams shook hands."],
                &[(None, "Officials")],
            ),
            // A name that owns what follows it is no appositive of the title before it.
            (
                &["Through a spokesperson, Ortiz's office declined to comment."],
                &[(None, "a spokesperson")],
            ),
            (
                &["Through a spokesperson, Dana Ortiz' office declined to comment."],
                &[(None, "a spokesperson")],
            ),
            // A hypothetical member points at no one; a particular group does.
            (&["Any state legislator who filed was barred."], &[]),
            (
                &["Some state legislators objected."],
                &[(None, "Some state legislators")],
            ),
            // A party's chair holds a party post; a party's hired hand does not.
            (
                &["Ray Tull, the chairman of the county GOP, spoke."],
                &[(Some("Ray Tull"), "chairman of the county GOP")],
            ),
            (&["GOP strategist Ray Tull spoke."], &[]),
            // An appositive describes the person named before it: one official, not two.
            (
                &["Tom Ray, a police spokesperson, said it was calm."],
                &[(Some("Tom Ray"), "police spokesperson")],
            ),
            // A plural after a name's comma lists others.
            (
                &["The envoy met Mr. Ortiz, Afghan officials and aid workers."],
                &[(None, "Afghan officials")],
            ),
            // A title dated by a hyphenated prefix keeps its abbreviation's dot.
            (
                &["The bill was backed by then-Sen. Ada Quist (D-Ore.)."],
                &[(Some("Ada Quist"), "then-Sen.")],
            ),
            (&["The vote needs a follow-up. Ada Quist disagreed."], &[]),
        ];
        check(cases);
    }

    #[test]
    fn parties_vague_groups_and_group_coreference() {
        // (paragraphs, expected (name, title))
        let cases: &[(&[&str], ExpectedOfficials)] = &[
            // A party word used as a noun before a full name titles a politician.
            (
                &["Parmi eux figurent l'UMP Jeanne Martel et l’écologiste Marc Oury."],
                &[
                    (Some("Jeanne Martel"), "UMP"),
                    (Some("Marc Oury"), "écologiste"),
                ],
            ),
            (
                &["Le socialiste Paul Renard a voté contre."],
                &[(Some("Paul Renard"), "socialiste")],
            ),
            (
                &["Democrat Jane Alder voted no."],
                &[(Some("Jane Alder"), "Democrat")],
            ),
            // Traps: a plural noun after a party word, a party word as an adjective.
            (&["A list of Conservative MPs was published."], &[]),
            (&["The labour dispute involved Anna Berg."], &[]),
            // A vague quantifier points at no one in particular.
            (&["He funded many politicians for years."], &[]),
            (
                &["They sought to impeach multiple government officials."],
                &[],
            ),
            (
                &[
                    "Many other officials resigned on Monday.",
                    "Officials said the cabinet would meet.",
                ],
                &[(None, "Officials")],
            ),
            // The bracketed acronym of a group's body, modifying its head, is the same group.
            (
                &[
                    "Lawmakers from the Green Party (GP) walked out.",
                    "GP lawmakers later returned.",
                ],
                &[(None, "Lawmakers from the Green Party (GP)")],
            ),
            // A bare plural refers back to the last group with its head…
            (
                &[
                    "French officials met on Monday.",
                    "Officials said the talks went well.",
                ],
                &[(None, "French officials")],
            ),
            // …unless the bare group was met first.
            (
                &["Officials said so.", "French officials agreed."],
                &[(None, "Officials"), (None, "French officials")],
            ),
            // A bare plural after a comma, before a speech verb, attributes; it is no appositive.
            (
                &["The talks stalled, officials said."],
                &[(None, "officials")],
            ),
        ];
        check(cases);
    }

    /// The product's reference article, block by block as the article finder reads it.
    fn seed_article() -> Vec<Block> {
        use BlockKind::{Byline, Caption, Heading, Headline, ImageText, Paragraph};
        let alt = "Blinken in China to put pressure on Beijing while preserving stability";
        let blocks: &[(BlockKind, &str)] = &[
            (Headline, "Blinken in China to put pressure on Beijing while preserving stability"),
            (Paragraph, "American Secretary of State Antony Blinken is expected in China on Wednesday for his second visit in less than a year, with the mission of increasing pressure on Beijing concerning different files, such as its support for Russia, while seeking greater stability."),
            (Paragraph, "The head of American diplomacy will have talks with Chinese leaders in Beijing on Friday, during which he is expected to plead for restraint as Taiwan prepares to take over a new president."),
            (Paragraph, "He is also expected to raise US concerns about China's trade practices, which Washington considers anti-competitive, a key issue for President Joe Biden in this election year."),
            (Paragraph, "Antony Blinken is also in China to ease tensions between the world's two largest economies."),
            (Paragraph, "These have clearly attenuated since Mr. Blinken's visit in June."),
            (Paragraph, "This trip was followed by a meeting between Joe Biden and Chinese President Xi Jinping in San Francisco in November, leading to a resumption of contacts between their two armies and cooperation in the fight against the manufacture of fentanyl, a synthetic drug which is wreaking havoc in the United States."),
            (Paragraph, "Mr. Blinken will begin his visit Wednesday in Shanghai where he will meet with students and business leaders."),
            (ImageText, alt),
            (Caption, "U.S. President Joe Biden and his Chinese counterpart Xi Jinping after a meeting as part of Asia-Pacific Economic Cooperation (APEC) Leaders' Week, November 15, 2023 in Woodside, California © AFP – Brendan Smialowski"),
            (Paragraph, "This stop, intended to demonstrate the warm ties between Americans and Chinese, is the first in Shanghai by an American Secretary of State since Hillary Clinton in 2010."),
            (Paragraph, "Treasury Secretary Janet Yellen also visited the industrial city of Guangzhou before traveling to Beijing earlier this month."),
            (Paragraph, "Sino-American relations are at a “different stage from where we were a year ago, when bilateral relations were at a historically low level,” noted a senior American official before Antony Blinken’s visit."),
            (Paragraph, "“We also believe, and we have clearly demonstrated it, that responsible management of competition does not mean that we must renounce taking measures to protect national interests of the United States,” he said."),
            (Heading, "– Pressure against support for Moscow –"),
            (Paragraph, "The Joe Biden administration's willingness to collaborate with China stands in stark contrast to efforts to isolate Russia since the invasion of Ukraine in February 2022."),
            (ImageText, alt),
            (Caption, "US Treasury Secretary Janet Yellen on April 6, 2024 in Canton © AFP – Pedro Pardo"),
            (Paragraph, "If Beijing does not directly supply weapons to Russia, Washington has in recent weeks accused China of providing dual-use materials and technologies to Moscow that facilitate its most important rearmament effort since Soviet times."),
            (Paragraph, "“If China wants to have friendly relations with Europe and other countries on the one hand, it cannot fuel on the other hand what is the greatest threat to European security since the end of the war “cold,” Blinken said Friday after a G7 meeting in Capri, Italy."),
            (Paragraph, "The Biden administration had called the agreement reached with Xi Jinping on fentanyl. According to a senior US State Department official, since the November summit, China appears to have taken initial steps, which Mr. Blinken will ask for further development."),
            (ImageText, alt),
            (Caption, "Illustration of Tik Tok on April 19, 2024 in Paris © AFP – Antonin UTZ"),
            (Paragraph, "“More regular crackdowns by China against Chinese chemical companies and manufacturers (…) involved in illicit fentanyl supply chains would send a strong signal of “China's commitment to tackling this problem,” he noted."),
            (Paragraph, "Another source of friction between the two countries is the new law passed by the US Congress on Tuesday requiring that the very popular TikTok application be sold by its Chinese parent company ByteDance, under penalty of being excluded from the American market."),
            (Paragraph, "Joe Biden will face Donald Trump in the presidential election in a few months, who championed a hard line against China."),
            (Paragraph, "Yun Sun, a researcher at the Stimson Center based in Washington, observes that Chinese leaders are waiting before the American elections."),
            (ImageText, alt),
            (Caption, "US Secretary of State Antony Blinken during a press conference following a G7 meeting in Capri, April 19, 2024 in Italy © AFP – Tiziana FABI"),
            (Paragraph, "“The Chinese understand that the Biden administration is unlikely to deliver good news on the trade front because it does not fit with the election platform,” she said."),
            (Paragraph, "For Chinese leaders, this year, “the priority is to maintain the stability of relations.” “Until there is clarity on the next administration, I don't think they see a better strategy,” she added."),
            (Paragraph, "All rights of reproduction and representation reserved. © (2024) Agence France-Presse"),
            (Byline, "By Teilor Stone"),
        ];
        blocks
            .iter()
            .map(|&(kind, text)| Block::new(kind, text))
            .collect()
    }

    #[test]
    fn seed_article_officials_and_credits() {
        let blocks = seed_article();
        let people = find_people(&blocks);
        let officials = find_officials(&blocks, &people, &BlockUtf16::new(&blocks));
        let got: Vec<(Option<&str>, &str)> = officials
            .iter()
            .map(|o| (o.name.as_deref(), o.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Antony Blinken"), "Secretary of State"),
                (Some("Joe Biden"), "President"),
                (Some("Xi Jinping"), "Chinese President"),
                (Some("Janet Yellen"), "Treasury Secretary"),
                (None, "a senior American official"),
                (None, "a senior US State Department official"),
            ]
        );
        // Every Blinken mention: body full names, "Mr. Blinken" ×3, "Blinken said", headline, caption.
        assert!(
            officials[0].mentions.len() >= 8,
            "{:?}",
            officials[0].mentions
        );
        let credits = find_credits(&blocks);
        let got: Vec<(&str, Option<&str>, Option<&str>)> = credits
            .iter()
            .map(|c| {
                (
                    c.text.as_str(),
                    c.agency.as_deref(),
                    c.photographer.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "© AFP – Brendan Smialowski",
                    Some("AFP"),
                    Some("Brendan Smialowski")
                ),
                ("© AFP – Pedro Pardo", Some("AFP"), Some("Pedro Pardo")),
                ("© AFP – Antonin UTZ", Some("AFP"), Some("Antonin Utz")),
                ("© AFP – Tiziana FABI", Some("AFP"), Some("Tiziana Fabi")),
            ]
        );
    }
}
