"""Screening a payment message: a verdict (pass, hold, block) with every hit's place.

What is checked, for every party of the message in its role:

- its name, by the matcher (``Screener.match``, with the party's country and BIC as
  evidence): a match is ``hold`` (a name alone is for an analyst to confirm), ``block``
  when an identifier the list gives agrees too (the matcher's identifier feature);
- its BIC, against the SWIFT/BIC codes the lists give (OFAC, UK, EU): the same
  institution (``ABCDRUMM`` = ``ABCDRUMMXXX``, and a listed BIC8 covers all its branches
  ``ABCDRUMM123``) is ``block``; another branch of a listed BIC11's institution is
  ``hold``;
- its countries (address, residence, BIC country, IBAN country; schwifty checks BICs and
  IBANs, and an invalid one is ``hold``): a comprehensively sanctioned jurisdiction or an
  occupied region named in the address is ``block``; Russia or Belarus ``hold``; a
  transshipment point of red-flag rule R1 a ``note``, made ``hold`` when the message also
  touches Russia or Belarus (R1);
- the free text (remittance, 70/72, instructions, purpose), searched for listed names
  (:class:`tracewire.screen.mentions.MentionFinder`): a mention is ``hold``.

A message that cannot be read is never passed: ``hold``, with the parse error naming the
line or XPath.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import schwifty
from normality import ascii_text
from schwifty.exceptions import SchwiftyException

from tracewire.match import Query, Screener
from tracewire.match.normalise import normalise_name
from tracewire.match.scoring import MatchResult
from tracewire.messages.countries import (
    COMPREHENSIVE,
    country_name,
    high_risk,
    region_in,
    transshipment,
)
from tracewire.messages.model import MessageError, Party, PaymentMessage, Value
from tracewire.messages.parse import parse_message
from tracewire.screen.mentions import MentionFinder

ACTIONS = ("note", "hold", "block")
#: name results cached (parties repeat across payments)
CACHE_SIZE = 50_000


@dataclass(slots=True)
class Hit:
    #: name, bic, country, mention, invalid, error
    kind: str
    action: str
    role: str | None
    path: str | None
    value: str
    score: float
    explanation: str
    party: dict[str, Any] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "action": self.action,
            "role": self.role,
            "path": self.path,
            "value": self.value,
            "score": round(self.score, 4),
            "explanation": self.explanation,
        }
        if self.party is not None:
            out["listed_party"] = self.party
        if self.details:
            out["details"] = self.details
        return out


@dataclass(slots=True)
class Verdict:
    source: str
    verdict: str
    kind: str | None = None
    reference: str | None = None
    hits: list[Hit] = field(default_factory=list)
    error: str | None = None
    message: PaymentMessage | None = None
    milliseconds: float = 0.0

    def to_dict(self, with_message: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "verdict": self.verdict,
            "kind": self.kind,
            "reference": self.reference,
            "error": self.error,
            "hits": [h.to_dict() for h in self.hits],
            "milliseconds": round(self.milliseconds, 3),
        }
        if with_message and self.message is not None:
            out["message"] = self.message.to_dict()
        return out


def _party_ref(result: MatchResult) -> dict[str, Any]:
    e = result.entity
    return {
        "id": e.id,
        "caption": e.caption,
        "dataset": e.dataset,
        "schema": e.schema,
        "sanctions": list(result.sanctions),
        "effects": list(result.effects),
    }


@lru_cache(maxsize=100_000)  # banks' BICs repeat in every message
def bic_error(bic: str) -> str | None:
    """Why schwifty refuses a BIC, or None for a valid one."""
    try:
        schwifty.BIC(bic)
    except SchwiftyException as exc:
        return str(exc)
    return None


@lru_cache(maxsize=100_000)  # a counterparty's account recurs with it
def iban_check(iban: str) -> tuple[str | None, str | None]:
    """An IBAN's country (lower case) as schwifty reads it, or why schwifty refuses it."""
    try:
        return schwifty.IBAN(iban).country_code.lower(), None
    except SchwiftyException as exc:
        return None, str(exc)


def bic_country(bic: str) -> str:
    return bic[4:6].lower()


#: words of a firm's name the organisation's reading leaves out (*Trading and Paper*)
CONNECTIVES = frozenset({"and", "und", "et", "of", "the"})
#: where a name is cut into words to find a short legal form inside it
_WORDS = re.compile(r"[\s,\-/()]+")
_TOKENS = re.compile(r"\w+")


def other_schemas(name: str) -> tuple[str, ...]:
    """The schemas a customer's name is also screened as, beside none.

    A message rarely says whether a debtor or creditor is a person, an organisation or
    a vessel, so its name is asked without a schema, and the matcher reads such a name
    as an organisation's. A word that is also a legal form is taken out, and then only
    organisations are met: *PAEK, Se-Bong* (*SE*, a European company), *KU JA HYONG*
    (*KU*, a Korean ward), the vessel *FU YUAN YU 7898* (*YU*, a Japanese company). Words
    are made canonical terms: *Dmitry Alekseyevich SLOBODSKOY* → *slobod*, a place. So a
    listed person's or vessel's name as listed does not match itself.

    - a name with no legal form whose person's reading keeps words the organisation's
      changes (other than connectives: *Trading and Paper*) is asked as a person's too;
    - a name holding a legal form of two letters that is not its last word (*SE*, *KU*,
      *YU*, *AO*; not *Kenmar SA*, *Dral Oy*) is asked as a person's and a vessel's too.

    The readings are the normaliser's, cached: the organisation's is the one the
    matcher then uses for the query without a schema."""
    return other_readings(name)[0]


def other_readings(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """:func:`other_schemas` and, where there are any, the name's :func:`short_forms`
    (worked out once: the screener needs both)."""
    default = normalise_name(name, None, False)  # the same call as the matcher's query
    if not default.org_types:
        person = normalise_name(name, True, False)
        if not person.keys or person.keys == default.keys:
            return (), frozenset()
        # the organisation's reading leaves out the connectives of a firm's name
        # (*Trading and Paper*): a name that differs only so is no person's
        kept = [k for k in person.keys if k not in CONNECTIVES]
        if tuple(kept) == default.keys:
            return (), frozenset()
        return ("Person",), short_forms(name)
    forms = short_forms(name)
    return (("Person", "Vessel") if forms else ()), forms


def short_forms(name: str) -> frozenset[str]:
    """The words of two letters or fewer of a name that are also legal forms, its last
    word left out (*SE* of *PAEK, Se-Bong*, *KU*, *YU*, *AO* of *AO Vostok*), folded to
    ASCII lower case."""
    words = [w for w in _WORDS.split(name) if w]
    return frozenset(
        _fold(w) for w in words[:-1] if len(w) <= 2 and normalise_name(w, None, False).org_types
    )


def _fold(word: str) -> str:
    return (ascii_text(word) or word).casefold()


def names_word(result: MatchResult, words: frozenset[str]) -> bool:
    """Whether the listed name a result matched holds one of ``words`` as a word of its
    own (:func:`short_forms`)."""
    return any(_fold(w) in words for w in _TOKENS.findall(result.name.candidate))


class MessageScreener:
    """Screens messages against one screener (one set of list versions)."""

    def __init__(
        self,
        screener: Screener,
        mentions: MentionFinder | None = None,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.screener = screener
        #: name results kept (0: none); the cache lives as long as the screener it asks
        self.cache_size = cache_size
        #: names screened, and how many of them the cache answered
        self.stats = {"names": 0, "cached": 0}
        self.mentions = mentions if mentions is not None else MentionFinder(screener)
        #: BIC8 → [(listed BIC as given, record index)]
        self.bics: dict[str, list[tuple[str, int]]] = {}
        for rid, record in enumerate(screener.index.records):
            for raw in record.entity.get("swiftBic"):
                bic = "".join(ch for ch in raw.upper() if ch.isalnum())
                if len(bic) in (8, 11):
                    self.bics.setdefault(bic[:8], []).append((bic, rid))
        high_risk(), transshipment()  # read the reference data now
        #: (name, country, BIC, customer) → matches
        self._names: OrderedDict[tuple[str, str, str, bool], tuple[MatchResult, ...]] = (
            OrderedDict()
        )

    # -- parties -----------------------------------------------------------------------

    def _ask(self, name: str, country: str, bic: str, schema: str | None) -> list[MatchResult]:
        query = Query(
            names=[name],
            schema=schema,
            countries=[country] if country else [],
            identifiers=[("swiftBic", bic)] if bic else [],
        )
        # results under the threshold are dropped: asking for none spares the matcher
        # the features of candidates whose names cannot reach it (the same results)
        threshold = self.screener.threshold
        return [r for r in self.screener.match(query, limit=10, min_score=threshold) if r.match]

    def _match(
        self, name: str, country: str, bic: str, customer: bool = True
    ) -> tuple[MatchResult, ...]:
        """The listed parties a party's name matches; a customer's (debtor, creditor…,
        not a bank's) name also as a person's or a vessel's where the name without a
        schema is read otherwise (:func:`other_schemas`), each party with its better
        result."""
        key = (name, country, bic, customer)
        self.stats["names"] += 1
        found = self._names.get(key)
        if found is not None:
            self.stats["cached"] += 1
            self._names.move_to_end(key)
            return found
        results = self._ask(name, country, bic, None)
        schemas, forms = other_readings(name) if customer else ((), frozenset())
        if schemas:
            # a short legal form read as a name's word (*KU JA HYONG*) must be a word of
            # the listed name matched too: a firm's *AO Sfera* is not the vessel *SIERRA*
            best = {r.entity.id: r for r in results}
            for schema in schemas:
                for r in self._ask(name, country, bic, schema):
                    if forms and not names_word(r, forms):
                        continue
                    if r.entity.id not in best or r.score > best[r.entity.id].score:
                        best[r.entity.id] = r
            results = sorted(best.values(), key=lambda r: (-r.score, r.entity.id))
        found = tuple(results)
        if self.cache_size:
            self._names[key] = found
            if len(self._names) > self.cache_size:
                self._names.popitem(last=False)
        return found

    def clear_cache(self) -> None:
        self._names.clear()

    def _bic_hits(self, party: Party, bic: Value) -> list[Hit]:
        hits = []
        code = bic.text
        head = code[:8]
        own = code if len(code) == 11 and not code.endswith("XXX") else head
        for listed, rid in self.bics.get(head, ()):
            listed_own = listed if len(listed) == 11 and not listed.endswith("XXX") else head
            record = self.screener.index.records[rid]
            ref = {
                "id": record.entity.id,
                "caption": record.entity.caption,
                "dataset": record.entity.dataset,
                "schema": record.entity.schema,
                "sanctions": list(record.sanctions),
                "effects": list(record.effects),
            }
            if listed_own in (own, head):
                why = (
                    f"BIC {code} is the listed SWIFT/BIC {listed} of {record.entity.caption}"
                    if listed_own == own
                    else f"BIC {code} is a branch of {listed}, the listed SWIFT/BIC of "
                    f"{record.entity.caption} (a BIC8 covers all its branches)"
                )
                hits.append(Hit("bic", "block", party.role, bic.path, code, 1.0, why, ref))
            else:
                why = (
                    f"BIC {code} is another branch of the institution whose branch {listed} "
                    f"is listed ({record.entity.caption})"
                )
                hits.append(Hit("bic", "hold", party.role, bic.path, code, 0.9, why, ref))
        return hits

    def _party_hits(self, party: Party, countries: list[tuple[str, str, str | None]]) -> list[Hit]:
        hits: list[Hit] = []
        bic = party.bic.text if party.bic else ""
        if party.bic is not None:
            error = bic_error(bic)
            if error is not None:
                hits.append(
                    Hit(
                        "invalid",
                        "hold",
                        party.role,
                        party.bic.path,
                        bic,
                        1.0,
                        f"not a valid BIC: {error}",
                    )  # fmt: skip
                )
            else:
                countries.append((bic_country(bic), party.bic.path, party.role))
            hits.extend(self._bic_hits(party, party.bic))
        account = party.account
        if account is not None and account.text[:2].isalpha() and account.text[2:4].isdigit():
            iban_country, iban_error = iban_check(account.text)
            if iban_error is not None:
                hits.append(
                    Hit(
                        "invalid",
                        "hold",
                        party.role,
                        account.path,
                        account.text,
                        1.0,
                        f"not a valid IBAN: {iban_error}",
                    )  # fmt: skip
                )
            elif iban_country is not None:
                countries.append((iban_country, account.path, party.role))
        if party.country is not None:
            countries.append((party.country.text.lower(), party.country.path, party.role))
        for kind, value in party.identifiers:
            if kind == "residence":
                countries.append((value.text.lower(), value.path, party.role))
        for line in party.address:
            region = region_in(line.text)
            if region:
                hits.append(
                    Hit(
                        "country",
                        "block",
                        party.role,
                        line.path,
                        line.text,
                        1.0,
                        f"the address is in {region}, a region under comprehensive sanctions",
                    )  # fmt: skip
                )
        country = party.country.text.lower() if party.country else ""
        seen: set[str] = set()
        for name in ([party.name] if party.name else []) + party.other_names:
            for result in self._match(name.text, country, bic, party.kind == "party"):
                if result.entity.id in seen:
                    continue
                seen.add(result.entity.id)
                ids_agree = any(
                    f.name == "identifier" and f.effect > 0 for f in result.features
                )  # an identifier the list gives agrees: the party is the listed one
                action = "block" if ids_agree else "hold"
                why = (
                    f"{party.role} {name.text!r} matches listed "
                    f"{result.entity.caption!r} ({result.name.describe()})"
                )
                hits.append(
                    Hit(
                        "name",
                        action,
                        party.role,
                        name.path,
                        name.text,
                        result.score,
                        why,
                        _party_ref(result),
                        result.explanations(),
                    )  # fmt: skip
                )
        return hits

    def _country_hits(self, countries: list[tuple[str, str, str | None]]) -> list[Hit]:
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        risky = {c for c, _, _ in countries if c in high_risk()}
        for code, path, role in countries:
            if (code, path) in seen:
                continue
            seen.add((code, path))
            name = country_name(code)
            if code in COMPREHENSIVE:
                why = f"{name} is under comprehensive sanctions"
                hits.append(Hit("country", "block", role, path, code.upper(), 1.0, why))
            elif code in high_risk():
                why = f"{name}: Russia and Belarus are the targets of the export controls (hold for review)"
                hits.append(Hit("country", "hold", role, path, code.upper(), 1.0, why))
            elif code in transshipment():
                if risky:
                    why = (
                        f"{name} is a transshipment point (red flag R1) and the payment also "
                        f"touches {', '.join(country_name(c) for c in sorted(risky))}"
                    )
                    hits.append(Hit("country", "hold", role, path, code.upper(), 1.0, why))
                else:
                    why = f"{name} is a transshipment point of red flag R1 (alone, a note)"
                    hits.append(Hit("country", "note", role, path, code.upper(), 1.0, why))
        return hits

    def _text_hits(self, msg: PaymentMessage) -> list[Hit]:
        hits: list[Hit] = []
        texts = [(t.kind, t.value) for t in msg.texts] + [("purpose", p) for p in msg.purposes]
        for kind, value in texts:
            for m in self.mentions.find(value.text):
                why = (
                    f"the {kind.replace('_', ' ')} text names listed {m.caption!r} "
                    f"({m.text!r} at characters {m.start}-{m.end})"
                )
                party = {"id": m.entity_id, "caption": m.caption, "dataset": m.dataset,
                         "schema": m.schema, "sanctions": m.sanctions,
                         "effects": m.effects}  # fmt: skip
                details = {"start": m.start, "end": m.end, "completeness": m.completeness,
                           **m.explanation}  # fmt: skip
                hits.append(
                    Hit("mention", "hold", kind, value.path, m.text, m.score, why, party, details)
                )
        return hits

    # -- messages ----------------------------------------------------------------------

    def screen(self, msg: PaymentMessage, source: str = "") -> Verdict:
        start = time.perf_counter()
        hits: list[Hit] = []
        countries: list[tuple[str, str, str | None]] = []
        for party in msg.parties:
            hits.extend(self._party_hits(party, countries))
        hits.extend(self._country_hits(countries))
        hits.extend(self._text_hits(msg))
        verdict = "pass"
        if any(h.action == "block" for h in hits):
            verdict = "block"
        elif any(h.action == "hold" for h in hits):
            verdict = "hold"
        hits.sort(key=lambda h: (-ACTIONS.index(h.action), -h.score))
        return Verdict(
            source=source,
            verdict=verdict,
            kind=msg.kind,
            reference=msg.reference,
            hits=hits,
            message=msg,
            milliseconds=(time.perf_counter() - start) * 1000,
        )

    def screen_bytes(self, data: bytes | str, source: str = "") -> Verdict:
        """Parse and screen; an unreadable message is ``hold`` with the error."""
        start = time.perf_counter()
        try:
            msg = parse_message(data)
        except MessageError as exc:
            hit = Hit("error", "hold", None, exc.where, "", 1.0, f"cannot be read: {exc}")
            return Verdict(
                source=source,
                verdict="hold",
                hits=[hit],
                error=str(exc),
                milliseconds=(time.perf_counter() - start) * 1000,
            )
        verdict = self.screen(msg, source)
        verdict.milliseconds = (time.perf_counter() - start) * 1000
        return verdict
