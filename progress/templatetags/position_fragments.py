"""`{% position_fragment "name" [value …] %}…{% endposition_fragment %}`: a part of a page kept under the position's mark.

Only for markup made from the notice's position and nothing else — not the user, their role or
what they may see: the view puts `position_mark` (`progress.position.position_mark`) in the
context, and the part is rendered once per process for each mark (and the values given after
the name: what the part shows besides the position's records, such as people's names). Without
a mark it is rendered every time.
"""

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context

from progress.position import remembered_fragment

register = template.Library()


class PositionFragmentNode(Node):
    def __init__(self, name: str, values: list[FilterExpression], nodelist: NodeList) -> None:
        self.name = name
        self.values = values
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        key = "\x1f".join([self.name, *(str(value.resolve(context)) for value in self.values)])
        return remembered_fragment(context.get("position_mark") or "", key, lambda: self.nodelist.render(context))


@register.tag("position_fragment")
def position_fragment(parser: Parser, token: Token) -> PositionFragmentNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Use {% position_fragment "name" [value …] %}.')
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endposition_fragment",))
    parser.delete_first_token()
    return PositionFragmentNode(bits[1][1:-1], values, nodelist)
