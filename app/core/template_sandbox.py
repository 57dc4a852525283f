"""The one Jinja environment every chat template runs in: sandboxed and bounded.

Chats, the probe of a new model file (:mod:`app.core.model_probe`), the check of a
template set in Settings → Model or by a catalog, and its preview all use
:func:`compile_template` and :func:`render`, so a template is judged where it is
used.  The environment is llama-cpp-python's and Transformers' (Jinja's
``ImmutableSandboxedEnvironment`` with ``trim_blocks``, ``lstrip_blocks``, loop
controls, the ``{% generation %}`` tag, ``tojson``, ``raise_exception`` and
``strftime_now``) plus GPT4All's ``regex_replace``, and it is bounded:

* every loop iteration, call, attribute or item lookup is a *step*; a render may
  take :attr:`RenderLimits.steps` of them and :attr:`RenderLimits.seconds` of wall
  time (checked every few hundred steps), so nested loops of 10⁵ × 10⁵ or runaway
  macro recursion stop with a clear message instead of hanging the model thread;
* operations that can make a huge value in one step are checked *before* they run:
  ``*`` and ``+`` on strings and lists, ``**`` and ``*`` on numbers, string methods
  and filters that pad, repeat or replace (``center``, ``replace``, ``join``,
  ``format``, ``%`` …), ``range``;
* everything a template writes (also inside macros and ``set`` blocks) is counted
  against :attr:`RenderLimits.output_chars`.

A template that exceeds a bound raises :class:`TemplateBudgetError` (a
:class:`~app.core.texts.UserError` whose text says which bound).  Regular
expressions in ``regex_replace`` run in Python's ``re``, which cannot be
interrupted: patterns whose matching can blow up (a repeated group that itself
repeats, backreferences) are refused, and the subject's size is bounded.

The bookkeeping of a render is :mod:`app.core.template_budget`; the globals and the
bounded filters are :mod:`app.core.template_filters`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import jinja2
import jinja2.ext
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.core.template_budget import (
    Budget,
    RenderLimits,
    TemplateBudgetError,
    check_binop,
    check_number,
    check_str_method,
    current_budget,
    deep_size,
    local,
)
from app.core.template_filters import FILTERS, GLOBALS, TemplateRefusal
from app.core.texts import Text, UserError, tr

MAX_TEMPLATE_CHARS = 256 * 1024  # real chat templates are a few KB; the largest ~20 KB

__all__ = ["MAX_TEMPLATE_CHARS", "BoundedEnvironment", "RenderLimits", "TemplateBudgetError",
           "TemplateRefusal", "compile_template", "describe_failure", "environment", "render"]


class _GenerationTag(jinja2.ext.Extension):
    """Pass-through for Hugging Face's ``{% generation %}`` tag (as llama-cpp-python)."""

    tags = {"generation"}  # noqa: RUF012 (Jinja's own declaration style)

    def parse(self, parser: Any) -> Any:
        parser.stream.skip(1)
        return parser.parse_statements(("name:endgeneration",), drop_needle=True)


def _instrument(tree: nodes.Template) -> nodes.Template:
    """Route every loop's iterable, ``~`` and output through the environment's checks."""
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Call(nodes.EnvironmentAttribute("bounded_iter"), [loop.iter], [],
                               None, None, lineno=loop.lineno)
    for output in tree.find_all(nodes.Output):
        output.nodes = [nodes.Call(nodes.EnvironmentAttribute("bounded_out"), [child], [],
                                   None, None, lineno=child.lineno)
                        for child in output.nodes]
    seen: set[int] = set()  # literals already wrapped (the walk meets them again inside)
    for parent in tree.find_all(nodes.Node):
        for name, value in parent.iter_fields():
            if isinstance(value, nodes.Node):
                setattr(parent, name, _bounded_value(value, seen))
            elif isinstance(value, list):
                value[:] = [_bounded_value(v, seen) if isinstance(v, nodes.Node) else v
                            for v in value]
    return tree


def _bounded_value(node: nodes.Node, seen: set[int]) -> nodes.Node:
    """``~`` through the environment's checked join; list, tuple and dict literals
    through its size check (they can nest references: ``[a, a]``)."""
    if isinstance(node, nodes.Concat):
        parts = nodes.List(list(node.nodes), lineno=node.lineno)
        seen.add(id(parts))
        return nodes.Call(nodes.EnvironmentAttribute("bounded_concat"), [parts], [], None,
                          None, lineno=node.lineno)
    if isinstance(node, (nodes.List, nodes.Dict)) or (
            isinstance(node, nodes.Tuple) and node.ctx == "load"):
        if id(node) in seen:
            return node
        seen.add(id(node))
        return nodes.Call(nodes.EnvironmentAttribute("bounded_value"), [node], [], None, None,
                          lineno=node.lineno)
    return node


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with step, time and size bounds (see the module doc)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/", "-"})
    intercepted_unops = frozenset({"-", "+"})

    def __init__(self) -> None:
        super().__init__(trim_blocks=True, lstrip_blocks=True,
                         extensions=[_GenerationTag, jinja2.ext.loopcontrols])
        self.globals.pop("lipsum", None)  # lipsum(10**9) would write a book in one call
        self.globals.update(GLOBALS)
        self.filters.update(FILTERS)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _instrument(super()._parse(source, name, filename))

    # -- the hooks the compiled template calls --------------------------------------
    def bounded_iter(self, iterable: Any) -> Iterator[Any]:
        budget = current_budget()
        budget.step()
        if isinstance(iterable, jinja2.Undefined):
            iterable = ()
        for item in iterable:
            budget.step()
            yield item

    def bounded_out(self, value: Any) -> Any:
        budget = current_budget()
        if isinstance(value, str):
            budget.produce(len(value))
        elif not isinstance(value, jinja2.Undefined):
            budget.value(value)
            budget.produce(deep_size(value, budget.limits.output_chars))
        return value

    def bounded_concat(self, parts: list[Any]) -> str:
        budget = current_budget()
        for part in parts:
            budget.value(part)
        strings = [str(part) for part in parts]
        budget.size(sum(len(s) for s in strings))
        return "".join(strings)

    def bounded_value(self, value: Any) -> Any:
        budget = current_budget()
        budget.step()
        budget.value(value)
        return value

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        budget = current_budget()
        budget.step()
        check_binop(operator_, left, right, budget)
        return super().call_binop(context, operator_, left, right)

    def call_unop(self, context: Any, operator_: str, arg: Any) -> Any:
        current_budget().step()
        return super().call_unop(context, operator_, arg)

    def getitem(self, obj: Any, argument: Any) -> Any:
        current_budget().step()
        return super().getitem(obj, argument)

    def getattr(self, obj: Any, attribute: str) -> Any:
        current_budget().step()
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = current_budget()
        budget.step()
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped
        owner = getattr(target, "__self__", None)
        if isinstance(owner, (str, bytes)):
            check_str_method(getattr(target, "__name__", ""), owner, args, kwargs, budget)
        result = super().call(__context, __obj, *args, **kwargs)
        budget.value(result)
        check_number(result, budget)
        return result


# -- globals and filters ------------------------------------------------------------


_environment: BoundedEnvironment | None = None
_environment_lock = threading.Lock()


def environment() -> BoundedEnvironment:
    """The shared environment (compiled templates hold no render state)."""
    global _environment
    with _environment_lock:
        if _environment is None:
            _environment = BoundedEnvironment()
        return _environment


def compile_template(source: str) -> jinja2.Template:
    """``source`` compiled in the bounded environment.

    Raises ``jinja2.TemplateSyntaxError`` (with its line) for a template Jinja
    refuses, and :class:`TemplateBudgetError` for one too large or too deeply
    nested to compile safely.
    """
    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateBudgetError(tr("the chat template is {size:,} characters long (the limit "
                                     "is {limit:,})", size=len(source),
                                     limit=MAX_TEMPLATE_CHARS))
    try:
        return environment().from_string(source)
    except (RecursionError, MemoryError):
        raise TemplateBudgetError(tr("the chat template is nested too deeply to "
                                     "compile")) from None
    except SyntaxError as exc:  # Python refused the generated code (e.g. 20 nested loops)
        if isinstance(exc, jinja2.TemplateSyntaxError):
            raise
        raise TemplateBudgetError(tr("the chat template is nested too deeply to "
                                     "compile")) from None


def render(template: jinja2.Template, limits: RenderLimits | None = None,
           **variables: Any) -> str:
    """``template`` rendered with ``variables`` within ``limits``.

    Raises :class:`TemplateBudgetError` past a bound; anything else the template
    raises (``raise_exception``, a type error, an undefined name) is left to the caller.
    """
    limits = limits or RenderLimits()
    previous = getattr(local, "budget", None)
    budget = Budget(limits, time.monotonic() + limits.seconds)
    local.budget = budget
    parts: list[str] = []
    total = 0
    try:
        for part in template.generate(**variables):
            total += len(part)
            if total > limits.output_chars:
                raise TemplateBudgetError(tr(
                    "the chat template wrote more than {limit:,} characters and was stopped",
                    limit=limits.output_chars))
            if time.monotonic() > budget.deadline:
                raise TemplateBudgetError(tr(
                    "the chat template ran for more than {seconds:g} seconds and was stopped",
                    seconds=limits.seconds))
            parts.append(part)
    except RecursionError:
        raise TemplateBudgetError(tr("the chat template recursed too deeply and was "
                                     "stopped")) from None
    finally:
        local.budget = previous
    return "".join(parts)


def describe_failure(exc: BaseException) -> Text:
    """A one-line reason for a template that could not be compiled or rendered."""
    if isinstance(exc, UserError):
        return exc.text
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return tr("line {line}: {reason}", line=exc.lineno, reason=exc.message or "")
    if isinstance(exc, jinja2.TemplateError):
        return Text.plain(str(exc) or type(exc).__name__)
    return Text.plain(f"{type(exc).__name__}: {exc}")
