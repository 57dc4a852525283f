"""Hugging Face Hub lookups through huggingface_hub (never at start-up, only when asked).

- :func:`search_gguf` finds GGUF repositories (``HfApi.list_models``).
- :func:`list_gguf_files` lists a repository's ``.gguf`` files with size,
  quantization and the sha256 from the Hub's LFS metadata;
  :func:`recommended_file` picks the one to suggest (Q4_K_M first).
- :func:`hub_file_spec` turns ``owner/repo`` plus a file name into a
  :class:`DownloadSpec` from the file's metadata.

Every Hub file is downloaded by the same engine and verified by the same
rules as catalog entries.  ``endpoint`` selects a Hub mirror (None: the
library's default, which honours ``HF_ENDPOINT``).  Network problems become
:class:`DownloadError` with a message for the user.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.core.catalog import CatalogEntry
from app.core.downloads import DownloadError, DownloadSpec, hub_offline, hub_token
from app.core.network import OfflineError, require_network
from app.core.texts import Text, tr

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_REPO_FILE = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)/(?P<file>[^/]+\.gguf)$", re.IGNORECASE)
_QUANT = re.compile(r"(?<![A-Za-z0-9])(I?Q\d(?:_[A-Z0-9]+)*|F16|BF16|F32)(?![A-Za-z0-9])",
                    re.IGNORECASE)
_SHARD = re.compile(r"-\d{5}-of-\d{5}\.gguf$", re.IGNORECASE)
PREFERRED_QUANTS = ("Q4_K_M", "Q4_K_S", "Q5_K_M", "Q4_0", "IQ4_XS", "Q5_K_S", "Q6_K", "Q8_0")


@dataclass(frozen=True)
class HubRepo:
    """A GGUF repository found on the Hub."""

    id: str
    downloads: int
    likes: int


@dataclass(frozen=True)
class HubFile:
    """One ``.gguf`` file in a Hub repository."""

    repo_id: str
    filename: str
    size: int | None
    sha256: str | None
    quantization: str | None
    url: str

    def entry(self) -> CatalogEntry:
        """As a catalog entry (for the same cards, fit estimate and download path)."""
        return CatalogEntry(
            id=f"hf:{self.repo_id}/{self.filename}", name=self.filename,
            filename=self.filename, urls=[self.url], size=self.size or 1,
            sha256=self.sha256, quantization=self.quantization, source="huggingface")

    def spec(self) -> DownloadSpec:
        return DownloadSpec(f"hf:{self.repo_id}/{self.filename}", self.filename, (self.url,),
                            self.size, self.sha256)


def parse_repo_file(text: str) -> tuple[str, str] | None:
    """``owner/repo/file.gguf`` → (``owner/repo``, ``file.gguf``); None if it is not that."""
    match = _REPO_FILE.match(text.strip())
    return (match["repo"], match["file"]) if match else None


def quantization_of(filename: str) -> str | None:
    """``Qwen2.5-0.5B-Instruct-Q4_K_M.gguf`` → ``Q4_K_M``."""
    found = _QUANT.findall(filename.rsplit(".", 1)[0])
    return found[-1].upper() if found else None


def _check_reachable(endpoint: str | None, timeout: float = 4.0) -> None:
    """Fail at once when the Hub's host cannot be reached.

    huggingface_hub retries failed requests for about 20 s; without a network
    the user should hear so in seconds.
    """
    from huggingface_hub import constants

    parts = urlsplit(endpoint or constants.ENDPOINT)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname or "", port), timeout=timeout).close()
    except OSError as exc:
        raise DownloadError("network", tr(
            "Hugging Face ({host}) cannot be reached ({error}): this computer seems to be "
            "offline.", host=parts.hostname, error=exc.strerror or type(exc).__name__)) from None


def _require_hub(what: Text) -> None:
    """Refuse in offline mode, or when the Hub is switched off, before any socket opens."""
    try:
        require_network(what)
    except OfflineError as exc:
        raise DownloadError("offline", exc.text) from None
    if hub_offline():
        raise DownloadError("offline", tr("Hugging Face is switched off on this computer "
                                          "(HF_HUB_OFFLINE is set)."))
    from huggingface_hub import constants

    # Fireside talks to the endpoint it was given and nowhere else: huggingface_hub's
    # telemetry would fetch a registry from huggingface.co to build its User-Agent.
    constants.HF_HUB_DISABLE_TELEMETRY = True


def _api(endpoint: str | None):  # type: ignore[no-untyped-def]
    _require_hub(tr("Hugging Face search"))
    _check_reachable(endpoint)
    from huggingface_hub import HfApi

    return HfApi(endpoint=endpoint, token=hub_token() or False)


def _network_error(action: Text, exc: Exception) -> DownloadError:
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

    if isinstance(exc, GatedRepoError):
        return DownloadError("auth", tr("{action}: the repository is gated; accept its terms on "
                                        "Hugging Face and set a Hub token (HF_TOKEN or "
                                        "`hf auth login`).", action=action))
    if isinstance(exc, RepositoryNotFoundError):
        return DownloadError("not_found", tr("{action}: no such repository (or it is private).",
                                             action=action))
    return DownloadError("network", tr("{action}: Hugging Face cannot be reached ({error}). "
                                       "Check the network and try again.", action=action,
                                       error=type(exc).__name__))


def search_gguf(query: str, limit: int = 30, endpoint: str | None = None) -> list[HubRepo]:
    """GGUF repositories matching ``query``, most downloaded first."""
    api = _api(endpoint)
    try:
        found = api.list_models(search=query or None, filter="gguf", sort="downloads",
                                limit=limit)
        return [HubRepo(m.id, int(m.downloads or 0), int(m.likes or 0)) for m in found]
    except Exception as exc:  # network errors arrive in several library-specific types
        raise _network_error(tr("Searching Hugging Face for “{query}”", query=query),
                             exc) from None


def list_gguf_files(repo_id: str, endpoint: str | None = None) -> list[HubFile]:
    """The repository's single-file ``.gguf`` models with size and sha256.

    Split models (``-00001-of-00003.gguf``) are left out: Fireside downloads
    and verifies one file per model.
    """
    from huggingface_hub import hf_hub_url

    api = _api(endpoint)
    try:
        info = api.model_info(repo_id, files_metadata=True)
    except Exception as exc:
        raise _network_error(tr("Listing the files of {repo}", repo=repo_id), exc) from None
    files = []
    for sibling in info.siblings or []:
        name = sibling.rfilename
        if not name.lower().endswith(".gguf") or "/" in name or _SHARD.search(name):
            continue
        lfs = sibling.lfs
        sha = (lfs.sha256 if lfs else "") or ""
        size = (lfs.size if lfs else None) or sibling.size
        files.append(HubFile(repo_id, name, size, sha if _SHA256.match(sha) else None,
                             quantization_of(name),
                             hf_hub_url(repo_id, name, endpoint=endpoint)))
    return files


def recommended_file(files: list[HubFile]) -> HubFile | None:
    """The file to suggest: the first preferred quantization present, else the smallest."""
    for quant in PREFERRED_QUANTS:
        for candidate in files:
            if candidate.quantization == quant:
                return candidate
    sized = [f for f in files if f.size]
    return min(sized, key=lambda f: f.size or 0) if sized else (files[0] if files else None)


def hub_file_spec(repo_id: str, filename: str, revision: str = "main",
                  timeout: float = 10.0, endpoint: str | None = None) -> DownloadSpec:
    """The download of one Hub file, with size and sha256 from the Hub (a network call)."""
    _require_hub(tr("downloading"))
    from huggingface_hub import get_hf_file_metadata, hf_hub_url
    from huggingface_hub.errors import EntryNotFoundError

    _check_reachable(endpoint)
    url = hf_hub_url(repo_id, filename, revision=revision, endpoint=endpoint)
    try:
        meta = get_hf_file_metadata(url, token=hub_token(), timeout=timeout)
    except EntryNotFoundError:
        raise DownloadError("not_found", tr("{repo} has no file {file}.", repo=repo_id,
                                            file=filename)) from None
    except Exception as exc:
        raise _network_error(tr("Looking up {repo}/{file}", repo=repo_id, file=filename),
                             exc) from None
    etag = (meta.etag or "").strip('"').lower()
    return DownloadSpec(model_id=f"hf:{repo_id}/{filename}", filename=filename, urls=(url,),
                        size=meta.size, sha256=etag if _SHA256.match(etag) else None)
