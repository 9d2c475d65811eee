"""`|rag` writes exactly what includes/_rag.html writes, for every rating and override."""

import pytest
from django.template import Context, Template


@pytest.mark.parametrize("rating", ["red", "amber", "green", "", None, "grey"])
@pytest.mark.parametrize("override", [False, True, None])
def test_the_rag_filter_writes_the_includes_markup(rating, override):
    included = Template('{% include "includes/_rag.html" with rag=rating override=override %}')
    filtered = Template("{% load days %}{{ rating|rag:override }}")
    context = {"rating": rating, "override": override}
    assert filtered.render(Context(context)) == included.render(Context(context)).strip()
