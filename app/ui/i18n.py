"""Languages in the window: the translators installed at start-up, and core texts shown.

The language is chosen in Settings → General and takes effect at the next start.
Qt's own translations (standard buttons and dialogs) come from the Qt installation.
Sentences made in the Qt-free core (:class:`app.core.texts.Text`, and errors that
carry one) are shown with :func:`say`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.core.texts import CONTEXT, Text, message_of
from app.language import SHIPPED, is_english, load_translator, locale_for

__all__ = ["QT_TRANSLATE_NOOP", "SHIPPED", "install_translators", "locale_for", "lookup", "say"]
_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation under ``context`` where it is defined; it is translated
    where it is shown.  ``pyside6-lupdate`` finds it by this name, like PySide6's own
    (which is typed as returning ``object``, so the text could not be used as a ``str``)."""
    return text


def install_translators(app: QApplication, language: str) -> str | None:
    """Load the translation for ``language``; returns the locale loaded, or None (English)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = locale_for(language)
    QLocale.setDefault(QLocale(locale))  # dates and numbers the same way
    ours = load_translator(locale, app)
    if ours is not None:
        app.installTranslator(ours)
        _installed.append(ours)
    if ours is None or is_english(locale):
        return None  # English (its plural forms are installed), or no translation found
    qt = QTranslator(app)
    if qt.load(f"qtbase_{locale}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return locale


def lookup(template: str, n: int = -1) -> str:
    """A core template in the interface's language (for :meth:`Text.render`)."""
    return QCoreApplication.translate(CONTEXT, template, None, n)


def say(value: Text | BaseException | str) -> str:
    """A core sentence, or an error's message, in the interface's language."""
    if isinstance(value, str):
        return value
    text = value if isinstance(value, Text) else message_of(value)
    return text.render(lookup)
