"""Multiple-choice task files: Fireside's JSONL format and the common public layouts.

Fireside's format is JSON Lines, one item per line (blank lines are skipped)::

    {"question": "The capital of France is", "choices": ["Paris", "Berlin"], "answer": 0}

- ``question``: the text the choices continue (may be empty).
- ``choices``: two or more non-empty strings; each is scored as the continuation
  ``question + " " + choice``.
- ``answer``: the index (from 0) of the right choice.

:func:`convert_item` also takes, line by line, the layouts the public sets use:

- ARC (``allenai/ai2_arc``, and OpenBookQA's ``question_stem`` variant):
  ``{"question": {"stem": …, "choices": [{"label": "A", "text": …}, …]}, "answerKey": "B"}``
  or flat ``{"question": …, "choices": {"label": […], "text": […]}, "answerKey": …}``;
  the question becomes ``"Question: {stem}\\nAnswer:"`` as the evaluation harnesses write it.
- HellaSwag (``Rowan/hellaswag``): ``{"ctx": …, "endings": […], "label": N}``.
- PIQA (``ybisk/piqa``): ``{"goal": …, "sol1": …, "sol2": …, "label": N}``; the question
  becomes ``"Question: {goal}\\nAnswer:"``.
- BoolQ (``google/boolq``: ``{"question": …, "passage": …, "answer": true}``, or SuperGLUE's
  copy with ``"label": 1``): ``"{passage}\\nQuestion: {question}?\\nAnswer:"`` continued by
  "no" or "yes", as the evaluation harnesses ask it.
- WinoGrande (``allenai/winogrande``: ``{"sentence": "… _ …", "option1": …, "option2": …,
  "answer": "1"}``): the two sentences with the blank filled in, each scored whole (the
  harnesses score only the words after the blank, so the figures differ a little).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.evaluation.scoring_model import EvaluationError
from app.core.texts import Text, tr


@dataclass(frozen=True)
class ChoiceItem:
    """One multiple-choice question.

    Attributes:
        question: the text the choices continue.
        choices: the candidate continuations.
        answer: the index of the right one.
        line: the item's line in its file (1-based; 0 when not from a file).
    """

    question: str
    choices: tuple[str, ...]
    answer: int
    line: int = 0


class ItemError(Exception):
    """A JSON line that is no multiple-choice item; :attr:`reason` says why."""

    def __init__(self, reason: Text) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _label_index(label: Any, labels: list[str]) -> int:
    """An answer given as an index (int or digits) or as one of ``labels`` ("A", "1")."""
    if isinstance(label, bool):
        raise ItemError(tr("the answer must be a number or a choice's label"))
    if isinstance(label, int):
        return label
    if isinstance(label, str):
        if label in labels:
            return labels.index(label)
        if label.strip().isdigit():
            return int(label.strip())
    raise ItemError(tr("the answer must be a number or a choice's label"))


def _arc(data: dict[str, Any]) -> ChoiceItem:
    question = data.get("question")
    if isinstance(question, dict):  # ARC's nested layout
        stem, raw = question.get("stem"), question.get("choices")
    else:  # the flat layout of the Hugging Face copy
        stem, raw = data.get("question_stem", question), data.get("choices")
    if isinstance(raw, dict):
        raw = [{"label": label, "text": text}
               for label, text in zip(raw.get("label", []), raw.get("text", []), strict=False)]
    if not isinstance(stem, str) or not isinstance(raw, list) or \
            not all(isinstance(c, dict) for c in raw):
        raise ItemError(tr("an ARC item needs a question stem and a list of choices"))
    labels = [str(c.get("label", "")) for c in raw]
    return ChoiceItem(f"Question: {stem}\nAnswer:", tuple(c.get("text") for c in raw),
                      _label_index(data["answerKey"], labels))


def _boolq(data: dict[str, Any]) -> ChoiceItem:
    answer = data.get("answer", data.get("label"))
    if isinstance(answer, bool):
        index = int(answer)
    elif isinstance(answer, int) and answer in (0, 1):
        index = answer
    else:
        raise ItemError(tr("a BoolQ item needs an answer of true or false"))
    question = str(data["question"]).strip().rstrip("?")
    return ChoiceItem(f"{data['passage']}\nQuestion: {question}?\nAnswer:", ("no", "yes"),
                      index)


def _winogrande(data: dict[str, Any]) -> ChoiceItem:
    sentence = data["sentence"]
    if not isinstance(sentence, str) or sentence.count("_") != 1:
        raise ItemError(tr("a WinoGrande sentence needs exactly one blank (_)"))
    options = (data["option1"], data["option2"])
    if not all(isinstance(o, str) for o in options):
        raise ItemError(tr("there must be two or more choices, each a non-empty text"))
    answer = str(data["answer"]).strip()  # "1" or "2" (a number in some copies)
    if answer not in ("1", "2"):
        raise ItemError(tr("a WinoGrande answer must be 1 or 2"))
    return ChoiceItem("", tuple(sentence.replace("_", o) for o in options), int(answer) - 1)


def convert_item(data: object) -> ChoiceItem:
    """One parsed JSON line as a :class:`ChoiceItem` (Fireside's, ARC, HellaSwag, PIQA,
    BoolQ or WinoGrande layout); raises :class:`ItemError` with the reason when it is none
    of them."""
    if not isinstance(data, dict):
        raise ItemError(tr("a line must hold a JSON object"))
    if "answerKey" in data and ("question" in data or "question_stem" in data):
        item = _arc(data)
    elif {"question", "passage"} <= data.keys() and "choices" not in data:
        item = _boolq(data)
    elif {"sentence", "option1", "option2", "answer"} <= data.keys():
        item = _winogrande(data)
    elif {"ctx", "endings", "label"} <= data.keys():
        endings = data["endings"]
        item = ChoiceItem(data["ctx"], tuple(endings) if isinstance(endings, list) else (),
                          _label_index(data["label"], []))
    elif {"goal", "sol1", "sol2", "label"} <= data.keys():
        item = ChoiceItem(f"Question: {data['goal']}\nAnswer:", (data["sol1"], data["sol2"]),
                          _label_index(data["label"], []))
    elif {"question", "choices", "answer"} <= data.keys():
        choices = data["choices"]
        item = ChoiceItem(data["question"], tuple(choices) if isinstance(choices, list) else (),
                          _label_index(data["answer"], []))
    else:
        raise ItemError(tr("expected the keys question, choices and answer"))
    return _checked(item)


def _checked(item: ChoiceItem) -> ChoiceItem:
    if not isinstance(item.question, str):
        raise ItemError(tr("the question must be text"))
    if len(item.choices) < 2 or not all(isinstance(c, str) and c.strip()
                                        for c in item.choices):
        raise ItemError(tr("there must be two or more choices, each a non-empty text"))
    if not 0 <= item.answer < len(item.choices):
        raise ItemError(tr("the answer {answer} is not the index of a choice (0 to {last})",
                      answer=item.answer, last=len(item.choices) - 1))
    return item


def parse_task(lines: list[str], name: str = "") -> list[ChoiceItem]:
    """The items of a task's lines; :class:`EvaluationError` naming the first bad line."""
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise EvaluationError(tr("{file}, line {line}: not valid JSON ({reason})",
                                     file=name, line=number, reason=str(exc))) from None
        try:
            item = convert_item(data)
        except ItemError as exc:
            raise EvaluationError(tr("{file}, line {line}: {reason}", file=name, line=number,
                                     reason=exc.reason)) from None
        items.append(ChoiceItem(item.question, item.choices, item.answer, number))
    if not items:
        raise EvaluationError(tr("{file} holds no questions.", file=name))
    return items


def load_task(path: Path) -> list[ChoiceItem]:
    """The items of the JSONL task file ``path`` (see the module's format)."""
    from app.core.evaluation.perplexity import read_text

    return parse_task(read_text(path).splitlines(), path.name)
