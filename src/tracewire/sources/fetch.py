"""Downloading the official lists from their publishers.

Each downloadable dataset has a catalogue entry: the publisher's URLs and the format.
Files go to a fresh folder under ``<home>/downloads``; a file is only used after it
arrived whole (its length matches the announced length, and it is not empty). The
``TRACEWIRE_MIRROR`` setting replaces the publishers' hosts with one base URL holding
``<dataset>/<file name>``, for air-gapped mirrors and for tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from tracewire.errors import DownloadError, InputError
from tracewire.settings import offline


@dataclass(frozen=True)
class Download:
    dataset: str
    format: str
    title: str
    urls: tuple[str, ...]
    #: files that may be missing on the publisher's side without failing the download
    optional: tuple[str, ...] = ()


OFAC = "https://www.treasury.gov/ofac/downloads"
CATALOG: dict[str, Download] = {
    d.dataset: d
    for d in (
        Download(
            "us_ofac_sdn",
            "ofac_sdn_csv",
            "OFAC Specially Designated Nationals (SDN) list",
            tuple(f"{OFAC}/{n}" for n in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")),
            optional=("sdn_comments.csv",),
        ),
        Download(
            "us_ofac_cons",
            "ofac_cons_csv",
            "OFAC Consolidated (non-SDN) list",
            tuple(
                f"{OFAC}/consolidated/{n}"
                for n in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
            ),
            optional=("cons_comments.csv",),
        ),
        Download(
            "un_sc_sanctions",
            "un_xml",
            "UN Security Council consolidated list",
            ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",),
        ),
        Download(
            "gb_fcdo_sanctions",
            "uk_fcdo",
            "UK Sanctions List (FCDO)",
            ("https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv",),
        ),
        Download(
            "eu_fsf",
            "eu_fsf_xml",
            "EU consolidated financial sanctions list",
            (
                "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
                "content?token=dG9rZW4tMjAxNw",
            ),
        ),
        Download(
            "us_trade_csl",
            "us_csl_csv",
            "US Consolidated Screening List (trade.gov)",
            (
                "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"
                "consolidated.csv",
            ),
        ),
        Download(
            "us_bis_denied",
            "bis_dpl",
            "BIS Denied Persons List",
            ("https://www.bis.doc.gov/dpl/dpl.txt",),
        ),
    )
}

OFFLINE_HINT = (
    "Load local copies instead: tracewire lists load PATH (a file or a folder of list files; "
    "the format is detected), or set TRACEWIRE_MIRROR to a reachable mirror."
)

Progress = Callable[[str, int, int | None], None]


def file_name(url: str) -> str:
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return "xmlFullSanctionsList_1_1.xml" if name == "content" else name


def resolve_urls(item: Download, mirror: str | None = None) -> list[str]:
    base = mirror if mirror is not None else os.environ.get("TRACEWIRE_MIRROR", "").strip()
    if not base:
        return list(item.urls)
    return [f"{base.rstrip('/')}/{item.dataset}/{file_name(u)}" for u in item.urls]


def get_download(dataset: str) -> Download:
    try:
        return CATALOG[dataset]
    except KeyError:
        known = ", ".join(sorted(CATALOG))
        raise InputError(f"No download is known for {dataset!r} (known: {known})") from None


def fetch(
    item: Download,
    downloads: Path,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
    mirror: str | None = None,
) -> list[Path]:
    """Download every file of a dataset into a new folder; return the complete files."""
    if offline():
        raise DownloadError(f"{item.dataset}: TRACEWIRE_OFFLINE is set. {OFFLINE_HINT}")
    folder = downloads / item.dataset / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder.mkdir(parents=True, exist_ok=True)
    own = client is None
    http = client or httpx.Client(
        timeout=httpx.Timeout(60.0, connect=5.0),
        follow_redirects=True,
        headers={"User-Agent": "tracewire (sanctions screening; +https://github.com/)"},
    )
    files: list[Path] = []
    try:
        for url in resolve_urls(item, mirror):
            name = file_name(url)
            path = _fetch_one(http, url, folder / name, progress)
            if path is None:
                if name in item.optional:
                    continue
                raise DownloadError(f"{url}: the publisher has no such file (HTTP 404)")
            files.append(path)
    finally:
        if own:
            http.close()
    return files


def _fetch_one(
    http: httpx.Client, url: str, target: Path, progress: Progress | None
) -> Path | None:
    part = target.with_name(target.name + ".part")
    try:
        with http.stream("GET", url) as resp:
            if resp.status_code == 404:
                return None
            if resp.status_code >= 400:
                raise DownloadError(f"{url}: HTTP {resp.status_code}")
            announced = resp.headers.get("content-length")
            total = int(announced) if announced and announced.isdigit() else None
            done = 0
            with open(part, "wb") as fh:
                for chunk in resp.iter_bytes(1 << 16):
                    fh.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(target.name, done, total)
    except httpx.RemoteProtocolError as exc:
        part.unlink(missing_ok=True)
        raise DownloadError(f"{url}: truncated download ({exc}); nothing loaded") from exc
    except httpx.TransportError as exc:
        part.unlink(missing_ok=True)
        raise DownloadError(f"{url}: cannot reach the publisher ({exc}). {OFFLINE_HINT}") from exc
    if total is not None and done != total:
        part.unlink(missing_ok=True)
        raise DownloadError(f"{url}: truncated download ({done} of {total} bytes); nothing loaded")
    if done == 0:
        part.unlink(missing_ok=True)
        raise DownloadError(f"{url}: the publisher sent an empty file; nothing loaded")
    os.replace(part, target)
    return target
