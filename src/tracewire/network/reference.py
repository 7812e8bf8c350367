"""Reference data shipped with tracewire for evasion detection, read once.

The files live in ``tracewire/data/evasion/`` and are meant to be read by reviewers:

- ``chpl.csv``: the Common High Priority List (Feb 2024, 50 HS-6 codes) with tiers [C1].
- ``goods_categories.yml``: kinds of goods, the words that describe them and the HS
  headings they belong under (the description-vs-code check, R19).
- ``reference.yml``: country sets (transshipment points, GECC, Russia/Belarus), home
  currencies, free-mail domains, web domains too common to link parties, network edge
  weights, and the published guidance that rules cite (keys as in GUIDE.md §6); the
  legal bases of the lists' effects (``data/effects.yml``) are cited alongside.
- ``redflags.yml``: the red-flag rules (see :mod:`tracewire.network.redflags`).
- ``nace_hs.yml`` (goods that fit a line of business, R9), ``trade_centres.csv`` (each
  country's largest city, from GeoNames, CC BY 4.0, for the route model of R13),
  ``packaging.yml`` (R13) and ``mcc.yml`` (merchant category codes, R16), each read by
  the checks that use it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from tracewire.errors import InputError
from tracewire.report.links import web_url
from tracewire.sources.effects import effect_table


def data_path(name: str) -> Path:
    """Path of a file in ``tracewire/data/evasion/``."""
    return Path(str(resources.files("tracewire") / "data" / "evasion" / name))


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping; a syntax error names the file and line."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}{where}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True, slots=True)
class ChplItem:
    hs6: str
    tier: str
    theme: str
    description: str


#: The official publishers whose own sites a source's primary ``url`` may point to (the
#: domain or any subdomain): US Treasury (OFAC, FinCEN), Commerce (BIS), State, the
#: International Trade Administration, Defense, Justice, the Federal Register and eCFR; the
#: EU's institutions (EUR-Lex, Commission, Council); UK government (gov.uk, including
#: legislation.gov.uk and the National Crime Agency); the UN; the Canadian government (G7
#: guidance, FINTRAC); and the Dutch FIU. News publishers are not among them: a press
#: report is a secondary source, kept under ``summary`` (``kind: analytical`` where no
#: official document names the pattern).
PUBLISHER_DOMAINS = (
    "treasury.gov", "fincen.gov", "bis.gov", "bis.doc.gov", "doc.gov", "state.gov",
    "trade.gov", "defense.gov", "federalregister.gov", "ecfr.gov", "justice.gov",
    "europa.eu", "gov.uk", "un.org", "gc.ca", "canada.ca", "fiu-nederland.nl",
)  # fmt: skip

#: Paths of pages that list documents rather than being one: a site's front page, a
#: GOV.UK collection, EUR-Lex's collections, publications and news indexes, BIS's index of
#: its lists. A source's ``url`` must be the document itself.
_LANDING_PATH = re.compile(
    r"^/?$"
    r"|^/government/collections/"
    r"|^/collection/"
    r"|/(?:publications|news|news-releases|who-we-are|about|home|index\.(?:html?|php)"
    r"|lists-of-parties-of-concern|guidance|sanctions)/?$",
    re.IGNORECASE,
)


def official_url(url: str) -> bool:
    """Whether ``url`` is https on a :data:`PUBLISHER_DOMAINS` domain."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == d or host.endswith("." + d) for d in PUBLISHER_DOMAINS)  # fmt: skip


def landing_page(url: str) -> bool:
    """Whether ``url`` is a page that lists documents (a site's root, a collection, a
    publications index) rather than a document."""
    return _LANDING_PATH.search(urlsplit(url).path) is not None


def document_url(url: str) -> bool:
    """Whether ``url`` can stand for a primary document: an official https address
    (:func:`official_url`) of the document itself, not a landing page."""
    return official_url(url) and not landing_page(url)


@dataclass(frozen=True, slots=True)
class Citation:
    key: str
    title: str
    url: str
    #: ``official`` (a government or regulator's guidance) or ``analytical`` (journalism,
    #: research: a pattern no official list names)
    kind: Literal["official", "analytical"] = "official"
    #: a secondary summary the document was read through (law firm, newsletter), if any
    summary: str | None = None


@dataclass(frozen=True)
class Reference:
    country_sets: dict[str, frozenset[str]]
    currencies: dict[str, tuple[str, ...]]
    free_mail: frozenset[str]
    edge_weights: dict[str, float]
    sources: dict[str, Citation]
    chpl: dict[str, ChplItem] = field(default_factory=dict)
    #: web domains many unrelated parties point at (never a shared domain)
    common_domains: frozenset[str] = frozenset()

    def country_set(self, name: str) -> frozenset[str]:
        try:
            return self.country_sets[name]
        except KeyError:
            known = ", ".join(sorted(self.country_sets))
            raise InputError(f"unknown country set {name!r} (known: {known})") from None


def _codes(values: Any, where: str) -> frozenset[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InputError(f"{where}: expected a list of country codes (quote 'no' for Norway)")
    return frozenset(v.lower() for v in values)


def parse_country_sets(data: Any, where: str) -> dict[str, frozenset[str]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping of set name to country codes")
    return {str(k): _codes(v, f"{where}.{k}") for k, v in data.items()}


def parse_sources(data: Any, where: str) -> dict[str, Citation]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping of key to {{title, url}}")
    out = {}
    for key, value in data.items():
        if not isinstance(value, dict) or "title" not in value:
            raise InputError(f"{where}.{key}: needs a 'title' (and a 'url')")
        links = {f: str(value[f]).strip() for f in ("url", "summary") if value.get(f)}
        for f, link in links.items():
            if urlsplit(link).scheme not in ("http", "https") or web_url(link) is None:
                raise InputError(f"{where}.{key}.{f}: {link[:80]!r} is not an http(s) address")
        kind = value.get("kind", "official")
        if kind not in ("official", "analytical"):
            raise InputError(
                f"{where}.{key}: kind must be 'official' or 'analytical', not {kind!r}"
            )
        out[str(key)] = Citation(
            str(key),
            str(value["title"]),
            links.get("url", ""),
            "analytical" if kind == "analytical" else "official",
            links.get("summary"),
        )
    return out


def load_chpl(path: Path | None = None) -> dict[str, ChplItem]:
    path = path or data_path("chpl.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            row["hs6"]: ChplItem(row["hs6"], row["tier"], row["theme"], row["description"])
            for row in csv.DictReader(fh)
        }


def legal_bases() -> dict[str, Citation]:
    """The legal bases of the lists' effects (``effects.yml``), as citations."""
    return {k: Citation(k, b.title, b.url) for k, b in effect_table().basis.items()}


@cache
def reference() -> Reference:
    """The shipped reference data (cached)."""
    path = data_path("reference.yml")
    data = read_yaml(path)
    currencies = {
        str(k).lower(): tuple(str(c).upper() for c in v)
        for k, v in (data.get("currencies") or {}).items()
    }
    return Reference(
        country_sets=parse_country_sets(data.get("country_sets"), f"{path}: country_sets"),
        currencies=currencies,
        free_mail=frozenset(str(d).lower() for d in data.get("free_mail_domains") or []),
        edge_weights={str(k): float(v) for k, v in (data.get("edge_weights") or {}).items()},
        sources=parse_sources(data.get("sources"), f"{path}: sources") | legal_bases(),
        chpl=load_chpl(),
        common_domains=frozenset(str(d).lower() for d in data.get("common_domains") or []),
    )
