"""The portfolio indexed like a list, kept in the database for delta rescreens.

:meth:`Monitor.rescreen <tracewire.workflow.monitor.Monitor.rescreen>` looks each changed
list entry up in an index of the portfolio's names. That index used to be a
:class:`~tracewire.match.index.NameIndex` of the whole portfolio held in memory and
pickled to one file: memory and a file in proportion to the portfolio. It now lives in
the store's database (tables in :mod:`tracewire.workflow.tables`):

- ``portfolio_keys``: the postings, one row per (name key, party) with how often one of
  the party's names holds the key; ``portfolio_names``: one row per indexed party (its
  distinct name words, the schema it is matched as, a hash of what it was indexed from);
- ``portfolio_variants``: each word key under its one- and two-letter deletions, by which
  a misspelt word finds it (SymSpell), written once per key ever seen;
- ``portfolio_index_state``: the code the keys were made with.

Imports keep it up to date in their own transaction (:func:`index_parties`,
:func:`unindex`): an import that fails leaves neither the parties nor their keys. When
the state row is missing or names other code (a new tracewire, an upgraded store),
:meth:`PortfolioIndex.sync` rebuilds it from the portfolio, read in chunks by key range.

A lookup reads only what one list entry's names can meet: the counts of its keys and of
their typo variants, the variants' keys, then the postings of the keys it meets. From
those it makes a :class:`Slice`, a ``NameIndex`` holding just that part
(:class:`~tracewire.match.index.PartIndex`), and runs the ordinary
:meth:`NameIndex.candidates <tracewire.match.index.NameIndex.candidates>` on it.
The rarities are the whole portfolio's (from the counts and the number of indexed
parties) and the parties are ranked by id as in an index of the whole portfolio in id
order, so the candidates are those :func:`build_index` of the whole portfolio gives:
tests compare the two on real lists. Should the lookup meet a key it did not read, the
slice says so and the lookup is made again with it (counted in
:attr:`IndexReader.misses`): never a wrong answer, at worst a second read.

A rescreen reads for a group of entries at once (:meth:`IndexReader.prefetch`: a few
``IN (...)`` queries for all their keys, then the postings they meet), and the reader
keeps what it read for the lookups after (common words recur), so each posting is read
once per rescreen. The parties met are numbered as met (:class:`Parties`) and the
postings kept as arrays of those numbers: a slice is made with array operations.

Memory does not follow the portfolio: the reader keeps at most :data:`CACHE_ROWS`
postings rows, :data:`CACHE_PARTIES` parties and :data:`CACHE_KEYS` key counts between
entries.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson
from sqlalchemy import Connection, Engine, delete, func, insert, select

import tracewire.match
from tracewire.bounds import TYPO_KEY_CHARS
from tracewire.match.index import (
    COMPATIBLE,
    SURNAME_KEYS,
    Missing,
    NameIndex,
    PartIndex,
    Record,
    abd_keys,
    deletions,
    key_splits,
    letter_replaced,
    syllable_lookup_keys,
    transpositions,
)
from tracewire.match.normalise import NameForm, abjad_skeletons, fold, skeleton
from tracewire.match.screener import INDEX_FORMAT
from tracewire.memory import gc_paused
from tracewire.model import MATCHABLE_SCHEMATA, Entity
from tracewire.workflow.tables import (
    parties,
    portfolio_index_state,
    portfolio_keys,
    portfolio_names,
    portfolio_variants,
)

if TYPE_CHECKING:
    from tracewire.workflow.portfolio import Party

#: the layout of the index tables' contents (a change: rebuilt)
INDEX_LAYOUT = 2
#: libraries whose behaviour goes into a name's index keys
LIBRARIES = (
    "cantonese-romanisation",
    "followthemoney",
    "normality",
    "pypinyin",
    "rapidfuzz",
    "rigour",
    "zhconv",
)
#: parties read, indexed and written per transaction statement when (re)building
CHUNK_ROWS = 5_000
#: values per ``IN (...)`` of one query
IN_BATCH = 500
#: postings rows a reader keeps between lookups (common words: met by many entries),
#: each a party's number (4 bytes)
CACHE_ROWS = 10_000_000
#: key counts and variant lists a reader keeps between lookups
CACHE_KEYS = 200_000
#: parties (id, size, schema: about 250 bytes each) a reader keeps between lookups
CACHE_PARTIES = 1_000_000

Progress = Callable[[int, int], None]


@cache
def code_tag() -> str:
    """The name-keying code: the match package's source and the libraries it uses. An
    index made by other code is rebuilt (its keys could differ)."""
    h = hashlib.sha256(repr((INDEX_LAYOUT, INDEX_FORMAT, tracewire.__version__)).encode())
    source = tracewire.match.__file__
    try:
        for path in sorted(Path(source).parent.glob("*.py")) if source else []:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:
        h.update(b"no source")
    for dist in LIBRARIES:
        try:
            version = importlib_metadata.version(dist)
        except importlib_metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{dist}={version}".encode())
    return h.hexdigest()


def _entity(party: Party) -> Entity:
    entity = Entity.make(party.schema or "LegalEntity", party.id, "portfolio")
    entity.properties["name"] = [party.name]
    return entity


def build_index(parties: Sequence[Party]) -> NameIndex:
    """The whole portfolio as one in-memory list index (each party's name under the keys a
    list entry's gets): what the stored index answers as, kept as its reference."""
    with gc_paused():
        return NameIndex(_entity(p) for p in parties)


def source_hash(party: Party) -> str:
    """What a party's index rows are made of: its name and schema."""
    return hashlib.sha256(orjson.dumps([party.name, party.schema])).hexdigest()


def party_rows(party: Party) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """A party's ``portfolio_names`` row and ``portfolio_keys`` rows, as
    :class:`NameIndex` files the party (None: its name has no keys, it is not indexed)."""
    entity = _entity(party)
    if entity.schema not in MATCHABLE_SCHEMATA:
        return None
    record = Record.from_entity(entity)
    if not record.names:
        return None
    times: dict[str, int] = {}
    for form, _weak in record.names:
        for key in form.keys:
            times.setdefault(key, 1)
            times.setdefault("%" + skeleton(key), 1)
        if len(form.keys) > 1 and len(form.compact) >= 6:
            times.setdefault("~" + form.compact, 1)
        if entity.schema != "Person" and 2 <= len(form.acronym) <= 8:
            times.setdefault("^" + form.acronym, 1)
        if len(set(form.keys)) < len(form.keys):
            for key in set(form.keys):
                times[key] = max(times[key], form.keys.count(key))
    for group, values in record.ids.items():
        for value in values:
            times.setdefault(f"#{group}:{value}", 1)
    schema = (
        "Organization" if entity.schema == "LegalEntity" and record.org_types else entity.schema
    )
    size = len({k for form, _ in record.names for k in form.keys})
    name = {"party_id": party.id, "size": size, "schema": schema, "source": source_hash(party)}
    return name, [{"key": k, "party_id": party.id, "times": t} for k, t in times.items()]


def variants(key: str) -> Iterator[tuple[str, int]]:
    """A word key's deletion variants, as :class:`NameIndex` files them: (variant, edits)."""
    if len(key) < 4 or key[0] in "~#%^":
        return
    ones = deletions(key)
    for v in ones:
        yield v, 1
    if 5 <= len(key) <= 9:
        for v2 in {v2 for v in ones for v2 in deletions(v)}:
            yield v2, 2


def _batches(values: Iterable[Any], size: int = IN_BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for v in values:
        batch.append(v)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert_many(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    ignore_duplicates: bool = False,
) -> None:
    """Rows inserted in one batch as plain SQL (SQLite and PostgreSQL both read it; an
    import writes about ten rows per party, and SQLAlchemy's per-row parameter handling
    would cost more than the writes)."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        + (" ON CONFLICT DO NOTHING" if ignore_duplicates else "")
    )
    conn.exec_driver_sql(sql, rows)


def is_current(conn: Connection) -> bool:
    """Whether the stored index was built by this code (and so is kept up to date)."""
    code = conn.scalar(select(portfolio_index_state.c.code).where(portfolio_index_state.c.id == 1))
    return code == code_tag()


def start_empty(conn: Connection) -> bool:
    """Mark the index of an empty portfolio current (its rows are cleared): imports keep
    it from then on, and no rebuild is needed. True."""
    conn.execute(delete(portfolio_index_state))
    conn.execute(delete(portfolio_keys))
    conn.execute(delete(portfolio_names))
    conn.execute(
        insert(portfolio_index_state).values(id=1, code=code_tag(), built_at=datetime.now(UTC))
    )
    return True


def unindex(conn: Connection, ids: Sequence[str]) -> None:
    """Take parties out of the index (in the caller's transaction)."""
    for batch in _batches(ids):
        conn.execute(delete(portfolio_keys).where(portfolio_keys.c.party_id.in_(batch)))
        conn.execute(delete(portfolio_names).where(portfolio_names.c.party_id.in_(batch)))


def index_parties(conn: Connection, batch: Sequence[Party], replace: bool = True) -> None:
    """File parties in the index, in the caller's transaction (``replace``: their earlier
    rows go first). The deletion variants of keys not seen before are added."""
    if replace:
        unindex(conn, [p.id for p in batch])
    names: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    for party in batch:
        made = party_rows(party)
        if made is not None:
            names.append(made[0])
            keys.extend(made[1])
    if names:
        _insert_many(
            conn,
            "portfolio_names",
            ("party_id", "size", "schema", "source"),
            [(n["party_id"], n["size"], n["schema"], n["source"]) for n in names],
        )
        _insert_many(conn, "portfolio_keys", ("key", "party_id", "times"),
                     [(k["key"], k["party_id"], k["times"]) for k in keys])  # fmt: skip
    words = sorted({r["key"] for r in keys if len(r["key"]) >= 4 and r["key"][0] not in "~#%^"})
    for batch_keys in _batches(words):
        # a key with a variant row has all of them (written together)
        seen = set(
            conn.scalars(
                select(portfolio_variants.c.key)
                .where(portfolio_variants.c.key.in_(batch_keys))
                .distinct()
            )
        )
        rows = [
            (v, key, edits) for key in batch_keys if key not in seen for v, edits in variants(key)
        ]
        for start in range(0, len(rows), CHUNK_ROWS):
            _insert_many(conn, "portfolio_variants", ("variant", "key", "edits"),
                         rows[start : start + CHUNK_ROWS], ignore_duplicates=True)  # fmt: skip


class PortfolioIndex:
    """The stored index of one store's portfolio: kept current, and read per lookup.

    ``rebuilt`` counts the whole rebuilds :meth:`sync` made (none while imports keep the
    index up to date)."""

    def __init__(self, engine: Engine, chunk_rows: int = CHUNK_ROWS) -> None:
        self.engine = engine
        self.chunk_rows = chunk_rows
        self.rebuilt = 0
        self.last_reader: IndexReader | None = None

    def sync(self, progress: Progress | None = None) -> bool:
        """Rebuild the index when it was made by other code or never made; True if it was.

        The rebuild is one transaction (a rebuild cut short leaves the index as it was,
        unusable, and the next sync starts again), reading the portfolio in chunks of
        ``chunk_rows`` parties by key range."""
        with self.engine.connect() as conn:
            if is_current(conn):
                return False
        with self.engine.begin() as conn:
            if is_current(conn):  # another process rebuilt it meanwhile
                return False
            conn.execute(delete(portfolio_index_state))
            conn.execute(delete(portfolio_keys))
            conn.execute(delete(portfolio_names))
            total = int(
                conn.scalar(
                    select(func.count()).select_from(parties).where(parties.c.removed_at.is_(None))
                )
                or 0
            )
            done = 0
            for chunk in iter_parties(conn, self.chunk_rows):
                index_parties(conn, chunk, replace=False)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            conn.execute(
                insert(portfolio_index_state).values(
                    id=1, code=code_tag(), built_at=datetime.now(UTC)
                )
            )
        self.rebuilt += 1
        return True

    def reader(self) -> IndexReader:
        """A reader of the index as it is now (call :meth:`sync` first); the last one made
        stays in :attr:`last_reader` (its counts of queries and misses)."""
        self.last_reader = IndexReader(self.engine)
        return self.last_reader


def iter_parties(
    db: Connection | Engine,
    chunk_rows: int,
    where: Any = None,
    ids: Sequence[str] | None = None,
) -> Iterator[list[Party]]:
    """Active parties in chunks of ``chunk_rows``, by id, read by key range (keyset
    pagination: each chunk is one query starting after the last id of the one before, so
    no chunk costs more than its own rows, and no query holds the whole portfolio).
    ``where``: a further condition; ``ids``: only these (read in chunks of them). Given an
    engine, each chunk is read on a connection of its own (none stays open in between)."""
    from tracewire.workflow.portfolio import row_party

    def read(stmt: Any) -> list[Party]:
        if isinstance(db, Engine):
            with db.connect() as conn:
                return [row_party(r) for r in conn.execute(stmt)]
        return [row_party(r) for r in db.execute(stmt)]

    base = select(parties).where(parties.c.removed_at.is_(None))
    if where is not None:
        base = base.where(where)
    if ids is not None:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), chunk_rows):
            found: list[Party] = []
            for batch in _batches(wanted[start : start + chunk_rows]):
                found.extend(read(base.where(parties.c.id.in_(batch)).order_by(parties.c.id)))
            if found:
                yield found
        return
    last: str | None = None
    while True:
        stmt = base.order_by(parties.c.id).limit(chunk_rows)
        if last is not None:
            stmt = stmt.where(parties.c.id > last)
        chunk = read(stmt)
        if not chunk:
            return
        yield chunk
        last = chunk[-1].id
        if len(chunk) < chunk_rows:
            return


class _Known(dict[str, int]):
    """Key → number of parties holding it; asking about a key not read raises Missing."""

    def __contains__(self, key: object) -> bool:
        count = self.get(key)  # type: ignore[call-overload]
        if count is None:
            raise Missing("count", str(key))
        return bool(count)


class _Variants(dict[str, tuple[str, ...]]):
    """Variant → the keys filed under it; asking about a variant not read raises Missing."""

    def __init__(self, data: dict[str, tuple[str, ...]], asked: set[str], kind: str) -> None:
        super().__init__(data)
        self.asked = asked
        self.kind = kind

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self.asked:
            raise Missing(self.kind, key)
        return super().get(key, default)


class Parties:
    """The parties a reader has met, each under a small number (the order they were met
    in): its id, its number of distinct name words and its schema, as arrays, so that a
    lookup's slice is made with array operations, not per party in Python."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.ids: list[str] = []
        self.schema_codes: dict[str, int] = {}
        self.schema_names: list[str] = []
        self._ids = np.zeros(0, dtype="<U16")  # the ids again, for sorting (numpy strings)
        self._sizes = np.zeros(0, dtype=np.int32)  # -1: not read yet
        self._schemas = np.zeros(0, dtype=np.int16)
        #: an id numpy cannot hold as it is (a trailing NUL): sorted in Python then
        self._exotic = False
        self._filled = 0  # parties in the arrays

    def __len__(self) -> int:
        return len(self.ids)

    def number(self, party_id: str) -> int:
        n = self.numbers.get(party_id)
        if n is None:
            n = self.numbers[party_id] = len(self.ids)
            self.ids.append(party_id)
        return n

    def _grow(self) -> None:
        """The arrays holding every party met (new ones: not read yet)."""
        n, have = len(self.ids), self._filled
        if n <= have:
            return
        new = self.ids[have:]
        width = max(len(i) for i in new)
        if width > self._ids.dtype.itemsize // 4:
            self._ids = self._ids.astype(f"<U{width}")
        self._exotic = self._exotic or any(i.endswith("\0") for i in new)
        room = len(self._sizes)
        if n > room:
            more = max(n, 2 * room, 1024) - room
            self._ids = np.concatenate((self._ids, np.zeros(more, dtype=self._ids.dtype)))
            self._sizes = np.concatenate((self._sizes, np.full(more, -1, dtype=np.int32)))
            self._schemas = np.concatenate((self._schemas, np.zeros(more, dtype=np.int16)))
        self._ids[have:n] = new
        self._filled = n

    def unread(self) -> list[str]:
        """The ids of the parties whose size and schema are not read yet."""
        self._grow()
        n = len(self.ids)
        return [self.ids[i] for i in np.flatnonzero(self._sizes[:n] < 0).tolist()]

    def set_info(self, party_id: str, size: int, schema: str) -> None:
        n = self.numbers[party_id]
        self._sizes[n] = size
        code = self.schema_codes.get(schema)
        if code is None:
            code = self.schema_codes[schema] = len(self.schema_names)
            self.schema_names.append(schema)
        self._schemas[n] = code

    def in_id_order(self, numbers: np.ndarray) -> np.ndarray:
        """``numbers`` (distinct) ordered by their parties' ids."""
        if self._exotic:
            return numbers[
                sorted(range(len(numbers)), key=[self.ids[i] for i in numbers].__getitem__)
            ]
        self._grow()
        return numbers[np.argsort(self._ids[numbers], kind="stable")]

    def sizes(self, numbers: np.ndarray) -> np.ndarray:
        return self._sizes[numbers]

    def schemas(self, numbers: np.ndarray) -> np.ndarray:
        return self._schemas[numbers]


class Slice:
    """The part of the portfolio's index that one lookup meets: a
    :class:`~tracewire.match.index.PartIndex` (:attr:`index`) of only the parties and
    keys read for it, answering :meth:`candidates` as the index of the whole portfolio
    (``total`` parties) would. Its entries are the parties in id order;
    :meth:`party_ids` maps them back.

    ``postings``: per key, the numbers (in ``parties``) of the parties holding it;
    ``repeats``: per key, the parties holding it more than once and how often (two
    arrays)."""

    def __init__(
        self,
        total: int,
        counts: dict[str, int],
        variants1: dict[str, tuple[str, ...]],
        variants2: dict[str, tuple[str, ...]],
        asked: set[str],
        postings: dict[str, np.ndarray],
        repeats: dict[str, tuple[np.ndarray, np.ndarray]],
        parties: Parties,
    ) -> None:
        self.parties = parties
        every = np.concatenate(list(postings.values())) if postings else np.zeros(0, np.int32)
        met = np.unique(every)  # party numbers, ascending
        #: the slice's entries (party numbers), in id order
        self.members = parties.in_id_order(met)
        rank = np.empty(len(met), dtype=np.int32)  # by position in ``met``: entry
        rank[np.searchsorted(met, self.members)] = np.arange(len(met), dtype=np.int32)
        arrays = {
            key: np.sort(rank[np.searchsorted(met, numbers)]) for key, numbers in postings.items()
        }
        times: dict[tuple[int, str], int] = {}
        for key, (numbers, counted) in repeats.items():
            if key in postings:
                entries = rank[np.searchsorted(met, numbers)].tolist()
                for entry, t in zip(entries, counted.tolist(), strict=True):
                    times[entry, key] = t
        coded = parties.schemas(self.members)
        # per query schema, which parties' schemas it may meet (as a table of the codes)
        meets = {
            schema: np.array([s in allowed for s in parties.schema_names], dtype=bool)[coded]
            for schema, allowed in COMPATIBLE.items()
        }
        #: the part as an index (NameIndex.candidates and similar_keys run on it)
        self.index = PartIndex(
            total,
            _Known(counts),
            _Variants(variants1, asked, "variant"),
            _Variants(variants2, asked, "variant2"),
            arrays,
            times,
            parties.sizes(self.members),
            meets,
        )

    def party_ids(self, entries: Sequence[int]) -> list[str]:
        ids = self.parties.ids
        return [ids[n] for n in self.members[list(entries)].tolist()] if len(entries) else []


def _whole_name_keys(form: NameForm) -> set[str]:
    """The keys a lookup of ``form`` asks for the whole name: its letters run together,
    a one-word name as a compact and as initials, or its acronym (as
    :meth:`NameIndex.candidates` asks them)."""
    keys = {"~" + form.compact} if len(form.compact) >= 6 else set()
    if len(form.keys) == 1:
        keys.add("~" + form.keys[0])
        if 3 <= len(form.tokens[0]) <= 8:
            keys.add("^" + form.tokens[0])
    elif 3 <= len(form.acronym) <= 8:
        keys.add(fold(form.acronym))
    return keys


def _lookup_keys(forms: Sequence[NameForm], ids: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """What a lookup of these names can ask about: (keys whose count it needs, variants
    whose keys it needs). Postings: of the keys it meets, found once the counts are in."""
    counted: set[str] = set()
    varied: set[str] = set()
    for group, values in ids.items():
        counted.update(f"#{group}:{value}" for value in values)
    for form in forms:
        counted.update(_whole_name_keys(form))
        if form.script == "abjad":  # other spellings' skeletons too (NameIndex.candidates)
            counted.update(abjad_skeletons(form))
        counted.update(syllable_lookup_keys(form))  # given names joined or apart
        for key, token in zip(form.keys, form.tokens, strict=True):
            counted.add(key)
            counted.update(k for pair in key_splits(key) for k in pair)  # a word as two
            counted.update(abd_keys(key))  # an Abd name and the name alone
            counted.add("%" + skeleton(key))
            counted.update(SURNAME_KEYS.get(key, ()))  # a family name's other spellings
            if len(token) == 3 or len(key) == 3:
                counted.update(fold(t) for t in transpositions(token))
                counted.update(transpositions(key))
            if 3 <= len(key) <= TYPO_KEY_CHARS:
                ones = deletions(key)
                twos = {v2 for v in ones for v2 in deletions(v)} if len(key) > 3 else set()
                counted.update(ones | twos)
                varied.update(ones | twos | {key})
                if 4 <= len(token) <= TYPO_KEY_CHARS:
                    near = {fold(shorter) for shorter in deletions(token)}
                    counted.update(near)
                    varied.update(near)
                    # a swap undone across the fold, a letter of a three-letter key
                    # replaced (NameIndex.similar_keys: counts only)
                    counted.update(fold(swapped) for swapped in transpositions(token))
                    if len(key) == 3:
                        counted.update(letter_replaced(key))
    return counted, varied


class IndexReader:
    """Lookups of list entries in the stored portfolio index.

    What a lookup reads is kept for the lookups after it (common words recur): key
    counts, variants, postings and the parties met, within :data:`CACHE_KEYS`,
    :data:`CACHE_ROWS` and :data:`CACHE_PARTIES`, let go between lookups, never within
    one. :meth:`prefetch` reads what a group of entries' lookups need in a few queries
    for all of them, so that each posting is read once per rescreen (unless the bounds
    let it go). ``queries`` counts the database round trips, ``misses`` the lookups made
    again for a key the first read did not cover."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.queries = 0
        self.misses = 0
        with engine.connect() as conn:
            self.total = int(conn.scalar(select(func.count()).select_from(portfolio_names)) or 0)
        self._counts: dict[str, int] = {}
        self._variants: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._postings: OrderedDict[str, np.ndarray] = OrderedDict()
        self._repeats: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._posting_rows = 0
        self._parties = Parties()
        #: near keys found (by key and word): they follow from the counts and variants
        self._similar: dict[tuple[str, str], list[str]] = {}
        #: a prefetch's reads are kept until the next prefetch (not let go per lookup)
        self._held = False

    def _trim(self) -> None:
        """Let go of what is kept beyond the bounds (between lookups)."""
        if len(self._counts) > CACHE_KEYS:
            self._counts.clear()
            self._similar.clear()
        if len(self._variants) > CACHE_KEYS:
            self._variants.clear()
            self._similar.clear()
        if len(self._parties) > CACHE_PARTIES:
            # the postings hold the parties' numbers: they go with them
            self._parties = Parties()
            self._postings.clear()
            self._repeats.clear()
            self._posting_rows = 0

    def prefetch(self, entries: Sequence[tuple[list[NameForm], dict[str, set[str]]]]) -> None:
        """Read what the lookups of ``entries`` (names, identifiers) will ask, for all of
        them at once: their keys' counts and variants, then the postings of the keys they
        meet and the parties holding them. Kept until the next prefetch; a lookup still
        reads anything it finds missing."""
        self._trim()
        self._held = True
        counted: set[str] = set()
        varied: set[str] = set()
        asked = []
        for forms, ids in entries:
            keys, variants_ = _lookup_keys(forms, ids)
            counted |= keys
            varied |= variants_
            asked.append((forms, keys, variants_))
        with self.engine.connect() as conn:
            self._keys(conn, counted, varied)
            wanted: set[str] = set()
            for forms, keys, variants_ in asked:
                known, v1, v2 = self._keys(conn, keys, variants_)
                try:
                    met = self._met(self._probe(known, v1, v2, variants_), forms)
                except Missing:
                    continue  # the lookup itself reads what it needs
                wanted |= met | {k for k in keys if k.startswith("#")}
            self._read_postings(conn, {k for k in wanted if self._counts.get(k, 1)})
            self._read_parties(conn)

    def _keys(
        self, conn: Connection, counted: set[str], varied: set[str]
    ) -> tuple[dict[str, int], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """The counts of ``counted`` and of the keys ``varied``'s variants lead to, and
        those variants (only to keys some party holds)."""
        self._read_counts(conn, counted)
        found1, found2 = self._read_variants(conn, varied)
        keys = {k for ks in (*found1.values(), *found2.values()) for k in ks}
        self._read_counts(conn, keys)
        counts = self._counts
        v1 = {v: tuple(k for k in ks if counts[k]) for v, ks in found1.items()}
        v2 = {v: tuple(k for k in ks if counts[k]) for v, ks in found2.items()}
        return {k: counts[k] for k in counted | keys}, v1, v2

    def _probe(
        self,
        known: dict[str, int],
        v1: dict[str, tuple[str, ...]],
        v2: dict[str, tuple[str, ...]],
        varied: set[str],
    ) -> Slice:
        """A slice with the counts and variants only: for finding the keys a lookup meets."""
        probe = Slice(self.total, known, v1, v2, varied, {}, {}, self._parties)
        if len(self._similar) > CACHE_KEYS:
            self._similar.clear()
        probe.index.__dict__["_similar"] = self._similar
        return probe

    def candidates(self, forms: list[NameForm], ids: dict[str, set[str]], limit: int) -> list[str]:
        """The party ids :meth:`NameIndex.candidates` of the whole portfolio gives for
        these names and identifiers (as a list entry looks the portfolio up: any schema),
        best first."""
        counted, varied = _lookup_keys(forms, ids)
        extra = {k for k in counted if k.startswith("#")}  # identifiers: read as they are
        if not self._held:  # what is kept is let go between lookups, never within one
            self._trim()
        with self.engine.connect() as conn:
            for _attempt in range(100):
                known, v1, v2 = self._keys(conn, counted, varied)
                probe = self._probe(known, v1, v2, varied)
                try:
                    wanted = self._met(probe, forms) | extra
                except Missing as exc:
                    self.misses += 1
                    (varied if exc.kind.startswith("variant") else counted).add(exc.key)
                    continue
                wanted = {k for k in wanted if known.get(k, 1)}
                postings = self._read_postings(conn, wanted)
                self._read_parties(conn)
                repeats = {k: self._repeats[k] for k in postings if k in self._repeats}
                part = Slice(self.total, known, v1, v2, varied, postings, repeats, self._parties)
                part.index.__dict__["_similar"] = self._similar  # the same counts and variants
                try:
                    rids, _hit = part.index.candidates(forms, ids, None, limit)
                except Missing as exc:
                    self.misses += 1
                    if exc.kind == "posting":
                        extra.add(exc.key)
                    if exc.kind in ("count", "posting"):
                        counted.add(exc.key)
                    else:
                        varied.add(exc.key)
                    continue
                return part.party_ids(rids)
        raise RuntimeError("the portfolio index lookup did not settle")  # pragma: no cover

    @staticmethod
    def _met(probe: Slice, forms: Sequence[NameForm]) -> set[str]:
        """The keys whose postings the lookup reads: its own, and their near keys."""
        wanted: set[str] = set()
        for form in forms:
            wanted.update(_whole_name_keys(form))
            if form.script == "abjad":  # as NameIndex.candidates reads them
                wanted.update(abjad_skeletons(form))
            wanted.update(k for k in syllable_lookup_keys(form) if k in probe.index.postings)
            for key, token in zip(form.keys, form.tokens, strict=True):
                wanted.add(key)
                wanted.update(probe.index.similar_keys(key, token))
                if len(token) == 3 or len(key) == 3:
                    swapped = {fold(t) for t in transpositions(token)} | transpositions(key)
                    wanted.update(k for k in swapped if k in probe.index.postings)
        return wanted

    def _rows(self, conn: Connection, sql: str, values: list[str]) -> list[Any]:
        """``sql`` with ``{in}`` as a list of placeholders for ``values``, run on the
        driver's own cursor (the lookups read many rows: SQLAlchemy's statement building
        and row objects would cost more than the query)."""
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self.queries += 1
        text = sql.replace("{in}", ", ".join([mark] * len(values)))
        cursor = conn.connection.cursor()
        try:
            cursor.execute(text, tuple(values))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def _read_counts(self, conn: Connection, keys: Iterable[str]) -> None:
        todo = sorted(k for k in set(keys) if k not in self._counts)
        for batch in _batches(todo):
            got = dict(
                self._rows(
                    conn,
                    "SELECT key, count(*) FROM portfolio_keys WHERE key IN ({in}) GROUP BY key",
                    batch,
                )
            )
            for k in batch:
                self._counts[k] = int(got.get(k, 0))

    def _read_variants(
        self, conn: Connection, asked: Iterable[str]
    ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """(variant → keys one letter off, variant → keys two letters off)."""
        out: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] = ({}, {})
        todo = []
        for v in sorted(set(asked)):
            kept = self._variants.get(v)
            if kept is None:
                todo.append(v)
            else:
                out[0][v], out[1][v] = kept
        for batch in _batches(todo):
            found: dict[str, tuple[list[str], list[str]]] = {v: ([], []) for v in batch}
            for variant, key, edits in self._rows(
                conn,
                "SELECT variant, key, edits FROM portfolio_variants WHERE variant IN ({in})",
                batch,
            ):
                found[variant][0 if edits == 1 else 1].append(key)
            for v, (ones, twos) in found.items():
                kept = self._variants[v] = (tuple(sorted(ones)), tuple(sorted(twos)))
                out[0][v], out[1][v] = kept
        return out

    def _read_postings(self, conn: Connection, keys: set[str]) -> dict[str, np.ndarray]:
        """Per key, the numbers of the parties holding it (read once, then kept while the
        bounds allow; a party holding it more than once is in :attr:`_repeats`)."""
        out: dict[str, np.ndarray] = {}
        todo = []
        for key in sorted(keys):
            kept = self._postings.get(key)
            if kept is None:
                todo.append(key)
            else:
                self._postings.move_to_end(key)
                out[key] = kept
        number = self._parties.numbers.get
        new = self._parties.number
        for batch in _batches(todo):
            found: dict[str, list[int]] = {k: [] for k in batch}
            more: dict[str, tuple[list[int], list[int]]] = {}
            for key, pid, times in self._rows(
                conn, "SELECT key, party_id, times FROM portfolio_keys WHERE key IN ({in})", batch
            ):
                n = number(pid)
                if n is None:
                    n = new(pid)
                found[key].append(n)
                if times > 1:
                    held = more.setdefault(key, ([], []))
                    held[0].append(n)
                    held[1].append(int(times))
            for key, numbers in found.items():
                out[key] = self._postings[key] = np.array(numbers, dtype=np.int32)
                self._posting_rows += len(numbers) + 1
            for key, (held_numbers, held_times) in more.items():
                self._repeats[key] = (
                    np.array(held_numbers, dtype=np.int32),
                    np.array(held_times, dtype=np.int32),
                )
        while self._posting_rows > CACHE_ROWS and len(self._postings) > 1:
            key, gone = self._postings.popitem(last=False)
            self._repeats.pop(key, None)
            self._posting_rows -= len(gone) + 1
        return out

    def _read_parties(self, conn: Connection) -> None:
        """The size and schema of the parties met and not read yet."""
        for batch in _batches(self._parties.unread()):
            for pid, size, schema in self._rows(
                conn,
                "SELECT party_id, size, schema FROM portfolio_names WHERE party_id IN ({in})",
                batch,
            ):
                self._parties.set_info(pid, int(size), schema)


__all__ = [
    "IndexReader",
    "Missing",
    "Parties",
    "PortfolioIndex",
    "Slice",
    "build_index",
    "code_tag",
    "index_parties",
    "is_current",
    "iter_parties",
    "party_rows",
    "start_empty",
    "unindex",
]
