"""A stand-in for ffmpeg: probes go to the real one, encodes misbehave (the test's choice).

Installed by the tests as an executable with this interpreter in its shebang, and named by
``CROSSPOST_FFMPEG``. Environment:

* ``FAKE_FFMPEG_REAL``: the real ffmpeg, which runs every command that writes no output file;
* ``FAKE_FFMPEG_MODE``: what an encode does: ``hang`` (write part of the output, start a
  grandchild, sleep), ``crash`` (write part of the output, then die of SIGSEGV), ``pass``;
  ``hang-all`` and ``crash-all`` do the same to every command, probes included;
* ``FAKE_FFMPEG_STATE``: a JSON file written (atomically) once the partial output exists:
  ``{"pid": ..., "child": ..., "outs": [...]}``; each misbehaving run also appends its pid to
  the file named like it with ``.log`` added.
"""

import json
import os
import signal
import subprocess
import sys
import time

real = os.environ["FAKE_FFMPEG_REAL"]
mode = os.environ.get("FAKE_FFMPEG_MODE", "hang")
state = os.environ.get("FAKE_FFMPEG_STATE")
args = sys.argv[1:]
outs = [a.removeprefix("file:") for a in args if ".crosspost-tmp-" in a]
if mode == "pass" or not (outs or mode.endswith("-all")):
    os.execv(real, [real, *args])
for out in outs:
    with open(out, "wb") as handle:  # the start of an MP4, like a real encode under way
        handle.write(b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41" + b"\0" * 4096)
        handle.flush()
child = None
if mode.startswith("hang"):  # something ffmpeg started, in its process group
    sleeper = "import time; time.sleep(600)"  # the state path marks it as the test's
    child = subprocess.Popen([sys.executable, "-c", sleeper, str(state)]).pid
if state:
    with open(state + ".log", "a") as handle:
        handle.write(f"{os.getpid()}\n")
    with open(state + ".part", "w") as handle:
        json.dump({"pid": os.getpid(), "child": child, "outs": outs}, handle)
    os.replace(state + ".part", state)
if mode.startswith("crash"):
    os.kill(os.getpid(), signal.SIGSEGV)
time.sleep(600)
