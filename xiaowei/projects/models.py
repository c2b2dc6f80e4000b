from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaowei.matters.models import Document, Meeting
from xiaowei.procurement.categories import Category
from xiaowei.procurement.models import Contractor
from xiaowei.projects.rules import PLATFORMS, Stage
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Body

STAGE_CHOICES = [(s.value, s.label) for s in Stage]
CATEGORY_CHOICES = [(c.value, c.label) for c in Category]


class Project(models.Model):
    """One village project or procurement of goods or services (工程项目/物资和服务采购), from 立项 to the
    last payment. ``stage`` is the last stage whose data is complete (Project.Stage); the gates in rules.py
    decide what may come next. Written only by projects.services; every change publishes."""

    # The pure rules use these too, so they are plain enums (rules.Stage, procurement.categories.Category).
    Stage = Stage
    Category = Category

    code = models.CharField("项目编号", max_length=40, unique=True)  # <village code>-<year>-<seq>
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="村(社区)")
    title = models.CharField("项目名称", max_length=200)
    description = models.TextField("建设内容", blank=True)
    category = models.CharField("类别", max_length=10, choices=CATEGORY_CHOICES)
    project_type = models.CharField("项目类型", max_length=20)
    location = models.CharField("建设地点", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    budget_fen = models.BigIntegerField("预算（分）")
    funding_source = models.CharField("资金来源", max_length=200)
    decision_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", verbose_name="立项决议"
    )
    approved_on = models.DateField("立项日期")
    reviewed_cost_fen = models.BigIntegerField("造价评审金额（分）", null=True, blank=True)
    cost_reviewer = models.CharField("评审机构", max_length=200, blank=True)
    cost_reviewed_on = models.DateField("评审日期", null=True, blank=True)
    route = models.CharField("采购方式", max_length=20, blank=True)
    platform = models.CharField("交易平台", max_length=20, blank=True)
    tender_on = models.DateField("公告日期", null=True, blank=True)
    bid_deadline = models.DateField("报价截止", null=True, blank=True)
    award_contractor = models.ForeignKey(
        Contractor, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="中标单位"
    )
    award_fen = models.BigIntegerField("中标金额（分）", null=True, blank=True)
    awarded_on = models.DateField("定标日期", null=True, blank=True)
    contract_no = models.CharField("合同编号", max_length=60, blank=True)
    contract_fen = models.BigIntegerField("合同金额（分）", null=True, blank=True)
    contract_signed_on = models.DateField("签订日期", null=True, blank=True)
    contract_start = models.DateField("合同工期起", null=True, blank=True)
    contract_end = models.DateField("合同工期止", null=True, blank=True)
    variations_fen = models.BigIntegerField("变更增减（分）", default=0)
    progress_percent = models.PositiveSmallIntegerField("形象进度（%）", default=0)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    acceptance_passed = models.BooleanField("验收合格", default=False)
    acceptance_note = models.TextField("验收意见", blank=True)
    settled_fen = models.BigIntegerField("结算审计金额（分）", null=True, blank=True)
    settled_on = models.DateField("结算日期", null=True, blank=True)
    auditor = models.CharField("审计单位", max_length=200, blank=True)
    paid_fen = models.BigIntegerField("已付（分）", default=0)
    stage = models.CharField("阶段", max_length=20, choices=STAGE_CHOICES)
    stage_on = models.DateField("阶段日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "工程项目"
        verbose_name_plural = "工程项目"
        indexes = [
            models.Index(fields=["region", "-approved_on"], name="project_region_recent"),
            models.Index(fields=["year", "region"], name="project_year_region"),
            models.Index(fields=["stage", "region"], name="project_stage_region"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def amount_fen(self) -> int:
        """The amount the bands look at: the reviewed cost once there is one, else the budget."""
        return self.reviewed_cost_fen if self.reviewed_cost_fen is not None else self.budget_fen

    @property
    def platform_name(self) -> str | None:
        """The name of the trading platform (rules.PLATFORMS), None before the tender."""
        return PLATFORMS.get(self.platform)


class ProjectBid(models.Model):
    """A bid or quote for a project, by a registered contractor. Written by projects.services while the
    project is at the tender stage; an invalid bid stays on record with its reason."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="bids")
    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="bids")
    amount_fen = models.BigIntegerField("报价（分）")
    submitted_on = models.DateField("报价日期")
    valid = models.BooleanField("有效", default=True)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "投标报价"
        verbose_name_plural = "投标报价"
        constraints = [
            models.UniqueConstraint(fields=["project", "contractor"], name="one_bid_per_contractor")
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.contractor_id} {self.amount_fen}"


class ProjectEvent(models.Model):
    """Something that happened during construction: a progress report, an inspection or a variation order
    (which changes the contract value by ``amount_fen``, positive or negative). Written by
    projects.services."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", "进度报告"
        INSPECTION = "inspection", "监督检查"
        VARIATION = "variation", "设计变更"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    occurred_on = models.DateField("日期")
    percent = models.PositiveSmallIntegerField("形象进度（%）", null=True, blank=True)
    amount_fen = models.BigIntegerField("变更金额（分）", null=True, blank=True)
    note = models.TextField("内容")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "施工记录"
        verbose_name_plural = "施工记录"
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind}"


class ProjectSignoff(models.Model):
    """A 4+X body's sign-off of one stage of one project, with its opinion. One per (project, stage, body);
    a refusal is kept and blocks the gate until the body signs again. Written by projects.services."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="signoffs")
    stage = models.CharField("阶段", max_length=20, choices=STAGE_CHOICES)
    body = models.CharField("监督部门", max_length=10, choices=[(b.value, b.label) for b in Body])
    department = models.CharField("部门名称", max_length=60)
    agreed = models.BooleanField("同意")
    opinion = models.TextField("意见")
    signed_on = models.DateField("签署日期")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "4+X 签字"
        verbose_name_plural = "4+X 签字"
        ordering = ["signed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage", "body"], name="one_signoff_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.stage} {self.body}"


class ProjectPayment(models.Model):
    """A payment to the contractor (through 报账), after the contract. Written by projects.services."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("付款日期")
    amount_fen = models.BigIntegerField("金额（分）")
    voucher_no = models.CharField("凭证号", max_length=40, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "项目付款"
        verbose_name_plural = "项目付款"
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount_fen}"


class ProjectDocument(models.Model):
    """A document (tender notice, cost review, contract, acceptance report, …) attached to a project stage."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="documents")
    stage = models.CharField("阶段", max_length=20, choices=STAGE_CHOICES)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "document"], name="project_document_once")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.stage}"
