from django.apps import AppConfig


class LinkageCliConfig(AppConfig):
    name = "alongside.linkage_cli"
    label = "linkage_cli"
    verbose_name = "Linkage commands"
