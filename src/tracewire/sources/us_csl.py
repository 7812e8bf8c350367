"""US Consolidated Screening List (trade.gov), as CSV or JSON.

The International Trade Administration merges the export-screening lists of Commerce (BIS
Entity List ``EL``, Denied Persons ``DPL``, Unverified ``UVL``, Military End User ``MEU``),
State (ITAR debarred ``DTC``, nonproliferation ``ISN``) and Treasury (``SDN``, ``SSI``,
``FSE``, ``PLC``, ``CMIC``, ``MBS``, ``CAP``) into one file. Columns (CSV header; the JSON
objects have the same keys, with lists and address objects, and ``id`` for ``_id``)::

    _id, source, entity_number, type, programs, name, title, addresses,
    federal_register_notice, start_date, end_date, standard_order, license_requirement,
    license_policy, call_sign, vessel_type, gross_tonnage, gross_registered_tonnage,
    vessel_flag, vessel_owner, remarks, source_list_url, alt_names, citizenships,
    dates_of_birth, nationalities, places_of_birth, source_information_url, ids

Each row is one listing. ``type`` gives the schema (Individual → Person, Entity →
LegalEntity, Vessel → Vessel, Aircraft → Airplane); the BIS and State lists leave it empty
and their rows, companies and people alike, become LegalEntity. A LegalEntity with an ISIN,
equity ticker or Russian BIK is a Company. Every row gives a ``Sanction`` with
``authority`` = the source as published (``Entity List (EL) - Bureau of Industry and
Security``), ``program`` = the list name, ``programId`` = the list's short code then the
row's programs (``["SSI", "UKRAINE-EO13662", "RUSSIA-EO14024"]``), ``authorityId`` = the
Federal Register notice, ``summary`` = the licence requirement and policy. How entity ids
are kept stable is explained in ``us_csl_entities``; the ``ids`` column in
``us_csl_identifiers``.

Neither layout states a publication date, so ``publisher_date`` stays empty. A JSON file
whose ``total`` is more than the records it holds, or a CSV file whose last record is cut
off, is cut short (``ParseResult.incomplete``), which the load refuses.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import orjson

from tracewire.errors import ListFormatError
from tracewire.sources.base import ParseResult, read_head, read_text
from tracewire.sources.csv_records import iter_records, read_header
from tracewire.sources.us_csl_entities import CslBuilder
from tracewire.sources.us_csl_records import record_from_csv, record_from_json

DATASET = "us_trade_csl"
#: columns the CSV must have (``_id`` or ``id`` is checked separately)
REQUIRED = ("source", "entity_number", "type", "programs", "name", "addresses", "alt_names", "ids")
SNIFF_COLUMNS = frozenset({"source", "name", "alt_names", "source_list_url"})


def _header(head: bytes) -> set[str]:
    text = head.decode("utf-8-sig", errors="replace")
    line = text.split("\n", 1)[0].rstrip("\r")
    try:
        return {c.strip() for c in next(csv.reader(io.StringIO(line)))}
    except (StopIteration, csv.Error):
        return set()


class CslCsvFormat:
    name = "us_csl_csv"
    default_dataset = DATASET
    title = "US Consolidated Screening List CSV (trade.gov consolidated.csv)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        for path in paths:
            cols = _header(read_head(path, 2048))
            if not (cols >= SNIFF_COLUMNS and cols & {"_id", "id"}):
                return False
        return bool(paths)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        builder = CslBuilder(dataset, result)
        for path in paths:
            text = read_text(path)
            if not {"_id", "id"} & set(read_header(path, text, REQUIRED)):
                raise ListFormatError(path, "missing required column _id", line=1)
            count = 0
            for rec in iter_records(path, result, REQUIRED, text=text):
                count += 1
                builder.add(path, record_from_csv(rec.row, rec.line))
            if count == 0:
                raise ListFormatError(path, "the file has a header but no records", line=2)
            result.count(f"file:{path.name}", count)
        result.entities = builder.finish()
        return result


class CslJsonFormat:
    name = "us_csl_json"
    default_dataset = DATASET
    title = "US Consolidated Screening List JSON (trade.gov API or consolidated.json)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        for path in paths:
            head = read_head(path, 16384).lstrip(b"\xef\xbb\xbf \t\r\n")
            if not head.startswith((b"{", b"[")):
                return False
            if b'"source_list_url"' not in head and b'"source_information_url"' not in head:
                return False
            if b'"alt_names"' not in head and b'"entity_number"' not in head:
                return False
        return bool(paths)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        builder = CslBuilder(dataset, result)
        for path in paths:
            text = read_text(path)
            try:
                data = orjson.loads(text)
            except orjson.JSONDecodeError as exc:
                raise ListFormatError(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from exc
            results = data.get("results") if isinstance(data, dict) else data
            if not isinstance(results, list):
                raise ListFormatError(
                    path, "expected a list of records under 'results'", element="$.results"
                )
            count = 0
            for i, obj in enumerate(results):
                if not isinstance(obj, dict):
                    result.warn(path, f"results[{i}] is not an object; skipped")
                    result.count("records_skipped")
                    continue
                count += 1
                builder.add(path, record_from_json(obj, i))
            if count == 0:
                raise ListFormatError(path, "no records", element="$.results")
            total = data.get("total") if isinstance(data, dict) else None
            if isinstance(total, int) and not isinstance(total, bool) and total > len(results):
                result.cut_short(
                    path,
                    f"the file says the list has {total:,} records ('total') but holds "
                    f"{len(results):,}: a cut file, or one page of the API's answer",
                )
            result.count(f"file:{path.name}", count)
        result.entities = builder.finish()
        return result


FORMATS: list[CslCsvFormat | CslJsonFormat] = [CslCsvFormat(), CslJsonFormat()]
