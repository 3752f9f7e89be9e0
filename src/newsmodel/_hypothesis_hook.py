"""Registers newsmodel's strategies with Hypothesis (the ``hypothesis`` entry point).

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, so that
``st.from_type(Article)`` in a user's tests draws from :func:`newsmodel.strategies.articles`.
The strategies themselves are loaded only when first drawn from.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from newsmodel.models import Article, Author, Page, RelatedLink

    def lazy(name: str) -> st.SearchStrategy[object]:
        def build() -> st.SearchStrategy[object]:
            from newsmodel import strategies

            factory = getattr(strategies, name)
            result: st.SearchStrategy[object] = factory()
            return result

        return st.deferred(build)

    st.register_type_strategy(Author, lazy("authors"))
    st.register_type_strategy(RelatedLink, lazy("related_links"))
    st.register_type_strategy(Article, lazy("articles"))
    st.register_type_strategy(Page, lazy("pages"))
