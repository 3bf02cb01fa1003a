"""Byline forms of plain-text dumps and of the lines right under a headline, in several languages.

Every dump here is written for the test, modelled on layouts many sites share: a navigation run, the
headline, the byline in one of its forms, then the story.
"""

from __future__ import annotations

import pytest

from newsclean import clean

STORY = [
    "The regional council approved the new water plan on Tuesday after a debate that lasted hours into the night.",
    "Farmers said the plan would secure irrigation for the dry months that have grown longer every single year.",
    "Opponents argued that the reservoir would flood a valley used by walkers and by two small mountain villages.",
    "The minister said work on the dam would start in the spring if the courts raise no objection to the plan.",
]
KO_STORY = [
    "지역 의회는 화요일 오랜 논의 끝에 새로운 물 관리 계획을 승인했다. 농민들은 이 계획이 건조한 계절의 관개를 보장할 것이라고 말했다.",
    "반대하는 주민들은 저수지가 두 마을과 산책로가 있는 계곡을 물에 잠기게 할 것이라고 주장했다. 장관은 봄에 공사를 시작하겠다고 밝혔다.",
    "법원이 이의를 제기하지 않으면 댐 공사는 내년 봄에 시작될 예정이며 주민 설명회도 다음 달에 열린다고 시 관계자는 덧붙였다.",
]


def _dump(*head: str, story: list[str] = STORY, title: str = "Council approves the new water plan after a long debate") -> bytes:
    return "\n".join(["Home", "News", "Region", title, *head, *story]).encode()


DUMP_CASES = [
    ("name over a date with a time after a bar", _dump("Anna Nowak", "31 stycznia 2020 | 10:00"), ("Anna Nowak",)),
    ("name, place and date in one line", _dump("Ana Ruiz / New Delhi February 14, 2020"), ("Ana Ruiz",)),
    ("handle glued to the name", _dump("by Ana Ruiz@anaruiz Dec 15, 2016, 1:55pm EST"), ("Ana Ruiz",)),
    ("Korean outlet=reporter line", _dump("* 스포츠조선=선수민 기자", story=KO_STORY, title="시의회, 긴 논의 끝에 새 물 관리 계획 승인"), ("선수민",)),
    ("Korean bracket credit opening the story", _dump(story=[f"[부산=스포츠조선 선수민 기자] {KO_STORY[0]}", *KO_STORY[1:]], title="시의회, 긴 논의 끝에 새 물 관리 계획 승인"), ("선수민",)),
    # near misses: a section over a date, a one-word field before a place
    ("section label over a date", _dump("Weather", "31 stycznia 2020 | 10:00"), ()),
    ("one word, place and date", _dump("Home / New Delhi February 14, 2020"), ()),
    ("Korean press-conference sentence", _dump("기자회견에서 장관이 말했다", story=KO_STORY, title="시의회, 긴 논의 끝에 새 물 관리 계획 승인"), ()),
]


@pytest.mark.parametrize(("name", "dump", "authors"), DUMP_CASES, ids=[c[0] for c in DUMP_CASES])
def test_byline_forms_of_text_dumps(name: str, dump: bytes, authors: tuple[str, ...]) -> None:
    assert clean(dump).byline.authors == authors


def test_the_korean_credit_names_the_supplying_outlet_as_original_source() -> None:
    byline = clean(_dump("* 스포츠조선=선수민 기자", story=KO_STORY, title="시의회, 긴 논의 끝에 새 물 관리 계획 승인")).byline
    assert byline.agencies == ("스포츠조선",)
    assert byline.original_source is not None and byline.original_source.name == "스포츠조선"


def test_a_dateline_under_a_repeated_headline_byline_and_teaser_is_read() -> None:
    teaser = "The regional council approved the new water plan on Tuesday, the minister said in a statement."
    dump = _dump(
        "Council approves the new water plan after a long debate",
        "Ana Ruiz (@anaruiz) 12 minutes ago Wed 29th April 2020 | 03:32 PM",
        teaser,
        f"MADRID (Gazette / Sputnik - 29th April, 2020) {STORY[0]}",
    )
    byline = clean(dump).byline
    assert "Sputnik" in byline.agencies
    assert byline.original_source is not None and byline.original_source.name == "Sputnik"
