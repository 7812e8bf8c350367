"""One OFAC advanced-XML ``DistinctParty`` as an entity.

A party has one ``Profile`` whose ``PartySubTypeID`` gives the schema (Individual →
Person, Entity → LegalEntity, Vessel, Aircraft → Airplane), an ``Identity`` holding
the names, and ``Feature`` elements (birth date, nationality, address, vessel flag, ...)
whose type is a ``FeatureType`` reference value. Identity documents sit outside the
party, in ``IDRegDocuments``, linked by ``IdentityID``; they are collected first and
joined here.

Names: the ``Primary`` alias gives ``name`` (its Latin-script form; other scripts go to
``alias``), A.K.A. and N.K.A. give ``alias``, F.K.A. ``previousName``, and any alias
marked ``LowQuality`` ``weakAlias``. A Latin-script person's name is written as OFAC
writes it in its CSV files, ``LAST, First Middle`` (so both formats give the same
names), with ``lastName``, ``firstName``, ... from the name parts; names in other
scripts join their parts in the publisher's order.
"""

from __future__ import annotations

from pathlib import Path

from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult
from tracewire.sources.ofac_xml_documents import DocumentIndex, apply_document, prop_for
from tracewire.sources.ofac_xml_values import (
    Element,
    Place,
    ReferenceValues,
    child,
    child_text,
    children,
    clark,
    is_true,
    period_dates,
    put,
)

ID_PREFIX = "ofac"
SOURCE_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"
SCHEMATA = {
    "individual": "Person",
    "entity": "LegalEntity",
    "other entity": "LegalEntity",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
PERSON_PARTS = {
    "first name": "firstName",
    "middle name": "middleName",
    "patronymic": "fatherName",
    "matronymic": "motherName",
    "last name": "lastName",
}
LAST_NAME = "last name"
#: ``Script`` values (ScriptCode or name, lower case) of the Latin script
LATIN_SCRIPTS = frozenset({"latin", "latn"})
#: feature type (lower case, without a trailing ":" or "-") -> FtM property
FEATURE_PROPS = {
    "birthdate": "birthDate",
    "place of birth": "birthPlace",
    "nationality country": "nationality",
    "citizenship country": "citizenship",
    "nationality of registration": "jurisdiction",
    "registration country": "jurisdiction",
    "gender": "gender",
    "title": "position",
    "website": "website",
    "email address": "email",
    "phone number": "phone",
    "swift/bic": "swiftBic",
    "bik (ru)": "bikCode",
    "d-u-n-s number": "dunsCode",
    "organization established date": "incorporationDate",
    "organization type": "sector",
    "target type": "legalForm",
    "vessel call sign": "callSign",
    "other vessel call sign": "callSign",
    "vessel flag": "flag",
    "other vessel flag": "pastFlags",
    "former vessel flag": "pastFlags",
    "vessel type": "type",
    "other vessel type": "type",
    "vessel tonnage": "tonnage",
    "vessel gross registered tonnage": "grossRegisteredTonnage",
    "vessel deadweight tonnage": "deadweightTonnage",
    "vessel year of build": "buildDate",
    "aircraft model": "model",
    "aircraft manufacture date": "buildDate",
    "aircraft manufacturer's serial number (msn)": "serialNumber",
    "aircraft construction number (also called l/n or s/n or f/n)": "serialNumber",
    "aircraft tail number": "registrationNumber",
    "previous aircraft tail number": "registrationNumber",
}
#: features kept as "label: value" in ``notes`` on purpose (no FtM property fits)
NOTE_FEATURES = frozenset(
    {
        "isin",
        "equity ticker",
        "micex code",
        "un/locode",
        "issuer name",
        "vessel owner",
        "aircraft operator",
        "aircraft mode s transponder code",
        "other",
    }
)
#: a feature whose label holds one of these describes the sanction, not the party
SANCTION_MARKERS = (
    "directive",
    "executive order",
    "caatsa",
    "ifca",
    "peesa",
    "sanctions information",
    "sanctions risk",
    "transactions prohibited",
    "effective date",
    "listing date",
    "divestment",
)
DIGITAL_CURRENCY = "digital currency address"


def person_name(parts: list[tuple[str, str]]) -> str | None:
    """OFAC's own rendering of a Latin-script person name: ``LAST, First Middle``."""
    last = " ".join(text for kind, text in parts if kind == LAST_NAME)
    rest = " ".join(text for kind, text in parts if kind != LAST_NAME)
    return f"{last}, {rest}" if last and rest else None


def feature_key(label: str) -> str:
    return label.replace("\u2019", "'").strip().rstrip(":-").strip().lower()


class PartyMapper:
    """Turns ``DistinctParty`` elements into entities, given the file's lookups."""

    def __init__(self, path: Path, ns: str, refs: ReferenceValues, result: ParseResult) -> None:
        self.path = path
        self.ns = ns
        self.refs = refs
        self.result = result
        self.places: dict[str, Place] = {}
        self.documents = DocumentIndex()
        #: profile id -> "label: value" texts for its Sanction
        self.sanction_notes: dict[str, list[str]] = {}
        #: unmapped feature label -> (count, first line)
        self.unmapped: dict[str, tuple[int, int | None]] = {}

    def warn(self, message: str, el: Element | None = None) -> None:
        self.result.warn(self.path, message, None if el is None else el.sourceline)

    def add(self, entity: Entity, prop: str, values: list[str], el: Element, label: str) -> None:
        target = prop_for(entity.schema_obj, prop)
        if target is None:
            self.warn(f"{label} does not apply to a {entity.schema}: {values}", el)
            put(entity, "notes", [f"{label}: {v}" for v in values])
            return
        for value in put(entity, target, values):
            self.warn(f"{label}: cannot read {value!r} as {target}", el)

    # -- the party --------------------------------------------------------------------
    def read(self, party: Element) -> tuple[str, list[Entity]] | None:
        """(profile id, [party entity, crypto wallets...]) or None for an unusable party."""
        q = self.ns
        profile = child(party, q, "Profile")
        if profile is None or profile.get("ID") is None:
            self.warn(f"DistinctParty {party.get('FixedRef')} has no Profile; skipped", party)
            return None
        profile_id = profile.get("ID") or ""
        ref = party.get("FixedRef") or profile_id
        schema = self._schema(profile)
        entity = Entity.make(schema, id=make_id(ID_PREFIX, ref), dataset=self.result.dataset)
        entity.source_id = ref
        entity.add("sourceUrl", SOURCE_URL.format(ref), cleaned=True)  # built clean
        put(entity, "notes", child_text(party, q, "Comment"))
        extra: list[Entity] = []
        for identity in children(profile, q, "Identity"):
            self._read_identity(entity, identity)
            for doc in self.documents.pop(identity.get("ID") or ""):
                for bad in apply_document(entity, doc):
                    self.result.warn(self.path, f"{doc.kind}: cannot read {bad!r}", doc.line)
        for feature in children(profile, q, "Feature"):
            extra.extend(self._read_feature(entity, profile_id, feature))
        if not entity.get("name"):
            fallback = entity.get("alias") or entity.get("weakAlias") or entity.get("previousName")
            if not fallback:
                self.warn(f"party {ref} has no name; skipped", party)
                return None
            put(entity, "name", fallback[0])
            self.warn(f"party {ref} has no primary name; using {fallback[0]!r}", party)
        return profile_id, [entity, *extra]

    def _schema(self, profile: Element) -> str:
        sub = self.refs.get("PartySubType", profile.get("PartySubTypeID"))
        text = None if sub is None else sub.text
        if sub is not None and (text is None or text.lower() == "unknown"):
            text = self.refs.text("PartyType", sub.attrs.get("PartyTypeID"))
        schema = SCHEMATA.get((text or "").lower())
        if schema is None:
            self.warn(f"unknown party type {text!r}; read as LegalEntity", profile)
            return "LegalEntity"
        return schema

    # -- names ------------------------------------------------------------------------
    def _read_identity(self, entity: Entity, identity: Element) -> None:
        q = self.ns
        groups: dict[str, str] = {}
        for group in identity.iter(clark(q, "NamePartGroup")):
            part_type = self.refs.text("NamePartType", group.get("NamePartTypeID"))
            groups[group.get("ID") or ""] = (part_type or "").lower()
        for alias in children(identity, q, "Alias"):
            self._read_alias(entity, alias, groups)

    def _read_alias(self, entity: Entity, alias: Element, groups: dict[str, str]) -> None:
        q = self.ns
        alias_type = (self.refs.text("AliasType", alias.get("AliasTypeID")) or "").upper()
        weak = is_true(alias.get("LowQuality"))
        primary = is_true(alias.get("Primary"))
        if weak:
            prop = "weakAlias"
        elif alias_type == "F.K.A.":
            prop = "previousName"
        elif primary or alias_type in ("A.K.A.", "N.K.A.", "NAME"):
            prop = "alias"
        else:
            self.warn(f"unknown alias type {alias_type!r}; read as alias", alias)
            prop = "alias"
        named = False
        for doc_name in children(alias, q, "DocumentedName"):
            parts: list[tuple[str, str]] = []
            script = None
            for value in doc_name.iter(clark(q, "NamePartValue")):
                text = " ".join((value.text or "").split())
                if text:
                    parts.append((groups.get(value.get("NamePartGroupID") or "", ""), text))
                    script = script or self._script(value.get("ScriptID"))
            if not parts:
                continue
            latin = script is None or script in LATIN_SCRIPTS
            full = person_name(parts) if entity.schema == "Person" and latin else None
            full = full or " ".join(text for _, text in parts)
            if primary and not weak and latin and not named:
                put(entity, "name", full)
                named = True
            else:
                put(entity, prop, full)
            if entity.schema == "Person" and not weak:
                for kind, text in parts:
                    if kind in PERSON_PARTS:
                        put(entity, PERSON_PARTS[kind], text)

    def _script(self, script_id: str | None) -> str | None:
        ref = self.refs.get("Script", script_id)
        if ref is None:
            return None
        return (ref.attrs.get("ScriptCode") or ref.text or "").lower() or None

    # -- features ---------------------------------------------------------------------
    def _read_feature(self, entity: Entity, profile_id: str, feature: Element) -> list[Entity]:
        q = self.ns
        label = self.refs.text("FeatureType", feature.get("FeatureTypeID"))
        if label is None:
            self.warn(f"unknown FeatureTypeID {feature.get('FeatureTypeID')}; skipped", feature)
            return []
        key = feature_key(label)
        texts: list[str] = []
        places: list[Place] = []
        dates: list[str] = []
        for version in children(feature, q, "FeatureVersion"):
            for detail in children(version, q, "VersionDetail"):
                ref_id = detail.get("DetailReferenceID")
                text = self.refs.text("DetailReference", ref_id) if ref_id else detail.text
                if text and text.strip():
                    texts.append(text.strip())
            for loc in children(version, q, "VersionLocation"):
                place = self.places.get(loc.get("LocationID") or "")
                if place is None:
                    self.warn(f"{label}: unknown LocationID {loc.get('LocationID')}", loc)
                else:
                    places.append(place)
            for period in children(version, q, "DatePeriod"):
                dates.extend(period_dates(period, q))
            comment = child_text(version, q, "Comment")
            if comment and comment.strip():
                put(entity, "notes", f"{label.strip()}: {comment.strip()}")
        if key == "location":
            for place in places:
                if place.address:
                    put(entity, "address", place.address)
                self.add(entity, "country", place.countries, feature, label)
            return []
        if key.startswith(DIGITAL_CURRENCY):
            return self._wallets(entity, label, texts)
        values = texts + dates
        for place in places:
            values.extend(place.countries or ([place.address] if place.address else []))
        if any(marker in key for marker in SANCTION_MARKERS):
            notes = self.sanction_notes.setdefault(profile_id, [])
            notes.extend(f"{label.strip().rstrip(':-').strip()}: {v}" for v in values)
            return []
        prop = FEATURE_PROPS.get(key)
        if prop is None:
            if key not in NOTE_FEATURES:
                count, line = self.unmapped.get(label, (0, feature.sourceline))
                self.unmapped[label] = (count + 1, line)
            put(entity, "notes", [f"{label.strip()}: {v}" for v in values])
            return []
        if values:
            self.add(entity, prop, values, feature, label)
        return []

    def _wallets(self, entity: Entity, label: str, keys: list[str]) -> list[Entity]:
        currency = label.split("-", 1)[1].strip() if "-" in label else None
        wallets = []
        for key in keys:
            wallet = Entity.make(
                "CryptoWallet",
                id=make_id(entity.id, "wallet", key),
                dataset=self.result.dataset,
                source_id=entity.source_id,
            )
            put(wallet, "publicKey", key)
            put(wallet, "currency", currency)
            put(wallet, "holder", entity.id)
            wallets.append(wallet)
        return wallets
