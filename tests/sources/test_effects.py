"""The legal effect of every listing, read from each source's own fields: one test per
list in ../shared/data (skipped without it), and the table's own rules on small
inline listings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import raw_file
from tracewire.errors import InputError
from tracewire.model import Entity
from tracewire.sources.effects import EFFECTS, EffectTable, classify, effect_table, effects_path
from tracewire.sources.registry import dataset_for, plan_loads

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def effects(*parts: str | Path) -> Counter[tuple[str, str | None]]:
    """(effect, legal basis) → number of listings, for the list at ``parts``."""
    path = parts[0] if isinstance(parts[0], Path) else raw_file(*[str(p) for p in parts])
    out: Counter[tuple[str, str | None]] = Counter()
    for fmt, files in plan_loads([path]):
        result = fmt.parse(files, dataset_for(fmt, files))
        topics = {e.id: e.get("topics") for e in result.entities if e.schema != "Sanction"}
        for e in result.entities:
            if e.schema == "Sanction":
                found = classify(e, topics.get(e.first("entity") or "", []))
                out[found.effect, found.basis] += 1
    return out


def listing(authority: str, dataset: str = "d", **props: str | list[str]) -> Entity:
    e = Entity.make("Sanction", "s", dataset)
    e.add("entity", "x")
    e.add("authority", authority)
    for k, v in props.items():
        e.add(k, v)
    return e


# -- one test per list in ../shared/data ----------------------------------------------


@pytest.mark.slow
def test_ofac_sdn_csv_2024_every_entry_is_an_asset_freeze() -> None:
    # 83 SDN entries carry the NS-PLC code too: the SDN list, not the code, decides
    assert effects("ofac_sdn_2024-05-03", "sdn.csv") == {("asset_freeze", "OFAC-SDN"): 14965}


@pytest.mark.slow
def test_ofac_sdn_fullset_2021() -> None:
    assert set(effects("ofac_sdn_fullset_2021-07")) == {("asset_freeze", "OFAC-SDN")}


@pytest.mark.slow
def test_ofac_consolidated_non_sdn_csv_is_sectoral() -> None:
    # SSI (UKRAINE-EO13662), NS-MBS (RUSSIA-EO14024), CMIC, NS-PLC, CAPTA (561-Related)
    assert effects("ofac_consolidated_nonsdn_2025-12") == {("sectoral", "OFAC-NONSDN"): 442}


def test_ofac_consolidated_advanced_xml_by_list() -> None:
    # the consolidated file repeats 9 parties that are on the SDN list too
    assert effects("ofac_cons_advanced_xml_2020-03", "cons_advanced.xml") == {
        ("sectoral", "OFAC-NONSDN"): 366,
        ("asset_freeze", "OFAC-SDN"): 9,
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("folder", "n"),
    [("un_sc_consolidated_2022-09-15", 952), ("un_sc_consolidated_2026-02-27", 1003)],
)
def test_un_listings_are_asset_freezes(folder: str, n: int) -> None:
    assert effects(folder) == {("asset_freeze", "UN-FREEZE"): n}


def test_bis_denied_persons_are_denied_all_exports() -> None:
    assert effects("bis_denied_persons_2023-11", "dpl.txt") == {("export_restriction", "BIS-DPL"): 546}  # fmt: skip
    e = listing("US Bureau of Industry and Security", program="Denied Persons List")
    assert classify(e).detail == "all exports denied (denial of export privileges)"


@pytest.mark.slow
def test_us_csl_2023_by_source_list() -> None:
    assert effects("us_csl_2023-11_partial", "csl.csv") == {
        ("asset_freeze", "OFAC-SDN"): 1737,
        ("export_restriction", "BIS-EL"): 919,
        ("export_restriction", "BIS-DPL"): 577,
        ("sectoral", "OFAC-NONSDN"): 450,  # SSI 288, PLC, CMIC, NS-MBS, FSE, CAPTA
        ("export_restriction", "BIS-UVL"): 186,
        ("export_restriction", "STATE-ISN"): 144,
        ("export_restriction", "STATE-DTC"): 139,
        ("export_restriction", "BIS-MEU"): 71,
    }


def test_us_csl_2025_sample_every_source_list() -> None:
    found = effects("us_csl_2025-06_sample", "consolidated.csv")
    assert found == {
        ("sectoral", "OFAC-NONSDN"): 6,
        ("asset_freeze", "OFAC-SDN"): 1,
        ("export_restriction", "BIS-EL"): 1,
        ("export_restriction", "BIS-MEU"): 1,
        ("export_restriction", "BIS-UVL"): 1,
        ("export_restriction", "BIS-DPL"): 1,
        ("export_restriction", "STATE-ISN"): 1,
        ("export_restriction", "STATE-DTC"): 1,
    }


def test_us_csl_entity_list_names_its_licence_policy() -> None:
    e = listing(
        "Entity List (EL) - Bureau of Industry and Security",
        program="Entity List (EL)",
        programId="EL",
        summary="License requirement: For all items subject to the EAR. License policy: Presumption of denial.",  # fmt: skip
    )
    found = classify(e)
    assert (found.effect, found.basis) == ("export_restriction", "BIS-EL")
    assert found.detail == "licence policy: Presumption of denial"


@pytest.mark.slow
def test_uk_sanctions_list_by_sanctions_imposed() -> None:
    found = effects("uk_fcdo_sanctions_list_2025-08", "FCDO_SL_Mon_Aug 11 2025.ods")
    assert found == {
        ("asset_freeze", "UK-FREEZE"): 4846,  # "Asset freeze" among the sanctions imposed
        ("sectoral", "UK-OTHER"): 447,  # shipping sanctions, port entry, trust services
        ("listing_only", "UK-OTHER"): 8,  # travel ban only
        ("export_restriction", "UK-OTHER"): 1,  # arms embargo only
    }


@pytest.mark.slow
def test_uk_derived_list_names_no_measures_so_asset_freeze_is_assumed() -> None:
    assert effects("uk_sanctions_list_derived_2026-05") == {("asset_freeze", "UK-FREEZE"): 6046}
    e = listing("UK Foreign, Commonwealth & Development Office", program="Russia")
    assert classify(e).assumed is True
    e.add("provisions", "Asset freeze")
    assert classify(e).assumed is False


@pytest.mark.slow
def test_eu_journal_by_annex_measure() -> None:
    found = effects("eu_journal_sanctions_opensanctions")
    assert found == {
        ("asset_freeze", "EU-FREEZE"): 3420,
        ("asset_freeze", "EU-269"): 3023,  # 269/2014 Annex I
        ("export_restriction", "EU-833-IV"): 972,  # 833/2014 Annex IV: military end users
        ("sectoral", "EU-833-SECTORAL"): 929,  # 833/2014 financing, services, vessels
        ("sectoral", "EU-SECTORAL"): 48,  # 765/2006 (Belarus) financing
        ("export_restriction", "EU-EXPORT"): 30,  # 765/2006 Annex V
    }


def test_eu_fsf_files_are_asset_freezes() -> None:
    assert effects(FIXTURES / "eu_fsf_min.xml") == {("asset_freeze", "EU-FREEZE"): 5}


def test_dod_1260h_is_a_listing_without_prohibition() -> None:
    found = effects("opensanctions_us_dod_1260h", "sanctions.csv")
    assert found == {("listing_only", "DOD-1260H"): 397}


def test_opensanctions_ftm_by_authority_provisions_and_topics() -> None:
    found = effects("opensanctions_ftm_fixtures")
    assert found == {
        ("asset_freeze", None): 35,  # Australia: "Targeted financial sanction"
        ("asset_freeze", "OFAC-SDN"): 3,  # measure "Block"
        ("asset_freeze", "UK-FREEZE"): 2,
        ("export_restriction", "BIS-EL"): 1,  # the CSL's Entity List, as OpenSanctions names it
    }


# -- the table's rules --------------------------------------------------------------------


def test_eu_833_annex_iv_is_an_export_restriction_and_annex_i_of_269_a_freeze() -> None:
    iv = listing("European Union", program="Council Regulation (EU) No 833/2014, Annex IV", provisions="Export control")  # fmt: skip
    i = listing("European Union", program="Council Regulation (EU) No 269/2014, Annex I", provisions="Asset freeze")  # fmt: skip
    assert (classify(iv).effect, classify(iv).basis) == ("export_restriction", "EU-833-IV")
    assert (classify(i).effect, classify(i).basis) == ("asset_freeze", "EU-269")
    assert classify(iv).verdict == "licence required / export prohibited"
    assert classify(i).verdict == "blocked"


def test_topics_decide_for_an_unknown_source_and_the_fallback_last() -> None:
    e = listing("Ministry of Trade of Atlantis")
    assert classify(e, ["export.control"]).effect == "export_restriction"
    assert classify(e, ["sanction", "debarment"]).effect == "asset_freeze"  # the strongest
    assert classify(e, ["debarment"]).effect == "listing_only"
    found = classify(e)
    assert found.effect == "listing_only" and found.assumed


def test_every_effect_has_its_words_and_ftm_topic() -> None:
    table = effect_table()
    assert [table.info(e).topic for e in EFFECTS] == ["sanction", "export.control", "sanction", "debarment"]  # fmt: skip
    assert table.info("asset_freeze").verdict == "blocked"
    assert table.info("sectoral").verdict == "restricted dealings"
    assert table.info("listing_only").verdict == "procurement / reputational"
    # every basis a rule names is a primary document over https
    for doc in table.basis.values():
        assert doc.url.startswith("https://") and doc.title


def test_a_broken_table_names_the_file_and_rule(tmp_path: Path) -> None:
    text = effects_path().read_text(encoding="utf-8").replace("effect: sectoral, basis: OFAC-NONSDN", "effect: frozen, basis: OFAC-NONSDN", 1)  # fmt: skip
    bad = tmp_path / "effects.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"effects.yml: sources\[0\]\.rules\[\d\]\.effect: unknown effect 'frozen'"):  # fmt: skip
        EffectTable.load(bad)


def test_a_custom_list_states_the_effect_of_each_row(tmp_path: Path) -> None:
    from tracewire.sources.custom_csv import CustomCsvFormat

    path = tmp_path / "own.csv"
    path.write_text(
        "id,name,program,effect\n"
        "1,Tarragon Defence Works,Internal blocklist,asset_freeze\n"
        "2,Halcyon Optics,Dual-use watch,export_restriction\n"
        "3,Nimbus Trading,Internal watch,\n"
        "4,Bad Effect Ltd,Internal,frozen\n",
        encoding="utf-8",
    )
    result = CustomCsvFormat().parse([path], "own")
    found = {s.source_id: classify(s) for s in result.entities if s.schema == "Sanction"}
    assert {k: v.effect for k, v in found.items()} == {
        "1": "asset_freeze", "2": "export_restriction", "3": "listing_only"
    }  # fmt: skip
    assert found["3"].assumed and not found["1"].assumed
    assert any("line 5" in str(w) and "unknown effect 'frozen'" in str(w) for w in result.warnings)


def test_readme_documents_every_effect_and_its_verdict_wording() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What a listing prohibits", 1)[1].split("\n### ", 1)[0]
    table = effect_table()
    for effect in EFFECTS:
        info = table.info(effect)
        assert f"`{effect}`" in section and info.verdict in section and f"`{info.topic}`" in section
