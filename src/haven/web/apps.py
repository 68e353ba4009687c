from django.apps import AppConfig


class WebConfig(AppConfig):
    """Templates, static files and middleware shared by every page."""

    name = "haven.web"
    label = "web"
