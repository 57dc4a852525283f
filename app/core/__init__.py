"""Fireside's Qt-free core: engine, catalog, storage, settings.

Nothing in this package may import Qt; ``tests/test_architecture.py`` enforces it.
"""
