"""The sentence-level span scorer (``storytrail eval quotes --cofenet``): PolNeAR's BIO gold read
back into spans, its tokens found in the article text, storytrail's spans drawn as PolNeAR draws
them, and the recorded figures on PolNeAR dev."""

import pytest

from storytrail.evaluation.spans import Sentence, align, bio_spans, score_spans, token_span, with_marks_or_that

from .conftest import BASELINE, SHARED, TOLERANCE, need_shared


def test_bio_labels_become_spans_per_role():
    labels = ["B-content", "I-content", "B-source", "B-cue", "O", "I-content", "I-content", "B-content"]
    # a role's B- right after another span of it opens a new one; an I- with no B- opens one too
    assert bio_spans(labels) == {("content", 0, 1), ("source", 2, 2), ("cue", 3, 3), ("content", 5, 6), ("content", 7, 7)}


def test_tokens_are_found_past_escapes_typography_and_left_out_sentences():
    text = "“It’s fine,” he said.\n\nA sentence the gold leaves out.\n\nShe (the mayor) agreed — mostly."
    first = Sentence("a_1", "a", ["``", "It", "'s", "fine", ",", "''", "he", "said", "."], set(), [])
    second = Sentence("a_1", "a", ["She", "-LRB-", "the", "mayor", "-RRB-", "agreed", "--", "mostly", "."], set(), [])
    align([first, second], text)
    assert all(found is not None for found in first.offsets + second.offsets)
    assert text[slice(*first.offsets[2])] == "’s"
    assert text[slice(*second.offsets[1])] == "(" and text[slice(*second.offsets[6])] == "—"
    # a span of characters covers the tokens it overlaps, in the sentence that holds them
    start = text.index("It’s")
    assert token_span(first, start, text.index("”")) == (1, 4)
    assert token_span(second, start, text.index("”")) is None


def test_spans_are_widened_the_way_polnear_draws_them():
    text = 'Mr. Lee said that taxes would rise. "We will fight," she said.'
    claim = text.index("taxes")
    assert text[slice(*with_marks_or_that(text, claim, text.index("."  , claim)))] == "that taxes would rise"
    quoted = text.index("We")
    assert text[slice(*with_marks_or_that(text, quoted, text.index(",", quoted) + 1))] == '"We will fight,"'


def test_source_and_cue_are_drawn_whole(nlp):
    from storytrail.evaluation.spans import cue_as_annotated, source_as_annotated

    doc = nlp("Scott Pruitt, the attorney general of Oklahoma, has repeatedly called for a repeal of the rules.")
    text = doc.text
    name = text.index("Scott Pruitt")
    assert text[slice(*source_as_annotated(doc, name, name + len("Scott Pruitt")))] == "Scott Pruitt, the attorney general of Oklahoma,"
    cue = text.index("called")
    assert text[slice(*cue_as_annotated(doc, cue, cue + len("called")))] == "has repeatedly called for"


def test_exact_matches_score_per_role():
    sentence = Sentence("a_1", "a", ["He", "said", "no", "."], {("source", 0, 0), ("cue", 1, 1), ("content", 2, 2)}, [(0, 2), (3, 7), (8, 10), (10, 11)])
    predicted = {"a": [("source", 0, 2), ("cue", 3, 7), ("content", 8, 11)]}  # the content runs over the full stop
    result = score_spans([sentence], predicted)
    assert result["source"]["f1"] == 1.0 and result["cue"]["f1"] == 1.0
    assert result["content"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "pred": 1, "gold": 1}


@pytest.mark.slow
def test_polnear_dev_sentence_spans_do_not_regress():
    from storytrail.evaluation.spans import evaluate_sentence_spans

    sentences = SHARED / "data" / "polnear-cofenet-sentences" / "valid.txt"
    dev = SHARED / "data" / "polnear" / "data" / "dev"
    need_shared(sentences)
    need_shared(dev)
    result = evaluate_sentence_spans(sentences, dev)
    assert result["tokens_aligned"] > 0.99
    for role, recorded in BASELINE["polnear_dev_spans"].items():
        assert result["as_annotated"][role]["f1"] >= recorded - TOLERANCE, role
