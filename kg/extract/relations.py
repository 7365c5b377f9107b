"""Facts between entities from the syntax around names.

- titles and appositions: "Chinese President Xi Jinping", "Vladimir Putin, the Russian president",
  "Xi, China's leader" -> leaderOf, title; "Nvidia spokesman John Doe" -> worksFor;
- organisations described by a place: "U.S. chipmaker Nvidia", "Xiaomi phones, a Chinese brand",
  "Seoul-based Naver", "Acme, based in Ohio", "the Bank of England" -> basedIn; a state body whose name starts with its
  country ("the Haitian Parliament", "the U.S. Congress") -> basedIn that country;
- where news comes from: a dateline's agency ("BANGKOK, Thailand (AP) --") and a monitoring
  service's source line ("AU0202111694 Paris AFP in English 0107 GMT 2 Feb 94", "Tokyo MAINICHI
  SHIMBUN") -> the agency or outlet basedIn the place;
- places next to places: "Gyeongju, South Korea", "Haifa in northern Israel" -> locatedIn; a place
  named as a part of another: "Bosnia's capital, Sarajevo" -> locatedIn;
- work and home: "Harrington taught at Harvard" -> worksFor; "Sohn's New Jersey home", "died at his
  home in Larchmont", "Greenville, where she grew up" -> livesIn;
- products: "Xiaomi smartphones" -> a Product producedBy Xiaomi;
- birth: "X was born in Y", "X, a native of Y" -> bornIn (and not livesIn);
- killing: "X killed Y", "Y was killed by X" -> killed;
- nominal mentions: "the Chinese leader" -> a mention that resolution ties to China's leader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.lexicon import (
    APPOINT_VERBS,
    COMPANY_NOUNS,
    FIELDS,
    JOB_TITLES,
    KILL_VERBS,
    KILLER_NOUNS,
    LEAD_VERBS,
    LEADER_TITLES,
    ORGANIZATION_WORDS,
    PARTY_NAMES,
    PRODUCT_NOUNS,
)
from kg.extract.mentions import (
    CUE,
    GAZETTEER,
    ORGANISATIONS,
    PLACES,
    Reader,
    Span,
    Token,
    key_of,
    made_by,
    made_product,
    stood_against,
)
from kg.records import Attribute, Evidence, Mention, Relation

# Head nouns of the bodies of a state: one whose name starts with a country ("the Haitian
# Parliament", "the U.S. 6th Fleet") is that country's, so based there. Not "embassy" or "consulate"
# (the U.S. Embassy is abroad), nor "university", "fund" or "society", which many countries' names
# head without being based there ("the American University of Beirut"). Not "party" either: true
# ("the Croatian Peasant Party" is based in Croatia) but on CrossRE dev 50 more facts, none in its gold.
STATE_BODIES = frozenset({
    "government", "parliament", "congress", "senate", "assembly", "legislature", "cabinet", "ministry",
    "administration", "navy", "army", "military", "fleet", "force", "forces", "guard", "police",
    "court", "duma", "knesset",
})
# Verbs of working somewhere ("taught at Harvard"), nouns of one's home, verbs of living somewhere.
WORK_VERBS = frozenset({"work", "teach", "serve", "lecture"})
HOME_NOUNS = frozenset({"home", "house", "residence", "apartment", "farm", "ranch", "hometown"})
HOME_VERBS = frozenset({"live", "grow", "reside", "settle"})
BIRTH_WORDS = frozenset({"bear", "born", "native"})  # lemmas; "born" is "bear" to the lemmatiser
# Words that name a quarter of a place ("northern Israel", "south-east Algeria").
QUARTERS = frozenset({"north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
                      "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                      "southeastern", "southwestern", "upstate", "downstate"})
# Nouns that name a place as a part of another ("Bosnia's capital, Sarajevo").
PART_NOUNS = frozenset({"capital", "city", "town", "village", "port", "suburb", "province", "region", "state",
                        "republic", "district", "county", "island"})
# A news agency's bureau is where its dateline says, so the agency is based there; but a dateline
# names where one story was filed, not the agency's headquarters, hence less than the rules' 0.8.
DATELINE_CONFIDENCE = 0.6
# A monitoring service's source line names an outlet's home city (not a bureau): as sure as a rule.
SOURCE_CONFIDENCE = 0.8
_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
_DATE = r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}\.?)"
# "BANGKOK, Thailand (AP) --", "(Text) Sofia, February 15 (BTA) --", "Moscow March 5 (ITAR-TASS) --":
# a line opening with a place, maybe its region and a date, then the agency in brackets.
DATELINE = re.compile(rf"^(?:\(Text\) *)?(?P<place>{_NAME})(?:, (?P<region>{_NAME}))?(?:,? {_DATE})? "
                      r"\((?P<agency>[A-Z][\w-]{1,15})\) *(?:--|—|–|$)", re.MULTILINE)
# "AU0202111694 Paris AFP in English 0107 GMT 2 Feb 94", "Cairo AL-AHALI in Arabic 6 Apr 94": a
# document code or a line's start, a place and the outlet, then the language and a time or date.
_CODE = re.compile(r"(?=[0-9A-Z]*\d)(?=[0-9A-Z]*[A-Z])[0-9A-Z]{8,13}")
SOURCE_LINE = re.compile(rf"(?:(?<![\w-]){_CODE.pattern} +|^)"
                         r"(?P<words>[A-Z][\w.'’-]*(?: [\w.'’-]+){1,9}?) in [A-Z][a-z]+ \d", re.MULTILINE)
# "Tokyo MAINICHI SHIMBUN", "Moscow ITAR-TASS": a line of a place and an outlet's name in capitals.
MASTHEAD = re.compile(r"^(?P<words>[A-Z][\w.'’-]*(?: [\w.'’-]+){1,8}) *$", re.MULTILINE)


def find_relations(reader: Reader) -> tuple[list[Relation], list[Attribute]]:
    """Relations and title attributes read from one document."""
    relations: list[Relation] = []
    attributes: list[Attribute] = []
    for span, mention in list(reader.spans):
        if mention.cls == "Person":
            for group in descriptors(span):
                for part in clauses(group):
                    _person_facts(reader, span, mention, part, relations, attributes)
            _person_of_a_country(reader, span, mention, relations)
        elif mention.cls in ORGANISATIONS:
            for group in descriptors(span):
                _based_in(reader, span, mention, group, relations)
            _state_body(reader, span, mention, relations)
            _of_a_place(reader, span, mention, relations)
            _led_by(reader, span, mention, relations)
            _products(reader, span, mention, relations)
        elif mention.cls in PLACES:
            _located_in(reader, span, mention, relations)
            _untagged_state_body(reader, span, mention, relations)
    relations += _killings(reader)
    relations += _news_sources(reader)
    relations += _workplaces(reader)
    relations += _leaders(reader)
    relations += _appointments(reader)
    relations += _homes(reader)
    relations += _parts(reader)
    _nominals(reader)
    return relations, attributes


_TITLE_NOUNS = frozenset(w for title in LEADER_TITLES | JOB_TITLES for w in title.split()) - {"of", "state"}
"""Words of titles: a name hanging on one of them is what the title governs."""
_TEAM_TITLES = frozenset({"coach", "captain", "manager", "skipper"})
"""Titles that lead a country's team, not the country ("Wales coach Mike Ruddock")."""
_EITHER = frozenset({"rival", "competitor", "owner", "investor", "developer", "producer", "publisher", "broker"})
_COMPANIES = COMPANY_NOUNS - _EITHER
_BODIES = _COMPANIES | ORGANIZATION_WORDS
"""Nouns for organisations (not those for people too, "Russian rival"): a place qualifying one ("the
German carmaker") only says where it is."""


def descriptors(span: Span) -> Iterator[list[Token]]:
    """Groups of tokens that describe a name: its own modifiers, its appositions, a copula's attribute."""
    root = span.root
    left: list[Token] = []
    for token in reversed(list(root.subtree)):
        if token.i < span.start and (not left or token.i == left[-1].i - 1):
            left.append(token)
    if left:
        yield left[::-1]
    if root.dep_ == "appos":
        yield [t for t in root.head.subtree if not span.start <= t.i < span.end and t.i < span.start]
    for child in root.children:
        if child.dep_ == "appos":
            yield list(child.subtree)
    if root.dep_ == "compound":  # "Xiaomi phones, a Chinese brand": the apposition describes the maker
        for child in root.head.children:
            if child.dep_ == "appos":
                yield list(child.subtree)
    if root.dep_ == "nsubj" and root.head.lemma_ in ("be", "become") \
            and not any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in root.head.children):
        for child in root.head.children:  # not what a question asks: "asking if he is a German war criminal"
            if child.dep_ == "attr":
                yield list(child.subtree)


def clauses(tokens: list[Token]) -> list[list[Token]]:
    """``tokens`` parted into the main phrase and each relative clause in it, so that a title and a
    name in different clauses are not linked ("a Canadian politician, who served as mayor of Calgary"
    is not Canada's leader)."""
    found = [t for t in tokens if t.dep_ == "relcl"]
    outer = [c for c in found if not any(o.i != c.i and o.left_edge.i <= c.i <= o.right_edge.i for o in found)]
    parts = [[t for t in tokens if not any(c.left_edge.i <= t.i <= c.right_edge.i for c in outer)]]
    parts += [[t for t in tokens if c.left_edge.i <= t.i <= c.right_edge.i] for c in outer]
    return [part for part in parts if part]


def title_in(tokens: list[Token]) -> tuple[str, bool] | None:
    """(title as written, whether it is a leader's title) for the first title among the tokens.

    A leader's word narrowed to one field leads no organisation: "political editor", "trade
    commissioner", "chief economic adviser" (a "chief" before another word of the title)."""
    for i in range(len(tokens)):
        for size in (3, 2, 1):
            words = tokens[i : i + size]
            phrase = " ".join(t.lower_ for t in words)
            lemma = " ".join(t.lemma_.lower() for t in words)
            for candidate in (phrase, lemma):
                if candidate in LEADER_TITLES or candidate in JOB_TITLES:
                    field = _field_before(tokens, i)
                    leads = candidate in LEADER_TITLES and field is None and not _chief_of_another(tokens, i, candidate)
                    text = " ".join(t.text for t in (words if field is None else [field, *words]))
                    return text[:1].upper() + text[1:], leads
    return None


def _field_before(tokens: list[Token], i: int) -> Token | None:
    """The word naming a field just before the title at ``tokens[i]`` ("political" editor), if any."""
    before = tokens[i - 1] if i > 0 and tokens[i - 1].i == tokens[i].i - 1 else None
    return before if before is not None and before.lower_ in FIELDS else None


def _chief_of_another(tokens: list[Token], i: int, candidate: str) -> bool:
    """Whether a lone "chief" qualifies the next word of the title ("chief economic adviser")."""
    after = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].i == tokens[i].i + 1 else None
    return candidate == "chief" and after is not None \
        and (after.pos_ in ("NOUN", "ADJ") or after.lower_ in _TITLE_NOUNS)  # "Chief Secretary"


def _anchors(reader: Reader, tokens: list[Token], exclude: Mention) -> list[tuple[Token, Mention]]:
    found: dict[int, tuple[Token, Mention]] = {}
    for token in tokens:
        other = reader.mention_at(token)
        if other is not None and other is not exclude and id(other) not in found:
            found[id(other)] = (token, other)
    return list(found.values())


def _person_facts(reader: Reader, span: Span, person: Mention, group: list[Token],
                  relations: list[Relation], attributes: list[Attribute]) -> None:
    evidence = reader.evidence(span.root)
    title = title_in([t for t in group if reader.mention_at(t) is None])
    if title is not None:
        attributes.append(Attribute(person, "title", title[0], evidence))
        if group[-1].i == span.start - 1 and not any(t.is_punct or t.tag_ in ("DT", "PRP$") for t in group):
            # "Chinese President Xi Jinping" is a name of Xi Jinping too; "Its chief executive, Armin
            # Papperger" and "the company's finance director Maria Lopez" are not
            reader.span_mention(span.doc[group[0].i : span.end], "Person", weight=0, key=person.key)
    inside = {t.i for t in group}
    anchors = [(t, a) for t, a in _anchors(reader, group, person) if not _bracketed(t)]
    if title is not None and title[0].lower() in CORPORATE_TITLES and all(a.key == person.key for _, a in anchors) \
            and not any(t.text[:1].isupper() and t.lower_ not in _TITLE_NOUNS and t.tag_ not in ("DT", "PRP$")
                        for t in group if t.i < span.start):  # not "Euronext chief executive X": a name unread
        relations += _the_sentence_s_company(reader, span, person, "leaderOf" if title[1] else "worksFor")
    for token, anchor in anchors:
        national = anchor.cls == "Country" and token.ent_type_ == "NORP" \
            and not _of_another_noun(reader, token, anchor, inside, nationality=True)
        if title is not None and title[1] and anchor.cls in PLACES + ORGANISATIONS:
            if _through_a_verb(token, inside) or _qualifies_a_place(reader, token, anchor):
                continue
            owned = _of_another_noun(reader, token, anchor, inside)
            team = anchor.cls == "Country" and title[0].lower().split()[-1] in _TEAM_TITLES  # "Wales coach"
            if not owned and not team:
                relations.append(Relation(person, "leaderOf", anchor, evidence, 0.9))
            if national:  # "Chinese President Xi" is Chinese
                relations.append(Relation(person, "citizenOf", anchor, evidence, 0.7))
            elif owned and anchor.cls in ORGANISATIONS:  # "head of Merrill's private client business"
                relations.append(Relation(person, "worksFor", anchor, evidence, 0.7))
        elif anchor.cls in ORGANISATIONS and not _names_a_killer(group) \
                and not stood_against(token):  # "Booth, assassin of Lincoln"; "a critic of the party"
            relations.append(Relation(person, "worksFor", anchor, evidence, 0.7 if title else 0.5))
        elif national and not _through_a_verb(token, inside):
            relations.append(Relation(person, "citizenOf", anchor, evidence, 0.7))  # "Russian businessman X"
        elif anchor.cls == "Person" and anchor.key != person.key and _names_a_killer(group) \
                and not _through_a_verb(token, inside):  # "Kennedy's assassin Oswald"
            relations.append(Relation(person, "killed", anchor, evidence, 0.7))


def _bracketed(token: Token) -> bool:
    """Whether a word stands alone in brackets: the agency a dateline credits ("RIYADH (Reuters) - Apple
    Chief Executive Tim Cook"), which the parse may join to the title after it."""
    doc = token.doc
    return bool(0 < token.i < len(doc) - 1 and doc[token.i - 1].text == "(" and doc[token.i + 1].text == ")")


# Titles held in a company, which a story names without it when the company is the story's own
# ("Microsoft will invest $10 billion ..., Chief Executive Satya Nadella said").
CORPORATE_TITLES = frozenset({"chief executive", "ceo", "chairman", "chairwoman", "managing director",
                              "chief financial officer", "cfo", "chief operating officer", "coo", "cto"})


def _the_sentence_s_company(reader: Reader, span: Span, person: Mention, predicate: str) -> list[Relation]:
    """The one organisation of the sentence, for a person given a company's title and no company:
    "Microsoft will invest $10 billion in Japan, Chief Executive Satya Nadella said". None where the
    sentence names several, or a rival."""
    sentence = span.sent
    found = {m.key: m for t in sentence if (m := reader.mention_at(t)) is not None and m.cls in ORGANISATIONS}
    if len(found) != 1 or any(t.lemma_.lower() in _EITHER for t in sentence):
        return []
    [company] = found.values()
    return [Relation(person, predicate, company, reader.evidence(span.root), 0.6)]


def _qualifies_a_place(reader: Reader, token: Token, place: Mention) -> bool:
    """Whether a place only says where another place of the description is, written after it with a
    comma: "Algeria" in "the mayor of Mohammadia, south-east Algeria", who leads the town, not the
    country; not a list ("the mayor of Paris and Lyon")."""
    while reader.mention_at(token.head) is place and token.head.i != token.i:
        token = token.head
    other = reader.mention_at(token.head)
    listed = token.dep_ == "conj" and any(c.dep_ == "cc" for c in token.head.children)  # "of Paris and Lyon"
    return token.dep_ in ("appos", "npadvmod", "conj") and not listed and other is not None and other is not place \
        and other.cls in PLACES


def _names_a_killer(group: list[Token]) -> bool:
    return any(t.lemma_.lower() in KILLER_NOUNS for t in group)


def _of_another_noun(reader: Reader, token: Token, anchor: Mention, inside: set[int],
                     nationality: bool = False) -> bool:
    """Whether a name in a description owns, places or qualifies something else than what its title
    heads, so the title's holder leads that thing, not the name: "Merrill" and "Europe" in "head of
    Merrill's private client business in Europe", "Mumbai" in "president of one of Mumbai's
    organisations", "China" in "China's Xiaomi founder", "German" in "chief of the German carmaker
    VW", "Germany" in "director of the IFPI in Germany", "Merck" in "Merck's head of research".

    For a ``nationality`` ("Soviet" in "commander of the Soviet Navy", "Ecuadoran" in "the Ecuadoran
    minister of industry", "Italian" in "daughter of Italian actors"), only a company or a possession
    is something else."""
    while reader.mention_at(token.head) is anchor and token.head.i != token.i:
        token = token.head
    bodies = _COMPANIES if nationality else _BODIES
    if anchor.cls in PLACES and _before_an_organisation(reader, token, anchor, nationality):
        return True
    while token.head.i != token.i and token.head.i in inside:
        head = token.head
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.i in inside:
            head = head.head
        if head.lower_ in _TITLE_NOUNS or head.lemma_.lower() in _TITLE_NOUNS:
            return not nationality and _of_a_thing(head, token)
        other = reader.mention_at(head)
        if other is not None and other is not anchor and anchor.cls in PLACES \
                and other.cls in (("Company",) if nationality else ORGANISATIONS):
            return True
        if head.pos_ == "NOUN" and other is not anchor and (
                token.dep_ == "poss" or token.dep_ == "pobj" and not nationality
                or token.dep_ in ("amod", "compound") and anchor.cls in PLACES and head.lemma_ in bodies):
            return True
        token = head
    return False


def _before_an_organisation(reader: Reader, token: Token, place: Mention, company: bool) -> bool:
    """Whether a place (maybe with "'s") comes just before an organisation's name (a company's if
    ``company``): "UK Film Council"; not a party's: "London's Labour mayor" leads London."""
    doc, at = token.doc, token.i + 1
    while at < len(doc) and (reader.mention_at(doc[at]) is place or doc[at].tag_ == "POS"):
        at += 1
    following = reader.mention_at(doc[at]) if at < len(doc) else None
    return following is not None and following.cls in (("Company",) if company else ORGANISATIONS) \
        and following.text.lower() not in PARTY_NAMES


def _of_a_thing(title: Token, came_from: Token) -> bool:
    """Whether a title is held over a thing a common noun names: "head of research"."""
    return any(o.dep_ == "pobj" and o.pos_ == "NOUN" and o.i != came_from.i and o.lemma_ not in ("state", "government")
               for prep in title.children if prep.lower_ == "of" for o in prep.children)


def _through_a_verb(token: Token, inside: set[int]) -> bool:
    """Whether a name hangs on the description through a verb ("the chief executive of Google, based
    in Mountain View"), so it describes something else than the person."""
    while token.i in inside and token.head.i != token.i:
        token = token.head
        if token.i in inside and token.pos_ in ("VERB", "AUX"):
            return True
    return False


def _based_in(reader: Reader, span: Span, org: Mention, group: list[Token], relations: list[Relation]) -> None:
    inside = {t.i for t in group}
    for token, anchor in _anchors(reader, group, org):
        if anchor.cls in PLACES and token.dep_ in ("compound", "amod", "npadvmod", "nmod", "poss") \
                and not _through_a_verb(token, inside) and not _modifies_a_name(reader, token, inside, org):
            relations.append(Relation(org, "basedIn", anchor, reader.evidence(span.root), 0.8))
    for head in _described(span):  # "Acme, based in Ohio", "Seoul-based", "Airbus, the planemaker based in Toulouse"
        for child in head.children:
            if child.lemma_ in ("base", "headquarter", "headquartered") and child.dep_ in ("acl", "amod"):
                for place in child.subtree:
                    other = reader.mention_at(place)
                    if other is not None and other.cls in PLACES and other is not org:
                        relations.append(Relation(org, "basedIn", other, reader.evidence(span.root), 0.8))
                        break


def _described(span: Span) -> list[Token]:
    """A name's root and the heads of its appositions: what a participle describing the name hangs on
    ("Acme, based in Ohio"; "SoftBank, the Tokyo-based investor led by Masayoshi Son")."""
    root = span.root
    return [root, *(c for c in root.children if c.dep_ == "appos")]


def _of_a_place(reader: Reader, span: Span, org: Mention, relations: list[Relation]) -> None:
    """"the Communist Party of Greece", "the Bank of England" -> basedIn the place its name ends with
    after "of"; not an embassy or a consulate, which are abroad ("the Embassy of France in Seoul")."""
    doc = span.doc
    of = next((t for t in span[1:] if t.lower_ == "of"), None)
    if of is None or any(t.lemma_.lower() in ("embassy", "consulate", "mission", "delegation") for t in span):
        return
    start = of.i + 1 + (doc[of.i + 1].lower_ == "the")
    place = next((m for s, m in reader.spans if s.doc is doc and s.start == start and s.end == span.end
                  and m.cls in PLACES), None)
    known = reader.gazetteer.place(doc[start : span.end].text) if place is None and start < span.end else None
    if known is not None:  # "England" of "the Bank of England", which the tagger did not name apart
        place = reader.span_mention(doc[start : span.end], known.cls, weight=GAZETTEER, key=known.name.casefold())
    if place is not None and place.key != org.key:
        relations.append(Relation(org, "basedIn", place, reader.evidence(span.root), 0.8))


def _led_by(reader: Reader, span: Span, org: Mention, relations: list[Relation]) -> None:
    """"the Maronite Church, led by Patriarch Bechara al-Rahi", "SoftBank, the investor led by Masayoshi
    Son", "the party is headed by Olaf Scholz" -> leaderOf the organisation."""
    root = span.root
    verbs = [c for head in _described(span) for c in head.children if c.dep_ == "acl"]
    verbs += [root.head] if root.dep_ == "nsubjpass" else []
    for verb in verbs:
        if verb.lemma_.lower() in LEAD_VERBS and verb.tag_ == "VBN":
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                relations += [Relation(person, "leaderOf", org, reader.evidence(verb), 0.8)
                              for person in _objects(reader, agent, ("Person",))]


_REGNAL = frozenset({"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                     "XVI"})


def _person_of_a_country(reader: Reader, span: Span, person: Mention, relations: list[Relation]) -> None:
    """"King Abdullah of Jordan", "Gustav III of Sweden" -> leaderOf the country (a leader's title or a
    regnal number in the name); "Mia Hamm of the United States" -> citizenOf it."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is None or after.lower_ != "of" or after.head.i != span.root.i:
        return
    title = title_in(list(span))
    if not person.named or title is not None and len(span) == 1:  # "the last Incan King of Peru, Atahualpa"
        return
    ruler = title is not None and title[1] or span[-1].text in _REGNAL
    predicate, confidence = ("leaderOf", 0.8) if ruler else ("citizenOf", 0.7)
    evidence = reader.evidence(span.root)
    relations += [Relation(person, predicate, country, evidence, confidence)
                  for country in _objects(reader, after, ("Country",))]


def _modifies_a_name(reader: Reader, token: Token, inside: set[int], org: Mention) -> bool:
    """Whether a place in an organisation's description modifies another name there: "Belarus" in
    "Interfax, ... the chief of Belarus's Security Committee" is where the committee is."""
    anchor = reader.mention_at(token)
    while token.i in inside and token.head.i != token.i:
        token = token.head
        found = reader.mention_at(token)
        if found is not None and found is not anchor and found is not org:
            return True
    return False


def national_country(reader: Reader, span: Span) -> tuple[Span, str] | None:
    """(the words, the country) when a state body's name starts with its country or its demonym:
    "the Haitian Parliament", "the U.S. 6th Fleet", "the Russian Defence Ministry"; None otherwise,
    and for a body named as somewhere else ("the U.S. Army in Europe")."""
    start = span.start + (1 if span[0].lower_ == "the" else 0)
    if span.root.lemma_.lower() not in STATE_BODIES or span.root.i <= start \
            or any(t.lower_ in ("in", "at") for t in span):
        return None
    doc, places = span.doc, reader.gazetteer
    for size in (3, 2, 1):
        words = doc[start : start + size]
        if start + size > span.root.i:
            continue
        place = places.place(words.text)
        if place is not None and place.cls == "Country":
            return words, place.name
        country = places.country_of_demonym(words.text) if size == 1 else None
        if country is not None:
            return words, country
    return None


def _state_body(reader: Reader, span: Span, org: Mention, relations: list[Relation]) -> None:
    """"the Haitian Parliament" -> basedIn Haiti; "Parliament" is a name of it too."""
    found = national_country(reader, span)
    if found is None:
        return
    words, country = found
    demonym = reader.gazetteer.place(words.text) is None
    place = reader.span_mention(words, "Country", weight=GAZETTEER, key=country.casefold(), named=not demonym)
    rest = span.doc[words.end : span.end]
    if rest[0].text[:1].isupper() or rest[0].like_num:
        reader.span_mention(rest, org.cls, weight=0, key=org.key)
    relations.append(Relation(org, "basedIn", place, reader.evidence(span.root), 0.8))


def _untagged_state_body(reader: Reader, span: Span, country: Mention, relations: list[Relation]) -> None:
    """"the Soviet Navy Nikolai Kuznetsov", where the tagger named no organisation: a country or
    demonym followed by capitalised words ending in a state body's noun is that body, based there."""
    if country.cls != "Country":
        return
    doc, end = span.doc, span.end
    while end < len(doc) and end - span.end < 3 and doc[end].is_title and doc[end].is_alpha \
            and reader.mention_at(doc[end]) is None:
        end += 1
    while end > span.end and doc[end - 1].lemma_.lower() not in STATE_BODIES:
        end -= 1
    if end == span.end:
        return
    body = reader.span_mention(doc[span.start : end], "Organization")
    reader.span_mention(doc[span.end : end], "Organization", weight=0, key=body.key)
    relations.append(Relation(body, "basedIn", country, reader.evidence(span.root), 0.8))


def _news_sources(reader: Reader) -> Iterator[Relation]:
    """Agencies and outlets based where their dateline or source line says (``DATELINE``,
    ``SOURCE_LINE``, ``MASTHEAD``); the names are made mentions when the tagger missed them."""
    for block, text in zip(reader.blocks, reader.texts, strict=True):
        doc = block.doc
        for match in DATELINE.finditer(text):
            place = _place_at(reader, doc, *match.span("place"))
            region = _place_at(reader, doc, *match.span("region")) if match["region"] else None
            if region is not None and place is None:  # "Saint-Gall, Switzerland (AFP)"
                place = _mention_over(reader, doc, *match.span("place"), "Place")
            agency = _mention_over(reader, doc, *match.span("agency"), "Organization")
            for where in (place, region):
                if agency is not None and where is not None:
                    yield Relation(agency, "basedIn", where, _evidence(reader, doc, match), DATELINE_CONFIDENCE)
        for pattern in (SOURCE_LINE, MASTHEAD):
            for match in pattern.finditer(text):
                found = _place_and_outlet(reader, doc, match, capitals=pattern is MASTHEAD)
                if found is not None:
                    yield Relation(found[1], "basedIn", found[0], _evidence(reader, doc, match), SOURCE_CONFIDENCE)


def _place_and_outlet(reader: Reader, doc: Span, match: re.Match[str],
                      capitals: bool) -> tuple[Mention, Mention] | None:
    """The place and the outlet of a source line: the longest known place its words start with, then
    the rest up to a bracket ("Beijing CHINA DAILY (SCIENCE MEDICINE)"). A masthead's outlet must be
    written in capitals, and not be a place ("Paris, FRANCE")."""
    words = match["words"].split(" ")
    if any(_CODE.fullmatch(w) for w in words):  # a headline runs into the code: the match started too early
        return None
    for size in (4, 3, 2, 1):
        place = reader.gazetteer.place(" ".join(words[:size])) if size < len(words) else None
        if place is not None:
            break
    else:
        return None
    outlet = words[size:]
    outlet = outlet[: next((n for n, w in enumerate(outlet) if w.startswith("(")), len(outlet))]
    name = " ".join(outlet)
    if not name[:1].isupper() or reader.gazetteer.place(name) is not None:
        return None
    if capitals and (not name.isupper() or sum(c.isalpha() for c in name) < 3 or words[0].isupper()):
        return None
    start = match.start("words")
    where = _place_at(reader, doc, start, start + len(" ".join(words[:size])))
    end = start + len(" ".join(words[: size + len(outlet)]))
    source = _mention_over(reader, doc, end - len(name), end, "Organization")
    return (where, source) if where is not None and source is not None else None


def _place_at(reader: Reader, doc: Span, start: int, end: int) -> Mention | None:
    """The place written at these characters: its mention, or one made from the gazetteer."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    found = _exact(reader, span, PLACES)
    if found is not None:
        return found
    place = reader.gazetteer.place(span.text)
    if place is None:
        return None
    return reader.span_mention(span, place.cls, weight=GAZETTEER, key=place.name.casefold())


def _mention_over(reader: Reader, doc: Span, start: int, end: int, cls: str) -> Mention | None:
    """The mention of ``cls``'s group over exactly these characters, or a new one (keyed as a
    mention of the group inside them: "MAINICHI SHIMBUN" is the "SHIMBUN" the tagger found)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    group = PLACES if cls in PLACES else ORGANISATIONS
    found = _exact(reader, span, group)
    if found is not None:
        return found
    first = reader.offset(span[0])
    inner = [m for t in span if (m := reader.mention_at(t)) is not None and m.cls in group
             and first <= m.start and m.end <= first + len(span.text)]
    if inner:
        return reader.span_mention(span, cls, key=inner[0].key)
    return reader.span_mention(span, cls, weight=CUE)


def _exact(reader: Reader, span: Span, group: tuple[str, ...]) -> Mention | None:
    first = reader.offset(span[0])
    for token in span:
        found = reader.mention_at(token)
        if found is not None and found.cls in group and found.start == first and found.end == first + len(span.text):
            return found
    return None


def _evidence(reader: Reader, doc: Span, match: re.Match[str]) -> Evidence:
    return reader.evidence(doc.char_span(match.start(), match.end(), alignment_mode="expand")[0])


def _products(reader: Reader, span: Span, org: Mention, relations: list[Relation]) -> None:
    """"two Xiaomi phones" -> a product made by Xiaomi; "IBM's Workplace software" -> a product
    named Workplace, made by IBM; "Rafale jets made by Dassault Aviation" -> the Rafale, made by
    Dassault Aviation (``_named_product_made_by``)."""
    _named_product_made_by(reader, span, org, relations)
    head = span.root.head
    if span.root.dep_ != "compound" or head.lemma_.lower() not in PRODUCT_NOUNS or head.i < span.end:
        return
    phrase = span.doc[span.start : head.i + 1]
    owner = next((found for c in head.children if c.dep_ == "poss" and (found := reader.mention_at(c)) is not None
                  and found is not org and found.cls in ORGANISATIONS), None)
    if owner is not None:
        product = reader.span_mention(phrase, "Product", producer=owner.key)
        relations.append(Relation(product, "producedBy", owner, reader.evidence(head), 0.8))
    elif made_by(head, span):
        product = reader.span_mention(phrase, "Product", producer=org.key, key=f"{org.key} {head.lemma_.lower()}")
        relations.append(Relation(product, "producedBy", org, reader.evidence(head), 0.8))


def _named_product_made_by(reader: Reader, span: Span, org: Mention, relations: list[Relation]) -> None:
    """A product noun with a name before it, said to be made by the organisation: the product is the
    name's ("Rafale jets made by Dassault Aviation": the Rafale)."""
    product = made_product(span.root)
    if product is None:
        return
    names = [t for t in product.lefts if t.dep_ == "compound" and (t.pos_ == "PROPN" or t.is_title)
             and not t.is_sent_start]
    if not names:
        return
    name = reader.mention_at(names[0])
    key = name.key if name is not None and name.cls == "Product" else key_of(names[0].text, "Product")
    product_mention = reader.span_mention(span.doc[names[0].i : product.i + 1], "Product", producer=org.key, key=key)
    relations.append(Relation(product_mention, "producedBy", org, reader.evidence(product), 0.8))


def _located_in(reader: Reader, span: Span, place: Mention, relations: list[Relation]) -> None:
    """"Amherst, Mass." -> Amherst locatedIn Massachusetts, and "Amherst, Mass." a name of Amherst;
    "Haifa in northern Israel", "Mohammadia, south-east Algeria" -> locatedIn (``_in_a_quarter``)."""
    region = _in_a_quarter(reader, span)
    if region is not None and region.key != place.key:
        relations.append(Relation(place, "locatedIn", region, reader.evidence(span.root), 0.9))
    found = reader.qualifier(span)
    if found is None:
        return
    region_span, region = found
    relations.append(Relation(place, "locatedIn", region, reader.evidence(span.root), 0.9))
    reader.span_mention(span.doc[span.start : region_span.end], place.cls, weight=0, key=place.key)


def _in_a_quarter(reader: Reader, span: Span) -> Mention | None:
    """The place named after a place with a quarter of it: "in northern Israel", ", south-east
    Algeria", "in the southeastern part of Rwanda"."""
    doc, i = span.doc, span.end
    if i >= len(doc) or doc[i].lower_ not in (",", "in"):
        return None
    i += 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "the")
    start = i
    while i < len(doc) and (doc[i].lower_ in QUARTERS or doc[i].text == "-" and i > start):
        i += 1
    if i == start or doc[i - 1].text == "-":
        return None
    if [t.lower_ for t in doc[i : i + 2]] in (["part", "of"], ["region", "of"]):
        i += 2 + (i + 2 < len(doc) and doc[i + 2].lower_ == "the")
    found = reader.mention_at(doc[i]) if i < len(doc) else None
    return found if found is not None and found.cls in PLACES and found.start == reader.offset(doc[i]) else None


def _killings(reader: Reader) -> Iterator[Relation]:
    for token in reader.tokens_with_lemma(KILL_VERBS):
        if token.pos_ != "VERB":
            continue
        killer = victim = None
        for child in token.children:
            if child.dep_ == "nsubj":
                killer = reader.mention_at(child)
            elif child.dep_ in ("dobj", "nsubjpass"):
                victim = reader.mention_at(child)
            elif child.dep_ == "agent":
                killer = next((reader.mention_at(t) for t in child.children if t.dep_ == "pobj"), None)
        if killer and victim and killer.cls == victim.cls == "Person" and killer.key != victim.key:
            yield Relation(killer, "killed", victim, reader.evidence(token), 0.8)


def _workplaces(reader: Reader) -> Iterator[Relation]:
    """"Harrington taught at Harvard University and the National War College", "she works for
    Acme", "he served in the Navy" -> worksFor each organisation."""
    for verb in reader.tokens_with_lemma(WORK_VERBS):
        person = _subject_person(reader, verb) if verb.pos_ == "VERB" else None
        if person is None:
            continue
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("at", "for", "in"):
                for org in _objects(reader, prep, ORGANISATIONS):
                    yield Relation(person, "worksFor", org, reader.evidence(verb), 0.7)


def _leaders(reader: Reader) -> Iterator[Relation]:
    """"Merz, who leads the Christian Democratic Union", "Son runs SoftBank", "she has chaired the
    Fed since 2022" -> leaderOf the organisation a leading verb takes as object. An organisation only:
    a coach who "led England to victory" leads a team, not the country. The passive ("led by") is
    ``_led_by``'s."""
    for verb in reader.tokens_with_lemma(LEAD_VERBS):
        if verb.pos_ != "VERB" or any(c.dep_ in ("neg", "nsubjpass", "auxpass") for c in verb.children):
            continue
        person = _subject_person(reader, verb)
        if person is None and verb.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in ("who", "that")
                                                              for c in verb.children):
            person = _person_at(reader, verb.head)  # "Merz, who leads ..."
        if person is None:
            continue
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            for token in (obj, *obj.conjuncts):
                org = reader.mention_at(token)
                if org is not None and org.cls in ORGANISATIONS:
                    yield Relation(person, "leaderOf", org, reader.evidence(verb), 0.8)


def _homes(reader: Reader) -> Iterator[Relation]:
    """A person's home and where it is: "Sohn's New Jersey home", "died at his home in suburban
    Larchmont" -> livesIn; and "Greenville, where she grew up" (a place's clause of living there)."""
    for token in reader.tokens_with_lemma(HOME_NOUNS | HOME_VERBS):
        if token.pos_ == "NOUN" and token.lemma_.lower() in HOME_NOUNS:
            person, places = _home(reader, token)
        elif token.pos_ == "VERB" and token.dep_ == "relcl" and any(c.lower_ == "where" for c in token.children):
            person, place = _subject_person(reader, token), reader.mention_at(token.head)
            places = [place] if place is not None and place.cls in PLACES else []
        else:
            continue
        for where in places:
            if person is not None:
                yield Relation(person, "livesIn", where, reader.evidence(token), 0.7)


def _appointments(reader: Reader) -> Iterator[Relation]:
    """A post an organisation gives someone: "Samsung appointed Jun Young-hyun as co-chief executive",
    "Unilever named Hein Schumacher its new chief executive", "Kwak was appointed chief executive of SK
    Hynix" -> leaderOf for a leader's title, worksFor for another job's; the organisation is the one
    after "of" in the title, else the one that appoints."""
    for verb in reader.tokens_with_lemma(APPOINT_VERBS):
        if verb.pos_ != "VERB":
            continue
        for name in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
            person = reader.mention_at(name)
            if person is None or person.cls != "Person":
                continue
            posts = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "as" for o in p.children
                     if o.dep_ == "pobj"]
            posts += [c for c in (*verb.children, *name.children) if c.dep_ in ("oprd", "appos")]
            for post in posts:
                title = title_in([*(t for t in post.lefts if t.dep_ in ("amod", "compound")), post])
                if title is None:
                    continue
                orgs = [o for p in post.children if p.dep_ == "prep" and p.lower_ == "of"
                        for o in _objects(reader, p, ORGANISATIONS + ("Country",))]
                if not orgs and name.dep_ == "dobj":
                    orgs = [o for c in verb.children if c.dep_ == "nsubj"
                            and (o := reader.mention_at(c)) is not None and o.cls in ORGANISATIONS]
                predicate = "leaderOf" if title[1] else "worksFor"
                yield from (Relation(person, predicate, org, reader.evidence(verb), 0.8) for org in orgs
                            if predicate == "leaderOf" or org.cls != "Country")


def _home(reader: Reader, noun: Token) -> tuple[Mention | None, list[Mention]]:
    """Whose home a noun names (a possessive on it or on its place: "Stone's Vermont home") and the
    places it is said to be in."""
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "nmod") and c.i < noun.i]
    owner = next((c for m in (noun, *modifiers) for c in m.children if c.dep_ == "poss"), None)
    places = [m for c in modifiers if (m := reader.mention_at(c)) is not None and m.cls in PLACES]
    places += [m for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "near")
               for m in _objects(reader, c, PLACES)]
    return (_person_at(reader, owner) if owner is not None else None), places


def _parts(reader: Reader) -> Iterator[Relation]:
    """A place named as a part of another: "Bosnia's capital, Sarajevo", "Houston, the largest city in
    Texas", "Sarajevo, the capital of Bosnia", "Bangkok, the Thai capital" -> locatedIn, where the
    gazetteer allows it. "The city of Boston" is Boston itself, so "of" and "in" count only after
    "capital" or a noun with an adjective ("the largest city in Texas")."""
    for noun in reader.tokens_with_lemma(PART_NOUNS):
        if noun.pos_ != "NOUN":
            continue
        wholes = [m for c in noun.children if c.dep_ in ("poss", "compound", "amod")
                  and (m := reader.mention_at(c)) is not None]
        if noun.lemma_.lower() == "capital" or any(c.dep_ == "amod" for c in noun.children):
            wholes += [m for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
                       for m in _objects(reader, c, PLACES)]
        parts = [reader.mention_at(c) for c in noun.children if c.dep_ == "appos"]
        parts += [reader.mention_at(noun.head)] if noun.dep_ == "appos" else []
        for whole in wholes:
            for part in parts:
                if whole.cls in PLACES and part is not None and part.cls in PLACES and part.key != whole.key \
                        and reader.gazetteer.may_lie_in(part.text, whole.key.title()):
                    yield Relation(part, "locatedIn", whole, reader.evidence(noun), 0.8)


def birthplaces(reader: Reader, relations: list[Relation]) -> list[Relation]:
    """Where the text says a person was born: "X was born in Y", "X, born in Y, ...", "Born in Y, X
    ...", "X (born 6 April 1953, Y)", "X, a native of Y", "X, a Chicago native", and a lifespan in
    brackets, "X (5 April 1815 in Y - 21 March 1851, Z)" -> bornIn.

    A livesIn the rules or the classifier stated in that sentence is taken back when it joins the
    same two, or the person (or the name they were born under: "born in Lyon as Paul Vidal") to a
    place further inside the phrase ("born at Luster in Sogn", the place of death): a birthplace is
    not a home. So is a livesIn to the country the same sentence makes the person a citizen or the
    leader of ("a British politician who was a Member of Parliament in the United Kingdom", "King
    Abdullah of Jordan"): that is citizenship, or office."""
    born: dict[tuple[str, str, int], Relation] = {}
    inside = {(r.subject.key, r.object.key, r.evidence.start) for r in relations
              if r.predicate == "citizenOf" or r.predicate == "leaderOf" and r.object.cls == "Country"}
    found = [(token, _born_person(reader, token)) for token in reader.tokens_with_lemma(BIRTH_WORDS)
             if token.lower_ in ("born", "native")]
    found += [(token, _person_before(reader, token)) for token in reader.tokens_with_lemma(_OPENING)
              if _lifespan_bracket(token)]
    for token, person in found:
        if person is None:
            continue
        evidence = reader.evidence(token)
        places, within = _birth_places(reader, token)
        for place in places:
            born[(person.key, place.key, evidence.start)] = Relation(person, "bornIn", place, evidence, 0.8)
        names = {m.key for t in token.subtree if (m := reader.mention_at(t)) is not None and m.cls == "Person"}
        inside |= {(name, key, evidence.start) for name in names | {person.key} for key in within}  # "born X"
    inside |= set(born)
    kept = [r for r in relations
            if r.predicate != "livesIn" or (r.subject.key, r.object.key, r.evidence.start) not in inside]
    return kept + list(born.values())


_OPENING = frozenset({"("})
_DASHES = frozenset({"-", "–", "—", "--"})


def _bracket(opening: Token) -> list[Token]:
    """The tokens after an opening bracket up to its closing one (at most 30), or none if it is not closed."""
    doc = opening.doc
    for end in range(opening.i + 1, min(opening.i + 31, len(doc))):
        if doc[end].text == ")":
            return list(doc[opening.i + 1 : end])
    return []


def _lifespan_bracket(opening: Token) -> bool:
    """Whether a bracket holds a lifespan: a dash parts it in two, each with a date ("(5 April 1815 in
    Paris - 21 March 1851, Paris)", "(San Fernando, Chile, August 29, 1869 – Santiago, July 23, 1925)")."""
    inner = _bracket(opening)
    dash = _dash(inner)
    return dash < len(inner) and all(any(t.ent_type_ == "DATE" or t.like_num for t in part)
                                     for part in (inner[:dash], inner[dash + 1 :]))


def _dash(tokens: list[Token]) -> int:
    """Where the first dash among ``tokens`` is, or their length if none is."""
    return next((n for n, t in enumerate(tokens) if t.text in _DASHES), len(tokens))


def _opening_before(token: Token) -> Token | None:
    """The opening bracket ``token`` stands in, if it opens within 20 tokens before it."""
    doc = token.doc
    for i in range(token.i - 1, max(token.i - 21, -1), -1):
        if doc[i].text in ("(", ")"):
            return doc[i] if doc[i].text == "(" else None
    return None


def _person_before(reader: Reader, opening: Token) -> Mention | None:
    """The person named just before a bracket: "Louis Chollet (...)"."""
    return _person_at(reader, opening.doc[opening.i - 1]) if opening.i > 0 else None


def _birth_places(reader: Reader, token: Token) -> tuple[list[Mention], set[str]]:
    """The places "born in/at" or "a native of" governs ("born in Paris or Lyon"), or the place before
    "native" ("a Chicago native"); and the keys of every place within those phrases ("born at Luster
    in Sogn", "born in Munich, Germany"). In brackets ("(born 6 April 1953, Berlin)", a lifespan
    opened by ``token``), the first place before any dash is the birthplace, and every place in the
    brackets is within (the place of death too)."""
    heads = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "of")]
    places = [m for prep in heads for m in _objects(reader, prep, PLACES)]
    if token.lower_ == "native":
        places += [m for c in token.children if c.dep_ == "compound" and (m := reader.mention_at(c))
                   and m.cls in PLACES]
    within = {m.key for prep in heads for t in prep.subtree if (m := reader.mention_at(t)) and m.cls in PLACES}
    opening = token if token.text == "(" else _opening_before(token)
    if opening is not None:
        inner = [t for t in _bracket(opening) if t.i > token.i]
        dash = _dash(inner)
        bracketed = [(n, m) for n, t in enumerate(inner) if (m := reader.mention_at(t)) is not None and m.cls in PLACES]
        if not places and bracketed and bracketed[0][0] < dash:
            places.append(bracketed[0][1])
        within |= {m.key for _, m in bracketed}
    return places, within


def _born_person(reader: Reader, token: Token) -> Mention | None:
    """Who "born" or "native" is said of: the passive subject ("she was born"), the name it
    describes ("X, born in ...", "X, a native of ..."), or the subject of the clause it opens or
    completes ("Born in Y, X moved ...", "X is a native of Y")."""
    opening = _opening_before(token)
    found = _person_before(reader, opening) if opening is not None else None  # "X (born ... in ...)"
    if found is not None:
        return found
    if token.dep_ == "acl" and token.head.pos_ == "NOUN":  # "X was a French actor, born in Lyon"
        noun = token.head
        while noun.dep_ == "conj":
            noun = noun.head
        if noun.dep_ == "attr":
            return _subject_person(reader, noun.head)
        if noun.dep_ == "appos":
            return _person_at(reader, noun.head)
    if token.dep_ in ("acl", "appos", "parataxis"):  # "X, born in ..."
        return _person_at(reader, token.head)
    verb = token.head if token.dep_ in ("advcl", "attr") else token
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    named = (c for c in subject.children if c.dep_ == "appos")  # "Dole's wife, Elizabeth, is a native of"
    return _person_at(reader, subject) or next((p for c in named if (p := _person_at(reader, c))), None)


def _subject_person(reader: Reader, verb: Token) -> Mention | None:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return _person_at(reader, subject) if subject is not None else None


def _person_at(reader: Reader, token: Token) -> Mention | None:
    """The person named at a token, or the one a "his" or "her" there refers to."""
    found = reader.mention_at(token)
    if found is None and token.lower_ in ("his", "her"):
        found = reader.antecedent(token)
    return found if found is not None and found.cls == "Person" else None


def _objects(reader: Reader, prep: Token, group: tuple[str, ...]) -> list[Mention]:
    """The mentions of ``group`` a preposition governs, with those joined to them by "and"."""
    found = []
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        for token in (pobj, *(c for c in pobj.conjuncts if c.i > pobj.i)):
            mention = reader.mention_at(token)
            if mention is not None and mention.cls in group:
                found.append(mention)
    return found


def _nominals(reader: Reader) -> None:
    """"the Chinese leader", "the Russian president": mentions of whoever leads that country; "the
    Pope", "the chancellor": of the one person the document gives that title, if one does
    (kg.extract.resolve)."""
    for token in reader.tokens_with_lemma(LEADER_TITLES):
        if token.pos_ not in ("NOUN", "PROPN") or reader.mention_at(token):
            continue
        children = list(token.children)
        if not any(c.lower_ == "the" for c in children):
            continue
        if [c.lower_ for c in children] == ["the"] and token.i > 0 and token.doc[token.i - 1].lower_ == "the":
            head = f"title:{token.lower_}"
            reader.span_mention(token.doc[token.i - 1 : token.i + 1], "Person", weight=1, key="@" + head, head=head)
            continue
        for child in children:
            country = reader.mention_at(child)
            if country is not None and country.cls == "Country" and child.i < token.i:
                start = min(c.i for c in children if c.i < token.i)
                head = f"leaderOf:{country.key}"
                reader.span_mention(token.doc[start : token.i + 1], "Person", weight=1, key="@" + head, head=head)
                break
