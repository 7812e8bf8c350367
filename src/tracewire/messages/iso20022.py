"""ISO 20022 payment messages read with lxml, hardened against hostile XML.

Read: pacs.008 (FIToFICstmrCdtTrf), pacs.009 (FICdtTrf, with the underlying customer
transfer of the COV variant), pain.001 (CstmrCdtTrfInitn) and camt.053 (BkToCstmrStmt)
entries, whatever the version (the namespace's last part) and with or without a
business-application envelope around the ``Document``.

The parser resolves no entities, loads no DTD, reaches no network and keeps lxml's
limits on tree size (``huge_tree`` off); a document with a DOCTYPE or an entity
declaration is refused outright (billion laughs, external entities), as is one with a
text longer than the schema allows. Every error names the line or the XPath.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from tracewire.messages.model import Amount, MessageError, Party, PaymentMessage, TextField, Value

#: larger than any single payment file a filter is given in one piece
MAX_XML_BYTES = 20 * 1024 * 1024
#: parties screened in one message at most (a bulk file of thousands of transactions is
#: screened split, so that one message's verdict comes in time)
MAX_PARTIES = 5000

KINDS = {
    "FIToFICstmrCdtTrf": "pacs.008",
    "FICdtTrf": "pacs.009",
    "CstmrCdtTrfInitn": "pain.001",
    "BkToCstmrStmt": "camt.053",
}

#: element → role; an agent is recognised by its FinInstnId child
ROLES = {
    "Dbtr": "debtor",
    "Cdtr": "creditor",
    "UltmtDbtr": "ultimate_debtor",
    "UltmtCdtr": "ultimate_creditor",
    "InitgPty": "initiating_party",
    "DbtrAgt": "debtor_agent",
    "CdtrAgt": "creditor_agent",
    "IntrmyAgt1": "intermediary_agent_1",
    "IntrmyAgt2": "intermediary_agent_2",
    "IntrmyAgt3": "intermediary_agent_3",
    "InstgAgt": "instructing_agent",
    "InstdAgt": "instructed_agent",
    "PrvsInstgAgt1": "previous_instructing_agent_1",
    "PrvsInstgAgt2": "previous_instructing_agent_2",
    "PrvsInstgAgt3": "previous_instructing_agent_3",
    "Invcr": "invoicer",
    "Invcee": "invoicee",
    "Svcr": "account_servicer",
    "Ownr": "account_owner",
}
#: elements under which a role element is not a party of the payment
NOT_PARTIES = frozenset({"TaxRmt", "Tax", "GrnshmtRmt", "RltdRmtInf"})
#: repeatable elements: always written with their index in a path
INDEXED = frozenset(
    {"CdtTrfTxInf", "PmtInf", "Stmt", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "Strd",
     "AdrLine", "RfrdDocInf", "Othr", "InstrForCdtrAgt", "Dtls", "Inf"}
)  # fmt: skip
TEXTS = {
    ("RmtInf", "Ustrd"): "remittance",
    ("Strd", "AddtlRmtInf"): "remittance_structured",
    ("RfrdDocInf", "Nb"): "remittance_structured",
    ("CdtrRefInf", "Ref"): "remittance_structured",
    ("InstrForCdtrAgt", "InstrInf"): "instruction",
    ("InstrForNxtAgt", "InstrInf"): "instruction",
    ("TxDtls", "AddtlTxInf"): "additional_info",
    ("Ntry", "AddtlNtryInf"): "additional_info",
    ("Dtls", "Inf"): "regulatory",
}
AMOUNTS = frozenset({"IntrBkSttlmAmt", "InstdAmt", "Amt"})
#: the local names of every element the pass over a message reads (a role, a text, a
#: purpose code, an amount), in any namespace or none: lxml picks them out of the tree,
#: so that the other elements (most of a message) cost no Python step
READ_TAGS = tuple(
    "{*}" + name
    for name in sorted(set(ROLES) | {child for _parent, child in TEXTS} | {"Cd", "Prtry"} | AMOUNTS)
)
#: the schema's maximum lengths of the texts read (longer is not an ISO 20022 message)
LIMITS = {"Nm": 140, "AdrLine": 70, "Ustrd": 140, "TwnNm": 140, "StrtNm": 140,
          "AddtlRmtInf": 140, "InstrInf": 140, "AddtlTxInf": 500, "AddtlNtryInf": 500,
          "Inf": 35, "Nb": 35, "Ref": 35, "Id": 256, "IBAN": 34, "Cd": 35, "Prtry": 35}  # fmt: skip
DEFAULT_LIMIT = 500
BIC_RE = re.compile(r"^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


#: local name of each tag met (``{urn:…}Nm`` → ``Nm``); a message has a few dozen tags
_LOCALS: dict[str, str] = {}
#: tags kept at most (hostile input may make up any number of them)
LOCALS_KEPT = 10_000


def local(el: etree._Element | None) -> str:
    if el is None:
        return ""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCALS.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCALS) < LOCALS_KEPT:
            _LOCALS[tag] = name
    return name


def looks_like_xml(data: bytes) -> bool:
    head = data[:200].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return head.startswith(b"<") or data[:2] in (b"\xff\xfe", b"\xfe\xff")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def xml_root(data: bytes) -> etree._Element:
    """The parsed tree; hostile or broken XML is a MessageError naming the line."""
    if len(data) > MAX_XML_BYTES:
        raise MessageError(
            f"{len(data)} bytes; the limit for one message is {MAX_XML_BYTES}", "line 1"
        )
    found = DECLARATION.search(data)
    if found:
        raise MessageError(
            f"a {found.group(1).decode().upper()} declaration: DTDs and entities are refused "
            "(ISO 20022 messages have none)",
            f"line {_line_of(data, found.start())}",
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        reason = re.sub(r"(, line \d+)+, column \d+$", "", exc.msg or str(exc))
        raise MessageError(
            f"not well-formed XML: {reason}", f"line {line}" if line else None
        ) from None
    except ValueError as exc:  # e.g. an unknown encoding name in the declaration
        raise MessageError(f"not readable XML: {exc}", "line 1") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # e.g. in UTF-16
        raise MessageError("a DOCTYPE declaration: DTDs and entities are refused", "line 1")
    for el in root.iter(etree.Entity):
        raise MessageError(f"an entity reference &{el.name};", f"line {el.sourceline}")
    return root


_local = threading.local()


def xpath(el: etree._Element) -> str:
    """``Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm`` (local names); the paths of a
    message being read are kept (a parent's path is worked out once)."""
    cache: dict[etree._Element, str] | None = getattr(_local, "paths", None)
    if cache is not None:
        found = cache.get(el)
        if found is not None:
            return found
    return _xpath(el, cache)


def _xpath(el: etree._Element, cache: dict[etree._Element, str] | None) -> str:
    name = local(el)
    parent = el.getparent()
    if name == "Document" or parent is None:
        base = ""
    else:
        found = cache.get(parent) if cache is not None else None
        base = (found if found is not None else _xpath(parent, cache)) + "/"
    if name in INDEXED and parent is not None:
        # every sibling of the same name gets its path in one pass over the parent (a
        # message of many transactions is read in linear time)
        index = 0
        path = ""
        tag = el.tag
        for sibling in parent:
            if sibling.tag == tag:
                index += 1
                sibling_path = f"{base}{name}[{index}]"
                if cache is not None:
                    cache[sibling] = sibling_path
                if sibling is el:
                    path = sibling_path
                    if cache is None:
                        break
        return path
    path = base + name
    if cache is not None:
        cache[el] = path
    return path


Listing = tuple[list[tuple[etree._Element, str]], dict[str, list[etree._Element]]]


def _listing(el: etree._Element) -> Listing:
    """An element's children with their local names, in order, and by local name (any
    namespace or none); worked out once per element of the message being read (a party's
    dozen lookups are dict gets, and the pass over the elements reuses them)."""
    cache: dict[etree._Element, Listing] | None = getattr(_local, "kids", None)
    if cache is not None:
        found = cache.get(el)
        if found is not None:
            return found
    ordered: list[tuple[etree._Element, str]] = []
    kids: dict[str, list[etree._Element]] = {}
    for c in el:
        name = local(c)
        if name:
            ordered.append((c, name))
            group = kids.get(name)
            if group is None:
                kids[name] = [c]
            else:
                group.append(c)
    listing = (ordered, kids)
    if cache is not None:
        cache[el] = listing
    return listing


def _child(el: etree._Element, name: str) -> etree._Element | None:
    """The first child of that local name, in any namespace or none."""
    group = _listing(el)[1].get(name)
    return group[0] if group else None


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return list(_listing(el)[1].get(name, ()))


def _first(kids: dict[str, list[etree._Element]], name: str) -> etree._Element | None:
    """The first of an element's children of that local name (its listing's ``kids``)."""
    group = kids.get(name)
    return group[0] if group else None


def _text(el: etree._Element | None, path: str | None = None) -> Value | None:
    if el is None:
        return None
    text = " ".join((el.text or "").split())
    name = local(el)
    limit = LIMITS.get(name, DEFAULT_LIMIT)
    where = path or xpath(el)
    if len(text) > limit:
        raise MessageError(
            f"{len(text)} characters, more than the {limit} the schema allows", where
        )
    if len(el):
        raise MessageError("expected text, found child elements", where)
    return Value(text, where) if text else None


def _bic(el: etree._Element | None) -> Value | None:
    value = _text(el)
    if value is None:
        return None
    bic = value.text.upper()
    if not BIC_RE.match(bic):
        raise MessageError(f"{value.text!r} is not a BIC", value.path)
    return Value(bic, value.path)


#: the parts of a structured address read as its lines, in this order
ADDRESS_PARTS = ("StrtNm", "BldgNb", "PstCd", "TwnNm", "CtrySubDvsn")


def _address(party: Party, el: etree._Element | None) -> None:
    if el is None:
        return
    kids = _listing(el)[1]
    country = _text(_first(kids, "Ctry"))
    if country is not None:
        if not COUNTRY_RE.match(country.text):
            raise MessageError(f"{country.text!r} is not an ISO 3166 country code", country.path)
        party.country = country
    party.town = _text(_first(kids, "TwnNm"))
    for part in ADDRESS_PARTS:
        group = kids.get(part)
        if group:
            value = _text(group[0])
            if value is not None:
                party.address.append(value)
    for line in kids.get("AdrLine", ()):
        value = _text(line)
        if value is not None:
            party.address.append(value)


def _identifiers(party: Party, id_el: etree._Element | None) -> None:
    if id_el is None:
        return
    id_kids = _listing(id_el)[1]
    org = _first(id_kids, "OrgId")
    if org is not None:
        org_kids = _listing(org)[1]
        for tag in ("AnyBIC", "BICOrBEI"):
            found = _first(org_kids, tag)
            if found is not None:
                party.bic = _bic(found)
        lei = _text(_first(org_kids, "LEI"))
        if lei is not None:
            party.identifiers.append(("lei", lei))
    for holder in (org, _first(id_kids, "PrvtId")):
        if holder is None:
            continue
        for othr in _children(holder, "Othr"):
            value = _text(_child(othr, "Id"))
            if value is not None:
                party.identifiers.append(("other", value))


def _account(parent: etree._Element, tag: str) -> Value | None:
    acct = _child(parent, tag + "Acct")
    if acct is None:
        return None
    id_el = _child(acct, "Id")
    if id_el is None:
        return None
    iban = _text(_child(id_el, "IBAN"))
    if iban is not None:
        return Value(iban.text.replace(" ", "").upper(), iban.path)
    othr = _child(id_el, "Othr")
    return _text(_child(othr, "Id")) if othr is not None else None


def read_party(el: etree._Element, role: str) -> Party:
    tag = local(el)
    body = el
    own = _listing(el)[1]
    for wrapper in ("Pty", "Agt"):  # camt.053 RltdPties/Dbtr/Pty, RltdAgts/.../Agt
        inner = _first(own, wrapper)
        if inner is not None:
            body = inner
    kids = own if body is el else _listing(body)[1]
    party = Party(role=role, path=xpath(el))
    fin = _first(kids, "FinInstnId")
    if fin is not None:
        party.kind = "agent"
        fin_kids = _listing(fin)[1]
        party.bic = _bic(_first(fin_kids, "BICFI")) or _bic(_first(fin_kids, "BIC"))
        party.name = _text(_first(fin_kids, "Nm"))
        _address(party, _first(fin_kids, "PstlAdr"))
        lei = _text(_first(fin_kids, "LEI"))
        if lei is not None:
            party.identifiers.append(("lei", lei))
        clr = _first(fin_kids, "ClrSysMmbId")
        member = _text(_child(clr, "MmbId")) if clr is not None else None
        if member is not None:
            party.identifiers.append(("clearing", member))
    else:
        party.name = _text(_first(kids, "Nm"))
        _address(party, _first(kids, "PstlAdr"))
        _identifiers(party, _first(kids, "Id"))
        residence = _text(_first(kids, "CtryOfRes"))
        if residence is not None:
            party.identifiers.append(("residence", residence))
    parent = el.getparent()
    if parent is not None:
        party.account = _account(parent, tag)
    return party


def _outer(el: etree._Element) -> set[str]:
    """The local names of an element's ancestors (up to Document, an envelope)."""
    return {local(a) for a in el.iterancestors()}


def parse_iso20022(data: bytes) -> PaymentMessage:
    root = xml_root(data)
    _local.paths = {}
    _local.kids = {}
    try:
        return _read(root)
    finally:
        _local.paths = None
        _local.kids = None


def _read(root: etree._Element) -> PaymentMessage:
    doc = root if local(root) == "Document" else None
    if doc is None:
        doc = next((el for el in root.iter() if local(el) == "Document"), None)
    if doc is None:
        raise MessageError(f"no ISO 20022 Document element (the root is <{local(root)}>)", "line 1")
    body = next((c for c in doc if isinstance(c.tag, str)), None)
    if body is None or local(body) not in KINDS:
        found = local(body) if body is not None else "nothing"
        raise MessageError(
            f"unsupported message <{found}> (read: {', '.join(f'{v} {k}' for k, v in KINDS.items())})",
            xpath(body) if body is not None else "Document",
        )
    kind = KINDS[local(body)]
    namespace = etree.QName(doc).namespace or ""
    version = namespace.rpartition(":")[2]
    if version and not version.startswith(kind):
        raise MessageError(f"namespace {namespace!r} is not a {kind} namespace", "Document")
    msg = PaymentMessage(kind=kind, version=version or kind)
    hdr = _child(body, "GrpHdr")
    if hdr is not None:
        msg.reference = (_text(_child(hdr, "MsgId")) or Value("", "")).text or None
    # one pass over the elements read (lxml's tag filter, in document order); the
    # ancestors' local names only at a party's element
    for el in body.iter(*READ_TAGS):
        name = local(el)
        pname = local(el.getparent())
        if name in ROLES and pname not in ("Pty", "Agt"):
            ancestors = _outer(el)
            if ancestors & NOT_PARTIES:
                continue
            if name in ("Svcr", "Ownr") and "Acct" not in ancestors:
                continue
            role = ROLES[name]
            if "UndrlygCstmrCdtTrf" in ancestors:
                role = "underlying_" + role
            if len(msg.parties) >= MAX_PARTIES:
                raise MessageError(
                    f"more than {MAX_PARTIES} parties in one message; split the file", xpath(el)
                )
            msg.parties.append(read_party(el, role))
        elif (pname, name) in TEXTS:
            value = _text(el)
            if value is not None:
                msg.texts.append(TextField(TEXTS[(pname, name)], value))
        elif pname in ("Purp", "CtgyPurp") and name in ("Cd", "Prtry"):
            value = _text(el)
            if value is not None:
                msg.purposes.append(value)
        elif name in AMOUNTS and el.get("Ccy"):
            amount = _text(el)
            msg.amounts.append(Amount(amount.text if amount else "", el.get("Ccy", ""), xpath(el)))
    return msg
