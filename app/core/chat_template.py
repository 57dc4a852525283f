"""Chat templates: checked before use and rendered with bounds.

Everything here runs in the one bounded Jinja environment of
:mod:`app.core.template_sandbox`, so a template is judged exactly as chats render
it: :func:`render_sample` (Settings → Model's check and preview, catalog
overrides, the probe of a new model file) renders it on a sample conversation,
:func:`compile_problem` says why one does not compile, and :class:`ChatRenderer`
is what the engine formats each prompt with.  A broken template is refused with
the reason and never reaches a chat; one that runs away is stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.core.template_sandbox import (
    RenderLimits,
    TemplateBudgetError,
    TemplateRefusal,
    compile_template,
    describe_failure,
    render,
)
from app.core.texts import Text, UserError, tr

log = logging.getLogger(__name__)

SAMPLE_CONVERSATION = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "What is the capital of France?"},
    {"role": "assistant", "content": "Paris."},
    {"role": "user", "content": "And of Italy?"},
]
# Used when a GGUF carries no usable chat template of its own (the user is warned).
FALLBACK_CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
SAMPLE_SECONDS = 1.0  # checking and previewing: the sample is tiny, real templates take ms


class TemplateError(UserError, ValueError):
    """The template cannot be used; :attr:`text` says why (and where, when Jinja knows).

    ``kind`` is ``"refused"`` (the template called ``raise_exception`` on this
    conversation), ``"runaway"`` (it went past a bound of its render) or ``"error"``.
    """

    def __init__(self, text: Text, kind: str = "error") -> None:
        super().__init__(text)
        self.kind = kind


@dataclass(frozen=True)
class RenderedPrompt:
    """A rendered prompt (the shape llama-cpp-python's formatters return)."""

    prompt: str


class ChatRenderer:
    """One compiled template and the model's special tokens; renders conversations.

    Raises :class:`TemplateError` from the constructor if the template does not
    compile, and from :meth:`__call__` if the render fails or exceeds its bounds.
    """

    def __init__(self, template: str, bos_token: str = "", eos_token: str = "") -> None:
        self.template = template
        self.bos_token = bos_token
        self.eos_token = eos_token
        try:
            self._compiled = compile_template(template)
        except Exception as exc:  # a syntax error, or a template too big to compile safely
            raise TemplateError(describe_failure(exc)) from None

    def render(self, messages: Sequence[dict[str, str]], add_generation_prompt: bool = True,
               seconds: float | None = None) -> str:
        """The prompt for ``messages``, bounded in steps, time and size."""
        chars = sum(len(str(m.get("content") or "")) for m in messages)
        limits = RenderLimits.for_input(chars) if seconds is None else \
            RenderLimits.for_input(chars, seconds)
        try:
            return render(self._compiled, limits, messages=list(messages),
                          bos_token=self.bos_token, eos_token=self.eos_token,
                          add_generation_prompt=add_generation_prompt, functions=None,
                          function_call=None, tools=None, tool_choice=None)
        except TemplateBudgetError as exc:
            raise TemplateError(exc.text, "runaway") from None
        except TemplateRefusal as exc:
            raise TemplateError(Text.plain(str(exc)), "refused") from None
        except Exception as exc:  # anything a template can do wrong while rendering
            raise TemplateError(describe_failure(exc)) from None

    def __call__(self, *, messages: Sequence[dict[str, str]]) -> RenderedPrompt:
        return RenderedPrompt(self.render(messages))


def render_sample(template: str, bos_token: str = "<s>", eos_token: str = "</s>",
                  messages: list[dict[str, str]] | None = None) -> str:
    """``template`` rendered on a sample conversation, with the generation prompt.

    A template that refuses the sample's system message (Gemma's do, and chats
    without a system prompt suit them) is rendered on the sample without it.
    """
    if not template.strip():
        raise TemplateError(tr("the template is empty"))
    renderer = ChatRenderer(template, bos_token, eos_token)
    sample = messages or SAMPLE_CONVERSATION
    try:
        text = renderer.render(sample, seconds=SAMPLE_SECONDS)
    except TemplateError as exc:
        if exc.kind != "refused":
            raise
        try:
            if messages is not None or sample[0]["role"] != "system":
                raise exc
            text = renderer.render(sample[1:], seconds=SAMPLE_SECONDS)
        except TemplateError:
            raise TemplateError(tr("the template refused the sample conversation: {reason}",
                                   reason=exc.text), "refused") from None
    if "Paris." not in text or "And of Italy?" not in text:
        raise TemplateError(tr("the rendered prompt leaves out messages of the conversation"))
    return text


def compile_problem(template: str) -> Text | None:
    """Why ``template`` does not compile in the bounded environment (with its line), or None.

    Only compiling is checked: a template may rightly refuse a conversation shape
    (Gemma's refuse a system message), which is found when a chat is rendered.
    """
    try:
        compile_template(template)
    except Exception as exc:  # a syntax error, or too large or deep to compile safely
        return describe_failure(exc)
    return None


def runaway_problem(template: str, bos_token: str = "", eos_token: str = "") -> Text | None:
    """Why ``template`` cannot be rendered safely, or None: it runs past its bounds on a
    plain conversation (with a system message, and without one for the templates that
    refuse it).  Other refusals and errors are not counted: they may be about this
    sample only, and a chat they really concern says so when it is rendered."""
    for messages in (SAMPLE_CONVERSATION, SAMPLE_CONVERSATION[1:]):
        try:
            ChatRenderer(template, bos_token, eos_token).render(messages,
                                                                seconds=SAMPLE_SECONDS)
            return None
        except TemplateError as exc:
            if exc.kind == "runaway":
                return exc.text
            if exc.kind != "refused":
                return None
    return None


def template_problem(template: str, bos: str, eos: str) -> Text | None:
    """Why ``template`` cannot be used: it does not compile, or it runs past its bounds on
    a plain conversation (both in the bounded environment); None if it can."""
    return compile_problem(template) or runaway_problem(template, bos, eos)


def choose_template(file: str, own: str | None, override: str | None, bos: str = "",
                     eos: str = "") -> tuple[str, Text | None]:
    """The template to use and why the file's own is not usable (None if it is).

    ``override`` (the user's fix in Settings → Model, or the catalog's) wins when it
    can be used; then the file's own; else ChatML, with the reason the own one failed.
    """
    if override:
        if template_problem(override, bos, eos) is None:
            return override, None
        log.warning("the chat template set for %s cannot be used; using the file's own", file)
    if not own:
        log.warning("%s has no chat template; using ChatML", file)
        return FALLBACK_CHATML_TEMPLATE, None
    problem = template_problem(own, bos, eos)
    if problem is not None:
        log.warning("%s's own chat template cannot be used (%s); using ChatML", file, problem)
        return FALLBACK_CHATML_TEMPLATE, problem
    return own, None


def broken_template_warning(model: str, problem: Text) -> Text:
    """The warning for a model whose own template is broken: its weights are fine."""
    return tr("The chat template inside {model} is broken ({problem}). The model itself is "
              "fine: Fireside uses the ChatML format for it, which may not suit it. A fixed "
              "template can be set in Settings → Model.", model=model, problem=problem)


@contextmanager
def llama_cpp_tolerates_broken_templates() -> Iterator[None]:
    """While a model loads, keep llama-cpp-python from refusing it for its chat template.

    ``llama_cpp.Llama`` compiles every chat template in the file while loading (in
    its own, unbounded environment) and raises if one does not compile, although
    the weights are fine.  Fireside renders prompts with its own bounded renderer
    (:class:`ChatRenderer`), so during the load every template is swapped for a
    trivial one in the handlers llama-cpp-python keeps (which Fireside never calls):
    a hostile template is never even compiled there.  Use it only on the thread that
    owns the model; the original formatter is back afterwards.
    """
    from llama_cpp import llama_chat_format

    original = llama_chat_format.Jinja2ChatFormatter

    class _Inert(original):  # type: ignore[misc, valid-type]
        def __init__(self, template: str, *args: Any, **kwargs: Any) -> None:
            super().__init__("{% for m in messages %}{{ m.content }}{% endfor %}", *args,
                             **kwargs)

    llama_chat_format.Jinja2ChatFormatter = _Inert  # type: ignore[misc]
    try:
        yield
    finally:
        llama_chat_format.Jinja2ChatFormatter = original  # type: ignore[misc]

