"""The network: edges from the lists and the case, identity, and paths with their sources."""

from __future__ import annotations

from tests.network.factory import case, company, owns, party, person, run, sanction
from tracewire.model import Entity


def link(subject: str, obj: str, role: str) -> Entity:
    e = Entity.make("UnknownLink", f"{subject}-link-{obj}", "test", source_id=f"row-{subject}")
    e.add("subject", subject)
    e.add("object", obj)
    e.add("role", role)
    return e


def directs(director: str, org: str) -> Entity:
    e = Entity.make("Directorship", f"{director}-directs-{org}", "test")
    e.add("director", director)
    e.add("organization", org)
    e.add("role", "director")
    return e


def lists_around_target() -> list[Entity]:
    """T is sanctioned; M is linked to T; P directs M; nobody else is listed."""
    return [
        company("l-t", "Tarragon Defence Works"), sanction("l-t"),
        company("l-m", "Meridian Components LLC"), link("l-m", "l-t", "supplier of"),
        person("l-p", "Pavel Andreevich Sokolov"), directs("l-p", "l-m"),
    ]  # fmt: skip


def test_paths_to_designated_parties_name_every_hop() -> None:
    c = case(
        parties=[party("a", "Amber Trade LLC", country="am")],
        company_records=[{"id": "r", "party": "a", "source": "registry extract 2024-02-01",
                          "directors": [{"name": "Pavel Andreevich Sokolov", "kind": "person"}]}],
    )  # fmt: skip
    inv = run(c, lists_around_target(), hops=4)
    [f] = [f for f in inv.findings if f.kind == "network"]
    path = f.data["paths"][0]
    assert path["target"] == "l-t" and path["hops"] == 4  # a ← director ≡ P → M → T
    kinds = [k for _a, k, _b in path["edges"]]
    assert kinds == ["directorship", "identity", "directorship", "link"]
    sources = f.evidence[0].sources
    assert any(s.kind == "case" and s.ref == "company_records[0].directors[0]" for s in sources)
    assert any(s.kind == "list" and s.entity_id == "l-m-link-l-t" and s.source_id == "row-l-m" and s.version == 1 for s in sources)  # fmt: skip
    # with a lower hop limit the same target is out of reach
    assert not [f for f in run(c, lists_around_target(), hops=3).findings if f.kind == "network"]


def test_equal_strong_identifier_is_identity() -> None:
    ents = [company("l-x", "Xylem Holding OOO", innCode="7700000001"), sanction("l-x")]
    c = case(parties=[party("a", "Totally Different Name LLC", identifiers={"inn": "7700000001"})])
    inv = run(c, ents)
    g = inv.graph
    assert g.cluster("case:party:a") == g.cluster("l-x")
    assert any(e.kind == "identity" and "innCode" in e.label for e in g.adj["case:party:a"])


def test_unlisted_list_parties_join_the_network() -> None:
    """An owner named by a list but not sanctioned itself still links the case to it."""
    ents = [
        company("l-t", "Tarragon Defence Works"), sanction("l-t"),
        company("l-h", "Heliotrope Investments Ltd"), owns("l-t", "l-h", "100"),
    ]  # fmt: skip
    c = case(parties=[party("a", "Heliotrope Investments Ltd", country="cy")])
    inv = run(c, ents)
    assert inv.graph.cluster("case:party:a") == inv.graph.cluster("l-h")
    [f] = [f for f in inv.findings if f.kind == "ownership"]
    assert f.severity == "blocked" and f.data["ofac"]["total"] == 100
    # no screening finding: matching an unlisted party is not a listing
    assert not [f for f in inv.findings if f.kind == "screening" and f.severity == "blocked"]


def test_generic_shared_values_do_not_link() -> None:
    ents = [company(f"l-{i}", f"Company {i}", phone="+971 4 000 0000") for i in range(30)]
    ents.append(sanction("l-0"))
    c = case(parties=[party("a", "Anything LLC", country="ae", phone="+971 4 000 0000")])
    inv = run(c, ents)
    assert not [e for e in inv.graph.adj["case:party:a"] if e.kind == "same_phone"]
