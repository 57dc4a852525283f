"""Perplexity throughput: Fireside's ``perplexity()`` against a plain llama-cpp-python loop.

Both score the same windows of the same text with the same model, threads and window:
the baseline is ``Llama(logits_all=True)`` and ``Llama.eval`` per window with numpy's
log-softmax over the scored half, as anyone would write it.  The two alternate
(``--rounds`` each, same run); load time is not counted in either.  Prints JSON with the
tokens scored per second of each (median) and the ratio ours / baseline, and checks that
both give the same perplexity.

    python bench/bench_eval.py [--model PATH] [--window 512] [--threads 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.catalog import load_catalog  # noqa: E402
from app.core.evaluation.perplexity import perplexity  # noqa: E402
from app.core.installed import STARTER_MODEL_ID, locate_bundled  # noqa: E402
from app.core.paths import resource_path  # noqa: E402


def baseline(model: Path, text: str, window: int, threads: int) -> tuple[float, int, float]:
    """(perplexity, tokens scored, seconds) with a plain ``Llama.eval`` loop."""
    from llama_cpp import Llama

    llm = Llama(model_path=str(model), n_ctx=window, n_batch=window, n_ubatch=window,
                n_threads=threads, n_threads_batch=threads, logits_all=True, verbose=False)
    try:
        bos = llm.token_bos()
        tokens = [bos, *llm.tokenize(text.encode(), add_bos=False, special=False)]
        nll, count = 0.0, 0
        started = time.perf_counter()
        for start in range(0, len(tokens) - window + 1, window):
            chunk = [bos, *tokens[start + 1:start + window]]
            llm.reset()
            llm.eval(chunk)
            half = window // 2
            logits = np.asarray(llm.scores[half:window - 1], dtype=np.float64)
            peak = logits.max(axis=1, keepdims=True)
            log_probs = logits - peak - np.log(np.exp(logits - peak).sum(axis=1, keepdims=True))
            targets = np.asarray(chunk[half + 1:window])
            nll -= float(log_probs[np.arange(len(targets)), targets].sum())
            count += len(targets)
        seconds = time.perf_counter() - started
    finally:
        llm.close()
    return math.exp(nll / count), count, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="GGUF (default: the starter model)")
    parser.add_argument("--window", type=int, default=512)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=4,
                        help="the sample text this many times (enough windows)")
    args = parser.parse_args()
    model = args.model or locate_bundled(load_catalog().get(STARTER_MODEL_ID))  # type: ignore[arg-type]
    if model is None:
        sys.exit("no model: pass --model or install the starter model")
    text = resource_path("eval/sample.txt").read_text(encoding="utf-8") * args.repeat
    ours_speeds, base_speeds, ours_ppl, base_ppl, scored = [], [], 0.0, 0.0, 0
    for _ in range(args.rounds):
        result = perplexity(model, text, window=args.window, threads=args.threads)
        ours_speeds.append(result.tokens_per_second)
        ours_ppl, scored = result.perplexity, result.tokens_scored
        base_ppl, count, seconds = baseline(model, text, args.window, args.threads)
        base_speeds.append(count / seconds)
    ours, base = statistics.median(ours_speeds), statistics.median(base_speeds)
    print(json.dumps({
        "model": Path(model).name, "window": args.window, "threads": args.threads,
        "tokens_scored": scored, "rounds": args.rounds,
        "perplexity": round(ours_ppl, 4), "baseline_perplexity": round(base_ppl, 4),
        "fireside_tokens_per_second": round(ours, 1),
        "llama_eval_tokens_per_second": round(base, 1),
        "ratio": round(ours / base, 3),
        "runs": {"fireside": [round(s, 1) for s in ours_speeds],
                 "llama_eval": [round(s, 1) for s in base_speeds]},
    }, indent=2))


if __name__ == "__main__":
    main()
