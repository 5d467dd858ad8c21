"""Imported once by the server that forks the batch workers: the pipeline's modules and
its lexicon (~1.5 s to build) are loaded there, so every worker starts ready to extract."""

from normalize.lexicon import load_lexicon

from . import pipeline  # noqa: F401

load_lexicon()
