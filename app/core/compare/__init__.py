"""Compare models: one prompt sent to 2–4 models, measured, voted on blind, kept here.

- :mod:`.records`: what a comparison is (answers, metrics, settings used).
- :mod:`.memory`: the peak memory of a model, sampled while it runs.
- :mod:`.runner`: which models the user named, and running the comparison (local models
  one after another on the model thread, remote ones through their provider).
- :mod:`.votes`: the comparisons and votes kept in ``compare.sqlite3``, and the tally.
- :mod:`.export`: a comparison as Markdown or JSON, or continued as an ordinary chat.

Qt-free: the window and ``fireside compare`` both use it.
"""
