"""What the Evaluate dialog says: about each kind of evaluation, its source, its progress and
its result (Qt's ``tr`` under the dialog's context, so a translator sees them together)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.evaluation.choices import ChoicesResult
from app.core.evaluation.perplexity import PerplexityResult
from app.core.evaluation.runs import PERPLEXITY, EvalSource, Kind
from app.core.texts import tr
from app.ui.i18n import say


def about(kind: Kind) -> str:
    """What the kind measures, what it compares, and (for tasks) the format and the sets."""
    if kind == PERPLEXITY:
        return QCoreApplication.translate(
            "EvaluationDialog",
            "Perplexity: how well the model predicts the text, over windows of its context as "
            "llama.cpp's llama-perplexity measures it. Lower is better. It compares "
            "quantizations of one model (the same tokenizer); it is not comparable across "
            "models with different tokenizers, which cut the text into different tokens.")
    return QCoreApplication.translate(
        "EvaluationDialog",
        "Accuracy: each choice is scored by its log-likelihood after the question, as "
        "evaluation harnesses do; the model's pick is the likeliest. A task is a JSON Lines "
        "file, one question a line: {\"question\": \"The capital of France is\", \"choices\": "
        "[\"Paris\", \"Berlin\"], \"answer\": 0}. Lines in the ARC, OpenBookQA, HellaSwag, "
        "PIQA, BoolQ and WinoGrande layouts are read as they are. The full public sets are on "
        "Hugging Face: Rowan/hellaswag, allenai/ai2_arc (ARC-Easy, ARC-Challenge), "
        "ybisk/piqa, google/boolq, allenai/winogrande, allenai/openbookqa; save a split as "
        "JSON Lines.")


def source_facts(source: EvalSource) -> str:
    """"sample.txt: 3,281 characters" or "task.jsonl: 26 questions"."""
    if source.kind == PERPLEXITY:
        return QCoreApplication.translate(
            "EvaluationDialog", "{file}: {count:,} characters").format(
            file=source.name, count=len(source.content))
    return say(tr("{file}: %n question(s)", "", len(source.items), file=source.name))


def progress_words(kind: Kind, done: int, total: int) -> str:
    """"312 of 1,550 tokens scored" or "4 of 26 questions"."""
    if kind == PERPLEXITY:
        return QCoreApplication.translate(
            "EvaluationDialog", "{done:,} of {total:,} tokens scored").format(
            done=done, total=total)
    return QCoreApplication.translate(
        "EvaluationDialog", "{done:,} of {total:,} questions").format(done=done, total=total)


def result_headline(result: PerplexityResult | ChoicesResult) -> str:
    """"Perplexity 12.345" or "Accuracy 80.8% (21 of 26)"."""
    if isinstance(result, PerplexityResult):
        return QCoreApplication.translate("EvaluationDialog", "Perplexity {value:.3f}").format(
            value=result.perplexity)
    return QCoreApplication.translate(
        "EvaluationDialog", "Accuracy {accuracy:.1%} ({correct} of {items})").format(
        accuracy=result.accuracy, correct=result.correct, items=result.items)


def result_details(result: PerplexityResult | ChoicesResult) -> str:
    """Tokens scored, windows and speed; or the normalized accuracy and the time."""
    if isinstance(result, PerplexityResult):
        return say(tr("{tokens:,} tokens scored in %n window(s) of {window} tokens · "
                      "{speed:,.0f} tokens/s · lower is better", "", result.windows,
                      tokens=result.tokens_scored, window=result.window,
                      speed=result.tokens_per_second))
    return QCoreApplication.translate(
        "EvaluationDialog",
        "Normalized accuracy {norm:.1%} ({correct} of {items}) · {seconds:.1f} s").format(
        norm=result.accuracy_norm, correct=result.correct_norm, items=result.items,
        seconds=result.seconds)
