"""The findings file (``investigate --json``): every verdict and finding, machine-readable.

Format ``tracewire-findings/1``; JSON Schema in ``tracewire/data/findings.schema.json``,
generated from :class:`FindingsDocument` (a test keeps the two in step). Top level:

- ``case``: the case investigated (id, title, whether it is fictional, files, counts);
- ``lists``: the list versions screened against; ``rules``: the rules files used;
- ``summary``: counts of verdicts and findings by severity;
- ``verdicts``: ``parties`` and ``transactions``, each ``{subject, verdict, findings,
  reasons}`` with the ids of the findings behind the verdict;
- ``findings``: each with its evidence chain (statements and the records they rest on:
  ``case`` paths into the case file, ``list`` entities with dataset, version and the
  publisher's row id, ``reference`` tables) and the guidance it cites;
- ``citations``: the guidance cited, by key (title and the publisher's URL of the primary
  document; ``summary``: a secondary summary, if any);
- ``network``: the nodes and edges around the flagged parties, as the report draws them.
"""

from __future__ import annotations

import datetime
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from tracewire.network.findings import SEVERITIES, Finding, Verdict
from tracewire.network.investigate import Investigation
from tracewire.report.network_view import NetworkView, network_view

FINDINGS_FORMAT = "tracewire-findings/1"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseInfo(_Doc):
    id: str
    title: str | None = None
    fictional: bool
    files: list[str]
    parties: int
    transactions: int
    company_records: int


class RulesInfo(_Doc):
    files: list[str]
    rules: list[str] = Field(description="ids of the rules that ran")


class Summary(_Doc):
    parties: dict[str, int] = Field(description="verdict → number of parties")
    transactions: dict[str, int] = Field(description="verdict → number of transactions")
    findings: dict[str, int] = Field(description="severity → number of findings")


class Verdicts(_Doc):
    parties: list[Verdict]
    transactions: list[Verdict]


class CitationOut(_Doc):
    title: str = Field(description="publisher, title, number and date of the primary document")
    url: str = Field(description="the publisher's own URL of the document itself (https); empty when its address could not be confirmed (the title says so)")  # fmt: skip
    kind: Literal["official", "analytical"] = Field(
        default="official",
        description="official (a government's or regulator's document) or analytical "
        "(journalism, research: a pattern no official list names)",
    )
    summary: str | None = Field(default=None, description="a secondary summary it was read through, if any")  # fmt: skip


class FindingsDocument(_Doc):
    format: Literal["tracewire-findings/1"] = "tracewire-findings/1"
    generated_at: datetime.datetime
    tracewire_version: str
    case: CaseInfo
    lists: list[str]
    rules: RulesInfo
    hops: int = Field(description="hop limit of network paths")
    summary: Summary
    verdicts: Verdicts
    findings: list[Finding]
    citations: dict[str, CitationOut]
    network: NetworkView


def _version() -> str:
    try:
        return version("tracewire")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


def _count(values: list[str]) -> dict[str, int]:
    return {s: values.count(s) for s in SEVERITIES}


def findings_document(inv: Investigation) -> FindingsDocument:
    case = inv.case
    keys = [k for f in inv.findings for k in f.citations]
    return FindingsDocument(
        generated_at=datetime.datetime.now(datetime.UTC).replace(microsecond=0),
        tracewire_version=_version(),
        case=CaseInfo(
            id=case.id,
            title=case.title,
            fictional=case.fictional,
            files=inv.files,
            parties=len(case.parties),
            transactions=len(case.transactions),
            company_records=len(case.company_records),
        ),
        lists=inv.lists.labels,
        rules=RulesInfo(files=inv.rules.files, rules=[r.rule.id for r in inv.rules.rules]),
        hops=inv.hops,
        summary=Summary(
            parties=_count([v.verdict for v in inv.party_verdicts]),
            transactions=_count([v.verdict for v in inv.transaction_verdicts]),
            findings=_count([f.severity for f in inv.findings]),
        ),
        verdicts=Verdicts(parties=inv.party_verdicts, transactions=inv.transaction_verdicts),
        findings=inv.findings,
        citations={
            c.key: CitationOut(title=c.title, url=c.url, kind=c.kind, summary=c.summary)
            for c in inv.rules.citations(keys)
        },
        network=network_view(inv),
    )


def findings_json(inv: Investigation) -> bytes:
    return findings_document(inv).model_dump_json(indent=2, exclude_none=True).encode("utf-8")


_FINDINGS = TypeAdapter(list[Finding])
#: findings serialised at a time by :func:`write_findings_json`
BATCH = 2_000


def write_findings_json(doc: FindingsDocument, out: IO[str], indent: int | None = 2) -> None:
    """Write ``doc`` as ``doc.model_dump_json(indent=indent, exclude_none=True)`` would,
    character for character, without holding it in memory as one string: the findings
    (most of a large case's file) are serialised ``BATCH`` at a time."""
    shell = doc.model_copy(update={"findings": []}).model_dump_json(indent=indent, exclude_none=True)  # fmt: skip
    # the top-level key: indented by one step (nested "findings" keys are deeper), or,
    # without indentation, followed by the top-level "citations" (no other object has
    # "citations" right after "findings")
    marker = '\n  "findings": []' if indent == 2 else '"findings":[],"citations":'
    if indent not in (2, None) or shell.count(marker) != 1:
        out.write(doc.model_dump_json(indent=indent, exclude_none=True))
        return
    at = shell.index(marker) + marker.index("[") + 1
    out.write(shell[:at])
    findings = doc.findings
    for start in range(0, len(findings), BATCH):
        chunk = _FINDINGS.dump_json(findings[start : start + BATCH], indent=indent, exclude_none=True).decode("utf-8")  # fmt: skip
        body = chunk[1:-1]  # without the list's brackets
        if indent:
            body = body.rstrip("\n").replace("\n", "\n  ")  # one level deeper, as in the document
        out.write(("," if start else "") + body)
    if indent and findings:
        out.write("\n  ")
    out.write(shell[at:])


def findings_json_schema() -> dict[str, Any]:
    """The JSON Schema of the findings file (what ``data/findings.schema.json`` holds)."""
    schema = FindingsDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://tracewire.example/schema/findings-1.json"
    schema["title"] = "tracewire findings file (tracewire-findings/1)"
    return schema
