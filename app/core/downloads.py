"""Downloading one model file: resumable, verified as it arrives, never half-installed.

:class:`Downloader` fetches a :class:`DownloadSpec` into the models folder
with httpx (``httpx2``, the client huggingface_hub itself uses):

- The bytes go to ``NAME.part`` beside a sidecar (:mod:`app.core.partial`),
  both 0600 (the finished model keeps that mode); a later run, after a
  pause, a restart or a kill -9, continues from the bytes on disk with
  ``Range``.  A ``206`` is accepted only with a matching
  ``Content-Range``; a server that ignores the range (``200``) restarts the
  file from zero instead of appending to it.
- sha256 (and md5 for catalogs that only publish md5) is computed while the
  bytes arrive; a resumed download reads the part already on disk once.
  Size and hash are checked before the file is moved into place with one
  atomic rename; on a mismatch the partial file is deleted and the error
  says why.  The verified hash is remembered, so loading the model does not
  read it again.
- Connection resets, timeouts, 5xx and 429 are retried with exponential
  backoff; no byte for ``stall_timeout`` seconds counts as a stall and is
  retried.  404, 401/403 (with a Hugging Face token hint) and wrong sizes
  stop with a clear message (the next mirror is tried first).
- Free space is checked before starting; a full disk stops cleanly and
  removes the partial file.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx2 as httpx

from app.core.catalog import CatalogEntry
from app.core.checksums import ChecksumCache
from app.core.network import OfflineError, require_network
from app.core.partial import (
    PartialState,
    part_path,
    read_sidecar,
    remove_partial,
    sidecar_path,
    write_sidecar,
)
from app.core.private_files import make_private_dir, private_opener
from app.core.texts import Text, UserError, tr
from app.core.write_behind import WriteBehind

log = logging.getLogger(__name__)


def _larger_socket_reads(size: int = 1 << 20) -> None:
    """Let httpcore read up to ``size`` bytes per socket read (its default is 64 KiB).

    On a fast link the per-read cost of HTTP parsing in Python is what limits a
    download on a small machine; 1 MiB reads cut that CPU time by about a
    third.  Only a class attribute is changed, and only if it exists.
    """
    try:
        from httpcore2._sync.http11 import HTTP11Connection
    except ImportError:
        return
    if isinstance(getattr(HTTP11Connection, "READ_NUM_BYTES", None), int):
        HTTP11Connection.READ_NUM_BYTES = max(HTTP11Connection.READ_NUM_BYTES, size)


_larger_socket_reads()

CHUNK_BYTES = 1 << 20
BLOCK_BYTES = 1 << 20  # received bytes handed to the writer at once
BLOCK_SECONDS = 0.1  # ... or after this long on a slow link
DISK_RESERVE_BYTES = 64 << 20  # never fill the disk to the last byte
SIDECAR_INTERVAL_S = 1.0
USER_AGENT = "Fireside/0.1 (+https://github.com/fireside-chat)"
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class DownloadError(UserError):
    """A download failed; :attr:`text` is a message for the user.

    ``kind`` is one of ``network``, ``verification``, ``disk``, ``not_found``,
    ``auth``, ``offline`` or ``refused`` (a URL Fireside will not use).
    """

    def __init__(self, kind: str, message: Text | str) -> None:
        super().__init__(message)
        self.kind = kind


class DownloadStopped(Exception):
    """The user paused (the partial file is kept) or cancelled (it is deleted)."""

    def __init__(self, cancelled: bool) -> None:
        super().__init__("cancelled" if cancelled else "paused")
        self.cancelled = cancelled


class _Transient(UserError):
    """A failure worth retrying from the bytes already on disk."""


class _WrongSource(UserError):
    """This URL cannot serve the file; try the next mirror."""

    def __init__(self, kind: str, message: Text) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class DownloadSpec:
    """What to download and what it must turn out to be."""

    model_id: str
    filename: str
    urls: tuple[str, ...]
    size: int | None
    sha256: str | None
    md5: str | None = None

    @classmethod
    def from_catalog(cls, entry: CatalogEntry) -> DownloadSpec:
        return cls(entry.id, entry.filename, tuple(entry.urls), entry.size, entry.sha256,
                   entry.md5)

    @property
    def verified(self) -> bool:
        return bool(self.sha256 or self.md5)


@dataclass(frozen=True)
class DownloadProgress:
    """A snapshot of a running download."""

    done: int
    total: int | None
    bytes_per_second: float
    attempt: int
    # "checking" (the part on disk), "connecting", "downloading", "retrying", "verifying"
    state: str

    @property
    def seconds_left(self) -> float | None:
        if self.total is None or self.bytes_per_second <= 0:
            return None
        return max(self.total - self.done, 0) / self.bytes_per_second


class DownloadControl:
    """Pause and cancel switches for one download, safe to flip from any thread."""

    def __init__(self) -> None:
        self._pause = threading.Event()
        self._cancel = threading.Event()
        self._wake = threading.Event()

    def pause(self) -> None:
        self._pause.set()
        self._wake.set()

    def cancel(self) -> None:
        self._cancel.set()
        self._wake.set()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`DownloadStopped` if the user asked to stop."""
        if self._cancel.is_set():
            raise DownloadStopped(cancelled=True)
        if self._pause.is_set():
            raise DownloadStopped(cancelled=False)

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` for a retry, returning early on pause or cancel."""
        self._wake.wait(seconds)
        self.check()


class RollingRate:
    """Bytes per second over the last ``window`` seconds."""

    def __init__(self, window: float = 5.0) -> None:
        self.window = window
        self._samples: deque[tuple[float, int]] = deque()

    def add(self, now: float, total_bytes: int) -> None:
        self._samples.append((now, total_bytes))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self.window:
            self._samples.popleft()

    def rate(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0


def _is_huggingface(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "huggingface.co" or host.endswith(".huggingface.co") or host == "hf.co"


def check_url(url: str, what: Text | None = None) -> None:
    """Refuse anything but https (plain http only for a loopback mirror), and anything
    at all in offline mode (``what`` names the feature in the message)."""
    try:
        require_network(what or tr("downloading"))
    except OfflineError as exc:
        raise DownloadError("offline", exc.text) from None
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return
    raise DownloadError("refused", tr("Fireside downloads only over https (plain http only "
                                      "from this computer itself): {url}", url=url))


def hub_token() -> str | None:
    """The Hugging Face token (``HF_TOKEN`` or the saved ``hf auth login``), if any."""
    from huggingface_hub import get_token

    return get_token()


def hub_offline() -> bool:
    from huggingface_hub import constants

    return bool(constants.HF_HUB_OFFLINE)


def _disk_error(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _human(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


class Downloader:
    """Downloads model files into ``models_dir`` by the rules in the module docstring."""

    def __init__(self, models_dir: Path, *, checksums: ChecksumCache | None = None,
                 stall_timeout: float = 30.0, retries: int = 6, backoff: float = 1.0,
                 backoff_max: float = 30.0, client: httpx.Client | None = None,
                 token: Callable[[], str | None] = hub_token,
                 disk_reserve: int = DISK_RESERVE_BYTES) -> None:
        self.models_dir = models_dir
        self.checksums = checksums
        self.stall_timeout = stall_timeout
        self.retries = retries
        self.backoff = backoff
        self.backoff_max = backoff_max
        self._client = client
        self._token = token
        self.disk_reserve = disk_reserve

    # -- the public entry point -------------------------------------------
    def download(self, spec: DownloadSpec, control: DownloadControl | None = None,
                 on_progress: Callable[[DownloadProgress], None] | None = None) -> Path:
        """Fetch ``spec`` and return the installed file's path.

        Raises :class:`DownloadError` (the reason, for the user) or
        :class:`DownloadStopped` (paused: the partial file stays; cancelled:
        it is removed).
        """
        control = control or DownloadControl()
        if not spec.urls:
            raise DownloadError("refused", tr("{file} has no download address.",
                                              file=spec.filename))
        for url in spec.urls:
            check_url(url)
        if any(_is_huggingface(url) for url in spec.urls) and hub_offline():
            raise DownloadError("offline", tr("Hugging Face is switched off on this computer "
                                              "(HF_HUB_OFFLINE is set), so nothing is "
                                              "downloaded."))
        # A folder Fireside makes is private; one the user chose keeps its mode.
        make_private_dir(self.models_dir, tighten_existing=False)
        target = self.models_dir / spec.filename
        if target.exists():
            raise DownloadError("refused", tr("{path} already exists; delete it first to "
                                              "download it again.", path=str(target)))
        job = _Job(self, spec, control, on_progress)
        try:
            return job.run()
        except DownloadStopped as stop:
            job.close()
            if stop.cancelled:
                remove_partial(self.models_dir, spec.filename)
            else:
                job.save_progress()
            raise
        except DownloadError:
            job.close()
            if job.done == 0:  # nothing worth resuming
                remove_partial(self.models_dir, spec.filename)
            raise
        except KeyboardInterrupt:  # Ctrl+C in the terminal: like a pause
            job.close()
            job.save_progress()
            raise
        except BaseException:
            job.close()
            raise

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=True, headers={"User-Agent": USER_AGENT},
                timeout=httpx.Timeout(connect=15.0, read=self.stall_timeout, write=30.0,
                                      pool=15.0))
        return self._client


class _Job:
    """One download attempt sequence; owns the open partial file and the hashers."""

    def __init__(self, owner: Downloader, spec: DownloadSpec, control: DownloadControl,
                 on_progress: Callable[[DownloadProgress], None] | None) -> None:
        self.owner = owner
        self.spec = spec
        self.control = control
        self.on_progress = on_progress
        self.dir = owner.models_dir
        self.part = part_path(self.dir, spec.filename)
        self.sidecar = sidecar_path(self.dir, spec.filename)
        self.state = PartialState(spec.model_id, spec.filename, list(spec.urls), spec.size,
                                  spec.sha256, spec.md5)
        self.total = spec.size
        self.done = 0
        self.sha256 = hashlib.sha256()
        self.md5 = hashlib.md5() if spec.md5 and not spec.sha256 else None
        self.file: IO[bytes] | None = None
        self.writer: WriteBehind | None = None
        self.url: str | None = None  # the address the last bytes came from
        self.rate = RollingRate()
        self.attempt = 1
        self._last_sidecar = 0.0

    # -- lifecycle ----------------------------------------------------------
    def run(self) -> Path:
        self._open_partial()
        url_index = 0
        failures = 0
        while True:
            self.control.check()
            url = self.spec.urls[url_index]
            before = self.done
            try:
                self._check_space()
                self._fetch(url)
                break
            except _Transient as exc:
                failures = 1 if self.done > before else failures + 1
                if failures > self.owner.retries:
                    self._save_sidecar()
                    raise DownloadError("network", tr(
                        "The download of {file} failed after %n attempt(s): {reason}. What "
                        "arrived is kept; try again later to continue.", "", failures,
                        file=self.spec.filename, reason=exc.text)) from None
                delay = min(self.owner.backoff * 2 ** (failures - 1), self.owner.backoff_max)
                log.warning("download %s: %s; retrying in %.1f s", self.spec.filename, exc, delay)
                self.attempt += 1
                self._report("retrying")
                self._save_sidecar()
                self.control.sleep(delay)
            except _WrongSource as exc:
                url_index += 1
                if url_index >= len(self.spec.urls):
                    self._save_sidecar()
                    raise DownloadError(exc.kind, exc.text) from None
                log.warning("download %s: %s; trying the next mirror", self.spec.filename, exc)
        return self._finish()

    def save_progress(self) -> None:
        try:
            self._save_sidecar()
        except (OSError, DownloadError) as exc:
            log.warning("cannot save the state of %s: %s", self.spec.filename, exc)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        if self.file is not None:
            try:
                self.file.close()
            except OSError:
                pass
            self.file = None

    # -- the partial file ---------------------------------------------------
    def _open_partial(self) -> None:
        old = read_sidecar(self.sidecar)
        if old is None or not old.same_target(self.state) or not self.part.exists():
            remove_partial(self.dir, self.spec.filename)
            self._check_space()
            # 0600, kept open across attempts; the sidecar is 0600 too
            self.file = open(self.part, "wb", opener=private_opener)
            self._save_sidecar(force=True)
        else:
            self.file = open(self.part, "r+b", opener=private_opener)
            size = os.fstat(self.file.fileno()).st_size
            if self.total is not None and size > self.total:
                self._restart("the partial file is longer than the model")
            else:
                self._report("checking")
                while chunk := self.file.read(CHUNK_BYTES):  # the part on disk, hashed once
                    self._hash(chunk)
                    self.done += len(chunk)
                log.info("download %s: resuming at %d bytes", self.spec.filename, self.done)
        self.writer = WriteBehind(self.file, self._hash, self.spec.filename)

    def _drain(self) -> None:
        """Every received byte is on disk and hashed (or the disk is full)."""
        if self.writer is None:  # closed after a failure
            return
        try:
            self.writer.drain()
        except OSError as exc:
            if _disk_error(exc):
                self._disk_full()
            raise

    def _restart(self, why: str) -> None:
        log.warning("download %s: restarting from zero (%s)", self.spec.filename, why)
        assert self.file is not None
        self.file.seek(0)
        self.file.truncate()
        self.done = 0
        self.sha256 = hashlib.sha256()
        self.md5 = hashlib.md5() if self.md5 is not None else None
        self._save_sidecar(force=True)

    def _hash(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        if self.md5 is not None:
            self.md5.update(chunk)

    def _save_sidecar(self, force: bool = True) -> None:
        now = time.monotonic()
        if not force and now - self._last_sidecar < SIDECAR_INTERVAL_S:
            return
        self._last_sidecar = now
        self.state.bytes_done = self.done
        self.state.size = self.total
        try:
            write_sidecar(self.sidecar, self.state)
        except OSError as exc:
            if _disk_error(exc):
                self._disk_full()
            raise

    def _check_space(self) -> None:
        if self.total is None:
            return
        needed = self.total - self.done
        free = shutil.disk_usage(self.dir).free
        reserve = self.owner.disk_reserve
        if free < needed + reserve:
            raise DownloadError("disk", tr(
                "Not enough disk space for {file}: it needs {needed} more, and {folder} has "
                "{free} free (Fireside keeps {reserve} spare). Free some space or choose "
                "another models folder.", file=self.spec.filename, needed=_human(needed),
                folder=str(self.dir), free=_human(free), reserve=_human(reserve)))

    def _disk_full(self) -> None:
        self.close()
        remove_partial(self.dir, self.spec.filename)
        raise DownloadError("disk", tr(
            "The disk filled up while downloading {file}. The partial file was removed to "
            "give the space back. Free at least {needed} in {folder} and try again.",
            file=self.spec.filename, needed=_human((self.total or 0) + self.owner.disk_reserve),
            folder=str(self.dir)))

    # -- one HTTP request ---------------------------------------------------
    def _headers(self, url: str) -> dict[str, str]:
        headers = {"Accept-Encoding": "identity"}
        if self.done:
            headers["Range"] = f"bytes={self.done}-"
        if _is_huggingface(url):
            token = self.owner._token()
            if token:
                headers["Authorization"] = f"Bearer {token}"
        return headers

    def _fetch(self, url: str) -> None:
        self.url = url
        self._report("connecting")
        client = self.owner.client()
        try:
            with client.stream("GET", url, headers=self._headers(url)) as response:
                check_url(str(response.url))  # a redirect must not leave https
                if self._accept(url, response):
                    self._receive(response)
        except httpx.TimeoutException:
            raise _Transient(tr("no data for {seconds:.0f} s",
                                seconds=self.owner.stall_timeout)) from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise _Transient(tr("the connection failed ({error})",
                                error=f"{type(exc).__name__}: {exc}")) from None
        except httpx.InvalidURL as exc:
            raise DownloadError("refused", tr("not a usable address: {url} ({error})",
                                              url=url, error=str(exc))) from None
        finally:
            self._drain()  # the next request's Range starts after the last byte written

    def _accept(self, url: str, response: httpx.Response) -> bool:
        """Decide what the response means for the bytes on disk; True: receive its body."""
        status = response.status_code
        if status == 206:
            start, end, total = _content_range(response.headers.get("Content-Range"))
            if start != self.done or (self.total is not None and total not in (None,
                                                                                self.total)):
                # Not the range we asked for: never append it.  Start over cleanly.
                self._restart(f"the server answered a different range ({start}-{end}/{total})")
                raise _Transient(tr("the server sent a different part of the file"))
            if self.total is None and total is not None:
                self.total = total
            return True
        if status == 200:
            if self.done:
                self._restart("the server ignored the resume request")
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit():
                if self.total is None:
                    self.total = int(length)
                elif int(length) != self.total:
                    raise _WrongSource("verification", tr(
                        "The server offers {offered:,} bytes for {file}, but the catalog says "
                        "{expected:,}: this is not the expected file.", offered=int(length),
                        file=self.spec.filename, expected=self.total))
            return True
        if status == 416 and self.total is not None and self.done == self.total:
            return False  # everything is already here
        if status == 416:
            self._restart("the server cannot serve the rest of the partial file")
            raise _Transient(tr("the server refused the resume range"))
        if status in (401, 403):
            if _is_huggingface(url):
                raise _WrongSource("auth", tr(
                    "Hugging Face refused {file} (HTTP {status}): the model is gated or "
                    "private. Accept its terms on its Hugging Face page while logged in, then "
                    "give Fireside a Hub token: set the HF_TOKEN environment variable or run "
                    "`hf auth login` (a read token from "
                    "https://huggingface.co/settings/tokens).",
                    file=self.spec.filename, status=status))
            raise _WrongSource("auth", tr("The server refused {file} (HTTP {status}).",
                                          file=self.spec.filename, status=status))
        if status in (404, 410):
            raise _WrongSource("not_found", tr("{file} is not on the server (HTTP {status}): "
                                               "{url}", file=self.spec.filename, status=status,
                                               url=url))
        if status == 429 or status >= 500:
            raise _Transient(tr("the server is busy or failing (HTTP {status})",
                                status=status))
        raise _WrongSource("network", tr("The server answered HTTP {status} for {file}.",
                                         status=status, file=self.spec.filename))

    def _receive(self, response: httpx.Response) -> None:
        """Stream the body to the writer in blocks of about 1 MiB (or 0.1 s of data).

        Per-block, not per-read, work (progress, the sidecar, pause and cancel
        checks) keeps Python's per-read cost off a fast link.
        """
        assert self.file is not None and self.writer is not None
        self.file.seek(self.done)
        self._report("downloading")
        pending: list[bytes] = []
        pending_bytes = 0
        flushed_at = time.monotonic()
        try:
            for chunk in response.iter_raw():  # as received: a cut loses no buffered bytes
                if self.total is not None and self.done + len(chunk) > self.total:
                    pending.clear()
                    self.close()
                    remove_partial(self.dir, self.spec.filename)
                    raise DownloadError("verification", tr(
                        "The server sent more than the {expected:,} bytes of {file}: this is "
                        "not the expected file. Nothing was installed.", expected=self.total,
                        file=self.spec.filename))
                pending.append(chunk)
                pending_bytes += len(chunk)
                self.done += len(chunk)
                now = time.monotonic()
                if pending_bytes >= BLOCK_BYTES or now - flushed_at >= BLOCK_SECONDS:
                    self._write(pending)
                    pending_bytes, flushed_at = 0, now
                    self._report("downloading")
                    self._save_sidecar(force=False)
                    self.control.check()
        finally:
            if pending and self.writer is not None:  # also what arrived before a cut
                self._write(pending)
        if self.total is not None and self.done < self.total:
            raise _Transient(tr("the connection closed after {done:,} of {total:,} bytes",
                                done=self.done, total=self.total))

    def _write(self, pending: list[bytes]) -> None:
        assert self.writer is not None
        block = pending[0] if len(pending) == 1 else b"".join(pending)
        pending.clear()
        try:
            self.writer.put(block)  # written and hashed on the writer's threads
        except OSError as exc:
            if _disk_error(exc):
                self._disk_full()
            raise

    # -- the end ------------------------------------------------------------
    def _finish(self) -> Path:
        assert self.file is not None
        self._report("verifying")
        self._drain()
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
        except OSError as exc:
            if _disk_error(exc):
                self._disk_full()
            raise
        self.close()
        spec = self.spec
        problem: Text | None = None
        if self.total is not None and self.done != self.total:
            problem = tr("it has {done:,} bytes instead of {total:,}", done=self.done,
                         total=self.total)
        elif spec.sha256 and self.sha256.hexdigest() != spec.sha256:
            problem = tr("its sha256 is {found}, but the catalog says {expected}",
                         found=self.sha256.hexdigest(), expected=spec.sha256)
        elif not spec.sha256 and spec.md5 and self.md5 is not None \
                and self.md5.hexdigest() != spec.md5:
            problem = tr("its md5 is {found}, but the catalog says {expected}",
                         found=self.md5.hexdigest(), expected=spec.md5)
        if problem:
            remove_partial(self.dir, spec.filename)
            if self.url is not None and _is_huggingface(self.url) and "/resolve/main/" in self.url:
                # An unpinned Hub address serves whatever the repository holds today.
                raise DownloadError("verification", tr(
                    "The downloaded {file} is not the published file: {problem}. The file "
                    "changed on Hugging Face since the catalog recorded it; it is not corrupt. "
                    "It was deleted and nothing was installed; an updated catalog will list "
                    "the new file.", file=spec.filename, problem=problem))
            raise DownloadError("verification", tr(
                "The downloaded {file} is not the published file: {problem}. It was deleted "
                "and nothing was installed; the server or a proxy may be sending a damaged or "
                "different file.", file=spec.filename, problem=problem))
        target = self.dir / spec.filename
        os.replace(self.part, target)  # atomic: the model appears whole or not at all
        _fsync_dir(self.dir)
        self.sidecar.unlink(missing_ok=True)
        if self.owner.checksums is not None:
            self.owner.checksums.remember(target, self.sha256.hexdigest())
        return target

    def _report(self, state: str) -> None:
        now = time.monotonic()
        self.rate.add(now, self.done)
        if self.on_progress is not None:
            self.on_progress(DownloadProgress(self.done, self.total, self.rate.rate(),
                                              self.attempt, state))


def _content_range(value: str | None) -> tuple[int | None, int | None, int | None]:
    """``bytes START-END/TOTAL`` → (start, end, total); Nones where absent or malformed."""
    if not value or not value.startswith("bytes "):
        return None, None, None
    span, _, total = value[6:].partition("/")
    start, _, end = span.partition("-")
    try:
        return int(start), int(end), (int(total) if total.isdigit() else None)
    except ValueError:
        return None, None, None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def download_error_exit_code(exc: BaseException) -> int:
    """Exit codes for ``fireside pull``: 3 verification, 4 network, 5 disk, 2 refused."""
    if isinstance(exc, DownloadError):
        return {"verification": 3, "network": 4, "not_found": 4, "auth": 4, "offline": 4,
                "disk": 5, "refused": 2}.get(exc.kind, 1)
    return 1

