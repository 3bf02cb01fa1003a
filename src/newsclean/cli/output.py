"""Render an article as text, JSON, a JSONL record, Markdown, or an explanation; no decisions here.

Every renderer returns a string ending in a newline, so documents concatenate cleanly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ..models import Article, Block, Removal
from ..schema import record

#: Output formats and the file suffix each writes in a mirrored output folder.
FORMATS: dict[str, str] = {"text": ".txt", "json": ".json", "jsonl": ".json", "markdown": ".md", "explain": ".txt"}
#: Block kinds rendered with a Markdown prefix.
_MD_PREFIX = {"h": "## ", "li": "- ", "quote": "> ", "caption": "*"}




def render_text(article: Article) -> str:
    """The title (when known), a blank line, then the article text."""
    head = f"{article.title}\n\n" if article.title else ""
    return f"{head}{article.text}\n"


def render_json(article: Article, *, id: str | None = None, path: str | None = None,
                fields: Mapping[str, Any] | None = None) -> str:
    """The full record, indented for reading."""
    return json.dumps(record(article, id=id, path=path, fields=fields), ensure_ascii=False, indent=2) + "\n"


def render_jsonl(article: Article, *, id: str | None = None, path: str | None = None,
                 fields: Mapping[str, Any] | None = None) -> str:
    """The full record on one line."""
    return json.dumps(record(article, id=id, path=path, fields=fields), ensure_ascii=False) + "\n"


def render_markdown(article: Article) -> str:
    """Markdown from the article's blocks: headings, lists, quotes and code keep their form."""
    parts = [f"# {article.title}"] if article.title else []
    previous = None
    for block in article.blocks:
        if parts and block.continues:  # a further line of the same paragraph: a hard line break
            parts[-1] += "  \n" + (f"> {block.text}" if block.kind == "quote" else block.text)
            continue
        text = _markdown_block(block)
        if parts and block.kind == "li" and previous == "li":
            parts[-1] += "\n" + text
        else:
            parts.append(text)
        previous = block.kind
    return "\n\n".join(parts) + "\n"


def _markdown_block(block: Block) -> str:
    if block.kind == "pre":
        return f"```\n{block.text}\n```"
    if block.kind == "caption":
        return f"*{block.text}*"
    if block.kind == "quote":
        return "\n".join(f"> {line}" for line in block.text.splitlines())
    return _MD_PREFIX.get(block.kind, "") + block.text


def render_explain(article: Article) -> str:
    """The article with every removal shown where it was, marked by category and rule."""
    lines: list[str] = []
    for r in article.removed:
        if r.where == "dom":
            lines.append(f"{_mark(r)} (before extraction{', ' + r.evidence if r.evidence else ''}) {_short(r.text)}")
    if article.title:
        lines.append(f"TITLE: {article.title}")
    for r in article.removed:
        if r.category == "title" and r.where != "dom":
            lines.append(f"{_mark(r)} {_short(r.text)}")
    if lines:
        lines.append("")
    for entry in explain_sequence(article):
        if isinstance(entry, Removal):
            lines.append(f"{_mark(entry)} {entry.text}")
            if entry.rule == "judge" and entry.evidence:  # the model's score and strongest features
                lines.append(f"    ({entry.evidence})")
        else:
            block, inline = entry
            lines.append(block.text)
            lines.extend(f"    {_mark(r)} {r.text}" for r in inline)
        lines.append("")
    kept, removed = len(article.blocks), sum(r.where != "inline" for r in article.removed)
    lines.append(f"-- {kept} block(s) kept, {removed} removed, {len(article.removed) - removed} cut inside a block")
    return "\n".join(lines) + "\n"


def explain_sequence(article: Article) -> list[Removal | tuple[Block, list[Removal]]]:
    """Kept blocks and removed blocks in document order (kept ones with the cuts made inside them).

    The ledger's ``position`` is the index of a block in the extracted sequence (a headline the
    cleaner moved to ``title`` included); kept blocks fill the indices no removal names.
    """
    removed_at: dict[int, Removal] = {}
    inline_at: dict[int, list[Removal]] = {}
    for r in article.removed:
        if r.where == "dom":
            continue
        if r.where == "inline":
            inline_at.setdefault(r.position, []).append(r)
        else:
            removed_at.setdefault(r.position, r)
    out: list[Removal | tuple[Block, list[Removal]]] = []
    kept = iter(article.blocks)
    index = 0
    total = len(article.blocks) + len(removed_at)
    while index < total:
        if index in removed_at:
            out.append(removed_at.pop(index))
        else:
            block = next(kept, None)
            if block is None:
                break
            out.append((block, inline_at.pop(index, [])))
        index += 1
    out.extend((block, []) for block in kept)
    out.extend(removed_at[i] for i in sorted(removed_at))
    return out


def _mark(r: Removal) -> str:
    source = f" source={r.source}" if r.source else ""
    return f"[- {r.category} | {r.rule} | {r.where}{source}]"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Renderers that need only the article.
ARTICLE_RENDERERS: dict[str, Callable[[Article], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "explain": render_explain,
}
#: Renderers that also write where the document came from.
RECORD_RENDERERS = {"json": render_json, "jsonl": render_jsonl}


def render(fmt: str, article: Article, *, id: str | None = None, path: str | None = None,
           fields: Mapping[str, Any] | None = None) -> str:
    """Render ``article`` in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt in RECORD_RENDERERS:
        return RECORD_RENDERERS[fmt](article, id=id, path=path, fields=fields)
    return ARTICLE_RENDERERS[fmt](article)
