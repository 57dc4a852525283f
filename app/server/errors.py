"""Every refusal as the OpenAI API shapes it: ``{"error": {message, type, param, code}}``.

Clients (the ``openai`` library among them) read these fields to raise the right
exception, so every error the server sends — a bad body, a wrong key, an unknown path, a
full queue, a bug — has this shape, and none carries a traceback.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.responses import JSONResponse

from app.core.api_service import ApiError, shown

MAX_PARAM = 120  # characters of a field's name in an error (a name can be any JSON string)

_KINDS = {401: "authentication_error", 403: "permission_error", 404: "invalid_request_error",
          429: "rate_limit_error", 500: "server_error", 503: "server_error"}


def error_body(message: str, kind: str = "invalid_request_error", code: str | None = None,
               param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def error_response(status: int, message: str, kind: str | None = None,
                   code: str | None = None, param: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    if status == 408:  # a client too slow to send its body does not keep the connection
        headers = {**(headers or {}), "Connection": "close"}
    return JSONResponse(error_body(message, kind or _KINDS.get(status, "invalid_request_error"),
                                   code, param), status_code=status, headers=headers)


def api_error_response(error: ApiError) -> JSONResponse:
    return error_response(error.status, error.message, error.kind, error.code, error.param,
                          error.headers)


_TYPE_TAGS = frozenset({"str", "int", "float", "bool", "list", "dict", "none",
                        "constrained-str", "constrained-int", "constrained-float"})


def _is_type_tag(part: object) -> bool:
    """pydantic names the member of a union it tried ("str", "list[str]", "TextPart"):
    not a field of the request, so not shown to the client."""
    if not isinstance(part, str):
        return False
    return (part in _TYPE_TAGS or "[" in part or part.startswith("function-")
            or (part[:1].isupper() and part.isidentifier()))


def validation_error(error: ValidationError) -> ApiError:
    """A body that is not JSON, or not the request's shape: 400, naming the field.

    What the client sent is never echoed whole: a field name is shortened and made
    printable (it may be 10 kB of control characters), as is pydantic's own message.
    """
    first = error.errors(include_url=False, include_input=False)[0]
    if first["type"] == "json_invalid":
        reason = shown(str(first.get("ctx", {}).get("error", "")), 120)
        return ApiError(400, "We could not parse the JSON body of your request"
                             + (f" ({reason})" if reason else "") + ". The body must be a "
                             "JSON object in UTF-8.", code="invalid_json")
    location = shown(".".join(str(part) for part in first["loc"]
                              if not _is_type_tag(part)), MAX_PARAM)
    if first["type"] == "extra_forbidden":
        return ApiError(400, f"Unrecognized request argument supplied: {location}",
                        param=location, code="unknown_parameter")
    if first["type"] == "model_type" and not first["loc"]:
        return ApiError(400, "The request body must be a JSON object.", code="invalid_json")
    where = f"'{location}'" if location else "The body"
    return ApiError(400, f"Invalid value for {where}: {shown(first['msg'], 300)}.",
                    param=location or None, code="invalid_value")
