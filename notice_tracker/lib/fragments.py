"""Parts of pages made from a notice's position data, rendered once per process for each data mark.

`{% position_fragment "name" [value …] %}…{% endposition_fragment %}` (`{% load fragments %}`)
keeps what it encloses under the context's `position_mark`, the name and the values given after
it. The view puts the mark in the context: `notice_mark(notice, on=day)`, which moves whenever
any record the notice's position reads changes (progress.position, registered through
`set_mark_source` when the app is ready: this module imports none of our apps). A new mark is a
new key, so a kept part is never stale.

Only for markup made from those records and nothing else: not the user, their role or what they
may see. What a part shows from other records (people's names, an organisation's) goes in its
values. Without a mark the part is rendered every time.

`{% kept_fragment "name" key %}` keeps a part under its values alone: `content_key(data)` of
everything it shows (a digest of the data's repr), for parts read anyway but costly to write,
such as a long history.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context

register = template.Library()

_FRAGMENTS: OrderedDict[tuple[str, str], str] = OrderedDict()
FRAGMENT_LIMIT = 256

_mark_source: Callable[[object, date], str] | None = None


def set_mark_source(source: Callable[[object, date], str]) -> None:
    """Who works out a notice's mark (progress.position.position_mark's, set by the progress app)."""
    global _mark_source
    _mark_source = source


def notice_mark(notice: object, *, on: date) -> str:
    """The notice's position mark on `on`, or "" (nothing kept) when no source is set."""
    return _mark_source(notice, on) if _mark_source is not None else ""


def forget_fragments() -> None:
    """Drop this process's kept parts (tests, whose rolled-back rows reuse ids, call it between tests)."""
    _FRAGMENTS.clear()


def remembered_fragment(mark: str, name: str, render: Callable[[], str]) -> str:
    """`render()`, kept under (`mark`, `name`); with no mark, rendered every time."""
    if not mark:
        return render()
    key = (mark, name)
    text = _FRAGMENTS.get(key)
    if text is None:
        text = render()
        _FRAGMENTS[key] = text
        while len(_FRAGMENTS) > FRAGMENT_LIMIT:
            _FRAGMENTS.popitem(last=False)
    else:
        _FRAGMENTS.move_to_end(key)
    return text


class PositionFragmentNode(Node):
    def __init__(self, name: str, values: list[FilterExpression], nodelist: NodeList) -> None:
        self.name = name
        self.values = values
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        key = "\x1f".join([self.name, *(str(value.resolve(context)) for value in self.values)])
        return remembered_fragment(context.get("position_mark") or "", key, lambda: self.nodelist.render(context))


class KeptFragmentNode(PositionFragmentNode):
    def render(self, context: Context) -> str:
        key = "\x1f".join([self.name, *(str(value.resolve(context)) for value in self.values)])
        return remembered_fragment("kept", key, lambda: self.nodelist.render(context))


@register.tag("kept_fragment")
def kept_fragment(parser: Parser, token: Token) -> KeptFragmentNode:
    """`{% kept_fragment "name" key … %}`: kept under its values alone, which must name everything it shows
    (`content_key` of the data it renders)."""
    name, values, nodelist = _parse(parser, token, "kept_fragment")
    return KeptFragmentNode(name, values, nodelist)


def content_key(*data: object) -> str:
    """A digest of `data`'s repr: a key that moves whenever anything in the data does."""
    return hashlib.blake2b(repr(data).encode(), digest_size=16).hexdigest()


def _parse(parser: Parser, token: Token, tag: str) -> tuple[str, list[FilterExpression], NodeList]:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f'Use {{% {tag} "name" [value …] %}}.')
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse((f"end{tag}",))
    parser.delete_first_token()
    return bits[1][1:-1], values, nodelist


@register.tag("position_fragment")
def position_fragment(parser: Parser, token: Token) -> PositionFragmentNode:
    name, values, nodelist = _parse(parser, token, "position_fragment")
    return PositionFragmentNode(name, values, nodelist)
