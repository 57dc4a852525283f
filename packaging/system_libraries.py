"""The shared libraries Fireside's desktop bundle takes from the system, never bundles.

The bundle (packaging/fireside.spec) carries Python, Qt, llama.cpp, PDFium and the rest;
from the system it needs only glibc, GCC's runtime, the GL/EGL drivers and what the
README's apt line installs (fontconfig, freetype, D-Bus, GLib, X11/xcb, xkbcommon,
Wayland), with what those link to themselves.  Those must match the system: a private
older copy would be found first and break a newer driver or configuration.  The spec
leaves every library named here out of the bundle, and tests/test_bundle.py checks that
nothing the bundle loads from outside it is missing from this list.
"""

from __future__ import annotations

import re

SYSTEM_LIBRARIES = re.compile(r"""(
    # glibc (and libxcrypt), and GCC's runtime
    ld-linux(-[\w-]+)?|libc|libm|libdl|libpthread|librt|libresolv|libutil|libcrypt|libnsl
  | libanl|libBrokenLocale|libthread_db|libnss_\w+|libmvec|libstdc\+\+|libgcc_s
    # the GL/EGL drivers (libglvnd, Mesa)
  | libE?(Open)?GLX?(ESv1_CM|ESv2)?(dispatch)?|libdrm|libgbm
    # fontconfig, freetype and what they link to
  | libfontconfig|libfreetype|libexpat|libpng16|libbrotli(common|dec|enc)|libz|libbz2
    # D-Bus and what it links to
  | libdbus-1|libsystemd|libgcrypt|libgpg-error|liblz4|liblzma|libzstd|libcap
    # GLib and what it links to
  | lib(glib|gobject|gio|gmodule|gthread)-2\.0|libffi|libpcre2-8|libselinux|libmount|libblkid
    # X11, xcb, xkbcommon, Wayland
  | libX11|libX11-xcb|libXau|libXdmcp|libXext|libXrender|libbsd|libmd
  | libxcb(-[\w-]+)?|libxkbcommon(-x11)?|libwayland-(client|cursor|egl)
)\.so(\.[\d.]+)?""", re.VERBOSE)


def is_system_library(name: str) -> bool:
    """Whether the library file ``name`` (``libX11.so.6``) comes from the system."""
    return SYSTEM_LIBRARIES.fullmatch(name) is not None
