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


def test_newswcl_stance_scoring_by_hand():
    from storytrail.evaluation.stance import score_newswcl_stance

    labels = [
        {"doc": "1_L", "event": 1, "outlet": "NYT", "actor": "Donald Trump", "aliases": ["President Trump"], "article_voice": "neutral", "quoted_voice": "negative"},
        {"doc": "1_L", "event": 1, "outlet": "NYT", "actor": "James Comey", "aliases": [], "article_voice": "negative", "quoted_voice": "none"},
        {"doc": "1_R", "event": 1, "outlet": "Fox", "actor": "Donald Trump", "aliases": [], "article_voice": "positive", "quoted_voice": "none"},
    ]
    rows = [
        {"doc": "1_L", "name": "Donald J. Trump", "voice": "article", "label": "neutral", "score": 0.0, "sentences": 5},
        {"doc": "1_L", "name": "Trump Tower", "voice": "article", "label": "positive", "score": 0.4, "sentences": 1},  # shares no last word
        {"doc": "1_L", "name": "Trump", "voice": "quoted", "label": "negative", "score": -0.5, "sentences": 2},
        {"doc": "1_L", "name": "Comey", "voice": "article", "label": "positive", "score": 0.3, "sentences": 2},
    ]
    result = score_newswcl_stance(rows, labels)
    assert [p["predicted"] for p in result["pairs"]] == ["neutral", "positive", None]  # 1_R has no row: wrong
    assert result["article"]["accuracy"] == pytest.approx(1 / 3, abs=1e-4) and result["missing"] == 1
    assert result["quoted"] == {"accuracy": 1.0, "macro_f1": 0.25, "n": 1}


@pytest.mark.slow
def test_newswcl_article_stance_does_not_regress():
    folder = SHARED / "data" / "newswcl50-dev"
    need_shared(folder)
    from storytrail.evaluation.stance import evaluate_newswcl_stance

    from .conftest import BASELINE, TOLERANCE

    result = evaluate_newswcl_stance(folder)
    recorded = BASELINE["newswcl_stance"]
    assert result["article"]["accuracy"] >= recorded["article_accuracy"] - TOLERANCE
    assert result["article"]["macro_f1"] >= recorded["article_macro_f1"] - TOLERANCE
