"""What the child-process check adds to loading a model; prints JSON.

For the starter model and for a generated ~1 GB GGUF (a llama of random F16
weights, written once into a temporary folder), measures with the real engine:
- ``probe_s``: the child process alone (start Python, load with llama.cpp, render
  the template, evaluate a few tokens), median of ``--runs``;
- ``first_load_s``: ``Engine.load`` of a file never seen (empty verdict cache:
  the probe plus the in-process load) against ``second_load_s`` (the verdict
  remembered in the cache file, as in the next run of Fireside) and
  ``in_process_load_s`` (what the load itself costs, for comparison);
- ``cached_lookup_ms``: reading the remembered verdict.

    python bench/bench_probe.py [--runs 3] [--big-gb 1.0] [--no-big]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from app.core import model_probe  # noqa: E402
from app.core.catalog import load_catalog  # noqa: E402
from app.core.engine import Engine  # noqa: E402
from app.core.generation import GenerationSettings  # noqa: E402
from app.core.installed import STARTER_MODEL_ID, locate_bundled  # noqa: E402
from app.core.model_probe import ProbeCache, probe_model  # noqa: E402


def write_big_model(path: Path, gigabytes: float) -> Path:
    """A llama with 2048-wide layers of random F16 weights, about ``gigabytes`` large."""
    from gguf_factory import write_tiny_model

    n_embd, n_ff = 2048, 5632
    per_layer = (4 * n_embd * n_embd + 3 * n_embd * n_ff) * 2
    return write_tiny_model(path, context_length=2048, n_embd=n_embd, n_ff=n_ff, n_head=16,
                            n_layer=max(1, round(gigabytes * (1 << 30) / per_layer)),
                            f16=True, name="bench-big-llama")


def measure(path: Path, runs: int, folder: Path) -> dict[str, object]:
    settings = GenerationSettings(context_length=2048)
    probes = [probe_model(path, settings.threads) for _ in range(runs)]
    assert all(v.ok for v in probes), probes
    first, second, plain, lookups = [], [], [], []
    for run in range(runs):
        cache_file = folder / f"probed-{path.stem}-{run}.json"
        model_probe._MEMORY.clear()
        engine = Engine(ProbeCache(cache_file))
        started = time.perf_counter()
        engine.load(path, settings)
        first.append(time.perf_counter() - started)
        engine.unload()
        model_probe._MEMORY.clear()  # a new run of Fireside: the file remembers
        engine = Engine(ProbeCache(cache_file))
        started = time.perf_counter()
        engine.load(path, settings)
        second.append(time.perf_counter() - started)
        plain.append(engine.info.load_seconds if engine.info else 0.0)
        engine.unload()
        model_probe._MEMORY.clear()
        started = time.perf_counter()
        assert ProbeCache(cache_file).cached(path) is not None
        lookups.append((time.perf_counter() - started) * 1000)
    return {
        "file": path.name, "size_mb": round(path.stat().st_size / 1e6, 1),
        "probe_s": round(statistics.median(v.seconds for v in probes), 3),
        "first_load_s": round(statistics.median(first), 3),
        "second_load_s": round(statistics.median(second), 3),
        "in_process_load_s": round(statistics.median(plain), 3),
        "added_first_s": round(statistics.median(first) - statistics.median(second), 3),
        "cached_lookup_ms": round(statistics.median(lookups), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big-gb", type=float, default=1.0)
    parser.add_argument("--no-big", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        entry = load_catalog().get(STARTER_MODEL_ID)
        starter = locate_bundled(entry) if entry else None
        if starter is not None:
            results.append(measure(starter, args.runs, folder))
        if not args.no_big:
            big = write_big_model(folder / "big.gguf", args.big_gb)
            results.append(measure(big, args.runs, folder))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
