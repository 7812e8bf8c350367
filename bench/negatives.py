"""Negative queries: parties that are not on any list, easy and hard.

* ``common_person``: a forename and a surname of one country from
  ``popular_names_by_country`` (romanised, sometimes in the local script), with that
  country and sometimes a birth date;
* ``common_company``: common business words and a legal form;
* ``hard_person``: a listed person's name with the surname (or the first given name)
  swapped for another real surname/forename of the same country where known;
* ``hard_org``: a listed organisation's name with its most distinctive word swapped for
  another distinctive word;
* ``hard_vessel``: a listed vessel with another number or another distinctive word.

A negative is kept only when it is not a listed name and its tokens are not all part of
one listed name (``ListedNames.within_listed``): "Ali Hassan" is no safe negative when
"Ali Mohammed Hassan" is listed. The swapped part always differs by at least three
edits, so a hard negative is never a typo of the listed name.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz.distance import Levenshtein

from bench.evalset import EvalQuery, interleave, query_schema, usable
from bench.legal_forms import find_form
from bench.name_keys import ListedNames, looks_like_org, schema_family, script_of, tokens
from bench.universe import RAW
from tracewire.model import Entity

NAMES_DIR = RAW / "popular_names_by_country"

NEGATIVE_SIZES = {
    "common_person": 500,
    "common_company": 300,
    "hard_person": 300,
    "hard_org": 250,
    "hard_vessel": 50,
}

COMPANY_WORDS_A = (
    "Northern", "Blue", "Golden", "Pacific", "Summit", "Silver", "Eastern", "Green", "Prime",
    "United", "Bright", "Coastal", "Central", "Western", "Red", "Iron", "Crystal", "Royal",
    "Maple", "Harbor", "River", "Lake", "Sun", "Oak", "Cedar", "Highland", "Metro", "Urban",
)  # fmt: skip
COMPANY_WORDS_B = (
    "Logistics", "Trading", "Electronics", "Systems", "Technologies", "Engineering",
    "Solutions", "Shipping", "Energy", "Foods", "Textiles", "Machinery", "Chemicals",
    "Components", "Consulting", "Construction", "Pharma", "Metals", "Motors", "Software",
    "Aviation", "Marine", "Capital", "Furniture", "Packaging", "Plastics", "Instruments",
)  # fmt: skip
COMPANY_FORMS = (
    "LLC", "Ltd", "Limited", "GmbH", "Inc.", "Co., Ltd", "S.A.", "B.V.", "JSC", "OOO",
    "Corporation", "PLC", "FZE", "Pvt Ltd",
)  # fmt: skip
DISTINCT_WORDS = (
    "Zenit", "Orion", "Granit", "Polaris", "Meridian", "Sokol", "Vostok", "Aurora", "Titan",
    "Sigma", "Phoenix", "Condor", "Pioneer", "Horizon", "Sapphire", "Kristall", "Rubin",
    "Neptun", "Altair", "Borei", "Kedr", "Sever", "Quantum", "Vertex", "Zephyr", "Onyx",
)  # fmt: skip
VESSEL_WORDS = ("STAR", "OCEAN", "GLORY", "PRIDE", "SPIRIT", "QUEEN", "PEARL", "FORTUNE", "WAVE")


def _load_names() -> tuple[dict[str, list[tuple[str, str, str]]], dict[str, list[tuple[str, str]]]]:
    """country -> [(romanised, localised, gender)] forenames; -> [(romanised, localised)]."""
    forenames: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    surnames: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(NAMES_DIR / "common-forenames-by-country.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            rom = (row["Romanized Name"] or "").strip()
            if rom:
                local = (row["Localized Name"] or "").strip() or rom
                forenames[row["Country"]].append((rom, local, row["Gender"]))
    with open(NAMES_DIR / "common-surnames-by-country.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            rom = (row["Romanized Name"] or "").strip()
            if rom:
                surnames[row["Country"]].append((rom, (row["Localized Name"] or "").strip() or rom))
    return dict(forenames), dict(surnames)


def _far(a: str, b: str) -> bool:
    return Levenshtein.distance(a.lower(), b.lower()) >= 3


def _cased(template: str, word: str) -> str:
    return word.upper() if template.isupper() and len(template) > 1 else word


class NegativeBuilder:
    def __init__(self, entities: list[Entity], listed: ListedNames, seed: int) -> None:
        self.entities = entities
        self.listed = listed
        self.seed = seed
        self.forenames, self.surnames = _load_names()
        self.countries = sorted(set(self.forenames) & set(self.surnames))
        self.rejected: dict[str, int] = defaultdict(int)

    def _rng(self, kind: str) -> random.Random:
        digest = hashlib.sha256(f"{self.seed}:neg:{kind}".encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def _ok(self, kind: str, name: str) -> bool:
        if not tokens(name) or self.listed.is_listed(name) or self.listed.within_listed(name):
            self.rejected[kind] += 1
            return False
        return True

    def _query(
        self,
        kind: str,
        n: int,
        schema: str,
        name: str,
        detail: str = "",
        birth_dates: list[str] | None = None,
        countries: list[str] | None = None,
        gender: str | None = None,
        source: Entity | None = None,
    ) -> EvalQuery:
        return EvalQuery(
            qid=f"neg-{kind}-{n:04d}",
            suite="generated",
            label="negative",
            deviation=kind,
            schema=schema,
            names=[name],
            detail=detail,
            birth_dates=birth_dates or [],
            countries=countries or [],
            gender=gender,
            source_name=(source.first("name") or "") if source else "",
            source_id=source.id if source else None,
        )

    def common_person(self, count: int) -> Iterator[EvalQuery]:
        rng = self._rng("common_person")
        made = 0
        for _ in range(count * 20):
            if made >= count:
                return
            cc = rng.choice(self.countries)
            first, first_local, gender = rng.choice(self.forenames[cc])
            last, last_local = rng.choice(self.surnames[cc])
            local = rng.random() < 0.2 and script_of(first_local + last_local) != "LATIN"
            if local:
                first, last = first_local, last_local
            style = rng.random()
            if style < 0.15 and not local:
                name = f"{last.upper()}, {first}"
            elif style < 0.3:
                same = [f for f in self.forenames[cc] if f[2] == gender and f[0] != first]
                middle = rng.choice(same)[1 if local else 0] if same else ""
                name = " ".join(p for p in (first, middle, last) if p)
            else:
                name = f"{first} {last}"
            if not self._ok("common_person", name):
                continue
            made += 1
            dates = []
            if rng.random() < 0.4:
                year = rng.randint(1940, 2003)
                dates = [
                    str(year)
                    if rng.random() < 0.3
                    else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                ]
            countries = [cc.lower()] if rng.random() < 0.5 else []
            sex = {"M": "male", "F": "female"}.get(gender) if rng.random() < 0.3 else None
            yield self._query(
                "common_person", made, "Person", name, birth_dates=dates,
                countries=countries, gender=sex, detail=cc,
            )  # fmt: skip

    def common_company(self, count: int) -> Iterator[EvalQuery]:
        rng = self._rng("common_company")
        made = 0
        for _ in range(count * 20):
            if made >= count:
                return
            a, b = rng.choice(COMPANY_WORDS_A), rng.choice(COMPANY_WORDS_B)
            style = rng.random()
            if style < 0.35:
                body = f"{a} {rng.choice(COMPANY_WORDS_A)} {b}"
            elif style < 0.6:
                cc = rng.choice(self.countries)
                body = f"{rng.choice(self.surnames[cc])[0]} {b}"
            else:
                body = f"{a} {b}"
            form = rng.choice(COMPANY_FORMS)
            name = f"{form} {body}" if form == "OOO" else f"{body} {form}"
            if not self._ok("common_company", name):
                continue
            made += 1
            yield self._query("common_company", made, "Company", name, detail=form)

    def hard_person(self, count: int) -> Iterator[EvalQuery]:
        rng = self._rng("hard_person")
        pool = [e for e in self.entities if e.schema == "Person"]
        made = 0
        for entity in interleave(pool, rng):
            if made >= count:
                return
            name = entity.first("name") or ""
            if script_of(name) != "LATIN" or len(tokens(name)) < 2 or not usable(name):
                continue
            nat = [c.upper() for c in entity.get("nationality") + entity.get("country")]
            cc = next((c for c in nat if c in self.surnames), rng.choice(self.countries))
            comma = "," in name
            if comma:
                last, _, given = name.partition(",")
                words = given.split()
            else:
                words = name.split()
                last, words = words[-1], words[:-1]
            old = last.strip()
            if rng.random() < 0.3 and words and cc in self.forenames:
                first = words[0]
                new = rng.choice(self.forenames[cc])[0]
                rest = " ".join([_cased(first, new), *words[1:]])
                swapped = f"{old}, {rest}" if comma else f"{rest} {old}"
                old, detail = first, f"forename {first} -> {new}"
            else:
                new = rng.choice(self.surnames[cc])[0]
                rest = " ".join(words)
                swapped = f"{_cased(old, new)}, {rest}" if comma else f"{rest} {_cased(old, new)}"
                detail = f"surname {old} -> {new}"
            if not _far(old, new) or not self._ok("hard_person", swapped):
                continue
            made += 1
            countries = [cc.lower()] if rng.random() < 0.3 else []
            yield self._query(
                "hard_person", made, "Person", swapped, detail=detail, countries=countries,
                source=entity,
            )  # fmt: skip

    def hard_org(self, count: int) -> Iterator[EvalQuery]:
        rng = self._rng("hard_org")
        pool = [e for e in self.entities if schema_family(e.schema) == "Organization"]
        made = 0
        for entity in interleave(pool, rng):
            if made >= count:
                return
            name = entity.first("name") or ""
            rarest = self.listed.rarest(name)
            if script_of(name) != "LATIN" or rarest is None or len(tokens(name)) < 2:
                continue
            if not usable(name) or not looks_like_org(name):
                continue
            words = name.split()
            idx = next((i for i, w in enumerate(words) if tokens(w) == (rarest,)), None)
            if idx is None:
                continue
            new = rng.choice(DISTINCT_WORDS)
            if not _far(words[idx], new):
                continue
            swapped = " ".join(words[:idx] + [_cased(words[idx], new)] + words[idx + 1 :])
            if not self._ok("hard_org", swapped):
                continue
            made += 1
            form = find_form(name)
            yield self._query(
                "hard_org", made, query_schema(entity), swapped,
                detail=f"{words[idx]} -> {new}" + (f" ({form.cls})" if form else ""),
                source=entity,
            )  # fmt: skip

    def hard_vessel(self, count: int) -> Iterator[EvalQuery]:
        rng = self._rng("hard_vessel")
        pool = [e for e in self.entities if e.schema == "Vessel"]
        made = 0
        for entity in interleave(pool, rng):
            if made >= count:
                return
            name = entity.first("name") or ""
            words = name.split()
            if not words:
                continue
            digits = [i for i, w in enumerate(words) if w.isdigit()]
            if digits:
                i = digits[-1]
                new = str(int(words[i]) + rng.randint(1, 9))
            else:
                i = max(range(len(words)), key=lambda j: len(words[j]))
                new = rng.choice(VESSEL_WORDS)
                if not _far(words[i], new):
                    continue
            swapped = " ".join(words[:i] + [new] + words[i + 1 :])
            if not self._ok("hard_vessel", swapped):
                continue
            made += 1
            yield self._query(
                "hard_vessel", made, "Vessel", swapped, detail=f"{words[i]} -> {new}",
                source=entity,
            )  # fmt: skip

    def build(self, scale: float = 1.0) -> list[EvalQuery]:
        out: list[EvalQuery] = []
        for kind, size in NEGATIVE_SIZES.items():
            out.extend(getattr(self, kind)(max(1, round(size * scale))))
        return out
