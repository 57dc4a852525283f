"""Chat history at scale; prints JSON.

Generates 1,000 conversations of 50 messages and one of 2,000 messages in a
fresh data folder (real SQLite file), then measures, with the real window
offscreen:
- the chat list shown (store query + list widget filled), goal <= 300 ms;
- a full-text search answered (store query + results shown), goal <= 200 ms;
- the 2,000-message chat opened (loaded and its view built), goal <= 500 ms, and
  opened at a search hit on its 6th message;
- scrolling it with the wheel up and back down, then dragging the scroll bar to
  its first message (median / p99 / longest frame, widgets alive at most);
- returning to a 40-turn chat after another chat: time to first token against
  a fresh short chat (the starter model; goal <= 1.5x), with the per-chat KV
  state cache and without it.  As in the app, the next turn's opening is
  evaluated after each reply (the model thread does it while the user reads).
Medians over several runs.

    python bench/bench_chats.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core.conversation import Conversation, Message, Role
from app.core.storage import ChatStore

WORDS = ("river lake bread dragon python function window model token memory garden "
         "mountain ocean planet library question answer music coffee winter summer").split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def populate(path: Path, chats: int = 1000, per_chat: int = 50, long_chat: int = 2000) -> str:
    """Fill the database directly (one transaction), like months of use; return the long chat."""
    rng = random.Random(7)
    store = ChatStore(path)
    db = store._db
    now = time.time()
    db.execute("BEGIN")
    long_id = ""
    for c in range(chats + 1):
        size = long_chat if c == chats else per_chat
        chat = Conversation(title=sentence(rng, 5), created_at=now - c * 3600,
                            updated_at=now - c * 3600)
        db.execute("INSERT INTO conversations (id, title, model_id, system_prompt, created_at, "
                   "updated_at) VALUES (?, ?, NULL, NULL, ?, ?)",
                   (chat.id, chat.title, chat.created_at, chat.updated_at))
        parent = None
        for m in range(size):
            role = Role.USER if m % 2 == 0 else Role.ASSISTANT
            text = sentence(rng, 12 if role is Role.USER else 60)
            if role is Role.ASSISTANT and m % 10 == 1:
                text += "\n\n```python\ndef f(x):\n    return x * 2\n```\n"
            message = Message(role, text, parent_id=parent, created_at=chat.created_at + m)
            db.execute("INSERT INTO messages (id, conversation_id, parent_id, seq, role, "
                       "content, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'complete', ?)",
                       (message.id, chat.id, parent, m, role.value, message.content,
                        message.created_at))
            parent = message.id
        if c == chats:
            long_id = chat.id
    db.execute("COMMIT")
    store.close()
    return long_id


def _step_stats(steps: list[float]) -> dict[str, object]:
    ordered = sorted(steps)
    return {"steps": len(steps),
            "median_step_ms": round(statistics.median(steps), 2) if steps else None,
            "p99_step_ms": round(ordered[max(0, int(len(ordered) * 0.99) - 1)], 1)
            if steps else None,
            "longest_step_ms": round(max(steps), 1) if steps else None,
            "steps_over_33_ms": sum(1 for t in steps if t > 33)}


def _first_on_screen(view) -> bool:  # type: ignore[no-untyped-def]
    """The chat's first message is built and the view is at the top."""
    messages = view.messages
    return bool(messages) and view.unbuilt_count == 0 and \
        messages[0].message.id == view._path[0].id and view.verticalScrollBar().value() == 0


def scroll_long_chat(window, app, notches: int = 1500) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Scroll the open long chat like a user, timing every frame.

    - ``wheel_up``/``wheel_down``: ``notches`` mouse-wheel notches up from the
      bottom (older messages are built on the way), then back down (folded
      ones are built again), one notch per 16 ms frame;
    - ``drag_to_top``: the scroll-bar thumb held at the top until the first
      message is shown.
    A step is the event plus everything it causes (building included); the
    longest step is the worst frame a user would see.
    """
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    view = window.chat_view
    bar = view.verticalScrollBar()
    where = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)

    def wheel(direction: int) -> float:
        event = QWheelEvent(where, view.viewport().mapToGlobal(where), QPoint(0, 0),
                            QPoint(0, 120 * direction), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)  # one notch of a mouse wheel
        begin = time.perf_counter()
        QApplication.sendEvent(view.viewport(), event)
        app.processEvents()
        elapsed = (time.perf_counter() - begin) * 1000
        time.sleep(0.016)  # a notch per frame, at most
        return elapsed

    up = [wheel(+1) for _ in range(notches)]
    most_alive = len(view.messages)
    down = [wheel(-1) for _ in range(notches)]
    most_alive = max(most_alive, len(view.messages))
    drag: list[float] = []
    bar.setSliderDown(True)  # the user holds the thumb at the top
    started = time.perf_counter()
    while not _first_on_screen(view) and time.perf_counter() - started < 120:
        begin = time.perf_counter()
        bar.setValue(0)
        app.processEvents()
        drag.append((time.perf_counter() - begin) * 1000)
        time.sleep(0.016)
        most_alive = max(most_alive, len(view.messages))
    bar.setSliderDown(False)
    return {"wheel_up": _step_stats(up), "wheel_down": _step_stats(down),
            "drag_to_top": {**_step_stats(drag),
                            "seconds_to_first_message": round(time.perf_counter() - started, 1),
                            "reached_the_first_message": _first_on_screen(view)},
            "message_widgets_alive_at_most": most_alive}


def return_ttft(runs: int) -> dict[str, object]:
    """Time to first token when returning to a 40-turn chat, against a fresh short chat."""
    from app.core.catalog import load_catalog
    from app.core.engine import Engine
    from app.core.generation import GenerationSettings
    from app.core.installed import STARTER_MODEL_ID, locate_bundled

    entry = load_catalog().get(STARTER_MODEL_ID)
    path = locate_bundled(entry) if entry else None
    if path is None:
        return {"skipped": "the starter model is not installed"}
    rng = random.Random(3)
    history = [{"role": "system", "content": "You are a helpful assistant."}]
    for _turn in range(40):
        history += [{"role": "user", "content": sentence(rng, 10)},
                    {"role": "assistant", "content": sentence(rng, 30)}]
    settings = GenerationSettings(temperature=0.0, max_tokens=8)
    result: dict[str, object] = {}
    for label, budget in (("with_kv_state_cache", 512 << 20), ("without", 0)):
        engine = Engine()
        engine.load(path, settings)
        engine.kv_states.budget = budget
        chat = list(history)
        first = engine.generate([*chat, {"role": "user", "content": "Go on."}], settings,
                                chat_key="long")
        chat += [{"role": "user", "content": "Go on."},
                 {"role": "assistant", "content": first.text}]
        engine.prefill(chat, chat_key="long")
        fresh, back = [], []
        for run in range(runs):
            short = engine.generate([history[0], {"role": "user", "content": f"Hi number {run}"}],
                                    settings, chat_key=f"fresh-{run}")
            fresh.append(short.time_to_first_token)
            question = {"role": "user", "content": f"And point {run}?"}
            returned = engine.generate([*chat, question], settings, chat_key="long")
            back.append(returned.time_to_first_token)
            chat += [question, {"role": "assistant", "content": returned.text}]
            # As the model thread does after every reply: while the user reads, the next
            # turn's fixed opening is evaluated.
            engine.prefill(chat, chat_key="long")
        engine.unload()
        result[label] = {
            "history_tokens": first.prompt_tokens,
            "fresh_short_chat_ttft_s": round(statistics.median(fresh), 4),
            "return_to_long_chat_ttft_s": round(statistics.median(back), 4),
            "ratio": round(statistics.median(back) / statistics.median(fresh), 2)}
    result["goal_ratio"] = 1.5
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from app.core.context import AppContext
    from app.gui import make_application
    from app.ui.main_window import MainWindow

    app = make_application()
    data = Path(tempfile.mkdtemp(prefix="fireside-chats-"))
    started = time.perf_counter()
    long_id = populate(data / "chats.sqlite3")
    populate_s = time.perf_counter() - started
    context = AppContext.open(data)
    window = MainWindow(context)
    window.resize(1100, 760)
    window.show()
    app.processEvents()

    def timed(action) -> float:  # type: ignore[no-untyped-def]
        begin = time.perf_counter()
        action()
        QApplication.processEvents()  # the result is on screen
        return (time.perf_counter() - begin) * 1000

    list_ms = [timed(window.refresh_chat_list) for _ in range(args.runs)]
    words = ["dragon", "coffee winter", "garden mountain ocean", "libr", "python function"]
    search_ms = []
    for i in range(args.runs):
        window.search_box.blockSignals(True)
        window.search_box.setText(words[i % len(words)])
        window.search_box.blockSignals(False)
        search_ms.append(timed(window.run_search))
    window.search_box.clear()
    open_ms = []
    for _ in range(args.runs):
        window.new_chat()
        app.processEvents()
        open_ms.append(timed(lambda: window.open_chat(long_id)))
    early = window.ctx.store.load_conversation(long_id).path()[5].id
    open_at_hit_ms = []
    for _ in range(args.runs):  # a search hit near the start of the long chat
        window.new_chat()
        app.processEvents()
        open_at_hit_ms.append(timed(lambda: window.open_chat(long_id, early)))
    window.new_chat()
    app.processEvents()
    window.open_chat(long_id)
    app.processEvents()
    scroll = scroll_long_chat(window, app)
    result = {
        "chats": 1001, "messages": 1000 * 50 + 2000,
        "scroll_2000_message_chat": scroll,
        "populate_s": round(populate_s, 1),
        "chat_list_shown_ms": {"median": round(statistics.median(list_ms), 1),
                               "all": [round(x, 1) for x in list_ms], "goal": 300},
        "search_ms": {"median": round(statistics.median(search_ms), 1),
                      "all": [round(x, 1) for x in search_ms], "goal": 200},
        "open_2000_message_chat_ms": {"median": round(statistics.median(open_ms), 1),
                                      "all": [round(x, 1) for x in open_ms], "goal": 500},
        "open_it_at_its_6th_message_ms": {
            "median": round(statistics.median(open_at_hit_ms), 1),
            "all": [round(x, 1) for x in open_at_hit_ms], "goal": 500},
        "ttft_return_to_40_turn_chat": return_ttft(args.runs),
    }
    print(json.dumps(result, indent=2), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
