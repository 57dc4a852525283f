"""Will a model fit in this machine's memory?  fits / tight / won't fit.

The need is the file (llama.cpp maps all of it) plus the KV cache at the
configured context plus a fixed allowance for compute buffers.  The KV
cache comes from the GGUF's own metadata once the file is here; before a
download it is estimated from the parameter count (and said to be an
estimate).  The verdict compares the need with available memory, keeping a
reserve for the system and Fireside itself:

- fits: the need is within available memory minus the reserve;
- tight: it is within total memory minus the reserve (close other programs);
- won't fit: more than that.

With a GPU build of llama.cpp the layers offloaded to the GPU (the model's
setting, "auto" by default) count against the GPU's free memory instead.

With a speed calibration (:mod:`app.core.speed`) an estimate also carries the
decode speed the model should reach on this machine, and :func:`recommend`
keeps to models that are fast enough to chat with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import psutil

from app.core import gpu
from app.core.catalog import CatalogEntry
from app.core.gguf_header import GGUFError, read_gguf_header
from app.core.installed import InstalledModel
from app.core.speed import CHAT_SPEED, Calibration, expected_tokens_per_second, speed_words
from app.core.texts import Text, tr

RESERVE_BYTES = 1 << 30  # the system and the app itself
COMPUTE_BYTES = 256 << 20  # llama.cpp's compute buffers, roughly, for small batches
# Before the file is here: KV bytes per token per billion parameters.  Real models
# range from ~10 KB (strong GQA) to ~100 KB (none); this errs on the large side.
_KV_PER_TOKEN_PER_BILLION = 48_000
_PARAMS = re.compile(r"([\d.]+)\s*(b|billion|m|million)", re.IGNORECASE)


@dataclass(frozen=True)
class FitEstimate:
    """The memory a model needs at a context length, against this machine."""

    verdict: str  # "fits", "tight", "won't fit"
    need_bytes: int
    available_bytes: int
    total_bytes: int
    kv_bytes: int
    kv_is_estimate: bool
    tokens_per_second: float | None = None  # expected here (None: not calibrated yet)
    gpu_share: float = 0.0  # the part of the model on the GPU (0: all on the CPU)
    vram_need_bytes: int = 0

    @property
    def label(self) -> Text:
        """``fits: needs about 3.3 GiB (estimate) · about 12 tokens/s``."""
        verdict = {"fits": tr("fits"), "tight": tr("tight"),
                   "won't fit": tr("won't fit")}.get(self.verdict, self.verdict)
        need = self.need_bytes / (1 << 30)
        if self.kv_is_estimate:
            memory = tr("{verdict}: needs about {need:.1f} GiB (estimate)", verdict=verdict,
                        need=need)
        else:
            memory = tr("{verdict}: needs about {need:.1f} GiB", verdict=verdict, need=need)
        if self.gpu_share > 0:
            memory = tr("{memory}, {share:.0f}% of it on the GPU ({vram:.1f} GiB)",
                        memory=memory, share=self.gpu_share * 100,
                        vram=self.vram_need_bytes / (1 << 30))
        if self.speed is None:
            return memory
        return tr("{memory} · {speed}", memory=memory, speed=self.speed)

    @property
    def speed(self) -> Text | None:
        """``about 12 tokens/s`` (None before a calibration, or with GPU layers: the
        calibration is the CPU's)."""
        if self.tokens_per_second is None:
            return None
        return speed_words(self.tokens_per_second)

    @property
    def fast_enough(self) -> bool:
        """Fast enough to chat with (or not known: no calibration yet)."""
        return self.tokens_per_second is None or self.tokens_per_second >= CHAT_SPEED


def parameters_in_billions(text: str | None) -> float | None:
    """``"1.24B"``, ``"135M"``, ``"8 billion"`` → billions; None if unreadable."""
    if not text:
        return None
    match = _PARAMS.search(text)
    if match is None:
        return None
    value = float(match.group(1))
    return value if match.group(2).lower().startswith("b") else value / 1000


def estimate_fit(file_bytes: int, context_length: int, kv_bytes_per_token: int | None = None,
                 parameters: str | None = None, available_bytes: int | None = None,
                 total_bytes: int | None = None, calibration: Calibration | None = None,
                 gpu_layers: int | None = None, n_layers: int | None = None,
                 ) -> FitEstimate:
    """The verdict for a model of ``file_bytes`` at ``context_length`` tokens (and its
    expected speed, given a calibration).  ``gpu_layers`` is the model's GPU setting
    (None "auto"; nothing on a CPU build), ``n_layers`` its layers if known."""
    memory = psutil.virtual_memory() if available_bytes is None or total_bytes is None else None
    available = available_bytes if available_bytes is not None else int(memory.available)  # type: ignore[union-attr]
    total = total_bytes if total_bytes is not None else int(memory.total)  # type: ignore[union-attr]
    guessed = kv_bytes_per_token is None
    if kv_bytes_per_token is None:
        billions = parameters_in_billions(parameters) or file_bytes / 0.6e9  # ~4.8 bits/weight
        kv_bytes_per_token = int(max(billions, 0.1) * _KV_PER_TOKEN_PER_BILLION)
    kv = kv_bytes_per_token * context_length
    share = gpu.gpu_share(gpu_layers, n_layers, file_bytes, kv)
    on_gpu = int((file_bytes + kv) * share)
    vram_need = on_gpu + COMPUTE_BYTES if share > 0 else 0
    need = file_bytes + kv - on_gpu + COMPUTE_BYTES
    if need <= available - RESERVE_BYTES:
        verdict = "fits"
    elif need <= total - RESERVE_BYTES:
        verdict = "tight"
    else:
        verdict = "won't fit"
    if share > 0 and vram_need > gpu.free_vram_bytes():
        verdict = "won't fit"  # more layers asked for than the GPU holds
    speed = (expected_tokens_per_second(file_bytes, calibration)
             if calibration is not None and file_bytes > 0 and share == 0 else None)
    return FitEstimate(verdict, need, available, total, kv, guessed, speed, share, vram_need)


def recommend(entries: list[CatalogEntry], context_length: int, count: int = 3,
              available_bytes: int | None = None, total_bytes: int | None = None,
              calibration: Calibration | None = None,
              ) -> list[tuple[CatalogEntry, FitEstimate]]:
    """Catalog chat models that fit this machine comfortably and, once the machine's speed
    is calibrated, answer at ``CHAT_SPEED`` or faster; the most capable first.

    "Capable" is taken as the larger file among those; one model per family (the
    part of the id before its size) keeps the choice varied.
    """
    fitting: list[tuple[CatalogEntry, FitEstimate]] = []
    for entry in entries:
        if not entry.urls or (entry.tags and "chat" not in entry.tags):
            continue  # not downloadable, or not a chat model (an embedding model, say)
        estimate = estimate_fit(entry.size, context_length, parameters=entry.parameters,
                                available_bytes=available_bytes, total_bytes=total_bytes,
                                calibration=calibration)
        if estimate.verdict == "fits" and estimate.fast_enough:
            fitting.append((entry, estimate))
    fitting.sort(key=lambda pair: pair[0].size, reverse=True)
    chosen: list[tuple[CatalogEntry, FitEstimate]] = []
    families: set[str] = set()
    for entry, estimate in fitting:
        family = _PARAMS.split(entry.id.lower())[0].rstrip("-_. ")
        if family in families:
            continue
        families.add(family)
        chosen.append((entry, estimate))
        if len(chosen) == count:
            break
    return chosen


def installed_kv_bytes_per_token(model: InstalledModel) -> int | None:
    """From the model file's own header, or None if it cannot be read."""
    try:
        return read_gguf_header(model.path).kv_bytes_per_token
    except (GGUFError, OSError):
        return None


def estimate_installed(model: InstalledModel, context_length: int,
                       available_bytes: int | None = None, total_bytes: int | None = None,
                       calibration: Calibration | None = None,
                       gpu_layers: int | None = None) -> FitEstimate:
    """The verdict for a model that is here (its KV size and layers read from its
    header)."""
    try:
        header = read_gguf_header(model.path)
        kv, layers = header.kv_bytes_per_token, header.block_count
    except (GGUFError, OSError):
        kv = layers = None
    return estimate_fit(model.size, context_length, kv,
                        parameters=model.entry.parameters if model.entry else None,
                        available_bytes=available_bytes, total_bytes=total_bytes,
                        calibration=calibration, gpu_layers=gpu_layers, n_layers=layers)
