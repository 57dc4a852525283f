"""Chat templates checked before use: a template is rendered on a sample conversation in
Jinja's sandbox (as llama-cpp-python renders it), so a broken one is refused with the
reason and never reaches a chat."""

from __future__ import annotations

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
