from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaowei.catalog.charts import DOCUMENT_KINDS, RESOLUTION_KINDS, Flowchart, Item
from xiaowei.catalog.models import PowerItemVersion
from xiaowei.catalog.quorum import MEETING_KINDS
from xiaowei.regions.models import Region

USER = settings.AUTH_USER_MODEL


class Document(models.Model):
    """A file kept as evidence (minutes, notices, contracts, photos …) of one village. The SHA-256 lets
    anyone check later that the file is the one uploaded. Written by matters.services."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("材料类型", max_length=30, choices=list(DOCUMENT_KINDS.items()))
    title = models.CharField("标题", max_length=200)
    file = models.FileField(upload_to="documents/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "材料"
        verbose_name_plural = "材料"
        indexes = [models.Index(fields=["region", "uploaded_at"], name="document_region")]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """A village meeting (四议两公开 and others) with its attendance and vote. `passed` and `reasons`
    are decided by quorum.evaluate under the county's rules when it is recorded; a failed vote is kept
    too (it is part of the record) but cannot serve as evidence for a step. Written by matters.services."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="村(社区)")
    kind = models.CharField("会议类型", max_length=30, choices=list(MEETING_KINDS.items()))
    subject = models.CharField("议题", max_length=200)
    held_on = models.DateField("会议日期")
    notice_on = models.DateField("通知日期", null=True, blank=True)
    expected = models.PositiveIntegerField("应到")
    present = models.PositiveIntegerField("实到")
    votes_for = models.PositiveIntegerField("赞成")
    votes_against = models.PositiveIntegerField("反对")
    votes_abstain = models.PositiveIntegerField("弃权")
    attendees = models.TextField("参会人员", blank=True)
    minutes = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField("通过")
    reasons = models.JSONField("未通过原因", default=list, blank=True)
    rule = models.JSONField("适用规则", default=dict)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        indexes = [models.Index(fields=["region", "held_on"], name="meeting_region")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}：{self.subject}"


class Resolution(models.Model):
    """The annual 村民(代表)会议 resolution or its authorisation of the 议事会, which later matters cite
    instead of calling a full meeting. Written by matters.services from a passed meeting."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="resolution")
    kind = models.CharField("类型", max_length=20, choices=list(RESOLUTION_KINDS.items()))
    title = models.CharField("名称", max_length=200)
    scope = models.TextField("授权/决议范围", blank=True)
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期止")
    amount_cap_fen = models.BigIntegerField("单项金额上限（分）", null=True, blank=True)

    class Meta:
        verbose_name = "年度决议/授权"
        verbose_name_plural = "年度决议/授权"

    def __str__(self) -> str:
        return self.title


class Matter(models.Model):
    """One exercise of a power (事项) in one village, following one flowchart of one item version.
    `next_step_key` and `due_on` are kept in step with the engine by matters.services (the only writer)
    so lists can sort and flag overdue matters without replaying every timeline."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        FINISHED = "finished", "已办结"
        WITHDRAWN = "withdrawn", "已撤回"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="村(社区)")
    item_version = models.ForeignKey(PowerItemVersion, on_delete=models.PROTECT, related_name="matters")
    chart_code = models.CharField("流程图", max_length=40)
    title = models.CharField("事项名称", max_length=200)
    attributes = models.JSONField("事项要素", default=dict)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    started_on = models.DateField("开始日期")
    next_step_key = models.CharField(max_length=40, blank=True)
    due_on = models.DateField("下一步期限", null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项"
        indexes = [
            models.Index(fields=["region", "-started_on"], name="matter_region"),
            models.Index(fields=["status", "due_on"], name="matter_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def item(self) -> Item:
        return self.item_version.parsed

    @property
    def chart(self) -> Flowchart:
        return self.item_version.parsed.chart(self.chart_code)


class MatterStep(models.Model):
    """A step of a matter that was recorded: who, when, with which evidence. Rows are only added
    (a mistake is corrected by a later step or by withdrawing the matter). Written by matters.services."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="steps")
    seq = models.PositiveIntegerField()
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    occurred_on = models.DateField("日期")
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=30)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    publicity_start = models.DateField(null=True, blank=True)
    publicity_end = models.DateField(null=True, blank=True)
    note = models.TextField("说明", blank=True)
    decision = models.CharField(max_length=10, blank=True)  # approved / refused, on an outcome step
    published = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "事项步骤"
        verbose_name_plural = "事项步骤"
        ordering = ["matter", "seq"]
        constraints = [models.UniqueConstraint(fields=["matter", "key"], name="matter_step_unique")]

    def __str__(self) -> str:
        return f"{self.matter_id}#{self.seq} {self.name}"


class Signoff(models.Model):
    """A sign-off by a named role on a step (e.g. the 村务监督委员会 on a disclosure) before the step can
    be recorded. Written by matters.services."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="signoffs")
    step_key = models.CharField(max_length=40)
    role = models.CharField(max_length=30)
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    agreed = models.BooleanField("同意")
    opinion = models.TextField("意见", blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "签署意见"
        verbose_name_plural = "签署意见"
        constraints = [models.UniqueConstraint(fields=["matter", "step_key", "role"], name="signoff_unique")]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.step_key} {self.role}"


class MatterOutcome(models.Model):
    """The result of a 便民服务 matter (approved or refused), handed to the 办事结果 section for
    publication. Identity numbers are never stored in plain text: a keyed hash (for the personal lookup)
    and the masked form (for display). Written by matters.services when the outcome step is recorded."""

    matter = models.OneToOneField(Matter, on_delete=models.PROTECT, related_name="outcome")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=30, blank=True)  # the item's result_category
    person_name = models.CharField(max_length=50)
    id_hash = models.CharField(max_length=64, blank=True)
    id_masked = models.CharField(max_length=20, blank=True)
    household_size = models.PositiveIntegerField(null=True, blank=True)
    amount_fen = models.BigIntegerField(null=True, blank=True)
    approved = models.BooleanField()
    decided_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办事结果（交接）"
        verbose_name_plural = "办事结果（交接）"

    def __str__(self) -> str:
        return f"{self.matter_id} {self.person_name}"


class Seal(models.Model):
    """A village organisation's seal (村级组织印章) and who keeps it. The keeper may not approve uses of
    the seal they keep. Written by matters.services (seal register)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="村(社区)")
    name = models.CharField("印章名称", max_length=100)
    keeper = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="保管人")
    active = models.BooleanField("在用", default=True)
    registered_on = models.DateField("登记日期")

    class Meta:
        verbose_name = "印章"
        verbose_name_plural = "印章"

    def __str__(self) -> str:
        return self.name


class SealUse(models.Model):
    """One use of a seal: what for, on which document, approved by whom, stamped by the keeper. Uses for
    loans, contracts and guarantees cite the resolution that allowed them. Written by matters.services."""

    class Purpose(models.TextChoices):
        CERTIFICATE = "certificate", "出具证明"
        ORDINARY = "ordinary", "日常事务"
        CONTRACT = "contract", "对外合同/承包"
        LOAN = "loan", "贷款"
        GUARANTEE = "guarantee", "担保"

    NEEDS_RESOLUTION = frozenset({Purpose.CONTRACT, Purpose.LOAN, Purpose.GUARANTEE})

    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="uses")
    used_on = models.DateField("用印日期")
    purpose = models.CharField("用途类别", max_length=20, choices=Purpose.choices)
    reason = models.CharField("事由", max_length=200)
    document_title = models.CharField("用印文件", max_length=200)
    copies = models.PositiveIntegerField("份数", default=1)
    approver = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="审批人")
    keeper = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="保管人")
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matter = models.ForeignKey(Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "用印记录"
        verbose_name_plural = "用印记录"

    def __str__(self) -> str:
        return f"{self.used_on} {self.seal} {self.reason}"
