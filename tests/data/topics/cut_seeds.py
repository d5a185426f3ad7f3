"""Cut the seed files into labelled article records: tests/data/topics/seeds.json.

Run on request only (`python tests/data/topics/cut_seeds.py`); the JSON is the test input.
The text pipeline is built separately, so the cut is done here by hand: each record names
the seed, its headline and subheadlines as printed, and the first and last words of its
body. Line breaks are joined the way the pipeline joins PDF lines (nothing between two
Hangul syllables, a space otherwise; U+FFFD is a lost space). For seeds whose spaces were
lost (001, 004) `original_text` keeps the glued body and `text` is its spacing restored by
the text pipeline's `restore_spacing`, with Kiwi *not* taught the topics' keywords (taught,
it restores `스마트도시락` as `스마트도시 락`; see tests/test_topics_glued.py).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

# (id, seed prefix, headline, subheadlines, body start, body end, glued, expected, note)
CUTS = [
    ("seed000-1", "000", "디지털 혁신생태계 조성 사업 정상 궤도",
     ["도·카카오엔터프라이즈등협약후속조치점검", "카카오엔터프라이즈, 하반기전북사무소개소예정"],
     "전북특별자치도는 카카오엔터프라이", "지원하겠\n다”고 밝혔다.", False, ["ai_hubs"],
     "an 8MW AI data centre (AIDC) built with Kakao Enterprise: the core of the topic"),
    ("seed000-2", "000", "전북자치도, 건설기계도친환경으로전환", ["전기굴착기구매시 1대당최대 5,000만원지원"],
     "전북특별자치도는 건설현장", "기대한다.”고 했다.", False, ["env_subsidies"],
     "purchase subsidy for electric excavators"),
    ("seed000-3", "000", "저탄소농산물인증지원농가모집", ["전북자치도, 25일까지시군통해접수"],
     "전북자치도가 친환경적인", "발급될 계획\n이다.", False, ["env_subsidies"],
     "support for low-carbon farm produce certification (fees paid in full)"),
    ("seed000-4", "000", "전북특별자치도, 도민들의안전한일상생활복귀에최선",
     ["부안지진발생피해현장건축물‘위험도평가단’지원"],
     "전북특별자치도가 지난 12일 부안에", "노력하겠다”고 말했다.", False, [],
     "earthquake damage assessment: support, but nothing green or AI"),
    ("seed001-1", "001", "AI 융합지역특화에너지효율화사업나선다",
     ["광주시공모선정국비62억확보", "지역전략산업디지털전환촉진", "기업인공지능기술경쟁력확보"],
     "인공지능중심도시광주시가", "적\n\n극추진하겠다고말했다.", True, ["ai_hubs"],
     "judged on topic: the self-declared AI 중심도시 wins national money for AI convergence "
     "projects, a test lab and compute infrastructure; that is regional AI-hub policy, not a course"),
    ("seed001-2", "001", "광주시-日센다이시자매도시20주년사진전", ["10일까지시청1층시민홀"],
     "광주시가 일본 센다이시와", "개최할계획이다.", True, [], "sister-city photo exhibition"),
    ("seed001-3", "001", "전동휠체어등장애인보장구", ["광주시수리비부품교체지원"],
     "광주시는 장애인의이동권", "힘쓰겠다고말했다.", True, [],
     "repair subsidy for wheelchairs: support money, nothing green"),
    ("seed001-4", "001", "온가족함께 FUN한광주!", ["31일까지가정의달이벤트"],
     "광주시는 가정의달을맞아", "외식상품\n\n권을증정한다.", True, [], "family-month event ('FUN 시티')"),
    ("seed001-5", "001", "광주도시철도 씽아와사진찍기 어린이날이벤트", [],
     "광주도시철도공사(사장윤진보)는", "펼치고있다.", True, [], "photo caption"),
    ("seed001-6", "001", "광주시, AI전문인력양성과정교육생모집", ["20명…6월2일까지신청접수"],
     "광주시는 관내거주하는", "(재)광주창조경제혁신센터(062-364\n\n-9168)로하면된다.", True, [],
     "an AI training course recruiting trainees: education news, not hub policy"),
    ("seed002-1", "002", "전주, 거점형 스마트시티 선정…AI 선도도시 중추역할 수행",
     ["3년간 총 사업비 325억…글로벌기업 대거 컨소시엄 참여", "AI 안전망·탄소중립 보상시스템 등",
      "전주형 스마트도시 모델 본격 가동"],
     "[동아경제신문=김선아 기자]", "최선을 다할 것”이라고 강조했다.", False, ["smart_cities", "ai_hubs"],
     "smart_cities clearly; also ai_hubs, decided: the headline casts the city as an 'AI 선도도시' and "
     "the body as a '광역형 거점 AI 진흥도시', a regional AI-hub claim readers of that topic want"),
    ("seed003-1", "003", "뿌리 내린 광주 인공지능, 2단계 진입 시급하다",
     ["AI집적단지 1단계 2024년 완료", "2단계 인프라 고도화·활용 확산", "예타 사업기획 용역예산 미반영",
      "시, 내년 국비 확보 위해 ‘안간힘’"],
     "광주시가 순항중인", "집적화시키는 사업이다.", False, ["ai_hubs"], "Gwangju AI cluster, phase 2"),
    ("seed004-1", "004", "광주국가AI컴퓨팅센터구축…규제완화해야대기업참여",
     ["새정부지역공약", "이젠실천나서야", "<2>광주의미래먹거리AI", "AI중심도시 AX실증밸리조성등",
      "호남공약국정과제로확정해야", "광주 완성차생산공장 2곳보유", "AI기술융합미래차중심도시로"],
     "광주의미래먹거리는", "구\n\n축등이더해져야한다는것이다.", True, ["ai_hubs"],
     "national AI computing centre in Gwangju; its 'AI 모빌리티 국가시범도시' is not a smart-city programme"),
    ("seed004-2", "004", "이한열추모식참석국회의장-정무수석", [],
     "우원식국회의장과", "<사진공동취재단>", True, [], "photo caption"),
    ("seed004-3", "004", "이재명대통령-이시바일본총리첫통화", ["견고하고성숙한한일관계만들어나가자"],
     "이재명대통령은 9일이시바", "다고강대변인은설명했다.", True, [], "president's phone call with Japan"),
    ("seed004-4", "004", "李 각부처과장급까지참여 실무위주회의 예고", [],
     "이재명대통령이각부처과장급까지", "욱커질것이라고설명했다.", True, [], "meeting style of the president"),
]

HANGUL_BREAK = re.compile(r"(?<=[가-힣0-9])\s*\n\s*(?=[가-힣0-9])")


def join_lines(text: str) -> str:
    """Join PDF lines as the text pipeline does."""
    text = text.replace("\ufffd", " ")
    text = HANGUL_BREAK.sub("", text)
    return re.sub(r"[ \t]*\n[ \t\n]*", " ", text).strip()


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from monitor.text.spacing import restore_spacing

    records = []
    for rid, seed, headline, subs, first, last, glued, expected, note in CUTS:
        raw = next((ROOT / "seeds").glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
        start = raw.index(first)
        end = raw.index(last, start) + len(last)
        body = join_lines(raw[start:end])
        record = {"id": rid, "source": f"seeds/{seed}", "headline": headline, "subheadlines": subs}
        if glued:
            record |= {"text": restore_spacing([body])[0], "original_text": body}
        else:
            record["text"] = body
        records.append(record | {"expected": expected, "note": note})
    out = HERE / "seeds.json"
    out.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} records to {out}")


if __name__ == "__main__":
    main()
