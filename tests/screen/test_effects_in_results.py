"""The legal effect of a listed party's listings shows in every screening result: the
library's result objects, ``tracewire match`` (table and JSON), ``tracewire screen``
(JSON lines, CSV, HTML) and the service's ``/match`` (``effects`` beside ``sanctions``,
and yente's ``topics`` filter by the effects' FtM topics)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.network.factory import sample_entities
from tracewire.api import ServiceConfig, create_app
from tracewire.cli.demo import sample_path
from tracewire.cli.main import app
from tracewire.ingest import load_paths
from tracewire.match import Query, Screener
from tracewire.settings import database_url
from tracewire.store import Store

runner = CliRunner()


def test_result_objects_carry_the_effects_strongest_first() -> None:
    screener = Screener.from_entities(sample_entities())
    [top] = screener.match(Query(names=["OOO TSK Vektor"], schema="Company"), limit=1)
    assert top.entity.id == "tw-sample-tsk-vektor"
    # OFAC SDN, EU 269/2014 Annex I, UK: asset freeze; EU 833/2014 Annex IV: export restriction
    assert top.effects == ["asset_freeze", "export_restriction"]
    assert top.to_dict()["effects"] == ["asset_freeze", "export_restriction"]
    [almaz] = screener.match(Query(names=["Almaz-Antey"], schema="Company"), limit=1)
    assert almaz.effects == [
        "asset_freeze",
        "export_restriction",
        "sectoral",
    ]  # + Annexes XIII, XIX


def test_match_and_screen_show_the_effects(home: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["lists", "load", str(sample_path()), "--dataset", "tracewire_sample"])  # fmt: skip
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["match", "TKS Vector LLC", "--json"])
    assert json.loads(res.stdout)["results"][0]["effects"] == ["asset_freeze", "export_restriction"]  # fmt: skip
    res = runner.invoke(app, ["match", "TKS Vector LLC"], env={"COLUMNS": "200"})
    assert "asset freeze: blocked" in res.stdout
    assert "export restriction: licence required / export prohibited" in res.stdout

    src = tmp_path / "in.csv"
    src.write_text("id,name,schema\n1,OOO TSK Vektor,Company\n", encoding="utf-8")
    out_jsonl, out_csv, out_html = tmp_path / "r.jsonl", tmp_path / "r.csv", tmp_path / "r.html"
    res = runner.invoke(app, ["screen", str(src), "-o", str(out_jsonl), "-o", str(out_csv), "-o", str(out_html)])  # fmt: skip
    assert res.exit_code == 0, res.output
    record = json.loads(out_jsonl.read_text().splitlines()[0])
    assert record["results"][0]["effects"] == ["asset_freeze", "export_restriction"]
    with open(out_csv, encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["effects"] == "asset_freeze; export_restriction"
    assert "asset freeze; export restriction" in out_html.read_text()


def test_service_answers_effects_beside_sanctions(home: Path) -> None:
    store = Store(database_url(home))
    load_paths(store, [sample_path()], dataset="tracewire_sample")
    config = ServiceConfig(home=home, database_url=store.url, reload_seconds=0, auth=False)
    with TestClient(create_app(config)) as client:

        def match(name: str = "TSK Vektor", **params: object) -> list[dict[str, object]]:
            body = {"queries": {"q": {"schema": "Company", "properties": {"name": [name]}}}}
            res = client.post("/match/default", json=body, params=params)
            assert res.status_code == 200, res.text
            results: list[dict[str, object]] = res.json()["responses"]["q"]["results"]
            return results

        results = {r["id"]: r for r in match()}
        tsk = results["tw-sample-tsk-vektor"]
        assert tsk["effects"] == ["asset_freeze", "export_restriction"] and tsk["sanctions"]
        # (TSK Vektor alone is a small part of Redlepus TSK Vektor Industrial's name)
        redlepus = {r["id"]: r for r in match("Redlepus TSK Vektor")}
        assert redlepus["tw-sample-redlepus-tsk-vektor"]["effects"] == ["asset_freeze"]
        # yente's topics: an export restriction is OpenSanctions' "export.control"
        controlled = {r["id"] for r in match("Redlepus TSK Vektor", topics=["export.control"])}
        assert "tw-sample-tsk-vektor" in controlled
        assert "tw-sample-redlepus-tsk-vektor" not in controlled
        sanctioned = {r["id"] for r in match("Redlepus TSK Vektor", topics=["sanction"])}
        assert "tw-sample-redlepus-tsk-vektor" in sanctioned
        # a monitored party's alert names what the listing prohibits
        res = client.post("/portfolio", json={"parties": [{"id": "c1", "name": "TKS Vector LLC", "schema": "Company"}]})  # fmt: skip
        assert res.status_code == 200, res.text
        [alert] = client.get("/alerts", params={"party_id": "c1"}).json()["alerts"]
        detail = client.get(f"/alerts/{alert['id']}").json()
        assert detail["result"]["effects"] == ["asset_freeze", "export_restriction"]
    store.close()


def test_entity_command_names_each_listings_effect(home: Path) -> None:
    res = runner.invoke(app, ["lists", "load", str(sample_path()), "--dataset", "tracewire_sample"])  # fmt: skip
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["entity", "tw-sample-iemz-kupol", "--json"])
    assert res.exit_code == 0, res.output
    [report] = json.loads(res.stdout)
    effects = {s["id"]: s["effect"]["effect"] for s in report["sanctions"]}
    assert effects["tw-sample-iemz-kupol-sanction-eu-833-annex-iv"] == "export_restriction"
    assert effects["tw-sample-iemz-kupol-sanction-eu-269-annex-i"] == "asset_freeze"
    res = runner.invoke(app, ["entity", "tw-sample-iemz-kupol"], env={"COLUMNS": "250"})
    assert "export restriction: licence required / export prohibited" in res.stdout
