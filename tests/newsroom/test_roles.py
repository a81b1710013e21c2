"""The newsroom's roles, driven through the admin as each of them."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from dateline.articles.models import ArticlePage
from dateline.articles.services import archive_month_get_or_create
from dateline.newsroom.roles import (
    CHIEF_EDITORS,
    MODEL_PERMISSIONS,
    PAGE_PERMISSIONS,
    group_name,
)
from tests.articles.factories import article_form, make_article

EDITIONS = ["en", "it", "zh-hans", "es"]


def test_the_migration_makes_every_role_with_what_it_may_do(homes):
    for language in EDITIONS:
        for role in ("contributor", "translator", "editor"):
            group = Group.objects.get(name=group_name(role, language))
            rows = GroupPagePermission.objects.filter(group=group)
            # Page rights on its own edition's home only.
            assert {row.page_id for row in rows} == {homes[language].pk}
            assert {row.permission.codename for row in rows} == {
                f"{codename}_page" for codename in PAGE_PERMISSIONS[role]
            }
    chiefs = Group.objects.get(name=CHIEF_EDITORS)
    root = Page.objects.get(depth=1)
    assert {row.page_id for row in chiefs.page_permissions.all()} == {root.pk}
    # Every permission the roles name belongs to a model that exists.
    for role, permissions in MODEL_PERMISSIONS.items():
        for app_label, model, codename in permissions:
            group = Group.objects.get(
                name=group_name(role, None if role == "chief" else "en")
            )
            granted = list(group.permissions.filter(codename=codename)) + [
                row.permission
                for row in group.collection_permissions.filter(
                    permission__codename=codename
                )
            ]
            assert granted, (role, codename)
            content_type = granted[0].content_type
            assert (content_type.app_label, content_type.model) == (app_label, model)
            assert content_type.model_class() is not None, codename
    # Wagtail's starter groups, which act on every edition, are gone.
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def _write(client, title="Harbour reopens", action="action-publish"):
    """“Write an article” in the English edition, as the admin posts it."""
    start = client.get(reverse("dateline_write_article") + "?edition=en")
    assert start.status_code == 302
    draft = ArticlePage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        lede="Ships are back.",
        body=[("paragraph", "<p>Ships are back in the harbour.</p>")],
        dateline_place="Busan",
    )
    return client.post(start.url, {**article_form(draft), action: "1"}, follow=True)


def test_a_contributor_writes_an_editor_sends_back_then_approves(
    member, home, smtp, settle
):
    contributor = member("contributor")
    editor = member("editor")

    # A contributor's Publish keeps a draft: they cannot publish.
    _write(contributor)
    article = ArticlePage.objects.get(title="Harbour reopens")
    assert not article.live
    assert not article.permissions_for_user(contributor.user).can_publish()

    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    with settle():  # the notices go out through the outbox once this commits
        contributor.post(edit, {**article_form(article), "action-submit": "1"})
    state = article.current_workflow_state
    assert state.status == "in_progress"
    assert state.workflow.name == "English desk review"
    # The edition's editors are told, by e-mail.
    assert editor.user.email in smtp.recipients
    smtp.envelopes.clear()

    # The editor sees it waiting for them, and sends it back with a comment.
    dashboard = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "Harbour reopens" in dashboard
    task_state = state.current_task_state
    with settle():
        sent_back = editor.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[article.pk, "reject", task_state.pk],
            ),
            {"comment": "Name the port authority as the source."},
        )
    assert sent_back.status_code == 302
    state.refresh_from_db()
    assert state.status == "needs_changes"

    # The contributor is told by e-mail, comment and all, and in the admin.
    [mail] = smtp.messages
    assert mail["To"] == contributor.user.email
    assert "Name the port authority as the source." in mail.get_content()
    page = contributor.get(edit).content.decode()
    assert "Changes requested" in page
    assert "Name the port authority as the source." in page
    smtp.envelopes.clear()

    # Corrected and resubmitted; the editor approves, which publishes it.
    contributor.post(
        edit,
        {
            **article_form(article, lede="Ships are back, says the port."),
            "action-submit": "1",
        },
    )
    state = article.current_workflow_state
    assert state.status == "in_progress"
    with settle():
        editor.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[article.pk, "approve", state.current_task_state.pk],
            ),
            {"comment": ""},
        )
    article.refresh_from_db()
    assert article.live
    assert article.lede == "Ships are back, says the port."
    assert contributor.user.email in smtp.recipients


def test_an_editor_acts_in_their_own_edition_only(member, homes):
    italian_editor = member("editor", "it")
    english = make_article(home=homes["en"], title="Only for the English desk")
    italian = make_article(home=homes["it"], title="Per la redazione italiana")

    # The English article: not theirs to open, publish or approve.
    edit = reverse("wagtailadmin_pages:edit", args=[english.pk])
    assert italian_editor.get(edit).status_code in (302, 403)
    assert not english.permissions_for_user(italian_editor.user).can_publish()
    contributor = member("contributor")
    draft = make_article(home=homes["en"], title="Draft for review", publish=False)
    draft.owner = contributor.user
    draft.save()
    contributor.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        {**article_form(draft), "action-submit": "1"},
    )
    task_state = draft.current_workflow_state.current_task_state
    refused = italian_editor.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[draft.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert refused.status_code in (302, 403)  # sent away: permission denied
    draft.refresh_from_db()
    assert not draft.live
    assert draft.current_workflow_state.status == "in_progress"

    # Their own edition's: they edit and publish.
    page = reverse("wagtailadmin_pages:edit", args=[italian.pk])
    italian_editor.post(
        page, {**article_form(italian, lede="Nuovo sommario."), "action-publish": "1"}
    )
    italian.refresh_from_db()
    assert italian.lede == "Nuovo sommario."


def test_a_translator_publishes_translations_not_originals(member, homes):
    translator = member("translator", "it")
    english = make_article(home=homes["en"], title="Rice harvest up")
    archive_month_get_or_create(home=homes["it"], when=english.published_at)
    translation = english.copy_for_translation(homes["it"].locale)
    translation.title = "Raccolto di riso in crescita"
    translation.save_revision()

    edit = reverse("wagtailadmin_pages:edit", args=[translation.pk])
    translator.post(edit, {**article_form(translation), "action-publish": "1"})
    translation.refresh_from_db()
    assert translation.live
    assert translation.is_translation

    # An article first written in Italian is an original: saved, not published.
    original = make_article(home=homes["it"], title="Notizia originale", publish=False)
    assert not original.is_translation
    assert not original.permissions_for_user(translator.user).can_publish()
    response = translator.post(
        reverse("wagtailadmin_pages:edit", args=[original.pk]),
        {**article_form(original), "action-publish": "1"},
    )
    assert response.status_code == 302
    original.refresh_from_db()
    assert not original.live
    # Nor in English, where they are not a translator at all.
    assert not english.permissions_for_user(translator.user).can_edit()


def test_a_translator_cannot_publish_a_new_original_from_write_an_article(member):
    translator = member("translator", "en")
    response = _write(translator, title="Fresh original")
    article = ArticlePage.objects.get(title="Fresh original")
    assert not article.live  # Publish is not offered: it is saved as a draft
    assert article.has_unpublished_changes
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "users", "api_keys", "subscribers"),
    [
        ("contributor", False, False, False),
        ("translator", False, False, False),
        ("editor", False, False, True),
        ("chief", True, True, True),
    ],
)
def test_who_reaches_users_api_keys_and_subscribers(
    member, home, role, users, api_keys, subscribers
):
    client = member(role, None if role == "chief" else "en")
    for url, allowed in (
        (reverse("wagtailusers_users:index"), users),
        (reverse("api_keys:index"), api_keys),
        (reverse("subscribers:index"), subscribers),
    ):
        status = client.get(url).status_code
        assert (status == 200) is allowed, (url, status)


def test_the_pages_a_user_may_explore_are_wagtails(member, homes, home):
    """Dateline says them as path ranges (fast on SQLite); they are the same pages
    as Wagtail's own policy finds, for each role and for a permission deep in the
    tree."""
    from django.contrib.auth.models import Permission
    from wagtail.permission_policies.pages import PagePermissionPolicy
    from wagtail.permissions import policy_registry

    from tests.articles.factories import SectionPageFactory

    make_article(home=homes["en"], title="In English")
    make_article(home=homes["it"], title="In italiano")
    section = SectionPageFactory(parent=homes["es"], title="Economía")
    ours = policy_registry.get_by_type(Page)
    wagtails = PagePermissionPolicy(Page)
    assert type(ours) is not PagePermissionPolicy

    deep = member("contributor", "zh-hans").user
    deep.groups.clear()
    group = Group.objects.create(name="Spanish economy desk")
    GroupPagePermission.objects.create(
        group=group,
        page=section,
        permission=Permission.objects.get(codename="change_page"),
    )
    deep.groups.add(group)
    users = [
        member("contributor", "en").user,
        member("editor", "it").user,
        member("chief", None).user,
        deep,
    ]
    for user in users:
        expected = set(wagtails.explorable_instances(user).values_list("pk", flat=True))
        found = set(ours.explorable_instances(user).values_list("pk", flat=True))
        assert found == expected, user.username
        assert found
