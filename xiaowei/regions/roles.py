"""Roles (the codes are a contract: CLI, API and fixtures use them) and what each may do, and the 4+X
bodies some of them sign for.

Only access.py reads ROLE_PERMISSIONS to decide anything; other modules just name permissions.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A role code. Plain Python, so the pure modules (the step engine, the chart parser) import it without
    Django; the Chinese names are in ROLE_LABELS."""

    VILLAGE_CADRE = "village_cadre"
    VILLAGE_ACCOUNTANT = "village_accountant"
    VILLAGE_COMMITTEE = "village_committee"
    TOWNSHIP_DISCIPLINE = "township_discipline"
    TOWNSHIP_AGENCY = "township_agency"
    TOWNSHIP_FINANCE = "township_finance"
    TOWNSHIP_PLANNING = "township_planning"
    TOWNSHIP_CIVIL = "township_civil"
    SECTOR_DEPARTMENT = "sector_department"
    COUNTY_SUPERVISOR = "county_supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[str, str] = {
    Role.VILLAGE_CADRE: "村干部",
    Role.VILLAGE_ACCOUNTANT: "村报账员",
    Role.VILLAGE_COMMITTEE: "村务监督委员会",
    Role.TOWNSHIP_DISCIPLINE: "乡镇纪委",
    Role.TOWNSHIP_AGENCY: "农经站/代理记账中心",
    Role.TOWNSHIP_FINANCE: "乡镇财政所",
    Role.TOWNSHIP_PLANNING: "乡镇规划所",
    Role.TOWNSHIP_CIVIL: "乡镇民政",
    Role.SECTOR_DEPARTMENT: "行业主管部门",
    Role.COUNTY_SUPERVISOR: "市纪委监委/小微权力办公室",
    Role.ADMIN: "系统管理员",
}
ROLE_CODES: frozenset[str] = frozenset(Role)
ROLE_CHOICES: list[tuple[str, str]] = [(r.value, ROLE_LABELS[r]) for r in Role]


class Perm:
    """Permission names. A permission is granted by a role on the membership's region and below."""

    VIEW_OFFICE = "office.view"  # see the back-office workspace of a region
    EDIT_REGION_PROFILE = "regions.edit_profile"  # the village's public profile (简介, 办公地点, 公开栏)
    VIEW_AUDIT = "audit.view"  # read the audit trail
    MANAGE_USERS = "accounts.manage"  # create users, grant and revoke roles
    MANAGE_REGIONS = "regions.manage"  # import the region tree
    MANAGE_CATALOG = "catalog.manage"  # revise the power list; add a township's 特色清单 items
    START_MATTERS = "matters.start"  # start (and withdraw) a matter of a power in a village
    RECORD_MEETINGS = "matters.meetings"  # record meetings, votes and annual resolutions
    UPLOAD_DOCUMENTS = "matters.documents"  # upload evidence files
    MANAGE_SEALS = "matters.seals"  # register a village's seals and their keepers
    PREPARE_DISCLOSURE = "disclosure.prepare"  # draft 村务/财务公开 and publish what the committee signed
    MANAGE_CONTRACTORS = "projects.contractors"  # keep the registry of contractors and suppliers
    MANAGE_PROJECTS = "projects.manage"  # 立项 and record a project's stages (tender, award, contract, …)
    REVIEW_COST = "projects.review_cost"  # 造价评审 of projects, 底价评审 of asset disposals
    SIGN_4X = "projects.sign"  # sign a project stage off as one of the 4+X bodies
    MANAGE_ASSETS = "assets.manage"  # keep the 三资 register; run disposals and leases
    RECORD_MONEY = "money.record"  # record project payments and rent receipts (报账)
    IMPORT_RESULTS = "results.import"  # import service results (办事结果) for the villages below
    DRAFT_VOUCHERS = "finance.draft"  # draft vouchers (报账) and attach their invoices
    BOOK_VOUCHERS = "finance.book"  # book or reject vouchers, import the agency's books, close a month


PERM_NAMES = {
    Perm.VIEW_OFFICE: "查看本辖区工作台",
    Perm.EDIT_REGION_PROFILE: "维护村(社区)公开信息",
    Perm.VIEW_AUDIT: "查看审计日志",
    Perm.MANAGE_USERS: "管理用户与角色",
    Perm.MANAGE_REGIONS: "维护行政区划",
    Perm.MANAGE_CATALOG: "维护权力清单（含乡镇特色清单）",
    Perm.START_MATTERS: "发起权力事项",
    Perm.RECORD_MEETINGS: "登记会议、表决与年度决议",
    Perm.UPLOAD_DOCUMENTS: "上传证明材料",
    Perm.MANAGE_SEALS: "登记印章与保管人",
    Perm.PREPARE_DISCLOSURE: "起草并发布公开内容（须监委审核签署）",
    Perm.MANAGE_CONTRACTORS: "登记承包商、供应商",
    Perm.MANAGE_PROJECTS: "工程项目立项及各阶段登记",
    Perm.REVIEW_COST: "造价评审、底价评审",
    Perm.SIGN_4X: "“4+X”联合监管签字",
    Perm.MANAGE_ASSETS: "登记资产资源，办理处置和租赁",
    Perm.RECORD_MONEY: "登记项目付款和租金收入",
    Perm.IMPORT_RESULTS: "导入办事结果",
    Perm.DRAFT_VOUCHERS: "填制记账凭证（报账）",
    Perm.BOOK_VOUCHERS: "代理记账：记账、退回、导入账簿、月结",
}

_SUPERVISE = {Perm.VIEW_OFFICE, Perm.VIEW_AUDIT}
# Whoever performs steps of a flowchart may upload the evidence for them. Which steps a role may record
# is decided by the flowchart itself (each step names its roles), not here.
_WORKER = {Perm.VIEW_OFFICE, Perm.UPLOAD_DOCUMENTS}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.VILLAGE_CADRE: frozenset(
        {
            *_WORKER,
            Perm.EDIT_REGION_PROFILE,
            Perm.START_MATTERS,
            Perm.RECORD_MEETINGS,
            Perm.MANAGE_SEALS,
            Perm.PREPARE_DISCLOSURE,
            Perm.MANAGE_PROJECTS,
            Perm.MANAGE_ASSETS,
        }
    ),
    Role.VILLAGE_ACCOUNTANT: frozenset(
        {*_WORKER, Perm.PREPARE_DISCLOSURE, Perm.RECORD_MONEY, Perm.DRAFT_VOUCHERS}
    ),
    Role.VILLAGE_COMMITTEE: frozenset(_SUPERVISE),
    Role.TOWNSHIP_DISCIPLINE: frozenset({*_SUPERVISE, Perm.SIGN_4X}),
    Role.TOWNSHIP_AGENCY: frozenset(
        {
            *_WORKER,
            Perm.MANAGE_CONTRACTORS,
            Perm.MANAGE_PROJECTS,
            Perm.MANAGE_ASSETS,
            Perm.SIGN_4X,
            Perm.RECORD_MONEY,
            Perm.DRAFT_VOUCHERS,
            Perm.BOOK_VOUCHERS,
        }
    ),
    Role.TOWNSHIP_FINANCE: frozenset({*_WORKER, Perm.REVIEW_COST, Perm.SIGN_4X}),
    Role.TOWNSHIP_PLANNING: frozenset({*_WORKER, Perm.SIGN_4X}),
    Role.TOWNSHIP_CIVIL: frozenset({*_WORKER, Perm.IMPORT_RESULTS}),
    Role.SECTOR_DEPARTMENT: frozenset({*_WORKER, Perm.SIGN_4X}),
    Role.COUNTY_SUPERVISOR: frozenset(_SUPERVISE),
    Role.ADMIN: frozenset(
        {
            Perm.VIEW_OFFICE,
            Perm.VIEW_AUDIT,
            Perm.EDIT_REGION_PROFILE,
            Perm.MANAGE_USERS,
            Perm.MANAGE_REGIONS,
            Perm.MANAGE_CATALOG,
            Perm.MANAGE_CONTRACTORS,
            Perm.IMPORT_RESULTS,
        }
    ),
}


class Body(StrEnum):
    """One of the 4+X bodies that sign a village project's stages off: four township offices and the X,
    the sector department (行业主管部门) of the project's type. The codes are stored (ProjectSignoff.body,
    the 4+X matrix of a county's "procurement" setting): never change them. Plain Python, like Role; the
    Chinese names are in BODY_LABELS, and procurement.ocds has the code each publishes under."""

    JIWEI = "jiwei"
    NONGJING = "nongjing"
    CAIZHENG = "caizheng"
    GUIHUA = "guihua"
    SECTOR = "sector"

    @property
    def label(self) -> str:
        return BODY_LABELS[self]


BODY_LABELS: dict[str, str] = {
    Body.JIWEI: "乡镇纪委",
    Body.NONGJING: "乡镇农经站",
    Body.CAIZHENG: "乡镇财政所",
    Body.GUIHUA: "乡镇规划所",
    Body.SECTOR: "行业主管部门",
}

#: The 4+X body each role signs for.
ROLE_BODY: dict[str, Body] = {
    Role.TOWNSHIP_DISCIPLINE: Body.JIWEI,
    Role.TOWNSHIP_AGENCY: Body.NONGJING,
    Role.TOWNSHIP_FINANCE: Body.CAIZHENG,
    Role.TOWNSHIP_PLANNING: Body.GUIHUA,
    Role.SECTOR_DEPARTMENT: Body.SECTOR,
}

# Which region levels a role can be held at. Village roles sit on a village, township roles on a
# township; county-wide roles on a county or above (a city or province office supervises its whole tree).
ROLE_LEVELS: dict[str, frozenset[str]] = {
    Role.VILLAGE_CADRE: frozenset({"village"}),
    Role.VILLAGE_ACCOUNTANT: frozenset({"village"}),
    Role.VILLAGE_COMMITTEE: frozenset({"village"}),
    Role.TOWNSHIP_DISCIPLINE: frozenset({"township"}),
    Role.TOWNSHIP_AGENCY: frozenset({"township"}),
    Role.TOWNSHIP_FINANCE: frozenset({"township"}),
    Role.TOWNSHIP_PLANNING: frozenset({"township"}),
    Role.TOWNSHIP_CIVIL: frozenset({"township"}),
    Role.SECTOR_DEPARTMENT: frozenset({"county", "city"}),
    Role.COUNTY_SUPERVISOR: frozenset({"county", "city", "province"}),
    Role.ADMIN: frozenset({"township", "county", "city", "province"}),
}
