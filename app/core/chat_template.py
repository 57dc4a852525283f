"""Chat templates checked before use: a template is rendered on a sample conversation in
Jinja's sandbox (as llama-cpp-python renders it), so a broken one is refused with the
reason and never reaches a chat."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from app.core.texts import Text, UserError, tr

SAMPLE_CONVERSATION = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "What is the capital of France?"},
    {"role": "assistant", "content": "Paris."},
    {"role": "user", "content": "And of Italy?"},
]


class TemplateError(UserError, ValueError):
    """The template cannot be used; :attr:`text` says why (and where, when Jinja knows)."""


def render_sample(template: str, bos_token: str = "<s>", eos_token: str = "</s>",
                  messages: list[dict[str, str]] | None = None) -> str:
    """``template`` rendered on a sample conversation, with the generation prompt."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    if not template.strip():
        raise TemplateError(tr("the template is empty"))

    def raise_exception(message: str) -> Any:
        raise TemplateError(tr("the template refused the sample conversation: {reason}",
                               reason=message))

    environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    try:
        compiled = environment.from_string(template)
        text = compiled.render(messages=messages or SAMPLE_CONVERSATION,
                               bos_token=bos_token, eos_token=eos_token,
                               add_generation_prompt=True, raise_exception=raise_exception)
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(tr("line {line}: {reason}", line=exc.lineno,
                               reason=exc.message or "")) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(Text.plain(str(exc) or type(exc).__name__)) from None
    except Exception as exc:  # anything a template can do wrong while rendering
        raise TemplateError(Text.plain(f"{type(exc).__name__}: {exc}")) from None
    if "Paris." not in text or "And of Italy?" not in text:
        raise TemplateError(tr("the rendered prompt leaves out messages of the conversation"))
    return text


def compile_problem(template: str) -> Text | None:
    """Why ``template`` does not compile in Jinja's sandbox (with its line), or None.

    Only compiling is checked: a template may rightly refuse a conversation shape
    (Gemma's refuse a system message), which is found when a chat is rendered.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    try:
        environment.from_string(template)
    except jinja2.TemplateSyntaxError as exc:
        return tr("line {line}: {reason}", line=exc.lineno, reason=exc.message or "")
    except Exception as exc:  # anything else Jinja may raise while compiling
        return Text.plain(f"{type(exc).__name__}: {exc}")
    return None


def broken_template_warning(model: str, problem: Text) -> Text:
    """The warning for a model whose own template is broken: its weights are fine."""
    return tr("The chat template inside {model} is broken ({problem}). The model itself is "
              "fine: Fireside uses the ChatML format for it, which may not suit it. A fixed "
              "template can be set in Settings → Model.", model=model, problem=problem)


@contextmanager
def llama_cpp_tolerates_broken_templates() -> Iterator[None]:
    """While a model loads, keep llama-cpp-python from refusing it for its chat template.

    ``llama_cpp.Llama`` compiles every chat template in the file while loading and
    raises if one does not compile, although the weights are fine.  Fireside renders
    prompts with its own formatter (see :class:`app.core.engine.Engine`), so during
    the load a template that does not compile is swapped for a trivial one in the
    handlers llama-cpp-python keeps (which Fireside never calls).  Use it only on the
    thread that owns the model; the original formatter is back afterwards.
    """
    from llama_cpp import llama_chat_format

    original = llama_chat_format.Jinja2ChatFormatter

    class _Tolerant(original):  # type: ignore[misc, valid-type]
        def __init__(self, template: str, *args: Any, **kwargs: Any) -> None:
            if compile_problem(template) is not None:
                template = "{% for m in messages %}{{ m.content }}{% endfor %}"
            super().__init__(template, *args, **kwargs)

    llama_chat_format.Jinja2ChatFormatter = _Tolerant  # type: ignore[misc]
    try:
        yield
    finally:
        llama_chat_format.Jinja2ChatFormatter = original  # type: ignore[misc]
