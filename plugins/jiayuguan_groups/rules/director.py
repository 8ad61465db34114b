"""Rule J3: the committee director is the community party secretary concurrently.

The seed: 通过合法程序选举，居民委员会主任由社区党组织书记兼任. Elections
decide, so nothing is refused; a director who is not a party member (core's
``Person.party_member``) cannot be the party secretary and is flagged.
"""

from __future__ import annotations


def director_note(director: str | None, party_member: bool) -> str:
    """The J3 remark on a committee's director: in order, missing, or not a party member."""
    if director is None:
        return "暂无居委会主任；主任应经选举由社区党组织书记兼任 (J3)"
    if not party_member:
        return f"居委会主任{director}不是党员，不能兼任社区党组织书记 (J3)"
    return f"居委会主任{director}（党员），由社区党组织书记兼任 (J3)"
