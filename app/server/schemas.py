"""The OpenAI API's request bodies as pydantic models, strictly validated.

Unknown fields are refused, as the OpenAI API refuses them ("Unrecognized request
argument"); fields of the API that Fireside does not act on are either accepted and
ignored (``user``, ``metadata``, penalties…) or refused with a reason when ignoring them
would give the client something else than it asked for (``n`` > 1, tools, JSON mode,
log probabilities, images).  Numbers are checked against the same limits as the settings
(:data:`app.core.generation.LIMITS`); a value past them is an error, never clamped
silently.  A message without content is refused unless it is the assistant's (as the
OpenAI API does).  Lone UTF-16 surrogates (``"\\ud800"``) are refused by pydantic's JSON
parser as invalid JSON; text is mended of them all the same, so it can always be saved.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from app.core.api_service import shown
from app.core.generation import LIMITS

MAX_ID = 256
MAX_STOPS = 4
MAX_STOP_LENGTH = 256
MAX_MESSAGES = 10_000
INT64 = 2**63 - 1


def mend(text: str) -> str:
    """``text`` with lone surrogates replaced (they cannot be stored or tokenized)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TextPart(_Strict):
    type: Literal["text"]
    text: str


class OtherPart(BaseModel):
    """An image, audio or file part: refused with a reason (the models here read text)."""

    model_config = ConfigDict(extra="allow", strict=True)
    type: Literal["image_url", "input_audio", "file", "refusal"]


class ChatMessage(BaseModel):
    """One message of a conversation (``name`` and other extras are ignored)."""

    model_config = ConfigDict(extra="ignore", strict=True)

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    # Validated when absent too: only an assistant's message may go without (as OpenAI's).
    content: Annotated[str | list[TextPart | OtherPart] | None,
                       Field(validate_default=True)] = None
    name: str | None = None

    @field_validator("content")
    @classmethod
    def _content_needed(cls, value: str | list[TextPart | OtherPart] | None,
                        info: ValidationInfo) -> str | list[TextPart | OtherPart] | None:
        role = info.data.get("role")
        if value is None and role is not None and role != "assistant":
            raise PydanticCustomError("content_missing",
                                      "a {role} message needs content (a string or parts)",
                                      {"role": role})
        return value

    def text(self) -> str:
        """The message's text (parts joined)."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return mend(self.content)
        return mend("".join(p.text for p in self.content if isinstance(p, TextPart)))

    def unsupported_part(self) -> str | None:
        if isinstance(self.content, list):
            return next((p.type for p in self.content if isinstance(p, OtherPart)), None)
        return None


class StreamOptions(_Strict):
    include_usage: bool = False
    include_obfuscation: bool | None = None  # the client's padding option: nothing to pad


Temperature = Annotated[float, Field(ge=LIMITS["temperature"].low,
                                     le=LIMITS["temperature"].high)]
TopP = Annotated[float, Field(ge=0.0, le=LIMITS["top_p"].high)]
Penalty = Annotated[float, Field(ge=-2.0, le=2.0)]
MaxTokens = Annotated[int, Field(ge=1, le=2**31 - 1)]
ModelId = Annotated[str, Field(min_length=1, max_length=MAX_ID)]
StopText = Annotated[str, Field(min_length=1, max_length=MAX_STOP_LENGTH)]


class _Sampling(_Strict):
    """What chat completions and completions share."""

    model: ModelId
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    temperature: Temperature | None = None
    top_p: TopP | None = None
    max_tokens: MaxTokens | None = None
    stop: StopText | Annotated[list[StopText], Field(max_length=MAX_STOPS)] | None = None
    seed: Annotated[int, Field(ge=-INT64 - 1, le=INT64)] | None = None
    n: Annotated[int, Field(ge=1, le=128)] | None = None
    # llama.cpp's own sampling fields, as its server accepts them.
    top_k: Annotated[int, Field(ge=LIMITS["top_k"].low, le=LIMITS["top_k"].high)] | None = None
    min_p: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    repeat_penalty: Annotated[float, Field(ge=LIMITS["repeat_penalty"].low,
                                           le=LIMITS["repeat_penalty"].high)] | None = None
    # Accepted and ignored: they change nothing a client depends on.
    user: Annotated[str, Field(max_length=MAX_ID)] | None = None
    presence_penalty: Penalty | None = None
    frequency_penalty: Penalty | None = None
    logit_bias: dict[str, Annotated[float, Field(ge=-100, le=100)]] | None = None
    metadata: dict[str, str] | None = None
    store: bool | None = None
    service_tier: str | None = None
    prompt_cache_key: Annotated[str, Field(max_length=MAX_ID)] | None = None
    safety_identifier: Annotated[str, Field(max_length=MAX_ID)] | None = None

    @field_validator("model")
    @classmethod
    def _mend_model(cls, value: str) -> str:
        return mend(value)

    @field_validator("stop")
    @classmethod
    def _mend_stop(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list):
            return [mend(v) for v in value]
        return mend(value) if value is not None else None

    def stops(self) -> list[str]:
        if self.stop is None:
            return []
        return [self.stop] if isinstance(self.stop, str) else list(self.stop)

    def refusal(self) -> tuple[str, str] | None:
        """(field, why) for a value Fireside cannot honour, or None."""
        if self.n not in (None, 1):
            return "n", "Only n=1 is supported: one answer per request."
        if self.logit_bias:
            return "logit_bias", "logit_bias is not supported."
        return None

    def overrides(self) -> dict[str, float | int]:
        """The request's sampling values, as :class:`GenerationSettings` fields."""
        values: dict[str, float | int] = {}
        for name in ("temperature", "top_k", "min_p", "repeat_penalty"):
            value = getattr(self, name)
            if value is not None:
                values[name] = value
        if self.top_p is not None:  # 0 means "the likeliest token only"
            values["top_p"] = max(self.top_p, 1e-9)
        if self.seed is not None:
            values["seed"] = self.seed % 2**32  # llama.cpp's seeds are 32 bits
        tokens = self.limit()
        # Without a limit the answer may fill the model's context, as the OpenAI API's
        # (the engine stops there), not the window's default length.
        values["max_tokens"] = min(tokens if tokens is not None else 2**31,
                                   int(LIMITS["max_tokens"].high))
        return values

    def limit(self) -> int | None:
        return self.max_tokens

    @property
    def include_usage(self) -> bool:
        return bool(self.stream_options and self.stream_options.include_usage)


class ChatCompletionRequest(_Sampling):
    """``POST /v1/chat/completions``."""

    messages: Annotated[list[ChatMessage], Field(min_length=1, max_length=MAX_MESSAGES)]
    max_completion_tokens: MaxTokens | None = None
    logprobs: bool | None = None
    top_logprobs: Annotated[int, Field(ge=0, le=20)] | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    functions: list[dict[str, Any]] | None = None
    function_call: str | dict[str, Any] | None = None
    response_format: dict[str, Any] | None = None
    reasoning_effort: str | None = None
    modalities: list[str] | None = None
    prediction: dict[str, Any] | None = None
    verbosity: str | None = None
    audio: dict[str, Any] | None = None
    web_search_options: dict[str, Any] | None = None

    def limit(self) -> int | None:
        return self.max_completion_tokens or self.max_tokens

    def refusal(self) -> tuple[str, str] | None:
        base = super().refusal()
        if base is not None:
            return base
        if self.logprobs or self.top_logprobs:
            return "logprobs", "Log probabilities are not supported."
        if self.tools or self.functions:
            return "tools", "Tools and function calling are not supported by this server."
        kind = (self.response_format or {}).get("type", "text")
        if kind != "text":
            return ("response_format",
                    f"response_format '{shown(str(kind))}' is not supported; only text.")
        if self.audio is not None:
            return "audio", "Audio output is not supported; the models here write text."
        if self.web_search_options is not None:
            return "web_search_options", "Web search is not supported: nothing leaves here."
        if self.modalities and set(self.modalities) - {"text"}:
            return "modalities", "Only text output is supported."
        for index, message in enumerate(self.messages):
            part = message.unsupported_part()
            if part is not None:
                return (f"messages.{index}.content",
                        f"Content of type '{part}' is not supported; the models here read "
                        "text only.")
            if message.role in ("tool", "function"):
                return (f"messages.{index}.role",
                        "Tool and function messages are not supported by this server.")
        return None

    def chat_messages(self) -> list[dict[str, str]]:
        """The conversation as the engine takes it ("developer" is a system message)."""
        return [{"role": "system" if m.role == "developer" else m.role, "content": m.text()}
                for m in self.messages]


class CompletionRequest(_Sampling):
    """``POST /v1/completions`` (plain text continued; no chat template)."""

    prompt: str | Annotated[list[str], Field(min_length=1, max_length=1)]
    echo: bool | None = None
    suffix: str | None = None
    best_of: Annotated[int, Field(ge=1, le=1)] | None = None
    logprobs: Annotated[int, Field(ge=0, le=5)] | None = None

    def refusal(self) -> tuple[str, str] | None:
        base = super().refusal()
        if base is not None:
            return base
        if self.echo:
            return "echo", "echo is not supported."
        if self.suffix:
            return "suffix", "suffix (insertion) is not supported."
        if self.logprobs:
            return "logprobs", "Log probabilities are not supported."
        return None

    def text(self) -> str:
        return mend(self.prompt if isinstance(self.prompt, str) else self.prompt[0])

    def limit(self) -> int:
        return self.max_tokens or 16  # the OpenAI API's default for completions
