"""Organisational terms in translation: one word for what the lists print in many ways.

The same Russian organisation is printed by OFAC in transliteration and by the EU and
the UK in English (or the other way round): *Nauchno-Proizvodstvennoe Obedinenie
Bazalt*, *NPO Bazalt*, *Scientific and Production Association Bazalt*, *Research and
Production Association Bazalt*; *Votkinskiy Zavod* / *Votkinsk Plant*; *Spetsialnoe
Konstruktorskoe Byuro* / *SKB* / *Special Design Bureau*. rigour's org-type table
(used by :mod:`.normalise`) covers legal forms (*OOO*, *Aktsionernoe Obshchestvo*, *Joint
Stock Company*) but not these words of an organisation's kind, and it reads *NPO* as a
non-profit organisation. Here each such word, in English, in transliterated Russian,
Ukrainian or Belarusian (any inflection, any romanisation) or as the acronym that stands
for it, becomes one canonical English word (*science*, *production*, *association*,
*plant*, *design*, *bureau*…). The canonical words are generic (:data:`GENERIC`): they
weigh little, so a name with one more or one fewer of them still matches, and where both
names carry one they align.

Also here: Russian place adjectives reduced to the place (*Votkinskiy*, *Votkinsk* →
*votkin*; *Saratovskiy* → *saratov*), state-enterprise acronyms (*FGUP*, *FSUE*, *GUP*)
as a legal form (``gov``), and a subsidiary named after its parent (*Tactical Missile
Corporation, JSC Avangard*): the subsidiary's own name as another reading
(:func:`subsidiary_parts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from rigour.territories import lookup_territory

#: acronyms of an organisation's kind (Russian and their English counterparts), as the
#: canonical words they stand for; read before rigour's legal forms (*NPO* is not an NGO)
ACRONYMS: dict[str, str] = {
    "npo": "science production association",
    "npp": "science production enterprise",
    "npk": "science production concern",
    "rpe": "science production enterprise",
    "spe": "science production enterprise",
    "rpa": "science production association",
    "spa": "science production association",
    "nii": "science institute",
    "niii": "science institute",
    "tsnii": "central science institute",
    "cnii": "central science institute",
    "csri": "central science institute",
    "gosnii": "state science institute",
    "okb": "experimental design bureau",
    "skb": "special design bureau",
    "tskb": "central design bureau",
    "ckb": "central design bureau",
    "kb": "design bureau",
    "ntts": "science technical center",
    "ntc": "science technical center",
    "nttc": "science technical center",
    "stc": "science technical center",
    "td": "trading house",
    # a Russian acronym and the English one the EU and the UK print for it (ОДК, the
    # United Engine Corporation: *ODK-Klimov* / *UEC Klimov*; ОЭЗ, a special economic
    # zone; КТРВ, Tactical Missiles)
    "odk": "uec",
    "oez": "sez",
    "ktrv": "tmc",
}
#: acronyms above that are a legal form as a name's last word
LEGAL_LAST = frozenset({"spa"})
#: acronyms and rigour's classes of state enterprises and institutions: a legal form
#: (*FSE*, the EU's English for FGUP: *FSE KGKPZ* / *KGKPZ*)
STATE_FORMS = frozenset(
    {"fgup", "fsue", "gup", "sue", "mup", "fgbu", "fgbun", "fgbou", "fku", "fkp", "fgu", "soe"}
    | {"fse", "fsbi"}
)

#: English words (whole words) → the canonical word
_ENGLISH: dict[str, str] = {
    "scientific": "science", "science": "science", "sciences": "science",
    "research": "science", "production": "production", "producing": "production",
    "association": "association",
    "amalgamation": "association", "enterprise": "enterprise", "enterprises": "enterprise",
    "plant": "plant", "plants": "plant", "factory": "plant", "factories": "plant",
    "works": "plant", "design": "design", "designing": "design", "bureau": "bureau",
    "institute": "institute", "concern": "concern", "center": "center", "centre": "center",
    "state": "state", "special": "special", "central": "central",
    "experimental": "experimental", "technical": "technical", "repair": "repair",
    "repairing": "repair", "shipyard": "shipyard", "machinebuilding": "machinebuilding",
    "instrumentmaking": "instrument", "shipbuilding": "shipbuilding",
    "shiprepair": "shiprepair", "shiprepairing": "shiprepair", "federal": "federal",
    "unitary": "unitary", "armour": "armour", "armoured": "armour", "armored": "armour",
    "armor": "armour", "automobile": "automobile", "automotive": "automobile",
    "project": "design",
    "projecting": "design", "physics": "physics", "physical": "physics",
    "electronic": "electronic", "electronics": "electronic", "crimean": "crimea",
    "krymskaya": "crimea", "krymsky": "crimea", "krymskii": "crimea", "krymskiy": "crimea",
    "krymskoe": "crimea", "krymskoye": "crimea", "pervaya": "1", "pervyi": "1",
    "pervyy": "1", "pervoe": "1", "pervyj": "1",
    # the sea as the lists translate *morskoe* (*Sea Bureau* / *Marine Bureau*), the
    # quarters of the compass as *vostochnaya* (*Eastern Shipyard* / *Vostochnaya Verf*)
    "sea": "marine", "marine": "marine", "maritime": "marine", "eastern": "eastern",
    "western": "western", "northern": "northern", "southern": "southern",
    "manufacturing": "production", "aerospace": "aerospace",
}  # fmt: skip

#: transliterated Russian, Ukrainian and Belarusian stems (any ending, any common
#: romanisation) → the canonical word
_STEMS: tuple[tuple[str, str], ...] = (
    (r"nau[ck]h?n(?:o|oe|oye|oie|aya|aia|ja|yi|yy|iy|ii|ij|y|i|ogo|oi|oy|oj)?", "science"),
    (r"(?:nauko|naukov|issledovatel|doslidn)\w*", "science"),
    (r"(?:proizvod|proizvodstv|vyrobn|vytvorch)\w*", "production"),
    (r"promy?i?shlenn\w*|promyshl\w*|promislov\w*", "industrial"),
    (r"ob(?:y|i|j|')?edinen\w*|ob(?:y|i|j)?ednann\w*|abjadnann\w*", "association"),
    (r"predpri(?:y|j|i)?at\w*|pidpr[iy]*[ji]?emstv\w*|pradpryjem\w*", "enterprise"),
    (r"zavod\w{0,3}|fabrik\w?|kombinat\w?", "plant"),
    (r"konstrukt?orsk\w*|konstruktor\w{0,3}", "design"),
    (r"b(?:y|j|i)?uro|byro", "bureau"),
    (r"institut\w?|instytut\w?", "institute"),
    (r"ko(?:n|nt)?s?(?:ts|c|tc|st)ern\w?|koncern\w?", "concern"),
    (r"(?:ts|c|tc)entr\w?", "center"),
    (r"gosudarstv\w*|derzhavn\w*|dziarzhawn\w*", "state"),
    (r"federaln\w*", "federal"),
    (r"unitarn\w*", "unitary"),
    (r"ma(?:s|sh|sch)inostro\w*|mashynobud\w*", "machinebuilding"),
    (r"priborostro\w*|pryladobud\w*", "instrument"),
    (r"pribo?rn\w*", "instrument"),
    (r"sudostro\w*", "shipbuilding"),
    (r"sudoremont\w*", "shiprepair"),
    (r"verf\w?", "shipyard"),
    (r"spets?ialn\w*|specialn\w*|spetsial\w*|spetsyjaln\w*", "special"),
    (r"(?:ts|c|tc)entraln\w*", "central"),
    (r"opytn\w*|opitn\w*|eksperimentaln\w*|eksperymentaln\w*", "experimental"),
    (r"te[kc]h?ni[ck]h?esk\w*|tekhnichn\w*", "technical"),
    (r"remontn\w*|remont", "repair"),
    (r"korporats\w*|korporac\w*", "corporation"),
    (r"kompani\w*|kompanii\w*", "company"),
    (r"torgov\w*", "trading"),
    (r"bronetank\w*", "armour"),
    (r"avtomobil\w*", "automobile"),
    (r"proektn\w*|proyektn\w*", "design"),
    (r"fizi[ck]h?esk\w*|fiziki", "physics"),
    (r"vy[cč]h?islitel\w*", "computer"),
    (r"tekhni[ck](?:a|i|e|u|oi|oy|oj)?", "engineering"),
    (r"elektronn\w*", "electronic"),
    (r"strakhov\w*", "insurance"),
    (r"morsk\w*", "marine"),
    (r"vosto[cč]h?n\w*", "eastern"),
    (r"zapadn\w*", "western"),
    (r"severn\w*", "northern"),
    (r"(?:yu|iu|ju)zhn\w*", "southern"),
)
_STEM_RE = [(re.compile(pattern), word) for pattern, word in _STEMS]

#: English phrases (token tuples) → canonical words
_PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    sorted(
        (
            (tuple(a.split()), tuple(b.split()))
            for a, b in (
                ("construction bureau", "design bureau"),
                ("engineering bureau", "design bureau"),
                ("machine building", "machinebuilding"),
                ("machine engineering", "machinebuilding"),
                ("mechanical engineering", "machinebuilding"),
                ("engine building", "machinebuilding"),
                ("instrument making", "instrument"),
                ("instrument engineering", "instrument"),
                ("instrument building", "instrument"),
                ("ship yard", "shipyard"),
                ("ship repair", "shiprepair"),
                ("ship repairing", "shiprepair"),
                ("ship maintenance", "shiprepair"),
                ("ship building", "shipbuilding"),
                ("trading house", "trading house"),
                ("trading dom", "trading house"),
                ("air and space", "aerospace"),
                ("air space", "aerospace"),
                ("named after", ""),
                ("by name", ""),
                ("imeni", ""),
            )
        ),
        key=lambda item: -len(item[0]),
    )
)
#: state enterprises and institutions written out, after the canonical words: a legal form
_PHRASE_WORDS = tuple(phrase for phrase, _ in _PHRASES)


#: per phrase list (by its id; the entry keeps the list, so the id stays its own): its
#: phrases by their first word, each with its index, in the list's order
_BY_FIRST_WORD: dict[
    int, tuple[Sequence[tuple[str, ...]], dict[str, list[tuple[int, tuple[str, ...]]]]]
] = {}


def _by_first_word(
    phrases: Sequence[tuple[str, ...]],
) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    entry = _BY_FIRST_WORD.get(id(phrases))
    if entry is not None and entry[0] is phrases:
        return entry[1]
    table: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for n, phrase in enumerate(phrases):
        if phrase:
            table.setdefault(phrase[0], []).append((n, phrase))
    _BY_FIRST_WORD[id(phrases)] = (phrases, table)
    return table


def phrase_spans(
    words: Sequence[str], phrases: Sequence[tuple[str, ...]]
) -> Iterator[tuple[int, int, int | None]]:
    """(start, end, which phrase) over ``words`` from left to right: at each place the
    first of ``phrases`` that the words there spell (its index), else one word (None).
    (Only the phrases starting with the word there are tried: the same first match.)"""
    starting = _by_first_word(phrases)
    i = 0
    while i < len(words):
        for n, phrase in starting.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                yield i, i + len(phrase), n
                i += len(phrase)
                break
        else:
            yield i, i + 1, None
            i += 1


_STATE_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "federal state unitary enterprise",
                "state unitary enterprise",
                "federal state enterprise",
                "federal state budgetary institution",
                "federal state institution",
                "federal state budget institution",
                "federal state financed institution",
                "federal state entity unitary enterprise",
                "federal state treasury enterprise",
                "state treasury enterprise",
                "federal kazennoe uchrezhdenie",
                "federal state kazennoe uchrezhdenie",
                "federal state biudzhetnoe uchrezhdenie",
                "federal state byudzhetnoe uchrezhdenie",
                "federal state kazennoe enterprise",
                "federal state unitary",
                "state unitary",
            )
        ),
        key=lambda p: -len(p),
    )
)
#: compounds written as one word: *Radiozavod*, *Radioworks* → *radio plant*
_PREFIXES = ("radio", "avia", "electro", "elektro")

#: the canonical words of an organisation's kind: generic (low weight, :mod:`.normalise`);
#: the others (state, special, central…) weigh by their rarity in the lists
GENERIC = frozenset(
    {
        "science", "production", "association", "enterprise", "plant", "design", "bureau",
        "institute", "concern", "center", "machinebuilding", "instrument",
    }
)  # fmt: skip
#: "No." before a number: *Plant No. 9*, *Zavod N9*, *Zavod № 9*
_NUMBER_SIGNS = frozenset({"no", "n", "nr", "number"})
_NUMBERED = re.compile(r"(?:no|n|nr)(\d+)")
_FILLER = frozenset({"and", "of", "for", "the"})

#: a Russian adjective of place: *Votkinskiy*, *Saratovskaya*, *Permskoe* (→ the place)
_PLACE_ADJECTIVE = re.compile(
    r"(\w{4,}?)s[ck](?:iy|ii|yi|yy|ij|y|i|aya|aia|aja|ya|oye|oe|oie|oj|oi|oy|ogo|ovo|ikh|ie)"
)
#: a place whose name ends in -sk (*Votkinsk*, *Krasnoyarsk*), seven letters or more
_PLACE_SK = re.compile(r"(\w{5,})sk")


#: *scientific and production*, *research and production*: one kind (rigour reads
#: *scientific and production enterprise* as a state-owned enterprise, its English
#: romanisation of НПП: read first so that every spelling of the kind reads alike)
_SCIENCE_PRODUCTION = re.compile(
    r"\b(?:scientific|science|research)(?: and| &)? (?:production|manufacturing|industrial|development)\b"
)


def expand_acronyms(latin: str) -> str:
    """An organisation's name (lowercase Latin words) with the acronyms of its kind
    written out as canonical words: *npo bazalt* → *science production association
    bazalt*; *scientific and production* → *science production*."""
    words = latin.split()
    if any(w in ACRONYMS for w in words):
        last = len(words) - 1
        # a name's last word *SpA* is Italy's joint-stock form (*Vektor S.p.A.*), not *SPA*
        latin = " ".join(
            w if (w in LEGAL_LAST and i == last and i) else ACRONYMS.get(w, w)
            for i, w in enumerate(words)
        )
    if any(w in latin for w in ("produc", "manufact", "industr", "develop")):
        latin = _SCIENCE_PRODUCTION.sub("science production", latin)
    return latin


def _term(token: str) -> str | None:
    """The canonical word of a token, or None."""
    word = _ENGLISH.get(token)
    if word is not None:
        return word
    if len(token) < 4:
        return None
    for pattern, canonical in _STEM_RE:
        if pattern.fullmatch(token):
            return canonical
    return None


def _place(token: str) -> str:
    """A Russian adjective of place, or a place in -sk, as the place's stem."""
    if len(token) < 7:
        return token
    m = _PLACE_ADJECTIVE.fullmatch(token) or _PLACE_SK.fullmatch(token)
    return m.group(1) if m else token


def _split_compound(token: str) -> list[str] | None:
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) >= len(prefix) + 4:
            rest = _term(token[len(prefix) :])
            if rest is not None:
                return [prefix.replace("elektro", "electro"), rest]
    return None


def canonical_terms(tokens: list[str], org_types: list[str]) -> list[str]:
    """An organisation's words with its kind's words as canonical words, places as their
    stems, and state-enterprise forms moved to ``org_types`` (as ``gov``)."""
    words: list[str] = []
    for k, token in enumerate(tokens):
        if token in _NUMBER_SIGNS and k + 1 < len(tokens) and tokens[k + 1][:1].isdigit():
            continue
        numbered = _NUMBERED.fullmatch(token)
        if numbered is not None:
            words.append(numbered.group(1))
            continue
        if token in STATE_FORMS:
            org_types.append("gov")
            continue
        term = _term(token)
        if term is not None:
            words.append(term)
            continue
        parts = _split_compound(token)
        if parts is not None:
            words.extend(parts)
        else:
            words.append(_place(token))
    # phrases: "construction bureau" → "design bureau", "named after" → (nothing)
    out: list[str] = []
    for a, b, p in phrase_spans(words, _PHRASE_WORDS):
        out.extend(words[a:b] if p is None else _PHRASES[p][1])
    # state enterprises written out: a legal form
    words, out = out, []
    for a, b, p in phrase_spans(words, _STATE_PHRASES):
        if p is None:
            out.extend(words[a:b])
        else:
            org_types.append("gov")
    # "scientific research" → science (not twice); "and", "of", "the", "for" out (the
    # lists write "Institute of X" / "Institute for X" / "X Institute")
    final: list[str] = []
    for word in out:
        if (final and word in GENERIC and final[-1] == word) or word in _FILLER:
            continue
        final.append(word)
    return final or out or tokens


#: a parent's name before a subsidiary's: "Tactical Missile Corporation, JSC Avangard",
#: "United Shipbuilding Corporation “Sredne-Nevsky Shipyard”"
_PARENT = re.compile(
    r"^\s*(?P<parent>(?:\S+\s+){1,5}?(?:corporation|company|concern|holding|group))"
    r"\s*(?:,\s*|\s+(?=[\"“«‘']))(?P<rest>.+)$",
    re.IGNORECASE,
)
_LEGAL_WORDS = frozenset(
    {
        "joint", "stock", "company", "open", "closed", "public", "private", "limited",
        "liability", "co", "corp", "corporation", "inc", "ltd", "llc", "jsc", "ojsc", "cjsc",
        "pjsc", "oao", "ooo", "zao", "pao", "ao", "plc", "gmbh", "sa", "ag", "the",
    }
)  # fmt: skip
#: a bracketed note on a name, not a name: "(a.k.a. Ibrahim)", "(combat name)"
_NOTE = re.compile(
    r"\b(?:a\.?k\.?a|f\.?k\.?a|alias|name|born|nee|née|formerly|deceased|combat|nom)\b",
    re.IGNORECASE,
)
#: a name with a trailing part in brackets: "Rosoboronexport OJSC (ROE)"
_BRACKETED = re.compile(r"^(?P<before>[^()]*)\((?P<inner>[^()]+)\)(?P<after>[^()]*)$")
_QUOTES = "\"“”«»‘’'„"


def subsidiary_parts(text: str) -> list[str]:
    """The subsidiary's own name where a name starts with its parent's (a corporation,
    company, concern, holding or group, then a comma or a quoted name): [] otherwise."""
    m = _PARENT.match(text)
    if m is None or not set(re.findall(r"\w+", m.group("parent").casefold())) - _LEGAL_WORDS:
        return []
    rest = m.group("rest").strip().strip(_QUOTES + " ,").strip()
    return [rest] if _named(rest) else []


def _named(text: str) -> bool:
    """Whether a part of a name has a word of three letters or more beside its legal form."""
    words = re.findall(r"\w+", text.casefold())
    return any(len(w) >= 3 and w not in _LEGAL_WORDS for w in words)


def bracket_parts(text: str) -> list[str]:
    """A name with a trailing part in brackets (*Rosoboronexport OJSC (ROE)*, *Foreign
    Intelligence Service (SVR)*, *SP Kvant (Sovmestnoe Predpriyatie Kvantovye
    Tekhnologii)*): the name without it, and the bracketed part where it is a name of
    two words or more (an acronym alone is too short to stand for a party) and not a
    place's (:func:`_territory`)."""
    m = _BRACKETED.match(text)
    if m is None or _NOTE.search(m.group("inner")):
        return []
    name = f"{m.group('before').strip()} {m.group('after').strip()}".strip(" ,-")
    inner = m.group("inner").strip()
    out = [name] if _named(name) else []
    if len(re.findall(r"\w{2,}", inner)) >= 2 and _named(inner) and not _territory(inner):
        out.append(inner)
    return out


def _territory(text: str) -> bool:
    """Whether ``text`` is a country's or a region's name (*Hong Kong*, *Tianjin*), which a
    firm's name carries in brackets (*Kangze Yuan International Logistics (Hong Kong)*)
    and which names no party alone."""
    return lookup_territory(text) is not None


#: a bracketed part of a name (:func:`bracket_territories`)
_BRACKET = re.compile(r"\(([^()]+)\)")


@lru_cache(maxsize=20_000)
def bracket_territories(text: str) -> frozenset[tuple[str, ...]]:
    """The countries and regions a name carries in brackets (*Bowne Global Solutions
    (France), S.A.R.L.*), each as its code and those of the territories it lies in
    (*(Shanghai)* → ``("cn-sh", "cn")``). Empty when it carries none (rigour's "Global",
    ``zz``, is none)."""
    if "(" not in text:
        return frozenset()
    out: set[tuple[str, ...]] = set()
    for m in _BRACKET.finditer(text):
        territory = lookup_territory(m.group(1).strip())
        codes: list[str] = []
        while territory is not None and territory.code != "zz":
            codes.append(territory.code)
            territory = territory.parent
        if codes:
            out.add(tuple(codes))
    return frozenset(out)


@lru_cache(maxsize=50_000)
def place_word(token: str) -> bool:
    """Whether a word of a name (four letters or more) is a country's or a region's name
    or adjective (*sweden*, *iran*, *russian*): it says where a firm is, not which."""
    if len(token) < 4:
        return False
    territory = lookup_territory(token)
    return territory is not None and territory.code != "zz"


def territories_apart(
    query: frozenset[tuple[str, ...]], listed: frozenset[tuple[str, ...]]
) -> bool:
    """Whether two names' bracketed territories (:func:`bracket_territories`) are places
    none of which is, or lies in, one of the other's: two firms of one group, each in
    its place (*Bowne Global Solutions (France)* / *(Germany)*, *(Shanghai)* /
    *(Tianjin)*), are two parties; *(Hong Kong)* / *(China)*, *(HK)* / *(Hong Kong)* are
    not told apart, nor a name with a territory from one without."""
    if not query or not listed:
        return False
    return not any(q[0] in c or c[0] in q for q in query for c in listed)


#: the words a company name ends with when a list joins two of them in one alias
_FORM_ENDS = frozenset(
    {"ltd", "limited", "llc", "inc", "corp", "corporation", "gmbh", "plc", "jsc"}
)


def _form_word(text: str, last: bool) -> bool:
    words = re.findall(r"\w+", text.casefold())
    return bool(words) and (words[-1] if last else words[0]) in (
        _FORM_ENDS if last else _LEGAL_WORDS
    )


def joined_names(text: str) -> list[str]:
    """Two companies' names that a list prints as one alias, each with its legal form
    (*Yantai Arrow Optoelectronics Technology Co., Ltd, Yantai Airui Optoelectronic
    Technology Co. Ltd*): each name apart; [] otherwise. A comma inside a legal form
    (*Co., Ltd*) does not split, nor one before a part without a legal form of its own."""
    if "," not in text and ";" not in text:
        return []
    for m in re.finditer(r"[,;]", text):
        left, right = text[: m.start()].strip(), text[m.end() :].strip()
        if (
            _form_word(left, last=True)
            and _form_word(right, last=True)
            and not _form_word(right, last=False)
            and _named(left)
            and _named(right)
        ):
            return [left, *(joined_names(right) or [right])]
    return []


#: legal forms that open or close one name in a list of them (:func:`listed_names`)
_LIST_FORMS = frozenset(
    {"ao", "oao", "pao", "zao", "ooo", "jsc", "ojsc", "pjsc", "cjsc", "llc", "ltd", "fgup"}
)


def listed_names(text: str) -> list[str]:
    """The names of one party that a list prints as one alias, separated by commas, two of
    them at least with a legal form as their first or last word (*AO Ryazanski Zavod
    Metallokeramicheskikh Priborov, AO RZMKP, JSC Ryazan Metal Ceramics Instrumentation
    Plant, RMCIP*): each apart (a place's name left out); [] otherwise. A parent and its
    subsidiary (*Tactical Missile Corporation, JSC Avangard*: one legal form) stay whole."""
    parts = [p.strip(" ,.;") for p in re.split(r"[,;]\s+", text)]
    if len(parts) < 2:
        return []

    def formed(part: str) -> bool:
        words = re.findall(r"\w+", part.casefold())
        return len(words) >= 2 and (words[0] in _LIST_FORMS or words[-1] in _LIST_FORMS)

    if sum(formed(p) for p in parts) < 2:
        return []
    return [p for p in parts if _named(p) and not _territory(p)]


def other_parts(text: str) -> list[str]:
    """The parts of a name that may stand for it alone (see :func:`subsidiary_parts`,
    :func:`bracket_parts`, :func:`joined_names` and :func:`listed_names`)."""
    if "(" not in text and "," not in text and not any(q in text for q in _QUOTES):
        return []
    joined = joined_names(text) or (listed_names(text) if "," in text or ";" in text else [])
    return [*subsidiary_parts(text), *bracket_parts(text), *joined]


#: legal-form classes that name different kinds of organisation: one party is not both a
#: limited company and a joint-stock company (*Deutsche Bank AG* / *Deutsche Bank GmbH*),
#: nor a company and a non-profit (*ANO X* / *LLC X*). State forms (``gov``), funds and
#: trusts are left out: lists disagree on them as a state enterprise is corporatised.
EXCLUSIVE_FORMS = frozenset({"llc", "jsc", "lp", "coop", "ngo", "sole"})


def forms_conflict(query: Sequence[str], listed: Sequence[str]) -> bool:
    """Whether two names carry legal forms of different kinds, and none in common."""
    a = EXCLUSIVE_FORMS.intersection(query)
    b = EXCLUSIVE_FORMS.intersection(listed)
    return bool(a and b and a.isdisjoint(b))


#: Roman numerals an organisation or vessel name numbers its series with (*Fund II*,
#: *Ocean Star III*), read as the name's last word only (inside a name *Xi*, *Vi* are
#: syllables: *Bei Jing Xi Chao*); a lone *I* after two words at least and not after an
#: initial
ROMAN = {
    "ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9",
    "xi": "11", "xii": "12",
}  # fmt: skip


def roman_numbers(tokens: list[str]) -> list[str]:
    """``tokens`` with the Roman numeral of a series (the last word) as digits (see
    :data:`ROMAN`)."""
    if len(tokens) < 2:
        return tokens
    out = list(tokens)
    last = out[-1]
    if last in ROMAN:
        out[-1] = ROMAN[last]
    elif len(out) >= 3 and last == "i" and len(out[-2]) > 1:  # not initials: *A. I.*
        out[-1] = "1"
    return out
