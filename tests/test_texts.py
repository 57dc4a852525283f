"""Sentences made in the core: English by default, translatable, and always marked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.core.downloads import DownloadError, check_url
from app.core.gguf_header import GGUFError, read_gguf_header
from app.core.network import set_offline
from app.core.texts import Text, UserError, message_of, tr

APP = Path(__file__).resolve().parents[1] / "app"


def test_a_text_renders_english_with_its_values_and_formats() -> None:
    text = tr("{done:,} of {total:,} bytes from {file}", done=1234567, total=2000000,
              file="a.gguf")
    assert str(text) == "1,234,567 of 2,000,000 bytes from a.gguf"


def test_a_lookup_translates_the_template_and_the_texts_inside_it() -> None:
    inner = tr("its sha256 is {found}", found="abc")
    outer = tr("The downloaded {file} is not the published file: {problem}.", file="m.gguf",
               problem=inner)
    table = {"its sha256 is {found}": "它的 sha256 是 {found}",
             "The downloaded {file} is not the published file: {problem}.":
                 "下载的 {file} 不是发布的文件：{problem}。"}
    assert outer.render(lambda t, n: table.get(t, t)) == (
        "下载的 m.gguf 不是发布的文件：它的 sha256 是 abc。")
    assert str(outer) == "The downloaded m.gguf is not the published file: its sha256 is abc."


def test_a_translation_with_a_broken_field_falls_back_to_english() -> None:
    text = tr("{count} models", count=3)
    assert text.render(lambda t, n: "{cuont} 个模型") == "3 models"


def test_errors_carry_their_text_and_read_as_english() -> None:
    error = UserError(tr("no model is loaded"))
    assert str(error) == "no model is loaded" and error.text.template == "no model is loaded"
    plain = message_of(OSError(28, "No space left on device"))
    assert isinstance(plain, Text) and "No space left" in str(plain)
    translated = {"from elsewhere": "X"}  # plain text is never looked up, even if it matches
    assert message_of(UserError("from elsewhere")).render(
        lambda t, n: translated.get(t, t)) == "from elsewhere"


def test_a_real_core_error_is_a_translatable_text(tmp_path: Path) -> None:
    junk = tmp_path / "notes.gguf"
    junk.write_bytes(b"hello, this is not a model at all" * 10)
    with pytest.raises(GGUFError) as caught:
        read_gguf_header(junk)
    assert caught.value.text.template == "{file} is not a GGUF model file"
    assert caught.value.text.values == {"file": "notes.gguf"}


def test_offline_refusal_nests_what_was_refused() -> None:
    set_offline(True)
    try:
        with pytest.raises(DownloadError) as caught:
            check_url("https://huggingface.co/x/y/resolve/main/m.gguf")
    finally:
        set_offline(False)
    offline = caught.value.text
    assert offline.template.startswith("Offline mode is on")
    assert offline.values["what"] == tr("downloading")
    assert offline.render(lambda t, n: {"downloading": "下载"}.get(t, t)).count("下载") == 1


# -- every sentence is marked ---------------------------------------------------------------
def _user_error_classes(sources: list[str]) -> set[str]:
    """UserError and every class in ``sources`` that derives from it, plus the checks'
    results whose message the user reads."""
    names = {"UserError", "ModelFileCheck", "VerifyResult"}
    classes = [node for source in sources for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.ClassDef)]
    grown = True
    while grown:
        grown = False
        for node in classes:
            bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
            if node.name not in names and bases & names:
                names.add(node.name)
                grown = True
    return names


def _is_sentence(node: ast.AST) -> bool:
    """A literal (or f-string) of two words or more: English that reaches someone."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return sum(part.isalpha() for part in node.value.split()) >= 2
    if isinstance(node, ast.JoinedStr):
        return _is_sentence(ast.Constant(" ".join(
            v.value for v in node.values if isinstance(v, ast.Constant))))
    return isinstance(node, ast.BinOp) and (_is_sentence(node.left) or _is_sentence(node.right))


def _unmarked_messages(source: str, takers: set[str]) -> list[int]:
    """Lines where a user's error (or a check's message) gets English tr() did not mark."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            node.func.id if isinstance(node.func, ast.Name) else ""
        if name in takers and any(_is_sentence(arg) for arg in
                                  [*node.args, *(k.value for k in node.keywords)]):
            lines.append(node.lineno)
    return lines


def test_the_check_finds_an_unmarked_message() -> None:
    source = "class DownloadError(UserError): pass\n"
    takers = _user_error_classes([source])
    assert "DownloadError" in takers
    assert _unmarked_messages('raise DownloadError("disk", f"no space for {x}")\n', takers) == [1]
    assert _unmarked_messages('raise DownloadError("disk", tr("no space for {x}", x=x))\n',
                              takers) == []


def test_core_errors_are_all_marked_for_translation() -> None:
    sources = {path.name: path.read_text(encoding="utf-8")
               for path in sorted((APP / "core").glob("*.py"))}
    takers = _user_error_classes(list(sources.values()))
    assert {"DownloadError", "EngineError", "ContextOverflowError", "GGUFError", "StorageError",
            "CatalogRefreshError", "_Transient"} <= takers
    offenders = {name: lines for name, source in sources.items()
                 if (lines := _unmarked_messages(source, takers))}
    assert offenders == {}


def test_every_tr_call_in_the_app_has_a_literal_template() -> None:
    """pyside6-lupdate only collects literal texts; a computed one would stay English."""
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "tr" and node.args:
                first = node.args[0]
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_a_count_fills_the_form_the_lookup_picks() -> None:
    forms = {"%n chat(s) match “{query}”": ("%n chat matches “{query}”",
                                             "%n chats match “{query}”")}

    def english(template: str, n: int) -> str:  # as a translator with plural forms does
        return forms[template][0 if n == 1 else 1] if template in forms else template

    assert tr("%n chat(s) match “{query}”", "", 1, query="x").render(english) == \
        "1 chat matches “x”"
    assert tr("%n chat(s) match “{query}”", "", 4, query="x").render(english) == \
        "4 chats match “x”"
    # Without a translator (logs, a missing .qm) English is still right for regular nouns.
    assert [str(tr("%n chat(s)", "", n)) for n in (0, 1, 2)] == ["0 chats", "1 chat", "2 chats"]
    assert str(tr("%n broken entry(s)", "", 3)) == "3 broken entries"


def test_a_lookup_without_the_sentence_still_gives_the_right_english_form() -> None:
    def nothing(template: str, n: int) -> str:  # as a translator that lacks the sentence
        return template

    assert tr("Imported %n preset(s).", "", 1).render(nothing) == "Imported 1 preset."
    assert tr("Imported %n preset(s).", "", 2).render(nothing) == "Imported 2 presets."
