"""Connected components of a relation, by union-find: copy and translation families, stories most orders agree on."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def components(items: Iterable[T], pairs: Iterable[tuple[T, T]]) -> dict[T, T]:
    """Each item's component, named by its smallest member (so the result does not depend on the pairs' order).

    Pairs naming an item not in ``items`` are ignored.  Near-linear: path halving and union by the smaller name.
    """
    parent = {item: item for item in items}

    def find(x: T) -> T:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # type: ignore[type-var]
    return {item: find(item) for item in parent}
