"""The options of ``fireside compare`` (kept apart from the command, whose imports are
heavy: building the parser for any ``fireside`` command must stay quick)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
               common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``fireside compare`` and its options."""
    parser = sub.add_parser("compare", parents=[common],
                            help="compare 2–4 models on one prompt, and vote blind")
    parser.add_argument("-m", "--model", dest="models", action="append", default=[],
                        metavar="MODEL", help="a model to compare (2 to 4 of them): id, name, "
                        "path to a .gguf file, or a provider's NAME/MODEL")
    parser.add_argument("--system", metavar="TEXT", help="the system prompt for every model")
    parser.add_argument("--preset", metavar="NAME", help="the preset every model answers with")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="the longest answer")
    parser.add_argument("--temperature", type=float, metavar="T", help="sampling temperature")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--blind", action="store_true",
                        help="hide the names until you pick the better answer")
    parser.add_argument("--tally", action="store_true",
                        help="wins, ties, losses and rating of each model voted on")
    parser.add_argument("--continue", dest="continue_id", metavar="ID",
                        help="save comparison ID's chosen answer as a chat with its model")
    parser.add_argument("--pick", type=int, metavar="N", help="with --continue: answer N")
    parser.add_argument("--export", dest="export_id", metavar="ID",
                        help="print comparison ID as Markdown or JSON (--format)")
    parser.add_argument("--format", choices=["md", "json"], default="md")
    parser.add_argument("prompt", nargs="*", help="the prompt")
    return parser
