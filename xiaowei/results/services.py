"""From service matters to 办事结果: an approved outcome of a 便民服务 matter becomes a public result,
indexed for search and published to the log in its masked form (the same form as imported results)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from xiaowei.audit.log import record
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import publish
from xiaowei.lib.pii import id_hash
from xiaowei.matters.models import MatterOutcome
from xiaowei.regions.models import Region
from xiaowei.results.models import ServiceResult
from xiaowei.results.present import categories_for, public_result
from xiaowei.search.index import index_many

if TYPE_CHECKING:
    from xiaowei.accounts.models import User


@transaction.atomic(durable=True)
def do_record_outcome(outcome: MatterOutcome, *, actor: User | None = None) -> ServiceResult | None:
    """The hand-off (on `matters.signals.outcome_decided`). Idempotent: a second call for the same
    outcome returns the result already made. A refusal, or an item without a result category, makes no
    public result (the matter's own timeline shows it)."""
    outcome = MatterOutcome.objects.select_related("matter__item_version", "region").get(pk=outcome.pk)
    if not outcome.approved or not outcome.category:
        return None
    existing = ServiceResult.objects.filter(matter_outcome=outcome).first()
    if existing is not None:
        return existing
    matter = outcome.matter
    result = ServiceResult.objects.create(
        region_id=outcome.region_id,
        category=outcome.category,
        person_name=outcome.person_name,
        id_hash=outcome.id_hash,
        id_masked=outcome.id_masked,
        household_size=outcome.household_size,
        amount_fen=outcome.amount_fen or 0,
        period=f"{outcome.decided_on.year}-{outcome.decided_on.month:02d}",
        basis=f"{matter.item.name}（事项 {matter.pk}）"[:200],
        approved_on=outcome.decided_on,
        matter_outcome=outcome,
    )
    village = outcome.region
    categories = {c.code: c for c in categories_for(village.code)}
    public = public_result(result, categories, {village.code: village.name})
    index_many(
        "result", [(result.pk, village.code, [public["name"], public["category_name"], public["group"]])]
    )
    body: dict[str, Any] = {
        "type": "service_result",
        "region": {"code": village.code, "name": village.name},
        "matter": matter.pk,
        "result": public,
    }
    publish(
        region=village,
        kind=Publication.Kind.SERVICE_RESULT,
        title=f"{village.name}办事结果公示：{public['category_name']} {public['name']}",
        body=body,
        actor=actor,
        period=result.period,
        subject=("results.result", str(result.pk)),
    )
    record(
        "results.result.recorded",
        actor=actor,
        obj=result,
        region_code=village.code,
        after={"matter": matter.pk, "category": result.category, "id_number": result.id_masked},
    )
    return result


def do_record_pending_outcomes(*, actor: User | None = None) -> int:
    """Hand over every approved outcome that has no result yet (after a hand-off failed and was logged,
    or for outcomes decided before this hand-off existed). Each outcome is its own transaction, so one
    bad outcome does not hold back the others; it is reported by the caller's log and tried again next run."""
    pending = (
        MatterOutcome.objects.filter(approved=True, result__isnull=True)
        .exclude(category="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for pk in list(pending):
        if do_record_outcome(MatterOutcome(pk=pk), actor=actor) is not None:
            done += 1
    return done


@transaction.atomic(durable=True)
def do_look_up_own_results(name: str, id_number: str, *, client: str) -> list[dict[str, Any]]:
    """A villager's own results by name and full identity number (checked by the caller), newest first, at
    most 200: each in its public form, but with the name in full (it is shown to its owner). Audited
    with how many were found and the client's address, never the number."""
    rows = list(
        ServiceResult.objects.of_person(name, id_hash(id_number)).order_by("-approved_on", "-id")[:200]
    )
    categories = {c.code: c for c in categories_for(settings.XIAOWEI_HOME_REGION)}
    names = dict(Region.objects.filter(code__in={r.region_id for r in rows}).values_list("code", "name"))
    found = []
    for row in rows:
        item = public_result(row, categories, names)
        item["name"] = row.person_name
        found.append(item)
    record("results.lookup", actor=None, after={"found": len(found), "client": client})
    return found
