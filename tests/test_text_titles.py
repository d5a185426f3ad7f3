"""A display title derived from the lead, for excerpts without a headline."""

from __future__ import annotations

import pytest

from monitor.text.titles import TITLE_MAX_CHARS, derived_title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("광주시는 8일 AI 사업에 선정됐으며, 국비 62억원을 받는다.", "광주시는 8일 AI 사업에 선정됐으며…"),
        ("올해 전기차 보급 대수는 총 164대로, 승용차는 81대다.", "올해 전기차 보급 대수는 총 164대로…"),
        ("10월 1일부터 전기요금이 인상된다.", "10월 1일부터 전기요금이 인상된다"),  # a short lead is its own title
        ("(서울=연합뉴스) 홍길동 기자 = 국토부는 6곳을 선정했다고 4일 밝혔다.", "국토부는 6곳을 선정했다고 4일 밝혔다"),
        ("한편, 시는 내년에도 사업을 이어가기로 하고 예산을 편성했다.", "한편, 시는 내년에도 사업을 이어가기로 하고…"),
        ("", None),
    ],
)
def test_the_leads_first_clause(text: str, title: str | None) -> None:
    assert derived_title(text) == title


def test_a_long_clause_is_cut_at_a_word() -> None:
    lead = ("전라남도와 광주광역시가 공동으로 추진하는 인공지능 집적단지 조성 사업의 "
            "2단계 예비타당성 조사가 내년에 시작된다.")
    title = derived_title(lead)
    assert title is not None and title.endswith("…") and len(title) <= TITLE_MAX_CHARS + 1
    assert lead.startswith(title[:-1])
