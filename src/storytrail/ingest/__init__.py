"""Readers that turn folders, files, archives and feeds into articles, naming every bad input."""
