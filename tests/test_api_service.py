"""The API's queue, disconnects and saved chats, timed in-process (the same server as
`fireside serve`, over a Qt-free model thread), and its stop sequences."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import httpx2 as httpx
import openai
import pytest
from fireside_server import serving_in_process
from openai_fault_server import wait_for

from app.core.context import AppContext
from app.core.installed import STARTER_MODEL_ID
from app.core.parallel_context import API_SLOTS
from app.core.stop_strings import StopStrings

LONG = {"model": STARTER_MODEL_ID, "temperature": 0, "max_tokens": 2000,
        "messages": [{"role": "user", "content": "Write a very long story about a dragon."}]}


def _stops(stops: list[str], pieces: list[str]) -> tuple[str, bool, list[str]]:
    sent: list[str] = []
    event = threading.Event()
    matcher = StopStrings(stops, sent.append, event)
    for piece in pieces:
        matcher.add(piece)
    matcher.flush()
    assert matcher.matched == event.is_set()
    return matcher.text, matcher.matched, sent


def test_stop_sequence_split_over_pieces() -> None:
    text, matched, sent = _stops(["END"], ["Hello E", "N", "D and more"])
    assert (text, matched) == ("Hello ", True)
    assert "".join(sent) == "Hello " and "E" not in "".join(sent)


def test_held_text_that_was_no_stop_is_sent() -> None:
    assert _stops(["END"], ["Hello E", "NTER"])[:2] == ("Hello ENTER", False)
    assert _stops(["END"], ["Hello EN"])[:2] == ("Hello EN", False)  # the reply ended there
    assert _stops([], ["a", "b"])[:2] == ("ab", False)


def test_earliest_of_several_stops_wins() -> None:
    assert _stops(["\n\n", "User:"], ["Answer. User: hi\n\nmore"])[:2] == ("Answer. ", True)
    assert _stops(["ab", "b"], ["xab"])[:2] == ("x", True)


@pytest.fixture
def context(tmp_path: Path, starter_model: Path):  # type: ignore[no-untyped-def]
    context = AppContext.open(tmp_path / "data")
    yield context
    context.close()


def test_stream_client_leaving_stops_generation_within_200_ms(context: AppContext) -> None:
    with serving_in_process(context) as stack:
        url = stack.server.url + "/chat/completions"
        with httpx.stream("POST", url, json={**LONG, "stream": True}, timeout=60) as answer:
            lines = answer.iter_lines()
            for _ in range(8):  # the answer is under way
                next(lines)
            assert stack.service.in_flight == 1
        left = time.monotonic()
        assert wait_for(lambda: stack.service.in_flight == 0, 5)
        assert time.monotonic() - left < 0.2


def test_waiting_client_leaving_stops_its_whole_answer(context: AppContext) -> None:
    with serving_in_process(context) as stack:
        body = json.dumps(LONG).encode()
        with socket.create_connection(("127.0.0.1", stack.server.port)) as sock:
            sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: application/json\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)
            assert wait_for(lambda: stack.service.in_flight == 1, 5)
            time.sleep(0.5)  # generating now
        left = time.monotonic()
        assert wait_for(lambda: stack.service.in_flight == 0, 5)
        assert time.monotonic() - left < 0.2


def test_queue_past_its_depth_gets_429(context: AppContext) -> None:
    context.settings.api_server.queue_depth = 1
    with serving_in_process(context) as stack:
        base = stack.server.url
        streams = [httpx.stream("POST", base + "/chat/completions", timeout=60,
                                json={**LONG, "stream": True}) for _ in range(API_SLOTS + 1)]
        answers = [s.__enter__() for s in streams]  # answering, and one waiting
        try:
            assert wait_for(lambda: stack.service.in_flight == API_SLOTS + 1, 10)
            refused = httpx.post(base + "/chat/completions", json={**LONG, "max_tokens": 2},
                                 timeout=30)
            assert refused.status_code == 429
            assert int(refused.headers["retry-after"]) >= 1
            assert refused.json()["error"]["type"] == "rate_limit_error"
        finally:
            for stream in streams:
                stream.__exit__(None, None, None)
        assert wait_for(lambda: stack.service.in_flight == 0, 5)  # all of them stopped
        assert all(a.status_code == 200 for a in answers)
        after = httpx.post(base + "/chat/completions", json={**LONG, "max_tokens": 2},
                           timeout=60)
        assert after.status_code == 200  # the queue has room again


def test_requests_answered_together_each_its_own(context: AppContext) -> None:
    with serving_in_process(context) as stack:
        client = openai.OpenAI(base_url=stack.server.url, api_key="x", max_retries=0,
                               timeout=120)

        def ask(name: str, tokens: int) -> str:
            return client.chat.completions.create(
                model=STARTER_MODEL_ID, temperature=0, max_tokens=tokens,
                messages=[{"role": "user", "content": f"Tell me about {name}."}],
            ).choices[0].message.content or ""

        order: list[str] = []
        together: dict[str, str] = {}

        def run(name: str, tokens: int) -> None:
            together[name] = ask(name, tokens)
            order.append(name)

        first = threading.Thread(target=run, args=("cats", 80))
        first.start()
        assert wait_for(lambda: stack.service.in_flight == 1, 10)
        time.sleep(0.1)  # cats is answering
        second = threading.Thread(target=run, args=("dogs", 4))
        second.start()
        first.join(120)
        second.join(120)
        assert order == ["dogs", "cats"]  # the short one did not wait for the long one
        assert "cat" in together["cats"].lower() and "dog" not in together["cats"].lower()
        assert "dog" in together["dogs"].lower()  # each got its own answer


def test_chats_not_saved_when_turned_off(context: AppContext) -> None:
    context.settings.api_server.save_chats = False
    with serving_in_process(context) as stack:
        answer = httpx.post(stack.server.url + "/chat/completions",
                            json={**LONG, "max_tokens": 3}, timeout=60)
        assert answer.status_code == 200
    assert context.store.list_conversations() == []
    context.settings.api_server.save_chats = True
    with serving_in_process(context) as stack:
        httpx.post(stack.server.url + "/chat/completions", json={**LONG, "max_tokens": 3},
                   timeout=60)
    saved = context.store.list_conversations()
    assert [c.origin for c in saved] == ["api"]
    loaded = context.store.load_conversation(saved[0].id)
    assert loaded is not None and [m.role.value for m in loaded.messages] == ["user",
                                                                              "assistant"]
    assert loaded.messages[1].status.value == "length"


def test_remote_models_offered_only_when_shared(context: AppContext, tmp_path: Path,
                                                starter_model: Path) -> None:
    from llama_server import llama_server

    from app.core.providers import Provider, ProviderStore

    with llama_server(starter_model, tmp_path / "llama.log") as remote:
        ProviderStore.for_paths(context.paths).save(
            [Provider(name="lab", base_url=remote, models=["smollm2"])])
        with serving_in_process(context) as stack:
            client = openai.OpenAI(base_url=stack.server.url, api_key="x", max_retries=0)
            assert "lab/smollm2" not in [m.id for m in client.models.list()]
            with pytest.raises(openai.NotFoundError):
                client.chat.completions.create(model="lab/smollm2", messages=[
                    {"role": "user", "content": "hi"}], max_tokens=2)
            context.settings.api_server.share_remote = True  # read live
            listed = {m.id: m.owned_by for m in client.models.list()}
            assert listed["lab/smollm2"] == "lab"
            stream = client.chat.completions.create(
                model="lab/smollm2", messages=[{"role": "user", "content": "Say hi."}],
                max_tokens=6, stream=True, stop=["\n\n"])
            pieces = [c.choices[0] for c in stream if c.choices]
            assert "".join(p.delta.content or "" for p in pieces)
            assert pieces[-1].finish_reason in ("stop", "length")
            with pytest.raises(openai.BadRequestError):  # plain completions: local only
                client.completions.create(model="lab/smollm2", prompt="x", max_tokens=2)
    saved = [c for c in context.store.list_conversations() if c.model_id == "remote:lab/smollm2"]
    assert len(saved) == 1 and saved[0].origin == "api"


def test_an_empty_key_matches_nothing() -> None:
    from app.core.api_key import key_matches

    assert key_matches("fs-abc", "fs-abc")
    assert not key_matches("", "")
    assert not key_matches(None, "")
    assert not key_matches("fs-abc", "fs-abd")


def test_what_other_clients_send_is_understood() -> None:
    from pydantic import ValidationError

    from app.core.generation import LIMITS
    from app.server.errors import validation_error
    from app.server.schemas import ChatCompletionRequest

    base = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    loose = ChatCompletionRequest.model_validate_json(json.dumps(
        {**base, "stream": None, "prompt_cache_key": "k", "safety_identifier": "u1"}))
    assert loose.refusal() is None and not loose.stream
    # No max_tokens: the answer may fill the context (the engine stops there).
    assert loose.overrides()["max_tokens"] == LIMITS["max_tokens"].high
    audio = ChatCompletionRequest.model_validate_json(json.dumps(
        {**base, "audio": {"voice": "alloy", "format": "wav"}}))
    assert audio.refusal() is not None and audio.refusal()[0] == "audio"  # type: ignore[index]
    with pytest.raises(ValidationError) as caught:
        ChatCompletionRequest.model_validate_json(json.dumps(
            {**base, "stop": ["a", "b", "c", "d", "e"]}))
    error = validation_error(caught.value)
    assert error.param == "stop" and "constrained" not in error.message
    assert "'stop'" in error.message


def test_host_names_and_preflight_headers_of_a_listening_server() -> None:
    from app.server.guard import GuardRules, _allowed_headers, this_computers_names

    names = this_computers_names()
    everywhere = GuardRules(bound_host="0.0.0.0", key=lambda: "k", key_required=lambda: True)
    here = GuardRules(bound_host="127.0.0.1", key=lambda: "k", key_required=lambda: False)
    for name in names:
        assert everywhere.host_allowed(name)  # other computers may use this one's name
        assert not here.host_allowed(name) or name == "localhost"
    assert everywhere.host_allowed("192.168.1.20")
    assert not everywhere.host_allowed("evil.example")
    allowed = _allowed_headers("x-stainless-os, X-Stainless-Lang, bad header!, content-type")
    assert "x-stainless-os" in allowed and "X-Stainless-Lang" in allowed
    assert "bad header!" not in allowed and allowed.startswith("Authorization")


def test_stopping_the_server_ends_streams_with_their_last_chunk(
        context: AppContext, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.WARNING)
    with serving_in_process(context) as stack:
        url = stack.server.url + "/chat/completions"
        with httpx.stream("POST", url, json={**LONG, "stream": True}, timeout=60) as answer:
            lines = answer.iter_lines()
            for _ in range(6):
                next(lines)
            started = time.monotonic()
            stack.stop(timeout=5)
            rest = [line for line in lines if line.startswith("data: ")]
        took = time.monotonic() - started
    assert rest[-1] == "data: [DONE]"
    assert json.loads(rest[-2][6:])["choices"][0]["finish_reason"] == "stop"
    assert took < 1.5
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
