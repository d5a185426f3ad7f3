"""Every kind of article the topic definitions name, in short made-up items, and the hard negatives.

The definitions (../shared/corpus/README.md, "Topic definitions used for labelling") list
the kinds each topic covers: AI 중심도시, AX 실증밸리, 국가AI컴퓨팅센터, AI 데이터센터 유치·건립;
거점형·강소형 조성사업, 스마트챌린지, 인증; 전기차·수소차·전기이륜차 구매보조금, 조기폐차, 친환경
보일러, 저탄소 인증 …; and the hard negatives that share their words (AI classes, 스마트폰 교실,
스마트팜, 전기차 화재, 데이터센터 화재, 출산장려금). One item each, written here, not taken from
any corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article
from monitor.topics import TopicSet, load_topics

ROOT = Path(__file__).resolve().parent.parent

# (expected topic or "" for none, headline, lead)
CASES = [
    ("ai_hubs", "광주시, 국가AI컴퓨팅센터 유치 총력",
     "광주시는 첨단3지구에 국가AI컴퓨팅센터를 유치하기 위해 전담팀을 꾸렸다고 밝혔다."),
    ("ai_hubs", "전남도, 솔라시도에 AI 데이터센터 건립 추진",
     "전남도는 해남 솔라시도에 대규모 AI 데이터센터를 건립한다고 밝혔다. 도는 기업과 투자협약을 맺었다."),
    ("ai_hubs", "AX 실증밸리 예타 면제 확정",
     "정부가 광주 AX 실증밸리 조성사업의 예비타당성조사를 면제했다."),
    ("ai_hubs", "울산, AI 수도 선언…AI 데이터센터 캠퍼스 착공",
     "울산시는 SK와 함께 AI 데이터센터 캠퍼스 착공식을 열었다."),
    ("smart_cities", "강소형 스마트시티 조성사업에 3곳 선정",
     "국토교통부는 강소형 스마트시티 조성사업 대상지로 3개 도시를 선정했다고 밝혔다."),
    ("smart_cities", "스마트챌린지 본사업 공모 결과 발표",
     "국토부는 올해 스마트챌린지 본사업에 4개 지자체가 뽑혔다고 밝혔다."),
    ("smart_cities", "스마트도시 인증 받은 수원시",
     "수원시가 국토교통부의 스마트도시 인증을 받았다."),
    ("env_subsidies", "노후 경유차 조기폐차 지원금 신청",
     "시는 배출가스 5등급 노후 경유차 조기폐차 지원금 신청을 받는다고 밝혔다."),
    ("env_subsidies", "친환경 보일러 설치비 지원",
     "군은 가정용 친환경 보일러로 바꾸는 가구에 설치비 일부를 지원한다."),
    ("env_subsidies", "전기 농기계 구매 보조금 첫 지급",
     "도는 전기 트랙터 등 전기 농기계를 사는 농가에 구매 보조금을 지급한다."),
    ("env_subsidies", "저탄소 농산물 인증 농가 지원",
     "농식품부는 저탄소 농산물 인증을 받은 농가에 인증 비용을 지원한다고 밝혔다."),
    ("env_subsidies", "전기이륜차 구매보조금 접수",
     "시는 전기 이륜차 150대에 구매보조금을 지원한다. 1대당 최대 230만원이다."),
    ("", "AI 코딩 교실 수강생 모집",
     "도서관은 초등학생을 대상으로 AI 코딩 교실 수강생을 모집한다."),
    ("", "어르신 스마트폰 교실 운영",
     "복지관은 어르신을 위한 스마트폰 교실을 연다."),
    ("", "청년 스마트팜 임대 모집",
     "농어촌공사는 청년농에게 스마트팜을 장기 임대한다."),
    ("", "지하주차장 전기차 화재로 주민 대피",
     "아파트 지하주차장에서 전기차 화재가 나 주민들이 대피했다. 전기차 보조금과는 무관하다."),
    ("", "데이터센터 화재로 정부 전산망 마비",
     "국가정보자원관리원 데이터센터 화재로 전산망이 마비됐다. 복구에 수일이 걸린다."),
    ("", "출산장려금 첫째아 200만원으로 확대",
     "군은 첫째아 출산장려금을 200만원으로 올려 지원한다."),
    ("", "전기요금 4분기 인상",
     "한전은 4분기 전기요금을 kWh당 5원 올린다고 밝혔다. 데이터센터 등 전력 수요가 늘었다."),
]


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics(ROOT / "monitor" / "config" / "topics.toml")


@pytest.mark.parametrize(("expected", "headline", "lead"), CASES, ids=[c[1] for c in CASES])
def test_each_kind_of_article_the_definitions_name(topics: TopicSet, expected: str, headline: str,
                                                   lead: str) -> None:
    article = Article(source="made-up.txt", index=0, headline=headline, text=lead, summary="")
    assert topics.accepted_ids(article) == ([expected] if expected else [])
