"""Language detection: accuracy and cost of today's detector against crosspost's.

Today's detector is langdetect with all 55 of its profiles (what crosspost used before);
crosspost's chooses among candidates only (``crosspost.text.language``). Both are seeded and
run on the labelled short and long texts of ``tests/text/language_samples.yaml``. A text
counts as right when the best language is its label; "confidently wrong" means a wrong
answer at the probability the rules act on (0.9), which is what would become a false
finding. Cost: CPU time and memory to load the profiles, each in a fresh process.

    python benchmarks/bench_language.py [--markdown]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import yaml

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "text" / "language_samples.yaml"
THRESHOLD = 0.9
_LOAD = """
import json, time
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from crosspost.text.language import _factory, candidates
candidates(["nl"])
start = time.process_time()
def rss():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmRSS"))
before = rss()
{body}
print(json.dumps({{"cpu": time.process_time() - start, "rss_mb": (rss() - before) / 1024}}))
"""
_ALL = "f = DetectorFactory(); f.load_profile(PROFILES_DIRECTORY)"
_SOME = "_factory(candidates({among!r}))"


def samples() -> list[tuple[str, str, str]]:
    data = yaml.safe_load(SAMPLES.read_text("utf-8"))
    return [(lang, kind, text) for lang, groups in data.items()
            for kind, texts in groups.items() for text in texts]


def today() -> object:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)

    def detect(text: str) -> tuple[str, float]:
        from crosspost.text.language import _plain

        detector = factory.create()
        detector.append(_plain(text))
        best = detector.get_probabilities()[0]
        return str(best.lang).split("-")[0], float(best.prob)

    return detect


def score(detect: object, among: tuple[str, ...] | None) -> dict[tuple[str, str], list[int]]:
    """(language, length) -> [right, confidently wrong, total]."""
    from crosspost.text.language import detect_language

    table: dict[tuple[str, str], list[int]] = {}
    for lang, kind, text in samples():
        if among is not None and lang not in among:
            continue
        found = detect(text) if among is None else detect_language(text, among)  # type: ignore[operator]
        row = table.setdefault((lang, kind), [0, 0, 0])
        row[2] += 1
        if found is not None and found[0] == lang:
            row[0] += 1
        elif found is not None and found[1] >= THRESHOLD:
            row[1] += 1
    return table


def load_cost(body: str) -> dict[str, float]:
    runs = [json.loads(subprocess.run([sys.executable, "-c", _LOAD.format(body=body)],
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(3)]
    return {"cpu": min(r["cpu"] for r in runs), "rss_mb": min(r["rss_mb"] for r in runs)}


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    from crosspost.text.language import DEFAULT_CANDIDATES

    among = (*DEFAULT_CANDIDATES, "fy")
    old, new = score(today(), None), score(None, among)
    small = ("nl", "fy", "en")
    narrow = score(None, small)
    print("| language | texts | today: right | today: confidently wrong | crosspost (default "
          "list + fy): right | confidently wrong | crosspost (nl, fy, en): right |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    totals = [0] * 6
    for key in sorted(old, key=lambda k: (k[0] not in small, k)):
        o, n = old[key], new[key]
        w = narrow.get(key)
        print(f"| {key[0]} {key[1]} | {o[2]} | {o[0]} | {o[1]} | {n[0]} | {n[1]} | "
              f"{w[0] if w else '-'} |")
        for i, v in enumerate((o[2], o[0], o[1], n[0], n[1], w[0] if w else 0)):
            totals[i] += v
    print(f"| all | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} | {totals[4]} | "
          f"{totals[5]} of {sum(v[2] for v in narrow.values())} |")
    print()
    print("| profiles loaded | CPU to load (s) | memory growth (MB) |")
    print("| --- | ---: | ---: |")
    for label, body in (("all 55 (today)", _ALL),
                        (f"default list + fy ({len(among)})", _SOME.format(among=among)),
                        ("nl, fy, en", _SOME.format(among=small))):
        cost = load_cost(body)
        print(f"| {label} | {cost['cpu']:.3f} | {cost['rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
