"""The collections a chat draws on (app.core.localdocs.library, issue 14): the chat's own
collection of attached files comes along by itself, a collection that went is left out
and named, the settings decide how many excerpts and how many tokens, and a chat with
nothing to search makes no index file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.localdocs.attachment_record import collection_for as attachments_collection
from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.localdocs.indexer import Indexer
from app.core.localdocs.library import DocsLibrary
from app.core.localdocs.store import ATTACHMENTS_PREFIX, DocsError, DocsStore


def indexed(path: Path, name: str, folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    store = DocsStore(path)
    try:
        Indexer(store).index(store.add_collection(
            name, [str(folder)], for_chat=name.startswith(ATTACHMENTS_PREFIX)))
    finally:
        store.close()


def test_the_chats_attached_files_are_searched_too(tmp_path: Path) -> None:
    index = tmp_path / "localdocs.sqlite3"
    indexed(index, "Home", tmp_path / "home", {"garden.md": "The roses bloom in June.\n"})
    indexed(index, attachments_collection("chat1"), tmp_path / "attached",
            {"letter.txt": "The roses were planted by Ada.\n"})
    library = DocsLibrary(index, LocalDocsSettings(), ["Home"])
    try:
        alone = library.search("roses")
        assert [Path(s.path).name for s in alone.sources] == ["garden.md"]
        both = library.search("roses", conversation_id="chat1")
        assert sorted(Path(s.path).name for s in both.sources) == ["garden.md", "letter.txt"]
        assert [s.number for s in both.sources] == [1, 2]
        only_attached = library.search("roses", names=[], conversation_id="chat1")
        assert [Path(s.path).name for s in only_attached.sources] == ["letter.txt"]
        other_chat = library.search("roses", names=[], conversation_id="chat2")
        assert other_chat.sources == [] and other_chat.missing == []
    finally:
        library.close()


def test_a_collection_that_went_is_left_out_and_named(tmp_path: Path) -> None:
    index = tmp_path / "localdocs.sqlite3"
    indexed(index, "Home", tmp_path / "home", {"garden.md": "The roses bloom in June.\n"})
    indexed(index, "Work", tmp_path / "work", {"memo.md": "The roses budget is small.\n"})
    library = DocsLibrary(index)
    try:
        assert library.missing(["Home", "Gone"]) == ["Gone"]
        other = DocsStore(index)  # renamed elsewhere (Settings, the terminal) meanwhile
        other.rename_collection("Work", "Office")
        other.close()
        found = library.search("roses", names=["Home", "Work"])
        assert found.missing == ["Work"]
        assert [Path(s.path).name for s in found.sources] == ["garden.md"]
        assert [str(n) for n in found.notices()] == [
            "LocalDocs: the collection “Work” no longer exists (renamed or removed), so this "
            "answer was written without it."]
        nothing = library.search("roses", names=["Work"])
        assert nothing.sources == [] and nothing.missing == ["Work"]
    finally:
        library.close()


def test_the_settings_set_how_many_excerpts_and_tokens(tmp_path: Path) -> None:
    index = tmp_path / "localdocs.sqlite3"
    notes = {f"note{i}.md": f"# Note {i}\n\nThe harbour word {i}. " + "filler " * 150 + "\n"
             for i in range(8)}
    indexed(index, "Notes", tmp_path / "notes", notes)
    library = DocsLibrary(index, LocalDocsSettings(sources=3), ["Notes"])
    try:
        assert len(library.search("harbour", n_ctx=32768).sources) == 3
        library.settings = LocalDocsSettings(sources=8, context_share=0.05)
        few = library.search("harbour", n_ctx=4096)  # 204 tokens: one excerpt of ~170
        assert len(few.sources) == 1
        assert 1 < len(library.search("harbour", n_ctx=32768).sources) < 8  # 1638 tokens
        library.settings = LocalDocsSettings(sources=8, context_share=0.6)
        assert len(library.search("harbour", n_ctx=32768).sources) == 8
    finally:
        library.close()


def test_nothing_to_search_makes_no_index_and_a_damaged_one_is_said(tmp_path: Path) -> None:
    index = tmp_path / "localdocs.sqlite3"
    library = DocsLibrary(index)
    assert library.search("anything", conversation_id="chat1").sources == []
    assert library.missing([]) == []
    assert not index.exists()
    index.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(DocsError, match="damaged"):
        library.search("anything", names=["Home"])
    library.close()
