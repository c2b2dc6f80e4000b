from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "xiaowei.projects"
    label = "projects"
    verbose_name = "工程项目与采购"
