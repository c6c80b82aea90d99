"""Commands that need an optional extra say which one to install when it is missing."""

import importlib.util

from typer.testing import CliRunner

from storytrail.cli import app


def test_a_command_whose_extra_is_missing_names_the_extra(tmp_path, monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "networkx" else real_find_spec(name, *a))
    result = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.db"), "--what", "entities", "--format", "graphml", "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code == 2
    assert "pip install 'storytrail[graph]'" in result.output
