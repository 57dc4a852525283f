"""The kept results in words and tables: one record's result, the terminal's list, the
summary beside an installed model, and the table across models (rows = models, columns =
perplexity per text and accuracy per task) with its Markdown and CSV.

Sentences are :class:`~app.core.texts.Text`; a renderer (the terminal's or the window's
``say``) gives them in the user's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.evaluation.results import EvalRecord
from app.core.texts import Text, tr

Render = Callable[[Text], str]


def record_as_dict(record: EvalRecord) -> dict[str, Any]:
    """``record`` as ``fireside eval --json`` prints it."""
    return {"kind": record.kind, "model": record.model_name, "file": record.model_file,
            "sha256": record.model_sha256, "settings": record.settings,
            "metrics": record.metrics, "date": record.date}


def data_name(record: EvalRecord) -> str:
    """The text's or the task's file name (``?`` when the record does not say)."""
    return str(record.settings.get("text", record.settings.get("task", "?")))


def data_size(record: EvalRecord) -> object:
    """The window (perplexity) or the context (choices) in tokens."""
    return record.settings.get("window", record.settings.get("context", "?"))


def result_words(record: EvalRecord) -> Text:
    """"perplexity 12.345" or "accuracy 80.0%, normalized 76.0%"."""
    metrics = record.metrics
    if record.kind == "perplexity":
        return tr("perplexity {value:.3f}", value=metrics.get("perplexity", float("nan")))
    return tr("accuracy {accuracy:.1%}, normalized {norm:.1%}",
              accuracy=metrics.get("accuracy", 0.0), norm=metrics.get("accuracy_norm", 0.0))


def settings_words(record: EvalRecord) -> Text:
    """"512 tokens, 4 threads"."""
    return tr("{tokens} tokens, {threads} threads", tokens=data_size(record),
              threads=record.settings.get("threads", "?"))


def short_date(record: EvalRecord) -> str:
    """"2025-01-31 12:34" (UTC, as kept)."""
    return record.date[:16].replace("T", " ")


@dataclass(frozen=True)
class ListRow:
    """One line of ``fireside eval``: a record."""

    model: str
    result: Text
    data: str
    settings: Text
    date: str


def list_rows(records: Iterable[EvalRecord]) -> list[ListRow]:
    """The records as ``fireside eval`` lists them: by model, kind and date."""
    return [ListRow(r.model_name, result_words(r), data_name(r), settings_words(r),
                    short_date(r))
            for r in sorted(records, key=lambda r: (r.model_name, r.kind, r.date))]


def latest_per_kind(records: Iterable[EvalRecord]) -> list[EvalRecord]:
    """The newest record of each kind (perplexity first)."""
    newest: dict[str, EvalRecord] = {}
    for record in records:
        if record.kind not in newest or record.date >= newest[record.kind].date:
            newest[record.kind] = record
    return [newest[kind] for kind in sorted(newest, key=lambda k: k != "perplexity")]


def summary_words(record: EvalRecord) -> Text:
    """"perplexity 12.34 on sample.txt" or "accuracy 75% on task.jsonl (8 questions)"."""
    metrics = record.metrics
    if record.kind == "perplexity":
        return tr("perplexity {value:.2f} on {data}",
                  value=metrics.get("perplexity", float("nan")), data=data_name(record))
    return tr("accuracy {accuracy:.0%} on {data} (%n question(s))", "",
              int(metrics.get("items", 0)), accuracy=metrics.get("accuracy", 0.0),
              data=data_name(record))


@dataclass(frozen=True)
class Column:
    """One column of the table across models: a kind on one text or task (and window)."""

    kind: str
    data: str
    size: object
    title: Text


@dataclass
class ModelRow:
    """One model file (by sha256) and its newest record in each column."""

    sha256: str
    model_name: str
    model_file: str
    cells: dict[int, EvalRecord] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultsTable:
    """Rows of models, columns of measurements."""

    columns: list[Column]
    rows: list[ModelRow]


def results_table(records: Iterable[EvalRecord]) -> ResultsTable:
    """The table across models: perplexity columns (one per text and window) first, then
    accuracy (one per task and context); each cell the newest record; models by name."""
    records = sorted(records, key=lambda r: r.date)
    keys = sorted({(r.kind, data_name(r), str(data_size(r))) for r in records},
                  key=lambda k: (k[0] != "perplexity", k[1].lower(), k[2]))
    shared = {(kind, data) for kind, data, _ in keys
              if sum(1 for k in keys if k[:2] == (kind, data)) > 1}
    columns = []
    for kind, data, size in keys:
        if (kind, data) in shared:
            title = (tr("Perplexity · {data} · {tokens} tokens", data=data, tokens=size)
                     if kind == "perplexity" else
                     tr("Accuracy · {data} · {tokens} tokens", data=data, tokens=size))
        else:
            title = (tr("Perplexity · {data}", data=data) if kind == "perplexity"
                     else tr("Accuracy · {data}", data=data))
        columns.append(Column(kind, data, size, title))
    index = {(c.kind, c.data, str(c.size)): i for i, c in enumerate(columns)}
    rows: dict[str, ModelRow] = {}
    for record in records:  # oldest first: the newest of each cell (and name) wins
        row = rows.setdefault(record.model_sha256, ModelRow(record.model_sha256, "", ""))
        row.model_name, row.model_file = record.model_name, record.model_file
        row.cells[index[(record.kind, data_name(record), str(data_size(record)))]] = record
    return ResultsTable(columns, sorted(rows.values(),
                                        key=lambda r: (r.model_name.lower(), r.model_file)))


def cell_words(record: EvalRecord) -> Text:
    """A cell: "12.345", or "80.0% (20 of 25)"."""
    metrics = record.metrics
    if record.kind == "perplexity":
        return Text("{value:.3f}", {"value": metrics.get("perplexity", float("nan"))})
    return tr("{accuracy:.1%} ({correct} of {items})", accuracy=metrics.get("accuracy", 0.0),
              correct=metrics.get("correct", "?"), items=metrics.get("items", "?"))


def _grid(table: ResultsTable, render: Render) -> list[list[str]]:
    head = [render(tr("Model")), *(render(c.title) for c in table.columns)]
    body = [[row.model_name, *(render(cell_words(row.cells[i])) if i in row.cells else ""
                               for i in range(len(table.columns)))] for row in table.rows]
    return [head, *body]


def as_markdown(table: ResultsTable, render: Render = str) -> str:
    """The table in Markdown (a pipe table)."""
    grid = _grid(table, render)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n"

    return line(grid[0]) + line(["---"] * len(grid[0])) + "".join(line(r) for r in grid[1:])


def as_csv(table: ResultsTable, render: Render = str) -> str:
    """The table as CSV: the model's name and file, then each column's value (perplexity,
    or accuracy as a fraction), as a spreadsheet wants numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([render(tr("Model")), render(tr("File")), "sha256",
                     *(render(c.title) for c in table.columns)])
    for row in table.rows:
        values = []
        for i, column in enumerate(table.columns):
            record = row.cells.get(i)
            key = "perplexity" if column.kind == "perplexity" else "accuracy"
            values.append("" if record is None else str(record.metrics.get(key, "")))
        writer.writerow([row.model_name, row.model_file, row.sha256, *values])
    return buffer.getvalue()
