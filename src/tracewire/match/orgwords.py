"""Names that are clearly an organisation's, though the list does not say so.

Some publishers type every party alike: the US Consolidated Screening List's "Entity"
rows and BIS's parties load as LegalEntity, which a Person query may meet (a BIS
individual is a LegalEntity). A legal form in the name settles it
(:attr:`tracewire.match.index.Record.org_types`); so does a word only organisations
carry: *SHAHID KARIMI INDUSTRIES*, *JAISH-I-MOHAMMED* (*jaish*, army; its alias *ARMY
OF MOHAMMED*), *Al-Aqsa Martyrs Brigade*. Without it a Person query *Karim Shahd*
alerts on the factory and *Aisha Mohammed* on the army.

The words are those no person's name carries: armed groups' (English and Arabic,
Urdu, Persian as the lists romanise them), and business or public bodies' nouns. Words
that are also given or family names (*Ansar*, *Shahid*, *Bank*s, *Plant*) are not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz.distance import OSA

from tracewire.match.normalise import WEIGHT_CAPS, NameForm, fold

_WORDS = """
    industries industry industrial company companies corporation group holding holdings
    enterprise enterprises establishment factory works trading services organisation
    organization association foundation society institute institution university
    ministry department committee council commission agency bureau office authority
    directorate administration center centre laboratory laboratories bank airlines
    airline shipping logistics petroleum refinery exchange fund charity relief party
    movement front army brigade brigades battalion battalions regiment corps forces force
    militia network union federation league jaish jaysh lashkar tehrik harakat
    hizb hezbollah hizballah tanzim jamaat jamaah jamiat jamiyat katibat kataib liwa
    sepah artesh basij qaida qaeda taliban state mosque
"""
ORGANISATION_WORDS = frozenset(_WORDS.split())


def organisation_words(tokens: Iterable[str]) -> bool:
    """Whether a name's (lowercase, Latin) tokens carry a word only organisations
    carry (:data:`ORGANISATION_WORDS`)."""
    return any(token in ORGANISATION_WORDS for token in tokens)


#: words that say "a company" and nothing of which one; normalisation drops them from an
#: organisation's tokens (:data:`tracewire.match.normalise.ORG_FILLER`), so they are read
#: from the name as printed
_FILLER = re.compile(r"\b(?:company|corporation|incorporated)\b", re.IGNORECASE)


def organisation_form(form: NameForm) -> bool:
    """Whether a normalised name is clearly an organisation's: a word of
    :data:`ORGANISATION_WORDS` among its tokens, or *Company*, *Corporation* as printed."""
    return organisation_words(form.tokens) or bool(_FILLER.search(form.original))


def query_schema(
    schema: str | None, forms: Sequence[NameForm], identified: bool = False
) -> str | None:
    """The schema a query is screened as: a query that does not say it is an organisation
    (no schema, or LegalEntity) but whose name is clearly one (a legal form, a word of
    :data:`ORGANISATION_WORDS`) meets organisations only. *JSC Kalashnikov* is no match
    for the person *KALASHNIKOV, Alexander*, nor *Joint Stock Company Globus* for a
    person whose alias is *Globus*. A query with identifiers (``identified``) keeps its
    schema: an equal identifier decides whatever the name."""
    if identified:
        return schema
    if schema in (None, "LegalEntity") and any(f.org_types or organisation_form(f) for f in forms):
        return "Organization"
    return schema


#: letters that stand in for each other between romanisations of one organisation's
#: word (vowels; i/j/y; u/v/w; c/k/q/x; c/s/z; g/h/k; d/t; b/p; f/v)
_ALIKE_GROUPS = ("aeiouy", "ijy", "uvw", "ckqx", "csz", "ghk", "kh", "dt", "bp", "fv")
_ALIKE = frozenset((a, b) for group in _ALIKE_GROUPS for a in group for b in group)
#: an organisation's word of at most this many letters (the shorter of two) is held to
#: its letters when both are listed words (see :func:`other_org_word`)
SHORT_ORG_WORD = 7
#: endings one form of a word adds to another: a plural, a Russian case or gender
_INFLECTIONS = ("s", "es", "a", "e", "i", "o", "u", "y")


def _alike_letters(a: str, b: str) -> bool:
    return len(a) == len(b) and all(x == y or (x, y) in _ALIKE for x, y in zip(a, b, strict=True))


def other_org_word(qt: str, qk: str, ct: str, ck: str, known: bool) -> bool:
    """Whether an organisation's query word (``qt``, fold key ``qk``) and a list word a
    typo apart are two names rather than one misspelt (``known``: the query word is
    itself a word of some listed name).

    A query word no list carries is most likely misspelt, and keeps the typo budget.
    Two listed words of seven letters or fewer are two names unless they differ only in
    letters that romanisations swap (*Klass* / *Class*, *Almaz* / *Almas*, *Defense* /
    *Defence*), in the order of two neighbouring letters (*TKS* / *TSK*) or by an ending (*System* /
    *Systems*, *Kirov* / *Kirova*): *Element* / *Elmont*, *Mikron* / *Mikoyan*, *Mayak* /
    *Mak*, *KOMZ* / *VOMZ*, *VNIIRT* / *VNIIRA*, *CST* / *CGST*, *Sapfir* / *Sapphire*
    name other parties. Longer words keep the budget (*Degtyaryov* / *Degtyarev*)."""
    if not known or min(len(qt), len(ct)) > SHORT_ORG_WORD:
        return False
    if _alike_letters(qt, ct) or _alike_letters(qk, ck):
        return False
    if len(qt) == len(ct) and sorted(qt) == sorted(ct) and OSA.distance(qt, ct) == 1:
        return False  # two neighbouring letters swapped: TKS / TSK
    short, long_ = (qt, ct) if len(qt) < len(ct) else (ct, qt)
    return not (long_.startswith(short) and long_[len(short) :] in _INFLECTIONS)


def listed_words_apart(
    alignment: tuple[tuple[str, ...], tuple[str, ...], Sequence[tuple[int, int, float, str]]],
    known: Callable[[str], bool],
) -> bool:
    """Whether two organisations' names have in common, beside the words of a kind
    (*company*, *plant*, *science*… :data:`~tracewire.match.normalise.WEIGHT_CAPS`), only
    words a typo apart that are two names (:func:`other_org_word`): *JSC Element* /
    *ELMONT AG*, *Scientific Production Enterprise Sapphire* / *Research and Production
    Enterprise Sapfir*. ``alignment`` is a name match's (query tokens, list tokens,
    pairs); ``known`` says whether a fold key is a word of some listed name. A name with
    another word in common is left to the score (*Cardinal Wealth* / *Cardinal Health*)."""
    query, listed, pairs = alignment
    content = False
    for i, j, _similarity, kind in pairs:
        qk = fold(query[i])
        if qk in WEIGHT_CAPS:
            continue
        if kind != "typo":
            return False
        ck = fold(listed[j])
        if not other_org_word(query[i], qk, listed[j], ck, known(qk)):
            return False
        content = True
    return content


#: a word with another joined to it by a hyphen: *Angstrem-T*, *Ravenstvo-Service*
_HYPHENED = re.compile(r"(\w+)-(\w+)")
#: joining particles that lists write with hyphens or apart (*Jaish-e-Mohammed*,
#: *Lashkar-i-Taiba*, *Ansar-ul-Islam*, *Hizb-ut-Tahrir*): no word of another company
_PARTICLES = frozenset(
    {
        "a", "e", "i", "o", "u", "y", "al", "el", "ul", "ud", "ut", "ur", "un", "us", "ush",
        "ash", "as", "ad", "an", "ar", "at", "az", "de", "la", "le", "di", "da",
    }
)  # fmt: skip


def hyphened_part_unpaired(
    alignment: tuple[tuple[str, ...], tuple[str, ...], Sequence[tuple[int, int, float, str]]],
    query: str,
    listed: str,
) -> bool:
    """Whether one organisation's name joins to a word both names share, with a hyphen, a
    word the other name lacks: *Angstrem* / *Angstrem-T*, *Ravenstvo* / *Ravenstvo-
    Service*, *United Engine Corporation* / *United Engine Corporation-Service*. The
    joined word makes another company's name (a subsidiary, a service branch), where a
    word apart may be a word lists add or drop. ``query`` and ``listed`` are the names as
    printed; ``alignment`` their match's (query tokens, list tokens, pairs)."""
    q_tokens, c_tokens, pairs = alignment
    sides = (
        (q_tokens, query, {i for i, _j, _s, _k in pairs}, c_tokens),
        (c_tokens, listed, {j for _i, j, _s, _k in pairs}, q_tokens),
    )
    for tokens, printed, paired, other in sides:
        if "-" not in printed:
            continue
        for head, tail in _HYPHENED.findall(printed):
            head, tail = head.casefold(), tail.casefold()
            if tail in _PARTICLES or tail[:1].isdigit() or tail in other:
                continue  # a number (2004-1) is left to the numbers rule
            if tail not in tokens or head not in tokens:
                continue
            if tokens.index(head) in paired and tokens.index(tail) not in paired:
                return True
    return False
