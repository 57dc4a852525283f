"""Checks on a model file the user brings (file dialog, drag and drop, the models folder).

Before a file is offered as a model: GGUF magic and version, a readable
header, an architecture, a context length, the verdict of the child-process
check (:mod:`app.core.model_probe`: remembered, or run when asked for), and
whether it carries a chat template that compiles in the bounded environment
(without one Fireside falls back to ChatML and says so).  The window asks only
for a remembered verdict here (it must not wait on the GUI thread); the file is
probed on the model thread before it is loaded (:meth:`app.core.engine.Engine.load`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.chat_template import broken_template_warning, compile_problem
from app.core.gguf_header import GGUFError, GGUFHeader, read_gguf_header
from app.core.model_probe import ProbeCache, ProbeVerdict
from app.core.texts import Text, tr


@dataclass(frozen=True)
class ModelFileCheck:
    """The verdict on one file: usable or not, why, and what to warn about."""

    path: Path
    ok: bool
    message: Text
    header: GGUFHeader | None = None
    warnings: list[Text] = field(default_factory=list)


def check_model_file(path: Path, probes: ProbeCache | None = None,
                     probe: bool = False) -> ModelFileCheck:
    """Read ``path``'s GGUF header and consult the probe's verdict; never raises.

    With ``probe``, a file without a remembered verdict is tried in a child process
    now (seconds for a large file: not on a GUI thread); otherwise only a verdict
    already remembered (in ``probes``' file or by this process) refuses it.
    """
    if not path.is_file():
        return ModelFileCheck(path, False, tr("{path} is not a file.", path=str(path)))
    try:
        header = read_gguf_header(path)
    except GGUFError as exc:
        return ModelFileCheck(path, False, tr(
            "{file} cannot be used as a model: {reason}. Fireside runs models in the GGUF "
            "format (files ending in .gguf).", file=path.name, reason=exc.text))
    if not header.architecture:
        return ModelFileCheck(path, False, tr("{file} does not say which model architecture it "
                                              "is, so llama.cpp cannot run it.",
                                              file=path.name), header)
    probes = probes if probes is not None else ProbeCache()
    verdict: ProbeVerdict | None = probes.check(path) if probe else probes.cached(path)
    if verdict is not None and not verdict.ok:
        return ModelFileCheck(path, False, verdict.message(path.name), header)
    warnings = []
    if not header.chat_template:
        warnings.append(tr("{file} has no chat template; Fireside will use ChatML, which may "
                           "not suit this model.", file=path.name))
    elif (problem := compile_problem(header.chat_template)) is not None:
        warnings.append(broken_template_warning(path.name, problem))
    if not header.context_length:
        warnings.append(tr("{file} does not state its context length; Fireside uses the "
                           "setting's value.", file=path.name))
    return ModelFileCheck(path, True, tr("{file}: {summary}.", file=path.name,
                                         summary=header.summary), header, warnings)
