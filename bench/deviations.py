"""How a listed name is varied into a realistic positive query, one deviation at a time.

Each deviation takes a listed name (and its entity, for context) and a seeded
``random.Random``, and returns ``(new_name, detail)`` or ``None`` when it does not apply
to that name. ``detail`` records exactly what was done, for per-case inspection. The
deviations imitate what customer records and other lists do to a name: typing errors,
a dropped middle name, another word order, another romanisation, another spelling of
the legal form, initials and abbreviations, words added around the name.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from bench.legal_forms import alternatives, find_form, swap_form
from bench.name_keys import FORM_TOKENS, NOISE_WORDS, key, looks_like_org, script_of, tokens
from bench.romanise import RESPELLINGS, SYSTEMS, has_cyrillic, respell, romanise
from tracewire.model import Entity

Result = tuple[str, str] | None
Deviation = Callable[[str, Entity, random.Random], Result]

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        near = [_row[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_row)]
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < len(_ROWS):
                near += [_ROWS[_other][i] for i in (_c - 1, _c) if 0 <= i < len(_ROWS[_other])]
        _NEIGHBOURS[_ch] = "".join(near)

#: post-Soviet countries, whose names lists romanise from Cyrillic
CIS = frozenset({"ru", "by", "ua", "kz", "kg", "tj", "uz", "tm", "am", "az", "ge", "md", "suhh"})

ABBREVIATIONS = {
    "international": "Intl", "company": "Co", "corporation": "Corp", "limited": "Ltd",
    "industries": "Inds", "industrial": "Ind", "technology": "Tech", "technologies": "Tech",
    "manufacturing": "Mfg", "engineering": "Eng", "development": "Dev", "association": "Assn",
    "services": "Svcs", "investment": "Inv", "investments": "Invest", "organization": "Org",
    "department": "Dept", "electronics": "Elec", "equipment": "Equip", "shipping": "Shpg",
    "research": "Res", "institute": "Inst", "national": "Natl", "scientific": "Sci",
    "production": "Prod", "management": "Mgmt", "brothers": "Bros", "and": "&",
    "general": "Gen", "trading": "Trdg", "petroleum": "Petr", "construction": "Constr",
}  # fmt: skip

NOISE_INSERT = ("Trading", "Group", "International", "Holding", "Industries", "Global")
TITLES = {"male": ("Mr", "Mr.", "Dr."), "female": ("Mrs", "Ms.", "Dr."), "": ("Dr.", "Mr")}
VESSEL_NOISE = ("MV {}", "M/V {}", "MT {}", "{} (vessel)")


def _match_case(template: str, text: str) -> str:
    if template.isupper() and len(template) > 1:
        return text.upper()
    return text


def _differs(a: str, b: str) -> bool:
    return tokens(a) != tokens(b)


def _is_content(word: str) -> bool:
    low = word.strip(".,()\"'«»").lower()
    return bool(low) and low not in FORM_TOKENS and low not in NOISE_WORDS and low.isalpha()


def _edit(word: str, rng: random.Random) -> str:
    """One keyboard-plausible edit inside a word, never on its first letter."""
    i = rng.randrange(1, len(word))
    ch = word[i]
    op = rng.choice(("sub", "del", "ins", "swap"))
    if op == "swap" and i + 1 < len(word) and word[i + 1].isalpha() and word[i + 1] != ch:
        return word[:i] + word[i + 1] + ch + word[i + 2 :]
    if op == "del":
        return word[:i] + word[i + 1 :]
    near = _NEIGHBOURS.get(ch.lower()) or "aeiou"
    new = rng.choice(near)
    new = new.upper() if ch.isupper() else new
    if op == "ins":
        return word[:i] + new + word[i:]
    return word[:i] + new + word[i + 1 :]


def typo(name: str, entity: Entity, rng: random.Random) -> Result:
    """One or two character edits (substitution, deletion, insertion, transposition)."""
    if script_of(name) != "LATIN":
        return None
    words = name.split(" ")
    eligible = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha() and w.isascii()]
    content = [i for i in eligible if _is_content(words[i])]
    eligible = content or eligible
    if not eligible:
        return None
    edits = 2 if len(name) >= 14 and rng.random() < 0.4 else 1
    for _ in range(6):
        out = list(words)
        for idx in rng.sample(eligible, min(edits, len(eligible))):
            out[idx] = _edit(out[idx], rng)
        if edits > len(eligible):
            idx = eligible[0]
            out[idx] = _edit(out[idx], rng)
        new = " ".join(out)
        if key(new) != key(name):
            return new, f"{edits} edit(s)"
    return None


def _person_parts(name: str) -> tuple[list[str], list[str], bool]:
    """(surname words, given words, written 'LAST, Given')."""
    if "," in name:
        last, _, given = name.partition(",")
        return last.split(), given.split(), True
    words = name.split()
    return words[-1:], words[:-1], False


def drop_part(name: str, entity: Entity, rng: random.Random) -> Result:
    """Leave out a middle name, patronymic or descriptive company word."""
    if entity.schema == "Person":
        last, given, comma = _person_parts(name)
        if comma:
            if len(given) < 2:
                return None
            i = rng.randrange(1, len(given))
            return f"{' '.join(last)}, {' '.join(given[:i] + given[i + 1 :])}", "given name"
        words = name.split()
        if len(words) < 3:
            return None
        i = rng.randrange(1, len(words) - 1)
        return " ".join(words[:i] + words[i + 1 :]), "middle name"
    words = name.split()
    content = [i for i, w in enumerate(words) if _is_content(w) and len(w) > 2]
    if len(content) < 3:
        return None
    rarest = min(content, key=lambda i: (len(words[i]) < 4, -len(words[i])))
    options = [i for i in content if i != rarest]
    i = rng.choice(options)
    return " ".join(words[:i] + words[i + 1 :]), f"-{words[i]}"


def reorder(name: str, entity: Entity, rng: random.Random) -> Result:
    """'LAST, First' written 'First Last', or the surname moved to the other end."""
    if entity.schema != "Person":
        return None
    last, given, comma = _person_parts(name)
    if comma and given and last:
        surname = " ".join(w.capitalize() if w.isupper() else w for w in last)
        return f"{' '.join(given)} {surname}", "comma_inverted"
    words = name.split()
    if len(words) < 2:
        return None
    if rng.random() < 0.5:
        return " ".join(words[-1:] + words[:-1]), "surname_first"
    return " ".join(words[1:] + words[:1]), "given_last"


def translit(name: str, entity: Entity, rng: random.Random) -> Result:
    """A Cyrillic name of the entity romanised by another system than the list's."""
    own = {key(n) for n in entity.names}
    cyrillic = [n for n in entity.names if has_cyrillic(n)]
    systems = sorted(SYSTEMS)
    rng.shuffle(systems)
    for source in cyrillic:
        for system in systems:
            new = romanise(source, system)
            if not has_cyrillic(new) and key(new) not in own:
                return new, f"cyrillic:{system}"
    cis = set(entity.get("country") + entity.get("nationality") + entity.get("citizenship"))
    if not cis & CIS or script_of(name) != "LATIN":
        return None
    respellings = sorted(RESPELLINGS)
    rng.shuffle(respellings)
    for system in respellings:
        new = respell(name, system)
        if key(new) not in own:
            return new, f"latin:{system}"
    return None


def legal_form(name: str, entity: Entity, rng: random.Random) -> Result:
    """Another spelling of the legal form (OOO/LLC/Limited Liability Company...), or none."""
    if entity.schema in ("Person", "Vessel", "Airplane"):
        return None
    match = find_form(name)
    if match is None:
        return None
    core = (name[: match.start] + name[match.end :]).strip(" ,")
    if rng.random() < 0.15 and any(_is_content(w) for w in core.split()):
        return core, f"dropped {match.form.text}"
    options = alternatives(match, name)
    if not options:
        return None
    new_form = rng.choice(options)
    new = swap_form(name, match, new_form)
    if not _differs(new, name):
        return None
    return new, f"{match.form.text} -> {new_form.text}"


def abbreviation(name: str, entity: Entity, rng: random.Random) -> Result:
    """Initials for given names; abbreviated words or an acronym for organisations."""
    if entity.schema == "Vessel" or script_of(name) != "LATIN":
        return None
    if entity.schema == "Person":
        last, given, comma = _person_parts(name)
        full = [w for w in given if len(w.strip(".")) > 1]
        if not full or not last:
            return None
        middle_only = len(given) >= 2 and rng.random() < 0.5
        new_given = [
            w if (middle_only and i == 0) or len(w.strip(".")) <= 1 else f"{w[0]}."
            for i, w in enumerate(given)
        ]
        detail = "initials:middle" if middle_only else "initials:all"
        if comma:
            return f"{' '.join(last)}, {' '.join(new_given)}", detail
        return f"{' '.join(new_given)} {' '.join(last)}", detail
    words = name.split()
    hits = [i for i, w in enumerate(words) if w.strip(".,").lower() in ABBREVIATIONS]
    if hits:
        out = list(words)
        for i in hits:
            short = ABBREVIATIONS[words[i].strip(".,").lower()]
            out[i] = _match_case(words[i], short) + ("," if words[i].endswith(",") else "")
        return " ".join(out), "words"
    content = [i for i, w in enumerate(words) if _is_content(w)]
    runs: list[list[int]] = []
    for i in content:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    run = max(runs, key=len, default=[])
    if len(run) < 3 or not looks_like_org(name):
        return None
    acronym = "".join(words[i][0].upper() for i in run)
    out = words[: run[0]] + [acronym] + words[run[-1] + 1 :]
    return " ".join(out), "acronym"


def noise_words(name: str, entity: Entity, rng: random.Random) -> Result:
    """Words around the name: 'Trading', 'Group'...; a title; 'MV' before a vessel."""
    if entity.schema == "Vessel":
        pattern = rng.choice(VESSEL_NOISE)
        return pattern.format(name), pattern.format("").strip()
    if entity.schema == "Person":
        title = rng.choice(TITLES.get(entity.first("gender") or "", TITLES[""]))
        return f"{title} {name}", f"+{title}"
    if script_of(name) != "LATIN":
        return None
    present = set(tokens(name))
    options = [w for w in NOISE_INSERT if w.lower() not in present]
    word = _match_case(name, rng.choice(options))
    match = find_form(name)
    if match is not None and not match.leading:
        return f"{name[: match.start].rstrip(' ,')} {word}{name[match.start :]}", word
    return f"{name} {word}", word


def none(name: str, entity: Entity, rng: random.Random) -> Result:
    """The listed name itself: the baseline every matcher must get."""
    return name, "exact"


DEVIATIONS: dict[str, Deviation] = {
    "none": none,
    "typo": typo,
    "drop_part": drop_part,
    "reorder": reorder,
    "translit": translit,
    "legal_form": legal_form,
    "abbreviation": abbreviation,
    "noise_words": noise_words,
}

#: which deviations make sense for which kind of party
APPLIES: dict[str, tuple[str, ...]] = {
    "Person": ("none", "typo", "drop_part", "reorder", "translit", "abbreviation", "noise_words"),
    "Organization": (
        "none", "typo", "drop_part", "translit", "legal_form", "abbreviation", "noise_words",
    ),
    "Vessel": ("none", "typo", "drop_part", "noise_words"),
}  # fmt: skip
