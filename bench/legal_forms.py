"""Legal forms of companies, grouped into classes of equivalent spellings.

Each class lists the ways one legal form is written on lists and in customer records:
abbreviation, English expansion, transliterated and native-script forms. A name's
legal form can be swapped for another member of its class without changing the party
("OOO Vektor" = "Vektor LLC" = "Limited Liability Company Vektor"). ``lead`` marks the
forms written before the name (the Russian and expanded English styles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    lead: bool = False  # written before the name ("OOO X") rather than after ("X LLC")


def _f(text: str, lead: bool = False) -> Form:
    return Form(text, lead)


#: class name -> equivalent spellings (Latin first, then native script)
CLASSES: dict[str, tuple[Form, ...]] = {
    "ru_llc": (
        _f("OOO", True), _f("LLC"), _f("Limited Liability Company", True),
        _f("Obshchestvo s Ogranichennoy Otvetstvennostyu", True),
        _f("ООО", True), _f("Общество с ограниченной ответственностью", True),
    ),
    "ru_jsc": (
        _f("AO", True), _f("JSC"), _f("Joint Stock Company", True),
        _f("Joint-Stock Company", True), _f("Aktsionernoye Obshchestvo", True),
        _f("АО", True), _f("Акционерное общество", True),
    ),
    "ru_pjsc": (
        _f("PAO", True), _f("PJSC"), _f("Public Joint Stock Company", True),
        _f("Publichnoye Aktsionernoye Obshchestvo", True),
        _f("ПАО", True), _f("Публичное акционерное общество", True),
    ),
    "ru_ojsc": (
        _f("OAO", True), _f("OJSC"), _f("Open Joint Stock Company", True),
        _f("Otkrytoye Aktsionernoye Obshchestvo", True),
        _f("ОАО", True), _f("Открытое акционерное общество", True),
    ),
    "ru_cjsc": (
        _f("ZAO", True), _f("CJSC"), _f("Closed Joint Stock Company", True),
        _f("Zakrytoye Aktsionernoye Obshchestvo", True),
        _f("ЗАО", True), _f("Закрытое акционерное общество", True),
    ),
    "co_ltd": (
        _f("Co., Ltd."), _f("Co., Ltd"), _f("Co. Ltd"), _f("Co Ltd"), _f("Company Limited"),
        _f("Limited Company"), _f("Co., Limited"),
    ),
    "zh_ltd": (_f("有限公司"), _f("有限责任公司")),
    "ltd": (_f("Ltd"), _f("Ltd."), _f("Limited")),
    "gmbh": (_f("GmbH"), _f("G.m.b.H."), _f("Gesellschaft mit beschränkter Haftung")),
    "ag": (_f("AG"), _f("Aktiengesellschaft")),
    "inc": (_f("Inc."), _f("Inc"), _f("Incorporated")),
    "corp": (_f("Corp."), _f("Corp"), _f("Corporation")),
    "sa": (_f("S.A."), _f("SA"), _f("Sociedad Anonima"), _f("Societe Anonyme")),
    "fze": (_f("FZE"), _f("Free Zone Establishment")),
    "fzco": (_f("FZCO"), _f("Free Zone Company")),
    "llp": (_f("LLP"), _f("Limited Liability Partnership")),
    "plc": (_f("PLC"), _f("Public Limited Company")),
    "bv": (_f("B.V."), _f("BV"), _f("Besloten Vennootschap")),
    "sdn_bhd": (_f("Sdn Bhd"), _f("Sdn. Bhd."), _f("Sendirian Berhad")),
    "pvt_ltd": (_f("Pvt Ltd"), _f("Pvt. Ltd."), _f("Private Limited")),
    "llc": (_f("L.L.C."), _f("Limited Liability Company")),
}  # fmt: skip

#: every legal-form token, lower-cased, for telling distinctive words from legal forms
FORM_TOKENS: frozenset[str] = frozenset(
    tok.strip(".,").lower()
    for forms in CLASSES.values()
    for form in forms
    for tok in form.text.split()
) | frozenset({"co", "company", "ltd", "limited", "llc", "jsc", "inc", "corp", "sa", "s.a"})


def _pattern(text: str) -> str:
    return r"[\s,]+".join(re.escape(p) for p in text.split())


def _norm(text: str) -> str:
    return " ".join(re.split(r"[\s,]+", text.strip(" ,").lower()))


#: normalised spelling -> (class, form); the first class listing a spelling owns it
_BY_TEXT: dict[str, tuple[str, Form]] = {}
for _cls, _forms in CLASSES.items():
    for _form in _forms:
        _BY_TEXT.setdefault(_norm(_form.text), (_cls, _form))
_ALT = "|".join(_pattern(t) for t in sorted(_BY_TEXT, key=len, reverse=True))
_CJK_ALT = "|".join(_pattern(f.text) for f in CLASSES["zh_ltd"])
_LEAD = re.compile(rf"^\s*(?P<form>{_ALT})(?=[\s,«\"']|$)", re.IGNORECASE)
_TRAIL = re.compile(rf"(?:^|[\s,])(?P<form>{_ALT})\s*$", re.IGNORECASE)
_TRAIL_CJK = re.compile(rf"(?P<form>{_CJK_ALT})\s*$")


@dataclass(frozen=True, slots=True)
class FormMatch:
    cls: str
    form: Form
    start: int
    end: int
    leading: bool  # found before the name proper


def _native(text: str) -> bool:
    """Has letters outside the Latin script (Cyrillic, Han...)."""
    return any(ch.isalpha() and ord(ch) > 0x24F for ch in text)


def find_form(name: str) -> FormMatch | None:
    """The legal form at the start or end of ``name`` (longest spelling wins)."""
    best: FormMatch | None = None
    for regex, leading in ((_LEAD, True), (_TRAIL, False), (_TRAIL_CJK, False)):
        m = regex.search(name)
        if m is None:
            continue
        owner = _BY_TEXT.get(_norm(m.group("form")))
        if owner is None:
            continue
        start = m.start() if leading else m.start("form")
        if not leading and start > 0 and name[start - 1] in " ,":
            start -= 1
        if best is None or m.end() - start > best.end - best.start:
            best = FormMatch(owner[0], owner[1], start, m.end(), leading)
    return best


def swap_form(name: str, match: FormMatch, new: Form) -> str:
    """``name`` with its legal form replaced by ``new``, placed where ``new`` is written."""
    core = (name[: match.start] + name[match.end :]).strip(" ,")
    if new.lead:
        return f"{new.text} {core}"
    if _native(new.text) and _native(core):
        return f"{core}{new.text}"
    return f"{core} {new.text}"


def alternatives(match: FormMatch, name: str) -> list[Form]:
    """Other spellings of the same legal form, in the script of the name."""
    native = _native(name)
    return [
        f
        for f in CLASSES[match.cls]
        if f.text.lower() != match.form.text.lower() and _native(f.text) == native
    ]
