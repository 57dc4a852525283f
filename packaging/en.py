# ruff: noqa: E501  (a table of sentences: one per line reads best)
"""English forms of the sentences that carry a count (Qt's ``%n``): one, then more.

The source texts write the count as ``%n`` and the noun with ``(s)``; the interface never
shows those: ``python packaging/translate.py`` writes these forms into
``resources/i18n/fireside_en.ts`` (collected with ``pyside6-lupdate -pluralonly``).
"""

EN_PLURALS: dict[str, str | tuple[str, ...]] = {
    "accuracy {accuracy:.0%} on {data} (%n question(s))":
        ("accuracy {accuracy:.0%} on {data} (%n question)", "accuracy {accuracy:.0%} on {data} (%n questions)"),
    "{file}: %n question(s)": ("{file}: %n question", "{file}: %n questions"),
    "{tokens:,} tokens scored in %n window(s) of {window} tokens · {speed:,.0f} tokens/s · lower is better":
        ("{tokens:,} tokens scored in %n window of {window} tokens · {speed:,.0f} tokens/s · lower is better",
         "{tokens:,} tokens scored in %n windows of {window} tokens · {speed:,.0f} tokens/s · lower is better"),
    "%n file(s) could not be read": ("%n file could not be read", "%n files could not be read"),
    "%n folder(s) missing": ("%n folder missing", "%n folders missing"),
    "This is the branch that was open; the JSON export also holds %n message(s) from other branches.":
        ("This is the branch that was open; the JSON export also holds %n message from another branch.",
         "This is the branch that was open; the JSON export also holds %n messages from other branches."),
    "%n new chat(s)": ("%n new chat", "%n new chats"),
    "The download of {file} failed after %n attempt(s): {reason}. What arrived is kept; try again later to continue.":
        ("The download of {file} failed after %n attempt: {reason}. What arrived is kept; try again later to continue.",
         "The download of {file} failed after %n attempts: {reason}. What arrived is kept; try again later to continue."),
    "%n message(s)": ("%n message", "%n messages"),
    "%n chat(s) already here": ("%n chat already here", "%n chats already here"),
    "%n broken entry(s)": ("%n broken entry", "%n broken entries"),
    "Catalog refreshed from {url}: %n model(s).": ("Catalog refreshed from {url}: %n model.", "Catalog refreshed from {url}: %n models."),
    "Exported %n chat(s) to {path}": ("Exported %n chat to {path}", "Exported %n chats to {path}"),
    "%n chat(s) match “{query}”": ("%n chat matches “{query}”", "%n chats match “{query}”"),
    "Delete “{title}” and its %n message(s)? This cannot be undone.":
        ("Delete “{title}” and its %n message? This cannot be undone.", "Delete “{title}” and its %n messages? This cannot be undone."),
    "%n repository(s); choose one to see its files.": ("%n repository; choose it to see its files.", "%n repositories; choose one to see its files."),
    "{repo}: %n GGUF file(s).": ("{repo}: %n GGUF file.", "{repo}: %n GGUF files."),
    "Added %n model(s) from {file}.": ("Added %n model from {file}.", "Added %n models from {file}."),
    "The catalog is up to date (%n model(s)).": ("The catalog is up to date (%n model).", "The catalog is up to date (%n models)."),
    "Exported %n preset(s) to {path}.": ("Exported %n preset to {path}.", "Exported %n presets to {path}."),
    "Imported %n preset(s).": ("Imported %n preset.", "Imported %n presets."),
    "Connected: %n model(s).": ("Connected: %n model.", "Connected: %n models."),
    "answering %n request(s)": ("answering %n request", "answering %n requests"),
}
