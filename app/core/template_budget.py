"""The bounds of one chat-template render: steps, wall time, and sizes checked before
an operation makes a huge value (see :mod:`app.core.template_sandbox`).

A render's :class:`Budget` lives in a thread-local while :func:`app.core.template_sandbox.render`
runs; the environment's hooks and the bounded filters charge it through
:func:`current_budget`.
"""

from __future__ import annotations

import math
import re
import string
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.texts import UserError, tr

MAX_RANGE = 100_000  # numbers in one range()
_CHECK_CLOCK_EVERY = 256  # steps between looks at the clock


class TemplateBudgetError(UserError, RuntimeError):
    """A render went past one of its bounds; :attr:`text` says which."""


@dataclass(frozen=True)
class RenderLimits:
    """The bounds of one render.  ``output_chars`` also bounds any single value."""

    seconds: float = 3.0
    steps: int = 2_000_000
    output_chars: int = 4 << 20
    int_bits: int = 1 << 14

    @classmethod
    def for_input(cls, chars: int, seconds: float = 3.0) -> RenderLimits:
        """Limits that leave room for a conversation of ``chars`` characters."""
        return cls(seconds=seconds, steps=2_000_000 + 20 * chars,
                   output_chars=(4 << 20) + 8 * chars)


@dataclass
class Budget:
    limits: RenderLimits
    deadline: float
    steps: int = 0
    produced: int = 0
    made_chars: int = 0
    started: float = field(default_factory=time.monotonic)

    def step(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > self.limits.steps:
            raise TemplateBudgetError(tr(
                "the chat template did more than {steps:,} steps (loops, calls and lookups) "
                "and was stopped", steps=self.limits.steps))
        if self.steps % _CHECK_CLOCK_EVERY < n and time.monotonic() > self.deadline:
            raise TemplateBudgetError(tr(
                "the chat template ran for more than {seconds:g} seconds and was stopped",
                seconds=self.limits.seconds))

    def size(self, n: int) -> None:
        """Refuse to make one value of ``n`` characters or items."""
        if n > self.limits.output_chars:
            raise TemplateBudgetError(tr(
                "the chat template tried to make a value of {size:,} characters or items "
                "(the limit is {limit:,})", size=n, limit=self.limits.output_chars))

    def value(self, value: object) -> None:
        """Refuse a value that would be huge as text (nested references counted)."""
        if isinstance(value, (list, tuple, dict, set, frozenset)):
            self.size(deep_size(value, self.limits.output_chars))
        elif isinstance(value, (str, bytes)):
            self.size(len(value))
            self.made(len(value))

    def made(self, n: int) -> None:
        """Count ``n`` characters of strings made along the way: many values, each under
        the limit, must not add up to gigabytes (a list of a million long strings)."""
        self.made_chars += n
        if self.made_chars > 16 * self.limits.output_chars:
            raise TemplateBudgetError(tr(
                "the chat template made more than {limit:,} characters of text along the way "
                "and was stopped", limit=16 * self.limits.output_chars))

    def produce(self, n: int) -> None:
        self.produced += n
        if self.produced > 4 * self.limits.output_chars:
            raise TemplateBudgetError(tr(
                "the chat template wrote more than {limit:,} characters and was stopped",
                limit=4 * self.limits.output_chars))


local = threading.local()


def current_budget() -> Budget:
    budget: Budget | None = getattr(local, "budget", None)
    if budget is None:  # outside render(): Jinja folding constants while compiling
        limits = RenderLimits()
        budget = Budget(limits, time.monotonic() + limits.seconds)
    return budget


def deep_size(value: object, limit: int) -> int:
    """About how many characters ``value`` becomes as text, counting shared parts each
    time they appear (as ``str()`` would); stops counting past ``limit``.

    Linear in the number of distinct objects, so ``[a, a]`` nested forty times is
    measured in forty steps (and found to be huge) without being expanded.
    """
    memo: dict[int, int] = {}

    def size(item: object) -> int:
        if isinstance(item, (str, bytes)):
            return len(item)
        if isinstance(item, bool) or item is None:
            return 5
        if isinstance(item, int):
            return item.bit_length() // 3 + 1
        if not isinstance(item, (list, tuple, dict, set, frozenset)):
            return 16
        key = id(item)
        if key in memo:
            return memo[key]
        memo[key] = limit + 1  # a container that holds itself is endless
        total = 2
        children = (x for pair in item.items() for x in pair) if isinstance(item, dict) \
            else iter(item)
        for child in children:
            total += size(child) + 2
            if total > limit:
                break
        memo[key] = total
        return total

    return size(value)


def check_number(value: object, budget: Budget) -> None:
    if isinstance(value, int) and not isinstance(value, bool) \
            and value.bit_length() > budget.limits.int_bits:
        raise TemplateBudgetError(tr("the chat template made a number too large to use"))


def check_binop(op: str, left: Any, right: Any, budget: Budget) -> None:
    """Refuse ``left op right`` if its result would be huge (before computing it)."""
    if op == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int):
                unit = deep_size(seq, budget.limits.output_chars) if not isinstance(
                    seq, (str, bytes)) else len(seq)
                budget.size(unit * max(count, 0))
                return
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > budget.limits.int_bits:
                raise TemplateBudgetError(tr("the chat template made a number too large to "
                                             "use"))
    elif op == "**":
        if isinstance(left, (int, float)) and isinstance(right, (int, float)):
            magnitude = abs(left)
            if magnitude > 1 and right > 0 and (
                    right * math.log2(magnitude) > budget.limits.int_bits):
                raise TemplateBudgetError(tr("the chat template made a number too large to "
                                             "use"))
    elif op == "+":
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            budget.size(deep_size(left, budget.limits.output_chars)
                        + deep_size(right, budget.limits.output_chars))
    elif op == "%" and isinstance(left, str):
        check_printf(left, right, budget)


_PRINTF_NUMBERS = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_printf(fmt: str, args: Any, budget: Budget) -> None:
    for width, precision in _PRINTF_NUMBERS.findall(fmt):
        for number in (width, precision):
            if number.isdigit():
                budget.size(int(number))
    values = args if isinstance(args, tuple) else (args,)
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and "*" in fmt:
            budget.size(abs(value))
        budget.value(value)


def check_format_string(fmt: str, args: Iterable[Any], budget: Budget) -> None:
    """Widths and precisions in a ``str.format`` string (and numbers given for them)."""
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format will raise the same error
    for _literal, _field, spec, _conversion in parsed:
        for number in re.findall(r"\d+", spec or ""):
            budget.size(int(number))
    args = list(args)
    for value in args:
        budget.value(value)
        if isinstance(value, dict):
            args.extend(value.values())
    if any(spec and "{" in spec for _l, _f, spec, _c in parsed):
        for value in args:  # nested fields: any number given could be a width
            if isinstance(value, int) and not isinstance(value, bool):
                budget.size(abs(value))


def check_str_method(name: str, text: str | bytes, args: tuple[Any, ...],
                      kwargs: dict[str, Any], budget: Budget) -> None:
    """Refuse a string (or bytes) method call whose result would be huge."""
    if isinstance(text, bytes):  # measured as text: one character a byte
        text = text.decode("latin-1")
    values = [v.decode("latin-1") if isinstance(v, bytes) else v
              for v in (*args, *kwargs.values())]
    if name in ("ljust", "rjust", "center", "zfill"):
        width = values[0] if values else 0
        if isinstance(width, int):
            budget.size(width)
    elif name == "expandtabs":
        size = values[0] if values else 8
        if isinstance(size, int):
            budget.size(len(text) + text.count("\t") * max(size, 0))
    elif name == "replace" and len(values) >= 2:
        old, new = values[0], values[1]
        if isinstance(old, str) and isinstance(new, str):
            hits = text.count(old) if old else len(text) + 1
            budget.size(len(text) + hits * max(len(new) - len(old), 0))
    elif name == "join" and values:
        check_join(text, values[0], budget)
    elif name in ("format", "format_map"):
        check_format_string(text, values, budget)
    elif name == "__mod__" and values:
        check_printf(text, values[0], budget)


def check_join(separator: str, items: Any, budget: Budget) -> None:
    """Refuse a join whose result would be huge, before it is built (a string joins its
    characters; a dict its keys)."""
    if isinstance(items, (str, bytes, dict, set, frozenset)):
        budget.size(len(separator) * len(items) + len(items))
    elif isinstance(items, (list, tuple)):
        budget.size(len(separator) * len(items) + deep_size(items, budget.limits.output_chars))
