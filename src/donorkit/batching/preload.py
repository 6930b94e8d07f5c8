"""What the pool's fork server imports once (:data:`.executors.PRELOAD`), so that every worker,
and every recycled one, starts with it in memory instead of spending a second on imports.

WeasyPrint is imported through :mod:`donorkit.rendering.weasy`: a plain ``import weasyprint``
looks its libraries up with some fifty subprocesses (ldconfig, gcc, ld), which the fork server
ran before the first worker could start.
"""

from __future__ import annotations

from ..rendering import weasy

weasy.load()

import docx  # noqa: E402, F401

from .. import exporting  # noqa: E402, F401
from ..writers import docx as docx_writer  # noqa: E402, F401
from ..writers import pdf  # noqa: E402, F401
from . import worker  # noqa: E402, F401
