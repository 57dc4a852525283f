"""Sentences for the user made in the Qt-free core, translated where they are shown.

The core cannot call Qt's ``tr``, so it builds a :class:`Text`: an English template
with named values.  ``str()`` gives the English sentence (logs, tests, a terminal in
English); the interface and the terminal render it in the chosen language with
:meth:`Text.render`, giving it a lookup into Fireside's translations.

Templates are marked with :func:`tr` so that ``pyside6-lupdate`` collects them; they
land in the translation files under the empty context, which is where renderers look
them up (:data:`CONTEXT`).  Values that are themselves :class:`Text` are rendered too.

A count that decides the grammar is Qt's ``%n``: ``tr("Exported %n chat(s)", "", n)``.
Each language's file gives the forms ("1 chat", "2 chats"; one form in Chinese); the
English ones come from ``fireside_en``, which holds nothing but those forms.
"""

from __future__ import annotations

from collections.abc import Callable

CONTEXT = ""  # pyside6-lupdate files a bare tr("…") outside Qt under the empty context

Lookup = Callable[[str, int], str]
"""Template and count (-1: none) -> the translation (``%n`` may be left in it)."""


def _english(template: str, n: int) -> str:
    """English without a translator: a count's "(s)" is dropped for one, else spelled out
    ("entry(s)" -> "entries"); the translations give the real forms."""
    if n < 0 or "(s)" not in template:
        return template
    if n == 1:
        return template.replace("(s)", "")
    return template.replace("y(s)", "ies").replace("(s)", "s")


class Text:
    """A template with named values, rendered in English or through a lookup.

    Attributes:
        template: the English sentence with ``{name}`` fields, as written in the source.
        values: the fields' values; a value that is a :class:`Text` is rendered too.
        n: the count that picks the grammatical form and fills ``%n`` (-1: none).
    """

    __slots__ = ("n", "template", "values")

    def __init__(self, template: str, values: dict[str, object] | None = None,
                 n: int = -1) -> None:
        self.template = template
        self.values = values or {}
        self.n = n

    @classmethod
    def plain(cls, text: str) -> Text:
        """Text from elsewhere (llama.cpp, Jinja, the OS) shown as it is, untranslated."""
        return cls("{text}", {"text": text})

    def render(self, lookup: Lookup = _english) -> str:
        """The sentence, with the template (and nested texts) passed through ``lookup``."""
        values = {name: value.render(lookup) if isinstance(value, Text) else value
                  for name, value in self.values.items()}
        template = lookup(self.template, self.n) or self.template
        if template == self.template:  # no translation: English, with the count's form
            template = _english(self.template, self.n)
        try:
            return self._count(template).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation with a broken field
            return self._count(_english(self.template, self.n)).format(**values)

    def _count(self, template: str) -> str:
        return template.replace("%n", str(self.n)) if self.n >= 0 else template

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text({self.template!r}, {self.values!r}, n={self.n})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.template, self.values, self.n) == (
            other.template, other.values, other.n)

    __hash__ = None  # type: ignore[assignment]


def tr(template: str, disambiguation: str = "", n: int = -1, /, **values: object) -> Text:
    """Mark ``template`` for translation and fill it with ``values`` when rendered.

    ``template`` must be a string literal, so that ``pyside6-lupdate`` finds it.  With a
    count ``n`` (``tr("%n chat(s)", "", n)``) the template is a plural: its forms come
    from the translation.  ``disambiguation`` is only there for that position (Qt's).
    """
    return Text(template, values, n)


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
