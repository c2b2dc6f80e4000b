from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "xiaowei.finance"
    label = "finance"
    verbose_name = "村级财务"

    def ready(self) -> None:
        from xiaowei.catalog import setting_keys
        from xiaowei.finance.rules import parse_config
        from xiaowei.finance.search_text import SEARCH_KIND
        from xiaowei.search import registry

        setting_keys.register("finance", parse_config)
        registry.register(SEARCH_KIND)
