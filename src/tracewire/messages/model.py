"""What a payment message holds once read: parties with roles, free text, amounts.

Every value keeps the place it was read from (``path``): an XPath of local names for
ISO 20022 (``Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm``), or the field and
line for SWIFT MT (``:59: line 2``), so a hit can be shown where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracewire.errors import InputError


class MessageError(InputError):
    """A message that cannot be read; ``where`` names the line or XPath."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True, slots=True)
class Value:
    text: str
    path: str

    def to_dict(self) -> dict[str, str]:
        return {"value": self.text, "path": self.path}


@dataclass(slots=True)
class Party:
    """A party or agent of a message in one role (debtor, creditor_agent…)."""

    role: str
    #: where the party's element or field starts
    path: str
    #: "party" (a customer) or "agent" (a financial institution)
    kind: str = "party"
    name: Value | None = None
    #: other readings of the name where free lines leave it open (50K/59: the first line
    #: with the next one, when that one may be the name's continuation); screened too
    other_names: list[Value] = field(default_factory=list)
    bic: Value | None = None
    account: Value | None = None
    address: list[Value] = field(default_factory=list)
    town: Value | None = None
    country: Value | None = None
    #: (kind, value): LEI, other organisation or private ids, 50F party identifier…
    identifiers: list[tuple[str, Value]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "kind": self.kind, "path": self.path}
        for key in ("name", "bic", "account", "town", "country"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value.to_dict()
        if self.other_names:
            out["other_names"] = [v.to_dict() for v in self.other_names]
        if self.address:
            out["address"] = [v.to_dict() for v in self.address]
        if self.identifiers:
            out["identifiers"] = [{"kind": k, **v.to_dict()} for k, v in self.identifiers]
        return out


@dataclass(frozen=True, slots=True)
class TextField:
    """Free text: remittance (unstructured or structured), 70, 72, purpose…"""

    kind: str
    value: Value

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, **self.value.to_dict()}


@dataclass(frozen=True, slots=True)
class Amount:
    amount: str
    currency: str
    path: str

    def to_dict(self) -> dict[str, str]:
        return {"amount": self.amount, "currency": self.currency, "path": self.path}


@dataclass(slots=True)
class PaymentMessage:
    #: pacs.008, pacs.009, pain.001, camt.053, MT103, MT202, MT202COV
    kind: str
    #: the version read (pacs.008.001.08) or the MT block 2 type
    version: str = ""
    reference: str | None = None
    parties: list[Party] = field(default_factory=list)
    texts: list[TextField] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    #: purpose codes (ISO Purp/Cd, Prtry; MT 26T)
    purposes: list[Value] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "version": self.version,
            "reference": self.reference,
            "parties": [p.to_dict() for p in self.parties],
            "texts": [t.to_dict() for t in self.texts],
            "amounts": [a.to_dict() for a in self.amounts],
            "purposes": [p.to_dict() for p in self.purposes],
        }
