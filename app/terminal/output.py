"""What the terminal commands print, in the language chosen in the settings.

The commands write their sentences with the core's :func:`app.core.texts.tr`;
:func:`say` renders those, and the errors the core raises, through Fireside's
translation.  It reads the same ``.qm`` files as the window, with Qt Core only,
so no display is needed.  Without :func:`use_language` everything is English.
"""

from __future__ import annotations

import sys

from app.core.texts import Lookup, Text, message_of


class _Language:
    """The translator in use and its lookup (None before :func:`use_language`: English)."""

    translator: object = None
    lookup: Lookup | None = None


def use_language(language: str) -> None:
    """Print in ``language`` (a setting's value: ``system``, ``en``, ``zh_CN``…)."""
    from app.language import load_translator, locale_for, translator_lookup

    translator = load_translator(locale_for(language))
    _Language.translator = translator
    _Language.lookup = translator_lookup(translator)


def lookup() -> Lookup | None:
    """The lookup in use (None: English), for core functions that take one."""
    return _Language.lookup


def say(value: Text | BaseException | str) -> str:
    """A sentence, or an error's message, in the chosen language."""
    if isinstance(value, str):
        return value
    text = value if isinstance(value, Text) else message_of(value)
    return text.render(_Language.lookup) if _Language.lookup is not None else str(text)


def out(value: Text | str) -> None:
    """A result line on standard output."""
    print(say(value))


def write_all(text: str) -> None:
    """All of ``text`` on standard output, however many writes the OS wants.

    With ``PYTHONUNBUFFERED`` a big ``sys.stdout.write`` is a single write that a
    pipe may take only part of (its reader left), and the rest would be dropped
    without an error; here the next write reports the closed pipe instead.
    """
    stream = sys.stdout
    stream.flush()
    data = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while data:
        written = stream.buffer.write(data)
        data = data[written if written is not None else 0:]
    stream.buffer.flush()


def note(value: Text | str) -> None:
    """A progress or status line on standard error (keeps standard output clean)."""
    print(say(value), file=sys.stderr)


def err(value: Text | BaseException | str, command: str = "fireside") -> None:
    """An error on standard error, after the command's name."""
    print(f"{command}: {say(value)}", file=sys.stderr)


# C0 controls but tab and newline, DEL, and C1 controls: a model's text (a remote one's
# above all) could otherwise move the cursor, retitle or clear the terminal.
_CONTROLS: dict[int, str | None] = {
    c: "\ufffd" for c in [*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20),
                          *range(0x7f, 0xa0)]}
_CONTROLS[0x0d] = None  # a carriage return alone would overwrite the line: dropped


def model_text(piece: str) -> str:
    """``piece`` of a model's reply as it may be written to standard output: control
    characters shown as U+FFFD when that is a terminal; unchanged into a pipe or file
    (where they are the reply's data, not commands)."""
    stream = sys.stdout
    if stream is None or not stream.isatty():
        return piece
    return piece.translate(_CONTROLS)

