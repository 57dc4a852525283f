"""Collect the interface's texts, fill in the translations, compile the ``.qm`` files.

    python packaging/translate.py          # update .ts from the sources, then compile
    python packaging/translate.py --check  # exit 1 if a text has no translation

Uses ``pyside6-lupdate`` and ``pyside6-lrelease`` from PySide6 (PyPI).
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from zh_CN import ZH_CN, ZH_CN_IN_CONTEXT  # noqa: E402

# locale -> (translations by source text, translations by (context, source) that win)
LANGUAGES = {"zh_CN": (ZH_CN, ZH_CN_IN_CONTEXT)}


def translation_for(tables: tuple[dict[str, str], dict[tuple[str, str], str]], context: str,
                    source: str) -> str | None:
    """The translation of ``source`` as shown in ``context``, if the tables have one."""
    by_text, in_context = tables
    return in_context.get((context, source), by_text.get(source))


def sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "app").rglob("*.py"))


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def update(locale: str) -> Path:
    ts = ROOT / "resources" / "i18n" / f"fireside_{locale}.ts"
    ts.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-ts", str(ts)],
                   check=True, capture_output=True)
    return ts


def fill(ts: Path, tables: tuple[dict[str, str], dict[tuple[str, str], str]]) -> list[str]:
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
            if text is not None:
                translation.text = text
                translation.attrib.pop("type", None)
            else:
                missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def untranslated(ts: Path) -> list[str]:
    tree = ET.parse(ts)
    return [m.findtext("source") or "" for m in tree.getroot().iter("message")
            if (m.find("translation") is None or m.find("translation").get("type") == "unfinished"
                or not (m.findtext("translation") or "").strip())]


def main() -> int:
    check = "--check" in sys.argv
    status = 0
    for locale, tables in LANGUAGES.items():
        ts = ROOT / "resources" / "i18n" / f"fireside_{locale}.ts"
        if check:
            missing = untranslated(ts)
        else:
            missing = fill(update(locale), tables)
            subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm",
                            str(ts.with_suffix(".qm"))], check=True, capture_output=True)
        for text in missing:
            print(f"{locale}: no translation for {text!r}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
