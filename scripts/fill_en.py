"""Fill the English catalogue (xiaowei/locale/en/LC_MESSAGES/django.po) from the table below.

Run after `django-admin makemessages -l en` (from xiaowei/), then `msgfmt` compiles the .mo that is
committed (so a fresh machine needs no gettext tools). Untranslated strings fall back to Chinese.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EN = {
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
}

_BLOCK = re.compile(r'msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)msgstr ""\n(?=\n|$)')


def _unquote(chunk: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', chunk))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    missing: list[str] = []

    def fill(m: re.Match[str]) -> str:
        msgid = _unquote(m.group(1))
        if not msgid:
            return m.group(0)
        if msgid not in EN:
            missing.append(msgid)
            return m.group(0)
        return f"msgid {m.group(1)}msgstr {_quote(EN[msgid])}\n"

    path.write_text(_BLOCK.sub(fill, text), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
