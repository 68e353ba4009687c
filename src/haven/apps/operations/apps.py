from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Register the durability system check."""

    name = "haven.apps.operations"
    label = "operations"

    def ready(self) -> None:
        from haven.apps.operations import checks  # noqa: F401  (registers the check)
