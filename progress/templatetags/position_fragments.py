"""`{% position_fragment "name" %}…{% endposition_fragment %}`: a part of a page kept under the position's mark.

Only for markup made from the notice's position and nothing else — not the user, their role or
what they may see: the view puts `position_mark` (`progress.position.position_mark`) in the
context, and the part is rendered once per process for each mark. Without a mark it is
rendered every time.
"""

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context

from progress.position import remembered_fragment

register = template.Library()


class PositionFragmentNode(Node):
    def __init__(self, name: str, nodelist: NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        return remembered_fragment(context.get("position_mark") or "", self.name, lambda: self.nodelist.render(context))


@register.tag("position_fragment")
def position_fragment(parser: Parser, token: Token) -> PositionFragmentNode:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Use {% position_fragment "name" %}.')
    nodelist = parser.parse(("endposition_fragment",))
    parser.delete_first_token()
    return PositionFragmentNode(bits[1][1:-1], nodelist)
