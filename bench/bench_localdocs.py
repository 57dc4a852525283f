"""LocalDocs benchmark: indexing throughput and keyword query latency at scale; prints JSON.

A corpus is generated (default 5,000 Markdown and text files, 200 MB: paragraphs of
words drawn from a 20,000-word vocabulary, each file with one sentence found nowhere
else), indexed keyword-only from scratch (MB/s and files/s), indexed again with nothing
changed (the incremental pass), and queried: keyword search for 200 queries of 2–4
words over all its chunks (≥ 100,000), median and p99, and recall@5 for the unique
sentences (the file holding it must be among the first 5).  The baseline in the same
run is reading the same files and only splitting them (no index): what indexing adds.

    python bench/bench_localdocs.py [--files 5000] [--megabytes 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from app.core.localdocs.chunking import chunk_pages
from app.core.localdocs.extract import extract
from app.core.localdocs.indexer import Indexer
from app.core.localdocs.store import DocsStore


def make_corpus(folder: Path, files: int, megabytes: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [f"w{rng.randrange(10**6):06d}" for _ in range(20_000)]
    per_file = megabytes * 1_000_000 // files
    uniques = []
    for i in range(files):
        sub = folder / f"part{i % 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        unique = f"zq{i}marker"
        uniques.append(unique)
        parts = [f"# Document {i}\n"]
        size = 0
        while size < per_file:
            paragraph = " ".join(rng.choices(vocabulary, k=rng.randrange(40, 120))) + ".\n"
            parts.append(paragraph)
            size += len(paragraph) + 1
        parts.insert(rng.randrange(1, len(parts)), f"The answer is {unique} here.\n")
        suffix = ".md" if i % 2 else ".txt"
        (sub / f"doc{i:05d}{suffix}").write_text("\n".join(parts), encoding="utf-8")
    return uniques


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        started = time.perf_counter()
        uniques = make_corpus(folder, args.files, args.megabytes)
        made = time.perf_counter() - started
        total_bytes = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        # Baseline: read and chunk every file, nothing stored.
        started = time.perf_counter()
        baseline_chunks = 0
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            baseline_chunks += len(chunk_pages(extract(path).pages))
        baseline = time.perf_counter() - started
        store = DocsStore(Path(tmp) / "localdocs.sqlite3")
        collection = store.add_collection("Bench", [str(folder)])
        started = time.perf_counter()
        report = Indexer(store).index(collection)
        indexing = time.perf_counter() - started
        started = time.perf_counter()
        again = Indexer(store).index(store.require("Bench"))
        incremental = time.perf_counter() - started
        status = store.status(collection)
        rng = random.Random(3)
        vocabulary_queries = []
        for _ in range(args.queries):
            hit = store.keyword_search([collection], rng.choice(uniques), 1)
            words = hit[0].text.split()[:200] if hit else ["w000001"]
            vocabulary_queries.append(" ".join(rng.sample(words, k=min(len(words),
                                                                       rng.randrange(2, 5)))))
        times = []
        for query in vocabulary_queries:
            started = time.perf_counter()
            store.keyword_search([collection], query, 5)
            times.append((time.perf_counter() - started) * 1000)
        found = 0
        sample = rng.sample(range(len(uniques)), k=min(200, len(uniques)))
        for i in sample:
            hits = store.keyword_search([collection], f"the answer is {uniques[i]}", 5)
            found += any(Path(h.path).stem == f"doc{i:05d}" for h in hits)
        times.sort()
        print(json.dumps({
            "corpus": {"files": args.files, "megabytes": round(total_bytes / 1e6, 1),
                       "generated_seconds": round(made, 1)},
            "baseline_read_and_chunk": {"seconds": round(baseline, 2),
                                        "megabytes_per_second": round(
                                            total_bytes / 1e6 / baseline, 1),
                                        "chunks": baseline_chunks},
            "keyword_indexing": {"seconds": round(indexing, 2),
                                 "megabytes_per_second": round(total_bytes / 1e6 / indexing, 1),
                                 "files_per_second": round(report.indexed / indexing, 1),
                                 "vs_baseline": round(baseline / indexing, 3),
                                 "files": report.indexed, "chunks": status.chunks},
            "incremental_pass_seconds": round(incremental, 2),
            "incremental_unchanged": again.unchanged,
            "keyword_query_ms": {"median": round(statistics.median(times), 2),
                                 "p99": round(times[min(len(times) - 1,
                                                        int(len(times) * 0.99))], 2),
                                 "queries": len(times)},
            "recall_at_5_unique_sentence": round(found / len(sample), 3),
            "index_megabytes": round(os.path.getsize(store.path) / 1e6, 1),
            "max_rss_megabytes": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                       / 1024, 1),
        }, indent=2))
        store.close()


if __name__ == "__main__":
    main()
