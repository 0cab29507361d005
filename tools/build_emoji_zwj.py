"""Write the list of recommended (RGI) emoji ZWJ sequences that X's count recognises.

twitter-text weighs an emoji sequence that its emoji parser (twemoji-parser) knows at 200 once;
a ZWJ sequence it does not know is weighed part by part (each emoji it recognises 200, each
ZWJ 100). twemoji-parser knows the fully-qualified ZWJ sequences of the Unicode emoji set, so
crosspost needs that list for the current set. This script writes it from the ``emoji``
package (PyPI, which carries Unicode's emoji-test data with each sequence's status) to
``src/crosspost/text/emoji_zwj.txt``, one sequence a line as code points in hex.

    pip install emoji==2.16.0
    python tools/build_emoji_zwj.py

Run by a developer when a new Unicode emoji version is out; crosspost never runs it and does
not depend on ``emoji``.
"""

from __future__ import annotations

from pathlib import Path

import emoji

OUT = Path(__file__).resolve().parent.parent / "src" / "crosspost" / "text" / "emoji_zwj.txt"


def main() -> None:
    data = emoji.EMOJI_DATA
    fully = emoji.STATUS["fully_qualified"]
    sequences = sorted(e for e, d in data.items() if "\u200d" in e and d["status"] == fully)
    newest = max(data[e]["E"] for e in sequences)
    lines = [
        "# Fully-qualified emoji ZWJ sequences (RGI_Emoji_ZWJ_Sequence), one a line, code",
        f"# points in hex. From the emoji package {emoji.__version__} (Unicode emoji data up to",
        f"# Emoji {newest:g}) by tools/build_emoji_zwj.py; {len(sequences)} sequences.",
    ]
    lines += [" ".join(f"{ord(c):04X}" for c in seq) for seq in sequences]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(sequences)} sequences, Emoji {newest:g})")


if __name__ == "__main__":
    main()
