"""Speakers that need more than the cue's subject: the addressee of an open letter."""

from __future__ import annotations

import pytest

from .conftest import EXAMPLES

pytestmark = pytest.mark.slow


def test_you_in_an_open_letter_is_the_person_addressed(analyze_text):
    text = (EXAMPLES / "000_067aad2373a22218.txt").read_text(encoding="utf-8")
    analysis = analyze_text(text, "000")
    quote = next(q for q in analysis.quotes if q.text.startswith("Every year I was mayor"))
    assert quote.speaker.text == "You"
    assert quote.speaker_name == "Ken"  # this article calls him Ken; the entities stage names him Ken Livingstone


def test_you_without_anyone_addressed_by_name_stays_unresolved(analyze_text):
    analysis = analyze_text('The minister spoke on Monday. "We will win," you said. You know it. You said so.')
    assert [(q.text, q.speaker_name) for q in analysis.quotes] == [("We will win,", None)]
