"""Hugging Face Hub lookups through huggingface_hub (never at start-up, only when asked).

:func:`hub_file_spec` turns ``owner/repo`` plus a ``.gguf`` file name into a
:class:`DownloadSpec` with the size and sha256 that the Hub's LFS metadata
publishes, so Hub files get the same verification as catalog entries.
"""

from __future__ import annotations

import re

from app.core.downloads import DownloadError, DownloadSpec, hub_offline, hub_token

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_REPO_FILE = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)/(?P<file>[^/]+\.gguf)$", re.IGNORECASE)


def parse_repo_file(text: str) -> tuple[str, str] | None:
    """``owner/repo/file.gguf`` → (``owner/repo``, ``file.gguf``); None if it is not that."""
    match = _REPO_FILE.match(text.strip())
    return (match["repo"], match["file"]) if match else None


def hub_file_spec(repo_id: str, filename: str, revision: str = "main",
                  timeout: float = 10.0) -> DownloadSpec:
    """The download of one Hub file, with size and sha256 from the Hub (a network call)."""
    if hub_offline():
        raise DownloadError("offline", "Hugging Face is switched off on this computer "
                                       "(HF_HUB_OFFLINE is set).")
    from huggingface_hub import get_hf_file_metadata, hf_hub_url
    from huggingface_hub.errors import (
        EntryNotFoundError,
        GatedRepoError,
        RepositoryNotFoundError,
    )

    url = hf_hub_url(repo_id, filename, revision=revision)
    try:
        meta = get_hf_file_metadata(url, token=hub_token(), timeout=timeout)
    except GatedRepoError:
        raise DownloadError("auth", f"{repo_id} is gated on Hugging Face: accept its terms on "
                                    f"https://huggingface.co/{repo_id} and set a Hub token "
                                    "(HF_TOKEN or `hf auth login`).") from None
    except RepositoryNotFoundError:
        raise DownloadError("not_found", f"There is no Hugging Face repository {repo_id} (or "
                                         "it is private).") from None
    except EntryNotFoundError:
        raise DownloadError("not_found", f"{repo_id} has no file {filename}.") from None
    except Exception as exc:  # connection errors come in several library-specific types
        raise DownloadError("network", f"Cannot reach Hugging Face to look up {repo_id}/"
                                       f"{filename}: {exc}") from None
    etag = (meta.etag or "").strip('"').lower()
    return DownloadSpec(model_id=f"hf:{repo_id}/{filename}", filename=filename, urls=(url,),
                        size=meta.size, sha256=etag if _SHA256.match(etag) else None)
