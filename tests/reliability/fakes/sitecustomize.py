"""Stall crosspost in the middle of writing an image, so a test can kill it right there.

Python imports ``sitecustomize`` at start-up from ``PYTHONPATH``; the tests put this folder there
for the CLI subprocesses of the signal tests only. With ``RELIABILITY_STALL_STATE`` set, the
``RELIABILITY_STALL_AT``-th image written through ``crosspost.output.atomic`` writes half its
bytes to the temporary file, fsyncs, records ``{"pid", "temp"}`` in the state file and sleeps
``RELIABILITY_STALL_SECONDS`` (default 600), then writes the file whole.
"""

import os

if os.environ.get("RELIABILITY_STALL_STATE"):
    import json
    import time

    import crosspost.output.atomic as atomic

    _real_write = atomic._write  # fails loudly here if the module is refactored
    _count = [0]

    def _stalling_write(temp, data):
        if temp.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif"):
            _count[0] += 1
            if _count[0] == int(os.environ.get("RELIABILITY_STALL_AT", "1")):
                with open(temp, "wb") as handle:
                    handle.write(data[: len(data) // 2])
                    handle.flush()
                    os.fsync(handle.fileno())
                path = os.environ["RELIABILITY_STALL_STATE"]
                with open(path + ".part", "w") as handle:
                    json.dump({"pid": os.getpid(), "temp": str(temp)}, handle)
                os.replace(path + ".part", path)
                time.sleep(float(os.environ.get("RELIABILITY_STALL_SECONDS", "600")))
        _real_write(temp, data)

    atomic._write = _stalling_write
