"""Sentences for the user made in the Qt-free core, translated where they are shown.

The core cannot call Qt's ``tr``, so it builds a :class:`Text`: an English template
with named values.  ``str()`` gives the English sentence (logs, tests, a terminal in
English); the interface and the terminal render it in the chosen language with
:meth:`Text.render`, giving it a lookup into Fireside's translations.

Templates are marked with :func:`tr` so that ``pyside6-lupdate`` collects them; they
land in the translation files under the empty context, which is where renderers look
them up (:data:`CONTEXT`).  Values that are themselves :class:`Text` are rendered too.
"""

from __future__ import annotations

from collections.abc import Callable

CONTEXT = ""  # pyside6-lupdate files a bare tr("…") outside Qt under the empty context

Lookup = Callable[[str], str]


def _english(template: str) -> str:
    return template


class Text:
    """A template with named values, rendered in English or through a lookup.

    Attributes:
        template: the English sentence with ``{name}`` fields, as written in the source.
        values: the fields' values; a value that is a :class:`Text` is rendered too.
    """

    __slots__ = ("template", "values")

    def __init__(self, template: str, values: dict[str, object] | None = None) -> None:
        self.template = template
        self.values = values or {}

    @classmethod
    def plain(cls, text: str) -> Text:
        """Text from elsewhere (llama.cpp, Jinja, the OS) shown as it is, untranslated."""
        return cls("{text}", {"text": text})

    def render(self, lookup: Lookup = _english) -> str:
        """The sentence, with the template (and nested texts) passed through ``lookup``."""
        values = {name: value.render(lookup) if isinstance(value, Text) else value
                  for name, value in self.values.items()}
        template = lookup(self.template) or self.template
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation with a broken field
            return self.template.format(**values)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text({self.template!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.template, self.values) == (
            other.template, other.values)

    __hash__ = None  # type: ignore[assignment]


def tr(template: str, /, **values: object) -> Text:
    """Mark ``template`` for translation and fill it with ``values`` when rendered.

    ``template`` must be a string literal, so that ``pyside6-lupdate`` finds it.
    """
    return Text(template, values)


def as_text(value: Text | str) -> Text:
    """``value`` as a :class:`Text` (a plain string is shown untranslated)."""
    return value if isinstance(value, Text) else Text.plain(value)


class UserError(Exception):
    """An error whose message is meant for the user.

    ``str()`` is the English sentence; :attr:`text` is the :class:`Text` a renderer
    translates.

    Attributes:
        text: the message to show.
    """

    def __init__(self, text: Text | str) -> None:
        self.text = as_text(text)
        super().__init__(str(self.text))


def message_of(error: BaseException) -> Text:
    """The user's message for any exception: its :class:`Text`, else its English ``str()``."""
    text = getattr(error, "text", None)
    return text if isinstance(text, Text) else Text.plain(str(error) or type(error).__name__)
