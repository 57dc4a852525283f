"""Facts about this machine: cores, memory, the CPU and what llama.cpp makes of it."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field

import psutil


def physical_cores() -> int:
    """Physical CPU cores (llama.cpp runs fastest with one thread per core)."""
    count = psutil.cpu_count(logical=False) or os.cpu_count() or 1
    return max(1, int(count))


def logical_cores() -> int:
    return max(1, os.cpu_count() or 1)


def available_ram_bytes() -> int:
    return int(psutil.virtual_memory().available)


def total_ram_bytes() -> int:
    return int(psutil.virtual_memory().total)


def cpu_name() -> str:
    """The processor's model name (``/proc/cpuinfo`` on Linux), or what the platform says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def llama_cpu_features() -> list[str]:
    """The CPU features llama.cpp detected and uses (``llama_print_system_info``)."""
    try:
        import llama_cpp

        raw = llama_cpp.llama_print_system_info()
    except Exception:  # (an About box must never fail)
        return []
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    features = []
    for part in text.replace("|", "\n").splitlines():
        name, _, value = part.rpartition("=")
        name = name.split(":")[-1].strip()
        if name and value.strip() == "1":
            features.append(name)
    return features


@dataclass(frozen=True)
class MachineInfo:
    """What the About box and the hardware section show."""

    cpu: str
    physical_cores: int
    logical_cores: int
    total_ram: int
    available_ram: int
    cpu_features: list[str] = field(default_factory=list)


def machine_info() -> MachineInfo:
    memory = psutil.virtual_memory()
    return MachineInfo(cpu_name(), physical_cores(), logical_cores(), int(memory.total),
                       int(memory.available), llama_cpu_features())
