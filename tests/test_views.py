"""How marks are laid over an article's text for the report and the explorer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storytrail.web.views import MARK_ORDER, Mark, fts_query, marked, nested


def coverage(tokens) -> dict[str, set[int]]:
    """Which character positions each anchor covers, read back from the tokens."""
    covered: dict[str, set[int]] = {}
    open_marks: list[Mark] = []
    position = 0
    for kind, value in tokens:
        if kind == "open":
            open_marks.append(value)
        elif kind == "close":
            assert open_marks.pop() is value  # properly nested: a close always ends the innermost mark
        else:
            for m in open_marks:
                covered.setdefault(m.anchor, set()).update(range(position, position + len(value)))
            position += len(value)
    assert not open_marks
    return covered


def test_a_quote_crossing_a_sentence_is_cut_once_where_the_sentence_ends():
    text = "He said it was fine. Then he left the room."
    sentence = Mark(0, 20, "evidence", "", "e-0-20")
    quote = Mark(8, 30, "quote", "q1", "q-q1")
    tokens = nested(text, [quote, sentence], set())
    assert "".join(v for k, v in tokens if k == "text") == text
    quote_pieces = [v for k, v in tokens if k == "open" and v.kind == "quote"]
    assert [(p.start, p.end, p.first) for p in quote_pieces] == [(8, 20, True), (20, 30, False)]
    assert coverage(tokens) == {"e-0-20": set(range(0, 20)), "q-q1": set(range(8, 30))}


def test_one_speaker_of_several_quotes_is_marked_once():
    text = "Khan said: yes. Khan said: no."
    marks = [Mark(0, 4, "speaker", "", ""), Mark(0, 4, "speaker", "", ""), Mark(11, 14, "quote", "a", "q-a")]
    assert sum(1 for k, v in nested(text, marks, set()) if k == "open" and v.kind == "speaker") == 1


@given(
    st.text(min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30), st.sampled_from(sorted(MARK_ORDER))), max_size=12),
)
def test_any_marks_nest_properly_and_keep_text_and_coverage(text, spans):
    marks = []
    for i, (start, length, kind) in enumerate(spans):
        start = min(start, len(text) - 1)
        marks.append(Mark(start, min(len(text), start + length), kind, str(i), f"m{i}"))
    tokens = nested(text, marks, set())
    assert "".join(v for k, v in tokens if k == "text") == text
    assert coverage(tokens) == {m.anchor: set(range(m.start, m.end)) for m in marks}
    firsts = [v.anchor for k, v in tokens if k == "open" and v.first]
    assert sorted(firsts) == sorted(m.anchor for m in marks)


def test_search_input_becomes_quoted_words_only():
    assert fts_query('"); DROP TABLE quotes;--') == '"DROP" "TABLE" "quotes"'
    assert fts_query("NEAR(a b) OR *") == '"NEAR" "a" "b" "OR"'
    assert fts_query("—!?") is None


def test_snippet_marks_are_split_out_before_escaping():
    assert marked("a \x02<b>\x03 c") == [("a ", False), ("<b>", True), (" c", False)]


def test_stats_and_exports_count_alike(story_db):
    from storytrail.records import RECORDS
    from storytrail.store import Store

    with Store(story_db, readonly=True) as store:
        counts = store.counts()
        for what in ("articles", "quotes", "entities", "stance", "trails", "findings"):
            assert counts[what] == sum(1 for _ in RECORDS[what](store)), what
        names = [name for name, _ in store.top_speakers(10)]
    assert "Ken Livingstone" in names and len(names) == len(set(names))  # one line per entity
