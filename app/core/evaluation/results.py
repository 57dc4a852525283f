"""The evaluation results kept on this computer, per model file.

One private JSON file (``evaluations.json`` in the data folder, 0600) holds a list of
records.  A record is keyed by the model file's sha256, the kind of evaluation and the
settings used (window or context, threads, and the text's or task's name and sha256): a
new run with the same key replaces the old record, so the table shows the latest
measurement of each setting.  A broken file reads as empty and is replaced at the next
save (it is moved aside to ``evaluations.json.broken`` first).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from app.core.private_files import make_private_dir, write_private

log = logging.getLogger(__name__)
RESULTS_FILE = "evaluations.json"
_LOCK = threading.Lock()


def sha256_of_text(text: str) -> str:
    """sha256 of ``text`` in UTF-8 (identifies the text or task a result was measured on)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EvalRecord:
    """One kept measurement.

    Attributes:
        kind: ``"perplexity"`` or ``"choices"``.
        model_sha256: sha256 of the model file.
        model_name: the model's name when measured.
        model_file: the model file's name when measured.
        settings: what the result depends on (window/context, threads, data name and sha256).
        metrics: the measured values (``perplexity``, ``accuracy``, ``accuracy_norm``…).
        date: when it was measured (ISO 8601, UTC).
    """

    kind: str
    model_sha256: str
    model_name: str
    model_file: str
    settings: dict[str, Any]
    metrics: dict[str, Any]
    date: str = field(default_factory=lambda: datetime.now(timezone.utc)
                      .isoformat(timespec="seconds"))

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two records the same measurement."""
        return self.kind, self.model_sha256, json.dumps(self.settings, sort_keys=True)


class ResultsStore:
    """The records in ``data_dir / evaluations.json``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / RESULTS_FILE

    def load(self) -> list[EvalRecord]:
        """Every kept record, oldest first (none when the file is missing or broken)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            log.warning("evaluation results unreadable (%s): %s", self.path, exc)
            return []
        records = []
        for entry in raw if isinstance(raw, list) else []:
            try:
                records.append(EvalRecord(**entry))
            except TypeError:
                log.warning("skipped a malformed evaluation record: %r", entry)
        return records

    def save(self, record: EvalRecord) -> None:
        """Keep ``record``, replacing one with the same key."""
        with _LOCK:
            records = [r for r in self.load() if r.key != record.key]
            records.append(record)
            make_private_dir(self.path.parent, tighten_existing=False)
            if self.path.exists() and not self._readable():
                self.path.replace(self.path.with_name(RESULTS_FILE + ".broken"))
            write_private(self.path, json.dumps([asdict(r) for r in records], indent=1,
                                                ensure_ascii=False))

    def _readable(self) -> bool:
        try:
            return isinstance(json.loads(self.path.read_text(encoding="utf-8")), list)
        except (OSError, ValueError):
            return False

    def for_model(self, sha256: str) -> list[EvalRecord]:
        """The records of the model file with ``sha256``."""
        return [r for r in self.load() if r.model_sha256 == sha256]
