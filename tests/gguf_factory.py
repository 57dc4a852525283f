"""Writes tiny llama-architecture GGUF models with random weights for fast tests.

A model is a few hundred KB, loads in milliseconds and produces (random)
tokens through the real llama.cpp, which is all the engine tests need.
"""

from __future__ import annotations

import string
from pathlib import Path

import gguf
import numpy as np

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

_NORMAL, _UNKNOWN, _CONTROL, _BYTE = 1, 2, 3, 6


def _vocab() -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
    types = [_UNKNOWN, _CONTROL, _CONTROL, _CONTROL, _CONTROL]
    for b in range(256):
        tokens.append(f"<0x{b:02X}>")
        types.append(_BYTE)
    pieces = ["▁", *list(string.ascii_letters + string.digits + string.punctuation)]
    pieces += ["\u2581" + w for w in ("the", "a", "is", "of", "and", "to", "in", "hello",
                                        "world", "you", "what", "user", "assistant", "system")]
    for piece in pieces:
        tokens.append(piece)
        types.append(_NORMAL)
    # Longer pieces score higher, so the tokenizer prefers whole words to bytes.
    scores = [0.0] * 5 + [-1000.0] * 256 + [float(len(p)) for p in pieces]
    return tokens, scores, types


def write_tiny_model(path: Path, *, context_length: int = 512, chat_template: str | None =
                     CHATML_TEMPLATE, seed: int = 0, n_embd: int = 64, n_layer: int = 2,
                     n_head: int = 4, n_ff: int = 128, f16: bool = False,
                     name: str = "tiny-test-llama") -> Path:
    """Write a random-weight llama GGUF to ``path`` and return it (F32, or F16 weights for
    a big one: the benchmarks make a ~1 GB file with wide layers)."""
    rng = np.random.default_rng(seed)
    dtype = np.float16 if f16 else np.float32
    tokens, scores, types = _vocab()
    n_vocab = len(tokens)
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_context_length(context_length)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_rope_dimension_count(n_embd // n_head)
    writer.add_file_type(1 if f16 else 0)  # mostly F16, or all F32
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(4)
    writer.add_add_bos_token(False)
    if chat_template is not None:
        writer.add_chat_template(chat_template)

    def tensor(name: str, *shape: int) -> None:
        writer.add_tensor(name, (rng.standard_normal(shape).astype(np.float32) * 0.2)
                          .astype(dtype))

    tensor("token_embd.weight", n_vocab, n_embd)
    writer.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    # Zero rows for the end tokens: their logit is 0 while the best random logit is
    # well above, so greedy decoding never ends by itself (tests control the length).
    output = (rng.standard_normal((n_vocab, n_embd)).astype(np.float32) * 0.2).astype(dtype)
    output[[2, 4]] = 0.0
    writer.add_tensor("output.weight", output)
    for i in range(n_layer):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        tensor(f"blk.{i}.attn_q.weight", n_embd, n_embd)
        tensor(f"blk.{i}.attn_k.weight", n_embd, n_embd)
        tensor(f"blk.{i}.attn_v.weight", n_embd, n_embd)
        tensor(f"blk.{i}.attn_output.weight", n_embd, n_embd)
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        tensor(f"blk.{i}.ffn_gate.weight", n_ff, n_embd)
        tensor(f"blk.{i}.ffn_up.weight", n_ff, n_embd)
        tensor(f"blk.{i}.ffn_down.weight", n_embd, n_ff)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
