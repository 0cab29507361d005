"""An interrupt that lands inside a finaliser is not printed as a traceback.

A signal handler that raises (Ctrl-C's KeyboardInterrupt, or the CLI's SIGTERM turned into
one) can fire while Python runs an object's ``__del__``. That exception cannot propagate:
Python prints "Exception ignored in ..." with a traceback, which a cancelled CI job then
shows as if crosspost had crashed. The hook below keeps such an interrupt out of the
log; a pool worker, which must clean up before it exits, has its stop signal sent again.

``held`` keeps interrupts back while a child process starts, so that its pid is never lost.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

#: The signals crosspost turns into a clean stop (Ctrl-C, `kill`, a closed terminal).
_HELD = ("SIGINT", "SIGTERM", "SIGHUP")


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Deliver Ctrl-C, SIGTERM and SIGHUP only when the block ends.

    Starting a process is not atomic: ``Popen`` forks, runs the child's setup and waits for
    its ``exec``. An interrupt raised in that wait leaves a running child whose pid nobody
    holds: nothing kills it, and the output file it then starts writing outlives the
    clean-up. Held back, the interrupt arrives once the caller owns the process. Handlers
    run in the main thread only, so elsewhere there is nothing to hold.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous: dict[int, Any] = {}
    for name in _HELD:
        number = getattr(signal, name, None)
        handler = signal.getsignal(number) if number is not None else None
        if number is not None and handler not in (signal.SIG_IGN, None):
            previous[number] = signal.signal(number, lambda signum, _: caught.append(signum))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(caught):
            handler = previous[number]
            if callable(handler):
                handler(number, None)
            else:  # the default action: end the process, as the signal would have
                os.kill(os.getpid(), number)


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
