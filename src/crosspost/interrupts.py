"""An interrupt that lands inside a finaliser is not printed as a traceback.

A signal handler that raises (Ctrl-C's KeyboardInterrupt, or the CLI's SIGTERM turned into
one) can fire while Python runs an object's ``__del__``. That exception cannot propagate:
Python prints "Exception ignored in ..." with a traceback, which a cancelled CI job then
shows as if crosspost had crashed. The hook below keeps such an interrupt out of the
log; a pool worker, which must clean up before it exits, has its stop signal sent again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def quiet_lost_interrupts(on_lost: Callable[[], None] | None = None) -> Callable[[], None]:
    """Install the hook; ``on_lost`` is called for each interrupt lost so (a worker sends
    itself the signal again). Returns a function that puts the previous hook back."""
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type,
                                                          KeyboardInterrupt):
            if on_lost is not None:
                on_lost()
            return
        previous(unraisable)

    sys.unraisablehook = hook

    def restore() -> None:
        sys.unraisablehook = previous

    return restore
