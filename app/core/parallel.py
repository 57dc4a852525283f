"""Several API replies decoded together: :class:`ParallelDecoder`.

One ``llama_decode`` call evaluates a batch of tokens; on a CPU the cost of a step is
mostly reading the model's weights, so a step that carries the next token of four
replies costs little more than a step for one.  The decoder keeps up to
:data:`API_SLOTS` replies in the sequences of the API's own context
(:mod:`app.core.parallel_context`; the chats' context is never touched), and each step
carries every generating reply's next token plus as much of a new reply's prompt as fits
in the batch — the continuous batching llama.cpp's own server does.  Each reply has its
own sampler chain, stop event and budget, and ends on its own; the others go on.

Decoded together, a reply is not always the very text it would be alone: llama.cpp adds
up attention over the shared pool of KV cells in an order that depends on where each
sequence's cells lie, and at temperature 0 a near tie between two tokens can go either
way.  With ``capacity=1`` replies are decoded one after another, each exactly as alone.

Each sequence keeps what it last held (``Engine.slots``), and a new reply takes the free
sequence whose tokens share the longest beginning with its prompt, so a tool that sends
its growing conversation again pays only for the new part (:meth:`ParallelDecoder.trim`
says how long they are kept).  When the shared pool of KV
cells is full, idle sequences are cleared, and only if that is not enough are the
prompts being read refused (the replies already generating go on).

Everything here runs on the thread that owns the engine.
"""

from __future__ import annotations

import codecs
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.core.engine import Engine
from app.core.engine_types import ContextOverflowError, EngineError, GenerationResult
from app.core.generation import GenerationSettings
from app.core.parallel_context import API_SLOTS
from app.core.reasoning import OPEN as THINK_OPEN
from app.core.sampling import SamplerChain
from app.core.texts import tr

Done = Callable[[GenerationResult | None, BaseException | None], None]


@dataclass(eq=False)
class Reply:
    """One reply to decode: its prompt, settings and where its text goes.

    ``done(result, None)`` or ``done(None, error)`` is called once, when it ends.
    """

    tokens: list[int]
    settings: GenerationSettings
    on_text: Callable[[str], None]
    stop_event: threading.Event
    done: Done
    opened: bool = False  # the prompt opened a thinking block
    dropped: int = 0  # oldest messages left out so the prompt fits
    # Decoding state (set by the decoder).
    slot: int = -1
    position: int = 0  # prompt tokens in the sequence so far
    reused: int = 0
    next_token: int | None = None
    sampler: SamplerChain | None = None
    decoder: Any = None
    pieces: list[str] = field(default_factory=list)
    completion: int = 0
    budget: int = 0
    started: float = field(default_factory=time.perf_counter)
    first_at: float = 0.0
    last_at: float = 0.0

    @property
    def prompting(self) -> bool:
        return self.next_token is None


class ParallelDecoder:
    """Decodes up to :data:`API_SLOTS` replies of one loaded engine together."""

    def __init__(self, engine: Engine, capacity: int = API_SLOTS) -> None:
        """``capacity``: replies decoded at once (1: one after another)."""
        import llama_cpp

        self._lib = llama_cpp
        self.engine = engine
        llm = engine.llama()
        self._llm = llm
        self._ctx = engine.api_context().ctx
        self._vocab = llm._model.vocab
        self._memory = llama_cpp.llama_get_memory(self._ctx)
        self.n_ctx = int(llama_cpp.llama_n_ctx(self._ctx))
        self.n_batch = int(llama_cpp.llama_n_batch(self._ctx))
        self._batch = llama_cpp.llama_batch_init(self.n_batch, 0, 1)
        self.active: list[Reply] = []
        self.capacity = max(1, min(capacity, API_SLOTS))
        self._last_used = -1  # the sequence of the reply that ended last

    @property
    def free(self) -> int:
        return self.capacity - len(self.active)

    # -- starting a reply ------------------------------------------------------
    def add(self, reply: Reply) -> None:
        """Start ``reply`` in the free sequence that already holds most of its prompt."""
        n = len(reply.tokens)
        if n >= self.n_ctx:
            reply.done(None, ContextOverflowError(n, self.n_ctx))
            return
        used = {r.slot for r in self.active}
        free = [i for i in range(API_SLOTS) if i not in used]
        if not free:
            raise RuntimeError("no free sequence")  # the caller checks ``free`` first

        def shared(i: int) -> int:
            cached = self.engine.slots[i]
            count = 0
            for a, b in zip(cached, reply.tokens, strict=False):
                if a != b:
                    break
                count += 1
            return count

        slot = max(free, key=shared)
        keep = min(shared(slot), n - 1)  # the last prompt token is evaluated for its logits
        self._lib.llama_memory_seq_rm(self._memory, slot, keep, -1)
        del self.engine.slots[slot][keep:]
        settings = reply.settings
        seed = settings.seed if settings.seed >= 0 else random.randrange(2**31)
        reply.slot, reply.position, reply.reused = slot, keep, keep
        reply.sampler = SamplerChain(self._llm.n_vocab(), settings, seed,
                                     self.engine.prefilter_sampling)
        reply.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        reply.budget = min(settings.max_tokens, self.n_ctx - n)
        if reply.opened:
            self._emit(reply, THINK_OPEN + "\n")
        self.active.append(reply)

    # -- one step ----------------------------------------------------------------
    def step(self) -> None:
        """Decode one batch: every generating reply's next token, then prompt tokens."""
        for reply in [r for r in self.active if r.stop_event.is_set() and r.prompting]:
            self._finish(reply, "stopped")  # left while its prompt was evaluated
        if not self.active:
            return
        entries = self._fill()
        code = self._lib.llama_decode(self._ctx, self._batch)
        if code == 1:  # no room in the KV pool: make some, then try once more
            self._make_room()
            entries = self._fill()
            code = self._lib.llama_decode(self._ctx, self._batch)
        if code != 0:
            self._fail_after(code)
            return
        for reply, added, logits_at in entries:
            self.engine.slots[reply.slot].extend(added)
            if reply.prompting:
                reply.position += len(added)
            if logits_at >= 0:
                self._sampled(reply, reply.sampler.sample_at(self._ctx, logits_at))  # type: ignore[union-attr]

    def _fill(self) -> list[tuple[Reply, list[int], int]]:
        """Fill the batch; (reply, tokens added, batch index of its logits or -1)."""
        batch = self._batch
        count = 0

        def put(reply: Reply, position: int, token: int, logits: bool) -> None:
            nonlocal count
            batch.token[count] = token
            batch.pos[count] = position
            batch.n_seq_id[count] = 1
            batch.seq_id[count][0] = reply.slot
            batch.logits[count] = logits
            count += 1

        entries: list[tuple[Reply, list[int], int]] = []
        for reply in self.active:
            if reply.next_token is not None:  # generating: its next token
                put(reply, len(self.engine.slots[reply.slot]), reply.next_token, True)
                entries.append((reply, [reply.next_token], count - 1))
        for reply in self.active:
            room = self.n_batch - count
            if not reply.prompting or room <= 0:
                continue
            chunk = reply.tokens[reply.position:reply.position + room]
            last = reply.position + len(chunk) == len(reply.tokens)
            base = len(self.engine.slots[reply.slot])
            for index, token in enumerate(chunk):
                put(reply, base + index, token, last and index == len(chunk) - 1)
            entries.append((reply, list(chunk), count - 1 if last else -1))
        batch.n_tokens = count
        return entries

    def _make_room(self) -> None:
        used = {r.slot for r in self.active}
        for i in range(API_SLOTS):
            if i not in used and self.engine.slots[i]:
                self._lib.llama_memory_seq_rm(self._memory, i, -1, -1)
                self.engine.slots[i].clear()

    def _fail_after(self, code: int) -> None:
        """The batch could not be decoded: refuse the prompts being read, and forget what
        their sequences held.  With none (the replies have filled the shared pool), the
        reply holding the most cells ends as cut by the context — its text kept — and the
        others go on in the room it leaves."""
        if code == 1 and not any(r.prompting for r in self.active):
            longest = max(self.active, key=lambda r: len(self.engine.slots[r.slot]))
            self._finish(longest, "context")
            self._lib.llama_memory_seq_rm(self._memory, longest.slot, -1, -1)
            self.engine.slots[longest.slot].clear()
            return
        victims = [r for r in self.active if r.prompting] or list(self.active)
        error = EngineError(tr("llama.cpp could not evaluate the prompt (llama_decode "
                               "returned {code}).", code=code)) if code != 1 else EngineError(
            tr("The model's memory is full with other requests; try again shortly."))
        for reply in victims:
            self._lib.llama_memory_seq_rm(self._memory, reply.slot, -1, -1)
            self.engine.slots[reply.slot].clear()
            self._end(reply)
            reply.done(None, error)

    # -- a sampled token -----------------------------------------------------------
    def _sampled(self, reply: Reply, token: int) -> None:
        now = time.perf_counter()
        if reply.completion == 0:
            reply.first_at = now
        if self._lib.llama_vocab_is_eog(self._vocab, token):
            self._finish(reply, "stop")
            return
        reply.completion += 1
        reply.last_at = now
        text = reply.decoder.decode(self.engine.piece(token))
        if text:
            self._emit(reply, text)
        if reply.stop_event.is_set():
            self._finish(reply, "stopped")
        elif reply.completion >= reply.budget:
            self._finish(reply, "length" if reply.budget == reply.settings.max_tokens
                         else "context")
        else:
            reply.next_token = token

    def _emit(self, reply: Reply, text: str) -> None:
        reply.pieces.append(text)
        reply.on_text(text)

    def _finish(self, reply: Reply, finish: str) -> None:
        tail = reply.decoder.decode(b"", final=True) if reply.decoder is not None else ""
        if tail:
            self._emit(reply, tail)
        self._end(reply)
        span = reply.last_at - reply.first_at
        reply.done(GenerationResult(
            text="".join(reply.pieces), finish_reason=finish, prompt_tokens=len(reply.tokens),
            prompt_tokens_evaluated=len(reply.tokens) - reply.reused,
            completion_tokens=reply.completion,
            time_to_first_token=(reply.first_at or time.perf_counter()) - reply.started,
            tokens_per_second=(reply.completion - 1) / span if reply.completion > 1 and span
            else 0.0, llama_decode_tokens_per_second=0.0, n_ctx=self.n_ctx,
            dropped_messages=reply.dropped), None)

    def _end(self, reply: Reply) -> None:
        if reply.sampler is not None:
            reply.sampler.close()
        self.active.remove(reply)
        self._last_used = reply.slot

    def trim(self) -> None:
        """Between sessions: keep the sequence used last (a tool's next turn continues
        it), and the other idle ones only while they hold few cells.  Every cell held
        costs each step's attention (the pool is shared), so after a burst of requests a
        lone one would run slower than it needs to (measured: 120 vs 148 tokens/s)."""
        idle = [i for i in range(API_SLOTS) if i != self._last_used
                and all(r.slot != i for r in self.active) and self.engine.slots[i]]
        if sum(len(self.engine.slots[i]) for i in idle) <= self.n_ctx // 8:
            return
        for i in idle:
            self._lib.llama_memory_seq_rm(self._memory, i, -1, -1)
            self.engine.slots[i].clear()

    def close(self, error: BaseException | None = None) -> None:
        """End what is still running (with ``error``, or as stopped) and free the batch."""
        for reply in list(self.active):
            if error is None:
                self._finish(reply, "stopped")
            else:
                self._end(reply)
                reply.done(None, error)
        if self._batch is not None:
            self._lib.llama_batch_free(self._batch)
            self._batch = None

