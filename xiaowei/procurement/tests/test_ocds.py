"""Tests for xiaowei.procurement.ocds, validated offline with the official OCDS validator (libcoveocds).

libcoveocds reads the standard from the local zip (data/ocds-1.1.5, tag 1__1__5). Extensions are fetched by
ocdsextensionregistry over HTTP(S) only, so the disposal extension folder is served from a loopback HTTP
server (tests_support.ocds), and every other HTTP(S) request made through ocdsextensionregistry's session is
refused: the tests never touch the internet. The official bids extension therefore cannot be loaded; its
fields then show up as additional fields (not errors), which the tests check explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import jsonschema
import pytest

from tests_support.ocds import additional, assert_clean
from xiaowei.procurement import ocds
from xiaowei.procurement.ocds import (
    CST,
    Award,
    Bid,
    Completion,
    Contract,
    Disposal,
    Implementation,
    Milestone,
    Party,
    Payment,
    Planning,
    Project,
    Tender,
    acceptance,
    packages,
    signoff,
)
from xiaowei.regions.roles import Body

PREFIX = "ocds-xxxxxx-431382"  # unregistered placeholder prefix + 涟源市 county code
PUBLISHED = datetime(2025, 12, 1, 9, 0, tzinfo=CST)


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CST)


# ---------------------------------------------------------------------------------------------------------
# A realistic project: 涟源市某村 村组道路硬化 (186,000.00 元), every stage

VILLAGE = Party(
    id="village",
    name="湖南省娄底市涟源市桥头河镇示范村村民委员会",
    roles=("buyer", "procuringEntity", "payer"),
    address_region="湖南省娄底市涟源市桥头河镇",
    village_code="431382105201",
)
ROAD_CO = Party(
    id="CN-USCI-91110108551385082Q",
    name="涟源市示范道路工程有限公司",  # fictional name; the code is a published valid code (see test_uscc)
    roles=("tenderer", "supplier", "payee"),
    uscc="91110108551385082Q",
    address_region="湖南省娄底市涟源市",
    contact_name="项目负责人",
)
BIDDER_2 = Party(
    id="CN-USCI-91350200776049653A",
    name="娄底市示范建设有限公司",
    roles=("tenderer",),
    uscc="91350200776049653A",
)
BIDDER_3 = Party(
    id="CN-USCI-91440101MA5CJQ4N59",
    name="湖南示范土石方工程有限公司",
    roles=("tenderer",),
    uscc="91440101MA5CJQ4N59",
)


def road_project(**changes: Any) -> Project:
    ocid = ocds.make_ocid(PREFIX, "431382105201-2025-007")
    fields: dict[str, Any] = {
        "ocid": ocid,
        "title": "示范村村组道路硬化工程",
        "description": "硬化村组道路 1.2 公里，宽 3.5 米，C25 混凝土路面",
        "buyer_id": "village",
        "parties": (VILLAGE, ROAD_CO, BIDDER_2, BIDDER_3),
        "planning": Planning(
            decision_date=at(2025, 3, 10, 15),
            rationale="村民代表会议决议硬化通组道路，解决雨天出行难",
            budget_fen=19_000_000,
            budget_source="村集体自筹 4 万元 + 一事一议财政奖补 15 万元",
            milestones=(
                Milestone("siyi-1", "村党组织提议", at(2025, 2, 20)),
                Milestone("siyi-2", "村“两委”会议商议", at(2025, 2, 25)),
                Milestone("siyi-3", "党员大会审议", at(2025, 3, 2)),
                Milestone("gongkai-1", "决议公开（公示 7 天）", at(2025, 3, 11), type="engagement"),
                signoff("立项", Body.JIWEI, at(2025, 3, 12)),
                signoff("立项", Body.NONGJING, at(2025, 3, 12)),
                signoff("立项", Body.CAIZHENG, at(2025, 3, 13)),
                signoff("立项", Body.GUIHUA, at(2025, 3, 13)),
                signoff("立项", Body.SECTOR, at(2025, 3, 14), department="交通运输局"),
            ),
        ),
        "tender": Tender(
            route="竞争性比选",
            when=at(2025, 4, 1),
            title="示范村村组道路硬化工程施工",
            value_fen=19_000_000,
            category="works",
            period_start=at(2025, 4, 1),
            period_end=at(2025, 4, 8, 17),
            bids=(
                Bid("bid-1", ROAD_CO.id, 18_600_000, at(2025, 4, 7, 10)),
                Bid("bid-2", BIDDER_2.id, 18_850_000, at(2025, 4, 7, 11)),
                Bid("bid-3", BIDDER_3.id, 18_920_050, at(2025, 4, 8, 9)),
            ),
            details="镇农村小型项目交易平台组织，村务监督委员会到场",
            milestones=(signoff("招投标", Body.JIWEI, at(2025, 4, 9)),),
        ),
        "award": Award(
            "award-1", at(2025, 4, 10), ROAD_CO.id, 18_600_000, bid_id="bid-1", title="确定成交单位"
        ),
        "contract": Contract(
            "contract-1",
            "award-1",
            at(2025, 4, 15),
            18_600_000,
            period_start=date(2025, 4, 20),
            period_end=date(2025, 7, 31),
            title="示范村村组道路硬化工程施工合同",
        ),
        "implementation": Implementation(
            payments=(
                Payment("pay-1", at(2025, 5, 20), 5_580_000, "village", ROAD_CO.id),
                Payment("pay-2", at(2025, 8, 10), 11_160_050, "village", ROAD_CO.id),
            ),
            milestones=(
                signoff("施工", Body.SECTOR, at(2025, 6, 15), department="交通运输局"),
                signoff("施工", Body.GUIHUA, at(2025, 6, 16)),
                acceptance(at(2025, 8, 5), note="交通运输局牵头，村务监督委员会、村民代表签字"),
                signoff("验收", Body.JIWEI, at(2025, 8, 5)),
                signoff("结算", Body.NONGJING, at(2025, 8, 8)),
                signoff("结算", Body.CAIZHENG, at(2025, 8, 8)),
            ),
        ),
        "completion": Completion(at(2025, 8, 10, 17), final_value_fen=18_600_050, note="审计核定"),
    }
    fields.update(changes)
    return Project(**fields)


def test_money_is_exact() -> None:
    assert ocds.money(18_600_050) == {"amount": 186000.5, "currency": "CNY"}
    assert ocds.money(123_456) == {"amount": 1234.56, "currency": "CNY"}
    assert ocds.money(18_600_000)["amount"] == 186000
    assert isinstance(ocds.money(18_600_000)["amount"], int)
    assert json.dumps(ocds.money(1)) == '{"amount": 0.01, "currency": "CNY"}'
    # Every amount's JSON text is exactly fen/100, up to the largest amount we allow.
    for fen in [*range(0, 100_000, 7), 10**15 - 1, 999_999_999_999_99, 18_600_050, 12_345_678_901_23]:
        text = json.dumps(ocds.money(fen)["amount"])
        assert Decimal(text) == Decimal(fen) / 100, fen


@pytest.mark.parametrize("bad", [-1, 1.5, "100", True, 10**15])
def test_money_rejects_non_fen(bad: Any) -> None:
    with pytest.raises(ValueError, match="金额"):
        ocds.money(bad)


def test_every_release_and_the_package_validate(cove: Callable[..., dict[str, Any]]) -> None:
    project = road_project()
    releases = ocds.project_releases(project)
    assert [r["tag"] for r in releases] == [
        ["planning"],
        ["tender"],
        ["award"],
        ["contract"],
        ["implementation"],
        ["contractTermination"],
    ]
    for r in releases:
        single = ocds.release_package(
            [r], f"https://xiaowei.example/ocds/{r['id']}.json", PUBLISHED, "示范县小微平台"
        )
        result = cove(single)
        assert_clean(result)
    package = ocds.release_package(
        releases, "https://xiaowei.example/ocds/road.json", PUBLISHED, "示范县小微平台"
    )
    assert package["extensions"] == [ocds.BID_EXTENSION_URL]
    result = cove(package)
    assert_clean(result)
    # The bids extension cannot be fetched offline: its fields are additional fields, never errors.
    assert additional(result) <= {"/releases/bids"}


def test_release_content_is_what_a_villager_needs() -> None:
    releases = {r["tag"][0]: r for r in ocds.project_releases(road_project())}
    planning = releases["planning"]
    assert planning["planning"]["budget"]["amount"] == {"amount": 190000, "currency": "CNY"}
    assert planning["planning"]["milestones"][0] == {
        "id": "siyi-resolution",
        "title": "四议两公开：村民（代表）会议决议",
        "type": "approval",
        "status": "met",
        "code": "siyi-resolution",
        "dateMet": "2025-03-10T15:00:00+08:00",
    }
    village = planning["parties"][0]
    assert village["identifier"] == {
        "scheme": ocds.VILLAGE_SCHEME,
        "id": "431382105201",
        "legalName": VILLAGE.name,
    }
    tender = releases["tender"]["tender"]
    assert tender["procurementMethod"] == "selective"
    assert (
        tender["procurementMethodDetails"]
        == "竞争性比选（3家报价）：镇农村小型项目交易平台组织，村务监督委员会到场"
    )
    assert tender["numberOfTenderers"] == 3
    assert releases["tender"]["bids"]["details"][2]["value"] == {"amount": 189200.5, "currency": "CNY"}
    supplier = next(p for p in releases["award"]["parties"] if p["id"] == ROAD_CO.id)
    assert supplier["identifier"] == {
        "scheme": "CN-USCI",
        "id": "91110108551385082Q",
        "legalName": ROAD_CO.name,
    }
    impl = releases["implementation"]["contracts"][0]["implementation"]
    assert [t["value"]["amount"] for t in impl["transactions"]] == [55800, 111600.5]
    assert impl["transactions"][0]["payer"] == {"id": "village", "name": VILLAGE.name}
    signoffs = {m["id"]: m for m in impl["milestones"]}
    assert signoffs["4x-shigong-hangye"]["title"] == "施工：行业主管部门（交通运输局）签字"
    assert signoffs["acceptance"]["type"] == "assessment"
    end = releases["contractTermination"]["contracts"][0]
    assert end["status"] == "terminated"
    assert end["implementation"]["milestones"][0]["description"] == "竣工决算 186,000.50 元；审计核定"


def test_compiled_record_validates_against_the_record_package_schema(
    cove: Callable[..., dict[str, Any]],
) -> None:
    project = road_project()
    releases = ocds.project_releases(project)
    record = ocds.compile_record(project.ocid, list(reversed(releases)))
    assert [r["id"] for r in record["releases"]] == [r["id"] for r in releases]  # sorted oldest first
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["date"] == releases[-1]["date"]
    assert compiled["tender"]["status"] == "complete"
    assert compiled["tender"]["procurementMethod"] == "selective"
    contract = compiled["contracts"][0]
    assert contract["status"] == "terminated"
    assert contract["value"] == {"amount": 186000, "currency": "CNY"}
    assert contract["dateSigned"] == "2025-04-15T09:00:00+08:00"
    assert contract["period"] == {
        "startDate": "2025-04-20T00:00:00+08:00",
        "endDate": "2025-08-10T17:00:00+08:00",
    }
    # Milestones merged by id: implementation sign-offs plus the final-accounts milestone.
    assert [m["id"] for m in contract["implementation"]["milestones"]][-1] == "final-accounts"
    assert len(contract["implementation"]["transactions"]) == 2
    assert {p["id"] for p in compiled["parties"]} == {p.id for p in project.parties}

    # The record package schema, with its references resolved to the local copies (no network).
    package = ocds.record_package(
        [record], "https://xiaowei.example/ocds/road-record.json", PUBLISHED, "示范县小微平台"
    )
    assert record_errors(package) == []
    broken = json.loads(json.dumps(package))
    broken["records"][0]["compiledRelease"]["contracts"][0]["value"]["amount"] = "186000"
    assert record_errors(broken) == ["'186000' is not of type 'number', 'null'"]
    # libcoveocds can't validate record packages offline (it dereferences the versioned-release schema by URL
    # with jsonref); it validates the compiled release itself, which is a release tagged "compiled".
    result = cove(
        ocds.release_package([compiled], "https://xiaowei.example/ocds/c.json", PUBLISHED, "示范县小微平台")
    )
    assert_clean(result)
    assert additional(result) <= {"/releases/bids"}


def record_errors(package: dict[str, Any], release_schema: dict[str, Any] | None = None) -> list[str]:
    from referencing import Registry, Resource

    base = "https://standard.open-contracting.org/schema/1__1__5/"
    registry = Registry().with_resources(
        [
            (f"{base}release-schema.json", Resource.from_contents(release_schema or ocds.load_schema())),
            (
                f"{base}versioned-release-validation-schema.json",
                Resource.from_contents(ocds.load_schema("versioned-release-validation-schema.json")),
            ),
        ]
    )
    validator = jsonschema.Draft4Validator(
        ocds.load_schema("record-package-schema.json"),
        registry=registry,
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )
    return [e.message for e in validator.iter_errors(package)]


def test_compile_matches_ocdsmerge() -> None:
    ocdsmerge = pytest.importorskip(
        "ocdsmerge"
    )  # optional dev dependency: the reference merge implementation
    project = road_project()
    releases = ocds.project_releases(project)
    merger = ocdsmerge.Merger(ocds.load_schema())
    expected = merger.create_compiled_release(releases)
    assert ocds.compile_record(project.ocid, releases)["compiledRelease"] == expected


def test_merge_rules_match_the_schema() -> None:
    schema = ocds.load_schema()
    omit, whole = set(), set()

    def walk(node: Any, name: str | None, top: bool) -> None:
        if isinstance(node, dict):
            if node.get("omitWhenMerged") and top:
                omit.add(name)
            if node.get("wholeListMerge"):
                whole.add(name)
            for key, value in node.get("properties", {}).items():
                walk(value, key, top and node is schema)
            for value in node.get("definitions", {}).values():
                walk(value, None, False)

    walk(schema, None, True)
    assert omit == packages._OMIT_WHEN_MERGED
    assert whole == packages._WHOLE_LIST_MERGE


def test_overspend_is_published(cove: Callable[..., dict[str, Any]]) -> None:
    extra = Payment("pay-3", at(2025, 9, 1), 3_000_000, "village", ROAD_CO.id)
    base = road_project()
    assert base.implementation is not None
    project = road_project(
        implementation=Implementation((*base.implementation.payments, extra), base.implementation.milestones)
    )
    releases = ocds.project_releases(project)
    assert len(releases[4]["contracts"][0]["implementation"]["transactions"]) == 3
    assert_clean(cove(ocds.release_package(releases, "https://xiaowei.example/o.json", PUBLISHED, "平台")))


# ---------------------------------------------------------------------------------------------------------
# Invalid input fails before any JSON


def _tender(**changes: Any) -> Tender:
    t = road_project().tender
    assert t is not None
    return Tender(**{**t.__dict__, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"award": Award("award-1", at(2025, 3, 30), ROAD_CO.id, 18_600_000)}, "中标（成交）日期早于招标"),
        ({"award": Award("award-1", at(2025, 4, 8, 12), ROAD_CO.id, 18_600_000)}, "早于投标截止"),
        ({"award": Award("award-1", at(2025, 4, 10), "nobody", 1)}, "“nobody”不在参与方中"),
        ({"award": Award("award-1", at(2025, 4, 10), ROAD_CO.id, -5)}, "中标（成交）金额不能为负数"),
        ({"tender": None}, "没有招标（采购）环节，不能有中标"),
        ({"tender": _tender(when=at(2025, 3, 1))}, "招标（公告）早于四议两公开决议"),
        ({"tender": _tender(route="比价", bids=())}, "比价须有至少3家报价"),
        ({"tender": _tender(route="议标")}, "未知的采购方式“议标”"),
        ({"tender": _tender(period_end=at(2025, 4, 7, 10, 30))}, "晚于投标截止时间"),
        (
            {
                "contract": Contract(
                    "contract-1", "award-1", at(2025, 4, 9), 1, date(2025, 4, 20), date(2025, 7, 31)
                )
            },
            "合同签订早于中标",
        ),
        (
            {
                "contract": Contract(
                    "contract-1", "award-1", at(2025, 4, 15), 1, date(2025, 7, 31), date(2025, 4, 20)
                )
            },
            "合同期结束早于开始",
        ),
        (
            {
                "implementation": Implementation(
                    payments=(Payment("p", at(2025, 4, 1), 100, "village", ROAD_CO.id),)
                )
            },
            "付款“p”早于合同签订",
        ),
        ({"completion": Completion(at(2025, 4, 1))}, "竣工早于合同签订"),
        ({"completion": Completion(at(2025, 8, 1))}, "晚于竣工"),
        ({"planning": Planning(at(2025, 3, 10), "x", budget_fen=-1)}, "预算不能为负数"),
        ({"parties": (VILLAGE, VILLAGE)}, "参与方编号重复"),
        (
            {"parties": (VILLAGE, Party("x", "坏代码公司", ("supplier",), uscc="91110108551385082R"))},
            "坏代码公司",
        ),
        ({"parties": (VILLAGE, Party("x", "某公司", ("winner",)))}, "partyRole"),
        ({"parties": (Party("village", "某村", ("buyer",), village_code="4313821052"),)}, "12位数字"),
    ],
)
def test_impossible_input_raises_before_json(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ocds.project_releases(road_project(**changes))


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="必须带时区"):
        ocds.project_releases(road_project(award=Award("award-1", datetime(2025, 4, 10), ROAD_CO.id, 1)))


def test_release_and_package_guards() -> None:
    with pytest.raises(ValueError, match="releaseTag"):
        ocds.release("ocds-xxxxxx-1", "r1", at(2025, 1, 1), ["finished"])
    with pytest.raises(ValueError, match="releaseTag"):
        ocds.release("ocds-xxxxxx-1", "r1", at(2025, 1, 1), ["compiled"])
    with pytest.raises(ValueError, match="#"):
        ocds.release("ocds-xxxxxx-1", "r#1", at(2025, 1, 1), ["planning"])
    r = ocds.release("ocds-xxxxxx-1", "r1", at(2025, 1, 1), ["planning"])
    with pytest.raises(ValueError, match="唯一"):
        ocds.release_package([r, r], "https://x.example/p.json", PUBLISHED, "平台")
    with pytest.raises(ValueError, match="所有发布的 ocid"):
        ocds.compile_record("ocds-xxxxxx-2", [r])
    with pytest.raises(ValueError, match="前缀"):
        ocds.make_ocid("ocds-ABC", "1")
    with pytest.raises(ValueError, match="本地编号"):
        ocds.make_ocid("ocds-xxxxxx", "村/1")
    assert ocds.make_ocid("ocds-213czf", "431382-7") == "ocds-213czf-431382-7"


def test_signoff_guards() -> None:
    with pytest.raises(ValueError, match="未知的监督部门"):
        signoff("立项", "审计", at(2025, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="未知的监督环节"):
        signoff("运维", Body.JIWEI, at(2025, 1, 1))


# ---------------------------------------------------------------------------------------------------------
# Disposal: lease of a fish pond (鱼塘出租), reserve price, 3 bidders, 15-year term


def _cooperative(org: str, name: str, winner: bool = False) -> Party:
    from xiaowei.lib.uscc import org_code_check_char, uscc_check_char

    body = "93431382" + org + org_code_check_char(org)  # 93 = 农民专业合作社, registered in 涟源市
    code = body + uscc_check_char(body)
    roles = ("tenderer", "supplier", "payer") if winner else ("tenderer",)
    return Party(f"CN-USCI-{code}", name, roles, uscc=code)


POND_WINNER = _cooperative("MA4L0001", "涟源市示范水产养殖专业合作社", winner=True)
POND_2 = _cooperative("MA4L0002", "涟源市示范渔业专业合作社")
POND_3 = _cooperative("MA4L0003", "涟源市示范生态农业专业合作社")
POND_VILLAGE = Party(
    id="village",
    name="湖南省娄底市涟源市桥头河镇示范村股份经济合作社",
    roles=("procuringEntity", "payee"),
    village_code="431382105201",
)


def pond_lease(**changes: Any) -> Project:
    tender_changes = changes.pop("tender_changes", {})
    tender = Tender(
        route="公开竞价",
        when=at(2025, 5, 6),
        title="示范村东头鱼塘承租权公开竞价",
        category=None,
        period_start=at(2025, 5, 6),
        period_end=at(2025, 5, 16, 17),  # 公告期 10 天
        bids=(
            Bid("bid-1", POND_WINNER.id, 1_280_000, at(2025, 5, 16, 10)),
            Bid("bid-2", POND_2.id, 1_200_000, at(2025, 5, 16, 10, 5)),
            Bid("bid-3", POND_3.id, 1_150_000, at(2025, 5, 16, 10, 10)),
        ),
        details="镇农村三资交易中心组织，报价为每年租金",
        milestones=(signoff("招投标", Body.JIWEI, at(2025, 5, 16, 11)),),
        disposal=Disposal(
            kind="出租",
            asset_kind="water",
            asset_description="东头鱼塘，水面约 12 亩",
            reserve_price_fen=1_100_000,
            lease_term_years=15,
            reserve_price_review="镇农经站底价评审，「4+X」农经、财政签字",
        ),
    )
    tender = Tender(**{**tender.__dict__, **tender_changes})
    fields: dict[str, Any] = {
        "ocid": ocds.make_ocid(PREFIX, "431382105201-zc-2025-002"),
        "title": "示范村东头鱼塘出租",
        "description": "村集体鱼塘公开出租，租期 15 年",
        "buyer_id": "village",
        "parties": (POND_VILLAGE, POND_WINNER, POND_2, POND_3),
        "planning": Planning(at(2025, 4, 20), "村民代表会议三分之二以上同意公开出租东头鱼塘"),
        "tender": tender,
        "award": Award("award-1", at(2025, 5, 20), POND_WINNER.id, 1_280_000 * 15, bid_id="bid-1"),
        "contract": Contract(
            "contract-1", "award-1", at(2025, 5, 25), 1_280_000 * 15, date(2025, 6, 1), date(2040, 5, 31)
        ),
        "implementation": Implementation(
            payments=(Payment("rent-2025", at(2025, 5, 30), 1_280_000, POND_WINNER.id, "village"),)
        ),
    }
    fields.update(changes)
    return Project(**fields)


def test_disposal_validates_against_the_patched_schema(
    cove: Callable[..., dict[str, Any]], disposal_ext_url: str
) -> None:
    project = pond_lease()
    releases = ocds.project_releases(project)
    tender = releases[1]["tender"]
    assert tender["disposal"] == {
        "type": "lease",
        "assetKind": "water",
        "assetDescription": "东头鱼塘，水面约 12 亩",
        "reservePrice": {"amount": 11000, "currency": "CNY"},
        "leaseTermYears": 15,
        "reservePriceReview": "镇农经站底价评审，「4+X」农经、财政签字",
    }
    assert tender["procurementMethod"] == "open"
    assert "buyer" not in releases[0]
    assert releases[2]["awards"][0]["value"] == {"amount": 192000, "currency": "CNY"}

    # 1. jsonschema against the locally merged schema (RFC 7386 merge patch of the extension onto 1.1.5).
    schema = ocds.patched_release_schema()
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    for r in releases:
        assert list(validator.iter_errors(r)) == []
    broken = json.loads(json.dumps(releases[1]))
    del broken["tender"]["disposal"]["reservePrice"]
    broken["tender"]["disposal"]["type"] = "sale"
    messages = sorted(e.message for e in validator.iter_errors(broken))
    assert messages == [
        "'reservePrice' is a required property",
        "'sale' is not one of ['lease', 'contracting', 'transfer']",
    ]

    # 2. libcoveocds with the extension declared: it fetches it from the loopback server and applies it.
    package = ocds.release_package(
        releases,
        "https://xiaowei.example/ocds/pond.json",
        PUBLISHED,
        "示范县小微平台",
        extensions=[disposal_ext_url],
    )
    result = cove(package)
    assert_clean(result)
    assert "/releases/tender/disposal" not in additional(result)  # known through the extension
    assert additional(result) <= {"/releases/bids"}
    # libcoveocds enforces the extension's schema (required reservePrice) and its closed codelist.
    bad = json.loads(json.dumps(package))
    bad["releases"][1]["tender"]["disposal"]["type"] = "sale"
    del bad["releases"][1]["tender"]["disposal"]["reservePrice"]
    bad_result = cove(bad)
    assert [(e["type"], e["path"]) for e in bad_result["validation_errors"]] == [
        ("required", "releases/1/tender/disposal")
    ]
    closed = bad_result["additional_closed_codelist_values"]["releases/tender/disposal/type"]
    assert (closed["values"], closed["extension_codelist"]) == (["sale"], True)

    # 3. libcoveocds on the same releases without the extension: extra fields only, zero errors.
    plain = dict(package)
    plain["extensions"] = [ocds.BID_EXTENSION_URL]
    result = cove(plain)
    assert_clean(result)
    assert "/releases/tender/disposal" in additional(result)

    # The compiled record validates too: record package schema + patched release schema.
    record = ocds.compile_record(project.ocid, releases)
    assert list(validator.iter_errors(record["compiledRelease"])) == []
    assert record["compiledRelease"]["tender"]["disposal"]["leaseTermYears"] == 15
    records = ocds.record_package(
        [record], "https://xiaowei.example/ocds/pond-r.json", PUBLISHED, "平台", extensions=[disposal_ext_url]
    )
    assert record_errors(records, schema) == []
    compiled = ocds.release_package(
        [record["compiledRelease"]],
        "https://xiaowei.example/c.json",
        PUBLISHED,
        "平台",
        extensions=[disposal_ext_url],
    )
    assert_clean(cove(compiled))


def test_disposal_package_must_declare_the_extension() -> None:
    with pytest.raises(ValueError, match="ocds_disposal_extension"):
        ocds.release_package(
            ocds.project_releases(pond_lease()), "https://x.example/p.json", PUBLISHED, "平台"
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tender_changes": {"disposal": Disposal("出租", "water", "鱼塘", 1_100_000, 21)}}, "不得超过20年"),
        ({"tender_changes": {"disposal": Disposal("出租", "water", "鱼塘", 1_100_000)}}, "须写明期限"),
        ({"tender_changes": {"disposal": Disposal("出卖", "water", "鱼塘", 1_100_000, 5)}}, "处置方式"),
        ({"tender_changes": {"disposal": Disposal("出租", "water", "鱼塘", 0, 5)}}, "底价不能为零"),
        ({"tender_changes": {"disposal": Disposal("出租", "water", "鱼塘", 1_250_000, 5)}}, "低于底价"),
    ],
)
def test_disposal_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ocds.project_releases(pond_lease(**changes))


def test_extension_files_are_consistent() -> None:
    ext = ocds.DISPOSAL_EXTENSION_DIR
    meta = json.loads((ext / "extension.json").read_text(encoding="utf-8"))
    for name in meta["codelists"]:
        assert (ext / "codelists" / name).is_file()
    patch = json.loads((ext / "release-schema.json").read_text(encoding="utf-8"))
    enum = patch["definitions"]["Disposal"]["properties"]["type"]["enum"]
    codes = (ext / "codelists" / "disposalType.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split(",")[0] for line in codes] == enum == list(ocds.DISPOSAL_KINDS.values())


def test_json_merge_patch_rfc7386_examples() -> None:
    # RFC 7386 Appendix A (a selection).
    assert ocds.json_merge_patch({"a": "b"}, {"a": "c"}) == {"a": "c"}
    assert ocds.json_merge_patch({"a": "b"}, {"b": "c"}) == {"a": "b", "b": "c"}
    assert ocds.json_merge_patch({"a": "b"}, {"a": None}) == {}
    assert ocds.json_merge_patch({"a": [{"b": "c"}]}, {"a": [1]}) == {"a": [1]}
    assert ocds.json_merge_patch({"e": None}, {"a": 1}) == {"e": None, "a": 1}
    assert ocds.json_merge_patch([1, 2], {"a": "b", "c": None}) == {"a": "b"}
    assert ocds.json_merge_patch({}, {"a": {"bb": {"ccc": None}}}) == {"a": {"bb": {}}}
