"""The fit estimate in words, in the interface's language (the core gives numbers)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.core.fit import FitEstimate

VERDICTS = {"fits": QT_TRANSLATE_NOOP("FitText", "fits"),
            "tight": QT_TRANSLATE_NOOP("FitText", "tight"),
            "won't fit": QT_TRANSLATE_NOOP("FitText", "won't fit")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("FitText", text)


def fit_text(fit: FitEstimate) -> str:
    """``"fits: needs about 3.3 GiB (estimate)"``, translated."""
    verdict = _tr(VERDICTS.get(fit.verdict, fit.verdict))
    text = QCoreApplication.translate("FitText", "{verdict}: needs about {need:.1f} GiB").format(
        verdict=verdict, need=fit.need_bytes / (1 << 30))
    if fit.kv_is_estimate:
        text += QCoreApplication.translate("FitText", " (estimate)")
    return text
