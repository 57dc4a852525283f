"""Tab order around the conversation: its messages in reading order, where they are seen.

Qt's focus chain follows the order widgets were made in.  Messages are made long after
the message box, and older ones later still (built as the user scrolls up), so Tab went
from *Send* into the messages, newest first.  :func:`tab_target` says where Tab (or
Shift+Tab) should go instead: from the conversation view into its first message's
controls, through every message's controls in reading order, then on to the message
box's row; and from anywhere else, past the messages, as Qt's chain would otherwise go.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.chat_view import ChatView


def tabbable(widget: QWidget, window: QWidget) -> bool:
    """Whether Tab may stop on ``widget`` in ``window`` now."""
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()
            and widget.window() is window and widget.isVisibleTo(window)
            and widget.focusProxy() is None)


def worth_a_stop(widget: QWidget) -> bool:
    """A message's text takes the focus only for its links: without any, a stop there would
    show nothing (its text is selected with the mouse, or copied with the Copy icon)."""
    return not isinstance(widget, QLabel) or "href" in widget.text()


def focus_ring(window: QWidget) -> list[QWidget]:
    """The window's focus chain, from the window round to the widget before it."""
    ring = [window]
    widget = window.nextInFocusChain()
    while widget is not window and widget is not None and len(ring) < 100_000:
        ring.append(widget)
        widget = widget.nextInFocusChain()
    return ring


def conversation_stops(view: ChatView, ring: list[QWidget]) -> list[QWidget]:
    """The conversation's controls Tab stops on, in reading order (message by message;
    within a message, as its own chain orders them)."""
    window = view.window()
    place = {widget: index for index, widget in enumerate(ring)}
    stops: list[QWidget] = [view.earlier_button] if tabbable(view.earlier_button,
                                                              window) else []
    for message in view.messages:
        inside = [w for w in message.findChildren(QWidget)
                  if tabbable(w, window) and worth_a_stop(w)]
        stops.extend(sorted(inside, key=lambda w: place.get(w, len(ring))))
    return stops


def tab_target(view: ChatView, after: list[QWidget], focus: QWidget | None,
               forward: bool) -> QWidget | None:
    """Where Tab (``forward``) or Shift+Tab goes from ``focus``; None: where Qt would.

    ``after`` are the widgets that follow the conversation (the first tabbable one is
    used): the paperclip, then the message box."""
    window = view.window()
    if focus is None or focus.window() is not window:
        return None
    ring = focus_ring(window)
    stops = conversation_stops(view, ring)
    following = next((w for w in after if tabbable(w, window)), None)
    if focus is view:
        return stops[0] if forward and stops else None
    if focus in stops:
        index = stops.index(focus) + (1 if forward else -1)
        if 0 <= index < len(stops):
            return stops[index]
        return following if forward else view
    if focus is following and not forward:
        return stops[-1] if stops else None
    # Anywhere else: Qt's next stop, passing over the conversation's controls.
    content = view.widget()
    start = ring.index(focus) if focus in ring else 0
    step = 1 if forward else -1
    for offset in range(1, len(ring)):
        widget = ring[(start + step * offset) % len(ring)]
        if content is not None and content.isAncestorOf(widget):
            continue
        if tabbable(widget, window):
            return widget
    return None
