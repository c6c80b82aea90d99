"""Ingest and the quote stage never raise on arbitrary Unicode text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrail.article.quotemarks import find_quote_marks
from storytrail.ingest.readers import IngestOptions, iter_articles

MARKY_TEXT = st.text(alphabet=st.sampled_from(list("ab '\"“”‘’`«»\n\u00a0.,:")) | st.characters(), max_size=300)


@given(MARKY_TEXT)
def test_quote_marks_never_raise_and_stay_in_bounds(text):
    for span in find_quote_marks(text):
        assert 0 <= span.start <= span.end <= len(text)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_ingest_never_raises_on_arbitrary_bytes(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    for name in ("a.txt", "b.html", "c.jsonl", "d.csv", "e.warc.gz", "f.rss"):
        (folder / name).write_bytes(data)
    results = list(iter_articles([str(folder)], IngestOptions()))
    assert len(results) >= 1


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(MARKY_TEXT)
def test_quote_stage_never_raises(analyze_text, text):
    analysis = analyze_text(text)
    for quote in analysis.quotes:
        assert text[quote.start : quote.end] == quote.text
