"""The inference engine: one loaded GGUF model run on the CPU by llama.cpp.

:class:`Engine` wraps ``llama_cpp.Llama``.  It is *not* thread-safe: exactly
one thread (the model worker in the GUI, the main thread in the terminal)
owns an engine for its whole life and makes every call on it.

A file is loaded only after a child process has loaded it without harm
(:mod:`app.core.model_probe`; the verdict is remembered, so this costs nothing
the second time); a file that fails leaves the previous model loaded.
Prompts are built with the GGUF's own chat template rendered in Fireside's
bounded Jinja environment (:mod:`app.core.template_sandbox`), the same one
that checks templates in Settings → Model.  The decode loop is our own,
on llama.cpp's C API (``llama_decode`` plus a sampler chain, see
:mod:`app.core.sampling`), not ``Llama.generate``: it does less work per
token and lets the engine know exactly which tokens are in the KV cache.
Follow-up turns reuse that cache: the longest common token prefix of the new
prompt and the cached tokens is kept and only the rest is evaluated, and
:meth:`Engine.prefill` evaluates the next turn's fixed opening while the
user types.  The counts in :class:`GenerationResult` come from llama.cpp's
own performance counters.
"""

from __future__ import annotations

import codecs
import ctypes
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.core import llama_quiet
from app.core.chat_template import (
    FALLBACK_CHATML_TEMPLATE,
    ChatRenderer,
    TemplateError,
    choose_template,
    llama_cpp_tolerates_broken_templates,
)
from app.core.engine_types import (
    ContextOverflowError,
    EngineError,
    GenerationResult,
    ModelInfo,
    common_prefix,
    perf_counts,
)
from app.core.generation import GenerationSettings
from app.core.gguf_header import GGUFError, read_gguf_header
from app.core.gpu import resolve_gpu_layers
from app.core.kv_states import KVStateCache, SavedState
from app.core.model_probe import ProbeCache, require_safe
from app.core.parallel_context import API_SLOTS, api_context
from app.core.reasoning import OPEN as THINK_OPEN
from app.core.sampling import SamplerChain
from app.core.texts import UserError, tr

log = logging.getLogger(__name__)

__all__ = ["ContextOverflowError", "Engine", "EngineError", "GenerationResult", "ModelInfo"]


class Engine:
    """Loads one model at a time and generates chat replies from it."""

    def __init__(self, probes: ProbeCache | None = None) -> None:
        self.prefilter_sampling = True  # see app.core.sampling
        # Verdicts of the child-process check (in memory only unless given a file).
        self.probes = probes if probes is not None else ProbeCache()
        self._llm: Any = None
        self._formatter: Any = None
        self.info: ModelInfo | None = None
        self._cached: list[int] = []  # the tokens whose keys and values are in the cache
        # The API's own context (app.core.parallel_context), made on first use, and the
        # tokens each of its sequences holds.
        self._api_ctx: Any = None
        self.slots: list[list[int]] = [[] for _ in range(API_SLOTS)]
        self._cache_key: str | None = None  # the chat those tokens belong to
        self.kv_states = KVStateCache()
        self._piece_buf = ctypes.create_string_buffer(256)

    @classmethod
    def with_cache(cls, cache_dir: Path) -> Engine:
        """An engine whose probe verdicts are remembered in ``cache_dir`` (across runs)."""
        return cls(ProbeCache.in_folder(cache_dir))

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    # -- lifecycle --------------------------------------------------------
    def load(self, path: Path, settings: GenerationSettings,
             chat_template: str | None = None, gpu_layers: int | None = 0) -> ModelInfo:
        """Load ``path``; raise :class:`EngineError` with a readable reason on failure.

        The file is first tried in a child process (:mod:`app.core.model_probe`,
        remembered per file version); if it fails there, :class:`EngineError` says how
        and the model loaded before stays loaded.  ``chat_template`` (a catalog's or
        the user's override for a file whose own template is broken or missing) is
        used instead of the GGUF's when it can be.  ``gpu_layers`` is the model's GPU
        setting (:mod:`app.core.gpu`; None "auto"), ignored by a CPU build.
        """
        try:
            header = read_gguf_header(path)
            require_safe(path, self.probes, settings.threads)
        except (GGUFError, UserError) as exc:
            raise EngineError(exc.text) from None
        self.unload()
        n_ctx_train = header.context_length or settings.context_length
        n_ctx = min(settings.context_length, n_ctx_train)
        offload = resolve_gpu_layers(gpu_layers, path.stat().st_size, header.block_count,
                                     (header.kv_bytes_per_token or 0) * n_ctx)
        started = time.perf_counter()
        try:
            import llama_cpp

            llama_quiet.install()  # other threads keep their stdout and stderr meanwhile
            with llama_cpp_tolerates_broken_templates():  # the template is checked below
                llm = llama_cpp.Llama(
                    model_path=str(path), n_ctx=n_ctx, n_batch=min(settings.batch_size, n_ctx),
                    n_threads=settings.threads, n_threads_batch=settings.threads,
                    n_gpu_layers=offload, verbose=False, seed=llama_cpp.LLAMA_DEFAULT_SEED)
        except Exception as exc:  # llama.cpp reports failures as ValueError/RuntimeError
            raise EngineError(tr(
                "llama.cpp could not load {file}: {error}. The file may be damaged or use an "
                "architecture this version does not support.", file=path.name,
                error=str(exc))) from None
        own = llm.metadata.get("tokenizer.chat_template") or header.chat_template
        bos, eos = self._special_tokens(llm)
        template, problem = choose_template(path.name, own, chat_template, bos, eos)
        self._formatter = self._make_formatter(template, bos, eos)
        self._llm = llm
        self.info = ModelInfo(
            path=path, name=header.name or path.stem, architecture=header.architecture,
            n_ctx=llm.n_ctx(), n_ctx_train=int(llm._model.n_ctx_train()),
            threads=settings.threads, has_chat_template=bool(own),
            load_seconds=time.perf_counter() - started, template_problem=problem,
            gpu_layers=offload)
        return self.info

    @staticmethod
    def _special_tokens(llm: Any) -> tuple[str, str]:
        eos_id, bos_id = llm.token_eos(), llm.token_bos()
        eos = llm._model.token_get_text(eos_id) if eos_id != -1 else ""
        bos = llm._model.token_get_text(bos_id) if bos_id != -1 else ""
        return bos, eos

    @staticmethod
    def _make_formatter(template: str, bos: str, eos: str) -> ChatRenderer:
        """A bounded renderer for ``template`` (ChatML if it still does not compile)."""
        try:
            return ChatRenderer(template, bos_token=bos, eos_token=eos)
        except TemplateError as exc:  # _choose_template passed it, so this is not expected
            log.warning("the chat template does not compile (%s); using ChatML", exc)
            return ChatRenderer(FALLBACK_CHATML_TEMPLATE, bos_token=bos, eos_token=eos)

    def unload(self) -> None:
        if self._api_ctx is not None:
            self._api_ctx.close()  # before the model it was made on
            self._api_ctx = None
        if self._llm is not None:
            self._llm.close()
        self._llm = None
        self._formatter = None
        self.info = None
        self._cached = []
        self._cache_key = None
        self.slots = [[] for _ in range(API_SLOTS)]
        self.kv_states.clear()  # states belong to the model that made them

    # -- prompting --------------------------------------------------------
    def render_prompt(self, messages: Sequence[dict[str, str]]) -> str:
        """The chat template applied to ``messages`` with the generation prompt added."""
        self._require_loaded()
        try:
            return self._formatter.render(messages)
        except TemplateError as exc:  # refused, failed, or stopped past its bounds
            raise EngineError(tr("the model's chat template failed on this chat: {error}",
                                 error=exc.text)) from None

    def tokenize_prompt(self, prompt: str) -> list[int]:
        self._require_loaded()
        return list(self._llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True))

    def _require_loaded(self) -> None:
        if self._llm is None:
            raise EngineError(tr("no model is loaded"))

    def _piece(self, token: int) -> bytes:
        import llama_cpp

        n = llama_cpp.llama_token_to_piece(self._llm._model.vocab, token, self._piece_buf,
                                           len(self._piece_buf), 0, False)
        return self._piece_buf.raw[:max(n, 0)]

    # -- the KV cache ----------------------------------------------------
    def _decode(self, tokens: Sequence[int]) -> None:
        """Evaluate ``tokens`` after those already cached, ``n_batch`` at a time."""
        import llama_cpp

        ctx = self._llm._ctx.ctx
        step = self._llm.n_batch
        for start in range(0, len(tokens), step):
            chunk = tokens[start:start + step]
            array = (llama_cpp.llama_token * len(chunk))(*chunk)
            code = llama_cpp.llama_decode(ctx, llama_cpp.llama_batch_get_one(array, len(chunk)))
            if code != 0:
                self._forget_cache()
                raise EngineError(tr("llama.cpp could not evaluate the prompt (llama_decode "
                                     "returned {code}).", code=code))
            self._cached.extend(chunk)

    def _reuse_prefix(self, tokens: Sequence[int]) -> int:
        """Drop cached tokens past the longest common prefix; return how many are kept.

        At least one token is always left to evaluate, since sampling needs
        fresh logits from the last prompt token.
        """
        import llama_cpp

        keep = min(common_prefix(self._cached, tokens), len(tokens) - 1)
        if keep < len(self._cached):
            memory = llama_cpp.llama_get_memory(self._llm._ctx.ctx)
            if not llama_cpp.llama_memory_seq_rm(memory, 0, keep, -1):
                self._forget_cache()
                return 0
            del self._cached[keep:]
        return keep

    def switch_chat(self, key: str | None, tokens: Sequence[int] | None = None) -> bool:
        """The next prompt belongs to chat ``key``: keep the current chat's KV state, and
        restore ``key``'s if it was kept and matches ``tokens`` better than the cache does.

        Returns True if a saved state was restored.
        """
        import llama_cpp

        if key == self._cache_key or key is None:
            self._cache_key = key if key is not None else self._cache_key
            return False
        ctx = self._llm._ctx.ctx
        if self._cache_key is not None and self._cached:
            size = llama_cpp.llama_state_seq_get_size(ctx, 0)
            buffer = (ctypes.c_uint8 * size)()
            written = llama_cpp.llama_state_seq_get_data(ctx, buffer, size, 0)
            if written:  # kept as written: no copy (it is tens of megabytes)
                data = buffer if written == size else (ctypes.c_uint8 * written).from_buffer(
                    buffer)
                self.kv_states.put(self._cache_key, SavedState(tuple(self._cached), data))
        self._cache_key = key
        saved = self.kv_states.get(key)
        if saved is None:
            return False
        wanted = list(tokens) if tokens is not None else list(saved.tokens)
        if common_prefix(saved.tokens, wanted) <= common_prefix(self._cached, wanted):
            return False
        data = saved.data
        if not isinstance(data, ctypes.Array):  # (a plain bytes state, from tests)
            data = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(ctx), True)
        if not llama_cpp.llama_state_seq_set_data(ctx, data, len(saved.data), 0):
            self._forget_cache()
            return False
        self._cached = list(saved.tokens)
        return True

    def _forget_cache(self) -> None:
        import llama_cpp

        llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(self._llm._ctx.ctx), True)
        self._cached.clear()

    def measure_decode(self, tokens: int, runs: int = 4) -> float:
        """Tokens/s of one-token decodes on the loaded model (the speed calibration,
        :mod:`app.core.speed`).  The prompt cache is emptied: the next reply evaluates its
        prompt again."""
        self._require_loaded()
        from app.core.speed import measure_decode

        try:
            return measure_decode(self._llm, tokens, runs)
        finally:
            self._forget_cache()

    def llama(self) -> Any:
        """The loaded ``llama_cpp.Llama`` (for :mod:`app.core.parallel`, on this thread)."""
        self._require_loaded()
        return self._llm

    def api_context(self) -> Any:
        """The API's context on this model (made now if needed): see
        :mod:`app.core.parallel_context`."""
        self._require_loaded()
        if self._api_ctx is None:
            self._api_ctx = api_context(self._llm, self.info.threads if self.info else 1)
            self.slots = [[] for _ in range(API_SLOTS)]
        return self._api_ctx

    def piece(self, token: int) -> bytes:
        """The bytes of ``token``'s text (a piece of a UTF-8 character, maybe)."""
        return self._piece(token)

    @property
    def cached_tokens(self) -> int:
        """How many tokens of the current conversation are in the KV cache."""
        return len(self._cached)

    def prefill(self, messages: Sequence[dict[str, str]], chat_key: str | None = None) -> int:
        """Evaluate ahead what the next prompt after ``messages`` must start with.

        Called while the user is reading or typing: it evaluates the end-of-
        turn markers after the last reply and the start of the next user
        turn (or, right after loading, the system prompt), so the next
        question pays only for its own tokens.  Never discards cached work:
        if the rendered prefix does not extend the cache, nothing happens.
        Returns the number of tokens evaluated.
        """
        import llama_cpp

        self._require_loaded()
        if chat_key is not None and chat_key != self._cache_key:
            return 0  # another chat is in the cache now; this one's state was kept
        sentinel = "\u2063fireside-next\u2063"
        try:
            rendered = str(self._formatter(
                messages=[*messages, {"role": "user", "content": sentinel}]).prompt)
        except Exception:  # a template that insists on a shape; prefill is optional
            return 0
        head, found, _ = rendered.partition(sentinel)
        if not found:
            return 0
        tokens = self.tokenize_prompt(head)
        # The tokens next to the sentinel may merge differently with real text.
        tokens = tokens[:-1]
        n_cached = len(self._cached)
        if len(tokens) <= n_cached or tokens[:n_cached] != self._cached:
            return 0
        if len(tokens) >= self._llm.n_ctx():
            return 0
        self._decode(tokens[n_cached:])
        llama_cpp.llama_synchronize(self._llm._ctx.ctx)  # count it now, not in the next reply
        return len(tokens) - n_cached

    def fit_history(self, messages: Sequence[dict[str, str]], budget: int,
                    ) -> tuple[list[dict[str, str]], list[int], int]:
        """Leave out the oldest turns until the prompt fits in ``budget`` tokens.

        The system prompt and the newest user message are always kept; whole
        turns (a user message and the replies after it) go, so roles still
        alternate.  Returns the messages kept, their prompt tokens, and how
        many messages were left out.
        """
        kept, _prompt, tokens, dropped = self._fit(messages, budget)
        return kept, tokens, dropped

    def _fit(self, messages: Sequence[dict[str, str]], budget: int,
             ) -> tuple[list[dict[str, str]], str, list[int], int]:
        kept = list(messages)
        prompt = self.render_prompt(kept)
        tokens = self.tokenize_prompt(prompt)
        dropped = 0
        first = 1 if kept and kept[0]["role"] == "system" else 0
        while len(tokens) > budget and len(kept) - first > 1:
            del kept[first]
            dropped += 1
            while len(kept) - first > 1 and kept[first]["role"] != "user":
                del kept[first]
                dropped += 1
            prompt = self.render_prompt(kept)
            tokens = self.tokenize_prompt(prompt)
        return kept, prompt, tokens, dropped

    def generate(self, messages: Sequence[dict[str, str]], settings: GenerationSettings,
                 on_text: Callable[[str], None] | None = None,
                 stop_event: threading.Event | None = None,
                 chat_key: str | None = None) -> GenerationResult:
        """Generate a reply to ``messages``, streaming text pieces to ``on_text``.

        Returns when the model ends its reply, ``max_tokens`` or the context
        is reached, or ``stop_event`` is set (checked between tokens).
        ``chat_key`` names the chat, so switching between chats keeps and
        restores each one's KV state (:meth:`switch_chat`).
        """
        started = time.perf_counter()
        tokens, opened, dropped = self.chat_prompt(messages, settings.max_tokens)
        return self._answer(tokens, settings, on_text, stop_event, chat_key,
                            started=started, opened=opened, dropped=dropped)

    def chat_prompt(self, messages: Sequence[dict[str, str]], max_tokens: int,
                    ) -> tuple[list[int], bool, int]:
        """The prompt's tokens for ``messages`` (oldest turns left out until it fits with
        room for the reply), whether it opens a thinking block, and how many were left out.
        """
        self._require_loaded()
        n_ctx = self._llm.n_ctx()
        reserve = min(max_tokens, max(64, n_ctx // 4))  # room for the reply
        _kept, prompt, tokens, dropped = self._fit(messages, n_ctx - reserve)
        # Some reasoning templates open the thinking block in the prompt: the reply
        # carries the opening tag too, so it reads (and is stored) as one piece.
        return tokens, prompt.rstrip().endswith(THINK_OPEN), dropped

    def text_prompt(self, prompt: str) -> list[int]:
        """``prompt``'s tokens as plain text to continue (no chat template)."""
        self._require_loaded()
        tokens = list(self._llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True))
        if not tokens:
            raise EngineError(tr("The prompt is empty."))
        return tokens

    def complete(self, prompt: str, settings: GenerationSettings,
                 on_text: Callable[[str], None] | None = None,
                 stop_event: threading.Event | None = None,
                 chat_key: str | None = None) -> GenerationResult:
        """Continue ``prompt`` as plain text (no chat template), as ``/v1/completions``
        does; otherwise as :meth:`generate` (the cache's common prefix is reused)."""
        started = time.perf_counter()
        tokens = self.text_prompt(prompt)
        return self._answer(tokens, settings, on_text, stop_event, chat_key,
                            started=started, opened=False, dropped=0)

    def _answer(self, tokens: list[int], settings: GenerationSettings,
                on_text: Callable[[str], None] | None, stop_event: threading.Event | None,
                chat_key: str | None, *, started: float, opened: bool,
                dropped: int) -> GenerationResult:
        """Evaluate ``tokens`` after the cached prefix, then sample the reply."""
        import llama_cpp

        llm = self._llm
        n_ctx = llm.n_ctx()
        if len(tokens) >= n_ctx:
            raise ContextOverflowError(len(tokens), n_ctx)
        seed = settings.seed if settings.seed >= 0 else random.randrange(2**31)
        ctx = llm._ctx.ctx
        vocab = llm._model.vocab
        self.switch_chat(chat_key, tokens)
        llama_cpp.llama_perf_context_reset(ctx)
        keep = self._reuse_prefix(tokens)
        self._decode(tokens[keep:])
        llama_cpp.llama_synchronize(ctx)  # the perf counters are updated on sync
        p_eval, n_eval, _ = perf_counts(ctx)
        evaluated = p_eval + n_eval
        sampler = SamplerChain(llm.n_vocab(), settings, seed, self.prefilter_sampling)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pieces: list[str] = []
        if opened:
            pieces.append(THINK_OPEN + "\n")
            if on_text is not None:
                on_text(pieces[0])
        completion = 0
        finish = "length"
        budget = min(settings.max_tokens, n_ctx - len(tokens))
        one = (llama_cpp.llama_token * 1)()
        first_at = last_at = 0.0
        try:
            while True:
                token = sampler.sample(ctx)
                if completion == 0:
                    first_at = time.perf_counter()
                if llama_cpp.llama_vocab_is_eog(vocab, token):
                    finish = "stop"
                    break
                completion += 1
                last_at = time.perf_counter()
                text = decoder.decode(self._piece(token))
                if text:
                    pieces.append(text)
                    if on_text is not None:
                        on_text(text)
                if stop_event is not None and stop_event.is_set():
                    finish = "stopped"
                    break
                if completion >= budget:
                    finish = "length" if budget == settings.max_tokens else "context"
                    break
                one[0] = token
                code = llama_cpp.llama_decode(ctx, llama_cpp.llama_batch_get_one(one, 1))
                if code != 0:
                    self._forget_cache()
                    raise EngineError(tr("llama.cpp failed while answering (llama_decode "
                                         "returned {code}).", code=code))
                self._cached.append(token)
        finally:
            sampler.close()
        tail = decoder.decode(b"", final=True)
        if tail:
            pieces.append(tail)
            if on_text is not None:
                on_text(tail)
        _, n_eval, t_eval_ms = perf_counts(ctx)
        span = last_at - first_at
        return GenerationResult(
            text="".join(pieces), finish_reason=finish, prompt_tokens=len(tokens),
            prompt_tokens_evaluated=evaluated, completion_tokens=completion,
            time_to_first_token=(first_at or time.perf_counter()) - started,
            tokens_per_second=(completion - 1) / span if completion > 1 and span > 0 else 0.0,
            llama_decode_tokens_per_second=n_eval / (t_eval_ms / 1000) if t_eval_ms else 0.0,
            n_ctx=n_ctx, dropped_messages=dropped)
