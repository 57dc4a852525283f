"""LocalDocs indexing and keyword search on real files (issue 14, first part): every
format with known sentences in known places, broken files listed with their reasons,
incremental re-indexing, re-chunking without reading, a folder that disappears, link
loops, and the terminal commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docs_factory import broken_files, docx_file, handmade_pdf, qt_pdf

from app.core.localdocs import extract as extract_module
from app.core.localdocs import indexer as indexer_module
from app.core.localdocs.chunking import chunk_pages
from app.core.localdocs.extract import Page
from app.core.localdocs.indexer import Indexer, reason_text
from app.core.localdocs.store import DocsStore

ROOT = Path(__file__).resolve().parent.parent


def corpus(folder: Path) -> Path:
    """One file of each kind, each with a sentence found nowhere else."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("Shopping list.\n\nThe spare key hides under the "
                                      "blue flowerpot.\n", encoding="utf-8")
    (folder / "guide.md").write_text(
        "# Garden guide\n\nIntro.\n\n## Watering\n\nWater the basil every morning.\n",
        encoding="utf-8")
    (folder / "history.rst").write_text(
        "History\n=======\n\nThe mill\n--------\n\nThe old mill burned down in 1911.\n",
        encoding="utf-8")
    (folder / "cats.html").write_text(
        "<html><head><title>Cats</title><style>p {color: red}</style>"
        "<script>var secret = 'xyzzy';</script></head><body><h1>Cats</h1>"
        "<p>Cats sleep sixteen hours a day.</p></body></html>", encoding="utf-8")
    (folder / "tool.py").write_text('def frobnicate():\n    """Turns widgets into '
                                    'gadgets."""\n', encoding="utf-8")
    qt_pdf(folder / "ferry.pdf", ["The harbour opens at dawn.",
                                  "Ferries to the island leave every hour."])
    handmade_pdf(folder / "fruit.pdf", ["Page one is about apples.",
                                        "Page two is about quinces."])
    docx_file(folder / "handbook.docx", [("Leave", ["Staff get twenty days of leave."]),
                                         ("Travel", ["Trains are booked by Maria."])])
    return folder


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = DocsStore(tmp_path / "localdocs.sqlite3")
    yield store
    store.close()


def first(store: DocsStore, name: str, query: str):  # type: ignore[no-untyped-def]
    hits = store.keyword_search([store.require(name)], query, 3)
    assert hits, query
    return hits[0]


def test_every_format_is_found_where_it_is(store: DocsStore, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "docs")
    collection = store.add_collection("Home", [str(folder)])
    report = Indexer(store).index(collection)
    assert (report.indexed, report.failed) == (8, 0)
    assert first(store, "Home", "spare key flowerpot").path.endswith("notes.txt")
    basil = first(store, "Home", "basil")
    assert basil.heading == "Garden guide › Watering" and basil.line_start == 7
    mill = first(store, "Home", "mill burned")
    assert mill.path.endswith("history.rst") and mill.heading == "History › The mill"
    cats = first(store, "Home", "cats sleep")
    assert cats.path.endswith("cats.html") and cats.heading == "Cats"
    assert store.keyword_search([collection], "xyzzy") == []  # scripts are not text
    assert first(store, "Home", "frobnicate widgets").path.endswith("tool.py")
    ferry = first(store, "Home", "ferries island")
    assert ferry.path.endswith("ferry.pdf") and ferry.page == 2
    assert first(store, "Home", "harbour dawn").page == 1
    quince = first(store, "Home", "quinces")
    assert quince.path.endswith("fruit.pdf") and quince.page == 2
    leave = first(store, "Home", "twenty days leave")
    assert leave.path.endswith("handbook.docx") and leave.heading == "Handbook › Leave"
    assert first(store, "Home", "office hours tuesdays").path.endswith("handbook.docx")
    assert "«basil»" in basil.snippet


def test_broken_files_are_listed_with_their_reasons(store: DocsStore, tmp_path: Path) -> None:
    made = broken_files(tmp_path / "bad")
    (tmp_path / "bad" / "fine.md").write_text("Still indexed.\n")
    collection = store.add_collection("Bad", [str(tmp_path / "bad")])
    report = Indexer(store).index(collection)
    assert (report.indexed, report.failed) == (1, len(made))
    reasons = {Path(p).name: str(reason_text(r)) for p, r in store.status(collection).failed}
    assert "encrypted" in reasons["locked.pdf"]
    assert "cannot be read" in reasons["truncated.pdf"]
    assert "cannot be read" in reasons["fake.pdf"]
    assert "not text" in reasons["binary.txt"]
    assert "DOCX" in reasons["broken.docx"] and "DOCX" in reasons["other.docx"]
    assert "OCR" in reasons["blank.pdf"]
    again = Indexer(store).index(collection)  # not tried again until they change
    assert (again.indexed, again.failed, again.unchanged) == (0, 0, len(made) + 1)


def test_size_and_time_limits(store: DocsStore, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "huge.log").write_text("line\n" * 5000)
    qt_pdf(folder / "slow.pdf", [f"Page {i}" for i in range(3)])
    monkeypatch.setitem(extract_module.MAX_BYTES, "text", 1000)
    collection = store.add_collection("Big", [str(folder)])
    Indexer(store, seconds=0.0).index(collection)
    reasons = {Path(p).name: str(reason_text(r)) for p, r in store.status(collection).failed}
    assert "larger than" in reasons["huge.log"]
    assert "longer than" in reasons["slow.pdf"]


def test_a_docx_that_unpacks_to_gigabytes_is_not_opened(store: DocsStore, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    folder = tmp_path / "bomb"
    folder.mkdir()
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * (8 << 20) + "</w:document>")
    monkeypatch.setattr(extract_module, "MAX_UNPACKED", 4 << 20)  # (8 MB of spaces: tiny zip)
    assert (folder / "bomb.docx").stat().st_size < 100_000
    collection = store.add_collection("Bomb", [str(folder)])
    Indexer(store).index(collection)
    [(path, reason)] = store.status(collection).failed
    assert path.endswith("bomb.docx") and "unpacks to more than 4 MB" in str(reason_text(reason))


def test_only_what_changed_is_read_again(store: DocsStore, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path / "docs")
    collection = store.add_collection("Home", [str(folder)])
    Indexer(store).index(collection)
    read: list[str] = []
    real = indexer_module.extract
    monkeypatch.setattr(indexer_module, "extract",
                        lambda path, seconds: read.append(path.name) or real(path, seconds))
    (folder / "notes.txt").write_text("The spare key is now with the neighbour.\n")
    os.utime(folder / "notes.txt", ns=(1, 1_000_000_000))  # (a new size and time)
    (folder / "cats.html").unlink()
    (folder / "guide.md").rename(folder / "garden.md")
    report = Indexer(store).index(store.require("Home"))
    assert sorted(read) == ["garden.md", "notes.txt"]
    assert (report.indexed, report.removed, report.unchanged) == (2, 2, 5)
    assert first(store, "Home", "neighbour").path.endswith("notes.txt")
    assert store.keyword_search([collection], "flowerpot") == []  # the old text is gone
    assert store.keyword_search([collection], "cats sleep") == []
    assert first(store, "Home", "basil").path.endswith("garden.md")


def test_new_chunking_rechunks_without_reading(store: DocsStore, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    text = "\n\n".join(f"Paragraph {i} about topic{i}. " + "filler " * 80 for i in range(30))
    (folder / "long.md").write_text("# Long\n\n" + text)
    collection = store.add_collection("Long", [str(folder)])
    Indexer(store).index(collection)
    before = store.status(collection).chunks

    def no_reading(path: Path, seconds: float) -> None:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(indexer_module, "extract", no_reading)
    smaller = store.set_chunking("Long", 128, 16)
    report = Indexer(store).index(smaller)
    assert (report.rechunked, report.indexed) == (1, 0)
    after = store.status(smaller).chunks
    assert after > before
    expected = chunk_pages([Page(None, "# Long\n\n" + text)], 128, 16)
    assert after == len(expected)
    assert first(store, "Long", "topic17").text.count("Paragraph 17") == 1


def test_a_folder_that_disappears_and_link_loops(store: DocsStore, tmp_path: Path) -> None:
    first_folder = corpus(tmp_path / "one")
    second = tmp_path / "two"
    (second / "deep").mkdir(parents=True)
    (second / "deep" / "loop").symlink_to(second)  # a link back up the tree
    (second / "deep" / "note.md").write_text("Lighthouses need oil.\n")
    collection = store.add_collection("Both", [str(first_folder), str(second)])
    report = Indexer(store).index(collection)
    assert report.indexed == 9 and report.unreadable == []
    first_folder.rename(tmp_path / "moved")  # an unplugged drive: its files are kept
    report = Indexer(store).index(collection)
    assert report.removed == 0
    assert [(folder, "does not exist" in str(why)) for folder, why in report.unreadable] == [
        (str(first_folder), True)]
    assert first(store, "Both", "lighthouses").path.endswith("note.md")
    assert first(store, "Both", "spare key flowerpot").path.endswith("notes.txt")
    (tmp_path / "moved").rename(first_folder)  # back: nothing is read again
    report = Indexer(store).index(collection)
    assert (report.indexed, report.removed, report.unchanged) == (0, 0, 9)
    store.remove_folder("Both", str(first_folder))  # leaving the collection removes them
    assert Indexer(store).index(store.require("Both")).unchanged == 1


def test_an_unreadable_folder_is_listed_and_the_rest_indexed(
        store: DocsStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path / "docs")
    locked = folder / "private"
    locked.mkdir()
    (locked / "secret.md").write_text("Hidden words.\n")
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # (root reads any folder: refuse this one)
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    collection = store.add_collection("Home", [str(folder)])
    report = Indexer(store).index(collection)
    assert report.indexed == 8
    assert [(f, str(why)) for f, why in report.unreadable] == [(str(locked),
                                                                "Permission denied")]


def fireside(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args, "--data-dir", str(data)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_terminal_commands(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "docs")
    data = tmp_path / "data"
    assert fireside("docs", "add", "Home", str(folder), data=data).returncode == 0
    missing = fireside("docs", "add", "Home", str(tmp_path / "nowhere"), data=data)
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    indexed = fireside("docs", "index", "Home", data=data)
    assert indexed.returncode == 0, indexed.stderr
    assert "8 read" in indexed.stderr
    listed = json.loads(fireside("docs", "list", "--json", data=data).stdout)
    assert listed[0]["name"] == "Home" and listed[0]["indexed"] == 8
    hits = json.loads(fireside("docs", "search", "Home", "ferries", "island", "--json",
                               data=data).stdout)
    assert hits[0]["page"] == 2 and hits[0]["path"].endswith("ferry.pdf")
    shown = fireside("docs", "search", "Home", "basil", data=data).stdout
    assert "guide.md (line 7) — Garden guide › Watering" in shown
    assert fireside("docs", "search", "Home", "zeppelin", data=data).returncode == 1
    assert fireside("docs", "rename", "Home", "House", data=data).returncode == 0
    assert fireside("docs", "remove", "House", data=data).returncode == 0
    assert json.loads(fireside("docs", "list", "--json", data=data).stdout) == []
    assert (folder / "ferry.pdf").is_file()  # the index went, never the files
    unknown = fireside("docs", "search", "House", "x", data=data)
    assert unknown.returncode == 1 and "no collection" in unknown.stderr
    index_file = data / "localdocs.sqlite3"
    assert index_file.is_file() and (index_file.stat().st_mode & 0o777) == 0o600


def test_killed_while_indexing_goes_on_where_it_stopped(tmp_path: Path) -> None:
    import signal
    import sqlite3
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    total = 3000
    for i in range(total):
        (folder / f"note{i:04d}.md").write_text(f"# Note {i}\n\nThe code word is w{i}x.\n" +
                                                "Some more words to read. " * 40)
    data = tmp_path / "data"
    assert fireside("docs", "add", "Many", str(folder), data=data).returncode == 0
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "docs", "index", "Many",
                                "--data-dir", str(data)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    index = data / "localdocs.sqlite3"

    def done() -> int:
        with sqlite3.connect(index) as db:
            return int(db.execute("SELECT count(*) FROM files").fetchone()[0])

    deadline = time.monotonic() + 60
    while done() < 100 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    with sqlite3.connect(index) as db:
        before = dict(db.execute("SELECT path, indexed_at FROM files").fetchall())
    assert 100 <= len(before) < total  # killed in the middle
    again = fireside("docs", "index", "Many", data=data)
    assert again.returncode == 0, again.stderr
    assert f"{total - len(before)} read" in again.stderr and f"{len(before)} unchanged" in \
        again.stderr
    with sqlite3.connect(index) as db:
        after = dict(db.execute("SELECT path, indexed_at FROM files").fetchall())
        per_file = db.execute("SELECT count(*), count(DISTINCT file_id) FROM chunks").fetchone()
        fts = db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'w1234x'"
                         ).fetchone()[0]
    assert len(after) == total
    assert all(after[path] == when for path, when in before.items())  # not read twice
    assert per_file == (total, total)  # one chunk each, none twice
    assert fts == 1


def test_chat_with_docs_answers_from_the_page_and_keeps_its_sources(
        tmp_path: Path, starter_model: Path) -> None:
    from app.core.context import AppContext

    folder = tmp_path / "docs"
    folder.mkdir()
    qt_pdf(folder / "lighthouse.pdf", ["The lighthouse was built in 1890 on the north cape.",
                                       "The keeper feeds the gulls every evening."])
    (folder / "other.md").write_text("# Bakery\n\nBread is baked at four.\n")
    data = tmp_path / "data"
    context = AppContext.open(data)
    context.settings.generation.temperature = 0.0  # (greedy: the same answer each run)
    context.settings.generation.max_tokens = 40
    context.save_settings()
    context.close()
    assert fireside("docs", "add", "Light", str(folder), data=data).returncode == 0
    assert fireside("docs", "index", "Light", data=data).returncode == 0
    asked = fireside("chat", "--docs", "Light", "When was the lighthouse built?", data=data)
    assert asked.returncode == 0, asked.stderr
    answer, _, listed = asked.stdout.partition("Sources:")
    assert "1890" in answer  # it read the page
    assert "[1] lighthouse.pdf, page 1" in listed and str(folder / "lighthouse.pdf") in listed
    context = AppContext.open(data)
    try:
        chat = context.store.load_conversation(context.store.list_conversations()[0].id)
        assert chat is not None
        question, reply = chat.path()
        assert question.content == "When was the lighthouse built?"  # saved as asked
        assert reply.sources and reply.sources[0]["page"] == 1
        assert reply.sources[0]["path"] == str(folder / "lighthouse.pdf")
    finally:
        context.close()
    markdown = fireside("export", "--format", "md", "-", data=data).stdout
    assert "1. lighthouse.pdf, page 1" in markdown
    exported = json.loads(fireside("export", "--format", "json", "-", data=data).stdout)
    saved = exported["conversations"][0]["messages"][1]["sources"]
    assert saved[0]["text"].startswith("The lighthouse was built in 1890")
    # The collection is saved with the chat, as the window's header would show it.
    assert exported["conversations"][0]["collections"] == ["Light"]
    missing = fireside("chat", "--docs", "Nope", "hi", data=data)
    assert missing.returncode == 2 and "no collection" in missing.stderr


def test_what_a_second_reader_found(store: DocsStore, tmp_path: Path) -> None:
    """A name that is not UTF-8, a code comment or a fenced block that looks like a
    heading, overlap line numbers, a damaged index, the collection removed mid-run."""
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "fine.md").write_text("# Real heading\n\nReal text.\n\n```sh\n# not a heading\n"
                                    "run it\n```\n\nAfter the code.\n")
    (folder / "tool.py").write_text("import os\n\n# a comment, not a heading\nX = 1\n")
    os.close(os.open(os.fsencode(folder) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))
    collection = store.add_collection("Odd", [str(folder)])
    report = Indexer(store).index(collection)
    assert report.indexed == 2
    assert [str(why) for _, why in report.unreadable] == ["its name is not valid UTF-8"]
    after = first(store, "Odd", "after code")
    assert after.heading == "Real heading"  # the fenced "# not a heading" is text
    assert first(store, "Odd", "comment").heading == ""  # a comment in code is not one
    # Overlap: a chunk's first line is the line its text really starts on.
    lines = [f"line {i} " + "word " * 30 for i in range(60)]
    chunks = chunk_pages([Page(None, "\n".join(lines))], target=128, overlap=32)
    for chunk in chunks:
        assert chunk.text.splitlines()[0] in lines[chunk.line_start - 1]
    # Removed while indexing: stops with a report, not a crash.
    other = DocsStore(store.path)
    (folder / "more.md").write_text("More.\n")

    def remove_then_go(progress: object) -> None:
        if other.collection("Odd") is not None:
            other.remove_collection("Odd")

    report = Indexer(store, on_progress=remove_then_go).index(store.require("Odd"))
    assert report.removed_collection
    other.close()
    # Windows line ends: reST titles found, lines counted as lines.
    (folder / "win.rst").write_bytes(b"Title\r\n=====\r\n\r\nSome windows text.\r\n")
    again = store.add_collection("Win", [str(folder)])
    Indexer(store).index(again)
    win = first(store, "Win", "windows text")
    assert win.heading == "Title" and win.line_start == 4
    # Two collections over one folder: a chunk is one source, not two.
    from app.core.localdocs.retrieval import retrieve

    store.add_collection("Win2", [str(folder)])
    Indexer(store).index(store.require("Win2"))
    sources = retrieve(store, ["Win", "Win2"], "windows text")
    assert len({(s.path, s.line_start) for s in sources}) == len(sources)
    # A damaged index: one clear sentence.
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(os.urandom(5000))
    with pytest.raises(Exception) as caught:
        DocsStore(broken)
    assert "is damaged" in str(caught.value)
