"""GGUF files written byte by byte, so tests can make them lie.

:func:`tiny_parts` gives the metadata and tensors of the same tiny llama model
as :mod:`gguf_factory`; :func:`serialize` writes them in GGUF v3 with hooks to
lie about counts, string lengths, tensor shapes, offsets and value types, and
to duplicate keys and tensors.  The hostile files of the probe's tests are made
from these.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from gguf_factory import CHATML_TEMPLATE, _vocab

U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)
_FORMATS = {U8: "<B", I8: "<b", U16: "<H", I16: "<h", U32: "<I", I32: "<i", F32: "<f",
            BOOL: "<?", U64: "<Q", I64: "<q", F64: "<d"}
ALIGN = 32


@dataclass
class KV:
    key: str
    vtype: int
    value: object
    item_type: int = 0  # for arrays


@dataclass
class Tensor:
    name: str
    data: np.ndarray
    shape: tuple[int, ...] | None = None  # written instead of the data's (a lie)
    offset: int | None = None  # written instead of the real one (a lie)
    ggml_type: int = 0  # F32


@dataclass
class Parts:
    kvs: list[KV] = field(default_factory=list)
    tensors: list[Tensor] = field(default_factory=list)

    def set(self, key: str, vtype: int, value: object) -> Parts:
        for kv in self.kvs:
            if kv.key == key:
                kv.vtype, kv.value = vtype, value
                return self
        self.kvs.append(KV(key, vtype, value))
        return self

    def drop(self, key: str) -> Parts:
        self.kvs = [kv for kv in self.kvs if kv.key != key]
        return self


def tiny_parts(chat_template: str | None = CHATML_TEMPLATE, arch: str = "llama",
               n_embd: int = 64, n_layer: int = 2, seed: int = 0) -> Parts:
    """The tiny random llama of gguf_factory, as editable parts."""
    rng = np.random.default_rng(seed)
    n_head, n_ff = 4, 128
    tokens, scores, types = _vocab()
    n_vocab = len(tokens)
    parts = Parts()
    add = parts.kvs.append
    add(KV("general.architecture", STRING, arch))
    add(KV("general.name", STRING, "hostile-test"))
    add(KV(f"{arch}.context_length", U32, 512))
    add(KV(f"{arch}.embedding_length", U32, n_embd))
    add(KV(f"{arch}.block_count", U32, n_layer))
    add(KV(f"{arch}.feed_forward_length", U32, n_ff))
    add(KV(f"{arch}.attention.head_count", U32, n_head))
    add(KV(f"{arch}.attention.head_count_kv", U32, n_head))
    add(KV(f"{arch}.attention.layer_norm_rms_epsilon", F32, 1e-5))
    add(KV(f"{arch}.rope.dimension_count", U32, n_embd // n_head))
    add(KV("general.file_type", U32, 0))
    add(KV("tokenizer.ggml.model", STRING, "llama"))
    add(KV("tokenizer.ggml.tokens", ARRAY, tokens, STRING))
    add(KV("tokenizer.ggml.scores", ARRAY, scores, F32))
    add(KV("tokenizer.ggml.token_type", ARRAY, types, I32))
    add(KV("tokenizer.ggml.unknown_token_id", U32, 0))
    add(KV("tokenizer.ggml.bos_token_id", U32, 1))
    add(KV("tokenizer.ggml.eos_token_id", U32, 4))
    add(KV("tokenizer.ggml.add_bos_token", BOOL, False))
    if chat_template is not None:
        add(KV("tokenizer.chat_template", STRING, chat_template))

    def weights(name: str, *shape: int) -> None:
        parts.tensors.append(Tensor(name, (rng.standard_normal(shape) * 0.2)
                                    .astype(np.float32)))

    def ones(name: str, n: int) -> None:
        parts.tensors.append(Tensor(name, np.ones(n, dtype=np.float32)))

    weights("token_embd.weight", n_vocab, n_embd)
    ones("output_norm.weight", n_embd)
    weights("output.weight", n_vocab, n_embd)
    for i in range(n_layer):
        ones(f"blk.{i}.attn_norm.weight", n_embd)
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            weights(f"blk.{i}.{name}.weight", n_embd, n_embd)
        ones(f"blk.{i}.ffn_norm.weight", n_embd)
        weights(f"blk.{i}.ffn_gate.weight", n_ff, n_embd)
        weights(f"blk.{i}.ffn_up.weight", n_ff, n_embd)
        weights(f"blk.{i}.ffn_down.weight", n_embd, n_ff)
    return parts


def _string(text: str, length: int | None = None) -> bytes:
    raw = text.encode("utf-8")
    return struct.pack("<Q", len(raw) if length is None else length) + raw


def _value(vtype: int, value: object, item_type: int = 0) -> bytes:
    if vtype == STRING:
        return _string(str(value))
    if vtype == ARRAY:
        items = list(value)  # type: ignore[call-overload]
        body = b"".join(_value(item_type, item) for item in items)
        return struct.pack("<IQ", item_type, len(items)) + body
    if vtype in _FORMATS:
        return struct.pack(_FORMATS[vtype], value)
    return b""  # an unknown type: no value bytes at all


def serialize(parts: Parts, path: Path, *, tensor_count: int | None = None,
              kv_count: int | None = None, version: int = 3) -> Path:
    """Write ``parts`` as GGUF; ``tensor_count``/``kv_count`` replace the true counts."""
    out = bytearray(b"GGUF")
    out += struct.pack("<IQQ", version,
                       len(parts.tensors) if tensor_count is None else tensor_count,
                       len(parts.kvs) if kv_count is None else kv_count)
    for kv in parts.kvs:
        out += _string(kv.key) + struct.pack("<I", kv.vtype) + _value(kv.vtype, kv.value,
                                                                       kv.item_type)
    offset = 0
    blobs = []
    for tensor in parts.tensors:
        shape = tensor.shape if tensor.shape is not None else tuple(reversed(tensor.data.shape))
        out += _string(tensor.name) + struct.pack("<I", len(shape))
        out += b"".join(struct.pack("<Q", n) for n in shape)
        out += struct.pack("<IQ", tensor.ggml_type,
                           offset if tensor.offset is None else tensor.offset)
        blob = tensor.data.tobytes()
        blob += b"\0" * (-len(blob) % ALIGN)
        blobs.append(blob)
        offset += len(blob)
    out += b"\0" * (-len(out) % ALIGN)
    for blob in blobs:
        out += blob
    path.write_bytes(bytes(out))
    return path
