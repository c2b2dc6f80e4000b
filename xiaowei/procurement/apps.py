from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "xiaowei.procurement"
    label = "procurement"
    verbose_name = "采购与开放合同数据"
