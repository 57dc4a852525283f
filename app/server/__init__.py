"""The local OpenAI-compatible API server: an HTTP adapter over :mod:`app.core.api_service`.

:mod:`app.server.guard` checks every request before it is routed (address, origin, key),
:mod:`app.server.routes` answers it, :mod:`app.server.errors` shapes every refusal as an
OpenAI error object, and :mod:`app.server.runner` runs it all with uvicorn on a thread
of its own (the window's process, or ``fireside serve``).
"""
