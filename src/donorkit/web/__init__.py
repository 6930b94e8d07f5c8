"""`donorkit serve`: a local, read-only web app over the public API (see docs/serve.md).

Starlette and the rest are imported only when the app is made, so the command line does not pay
for them at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
