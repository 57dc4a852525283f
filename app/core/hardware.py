"""Facts about this machine that choose defaults: cores and memory."""

from __future__ import annotations

import os

import psutil


def physical_cores() -> int:
    """Physical CPU cores (llama.cpp runs fastest with one thread per core)."""
    count = psutil.cpu_count(logical=False) or os.cpu_count() or 1
    return max(1, int(count))


def logical_cores() -> int:
    return max(1, os.cpu_count() or 1)


def available_ram_bytes() -> int:
    return int(psutil.virtual_memory().available)
