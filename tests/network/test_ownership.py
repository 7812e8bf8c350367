"""Ownership under each regime: OFAC's own worked examples (FAQ 401), the EU and UK tests,
cycles and missing percentages; then the same rules through lists and case records."""

from __future__ import annotations

import pytest

from tests.network.factory import case, company, owns, party, person, run, sanction
from tracewire.network.ownership import EU, OFAC, UK, Regime, Stake, analyse, merge_stakes


def status(stakes: list[Stake], designated: list[str], regime: Regime) -> dict[str, str]:
    return {k: v.status for k, v in analyse(stakes, designated, regime).items()}


def chains(verdict_paths: list[list[Stake]]) -> list[list[tuple[str, str, float | None]]]:
    return [[(s.owner, s.asset, s.percentage) for s in path] for path in verdict_paths]


# -- OFAC FAQ 401, as GUIDE.md §3 gives them --------------------------------------------


def test_faq401_example1_chain() -> None:
    """X owns 50 % of A; A owns 50 % of B: A and B are blocked."""
    v = analyse([Stake("X", "A", 50), Stake("A", "B", 50)], ["X"], OFAC)
    assert v["A"].status == v["B"].status == "blocked"
    assert chains(v["B"].paths) == [[("X", "A", 50), ("A", "B", 50)]]


def test_faq401_example2_blocked_intermediaries_count_in_full() -> None:
    """X owns 50 % of A and of B; A and B each own 25 % of C: C is blocked (25 + 25, not
    multiplied down the chain to 12.5 + 12.5)."""
    stakes = [Stake("X", "A", 50), Stake("X", "B", 50), Stake("A", "C", 25), Stake("B", "C", 25)]
    v = analyse(stakes, ["X"], OFAC)
    assert v["C"].status == "blocked" and v["C"].total == 50
    assert sorted(chains(v["C"].paths)) == [
        [("X", "A", 50), ("A", "C", 25)],
        [("X", "B", 50), ("B", "C", 25)],
    ]


def test_faq401_example3_direct_and_indirect_aggregate() -> None:
    """X owns 50 % of A; X owns 10 % and A 40 % of B: B is blocked."""
    v = analyse([Stake("X", "A", 50), Stake("X", "B", 10), Stake("A", "B", 40)], ["X"], OFAC)
    assert v["B"].status == "blocked" and v["B"].total == 50
    assert sorted(chains(v["B"].paths)) == [[("X", "A", 50), ("A", "B", 40)], [("X", "B", 10)]]


def test_below_the_threshold_is_not_blocked() -> None:
    v = analyse([Stake("X", "A", 49.9)], ["X"], OFAC)
    assert v["A"].status == "minority" and v["A"].total == 49.9


# -- EU and UK differences --------------------------------------------------------------


@pytest.mark.parametrize(
    ("stakes", "ofac", "eu", "uk"),
    [
        # two designated persons with 25 % each: aggregated by OFAC and the EU, not the UK
        ([("X", 25), ("Y", 25)], "blocked", "blocked", "minority"),
        # exactly 50 % by one: "50 % or more" (OFAC, EU) but not "more than 50 %" (UK)
        ([("X", 50)], "blocked", "blocked", "minority"),
        # 51 % by one person: all three
        ([("X", 51)], "blocked", "blocked", "blocked"),
        # 30 % + 30 %: the UK does not add them up, but says the aggregate needs a look
        ([("X", 30), ("Y", 30)], "blocked", "blocked", "undetermined"),
    ],
)
def test_regimes_differ(stakes: list[tuple[str, float]], ofac: str, eu: str, uk: str) -> None:
    s = [Stake(owner, "C", pct) for owner, pct in stakes]
    assert status(s, ["X", "Y"], OFAC)["C"] == ofac
    assert status(s, ["X", "Y"], EU)["C"] == eu
    assert status(s, ["X", "Y"], UK)["C"] == uk


def test_uk_counts_one_persons_stakes_through_what_they_own() -> None:
    """X owns 60 % of A; X 20 % and A 35 % of B: X alone owns more than 50 % of B."""
    v = analyse([Stake("X", "A", 60), Stake("X", "B", 20), Stake("A", "B", 35)], ["X", "Y"], UK)
    assert v["B"].status == "blocked" and v["B"].controller == "X" and v["B"].total == 55


def test_uk_does_not_mix_two_persons_chains() -> None:
    """X owns 60 % of A; A 30 % and Y 30 % of B: no one person owns more than 50 % of B."""
    v = analyse([Stake("X", "A", 60), Stake("A", "B", 30), Stake("Y", "B", 30)], ["X", "Y"], UK)
    assert v["A"].status == "blocked"
    assert v["B"].status == "undetermined"
    assert analyse([Stake("X", "A", 60), Stake("A", "B", 30), Stake("Y", "B", 30)], ["X", "Y"], OFAC)["B"].status == "blocked"  # fmt: skip


# -- graph shapes and gaps ----------------------------------------------------------------


def test_cycles_terminate_and_count() -> None:
    stakes = [Stake("A", "B", 60), Stake("B", "A", 60)]
    assert status(stakes, [], OFAC) == {}  # no designated owner, nothing owned
    v = analyse([*stakes, Stake("X", "A", 50)], ["X"], OFAC)
    assert v["A"].status == "blocked" and v["B"].status == "blocked"
    assert v["A"].total == 110  # X's 50 % and B's 60 % (B is blocked through A)


def test_missing_percentage_is_undetermined_not_clear() -> None:
    v = analyse([Stake("X", "A", None), Stake("Y", "A", 20)], ["X", "Y"], OFAC)
    assert v["A"].status == "undetermined" and v["A"].total == 20
    assert [h.stake.owner for h in v["A"].unknown] == ["X"]
    # known stakes that already pass the threshold decide, whatever is unknown
    assert status([Stake("X", "A", None), Stake("Y", "A", 50)], ["X", "Y"], OFAC)["A"] == "blocked"  # fmt: skip


def test_duplicate_and_conflicting_stakes_merge() -> None:
    merged = merge_stakes([Stake("X", "A", None), Stake("X", "A", 40), Stake("X", "A", 55)])
    assert len(merged) == 1 and merged[0].percentage == 55 and merged[0].conflicting == [40]


# -- through the lists and the case ----------------------------------------------------------


def test_programmes_aggregate_and_paths_cite_sources() -> None:
    """Two owners designated under different OFAC programmes; stakes in list and case."""
    ents = [
        company("l-x", "Xenon Holding"), sanction("l-x", program="UKRAINE-EO13661"),
        person("l-y", "Yuri Ivanovich Petrovsky"), sanction("l-y", program="RUSSIA-EO14024"),
        company("l-a", "Argon Trading"), owns("l-x", "l-a", "30"),
    ]  # fmt: skip
    c = case(
        parties=[party("a", "Argon Trading", country="ae")],
        company_records=[{"id": "r", "party": "a", "source": "registry extract",
                          "owners": [{"name": "Yuri Ivanovich Petrovsky", "kind": "person", "percentage": 20}]}],
    )  # fmt: skip
    inv = run(c, ents)
    [f] = [f for f in inv.findings if f.kind == "ownership"]
    assert f.severity == "blocked" and f.regimes == ["ofac"]
    ofac = f.data["ofac"]
    assert ofac["status"] == "blocked" and ofac["total"] == 50
    sources = [s for e in f.evidence for s in e.sources]
    assert any(s.kind == "list" and s.entity_id == "l-x-owns-l-a" for s in sources)
    assert any(s.kind == "case" and s.ref == "company_records[0].owners[0]" for s in sources)
    v = next(v for v in inv.party_verdicts if v.subject.id == "a")
    assert v.verdict == "blocked"


def test_directors_are_control_not_ownership() -> None:
    ents = [person("l-d", "Dmitri Sergeyevich Volkonsky"), sanction("l-d", authority="European Union", program="EU-RUS")]  # fmt: skip
    c = case(
        parties=[party("a", "Boron LLC", country="kg")],
        company_records=[
            {
                "id": "r",
                "party": "a",
                "directors": [{"name": "Dmitri Sergeyevich Volkonsky", "role": "director"}],
            }
        ],  # fmt: skip
    )
    inv = run(c, ents)
    [f] = [f for f in inv.findings if f.kind == "control"]
    assert f.severity == "high" and f.regimes == ["eu"] and "EU2" in f.citations
    assert not [f for f in inv.findings if f.kind == "ownership"]
