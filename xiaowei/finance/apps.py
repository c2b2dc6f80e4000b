from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "xiaowei.finance"
    label = "finance"
    verbose_name = "村级财务"
