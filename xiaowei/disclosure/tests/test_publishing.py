"""Publishing through the services: drafts signed by the 村务监督委员会, the log, corrections, immutability,
matter steps, and `xiaowei log verify` catching tampering."""

from __future__ import annotations

import base64
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client

from tests_support.disclosure import publish
from tests_support.matters import DAY, World
from xiaowei.disclosure import merkle, note
from xiaowei.disclosure.models import Checkpoint, ImmutableError, Publication
from xiaowei.disclosure.services import do_create_draft, do_publish_draft, do_review_draft, leaf_bytes
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.matters import services as matter_services

pytestmark = pytest.mark.django_db


def test_a_draft_needs_the_committee_before_it_is_published(world: World) -> None:
    w = world
    draft = do_create_draft(
        w.village,
        kind="village_affairs",
        title="季度公开",
        period="2026Q1",
        lines=[{"text": "一条"}],
        actor=w.cadre,
    )
    with pytest.raises(ServiceError, match="须经村务监督委员会审核签署"):
        do_publish_draft(draft, actor=w.cadre)
    with pytest.raises(ServiceError, match="只有本村村务监督委员会"):
        do_review_draft(draft, agreed=True, opinion="", actor=w.cadre)
    with pytest.raises(InvalidInput, match="退回时请写明意见"):
        do_review_draft(draft, agreed=False, opinion="", actor=w.committee)
    do_review_draft(draft, agreed=True, opinion="同意", actor=w.committee)
    pub = do_publish_draft(draft, actor=w.cadre)
    assert pub.signed_by == w.committee and pub.leaf_index == 0
    assert Checkpoint.objects.get().size == 1
    with pytest.raises(InvalidInput, match="期间"):
        do_create_draft(
            w.village,
            kind="village_affairs",
            title="x",
            period="2026年",
            lines=[{"text": "a"}],
            actor=w.cadre,
        )


def test_corrections_are_new_publications_and_both_stay_visible(world: World) -> None:
    w = world
    original = publish(w)
    with pytest.raises(InvalidInput, match="更正原因"):
        do_create_draft(
            w.village,
            kind="village_affairs",
            title="更正",
            period="2026Q1",
            lines=[{"text": "x"}],
            corrects=original,
            actor=w.cadre,
        )
    fixed = publish(
        w,
        "更正：2026 年第一季度村务公开",
        [{"text": "通组道路预算应为 168,000.00 元"}],
        corrects=original,
        correction_reason="预算金额笔误",
    )
    assert fixed.corrects == original and fixed.leaf_index == 1
    page = Client().get(f"/verify/p/{original.pk}/").content.decode()
    assert "本记录已被更正" in page and "一致" in page
    assert "预算金额笔误" in Client().get(f"/verify/p/{fixed.pk}/").content.decode()
    listing = Client().get(f"/r/{w.village.code}/disclosure/").content.decode()
    assert "【更正】" in listing and original.title in listing


def test_published_records_cannot_change_through_any_path(world: World) -> None:
    pub = publish(world)
    pub.title = "改过的标题"
    with pytest.raises(ImmutableError):
        pub.save()
    with pytest.raises(ImmutableError):
        pub.delete()
    with pytest.raises(ImmutableError):
        Publication.objects.filter(pk=pub.pk).update(title="x")
    for sql in (
        "UPDATE disclosure_publication SET title = 'x'",
        "DELETE FROM disclosure_publication",
        "UPDATE disclosure_lognode SET hash = hash",
        "DELETE FROM disclosure_checkpoint",
    ):
        with (
            pytest.raises((IntegrityError, DatabaseError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert Publication.objects.get(pk=pub.pk).title == "2026 年第一季度村务公开"


def test_a_publishing_step_of_a_matter_is_published_in_the_same_transaction(world: World) -> None:
    w = world
    m = w.small_project()
    assert not Publication.objects.exists()
    matter_services.do_sign_step(
        m, "publish_decision", role="village_committee", agreed=True, opinion="", actor=w.committee
    )
    step = matter_services.do_record_step(
        m,
        "publish_decision",
        occurred_on=DAY,
        actor=w.cadre,
        documents=[w.doc("notice")],
        publicity=(DAY, DAY + dt.timedelta(days=6)),
    )
    pub = Publication.objects.get()
    assert pub.subject_type == "matters.matterstep" and pub.subject_id == str(step.pk)
    assert pub.signed_by == w.committee and pub.period == "2026-04"
    assert pub.display_until == DAY + dt.timedelta(days=6)
    board = Client().get(f"/r/{w.village.code}/board/2026-04/").content.decode()
    assert "决议公开" in board


def test_log_verify_passes_and_catches_a_tampered_publication(world: World) -> None:
    first, second = publish(world), publish(world, "2026 年第二季度村务公开", period="2026Q2")
    out = StringIO()
    call_command("log", "verify", stdout=out)
    assert "日志一致：2 条公开记录，2 个检查点" in out.getvalue()
    # An attacker with database access drops the protection and edits a published record.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER disclosure_publication_no_update")
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")  # a superuser skips triggers
        cursor.execute(
            "UPDATE disclosure_publication SET content = REPLACE(content, '186,000.00', '86,000.00') "
            "WHERE id = %s",
            [first.pk],
        )
    with pytest.raises(CommandError) as caught:
        call_command("log", "verify", stdout=StringIO(), stderr=StringIO())
    assert f"不一致的公开记录：{first.pk}" in str(caught.value)
    assert str(second.pk) not in str(caught.value).split("：")[-1]
    page = Client().get(f"/verify/p/{first.pk}/").content.decode()
    assert "不一致" in page


def test_transparency_endpoints_serve_verifiable_proofs(world: World) -> None:
    pubs = [publish(world, f"公开 {i}", period="2026Q1") for i in range(7)]
    c = Client()
    key = note.Verifier.from_text(c.get("/transparency/v1/key").content.decode().strip())
    text, signers = note.open_note(c.get("/transparency/v1/checkpoint").content.decode(), [key])
    _origin, size, root = note.parse_checkpoint(text)
    assert size == 7 and signers
    leaves = c.get("/transparency/v1/leaves?start=0&end=7").json()["leaves"]
    assert [leaf["publication"] for leaf in leaves] == [p.pk for p in pubs]
    data = [base64.b64decode(leaf["data"]) for leaf in leaves]
    assert data[3] == leaf_bytes(pubs[3])
    for index in range(7):
        proof = c.get(f"/transparency/v1/proof/inclusion?index={index}&size=7").json()
        hashes = [base64.b64decode(h) for h in proof["hashes"]]
        assert merkle.verify_inclusion(merkle.leaf_hash(data[index]), index, 7, hashes, root)
    for first in range(1, 7):
        proof = c.get(f"/transparency/v1/proof/consistency?first={first}&second=7").json()
        old_root = bytes(Checkpoint.objects.get(size=first).root)
        assert merkle.verify_consistency(
            first, 7, old_root, root, [base64.b64decode(h) for h in proof["hashes"]]
        )
    for bad in (
        "/transparency/v1/leaves?start=5&end=3",
        "/transparency/v1/leaves?start=a&end=3",
        "/transparency/v1/proof/inclusion?index=7&size=7",
        "/transparency/v1/proof/consistency?first=0&second=3",
        "/transparency/v1/proof/consistency?first=3&second=99",
    ):
        r = c.get(bad)
        assert r.status_code == 400 and "message" in r.json(), bad


def test_witnesses_cosign_and_the_checkpoint_carries_it(world: World, tmp_path) -> None:
    publish(world)
    key_file = tmp_path / "witness.key"
    call_command(
        "log",
        "witness",
        "keygen",
        "qth-jiwei",
        "--region",
        "431382105",
        "--out",
        str(key_file),
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("log", "cosign", "--name", "qth-jiwei", "--key", str(key_file), stdout=out)
    assert "已联署检查点 1" in out.getvalue()
    served = Client().get("/transparency/v1/checkpoint").content.decode()
    line = served.strip().splitlines()[-1]
    witness = note.Signer.from_text(key_file.read_text().strip()).cosignature_verifier()
    assert note.verify_cosignature(served, line, witness) > 0
    publish(world, "第二条", period="2026Q2")
    call_command("log", "cosign", "--name", "qth-jiwei", "--key", str(key_file), stdout=out)
    assert "已联署检查点 2" in out.getvalue()
    with pytest.raises(CommandError, match="未登记"):
        call_command("log", "cosign", "--name", "nobody", "--key", str(key_file))
