from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Import every app's ``jobs`` module, which declares its job kinds."""

    name = "haven.apps.jobs"
    label = "jobs"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
