"""A document's text as HTML with its mentions and claim evidence highlighted.

Built here, on the server, from character offsets: every piece of text is escaped, and only
the `<mark>` elements this module writes are markup. Overlapping spans are cut at each
boundary, so a mention inside a claim's evidence is marked inside the evidence mark.
"""

from __future__ import annotations

import itertools
from html import escape
from typing import Any

from markupsafe import Markup


def spans(document: dict[str, Any]) -> list[tuple[int, int, str, dict[str, str]]]:
    """(start, end, css class, attributes) for each mention and each claim's evidence."""
    text_len = len(document.get("text") or "")
    found = []
    for claim in document.get("claims") or []:
        ev = claim.get("evidence") or {}
        if _valid(ev.get("start"), ev.get("end"), text_len):
            title = f"evidence ({claim.get('hedge', '')})"
            attrs = {"data-claim": str(claim.get("id", "")), "title": title}
            found.append((ev["start"], ev["end"], "claim-evidence", attrs))
    for mention in document.get("mentions") or []:
        if not _valid(mention.get("start"), mention.get("end"), text_len):
            continue
        linked = bool(mention.get("entity_id"))
        label = mention.get("label") or ""
        title = f"{label}: {mention.get('caption')}" if linked else label
        attrs = {"data-mention": str(mention.get("id", "")), "title": title}
        if linked:
            attrs["data-entity"] = str(mention["entity_id"])
        found.append((mention["start"], mention["end"], "linked" if linked else "mention", attrs))
    return found


def _valid(start: Any, end: Any, length: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def highlighted(document: dict[str, Any]) -> Markup:
    text = document.get("text") or ""
    marks = spans(document)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in marks), *(e for _, e, _, _ in marks)})
    out = []
    for a, b in itertools.pairwise(cuts):
        piece = escape(text[a:b])
        covering = [m for m in marks if m[0] <= a and b <= m[1]]
        # outermost first: claim evidence wraps mentions
        covering.sort(key=lambda m: (m[2] != "claim-evidence", m[0], -m[1]))
        for _start, _end, css, attrs in reversed(covering):
            attr = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
            piece = f'<mark class="{css}"{attr}>{piece}</mark>'
        out.append(piece)
    return Markup("".join(out))
