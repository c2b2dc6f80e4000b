"""Our words → OCDS codes: the identifier schemes of suppliers and villages, our procurement and disposal
routes → ``procurementMethod``, the 4+X bodies (regions.roles.Body) and the stages they sign off (milestone
ids) and the disposal kinds of the local extension. (Our categories are OCDS's procurement categories:
procurement.categories.)"""

from __future__ import annotations

from typing import NamedTuple

from xiaowei.regions.roles import Body

#: org-id.guide list for 统一社会信用代码 (github.com/org-id/register lists/cn/cn-usci.json, confirmed, 2020).
#: CN-SAIC also exists there but covers only 工商-registered businesses; org-id/register issue #413 proposes
#: deprecating it in favour of CN-USCI.
USCI_SCHEME = "CN-USCI"
#: Local scheme (not on org-id.guide): the 12-digit 统计用区划和城乡划分代码 of the National Bureau of
#: Statistics (county 6 + township 3 + village 3 digits), for villages; "X-" marks it as unregistered.
VILLAGE_SCHEME = "X-CN-NBS-TJYQHDM"

#: Our procurement/disposal routes → OCDS procurementMethod (closed codelist "method").
ROUTES: dict[str, str] = {
    "公开招标": "open",
    "公开竞价": "open",
    "拍卖": "open",
    "竞争性比选": "selective",
    "邀请": "selective",
    "邀请招标": "selective",
    "比价": "limited",
    "直接发包": "direct",
}


class Supervisor(NamedTuple):
    """How a 4+X body is published: its ``name`` in milestone titles, its ``code`` in milestone ids and
    codes."""

    name: str
    code: str


#: 4+X joint supervision: the bodies (the X, the sector department, is published as "hangye")…
SUPERVISORS: dict[Body, Supervisor] = {
    Body.JIWEI: Supervisor("纪委", "jiwei"),
    Body.NONGJING: Supervisor("农经", "nongjing"),
    Body.CAIZHENG: Supervisor("财政", "caizheng"),
    Body.GUIHUA: Supervisor("规划", "guihua"),
    Body.SECTOR: Supervisor("行业主管部门", "hangye"),
}
#: … and the stages they sign off.
SIGNOFF_STAGES: dict[str, str] = {
    "立项": "lixiang",
    "造价评审": "zaojia",
    "招投标": "zhaotoubiao",
    "施工": "shigong",
    "验收": "yanshou",
    "结算": "jiesuan",
}
#: Disposal kinds → code of the extension's closed disposalType codelist.
DISPOSAL_KINDS: dict[str, str] = {"出租": "lease", "发包": "contracting", "出让": "transfer"}
