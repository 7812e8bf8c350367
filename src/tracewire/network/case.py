"""The case file: the records a compliance team holds about a set of deals.

A case is one JSON document (``tracewire-case/1``; JSON Schema in
``tracewire/data/case.schema.json``, generated from the models below) with three lists:

- ``parties``: every company or person named anywhere in the records, once, with an
  ``id`` the rest of the file refers to. Name variants (translations, transliterations,
  former names) go in ``aliases``; all of them are screened.
- ``transactions``: invoices, shipments, payments and contracts. Each names its parties
  by role (``seller``, ``buyer``, ``consignee``, ``end_user``, ``intermediary``,
  ``freight_forwarder``, ``payer``, ``payee``, ``bank``, ``shipper``, ``notify_party``;
  a role holds one party id or a list), its goods lines (HS code of any length, description, quantity, prices), its
  payment, its route and the amendments made to it. ``related`` links the documents of
  one deal (the shipment of a contract, the payment of an invoice); a goods line's
  ``item`` links the same goods across those documents.
- ``company_records``: registry extracts: owners with percentages, directors, addresses,
  registration data. A record describes a party (``party``) or a company that only
  appears as an owner (referred to by the record's ``id``).

Optional fields feed particular red-flag rules (README: "Optional fields for red flags"):
a party's trade ``history`` (R4), ``activity`` (NACE code, R9), ``description`` and
``registration_text`` (R15), ``due_diligence`` answers on parties and transactions (R14);
a transaction's ``delivery`` terms, a route's ``mode`` and a goods line's ``packaging``
(R13); a payment's ``mcc`` (R16); an owner's ``since``/``until`` and a record's dormancy
(R18). Leaving them out never raises a flag.

Countries are ISO 3166 codes or names (cleaned to lower-case codes), currencies ISO 4217
codes, dates ``YYYY-MM-DD`` (incorporation dates may be ``YYYY`` or ``YYYY-MM``).
Unknown keys are errors, so a misspelt field is reported instead of silently ignored.
:func:`~tracewire.network.case_load.load_case` reports every problem with its JSON path
(``transactions[2].goods[0].hs_code: ...``).
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from followthemoney.types import registry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from tracewire.model.identifiers import IDENTIFIER_TYPES

CASE_FORMAT = "tracewire-case/1"


class Role(StrEnum):
    seller = "seller"
    buyer = "buyer"
    consignee = "consignee"
    end_user = "end_user"
    intermediary = "intermediary"
    freight_forwarder = "freight_forwarder"
    payer = "payer"
    payee = "payee"
    bank = "bank"
    shipper = "shipper"
    notify_party = "notify_party"


def _country(value: str) -> str:
    code = registry.country.clean(value)
    if code is None:
        raise ValueError(f"unknown country {value!r} (use an ISO 3166 code or name)")
    return code


def _hs_code(value: str) -> str:
    digits = re.sub(r"[\s.\-]", "", value)
    if not re.fullmatch(r"\d{2,12}", digits):
        raise ValueError(f"HS code {value!r} is not 2 to 12 digits (dots and spaces allowed)")
    return digits


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _identifiers(value: dict[str, str]) -> dict[str, str]:
    for key in value:
        if key not in IDENTIFIER_TYPES:
            raise ValueError(
                f"unknown identifier type {key!r} (known: {', '.join(sorted(IDENTIFIER_TYPES))})"
            )
    return value


Country = Annotated[
    str,
    AfterValidator(_country),
    WithJsonSchema({"type": "string", "description": "ISO 3166 code or country name"}),
]
Currency = Annotated[str, BeforeValidator(_upper), Field(pattern=r"^[A-Z]{3}$")]
HsCode = Annotated[
    str,
    AfterValidator(_hs_code),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9][0-9 .\-]*$", "description": "2-12 digits"}
    ),
]


def _bic(value: str) -> str:
    code = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?", code):
        raise ValueError(f"{value!r} is not a BIC (8 or 11 characters: bank, country, location, branch)")  # fmt: skip
    if registry.country.clean(code[4:6]) is None:
        raise ValueError(f"BIC {value!r} names no known country ({code[4:6]})")
    return code


Bic = Annotated[
    str,
    AfterValidator(_bic),
    WithJsonSchema({"type": "string", "description": "SWIFT/BIC code, 8 or 11 characters"}),
]
#: the years a business record's dates may fall in (a date outside is a typo)
YEARS = (1800, 2200)


def _in_years(year: int, text: object) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"{text} is not between {YEARS[0]} and {YEARS[1]}")


def _date(value: datetime.date) -> datetime.date:
    _in_years(value.year, value)
    return value


def _partial_date(value: str) -> str:
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)  # fmt: skip
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None
    _in_years(parts[0], value)
    return value


def _period(value: str) -> str:
    first, _, last = value.partition("/")
    _partial_date(first)
    if last:
        _partial_date(last)
        if last < first:
            raise ValueError(f"the period {value!r} ends before it starts")
    return value


Date = Annotated[datetime.date, AfterValidator(_date)]
PartialDate = Annotated[
    str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"), AfterValidator(_partial_date)
]
#: a year, month or day, or a range of them: ``2021``, ``2021-03``, ``2019/2021-06``
Period = Annotated[
    str,
    Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$",
        description="YYYY, YYYY-MM or YYYY-MM-DD, or a range START/END of them",
    ),
    AfterValidator(_period),
]
#: a NACE Rev. 2 code: section letter and/or division, group, class (``C26.11``, ``46.52``)
NaceCode = Annotated[
    str,
    BeforeValidator(_upper),
    Field(
        pattern=r"^([A-U](\d{2}(\.\d{1,2})?)?|\d{2}(\.\d{1,2})?)$",
        description="NACE Rev. 2 code: section letter and/or division.group/class, e.g. C26.11 or 46.52",
    ),
]
Answer = Literal["provided", "missing", "refused"]
ServiceAnswer = Literal["accepted", "declined", "not_offered"]
Identifiers = Annotated[
    dict[str, str],
    AfterValidator(_identifiers),
    Field(description='identifier type -> value, e.g. {"inn": "3849055365"}'),
]
PartyRefs = Annotated[
    list[str],
    BeforeValidator(_listify),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "a party id or a list of party ids",
        }
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DueDiligence(_Model):
    """What the counterparty answered to due-diligence requests (R14): for information,
    ``provided``, ``missing`` (not received yet) or ``refused``; for the services that
    come with the goods, ``accepted``, ``declined`` or ``not_offered``."""

    end_use: Answer | None = Field(default=None, description="what the goods are for")
    end_user: Answer | None = Field(default=None, description="who will use the goods")
    end_user_statement: Answer | None = Field(default=None, description="signed end-user statement/form")  # fmt: skip
    ownership: Answer | None = Field(default=None, description="owners and beneficial owners")
    installation: ServiceAnswer | None = None
    training: ServiceAnswer | None = None
    maintenance: ServiceAnswer | None = None
    note: str | None = None


class HistoryEntry(_Model):
    """Goods the party received in a past period, e.g. from your own sales records (R4)."""

    period: Period
    hs_code: HsCode
    description: str | None = None
    quantity: float | None = Field(default=None, ge=0)
    value: float | None = Field(default=None, ge=0)
    currency: Currency | None = None
    note: str | None = None


class Party(_Model):
    """A company, person or organisation named in the records."""

    id: str = Field(min_length=1, description="unique within the case")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list, description="other name variants")
    kind: Literal["company", "person", "organization", "unknown"] = "unknown"
    country: Country | None = None
    address: str | None = None
    identifiers: Identifiers = Field(default_factory=dict)
    incorporation_date: PartialDate | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    business: str | None = Field(default=None, description="declared line of business")
    activity: NaceCode | None = Field(default=None, description="line of business as a NACE Rev. 2 code (R9)")  # fmt: skip
    description: str | None = Field(default=None, description="the party's own words: website or profile text (R15)")  # fmt: skip
    registration_text: str | None = Field(default=None, description="registration, licence or certificate text (R15)")  # fmt: skip
    due_diligence: DueDiligence | None = None
    history: list[HistoryEntry] = Field(default_factory=list, description="goods received in past periods (R4)")  # fmt: skip
    bic: Bic | None = Field(default=None, description="a bank's SWIFT/BIC code: screened as an identifier; gives the country when none is set")  # fmt: skip
    notes: str | None = None

    @model_validator(mode="after")
    def _bank_country(self) -> Party:
        if self.bic is not None:
            other = self.identifiers.get("bic") or self.identifiers.get("swift")
            if other is not None and other.replace(" ", "").upper() != self.bic:
                raise ValueError(f"bic {self.bic!r} differs from identifiers bic {other!r}")
            if self.country is None:
                self.country = registry.country.clean(self.bic[4:6])
        return self

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def all_identifiers(self) -> dict[str, str]:
        """``identifiers``, with the ``bic`` field as a ``bic`` identifier."""
        if self.bic is None or "bic" in self.identifiers or "swift" in self.identifiers:
            return dict(self.identifiers)
        return {**self.identifiers, "bic": self.bic}


class GoodsLine(_Model):
    """One line of goods on an invoice, packing list, contract or customs entry."""

    item: str | None = Field(default=None, description="links the same goods across documents")
    hs_code: HsCode | None = None
    description: str = ""
    declared_as: str | None = Field(default=None, description="what the documents declare the goods to be (R19)")  # fmt: skip
    technical_description: str | None = Field(default=None, description="what the goods were found to be: inspection, datasheet or technical description (R19)")  # fmt: skip
    quantity: float | None = Field(default=None, ge=0)
    unit: str | None = None
    unit_price: float | None = Field(default=None, ge=0)
    value: float | None = Field(default=None, ge=0)
    currency: Currency | None = None
    origin_country: Country | None = None
    packaging: str | None = Field(default=None, description="as on the document: crates, pallets, envelope... (R13)")  # fmt: skip
    export_control: str | None = Field(default=None, max_length=100, description="the goods' export-control classification as declared: an ECCN (3A001), an EU dual-use entry, a military list category; EAR99 or 'none' for goods not listed. With CHPL codes it decides whether the goods are controlled")  # fmt: skip

    @property
    def hs6(self) -> str | None:
        return self.hs_code[:6] if self.hs_code and len(self.hs_code) >= 6 else None

    @property
    def price(self) -> float | None:
        """The unit price as stated, else value / quantity."""
        if self.unit_price is not None:
            return self.unit_price
        if self.value is not None and self.quantity:
            return self.value / self.quantity
        return None


class Payment(_Model):
    currency: Currency
    amount: float | None = Field(default=None, ge=0)
    date: Date | None = None
    payer: str | None = Field(default=None, description="party id")
    payee: str | None = Field(default=None, description="party id")
    bank: str | None = Field(default=None, description="party id of the paying bank")
    bank_country: Country | None = None
    payer_bank_bic: Bic | None = Field(default=None, description="the payer's bank by its SWIFT/BIC alone, when the case has no party for it: screened like a bank party")  # fmt: skip
    payee_bank_bic: Bic | None = Field(default=None, description="the payee's bank by its SWIFT/BIC alone: screened like a bank party")  # fmt: skip
    method: str | None = Field(default=None, description="wire, letter of credit, cash, card, ...")
    mcc: str | None = Field(default=None, pattern=r"^\d{4}$", description="merchant category code of a card payment (R16)")  # fmt: skip
    merchant: str | None = Field(default=None, description="merchant name on a card statement")


class Route(_Model):
    origin: Country | None = None
    transit: list[Country] = Field(default_factory=list)
    destination: Country | None = None
    port_of_loading: str | None = None
    port_of_discharge: str | None = None
    mode: Literal["sea", "air", "rail", "road", "post", "courier", "multimodal"] | None = Field(
        default=None, description="stated method of shipment (R13)"
    )


class Amendment(_Model):
    """A change made to the deal after it was agreed (a new consignee, a new route...)."""

    date: Date
    field: Literal[
        "consignee", "end_user", "buyer", "seller", "payer", "payee", "bank",
        "shipper", "notify_party", "route", "destination", "transit", "payment_instructions", "goods", "price", "other",
    ]  # fmt: skip
    old: str | None = None
    new: str | None = None
    note: str | None = None


class Transaction(_Model):
    id: str = Field(min_length=1)
    type: Literal["invoice", "shipment", "payment", "contract"]
    date: Date | None = None
    reference: str | None = None
    related: list[str] = Field(default_factory=list, description="ids of related transactions")
    parties: dict[Role, PartyRefs] = Field(default_factory=dict)
    goods: list[GoodsLine] = Field(default_factory=list)
    payment: Payment | None = None
    route: Route | None = None
    amendments: list[Amendment] = Field(default_factory=list)
    delivery: str | None = Field(default=None, description="delivery date or terms as written: 2024-05-10, ASAP... (R13)")  # fmt: skip
    due_diligence: DueDiligence | None = None
    notes: str | None = None
    _roles: list[tuple[Role, str]] | None = PrivateAttr(default=None)

    def roles(self) -> list[tuple[Role, str]]:
        """(role, party id) for every party, including the payment's payer, payee and bank."""
        cached = self.__pydantic_private__.get("_roles")  # type: ignore[union-attr]
        if cached is not None:
            return cached
        out = [(role, pid) for role, pids in self.parties.items() for pid in pids]
        if self.payment is not None:
            for role, pid in (
                (Role.payer, self.payment.payer),
                (Role.payee, self.payment.payee),
                (Role.bank, self.payment.bank),
            ):
                if pid is not None and (role, pid) not in out:
                    out.append((role, pid))
        self._roles = out
        return out

    def in_role(self, *roles: Role) -> list[str]:
        return [pid for role, pid in self.roles() if role in roles]


class Owner(_Model):
    name: str = Field(min_length=1)
    ref: str | None = Field(default=None, description="party id or company record id of the owner")
    kind: Literal["company", "person", "organization", "unknown"] = "unknown"
    country: Country | None = None
    percentage: float | None = Field(
        default=None, gt=0, le=100, description="share of capital or votes"
    )
    identifiers: Identifiers = Field(default_factory=dict)
    since: PartialDate | None = Field(default=None, description="when the stake was acquired")
    until: PartialDate | None = Field(
        default=None,
        description="when the stake ended: a former owner, not counted as owning (R18)",
    )

    @property
    def former(self) -> bool:
        """A stake that has ended (``until`` given): history, not ownership."""
        return self.until is not None


class Director(_Model):
    name: str = Field(min_length=1)
    ref: str | None = Field(default=None, description="party id or company record id")
    kind: Literal["company", "person", "organization", "unknown"] = "person"
    role: str | None = None
    country: Country | None = None
    identifiers: Identifiers = Field(default_factory=dict)
    since: PartialDate | None = None


class CompanyRecord(_Model):
    """A registry extract about one company."""

    id: str = Field(min_length=1)
    party: str | None = Field(default=None, description="the party this record describes")
    name: str | None = None
    country: Country | None = None
    registration_number: str | None = None
    registration_authority: str | None = None
    incorporation_date: PartialDate | None = None
    addresses: list[str] = Field(default_factory=list)
    identifiers: Identifiers = Field(default_factory=dict)
    owners: list[Owner] = Field(default_factory=list)
    directors: list[Director] = Field(default_factory=list)
    source: str | None = Field(default=None, description="where the extract comes from")
    date: Date | None = Field(default=None, description="date of the extract")
    status: str | None = Field(default=None, description="registry status as written: active, dormant, ...")  # fmt: skip
    dormant_from: PartialDate | None = Field(default=None, description="start of a dormant (no activity) period (R18)")  # fmt: skip
    dormant_until: PartialDate | None = Field(default=None, description="end of the dormant period")  # fmt: skip
    registration_text: str | None = Field(default=None, description="registration, licence or certificate text (R15)")  # fmt: skip


class Case(_Model):
    format: Literal["tracewire-case/1"] = "tracewire-case/1"
    id: str = "case"
    title: str | None = None
    fictional: bool = Field(default=False, description="true for made-up example cases")
    description: str | None = None
    parties: list[Party] = Field(default_factory=list)
    transactions: list[Transaction] = Field(default_factory=list)
    company_records: list[CompanyRecord] = Field(default_factory=list)


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of the case format (what ``data/case.schema.json`` holds)."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://tracewire.example/schema/case-1.json"
    schema["title"] = "tracewire case file (tracewire-case/1)"
    return schema


#: the payment fields that name a bank by its BIC alone
BANK_BIC_FIELDS = ("payer_bank_bic", "payee_bank_bic")


def with_bic_banks(case: Case) -> Case:
    """The case with every bank a payment names only by BIC (``payer_bank_bic``,
    ``payee_bank_bic``) as a ``bank`` party of its transaction, so that it is screened like
    any party: the case's party with that BIC, else a new party ``bic:<BIC>`` (named by
    the BIC, its country from it, ``notes`` naming where it came from). The case itself
    is not changed; without such BICs it is returned as is."""
    by_bic = {p.bic or _norm_bic(p.all_identifiers.get("bic") or p.all_identifiers.get("swift")): p.id
              for p in case.parties if p.bic or p.all_identifiers.get("bic") or p.all_identifiers.get("swift")}  # fmt: skip
    by_bic.pop("", None)
    taken = {p.id for p in case.parties}
    new_parties: list[Party] = []
    txns: list[Transaction] = []
    changed = False
    for i, txn in enumerate(case.transactions):
        banks = list(txn.parties.get(Role.bank, []))
        pay = txn.payment
        for key in BANK_BIC_FIELDS:
            bic = getattr(pay, key, None) if pay is not None else None
            if bic is None:
                continue
            pid = by_bic.get(bic)
            if pid is None:
                pid = f"bic:{bic}"
                while pid in taken:
                    pid += "_"
                taken.add(pid)
                by_bic[bic] = pid
                new_parties.append(Party(id=pid, name=bic, kind="company", bic=bic,
                                         notes=f"bank named only by BIC in transactions[{i}].payment.{key}"))  # fmt: skip
            if pid not in banks and pid != (pay.bank if pay else None):
                banks.append(pid)
        if len(banks) != len(txn.parties.get(Role.bank, [])):
            txn = txn.model_copy(update={"parties": {**txn.parties, Role.bank: banks}})
            txn._roles = None
            changed = True
        txns.append(txn)
    if not changed:
        return case
    return case.model_copy(update={"parties": [*case.parties, *new_parties], "transactions": txns})


def _norm_bic(value: str | None) -> str:
    return re.sub(r"\s", "", value or "").upper()
