"""US BIS Denied Persons List (``dpl.txt``): tab-separated text with a header row.

Columns: Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation. Each row is one
address of one party under one denial order, so a party with four addresses has four
rows.

**Ids.** The list has no id of its own. A party's id is derived from its name and the
denial order: ``make_id("bis-dpl", name, first FR citation)``, the citation normalised
to ``<volume>-fr-<page>`` (``"80 F.R. 30435 5/28/15, 80 F.R. 44930 ..."`` →
``80-fr-30435``), or the Effective_Date when the row has no citation. The *first*
citation is used, not the whole column nor the Effective_Date, because BIS appends a
citation and moves the Effective_Date at every renewal of a temporary denial order:
keyed on them, each renewal would show as a delisting plus a new listing.

**Merging.** Rows with the same id (same name, same order) are one party: their
addresses and countries are merged, and rows repeated verbatim are reported. Names that
differ only in case or punctuation give the same id (``AL NASER AIRLINES`` and
``AL-NASER AIRLINES`` under one order): they are merged, the later spelling kept as an
``alias``. The same
name under two different orders stays two entities (two listings). If merged rows
disagree on the order's dates, the Sanction keeps every value and a warning says so.

**Schema.** The list mixes persons and companies without saying which. A name with a
legal-form word (LTD, LLC, INC, GMBH, S.A., OOO, ...) is a ``Company``; a party whose
record marks a person is a ``Person``: an address in prison (INCARCERATED, an inmate,
USM or register number, FCI, a correctional institution) or a name suffix or title
(JR, SR, III, DR, MR...); every other name is a ``LegalEntity``.

**Country.** Country codes are used as given (``PRC`` is read as China). A row with no
Country but a US state code in State gets country ``us``.

**Sanction.** authority "US Bureau of Industry and Security", program "Denied Persons
List", startDate = Effective_Date, endDate = Expiration_Date, summary = Action,
authorityId = FR_Citation, modifiedAt = Last_Update, provisions = standard or
non-standard order. A date outside 1900–2100 (the list has ``3033-09-30``) is warned
about and kept as written. ``publisher_date`` is the latest Last_Update that is not in
the future (the file states no date of its own).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tracewire.errors import ListFormatError
from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult, read_head, read_text

AUTHORITY = "US Bureau of Industry and Security"
PROGRAM = "Denied Persons List"
SOURCE_URL = (
    "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/"
    "denied-persons-list"
)
ID_PREFIX = "bis-dpl"
COLUMNS = (
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
)  # fmt: skip
US_DATE = "%m/%d/%Y"
#: "80 F.R. 30435", "81.F.R. 22576", "83F.R. 28801", "80 F.R 61359"
FR_CITATION = re.compile(r"(\d+)\s*\.?\s*F\.?\s*R\.?\s*(\d+)", re.I)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEGAL_FORMS = _words(
    """LTD LIMITED LLC INC INCORPORATED CORP CORPORATION CO COMPANY GMBH AG KG SA SL SAS
    SARL SRL SPA BV NV PLC LLP OOO ZAO OAO PAO JSC PJSC CJSC PTE PTY KFT SDN BHD FZE
    FZCO FZC DMCC SAC SADECV"""
)
US_STATES = _words(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV
    NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP"""
)
_TOKEN = re.compile(r"[A-Z0-9]+")
#: name words only a person's name has: suffixes and titles
PERSON_WORDS = _words("JR SR II III IV MR MRS MS DR")
#: an address only a person has: a prison and an inmate number
PRISON = re.compile(
    r"\b(?:INCARCERATED|INMATE|USM\s*(?:NO|NUMBER|#)|REG(?:ISTER|ISTRATION)?\.?\s*(?:NO|NUMBER|#)"
    r"|FCI|FDC|USP|FMC|FEDERAL\s+(?:CORRECTIONAL|PRISON|DETENTION|MEDICAL)"
    r"|CORRECTIONAL\s+(?:INSTITUTION|FACILITY|CENTER|COMPLEX)|PENITENTIARY|PRISON)\b",
    re.IGNORECASE,
)
_LATEST_SANE_YEAR = 2100
_EARLIEST_SANE_YEAR = 1900


_AKA_IN_BRACKETS = re.compile(r"\(\s*(?:A/K/A|A\.K\.A\.?|AKA)\s+([^)]*)\)", re.IGNORECASE)
_AKA = re.compile(r"\s+(?:A/K/A|A\.K\.A\.?|AKA)\s+", re.IGNORECASE)


def split_aka(name: str) -> tuple[str, list[str]]:
    """ "FUYI SUN A/K/A FRANK SUN" → ("FUYI SUN", ["FRANK SUN"]);
    "PEARL (A.K.A. NEI-CHIEN CHU) LI" → ("PEARL LI", ["NEI-CHIEN CHU"])."""
    aliases = [m.strip() for m in _AKA_IN_BRACKETS.findall(name) if m.strip()]
    rest = " ".join(_AKA_IN_BRACKETS.sub(" ", name).split())
    primary, *more = _AKA.split(rest)
    return primary.strip() or name, aliases + [m.strip() for m in more if m.strip()]


def legal_form_schema(name: str) -> str:
    """``Company`` when the name carries a legal form (S.A., L.L.C. count), else LegalEntity."""
    tokens = set(_TOKEN.findall(name.upper().replace(".", "")))
    return "Company" if tokens & LEGAL_FORMS else "LegalEntity"


def person_marked(name: str, address: str) -> bool:
    """Whether a row's own words say its party is a person: an address in prison, or a
    name suffix or title (``ABEL HERNANDEZ, JR.``)."""
    tokens = set(_TOKEN.findall(name.upper().replace(".", "")))
    return bool(tokens & PERSON_WORDS) or bool(PRISON.search(address))


def _person_key(name: str) -> str:
    return " ".join(_TOKEN.findall(name.upper()))


def order_key(fr_citation: str, effective: str) -> str | None:
    m = FR_CITATION.search(fr_citation)
    if m:
        return f"{m.group(1)}-fr-{m.group(2)}"
    return effective or None


def _collapse(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


class BisDplFormat:
    name = "bis_dpl"
    default_dataset = "us_bis_denied"
    title = "US BIS Denied Persons List (dpl.txt, tab-separated)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        for path in paths:
            first = read_head(path, 2048).split(b"\n", 1)[0]
            if not (b"\t" in first and b"Street_Address" in first and b"FR_Citation" in first):
                return False
        return bool(paths)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        for path in paths:
            _DplFile(Path(path), dataset, result).parse()
        return result


class _DplFile:
    def __init__(self, path: Path, dataset: str, result: ParseResult) -> None:
        self.path = path
        self.dataset = dataset
        self.result = result
        self.parties: dict[str, tuple[Entity, Entity, int]] = {}
        #: names of parties the record marks as persons (the same name under another
        #: order is the same kind of party)
        self.persons: set[str] = set()
        self.seen_rows: dict[tuple[str, ...], int] = {}
        self.updates: list[str] = []
        self.today = date.today().isoformat()

    def warn(self, message: str, line: int) -> None:
        self.result.warn(self.path, message, line)

    def parse(self) -> None:
        text = read_text(self.path, "utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
        last_line = text.count("\n") + 1
        try:
            header = [h.strip() for h in next(reader)]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ListFormatError(
                    self.path,
                    f"not a Denied Persons List: the header lacks {', '.join(missing)}",
                    line=1,
                )
            index = {c: header.index(c) for c in COLUMNS}
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                self.result.count("rows")
                if len(row) != len(header):
                    if line == last_line and not text.endswith(("\n", "\r")):
                        raise ListFormatError(
                            self.path, "the file ends inside a row: truncated?", line=line
                        )
                    self.warn(
                        f"row has {len(row)} fields, the header {len(header)}; "
                        f"row skipped: {_collapse(' | '.join(row))[:200]!r}",
                        line,
                    )
                    continue
                self.row({c: _collapse(row[i]) for c, i in index.items()}, tuple(row), line)
        except csv.Error as exc:
            raise ListFormatError(
                self.path, f"malformed tab-separated text: {exc}", line=reader.line_num
            ) from exc
        for entity, _sanction, _line in self.parties.values():
            if entity.schema == "LegalEntity" and _person_key(entity.caption) in self.persons:
                entity.schema = "Person"
        plausible = [d for d in self.updates if d <= self.today]
        self.result.publisher_date = max(plausible, default=None)

    def row(self, r: dict[str, str], raw: tuple[str, ...], line: int) -> None:
        name = r["Name"]
        if not name:
            self.warn("row without Name skipped", line)
            return
        if raw in self.seen_rows:
            self.warn(f"{name}: row repeats line {self.seen_rows[raw]} verbatim", line)
            return
        self.seen_rows[raw] = line
        effective = self.date(r, "Effective_Date", line, US_DATE)
        key = order_key(r["FR_Citation"], effective)
        if key is None:
            self.warn(f"{name}: no FR_Citation or Effective_Date; id from the name only", line)
        eid = make_id(ID_PREFIX, name, key)
        entry = self.parties.get(eid)
        if entry is None:
            schema = legal_form_schema(name)
            if schema == "LegalEntity" and person_marked(name, r["Street_Address"]):
                schema = "Person"
            entity = Entity.make(schema, eid, self.dataset)
            primary, aliases = split_aka(name)
            entity.add("name", primary)
            entity.add("alias", aliases)
            sanction = Entity.make("Sanction", make_id(eid, "sanction", PROGRAM), self.dataset)
            sanction.add("entity", eid)
            sanction.add("authority", AUTHORITY)
            sanction.add("program", PROGRAM)
            sanction.add("sourceUrl", SOURCE_URL)
            sanction.add("country", "us")
            self.parties[eid] = (entity, sanction, line)
            self.result.entities.extend([entity, sanction])
        else:
            entity, sanction, first_line = entry
            if entity.schema == "LegalEntity" and person_marked(name, r["Street_Address"]):
                entity.schema = "Person"  # another address of the party is a prison
            if name not in entity.get("name"):
                entity.add("alias", name)  # "AL NASER AIRLINES" / "AL-NASER AIRLINES"
            if r["Effective_Date"] and effective not in sanction.get("startDate"):
                self.warn(f"{name}: Effective_Date differs from line {first_line}", line)
            expiry = r["Expiration_Date"]
            if expiry and self.iso(expiry, US_DATE) not in sanction.get("endDate"):
                self.warn(f"{name}: Expiration_Date differs from line {first_line}", line)
        if entity.schema == "Person":
            self.persons.add(_person_key(entity.caption))
        self.address(entity, r, line)
        self.add(sanction, "startDate", effective, line)
        self.add(sanction, "endDate", self.date(r, "Expiration_Date", line, US_DATE), line)
        updated = self.date(r, "Last_Update", line)
        if updated:
            self.updates.append(updated)
            self.add(sanction, "modifiedAt", updated, line)
        sanction.add("summary", r["Action"])
        sanction.add("authorityId", r["FR_Citation"])
        order = r["Standard_Order"].upper()
        if order in ("Y", "N"):
            sanction.add("provisions", "Standard order" if order == "Y" else "Non-standard order")
        elif order:
            self.warn(f"{name}: Standard_Order {r['Standard_Order']!r} is not Y or N", line)

    def address(self, entity: Entity, r: dict[str, str], line: int) -> None:
        country = r["Country"]
        if not country and r["State"].upper() in US_STATES:
            country = "US"
        for bad in entity.add("country", country):
            self.warn(f"{r['Name']}: Country {bad!r} not understood; kept in the address", line)
        region = " ".join(p for p in (r["State"], r["Postal_Code"]) if p)
        parts = [r["Street_Address"], r["City"], region, r["Country"]]
        if any(parts):
            entity.add("address", ", ".join(p for p in parts if p))

    def iso(self, value: str, fmt: str | None) -> str:
        probe = Entity.make("Sanction", "probe", "probe")
        probe.add("date", value, format=fmt)
        return probe.first("date") or value

    def date(self, r: dict[str, str], column: str, line: int, fmt: str | None = None) -> str:
        """The column as an ISO date; an impossible or implausible one is warned about."""
        value = r[column]
        if not value:
            return ""
        iso = self.iso(value, fmt)
        year = int(iso[:4]) if iso[:4].isdigit() else 0
        if (iso == value and fmt) or not _EARLIEST_SANE_YEAR <= year <= _LATEST_SANE_YEAR:
            self.warn(f"{r['Name']}: {column} {value!r} is not a plausible date; kept", line)
        return iso

    def add(self, sanction: Entity, prop: str, value: str, line: int) -> None:
        """Add a date; one FtM rejects (e.g. year 3033) is kept as written."""
        if value and sanction.add(prop, value):
            sanction.add(prop, value, cleaned=True)


FORMATS = [BisDplFormat()]
