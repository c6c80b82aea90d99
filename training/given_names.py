"""The given names that tell a person's sex, for the speakers stage's pronouns ("she" is not the
Donald Trump of the sentence before): written to ``src/storytrail/data/given_names.json`` from
the name data of ``nomquamgender`` (MIT licence; Van Buskirk, Clauset and Larremore, "An open-source
cultural consensus approach to name-based gender classification", 2023), which pools 36 sources.

    pip install -e '.[train]'
    python training/given_names.py [--out src/storytrail/data/given_names.json]

A name is kept where the library itself would classify it (its default threshold: a share of
women of at most 0.1 or at least 0.9) and the evidence is broad: at least MIN_SOURCES of its
sources and MIN_COUNT people. Names of both sexes ("Jean", "Kim", "Jordan") and rare ones stay
out, so that a pronoun is only kept from a person the name says nothing against. The whole
library is not a run-time dependency: its 720,000 names take 1.6 s to load and a process of 258
MB to hold (measured on their JSON alone), for the 17,000 this table keeps.

Recorded (2026-12-07): 8,848 female and 7,986 male names, 152 KB. ``storytrail eval quotes``
scores a speaker by its span, which a pronoun's resolution does not move, so the speaker names of
PolNeAR quotes were compared before and after and read: dev, 11 changed, 3 wrong ones right
("she continued" was Terence Crutcher, named in what Clinton said; "he said" was Clinton for
Mitch McConnell), none right one wrong, 8 wrong either way (most a "he" within a reader's quoted
comment); train, 169 changed, of a random 40 read about 25 wrong ones right, 4 right ones wrong
and the rest wrong either way. All 4 are Lindsey Graham ("lindsey": 0.90 women, just inside the
library's bar): a man with a name most often a woman's is taken for a woman, the one way this
table misleads. A stricter bar would keep Graham and lose Hillary (0.92).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "storytrail" / "data" / "given_names.json"
THRESHOLD = 0.1  # nomquamgender's own default: 0.5 - |0.5 - share of women| at most this
MIN_SOURCES = 10
MIN_COUNT = 100


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import nomquamgender

    female, male = [], []
    for name, (sources, count, women, *_) in nomquamgender.name_data.items():
        if not name.isalpha() or sources < MIN_SOURCES or count < MIN_COUNT or 0.5 - abs(0.5 - women) > THRESHOLD:
            continue
        (female if women > 0.5 else male).append(name)
    from importlib.metadata import distribution

    licence = distribution("nomquamgender").read_text("LICENSE") or ""
    table = {
        "about": "Given names by the sex they tell, from nomquamgender 0.1.4; built by training/given_names.py.",
        "licence": licence.strip(),  # the MIT notice travels with the data taken from the package
        "female": sorted(female),
        "male": sorted(male),
    }
    args.out.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(female)} female and {len(male)} male given names -> {args.out}")


if __name__ == "__main__":
    main()
