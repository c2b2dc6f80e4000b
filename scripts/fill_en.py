"""Fill the English catalogue (xiaowei/locale/en/LC_MESSAGES/django.po) from the table below.

Run after `django-admin makemessages -l en` (from xiaowei/), then `msgfmt` compiles the .mo that is
committed (so a fresh machine needs no gettext tools). Untranslated strings fall back to Chinese.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EN: dict[str, str | tuple[str, str]] = {
    "租期": "Term",
    "承包商、供应商名录": "Contractors and suppliers",
    "名称": "Name",
    "参与村级工程项目和物资服务采购的单位。统一社会信用代码均已按国家标准（GB 32100）校验。": "Firms that take part in village projects and procurement. Every unified social credit code is checked against the national standard (GB 32100).",
    "名称或信用代码": "Name or credit code",
    "查询": "Search",
    "统一社会信用代码": "Unified social credit code",
    "类别": "Category",
    "法定代表人/负责人": "Legal representative",
    "没有找到。": "Nothing found.",
    "登记承包商": "Register a contractor",
    "账号已暂时锁定": "Account temporarily locked",
    "密码连续输错次数过多，为保护账号安全，已暂时锁定。请 %(cooloff_time)s 后再试，或联系管理员。": "Too many wrong passwords in a row: the account is locked for its protection. "
    "Try again after %(cooloff_time)s, or ask an administrator.",
    "工作人员登录": "Staff sign-in",
    "村干部、村务监督委员会、乡镇和市级工作人员在此登录。群众查询无需登录。": "Village cadres, supervision committees, township and county staff sign in here. "
    "Villagers can look everything up without signing in.",
    "登录": "Sign in",
    "小微权力监督": "Micro-power supervision",
    "小微": "Xiaowei",
    "跳到正文": "Skip to content",
    "阳光村务 · 群众监督": "Open village affairs · watched by the people",
    "主导航": "Main navigation",
    "首页": "Home",
    "工作台": "Workspace",
    "退出": "Sign out",
    "一段时间无人操作后，本机将自动回到首页。": "After a while without use, this kiosk returns to the home page.",
    "语言": "Language",
    "切换": "Switch",
    "小微：开源的村级小微权力监督系统。数据公开，欢迎监督。": "Xiaowei: open-source supervision of village micro-power. The data is public: please check it.",
    "查询机模式": "Kiosk mode",
    "没有权限": "Not allowed",
    "回到工作台": "Back to the workspace",
    "没有找到": "Not found",
    "没有找到这个页面": "This page was not found",
    "地址可能有误，或者内容不在您可以查看的范围内。": "The address may be wrong, or the content is outside what you may see.",
    "回到首页": "Back to the home page",
    "审计日志": "Audit trail",
    "经由系统做出的每一项修改都记录在这里：谁、何时、从哪里、改了什么。记录只能追加，不能修改或删除。": "Every change made through the system is recorded here: who, when, from where, what changed. "
    "Records can only be added, never changed or deleted.",
    "筛选": "Filter",
    "时间": "Time",
    "操作人": "Actor",
    "操作": "Action",
    "对象": "Object",
    "区划": "Region",
    "来源": "Origin",
    "修改前 → 修改后": "Before → after",
    "没有符合条件的记录。": "No matching records.",
    "上一页": "Previous",
    "第 %(n)s / %(total)s 页": "Page %(n)s of %(total)s",
    "下一页": "Next",
    "您在以下辖区任职。每个角色能做的事列在下面；辖区以外的数据您看不到。": "You hold these roles. What each role may do is listed below; data outside your regions is not visible.",
    "进入辖区工作台": "Open the region's workspace",
    "查看审计日志": "View the audit trail",
    "您的账号还没有任何角色。请联系管理员为您分配辖区和角色。": "Your account has no role yet. Ask an administrator to assign you a region and a role.",
    "维护公开信息": "Edit public information",
    "这些内容会显示在本村的公开页面和查询机上。每次修改都会记入审计日志。": "This appears on the village's public page and kiosk. Every change is recorded in the audit trail.",
    "保存": "Save",
    "查看公开页面": "View the public page",
    "本辖区审计日志": "Audit trail of this region",
    "公开信息": "Public information",
    "简介": "About",
    "村委会地址": "Village committee address",
    "办公时间": "Office hours",
    "公开栏位置": "Notice board location",
    "下级": "Below",
    "位置": "Location",
    "在这里查看%(name)s每个村(社区)的权力运行、工程项目、财务收支、资产资源和办事结果。选择您所在的乡镇(街道)。": "See how power is used in every village of %(name)s: projects, income and spending, assets and "
    "service results. Choose your township.",
    "个乡镇(街道)": "townships",
    "个村(社区)": "villages",
    "个村民小组": "villager groups",
    "村(社区)": "Villages",
    "下级区划": "Subdivisions",
    "暂无下级区划数据。": "No subdivisions yet.",
    "还没有区划数据": "No regions yet",
    "运维人员可以运行 xiaowei demo 载入演示数据，或运行 xiaowei regions import 文件.csv 导入本县的区划。": "An operator can run `xiaowei demo` to load the demo, or `xiaowei regions import FILE.csv` to load "
    "the county's regions.",
    "村(社区)概况": "About the village",
    "本村尚未填写简介。": "The village has not written its introduction yet.",
    "村务公开栏": "Notice board",
    "村民小组": "Villager groups",
    "%(village)s的村民小组。": "A villager group of %(village)s.",
    "返回本村": "Back to the village",
    "用户与角色": "Users and roles",
    "在您辖区内的任职": "Roles within your regions",
    "撤销": "Revoke",
    "授予角色": "Grant a role",
    "授予": "Grant",
    "用户名": "Username",
    "姓名": "Name",
    "角色与辖区": "Roles and regions",
    "停用": "disabled",
    "辖区内还没有用户。": "No users in your regions yet.",
    "新建用户": "New user",
    "创建": "Create",
    # Power list, matters, disclosure and transparency log
    "权力清单": "Power list",
    "公开内容": "Published records",
    "更正": "Correction",
    "一致": "Consistent",
    "不一致": "Inconsistent",
    "与透明日志检查点（长度 %(n)s）核对": "Checked against the transparency log checkpoint (size %(n)s)",
    "本记录更正了": "This record corrects",
    "原记录仍然公开。": "the original record remains public.",
    "本记录已被更正：": "This record has been corrected by: ",
    "内容": "Description",
    "金额": "Amount",
    "备注": "Notes",
    "公开时间": "Published at",
    "期间": "Period",
    "公示截止": "Public notice ends",
    "日志序号": "Log index",
    "内容摘要": "Content digest",
    "核验过程": "Verification steps",
    "技术细节（供任何人独立核验）": "Technical details (so anyone can verify independently)",
    "叶子数据（base64）": "Leaf data (base64)",
    "包含证明（RFC 9162，base64）": "Inclusion proof (RFC 9162, base64)",
    "检查点": "Checkpoint",
    "公钥": "Public key",
    "公开栏核验": "Notice board verification",
    "一致：公开栏内容与网上公开、透明日志完全一致": "Consistent: the notice board matches the records published online and the transparency log exactly",
    "不一致：请联系乡镇纪委": "Inconsistent: please contact the township discipline commission",
    "按公开单上印的检查点（长度 %(n)s）核对，并核对此后日志只增未改。": "Checked against the checkpoint printed on the board sheet (size %(n)s), and checked that since then the log has only grown and nothing was changed.",
    "该期没有公开内容。": "Nothing was published in this period.",
    "这里的每一条公开内容都记入透明日志，不能修改或删除；更正会作为新记录公开，原记录仍然可见。张贴在村务公开栏的每张公开单都可扫码核验与网上一致。": "Every record published here is entered in the transparency log and cannot be changed or deleted; a correction is published as a new record and the original stays visible. "
    "Every sheet posted on the village notice board has a QR code you can scan to check that it matches what is online.",
    "按月份": "By month",
    "月份": "Month",
    "公开栏": "Notice board",
    "开放数据": "Open data",
    "打印版": "Printable version",
    "核验": "Verify",
    "尚无公开内容。": "Nothing published yet.",
    "最近公开": "Recently published",
    "尚无。": "None yet.",
    "开放数据目录（DCAT）": "Open data catalogue (DCAT)",
    "透明日志检查点": "Transparency log checkpoint",
    "暂时无法生成": "Cannot be generated right now",
    "维护权力清单": "Edit the power list",
    "修改任何事项都会生成新版本并公开修改说明；正在办理的事项继续按原版本办理。": "Every change to an item creates a new version and publishes a note explaining the change; "
    "matters already in progress continue under the version they started with.",
    "第 %(n)s 版": "Version %(n)s",
    "特色清单": "Township's own list",
    "没有您可以维护的事项。": "There are no items you can edit.",
    "增设乡镇特色清单": "Add to a township's own list",
    "增设特色清单": "Add to the township's own list",
    "修订": "Revise",
    "当前第 %(n)s 版": "Currently version %(n)s",
    "增设特色清单事项": "Add an item to the township's own list",
    "事项编号须以 L 开头；只适用于本乡镇(街道)的村(社区)。": "The item code must start with L; the item applies only to the villages of this township.",
    "格式与内置清单文件 catalog.yaml 相同。可用的角色、会议类型和材料类型见该文件开头的说明。": "The format is the same as the built-in list file catalog.yaml. "
    "The roles, meeting types and document types you can use are explained at the top of that file.",
    "保存为新版本": "Save as a new version",
    "材料": "Documents",
    "证明材料": "Evidence files",
    "标题": "Title",
    "类型": "Type",
    "上传": "Upload",
    "尚无材料。": "No documents yet.",
    "上传材料": "Upload a document",
    "公开": "Publish",
    "村务、财务公开": "Village affairs and finance disclosure",
    "起草 → 村务监督委员会审核签署 → 公开（记入透明日志，不能修改或删除；更正作为新记录公开）。事项的公开随事项流程自动完成。": "Draft → reviewed and signed by the village supervision committee → published (entered in the transparency log; "
    "it cannot be changed or deleted, and corrections are published as new records). Matters are published automatically as they go through their steps.",
    "查看已公开内容": "See published records",
    "草稿": "Draft",
    "状态": "Status",
    "条": "lines",
    "提交审核意见": "Submit the review",
    "已公开": "Published",
    "发布更正": "Publish a correction",
    "尚无草稿。": "No drafts yet.",
    "起草公开内容": "Draft a record to publish",
    "保存草稿": "Save draft",
    "辖区内的事项": "Matters in your regions",
    "超期事项": "Overdue matters",
    "公开督查（超期未公开）": "Disclosure schedule (overdue, not yet published)",
    "事项": "Matters",
    "权力事项": "Power list item",
    "流程图": "Flowchart",
    "事项要素": "Matter details",
    "开始日期": "Start date",
    "公开页面": "Public page",
    "查看": "View",
    "流程": "Steps",
    "当前": "current",
    "下一步": "Next step",
    "期限": "Deadline",
    "已超期": "Overdue",
    "这一步需要": "This step needs",
    "由": "Recorded by",
    "记录": "in the system",
    "的会议记录，且人数与表决符合规则": " minutes, with attendance and votes that meet the rules",
    "涉及集体财产时须三分之二同意": "two-thirds must agree when collective property is involved",
    "登记会议": "Record a meeting",
    "引用村民(代表)会议年度决议或议事会授权": "Cite an annual resolution of the villagers' (representatives') meeting or an authorisation of the villagers' council",
    "公示不少于 %(n)s 天（公示期满后才能进行下一步）": "Public notice for at least %(n)s days (the next step can start only after the notice period ends)",
    "签署": "Sign",
    "适用条件": "Condition",
    "以%(label)s身份签署": "Sign as %(label)s",
    "记录“%(name)s”": "Record “%(name)s”",
    "这一步不由您的角色记录。": "Your role does not record this step.",
    "已记录的步骤": "Recorded steps",
    "会议": "Meeting",
    "应到 %(e)s，实到 %(p)s，赞成 %(y)s": "%(e)s expected, %(p)s present, %(y)s in favour",
    "引用决议": "Resolution cited",
    "公示期": "Public notice period",
    "结果": "Result",
    "批准": "Approved",
    "不予批准": "Not approved",
    "签署意见": "Sign-offs",
    "同意": "Agree",
    "不同意": "Disagree",
    "撤回事项": "Withdraw this matter",
    "撤回": "Withdraw",
    "发起事项": "Start a matter",
    "选择要行使的权力。每项权力都按它的流程图办理，不能跳步。": "Choose the power to exercise. Each power follows its flowchart, and no step can be skipped.",
    "填写事项要素。系统按要素（例如金额）选择适用的流程图：": "Fill in the matter details. The system uses them (for example the amount) to choose the flowchart that applies:",
    "适用于": "Applies when",
    "发起": "Start",
    "区划代码": "Region code",
    "全部": "All",
    "只看超期": "Overdue only",
    "开始": "Started",
    "下一步期限": "Next step due",
    "没有事项。": "No matters.",
    "会议与表决": "Meetings and votes",
    "是否通过由系统按本县规定的法定人数和表决规则判定（例如村民代表会议须三分之二以上代表到会，赞成票超过到会人数的一半）。": "The system decides whether a meeting passed, using the county's quorum and voting rules "
    "(for example, at a villagers' representative meeting at least two-thirds of the representatives must attend, and more than half of those present must vote in favour).",
    "日期": "Date",
    "人数": "Attendance",
    "表决": "Votes",
    "通过": "Passed",
    "未通过": "Not passed",
    "决议": "Resolution",
    "登记为年度决议/授权": "Record as an annual resolution / authorisation",
    "登记": "Record",
    "尚无会议记录。": "No meetings recorded yet.",
    "印章管理": "Seals",
    "本村权力清单": "This village's power list",
    "公开督查": "Disclosure schedule",
    "%(n)s 项": "Items: %(n)s",
    "超期未公开": "Overdue, not published",
    "待公开": "Pending",
    "应公开": "Must be published",
    "超期": "Overdue",
    "没有符合条件的项目。": "No matching items.",
    "审批人与保管人不能是同一人；贷款、对外合同、担保用印须先经村民(代表)会议决定；禁止在空白文件上盖章。": "The approver and the keeper must not be the same person; using the seal for loans, contracts with outside parties "
    "or guarantees must first be decided by a villagers' (representatives') meeting; never stamp a blank document.",
    "印章": "Seal",
    "保管人": "Keeper",
    "尚未登记印章。": "No seals registered yet.",
    "登记印章": "Register a seal",
    "用印记录": "Seal use log",
    "用途": "Purpose",
    "事由与文件": "Reason and document",
    "审批人": "Approver",
    "尚无用印记录。": "No seal use recorded yet.",
    "登记用印": "Record a seal use",
    "执行": "Carried out by",
    "须引用村民(代表)会议年度决议或议事会授权": "Must cite an annual resolution of the villagers' (representatives') meeting or an authorisation of the villagers' council",
    "公示不少于 %(n)s 天": "Public notice for at least %(n)s days",
    "时限：上一步完成后 %(n)s 天内": "Time limit: within %(n)s days after the previous step",
    "打印": "Print",
    "办结日期": "Completion date",
    "公开记录": "Public record",
    "公示期 %(a)s 至 %(b)s": "public notice from %(a)s to %(b)s",
    "本事项尚无公开的步骤。": "No steps of this matter have been published yet.",
    "办理进度": "Progress",
    "第 %(n)s 版，%(d)s 起施行": "Version %(n)s, in force from %(d)s",
    "这是历史版本。": "This is an old version.",
    "查看现行版本": "See the current version",
    "执行主体": "Executing body",
    "监督主体": "Supervising body",
    "法律依据": "Legal basis",
    "政策文件": "Policy documents",
    "风险点": "Risk points",
    "流程图详情与打印": "Flowchart details and printing",
    "的近期事项": ": recent matters",
    "近期事项": "Recent matters",
    "暂无事项。": "No matters yet.",
    "版本记录": "Version history",
    "第 %(n)s 版（%(d)s 起）": "Version %(n)s (from %(d)s)",
    "第 %(n)s 版相对第 %(p)s 版的变化": "Changes in version %(n)s compared with version %(p)s",
    "内容无实质变化。": "No substantive changes.",
    "村级小微权力清单": "Village micro-power list",
    "项": "items",
    "乡镇特色清单": "Township's own list",
    "幅流程图": "flowchart(s)",
    "权力运行": "How power is used",
    "本村适用的权力清单与流程图": "The power list and flowcharts that apply to this village",
    "公开内容、公开栏与开放数据": "Published records, notice board and open data",
    "本村暂无事项记录。": "No matters recorded for this village yet.",
    "工程项目": "Village projects",
    "资产资源": "Collective assets and resources",
    "提交": "Submit",
    "当前处置": "Current disposal",
    "底价": "Reserve price",
    "合同": "Contract",
    "您的角色对本资产当前没有可办理的操作。": "There is nothing your role can do with this asset at the moment.",
    "登记资产资源": "Register an asset or resource",
    "账面价值（元）": "Book value (yuan)",
    "尚无资产。": "No assets yet.",
    "待我签字的“4+X”事项": "Awaiting my “4+X” sign-off",
    "当前阶段": "Current stage",
    "预算": "Budget",
    "评审": "reviewed cost",
    "采购方式": "Procurement method",
    "中标": "Winning bidder",
    "已付": "Paid",
    "“%(next_name)s”还不能开始：": "“%(next_name)s” cannot start yet:",
    "您的角色在本项目当前阶段没有可办理的操作。": "There is nothing your role can do at this project's current stage.",
    "“4+X”签字": "“4+X” sign-offs",
    "立项登记": "Record a project approval",
    "先在“会议与表决”中登记立项决议；5万元以上须经村民（代表）会议（四议两公开）。": "First record the approving resolution under “Meetings and votes”; "
    "a project over 50,000 yuan must be decided by a villagers' (representatives') meeting (four deliberations, two disclosures).",
    "立项并公开": "Approve and publish",
    "阶段": "Stage",
    "预算（元）": "Budget (yuan)",
    "已付（元）": "Paid (yuan)",
    "尚无项目。": "No projects yet.",
    "待签字": "Awaiting sign-off",
    "下列项目已进行到需要您所在部门签字的阶段。未签字，项目不能进入下一阶段。": "These projects have reached a stage that your department must sign off. "
    "Until it does, a project cannot move on to the next stage.",
    "待签部门": "Still to sign",
    "开放合同数据（OCDS）": "Open contracting data (OCDS)",
    "扫码查看本资产": "Scan to see this asset",
    "坐落": "Location",
    "面积/数量": "Area / quantity",
    "账面价值": "Book value",
    "取得日期": "Acquired on",
    "承租/承包方": "Lessee / contractor",
    "年租金（价款）": "Annual rent (price)",
    "已到期应收": "Due so far",
    "已收": "Received",
    "欠缴": "Arrears",
    "收款计划与收款记录": "Payment schedule and receipts",
    "应收日期": "Due date",
    "应收（元）": "Due (yuan)",
    "尚无收款。": "No payments received yet.",
    "处置": "Disposals",
    "赞成": "in favour",
    "年": "years",
    "天": "days",
    "开放合同数据": "Open contracting data",
    "尚无处置记录。": "No disposals recorded yet.",
    "公开记录（透明日志）": "Public record (transparency log)",
    "村集体的资源性、经营性和非经营性资产，及其出租、发包、出让的全过程。": "The village collective's natural resources, operating and non-operating assets, "
    "and every step of leasing them, contracting them out or transferring them.",
    "账面价值（万元）": "Book value (10,000 yuan)",
    "扫码查看本项目全过程": "Scan to follow this project from start to finish",
    "建设地点": "Site",
    "造价评审": "Cost review",
    "金额档次要求": "Required for this amount",
    "中标（成交）": "Awarded to",
    "变更": "variation",
    "形象进度": "Progress on site",
    "验收": "Acceptance",
    "合格": "Passed",
    "不合格，整改中": "Failed; being put right",
    "结算审计": "Final account and audit",
    "立项决议": "Approving resolution",
    "实到": "present",
    "阶段与“4+X”联合监管": "Stages and “4+X” joint supervision",
    "进行中": "in progress",
    "未签": "not signed yet",
    "报价": "Bids",
    "单位": "Bidder",
    "报价（元）": "Bid (yuan)",
    "有效": "Valid",
    "无效": "Invalid",
    "施工记录": "Construction log",
    "付款": "Payments",
    "金额（元）": "Amount (yuan)",
    "凭证号": "Voucher no.",
    "说明": "Note",
    "村级工程项目和物资、服务采购，从立项到付清的每个阶段、每项要素都在这里公开，并记入透明日志。": "Village projects and purchases of goods and services: every stage from approval "
    "to final payment, and every detail of each, is published here and entered in the transparency log.",
    "年度": "Year",
    "项目类型": "Project type",
    "金额（元）从": "Amount (yuan) from",
    "到": "to",
    "预算（万元）": "Budget (10,000 yuan)",
    "中标单位": "Winning bidder",
    "已付（万元）": "Paid (10,000 yuan)",
    "元": "yuan",
    "项目": "Project",
    "没有待签字的项目。": "No projects are awaiting sign-off.",
    "应到": "expected",
    "公告": "Notice",
    "起": "for",
    "成交": "Awarded to",
    "没有符合条件的资产。": "No matching assets.",
    "截止": "Bids close",
    "工期": "Construction period",
    # Plural entries ({% blocktranslate count %}): msgid → (singular, plural).
    "共 %(n)s 项": ("%(n)s item", "%(n)s items"),
    "共 %(n)s 个项目": ("%(n)s project", "%(n)s projects"),
    "村级每一项权力都列在这里：政策依据、谁来执行、谁来监督、按什么流程办。共 %(n)s 幅流程图。": (
        "Every village-level power is listed here: its legal and policy basis, who carries it out, who supervises it "
        "and the process to follow. There is %(n)s flowchart in all.",
        "Every village-level power is listed here: its legal and policy basis, who carries it out, who supervises it "
        "and the process to follow. There are %(n)s flowcharts in all.",
    ),
}

_STR = r'(?:"(?:[^"\\]|\\.)*"\s*)+'
_BLOCK = re.compile(rf'msgid ({_STR})msgstr ""\n(?=\n|$)')
_PLURAL = re.compile(rf'msgid ({_STR})msgid_plural ({_STR})msgstr\[0\] ""\nmsgstr\[1\] ""\n(?=\n|$)')


def _unquote(chunk: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', chunk))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unfuzz(entry: str) -> str:
    """makemessages marks new strings that look like old ones fuzzy, with the old translation as a guess.
    The guess is wrong more often than not, and msgfmt skips fuzzy entries anyway: empty it, so the table fills it."""
    if not re.search(r"^#,.*\bfuzzy\b", entry, re.M) or re.search(r'^msgid ""\n(?!")', entry, re.M):
        return entry  # not fuzzy, or the header
    lines = []
    for line in entry.split("\n"):
        if line.startswith("#|"):
            continue
        if line.startswith("#,"):
            flags = [f for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#," + ",".join(flags)
        lines.append(line)
    entry = "\n".join(lines)
    return re.sub(
        r'^(msgstr(?:\[\d+\])?) "(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*', r'\1 ""', entry, flags=re.M
    )


def main(path: Path) -> int:
    text = "\n\n".join(_unfuzz(entry) for entry in path.read_text(encoding="utf-8").split("\n\n"))
    missing: list[str] = []

    def fill(m: re.Match[str]) -> str:
        msgid = _unquote(m.group(1))
        if not msgid:
            return m.group(0)
        english = EN.get(msgid)
        if not isinstance(english, str):
            missing.append(msgid)
            return m.group(0)
        return f"msgid {m.group(1)}msgstr {_quote(english)}\n"

    def fill_plural(m: re.Match[str]) -> str:
        msgid = _unquote(m.group(1))
        english = EN.get(msgid)
        if not isinstance(english, tuple):
            missing.append(msgid)
            return m.group(0)
        one, other = english
        return (
            f"msgid {m.group(1)}msgid_plural {m.group(2)}msgstr[0] {_quote(one)}\nmsgstr[1] {_quote(other)}\n"
        )

    path.write_text(_PLURAL.sub(fill_plural, _BLOCK.sub(fill, text)), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
