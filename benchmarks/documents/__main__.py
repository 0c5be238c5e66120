"""Document benchmark: mentions, linking, claims and hedges against gold annotations of texts
written for this project (`gold.py`), and the extractor's throughput.

    .venv/bin/python -m benchmarks.documents [--errors] [--words 20000]

Loads every list under shared/data/lists into a temporary SQLite store (as `cordon lists load`
then `cordon resolve` would), builds the extractor on it (spaCy model of CORDON_NER_MODEL, the
gazetteer, the screening engine), extracts every gold text and scores the result
(`evaluate.py`), then times the whole extractor and the gazetteer alone. `--database URL`
reuses a store that already holds the lists (then nothing is loaded).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.documents import evaluate
from benchmarks.documents.evaluate import Score
from benchmarks.documents.gold import DOCS, HELD_OUT, Doc
from cordon.documents import nlp
from cordon.documents.hedges import ORDER
from cordon.documents.pipeline import Extractor
from cordon.store import Store

SHARED = Path(__file__).resolve().parents[3] / "shared"
LISTS = SHARED / "data" / "lists"
CORPUS = SHARED / "corpus"
NER_TARGET = 3_000
GAZETTEER_TARGET = 1_000_000
console = Console(width=max(Console().width, 120))


def words(text: str) -> int:
    return len(text.split())


def build_store(url: str | None, lists: Path) -> tuple[Store, float]:
    start = time.perf_counter()
    if url:
        return Store(url), 0.0
    from cordon.lists import service
    from cordon.screening import resolve

    home = Path(tempfile.mkdtemp(prefix="cordon-bench-docs-"))
    os.environ["CORDON_HOME"] = str(home)
    store = Store(f"sqlite:///{home / 'cordon.db'}")
    service.load(store, [lists])
    resolve.resolve(store)
    return store, time.perf_counter() - start


def score(extractor: Extractor, *sets: list[Doc]) -> tuple[Score, list[Score]]:
    """(all texts, one score per set)."""
    total, each = Score(), []
    for docs in sets:
        part = Score()
        for doc in docs:
            result = extractor.extract(doc.text)
            evaluate.score_doc(doc, result, part)
            evaluate.score_doc(doc, result, total)
        each.append(part)
    return total, each


def set_rows(names: list[str], scores: list[Score]) -> list[list[str]]:
    rows = []
    for name, s in zip(names, scores, strict=True):
        m = evaluate.by_label(s)["all"]
        p, r, _ = evaluate.prf(
            s.claims_matched,
            s.claims_predicted - s.claims_matched,
            s.claims_gold - s.claims_matched,
        )
        rows.append(
            [
                name,
                fmt(m["f1"]),
                f"{s.link_right / s.link_judged:.3f}" if s.link_judged else "-",
                f"{p:.3f} / {r:.3f}",
                f"{s.hedge_right / s.claims_matched:.3f}" if s.claims_matched else "-",
                str(s.hedged_as_asserted),
            ]
        )
    return rows


def timed(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds of this process, all threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def throughput(
    extractor: Extractor, docs: list[Doc], corpus: Path, target_words: int
) -> dict[str, float]:
    """Words per CPU second over article-length documents: the gold texts joined as one
    article, and the corpus articles (read in place; not gold, only timed). One untimed round
    first, so one-time costs (the model's first call, country tables) are not counted."""
    texts = ["\n\n".join(d.text for d in docs)]
    texts += [p.read_text() for p in sorted(corpus.glob("*.txt"))] if corpus.is_dir() else []
    per_round = sum(words(t) for t in texts)
    rounds = max(1, -(-target_words // per_round))
    out: dict[str, float] = {"words_per_round": per_round, "rounds": rounds, "docs": len(texts)}

    def pipeline() -> None:
        for _ in range(rounds):
            for text in texts:
                extractor.extract(text)

    def ner() -> None:
        for _ in range(rounds):
            for text in texts:
                for _parsed in nlp.parse(extractor.nlp, text):
                    pass

    for text in texts:
        extractor.extract(text)
    wall, cpu = timed(pipeline)
    out["pipeline_words"] = per_round * rounds
    out["pipeline_wall"], out["pipeline_cpu"] = wall, cpu
    wall, cpu = timed(ner)
    out["ner_wall"], out["ner_cpu"] = wall, cpu

    gazetteer = extractor.gazetteer
    assert gazetteer is not None
    one = "\n\n".join(texts)
    copies = max(1, -(-GAZETTEER_TARGET // words(one)))
    big = "\n\n".join([one] * copies)
    out["gazetteer_words"] = words(big)
    gazetteer._keys.clear()  # the per-word key cache starts empty: every word keyed once
    wall, cpu = timed(lambda: gazetteer.find(big))
    out["gazetteer_wall"], out["gazetteer_cpu"] = wall, cpu
    gazetteer._keys.clear()
    out["cold_words"] = words(one)
    wall, cpu = timed(lambda: gazetteer.find(one))  # one pass, nothing cached
    out["cold_wall"], out["cold_cpu"] = wall, cpu
    out["gazetteer_patterns"] = gazetteer.size
    return out


def fmt(x: float) -> str:
    return f"{x:.3f}"


def mention_rows(s: Score) -> list[list[str]]:
    rows = []
    for label, r in evaluate.by_label(s).items():
        rows.append(
            [
                label,
                str(int(r["gold"])),
                str(int(r["predicted"])),
                fmt(r["precision"]),
                fmt(r["recall"]),
                fmt(r["f1"]),
                fmt(r["lenient_f1"]),
            ]
        )
    return rows


def summary_rows(s: Score, t: dict[str, float] | None) -> list[list[str]]:
    rows = []
    acc = s.link_right / s.link_judged if s.link_judged else 0.0
    rows.append(
        [
            "linking accuracy",
            f"{acc:.3f} ({s.link_right}/{s.link_judged} found person/org/vessel mentions)",
            "",
        ]
    )
    rows.append(
        [
            "designee mentions linked right",
            f"{s.designee_linked}/{s.designee_mentions} "
            f"(links made: {s.links_made}, right: {s.links_made_right})",
            "",
        ]
    )
    rows.append(
        [
            "names on no list linked (false links)",
            f"{s.nil_linked}/{s.nil_mentions}; links on non-mentions: {s.spurious_links}",
            "",
        ]
    )
    p, r, f = evaluate.prf(
        s.claims_matched, s.claims_predicted - s.claims_matched, s.claims_gold - s.claims_matched
    )
    rows.append(
        [
            "claims P / R / F1",
            f"{p:.3f} / {r:.3f} / {f:.3f} "
            f"({s.claims_matched} right of {s.claims_predicted} emitted, {s.claims_gold} gold)",
            "",
        ]
    )
    hedge = s.hedge_right / s.claims_matched if s.claims_matched else 0.0
    rows.append(["hedge accuracy", f"{hedge:.3f} ({s.hedge_right}/{s.claims_matched})", ""])
    rows.append(
        [
            "hedged claims emitted as asserted",
            str(s.hedged_as_asserted),
            "0: " + ("met" if s.hedged_as_asserted == 0 else "NOT met"),
        ]
    )
    attribution = s.attribution_right / s.attribution_judged if s.attribution_judged else 0.0
    rows.append(
        [
            "attribution right",
            f"{attribution:.3f} ({s.attribution_right}/{s.attribution_judged})",
            "",
        ]
    )
    if t:
        ner_rate = t["pipeline_words"] / t["pipeline_cpu"]
        rows.append(
            [
                "words/s per core, whole extractor (NER)",
                f"{ner_rate:,.0f} ({t['pipeline_words']:,.0f} words in {t['docs']:.0f} "
                f"articles x {t['rounds']:.0f}, {t['pipeline_cpu']:.1f} s CPU, "
                f"{t['pipeline_wall']:.1f} s wall)",
                f"≥ {NER_TARGET:,}: " + ("met" if ner_rate >= NER_TARGET else "NOT met"),
            ]
        )
        rows.append(
            [
                "words/s per core, spaCy model only",
                f"{t['pipeline_words'] / t['ner_cpu']:,.0f}",
                "",
            ]
        )
        gaz_rate = t["gazetteer_words"] / t["gazetteer_cpu"]
        rows.append(
            [
                "words/s per core, gazetteer alone",
                f"{gaz_rate:,.0f} ({t['gazetteer_words']:,.0f} words, "
                f"{t['gazetteer_patterns']:,.0f} name patterns)",
                f"≥ {GAZETTEER_TARGET:,}: "
                + ("met" if gaz_rate >= GAZETTEER_TARGET else "NOT met"),
            ]
        )
        rows.append(
            [
                "words/s per core, gazetteer, cold key cache",
                f"{t['cold_words'] / t['cold_cpu']:,.0f} (one pass over "
                f"{t['cold_words']:,.0f} words, every word keyed)",
                "",
            ]
        )
    return rows


def hedge_rows(s: Score) -> list[list[str]]:
    seen = [h for h in ORDER if any(k[0] == h or k[1] == h for k in s.hedge_confusion)]
    return [[g, *[str(s.hedge_confusion[(g, p)]) for p in seen]] for g in seen], seen


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.documents")
    parser.add_argument("--lists", type=Path, default=LISTS)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="articles timed, not scored")
    parser.add_argument("--database", help="a store that already holds the lists")
    parser.add_argument("--words", type=int, default=20_000, help="words timed (extractor)")
    parser.add_argument("--errors", action="store_true", help="list every miss and extra")
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args(argv)

    store, load_s = build_store(args.database, args.lists)
    start = time.perf_counter()
    extractor = Extractor.from_store(store)
    build_s = time.perf_counter() - start
    texts = DOCS + HELD_OUT
    total_words = sum(words(d.text) for d in texts)
    console.print(
        f"{len(texts)} gold texts ({len(DOCS)} development, {len(HELD_OUT)} held out), "
        f"{total_words:,} words; lists loaded and resolved in {load_s:.0f} s; extractor "
        f"({extractor.model}) built in {build_s:.1f} s"
    )
    s, (dev, held) = score(extractor, DOCS, HELD_OUT)
    t = None if args.no_throughput else throughput(extractor, texts, args.corpus, args.words)
    store.close()

    header = ["type", "gold", "predicted", "precision", "recall", "F1", "F1 (overlap)"]
    table = Table(*header, title="Mentions (exact span and type)")
    for row in mention_rows(s):
        table.add_row(*row)
    console.print(table)
    table = Table("measure", "value", "target", title="Linking, claims, hedges, throughput")
    for row in summary_rows(s, t):
        table.add_row(*row)
    console.print(table)
    set_header = ["texts", "mention F1", "linking", "claims P / R", "hedges", "hedged as asserted"]
    sets = set_rows(
        [f"development ({len(DOCS)})", f"held out ({len(HELD_OUT)})", f"all ({len(texts)})"],
        [dev, held, s],
    )
    table = Table(*set_header, title="By set")
    for row in sets:
        table.add_row(*row)
    console.print(table)
    rows, seen = hedge_rows(s)
    table = Table("gold \\ emitted", *seen, title="Hedges of matched claims")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    if args.errors:
        for line in s.errors:
            console.print(line, markup=False, highlight=False)
    print("\nMarkdown:\n")
    print(markdown(header, mention_rows(s)))
    print()
    print(markdown(["measure", "value", "target"], summary_rows(s, t)))
    print()
    print(markdown(["gold \\ emitted", *seen], rows))
    print()
    print(markdown(set_header, sets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
