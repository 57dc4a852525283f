"""Download benchmark: Fireside's download engine against curl, same local server; prints JSON.

A file of random bytes (1 GiB by default) is served from 127.0.0.1 by the
tests' HTTP server (sendfile, in its own process).  curl and Fireside take
turns fetching it: over loopback at full speed to the disk and to a tmpfs in
memory (where the machine's CPU, not a network, sets the pace: Fireside
hashes as it goes, curl does not), and over a link paced at 1 Gbit/s.
Reported: each side's throughput (median), the ratio (median of the
per-pair ratios; goal >= 0.95), and Fireside's time from the last byte
arriving to the model being installed and verified (goal <= 1 s: the hash is
computed while the bytes arrive, so only the final compare, fsync and rename
remain).

    python bench/bench_download.py [--mib 1024] [--pairs 5]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.core.checksums import ChecksumCache
from app.core.downloads import Downloader, DownloadProgress, DownloadSpec

SERVER = Path(__file__).resolve().parents[1] / "tests" / "local_server.py"


def make_file(path: Path, mib: int) -> str:
    digest = hashlib.sha256()
    block = os.urandom(1 << 20)
    with open(path, "wb") as fh:
        for i in range(mib):
            chunk = block[i % 251:] + block[:i % 251]  # every MiB different, cheaply
            fh.write(chunk)
            digest.update(chunk)
    return digest.hexdigest()


def run_curl(url: str, out: Path) -> tuple[float, float]:
    """(seconds for curl, seconds for curl plus an fsync of its file).

    curl ends with its bytes still in the page cache; Fireside ends with them on
    disk (it fsyncs before calling a model installed).  The second number is
    the like-for-like baseline.
    """
    started = time.perf_counter()
    subprocess.run(["curl", "-sS", "--fail", "-o", str(out), url], check=True)
    done = time.perf_counter()
    fd = os.open(out, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return done - started, time.perf_counter() - started


def run_fireside(url: str, folder: Path, size: int, sha256: str) -> tuple[float, float]:
    """(seconds for the whole download, seconds from the last byte to installed)."""
    last_byte = [0.0]

    def progress(p: DownloadProgress) -> None:
        if p.done == size and not last_byte[0]:
            last_byte[0] = time.perf_counter()

    downloader = Downloader(folder, checksums=ChecksumCache(folder / "verified.json"),
                            token=lambda: None)
    spec = DownloadSpec("bench", "bench.gguf", (url,), size, sha256)
    started = time.perf_counter()
    path = downloader.download(spec, on_progress=progress)
    finished = time.perf_counter()
    assert path.stat().st_size == size
    return finished - started, finished - last_byte[0]


def measure(url: str, folder: Path, size: int, sha256: str, pairs: int) -> dict[str, object]:
    """curl and Fireside take turns writing into ``folder``."""
    curl_rates, synced_rates, app_rates, ratios, synced_ratios, finish = [], [], [], [], [], []
    for _ in range(pairs):
        out = folder / "curl" / "bench.gguf"
        out.parent.mkdir(parents=True, exist_ok=True)
        curl_s, synced_s = run_curl(url, out)
        curl_rates.append(size / curl_s / 1e6)
        synced_rates.append(size / synced_s / 1e6)
        out.unlink()
        mine = folder / "fireside"
        total, tail = run_fireside(url, mine, size, sha256)
        shutil.rmtree(mine)
        app_rates.append(size / total / 1e6)
        finish.append(tail)
        ratios.append(app_rates[-1] / curl_rates[-1])
        synced_ratios.append(app_rates[-1] / synced_rates[-1])
    return {
        "folder": str(folder),
        "throughput_MB_per_s": {
            "fireside": round(statistics.median(app_rates), 1),
            "curl": round(statistics.median(curl_rates), 1),
            "curl_then_fsync": round(statistics.median(synced_rates), 1),
            "fireside_all": [round(x, 1) for x in app_rates],
            "curl_all": [round(x, 1) for x in curl_rates]},
        "ratio_fireside_vs_curl_median_of_pairs": round(statistics.median(ratios), 3),
        "ratio_all_pairs": [round(x, 3) for x in ratios],
        "ratio_fireside_vs_curl_then_fsync_median_of_pairs":
            round(statistics.median(synced_ratios), 3),
        "last_byte_to_installed_and_verified_s": {
            "median": round(statistics.median(finish), 3),
            "all": [round(x, 3) for x in finish]},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=1024)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--link-mb-s", type=float, default=125.0,
                        help="speed of the paced link (default 125 MB/s = 1 Gbit/s)")
    args = parser.parse_args()
    if shutil.which("curl") is None:
        sys.exit("curl is needed for the baseline")
    work = Path(tempfile.mkdtemp(prefix="fireside-bench-"))
    memory = Path(tempfile.mkdtemp(prefix="fireside-bench-", dir="/dev/shm")) \
        if Path("/dev/shm").is_dir() else None
    server = None
    try:
        served = work / "bench.gguf"
        sha256 = make_file(served, args.mib)
        size = served.stat().st_size
        # The server runs in its own process, so it never competes for this one's GIL.
        server = subprocess.Popen([sys.executable, str(SERVER), str(served),
                                   str(args.link_mb_s)], stdout=subprocess.PIPE, text=True)
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        url = f"{base}/bench.gguf"
        report: dict[str, object] = {"file_bytes": size, "pairs": args.pairs}
        # To disk (what users get) and to memory (the engine's own cost, without the
        # disk's large swings on a shared machine).
        report["to_disk"] = measure(url, work / "out", size, sha256, args.pairs)
        if memory is not None:
            report["to_memory_tmpfs"] = measure(url, memory, size, sha256, args.pairs)
        # A fast home link (1 Gbit/s by default): what users actually see.
        report[f"to_disk_over_a_{args.link_mb_s:g}_MB_s_link"] = measure(
            f"{base}/paced/bench.gguf", work / "paced", size, sha256, max(1, args.pairs // 2))
        print(json.dumps(report, indent=2))
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)
        if memory is not None:
            shutil.rmtree(memory, ignore_errors=True)


if __name__ == "__main__":
    main()
