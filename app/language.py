"""Fireside's translations, shared by the window and the terminal (Qt Core only).

English is the source language.  A translation is ``resources/i18n/fireside_<locale>.qm``
(compiled by ``pyside6-lrelease`` from the ``.ts`` beside it).  The window installs it
on the application (:mod:`app.ui.i18n`); the terminal asks a translator directly
(:mod:`app.terminal.output`), so it needs no display.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, QTranslator

from app.core.paths import resource_path
from app.core.texts import CONTEXT, Lookup

SHIPPED = ("en", "zh_CN")


def locale_for(language: str) -> str:
    """``"system"`` → the system's locale name (``zh_CN``, ``en_GB``…); else the choice."""
    return QLocale.system().name() if language == "system" else language


def load_translator(locale: str, parent: QObject | None = None) -> QTranslator | None:
    """Fireside's translation for ``locale``; None for English or a language not shipped."""
    if locale.startswith("en") or locale in ("C", "POSIX"):
        return None
    translator = QTranslator(parent)
    if not translator.load(f"fireside_{locale}", str(resource_path("i18n"))):
        return None
    return translator


def translator_lookup(translator: QTranslator | None) -> Lookup:
    """A lookup for :meth:`app.core.texts.Text.render` that asks ``translator`` (or none)."""
    if translator is None:
        return lambda template: template
    return lambda template: translator.translate(CONTEXT, template) or template
