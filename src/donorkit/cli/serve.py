"""`donorkit serve`: the web app for people who do not use a terminal (docs/serve.md).

Starlette, uvicorn and the rest are imported inside the command, so other commands start as fast
as before.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from . import output

LOCAL = ("127.0.0.1", "localhost", "::1")
#: What the web app needs beyond donorkit's own stack; a normal install has them all.
NEEDS = {"starlette": "starlette", "uvicorn": "uvicorn", "multipart": "python-multipart",
         "pypdfium2": "pypdfium2"}


def missing_packages() -> list[str]:
    import importlib.util

    return [package for module, package in NEEDS.items()
            if importlib.util.find_spec(module) is None]


def allowed_hosts(host: str, extra: list[str]) -> list[str]:
    """The names the app answers to: local ones, the bound address, and on every interface the
    machine's own names and addresses (a browser on the network uses one of them)."""
    names = [*LOCAL, host, *extra]
    if host in ("0.0.0.0", "::", ""):
        hostname = socket.gethostname()
        names += [hostname, socket.getfqdn()]
        try:
            names += socket.gethostbyname_ex(hostname)[2]
        except OSError:
            pass
    return list(dict.fromkeys(n.lower() for n in names if n))


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(
    library: Annotated[Path | None, typer.Option(
        "--library", "-l", help="Library folder \\[default: as for every command]",
        show_default=False)] = None,
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(
        "--host", help="Interface to listen on; anything but 127.0.0.1 is open to the network.",
    )] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option(
        "--open", help="Open the app in the default web browser.")] = False,
    brand: Annotated[str | None, typer.Option(
        "--brand", "-b", help="Brand chosen by default \\[default: default]",
        show_default=False)] = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Another name the server may be reached at (repeatable).",
        show_default=False)] = None,
    assets: Annotated[Path | None, typer.Option(
        "--assets", help="Folder that site paths such as /uploads/x.jpg resolve against.",
        show_default="`assets` in donorkit.toml")] = None,
) -> None:
    """Browse the library, preview and download documents in a web browser (read-only)."""
    missing = missing_packages()
    if missing:
        output.error("donorkit serve needs " + ", ".join(missing) + ", which a normal install "
                     "of donorkit includes; install them with:\n  pip install "
                     + " ".join(missing))
        raise typer.Exit(1)
    from ..config import choose_library
    from ..exporting import settings

    choice = choose_library(library)
    if choice.note:
        output.note(choice.note)
    values = settings(brand=brand, assets=assets)
    folder = Path(str(values["assets"])) if values.get("assets") is not None else None
    if folder is not None and not folder.is_dir():
        # said now, as export does before its first document, not as pictures missing later
        what = "is not a folder" if folder.exists() else "does not exist"
        output.error(f"assets folder {folder} {what}")
        raise typer.Exit(1)
    if host not in LOCAL:
        output.warning(f"listening on {host}: anyone who can reach this computer on port {port} "
                       "can read the library's documents (there is no login)")
    import uvicorn

    from ..web import create_app

    app = create_app(choice.path, brand=str(values.get("brand", "default")),
                     templates=values.get("templates") or (),  # type: ignore[arg-type]
                     assets=folder,
                     allowed_hosts=allowed_hosts(host, allow_host or []))
    # Load and check the library now: a wrong folder fails here, not on the first page.
    loaded = app.state.web.state.current()
    if not port_free(host, port):
        output.error(f"port {port} on {host} is in use (another donorkit serve?); "
                     f"choose another with --port {port + 1}")
        raise typer.Exit(1)

    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    images = f", images from {folder}" if folder is not None else ""
    output.err.print(f"donorkit serve: {url} (library {choice.path}, "
                     f"{len(loaded.library)} projects{images}); press Ctrl+C to stop",
                     highlight=False, markup=False)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
