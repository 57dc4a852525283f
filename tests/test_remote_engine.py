"""The remote engine against a real OpenAI-compatible server and a misbehaving one.

The real one is llama-cpp-python's own server (``python -m llama_cpp.server``) with
the starter model, started here; the misbehaving one is tests/openai_fault_server.py.
Every failure gives one RemoteError naming the host, keeps what had arrived, and the
same engine answers the next question.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from llama_server import llama_server
from openai_fault_server import Behaviour, FaultServer, free_port, wait_for

from app.core.generation import GenerationSettings
from app.core.network import set_offline
from app.core.providers import Provider, list_models
from app.core.reasoning import split_reasoning
from app.core.remote_engine import RemoteEngine, RemoteError

REAL_KEY = "real-server-key-5f2b"
QUESTION = [{"role": "system", "content": "You are brief."},
            {"role": "user", "content": "Name three colours."}]


def settings(**values: object) -> GenerationSettings:
    return GenerationSettings(**{"temperature": 0.0, "max_tokens": 24, **values})


# -- a real server ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_server(starter_model: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server with the starter model; its base URL."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    with llama_server(starter_model, log, api_key=REAL_KEY) as base:
        yield base


def test_a_real_server_lists_its_model_and_streams_a_reply(real_server: str) -> None:
    provider = Provider(name="local", base_url=real_server)
    assert list_models(provider, REAL_KEY) == ["smollm2"]
    engine = RemoteEngine(real_server, "smollm2", REAL_KEY)
    pieces: list[str] = []
    result = engine.generate(QUESTION, settings(), pieces.append)
    assert len(pieces) > 3 and "".join(pieces) == result.text and result.text.strip()
    assert result.finish_reason in ("stop", "length")
    # llama-cpp-python's server sends no usage while streaming: one piece is one token.
    assert result.completion_tokens == len(pieces) <= 24
    assert result.time_to_first_token > 0 and result.tokens_per_second > 0
    assert result.n_ctx == 0


def test_max_tokens_reaches_the_real_server(real_server: str) -> None:
    engine = RemoteEngine(real_server, "smollm2", REAL_KEY)
    result = engine.generate(QUESTION, settings(max_tokens=3))
    assert result.finish_reason == "length" and result.completion_tokens == 3


def test_stop_ends_a_real_stream_within_200_ms_and_keeps_the_partial_reply(
        real_server: str) -> None:
    engine = RemoteEngine(real_server, "smollm2", REAL_KEY)
    pieces: list[str] = []
    stop = threading.Event()
    stopped_at: list[float] = []

    def press_stop() -> None:
        assert wait_for(lambda: len(pieces) >= 4, timeout=60)
        stopped_at.append(time.perf_counter())
        stop.set()

    presser = threading.Thread(target=press_stop)
    presser.start()
    long = [{"role": "user", "content": "Write a very long story about a lighthouse."}]
    result = engine.generate(long, settings(max_tokens=2000, temperature=0.8), pieces.append,
                             stop)
    returned = time.perf_counter()
    presser.join()
    assert result.finish_reason == "stopped"
    assert returned - stopped_at[0] < 0.2
    assert result.text == "".join(pieces) and len(pieces) >= 4
    assert result.completion_tokens < 2000
    # The server and the engine go on working.
    assert engine.generate(QUESTION, settings(max_tokens=4)).completion_tokens == 4


def test_the_real_server_refuses_a_wrong_or_missing_key_with_a_clear_message(
        real_server: str) -> None:
    host = real_server.split("/")[2]
    with pytest.raises(RemoteError) as wrong:
        RemoteEngine(real_server, "smollm2", "wrong-key-9c1d").generate(QUESTION, settings())
    assert wrong.value.kind == "auth" and wrong.value.status == 401
    assert str(wrong.value) == (f"{host} rejected the API key (HTTP 401). Check the key in "
                                "Settings → Providers.")
    with pytest.raises(RemoteError) as missing:
        list_models(Provider(name="local", base_url=real_server), None)
    assert missing.value.kind == "auth" and "needs an API key" in str(missing.value)


# -- the misbehaving server -------------------------------------------------------------------
@pytest.fixture
def fault() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def test_the_request_carries_the_settings_and_no_key_or_system_details(
        fault: FaultServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-from-the-environment")
    engine = RemoteEngine(fault.base_url, "fault-model")
    result = engine.generate(QUESTION, settings(temperature=0.3, top_p=0.8, top_k=12,
                                                min_p=0.07, repeat_penalty=1.2,
                                                max_tokens=99, seed=42))
    assert result.text == "Hello from the fault server."
    assert (result.prompt_tokens, result.completion_tokens) == (11, 6)  # the server's usage
    assert result.prompt_tokens_evaluated == 7  # 4 were cached on the server
    (request,) = fault.chat_requests()
    body = request.body
    assert body["model"] == "fault-model" and body["messages"] == QUESTION
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert (body["temperature"], body["top_p"], body["max_tokens"], body["seed"]) == (
        0.3, 0.8, 99, 42)
    assert (body["top_k"], body["min_p"], body["repeat_penalty"]) == (12, 0.07, 1.2)
    headers = request.headers
    assert "authorization" not in headers and "openai-organization" not in headers
    assert not {"x-stainless-os", "x-stainless-arch", "x-stainless-runtime-version"} & set(
        headers)
    RemoteEngine(fault.base_url, "fault-model", "sk-mine").generate(QUESTION, settings(
        seed=-1))
    last = fault.chat_requests()[-1]
    assert last.headers.get("authorization") == "Bearer sk-mine"
    assert "seed" not in last.body  # a random seed is the server's own


def test_openais_own_api_gets_only_standard_parameters() -> None:
    engine = RemoteEngine("https://api.openai.com/v1", "gpt-4o-mini", "sk-x")
    body = engine.request_params(QUESTION, settings())
    assert not {"top_k", "min_p", "repeat_penalty"} & set(body)
    assert {"temperature", "top_p", "max_tokens"} <= set(body)


def test_a_parameter_the_server_refuses_is_dropped_and_remembered(fault: FaultServer) -> None:
    fault.behaviour = Behaviour("refuse_param", refuse="top_k")
    engine = RemoteEngine(fault.base_url, "fault-model")
    assert engine.generate(QUESTION, settings()).text == "Hello from the fault server."
    first, second = fault.chat_requests()
    assert "top_k" in first.body and "top_k" not in second.body and "min_p" in second.body
    engine.generate(QUESTION, settings())
    assert len(fault.chat_requests()) == 3  # no refusal the second time


def test_reasoning_arrives_as_a_thinking_block(fault: FaultServer) -> None:
    fault.behaviour = Behaviour(reasoning=("Colours", " are easy."))
    result = RemoteEngine(fault.base_url, "fault-model").generate(QUESTION, settings())
    split = split_reasoning(result.text)
    assert split.thinking == "Colours are easy." and split.answer == "Hello from the fault server."


FAILURES = [
    # behaviour, the engine's key, kind, words of the message, text kept
    (Behaviour("status", status=401), "sk-bad", "auth", "rejected the API key", ""),
    (Behaviour("status", status=403), "sk-bad", "forbidden", "refused access (HTTP 403)", ""),
    (Behaviour("status", status=404, body={"error": {
        "message": "The model `fault-model` does not exist", "code": "model_not_found"}}),
     None, "unknown_model", "does not know the model “fault-model”", ""),
    (Behaviour("status", status=429, headers={"Retry-After": "30"}), None, "rate_limited",
     "Try again in 30 s.", ""),
    (Behaviour("status", status=500, body={"error": {"message": "out of memory"}}), None,
     "server", "server error (HTTP 500): out of memory", ""),
    (Behaviour("status", status=503), None, "server", "server error (HTTP 503)", ""),
    (Behaviour("cut"), None, "cut", "was cut in the middle of the reply", "Hello from"),
    (Behaviour("cut_clean"), None, "cut", "was cut in the middle of the reply", "Hello from"),
    (Behaviour("malformed"), None, "malformed", "malformed JSON", "Hello from"),
    (Behaviour("error_event"), None, "server", "reported an error during the reply: the "
     "model crashed", "Hello from"),
    (Behaviour("html"), None, "not_api", "not with a chat reply", ""),
]


@pytest.mark.parametrize(("behaviour", "key", "kind", "words", "kept"), FAILURES,
                         ids=[f"{b.kind}-{b.status}" for b, *_ in FAILURES])
def test_every_failure_gives_one_clear_message_keeps_the_text_and_the_engine_works_on(
        fault: FaultServer, behaviour: Behaviour, key: str | None, kind: str, words: str,
        kept: str) -> None:
    fault.behaviour = behaviour
    engine = RemoteEngine(fault.base_url, "fault-model", key, max_retries=0)
    pieces: list[str] = []
    with pytest.raises(RemoteError) as caught:
        engine.generate(QUESTION, settings(), pieces.append)
    error = caught.value
    assert error.kind == kind and words in str(error)
    assert fault.host in str(error) and error.host == fault.host
    assert "".join(pieces) == error.partial == kept
    if key:
        assert key not in str(error)
    fault.behaviour = Behaviour()
    before = len(fault.chat_requests())
    assert engine.generate(QUESTION, settings()).text == "Hello from the fault server."
    assert len(fault.chat_requests()) == before + 1  # at the first try


def test_a_long_retry_after_is_told_at_once_and_a_short_one_is_waited_for(
        fault: FaultServer) -> None:
    fault.behaviour = Behaviour("status", status=429, headers={"Retry-After": "30"})
    engine = RemoteEngine(fault.base_url, "fault-model")
    with pytest.raises(RemoteError) as caught:
        engine.generate(QUESTION, settings())
    assert caught.value.retry_after == 30 and len(fault.chat_requests()) == 1
    fault.behaviour = Behaviour("status", status=429, headers={"Retry-After": "1"}, times=2)
    assert engine.generate(QUESTION, settings()).text == "Hello from the fault server."
    assert len(fault.chat_requests()) == 3


def test_a_wrong_base_url_says_where_the_api_usually_is(fault: FaultServer) -> None:
    engine = RemoteEngine(f"http://{fault.host}/api", "fault-model")
    with pytest.raises(RemoteError) as caught:
        engine.generate(QUESTION, settings())
    assert caught.value.kind == "not_found" and "it usually ends in /v1" in str(caught.value)


def test_a_refused_connection_names_the_host() -> None:
    port = free_port()
    engine = RemoteEngine(f"http://127.0.0.1:{port}/v1", "m", max_retries=0)
    with pytest.raises(RemoteError) as caught:
        engine.generate(QUESTION, settings())
    assert caught.value.kind == "refused"
    assert str(caught.value).startswith(f"127.0.0.1:{port} refused the connection")


def test_https_to_a_plain_server_is_a_tls_error(fault: FaultServer) -> None:
    engine = RemoteEngine(f"https://{fault.host}/v1", "fault-model", max_retries=0)
    with pytest.raises(RemoteError) as caught:
        engine.generate(QUESTION, settings())
    assert caught.value.kind == "tls" and "http:// rather than https://" in str(caught.value)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_an_untrusted_certificate_is_a_tls_error(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with FaultServer(tls=context) as server:
        engine = RemoteEngine(server.base_url, "fault-model", max_retries=0)
        with pytest.raises(RemoteError) as caught:
            engine.generate(QUESTION, settings())
    assert caught.value.kind == "tls" and "certificate is not trusted" in str(caught.value)


def test_a_server_that_stops_sending_times_out_and_keeps_the_text(fault: FaultServer) -> None:
    fault.behaviour = Behaviour("stall", stall_seconds=20)
    engine = RemoteEngine(fault.base_url, "fault-model", idle_timeout=0.5)
    pieces: list[str] = []
    started = time.perf_counter()
    with pytest.raises(RemoteError) as caught:
        engine.generate(QUESTION, settings(), pieces.append)
    assert time.perf_counter() - started < 3
    assert caught.value.kind == "idle"
    assert str(caught.value) == f"{fault.host} stopped sending: nothing arrived for 0.5 s."
    assert caught.value.partial == "".join(pieces) == "Hello from"


def test_a_server_that_never_starts_answering_times_out(fault: FaultServer) -> None:
    fault.behaviour = Behaviour("silent", stall_seconds=20)
    engine = RemoteEngine(fault.base_url, "fault-model", first_chunk_timeout=1)
    with pytest.raises(RemoteError) as caught:
        engine.generate(QUESTION, settings())
    assert caught.value.kind == "idle"
    assert "did not start answering within 1 s" in str(caught.value)


@pytest.mark.parametrize("kind", ["silent", "slow"])
def test_stop_returns_within_200_ms_even_while_no_byte_arrives(fault: FaultServer,
                                                               kind: str) -> None:
    fault.behaviour = Behaviour(kind, interval=0.5, stall_seconds=20)
    engine = RemoteEngine(fault.base_url, "fault-model")
    stop = threading.Event()
    stopped_at: list[float] = []
    pieces: list[str] = []

    def press_stop() -> None:  # 0.8 s in: between two chunks, or before any
        stopped_at.append(time.perf_counter())
        stop.set()

    timer = threading.Timer(0.8, press_stop)
    timer.start()
    result = engine.generate(QUESTION, settings(max_tokens=500), pieces.append, stop)
    returned = time.perf_counter()
    timer.join()
    assert returned - stopped_at[0] < 0.2
    assert result.finish_reason == "stopped" and result.text == "".join(pieces)
    if kind == "slow":  # mid-stream: the server sees the client leave and stops
        assert result.text.startswith(" w0 w1")
        assert fault.client_left.wait(5)


def test_offline_mode_refuses_before_any_request(fault: FaultServer) -> None:
    set_offline(True)
    try:
        with pytest.raises(RemoteError, match=r"Offline mode is on.*remote model") as chat:
            RemoteEngine(fault.base_url, "fault-model").generate(QUESTION, settings())
        with pytest.raises(RemoteError, match=r"remote provider p \(127\.0\.0\.1") as listing:
            list_models(Provider(name="p", base_url=fault.base_url), None)
    finally:
        set_offline(False)
    assert chat.value.kind == listing.value.kind == "offline"
    assert fault.requests == []


def test_an_error_in_on_text_ends_the_stream_too(fault: FaultServer) -> None:
    fault.behaviour = Behaviour("slow", interval=0.05)
    engine = RemoteEngine(fault.base_url, "fault-model")

    def broken(text: str) -> None:
        raise ValueError("the receiver broke")

    with pytest.raises(ValueError, match="the receiver broke"):
        engine.generate(QUESTION, settings(), broken)
    assert fault.client_left.wait(5)  # the server saw the client leave


def test_two_replies_at_once_share_one_engine(fault: FaultServer) -> None:
    engine = RemoteEngine(fault.base_url, "fault-model")
    texts: list[str] = []

    def reply() -> None:
        texts.append(engine.generate(QUESTION, settings()).text)

    threads = [threading.Thread(target=reply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert texts == ["Hello from the fault server."] * 2
