"""Model evaluation: perplexity on a text and multiple-choice accuracy on a task file.

Qt-free and synchronous: the caller's thread loads its own ``llama_cpp.Llama`` (with
``logits_all=True``) and owns it for the call's life, as the model thread rule asks.

- :mod:`.scoring_model`: loading that model, log-softmax, the errors.
- :mod:`.perplexity`: perplexity over windows, as llama.cpp's ``llama-perplexity``.
- :mod:`.tasks`: the JSONL task format and the ARC/HellaSwag/PIQA converters.
- :mod:`.choices`: accuracy by the log-likelihood of each choice.
- :mod:`.results`: the results kept per model file.
- :mod:`.runs`: one run for an installed model, from its text or task to its kept record
  (what ``fireside eval`` and the window's Evaluate dialog share).
- :mod:`.table`: the kept results in words, the terminal's list and the table across models.
"""
