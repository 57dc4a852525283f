"""Collect the interface's texts, fill in the translations, compile the ``.qm`` files.

    python packaging/translate.py          # update .ts from the sources, then compile
    python packaging/translate.py --check  # exit 1 if a text has no translation

Every text in ``app/`` is collected: the widgets' ``self.tr``, and the bare ``tr`` of the
core and the terminal (under the empty context).  English, the source language, gets a
file too, with only the forms of the sentences that carry a count (``%n``).

Uses ``pyside6-lupdate`` and ``pyside6-lrelease`` from PySide6 (PyPI).
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from en import EN_PLURALS  # noqa: E402
from zh_CN import ZH_CN, ZH_CN_IN_CONTEXT  # noqa: E402

# A translation: one text, or for a sentence with a count its forms (1, then more).
Translation = str | tuple[str, ...]
Tables = tuple[dict[str, Translation], dict[tuple[str, str], Translation]]

# locale -> (translations by source text, translations by (context, source) that win;
#            whether only the sentences with a count are translated)
LANGUAGES: dict[str, tuple[Tables, bool]] = {
    "en": ((EN_PLURALS, {}), True),
    "zh_CN": ((ZH_CN, ZH_CN_IN_CONTEXT), False),
}


def translation_for(tables: Tables, context: str, source: str) -> Translation | None:
    """The translation of ``source`` as shown in ``context``, if the tables have one."""
    by_text, in_context = tables
    return in_context.get((context, source), by_text.get(source))


def sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "app").rglob("*.py"))


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def ts_path(locale: str) -> Path:
    return ROOT / "resources" / "i18n" / f"fireside_{locale}.ts"


def update(locale: str, plural_only: bool) -> Path:
    ts = ts_path(locale)
    ts.parent.mkdir(parents=True, exist_ok=True)
    extra = ["-pluralonly"] if plural_only else []
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", *extra,
                    "-target-language", locale, "-ts", str(ts)], check=True, capture_output=True)
    return ts


def fill(ts: Path, tables: Tables) -> list[str]:
    """Write translations into ``ts``; return the source texts that have none."""
    tree = ET.parse(ts)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = translation_for(tables, name, source)
            if text is None:
                missing.append(source)
                continue
            translation.attrib.pop("type", None)
            if message.get("numerus") == "yes":
                forms = (text,) if isinstance(text, str) else text
                for old in list(translation):
                    translation.remove(old)
                translation.text = None
                for form in forms:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = text if isinstance(text, str) else text[-1]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def translations(message: ET.Element) -> list[str]:
    """What a ``.ts`` message is translated as: its text, or its forms."""
    translation = message.find("translation")
    if translation is None or translation.get("type") == "unfinished":
        return []
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def untranslated(ts: Path) -> list[str]:
    tree = ET.parse(ts)
    return [m.findtext("source") or "" for m in tree.getroot().iter("message")
            if not any(text.strip() for text in translations(m))]


def main() -> int:
    check = "--check" in sys.argv
    status = 0
    for locale, (tables, plural_only) in LANGUAGES.items():
        ts = ts_path(locale)
        if check:
            missing = untranslated(ts)
        else:
            missing = fill(update(locale, plural_only), tables)
            subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm",
                            str(ts.with_suffix(".qm"))], check=True, capture_output=True)
        for text in missing:
            print(f"{locale}: no translation for {text!r}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
