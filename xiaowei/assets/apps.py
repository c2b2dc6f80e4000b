from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "xiaowei.assets"
    label = "assets"
    verbose_name = "资产资源"

    def ready(self) -> None:
        from xiaowei.assets.rules import parse_config
        from xiaowei.assets.search_text import SEARCH_KIND
        from xiaowei.catalog import setting_keys
        from xiaowei.search import registry

        setting_keys.register("assets", parse_config)
        registry.register(SEARCH_KIND)
