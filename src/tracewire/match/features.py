"""Evidence beyond the name: identifiers, birth dates, countries, gender, legal form.

Each feature is a pure function of the query and the list entry's prepared record. It
returns a :class:`Feature`: the effect on the score (positive or negative), and which
query value met which list value, in words an analyst can check.
"""

from __future__ import annotations

from dataclasses import dataclass

from followthemoney import registry

from tracewire.match.query import Query
from tracewire.model.identifiers import CONFLICT_KINDS, ID_KINDS, kinds

#: identifier kinds and their normalisation: one table for matching and the network
ID_GROUPS = ID_KINDS
#: groups where two different values mean two different parties
STRONG_GROUPS = CONFLICT_KINDS


@dataclass(slots=True)
class Feature:
    name: str
    effect: float
    detail: str
    query_value: str | None = None
    list_value: str | None = None
    #: which evidence this is (one of :data:`tracewire.match.combine.KINDS`; the
    #: identifier that decides has none): the score combination gives its effect
    kind: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "effect": round(self.effect, 4),
            "detail": self.detail,
            "query_value": self.query_value,
            "list_value": self.list_value,
        }


def identifier_groups(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """``{group: normalised values}`` (see :func:`tracewire.model.identifiers.normalise`)."""
    return kinds(pairs)


def compare_identifiers(query: dict[str, set[str]], listed: dict[str, set[str]]) -> Feature | None:
    """An equal identifier decides; a different one of a strong kind speaks against."""
    conflict: tuple[str, str, str] | None = None
    for group, values in query.items():
        theirs = listed.get(group)
        if not theirs:
            continue
        same = values & theirs
        if same:
            value = sorted(same)[0]
            return Feature("identifier", 1.0, f"same {group} identifier {value}", value, value)
        if group in STRONG_GROUPS and conflict is None:
            conflict = (group, sorted(values)[0], sorted(theirs)[0])
    if conflict is not None:
        group, mine, theirs_v = conflict
        return Feature(
            "identifier",
            -0.25,
            f"different {group} identifier: query {mine}, list {theirs_v}",
            mine,
            theirs_v,
            "identifier_differs",
        )
    return None


def clean_dates(values: list[str]) -> list[str]:
    out = []
    for v in values:
        cleaned = registry.date.clean(v)
        if cleaned:
            out.append(cleaned[:10])
    return out


def _close_dates(q: str, c: str) -> bool:
    """One field of the date slipped: the years one apart and the rest equal (1982-04-15
    / 1983-04-15, 1972 / 1973), or the same year with another month or day (1981-02-05 /
    1981-03-05) — the typing errors of a customer record, not another person's date."""
    n = min(len(q), len(c))
    years = abs(int(q[:4]) - int(c[:4]))
    if years == 1:
        return q[4:n] == c[4:n]
    return years == 0 and n >= 7


def compare_birth_dates(query: list[str], listed: list[str]) -> Feature | None:
    """Compare at the precision both sides have; a day/month swap or one slipped field
    (:func:`_close_dates`) is weaker evidence, dates further apart speak against."""
    if not query or not listed:
        return None
    best: Feature | None = None
    for q in query:
        for c in listed:
            n = min(len(q), len(c))
            if q[:n] == c[:n]:
                precision = {4: "year", 7: "month"}.get(n, "day")
                effect = 0.06 if n >= 10 else 0.03
                kind = "birth_date_day" if n >= 10 else "birth_date_year"
                return Feature(
                    "birth_date", effect, f"birth date agrees to the {precision}", q, c, kind
                )
            if (
                len(q) >= 10
                and len(c) >= 10
                and q[:4] == c[:4]
                and q[5:7] == c[8:10]
                and q[8:10] == c[5:7]
            ):
                best = Feature(
                    "birth_date",
                    0.02,
                    "birth date agrees with day and month swapped",
                    q,
                    c,
                    "birth_date_swapped",
                )
            elif best is None and _close_dates(q, c):
                best = Feature(
                    "birth_date",
                    0.0,
                    "birth dates one field apart",
                    q,
                    c,
                    "birth_date_close",
                )
    if best is not None:
        return best
    return Feature(
        "birth_date",
        -0.3,
        "birth dates differ",
        ", ".join(query),
        ", ".join(listed),
        "birth_date_differs",
    )


def clean_countries(values: list[str]) -> set[str]:
    out = set()
    for v in values:
        code = registry.country.clean(v, fuzzy=True)
        if code:
            out.add(code)
    return out


def compare_countries(query: set[str], listed: set[str]) -> Feature | None:
    if not query or not listed:
        return None
    same = query & listed
    if same:
        code = sorted(same)[0]
        return Feature("country", 0.02, f"country agrees ({code})", code, code, "country_agrees")
    return Feature(
        "country",
        -0.1,
        "countries differ",
        ", ".join(sorted(query)),
        ", ".join(sorted(listed)),
        "country_differs",
    )


def compare_legal_forms(query: set[str], listed: set[str]) -> Feature | None:
    """The same class of legal form (``llc``, ``jsc``…) on both sides adds a little, less
    than a country (most listed firms share a few forms); a different one takes nothing
    away (lists and registers often disagree on it)."""
    same = query & listed
    if not same:
        return None
    form = sorted(same)[0]
    return Feature(
        "legal_form", 0.01, f"legal form agrees ({form})", form, form, "legal_form_agrees"
    )


def compare_gender(query: Query, listed: list[str]) -> Feature | None:
    if not query.gender or not listed:
        return None
    if query.gender in listed:
        return None
    return Feature(
        "gender", -0.15, "gender differs", query.gender, ", ".join(listed), "gender_differs"
    )
