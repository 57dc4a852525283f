"""Text as the keyword index sees it: :func:`index_words`, :func:`fts_query`, :func:`snippet`.

SQLite's ``unicode61`` tokenizer splits words at spaces and punctuation, so a run of
Chinese or Japanese characters (written without spaces) would be one "word" and a search
for a word inside it would find nothing.  Before indexing, each such character is set
apart (:func:`index_words`), and a query's run of them becomes its overlapping pairs, each
searched as a phrase ("灯塔建造" → "灯 塔" OR "塔 建" OR "建 造"): a chunk holding more of
them ranks higher, as with any words.  Other scripts are unchanged.

Snippets are cut here, from the chunk's own text, so they are right in every script.
"""

from __future__ import annotations

import itertools
import re

# Han (with extensions and compatibility forms), Hiragana, Katakana, CJK punctuation.
_CJK = ("\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        "\U00020000-\U0002ffff")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_WORD = re.compile(r"\w+")
_CJK_RUN = re.compile(f"[{_CJK}]+")
_NOT_CJK = re.compile(f"[^{_CJK}]+")


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def cjk_count(text: str) -> int:
    """How many CJK characters ``text`` holds."""
    return len(_CJK_CHAR.findall(text)) if has_cjk(text) else 0


def index_words(text: str) -> str:
    """``text`` for the keyword index: each CJK character a word of its own."""
    if not has_cjk(text):
        return text
    return _CJK_CHAR.sub(lambda m: f" {m.group()} ", text)


# Words that match nearly every English chunk: left out of a query that has others (a
# question of only such words keeps them).
STOP_WORDS = frozenset(
    "a an and are as at be by can could did do does for from had has have how i if in is "
    "it its me my of on or our should so than that the their them then there these they "
    "this to was we were what when where which who whom why will with would you your"
    .split())


def query_terms(text: str) -> list[str]:
    """The words of a query (lower-case, common English words left out when there are
    others); a CJK run gives its overlapping pairs."""
    terms = _terms(text)
    kept = [t for t in terms if t not in STOP_WORDS]
    return kept or terms


def _terms(text: str) -> list[str]:
    terms: list[str] = []
    for word in _WORD.findall(text.lower()):
        if not has_cjk(word):
            terms.append(word)
            continue
        terms.extend(_NOT_CJK.findall(word))
        for run in _CJK_RUN.findall(word):
            chars = [c for c in run if c.isalnum()]
            if len(chars) == 1:
                terms.append(chars[0])
            terms.extend(a + b for a, b in itertools.pairwise(chars))
    return list(dict.fromkeys(t for t in terms if t))


def fts_query(text: str) -> str | None:
    """A user's words as an FTS5 query (each quoted, any may match); None if none."""
    terms = query_terms(text)
    if not terms:
        return None
    return " OR ".join('"' + index_words(t).strip().replace("  ", " ") + '"' for t in terms)


def snippet(text: str, query: str, width: int = 160) -> str:
    """About ``width`` characters of ``text`` around the first match of ``query``'s words,
    the matches marked «like this»."""
    terms = sorted(query_terms(query), key=len, reverse=True)
    flat = " ".join(text.split())
    if not terms:
        return flat[:width] + ("…" if len(flat) > width else "")
    pattern = re.compile("|".join(_term_pattern(t) for t in terms), re.IGNORECASE)
    first = pattern.search(flat)
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    marked = pattern.sub(lambda m: f"«{m.group()}»", flat[start:end])
    return ("…" if start else "") + marked + ("…" if end < len(flat) else "")


def _term_pattern(term: str) -> str:
    if has_cjk(term):
        return re.escape(term)
    return rf"\b{re.escape(term)}\b"
