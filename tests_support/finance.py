"""Test helpers for the ledger: a driver that takes vouchers through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests_support.matters import World
from xiaowei.finance import services
from xiaowei.finance.models import Voucher
from xiaowei.matters.services import do_upload_document

MARCH = dt.date(2026, 3, 5)


def line(subject: str, debit: int = 0, credit: int = 0, summary: str = "") -> dict[str, Any]:
    return {"subject": subject, "debit_fen": debit, "credit_fen": credit, "summary": summary}


def draft(w: World, kind: str = "payment", amount: int = 120_000, **changes: Any) -> Voucher:
    """A well-formed voucher: by default 办公用品 paid by bank transfer."""
    lines = {
        "payment": [line("541002", debit=amount), line("102", credit=amount)],
        "receipt": [line("102", debit=amount), line("501003", credit=amount)],
        "transfer": [line("541001", debit=amount), line("211", credit=amount)],
    }[kind]
    values: dict[str, Any] = {
        "kind": kind,
        "made_on": MARCH,
        "summary": {"payment": "购买办公用品", "receipt": "收鱼塘租金", "transfer": "计提干部报酬"}[kind],
        "lines": lines,
        "handler": "李会计",
        "witness": "王监委" if kind == "payment" else "",
        "payee": {"payment": "涟源市文具店", "receipt": "刘某某", "transfer": ""}[kind],
        "pay_method": "bank" if kind == "payment" else "",
        "actor": w.accountant,
    }
    values.update(changes)
    return services.do_draft_voucher(w.village, **values)


def invoice(w: World, voucher: Voucher, *, public: bool = True) -> None:
    upload = SimpleUploadedFile(
        "fapiao.pdf", b"%PDF-1.4 invoice " + str(voucher.pk).encode(), content_type="application/pdf"
    )
    doc = do_upload_document(w.village, kind="invoice", title="发票", upload=upload, actor=w.accountant)
    services.do_attach_to_voucher(voucher, document_id=doc.pk, public=public, actor=w.accountant)


def book(w: World, voucher: Voucher, *, approvers: tuple[Any, ...] = ()) -> Voucher:
    """Sign, approve and book (a bank payment with its transfer reference)."""
    if voucher.kind == "payment" and not voucher.attachments.exists():
        invoice(w, voucher)
    services.do_sign_voucher(voucher, actor=w.committee)
    by_role = {"village_cadre": w.cadre, "township_agency": w.agency, "township_finance": w.finance}
    for user in approvers or tuple(by_role[r] for r in voucher.required_approvers):
        services.do_approve_voucher(voucher, actor=user)
    voucher.refresh_from_db()
    bank = voucher.kind == "payment" and voucher.pay_method == "bank"
    return services.do_book_voucher(
        voucher,
        bank_ref="95588" + str(voucher.pk).zfill(8) if bank else "",
        paid_on=voucher.made_on if bank else None,
        actor=w.agency,
    )
