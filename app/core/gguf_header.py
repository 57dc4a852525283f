"""Read a GGUF file's header without loading the model.

Used to refuse files that are not GGUF (or are truncated) with a clear
message before llama.cpp ever sees them, and to learn the architecture,
training context length and whether a chat template is present.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.core.texts import Text, UserError, tr

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)

# GGUF metadata value types -> struct format (scalars only).
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_WANTED_SUFFIXES = (".context_length", ".block_count", ".embedding_length",
                    ".attention.head_count", ".attention.head_count_kv",
                    ".attention.key_length", ".attention.value_length")
_WANTED_KEYS = ("general.architecture", "general.name", "tokenizer.chat_template")


class GGUFError(UserError, ValueError):
    """The file is not a usable GGUF model; :attr:`text` is a message for the user."""


@dataclass(frozen=True)
class GGUFHeader:
    """What Fireside needs to know about a model file before loading it."""

    version: int
    tensor_count: int
    architecture: str | None
    name: str | None
    context_length: int | None
    chat_template: str | None
    kv_bytes_per_token: int | None = None  # f16 keys and values, all layers
    block_count: int | None = None  # the model's layers (what GPU offload counts)

    @property
    def summary(self) -> Text:
        """One line for the user: architecture, context, template."""
        architecture: Text | str = self.architecture or tr("unknown architecture")
        template = (tr("has a chat template") if self.chat_template else
                    tr("no chat template (ChatML will be used)"))
        if self.context_length:
            return tr("{architecture}, trained on {tokens:,} tokens of context, {template}",
                      architecture=architecture, tokens=self.context_length, template=template)
        return tr("{architecture}, {template}", architecture=architecture, template=template)


class _Reader:
    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh

    def take(self, n: int) -> bytes:
        data = self.fh.read(n)
        if len(data) != n:
            raise GGUFError(tr("the model file is truncated or damaged (its header ends early)"))
        return data

    def scalar(self, fmt: str) -> object:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        length = int(self.scalar("<Q"))  # type: ignore[call-overload]
        if length > 1 << 28:
            raise GGUFError(tr("the model file's header is damaged (an impossible string "
                               "length)"))
        return self.take(length).decode("utf-8", errors="replace")

    def value(self, vtype: int, keep: bool) -> object:
        if vtype in _SCALARS:
            return self.scalar(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            item_type = int(self.scalar("<I"))  # type: ignore[call-overload]
            count = int(self.scalar("<Q"))  # type: ignore[call-overload]
            if item_type in _SCALARS:
                self.take(struct.calcsize(_SCALARS[item_type]) * count)
            else:
                for _ in range(count):
                    self.value(item_type, keep=False)
            return None
        raise GGUFError(tr("the model file's header is damaged (unknown value type {type})",
                           type=vtype))


def read_gguf_header(path: Path) -> GGUFHeader:
    """Parse the header and metadata of ``path``; raise :class:`GGUFError` if unusable."""
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise GGUFError(tr("the model file does not exist: {path}", path=str(path))) from None
    except OSError as exc:
        raise GGUFError(tr("the model file cannot be read: {path} ({error})", path=str(path),
                           error=exc.strerror)) from None
    with fh:
        reader = _Reader(fh)
        magic = fh.read(4)
        if magic != GGUF_MAGIC:
            raise GGUFError(tr("{file} is not a GGUF model file", file=path.name))
        version = int(reader.scalar("<I"))  # type: ignore[call-overload]
        if version not in SUPPORTED_VERSIONS:
            raise GGUFError(tr("{file} uses GGUF version {version}, which is not supported",
                               file=path.name, version=version))
        tensor_count = int(reader.scalar("<Q"))  # type: ignore[call-overload]
        kv_count = int(reader.scalar("<Q"))  # type: ignore[call-overload]
        found: dict[str, object] = {}
        for _ in range(kv_count):
            key = reader.string()
            vtype = int(reader.scalar("<I"))  # type: ignore[call-overload]
            value = reader.value(vtype, keep=True)
            if key in _WANTED_KEYS or key.endswith(_WANTED_SUFFIXES):
                found[key] = value
    arch = found.get("general.architecture")
    arch_s = arch if isinstance(arch, str) else None
    ctx = found.get(f"{arch_s}.context_length") if arch_s else None
    name = found.get("general.name")
    template = found.get("tokenizer.chat_template")
    kv = _kv_bytes_per_token(found, arch_s) if arch_s else None
    return GGUFHeader(
        version=version,
        tensor_count=tensor_count,
        architecture=arch_s,
        name=name if isinstance(name, str) else None,
        context_length=int(ctx) if isinstance(ctx, int) else None,
        chat_template=template if isinstance(template, str) else None,
        kv_bytes_per_token=kv,
        block_count=_first_int(found.get(f"{arch_s}.block_count")) if arch_s else None,
    )


def _first_int(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        return max(value)  # per-layer counts: take the largest (an upper bound)
    return None


def _kv_bytes_per_token(found: dict[str, object], arch: str) -> int | None:
    """Bytes the KV cache needs per token of context (f16), from the model's own metadata."""
    layers = _first_int(found.get(f"{arch}.block_count"))
    heads = _first_int(found.get(f"{arch}.attention.head_count"))
    kv_heads = _first_int(found.get(f"{arch}.attention.head_count_kv")) or heads
    embedding = _first_int(found.get(f"{arch}.embedding_length"))
    key = _first_int(found.get(f"{arch}.attention.key_length"))
    value = _first_int(found.get(f"{arch}.attention.value_length"))
    if not layers or not kv_heads:
        return None
    if key is None or value is None:
        if not embedding or not heads:
            return None
        key = key or embedding // heads
        value = value or embedding // heads
    return layers * kv_heads * (key + value) * 2
