"""Fireside: a private, offline-first desktop chat for open language models."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Fireside"
# The reverse-DNS application id: the desktop entry's file name, the AppStream id, the
# icon's name, and what QGuiApplication.setDesktopFileName gets (so Wayland finds the icon).
APP_ID = "io.github.fireside.Fireside"
