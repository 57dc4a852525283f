"""Writes tiny BERT-architecture embedding GGUFs for LocalDocs' vector-search tests.

The model is built so that its embeddings mean something checkable: attention and
feed-forward weights are zero, so each token's output is its own (normalised) embedding
row and the mean-pooled sentence vector is a bag of its words.  Texts that share words
are close; and words given the same row (``synonyms``) are the same to the model, so a
test can show vector search finding "automobile" for "car" where keyword search cannot.
It runs through the real llama.cpp BERT graph (``embedding=True``, mean pooling).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from pathlib import Path

import gguf
import numpy as np

_NORMAL, _CONTROL = 1, 3
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def write_bag_of_words_bert(path: Path, words: Iterable[str],
                            synonyms: Mapping[str, str] | None = None, *, n_embd: int = 128,
                            n_layer: int = 1, context_length: int = 2048,
                            seed: int = 0) -> Path:
    """Write the model to ``path``; ``synonyms`` maps a word to the word whose row it
    shares.  Words not listed are unknown ([UNK]) to it."""
    rng = np.random.default_rng(seed)
    vocab = list(SPECIAL)
    vocab += ["\u2581" + c for c in string.punctuation]
    listed = [w.lower() for w in dict.fromkeys([*words, *(synonyms or {}).keys(),
                                                *(synonyms or {}).values()])]
    vocab += ["\u2581" + w for w in listed if "\u2581" + w not in vocab]
    n_vocab = len(vocab)
    rows = rng.standard_normal((n_vocab, n_embd)).astype(np.float32)
    index = {token: i for i, token in enumerate(vocab)}
    for word, same_as in (synonyms or {}).items():
        rows[index["\u2581" + word.lower()]] = rows[index["\u2581" + same_as.lower()]]

    writer = gguf.GGUFWriter(str(path), "bert")
    writer.add_name("tiny-bag-of-words-bert")
    writer.add_context_length(context_length)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_embd * 2)
    writer.add_head_count(4)
    writer.add_layer_norm_eps(1e-12)
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.MEAN)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("bert")
    writer.add_token_list(vocab)
    writer.add_token_types([_CONTROL] * len(SPECIAL) + [_NORMAL] * (n_vocab - len(SPECIAL)))
    writer.add_token_type_count(2)
    writer.add_unk_token_id(index["[UNK]"])
    writer.add_pad_token_id(index["[PAD]"])
    writer.add_bos_token_id(index["[CLS]"])
    writer.add_sep_token_id(index["[SEP]"])
    writer.add_eos_token_id(index["[SEP]"])
    writer.add_mask_token_id(index["[MASK]"])

    zeros = np.zeros
    ones = np.ones
    writer.add_tensor("token_embd.weight", rows)
    writer.add_tensor("token_types.weight", zeros((2, n_embd), np.float32))
    writer.add_tensor("position_embd.weight", zeros((context_length, n_embd), np.float32))
    writer.add_tensor("token_embd_norm.weight", ones(n_embd, np.float32))
    writer.add_tensor("token_embd_norm.bias", zeros(n_embd, np.float32))
    for b in range(n_layer):
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(f"blk.{b}.{name}.weight", zeros((n_embd, n_embd), np.float32))
            writer.add_tensor(f"blk.{b}.{name}.bias", zeros(n_embd, np.float32))
        for name in ("attn_output_norm", "layer_output_norm"):
            writer.add_tensor(f"blk.{b}.{name}.weight", ones(n_embd, np.float32))
            writer.add_tensor(f"blk.{b}.{name}.bias", zeros(n_embd, np.float32))
        writer.add_tensor(f"blk.{b}.ffn_up.weight", zeros((n_embd * 2, n_embd), np.float32))
        writer.add_tensor(f"blk.{b}.ffn_up.bias", zeros(n_embd * 2, np.float32))
        writer.add_tensor(f"blk.{b}.ffn_down.weight", zeros((n_embd, n_embd * 2), np.float32))
        writer.add_tensor(f"blk.{b}.ffn_down.bias", zeros(n_embd, np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
