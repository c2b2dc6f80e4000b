"""Bulk publishing: log.append_many() and services.publish_many() store exactly what appending and
publishing one by one would (same rows, same log nodes, same roots), with one checkpoint and one audit
event per batch, and their proofs verify."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import transaction

from tests_support.county import TOWN_A, VILLAGE_A, VILLAGE_B
from xiaowei.accounts.models import User
from xiaowei.audit.models import AuditEvent
from xiaowei.disclosure import log, merkle
from xiaowei.disclosure.models import Checkpoint, LogNode, Publication
from xiaowei.disclosure.services import leaf_bytes, publish, publish_many
from xiaowei.disclosure.verification import verify_publication
from xiaowei.lib.errors import InvalidInput
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Role

pytestmark = pytest.mark.django_db

SIZES = [1, 7, 8, 9, 33]


class _Rollback(Exception):
    pass


@pytest.fixture
def cadre(make_user) -> User:
    return make_user(Role.VILLAGE_CADRE)


def item(region: Region, n: int, **kw: Any) -> dict[str, Any]:
    return {
        "region": region,
        "kind": "village_affairs",
        "title": f"  第 {n} 条村务公开  ",
        "body": {
            "type": "village_affairs",
            "n": n,
            "lines": [{"text": f"事项 {n}", "amount": f"{n},000.00"}],
        },
        "period": "2026Q1",
        **kw,
    }


def items(tree: dict[str, Region], count: int, start: int = 0) -> list[dict[str, Any]]:
    regions = [tree[VILLAGE_A], tree[VILLAGE_B]]
    return [item(regions[n % 2], n) for n in range(start, start + count)]


def published(item: dict[str, Any], *, actor: User) -> Publication:
    """publish() in a transaction of its own, as its callers run it."""
    with transaction.atomic():
        return publish(**item, actor=actor)


def bulk(items: list[dict[str, Any]], *, actor: User) -> list[Publication]:
    """publish_many() in a transaction of its own, as its callers run it."""
    with transaction.atomic():
        return publish_many(items, actor=actor)


def stored_nodes() -> dict[int, bytes]:
    return {key: bytes(h) for key, h in LogNode.objects.values_list("key", "hash")}


def assert_log_is_the_one_by_one_log() -> merkle.MemoryTree:
    """The stored log is exactly the tree built by appending every publication's leaf one at a time."""
    leaves = [leaf_bytes(p) for p in Publication.objects.order_by("leaf_index")]
    tree = merkle.MemoryTree(leaves)
    assert stored_nodes() == {log.node_key(level, i): h for (level, i), h in tree.nodes.items()}
    latest = log.latest_checkpoint()
    assert latest is not None and latest.size == tree.size == log.current_size()
    assert bytes(latest.root) == tree.root() == log.root_at(tree.size)
    report = log.verify_all(leaf_bytes)
    assert report.ok, report.problems
    assert report.size == tree.size and report.checkpoints == Checkpoint.objects.count()
    return tree


# --- log.append_many ---------------------------------------------------------------------------------


@pytest.mark.parametrize("before", [0, 1, 5, 8, 13])
@pytest.mark.parametrize("count", SIZES)
def test_append_many_stores_the_nodes_and_root_of_appending_one_by_one(before: int, count: int) -> None:
    for i in range(before):
        log.append(i, f"leaf {i}".encode())
    datas = [f"batch leaf {i}".encode() for i in range(count)]
    with pytest.raises(_Rollback), transaction.atomic():
        for offset, data in enumerate(datas):
            one_by_one = log.append(before + offset, data)
        expected_nodes = stored_nodes()
        expected = (one_by_one.size, bytes(one_by_one.root), one_by_one.note)
        raise _Rollback
    assert log.current_size() == before
    checkpoint = log.append_many(before, datas)
    assert stored_nodes() == expected_nodes
    assert (checkpoint.size, bytes(checkpoint.root), checkpoint.note) == expected
    assert Checkpoint.objects.filter(size__gt=before).count() == 1
    tree = merkle.MemoryTree([f"leaf {i}".encode() for i in range(before)] + datas)
    assert bytes(checkpoint.root) == tree.root() == log.root_at(before + count)


def test_append_many_refuses_an_empty_batch() -> None:
    with pytest.raises(ValueError):
        log.append_many(0, [])
    assert not Checkpoint.objects.exists()


# --- services.publish_many ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", SIZES)
def test_publish_many_builds_the_log_that_publishing_one_by_one_builds(
    tree: dict[str, Region], cadre: User, count: int
) -> None:
    pubs = bulk(items(tree, count), actor=cadre)
    assert [p.leaf_index for p in pubs] == list(range(count))
    assert [p.pk for p in pubs] == list(
        Publication.objects.order_by("leaf_index").values_list("pk", flat=True)
    )
    assert all(leaf_bytes(p) == leaf_bytes(Publication.objects.get(pk=p.pk)) for p in pubs)
    assert_log_is_the_one_by_one_log()
    assert list(Checkpoint.objects.values_list("size", flat=True)) == [count]
    # One audit event for the batch, none per publication.
    assert not AuditEvent.objects.filter(action="disclosure.publication.published").exists()
    event = AuditEvent.objects.get(action="disclosure.publication.bulk_published")
    assert event.actor == cadre and event.object_type == "disclosure.publication"
    assert event.region_code == (VILLAGE_A if count == 1 else "431382")  # both villages: their county
    after = event.after
    assert after is not None and after["count"] == count
    assert (after["first_index"], after["last_index"]) == (0, count - 1)
    assert (after["first_publication"], after["last_publication"]) == (pubs[0].pk, pubs[-1].pk)
    assert after["kinds"] == {"village_affairs": count} and after["checkpoint"] == count


def test_each_row_is_what_publish_stores(tree: dict[str, Region], cadre: User, make_user) -> None:
    committee = make_user(Role.VILLAGE_COMMITTEE)
    original = published(item(tree[VILLAGE_A], 0), actor=cadre)
    extra = {
        "kind": "finance",
        "period": " 2026-03 ",
        "signed_by": committee,
        "subject": ("disclosure.draft", "42"),
        "corrects": original,
        "display_until": dt.date(2026, 4, 30),
    }
    single = published(item(tree[VILLAGE_A], 1, **extra), actor=cadre)
    (batched,) = bulk([item(tree[VILLAGE_A], 1, **extra)], actor=cadre)
    skip = {"id", "leaf_index", "published_at"}
    fields = [f.attname for f in Publication._meta.concrete_fields if f.attname not in skip]
    stored = Publication.objects.get(pk=batched.pk)
    for name in fields:
        assert getattr(stored, name) == getattr(single, name) == getattr(batched, name), name
    assert stored.title == "第 1 条村务公开" and stored.period == "2026-03"
    assert stored.corrects_id == original.pk and stored.signed_by_id == committee.pk
    assert stored.published_at == batched.published_at and stored.published_at.microsecond == 0
    assert stored.leaf_index == 2
    a, b = json.loads(leaf_bytes(single)), json.loads(leaf_bytes(stored))
    for key in ("publication", "published_at"):
        a.pop(key), b.pop(key)
    assert a == b
    assert_log_is_the_one_by_one_log()


@pytest.mark.parametrize("count", SIZES)
def test_publish_many_between_single_publications(tree: dict[str, Region], cadre: User, count: int) -> None:
    before = [published(it, actor=cadre) for it in items(tree, 3)]
    batch = bulk(items(tree, count, start=3), actor=cadre)
    after = [published(it, actor=cadre) for it in items(tree, 2, start=3 + count)]
    second = bulk(items(tree, count, start=5 + count), actor=cadre)
    last = published(item(tree[VILLAGE_B], 99), actor=cadre)
    everything = [*before, *batch, *after, *second, last]
    assert [p.leaf_index for p in everything] == list(range(6 + 2 * count))
    assert_log_is_the_one_by_one_log()
    n = len(everything)
    sizes = [1, 2, 3, 3 + count, 4 + count, 5 + count, 5 + 2 * count, n]
    assert list(Checkpoint.objects.order_by("size").values_list("size", flat=True)) == sizes
    for pub in [*batch, *second]:
        verdict = verify_publication(pub)
        assert verdict.ok, [c for c in verdict.checks if not c.ok]
    assert AuditEvent.objects.filter(action="disclosure.publication.published").count() == 6
    events = AuditEvent.objects.filter(action="disclosure.publication.bulk_published").order_by("pk")
    assert [(e.after["first_index"], e.after["last_index"]) for e in events] == [
        (3, 2 + count),
        (5 + count, 4 + 2 * count),
    ]


def test_proofs_for_leaves_of_a_batch_verify(tree: dict[str, Region], cadre: User) -> None:
    for it in items(tree, 5):
        published(it, actor=cadre)
    batch = bulk(items(tree, 33, start=5), actor=cadre)
    published(item(tree[VILLAGE_A], 38), actor=cadre)
    memory = assert_log_is_the_one_by_one_log()
    size = memory.size
    assert size == 39
    checkpoints = {c.size: bytes(c.root) for c in Checkpoint.objects.all()}
    assert sorted(checkpoints) == [1, 2, 3, 4, 5, 38, 39]
    for pub in batch:
        leaf = merkle.leaf_hash(leaf_bytes(pub))
        for cp_size, root in checkpoints.items():
            if cp_size > pub.leaf_index:
                proof = log.inclusion(pub.leaf_index, cp_size)
                assert proof == memory.inclusion_proof(pub.leaf_index, cp_size)
                assert merkle.verify_inclusion(leaf, pub.leaf_index, cp_size, proof, root)
        # Sizes inside the batch have no checkpoint, but their trees are still proved.
        for inner in range(pub.leaf_index + 1, 38):
            root = log.root_at(inner)
            assert root == memory.root(inner)
            proof = log.inclusion(pub.leaf_index, inner)
            assert merkle.verify_inclusion(leaf, pub.leaf_index, inner, proof, root)
    latest = checkpoints[size]
    for first in range(1, size):
        proof = log.consistency(first, size)
        assert proof == memory.consistency_proof(first, size)
        assert merkle.verify_consistency(first, size, memory.root(first), latest, proof)
    for first, second in [(5, 38), (1, 38), (4, 38), (38, 39), (6, 38), (16, 32), (17, 33), (20, 37)]:
        proof = log.consistency(first, second)
        assert merkle.verify_consistency(first, second, log.root_at(first), log.root_at(second), proof)
    # And what a witness would check: the batch's checkpoint extends the one before it.
    assert merkle.verify_consistency(5, 38, checkpoints[5], checkpoints[38], log.consistency(5, 38))


def test_an_empty_batch_publishes_nothing(tree: dict[str, Region], cadre: User) -> None:
    published(item(tree[VILLAGE_A], 0), actor=cadre)
    counts = [m.objects.count() for m in (Publication, LogNode, Checkpoint, AuditEvent)]
    assert bulk([], actor=cadre) == []
    assert [m.objects.count() for m in (Publication, LogNode, Checkpoint, AuditEvent)] == counts


def test_a_bad_item_refuses_the_whole_batch(tree: dict[str, Region], cadre: User) -> None:
    batch = items(tree, 4)
    batch[1]["kind"] = "gossip"
    batch[3]["period"] = "2026年"
    with pytest.raises(InvalidInput) as caught:
        bulk(batch, actor=cadre)
    assert len(caught.value.errors) == 2
    assert caught.value.errors[0].startswith("第 2 条") and caught.value.errors[1].startswith("第 4 条")
    assert not Publication.objects.exists() and not LogNode.objects.exists()
    assert not Checkpoint.objects.exists()


def test_publish_many_refuses_to_run_outside_a_transaction(tree: dict[str, Region], cadre: User) -> None:
    # (The test's own transaction does not count: see lib.db.in_service_transaction.)
    with pytest.raises(RuntimeError, match="transaction"):
        publish_many(items(tree, 3), actor=cadre)
    with pytest.raises(RuntimeError, match="transaction"):
        publish_many([], actor=cadre)
    assert not Publication.objects.exists()
    assert not Publication.objects.exists() and not Checkpoint.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="disclosure.").exists()


def test_a_batch_in_one_township_is_audited_on_that_township(tree: dict[str, Region], cadre: User) -> None:
    village_a2 = Region.objects.get(code="431382105202")
    bulk([item(tree[VILLAGE_A], 0), item(village_a2, 1)], actor=cadre)
    event = AuditEvent.objects.get(action="disclosure.publication.bulk_published")
    assert event.region_code == TOWN_A
