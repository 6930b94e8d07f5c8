"""`donorkit cache`: where the library cache lives, and emptying it."""

from typing import Annotated

import typer

from . import output

cache_app = typer.Typer(help="Show or clear the library cache (parsed pages, kept between runs).",
                        no_args_is_help=True)


def _size(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size / 1024:.0f} kB"


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every cached page and body; the next run reads the library afresh."""
    from .. import cachestore as cache

    files, size = cache.clear()
    output.out.print(f"removed {files} cached file{'' if files == 1 else 's'} ({_size(size)}) "
                     f"from {cache.cache_dir()}", highlight=False, markup=False)


@cache_app.command("info")
def cache_info(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Where the cache is, and how much it holds."""
    from .. import cachestore as cache

    files, size = cache.usage()
    if as_json:
        output.print_json({"path": str(cache.cache_dir()), "files": files, "bytes": size,
                           "enabled": cache.enabled()})
        return
    state = "" if cache.enabled() else " (off: $DONORKIT_NO_CACHE is set)"
    output.out.print(f"{cache.cache_dir()}: {files} files, {_size(size)}{state}",
                     highlight=False, markup=False)
