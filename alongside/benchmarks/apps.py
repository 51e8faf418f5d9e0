from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "alongside.benchmarks"
    label = "benchmarks"
