"""The investigation as a whole: every name variant is screened, and the progress bar
moves through every stage to its end."""

from __future__ import annotations

from tests.network.factory import case, company, line, party, run, sanction, txn


def test_an_alias_alone_is_screened() -> None:
    ents = [company("l-t", "Tarragon Defence Works"), sanction("l-t")]
    c = case(parties=[party("a", "TDW Trading House", aliases=["Tarragon Defence Works"])])
    [f] = [f for f in run(c, ents).findings if f.rule == "screening.match"]
    assert f.subject.id == "a" and f.severity == "blocked"
    assert f.data["matches"][0]["id"] == "l-t"
    assert "'Tarragon Defence Works' matches" in f.evidence[0].statement


class Recorder:
    def __init__(self) -> None:
        self.stages: list[tuple[str, int | None, int]] = []

    def stage(self, name: str, total: int | None = None) -> None:
        self.stages.append((name, total, 0))

    def advance(self, n: int = 1) -> None:
        name, total, done = self.stages[-1]
        self.stages[-1] = (name, total, done + n)


def test_progress_reaches_the_end_of_every_counted_stage() -> None:
    ents = [company("l-t", "Tarragon Defence Works"), sanction("l-t")]
    c = case(
        parties=[party("s", "Sino Parts Co., Ltd", country="cn"), party("b", "Volga LLC", country="ru")],
        transactions=[txn("t", seller="s", buyer="b", goods=[line("8542.31", "MCUs")])],
    )  # fmt: skip
    bar = Recorder()
    run(c, ents, progress=bar)
    names = [name for name, _total, _done in bar.stages]
    assert names == ["screening parties", "building the network", "network paths", "red-flag rules", "verdicts"]  # fmt: skip
    for name, total, done in bar.stages:
        assert total is None or done == total, name
