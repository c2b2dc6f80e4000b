"""Services of the contractor registry. One transaction and one audit event each."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import transaction

from xiaowei.audit.log import record
from xiaowei.lib.errors import InvalidInput
from xiaowei.lib.uscc import check_uscc
from xiaowei.procurement.categories import CONTRACTOR_KINDS
from xiaowei.procurement.models import Contractor
from xiaowei.regions import access
from xiaowei.regions.roles import Perm

if TYPE_CHECKING:
    from xiaowei.accounts.models import User

_PHONE = re.compile(r"^[0-9+\- ]{5,30}$")


@transaction.atomic(durable=True)
def do_register_contractor(
    *,
    uscc: str,
    name: str,
    kind: str,
    legal_person: str,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    region_code: str,
    actor: User,
) -> Contractor:
    """Register a contractor in the county's registry (by the township's 三资/农经 staff or an admin)."""
    access.check_region_code(actor, region_code, perm=Perm.MANAGE_CONTRACTORS)
    errors = []
    try:
        code = check_uscc(uscc)
    except ValueError as e:
        errors.append(str(e))
        code = ""
    if not name.strip():
        errors.append("请填写名称")
    if kind not in CONTRACTOR_KINDS:
        errors.append("类别应为工程施工、货物供应或服务")
    if not legal_person.strip():
        errors.append("请填写法定代表人或负责人")
    if contact_phone.strip() and not _PHONE.match(contact_phone.strip()):
        errors.append("联系电话格式不正确")
    if code and Contractor.objects.filter(uscc=code).exists():
        errors.append(f"统一社会信用代码 {code} 已登记")
    if errors:
        raise InvalidInput("承包商信息有误，未登记", errors)
    contractor = Contractor.objects.create(
        uscc=code,
        name=name.strip()[:200],
        kind=kind,
        legal_person=legal_person.strip()[:50],
        address=address.strip()[:200],
        contact_name=contact_name.strip()[:50],
        contact_phone=contact_phone.strip(),
        registered_by=actor,
    )
    # The phone number stays out of the audit trail's after-values shown to supervisors: not needed there.
    record(
        "projects.contractor.registered",
        actor=actor,
        obj=contractor,
        object_type="projects.contractor",  # as before the model moved to procurement: the log's names stay
        region_code=region_code,
        after={"uscc": code, "name": contractor.name, "kind": kind, "legal_person": contractor.legal_person},
    )
    return contractor
