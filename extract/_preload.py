"""Imported once by the server that forks the batch workers: the pipeline's modules, its
lexicon (~0.7 s to build), the spaCy pipeline of the prose matchers (~1.2 s, most of it importing
spaCy) and the corrector's per-length tables are loaded there, so every worker starts
ready to extract instead of paying them on its first document."""

from normalize.lexicon import load_lexicon
from normalize.prose import _nlp
from normalize.terms import correct_name

from . import pipeline  # noqa: F401

load_lexicon()
_nlp()
# One pass of the corrector over words of every common length builds its cached tables.
correct_name("Presentase Vervikasi Singkronisasi Tersediaanya Fasilitasi Penyelenggaraan "
             "Pengembangan Pemberdayaan Kependudukan Administrasi", load_lexicon())
