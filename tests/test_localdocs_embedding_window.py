"""The window embeds collections in the background once an embedding model is there, and
its chats then find passages by meaning (a tiny BERT GGUF run by llama.cpp, see
tests/bert_factory.py)."""

from __future__ import annotations

from pathlib import Path

from bert_factory import write_bag_of_words_bert
from pytestqt.qtbot import QtBot
from test_localdocs_vectors import WORDS, library

from app.core.context import AppContext
from app.core.localdocs.embedding_setup import chosen_embedding_model, shared_embedder
from app.core.localdocs.indexer import Indexer
from app.core.localdocs.library import DocsLibrary
from app.core.localdocs.store import DocsStore
from app.core.localdocs.vectors import vector_counts
from app.ui.docs_host import DocsHost


def test_an_embedding_model_that_arrives_embeds_the_collections(qtbot: QtBot,
                                                                 tmp_path: Path) -> None:
    context = AppContext.open(tmp_path / "data")
    store = DocsStore(context.paths.localdocs)
    docs = store.add_collection("Docs", [str(library(tmp_path / "docs"))])
    Indexer(store).index(docs)  # indexed by keywords before there was a model
    host = DocsHost(context, start=True)
    try:
        assert host.embedding_model() is None
        qtbot.waitUntil(lambda: not host.state.running and not host.state.waiting,
                        timeout=20_000)
        assert vector_counts(store, docs, "none")[0] == 0
        # The model arrives (as a download does), and is the one chosen.
        bert = write_bag_of_words_bert(tmp_path / "tiny-embed.gguf", WORDS,
                                       {"automobile": "car"})
        context.settings.extra_model_paths = [str(bert)]
        context.settings.localdocs.embedding_model = str(bert)
        context.rescan()
        model = host.embedding_model()
        assert model is not None and model.path == bert
        host.apply_settings(context.settings.localdocs)
        qtbot.waitUntil(lambda: vector_counts(store, docs, model.key) == (4, 4),
                        timeout=30_000)
        # A chat's search now finds the automobile for a question about a car.
        chosen = chosen_embedding_model(context.settings.localdocs, context.embedding_models)
        assert chosen == model
        found = DocsLibrary(context.paths.localdocs, context.settings.localdocs, ["Docs"],
                            shared_embedder(chosen)).search("what does my car need")
        assert Path(found.sources[0].path).name == "motor.txt"
    finally:
        host.shutdown()
        store.close()


def test_the_service_reports_the_embedding_pass_as_its_own_stage(tmp_path: Path) -> None:
    from app.core.localdocs.embedder import EmbeddingModel
    from app.core.localdocs.embedding_setup import embedding_pass
    from app.core.localdocs.service import DocsService, IndexingProgress

    bert = write_bag_of_words_bert(tmp_path / "tiny-embed.gguf", WORDS, {"automobile": "car"})
    model = EmbeddingModel("tiny", bert)
    events: list[object] = []
    service = DocsService(tmp_path / "localdocs.sqlite3", events.append,
                          after_index=embedding_pass(lambda: model))
    service.start(catch_up=False)
    try:
        service.add_collection("Docs", [str(library(tmp_path / "docs"))]).result(30)
        service.index("Docs")
        assert service.wait_idle(60)
        meaning = [e for e in events if isinstance(e, IndexingProgress)
                   and e.stage == "meaning"]
        assert meaning and meaning[-1].files_done == meaning[-1].files_total == 4
    finally:
        service.close()
