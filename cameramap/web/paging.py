"""Pages of a long list shown on a server page: which slice, and the numbers a pager needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of `total` items: `number` counts from 1; `items` is that page's slice."""

    items: Sequence[T]
    number: int
    count: int
    total: int
    size: int

    @property
    def first(self) -> int:
        """The 1-based position of the page's first item (0 when the list is empty)."""
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.number * self.size, self.total)


def page_number(value: str | None) -> int:
    """A page number from a query parameter: anything that is not a positive integer is page 1."""
    text = (value or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 10**9 else 1


def paginate(items: Sequence[T], number: int, size: int) -> Page[T]:
    """The page `number` of `items` (a number past the end shows the last page)."""
    count = max(1, -(-len(items) // size))
    number = min(max(1, number), count)
    start = (number - 1) * size
    return Page(items=items[start:start + size], number=number, count=count, total=len(items), size=size)
