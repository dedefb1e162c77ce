"""Country codes and names.

    is_country("PA")         -> True   (ISO 3166-1 alpha-2, from pycountry)
    country_codes()          -> ["AD", "AE", ...] every ISO 3166-1 alpha-2 code, sorted
    country_name("PA", "es") -> "Panamá" (CLDR names, from Babel)
    country_slug("PA")       -> "pa"   (the URL segment of /paises/<slug>/)

No hand-typed table: ISO codes come from pycountry, names in each language from
the Unicode CLDR data that Babel ships.
"""

from functools import cache

import pycountry
from babel import Locale


def is_country(code: str) -> bool:
    return isinstance(code, str) and pycountry.countries.get(alpha_2=code) is not None


@cache
def country_codes() -> list[str]:
    return sorted(c.alpha_2 for c in pycountry.countries)


@cache
def _territories(lang: str) -> dict:
    return Locale.parse(lang).territories


def country_name(code: str, lang: str) -> str:
    return _territories(lang)[code]


def country_slug(code: str) -> str:
    return code.lower()
