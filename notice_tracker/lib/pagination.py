from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def get_page(items, number: str | None, *, per_page: int = PAGE_SIZE) -> Page:
    """A page of `items` with `page_links`: the first, last and nearby page numbers, gaps elided."""
    page = Paginator(items, per_page).get_page(number)
    page.page_links = list(  # type: ignore[attr-defined]  # templates read it; Page has no slot for it
        page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    return page
