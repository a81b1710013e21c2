"""The newsroom's roles: the groups a data migration makes, what each may do, and
the review workflow of each edition (docs/newsroom.md).

Three roles are per edition (an Italian desk editor does not publish in Chinese):
their page permissions sit on that edition's home page. The chief editors' sit on
the root, over every edition. ``sync_roles`` writes it all and may run again: a
later change to these lists ships as a migration that calls it.
"""

from django.conf import settings

# Page permissions (Wagtail's PAGE_PERMISSION_TYPES) of each role.
PAGE_PERMISSIONS = {
    "contributor": ["add"],
    "translator": ["add", "change", "publish"],
    "editor": ["add", "change", "publish", "lock", "unlock"],
    "chief": ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
}

# Model permissions, as (app label, model, codename).
_ADMIN = [("wagtailadmin", "admin", "access_admin")]
_IMAGES = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
]
_MEDIA = [
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "delete_image"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "delete_document"),
]
_TRANSLATE = [("wagtail_localize", "translation", "submit_translation")]
_DESK = [
    ("articles", "articlepage", "publish_original"),
    ("articles", "author", "add_author"),
    ("articles", "author", "change_author"),
    ("newsletters", "subscriber", "view_subscriber"),
    ("newsletters", "subscriber", "change_subscriber"),
    ("newsletters", "digest", "view_digest"),
    ("sharing", "sharemessage", "view_sharemessage"),
]
_CHIEF = [
    ("articles", "author", "delete_author"),
    ("newsletters", "subscriber", "delete_subscriber"),
    ("syndication", "apikey", "add_apikey"),
    ("syndication", "apikey", "change_apikey"),
    ("syndication", "apikey", "delete_apikey"),
    ("syndication", "apikey", "view_apikey"),
    ("auth", "user", "add_user"),
    ("auth", "user", "change_user"),
    ("auth", "user", "delete_user"),
    ("auth", "user", "view_user"),
    ("auth", "group", "add_group"),
    ("auth", "group", "change_group"),
    ("auth", "group", "delete_group"),
    ("auth", "group", "view_group"),
    ("wagtailcore", "workflow", "add_workflow"),
    ("wagtailcore", "workflow", "change_workflow"),
    ("wagtailcore", "task", "add_task"),
    ("wagtailcore", "task", "change_task"),
    ("wagtailredirects", "redirect", "add_redirect"),
    ("wagtailredirects", "redirect", "change_redirect"),
    ("wagtailredirects", "redirect", "delete_redirect"),
]
MODEL_PERMISSIONS = {
    "contributor": _ADMIN + _IMAGES,
    "translator": _ADMIN + _IMAGES + _TRANSLATE,
    "editor": _ADMIN + _IMAGES + _MEDIA + _TRANSLATE + _DESK,
    "chief": _ADMIN + _IMAGES + _MEDIA + _TRANSLATE + _DESK + _CHIEF,
}

# Group names are data, in English, as the admin lists them.
EDITION_NAMES = {
    "en": "English",
    "it": "Italian",
    "zh-hans": "Chinese",
    "es": "Spanish",
}
ROLE_NAMES = {
    "contributor": "contributors",
    "translator": "translators",
    "editor": "editors",
}
CHIEF_EDITORS = "Chief editors"


def group_name(role: str, language: str | None = None) -> str:
    """“Italian editors”; the chief editors are one group for every edition."""
    if role == "chief":
        return CHIEF_EDITORS
    return f"{EDITION_NAMES.get(language, language)} {ROLE_NAMES[role]}"


def workflow_name(language: str) -> str:
    return f"{EDITION_NAMES.get(language, language)} desk review"


def _permission(apps, app_label, model, codename):
    """The permission, made if its app's post-migrate step has not run yet (as on a
    database being created), the way Wagtail's own migrations do."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    action, _, _noun = codename.partition("_")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
    )
    return permission


def sync_roles(apps, schema_editor=None) -> None:
    """Make or update every role's groups, permissions and review workflows."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    Collection = apps.get_model("wagtailcore", "Collection")
    homes = {
        page.locale.language_code: page
        for page in Page.objects.filter(depth=2).select_related("locale")
    }
    root = Page.objects.filter(depth=1).first()
    collection = Collection.objects.filter(depth=1).first()
    if root is None:
        return

    def make(role, language, top):
        group, _ = Group.objects.get_or_create(name=group_name(role, language))
        for codename in PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=top,
                permission=_permission(apps, "wagtailcore", "page", f"{codename}_page"),
            )
        for app_label, model, codename in MODEL_PERMISSIONS[role]:
            permission = _permission(apps, app_label, model, codename)
            if app_label in {"wagtailimages", "wagtaildocs"} and collection:
                # Images and documents are permitted per collection.
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
            else:
                group.permissions.add(permission)
        return group

    # Wagtail's starter groups act on every edition at once: gone while unused.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    chiefs = make("chief", None, root)
    for language, _name in settings.LANGUAGES:
        home = homes.get(language)
        if home is None:
            continue
        for role in ROLE_NAMES:
            group = make(role, language, home)
            if role == "editor":
                _review_workflow(apps, language, home, [group, chiefs])


def _review_workflow(apps, language, home, groups) -> None:
    """The edition's review: one approval task for its editors (and the chief
    editors), applied to every page of the edition."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    name = f"{groups[0].name} approval"
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=name, content_type=content_type, active=True
        )
    task.groups.add(*groups)
    workflow, created = Workflow.objects.get_or_create(
        name=workflow_name(language), defaults={"active": True}
    )
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
