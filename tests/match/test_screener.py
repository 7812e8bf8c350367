"""The Screener on the embedded sample list: the example counterparties end to end."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tracewire.cli.demo import sample_path
from tracewire.errors import InputError
from tracewire.match import MatchResult, Query, Screener
from tracewire.model import Entity
from tracewire.screen.batch import row_to_query
from tracewire.sources.ftm import FtmJsonFormat
from tracewire.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "counterparties.csv"

# expected outcome of every example row (examples/README.md explains each)
EXPECTED = {
    "cp-001": "tw-sample-iemz-kupol",
    "cp-002": "tw-sample-iemz-kupol",
    "cp-003": "tw-sample-iemz-kupol",
    "cp-004": "tw-sample-tsk-vektor",
    "cp-005": "tw-sample-redlepus-tsk-vektor",
    "cp-006": "tw-sample-xiamen-limbach",
    "cp-007": "tw-sample-xiamen-limbach",
    "cp-008": "tw-sample-juhang-aviation",
    "cp-009": "tw-sample-artem-yamshchikov",
    "cp-010": "tw-sample-almaz-antey",
    "cp-011": "tw-sample-beijing-xichao",
    "cp-012": "tw-sample-trading-house-vector",
    "cp-013": "tw-sample-libss",
    "cp-014": "tw-sample-sichuan-aee",
    "cp-015": "tw-sample-redlepus-tsk-vektor",
}


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities(FtmJsonFormat().parse([sample_path()], "sample").entities)


def test_example_counterparties(screener: Screener) -> None:
    with open(EXAMPLES, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 26
    for n, row in enumerate(rows, start=2):
        results = screener.match(row_to_query(row, n))
        alerts = [r.entity.id for r in results if r.match]
        expected = EXPECTED.get(row["id"])
        if expected is None:
            assert alerts == [], (row["id"], row["name"], alerts)
        else:
            assert alerts[:1] == [expected], (row["id"], row["name"], alerts)


def test_identifier_decides(screener: Screener) -> None:
    # a name no list prints, but Redlepus's USCC
    (top, *_) = screener.match(
        Query.from_fields(
            "Red Hare Vector Industrial (Shenzhen) Co Ltd", identifiers="uscc:91440300MA5HX80Y1Q"
        )
    )
    assert top.entity.id == "tw-sample-redlepus-tsk-vektor" and top.score >= 0.99
    assert (
        top.explanations()["identifier"]["detail"]
        == "same registration identifier 91440300MA5HX80Y1Q"
    )
    # an identifier alone finds the entity even when the name shares nothing
    (top, *_) = screener.match(
        Query.from_fields("Unrelated Name Ltd", identifiers="inn:1831083343")
    )
    assert top.entity.id == "tw-sample-iemz-kupol" and top.match


def test_conflicting_identifier_and_birth_date_weaken(screener: Screener) -> None:
    def tsk(query: Query) -> MatchResult:
        return next(r for r in screener.match(query) if r.entity.id == "tw-sample-tsk-vektor")

    plain = tsk(Query.from_fields("OOO TSK Vektor"))
    other_inn = tsk(Query.from_fields("OOO TSK Vektor", identifiers="inn:7700000000"))
    assert not other_inn.match
    assert other_inn.score < plain.score
    assert "different tax identifier" in other_inn.explanations()["identifier"]["detail"]
    born = screener.match(
        Query.from_fields("Artem Mikhaylovich Yamshchikov", "Person", "1979-10-11")
    )[0]
    wrong = screener.match(
        Query.from_fields("Artem Mikhaylovich Yamshchikov", "Person", "1992-03-01")
    )[0]
    assert born.match and not wrong.match
    assert wrong.explanations()["birth_date"]["detail"] == "birth dates differ"


def test_persons_never_match_companies(screener: Screener) -> None:
    results = screener.match(Query.from_fields("TSK Vektor", schema="Person"))
    assert all(r.entity.schema in ("Person", "LegalEntity") for r in results)


def test_explanation_names_both_sides(screener: Screener) -> None:
    (top, *_) = screener.match(Query.from_fields("Obshchestvo TSK Vecktor"))
    name = top.to_dict()["explanations"]["name"]
    assert name["query_value"] == "Obshchestvo TSK Vecktor"
    assert name["list_value"] in top.entity.names
    assert "'vecktor' ≈ 'vektor' (typo" in name["detail"]
    assert top.to_dict()["sanctions"]


def test_bad_queries() -> None:
    with pytest.raises(InputError):
        Query.from_fields("  ")
    with pytest.raises(InputError, match="unknown schema"):
        Query.from_fields("X", schema="Spaceship")
    with pytest.raises(InputError, match="unknown identifier type"):
        Query.from_fields("X", identifiers="frob:1")


def test_index_cache_follows_list_versions(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db'}")
    cache = tmp_path / "index"
    from tracewire.ingest import load_paths

    load_paths(store, [sample_path()], dataset="sample")
    first = Screener.from_store(store, cache_dir=cache)
    assert len(list(cache.glob("index-*.pickle"))) == 1
    again = Screener.from_store(store, cache_dir=cache)
    assert len(again) == len(first)
    extra = tmp_path / "extra.ftm.json"
    extra.write_text(
        '{"id": "x1", "schema": "Company", "properties": {"name": ["Zorblax Widgets"]}}\n'
    )
    load_paths(store, [extra], dataset="extra")
    rebuilt = Screener.from_store(store, cache_dir=cache)
    assert len(rebuilt) == len(first) + 1
    assert len(list(cache.glob("index-*.pickle"))) == 1
    assert rebuilt.match(Query.from_fields("Zorblax Widgets"))[0].entity.id == "x1"


def test_building_an_index_reports_progress_loading_one_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracewire.ingest import load_paths
    from tracewire.match import index as index_module

    monkeypatch.setattr(index_module, "PROGRESS_EVERY", 4)
    store = Store(f"sqlite:///{tmp_path / 'db'}")
    load_paths(store, [sample_path()], dataset="sample")
    calls: list[tuple[int, int]] = []
    built = Screener.from_store(
        store, cache_dir=tmp_path / "index", progress=lambda d, n: calls.append((d, n))
    )
    totals = {n for _, n in calls}
    assert len(totals) == 1 and len(calls) > 2
    (total,) = totals
    assert total >= len(built) > 0  # counted in screened parties (a party may have no name)
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    calls.clear()
    Screener.from_store(
        store, cache_dir=tmp_path / "index", progress=lambda d, n: calls.append((d, n))
    )
    assert calls == []  # loaded from the cache file


def test_builds_at_once_into_one_cache_folder_leave_one_whole_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers of one service share a cache folder and are woken by the same list
    load: two builds writing the index file at the same time must not spoil it."""
    import pickle
    import threading

    from tracewire.ingest import load_paths

    store = Store(f"sqlite:///{tmp_path / 'db'}")
    load_paths(store, [sample_path()], dataset="sample")
    cache = tmp_path / "index"
    both_writing = threading.Barrier(2, timeout=60)
    dump = pickle.dump

    def dump_then_wait(obj: object, fh: object, **kw: object) -> None:
        dump(obj, fh, **kw)  # type: ignore[arg-type]
        both_writing.wait()  # the other build has its file open and written too

    monkeypatch.setattr(pickle, "dump", dump_then_wait)
    built: list[Screener] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            built.append(Screener.from_store(store, cache_dir=cache))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    monkeypatch.undo()
    assert not errors, errors
    assert [p.name for p in cache.iterdir()] == [p.name for p in cache.glob("index-*.pickle")]
    loaded = Screener.from_store(store, cache_dir=cache)  # from the file
    assert len(loaded) == len(built[0]) == len(built[1])
    assert loaded.match(Query.from_fields("TSK Vektor"))[0].entity.id == (
        built[0].match(Query.from_fields("TSK Vektor"))[0].entity.id
    )


def test_crypto_wallet_identifies_its_holder(tmp_path: Path) -> None:
    from tracewire.sources.custom_csv import CustomCsvFormat

    path = tmp_path / "list.csv"
    path.write_text(
        "id,schema,name,identifiers\n"
        "W-1,Person,Ivan Walletov,wallet:1AbCdEfGhJkLmNoPqRsTuVwXyZ12345\n",
        encoding="utf-8",
    )
    entities = CustomCsvFormat().parse([path], "mine").entities
    (wallet,) = [e for e in entities if e.schema == "CryptoWallet"]
    assert wallet.get("publicKey") == ["1AbCdEfGhJkLmNoPqRsTuVwXyZ12345"]
    screener = Screener.from_entities(entities)
    (top,) = screener.match(
        Query.from_fields("Someone Else", identifiers="wallet:1abcdefghjklmnopqrstuvwxyz12345"),
        limit=1,
    )
    assert top.entity.id == "mine-w-1" and top.match


def test_only_sanctioned_parties_are_screened() -> None:
    """A party a list names only as an owner or link is not a list hit."""
    from tracewire.model import Entity

    listed = Entity.make("Company", "a", "t")
    listed.add("name", "Zorblax Heavy Industries")
    owner = Entity.make("LegalEntity", "b", "t")
    owner.add("name", "Quuxo Holding")
    sanction = Entity.make("Sanction", "a-s", "t")
    sanction.add("entity", "a", cleaned=True)
    plain = Entity.make("Company", "c", "blocklist")  # a dataset without Sanction records
    plain.add("name", "Quuxo Holding")
    screener = Screener.from_entities([listed, owner, sanction, plain])
    assert [r.entity.id for r in screener.match(Query.from_fields("Quuxo Holding"))] == ["c"]
    assert screener.match(Query.from_fields("Zorblax Heavy Industries"))[0].entity.id == "a"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Redlepus's Chinese name, traditional script and half-width brackets
        ("紅兔矢量實業(深圳)有限公司", "tw-sample-redlepus-tsk-vektor"),
        # its English names with the place name moved and Vektor/Vector
        ("Redlepus TSK Vector Industrial Co Ltd Shenzhen", "tw-sample-redlepus-tsk-vektor"),
        # IEMZ Kupol in the OFAC transliteration and in Cyrillic
        (
            "Aktsionernoe Obshchestvo Izhevski Elektromekhanicheski Zavod Kupol",
            "tw-sample-iemz-kupol",
        ),
        ("Ижевский электромеханический завод Купол", "tw-sample-iemz-kupol"),
        ("Almaz-Antei", "tw-sample-almaz-antey"),
    ],
)
def test_real_name_variants(screener: Screener, name: str, expected: str) -> None:
    (top, *_) = screener.match(Query.from_fields(name))
    assert top.entity.id == expected and top.match, (name, top.entity.id, top.score)


def test_query_from_name_parts() -> None:
    from tracewire.model import Entity

    entity = Entity.from_ftm(
        {
            "id": "q",
            "schema": "Person",
            "properties": {
                "firstName": ["Artem"],
                "fatherName": ["Mikhaylovich"],
                "lastName": ["Yamshchikov"],
                "nationality": ["ru"],
            },
        }  # fmt: skip
    )
    query = Query.from_entity(entity)
    assert query.names == ["Artem Mikhaylovich Yamshchikov"]
    assert query.countries == ["ru"]


def test_top_results_do_not_depend_on_the_limit() -> None:
    # sixty entries share both rare words of the query and outrank, at retrieval, the one
    # entry that spells one of them with a typo (its third word, "Trading", is common);
    # that entry is still the best match, whether five results are asked for (the CLI's
    # default) or sixty
    entities = []
    for i in range(300):
        e = Entity.make("Company", f"trading-{i:03d}", "test")
        e.add("name", f"Trading {chr(97 + i % 26)}{chr(97 + i // 26 % 26)}mo")
        entities.append(e)
    for i in range(60):
        e = Entity.make("Company", f"acme-{i:02d}", "test")
        e.add("name", f"Acme Global Unit{chr(97 + i % 26)}{chr(97 + i // 26)}x")
        entities.append(e)
    typo = Entity.make("Company", "acme-typo", "test")
    typo.add("name", "Acme Globel Trading")
    screener = Screener.from_entities([*entities, typo])
    query = Query(names=["Acme Global Trading"], schema="Company")
    five = [r.entity.id for r in screener.match(query, limit=5)]
    sixty = [r.entity.id for r in screener.match(query, limit=60)]
    assert five[0] == "acme-typo"
    assert five == sixty[:5]


def test_min_score_keeps_what_the_other_features_lift_over_it() -> None:
    # Screener.match skips the features of candidates whose names cannot reach min_score;
    # a name below min_score that a birth date and a country lift above it, and a name
    # that does not match at all but shares an identifier, must still come back
    ivan = Entity.make("Person", "ivan", "test")
    # a last given name the query leaves out (a patronymic would weigh half, a middle name
    # less: names.left_out_share)
    ivan.add("name", "Petrov Ivan Sergei")
    ivan.add("birthDate", "1970-03-04")
    ivan.add("nationality", "ru")
    firm = Entity.make("Company", "firm", "test")
    firm.add("name", "Northern Star Holding")
    firm.add("innCode", "7707083893")
    screener = Screener.from_entities([ivan, firm])
    query = Query(
        names=["Ivan Petrov"], schema="Person", birth_dates=["1970-03-04"], countries=["ru"]
    )
    (top,) = screener.match(query, min_score=0.9)
    assert top.entity.id == "ivan" and top.name.score < 0.9 <= top.score
    by_id = Query(names=["Acme Widgets"], schema="Company", identifiers=[("innCode", "7707083893")])
    (hit,) = screener.match(by_id, min_score=0.5)
    assert hit.entity.id == "firm" and hit.name.score < 0.5 and hit.score >= 0.99


def test_limit_zero_asks_for_nothing(screener: Screener) -> None:
    query = Query(names=["IEMZ Kupol"], schema="Company")
    assert screener.match(query, limit=0) == []
    assert screener.match(query, limit=1)[0].entity.id == "tw-sample-iemz-kupol"
