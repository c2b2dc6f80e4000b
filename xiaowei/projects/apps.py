from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "xiaowei.projects"
    label = "projects"
    verbose_name = "工程项目与采购"

    def ready(self) -> None:
        from xiaowei.catalog import setting_keys
        from xiaowei.projects.rules import parse_config
        from xiaowei.projects.search_text import SEARCH_KIND
        from xiaowei.search import registry

        setting_keys.register("procurement", parse_config)
        registry.register(SEARCH_KIND)
