"""The hostile requests of tests/test_api_hostile.py, and the status each must get.

A :class:`Case` is a request (through httpx, or written out byte by byte for a raw
socket) against the open server (no key, one allowed web origin) or the keyed one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

CHAT, DONE, MODELS = "/v1/chat/completions", "/v1/completions", "/v1/models"
MODEL, ALLOWED, KEY = "file:tiny.gguf", "https://allowed.example", "fs-test-key"
JSON_TYPE = (("Content-Type", "application/json"),)
DROP = object()  # a field left out of the body


def chat(**fields: Any) -> bytes:
    """A good chat request (one token) with ``fields`` replaced, or dropped with DROP."""
    body: dict[str, Any] = {"model": MODEL, "messages": [{"role": "user", "content": "hi"}],
                            "max_tokens": 1}
    body.update(fields)
    return json.dumps({k: v for k, v in body.items() if v is not DROP}).encode()


def says(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


@dataclass(frozen=True)
class Case:
    """One hostile request and the status it must get.

    ``body`` and ``path`` may hold ``{tiny}``, replaced by the tiny model's real path.
    ``raw`` is sent as is on a socket; ``size`` makes a body of that many bytes (sent
    chunked when ``chunked``); ``keyed`` sends it to the server that wants the key.
    """

    name: str
    status: int
    body: bytes | None = None
    method: str = "POST"
    path: str = CHAT
    headers: tuple[tuple[str, str], ...] = JSON_TYPE
    code: str | None = None
    raw: bytes | None = None
    size: int = 0
    chunked: bool = False
    keyed: bool = False


def bad(name: str, body: bytes, code: str = "invalid_json") -> Case:
    return Case(name, 400, body, code=code)


def value(name: str, code: str = "invalid_value", path: str = CHAT, **fields: Any) -> Case:
    return Case(name, 400, chat(**fields), path=path, code=code)


def refused(name: str, **fields: Any) -> Case:
    return Case(name, 400, chat(**fields), code="unsupported_parameter")


def model(name: str, model_id: str, status: int = 404) -> Case:
    return Case(name, status, chat(model=model_id),
                code="model_not_found" if status == 404 else "invalid_value")


def get_model(name: str, raw_id: str) -> Case:
    return Case(name, 404, None, "GET", f"{MODELS}/{raw_id}", (), "model_not_found")


def raw(name: str, status: int, head: str, code: str | None = None, body: bytes = b"",
        keyed: bool = False) -> Case:
    """A request written out by hand (``head`` without the final blank line)."""
    return Case(name, status, code=code, raw=head.encode("latin-1") + b"\r\n\r\n" + body,
                keyed=keyed)


def host(name: str, value_: str) -> Case:
    return raw(name, 403, f"GET {MODELS} HTTP/1.1\r\nHost: {value_}\r\nConnection: close",
               "host_not_allowed")


def origin(name: str, value_: str, method: str = "POST", path: str = CHAT) -> Case:
    return Case(name, 403, chat() if method == "POST" else None, method, path,
                (*JSON_TYPE, ("Origin", value_), ("Access-Control-Request-Method", "POST")),
                "origin_not_allowed")


def key(name: str, *headers: tuple[str, str], path: str = MODELS) -> Case:
    return Case(name, 401, None, "GET", path, headers, "invalid_api_key", keyed=True)


def typed(name: str, content_type: str | None) -> Case:
    headers = (("Content-Type", content_type),) if content_type is not None else ()
    return Case(name, 415, chat(), headers=headers, code="unsupported_media_type")


def method(name: str, verb: str, path: str) -> Case:
    return Case(name, 405, chat() if verb in ("PUT", "PATCH") else None, verb, path,
                code="method_not_allowed")


def nowhere(name: str, path: str, verb: str = "GET") -> Case:
    return Case(name, 404, None, verb, path, code="unknown_url")


# A value of the wrong JSON type for each field not given one below (strict: no coercion).
WRONG_TYPES: dict[str, Any] = {
    "top_k": "40", "min_p": "0.1", "repeat_penalty": [1.1], "presence_penalty": "0",
    "frequency_penalty": {}, "service_tier": 1, "metadata": "x", "tool_choice": 5,
    "parallel_tool_calls": "yes", "response_format": "json", "reasoning_effort": 5,
    "modalities": "text", "prediction": [], "verbosity": 1, "web_search_options": "x",
    "top_logprobs": "5", "logprobs": "yes", "max_completion_tokens": "8", "n": "2",
    "tools": "x", "functions": {}, "function_call": 5, "user": ["u"], "seed": [1],
    "top_p": "1", "stop": {"a": 1},
}
COMPLETION_WRONG_TYPES: dict[str, Any] = {
    "echo": "yes", "best_of": "1", "suffix": 1, "logprobs": "1", "prompt": None,
}
MB = 1 << 20
HEAD = f"POST {CHAT} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
CASES = [
    # -- bodies that are not JSON, or not an object --------------------------------
    bad("truncated", b'{"model": "file:tiny.gguf", "messages": [{"role": "us'),
    bad("trailing-garbage", chat() + b" garbage"),
    bad("two-objects", chat() + chat()),
    bad("string", b'"hello"'), bad("array", b"[" + chat() + b"]"), bad("number", b"42"),
    bad("null", b"null"), bad("true", b"true"), bad("empty", b""), bad("spaces", b"  \n "),
    bad("single-quotes", b"{'model': 'file:tiny.gguf'}"),
    bad("comment", b'{/* hi */ "model": "file:tiny.gguf"}'),
    bad("nul-outside-string", chat()[:10] + b"\x00" + chat()[10:]),
    bad("raw-control-in-string", chat(messages=says("a")).replace(b'"a"', b'"a\x01b"')),
    bad("deep-arrays-100k", b"[" * 100_000), bad("deep-objects-100k", b'{"a":' * 100_000),
    bad("deep-content-100k", chat().replace(b'"hi"', b"[" * 100_000 + b"]" * 100_000)),
    bad("invalid-utf8-model", chat().replace(b"file:tiny.gguf", b"\xff\xfe")),
    bad("invalid-utf8-overlong", chat().replace(b'"hi"', b'"\xc0\xaf"')),
    bad("utf8-bom", b"\xef\xbb\xbf" + chat()),
    bad("utf16-body", chat().decode().encode("utf-16")),
    bad("lone-surrogate-content", chat().replace(b'"hi"', b'"\\ud800"')),
    bad("lone-surrogate-model", chat().replace(b"file:tiny.gguf", b"\\udc00")),
    bad("lone-surrogate-key", chat()[:-1] + b', "\\ud800": 1}'),
    bad("number-5000-digits", chat()[:-1] + b', "seed": ' + b"9" * 5000 + b"}"),
    Case("duplicate-key-last-wrong", 400, chat()[:-1] + b', "model": 5}', code="invalid_value"),
    Case("nan-temperature", 400, chat()[:-1] + b', "temperature": NaN}', code="invalid_value"),
    Case("infinity-top-p", 400, chat()[:-1] + b', "top_p": Infinity}', code="invalid_value"),
    Case("minus-infinity-temp", 400, chat()[:-1] + b', "temperature": -Infinity}',
         code="invalid_value"),
    # -- numbers out of range ----------------------------------------------------------
    Case("temperature-1e309", 400, chat()[:-1] + b', "temperature": 1e309}',
         code="invalid_value"),
    value("max-tokens-10e30", max_tokens=10**30), value("max-tokens-zero", max_tokens=0),
    value("max-tokens-negative", max_tokens=-1), value("max-tokens-int64-min", max_tokens=-2**63),
    value("max-tokens-float", max_tokens=1e5), value("max-tokens-bool", max_tokens=True),
    value("max-tokens-string", max_tokens="8"), value("max-completion-zero",
                                                      max_completion_tokens=0),
    value("seed-10e30", seed=10**30), value("seed-float", seed=1.5), value("seed-str", seed="1"),
    value("temperature-minus-1", temperature=-1), value("temperature-3", temperature=3),
    value("temperature-str", temperature="0.5"), value("temperature-bool", temperature=True),
    value("top-p-2", top_p=2), value("top-p-negative", top_p=-0.1), value("top-k-negative",
                                                                          top_k=-5),
    value("min-p-2", min_p=2.0), value("repeat-penalty-100", repeat_penalty=100),
    value("presence-penalty-3", presence_penalty=3), value("frequency-penalty-minus-3",
                                                           frequency_penalty=-3),
    value("logit-bias-1000", logit_bias={"5": 1000}), value("n-zero", n=0),
    value("n-1000", n=1000), value("completion-max-tokens-negative", path=DONE, prompt="hi",
                                   messages=DROP, max_tokens=-5),
    # -- wrong types and shapes ------------------------------------------------------
    value("model-number", model=123), value("model-null", model=None), value("model-list",
                                                                            model=[MODEL]),
    value("model-object", model={"id": MODEL}), value("model-empty", model=""),
    value("model-missing", model=DROP), value("messages-missing", messages=DROP),
    value("messages-string", messages="hi"), value("messages-object", messages={}),
    value("messages-null", messages=None), value("messages-empty", messages=[]),
    value("messages-of-numbers", messages=[1]), value("messages-of-strings", messages=["hi"]),
    value("messages-of-null", messages=[None]), value("messages-10001",
                                                      messages=says("a") * 10_001),
    value("role-missing", messages=[{"content": "hi"}]),
    value("role-unknown", messages=[{"role": "hacker", "content": "hi"}]),
    value("role-number", messages=[{"role": 1, "content": "hi"}]),
    value("role-null", messages=[{"role": None, "content": "hi"}]),
    value("content-null-user", messages=[{"role": "user", "content": None}]),
    value("content-missing-user", messages=[{"role": "user"}]),
    value("content-null-system", messages=[{"role": "system", "content": None}, *says("a")]),
    value("content-number", messages=[{"role": "user", "content": 123}]),
    value("content-object", messages=[{"role": "user", "content": {"text": "hi"}}]),
    value("content-part-number", messages=[{"role": "user", "content": [1]}]),
    value("content-part-no-text", messages=[{"role": "user", "content": [{"type": "text"}]}]),
    value("content-part-no-type", messages=[{"role": "user", "content": [{"text": "hi"}]}]),
    value("content-part-text-number",
          messages=[{"role": "user", "content": [{"type": "text", "text": 1}]}]),
    value("name-number", messages=[{"role": "user", "content": "hi", "name": 5}]),
    value("stream-string", stream="true"), value("stream-number", stream=1),
    value("stream-options-string", stream=True, stream_options="x"),
    value("stream-options-bad-value", stream=True, stream_options={"include_usage": "yes"}),
    value("stop-number", stop=5), value("stop-empty", stop=""), value("stop-five",
                                                                     stop=["a"] * 5),
    value("stop-list-of-numbers", stop=[1]), value("stop-300-chars", stop="s" * 300),
    value("user-number", user=1), value("user-300-chars", user="u" * 300),
    value("metadata-number-value", metadata={"a": 1}), value("logit-bias-list", logit_bias=[]),
    value("store-string", store="yes"), value("prompt-missing", path=DONE, messages=DROP),
    value("prompt-number", path=DONE, messages=DROP, prompt=123),
    value("prompt-two", path=DONE, messages=DROP, prompt=["a", "b"]),
    value("prompt-tokens", path=DONE, messages=DROP, prompt=[1, 2, 3]),
    *(value(f"type-{name}", **{name: wrong}) for name, wrong in WRONG_TYPES.items()),
    *(value(f"type-completion-{name}", path=DONE, messages=DROP, **{"prompt": "hi", name: wrong})
      for name, wrong in COMPLETION_WRONG_TYPES.items()),
    value("type-include-obfuscation", stream=True, stream_options={"include_obfuscation": "x"}),
    # -- fields the API does not know ----------------------------------------------------
    value("unknown-field", "unknown_parameter", foo=1),
    value("unknown-field-case", "unknown_parameter", Model=MODEL),
    value("unknown-field-typo", "unknown_parameter", max_token=5),
    value("unknown-field-10kb", "unknown_parameter", **{"k" * 10_000: 1}),
    value("unknown-field-control", "unknown_parameter", **{"a\x00\x1b[31m\n": 1}),
    value("unknown-field-rtl", "unknown_parameter", **{"\u202eevil": 1}),
    value("unknown-stream-option", "unknown_parameter", stream=True,
          stream_options={"bogus": 1}),
    value("unknown-field-completion", "unknown_parameter", path=DONE, messages=DROP,
          prompt="hi", foo=1),
    # -- features Fireside refuses rather than ignore ----------------------------------
    refused("n-2", n=2), refused("tools", tools=[{"type": "function", "function": {
        "name": "f"}}]), refused("functions", functions=[{"name": "f"}]),
    refused("json-schema", response_format={"type": "json_schema", "json_schema": {}}),
    refused("json-object", response_format={"type": "json_object"}),
    refused("response-format-10kb", response_format={"type": "x" * 10_000}),
    refused("logprobs", logprobs=True), refused("top-logprobs", top_logprobs=5),
    refused("web-search", web_search_options={}), refused("audio-out", modalities=["audio"]),
    refused("logit-bias", logit_bias={"5": 1.0}),
    refused("image-url", messages=[{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "file:///etc/passwd"}}]}]),
    refused("input-audio", messages=[{"role": "user", "content": [
        {"type": "input_audio", "input_audio": {"data": "", "format": "wav"}}]}]),
    refused("tool-role", messages=[*says("hi"), {"role": "tool", "content": "x",
                                                 "tool_call_id": "1"}]),
    refused("function-role", messages=[*says("hi"), {"role": "function", "content": "x",
                                                     "name": "f"}]),
    Case("completion-echo", 400, json.dumps({"model": MODEL, "prompt": "a", "echo": True})
         .encode(), path=DONE, code="unsupported_parameter"),
    Case("completion-suffix", 400, json.dumps({"model": MODEL, "prompt": "a", "suffix": "b"})
         .encode(), path=DONE, code="unsupported_parameter"),
    Case("completion-best-of", 400, json.dumps({"model": MODEL, "prompt": "a", "best_of": 2})
         .encode(), path=DONE, code="invalid_value"),
    # -- model ids: odd characters and path tricks (in the body) ---------------------
    model("id-nul", "file:tiny.gguf\x00"), model("id-control", "\x01\x7f\x1b[2J"),
    model("id-rtl", "\u202efile:tiny.gguf"), model("id-zero-width", "file:tiny\u200b.gguf"),
    model("id-emoji", "🔥"), model("id-newline", "file:tiny.gguf\n"),
    model("id-space", " file:tiny.gguf"), model("id-upper", "FILE:TINY.GGUF"),
    model("id-10kb", "m" * 10_000, 400), model("id-257", "m" * 257, 400),
    model("id-dotdot", "../../etc/passwd"), model("id-dotdot-encoded", "%2e%2e%2f%2e%2e%2fetc"),
    model("id-absolute", "/etc/passwd"), model("id-windows", "C:\\Windows\\win.ini"),
    model("id-unc", "\\\\server\\share\\m.gguf"), model("id-home", "~/.ssh/id_rsa"),
    model("id-real-gguf-path", "{tiny}"), model("id-path-prefix", "path:{tiny}"),
    model("id-file-dotdot", "file:../models/tiny.gguf"),
    model("id-file-url", "file:///etc/passwd"), model("id-url", "http://evil.com/m.gguf"),
    # -- model ids in the URL ------------------------------------------------------
    raw("url-id-dotdot", 404, f"GET {MODELS}/../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Connection: close", "model_not_found"),
    get_model("url-id-dotdot-encoded", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
    get_model("url-id-encoded-slashes", "..%2F..%2Fetc%2Fpasswd"),
    get_model("url-id-absolute", "/etc/passwd"), get_model("url-id-real-gguf", "{tiny}"),
    get_model("url-id-nul", "a%00b"), get_model("url-id-invalid-utf8", "%ff%fe"),
    get_model("url-id-rtl", "%e2%80%aeevil"), get_model("url-id-10kb", "m" * 10_000),
    get_model("url-id-empty", ""), get_model("url-id-file-dotdot", "file%3A..%2Ftiny.gguf"),
    # -- content types ------------------------------------------------------------------
    typed("type-text", "text/plain"), typed("type-form", "application/x-www-form-urlencoded"),
    typed("type-multipart", "multipart/form-data; boundary=x"), typed("type-none", None),
    typed("type-json-ish", "application/jsonx"), typed("type-text-json", "text/json"),
    # -- bodies too big, or too slow ------------------------------------------------
    Case("body-10mb", 413, size=10 * MB, code="request_too_large"),
    Case("body-20mb", 413, size=20 * MB, code="request_too_large"),
    Case("body-10mb-chunked", 413, size=10 * MB, chunked=True, code="request_too_large"),
    Case("body-20mb-chunked", 413, size=20 * MB, chunked=True, code="request_too_large"),
    raw("length-lies-1gb", 413, HEAD + "Content-Length: 1073741824\r\nConnection: close",
        "request_too_large", body=chat()),
    # -- Host ----------------------------------------------------------------------
    host("host-evil", "evil.com"), host("host-loopback-prefix", "127.0.0.1.evil.com"),
    host("host-localhost-suffix", "localhost.evil"), host("host-ipv6-junk", "[::1]evil"),
    host("host-empty", ""), host("host-evil-port", "evil.com:4891"),
    host("host-userinfo", "localhost@evil.com"), host("host-slash", "127.0.0.1/evil"),
    host("host-short-ip", "127.1"), host("host-hex-ip", "0x7f000001"),
    host("host-trailing-dot", "localhost."), host("host-bad-port", "localhost:http"),
    host("host-cyrillic", "l\xd0\xbecalhost"), host("host-8bit", "\xff"),
    raw("host-missing-http10", 403, f"GET {MODELS} HTTP/1.0", "host_not_allowed"),
    # -- browsers: origins, cross-site requests, preflights -----------------------------
    origin("origin-evil", "https://evil.com"), origin("origin-null", "null"),
    origin("origin-file", "file://"), origin("origin-other-scheme", "http://allowed.example"),
    origin("origin-suffix", "https://allowed.example.evil.com"),
    origin("origin-extension", "chrome-extension://abcdef"),
    origin("origin-evil-get", "https://evil.com", "GET", MODELS),
    Case("sec-fetch-cross-site", 403, None, "GET", MODELS, (("Sec-Fetch-Site", "cross-site"),),
         "origin_not_allowed"),
    Case("sec-fetch-same-site", 403, chat(), headers=(*JSON_TYPE, ("Sec-Fetch-Site",
                                                                   "same-site")),
         code="origin_not_allowed"),
    origin("preflight-evil", "https://evil.com", "OPTIONS"),
    origin("preflight-null", "null", "OPTIONS"),
    Case("preflight-no-origin", 405, None, "OPTIONS", CHAT, (), "method_not_allowed"),
    raw("preflight-allowed-bad-host", 403, f"OPTIONS {CHAT} HTTP/1.1\r\nHost: evil.com\r\n"
        f"Origin: {ALLOWED}\r\nAccess-Control-Request-Method: POST\r\nConnection: close",
        "host_not_allowed"),
    # -- the key, where it is wanted ------------------------------------------------
    key("key-missing"), key("key-wrong", ("Authorization", "Bearer fs-wrong")),
    key("key-basic", ("Authorization", "Basic ZnMtdGVzdC1rZXk6")),
    key("key-scheme-only", ("Authorization", "Bearer")),
    key("key-token-scheme", ("Authorization", f"Token {KEY}")),
    key("key-longer", ("Authorization", f"Bearer {KEY}x")),
    key("key-prefix", ("Authorization", f"Bearer {KEY[:-1]}")),
    key("key-10kb", ("Authorization", "Bearer " + "k" * 10_000)),
    key("key-in-other-header", ("X-Api-Key", KEY)), key("key-in-query", path=f"{MODELS}"
                                                       f"?api_key={KEY}"),
    Case("key-missing-chat", 401, chat(), code="invalid_api_key", keyed=True),
    raw("key-8bit", 401, f"GET {MODELS} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        "\xff\xfe\r\nConnection: close", "invalid_api_key", keyed=True),
    # -- paths and methods --------------------------------------------------------------
    nowhere("path-root", "/"), nowhere("path-v1", "/v1"), nowhere("path-embeddings",
                                                                  "/v1/embeddings", "POST"),
    nowhere("path-typo", "/v1/chat/completion", "POST"), nowhere("path-upper", "/V1/MODELS"),
    nowhere("path-admin", "/admin"), nowhere("path-double-slash", "//v1/models"),
    raw("path-dotdot", 404, "GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Connection: close", "unknown_url"),
    raw("path-absolute-form", 404, "GET http://evil.com/etc/passwd HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\nConnection: close", "unknown_url"),
    method("put-chat", "PUT", CHAT), method("delete-chat", "DELETE", CHAT),
    method("patch-chat", "PATCH", CHAT), method("get-chat", "GET", CHAT),
    method("post-models", "POST", MODELS), method("delete-model", "DELETE", f"{MODELS}/{MODEL}"),
    method("post-health", "POST", "/health"), method("trace-health", "TRACE", "/health"),
    method("put-completions", "PUT", DONE),
]
