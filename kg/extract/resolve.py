"""Resolution: mentions across a document and a corpus to one Entity per real-world thing.

Within a document: "Xi" joins "Xi Jinping" (a name contained in a longer one), "APEC" joins
"Asia-Pacific Economic Cooperation" (initials), "the Chinese leader" joins whoever the document
says leads China. Across documents: the same key is the same entity, a full name joins another
whose given name it spells differently ("Beverly"/"Beverley Hughes") or shortens ("Vince"/"Vincent
Cable"), a lone short name joins the one full name in the corpus it fits, and the class is voted on
with the evidence of every mention (a gazetteer outweighs a syntax cue, which outweighs spaCy's label).
People never join across genders: a surname with a female honorific ("Mrs Howard") keeps it in its
key and joins no man ("Michael Howard"), nor a surname with a male one ("Mr Howard") a woman.

It streams: ``document_keys`` reduces one Extraction to a small ``DocumentKeys`` (its mention keys
mapped to its entities, with their class votes and names, and no mention objects or text), a
``KeyTable`` sums those over the corpus, and ``KeyTable.resolve`` settles the entities once; the
graph of each document is then made from its Extraction and its DocumentKeys alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.lexicon import FEMALE_HONORIFICS, HONORIFICS, LEADER_TITLES, MALE_HONORIFICS, PLACE_PREPOSITIONS
from kg.extract.mentions import given_names, normalise
from kg.records import Entity, Extraction, Mention

GROUPS = {"Person": "Person", "Organization": "Organization", "Company": "Organization", "Place": "Place",
          "Country": "Place", "City": "Place", "Product": "Product", "NamedEvent": "NamedEvent"}
_MINOR = frozenset({"of", "the", "and", "for", "in", "on", "de", "&"})
_GUESSES = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}
# Words a place follows, "for" aside ("a win for Davenport").
_PLACE_WORDS = PLACE_PREPOSITIONS - {"for"} | {"of", "across", "around", "via", "toward", "towards", "between"}
_PUNCTUATION = ".,;:'\"“”‘’()"

Counts = tuple[tuple[str, int], ...]  # a Counter as sorted (item, count) pairs, zero counts kept


@dataclass(frozen=True)
class Cluster:
    """One entity of one document: the key it has there, its class votes and the forms it takes."""

    key: str
    votes: Counts
    surfaces: Counts  # every form, nominals ("the Chinese leader") and demonyms included
    names: Counts  # the forms that are names of it
    female: int = 0  # mentions with a female honorific ("Ms Hughes")
    male: int = 0  # mentions with a male honorific ("Mr Blair")


@dataclass(frozen=True)
class DocumentKeys:
    """What resolution keeps of one document: each mention key mapped to the key of its cluster."""

    doc_id: str
    keys: tuple[tuple[str, str], ...]
    clusters: tuple[Cluster, ...]


@dataclass(frozen=True)
class Resolution:
    """Entities by IRI key, and the entity each (document id, mention key) resolves to."""

    entities: dict[str, Entity]
    index: dict[tuple[str, str], str]

    def entity(self, mention: Mention) -> Entity | None:
        """The entity a mention resolves to, or None when it was dropped."""
        key = self.index.get((mention.doc_id, reference(mention)))
        return self.entities.get(key) if key is not None else None


@dataclass(frozen=True)
class CorpusEntities:
    """The entities of a corpus by IRI key, and the entity each document-level key joined."""

    entities: dict[str, Entity]
    targets: dict[str, str]

    def of(self, keys: DocumentKeys) -> Resolution:
        """The resolution of one document's mentions."""
        return Resolution(self.entities, self._index(keys))

    def _index(self, keys: DocumentKeys) -> dict[tuple[str, str], str]:
        found = ((mention_key, self.targets.get(cluster)) for mention_key, cluster in keys.keys)
        return {(keys.doc_id, mention_key): target for mention_key, target in found
                if target is not None and target in self.entities}


class KeyTable:
    """The evidence of every document-level key, summed over a corpus: all that resolution across
    documents needs, a few counters per entity."""

    def __init__(self) -> None:
        self.votes: dict[str, Counter[str]] = defaultdict(Counter)
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        self.names: dict[str, Counter[str]] = defaultdict(Counter)
        self.documents: dict[str, set[str]] = defaultdict(set)
        self.honorifics: dict[str, Counter[str]] = defaultdict(Counter)  # "f" and "m": mentions with each

    def add(self, keys: DocumentKeys) -> None:
        """Count one document's clusters."""
        for cluster in keys.clusters:
            _add(self.votes[cluster.key], cluster.votes)
            _add(self.surfaces[cluster.key], cluster.surfaces)
            _add(self.names[cluster.key], cluster.names)
            self.documents[cluster.key].add(keys.doc_id)
            if cluster.female or cluster.male:
                _add(self.honorifics[cluster.key], (("f", cluster.female), ("m", cluster.male)))

    def resolve(self) -> CorpusEntities:
        """The corpus entities: each key joined to its entity, each entity's class, label and aliases.
        The table is spent: the evidence of each key is moved into its entity's."""
        corpus = _corpus_keys(self.votes, self.honorifics)
        for key, target in corpus.items():
            if key != target:
                self.votes[target].update(self.votes.pop(key))
                self.surfaces[target].update(self.surfaces.pop(key))
                self.names[target].update(self.names.pop(key))
                self.documents[target] |= self.documents.pop(key)
        entities: dict[str, Entity] = {}
        for key, counter in self.votes.items():
            if not sum(counter.values()):
                continue  # only ever a modifier ("a Go board"): no evidence it names anything
            cls = choose_class(counter)
            label = choose_label(key, cls, self.names[key] or self.surfaces[key])
            aliases = tuple(sorted(s for s in self.surfaces[key] if s != label))
            entities[key] = Entity(key, cls, label, aliases, tuple(sorted(self.documents[key])))
        return CorpusEntities(entities, corpus)


def _add(counter: Counter[str], counts: Counts) -> None:
    for item, n in counts:
        counter[item] += n


def resolve(extractions: Iterable[Extraction]) -> Resolution:
    """Entities for a whole corpus of extractions, held in memory (``KeyTable`` streams)."""
    table = KeyTable()
    reduced = [document_keys(extraction) for extraction in extractions]
    for keys in reduced:
        table.add(keys)
    corpus = table.resolve()
    index: dict[tuple[str, str], str] = {}
    for keys in reduced:
        index.update(corpus.of(keys).index)
    return Resolution(corpus.entities, index)


def document_keys(extraction: Extraction) -> DocumentKeys:
    """One document reduced to what resolution across documents needs of it."""
    doc_id = extraction.document.id
    mapping = _document_keys(extraction)
    keys: dict[str, str] = {}
    own: dict[str, Counter[str]] = defaultdict(Counter)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    honorifics: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in extraction.mentions:
        own[reference(mention)][mention.cls] += mention.weight
    people = {key for key, counter in own.items() if GROUPS[choose_class(counter)] == "Person" and given_gender(key)}
    for mention in extraction.mentions:
        ref = reference(mention)
        canonical = mapping.get(ref)
        if canonical is None:
            continue
        keys[ref] = canonical
        cls = "Person" if canonical != ref and canonical in people else mention.cls  # "O'Gara", tagged a place
        votes[canonical][cls] += mention.weight
        surfaces[canonical][surface(mention)] += 1  # demonyms too: "Chinese" names China here
        if mention.weight and not mention.head:  # a name, not "President Xi" or "the Chinese leader"
            names[canonical][surface(mention)] += 1
        honorifics[canonical][honorific_gender(mention.text)] += 1
    clusters = tuple(Cluster(key, _counts(votes[key]), _counts(surfaces[key]), _counts(names[key]),
                             honorifics[key]["f"], honorifics[key]["m"]) for key in sorted(votes))
    return DocumentKeys(doc_id, tuple(sorted(keys.items())), clusters)


def reference(mention: Mention) -> str:
    """The key resolution files a mention under: its key, but a surname named with a female honorific
    keeps it ("mrs howard"), so Mrs Howard is not taken for Mr Howard."""
    words = mention.text.casefold().split()
    if len(words) != 2 or not mention.key or " " in mention.key:
        return mention.key
    title = words[0].strip(_PUNCTUATION)
    return f"{title} {mention.key}" if title in FEMALE_HONORIFICS and title in HONORIFICS else mention.key


def honorific_gender(text: str) -> str:
    """"f" for a name after a female honorific ("Ms Hughes"), "m" after a male one ("Sir Ian Blair"), else ""."""
    first = text.split(None, 1)[0].casefold().strip(_PUNCTUATION) if text.strip() else ""
    return "f" if first in FEMALE_HONORIFICS else "m" if first in MALE_HONORIFICS else ""


def _counts(counter: Counter[str]) -> Counts:
    return tuple(sorted(counter.items()))


def surface(mention: Mention) -> str:
    """The form of a mention kept as a label: quotes and possessives dropped, nominals kept whole."""
    if mention.head:
        return mention.text[:1].lower() + mention.text[1:] if mention.text[:4] == "The " else mention.text
    return normalise(mention.text)


def choose_class(votes: Counter[str]) -> str:
    """The most specific class the evidence supports: the strongest group, then its best subclass."""
    by_group: Counter[str] = Counter()
    for cls, weight in votes.items():
        by_group[GROUPS[cls]] += weight
    group = max(sorted(by_group), key=lambda g: by_group[g])
    members = [(weight, cls) for cls, weight in votes.items() if GROUPS[cls] == group and cls != group]
    strong = [(weight, cls) for weight, cls in members if weight >= 3]
    return max(strong)[1] if strong else group


def choose_label(key: str, cls: str, forms: Counter[str]) -> str:
    """The canonical name: the form that spells the key, else the most frequent, longest form of those
    with every word of the key ("Sir John Gieve", not the more frequent "Sir John"); a place's name in
    capitals ("BANGKOK" of a dateline) only when nothing else spells it."""
    spelled = [form for form in forms if form.casefold() == key and not (form.isupper() and len(form) > 3)]
    if cls in ("Country", "City") or spelled:
        exact = sorted(spelled, key=lambda f: (-forms[f], f))
        return exact[0] if exact else key.title()
    full = [form for form in forms if set(key.split()) <= set(form.casefold().split())]
    return sorted(full or forms, key=lambda f: (-forms[f], -len(f), f))[0] if forms else key


def _document_keys(extraction: Extraction) -> dict[str, str]:
    """Each mention key of one document mapped to the key of the entity it names there."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    strongest: Counter[str] = Counter()
    texts: dict[str, str] = {}
    honorifics: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in extraction.mentions:
        if mention.key and not mention.head:
            ref = reference(mention)
            votes[ref][mention.cls] += mention.weight
            strongest[ref] = max(strongest[ref], mention.weight)
            texts.setdefault(ref, normalise(mention.text))
            honorifics[ref][honorific_gender(mention.text)] += 1
    group = {key: GROUPS[choose_class(counter)] for key, counter in votes.items()}
    mapping = {key: key for key in votes}
    people = [k for k in votes if group[k] == "Person"]
    weak = [k for k in votes if " " not in k and max(votes[k].values()) <= 1]  # spaCy's label alone
    mapping.update(_people_in_document(people, weak, votes, honorifics))
    placed = {reference(m) for m in extraction.mentions if _after_a_place_word(extraction.document.text, m.start)}
    for short in votes:  # a surname the tagger, however often, or the gazetteer, never placed, took for a place
        if " " not in short and mapping[short] == short and short not in people and (
                strongest[short] <= 1 or set(votes[short]) == {"City"} and short not in placed):
            named = [k for k in people if len(name_words(k)) > 1 and name_words(k)[-1] == short and given_gender(k)]
            if len(named) == 1:
                mapping[short] = named[0]
    organisations = [k for k in votes if group[k] == "Organization"]
    for short in organisations:
        text = texts[short]
        if re.fullmatch(r"[A-Z][A-Z&.]{1,7}", text):
            longer = [k for k in organisations if k != short and initials(texts[k]) == text.replace(".", "")]
            if len(longer) == 1:
                mapping[short] = longer[0]
    leaders: dict[str, str] = {}
    for relation in extraction.relations:
        subject = reference(relation.subject)
        if relation.predicate == "leaderOf" and subject in mapping:
            country = mapping.get(relation.object.key, relation.object.key)
            leaders.setdefault(f"leaderOf:{country}", mapping[subject])
    leaders.update(_titled_people(extraction, mapping, set(people)))
    for mention in extraction.mentions:
        if mention.head and mention.head in leaders:
            mapping[mention.key] = leaders[mention.head]
    return {key: mapping.get(value, value) for key, value in mapping.items()}


# Words before a title that make its holder not the one "the <title>" means: "shadow chancellor
# Oliver Letwin", "former chancellor Ken Clarke", "deputy mayor".
_NOT_THE_HOLDER = frozenset({"shadow", "former", "ex", "deputy", "vice", "acting", "assistant", "junior", "interim",
                             "late"})


def _titled_people(extraction: Extraction, mapping: dict[str, str], people: set[str]) -> dict[str, str]:
    """"title:pope" -> the one person of the document a leader's title before the name names ("Pope Leo
    XIV", "German Chancellor Friedrich Merz"), for the nominals that say only "the Pope" or "the
    chancellor" (kg.extract.relations); not a shadow, former or deputy one."""
    titled: dict[str, set[str]] = defaultdict(set)
    for mention in extraction.mentions:
        ref = reference(mention)
        words = mention.text.casefold().split()
        name = mention.key.split()
        before = (words[: len(words) - len(name)] if words[-len(name):] == name else []) or words[:1]
        titles = [w for w in before if w in LEADER_TITLES]
        former = any(w in _NOT_THE_HOLDER or w.startswith("ex-") for w in before)  # "ex-Conservative chancellor"
        if not mention.head and ref in people and titles and not former:
            titled[titles[-1]].add(mapping[ref])
    return {f"title:{title}": next(iter(found)) for title, found in titled.items() if len(found) == 1}


def _after_a_place_word(text: str, start: int) -> bool:
    """Whether a name follows a word that places things ("in Dallas", "from Davenport"), unlike a
    surname the gazetteer knows as a town ("Hugh Dallas said", "battled past Davenport")."""
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].casefold() in _PLACE_WORDS


def _people_in_document(people: list[str], weak: list[str], votes: dict[str, Counter[str]],
                        honorifics: dict[str, Counter[str]]) -> dict[str, str]:
    """Short names of one document mapped to the longer name they are part of ("Mr Blair" to "Tony Blair").

    Genders: a short name with an honorific never joins a name whose own honorifics say otherwise; a
    given name is only asked when the document calls people of that surname both Mr and Mrs (Michael
    Howard and Mrs Howard); otherwise the honorific is what the document says of that person ("Jan Berry
    ... Ms Berry", "Hilary Benn ... Mr Benn"), whatever the given name usually is. A surname without an
    honorific, where the document has no Mr, joins the one woman named by it ("Ms Abbott ... Abbott")."""
    titles = {k: titled(honorifics[k]) for k in people}
    both: dict[str, set[str | None]] = defaultdict(set)  # surname -> genders of the lone forms with honorifics
    for key in people:
        words = name_words(key)
        if len(words) == 1 and titles[key]:
            both[words[0]].add(titles[key])

    def fits(long: str, short: str) -> bool:
        said = titles.get(short)
        if said is None:
            return True
        own = titles[long] or (given_gender(long) if len(both[name_words(short)[-1]]) > 1 else None)
        return own is None or own == said

    mapping: dict[str, str] = {}
    for short in dict.fromkeys(people + weak):
        longer = [k for k in people if k != short and _contains_name(k, short) and fits(k, short)]
        if longer:
            mapping[short] = max(longer, key=lambda k: (sum(votes[k].values()), len(k), k))
    women: dict[str, list[str]] = defaultdict(list)  # surname -> its forms with a female honorific
    for key in people:
        words = name_words(key)
        if len(words) == 1 and words[0] != key:
            women[words[0]].append(key)
    for word, forms in women.items():  # the surname alone, whatever spaCy typed it as: one key before honorifics
        if len(forms) == 1 and word in votes and word not in mapping and titled(honorifics[word]) != "m":
            together = Counter(votes[word])
            together.update(votes[forms[0]])
            if GROUPS[choose_class(together)] == "Person":
                mapping[word] = mapping.get(forms[0], forms[0])
    return mapping


def _corpus_keys(votes: dict[str, Counter[str]], honorifics: dict[str, Counter[str]]) -> dict[str, str]:
    """Each document-level key mapped to its corpus entity: a full name joins the stronger one whose
    given name it spells differently or shortens, and a lone name joins the one full name it fits.

    Never across genders: the honorifics the corpus uses for a name tell people apart; a given name
    (gender-guesser's guess) only stops a join, and never picks one of several candidates."""
    people = {k for k, v in votes.items() if GROUPS[choose_class(v)] == "Person"}
    said = {k: titled(honorifics[k]) if k in honorifics else None for k in people}
    gender = {k: said[k] or given_gender(k) for k in people}
    strongest = sorted((k for k in people if len(name_words(k)) > 1),
                       key=lambda k: (-sum(votes[k].values()), -len(k), k))
    mapping = {key: key for key in votes}
    mapping.update(_variants(strongest, said, gender))
    by_first: dict[str, set[str]] = defaultdict(set)
    by_last: dict[str, set[str]] = defaultdict(set)
    for name in strongest:
        words = name.split()
        by_last[words[-1]].add(name)
        by_first[words[0]].add(name)
    lone = sorted((k for k in people if len(name_words(k)) == 1), key=lambda k: (k != name_words(k)[0], k))
    for key in lone:  # plain surnames first, then those with a female honorific ("mrs howard")
        word = name_words(key)[0]
        titled_key = word != key
        fits = by_last.get(word, set()) | (set() if titled_key and not _given_title(key) else by_first.get(word, set()))
        targets = {mapping[name] for name in fits if _compatible(said[key], said[name])}
        if not targets and titled_key and word in people and said[word] != "m":
            targets = {mapping[word]}  # "Mrs Kumaratunga" and "Kumaratunga", with no full name
        if len(targets) == 1 and _compatible(gender[key], gender[next(iter(targets))]):
            mapping[key] = targets.pop()
    return mapping


def _variants(names: list[str], said: dict[str, str | None], gender: dict[str, str | None]) -> dict[str, str]:
    """Full names, strongest first, mapped to the one earlier name they are a variant of (see ``variant``)
    with no evidence they differ (honorifics, or a given name's gender); linear: candidates are looked up
    in an index, not compared in pairs."""
    target: dict[str, str] = {}
    index: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # (rest of name, kind, probe) -> names
    for name in names:
        given, rest = _given_and_rest(name)
        if given.isalpha():
            seen = {other for probe in _probes(given) for other in index.get((rest, *probe), ())}
            matches = [other for other in sorted(seen)
                       if variant(given, _given_and_rest(other)[0]) and _compatible(said[name], said[other])]
            related = {target.get(other, other) for other in matches}
            joined = related.pop() if len(related) == 1 else None
            if joined and all(_compatible(gender[name], gender[other]) for other in [*matches, joined]):
                target[name] = joined
            for kind, probe in _entries(given):
                index[(rest, kind, probe)].append(name)
    return target


def variant(a: str, b: str) -> bool:
    """Whether two given names are forms of one: spelt one edit apart, with the same first letter and
    at least five letters ("Beverly"/"Beverley", "Viktor"/"Victor"), or one the start of the other,
    with at least four ("Vince"/"Vincent"); never "Dan"/"Ivan" or "Ken"/"Charles"."""
    if a == b:
        return False
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and long.startswith(short):
        return True
    return a[0] == b[0] and len(short) >= 5 and _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _entries(given: str) -> list[tuple[str, str]]:
    """What a given name is indexed under: itself, itself less one letter, and its starts of four or more."""
    return [("=", given), *(("-", d) for d in _deletions(given)), *(("<", given[:k]) for k in range(4, len(given)))]


def _probes(given: str) -> list[tuple[str, str]]:
    """Where the names ``variant`` of a given name are indexed (see ``_entries``)."""
    deletions = _deletions(given)
    return [("-", given), *(("=", d) for d in deletions), *(("-", d) for d in deletions), ("<", given),
            *(("=", given[:k]) for k in range(4, len(given)))]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _given_and_rest(name: str) -> tuple[str, str]:
    given, _, rest = name.partition(" ")
    return given, rest


def name_words(key: str) -> list[str]:
    """The words of a person's key that are names: "mrs howard" is the surname "howard"."""
    words = key.split()
    return words[1:] if len(words) == 2 and words[0] in FEMALE_HONORIFICS and words[0] in HONORIFICS else words


def titled(honorifics: Counter[str]) -> str | None:
    """"f" or "m" when a name is said with more honorifics of one gender than the other, else None."""
    female, male = honorifics["f"], honorifics["m"]
    return None if female == male else "f" if female > male else "m"


def given_gender(key: str) -> str | None:
    """"f" or "m" by the given name of a full name ("michael howard": "m") in gender-guesser's list
    (names it calls mostly male or female included), else None."""
    words = name_words(key)
    return _GUESSES.get(given_names().get_gender(words[0])) if len(words) > 1 else None


def _given_title(key: str) -> bool:
    """Whether a female honorific goes with a given name ("Dame Julie", "Lady Diana") as well as a surname."""
    return key.split()[0] in ("dame", "lady")


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _contains_name(longer: str, short: str) -> bool:
    """Whether ``short`` is the first or last words of ``longer`` ("xi" in "xi jinping"); a surname with a
    female honorific only the last ("mrs hughes" in "beverley hughes")."""
    long_words, short_words = name_words(longer), name_words(short)
    n = len(short_words)
    if n >= len(long_words):
        return False
    first = short_words == short.split() or _given_title(short)
    return long_words[-n:] == short_words or (first and long_words[:n] == short_words)


def initials(name: str) -> str:
    """Upper-case initials of a name's significant words ("Asia-Pacific Economic Cooperation" -> "APEC")."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.casefold() not in _MINOR]
    return "".join(w[0] for w in words).upper()
