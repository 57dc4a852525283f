"""Where the catalog comes from: bundled, refreshed on demand, and extra local files.

- The bundled ``models.json`` is always there (:func:`app.core.catalog.load_catalog`).
- :func:`refresh_catalog` fetches a newer Fireside catalog from an HTTPS URL
  when the user asks (a button, ``fireside models --refresh``), validates it
  and caches it on disk; it is never needed to start and never runs at
  start-up.  Offline, it says so and the cached or bundled copy stays in use.
- Extra catalog files, in Fireside's format or GPT4All's ``models3.json``
  (a JSON list; its ``md5sum``/``sha256sum``, ``filesize``, ``ramrequired``,
  ``chatTemplate`` are understood), are added on top.  GPT4All users keep
  their catalog.

:func:`load_catalogs` combines them; the first entry with a given id wins.
"""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.core.catalog import Catalog, CatalogEntry, CatalogError, load_catalog, parse_catalog
from app.core.private_files import make_private_dir, write_private
from app.core.texts import UserError, message_of, tr

log = logging.getLogger(__name__)

GPT4ALL_DOWNLOAD_BASE = "https://gpt4all.io/models/gguf/"
_TAGS = re.compile(r"<[^>]+>")


class CatalogRefreshError(UserError):
    """The catalog could not be refreshed; :attr:`text` is a message for the user."""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _plain_text(markup: str) -> str:
    text = _TAGS.sub(" ", markup.replace("<li>", "\n• "))
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


def parse_gpt4all(data: Any, source: str) -> Catalog:
    """A GPT4All ``models3.json`` list as catalog entries (bad entries are logged, skipped)."""
    if not isinstance(data, list):
        raise CatalogError(tr("{source}: not a GPT4All catalog (expected a JSON list)",
                              source=source))
    entries: list[CatalogEntry] = []
    for index, raw in enumerate(data):
        if not isinstance(raw, dict) or not raw.get("filename"):
            log.warning("%s: GPT4All entry %d rejected: no filename", source, index)
            continue
        filename = str(raw["filename"])
        try:
            ram = raw.get("ramrequired")
            entry = CatalogEntry(
                id=f"gpt4all-{_slug(Path(filename).stem)}",
                name=str(raw.get("name") or filename),
                filename=filename,
                urls=[str(raw.get("url") or GPT4ALL_DOWNLOAD_BASE + filename)],
                size=int(raw.get("filesize") or 0),
                sha256=(raw.get("sha256sum") or None),
                md5=(raw.get("md5sum") or None),
                quantization=raw.get("quant"),
                parameters=raw.get("parameters"),
                architecture=str(raw["type"]).lower() if raw.get("type") else None,
                ram_required_gb=float(ram) if ram not in (None, "") else None,
                description=_plain_text(str(raw.get("description") or "")),
                tags=["embedding"] if raw.get("embeddingModel") else ["chat"],
                system_prompt=raw.get("systemPrompt") or None,
                chat_template=raw.get("chatTemplate") or None,
                source="gpt4all")
        except (ValidationError, ValueError, TypeError) as exc:
            log.warning("%s: GPT4All entry %d (%s) rejected: %s", source, index, filename,
                        str(exc).splitlines()[0])
            continue
        if not (entry.sha256 or entry.md5):
            log.warning("%s: GPT4All entry %s rejected: no checksum", source, filename)
            continue
        entries.append(entry)
    return Catalog(models=entries)


def read_catalog_file(path: Path) -> Catalog:
    """A catalog file in either format; raises :class:`CatalogError` or OSError if unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # not JSON, or not text
        raise CatalogError(tr("{source}: not JSON ({error})", source=str(path),
                              error=str(exc))) from None
    if isinstance(data, list):
        return parse_gpt4all(data, str(path))
    catalog = parse_catalog(data, str(path))
    return Catalog(models=[m.model_copy(update={"source": path.name}) for m in catalog.models])


def merge(catalogs: list[Catalog]) -> Catalog:
    """One catalog; for a repeated id the first catalog's entry wins."""
    seen: set[str] = set()
    models: list[CatalogEntry] = []
    for catalog in catalogs:
        for entry in catalog.models:
            if entry.id in seen:
                continue
            seen.add(entry.id)
            models.append(entry)
    return Catalog(models=models)


def load_catalogs(refreshed_cache: Path | None = None,
                  extra_files: list[str] | None = None) -> Catalog:
    """The refreshed catalog if one is cached (else the bundled one) plus extra files.

    The bundled entries stay available even when a refreshed catalog exists
    (it may lack the starter model, which a package installs).
    """
    parts: list[Catalog] = []
    if refreshed_cache is not None and refreshed_cache.exists():
        try:
            parts.append(read_catalog_file(refreshed_cache))
        except (OSError, ValueError) as exc:
            log.error("ignoring the cached catalog %s: %s", refreshed_cache, exc)
    parts.append(load_catalog())
    for raw in extra_files or []:
        try:
            parts.append(read_catalog_file(Path(raw).expanduser()))
        except (OSError, ValueError) as exc:
            log.error("cannot use the catalog file %s: %s", raw, exc)
    return merge(parts)


def refresh_catalog(url: str, cache_file: Path, timeout: float = 15.0) -> Catalog:
    """Download the catalog at ``url``, validate it, and cache it at ``cache_file``."""
    import httpx2 as httpx

    from app.core.downloads import DownloadError, check_url

    try:
        check_url(url, tr("refreshing the catalog"))
    except DownloadError as exc:
        raise CatalogRefreshError(exc.text) from None
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
    except httpx.HTTPError as exc:
        raise CatalogRefreshError(tr(
            "Could not reach {url} ({error}); you seem to be offline. The catalog you have "
            "keeps working.", url=url, error=type(exc).__name__)) from None
    if response.status_code != 200:
        raise CatalogRefreshError(tr("{url} answered HTTP {status}; the catalog you have "
                                     "keeps working.", url=url, status=response.status_code))
    try:
        catalog = parse_catalog(response.json(), url)
    except ValueError as exc:
        raise CatalogRefreshError(tr("The catalog at {url} is not usable ({reason}); the "
                                     "catalog you have keeps working.", url=url,
                                     reason=message_of(exc))) from None
    if not catalog.models:
        raise CatalogRefreshError(tr("The catalog at {url} has no usable entries; the catalog "
                                     "you have keeps working.", url=url))
    make_private_dir(cache_file.parent, tighten_existing=False)
    write_private(cache_file, response.content)
    return Catalog(models=[m.model_copy(update={"source": "refreshed"})
                           for m in catalog.models])
