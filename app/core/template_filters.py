"""The globals and filters of the bounded chat-template environment.

Those of llama-cpp-python and Transformers (``raise_exception``, ``strftime_now``,
``tojson``), GPT4All's ``regex_replace``, and bounded versions of Jinja's filters
that can make a huge value in one call (``center``, ``indent``, ``replace``,
``join``, ``format``, ``slice``, ``batch``, ``wordwrap``, ``truncate``) and of ``range``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import jinja2
import regex

from app.core.template_budget import (
    MAX_RANGE,
    TemplateBudgetError,
    check_join,
    check_printf,
    check_str_method,
    current_budget,
)
from app.core.texts import tr

_REGEX_MAX_PATTERN = 1000


def strftime_now(fmt: str) -> str:
    """Today's date and time in ``fmt`` (Llama 3.x templates print "Today Date")."""
    return datetime.now().strftime(str(fmt)[:200])


class TemplateRefusal(jinja2.TemplateError):
    """The template called ``raise_exception``: it refuses this conversation."""


def raise_exception(message: str) -> Any:
    """What a template calls to refuse a conversation."""
    raise TemplateRefusal(str(message)[:2000])


def tojson(value: Any, ensure_ascii: bool = False, indent: int | None = None,
            separators: tuple[str, str] | None = None, sort_keys: bool = False) -> str:
    budget = current_budget()
    if isinstance(indent, int):
        budget.size(indent * 8)
    budget.value(value)
    text = json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                      sort_keys=sort_keys)
    budget.size(len(text))
    return text


def bounded_range(*args: int) -> range:
    budget = current_budget()
    budget.step()
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateBudgetError(tr("the chat template asked for a range of {size:,} numbers "
                                     "(the limit is {limit:,})", size=len(numbers),
                                     limit=MAX_RANGE))
    return numbers


_ECMA_GROUP = re.compile(r"\$(\d{1,2}|&|\$)")
_NESTED_REPEAT = re.compile(r"\((?:[^()\\]|\\.)*(?:[*+}]|\|)(?:[^()\\]|\\.)*\)\s*[*+{?]")


def regex_replace(value: Any, pattern: str, replacement: str) -> str:
    """GPT4All's filter (C++ ``std::regex_replace``: ECMAScript, ``$1`` in the replacement).

    Patterns that are known to take exponential time are refused at once; any other is
    run by the ``regex`` module, which stops at the render's deadline (Python's ``re``
    cannot be stopped midway).
    """
    budget = current_budget()
    budget.step()
    text, pattern, replacement = str(value), str(pattern), str(replacement)
    if len(pattern) > _REGEX_MAX_PATTERN or _NESTED_REPEAT.search(pattern) \
            or re.search(r"\\[1-9]|\(\?P=", pattern):
        raise TemplateBudgetError(tr("the chat template uses a regular expression that can "
                                     "take too long: {pattern}", pattern=pattern[:80]))
    budget.size(len(text) * 4)
    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        raise jinja2.TemplateError(f"regex_replace: {exc}") from None

    def expand(match: regex.Match[str]) -> str:
        def group(ref: re.Match[str]) -> str:
            name = ref.group(1)
            if name == "$":
                return "$"
            if name == "&":
                return match.group(0)
            index = int(name)
            return (match.group(index) or "") if index <= compiled.groups else ref.group(0)

        return _ECMA_GROUP.sub(group, replacement)

    try:  # the ``regex`` module can be stopped: by the render's own deadline
        result = str(compiled.sub(expand, text,
                                  timeout=max(0.01, budget.deadline - time.monotonic())))
    except TimeoutError:
        raise TemplateBudgetError(tr("the chat template uses a regular expression that can "
                                     "take too long: {pattern}", pattern=pattern[:80])) from None
    budget.size(len(result))
    budget.made(len(result))
    return result


def _filter_center(value: Any, width: int = 80) -> str:
    current_budget().size(int(width))
    return str(value).center(int(width))


def _filter_indent(value: Any, width: int | str = 4, first: bool = False,
                   blank: bool = False) -> str:
    text = str(value)
    pad = width if isinstance(width, str) else " " * min(int(width), 1 << 20)
    current_budget().size(len(text) + (text.count("\n") + 1) * len(pad))
    from jinja2.filters import do_indent

    return str(do_indent(text, width, first, blank))


@jinja2.pass_eval_context
def _filter_replace(eval_ctx: Any, value: Any, old: str, new: str,
                    count: int | None = None) -> str:
    from jinja2.filters import do_replace

    budget = current_budget()
    check_str_method("replace", str(value), (str(old), str(new)), {}, budget)
    result = str(do_replace(eval_ctx, value, old, new, count))
    budget.made(len(result))
    return result



@jinja2.pass_eval_context
def _filter_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
    from jinja2.filters import sync_do_join

    items = list(_bounded_items(value))
    check_join(str(d), [str(item) for item in items] if attribute is None else items,
                current_budget())
    result = str(sync_do_join(eval_ctx, items, d, attribute))
    current_budget().value(result)  # its size, and counted among the text made
    return result



def _bounded_items(value: Any) -> Iterator[Any]:
    budget = current_budget()
    for n, item in enumerate(value):
        budget.step()
        budget.size(n)
        yield item


def _filter_format(value: Any, *args: Any, **kwargs: Any) -> str:
    from jinja2.filters import do_format

    check_printf(str(value), tuple(args) or kwargs, current_budget())
    result = str(do_format(value, *args, **kwargs))
    current_budget().value(result)  # its size, and counted among the text made
    return result


def _filter_slice(value: Any, slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    from jinja2.filters import do_slice

    current_budget().size(int(slices))
    yield from do_slice(list(_bounded_items(value)), slices, fill_with)


def _filter_batch(value: Any, linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    from jinja2.filters import do_batch

    current_budget().size(int(linecount))
    yield from do_batch(_bounded_items(value), linecount, fill_with)


@jinja2.pass_environment
def _filter_wordwrap(environment: Any, s: str, width: int = 79, break_long_words: bool = True,
                     wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
    from jinja2.filters import do_wordwrap

    current_budget().size(len(str(s)) * 2 + len(str(wrapstring or "")) * len(str(s)))
    return str(do_wordwrap(environment, s, width, break_long_words, wrapstring,
                           break_on_hyphens))



@jinja2.pass_environment
def _filter_truncate(env: Any, s: str, length: int = 255, killwords: bool = False,
                     end: str = "...", leeway: int | None = None) -> str:
    from jinja2.filters import do_truncate

    current_budget().size(len(str(end)))
    return str(do_truncate(env, s, length, killwords, end, leeway))



# -- compiling and rendering ---------------------------------------------------------


GLOBALS: dict[str, Callable[..., Any]] = {
    "range": bounded_range, "strftime_now": strftime_now, "raise_exception": raise_exception,
    "regex_replace": regex_replace}
FILTERS: dict[str, Callable[..., Any]] = {
    "tojson": tojson, "regex_replace": regex_replace, "center": _filter_center,
    "indent": _filter_indent, "replace": _filter_replace, "join": _filter_join,
    "format": _filter_format, "slice": _filter_slice, "batch": _filter_batch,
    "wordwrap": _filter_wordwrap, "truncate": _filter_truncate}
