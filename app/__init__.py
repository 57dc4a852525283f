"""Fireside: a private, offline-first desktop chat for open language models."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Fireside"
