"""``fireside compare``: one prompt to 2–4 models, answers one after another, measured.

    fireside compare -m A -m B [-m C] [--system TEXT] [--preset NAME] [--json] [--blind] PROMPT
    fireside compare --tally [--json]            wins, ties, losses and rating per model
    fireside compare --continue ID [--pick N]    the chosen answer as an ordinary chat
    fireside compare --export ID --format md|json

Each comparison is kept (``compare.sqlite3``); its id is printed on standard error.
With ``--blind`` the answers are headed "Model 1", "Model 2"… (in a shuffled order)
until the user picks the better one, then the names and the tally are shown.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading

from app.core.compare.export import continue_as_chat, label, metrics_text, to_dict, to_json
from app.core.compare.export import to_markdown as comparison_markdown
from app.core.compare.records import Answer, Comparison
from app.core.compare.runner import (
    CompareError,
    CompareRequest,
    CompareRunner,
    Listener,
    check_overrides,
    resolve_models,
)
from app.core.compare.tally import Standing
from app.core.compare.votes import CompareStore
from app.core.context import AppContext, setup_logging
from app.core.engine import Engine
from app.core.localdocs.attachment_record import human_size
from app.core.model_slot import ModelSlot, ModelThread
from app.core.presets import find_preset
from app.core.providers import ProviderStore
from app.core.texts import UserError, tr
from app.terminal.output import (
    err,
    lookup,
    model_text,
    note,
    out,
    say,
    use_language,
    write_all,
)

EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130


def run(args: argparse.Namespace, data_dir: str | None) -> int:
    """Run ``fireside compare`` as ``args`` say; the exit code."""
    context = AppContext.open(data_dir)
    setup_logging(context.paths)
    use_language(context.settings.language)
    try:
        store = CompareStore.in_folder(context.paths.data_dir)
    except UserError as exc:
        context.close()
        err(exc)
        return EXIT_FAILED
    try:
        if args.tally:
            return _print_tally(store, args.json)
        if args.continue_id:
            return _continue(context, store, args.continue_id, args.pick)
        if args.export_id:
            return _export(store, args.export_id, args.format)
        return _compare(context, store, args)
    except UserError as exc:
        err(exc)
        return EXIT_FAILED
    finally:
        store.close()
        context.close()


def _compare(context: AppContext, store: CompareStore, args: argparse.Namespace) -> int:
    prompt = " ".join(args.prompt).strip()
    if not prompt:
        err(tr("Give the prompt to compare the models on."))
        return EXIT_USAGE
    if args.blind and args.json:
        err(tr("--blind shows the answers to vote on: use it without --json."))
        return EXIT_USAGE
    try:
        contenders = resolve_models(context, args.models)
    except CompareError as exc:
        err(exc)
        return EXIT_USAGE
    preset = None
    if args.preset:
        preset = find_preset(args.preset, context.settings.presets)
        if preset is None:
            err(tr("no preset “{name}”", name=args.preset))
            return EXIT_USAGE
    overrides: dict[str, float | int] = {}
    if args.max_tokens is not None:
        overrides["max_tokens"] = args.max_tokens
    if args.temperature is not None:
        overrides["temperature"] = args.temperature
    try:
        check_overrides(overrides)
    except CompareError as exc:
        err(exc)
        return EXIT_USAGE
    if args.blind:
        random.shuffle(contenders)  # "Model 1" is not always the first one named
    request = CompareRequest(prompt, args.system, preset, overrides, blind=args.blind)
    for contender in contenders:
        if contender.remote is not None:
            note(tr("{model} runs on {host}: what you send leaves this computer.",
                    model=contender.remote.ref, host=contender.remote.host))
    shell = _Shell(args.blind, args.json, [c.name for c in contenders])
    models = ModelThread(ModelSlot(Engine.with_cache(context.paths.cache_dir),
                                   context.checksums))
    stop = threading.Event()
    try:
        runner = CompareRunner(context.settings, models,
                               ProviderStore.for_paths(context.paths).secrets, lookup())
        comparison = runner.run(contenders, request, shell.listener(), stop)
    finally:
        models.close(timeout=10)
    if stop.is_set():
        note(tr("[stopped]"))
    store.save(comparison)
    if args.json:
        write_all(json.dumps(to_dict(comparison), indent=1, ensure_ascii=False) + "\n")
    elif not args.blind:  # blind: the numbers would tell the models apart; after the vote
        _print_metrics(comparison, reveal=True)
    note(tr("Kept as comparison {id}: `fireside compare --continue {id}` makes it a chat.",
            id=comparison.id))
    if args.blind:
        _ask_vote(store, comparison)
    if stop.is_set():
        return EXIT_INTERRUPTED  # Ctrl+C, as `fireside eval` says it
    return 0 if any(a.ok for a in comparison.answers) else EXIT_FAILED


class _Shell:
    """Prints each answer as it streams, under its model's name (or its number)."""

    def __init__(self, blind: bool, quiet: bool, names: list[str]) -> None:
        self.blind = blind
        self.quiet = quiet
        self.names = names

    def listener(self) -> Listener:
        if self.quiet:
            return Listener()
        return Listener(self._start, self._text, self._done)

    def _start(self, index: int) -> None:
        name = say(tr("Model {number}", number=index + 1)) if self.blind else self.names[index]
        sys.stdout.write(f"\n== {name} ==\n")
        sys.stdout.flush()

    @staticmethod
    def _text(_index: int, piece: str) -> None:
        sys.stdout.write(model_text(piece))
        sys.stdout.flush()

    @staticmethod
    def _done(_index: int, answer: Answer) -> None:
        sys.stdout.write("\n")
        if answer.error is not None:
            out(tr("(did not answer: {reason})", reason=answer.error))
        sys.stdout.flush()


def _print_metrics(comparison: Comparison, reveal: bool) -> None:
    """The table under the answers: one row per model."""
    heads = [say(tr("Model")), say(tr("Load s")), say(tr("First token s")),
             say(tr("Tokens/s")), say(tr("Tokens")), say(tr("Memory"))]
    rows = []
    for index, answer in enumerate(comparison.answers):
        name = label(comparison, index, lookup(), reveal)
        m = answer.metrics
        if m is None:
            rows.append([name, "—", "—", "—", "—", "—"])
            continue
        rows.append([name, f"{m.load_seconds:.2f}" if m.load_seconds is not None else "—",
                     f"{m.time_to_first_token:.2f}", f"{m.tokens_per_second:.1f}",
                     str(m.tokens), human_size(m.peak_memory_bytes)
                     if m.peak_memory_bytes is not None else "—"])
    _table(heads, rows)
    for index, answer in enumerate(comparison.answers):
        if answer.metrics is not None:
            settings = answer.settings
            out(tr("{model}: temperature {temperature}, top-p {top_p}, top-k {top_k}, "
                   "max tokens {max_tokens}", model=label(comparison, index, lookup(), reveal),
                   temperature=settings.get("temperature"), top_p=settings.get("top_p"),
                   top_k=settings.get("top_k"), max_tokens=settings.get("max_tokens")))


def _table(heads: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    print()
    for row in [heads, *rows]:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                       strict=True)]
        print("  ".join(cells).rstrip())


def _ask_vote(store: CompareStore, comparison: Comparison) -> None:
    """Ask which answer is better (or a tie), keep the vote, reveal, print the tally."""
    if sum(a.ok for a in comparison.answers) < 2:
        note(tr("Fewer than two models answered: there is nothing to vote on."))
        _reveal(comparison)
        return
    numbers = "/".join(str(i + 1) for i, a in enumerate(comparison.answers) if a.ok)
    question = say(tr("Which is better? {numbers}/t(ie): ", numbers=numbers))
    while True:
        sys.stderr.write(question)
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:  # end of input: no vote
            sys.stderr.write("\n")
            note(tr("No vote kept."))
            _reveal(comparison)
            return
        choice = line.strip().lower()
        if choice in ("t", "tie"):
            store.vote(comparison, None)
            break
        if choice.isdigit() and 1 <= int(choice) <= len(comparison.answers) \
                and comparison.answers[int(choice) - 1].ok:
            store.vote(comparison, int(choice) - 1)
            break
    _reveal(comparison)
    print()
    _tally_table(store.standings())


def _reveal(comparison: Comparison) -> None:
    for index, answer in enumerate(comparison.answers):
        chosen = say(tr(" (chosen)")) if comparison.winner == index else ""
        out(tr("Model {number} was {model}{chosen}", number=index + 1, model=answer.name,
               chosen=chosen))
    print(metrics_text_all(comparison))


def metrics_text_all(comparison: Comparison) -> str:
    """Each answer's metrics line, under its revealed name."""
    return "\n".join(f"  {a.name}: {metrics_text(a, lookup())}" for a in comparison.answers)


def _print_tally(store: CompareStore, as_json: bool) -> int:
    standings = store.standings()
    if as_json:
        write_all(json.dumps([{"model_id": s.model_id, "name": s.name, "wins": s.wins,
                               "ties": s.ties, "losses": s.losses,
                               "rating": round(s.rating, 1)} for s in standings],
                             indent=1, ensure_ascii=False) + "\n")
        return 0
    if not standings:
        out(tr("No votes yet: `fireside compare --blind` asks for one."))
        return 0
    _tally_table(standings)
    return 0


def _tally_table(standings: list[Standing]) -> None:
    heads = [say(tr("Model")), say(tr("Wins")), say(tr("Ties")), say(tr("Losses")),
             say(tr("Rating"))]
    _table(heads, [[s.name, str(s.wins), str(s.ties), str(s.losses), f"{s.rating:.0f}"]
                   for s in standings])


def _continue(context: AppContext, store: CompareStore, comparison_id: str,
              pick: int | None) -> int:
    comparison = store.load(comparison_id)
    if comparison is None:
        err(tr("no comparison “{id}”", id=comparison_id))
        return EXIT_USAGE
    index = pick - 1 if pick is not None else comparison.winner
    if index is None:
        err(tr("Comparison {id} has no chosen answer: say which with --pick N.",
               id=comparison_id))
        return EXIT_USAGE
    conversation = continue_as_chat(context.store, comparison, index)
    out(tr("Saved as chat {id} with {model}: it is in the chat list.", id=conversation.id,
           model=comparison.answers[index].name))
    return 0


def _export(store: CompareStore, comparison_id: str, form: str) -> int:
    comparison = store.load(comparison_id)
    if comparison is None:
        err(tr("no comparison “{id}”", id=comparison_id))
        return EXIT_USAGE
    text = to_json(comparison) if form == "json" else comparison_markdown(comparison, lookup())
    write_all(text.rstrip("\n") + "\n")
    return 0
