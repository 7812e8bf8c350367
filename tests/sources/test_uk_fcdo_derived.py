"""The derived 2026-05 UK Sanctions List: five CSV files read together.

Expected counts come from PROVENANCE.md (subjects 6,046: 3,883 individuals, 1,531
entities, 632 ships; names 15,050; dobs 3,538; identifiers 22,787; countries 88,029)
and from plain ``csv.DictReader`` tallies over the files, redone in
``test_counts_match_plain_tallies``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import RAW, raw_file
from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.sources.uk_fcdo_derived import FcdoDerivedFormat

FMT = FcdoDerivedFormat()
FILES = (
    "subjects.csv",
    "subject_names.csv",
    "subject_dobs.csv",
    "subject_identifiers.csv",
    "subject_countries.csv",
)


@pytest.fixture(scope="module")
def folder() -> Path:
    return raw_file("uk_sanctions_list_derived_2026-05", "subjects.csv").parent


@pytest.fixture(scope="module")
def result(folder: Path) -> ParseResult:
    paths = [folder / name for name in FILES]
    assert FMT.sniff(paths)
    return FMT.parse(paths, FMT.default_dataset)


@pytest.fixture(scope="module")
def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


@pytest.mark.slow
def test_counts(result: ParseResult) -> None:
    assert result.schema_counts() == {
        "LegalEntity": 1531,
        "Person": 3883,
        "Sanction": 6046,
        "Vessel": 632,
    }
    assert result.rows == {
        "subjects.csv": 6046,
        "subject_names.csv": 15050,
        "subject_dobs.csv": 3538,
        "subject_identifiers.csv": 22787,
        "subject_countries.csv": 88029,
    }
    assert result.publisher_date is None  # the files state none


@pytest.mark.slow
def test_counts_match_plain_tallies(result: ParseResult, folder: Path) -> None:
    def uids(name: str, **where: str) -> set[str]:
        with open(folder / name, encoding="utf-8", newline="") as fh:
            return {
                r["unique_id"]
                for r in csv.DictReader(fh)
                if all(r[k] == v for k, v in where.items())
            }

    targets = [e for e in result.entities if e.schema != "Sanction"]

    def having(prop: str) -> int:
        return sum(1 for e in targets if e.get(prop))

    assert having("birthDate") == len(uids("subject_dobs.csv")) == 1043
    assert (
        having("passportNumber")
        == len(uids("subject_identifiers.csv", identifier_type="passport"))
        == 568
    )
    assert (
        having("idNumber")
        == len(uids("subject_identifiers.csv", identifier_type="national"))
        == 377
    )
    assert having("imoNumber") == len(uids("subject_identifiers.csv", identifier_type="imo")) == 631
    assert (
        having("weakAlias")
        == len(uids("subject_names.csv", alias_strength="low_quality_aka"))
        == 221
    )
    assert (
        having("nationality")
        == len(uids("subject_countries.csv", country_type="nationality"))
        == 2775
    )
    assert having("country") == len(uids("subject_countries.csv", country_type="address")) == 3026
    # two subjects' only birth country is no country (see test_warnings)
    assert having("birthCountry") == len(uids("subject_countries.csv", country_type="birth")) - 2
    names: dict[str, set[str]] = defaultdict(set)
    with open(folder / "subject_names.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            names[r["unique_id"]].add(" ".join(r["full_name"].split()).strip("'"))
    # (FollowTheMoney drops quotes around a whole name: 'Federal State of Novorossiya')
    assert {e.source_id: {n.strip("'") for n in e.names} for e in targets} == names


def test_spot_checks(by_id: dict[str, Entity]) -> None:
    almaz = by_id["gb-fcdo-rus0178"]
    assert almaz.get("name") == ["Almaz-Antey Air and Space Defense Corporation."]
    assert almaz.get("alias") == [
        "Joint Stock Company Almaz-Antey Corporation",
        "Almaz-Antey Corp",
        "Almaz-Antey Defense Corporation",
        "Almaz-Antey JSC",
        "Concern Almaz-Antey",
    ]
    assert almaz.get("country") == ["ru"]
    sanction = by_id["gb-fcdo-rus0178-sanction-gb-rus"]
    assert sanction.get("program") == ["Russia"] and sanction.get("programId") == ["GB-RUS"]
    assert sanction.get("listingDate") == ["2020-12-31"] and sanction.get("modifiedAt") == [
        "2025-04-09"
    ]
    assert sanction.get("authority") == ["UK Foreign, Commonwealth & Development Office"]

    vektor = by_id["gb-fcdo-rus2262"]
    assert vektor.get("name") == ["TSK VEKTOR"]
    assert vektor.get("alias") == [
        "LLC TSK Vektor",
        "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU TSK VEKTOR",
    ]
    assert vektor.get("innCode") == ["3849055365"] and vektor.get("ogrnCode") == ["1153850042246"]
    assert by_id["gb-fcdo-rus2262-sanction-gb-rus"].get("listingDate") == ["2024-11-07"]

    red = by_id["gb-fcdo-rus2257"]
    assert red.get("alias") == [
        "Red Rabbit TSK Vektor Industrial (Shenzhen) Co., Ltd",
        "Redlepus TSK Vector Industrial (Shenzhen) Co., Ltd",
    ]  # the derived files carry no Chinese-script name (15,050 names, none non-Latin)
    assert red.get("uscCode") == ["91440300MA5HX80Y1Q"] and red.get("country") == ["cn"]

    person = by_id["gb-fcdo-afg0006"]
    assert (person.get("firstName"), person.get("middleName"), person.get("lastName")) == (
        ["MOHAMMAD"],
        ["HASSAN"],
        ["AKHUND"],
    )
    assert sorted(person.get("birthDate")) == [
        "1953", "1958", "1963", "1967-01-01", "1968", "1969-06-04", "1970", "1971", "1972", "1973"
    ]  # fmt: skip
    assert person.get("passportNumber") == ["P04581926"]
    assert person.get("notes")[0].startswith("Passport P04581926: Afghanistan passport number")
    assert (person.get("nationality"), person.get("birthCountry")) == (["af"], ["af"])
    assert by_id["gb-fcdo-afg0006-sanction-gb-afg"].get("unscId") == ["TAi.002"]

    ship = by_id["gb-fcdo-rus2176"]
    assert ship.schema == "Vessel" and ship.get("imoNumber") == ["IMO9826902"]
    assert by_id["gb-fcdo-gac0032"].get("nationality") == ["xk"]  # Kosovo


def test_warnings(result: ParseResult) -> None:
    assert [str(w) for w in result.warnings] == [
        "subject_identifiers.csv, line 20593: RUS3050: ogrnCode '114' fails the ogrn check; kept as registrationNumber",
        "subject_identifiers.csv, line 20861: RUS3170: innCode '302358106' fails the inn check; kept as registrationNumber",
        "subject_identifiers.csv, line 20889: RUS3171: innCode '311080140' fails the inn check; kept as registrationNumber",
        "subject_identifiers.csv, line 20893: RUS3172: innCode '308989789' fails the inn check; kept as registrationNumber",
        "subject_identifiers.csv, line 20905: RUS3175: innCode '305134690' fails the inn check; kept as registrationNumber",
        "subject_identifiers.csv, line 20913: RUS3180: innCode '02909202210217' fails the inn check; kept as registrationNumber",
        "subject_identifiers.csv, line 21635: RUS3417: innCode '770991634' fails the inn check; kept as registrationNumber",
        "subject_countries.csv, line 15328: GHR0055: birthCountry 'Former USSR' is not a country",
        "subject_countries.csv, line 15591: GHR0164: birthCountry 'Occupied Golan Heights' is not a country",
    ]


@pytest.mark.slow
def test_ids_shared_with_the_ods(by_id: dict[str, Entity]) -> None:
    from tracewire.sources.uk_fcdo import FcdoSanctionsListFormat

    ods = raw_file("uk_fcdo_sanctions_list_2025-08", "FCDO_SL_Mon_Aug 11 2025.ods")
    older = {e.id for e in FcdoSanctionsListFormat().parse([ods], "t").entities}
    # 2025-08 → 2026-05: 5,285 designations kept, 17 gone, 761 new
    targets = {i for i, e in by_id.items() if e.schema != "Sanction"}
    assert len(targets & older) == 5285
    assert {"gb-fcdo-rus0178", "gb-fcdo-rus2262", "gb-fcdo-rus2257"} <= targets & older


# -- odd and broken input ---------------------------------------------------------------------
def _copy(folder: Path, tmp_path: Path) -> list[Path]:
    """The first 39 subjects (AFG0001–AFG0039) and their rows in the other files, in tmp_path."""
    with open(folder / FILES[0], encoding="utf-8") as fh:
        head = [next(fh) for _ in range(40)]
    keep = {line.split(",")[0] for line in head[1:]}
    (tmp_path / FILES[0]).write_text("".join(head), encoding="utf-8")
    out = [tmp_path / FILES[0]]
    for name in FILES[1:]:
        with open(folder / name, encoding="utf-8") as fh:
            lines = [line for i, line in enumerate(fh) if i == 0 or line.split(",")[1] in keep]
        (tmp_path / name).write_text("".join(lines), encoding="utf-8")
        out.append(tmp_path / name)
    return out


def test_orphans_and_duplicates_are_warnings(folder: Path, tmp_path: Path) -> None:
    paths = _copy(folder, tmp_path)
    with open(paths[0], "a", encoding="utf-8") as fh:
        fh.write("AFG0001,entity,TAe.010,12703,29/06/2012,16/04/2026\n")  # line 41
        fh.write("XYZ0001,vessel,,,29/06/2012,16/04/2026\n")  # line 42
    names = len(paths[1].read_text(encoding="utf-8").splitlines())
    with open(paths[1], "a", encoding="utf-8") as fh:
        fh.write("99999,ZZZ0001,alias,,Nobody,Nobody,,,,,\n")
        fh.write("99998,AFG0001,nickname,,Haji,Haji,,,,,\n")
    result = FMT.parse(paths, "t")
    assert [str(w) for w in result.warnings] == [
        "subjects.csv, line 41: AFG0001: subject listed twice; rows merged",
        "subjects.csv, line 42: XYZ0001: unknown designation type 'vessel'; made a LegalEntity",
        "subjects.csv, line 42: XYZ0001: no known regime has the prefix 'XYZ'",
        f"subject_names.csv, line {names + 1}: names row for unknown subject 'ZZZ0001' skipped",
        f"subject_names.csv, line {names + 2}: AFG0001: unknown name type 'nickname'; 'Haji' kept as alias",
        "subjects.csv, line 42: XYZ0001: the designation has no name",
    ]
    assert result.schema_counts()["Sanction"] == 40  # 39 AFG subjects + XYZ0001


def test_subjects_required(folder: Path, tmp_path: Path) -> None:
    paths = _copy(folder, tmp_path)
    with pytest.raises(ListFormatError, match="subjects.csv .* is required"):
        FMT.parse(paths[1:], "t")
    with pytest.raises(ListFormatError, match="two subjects files"):
        FMT.parse([paths[0], paths[0]], "t")


def test_broken_files(folder: Path, tmp_path: Path) -> None:
    paths = _copy(folder, tmp_path)
    paths[2].write_bytes(paths[2].read_bytes().replace(b"AFG0009", b"AFG\xe90009", 1))
    with pytest.raises(
        ListFormatError, match=r"subject_dobs\.csv, line 17: cannot decode byte 0xe9"
    ):
        FMT.parse(paths, "t")
    paths = _copy(folder, tmp_path)
    paths[0].write_bytes(b"")
    with pytest.raises(ListFormatError, match="subjects.csv: the file is empty"):
        FMT.parse(paths, "t")
    other = RAW / "us_csl_2025-06_sample" / "consolidated.csv"
    if other.exists():
        assert not FMT.sniff([other])
        with pytest.raises(ListFormatError, match="consolidated.csv, line 1: not one of the five"):
            FMT.parse([other], "t")


def test_truncated_file_warns_on_its_last_line(folder: Path, tmp_path: Path) -> None:
    paths = _copy(folder, tmp_path)
    text = paths[0].read_text(encoding="utf-8")
    paths[0].write_text(text[: text.rindex("\n", 0, len(text) - 1) + 12], encoding="utf-8")
    result = FMT.parse(paths, "t")
    assert [str(w) for w in result.warnings][:1] == [
        "subjects.csv, line 40: AFG0039: unknown designation type 'ind'; made a LegalEntity"
    ]
