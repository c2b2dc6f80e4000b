from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaowei.matters.models import Document, Meeting
from xiaowei.procurement.models import Contractor
from xiaowei.regions.models import Region

USER = settings.AUTH_USER_MODEL


class Asset(models.Model):
    """One item of the village collective's 三资 register (清产核资台账): a resource (land, forest, water), an
    operating asset (building, equipment) or a public facility. Its history is its disposals, leases and
    audit events. Written by assets.services."""

    class Kind(models.TextChoices):
        RESOURCE = "resource", "资源性资产"
        OPERATING = "operating", "经营性资产"
        PUBLIC = "public", "非经营性资产"

    class Status(models.TextChoices):
        IDLE = "idle", "闲置"
        IN_USE = "in_use", "自用"
        IN_DISPOSAL = "in_disposal", "处置中"
        LEASED = "leased", "出租"
        CONTRACTED = "contracted", "发包"
        TRANSFERRED = "transferred", "已出让"

    code = models.CharField("资产编号", max_length=40, unique=True)  # <village code>-A<seq>
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="村(社区)")
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    subkind = models.CharField("细类", max_length=20)  # assets.rules.SUBKINDS
    location = models.CharField("坐落", max_length=200)
    area = models.DecimalField("面积/数量", max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=10, blank=True)
    value_fen = models.BigIntegerField("账面价值（分）", default=0)
    acquired_on = models.DateField("取得日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.IDLE)
    note = models.TextField("备注", blank=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "资产资源"
        verbose_name_plural = "资产资源"
        indexes = [
            models.Index(fields=["region", "kind"], name="asset_region_kind"),
            models.Index(fields=["status", "region"], name="asset_status_region"),
        ]

    def __str__(self) -> str:
        return self.name


class Disposal(models.Model):
    """A disposal of an asset: 出租 lease, 发包 contracting-out or 出让/转让 transfer, from the decision
    through
    底价评审, the notice period and the bidding to the result. Written by assets.services; each stage
    publishes an OCDS release (with the local disposal extension)."""

    class Mode(models.TextChoices):
        LEASE = "lease", "出租"
        CONTRACTING = "contracting", "发包"
        TRANSFER = "transfer", "出让/转让"

    class Stage(models.TextChoices):
        DECIDED = "decided", "已决议"
        PRICED = "priced", "底价已评审"
        NOTICED = "noticed", "公告中"
        AWARDED = "awarded", "已成交"
        FAILED = "failed", "流拍"

    code = models.CharField("处置编号", max_length=40, unique=True)
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="disposals")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField("方式", max_length=12, choices=Mode.choices)
    method = models.CharField("交易方式", max_length=10)  # 公开竞价 / 拍卖 / 公开招标
    to_outsider = models.BooleanField("发包给本集体以外", default=False)
    term_years = models.PositiveSmallIntegerField("期限（年）", null=True, blank=True)
    decision_meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("决议日期")
    reserve_fen = models.BigIntegerField(
        "底价（分）", null=True, blank=True
    )  # per year for lease/contracting
    reserve_reviewer = models.CharField("底价评审", max_length=200, blank=True)
    reserve_reviewed_on = models.DateField("评审日期", null=True, blank=True)
    notice_on = models.DateField("公告日期", null=True, blank=True)
    notice_days = models.PositiveSmallIntegerField("公告天数", null=True, blank=True)
    winner_name = models.CharField("成交人", max_length=200, blank=True)
    winner_contractor = models.ForeignKey(
        Contractor, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award_fen = models.BigIntegerField("成交价（分）", null=True, blank=True)
    awarded_on = models.DateField("成交日期", null=True, blank=True)
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "资产处置"
        verbose_name_plural = "资产处置"
        indexes = [models.Index(fields=["region", "-decided_on"], name="disposal_region_recent")]

    def __str__(self) -> str:
        return self.code


class DisposalBid(models.Model):
    """A bid at a disposal's bidding or auction. Bidders may be villagers (name only, never an ID number in
    public) or registered businesses. Written by assets.services."""

    disposal = models.ForeignKey(Disposal, on_delete=models.PROTECT, related_name="bids")
    bidder_name = models.CharField("竞买人", max_length=200)
    contractor = models.ForeignKey(
        Contractor, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_fen = models.BigIntegerField("报价（分）")
    submitted_on = models.DateField("报价日期")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-amount_fen", "id"]

    def __str__(self) -> str:
        return f"{self.bidder_name} {self.amount_fen}"


class Lease(models.Model):
    """The lease or contracting contract that follows an awarded disposal, with its rent schedule (RentDue)
    and receipts (RentReceipt). Expiry leads to a new disposal, never a silent renewal: there is no way to
    extend ``end_on``. Written by assets.services."""

    disposal = models.OneToOneField(Disposal, on_delete=models.PROTECT, related_name="lease")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="leases")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    lessee_name = models.CharField("承租/承包方", max_length=200)
    contract_no = models.CharField("合同编号", max_length=60)
    signed_on = models.DateField("签订日期")
    start_on = models.DateField("起始日期")
    end_on = models.DateField("截止日期")
    annual_rent_fen = models.BigIntegerField("年租金（分）")
    contract_document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "租赁/承包合同"
        verbose_name_plural = "租赁/承包合同"
        indexes = [models.Index(fields=["region", "end_on"], name="lease_region_end")]

    def __str__(self) -> str:
        return self.contract_no


class RentDue(models.Model):
    """One instalment of a lease's rent schedule, generated when the lease is recorded."""

    lease = models.ForeignKey(Lease, on_delete=models.PROTECT, related_name="dues")
    due_on = models.DateField("应收日期")
    amount_fen = models.BigIntegerField("应收（分）")

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.due_on} {self.amount_fen}"


class RentReceipt(models.Model):
    """Rent received into the collective's account for a lease. Written by assets.services."""

    lease = models.ForeignKey(Lease, on_delete=models.PROTECT, related_name="receipts")
    received_on = models.DateField("收款日期")
    amount_fen = models.BigIntegerField("金额（分）")
    voucher_no = models.CharField("凭证号", max_length=40, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount_fen}"
