"""What llama.cpp can offload to a GPU in this build: the backend, its devices, their memory.

llama-cpp-python is built for the CPU by default; built with a GPU backend
(``CMAKE_ARGS="-DGGML_VULKAN=on"``, ``-DGGML_CUDA=on``, Metal on Apple
silicon) it can put some or all of a model's layers in the GPU's memory.
:func:`offload_supported` asks llama.cpp (``llama_supports_gpu_offload``);
:func:`gpu_devices` lists the GPUs through ggml's device registry (the same
list ``llama-cli --list-devices`` prints), with their free and total memory.

A model's *GPU layers* setting: ``None`` is "auto" (as many layers as the free
GPU memory holds, :func:`auto_gpu_layers`), ``0`` keeps the model on the CPU,
``-1`` offloads every layer.
"""

from __future__ import annotations

import ctypes
import functools
import logging
from dataclasses import dataclass
from typing import Any

from app.core.texts import Text, tr

log = logging.getLogger(__name__)

ALL_LAYERS = -1
VRAM_RESERVE_BYTES = 512 << 20  # the desktop, the driver and llama.cpp's compute buffers
_GPU = 1  # GGML_BACKEND_DEVICE_TYPE_GPU (CPU 0, IGPU 2, ACCEL 3, META 4)
_IGPU = 2  # before ggml had integrated GPUs, 2 was ACCEL (BLAS, AMX): told apart by name
_NOT_GPU_BACKENDS = {"CPU", "BLAS", "AMX"}


@dataclass(frozen=True)
class GpuDevice:
    """One GPU as ggml sees it: ``Vulkan0``, its description, backend and memory."""

    name: str
    description: str
    backend: str  # "CUDA", "Vulkan", "Metal", …
    free_bytes: int
    total_bytes: int


@functools.cache
def offload_supported() -> bool:
    """Whether this llama.cpp build can offload layers to a GPU (asked once)."""
    try:
        import llama_cpp

        return bool(llama_cpp.llama_supports_gpu_offload())
    except Exception:  # (no llama.cpp at all: no GPU either)
        return False


def _ggml() -> Any:
    """llama.cpp's library; ggml's symbols are found through it (it links them)."""
    from llama_cpp import llama_cpp as bindings

    lib = bindings._lib
    text = ctypes.c_char_p
    size = ctypes.c_size_t
    pointer = ctypes.c_void_p
    for name, restype, argtypes in (
            ("ggml_backend_dev_count", size, []),
            ("ggml_backend_dev_get", pointer, [size]),
            ("ggml_backend_dev_name", text, [pointer]),
            ("ggml_backend_dev_description", text, [pointer]),
            ("ggml_backend_dev_type", ctypes.c_int, [pointer]),
            ("ggml_backend_dev_backend_reg", pointer, [pointer]),
            ("ggml_backend_reg_name", text, [pointer]),
            ("ggml_backend_reg_count", size, []),
            ("ggml_backend_reg_get", pointer, [size]),
            ("ggml_backend_dev_memory", None,
             [pointer, ctypes.POINTER(size), ctypes.POINTER(size)])):
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes
    return lib


def all_devices() -> list[tuple[GpuDevice, int]]:
    """Every ggml device (the CPU too) with its ggml type; empty if it cannot be asked."""
    try:
        lib = _ggml()
        found = []
        for index in range(int(lib.ggml_backend_dev_count())):
            device = lib.ggml_backend_dev_get(index)
            free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
            lib.ggml_backend_dev_memory(device, ctypes.byref(free), ctypes.byref(total))
            registry = lib.ggml_backend_dev_backend_reg(device)
            backend = lib.ggml_backend_reg_name(registry) if registry else b""
            found.append((GpuDevice(
                (lib.ggml_backend_dev_name(device) or b"").decode("utf-8", "replace"),
                (lib.ggml_backend_dev_description(device) or b"").decode("utf-8", "replace"),
                (backend or b"").decode("utf-8", "replace"), int(free.value),
                int(total.value)), int(lib.ggml_backend_dev_type(device))))
        return found
    except (AttributeError, OSError, ImportError, ValueError):
        log.warning("ggml's device list could not be read", exc_info=True)
        return []


def built_backends() -> list[str]:
    """The backends this llama.cpp build registered ("Vulkan", "CPU", …), whether or not
    they found a device; empty if it cannot be asked."""
    try:
        lib = _ggml()
        return [(lib.ggml_backend_reg_name(lib.ggml_backend_reg_get(index)) or b"")
                .decode("utf-8", "replace") for index in range(int(lib.ggml_backend_reg_count()))]
    except (AttributeError, OSError, ImportError, ValueError):
        log.warning("ggml's backend list could not be read", exc_info=True)
        return []


def gpu_devices() -> list[GpuDevice]:
    """The GPUs llama.cpp can offload to (none on a CPU build)."""
    if not offload_supported():
        return []
    return [device for device, kind in all_devices()
            if kind == _GPU or (kind == _IGPU and device.backend not in _NOT_GPU_BACKENDS)]


def free_vram_bytes(devices: list[GpuDevice] | None = None) -> int:
    """Free memory on the GPUs llama.cpp would use (all of them, split by layer)."""
    return sum(d.free_bytes for d in (gpu_devices() if devices is None else devices))


def backend_summary(devices: list[GpuDevice] | None = None) -> Text:
    """For About: ``Vulkan: NVIDIA GeForce RTX 3060 (11.6 of 12.0 GiB free)``, or that
    this build runs on the CPU only."""
    found = gpu_devices() if devices is None else devices
    if not found:
        # A GPU backend that found no device (a Vulkan build on a computer without a
        # GPU, or without its driver) does not support offload either.
        backends = [b for b in built_backends() if b not in _NOT_GPU_BACKENDS | {"RPC"}]
        if backends:
            return tr("GPU offload is built in ({backends}), but llama.cpp found no GPU",
                      backends=", ".join(backends))
        if offload_supported():
            return tr("GPU offload is built in, but llama.cpp found no GPU")
        return tr("CPU only (this llama.cpp build has no GPU backend)")
    return Text("{items}", {"items": "; ".join(
        f"{d.backend or d.name}: {d.description or d.name} "
        f"({d.free_bytes / (1 << 30):.1f} / {d.total_bytes / (1 << 30):.1f} GiB)"
        for d in found)})


def auto_gpu_layers(model_bytes: int, n_layers: int, kv_bytes: int, free_vram: int) -> int:
    """How many of ``n_layers`` fit in ``free_vram`` (weights and KV cache shared evenly
    by the layers, a reserve kept); ``ALL_LAYERS`` if all of them do."""
    if n_layers <= 0 or free_vram <= VRAM_RESERVE_BYTES:
        return 0
    per_layer = (model_bytes + kv_bytes) / n_layers
    fitting = int((free_vram - VRAM_RESERVE_BYTES) // max(per_layer, 1.0))
    return ALL_LAYERS if fitting >= n_layers else max(0, fitting)


def offloaded_share(gpu_layers: int | None, n_layers: int, model_bytes: int, kv_bytes: int,
                    free_vram: int) -> float:
    """The share (0-1) of the model a ``gpu_layers`` setting puts on the GPU."""
    if n_layers <= 0:
        return 0.0
    layers = (auto_gpu_layers(model_bytes, n_layers, kv_bytes, free_vram)
              if gpu_layers is None else gpu_layers)
    if layers == ALL_LAYERS or layers >= n_layers:
        return 1.0
    return max(0, layers) / n_layers


def resolve_gpu_layers(setting: int | None, model_bytes: int, n_layers: int | None,
                       kv_bytes: int) -> int:
    """What llama.cpp's ``n_gpu_layers`` gets for a model's setting: 0 on a CPU build,
    the layers that fit for "auto" (None), else the setting."""
    if not offload_supported() or setting == 0:
        return 0
    if setting is None:
        return auto_gpu_layers(model_bytes, n_layers or 0, kv_bytes, free_vram_bytes())
    return setting


def gpu_share(setting: int | None, n_layers: int | None, model_bytes: int,
              kv_bytes: int) -> float:
    """The share of a model a setting would put on the GPU (0 on a CPU build).  Before the
    file is here its layers are unknown: "auto" then counts the share that fits."""
    if not offload_supported() or setting == 0:
        return 0.0
    free = free_vram_bytes()
    if n_layers:
        return offloaded_share(setting, n_layers, model_bytes, kv_bytes, free)
    if setting == ALL_LAYERS:
        return 1.0
    need = model_bytes + kv_bytes
    return min(1.0, max(0.0, (free - VRAM_RESERVE_BYTES) / need)) if need > 0 else 0.0
