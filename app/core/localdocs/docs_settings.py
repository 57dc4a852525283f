"""How LocalDocs answers and indexes: :class:`LocalDocsSettings` (part of the settings).

A leaf module, so the settings, the indexer and the window use it without importing each
other.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# The catalog's embedding model LocalDocs offers by default (models.json).
DEFAULT_EMBEDDING_MODEL = "nomic-embed-text-v1-5-q8-0"


class LocalDocsSettings(BaseModel):
    """LocalDocs' settings.

    Attributes:
        sources: how many excerpts at most go into a question's prompt.
        context_share: the share of the model's context those excerpts may take.
        embedding_model: the installed embedding model used for vector search (a catalog
            id); None: keyword search only.
        watch_folders: re-index a collection when its files change while Fireside runs.
    """

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    sources: int = Field(4, ge=1, le=20)
    context_share: float = Field(0.25, ge=0.05, le=0.6)
    embedding_model: str | None = DEFAULT_EMBEDDING_MODEL
    watch_folders: bool = True

    def token_budget(self, n_ctx: int) -> int:
        """The tokens the excerpts may take in a context of ``n_ctx`` tokens."""
        return max(128, int(n_ctx * self.context_share))
