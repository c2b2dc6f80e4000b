"""The village ledger under 村财民理乡镇监管: subjects, vouchers with their lines, approvals and
attachments, and the monthly close. Money is integer fen. A booked voucher is final: a mistake is put right
by a reversing voucher (红字冲销), never by editing, so the public lines never change under anyone."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaowei.regions.models import Region

USER = settings.AUTH_USER_MODEL


class Subject(models.Model):
    """One accounting subject (会计科目) of the chart in force, loaded from data (finance/data/subjects.yaml
    or a county's own file) by `xiaowei finance subjects`. Never written by users."""

    code = models.CharField("科目编码", max_length=12, primary_key=True)
    name = models.CharField("科目名称", max_length=50)
    cls = models.CharField("类别", max_length=10)
    side = models.CharField("余额方向", max_length=6)

    class Meta:
        verbose_name = "会计科目"
        verbose_name_plural = "会计科目"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Voucher(models.Model):
    """One accounting voucher (记账凭证) of a village: drafted by the 报账员, signed by the 村务监督委员会,
    approved by the roles its amount band needs, then booked or rejected by the township agency
    (村账乡代管). Or imported, already booked, from the agency's own accounting file. Written only by
    finance.services and finance.importer."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "收款凭证"
        PAYMENT = "payment", "付款凭证"
        TRANSFER = "transfer", "转账凭证"

    class Status(models.TextChoices):
        AWAITING_COMMITTEE = "committee", "待监委审核"
        AWAITING_APPROVAL = "approval", "待审批"
        AWAITING_BOOKING = "booking", "待乡镇代理记账"
        BOOKED = "booked", "已记账"
        REJECTED = "rejected", "已退回"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="村(社区)")
    kind = models.CharField("凭证类型", max_length=10, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    made_on = models.DateField("业务日期")
    period = models.CharField("会计期间", max_length=7)  # 2026-03, from made_on
    seq = models.PositiveIntegerField("凭证号", null=True, blank=True)  # per village, period and kind
    summary = models.CharField("摘要", max_length=200)
    amount_fen = models.BigIntegerField("金额（分）")
    handler = models.CharField("经手人", max_length=50, blank=True)
    witness = models.CharField("证明人", max_length=50, blank=True)
    payee = models.CharField("收款/付款单位", max_length=100, blank=True)
    pay_method = models.CharField("结算方式", max_length=6, blank=True)
    bank_ref = models.CharField("银行流水号", max_length=60, blank=True)
    paid_on = models.DateField("付款日期", null=True, blank=True)
    required_approvers = models.JSONField("须审批角色", default=list)
    matter = models.ForeignKey(
        "matters.Matter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lease = models.ForeignKey(
        "assets.Lease", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    committee_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    committee_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rejected_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField("退回原因", max_length=500, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)  # the accountant's file it came from
    source_ref = models.CharField("原凭证号", max_length=30, blank=True)

    class Meta:
        verbose_name = "记账凭证"
        verbose_name_plural = "记账凭证"
        indexes = [
            models.Index(fields=["region", "status", "period"], name="voucher_region_period"),
            models.Index(fields=["status", "region"], name="voucher_status_region"),
            models.Index(fields=["source_sha256"], name="voucher_source"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["region", "period", "kind", "seq"], name="voucher_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    @property
    def number(self) -> str:
        word = {"receipt": "收", "payment": "付", "transfer": "转"}[self.kind]
        return f"{self.period} {word}字第 {self.seq} 号" if self.seq else f"{self.period} {word}（未记账）"


class VoucherLine(models.Model):
    """One debit or credit line of a voucher (分录). Written with its voucher; never changed."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField("摘要", max_length=200, blank=True)
    debit_fen = models.BigIntegerField("借方（分）", default=0)
    credit_fen = models.BigIntegerField("贷方（分）", default=0)

    class Meta:
        verbose_name = "凭证分录"
        verbose_name_plural = "凭证分录"
        ordering = ["voucher_id", "position"]

    def __str__(self) -> str:
        return f"{self.subject_id} 借 {self.debit_fen} 贷 {self.credit_fen}"


class VoucherApproval(models.Model):
    """One approval of a voucher by one of the roles its amount band requires (联审联签). Written by
    finance.services.do_approve_voucher."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="approvals")
    role = models.CharField(max_length=30)
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voucher", "role"], name="voucher_approval_once")]

    def __str__(self) -> str:
        return f"{self.voucher_id} {self.role}"


class VoucherAttachment(models.Model):
    """A supporting file of a voucher (invoice, receipt, contract): an uploaded matters.Document of the
    same village. `public`: shown with the month's lines where county policy allows (an invoice of a
    private person's medical bill is not). Written by finance.services.do_attach_to_voucher."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("matters.Document", on_delete=models.PROTECT, related_name="+")
    public = models.BooleanField("可公开", default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voucher", "document"], name="voucher_attachment_once")
        ]

    def __str__(self) -> str:
        return f"{self.voucher_id} {self.document_id}"


class MonthClose(models.Model):
    """The close of one village's month (月结): after it nothing more is booked into the month. Keeps the
    closing balance of every subject and the month's totals as computed at the close, and the finance
    publication once the 村务监督委员会 has signed it. Written by finance.services."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    closed_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField()
    balances = models.JSONField(default=dict)  # subject code → Σdebit − Σcredit at the month's end
    totals = models.JSONField(default=dict)
    publication = models.ForeignKey(
        "disclosure.Publication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "月结"
        verbose_name_plural = "月结"
        constraints = [models.UniqueConstraint(fields=["region", "period"], name="month_close_once")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.period}"
