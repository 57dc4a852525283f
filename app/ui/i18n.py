"""Languages: Fireside's own translations and Qt's, installed at start-up.

English is the source language.  A translation is ``resources/i18n/fireside_<locale>.qm``
(compiled by ``pyside6-lrelease`` from the ``.ts`` next to it); Qt's own
translations (standard buttons and dialogs) come from the Qt installation.  The
language is chosen in Settings → General and takes effect at the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

SHIPPED = ("en", "zh_CN")
_installed: list[QTranslator] = []


def locale_for(language: str) -> str:
    """``"system"`` → the system's locale name (``zh_CN``, ``en_GB``…); else the choice."""
    return QLocale.system().name() if language == "system" else language


def install_translators(app: QApplication, language: str) -> str | None:
    """Load the translation for ``language``; returns the locale loaded, or None (English)."""
    from app.gui import resource_path

    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = locale_for(language)
    QLocale.setDefault(QLocale(locale))  # dates and numbers the same way
    if locale.startswith("en"):
        return None
    ours = QTranslator(app)
    if not ours.load(f"fireside_{locale}", str(resource_path("i18n"))):
        return None  # no translation for this language: English
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{locale}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return locale
