"""LocalDocs: the user's own files, indexed on this computer, for answers with sources.

:mod:`.extract` reads a file's text (with limits), :mod:`.chunking` cuts it into chunks
that keep their page, headings and lines, :mod:`.store` keeps collections, files and
chunks in one SQLite file and finds chunks by keyword (FTS5), and :mod:`.indexer` walks
a collection's folders and indexes what changed, resumably.  :mod:`.attachments` takes a
file attached to a message: whole if it fits, else indexed in its chat's own collection.
"""
