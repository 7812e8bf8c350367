"""What listed parties share with each other: identifiers, phones, e-mails, domains, addresses.

Two listed parties that give the same phone number, e-mail address, web domain,
registration or tax number, or street address are linked, whether or not any list says
so: a front company registered at a designated firm's address, with its phone, is the
pattern the guidance describes (R6, R7; G7: "new CHPL traders at a sanctioned party's
address"). The network (:mod:`.graph`) joins them, so a path *case party → shared
address → listed party → shared address → designated party* is found.

:func:`shared_index` computes this once per :class:`~tracewire.network.lists.ListData`
(it is cached on the list data, so every investigation against the same loaded lists,
e.g. every request of the HTTP service on one index, reuses it). Keys:

- **identifiers**: ``(type, value)``; the type groups the FtM properties that hold the
  same kind of number (``innCode``, ``taxNumber`` and ``vatCode`` are tax numbers;
  ``ogrnCode``, ``uscCode`` and ``registrationNumber`` registration numbers; LEI, IMO,
  SWIFT/BIC, DUNS); the value is upper-cased letters and digits, without an ``IMO``
  prefix, at least ``MIN_ID_LENGTH`` long. An equal INN, OGRN, USCC, LEI or IMO number on
  both sides (``STRONG_IDS``) names one party: an ``identity`` edge when the two
  schemata can be the same thing (a company's IMO number is not a vessel's); any other
  equal identifier is a ``same_identifier`` edge. Tax and registration numbers that are
  not strong are unique only within one country's registry: they link parties whose
  countries agree (or are unknown).
- **phones**: E.164, the country calling code and the digits
  (:func:`~tracewire.network.contacts.phone_keys`, the party's country as the home
  country of numbers written without ``+``); numbers that do not parse to a country
  are left out.
- **e-mail addresses** (lower-cased) and **web domains**: the registrable part of the
  website's or e-mail address's domain
  (:func:`~tracewire.network.contacts.site_domain`), leaving out free-mail providers
  (``reference.yml`` ``free_mail_domains``) and the platforms and registries many
  unrelated parties point at (``common_domains``: social networks, site builders,
  company-registry aggregators).
- **addresses**: :func:`~tracewire.network.contacts.address_key`, which keys only
  specific addresses (a house number and at least three place tokens: street or
  building and town; not a bare city or country, a P.O. box or a prison); pairs are
  compared by :meth:`~tracewire.network.contacts.AddressKey.relation` (``same_address``
  or ``same_building``), candidates found through (house number, place token) buckets.

**Hub guard**: a key held by more than ``MAX_SHARED`` distinct listed parties (a
formation agent's phone, a registered agent's address, a ministry's domain) is too
generic to say that any two of them are connected, and gives no list-to-list edges;
likewise an address in the same building as more than ``MAX_SHARED`` other listed
parties. :attr:`SharedIndex.hubs` holds the keys set aside (``("address", text)`` for
addresses). Between a case party and the lists the same threshold applies to exact keys
(:mod:`.graph`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tracewire.model import Entity
from tracewire.model.identifiers import (
    ID_KINDS,
    MIN_LENGTH,
    NATIONAL_PROPS,
    NETWORK_KINDS,
    UNIQUE_PROPS,
    normalise,
)
from tracewire.network.contacts import AddressKey, address_key, email_key, phone_keys, site_domain
from tracewire.network.lists import ListData
from tracewire.network.reference import reference

#: a key held by more distinct listed parties than this links none of them (hub guard)
MAX_SHARED = 25
#: identifiers shorter than this (after normalisation) are too short to compare
MIN_ID_LENGTH = MIN_LENGTH
#: identifier property → the kind of number it holds (the kinds the network links by)
ID_TYPES: dict[str, str] = {p: k for p, k in ID_KINDS.items() if k in NETWORK_KINDS}
#: identifiers that name one legal person or vessel: equal values are one party
STRONG_IDS = UNIQUE_PROPS
#: identifiers unique only within one country's registry (compared within a country)
NATIONAL_IDS = NATIONAL_PROPS
#: an address bucket (house number, place token) larger than this is not searched for pairs
MAX_BUCKET = MAX_SHARED * 4


def norm_id(prop: str, value: str) -> str | None:
    """``"IMO 9187629"`` → ``"9187629"``, ``"77-3108/4175"`` → ``"7731084175"`` (see
    :func:`tracewire.model.identifiers.normalise`)."""
    return normalise(prop, value)


def id_keys(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[tuple[str, str], str, str]]:
    """``((kind, value), prop, value as written)`` of identifier (property, value) pairs."""
    for prop, value in pairs:
        kind = ID_TYPES.get(prop)
        if kind is not None and (norm := norm_id(prop, value)) is not None:
            yield (f"id:{kind}", norm), prop, value


def contact_keys(
    phones: Iterable[str], emails: Iterable[str], websites: Iterable[str], country: str | None
) -> Iterator[tuple[tuple[str, str], str, str]]:
    """``((kind, value), prop, value as written)`` of phones, e-mails and web domains."""
    ref = reference()
    skip = ref.free_mail | ref.common_domains
    seen: set[tuple[str, str]] = set()

    def new(key: tuple[str, str]) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    for text in phones:
        for key in phone_keys(text, country):
            if new(("phone", key)):
                yield ("phone", key), "phone", text
    for text in emails:
        if (mail := email_key(text)) is None:
            continue
        if new(("email", mail)):
            yield ("email", mail), "email", text
        dom = site_domain(mail)
        if dom and dom not in skip and new(("domain", dom)):
            yield ("domain", dom), "email", text
    for text in websites:
        dom = site_domain(text)
        if dom and dom not in skip and new(("domain", dom)):
            yield ("domain", dom), "website", text


def edge_kind(key_kind: str, strong: bool) -> str:
    """The edge kind for two holders of a key of ``key_kind``."""
    if key_kind.startswith("id:"):
        return "identity" if strong else "same_identifier"
    return f"same_{key_kind}"


@dataclass(frozen=True, slots=True)
class Holder:
    """A listed party holding a key, and where: the property and the value as written."""

    entity: str
    prop: str
    value: str


@dataclass(frozen=True, slots=True)
class Link:
    """Two listed parties that share a key."""

    a: Holder
    b: Holder
    kind: str  # identity, same_identifier, same_phone, same_email, same_domain, same_address, same_building

    @property
    def label(self) -> str:
        if self.kind == "same_address":
            return "same address"
        if self.kind == "same_building":
            return "same building"
        if self.kind in ("identity", "same_identifier"):
            return f"{self.a.prop} {self.a.value} = {self.b.prop} {self.b.value}"
        return f"{self.a.value} = {self.b.value}"


@dataclass
class SharedIndex:
    """Every key of every listed party, and the links between listed parties."""

    #: key → its holders (singletons too: a case party may share them)
    keys: dict[tuple[str, str], tuple[Holder, ...]] = field(default_factory=dict)
    #: listed parties' specific addresses: (entity id, address as written, key)
    addresses: list[tuple[str, str, AddressKey]] = field(default_factory=list)
    #: (house number, place token) → indexes into ``addresses``
    buckets: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    #: keys set aside by the hub guard: (kind, value), ("address", text as written)
    hubs: set[tuple[str, str]] = field(default_factory=set)
    countries: dict[str, frozenset[str]] = field(default_factory=dict)

    def holders(self, key: tuple[str, str]) -> tuple[Holder, ...]:
        return self.keys.get(key, ())

    def address_candidates(self, key: AddressKey) -> set[int]:
        """Indexes of listed addresses sharing a (house number, place token) bucket."""
        out: set[int] = set()
        for num in key.numbers:
            for tok in key.place:
                bucket = self.buckets.get((num, tok))
                if tok != num and bucket is not None and len(bucket) <= MAX_BUCKET:
                    out.update(bucket)
        return out


def countries_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def entity_keys(e: Entity) -> Iterator[tuple[tuple[str, str], str, str]]:
    """Every identifier and contact key of a listed party."""
    pairs = [(prop, v) for prop in ID_TYPES for v in e.get(prop)]
    yield from id_keys(pairs)
    yield from contact_keys(e.get("phone"), e.get("email"), e.get("website"), e.first("country"))


def build_shared_index(things: dict[str, Entity], addresses: dict[str, list[str]]) -> SharedIndex:
    """The index of ``things`` (listed parties by id) with their address strings."""
    index = SharedIndex()
    groups: dict[tuple[str, str], list[Holder]] = defaultdict(list)
    for e in things.values():
        countries = frozenset(e.get("country") + e.get("jurisdiction"))
        if countries:
            index.countries[e.id] = countries
        for key, prop, value in entity_keys(e):
            groups[key].append(Holder(e.id, prop, value))
    index.keys = {k: tuple(v) for k, v in groups.items()}
    links: dict[tuple[str, str, str], Link] = {}
    for key, holders in index.keys.items():
        distinct = {h.entity for h in holders}
        if len(distinct) < 2:
            continue
        if len(distinct) > MAX_SHARED:
            index.hubs.add(key)
            continue
        for i, ha in enumerate(holders):
            for hb in holders[i + 1 :]:
                if ha.entity == hb.entity:
                    continue
                a, b = things[ha.entity], things[hb.entity]
                national = hb.prop in NATIONAL_IDS or ha.prop in NATIONAL_IDS
                ca, cb = index.countries.get(a.id, frozenset()), index.countries.get(b.id, frozenset())  # fmt: skip
                if national and not countries_agree(ca, cb):
                    continue
                strong = ha.prop in STRONG_IDS and hb.prop in STRONG_IDS and a.schema_obj.can_match(b.schema_obj)  # fmt: skip
                kind = edge_kind(key[0], strong)
                pair = (min(a.id, b.id), max(a.id, b.id), kind)
                links.setdefault(pair, Link(ha, hb, kind))
    index.links = list(links.values())
    _address_links(index, addresses)
    return index


def _address_links(index: SharedIndex, addresses: dict[str, list[str]]) -> None:
    entries = index.addresses
    for eid, texts in addresses.items():
        for text in dict.fromkeys(texts):
            if (key := address_key(text)) is not None:
                entries.append((eid, text, key))
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_eid, _text, key) in enumerate(entries):
        for num in key.numbers:
            for tok in key.place:
                if tok != num:
                    buckets[(num, tok)].append(i)
    index.buckets = dict(buckets)
    # every pair of listed addresses naming one place, by entry
    related: dict[int, dict[int, str]] = defaultdict(dict)
    for i, (eid, _text, key) in enumerate(entries):
        for j in index.address_candidates(key):
            if j <= i or entries[j][0] == eid:
                continue
            relation = key.relation(entries[j][2])
            if relation is not None:
                related[i][j] = relation
                related[j][i] = relation
    best: dict[tuple[str, str], tuple[int, int, str]] = {}
    for i, others in related.items():
        if len({entries[j][0] for j in others}) > MAX_SHARED:
            index.hubs.add(("address", entries[i][1]))
            continue
        for j, relation in others.items():
            if j < i:
                continue
            if len({entries[k][0] for k in related[j]}) > MAX_SHARED:
                continue
            a, b = entries[i][0], entries[j][0]
            pair = (min(a, b), max(a, b))
            have = best.get(pair)
            if have is None or (have[2] == "same_building" and relation == "same_address"):
                best[pair] = (i, j, relation)
    for i, j, relation in best.values():
        (ea, ta, _), (eb, tb, _) = entries[i], entries[j]
        index.links.append(Link(Holder(ea, "address", ta), Holder(eb, "address", tb), relation))


def shared_index(lists: ListData) -> SharedIndex:
    """The list data's index, built on first use and kept with the list data."""

    def build() -> SharedIndex:
        addresses = {eid: lists.entity_addresses(e) for eid, e in lists.things.items()}
        return build_shared_index(lists.things, addresses)

    return lists.derived("shared", build)
