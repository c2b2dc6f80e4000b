"""The organisations of a contracting process as OCDS parties: the village (its committee, addressed by the
region tree above it) and a registered contractor. Shared by the project and disposal adapters."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from xiaowei.procurement import ocds

if TYPE_CHECKING:
    from xiaowei.procurement.models import Contractor
    from xiaowei.regions.models import Region


@cache  # cleared whenever a region is saved (receiver below): names change rarely, releases are many
def _address(code: str) -> str:
    from xiaowei.regions.models import Region

    region = Region.objects.get(code=code)
    return "".join(r.name for r in region.ancestors()[1:])  # the province first, the village's township last


@receiver(post_save, sender="regions.Region")
def _forget_addresses(**kwargs: Any) -> None:
    _address.cache_clear()


def village_party(region: Region) -> ocds.Party:
    return ocds.Party(
        id=f"{ocds.VILLAGE_SCHEME}-{region.code}",
        name=f"{region.name}村民委员会" if not region.name.endswith(("委员会", "社区")) else region.name,
        roles=("buyer", "procuringEntity", "payer"),
        address_region=_address(region.code),
        village_code=region.code,
    )


def contractor_party(c: Contractor, roles: tuple[str, ...]) -> ocds.Party:
    return ocds.Party(id=f"{ocds.USCI_SCHEME}-{c.uscc}", name=c.name, roles=roles, uscc=c.uscc)
