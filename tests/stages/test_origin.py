"""Blocks mapped back to their page elements (stages/origin.py), and the facts read there."""

from __future__ import annotations

from lxml import html as lxml_html

from newsclean.api import extract_blocks
from newsclean.models import Block
from newsclean.stages.origin import TEXT_BUDGET_FACTOR, ElementIndex, locate

PROSE = ("The council voted on Tuesday to close the old bridge to lorries after engineers found cracks "
         "in two of its piers.")
PROSE_2 = "Residents said the detour would add twenty minutes to the school run for most families."

PAGE = f"""<html><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article class="articleSns story">
  <h1>Bridge closed to lorries</h1>
  <div class="hr-login-box"><a href="/login">Sign in</a> to comment</div>
  <p>{PROSE}</p>
  <p>First line<br>Second line of the same paragraph</p>
  <p>{PROSE_2}</p>
  <div class="share-bar"><span>Share</span></div>
</article>
<aside class="news_keyword" role="complementary"><div class="share-bar"><span>Share</span></div>
  <div aria-hidden="true"><p>Hidden teaser text</p></div></aside>
</body></html>"""


def _facts(blocks: list[Block]) -> list[dict | None]:
    return locate(lxml_html.fromstring(PAGE).getroottree(), blocks)


def test_a_paragraph_maps_to_its_element_with_the_ancestors_words_split() -> None:
    (facts,) = _facts([Block(PROSE)])
    assert facts is not None and facts["tag"] == "p"
    article = facts["ancestors"][0]
    assert article[0] == "article" and article[1] == ["article", "sns", "story"]  # camelCase split
    assert facts["links"] == 0.0 and not facts["hidden"]
    assert facts["from_headline"] == 3  # after the h1: the login box, its link, then this paragraph


def test_kebab_and_snake_class_words_link_share_and_landmark_role() -> None:
    (login,) = _facts([Block("Sign in to comment")])
    assert login is not None and login["tag"] == "div" and login["words"] == ["hr", "login", "box"]
    assert 0.35 < login["links"] < 0.45  # "Sign in" of "Sign in to comment"
    keyword = _facts([Block("Hidden teaser text")])[0]
    assert keyword is not None and keyword["hidden"]  # an aria-hidden ancestor
    assert ("aside", ["news", "keyword"], "complementary") in keyword["ancestors"]


def test_repeated_texts_map_in_document_order() -> None:
    first, second = _facts([Block("Share"), Block("Share")])
    assert first is not None and second is not None
    assert first["ancestors"][1][0] == "article" and second["ancestors"][1][0] == "aside"
    assert first["words"] == [] and first["ancestors"][0][1] == ["share", "bar"]


def test_a_further_br_line_takes_its_paragraph_and_the_first_line_maps_by_prefix() -> None:
    long_first = "A first line of a broken paragraph that runs on long enough to be found by its start"
    page = f"<html><body><div class='story'><p>{long_first}<br>and its second line</p></div></body></html>"
    tree = lxml_html.fromstring(page).getroottree()
    a, b = locate(tree, [Block(long_first), Block("and its second line", continues=True)])
    assert a is not None and a["tag"] == "p" and a is b


def test_a_block_no_element_holds_is_unmapped() -> None:
    assert _facts([Block("Text that stands nowhere on the page")]) == [None]
    assert locate(None, [Block(PROSE)]) == [None]


def test_nested_identical_text_maps_to_the_innermost_element() -> None:
    page = "<html><body><ul class='teasers'><li><p class='teaser-title'>One teaser</p></li></ul></body></html>"
    (facts,) = locate(lxml_html.fromstring(page).getroottree(), [Block("One teaser")])
    assert facts is not None and facts["tag"] == "p" and facts["words"] == ["teaser", "title"]
    assert facts["ancestors"][0][0] == "li"


def test_the_index_reads_a_bounded_share_of_the_text() -> None:
    # Nested lists repeat their text once per level: the index stops at the budget.
    depth = 60
    page = "<html><body>" + "<ul><li>level words here " * depth + "</li></ul>" * depth + "</body></html>"
    index = ElementIndex(lxml_html.fromstring(page).getroottree())
    total = len(" ".join(["level words here"] * depth))
    assert 0 < len(index.elements) < depth
    assert len(index.elements) * total / 2 <= TEXT_BUDGET_FACTOR * total + 10_000 + total


def test_extract_blocks_maps_the_blocks_of_a_page() -> None:
    ex = extract_blocks(PAGE)
    assert ex.dom is not None and len(ex.dom) == len(ex.blocks)
    mapped = [f for b, f in zip(ex.blocks, ex.dom) if b.text == PROSE]
    assert mapped and mapped[0] is not None and mapped[0]["tag"] == "p"
