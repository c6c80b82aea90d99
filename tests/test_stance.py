"""The stance classifier and its aggregation, on real sentences and the NewsMTSC dev splits."""

import pytest

from storytrail.article.stance import stance_model, verdict

from .conftest import SEEDS, SHARED, need_shared


def test_verdict_weighs_sentences():
    assert verdict([0.6, 0.4, 0.5]) == ("positive", pytest.approx(0.5))
    assert verdict([-0.6, -0.2])[0] == "negative"
    assert verdict([0.7, -0.7, 0.6, -0.5])[0] == "mixed"
    assert verdict([0.02, -0.03])[0] == "neutral"
    # seed 002's article voice on Livingstone: three mild sentences do not undo nine hostile ones
    hostile = [-0.41, -0.82, -0.0, 0.14, -0.6, -0.26, 0.31, -0.42, -0.81, -0.43, 0.3, 0.1]
    assert verdict(hostile)[0] == "negative"


def target(sentence, mention):
    start = sentence.index(mention)
    return (sentence, start, start + len(mention))


@pytest.mark.slow
def test_classifier_on_clear_news_sentences():
    model = stance_model()
    items = [
        target("The senator praised the mayor for her courage and her honesty.", "the mayor"),
        target("Critics called the governor a liar and a coward who betrayed voters.", "the governor"),
        target("Livingstone gave no ground and invoked the stereotype of the fat, rich, selfish Jew.", "Livingstone"),
        # "breaks my heart" is distress, not praise of the speaker
        target("Mr Khan said the depth of the problem “breaks my heart”.", "Mr Khan"),
    ]
    labels = model.labels(items)
    assert labels[:3] == ["positive", "negative", "negative"]
    assert labels[3] != "positive"


@pytest.mark.slow
@pytest.mark.parametrize(("split", "recorded"), [("dev-rw", 0.740), ("dev-mt", 0.704)])
def test_newsmtsc_dev_does_not_regress(split, recorded):
    path = SHARED / "data" / "newsmtsc" / f"{split}.jsonl"
    need_shared(path)
    from storytrail.evaluation.stance import evaluate_newsmtsc

    assert evaluate_newsmtsc(path)["macro_f1"] >= recorded - 0.005


@pytest.mark.slow
def test_seed_stance_agreement_does_not_regress():
    need_shared(SEEDS)
    from storytrail.evaluation.stance import evaluate_seeds_stance

    found = evaluate_seeds_stance(SEEDS)
    pairs = {(p["entity"], p["doc"]): p["predicted"] for p in found["pairs"]}
    assert pairs[("sadiq_khan", "003")] == "positive"
    assert pairs[("ken_livingstone", "001")] == "negative"
    assert found["agree"] >= 7
