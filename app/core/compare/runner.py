"""Running a comparison: one prompt to 2–4 models, one after another, each measured.

Local models run on the model thread (:class:`app.core.model_slot.ModelRunner`), the
same one the window's replies and ``fireside serve`` use, loaded with
:meth:`LoadRequest.for_model` as a chat loads them.  Before each local model the slot
is emptied, so only one model is in memory at a time and its memory is measured from
nothing: :class:`~app.core.compare.memory.PeakMemory` samples this process's resident
size from just before the load to the end of the answer.  The load is timed apart and
never counted in the answer's times.  Remote models (``NAME/MODEL``, a provider's) are
asked through their provider's engine on a worker thread.

Each reply is made with what a chat's reply is made with
(:func:`app.core.model_settings.reply_settings`: defaults, the model's own settings,
the preset), then the request's ``overrides``.  The text streams to
``Listener.on_text(index, piece)`` as it arrives; setting ``stop`` (or Ctrl+C while
:meth:`CompareRunner.run` waits) ends the answer under way and skips the rest.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from app.core.compare.memory import PeakMemory
from app.core.compare.records import Answer, Comparison, Metrics
from app.core.context import AppContext
from app.core.engine import GenerationResult
from app.core.generation import LIMITS, GenerationSettings
from app.core.installed import InstalledModel
from app.core.model_settings import reply_settings
from app.core.model_slot import LoadRequest, ModelRunner, ModelSlot
from app.core.presets import Preset
from app.core.providers import ProviderStore, RemoteModel, find_remote_model, open_engine
from app.core.secrets import SecretStore
from app.core.settings import Settings
from app.core.texts import Lookup, Text, UserError, message_of, tr

MIN_MODELS = 2
MAX_MODELS = 4
T = TypeVar("T")


class CompareError(UserError):
    """A comparison that cannot be made as asked; :attr:`text` says why."""


@dataclass(frozen=True)
class Contender:
    """One model of a comparison: installed (or a file) or a provider's."""

    key: str
    local: InstalledModel | None = None
    remote: RemoteModel | None = None

    @property
    def model_id(self) -> str:
        if self.local is not None:
            return self.local.id
        return self.remote.id if self.remote is not None else self.key

    @property
    def name(self) -> str:
        if self.local is not None:
            return self.local.name
        return self.remote.name if self.remote is not None else self.key


def resolve_models(context: AppContext, keys: Sequence[str]) -> list[Contender]:
    """The models ``keys`` name (an installed model's id, name, file or path, or a
    provider's ``NAME/MODEL``); raises :class:`CompareError` for too few or too many, or
    a name that is neither.  A path to a file that cannot be loaded is still accepted:
    running it reports the failure in its place."""
    if not MIN_MODELS <= len(keys) <= MAX_MODELS:
        raise CompareError(tr("Compare takes 2 to 4 models (-m A -m B …); {count} given.",
                              count=len(keys)))
    providers = None
    found = []
    for key in keys:
        local = context.find_model(key)
        if local is not None:
            found.append(Contender(key, local=local))
            continue
        if providers is None:
            providers = ProviderStore.for_paths(context.paths).load()
        remote = find_remote_model(providers, key)
        if remote is None:
            raise CompareError(tr("no model “{model}”; see `fireside models`", model=key))
        found.append(Contender(key, remote=remote))
    return found


def check_overrides(overrides: dict[str, float | int]) -> dict[str, float | int]:
    """``overrides`` if each is a generation setting within its range; else
    :class:`CompareError` naming the first one that is not (NaN included)."""
    for name, value in overrides.items():
        limit = LIMITS.get(name)
        if limit is None:
            raise CompareError(tr("{name} is not a generation setting", name=name))
        low_ok = value > limit.low if limit.low_open else value >= limit.low
        if not (low_ok and value <= limit.high):  # (False for NaN too)
            raise CompareError(tr("{name} must be between {low} and {high}; {value} given.",
                                  name=name.replace("_", " "), low=limit.low,
                                  high=limit.high, value=value))
    return overrides


@dataclass
class CompareRequest:
    """What is asked: the prompt, an optional system prompt and preset, and values that
    override the reply's generation settings (``{"temperature": 0, "max_tokens": 64}``)."""

    prompt: str
    system_prompt: str | None = None
    preset: Preset | None = None
    overrides: dict[str, float | int] = field(default_factory=dict)
    blind: bool = False


@dataclass
class Listener:
    """Told as the comparison goes: a model starts, a piece of its text, it is done.
    Called on the thread that runs the model."""

    on_start: Callable[[int], None] | None = None
    on_text: Callable[[int, str], None] | None = None
    on_done: Callable[[int, Answer], None] | None = None


@dataclass
class _Run:
    """One model's outcome, as measured where it ran."""

    result: GenerationResult
    generation_seconds: float
    load_seconds: float | None = None
    setup_seconds: float | None = None
    peak_memory: int | None = None


class CompareRunner:
    """Runs comparisons on ``models`` (the model thread) with the user's ``settings``.

    ``secrets`` holds the providers' keys (needed only for remote models); ``lookup``
    renders errors in the user's language (English without one).
    """

    def __init__(self, settings: Settings, models: ModelRunner,
                 secrets: SecretStore | None = None, lookup: Lookup | None = None) -> None:
        self.settings = settings
        self.models = models
        self.secrets = secrets
        self.lookup = lookup

    def reply_settings(self, contender: Contender, request: CompareRequest,
                       ) -> tuple[GenerationSettings, str]:
        """The generation settings and system prompt ``contender`` answers with."""
        generation, system = reply_settings(self.settings, contender.model_id, request.preset)
        if request.overrides:
            generation = GenerationSettings.model_validate(
                {**generation.model_dump(), **check_overrides(request.overrides)})
        return generation, request.system_prompt if request.system_prompt is not None \
            else system

    def run(self, contenders: Sequence[Contender], request: CompareRequest,
            listener: Listener | None = None, stop: threading.Event | None = None,
            ) -> Comparison:
        """Ask each model in turn; the comparison (never raises for one model's failure)."""
        listener = listener or Listener()
        stop = stop or threading.Event()
        comparison = Comparison(
            prompt=request.prompt, answers=[], system_prompt=request.system_prompt,
            preset=request.preset.name if request.preset is not None else None,
            blind=request.blind)
        for index, contender in enumerate(contenders):
            answer = self._answer(index, contender, request, listener, stop)
            comparison.answers.append(answer)
            if listener.on_done is not None:
                listener.on_done(index, answer)
        return comparison

    def _answer(self, index: int, contender: Contender, request: CompareRequest,
                listener: Listener, stop: threading.Event) -> Answer:
        generation, system_prompt = self.reply_settings(contender, request)
        answer = Answer(contender.model_id, contender.name, remote=contender.remote is not None,
                        settings={**generation.model_dump(), "system_prompt": system_prompt,
                                  "preset": request.preset.name if request.preset else None})
        if stop.is_set():
            answer.error = self._say(tr("Not asked: the comparison was stopped."))
            return answer
        if listener.on_start is not None:
            listener.on_start(index)
        messages = ([{"role": "system", "content": system_prompt}] if system_prompt else [])
        messages.append({"role": "user", "content": request.prompt})
        pieces: list[str] = []

        def on_text(piece: str) -> None:
            pieces.append(piece)
            if listener.on_text is not None:
                listener.on_text(index, piece)

        try:
            if contender.local is not None:
                local = contender.local
                run = self._wait(self.models.submit(
                    lambda slot: self._run_local(slot, local, generation, messages, on_text,
                                                 stop)), stop)
            else:
                run = self._run_remote(contender, generation, messages, on_text, stop)
        except UserError as exc:  # a model that cannot load, a server that fails
            answer.text = "".join(pieces)
            answer.error = self._say(message_of(exc))
            return answer
        result = run.result
        answer.text = result.text
        answer.metrics = Metrics(
            load_seconds=run.load_seconds, setup_seconds=run.setup_seconds,
            time_to_first_token=result.time_to_first_token,
            tokens_per_second=result.tokens_per_second, tokens=result.completion_tokens,
            prompt_tokens=result.prompt_tokens, generation_seconds=run.generation_seconds,
            peak_memory_bytes=run.peak_memory, finish_reason=result.finish_reason,
            n_ctx=result.n_ctx)
        return answer

    def _say(self, text: Text) -> str:
        return text.render(self.lookup) if self.lookup is not None else str(text)

    @staticmethod
    def _wait(future: Future[T], stop: threading.Event) -> T:
        """The job's outcome; Ctrl+C meanwhile stops it (and the rest) instead."""
        while True:
            try:
                return future.result(timeout=0.2)
            except TimeoutError:
                continue
            except KeyboardInterrupt:
                stop.set()

    def _run_local(self, slot: ModelSlot, model: InstalledModel, generation: GenerationSettings,
                   messages: list[dict[str, str]], on_text: Callable[[str], None],
                   stop: threading.Event) -> _Run:
        """On the model thread: empty the slot, load ``model``, answer; all measured."""
        request = LoadRequest.for_model(self.settings, model)
        slot.unload()  # one model in memory at a time, each measured from nothing
        memory = PeakMemory()
        memory.start()
        try:
            began = time.perf_counter()
            load_seconds = slot.ensure(request, cancel=stop)
            setup_seconds = time.perf_counter() - began
            started = time.perf_counter()
            result = slot.engine.generate(messages, generation, on_text, stop)
            generation_seconds = time.perf_counter() - started
        finally:
            used = memory.stop()
        return _Run(result, generation_seconds, load_seconds, setup_seconds, used)

    def _run_remote(self, contender: Contender, generation: GenerationSettings,
                    messages: list[dict[str, str]], on_text: Callable[[str], None],
                    stop: threading.Event) -> _Run:
        """A provider's model, asked on a worker thread (so Ctrl+C can stop it)."""
        assert contender.remote is not None
        if self.secrets is None:
            raise CompareError(tr("Remote models cannot be compared here."))
        engine = open_engine(contender.remote, self.secrets)

        def ask() -> _Run:
            started = time.perf_counter()
            result = engine.generate(messages, generation, on_text, stop)
            return _Run(result, time.perf_counter() - started)

        with ThreadPoolExecutor(1, thread_name_prefix="fireside-compare") as pool:
            try:
                return self._wait(pool.submit(ask), stop)
            finally:
                engine.unload()
