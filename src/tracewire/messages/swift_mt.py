"""SWIFT MT103, MT202 and MT202COV: a small block and field parser.

A message is ``{1:…}{2:…}{3:…}{4:\\n:20:…\\n-}{5:…}``; the text block (4) may also be given
alone, starting with ``:20:``. Each field ``:TAG:`` runs until the next line that starts a
field; a field's value keeps its line numbers, so every value read carries its place
(``:59: line 2``) and every error names the line of the input.

Party fields by option:

- ``A``: ``/account`` line (optional), then a BIC;
- ``D``, ``50K``, ``59``: ``/account`` (optional) then up to four lines of name and
  address, split into the name (the first line, and the second where the first is cut
  at 35 characters or the second is a legal form) and the address, the last line giving
  the country where it ends in a country code or name;
- ``50F``, ``59F``: party identifier or ``/account``, then numbered lines
  ``1/`` name, ``2/`` address, ``3/`` country and town (``3/RU/MOSCOW``), ``4/``-``8/`` other
  details.

In an MT202COV the fields from the first ordering customer (50a) on are the underlying
customer credit transfer (sequence B); their roles are ``underlying_…``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracewire.messages.model import Amount, MessageError, Party, PaymentMessage, TextField, Value

MAX_MT_BYTES = 64 * 1024
#: a line of a text block is at most 35 characters (65 in a few fields); longer lines
#: are refused well above that so that a hostile field cannot hide in a huge line
MAX_LINE = 210
MAX_FIELD_LINES = 100
BIC_RE = re.compile(r"^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
FIELD_RE = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
#: SWIFT X character set (plus { } for the blocks); CR and LF separate lines
X_CHARS = re.compile(r"[^A-Za-z0-9/\-?:().,'+ {}\r\n]")
LEGAL_START = re.compile(
    r"^(LTD|LIMITED|LLC|L\.L\.C|INC|CORP|CO\b|COMPANY|GMBH|AG\b|SA\b|S\.A|BV\b|NV\b|PLC|JSC|OOO|"
    r"AO\b|PAO|ZAO|OAO|LLP|LP\b|SRL|SPA|AS\b|AB\b|OY\b|KFT|SP Z|PTE|PTY|FZE|FZCO|DMCC)",
    re.IGNORECASE,
)
ROLES_103 = {
    "50": "debtor",
    "52": "debtor_agent",
    "53": "senders_correspondent",
    "54": "receivers_correspondent",
    "55": "third_reimbursement_institution",
    "56": "intermediary_agent_1",
    "57": "creditor_agent",
    "59": "creditor",
}
ROLES_202 = {
    "52": "debtor_agent",  # ordering institution
    "53": "senders_correspondent",
    "54": "receivers_correspondent",
    "56": "intermediary_agent_1",
    "57": "creditor_agent",  # account with institution
    "58": "creditor",  # beneficiary institution
}
_BLOCK_HEAD = re.compile(r"\{[1-5]:")
_BLOCK_NAME = re.compile(r"\{([0-9A-Za-z]{1,3}):")
_BRACES = re.compile(r"[{}]")
_NUMBERED = re.compile(r"^([1-8])/(.*)$")
_NUMBERED_START = re.compile(r"^[1-8]/")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_MARK = re.compile(r"^[CD]/")
_AMOUNT = re.compile(r"^(\d{6})?([A-Z]{3})([\d,]+)$")
_BLOCK2 = re.compile(r"^([IO])(\d{3})")
TEXT_FIELDS = {"70": "remittance", "72": "sender_to_receiver", "77B": "regulatory",
               "77T": "envelope"}  # fmt: skip


@dataclass(slots=True)
class Field:
    tag: str
    lines: list[str]
    #: line number (in the input) of each line
    line_numbers: list[int]
    sequence: str = "A"

    @property
    def label(self) -> str:
        prefix = "seq B " if self.sequence == "B" else ""
        return f"{prefix}:{self.tag}:"

    def value(self, i: int, text: str | None = None) -> Value:
        return Value(text if text is not None else self.lines[i], f"{self.label} line {i + 1}")


def looks_like_mt(text: str) -> bool:
    head = text.lstrip()[:10]
    return bool(_BLOCK_HEAD.match(head)) or head.startswith(":20:")


def _blocks(text: str) -> tuple[dict[str, str], dict[str, int]]:
    """The top-level blocks ``{n:…}`` and the line each text starts on."""
    blocks: dict[str, str] = {}
    starts: dict[str, int] = {}
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\r\n \t":
            i += 1
            continue
        line = text.count("\n", 0, i) + 1
        if ch != "{":
            raise MessageError(
                f"expected a block '{{n:', found {text[i : i + 10]!r}", f"line {line}"
            )
        m = _BLOCK_NAME.match(text, i)
        if m is None:
            raise MessageError("a block without a name ('{1:', '{2:'…)", f"line {line}")
        name = m.group(1)
        body_start = m.end()
        if name == "4":
            end = text.find("\n-}", body_start)
            if end < 0:
                end_alt = text.find("-}", body_start)
                if end_alt < 0 or text[body_start:end_alt].strip():
                    raise MessageError(
                        f"block 4 opened on line {line} is not closed by a line '-}}' "
                        "(truncated message?)",
                        f"line {text.count(chr(10), 0, n.__index__()) + 1}",
                    )
                end = end_alt
            blocks[name] = text[body_start:end]
            starts[name] = line
            i = end + (3 if text.startswith("\n-}", end) else 2)
            continue
        depth, j = 1, body_start
        for brace in _BRACES.finditer(text, body_start):  # to the brace closing the block
            depth += 1 if brace.group(0) == "{" else -1
            if not depth:
                j = brace.end()
                break
        if depth:
            raise MessageError(
                f"block {name} is not closed by '}}' (truncated message?)", f"line {line}"
            )
        if name in blocks:
            raise MessageError(f"block {name} appears twice", f"line {line}")
        blocks[name] = text[body_start : j - 1]
        starts[name] = line
        i = j
    return blocks, starts


def _fields(body: str, first_line: int) -> list[Field]:
    fields: list[Field] = []
    lines = body.split("\n")
    for k, raw in enumerate(lines):
        number = first_line + k
        line = raw.rstrip("\r")
        if len(line) > MAX_LINE:
            raise MessageError(
                f"a line of {len(line)} characters (fields have 35 or 65)", f"line {number}"
            )
        m = FIELD_RE.match(line)
        if m:
            fields.append(Field(m.group(1), [m.group(2)], [number]))
        elif line.strip() == "" and not fields:
            continue
        elif not fields:
            raise MessageError(f"text before the first field: {line[:40]!r}", f"line {number}")
        else:
            if len(fields[-1].lines) >= MAX_FIELD_LINES:
                raise MessageError(f"field :{fields[-1].tag}: has too many lines", f"line {number}")
            fields[-1].lines.append(line)
            fields[-1].line_numbers.append(number)
    for f in fields:  # a trailing empty line belongs to no field
        while len(f.lines) > 1 and not f.lines[-1].strip():
            f.lines.pop()
            f.line_numbers.pop()
    return fields


def _country_of(line: str) -> str | None:
    """The ISO code ending an address line (``MOSCOW RU``, ``…, RUSSIA``), if any."""
    from tracewire.messages.countries import country_code

    tail = line.replace(",", " ").split()
    if not tail:
        return None
    if len(tail[-1]) == 2:
        return country_code(tail[-1])
    for n in (3, 2, 1):
        if len(tail) >= n:
            code = country_code(" ".join(tail[-n:]))
            if code:
                return code
    return None


def _glued(first: str, second: str, width: int = 35) -> str | None:
    """``first`` and ``second`` as one text where ``first`` fills its line (``width``
    characters) and neither side of the cut is a space: a name wrapped inside a word."""
    if len(first.rstrip()) < width or first[-1] == " " or not second[:1].strip():
        return None
    return f"{first.strip()}{second.strip()}"


def _free_party(party: Party, f: Field, start: int) -> None:
    """Name and address from free lines (50K, 59, option D)."""
    lines = [(i, f.lines[i]) for i in range(start, len(f.lines)) if f.lines[i].strip()]
    if not lines:
        raise MessageError(f"field :{f.tag}: has no name", f"line {f.line_numbers[-1]}")
    name_lines = [lines[0]]
    rest = lines[1:]
    full = len(lines[0][1].rstrip()) >= 33
    if rest and (full or LEGAL_START.match(rest[0][1].strip())):
        name_lines.append(rest.pop(0))
    name = " ".join(t.strip() for _, t in name_lines)
    party.name = Value(name, f.value(name_lines[0][0]).path)
    if len(name_lines) > 1:
        where = f"{f.label} lines {name_lines[0][0] + 1}-{name_lines[-1][0] + 1}"
        party.name = Value(name, where)
        if full:
            # a full line is read with the next one, which may as well be the address
            # ("SVIATLANA ALIAKSANDRAUNA BANDARENKA / CITY FI"): the line alone is a
            # reading too; and a name cut at the 35th character inside a word
            # ("AVIC SHENYANG AIRCRAFT COMPANY LIMI / TED") is read without the space
            (i, first), (_j, second) = name_lines
            party.other_names.append(f.value(i, first.strip()))
            glued = _glued(first, second)
            if glued is not None:
                party.other_names.append(Value(glued, where))
    if len(name_lines) == 1 and len(rest) >= 2 and not any(ch.isdigit() for ch in rest[0][1]):
        # "JOINT STOCK COMPANY IZHEVSK / ELECTROMECHANICAL PLANT KUPOL / ...": the second
        # line may be the name's continuation or the street; both readings are screened
        joined = f"{name} {rest[0][1].strip()}"
        where = f"{f.label} lines {name_lines[0][0] + 1}-{rest[0][0] + 1}"
        party.other_names.append(Value(joined, where))
    if (
        not rest
        and full
        and len(name_lines) > 1
        and not LEGAL_START.match(name_lines[1][1].strip())
    ):
        # the line after a full name line is the field's last: it may be the address
        # ("CITY FI", "TEHRAN IR") as well as the name's end; it is read both ways
        rest = name_lines[1:]
    for i, text in rest:
        party.address.append(f.value(i, text.strip()))
    if rest:
        i, last = rest[-1]
        code = _country_of(last)
        if code:
            party.country = f.value(i, code.upper())
            words = [w for w in last.replace(",", " ").split()[:-1] if w.isalpha()]
            if words:
                party.town = f.value(i, words[0])


def _structured_party(party: Party, f: Field, start: int) -> None:
    """50F/59F numbered lines: 1/ name, 2/ address, 3/ country/town, 4/-8/ details."""
    names: list[tuple[int, str]] = []
    for i in range(start, len(f.lines)):
        text = f.lines[i].strip()
        m = _NUMBERED.match(text)
        if not m:
            raise MessageError(
                f"field :{f.tag}: line {i + 1} {text[:35]!r} does not start with 1/ to 8/",
                f"line {f.line_numbers[i]}",
            )
        number, rest = m.group(1), m.group(2).strip()
        if number == "1":
            names.append((i, m.group(2).rstrip()))
        elif number == "2":
            party.address.append(f.value(i, rest))
        elif number == "3":
            country, _, town = rest.partition("/")
            if not _COUNTRY.match(country):
                raise MessageError(
                    f"field :{f.tag}: line {i + 1}: {country!r} is not a country code",
                    f"line {f.line_numbers[i]}",
                )
            party.country = f.value(i, country)
            if town.strip():
                party.town = f.value(i, town.strip())
                party.address.append(f.value(i, town.strip()))
        else:
            party.identifiers.append((f"50F/{number}", f.value(i, rest)))
    if not names:
        raise MessageError(f"field :{f.tag}: has no name line 1/", f"line {f.line_numbers[0]}")
    joined = " ".join(t.strip() for _, t in names)
    where = f.value(names[0][0]).path
    if len(names) > 1:
        where = f"{f.label} lines {names[0][0] + 1}-{names[-1][0] + 1}"
    party.name = Value(joined, where)
    if len(names) > 1:
        # a 1/ line cut at its 33rd character inside a word: also read without the space
        glued = names[0][1].strip()
        for (_i, before), (_j, text) in zip(names, names[1:], strict=False):
            glued += ("" if _glued(before, text, 33) is not None else " ") + text.strip()
        if glued != joined:
            party.other_names.append(Value(glued, where))


def _party(f: Field, role: str) -> Party:
    option = f.tag[2:]
    party = Party(role=role, path=f.label, kind="party" if f.tag[:2] in ("50", "59") else "agent")
    if f.sequence == "B":
        party.role = "underlying_" + role
    lines = f.lines
    start = 0
    first = lines[0].strip()
    if option == "F":
        # 50F: /account or a code (ARNU/, CCPT/, …) first; 59F: optional /account
        if first.startswith("/") or (f.tag == "50F" and not _NUMBERED_START.match(first)):
            if first.startswith("/"):
                party.account = f.value(0, first.lstrip("/").replace(" ", ""))
            else:
                party.identifiers.append(("party_identifier", f.value(0, first)))
            start = 1
        _structured_party(party, f, start)
        return party
    if first.startswith("/") and (option in ("A", "D", "K", "") or len(lines) > 1):
        account = first.lstrip("/")
        # "/D/123" or "/C/123" (debit/credit mark) or "//CH123" (clearing code)
        account = _MARK.sub("", account)
        party.account = f.value(0, account.replace(" ", ""))
        start = 1
    if option == "A":
        if start >= len(lines):
            raise MessageError(f"field :{f.tag}: has no BIC", f"line {f.line_numbers[-1]}")
        bic = lines[start].strip().upper()
        if not BIC_RE.match(bic):
            raise MessageError(
                f"field :{f.tag}: {lines[start].strip()!r} is not a BIC",
                f"line {f.line_numbers[start]}",
            )
        party.bic = f.value(start, bic)
    elif option in ("D", "K", ""):
        _free_party(party, f, start)
    elif option == "B":  # a location only
        if start < len(lines) and lines[start].strip():
            party.address.append(f.value(start, lines[start].strip()))
    elif option == "C":  # an account only
        if party.account is None and first:
            party.account = f.value(0, first.lstrip("/"))
    else:
        raise MessageError(
            f"field :{f.tag}: unknown option {option!r}", f"line {f.line_numbers[0]}"
        )
    return party


def _amount(f: Field) -> Amount | None:
    value = f.lines[0].strip()
    m = _AMOUNT.match(value)
    if not m:
        raise MessageError(
            f"field :{f.tag}: {value!r} is not [date]currency amount", f"line {f.line_numbers[0]}"
        )
    return Amount(m.group(3).replace(",", "."), m.group(2), f"{f.label} line 1")


def _header_bic(text: str, offset: int, where: str) -> str | None:
    bic12 = text[offset : offset + 12]
    if len(bic12) < 12:
        return None
    bic = bic12[:8] + bic12[9:12]
    if not BIC_RE.match(bic):
        raise MessageError(f"{bic12!r} is not a logical terminal address", where)
    return bic[:8] if bic.endswith("XXX") else bic


def parse_mt(data: bytes) -> PaymentMessage:
    if len(data) > MAX_MT_BYTES:
        raise MessageError(f"{len(data)} bytes; an MT message is at most {MAX_MT_BYTES}", "line 1")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MessageError(
            f"byte 0x{data[exc.start]:02x} is not in the SWIFT character set (an MT message is ASCII)",
            f"line {line}",
        ) from None
    bad = X_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise MessageError(
            f"character {bad.group(0)!r} is not in the SWIFT X character set", f"line {line}"
        )
    text = text.replace("\r\n", "\n")
    if text.lstrip().startswith(":"):
        offset = len(text) - len(text.lstrip())
        body = text.lstrip().rstrip()
        if body.endswith("-"):
            body = body[:-1]
        blocks, starts = {"4": "\n" + body}, {"4": text.count("\n", 0, offset) + 1}
    else:
        blocks, starts = _blocks(text)
    if "4" not in blocks:
        raise MessageError(
            "no text block {4: (truncated message?)", f"line {text.count(chr(10)) + 1}"
        )
    mtype, sender, receiver = "", None, None
    if "2" in blocks:
        b2 = blocks["2"]
        m = _BLOCK2.match(b2)
        if not m:
            raise MessageError(
                f"block 2 {b2[:20]!r} is not I/O and a message type", f"line {starts['2']}"
            )
        mtype = m.group(2)
        if m.group(1) == "I":
            receiver = _header_bic(b2, 4, f"line {starts['2']}")
        else:
            sender = _header_bic(b2, 14, f"line {starts['2']}")
    if "1" in blocks:
        b1 = blocks["1"]
        if not b1.startswith("F01"):
            raise MessageError(f"block 1 {b1[:20]!r} is not F01…", f"line {starts['1']}")
        own = _header_bic(b1, 3, f"line {starts['1']}")
        if receiver is not None or sender is None:
            sender = own
        else:
            receiver = own
    cov = "{119:COV}" in blocks.get("3", "")
    body = blocks["4"]
    first_line = starts["4"]
    if body.startswith("\n"):
        body = body[1:]
    else:  # "{4::20:…" on one line is not an MT layout
        raise MessageError("block 4 must start with a new line", f"line {first_line}")
    fields = _fields(body, first_line + 1)
    if not fields:
        raise MessageError("block 4 holds no fields", f"line {first_line}")
    tags = [f.tag for f in fields]
    if not mtype:
        mtype = "103" if any(t.startswith("50") or t.startswith("59") for t in tags) else "202"
        if mtype == "202" and "58A" not in tags and "58D" not in tags:
            raise MessageError(
                "cannot tell the message type (no block 2, no 50a/59a or 58a)",
                f"line {first_line}",
            )
    if mtype not in ("103", "202"):
        raise MessageError(
            f"MT{mtype} is not read (MT103, MT202, MT202COV are)", f"line {starts.get('2', 1)}"
        )
    if mtype == "202" and not cov and any(t[:2] in ("50", "59") for t in tags):
        cov = True  # sequence B present without the {119:COV} flag
    kind = "MT103" if mtype == "103" else ("MT202COV" if cov else "MT202")
    if mtype == "202" and cov:
        seq_b = next((i for i, t in enumerate(tags) if t[:2] == "50"), None)
        if seq_b is None:
            raise MessageError(
                "MT202COV without the underlying ordering customer (50a)", f"line {first_line}"
            )
        for f in fields[seq_b:]:
            f.sequence = "B"
    if "20" not in tags:
        raise MessageError("no field :20: (sender's reference)", f"line {first_line}")
    msg = PaymentMessage(kind=kind, version=f"MT{mtype}")
    if sender:
        msg.parties.append(
            Party(
                "instructing_agent",
                "{1:}" if "1" in blocks else "{2:}",
                "agent",
                bic=Value(sender, "{1:} sender"),
            )
        )
    if receiver:
        msg.parties.append(
            Party("instructed_agent", "{2:}", "agent", bic=Value(receiver, "{2:} receiver"))
        )
    for f in fields:
        base = f.tag[:2]
        if f.tag == "20":
            msg.reference = f.lines[0].strip()
            continue
        if f.tag in ("32A", "33B", "32B"):
            amount = _amount(f)
            if amount is not None:
                msg.amounts.append(amount)
            continue
        if f.tag == "26T":
            msg.purposes.append(f.value(0, f.lines[0].strip()))
            continue
        if f.tag in TEXT_FIELDS or (f.tag == "72" and f.sequence == "B"):
            text = " ".join(line.strip() for line in f.lines if line.strip())
            if text:
                kind_of = TEXT_FIELDS[f.tag]
                path = f.label if len(f.lines) > 1 else f"{f.label} line 1"
                msg.texts.append(TextField(kind_of, Value(text, path)))
            continue
        roles = ROLES_103 if (mtype == "103" or f.sequence == "B") else ROLES_202
        if base in roles and len(f.tag) <= 3:
            if not any(line.strip() for line in f.lines):
                raise MessageError(f"field :{f.tag}: is empty", f"line {f.line_numbers[0]}")
            msg.parties.append(_party(f, roles[base]))
    if mtype == "103" and not any(p.role == "creditor" for p in msg.parties):
        raise MessageError("MT103 without a beneficiary customer (field 59a)", f"line {first_line}")
    if mtype == "103" and not any(p.role == "debtor" for p in msg.parties):
        raise MessageError("MT103 without an ordering customer (field 50a)", f"line {first_line}")
    return msg
