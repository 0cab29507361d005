"""pydantic's plugin lookup in the console script, without importing importlib.metadata when
no plugin is installed.

pydantic looks its plugins up when it builds the first validator: its private module
``pydantic.plugin._loader`` imports ``importlib.metadata`` at the top (about 25 ms of CPU with
email, zipfile and csv, before any entry point is read), which ``PYDANTIC_DISABLE_PLUGINS``
does not avoid. The console script owns its process, so it puts a stand-in for that module in
``sys.modules`` before pydantic is imported. Its ``get_plugins()`` answers ``()``, as pydantic's
does, when no installed distribution declares the ``pydantic`` entry-point group
(``entry_groups.may_declare``); otherwise, for any other name asked of it, and for a call
it does not expect, it loads pydantic's own module in its place and hands over: installed
plugins are loaded and called exactly as before, and a pydantic whose loader changed falls
back to itself. A library caller's process is never touched.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"
_lock = threading.Lock()


def defer_plugin_lookup() -> None:
    """Put the stand-in in place, unless pydantic's loader is already imported."""
    if LOADER in sys.modules:
        return
    stand_in = types.ModuleType(LOADER, __doc__)
    no_plugins: list[bool] = []

    def get_plugins(*args: Any, **kwargs: Any) -> Iterable[Any]:
        if not args and not kwargs:
            if not no_plugins:
                from ..entry_groups import may_declare

                if not may_declare("pydantic"):
                    no_plugins.append(True)
            if no_plugins:
                return ()
        return _real(stand_in).get_plugins(*args, **kwargs)  # type: ignore[no-any-return]

    def __getattr__(name: str) -> Any:  # the module's own attribute hook (PEP 562)
        if name.startswith("__") and name.endswith("__"):  # the import system's questions
            raise AttributeError(name)
        return getattr(_real(stand_in), name)

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[LOADER] = stand_in


def _real(stand_in: types.ModuleType) -> types.ModuleType:
    """pydantic's own loader, imported in the stand-in's place."""
    with _lock:
        if sys.modules.get(LOADER) is stand_in:
            del sys.modules[LOADER]
        return importlib.import_module(LOADER)
