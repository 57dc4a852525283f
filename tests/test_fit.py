"""The memory fit estimate (pure arithmetic, plus the real starter model's metadata)."""

from __future__ import annotations

from pathlib import Path

from app.core.fit import COMPUTE_BYTES, RESERVE_BYTES, estimate_fit, parameters_in_billions
from app.core.gguf_header import read_gguf_header

GIB = 1 << 30


def test_parameter_counts_are_read() -> None:
    assert parameters_in_billions("1.24B") == 1.24
    assert parameters_in_billions("135M") == 0.135
    assert parameters_in_billions("8 billion") == 8
    assert parameters_in_billions("137 million") == 0.137
    assert parameters_in_billions(None) is None and parameters_in_billions("big") is None


def test_verdicts_follow_available_and_total_memory() -> None:
    def verdict(file_gib: float, available: float, total: float = 16) -> str:
        return estimate_fit(int(file_gib * GIB), 4096, kv_bytes_per_token=32_768,
                            available_bytes=int(available * GIB),
                            total_bytes=int(total * GIB)).verdict

    assert verdict(2, available=8) == "fits"
    assert verdict(6, available=6) == "tight"  # close other programs and it fits
    assert verdict(20, available=8) == "won't fit"


def test_the_kv_cache_grows_with_the_context() -> None:
    small = estimate_fit(GIB, 2048, kv_bytes_per_token=100_000, available_bytes=8 * GIB,
                         total_bytes=16 * GIB)
    large = estimate_fit(GIB, 32768, kv_bytes_per_token=100_000, available_bytes=8 * GIB,
                         total_bytes=16 * GIB)
    assert large.kv_bytes == 16 * small.kv_bytes
    assert small.need_bytes == GIB + 2048 * 100_000 + COMPUTE_BYTES
    assert not small.kv_is_estimate
    assert "GiB" in str(small.label) and "estimate" not in str(small.label)


def test_before_download_the_kv_cache_is_estimated_from_parameters() -> None:
    guess = estimate_fit(GIB, 4096, parameters="3B", available_bytes=RESERVE_BYTES + 20 * GIB,
                         total_bytes=32 * GIB)
    assert guess.kv_is_estimate and "estimate" in str(guess.label)
    assert guess.verdict == "fits"


def test_the_starter_models_own_metadata_gives_its_kv_size(starter_model: Path) -> None:
    header = read_gguf_header(starter_model)
    # SmolLM2-135M: 30 layers x 3 KV heads x (64 + 64) dims x 2 bytes
    assert header.kv_bytes_per_token == 30 * 3 * 128 * 2
    fit = estimate_fit(starter_model.stat().st_size, 4096, header.kv_bytes_per_token)
    assert fit.verdict == "fits"
