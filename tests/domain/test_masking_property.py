"""Masking a case as it is shown, and masking twice, against generated data (hypothesis).

(How numbers written every which way are found in free text: test_privacy_property.)
A case shown masked (cases.privacy.shown_case) never holds its complainant's full phone
or ID number, nor her name, wherever she typed them; masking is idempotent; text
without personal data comes out unchanged.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cases.identifiers import id_number_check_char
from cases.model import Case, Complainant, Demands, Event, Group
from cases.privacy import mask_case_text, mask_id_number, mask_name, mask_names, mask_phone, mask_text, shown_case

PROPERTY = settings(max_examples=120, derandomize=True, database=None, deadline=None)

DIGITS = "0123456789"
phones = st.builds(lambda second, rest: "1" + second + rest, st.sampled_from("3456789"),
                   st.text(DIGITS, min_size=9, max_size=9))
ids = st.builds(lambda region, born, seq: region + born.strftime("%Y%m%d") + seq,
                st.sampled_from(["110105", "430104", "440305", "330106"]), st.dates(date(1950, 1, 1), date(2010, 12, 31)),
                st.text(DIGITS, min_size=3, max_size=3)).map(lambda body: body + id_number_check_char(body))
NAMES = st.text(alphabet="张王李赵刘陈杨黄周吴文博三丰小明华", min_size=2, max_size=3)
AROUND = st.text(alphabet="投诉客服电话身份证请联系我的是，。：:（） ABCabc-", max_size=10)
SEPARATORS = st.sampled_from(["", " ", "-", "：", "，电话 ", "Tel", "\u200b"])
#: Between two numbers: never nothing (digits run together past the longest number are
#: not searched inside: cases.privacy, "a number is made of whole digit groups").
JOINERS = st.sampled_from([" ", "，", "、身份证", " ID:", "/", "；"])
WHERE = st.sampled_from(["title", "notes", "said", "promised", "basic", "tag", "label"])


def _case(name: str, phone: str, id_number: str) -> Case:
    return Case(id="K-0001", title="充值未到账", platform="汇想卡盟", tags=["充值"],
                complainant=Complainant(name=name, phone=phone, id_number=id_number, address="湖南省长沙市岳麓区桐梓坡路186号"),
                demands=Demands(basic="退款。"),
                timeline=[Event(kind="contact", channel="platform-cs", at="2026-06-01T10:00:00+08:00", said="已处理。")])


def _type_into(case: Case, where: str, text: str) -> None:
    if where == "said":
        case.timeline[0].said = text
    elif where == "promised":
        case.timeline[0].promised = text
    elif where == "basic":
        case.demands.basic = text
    elif where == "tag":
        case.tags.append(text)
    elif where == "label":
        from cases.model import EvidenceItem

        case.evidence.append(EvidenceItem(label=text, path="证据/K-0001/a.png"))
    else:
        setattr(case, where, text)


@PROPERTY
@given(NAMES, phones, ids, AROUND, SEPARATORS, JOINERS, WHERE)
def test_a_shown_case_never_holds_the_complainants_name_phone_or_id(name, phone, id_number, around, sep, joiner, where):
    case = _case(name, phone, id_number)
    _type_into(case, where, f"{around}{name}{sep}{phone}{joiner}{id_number}{around}")
    group = Group(id="G-0001", name=f"{name}的维权群{phone}")
    shown, group_name = shown_case(case, group, reveal=False)
    c = shown.complainant
    texts = [shown.title, shown.notes, shown.demands.basic, *shown.tags, group_name, c.name, c.phone, c.id_number,
             *(e.said for e in shown.timeline), *(e.promised for e in shown.timeline), *(i.label for i in shown.evidence)]
    seen = "|".join(texts).replace("\u200b", "")
    assert phone not in seen and id_number not in seen and name not in seen
    rest = seen.replace(mask_phone(phone), "|").replace(mask_id_number(id_number), "|")  # what may show, left out
    assert phone[3:7] not in rest and id_number[6:14] not in rest  # the middle of the phone, the birth date
    assert shown_case(case, group, reveal=True) == (case, group.name)


@PROPERTY
@given(NAMES, phones, ids, AROUND, SEPARATORS, JOINERS)
def test_masking_twice_is_masking_once(name, phone, id_number, around, sep, joiner):
    text = f"{around}{name}{sep}{phone}{joiner}{id_number}{sep}{around}"
    once = mask_text(text, names=[name])
    assert mask_text(once, names=[name]) == once
    case = _case(name, phone, id_number)
    assert mask_case_text(case, mask_case_text(case, text)) == mask_case_text(case, text)


@PROPERTY
@given(NAMES, st.text(alphabet="投诉人客服说了请联系，。 abc", max_size=12))
def test_only_the_names_change(name, text):
    once = mask_names(f"{text}{name}{text}", [name])
    assert once == f"{text}{mask_name(name)}{text}"
    assert mask_names(once, [name]) == once
    assert mask_text(text, names=[name]) == text  # no name, no number: unchanged
