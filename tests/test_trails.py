"""Trails: word diffs and drift on real wordings, and the seeds' quote families."""

import pytest

from storytrail.trails import drift_of, meaning_change, word_diff

from .conftest import SEEDS, need_shared


def quote(doc, text, speaker=None, entity=None):
    return {"doc": doc, "text": text, "speaker_name": speaker, "speaker_entity": entity}


def test_word_diff_shows_the_edit():
    ops = word_diff("doesn't have a prejudiced bone in his body", "no prejudiced bone in his body")
    assert ["equal", "prejudiced bone in his body", "prejudiced bone in his body"] in ops
    assert ops[0] == ["replace", "doesn't have a", "no"]


def test_word_diff_compares_blind_to_case_and_accents_but_shows_each_wording():
    ops = word_diff("Sheikh Qaradawi said Zionist", "sheikh Qaradāwi said “Zionist”")
    assert ops == [["equal", "Sheikh Qaradawi said Zionist", "sheikh Qaradāwi said Zionist"]]


def test_drift_flags_attribution_and_meaning():
    first = quote("001", "as the Jewish community is rich, we simply wouldn't vote for him", "the letter", "e1")
    later = quote("004", "all Jews vote Conservative", "Ken Livingstone", "e2")
    kinds = {d["kind"]: d["detail"] for d in drift_of(first, later)}
    assert kinds["attribution"] == "the letter -> Ken Livingstone"
    assert "added all" in kinds["meaning"]
    assert "wording" in kinds
    assert drift_of(first, quote("002", first["text"], "the letter", "e1")) == []


def test_meaning_change_sees_negation_however_written_and_only_near_what_travelled():
    assert meaning_change("doesn't have a prejudiced bone in his body", "no prejudiced bone in his body") == ""
    assert meaning_change("he has a prejudiced bone", "he has no prejudiced bone") == "added negation"
    letter = (
        "Ken used the words Zionist, Jewish and Israeli interchangeably as if they meant the same, and did so in "
        "a pejorative manner. These words are not interchangeable and to do so is highly offensive."
    )
    assert meaning_change(letter, "Ken used the words Zionist, Jewish and Israeli interchangeably") == ""
    assert meaning_change("he did not expect the Jewish community to vote Labour", "all Jews vote Conservative") == "added all"


@pytest.mark.slow
def test_seed_families_become_trails():
    need_shared(SEEDS)
    from storytrail.evaluation.trails import evaluate_seed_trails

    result = evaluate_seed_trails(SEEDS)
    assert result["pair_precision"] >= 1.0 - 0.005
    assert result["pair_recall"] >= 0.8889 - 0.005
    assert result["outside_family_in_trails"] == []
    assert result["rich_vote_meaning_drift"]
