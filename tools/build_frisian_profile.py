"""Build the West Frisian (fy) language profile that langdetect does not ship.

langdetect's profiles count character 1-3-grams in Wikipedia abstracts; there is none for
Frisian. This script counts the same n-grams, with langdetect's own ``LangProfile``, in the
Frisian user-interface strings of Mozilla's language packs (Debian packages
``firefox-esr-l10n-fy-nl`` and ``thunderbird-l10n-fy-nl``, MPL 2.0), and keeps about as many
n-grams as the shipped profiles hold, so that no language wins by having a larger table.
The result, ``src/crosspost/text/profiles/fy``, is counts only: no sentence of the source.

    apt-get download firefox-esr-l10n-fy-nl thunderbird-l10n-fy-nl
    python tools/build_frisian_profile.py *.deb

Run by a developer when the profile should be rebuilt; crosspost never runs it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from langdetect.utils.lang_profile import LangProfile

OUT = Path(__file__).resolve().parent.parent / "src" / "crosspost" / "text" / "profiles" / "fy"
#: The shipped profiles hold 1,000 to 4,000 n-grams (Dutch 2,163); keep the commonest this many.
KEEP = 2500
_FTL = re.compile(r"^(?:[\w-]+|\s+\.[\w-]+)\s*=\s*(.+)$")
_PROPERTIES = re.compile(r"^[\w.-]+\s*=\s*(.+)$")
_DTD = re.compile(r'<!ENTITY\s+[\w.-]+\s+"([^"]*)"')
_MARKUP = re.compile(r"\{[^}]*\}|<[^>]*>|&[#\w]+;|%(?:\d\$)?[SsDd]|#\d|\\n|\$\w+")


def strings(xpi: Path) -> list[str]:
    """The translated texts of one language pack, without keys, placeholders and markup."""
    found: list[str] = []
    with zipfile.ZipFile(xpi) as pack:
        for name in pack.namelist():
            if not name.endswith((".ftl", ".properties", ".dtd")):
                continue
            text = pack.read(name).decode("utf-8", "replace")
            if name.endswith(".dtd"):
                values = _DTD.findall(text)
            else:
                pattern = _FTL if name.endswith(".ftl") else _PROPERTIES
                values = [m.group(1) for line in text.splitlines()
                          if not line.lstrip().startswith("#") and (m := pattern.match(line))]
            found += [_MARKUP.sub(" ", value) for value in values]
    return [value for value in found if sum(c.isalpha() for c in value) >= 3]


def main(debs: list[str]) -> None:
    texts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for deb in debs:
            subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
        for xpi in sorted(Path(tmp).rglob("langpack-fy-NL@*.xpi")):
            texts += strings(xpi)
    unique = sorted(set(texts))
    profile = LangProfile("fy")
    for text in unique:
        profile.update(text)
    profile.omit_less_freq()
    ranked = sorted(profile.freq.items(), key=lambda kv: (-kv[1], kv[0]))
    kept = dict(ranked[:KEEP])
    # As omit_less_freq does: n_words counts the kept grams only, so that a gram's
    # probability is its share among the kept grams of its length, like in the shipped ones.
    for gram, count in ranked[KEEP:]:
        profile.n_words[len(gram) - 1] -= count
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"freq": kept, "n_words": profile.n_words, "name": "fy"},
                              ensure_ascii=False, sort_keys=True), "utf-8")
    print(f"{len(unique)} strings, {sum(len(t) for t in unique)} characters -> {OUT} "
          f"({len(kept)} n-grams)")


if __name__ == "__main__":
    main(sys.argv[1:])
