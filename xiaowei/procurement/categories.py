"""What is bought: works, goods or services (工程/货物/服务). A project has one category and a contractor
registers as one; the codes are OCDS's procurementCategory codes and are stored (Project.category,
Contractor.kind, the keys of a county's "procurement" setting). Plain Python, so projects.rules and
procurement.ocds use it without Django; the models build their choices from it."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    WORKS = "works"
    GOODS = "goods"
    SERVICES = "services"

    @property
    def label(self) -> str:
        return CATEGORIES[self]

    @property
    def contractor_label(self) -> str:
        return CONTRACTOR_KINDS[self]


#: A project's category, by name.
CATEGORIES: dict[str, str] = {Category.WORKS: "工程", Category.GOODS: "货物", Category.SERVICES: "服务"}
#: A contractor's category, as the registry names it (what the contractor does).
CONTRACTOR_KINDS: dict[str, str] = {
    Category.WORKS: "工程施工",
    Category.GOODS: "货物供应",
    Category.SERVICES: "服务",
}
