"""OFSI Consolidated List, legacy ConList.csv layout (hand-written fixture: no real file
is in ../shared/data; see tests/fixtures/uk/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RAW
from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.uk_ofsi import OfsiConsolidatedFormat, other_information

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "uk" / "ConList.csv"
FMT = OfsiConsolidatedFormat()


@pytest.fixture(scope="module")
def by_id() -> dict[str, Entity]:
    assert FMT.sniff([FIXTURE])
    result = FMT.parse([FIXTURE], FMT.default_dataset)
    assert result.warnings == []
    assert result.publisher_date == "2026-04-29"
    assert result.rows == {"rows": 10}
    assert result.schema_counts() == {
        "LegalEntity": 3,  # two designated entities + a ship's owner
        "Person": 1,
        "Sanction": 4,
        "UnknownLink": 2,
        "Vessel": 1,
    }
    return {e.id: e for e in result.entities}


def test_person(by_id: dict[str, Entity]) -> None:
    person = by_id["gb-hmt-7172"]
    assert person.source_id == "7172"
    assert person.get("name") == ["MOHAMMAD HASSAN AKHUND"]
    assert person.get("alias") == ["محمد حسن آخوند", "Hasan AKHUND"]
    assert person.get("weakAlias") == ["Mullah Mohammad Hassan"]
    assert person.get("birthDate") == ["1967-01-01", "1958", "1953"]  # 00/00/1958 is a year
    assert person.get("gender") == ["male"]  # from "(Gender):Male" in Other Information
    assert person.get("nationality") == ["af"] and person.get("birthPlace") == ["Kandahar"]
    sanction = by_id["gb-hmt-7172-sanction-gb-afg"]
    assert sanction.properties == {
        "entity": ["gb-hmt-7172"],
        "authority": ["HM Treasury Office of Financial Sanctions Implementation"],
        "country": ["gb"],
        "program": ["Afghanistan"],
        "programId": ["GB-AFG"],
        "listingDate": ["2001-01-25"],
        "startDate": ["2020-12-31"],
        "modifiedAt": ["2026-04-14"],
        "authorityId": ["AFG0006"],
        "unscId": ["TAi.002"],
    }


def test_entities_and_links(by_id: dict[str, Entity]) -> None:
    vektor = by_id["gb-hmt-16667"]
    assert vektor.get("alias") == ["ООО ТСК Вектор", "LLC TSK Vektor"]
    assert vektor.get("previousName") == ["TKS VEKTOR"]
    assert vektor.get("innCode") == ["3849055365"] and vektor.get("ogrnCode") == ["1153850042246"]
    assert vektor.get("legalForm") == ["Limited Liability Company"]
    assert vektor.get("notes") == []  # Other Information was all labelled fields
    reason = by_id["gb-hmt-16667-sanction-gb-rus"].get("reason")
    assert reason == ["Fixture: a Russian company (test text, not the published reasons)."]
    red = by_id["gb-hmt-16652"]
    assert "红兔矢量实业（深圳）有限公司" in red.get("alias") and red.get("uscCode") == [
        "91440300MA5HX80Y1Q"
    ]
    # the parent company is itself listed: linked to it, not to a name-only party
    link = by_id["gb-hmt-link-gb-hmt-16667-parent-company-gb-hmt-16652"]
    assert (link.first("subject"), link.first("role"), link.first("object")) == (
        "gb-hmt-16667",
        "parent company",
        "gb-hmt-16652",
    )
    ship = by_id["gb-hmt-16583"]
    assert ship.schema == "Vessel"
    assert ship.get("imoNumber") == ["IMO9826902"] and ship.get("flag") == ["ga"]
    assert ship.get("buildDate") == ["2019"] and ship.get("type") == ["Oil Tanker"]
    assert by_id["gb-hmt-named-stream-ship-management-fzco"].get("name") == [
        "Stream Ship Management FZCO"
    ]


def test_other_information() -> None:
    free, fields = other_information(
        "Also linked to X. (UK Sanctions List Ref):SYR0306 (Phone number):(1) +963112121816 "
        "(2) +963112121834 (Current owner/operator (s)):Y Ltd (Hull identification number (HIN)):AB12"
    )
    assert free == "Also linked to X."
    assert {k: v for k, (_, v) in fields.items()} == {
        "uksanctionslistref": "SYR0306",
        "phonenumber": "(1) +963112121816 (2) +963112121834",
        "currentowneroperators": "Y Ltd",
        "hullidentificationnumberhin": "AB12",
    }


def test_odd_rows_are_warnings(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",00/00/1958,", ",32/13/1958,")  # line 4
    lines[4] = lines[4].rsplit(",", 1)[0] + ","  # line 5: no Group ID
    lines[7] = lines[7].replace(",Primary name variation,", ",Nickname,")  # line 8
    lines[11] = ",".join(lines[11].split(",")[:30])  # line 12: short row
    path = tmp_path / "ConList.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = FMT.parse([path], "t")
    assert [str(w) for w in result.warnings] == [
        "ConList.csv, line 4: 7172: DOB: month 13 does not exist; kept the year only",
        "ConList.csv, line 5: row without a Group ID skipped",
        "ConList.csv, line 8: 16667: unknown name type 'Nickname'; 'LLC TSK Vektor' kept as alias",
        "ConList.csv, line 12: row has 30 cells where the header has 36",
        "ConList.csv, line 12: row without a Group ID skipped",
    ]


def test_broken_files(tmp_path: Path) -> None:
    data = FIXTURE.read_bytes()
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(data.replace(b"Hasan", b"Has\xe1n"))
    with pytest.raises(ListFormatError, match=r"latin1\.csv, line 5: cannot decode byte 0xe1"):
        FMT.parse([latin], "t")
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.index(b"kv. 70")])  # ends inside a quoted field
    with pytest.raises(ListFormatError, match=r"cut\.csv, line 7: broken CSV"):
        FMT.parse([cut], "t")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert not FMT.sniff([empty])
    with pytest.raises(ListFormatError, match="empty.csv: the file is empty"):
        FMT.parse([empty], "t")
    fcdo = FIXTURE.parent / "UK-Sanctions-List.csv"
    assert not FMT.sniff([fcdo])
    with pytest.raises(
        ListFormatError, match=r"UK-Sanctions-List\.csv, line 1: not an OFSI ConList\.csv"
    ):
        FMT.parse([fcdo], "t")
    sdn = RAW / "ofac_sdn_2024-05-03" / "sdn.csv"
    if sdn.exists():
        assert not FMT.sniff([sdn])
        with pytest.raises(ListFormatError, match=r"sdn\.csv, line 1"):
            FMT.parse([sdn], "t")
