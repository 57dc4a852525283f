"""Fireside's translations, shared by the window and the terminal (Qt Core only).

English is the source language.  A translation is ``resources/i18n/fireside_<locale>.qm``
(compiled by ``pyside6-lrelease`` from the ``.ts`` beside it).  English has one too,
``fireside_en``, holding only the forms of sentences with a count ("1 chat", "2 chats");
it is used for English and for any language Fireside does not ship.  The window
installs the translation on the application (:mod:`app.ui.i18n`); the terminal asks a
translator directly (:mod:`app.terminal.output`), so it needs no display.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, QTranslator

from app.core.paths import resource_path
from app.core.texts import CONTEXT, Lookup

SHIPPED = ("en", "zh_CN")


def locale_for(language: str) -> str:
    """``"system"`` → the system's locale name (``zh_CN``, ``en_GB``…); else the choice."""
    return QLocale.system().name() if language == "system" else language


def is_english(locale: str) -> bool:
    """Whether ``locale`` gets the English interface (English, or a language not shipped)."""
    return locale == "en" or locale not in SHIPPED


def load_translator(locale: str, parent: QObject | None = None) -> QTranslator | None:
    """Fireside's translation for ``locale`` (English's for English and languages not
    shipped); None only if the file is missing."""
    translator = QTranslator(parent)
    name = "fireside_en" if is_english(locale) else f"fireside_{locale}"
    if not translator.load(name, str(resource_path("i18n"))):
        return None
    return translator


def translator_lookup(translator: QTranslator | None) -> Lookup:
    """A lookup for :meth:`app.core.texts.Text.render` that asks ``translator`` (or none)."""
    if translator is None:
        return lambda template, n: template
    return lambda template, n: translator.translate(CONTEXT, template, None, n) or template
