"""The options of ``fireside eval`` (kept apart from the command, whose imports are heavy:
building the parser for any ``fireside`` command must stay quick)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``eval`` and its ``perplexity`` and ``choices`` actions to ``sub``."""
    evaluate = sub.add_parser(
        "eval", parents=[common], help="evaluate models: perplexity and multiple-choice accuracy",
        description="Measure models on this computer; without an action, print the results "
                    "kept so far.")
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    actions = evaluate.add_subparsers(dest="eval_action")
    ppl = actions.add_parser(
        "perplexity", parents=[common], help="perplexity of a model on a text",
        description="Perplexity over windows of the text, as llama.cpp's llama-perplexity: "
                    "comparable across quantizations of one model, not across tokenizers.")
    ppl.add_argument("-m", "--model", required=True, help="model id, name or .gguf path")
    ppl.add_argument("file", nargs="?", help="UTF-8 text file (default: the sample text)")
    ppl.add_argument("--window", type=int, metavar="N",
                     help="tokens per window (default: 512, or the model's context if smaller)")
    choices = actions.add_parser(
        "choices", parents=[common], help="multiple-choice accuracy on a JSONL task",
        description="Each choice scored by its log-likelihood after the question.")
    choices.add_argument("-m", "--model", required=True, help="model id, name or .gguf path")
    choices.add_argument("task", nargs="?",
                         help="JSONL task file (default: the sample task)")
    choices.add_argument("--context", type=int, metavar="N", help="context in tokens (512)")
    for action in (ppl, choices):
        action.add_argument("--threads", type=int, metavar="N",
                            help="llama.cpp threads (default: the settings')")
        action.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                            help="print JSON")
