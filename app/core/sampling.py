"""The token sampler: a llama.cpp sampler chain built from :class:`GenerationSettings`.

The chain applies the same samplers as llama-cpp-python's ``generate``
(repeat penalty, top-k, top-p, min-p, temperature, then a seeded draw, or
greedy at temperature 0) but in a cheaper, equivalent order.  llama.h warns
that the penalty sampler is slow on the whole vocabulary; llama-cpp-python
runs it there (49,152 hash look-ups per token for SmolLM2, about 3 % of a
token's time on two cores).  When the penalty can only lower logits
(``repeat_penalty >= 1``) and top-k is on, we first keep the top
``top_k + penalty_last_n`` tokens: at most ``penalty_last_n`` distinct tokens
can be pushed down, so every token that survives the real top-k after the
penalty is among them, and the result is the same distribution.
"""

from __future__ import annotations

from typing import Any

from app.core.generation import GenerationSettings

PENALTY_LAST_N = 64  # the default window: llama-cpp-python's (``last_n_tokens_size``)


class SamplerChain:
    """Owns one ``llama_sampler`` chain; free it with :meth:`close`.

    ``prefilter=False`` builds llama-cpp-python's order (the penalty over the
    whole vocabulary); the tests use it to check that both orders agree.
    """

    def __init__(self, n_vocab: int, settings: GenerationSettings, seed: int,
                 prefilter: bool = True) -> None:
        import llama_cpp

        self._lib = llama_cpp
        self.handle: Any = llama_cpp.llama_sampler_chain_init(
            llama_cpp.llama_sampler_chain_default_params())
        self.stages: list[str] = []
        penalty = settings.repeat_penalty != 1.0
        top_k = settings.top_k if settings.top_k > 0 else 0
        if prefilter and penalty and top_k and settings.repeat_penalty > 1.0:
            self._add("prefilter_top_k", llama_cpp.llama_sampler_init_top_k(
                top_k + settings.repeat_last_n))
        if penalty:
            self._add("penalties", llama_cpp.llama_sampler_init_penalties(
                n_vocab, settings.repeat_last_n, settings.repeat_penalty, 0.0, 0.0))
        if settings.temperature <= 0.0:
            self._add("greedy", llama_cpp.llama_sampler_init_greedy())
            return
        if top_k:
            self._add("top_k", llama_cpp.llama_sampler_init_top_k(top_k))
        if settings.top_p < 1.0:
            self._add("top_p", llama_cpp.llama_sampler_init_top_p(settings.top_p, 1))
        if settings.min_p > 0.0:
            self._add("min_p", llama_cpp.llama_sampler_init_min_p(settings.min_p, 1))
        self._add("temperature", llama_cpp.llama_sampler_init_temp(settings.temperature))
        self._add("dist", llama_cpp.llama_sampler_init_dist(seed & 0xFFFFFFFF))

    def _add(self, name: str, sampler: Any) -> None:
        self._lib.llama_sampler_chain_add(self.handle, sampler)
        self.stages.append(name)

    def sample(self, ctx: Any) -> int:
        """Sample from the last logits of ``ctx`` (the chain also accepts the token)."""
        return self.sample_at(ctx, -1)

    def sample_at(self, ctx: Any, index: int) -> int:
        """Sample from the logits of the batch's ``index``-th token (-1: the last)."""
        return int(self._lib.llama_sampler_sample(self.handle, ctx, index))

    def close(self) -> None:
        if self.handle is not None:
            self._lib.llama_sampler_free(self.handle)
            self.handle = None
