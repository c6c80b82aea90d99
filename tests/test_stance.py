"""The stance classifier and its aggregation, on real sentences and the NewsMTSC dev splits."""

import pytest

from storytrail.article.stance import stance_model, verdict

from .conftest import SEEDS, SHARED, need_shared


def test_verdict_is_neutral_unless_the_sentences_clearly_lean():
    # straight reporting: a few sentences about a bad event for the actor do not make a stance
    assert verdict(negative=2, positive=0, sentences=2) == ("neutral", 0.0)
    assert verdict(negative=3, positive=0, sentences=8)[0] == "neutral"
    assert verdict(negative=4, positive=1, sentences=8) == ("negative", 0.5)
    assert verdict(negative=1, positive=5, sentences=7)[0] == "positive"
    # both directions clear: seed 000's article voice on Livingstone (6 hostile, 9 approving of 21)
    assert verdict(negative=6, positive=9, sentences=21) == ("mixed", pytest.approx(15 / 21))
    # a lone dissenting sentence does not make a stance mixed
    assert verdict(negative=8, positive=2, sentences=12)[0] == "negative"
    # a quoted speaker's one hostile sentence is their stance; the article's is not
    assert verdict(negative=1, positive=0, sentences=1, voice="quoted") == ("negative", 1.0)
    assert verdict(negative=1, positive=0, sentences=1)[0] == "neutral"


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
@pytest.mark.parametrize(("split", "recorded"), [("dev-rw", 0.823), ("dev-mt", 0.740)])
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
    assert pairs[("ken_livingstone", "001")] == "negative"
    assert pairs[("ken_livingstone", "002")] == "negative"
    assert pairs[("sadiq_khan", "003")] == "positive"
    # 000 (gold mixed: the blogger both defends and faults him) agreed until "Ken seems not to worry
    # about alienating Jewish voters" stopped being Ken's own words (a raising verb's subject is no
    # source) and became the article's voice, which the sentence model reads as positive toward him:
    # 4 of 15 -> 3 of 15, the sentence model's noise on evaluative reporting (issue 16)
    assert found["agree"] >= 3


def test_newswcl_stance_scoring_by_hand():
    from storytrail.evaluation.stance import score_newswcl_stance

    labels = [
        {"doc": "1_L", "event": 1, "outlet": "NYT", "actor": "Donald Trump", "aliases": ["President Trump"], "article_voice": "neutral", "quoted_voice": "negative"},
        {"doc": "1_L", "event": 1, "outlet": "NYT", "actor": "James Comey", "aliases": [], "article_voice": "negative", "quoted_voice": "none"},
        {"doc": "1_R", "event": 1, "outlet": "Fox", "actor": "Donald Trump", "aliases": [], "article_voice": "positive", "quoted_voice": "mixed"},
        {"doc": "8_R", "event": 8, "outlet": "Fox", "actor": "Robert Mueller", "aliases": [], "article_voice": "neutral", "quoted_voice": "none"},
    ]
    rows = [
        {"doc": "1_L", "name": "Donald J. Trump", "voice": "article", "label": "neutral", "score": 0.0, "sentences": 5, "negative": 1, "positive": 0},
        # shares no last word
        {"doc": "1_L", "name": "Trump Tower", "voice": "article", "label": "positive", "score": 0.4, "sentences": 3, "negative": 0, "positive": 3},
        {"doc": "1_L", "name": "Trump", "voice": "quoted", "label": "negative", "score": -0.5, "sentences": 3, "negative": 3, "positive": 0, "confidence": 1.0},
        # two quoted speakers, one against Trump and one for him: the quoted voices together are mixed
        {"doc": "1_R", "name": "Trump", "voice": "quoted", "label": "negative", "score": -0.6, "sentences": 2, "negative": 2, "positive": 0, "confidence": 1.0},
        {"doc": "1_R", "name": "Donald Trump", "voice": "quoted", "label": "positive", "score": 0.5, "sentences": 1, "negative": 0, "positive": 1, "confidence": 1.0},
        {"doc": "1_L", "name": "Comey", "voice": "article", "label": "positive", "score": 0.3, "sentences": 4, "negative": 0, "positive": 3},
        {"doc": "8_R", "name": "Robert S. Mueller III", "voice": "article", "label": "neutral", "score": 0.0, "sentences": 4, "negative": 0, "positive": 0},
    ]
    result = score_newswcl_stance(rows, labels)
    # 1_R has no row: wrong; a suffix is no last word: "Robert S. Mueller III" is Mueller's row
    assert [p["predicted"] for p in result["pairs"]] == ["neutral", "positive", None, "neutral"]
    assert result["article"]["accuracy"] == pytest.approx(2 / 4, abs=1e-4) and result["missing"] == 1
    assert result["quoted"] == {"accuracy": 1.0, "macro_f1": 0.5, "n": 2}


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


@pytest.mark.slow
def test_actors_are_named_twice_and_a_demonym_adjective_is_no_actor_nor_a_speaker_the_article_reports(analyze_text):
    analysis = analyze_text(
        "Russian hackers broke into the servers of the Democratic National Committee. "
        "Russia has long been accused of meddling in elections. "
        "The Democrats said Russia had worked hand in glove with the campaign. "
        "The lawsuit, which names Russia, puts the Democrats at odds with the White House. "
        "Russian officials called the suit absurd. "
        "A spokesman for Senator Ron Wyden declined to comment."
    )
    actors = {s.name for s in analysis.stance}
    assert {"Russia", "Democrats"} <= actors  # a country and a group named as a noun, each in two sentences
    assert "Russian" not in actors  # "Russian hackers" is about the hackers
    assert "Ron Wyden" not in actors  # named once, in passing
    # "The Democrats said …" reports the Democrats' words: no evidence of the article's own stance toward them
    [democrats] = [s for s in analysis.stance if s.name == "Democrats" and s.voice == "article"]
    assert democrats.sentences == 1 and democrats.evidence[0].text.startswith("The lawsuit, which names Russia")
    for row in analysis.stance:
        assert row.sentences >= 1 or (row.label, row.voice, row.evidence) == ("neutral", "article", [])
        assert 0.0 <= row.confidence <= 1.0
        assert row.negative + row.positive <= row.sentences
        assert all(analysis.article.text[e.start : e.end] == e.text for e in row.evidence)


@pytest.mark.slow
def test_an_actor_named_only_as_a_speaker_has_a_neutral_article_row_with_no_evidence(analyze_text):
    analysis = analyze_text(
        "Mayor Jane Porter said the budget was balanced for the first time in a decade. "
        "Porter said the city would hire two hundred teachers next year. "
        "The council will vote on the plan in March."
    )
    [porter] = [s for s in analysis.stance if s.name == "Jane Porter" and s.voice == "article"]
    assert (porter.label, porter.sentences, porter.evidence, porter.confidence) == ("neutral", 0, [], 0.0)
    assert verdict(negative=0, positive=0, sentences=0) == ("neutral", 0.0)
