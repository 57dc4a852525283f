"""GPU offload: what this (CPU) build of llama.cpp reports, the Model page's GPU layers
row only on a GPU build, the layers reaching llama.cpp, and the fit counting VRAM.

This machine has no GPU and llama-cpp-python is built for the CPU, so the GPU build
is stood in for by telling :mod:`app.core.gpu` that offload is supported and how much
GPU memory is free; llama.cpp itself then loads with ``n_gpu_layers`` set (a CPU
build accepts and ignores it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core import gpu
from app.core.engine import Engine
from app.core.fit import estimate_fit
from app.core.generation import GenerationSettings
from app.core.gguf_header import read_gguf_header
from app.core.installed import InstalledModel
from app.core.model_settings import ModelSettings
from app.core.model_slot import LoadRequest
from app.core.settings import Settings
from app.ui.about_dialog import AboutDialog
from app.ui.settings.model_page import ModelOverridesForm

GIB = 1 << 30


@pytest.fixture
def gpu_build(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if llama.cpp were built with Vulkan and had an 8 GiB GPU with 6 GiB free."""
    device = gpu.GpuDevice("Vulkan0", "Test GPU", "Vulkan", 6 * GIB, 8 * GIB)
    monkeypatch.setattr(gpu, "offload_supported", lambda: True)
    monkeypatch.setattr(gpu, "gpu_devices", lambda: [device])
    monkeypatch.setattr(gpu, "free_vram_bytes", lambda devices=None: 6 * GIB)
    yield


def test_this_cpu_build_reports_its_cpu_and_no_gpu(qtbot: QtBot, tmp_path: Path) -> None:
    assert gpu.offload_supported() is False
    devices = gpu.all_devices()  # ggml's real device list, read through ctypes
    assert devices and devices[0][1] == 0 and devices[0][0].name == "CPU"
    assert devices[0][0].total_bytes > 0
    assert gpu.gpu_devices() == [] and gpu.free_vram_bytes() == 0
    assert str(gpu.backend_summary()) == "CPU only (this llama.cpp build has no GPU backend)"
    from app.core.paths import AppPaths

    about = AboutDialog(AppPaths.resolve(tmp_path))
    qtbot.addWidget(about)
    assert "GPU: CPU only" in about.details.text()


def test_a_gpu_backend_without_a_device_is_said_so(qtbot: QtBot, tmp_path: Path,
                                                   tiny_model: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A Vulkan build on a computer without a GPU (tried for real with a Vulkan build of
    llama-cpp-python: it registers "Vulkan" with no device, and llama.cpp then says offload
    is not supported). About said "this llama.cpp build has no GPU backend", which was
    false; the model page still offers no GPU layers (there is nothing to offload to)."""
    assert gpu.built_backends() == ["CPU"]  # this build, asked through ggml's registry
    monkeypatch.setattr(gpu, "built_backends", lambda: ["Vulkan", "CPU"])
    assert gpu.offload_supported() is False and gpu.gpu_devices() == []
    assert str(gpu.backend_summary()) == (
        "GPU offload is built in (Vulkan), but llama.cpp found no GPU")
    from app.core.paths import AppPaths

    about = AboutDialog(AppPaths.resolve(tmp_path))
    qtbot.addWidget(about)
    assert "GPU: GPU offload is built in (Vulkan)" in about.details.text()
    model = InstalledModel("tiny", "Tiny", tiny_model, tiny_model.stat().st_size, "added")
    form = ModelOverridesForm(model, ModelSettings(), GenerationSettings())
    qtbot.addWidget(form)
    assert form.gpu_layers is None


def test_on_a_cpu_build_the_model_page_has_no_gpu_row(qtbot: QtBot, tiny_model: Path) -> None:
    model = InstalledModel("tiny", "Tiny", tiny_model, tiny_model.stat().st_size, "added")
    form = ModelOverridesForm(model, ModelSettings(), GenerationSettings())
    qtbot.addWidget(form)
    assert form.gpu_layers is None
    assert not [w for w in form.findChildren(object)
                if "GPU" in (getattr(w, "accessibleName", lambda: "")() or "")]
    assert form.result().gpu_layers is None


def test_on_a_gpu_build_the_model_page_offers_auto_none_each_and_all(
        qtbot: QtBot, tiny_model: Path, gpu_build: None) -> None:
    layers = read_gguf_header(tiny_model).block_count
    assert layers == 2
    model = InstalledModel("tiny", "Tiny", tiny_model, tiny_model.stat().st_size, "added")
    form = ModelOverridesForm(model, ModelSettings(), GenerationSettings())
    qtbot.addWidget(form)
    picker = form.gpu_layers
    assert picker is not None and picker.accessibleName() == "GPU layers for Tiny"
    assert [picker.itemText(i) for i in range(picker.count())] == [
        "Auto (as many as fit)", "0 (CPU only)", "1", "All (2)"]
    assert form.result().gpu_layers is None  # auto
    picker.setCurrentIndex(2)
    chosen = form.result()
    assert chosen.gpu_layers == 1 and not chosen.empty
    settings = Settings()
    settings.model_settings["tiny"] = chosen
    assert LoadRequest.for_model(settings, model).gpu_layers == 1
    again = ModelOverridesForm(model, chosen, GenerationSettings())  # reopened: kept
    qtbot.addWidget(again)
    assert again.gpu_layers is not None and again.gpu_layers.value() == 1


def test_the_layers_reach_llama_cpp(tiny_model: Path, gpu_build: None) -> None:
    engine = Engine()
    try:
        info = engine.load(tiny_model, GenerationSettings(), gpu_layers=1)
        assert info.gpu_layers == 1
        assert engine.llama().model_params.n_gpu_layers == 1
        info = engine.load(tiny_model, GenerationSettings(), gpu_layers=None)  # auto
        assert info.gpu_layers == gpu.ALL_LAYERS  # a tiny model fits the 6 GiB whole
    finally:
        engine.unload()


def test_a_cpu_build_loads_on_the_cpu_whatever_the_setting(tiny_model: Path) -> None:
    engine = Engine()
    try:
        info = engine.load(tiny_model, GenerationSettings(), gpu_layers=gpu.ALL_LAYERS)
        assert info.gpu_layers == 0 and engine.llama().model_params.n_gpu_layers == 0
    finally:
        engine.unload()


def test_auto_layers_fill_the_free_gpu_memory() -> None:
    # 4 GiB of weights in 32 layers (1/8 GiB each); 2.5 GiB free less the reserve: 16 fit.
    assert gpu.auto_gpu_layers(4 * GIB, 32, 0, int(2.5 * GIB)) == 16
    assert gpu.auto_gpu_layers(4 * GIB, 32, 0, 8 * GIB) == gpu.ALL_LAYERS
    assert gpu.auto_gpu_layers(4 * GIB, 32, 0, 256 << 20) == 0


def test_the_fit_counts_the_gpu_memory(gpu_build: None) -> None:
    # 4.4 GB does not fit 3 GiB of free RAM on the CPU alone, but on the 6 GiB GPU it does.
    on_gpu = estimate_fit(4_400_000_000, 4096, kv_bytes_per_token=32_768, n_layers=32,
                          available_bytes=3 * GIB, total_bytes=4 * GIB)
    assert on_gpu.gpu_share == 1.0 and on_gpu.verdict == "fits"
    assert "100% of it on the GPU" in str(on_gpu.label)
    assert on_gpu.tokens_per_second is None  # the CPU calibration says nothing of the GPU
    cpu_only = estimate_fit(4_400_000_000, 4096, kv_bytes_per_token=32_768, n_layers=32,
                            available_bytes=3 * GIB, total_bytes=4 * GIB, gpu_layers=0)
    assert cpu_only.gpu_share == 0 and cpu_only.verdict == "won't fit"
    half = estimate_fit(4_400_000_000, 4096, kv_bytes_per_token=32_768, n_layers=32,
                        available_bytes=3 * GIB, total_bytes=4 * GIB, gpu_layers=16)
    assert half.gpu_share == 0.5 and half.need_bytes < cpu_only.need_bytes
    too_many = estimate_fit(12 * GIB, 4096, kv_bytes_per_token=32_768, n_layers=32,
                            available_bytes=32 * GIB, total_bytes=64 * GIB,
                            gpu_layers=gpu.ALL_LAYERS)
    assert too_many.verdict == "won't fit"  # asked for more than the GPU holds


def test_a_stored_setting_survives_a_cpu_build_and_an_unreadable_header(
        qtbot: QtBot, tiny_model: Path, tmp_path: Path, gpu_build: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    model = InstalledModel("tiny", "Tiny", tiny_model, tiny_model.stat().st_size, "added")
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF\x03\x00")  # the header cannot be read: layers unknown
    unknown = InstalledModel("broken", "Broken", broken, broken.stat().st_size, "added")
    form = ModelOverridesForm(unknown, ModelSettings(gpu_layers=7), GenerationSettings())
    qtbot.addWidget(form)
    assert form.gpu_layers is not None and form.gpu_layers.currentText() == "7"
    assert form.result().gpu_layers == 7
    monkeypatch.setattr(gpu, "offload_supported", lambda: False)  # the same settings, CPU
    cpu = ModelOverridesForm(model, ModelSettings(gpu_layers=gpu.ALL_LAYERS),
                             GenerationSettings())
    qtbot.addWidget(cpu)
    assert cpu.gpu_layers is None and cpu.result().gpu_layers == gpu.ALL_LAYERS


def test_the_models_list_uses_each_models_own_gpu_setting(tmp_path: Path,
                                                         gpu_build: None) -> None:
    from app.core.context import AppContext
    from app.terminal.models_command import models_report

    context = AppContext.open(tmp_path / "data")
    try:
        chat = [e for e in context.catalog.models if "embedding" not in e.tags]
        kept_on_cpu, auto = chat[0].id, chat[1].id
        context.settings.model_settings[kept_on_cpu] = ModelSettings(gpu_layers=0)
        fits = {e["id"]: e["fit"] for e in models_report(context)["catalog"] if "fit" in e}
    finally:
        context.close()
    assert "on the GPU" not in fits[kept_on_cpu]["label"]
    assert "on the GPU" in fits[auto]["label"]
