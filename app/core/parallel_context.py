"""The API's own llama.cpp context: :func:`api_context`.

Requests from other programs are decoded in a context of their own, made beside the
chats' one on the same loaded weights (nothing is read twice): it holds
:data:`API_SLOTS` sequences in one shared pool of KV cells (``kv_unified``), so each can
use the whole context length.  The chats' context stays exactly as it was — one
sequence, untouched by any API request, so a chat's replies do not depend on what the
API did meanwhile.  The cost is the KV memory of one more context, and only once the
API has been used with this model.
"""

from __future__ import annotations

from typing import Any

from app.core import llama_quiet

API_SLOTS = 4  # API requests answered together, in sequences 0..API_SLOTS-1


def api_context(llm: Any, threads: int) -> Any:
    """A ``LlamaContext`` on ``llm``'s model with :data:`API_SLOTS` sequences; freed with
    the model (or by its ``close()``)."""
    import llama_cpp
    from llama_cpp import _internals

    llama_quiet.install()

    # The chats' context's very parameters (threads, batch sizes, attention kind…), so a
    # reply computes the same way in both; only the sequences differ.
    params = llama_cpp.llama_context_params.from_buffer_copy(llm.context_params)
    params.n_threads = threads
    params.n_threads_batch = threads
    params.n_seq_max = API_SLOTS
    params.kv_unified = True
    return _internals.LlamaContext(model=llm._model, params=params, verbose=False)
