"""Model files of real architectures' shapes, for measuring decode speed.

Decode speed depends on the shapes and the quantization of a model's tensors,
not on the values in them, so a file with the shapes of Qwen2.5-1.5B (its
vocabulary size, width, layers, grouped-query heads) quantized to Q4_K_M by
llama.cpp itself runs at the speed the real file would.  Hugging Face is not
reachable from this machine; these stand in for the community files.

The weights are a small random block repeated (cheap to write), stored as F16,
then quantized with ``llama_cpp.llama_model_quantize``, the same code path
llama.cpp's ``llama-quantize`` tool uses.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import gguf
import numpy as np

FTYPES = {"Q4_0": 2, "Q8_0": 7, "Q4_K_M": 15, "Q5_K_M": 17, "Q6_K": 18}


@dataclass(frozen=True)
class Shape:
    """The dimensions that set a llama-style model's decode cost."""

    name: str
    n_vocab: int
    n_embd: int
    n_layer: int
    n_head: int
    n_head_kv: int
    n_ff: int


SHAPES = {
    "qwen2.5-0.5b": Shape("qwen2.5-0.5b", 151_936, 896, 24, 14, 2, 4864),
    "llama3.2-1b": Shape("llama3.2-1b", 128_256, 2048, 16, 32, 8, 8192),
    "qwen2.5-1.5b": Shape("qwen2.5-1.5b", 151_936, 1536, 28, 12, 2, 8960),
    "qwen2.5-3b": Shape("qwen2.5-3b", 151_936, 2048, 36, 16, 2, 11008),
    "llama3.1-8b": Shape("llama3.1-8b", 128_256, 4096, 32, 32, 8, 14336),
}


def _block(rows: int, cols: int, rng: np.random.Generator) -> np.ndarray:
    base = (rng.standard_normal(1 << 16).astype(np.float32) * 0.05).astype(np.float16)
    return np.resize(base, (rows, cols))


def write_f16(shape: Shape, path: Path, seed: int = 0) -> Path:
    """An F16 llama-architecture GGUF with ``shape``'s dimensions."""
    rng = np.random.default_rng(seed)
    writer = gguf.GGUFWriter(str(path), "llama")
    head_dim = shape.n_embd // shape.n_head
    writer.add_name(shape.name)
    writer.add_context_length(4096)
    writer.add_embedding_length(shape.n_embd)
    writer.add_block_count(shape.n_layer)
    writer.add_feed_forward_length(shape.n_ff)
    writer.add_head_count(shape.n_head)
    writer.add_head_count_kv(shape.n_head_kv)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_rope_dimension_count(head_dim)
    writer.add_file_type(1)
    writer.add_tokenizer_model("llama")
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    tokens += [f"\u2581t{i}" for i in range(shape.n_vocab - len(tokens))]
    writer.add_token_list(tokens)
    writer.add_token_scores([0.0] * len(tokens))
    writer.add_token_types([2, 3, 3] + [6] * 256 + [1] * (len(tokens) - 259))
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    ones = np.ones(shape.n_embd, dtype=np.float32)
    kv_width = shape.n_head_kv * head_dim
    writer.add_tensor("token_embd.weight", _block(shape.n_vocab, shape.n_embd, rng))
    writer.add_tensor("output_norm.weight", ones)
    writer.add_tensor("output.weight", _block(shape.n_vocab, shape.n_embd, rng))
    for i in range(shape.n_layer):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", ones)
        writer.add_tensor(f"blk.{i}.attn_q.weight", _block(shape.n_embd, shape.n_embd, rng))
        writer.add_tensor(f"blk.{i}.attn_k.weight", _block(kv_width, shape.n_embd, rng))
        writer.add_tensor(f"blk.{i}.attn_v.weight", _block(kv_width, shape.n_embd, rng))
        writer.add_tensor(f"blk.{i}.attn_output.weight",
                          _block(shape.n_embd, shape.n_embd, rng))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", ones)
        writer.add_tensor(f"blk.{i}.ffn_gate.weight", _block(shape.n_ff, shape.n_embd, rng))
        writer.add_tensor(f"blk.{i}.ffn_up.weight", _block(shape.n_ff, shape.n_embd, rng))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", _block(shape.n_embd, shape.n_ff, rng))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def quantize(source: Path, target: Path, quant: str, threads: int = 2) -> Path:
    """``source`` quantized to ``quant`` by llama.cpp (as ``llama-quantize`` does)."""
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = FTYPES[quant]
    params.nthread = threads
    status = llama_cpp.llama_model_quantize(str(source).encode(), str(target).encode(),
                                            ctypes.byref(params))
    if status != 0:
        raise RuntimeError(f"llama_model_quantize failed ({status})")
    return target


def model_file(shape_name: str, quant: str, folder: Path) -> Path:
    """The quantized file for ``shape_name`` in ``folder``, made if it is not there."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{shape_name}-{quant}.gguf"
    if not target.exists():
        f16 = folder / f"{shape_name}-F16.gguf"
        if not f16.exists():
            write_f16(SHAPES[shape_name], f16.with_suffix(".part"))
            f16.with_suffix(".part").rename(f16)
        quantize(f16, target.with_suffix(".part"), quant)
        target.with_suffix(".part").rename(target)
        f16.unlink()
    return target
