"""Word lists the extraction rules read: titles, descriptors, triggers. Lower-case lemmas."""

from __future__ import annotations

# Titles that make their holder the leader of the country or organisation they name.
LEADER_TITLES = frozenset({
    "president", "prime minister", "premier", "chancellor", "king", "queen", "emperor", "monarch",
    "leader", "head", "chairman", "chairwoman", "chair", "chief executive", "ceo", "chief", "governor",
    "mayor", "general secretary", "secretary-general", "secretary general", "dictator", "sultan", "emir",
    "pope", "supreme leader", "head of state", "president-elect", "taoiseach", "boss", "owner", "founder",
    "managing director", "director-general", "director general", "commissioner", "captain", "manager",
    "coach", "editor", "chief minister", "first minister",
})
# Words naming a field: before a leader's title they narrow it to a job ("political editor").
FIELDS = frozenset({
    "political", "economic", "economics", "foreign", "financial", "finance", "technical", "sporting", "sports",
    "sport", "artistic", "creative", "musical", "music", "medical", "scientific", "science", "commercial",
    "regional", "marketing", "legal", "editorial", "sales", "news", "design", "research", "project", "programme",
    "program", "production", "operations", "development", "communications", "campaign", "election", "trade",
    "brand", "product", "business", "arts", "features", "health", "education", "environment", "technology",
    "digital", "online", "fashion", "film", "fitness", "defence", "defense", "batting", "bowling", "fielding",
    "goalkeeping", "forwards", "backs", "assistant", "associate", "policy", "security", "strategy", "investment",
    "personnel", "press", "media", "diplomatic", "transport", "energy", "property", "consumer", "youth",
    "academy", "reserve", "sector", "department", "division", "unit", "branch", "area", "district",
    "humanitarian", "aid", "relief", "intelligence", "nuclear", "climate", "rights", "refugee", "crime",
    "drugs", "cyber", "tourism", "culture", "agriculture", "housing", "welfare", "immigration", "justice",
    "counter-terrorism", "emergency", "disaster", "food", "space", "data", "competition", "tax", "budget",
})
# Titles that make their holder work for the organisation they name (or a citizen of the country).
JOB_TITLES = frozenset({
    "minister", "foreign minister", "defence minister", "defense minister", "finance minister",
    "secretary", "spokesman", "spokeswoman", "spokesperson", "official", "ambassador", "senator",
    "lawmaker", "mp", "envoy", "adviser", "advisor", "analyst", "executive", "director", "engineer",
    "reporter", "correspondent", "economist", "strategist", "officer", "general", "commander", "diplomat", "negotiator",
    "vice president", "vice-president", "deputy", "member", "player", "striker", "midfielder", "defender",
    "goalkeeper", "forward", "employee", "worker", "staff", "lawyer", "attorney", "judge", "professor",
    "researcher", "scientist", "founder", "partner", "representative", "congressman", "congresswoman",
    "chief economist", "chief financial officer", "cfo", "coo", "cto", "chief of staff", "vice chairman",
    "vice-chairman", "vice chair",
})
# Head nouns that say an organisation is a company.
COMPANY_NOUNS = frozenset({
    "company", "firm", "giant", "maker", "chipmaker", "carmaker", "automaker", "manufacturer", "brand",
    "retailer", "conglomerate", "startup", "start-up", "corporation", "business", "group", "bank",
    "airline", "carrier", "insurer", "operator", "supplier", "producer", "developer", "publisher",
    "rival", "competitor", "vendor", "lender", "broker", "investor", "fund", "chain", "label",
    "studio", "distributor", "exporter", "importer", "telecom", "multinational", "subsidiary",
    "unit", "owner", "platform", "network", "broadcaster", "provider", "miner", "refiner", "utility",
    "planemaker", "drugmaker", "steelmaker", "shipbuilder", "toymaker", "brewer",
})
CORPORATE_SUFFIXES = frozenset({
    "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "llc", "plc", "gmbh", "ag",
    "sa", "s.a.", "nv", "bv", "electronics", "motor", "motors", "holdings", "technologies", "technology", "group",
    "industries", "airlines", "airways", "pharmaceuticals", "systems", "semiconductor", "telecom",
    "communications", "enterprises", "international", "limited", "incorporated", "company",
})
# Last words of companies' names that no person's name ends with ("Death Row Records", "Lionhead
# Studios"); kept in the name's key, unlike a corporate suffix ("Sony Pictures" is not Sony).
COMPANY_HEADS = frozenset({
    "entertainment", "records", "films", "studios", "pictures", "productions", "stores", "music",
    "television", "media", "software", "securities", "partners", "foods", "energy",
})
# Last words of the names of occasions: festivals, tournaments, ceremonies, summits, wars ("Cannes Film
# Festival", "Davis Cup", "Brit Awards", "Iraq War"). A name of two words or more that ends in one, or in
# "Games" after "Olympic" or a place, or in "Nations" after a number ("Six Nations"), is a NamedEvent.
EVENT_HEADS = frozenset({
    "festival", "carnival", "cup", "championship", "championships", "olympics", "paralympics", "awards",
    "marathon", "contest", "war", "summit", "bowl", "tournament", "open", "prix",
})
GAMES_OPENERS = frozenset({"olympic", "paralympic", "commonwealth"})
# Verbs by which a product noun names its maker: "Rafale jets made by Dassault Aviation".
MAKE_VERBS = frozenset({"make", "build", "manufacture", "produce", "develop", "design", "assemble"})
# Verbs by which an organisation gives someone a post: "Samsung appointed Jun Young-hyun as co-chief
# executive", "Unilever named Hein Schumacher its new chief executive".
APPOINT_VERBS = frozenset({"appoint", "name", "elect", "hire", "promote", "nominate", "install", "choose"})
# Verbs by which an organisation names its leader: "the Maronite Church, led by Patriarch Bechara al-Rahi".
LEAD_VERBS = frozenset({"lead", "head", "chair", "run"})
# Nouns for whoever stands against an organisation: "a critic of the ruling party" is no member of it.
ADVERSARY_NOUNS = frozenset({"critic", "opponent", "rival", "enemy", "foe", "detractor", "adversary", "nemesis"})
# Words for what a listed company has: "Apple's shares", "Nissan shareholders", "a stake in Renault"
# (not "share": "Greenpeace's share of the vote").
SHARE_NOUNS = frozenset({"shares", "stock", "stake", "shareholder", "shareholders", "profit", "profits", "earnings"})
# Words that make a name an organisation rather than a place or facility.
ORGANIZATION_WORDS = frozenset({
    "cooperation", "organization", "organisation", "association", "forum", "council", "union", "committee",
    "ministry", "department", "agency", "commission", "party", "league", "federation", "institute",
    "university", "college", "school", "foundation", "fund", "bank", "court", "parliament", "congress",
    "senate", "assembly", "office", "bureau", "authority", "board", "society", "club", "army", "navy",
    "police", "service", "network", "alliance", "summit", "group", "corporation", "company", "trust",
})
# Nouns for made things: an organisation modifying one of them makes it ("Xiaomi smartphones").
PRODUCT_NOUNS = frozenset({
    "phone", "smartphone", "handset", "car", "vehicle", "truck", "chip", "processor", "semiconductor",
    "laptop", "computer", "pc", "tablet", "device", "console", "camera", "tv", "television", "watch",
    "software", "app", "game", "drug", "vaccine", "aircraft", "jet", "plane", "engine", "battery",
    "headphone", "speaker", "robot", "drone", "model", "product", "gadget", "server", "printer",
})
# Nouns for works: a name they describe ("the film Hellboy", "his last album, Genius Loves Company",
# "the soap Brookside") is a work's, outside the ontology, and no person or organisation.
WORK_NOUNS = frozenset({
    "film", "movie", "album", "single", "song", "show", "series", "soap", "sitcom", "drama", "play",
    "musical", "novel", "book", "documentary", "opera", "comedy", "thriller", "adaptation", "track",
    "cartoon", "franchise", "biopic", "sequel", "remake", "programme", "program", "episode", "ballad",
})
# Players, staff, owners and customers written after a group's name ("Everton striker", "Spurs boss",
# "Sega shares", "Napster users"): one person has none.
GROUP_MEMBERS = frozenset({
    "striker", "midfielder", "defender", "goalkeeper", "keeper", "winger", "forward", "full-back", "fly-half",
    "scrum-half", "flanker", "hooker", "centre-back", "skipper", "chairman", "boss", "captain", "manager", "coach",
    "shareholder", "share", "customer", "subscriber", "user", "subsidiary",
})
# Quantity nouns whose "of" object is the real thing: "a pair of smartphones".
QUANTITY_NOUNS = frozenset({"pair", "set", "box", "couple", "one", "two", "dozen", "number", "lot", "bunch"})
# Objects that are not things given: "offer help", "give a speech".
ABSTRACT_OBJECTS = frozenset({
    "help", "assistance", "support", "cooperation", "condolence", "apology", "opportunity", "chance",
    "advice", "speech", "warning", "statement", "interview", "talk", "example", "reason", "way", "time",
    "hand", "view", "opinion", "impression", "idea", "answer", "response", "reply", "detail", "comment",
    "evidence", "assurance", "guarantee", "priority", "boost", "approval", "permission", "access", "update",
    "thought", "attention", "signal", "sign", "insight", "credit", "birth", "rise", "lead", "go",
    "willingness", "glimpse", "look", "taste", "hint", "promise", "welcome",
    "run", "ride", "test", "point", "victory", "win", "conversion", "initiative", "cap", "start", "deal",
    "contract", "experience", "responsibility", "rein", "kick", "lift", "edge", "advantage", "fright",
    "scare", "headache", "hope", "confidence", "power", "role", "job", "post", "place", "seat", "vote",
    "backing", "mandate", "verdict", "sentence", "ban", "fine", "penalty", "try", "goal", "call", "break",
    "trial", "hearing", "hug", "kiss", "number", "right", "rights",
    "it", "them", "this", "that", "what", "something", "anything", "nothing",
})

GIFT_VERBS = frozenset({"give", "gift", "present", "offer", "hand", "donate", "bestow"})
# Gift verbs that more often sell or pass something on ("Vonage offers a Voip service", "handed over
# the files"): they make a gift only in a document with a word of giving (``GIFT_WORDS``).
LOOSE_GIFT_VERBS = frozenset({"offer", "hand"})
GIFT_NOUNS = frozenset({"gift", "donation"})
GIFT_WORDS = GIFT_NOUNS | {"donate", "bestow"}  # lemmas; "gift" is the verb's too
VISIT_VERBS = frozenset({"visit", "tour"})
VISIT_NOUNS = frozenset({"visit", "trip", "tour", "voyage", "journey"})
MOVE_VERBS = frozenset({"travel", "arrive", "fly", "go", "come", "return"})
HOST_VERBS = frozenset({"host", "welcome", "receive", "entertain"})
MEET_VERBS = frozenset({"meet"})
# Nouns of sporting contests: in a document with two of them, "X meets Y" and "X host Y" are fixtures
# ("Hewitt will meet Clement", "Spurs entertain Brighton"), not meetings.
CONTEST_NOUNS = frozenset({"match", "final", "tournament", "champion", "championship", "seed", "cup", "league",
                           "fixture", "derby", "medal"})
TALK_NOUNS = frozenset({"talk", "meeting", "summit", "negotiation", "discussion"})
KILL_VERBS = frozenset({"kill", "murder", "assassinate", "slay", "execute", "behead", "shoot", "stab"})
# Beginnings of the words that say a killing ("shot", "gunman", "opened fire"): the learned Kill needs one.
KILLING_STEMS = ("kill", "assassin", "murder", "shot", "shoot", "slay", "slain", "execut", "stab", "gunm", "bomb",
                 "strangl", "poison", "hang", "lynch", "behead", "fire")
SPEECH_VERBS = frozenset({
    "say", "ask", "reply", "quip", "tell", "add", "note", "joke", "remark", "respond", "explain", "state",
    "declare", "insist", "warn", "claim", "announce", "write", "tweet", "argue", "suggest", "admit",
    "recall", "answer", "comment", "exclaim", "shout", "whisper", "laugh", "continue", "conclude",
    "observe", "acknowledge", "promise", "vow", "pledge", "urge", "stress", "emphasize", "emphasise",
    "confirm", "deny", "express", "describe", "call", "predict", "reveal", "concede",
})
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
# Words before a name that make it a person's and are not part of the name itself.
HONORIFICS = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lord", "lady", "prof",
    "prof.", "professor", "rev", "rev.", "reverend", "mx", "madam", "madame", "monsieur", "herr", "frau",
})

# Letters written after a name ("Paul Boateng MP", "Guy Mansfield QC"): not part of it.
POST_NOMINALS = frozenset({"mp", "msp", "mep", "am", "mla", "qc", "kc", "obe", "mbe", "cbe", "kbe", "dbe", "phd"})
# Titles of nobility and royalty before a name ("Baroness Scotland", "Prince Harry").
NOBLE_TITLES = frozenset({"baroness", "baron", "earl", "countess", "duke", "duchess", "king", "queen", "prince",
                          "princess", "viscount", "marquess"})
# Last words that make a name a place whatever the tagger said ("Cameron Parish", "Sierra Nevada
# Mountains"); not words that are also surnames (Park, Lake, Bay, Rivers).
PLACE_WORDS = frozenset({"district", "county", "province", "parish", "prefecture", "island", "islands", "river",
                         "valley", "mountains", "desert", "plateau", "canyon", "peninsula", "ocean", "strait",
                         "gulf", "highlands"})
# Prepositions a place is the object of ("in Cordoba", "from Davenport").
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "for", "outside", "into", "through", "throughout"})
# First words that make a two-word name a place ("Fort Bend", "Camp David", "Mount Kenya"); not Lake, a surname.
PLACE_OPENERS = frozenset({"fort", "camp", "mount", "mt", "mt.", "cape"})
# Nouns for whoever killed someone ("Lincoln's assassin John Wilkes Booth").
KILLER_NOUNS = frozenset({"assassin", "killer", "murderer", "slayer"})
# Nouns whose "of" names someone killed ("the assassination of Lincoln", "Lincoln's assassin").
KILLING_NOUNS = KILLER_NOUNS | {"assassination", "murder", "killing", "slaying"}
# Honorifics and titles that say a person's gender (compared without their dot).
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "lady", "dame", "baroness", "madam", "madame", "mme", "mlle",
                               "frau", "duchess", "countess", "princess", "queen"})
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "monsieur", "herr", "baron", "duke", "earl", "prince", "king"})
# Occupations written before a name ("Composer Thomas", "Tory Treasurer Lord Ashcroft"): not part of it.
OCCUPATIONS = frozenset({
    "composer", "actress", "actor", "singer", "songwriter", "playwright", "author", "writer", "novelist", "poet",
    "painter", "artist", "sculptor", "musician", "pianist", "guitarist", "conductor", "dancer", "designer",
    "architect", "photographer", "historian", "philosopher", "businessman", "businesswoman", "tycoon",
    "billionaire", "banker", "entrepreneur", "activist", "nationalist", "treasurer", "constable", "sergeant",
    "inspector", "detective", "lieutenant", "colonel", "astronaut", "pilot", "evangelist", "preacher",
})
# Other callings a sentence may open a person's name with ("Model Sophie Anderton", "Keeper Paul
# Robinson"), too often a company's or a thing's to type an apposition by ("oil producer Shell").
NAME_OPENERS = frozenset({"model", "supermodel", "producer", "comedian", "broadcaster", "presenter", "farmer",
                          "keeper", "rapper", "chef", "drummer", "bassist", "filmmaker", "film-maker"})
# Ranks and offices among them: a title, not what someone does ("Treasurer Lord Ashcroft").
RANKS = frozenset({"treasurer", "constable", "sergeant", "inspector", "detective", "lieutenant", "colonel"})
# Political parties as news names them for short, and their words before a member's name ("Tory Lord X").
PARTY_NAMES = frozenset({
    "labour", "tory", "tories", "conservative", "conservatives", "lib dem", "lib dems", "libdem", "libdems",
    "liberal democrat", "liberal democrats", "snp", "ukip", "plaid cymru", "greens", "democrats", "republicans",
    "gop", "sinn fein", "dup",
})
PARTY_WORDS = frozenset({"labour", "tory", "conservative", "lib", "dem", "liberal", "democrat", "republican", "snp",
                         "ukip", "unionist", "green"})
# Units of an army, a navy or a police force, named by their number ("the 12th Brigade", "the 6th Fleet").
UNIT_NOUNS = frozenset({"brigade", "division", "fleet", "regiment", "battalion", "army", "corps", "squadron",
                        "infantry", "cavalry", "platoon", "precinct", "congress", "airborne", "marines"})
# Last words that make a name an organisation's and are not surnames ("Age Concern", "Royal Mail").
ORGANISATION_HEADS = frozenset({
    "fellowship", "centre", "center", "library", "concern", "society", "association", "organisation",
    "organization", "foundation", "institute", "university", "college", "committee", "council", "commission",
    "ministry", "department", "agency", "federation", "party", "alliance", "mail", "campaign", "charity",
    "coalition", "museum", "hospital", "prison", "airport", "trust", "network", "corporation", "corps",
})
