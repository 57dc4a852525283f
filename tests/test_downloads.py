"""The download engine against a real HTTP server on 127.0.0.1 that misbehaves on purpose."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from local_server import LocalServer, Route

from app.core.checksums import ChecksumCache
from app.core.downloads import (
    DownloadControl,
    Downloader,
    DownloadError,
    DownloadProgress,
    DownloadSpec,
    DownloadStopped,
    RollingRate,
    check_url,
)
from app.core.partial import list_partials, part_path, read_sidecar, sidecar_path

SIZE = 3 * (1 << 20) + 12345  # a few chunks, not a round number
DATA = os.urandom(SIZE)
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def spec_for(url: str, data: bytes = DATA, name: str = "model.gguf", **kw: object) -> DownloadSpec:
    fields: dict[str, object] = {"model_id": "m", "filename": name, "urls": (url,),
                                 "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    fields.update(kw)
    return DownloadSpec(**fields)  # type: ignore[arg-type]


def fast(models: Path, **kw: object) -> Downloader:
    options: dict[str, object] = {"backoff": 0.01, "stall_timeout": 2.0, "disk_reserve": 0,
                                  "token": lambda: None}
    options.update(kw)
    return Downloader(models, **options)  # type: ignore[arg-type]


def leftovers(models: Path) -> list[str]:
    return sorted(p.name for p in models.iterdir()) if models.exists() else []


def range_starts(server: LocalServer, path: str) -> list[int]:
    return [int(h["Range"][6:].split("-")[0]) if "Range" in h else 0
            for p, h in server.requests if p == path]


def test_downloads_verifies_and_remembers_the_hash(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA))
    cache = ChecksumCache(tmp_path / "verified.json")
    seen: list[DownloadProgress] = []
    target = fast(tmp_path / "models", checksums=cache).download(spec_for(url),
                                                                 on_progress=seen.append)
    assert target.read_bytes() == DATA
    assert leftovers(tmp_path / "models") == ["model.gguf"]
    assert cache.cached(target) == SHA  # loading it later will not hash it again
    assert seen[-1].done == SIZE and seen[-1].total == SIZE
    assert [p.state for p in seen][:2] == ["connecting", "downloading"]
    assert seen[-1].state == "verifying"


def test_a_cut_connection_resumes_with_range_and_is_bit_identical(server: LocalServer,
                                                                   tmp_path: Path) -> None:
    cut = 1_500_000
    url = server.add("/m.gguf", Route(data=DATA, cut_at=cut))
    target = fast(tmp_path).download(spec_for(url))
    assert target.read_bytes() == DATA
    assert range_starts(server, "/m.gguf") == [0, cut]


def test_a_server_ignoring_range_restarts_from_zero_instead_of_appending(
        server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA, ranges=False, cut_at=1_000_000))
    target = fast(tmp_path).download(spec_for(url))
    assert target.read_bytes() == DATA
    assert range_starts(server, "/m.gguf") == [0, 1_000_000]  # asked to resume, got a 200


def test_a_206_for_the_wrong_range_is_never_appended(server: LocalServer,
                                                     tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA, cut_at=1_000_000, wrong_range_offset=7))
    target = fast(tmp_path).download(spec_for(url))
    assert target.read_bytes() == DATA
    assert range_starts(server, "/m.gguf") == [0, 1_000_000, 0]


def test_wrong_bytes_never_become_a_model(server: LocalServer, tmp_path: Path) -> None:
    wrong = bytearray(DATA)
    wrong[SIZE // 2] ^= 0xFF
    url = server.add("/m.gguf", Route(data=bytes(wrong)))
    with pytest.raises(DownloadError, match="sha256") as caught:
        fast(tmp_path).download(spec_for(url))
    assert caught.value.kind == "verification"
    assert "deleted" in str(caught.value)
    assert leftovers(tmp_path) == []


def test_md5_only_entries_are_verified_by_md5(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA))
    good = spec_for(url, sha256=None, md5=hashlib.md5(DATA).hexdigest())
    assert fast(tmp_path / "a").download(good).read_bytes() == DATA
    bad = spec_for(url, sha256=None, md5="0" * 32)
    with pytest.raises(DownloadError, match="md5"):
        fast(tmp_path / "b").download(bad)
    assert leftovers(tmp_path / "b") == []


def test_a_file_larger_than_announced_is_refused(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA, extra=b"x" * 5000))
    with pytest.raises(DownloadError, match="not the expected file") as caught:
        fast(tmp_path).download(spec_for(url))
    assert caught.value.kind == "verification"
    assert leftovers(tmp_path) == []


def test_more_bytes_than_the_size_while_resuming_are_refused(server: LocalServer,
                                                            tmp_path: Path) -> None:
    # The first response is cut, the resumed one carries extra bytes past the end.
    url = server.add("/m.gguf", Route(data=DATA, extra=b"y" * 4096, cut_at=2_000_000))
    spec = spec_for(url)
    with pytest.raises(DownloadError) as caught:
        fast(tmp_path).download(spec)
    assert caught.value.kind == "verification"
    assert leftovers(tmp_path) == []


def test_404_stops_at_once_with_a_clear_message(server: LocalServer, tmp_path: Path) -> None:
    url = server.url("/missing.gguf")
    with pytest.raises(DownloadError, match="not on the server") as caught:
        fast(tmp_path).download(spec_for(url))
    assert caught.value.kind == "not_found"
    assert len(server.requests) == 1
    assert leftovers(tmp_path) == []


def test_403_stops_without_retrying(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA, status=403))
    with pytest.raises(DownloadError, match="HTTP 403") as caught:
        fast(tmp_path).download(spec_for(url))
    assert caught.value.kind == "auth"
    assert len(server.requests) == 1


def test_the_next_mirror_is_tried_when_one_fails(server: LocalServer, tmp_path: Path) -> None:
    good = server.add("/good.gguf", Route(data=DATA))
    spec = spec_for(server.url("/gone.gguf"), urls=(server.url("/gone.gguf"), good))
    assert fast(tmp_path).download(spec).read_bytes() == DATA


@pytest.mark.parametrize("status", [500, 503, 429])
def test_transient_statuses_are_retried(server: LocalServer, tmp_path: Path,
                                        status: int) -> None:
    url = server.add("/m.gguf", Route(data=DATA, status=status, status_times=2))
    assert fast(tmp_path).download(spec_for(url)).read_bytes() == DATA
    assert server.counts["/m.gguf"] == 3


def test_retries_give_up_with_backoff_and_keep_what_arrived(server: LocalServer,
                                                            tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA, cut_at=1_000_000))
    server.routes["/m.gguf"].cut_times = 1
    # After the cut the server fails for good.
    first = fast(tmp_path, retries=0)
    with pytest.raises(DownloadError, match="failed after") as caught:
        first.download(spec_for(url))
    assert caught.value.kind == "network"
    assert part_path(tmp_path, "model.gguf").stat().st_size == 1_000_000
    server.routes["/m.gguf"].status, server.routes["/m.gguf"].status_times = 503, 10**9
    started = time.monotonic()
    with pytest.raises(DownloadError):
        fast(tmp_path, retries=3, backoff=0.05).download(spec_for(url))
    # 0.05 + 0.1 + 0.2 s of backoff between 4 tries
    assert time.monotonic() - started >= 0.35
    assert server.counts["/m.gguf"] == 1 + 4  # the cut try, then 1 + 3 retries
    assert part_path(tmp_path, "model.gguf").stat().st_size == 1_000_000


def test_a_stall_is_detected_and_retried(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA, stall_at=2_000_000, stall_seconds=5))
    started = time.monotonic()
    target = fast(tmp_path, stall_timeout=0.5).download(spec_for(url))
    assert target.read_bytes() == DATA
    assert time.monotonic() - started < 4
    assert range_starts(server, "/m.gguf") == [0, 2_000_000]


def test_pause_keeps_the_partial_and_resume_continues(server: LocalServer,
                                                      tmp_path: Path) -> None:
    # Paced, so the pause lands while bytes are still on their way (at full loopback
    # speed the rest can arrive in the same read).
    url = server.add("/m.gguf", Route(data=DATA, bytes_per_second=8e6))
    control = DownloadControl()

    def pause_halfway(progress: DownloadProgress) -> None:
        if progress.done >= SIZE // 2:
            control.pause()

    with pytest.raises(DownloadStopped) as caught:
        fast(tmp_path).download(spec_for(url), control, pause_halfway)
    assert not caught.value.cancelled
    done = part_path(tmp_path, "model.gguf").stat().st_size
    assert SIZE // 2 <= done < SIZE
    state = read_sidecar(sidecar_path(tmp_path, "model.gguf"))
    assert state is not None and state.bytes_done == done and state.sha256 == SHA
    assert [p.bytes_done for p in list_partials(tmp_path)] == [done]
    assert not (tmp_path / "model.gguf").exists()
    # A new downloader (as after a restart) continues from the bytes on disk.
    assert fast(tmp_path).download(spec_for(url)).read_bytes() == DATA
    assert range_starts(server, "/m.gguf") == [0, done]
    assert leftovers(tmp_path) == ["model.gguf"]


def test_cancel_removes_the_partial(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA))
    control = DownloadControl()
    with pytest.raises(DownloadStopped) as caught:
        fast(tmp_path).download(spec_for(url), control,
                                lambda p: p.done > 1_000_000 and control.cancel())
    assert caught.value.cancelled
    assert leftovers(tmp_path) == []


def test_a_partial_of_another_file_is_not_continued(server: LocalServer,
                                                    tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA))
    other = os.urandom(SIZE)
    control = DownloadControl()
    with pytest.raises(DownloadStopped):
        fast(tmp_path).download(spec_for(url, data=other), control,
                                lambda p: p.done > 1_000_000 and control.pause())
    # Same file name, different expected file: start over.
    assert fast(tmp_path).download(spec_for(url)).read_bytes() == DATA
    assert range_starts(server, "/m.gguf")[-1] == 0


def test_partials_are_never_listed_as_models(server: LocalServer, tmp_path: Path) -> None:
    from app.core.catalog import Catalog
    from app.core.installed import scan_installed

    url = server.add("/m.gguf", Route(data=DATA))
    control = DownloadControl()
    with pytest.raises(DownloadStopped):
        fast(tmp_path).download(spec_for(url), control,
                                lambda p: p.done > 1_000_000 and control.pause())
    assert leftovers(tmp_path) == ["model.gguf.part", "model.gguf.part.json"]
    assert scan_installed(Catalog(), tmp_path) == []


def test_not_enough_space_is_refused_before_starting(server: LocalServer,
                                                     tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA))
    huge = spec_for(url, size=1 << 50)
    with pytest.raises(DownloadError, match="Not enough disk space") as caught:
        fast(tmp_path).download(huge)
    assert caught.value.kind == "disk"
    assert server.requests == []
    assert leftovers(tmp_path) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 24 MB tmpfs (the tests run as root, as CI does)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"cannot mount a tmpfs for the full-disk test: {done.stderr}"
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_mid_download_stops_cleanly_and_leaves_nothing(
        server: LocalServer, small_disk: Path) -> None:
    big = os.urandom(16 << 20)
    url = server.add("/big.gguf", Route(data=big))
    filler = small_disk / "filler.bin"

    def fill_the_disk(progress: DownloadProgress) -> None:
        # Someone else takes the space while we download.
        if progress.done > 2_000_000 and not filler.exists():
            with open(filler, "wb", buffering=0) as fh:  # nothing left to flush on close
                try:
                    while True:
                        fh.write(b"\0" * (1 << 20))
                except OSError:
                    pass

    with pytest.raises(DownloadError, match="disk filled up") as caught:
        fast(small_disk).download(spec_for(url, data=big, name="big.gguf"),
                                  on_progress=fill_the_disk)
    assert caught.value.kind == "disk"
    assert leftovers(small_disk) == ["filler.bin"]


def test_only_https_or_loopback_http() -> None:
    check_url("https://huggingface.co/a/b/resolve/main/x.gguf")
    check_url("http://127.0.0.1:8080/x.gguf")
    for bad in ("http://example.com/x.gguf", "ftp://example.com/x", "file:///etc/passwd"):
        with pytest.raises(DownloadError) as caught:
            check_url(bad)
        assert caught.value.kind == "refused"


def test_gated_hugging_face_files_explain_the_token(tmp_path: Path) -> None:
    """A unit test with httpx's mock transport: the real Hub is out of reach here."""
    seen: list[httpx.Request] = []

    def hub(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(403)

    downloader = Downloader(tmp_path, client=httpx.Client(transport=httpx.MockTransport(hub)),
                            token=lambda: "hf_secret", disk_reserve=0)
    url = "https://huggingface.co/org/gated/resolve/main/model.gguf"
    with pytest.raises(DownloadError, match="HF_TOKEN") as caught:
        downloader.download(spec_for(url))
    assert caught.value.kind == "auth"
    assert seen[0].headers["Authorization"] == "Bearer hf_secret"


def test_the_token_is_never_sent_elsewhere(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA))
    fast(tmp_path, token=lambda: "hf_secret").download(spec_for(url))
    assert all("Authorization" not in headers for _, headers in server.requests)


def test_hub_offline_mode_downloads_nothing(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    url = "https://huggingface.co/org/repo/resolve/main/model.gguf"
    with pytest.raises(DownloadError, match="HF_HUB_OFFLINE") as caught:
        fast(tmp_path).download(spec_for(url))
    assert caught.value.kind == "offline"


def test_rolling_rate_averages_over_its_window() -> None:
    rate = RollingRate(window=2.0)
    for second in range(10):
        rate.add(float(second), second * 1000)
    assert rate.rate() == pytest.approx(1000)
    rate.add(10.0, 9000)  # a stall shows as a falling rate
    assert rate.rate() < 1000


def test_a_changed_unpinned_hub_file_is_called_changed_not_corrupt(tmp_path: Path) -> None:
    """Mock transport: the Hub serves other bytes at resolve/main than the catalog knows."""

    def hub(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=httpx.ByteStream(b"z" * SIZE))

    downloader = Downloader(tmp_path, client=httpx.Client(transport=httpx.MockTransport(hub)),
                            token=lambda: None, disk_reserve=0)
    url = "https://huggingface.co/org/repo/resolve/main/model.gguf"
    with pytest.raises(DownloadError, match="file changed on Hugging Face") as caught:
        downloader.download(spec_for(url))
    assert "not corrupt" in str(caught.value)
    assert leftovers(tmp_path) == []
