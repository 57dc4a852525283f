"""LocalDocs' background indexing (issue 14): :class:`DocsService` on real files written by
``docs_factory`` — progress, pause and resume, closing mid-run and going on in a new
service, changes made while a collection is indexed, and the folder watcher picking up
new, changed and deleted files and a folder that disappears."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from docs_factory import broken_files, docx_file, handmade_pdf, qt_pdf

from app.core.localdocs.indexer import reason_text
from app.core.localdocs.service import (
    CollectionsChanged,
    DocsEvent,
    DocsProblem,
    DocsService,
    IndexingFinished,
    IndexingProgress,
    ServiceState,
)
from app.core.localdocs.store import DocsStore


class Recorder:
    """Every event a service told, in order (from whatever thread told it)."""

    def __init__(self, slow: float = 0.0) -> None:
        self.events: list[DocsEvent] = []
        self.lock = threading.Lock()
        self.slow = slow  # seconds per file: time for the test to act mid-run
        self.reached = threading.Event()
        self.reach_at = 3
        self.on_reach: Callable[[], None] | None = None

    def __call__(self, event: DocsEvent) -> None:
        with self.lock:
            self.events.append(event)
        if isinstance(event, IndexingProgress) and event.files_done:
            if event.files_done >= self.reach_at and not self.reached.is_set():
                self.reached.set()
                if self.on_reach is not None:
                    self.on_reach()
            time.sleep(self.slow)

    def of(self, kind: type) -> list:  # type: ignore[type-arg]
        with self.lock:
            return [e for e in self.events if isinstance(e, kind)]

    def read(self) -> list[str]:
        """The files read, in order (each progress event after a file names it)."""
        return [e.current for e in self.of(IndexingProgress)
                if e.files_done and e.current is not None]


def many_files(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"note-{n:03}.txt").write_text(
            f"Note {n}.\n\nThe word for note {n} is lantern{n}.\n", encoding="utf-8")
    return folder


def until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "localdocs.sqlite3"


@pytest.fixture
def services() -> Iterator[list[DocsService]]:
    made: list[DocsService] = []
    yield made
    for service in made:
        service.close()


def started(services: list[DocsService], path: Path, recorder: Recorder,
            **kwargs: object) -> DocsService:
    watch = bool(kwargs.pop("watch", False))
    service = DocsService(path, recorder, **kwargs)  # type: ignore[arg-type]
    services.append(service)
    service.start(watch=watch)
    return service


def search(path: Path, name: str, words: str) -> list[str]:
    store = DocsStore(path)
    try:
        collection = store.collection(name)
        if collection is None:
            return []
        return [Path(h.path).name for h in store.keyword_search([collection], words, 5)]
    finally:
        store.close()


def test_indexes_real_documents_in_the_background_and_tells_how_far(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    qt_pdf(folder / "ferry.pdf", ["The harbour opens at dawn.",
                                  "Ferries to the island leave every hour."])
    handmade_pdf(folder / "fruit.pdf", ["Page one is about apples.", "Page two: quinces."])
    docx_file(folder / "handbook.docx", [("Leave", ["Staff get twenty days of leave."])])
    (folder / "guide.md").write_text("# Garden\n\nWater the basil every morning.\n")
    broken = broken_files(folder / "broken")
    recorder = Recorder()
    service = started(services, index_path, recorder)
    future = service.add_collection("Home", [str(folder)])
    assert future.result(10).name == "Home"
    assert service.wait_idle(60)
    finished = recorder.of(IndexingFinished)
    assert [f.collection for f in finished] == ["Home"]
    report = finished[0].report
    assert (report.indexed, report.failed, report.stopped) == (4, len(broken), False)
    progress = recorder.of(IndexingProgress)
    assert progress[0].files_done == 0 and progress[0].files_total == 4 + len(broken)
    assert [p.files_done for p in progress] == list(range(len(progress)))
    assert progress[-1].files_done == progress[-1].files_total
    assert progress[-1].bytes_done == progress[-1].bytes_total > 0
    assert progress[-1].megabytes_per_second > 0
    assert all(p.stage == "keywords" for p in progress)
    assert sorted(Path(p).name for p in recorder.read()) == sorted(
        ["ferry.pdf", "fruit.pdf", "handbook.docx", "guide.md",
         *(p.name for p in broken.values())])
    states = recorder.of(ServiceState)
    assert ServiceState("Home", (), False) in states and states[-1] == ServiceState(None, (),
                                                                                   False)
    assert recorder.of(CollectionsChanged)[0].names == ("Home",)
    assert search(index_path, "Home", "ferries island") == ["ferry.pdf"]
    assert search(index_path, "Home", "quinces") == ["fruit.pdf"]
    [overview] = service.overview()
    assert overview.state == "indexed" and overview.status.indexed == 4
    reasons = {Path(p).name: str(reason_text(r)) for p, r in overview.status.failed}
    assert set(reasons) == {p.name for p in broken.values()}
    assert "encrypted" in reasons["locked.pdf"]
    assert recorder.of(DocsProblem) == []


def test_pause_then_resume_finishes_with_nothing_read_twice(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    folder = many_files(tmp_path / "notes", 60)
    recorder = Recorder(slow=0.01)
    service = started(services, index_path, recorder)
    recorder.on_reach = service.pause  # from the worker, after the third file
    service.add_collection("Notes", [str(folder)])
    assert recorder.reached.wait(10)
    assert until(lambda: service.state().running is None)
    assert service.paused and service.state().waiting == ("Notes",)
    [stopped] = recorder.of(IndexingFinished)
    assert stopped.report.stopped and stopped.report.indexed == 3
    [overview] = service.overview()
    assert overview.state == "paused" and overview.status.indexed == 3
    time.sleep(0.3)
    assert len(recorder.read()) == 3  # paused means paused
    service.resume()
    assert service.wait_idle(30)
    finished = recorder.of(IndexingFinished)
    assert [f.report.stopped for f in finished] == [True, False]
    assert finished[1].report.indexed == 57 and finished[1].report.unchanged == 3
    read = recorder.read()
    assert len(read) == len(set(read)) == 60  # every file once, none twice
    assert service.overview()[0].status.indexed == 60
    assert service.overview()[0].state == "indexed"


def test_closed_mid_run_a_new_service_goes_on_where_it_stopped(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    folder = many_files(tmp_path / "notes", 80)
    first = Recorder(slow=0.02)
    service = started(services, index_path, first)
    service.add_collection("Notes", [str(folder)])
    assert first.reached.wait(10)
    began = time.monotonic()
    assert service.close()
    assert time.monotonic() - began < 1.0
    [stopped] = first.of(IndexingFinished)
    assert stopped.report.stopped
    done_first = first.read()
    assert 3 <= len(done_first) < 80
    second = Recorder()
    again = started(services, index_path, second)  # queues what was not finished
    assert again.wait_idle(30)
    [finished] = second.of(IndexingFinished)
    assert not finished.report.stopped
    assert finished.report.unchanged == len(done_first)
    assert set(second.read()).isdisjoint(done_first)
    assert len(done_first) + len(second.read()) == 80
    assert again.overview()[0].status.indexed == 80


def test_files_changed_while_fireside_was_not_running_are_indexed_at_start(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    folder = many_files(tmp_path / "notes", 3)
    service = started(services, index_path, Recorder())
    service.add_collection("Notes", [str(folder)]).result(10)
    assert service.wait_idle(10)
    assert service.close()
    (folder / "note-001.txt").unlink()
    (folder / "written-meanwhile.txt").write_text("The owl came back at midnight.\n")
    recorder = Recorder()
    again = started(services, index_path, recorder)  # nothing asked: it looks by itself
    assert again.wait_idle(10)
    [finished] = recorder.of(IndexingFinished)
    assert (finished.report.indexed, finished.report.removed,
            finished.report.unchanged) == (1, 1, 2)
    assert search(index_path, "Notes", "owl midnight") == ["written-meanwhile.txt"]
    assert search(index_path, "Notes", "lantern1") == []


def test_removed_while_indexed_its_index_goes_and_the_files_stay(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    folder = many_files(tmp_path / "notes", 60)
    other = many_files(tmp_path / "other", 2)
    recorder = Recorder(slow=0.02)
    service = started(services, index_path, recorder)
    service.add_collection("Notes", [str(folder)])
    assert recorder.reached.wait(10)
    service.remove_collection("Notes").result(10)
    assert service.wait_idle(10)
    assert service.overview() == []
    with sqlite3.connect(index_path) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM chunks").fetchone()[0] == 0
    assert len(list(folder.iterdir())) == 60  # the user's files are untouched
    assert len(recorder.read()) < 60 and recorder.of(DocsProblem) == []
    recorder.slow = 0
    service.add_collection("Other", [str(other)]).result(10)  # it still works
    assert service.wait_idle(10)
    assert service.overview()[0].status.indexed == 2


def test_renamed_while_indexed_it_goes_on_under_its_new_name(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    folder = many_files(tmp_path / "notes", 40)
    recorder = Recorder(slow=0.01)
    service = started(services, index_path, recorder)
    service.add_collection("Notes", [str(folder)])
    assert recorder.reached.wait(10)
    assert service.rename_collection("Notes", "Lanterns").result(10).name == "Lanterns"
    assert service.wait_idle(30)
    [overview] = service.overview()
    assert overview.collection.name == "Lanterns" and overview.status.indexed == 40
    read = recorder.read()
    assert len(read) == len(set(read)) == 40
    assert recorder.of(IndexingFinished)[-1].collection == "Lanterns"
    assert search(index_path, "Lanterns", "lantern7") == ["note-007.txt"]


def test_a_change_that_cannot_be_made_is_told_and_nothing_else_changes(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    recorder = Recorder()
    service = started(services, index_path, recorder)
    service.add_collection("A", [str(many_files(tmp_path / "a", 1))]).result(10)
    service.add_collection("B", [str(many_files(tmp_path / "b", 1))]).result(10)
    with pytest.raises(Exception, match="already a collection"):
        service.rename_collection("A", "B").result(10)
    [problem] = recorder.of(DocsProblem)
    assert problem.collection == "A" and "already a collection called “B”" in str(problem.text)
    assert service.wait_idle(10)
    assert [o.collection.name for o in service.overview()] == ["A", "B"]


def test_folders_added_and_removed_and_failed_files_tried_again(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    first, second = many_files(tmp_path / "one", 2), many_files(tmp_path / "two", 3)
    recorder = Recorder()
    service = started(services, index_path, recorder)
    service.add_collection("Both", [str(first)]).result(10)
    service.add_folder("Both", str(second)).result(10)
    assert service.wait_idle(10)
    [overview] = service.overview()
    assert overview.collection.folders == [str(first), str(second)]
    assert (overview.status.files, overview.status.indexed) == (5, 5)
    service.remove_folder("Both", str(second)).result(10)
    assert service.wait_idle(10)
    [overview] = service.overview()
    assert overview.collection.folders == [str(first)] and overview.status.files == 2
    assert search(index_path, "Both", "lantern2") == []
    with pytest.raises(Exception, match="no collection"):
        service.add_folder("Nothing", str(second)).result(10)


def test_reindex_tries_the_files_that_failed_again(
        services: list[DocsService], index_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.localdocs import indexer as indexer_module

    folder = many_files(tmp_path / "notes", 2)
    recorder = Recorder()
    service = started(services, index_path, recorder)
    real_extract = indexer_module.extract

    def flaky(path: Path, seconds: float):  # type: ignore[no-untyped-def]
        if path.name == "note-001.txt":
            raise OSError("the disk was busy")
        return real_extract(path, seconds)

    monkeypatch.setattr(indexer_module, "extract", flaky)
    service.add_collection("Notes", [str(folder)]).result(10)
    assert service.wait_idle(10)
    assert len(service.overview()[0].status.failed) == 1
    service.index("Notes")  # unchanged: not tried again
    assert service.wait_idle(10)
    assert len(service.overview()[0].status.failed) == 1
    monkeypatch.setattr(indexer_module, "extract", real_extract)
    service.reindex("Notes").result(10)
    assert service.wait_idle(10)
    status = service.overview()[0].status
    assert status.failed == [] and status.indexed == 2


def test_the_watcher_picks_up_new_changed_and_deleted_files(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    folder = many_files(tmp_path / "notes", 2)
    (folder / "sub").mkdir()
    recorder = Recorder()
    service = started(services, index_path, recorder, watch=True, quiet=0.4)
    service.add_collection("Notes", [str(folder)]).result(10)
    assert service.wait_idle(10)
    assert service.watcher is not None and service.watcher.watched == {str(folder)}
    time.sleep(1.0)
    runs = len(recorder.of(IndexingFinished))
    assert runs == 1  # reading the files is no change: indexing does not set it off again
    (folder / "sub" / "new.md").write_text("# New\n\nThe otter keeps a favourite stone.\n")
    assert until(lambda: search(index_path, "Notes", "otter stone") == ["new.md"])
    (folder / "note-000.txt").write_text("Rewritten: the heron waits by the weir.\n")
    assert until(lambda: search(index_path, "Notes", "heron weir") == ["note-000.txt"])
    assert search(index_path, "Notes", "lantern0") == []
    (folder / "note-001.txt").unlink()
    assert until(lambda: search(index_path, "Notes", "lantern1") == [])
    assert until(lambda: service.overview()[0].status.files == 2)
    runs = len(recorder.of(IndexingFinished))
    (folder / ".hidden.txt").write_text("secret otter\n")  # hidden: left alone
    (folder / "picture.png").write_bytes(b"\x89PNG")  # not a document
    time.sleep(1.5)
    assert len(recorder.of(IndexingFinished)) == runs
    service.set_watching(False)
    assert service.watcher is None
    (folder / "late.txt").write_text("The badger arrives late.\n")
    time.sleep(1.5)
    assert search(index_path, "Notes", "badger") == []


def test_a_watched_folder_that_vanishes_and_comes_back(
        services: list[DocsService], index_path: Path, tmp_path: Path) -> None:
    folder = many_files(tmp_path / "usb", 3)
    missing = tmp_path / "never-there"
    recorder = Recorder()
    service = started(services, index_path, recorder, watch=True, quiet=0.3)
    service.add_collection("Stick", [str(folder), str(missing)]).result(10)
    assert service.wait_idle(10)
    watcher = service.watcher
    assert watcher is not None
    watcher.retry = 0.5
    assert watcher.missing == {str(missing)} and watcher.watched == {str(folder)}
    assert service.overview()[0].status.indexed == 3
    shutil.rmtree(folder)  # unplugged: its files stay in the index until it is back
    assert until(lambda: str(folder) in watcher.missing)
    service.index("Stick")
    assert service.wait_idle(10)
    assert service.overview()[0].status.files == 3
    many_files(folder, 1)  # plugged in again
    (folder / "fresh.txt").write_text("A kingfisher flashed past.\n")
    assert until(lambda: search(index_path, "Stick", "kingfisher") == ["fresh.txt"])
    assert str(folder) in watcher.watched
    (folder / "later.txt").write_text("Then a dipper.\n")  # watched again, for real
    assert until(lambda: search(index_path, "Stick", "dipper") == ["later.txt"])
    assert recorder.of(DocsProblem) == []


def test_a_damaged_index_is_told_not_raised(services: list[DocsService],
                                            index_path: Path) -> None:
    index_path.parent.mkdir(parents=True)
    index_path.write_bytes(b"this is not a database" * 100)
    recorder = Recorder()
    service = DocsService(index_path, recorder)
    services.append(service)
    service.start()
    assert service.wait_idle(10)
    assert service.problem is not None and "damaged" in str(service.problem)
    [problem] = recorder.of(DocsProblem)
    assert problem.text is service.problem
    assert service.overview() == []
    with pytest.raises(Exception, match="damaged"):
        service.add_collection("X", ["/tmp"]).result(1)
