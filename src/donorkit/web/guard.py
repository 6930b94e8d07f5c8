"""A pure ASGI middleware in front of every route: Host check (DNS rebinding), request size
limit, same-origin form posts, and security headers on every response.

A page of the web app is opened by a browser that also visits other sites. A site that rebinds
its own name to 127.0.0.1 reaches this server with its own name in the Host header: refused. A
site that posts a form here sends its own Origin: refused. Nothing else is needed to keep a
read-only server's documents from other sites' scripts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
ErrorPage = Callable[[int, str, str], bytes]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
#: Pages may load only their own assets; previews (untrusted content) get a stricter policy.
PAGE_CSP = (b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            b"frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
PREVIEW_CSP = (b"default-src 'none'; img-src 'self' data:; font-src 'self' data:; "
               b"style-src 'unsafe-inline'; "
               b"base-uri 'none'; form-action 'none'; frame-ancestors 'self'; "
               b"sandbox allow-same-origin")

PREVIEW_HEADERS = {"content-security-policy": PREVIEW_CSP.decode(), "cache-control": "no-cache"}


def host_name(value: str) -> str:
    """``[::1]:8765`` -> ``::1``; ``Example.org:80`` -> ``example.org``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str], max_body: int,
                 error_page: ErrorPage) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}
        self.max_body = max_body
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = host_name(headers.get("host", ""))
        if "*" not in self.allowed and host not in self.allowed:
            await self._refuse(send, 400, "Wrong address",
                               "This server answers only at its own address "
                               f"(such as http://127.0.0.1); the request came for {host!r}.")
            return
        if scope["method"] == "POST":
            origin = headers.get("origin")
            if origin and origin != "null" and host_name(origin.split("://", 1)[-1]) != host:
                await self._refuse(send, 403, "Form from another site",
                                   "Forms may only be sent from this app's own pages.")
                return
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_body:
                await self._refuse(send, 413, "File too large", self._too_large())
                return
            body = await self._read(receive)
            if body is None:
                await self._refuse(send, 413, "File too large", self._too_large())
                return
            receive = _replay(body)
        await self.app(scope, receive, _with_headers(send, scope["path"]))

    def _too_large(self) -> str:
        return (f"Uploads and forms are limited to {self.max_body // 1024} KB "
                "(a spec or terms of reference is far smaller).")

    async def _read(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)

    async def _refuse(self, send: Send, status: int, title: str, message: str) -> None:
        body = self.error_page(status, title, message)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), *HEADERS,
                                (b"content-security-policy", PAGE_CSP)]})
        await send({"type": "http.response.body", "body": body})


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _with_headers(send: Send, path: str) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {k.lower() for k, _ in headers}
            headers.extend(h for h in HEADERS if h[0] not in names)
            if b"content-security-policy" not in names:
                headers.append((b"content-security-policy", PAGE_CSP))
            message["headers"] = headers
        await send(message)

    return wrapped
