"""GraphML exports, read back as a graph tool would read them."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def exported_graph(story_db, tmp_path, what: str):
    import networkx as nx
    from typer.testing import CliRunner

    from storytrail.cli import app

    out = tmp_path / f"{what}.graphml"
    result = CliRunner().invoke(app, ["export", "--db", str(story_db), "--what", what, "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return nx.read_graphml(out)


def test_entity_graph_joins_entities_named_in_the_same_articles(story_db, tmp_path):
    graph = exported_graph(story_db, tmp_path, "entities")
    by_name = {data["label"]: node for node, data in graph.nodes(data=True)}
    ken, labour, khan = by_name["Ken Livingstone"], by_name["Labour Party"], by_name["Sadiq Khan"]
    assert graph.nodes[ken]["type"] == "PERSON" and graph.nodes[ken]["articles"] == 4
    assert graph.edges[ken, labour]["weight"] == 4  # both named in four articles
    assert graph.edges[khan, labour]["weight"] == 1


def test_trail_graph_is_each_trail_in_time_order_with_its_drift(story_db, tmp_path):
    graph = exported_graph(story_db, tmp_path, "trails")
    bone = [n for n, d in graph.nodes(data=True) if "prejudiced bone" in d["text"]]
    first = next(n for n in bone if graph.nodes[n]["first"])
    assert graph.nodes[first]["doc"] == "000_067aad2373a22218" and graph.in_degree(first) == 0
    follower = next(iter(graph.successors(first)))
    assert graph.nodes[follower]["doc"] == "002_71f8b2bdd622bbcf"
    edge = graph.edges[first, follower]
    # 000's speaker is an unresolved "I": with one side's speaker not found, no attribution drift is claimed
    assert edge["wording"] and not edge["attribution"]
    assert not edge["meaning"]  # "doesn't have a" and "no": the negation is the same
    rich = [n for n, d in graph.nodes(data=True) if d["text"] == "all Jews vote Conservative"]
    assert any(graph.edges[p, rich[0]]["meaning"] for p in graph.predecessors(rich[0]))


def test_graphml_is_refused_for_records_that_are_no_graph(story_db, tmp_path):
    from typer.testing import CliRunner

    from storytrail.cli import app

    result = CliRunner().invoke(app, ["export", "--db", str(story_db), "--what", "quotes", "--format", "graphml", "-o", str(tmp_path / "q.graphml")])
    assert result.exit_code == 2 and "graphml is for" in result.output
