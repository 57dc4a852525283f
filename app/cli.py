"""The ``fireside`` command: the window by default, terminal subcommands otherwise.

    fireside [--data-dir DIR]                    start the window
    fireside chat [-m MODEL] [PROMPT]            answer PROMPT, or a REPL without one
    fireside models [--json] [--refresh]         catalog and installed models
    fireside models --calibrate [-m MODEL]       time this computer: expected speeds
    fireside eval perplexity|choices -m MODEL    evaluate a model (`fireside eval`: results)
    fireside compare -m A -m B [--blind] PROMPT  one prompt to 2–4 models, measured; --tally
    fireside pull MODEL [--sha256 HEX]           download and verify a model (resumable)
    fireside chats [--json] [--search WORDS]     the saved chats
    fireside export [--chat ID] --format md|json OUT   chats out (a backup)
    fireside import FILE                         chats in (Fireside JSON, ChatGPT export)
    fireside providers [--json] [--refresh]      remote servers (add NAME URL, remove NAME)
    fireside serve [--host H] [--port N] [-m M]  the OpenAI-compatible API for other programs
    fireside docs add|list|index|search|…        LocalDocs: your own files, indexed here

Every subcommand uses the same core and the same data as the window.

In a pipe each behaves as Unix tools do: when the reader goes away (``head``,
``grep -m1``, a pager closed early) it stops quietly with exit code 141
(128 + SIGPIPE, what a shell reports for a tool a closed pipe stopped), so a
pipeline's status still tells a finished listing from a cut-off one.  An error
meant for the user that no subcommand handled is printed as one line (exit 1; a
full disk: 5, as ``fireside pull`` and ``fireside chat`` say it).  The window
(no subcommand) exits 3 when this system cannot open a window (see
:mod:`app.display_check`): one line says which libraries are missing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app import __version__

EXIT_USAGE = 2
EXIT_ERROR = 1
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE
EXIT_DISK_FULL = 5  # as `fireside pull` says it


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="keep all data (settings, chats, models, logs) under DIR")
    common.add_argument("--catalog", metavar="FILE", action="append", default=argparse.SUPPRESS,
                        help="add a catalog file (Fireside's models.json format or GPT4All's "
                             "models3.json) for this run; may be repeated")
    parser = argparse.ArgumentParser(
        prog="fireside", parents=[common],
        description="Fireside: private, offline chat with open language models.")
    parser.add_argument("--version", action="version", version=f"fireside {__version__}")
    sub = parser.add_subparsers(dest="command")
    chat = sub.add_parser("chat", parents=[common], help="chat in the terminal")
    chat.add_argument("-m", "--model", help="model id, name, or path to a .gguf file")
    chat.add_argument("--docs", metavar="NAME", action="append", default=[],
                      help="answer from this LocalDocs collection too, with its sources "
                           "(may be repeated)")
    chat.add_argument("--attach", metavar="FILE", action="append", default=[],
                      help="attach a file to the question: sent whole if it fits, else "
                           "indexed and searched (may be repeated)")
    chat.add_argument("prompt", nargs="*", help="the question (omit for an interactive chat)")
    models = sub.add_parser("models", parents=[common], help="list catalog and installed models")
    models.add_argument("--json", action="store_true", help="print JSON")
    models.add_argument("--refresh", action="store_true",
                        help="fetch the latest catalog first (the only time it goes online)")
    models.add_argument("--catalog-url", metavar="URL",
                        help="refresh from URL instead of the one in the settings")
    models.add_argument("--calibrate", action="store_true",
                        help="time a model and the memory on this computer, so that each "
                             "model's expected speed is shown")
    models.add_argument("-m", "--model", metavar="MODEL",
                        help="with --calibrate: the model to time (default: the chosen one)")
    chats = sub.add_parser("chats", parents=[common], help="list saved chats")
    chats.add_argument("--json", action="store_true", help="print JSON")
    chats.add_argument("--search", metavar="WORDS", help="only chats matching WORDS")
    export = sub.add_parser("export", parents=[common], help="export chats to Markdown or JSON")
    export.add_argument("--chat", metavar="ID", help="only this chat (ids: `fireside chats`)")
    export.add_argument("--format", choices=["md", "json"], required=True)
    export.add_argument("out", metavar="OUT", help="file to write, or - for standard output")
    imp = sub.add_parser("import", parents=[common],
                         help="import chats (Fireside JSON or ChatGPT's conversations.json)")
    imp.add_argument("file", metavar="FILE")
    pull = sub.add_parser("pull", parents=[common], help="download and verify a model",
                          description="Download a model into the models folder. Run it again "
                          "after an interruption to continue. Exit codes: 0 installed, 2 bad "
                          "arguments, 3 verification failed, 4 network failure, 5 disk full, "
                          "130 interrupted.")
    pull.add_argument("model", help="catalog id, owner/repo/file.gguf on Hugging Face, or an "
                                    "https:// URL")
    pull.add_argument("--sha256", metavar="HEX", help="the file's sha256 (needed for a URL)")
    pull.add_argument("--no-verify", action="store_true",
                      help="accept a URL without a checksum (not recommended)")
    _providers_parser(sub, common)
    _serve_parser(sub, common)
    _docs_parser(sub, common)
    from app.terminal.eval_parser import add_parser as add_eval_parser

    add_eval_parser(sub, common)
    from app.terminal.compare_parser import add_parser as add_compare_parser

    add_compare_parser(sub, common)
    return parser


def _docs_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                 common: argparse.ArgumentParser) -> None:
    docs = sub.add_parser("docs", parents=[common], help="LocalDocs: index and search your files",
                          description="Collections of your own folders, indexed on this "
                                      "computer, for chats that cite them.")
    docs.add_argument("--json", action="store_true", help="print JSON (with list)")
    actions = docs.add_subparsers(dest="action")
    add = actions.add_parser("add", parents=[common], help="make a collection, or add folders")
    add.add_argument("name", metavar="NAME")
    add.add_argument("folders", metavar="FOLDER", nargs="+")
    listing = actions.add_parser("list", parents=[common], help="collections and their state")
    listing.add_argument("--json", action="store_true", help="print JSON")
    index = actions.add_parser("index", parents=[common],
                               help="index what changed (Ctrl+C pauses; run again to go on)")
    index.add_argument("name", metavar="NAME", nargs="?")
    search = actions.add_parser("search", parents=[common], help="search a collection")
    search.add_argument("name", metavar="NAME")
    search.add_argument("query", metavar="QUERY", nargs="+")
    search.add_argument("--limit", type=int, default=5, help="how many chunks (default 5)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--mode", choices=("hybrid", "keyword", "vector"), default="hybrid",
                        help="hybrid (default: keywords and meaning, when an embedding model "
                             "is installed), keyword or vector")
    index.add_argument("--no-embed", action="store_true",
                       help="keyword index only (no embeddings, even with an embedding model)")
    chunking = actions.add_parser(
        "chunking", parents=[common],
        help="set a collection's chunk size (the next index re-chunks without reading)")
    chunking.add_argument("name", metavar="NAME")
    chunking.add_argument("tokens", metavar="TOKENS", type=int,
                          help="about how many tokens a chunk holds (128–1024; default 384)")
    chunking.add_argument("--overlap", type=int, help="tokens shared with the chunk before "
                                                      "(default: an eighth of TOKENS)")
    rename = actions.add_parser("rename", parents=[common], help="rename a collection")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    remove = actions.add_parser("remove", parents=[common],
                                help="remove a collection's index (never your files)")
    remove.add_argument("name", metavar="NAME")


def _serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                  common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser(
        "serve", parents=[common], help="serve the models through an OpenAI-compatible API",
        description="Serve the installed models at http://127.0.0.1:4891/v1 for other programs "
                    "(editors, scripts, notebooks). It listens on this computer only unless "
                    "--host says otherwise; then every request needs the API key.")
    serve.add_argument("--host", metavar="ADDRESS",
                       help="address to listen on (default 127.0.0.1; 0.0.0.0: every network)")
    serve.add_argument("--port", metavar="N", type=int, help="TCP port (default 4891)")
    serve.add_argument("-m", "--model", metavar="ID",
                       help="load this model now (requests may still name others)")
    serve.add_argument("--require-key", action="store_true",
                       help="ask for the API key on this computer too")
    serve.add_argument("--allow-origin", metavar="URL", action="append", default=[],
                       help="a web page origin allowed to call the API (may be repeated)")
    serve.add_argument("--one-at-a-time", action="store_true",
                       help="answer requests one after another instead of together "
                            "(slower with several clients; temperature 0 then reproducible)")
    serve.add_argument("--no-save-chats", action="store_true",
                       help="do not keep the requests as chats marked API (for this run)")
    serve.add_argument("--key-in-file", action="store_true",
                       help="with --show-key/--new-key: keep the key in a private file (0600) "
                            "where the system has no secret store")
    serve.add_argument("--show-key", action="store_true",
                       help="print the API key (made now if there is none) and exit")
    serve.add_argument("--new-key", action="store_true",
                       help="replace the API key, print the new one and exit")


def _providers_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                      common: argparse.ArgumentParser) -> None:
    providers = sub.add_parser(
        "providers", parents=[common], help="remote OpenAI-compatible servers and their models",
        description="List the remote providers and their cached models (no network unless "
                    "--refresh), or add and remove one. Use a model as NAME/MODEL.")
    providers.add_argument("--json", action="store_true", help="print JSON")
    providers.add_argument("--refresh", action="store_true",
                           help="ask every provider for its models first (GET /v1/models)")
    actions = providers.add_subparsers(dest="action")
    add = actions.add_parser("add", parents=[common], help="add a provider")
    add.add_argument("name", metavar="NAME")
    add.add_argument("base_url", metavar="BASE_URL", help="e.g. http://127.0.0.1:8080/v1")
    add.add_argument("--key-stdin", action="store_true",
                     help="read the API key from standard input (kept in the secret store)")
    add.add_argument("--key-in-file", action="store_true",
                     help="keep the key in a plain file (0600) where no secret store exists")
    add.add_argument("--model", metavar="ID", action="append", default=[],
                     help="a model id the server has (may be repeated)")
    remove = actions.add_parser("remove", parents=[common], help="remove a provider and its key")
    remove.add_argument("name", metavar="NAME")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the window or a subcommand; the exit code (see the module's docstring)."""
    from app.core.disk_full import DiskFullError
    from app.core.texts import UserError
    from app.terminal.output import err

    command = "fireside"
    try:
        try:
            args = _parser().parse_args(argv)
            command = f"fireside {args.command}" if args.command else command
            code = _run(args)
        except UserError as exc:
            err(exc, command=command)
            code = EXIT_DISK_FULL if isinstance(exc, DiskFullError) else EXIT_ERROR
        sys.stdout.flush()  # a reader that left shows up here, not in the interpreter's exit
    except BrokenPipeError:
        _drop_unread_output()
        return EXIT_BROKEN_PIPE
    return code


def _drop_unread_output() -> None:
    """Point the streams whose reader left at /dev/null (as Python's documentation advises),
    so what is still buffered for them does not fail again, loudly, when Python exits."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is None:
                continue
            try:
                stream.flush()
            except (OSError, ValueError):
                try:
                    os.dup2(devnull, stream.fileno())
                except (OSError, ValueError):
                    pass
    finally:
        os.close(devnull)


def _run(args: argparse.Namespace) -> int:
    data_dir = getattr(args, "data_dir", None)
    catalogs = getattr(args, "catalog", None) or []
    if args.command is None:
        from app.gui import run_gui

        return run_gui(data_dir, catalogs)
    if args.command == "models":
        from app.terminal.models_command import run_calibrate, run_models

        if args.calibrate:
            return run_calibrate(data_dir, args.model)
        return run_models(data_dir, as_json=args.json, refresh=args.refresh,
                          catalog_url=args.catalog_url, catalogs=catalogs)
    if args.command == "chats":
        from app.terminal.chats_command import run_chats

        return run_chats(data_dir, as_json=args.json, query=args.search)
    if args.command == "export":
        from app.terminal.transfer_commands import run_export

        return run_export(data_dir, args.chat, args.format, args.out)
    if args.command == "import":
        from app.terminal.transfer_commands import run_import

        return run_import(data_dir, args.file)
    if args.command == "pull":
        from app.terminal.pull_command import run_pull

        return run_pull(data_dir, args.model, args.sha256, args.no_verify, catalogs)
    if args.command == "providers":
        from app.terminal import providers_command as providers

        if args.action == "add":
            return providers.run_add(data_dir, args.name, args.base_url, args.key_stdin,
                                     args.key_in_file, args.model)
        if args.action == "remove":
            return providers.run_remove(data_dir, args.name)
        return providers.run_providers(data_dir, as_json=args.json, refresh=args.refresh)
    if args.command == "serve":
        from app.terminal.serve_command import run_serve

        if args.port is not None and not 1 <= args.port <= 65535:
            print("fireside serve: --port must be between 1 and 65535", file=sys.stderr)
            return EXIT_USAGE
        return run_serve(data_dir, host=args.host, port=args.port, model_key=args.model,
                         show_key=args.show_key, new_key=args.new_key,
                         require_key=args.require_key, origins=args.allow_origin,
                         one_at_a_time=args.one_at_a_time, key_in_file=args.key_in_file,
                         save_chats=not args.no_save_chats)
    if args.command == "docs":
        from app.terminal.docs_command import run_docs

        return run_docs(data_dir, args.action or "list", args)
    if args.command == "chat":
        from app.terminal.chat_command import run_chat

        return run_chat(data_dir, args.model, " ".join(args.prompt).strip() or None,
                        args.docs, args.attach)
    if args.command == "compare":
        from app.terminal.compare_command import run as run_compare

        return run_compare(args, data_dir)
    if args.command == "eval":
        from app.terminal.eval_command import run as run_eval

        return run_eval(args, data_dir)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
