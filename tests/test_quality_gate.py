"""Quality gates: quote and speaker figures on annotated data may not drop below the recorded level."""

import pytest

from storytrail.evaluation.quotes import evaluate_brat, evaluate_seeds

from .conftest import BASELINE, SEEDS, SHARED, TOLERANCE, need_shared

pytestmark = pytest.mark.slow


def test_polnear_dev_quotes_do_not_regress():
    dev = SHARED / "data" / "polnear" / "data" / "dev"
    need_shared(dev)
    result = evaluate_brat(dev)
    recorded = BASELINE["polnear_dev"]
    assert result["all"]["quote"]["f1"] >= recorded["quote_f1"] - TOLERANCE
    assert result["all"]["end_to_end"]["f1"] >= recorded["end_to_end_f1"] - TOLERANCE
    assert result["direct"]["quote"]["f1"] >= recorded["direct_f1"] - TOLERANCE


def test_seed_quotes_do_not_regress():
    need_shared(SEEDS)
    result = evaluate_seeds(SEEDS)
    recorded = BASELINE["seeds"]
    assert result["all"]["quote"]["f1"] >= recorded["quote_f1"] - TOLERANCE
    assert result["all"]["end_to_end"]["f1"] >= recorded["end_to_end_f1"] - TOLERANCE
    assert result["direct"]["quote"]["f1"] >= recorded["direct_f1"] - TOLERANCE
    assert len(result["not_speaker_quotes_exported_with_speaker"]) <= recorded["not_quotes_with_speaker"]


def test_scorer_on_hand_worked_cases():
    from storytrail.evaluation.quotes import GoldQuote, PredQuote, dice, match, score, words

    assert words("“It’s fine,” he said.") == ["it", "s", "fine", "he", "said"]
    assert dice(["a", "b", "c", "d"], ["a", "b"]) == pytest.approx(2 * 2 / 6)
    golds = [GoldQuote("d", "the cat sat on the mat", True, "x", [(0, 3)]), GoldQuote("d", "dogs bark loudly at night", False, None)]
    preds = [PredQuote("d", "“the cat sat on the mat”", True, None, (1, 2)), PredQuote("d", "an unrelated sentence here", False, None, None)]
    assert [(g, p) for g, p, _ in match(golds, preds)] == [(0, 0)]
    result = score(golds, preds, lambda g, p: p.speaker_span is not None)
    assert result["all"]["quote"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "pred": 2, "gold": 2}
    assert result["all"]["end_to_end"]["tp"] == 1


def test_optional_gold_quotes_count_neither_way():
    from storytrail.evaluation.quotes import GoldQuote, PredQuote, score

    golds = [
        GoldQuote("d", "the cat sat on the mat", True, "x"),
        GoldQuote("d", "he believes dogs bark at night", False, "y", optional=True),
        GoldQuote("d", "it was revealed that taxes rise", False, None, optional=True),
    ]
    preds = [
        PredQuote("d", "the cat sat on the mat", True, None, (1, 2)),
        PredQuote("d", "dogs bark at night", False, None, None),  # matched to an optional quote: no false positive
        PredQuote("d", "an unrelated sentence here", False, None, None),
    ]
    result = score(golds, preds, lambda g, p: True)
    # the unmatched optional quote is no miss; the prediction on the matched one leaves the counts
    assert result["all"]["quote"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "tp": 1, "pred": 2, "gold": 1}
    assert result["indirect"]["quote"]["gold"] == 0 and result["indirect"]["quote"]["pred"] == 1


def test_brat_scorer_sorts_gold_and_predictions_by_one_rule():
    from storytrail.evaluation.quotes import marks_at

    text = 'South Korea accused the North of "fanatic recklessness." Officials said talks would resume.'
    mixed = text.index("the North")
    indirect = text.index("talks")
    # a mixed quote is direct on both sides of the scorer, whatever kind the extractor gives it
    assert marks_at(text, mixed, text.index('."') + 1)
    assert not marks_at(text, indirect, len(text) - 1)
