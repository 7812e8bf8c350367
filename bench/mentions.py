"""Mentions of listed parties in documents: recall, precision, throughput.

    .venv/bin/python -m bench.mentions [--texts 300] [--sample]

Generates news-like and invoice-like texts in English, German and Russian from ordinary
sentences (with common words that are also parts of listed names: *United*, *Gold*,
*Vector*, *General*, *Trading House*…), and plants in each one to three listed parties:
a primary name as listed, in capitals, with a line break inside, or (Russian texts,
where the list has one) a Cyrillic name. A planted name counts as found when a mention
at its place names the planted entry; precision is over the spans found (a span may name
several entries: one party on several lists), right when at a planted name. Throughput is
MB of text per CPU second against every list loaded (``bench.messages`` loads them).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from pathlib import Path

from bench.messages import load_screener
from tracewire.match.index import Record
from tracewire.screen.mentions import MentionFinder

FILLER = {
    "en": [
        "The United Nations panel said the review would take several months.",
        "Gold prices rose again on Tuesday as investors looked for safety.",
        "The vector of the investigation has shifted to second-tier suppliers.",
        "A general meeting of shareholders is planned for the spring.",
        "The trading house reported higher margins on industrial goods.",
        "Freight rates between Asia and Europe fell for the third week.",
        "Analysts expect the central bank to keep rates unchanged.",
        "The company declined to comment on the contract.",
    ],
    "de": [
        "Die Vereinten Nationen kündigten eine neue Prüfung an.",
        "Der Goldpreis stieg am Dienstag erneut.",
        "Die Handelsgesellschaft meldete höhere Margen im Maschinenbau.",
        "Der Vertrag wurde im Frühjahr unterzeichnet.",
        "Die Fracht wurde über Istanbul und Almaty geleitet.",
    ],
    "ru": [
        "Объединённые торговые дома отрицают какую-либо связь с поставками.",
        "Цены на золото снова выросли во вторник.",
        "Вектор расследования сместился к поставщикам второго уровня.",
        "Генеральный директор отказался от комментариев.",
        "Груз был отправлен через Казахстан и Армению.",
    ],
}
INVOICE = {
    "en": "INVOICE No. {n}\nSeller: {a}\nBuyer: {b}\nGoods: spare parts, {q} pcs\nTotal: {t} USD\n",
    "de": "RECHNUNG Nr. {n}\nVerkäufer: {a}\nKäufer: {b}\nWare: Ersatzteile, {q} Stück\nSumme: {t} EUR\n",
    "ru": "СЧЁТ № {n}\nПродавец: {a}\nПокупатель: {b}\nТовар: запчасти, {q} шт.\nИтого: {t} руб.\n",
}
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def cyrillic_name(record: Record) -> str | None:
    for form, weak in record.names:
        if not weak and form.script == "cyrillic" and len(form.keys) >= 2:
            return form.original
    return None


def planted_form(record: Record, lang: str, rng: random.Random) -> str:
    name = record.entity.caption
    if lang == "ru":
        cyr = cyrillic_name(record)
        if cyr and rng.random() < 0.7:
            return cyr
    how = rng.randrange(3)
    if how == 1:
        return name.upper()
    if how == 2 and " " in name:
        i = name.index(" ")
        return name[:i] + "\n" + name[i + 1 :]
    return name


LEAD = {"en": "Payments went to ", "de": "Zahlungen gingen an ", "ru": "Платежи шли в адрес "}


class Builder:
    """A text put together piece by piece, with the places of the names planted."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang, self.rng = lang, rng
        self.parts: list[str] = []
        self.plants: list[tuple[int, int, str]] = []
        self.pos = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def plant(self, record: Record) -> None:
        name = planted_form(record, self.lang, self.rng)
        self.plants.append((self.pos, self.pos + len(name), record.entity.id))
        self.add(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--sample", action="store_true")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="keep the loaded lists and index here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    screener, label = load_screener(args.sample, args.cache)
    t0 = time.perf_counter()
    finder = MentionFinder(screener)
    build = time.perf_counter() - t0
    pool = [
        r
        for r in screener.index.records
        if any(not w and f.script == "latin" and len(f.keys) >= 2 for f, w in r.names)
        and len(r.entity.caption) <= 60
    ]
    ru_pool = [r for r in pool if cyrillic_name(r)] or pool
    texts: list[tuple[str, list[tuple[int, int, str]]]] = []
    for i in range(args.texts):
        lang = ("en", "de", "ru")[i % 3]
        doc = Builder(lang, rng)
        chosen = [rng.choice(ru_pool if lang == "ru" else pool) for _ in range(rng.randint(1, 3))]
        if i % 2:  # an invoice
            head, _, rest = INVOICE[lang].partition("{a}")
            doc.add(head.format(n=rng.randint(100, 9999)))
            doc.plant(chosen[0])
            mid, _, tail = rest.partition("{b}")
            doc.add(mid + "Nordhafen Maschinenteile GmbH")
            doc.add(tail.format(q=rng.randint(1, 500), t=rng.randint(1000, 90000)))
            chosen = chosen[1:]
        for record in chosen:
            for _ in range(rng.randint(1, 3)):
                doc.add(rng.choice(FILLER[lang]) + " ")
            doc.add(LEAD[lang])
            doc.plant(record)
            doc.add(". ")
        for _ in range(rng.randint(1, 4)):
            doc.add(rng.choice(FILLER[lang]) + " ")
        texts.append(("".join(doc.parts), doc.plants))
    planted = found = false = spans_right = 0
    wrong: Counter[str] = Counter()
    size = sum(len(t.encode("utf-8")) for t, _ in texts)
    cpu0 = time.thread_time()
    results = [finder.find(text) for text, _ in texts]
    cpu = time.thread_time() - cpu0
    for (_text, plants), mentions in zip(texts, results, strict=True):
        planted += len(plants)
        # a span may name several entries (one party on several lists): precision is
        # counted on the spans found, right when the span is at a planted name
        for span in sorted({(m.start, m.end, m.text) for m in mentions}):
            if any(span[0] < end and start < span[1] for start, end, _ in plants):
                spans_right += 1
            else:
                false += 1
                wrong[span[2].replace("\n", " ")[:40]] += 1
        found += sum(
            1
            for start, end, eid in plants
            if any(m.entity_id == eid and m.start < end and start < m.end for m in mentions)
        )
    kept = spans_right + false
    rows_found = sum(len(m) for m in results)
    print(f"lists: {label}; {len(screener):,} entities, {finder.size:,} name keys in the automaton")
    print(f"automaton build (s): {build:.1f}\n")
    print(f"{'measure':<32} {'value':>10}")
    print("-" * 43)
    rows = [
        ("texts (en, de, ru; news, invoice)", f"{len(texts):,}"),
        ("planted mentions", f"{planted:,}"),
        ("recall", f"{found / planted:.2%}"),
        ("precision (spans found)", f"{spans_right / kept:.2%}" if kept else "n/a"),
        ("spans found at no planted name", f"{false:,}"),
        ("listed entries per span found", f"{rows_found / kept:.2f}" if kept else "n/a"),
        ("text (MB)", f"{size / 1e6:.2f}"),
        ("MB per CPU second", f"{size / 1e6 / cpu:.2f}" if cpu else "n/a"),
    ]
    for label_, value in rows:
        print(f"{label_:<32} {value:>10}")
    if wrong:
        print("false mentions: " + "; ".join(f"{k!r} ×{v}" for k, v in wrong.most_common(8)))


if __name__ == "__main__":
    main()
