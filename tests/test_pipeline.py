"""End-to-end runs through the CLI on real text: idempotency, resume after SIGKILL, bad input."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from storytrail.cli import app

from .conftest import EXAMPLES, SEEDS, need_shared

pytestmark = pytest.mark.slow
runner = CliRunner()


def cli(*args):
    return runner.invoke(app, [str(a) for a in args])


def export(db, what):
    result = cli("export", "--db", db, "--what", what, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_seeds_export_follows_the_contract(tmp_path):
    need_shared(SEEDS)
    db = tmp_path / "s.db"
    result = cli("analyze", SEEDS, "--db", db)
    assert result.exit_code == 0, result.output
    quotes = export(db, "quotes")
    texts = {p.stem: p.read_bytes().decode("utf-8-sig") for p in SEEDS.glob("*.txt")}
    assert len(quotes) >= 20
    for q in quotes:
        assert set(q) >= {"doc", "id", "start", "end", "text", "spans", "kind", "cue", "speaker", "parent", "trail"}
        text = texts[q["doc"]]
        assert q["spans"][0][0] == q["start"] and q["spans"][-1][1] == q["end"]
        # One span: the text is that slice; a quote split around its cue joins its fragments with a space.
        assert " ".join(text[s:e] for s, e in q["spans"]) == q["text"]
        if q["speaker"] and q["speaker"]["start"] is not None:
            assert text[q["speaker"]["start"] : q["speaker"]["end"]] == q["speaker"]["text"]
        if q["cue"]:
            assert text[q["cue"]["start"] : q["cue"]["end"]] == q["cue"]["text"]
    khan = [q for q in quotes if q["text"].startswith("It’s unacceptable that Londoners")]
    assert khan and khan[0]["speaker"]["text"] == "Mr Khan" and khan[0]["speaker"]["name"] == "Sadiq Khan"


def test_rerun_changes_nothing(tmp_path):
    db = tmp_path / "s.db"
    assert cli("analyze", EXAMPLES, "--db", db).exit_code == 0
    before = (export(db, "articles"), export(db, "quotes"), export(db, "entities"))
    second = cli("analyze", EXAMPLES, "--db", db)
    assert "0 articles analysed, 5 unchanged" in second.stdout
    assert (export(db, "articles"), export(db, "quotes"), export(db, "entities")) == before


def test_killed_run_resumes_to_the_same_result(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentences = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for i in range(60):
        (corpus / f"doc{i:03}.txt").write_text(sentences[i % len(sentences)] + f"\nCopy {i}.", encoding="utf-8")
    reference = tmp_path / "ref.db"
    assert cli("analyze", corpus, "--db", reference, "--batch-size", "4").exit_code == 0
    killed = tmp_path / "killed.db"
    command = [sys.executable, "-m", "storytrail", "analyze", str(corpus), "--db", str(killed), "--batch-size", "4"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        if killed.exists() and os.path.getsize(killed) > 0:
            try:
                import sqlite3

                done = sqlite3.connect(killed).execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                done = 0
            if done >= 8:
                break
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    resumed = cli("analyze", corpus, "--db", killed, "--batch-size", "4")
    assert resumed.exit_code == 0, resumed.output
    assert "unchanged" in resumed.stdout and not resumed.stdout.startswith("60 articles analysed")
    for what in ("articles", "quotes", "entities"):
        assert export(killed, what) == export(reference, what)


def test_mixed_folder_stores_good_articles_and_reports_bad_ones(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt"))[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(os.urandom(2048))
    (folder / "latin1.txt").write_bytes("Le maire a dit: « c'est fini ».".encode("latin-1"))
    (folder / "broken.html").write_text("<html><p>oops", encoding="utf-8")
    (folder / "bad.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    db = tmp_path / "s.db"
    result = cli("analyze", folder, "--db", db)
    assert result.exit_code == 1
    for name in ("empty.txt", "binary.txt", "broken.html", "bad.warc.gz"):
        assert name in result.stderr
    assert "4 failed" in result.stdout
    ids = {a["id"] for a in export(db, "articles")}
    assert ids == {p.stem for p in sorted(EXAMPLES.glob("*.txt"))[:2]} | {"latin1"}


def test_missing_path_and_unreadable_store_exit_2(tmp_path):
    assert cli("analyze", tmp_path / "nope", "--db", tmp_path / "s.db").exit_code == 2
    (tmp_path / "junk.db").write_bytes(b"junk" * 1000)
    assert cli("stats", "--db", tmp_path / "junk.db").exit_code == 2
    assert cli("export", "--db", tmp_path / "none.db", "--what", "quotes").exit_code == 2


def test_unknown_model_names_the_fix(tmp_path):
    (tmp_path / "a.txt").write_text("He said “this is a test of the system”.", encoding="utf-8")
    result = cli("analyze", tmp_path / "a.txt", "--db", tmp_path / "s.db", "--model", "no_such_pipeline")
    assert result.exit_code == 2
    assert "pip install" in result.stderr


def test_csv_and_parquet_exports(tmp_path):
    db = tmp_path / "s.db"
    assert cli("analyze", EXAMPLES, "--db", db).exit_code == 0
    csv_out = cli("export", "--db", db, "--what", "quotes", "--format", "csv")
    header = csv_out.stdout.splitlines()[0].split(",")
    assert header[:5] == ["doc", "id", "start", "end", "text"]
    # a quote with no speaker leaves speaker.* empty: no bare "speaker" or "cue" column beside them
    assert "speaker.name" in header and "cue_type" in header and "speaker" not in header and "cue" not in header
    import pyarrow.parquet as pq

    assert cli("export", "--db", db, "--what", "entities", "--format", "parquet", "-o", tmp_path / "e.parquet").exit_code == 0
    table = pq.read_table(tmp_path / "e.parquet")
    assert {"id", "name", "type", "aliases", "mentions"} <= set(table.column_names)


def test_every_command_has_help_with_an_example():
    for command in (["analyze"], ["export"], ["stats"], ["eval", "quotes"], ["eval", "entities"], ["eval", "stance"], ["eval", "trails"], ["trails"],
                    ["watch"], ["entities", "list"]):
        result = cli(*command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.stdout


@pytest.mark.slow
def test_parsing_in_a_second_thread_gives_the_same_analyses():
    from storytrail.ingest.readers import iter_articles
    from storytrail.pipeline import analyze_articles

    def analysed(overlap: bool) -> list:
        articles = list(iter_articles([str(EXAMPLES)]))
        return [
            ([q.export() for q in a.quotes], [(s.cluster, s.voice, s.label, round(s.score, 6)) for s in a.stance], sorted(a.quote_vectors))
            for a in analyze_articles(articles, overlap=overlap)
        ]

    switch_interval = sys.getswitchinterval()
    threaded = analysed(True)
    assert sys.getswitchinterval() == switch_interval  # the parse thread's shorter interval is the run's only
    assert threaded == analysed(False)
    assert sum(len(quotes) for quotes, _, _ in threaded) > 50


def test_a_run_reports_the_time_of_each_corpus_stage(tmp_path):
    from storytrail.pipeline import run
    from storytrail.store import Store

    with Store(tmp_path / "s.db") as store:
        summary = run([str(EXAMPLES)], store)
    assert {"entities", "trails", "document_joins", "findings"} <= set(summary.corpus_seconds)
    assert all(seconds > 0 for seconds in summary.corpus_seconds.values())


@pytest.mark.slow
def test_an_error_in_the_parse_thread_reaches_the_caller():
    from storytrail.article.quote_vectors import embed_quotes
    from storytrail.model import Article
    from storytrail.pipeline import analyze_articles

    def broken(analysis):
        raise RuntimeError(f"stage failed on {analysis.article.id}")

    articles = [Article(id=f"a{i}", text="He said it rained.", source="test") for i in range(3)]
    with pytest.raises(RuntimeError, match="stage failed on a0"):
        list(analyze_articles(articles, stages=(broken, embed_quotes), overlap=True))


@pytest.mark.slow
def test_export_into_a_reader_that_stops_early_ends_quietly(story_db):
    storytrail = os.path.join(os.path.dirname(sys.executable), "storytrail")
    export = subprocess.Popen([storytrail, "export", "--db", str(story_db), "--what", "stance"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = export.stdout.readline()
    export.stdout.close()  # what `| head -1` does
    _, stderr = export.communicate(timeout=60)
    assert json.loads(first)["doc"]  # stance is the largest export of the seeds: more than a pipe holds
    assert export.returncode == 0
    assert b"Traceback" not in stderr and b"Exception" not in stderr
