"""What share of a voice's sentences, and how many of them, must lean one way before the stance
toward an actor is called positive, negative or mixed (``storytrail.article.stance.LEANING_SHARE``
and ``MIN_LEANING``, the article's voice), chosen by leave-one-event-out cross-validation on NewsWCL50 dev.

    storytrail eval stance --newswcl ../shared/data/newswcl50-dev --json > stance.json
    python training/stance_leaning.py stance.json

For each event, the setting that labels the other five events best is applied to it; the pooled
held-out accuracy is what a setting chosen this way can be expected to give on events it has not
seen. A gold actor with no predicted row stays wrong whatever the setting. The rows' sentence
counts do not depend on it, so one analysis serves every candidate.

It also prints, per gold label, the mean share of a row's sentences that the sentence model reads
as leaning each way. Recorded (2026-12-06, the code at 6c75eca): gold negative .53 negative / .09
positive (26 rows), gold neutral .50 / .04 (69 rows), gold positive .68 / .08 (4 rows). The
article's own sentences about an actor lean negative as often when the annotators judged the
article neutral as when they judged it negative: news of a scandal reads negative toward its
subject whatever the writer's stance, so no threshold on these counts separates the two. A
sentiment lexicon did no better: VADER's compound score (MIT, tried outside the package) over the
same sentences averaged .07 for gold negative rows and -.03 for gold neutral ones. Nor does
subjective word choice (2026-12-07, the adjective lexicon of pattern that TextBlob ships, public
domain, tried outside the package): the share of a row's sentences holding an adjective of
subjectivity .5 or more is .42 for gold negative rows and .38 for gold neutral ones, and the share
that the model reads negative and that hold a negative subjective adjective .05 and .09. What
differs is how much the article says of the actor: 6.5 sentences (3.8 read negative) for gold
negative rows against 3.9 (1.8) for neutral ones, which the counts above already use. What separates
them has to come from elsewhere (framing, word choice about the actor rather than about events,
which sources the article lets speak).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from storytrail.article import stance
from storytrail.evaluation.stance import STANCE_LABELS, score_labels

CANDIDATES = [(round(0.05 * i, 2), least) for i in range(2, 21) for least in (1, 2, 3)]


def label(pair: dict, setting: tuple[float, int]) -> str:
    if not pair["sentences"]:
        return "missing"
    stance.LEANING_SHARE["article"], stance.MIN_LEANING["article"] = setting
    return stance.verdict(pair["negative"], pair["positive"], pair["sentences"])[0]


def accuracy(pairs: list[dict], setting: tuple[float, int]) -> float:
    return sum(1 for p in pairs if label(p, setting) == p["gold"]) / len(pairs)


def main() -> None:
    pairs = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))["pairs"]
    shipped = (stance.LEANING_SHARE["article"], stance.MIN_LEANING["article"])
    events = sorted({p["event"] for p in pairs})
    held_out: list[tuple[str, str]] = []
    for event in events:
        train = [p for p in pairs if p["event"] != event]
        test = [p for p in pairs if p["event"] == event]
        # ties go to the setting nearest the middle (half the sentences, two of them)
        best = max(CANDIDATES, key=lambda t: (accuracy(train, t), -abs(t[0] - 0.5), -abs(t[1] - 2)))
        held_out += [(p["gold"], label(p, best)) for p in test]
        right = sum(1 for p in test if label(p, best) == p["gold"])
        print(f"event {event}: share {best[0]:.2f}, at least {best[1]} (train accuracy {accuracy(train, best):.3f}), held out {right}/{len(test)}")
    scores = score_labels([g for g, _ in held_out], [p for _, p in held_out], STANCE_LABELS)
    print(f"leave-one-event-out: accuracy {scores['accuracy']:.3f}, macro-F1 {scores['macro_f1']:.3f} over {len(pairs)} labels")
    # whether the rows' lean separates the gold labels at all, whatever the setting
    for gold in STANCE_LABELS:
        rows = [p for p in pairs if p["gold"] == gold and p["sentences"]]
        if rows:
            negative = sum(p["negative"] / p["sentences"] for p in rows) / len(rows)
            positive = sum(p["positive"] / p["sentences"] for p in rows) / len(rows)
            print(f"gold {gold}: {len(rows)} rows, mean share of sentences leaning negative {negative:.2f}, positive {positive:.2f}")
    for setting in CANDIDATES:
        scores = score_labels([p["gold"] for p in pairs], [label(p, setting) for p in pairs], STANCE_LABELS)
        mark = "  (shipped)" if setting == shipped else ""
        print(f"share {setting[0]:.2f}, at least {setting[1]}: accuracy {scores['accuracy']:.3f}, macro-F1 {scores['macro_f1']:.3f}{mark}")


if __name__ == "__main__":
    main()
