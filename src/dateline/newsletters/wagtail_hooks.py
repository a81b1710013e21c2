from wagtail import hooks

from .admin import NewslettersGroup


@hooks.register("register_admin_viewset")
def register_newsletters():
    return NewslettersGroup()
