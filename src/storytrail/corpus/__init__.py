"""Corpus stages: plain functions over the data model of the whole corpus; none of them touches the store."""
