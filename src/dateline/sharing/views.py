"""Send to a friend: the form on its own page, or as a fragment for the inline form
(static/dateline/js/share.js). Thin: the form checks, the service sends."""

from dateline.core.clients import client_address

from . import services
from .forms import ShareForm


def share(request, article):
    fragment = request.headers.get("X-Requested-With") == "dateline-share"
    template = (
        "sharing/includes/share_form.html" if fragment else "sharing/share_page.html"
    )
    context = {"retention_days": services.config()["RETENTION_DAYS"]}
    status = 200
    if request.method == "POST":
        form = ShareForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                share, left_out = services.article_share_by_email(
                    article=article,
                    sender_name=data["sender_name"],
                    sender_email=data["sender_email"],
                    recipients=data["recipients"],
                    note=data["note"],
                    client=client_address(request),
                )
            except services.Refused as refused:
                context["refused"], status = refused.reason, refused.status
            else:
                context |= {
                    "sent": [
                        m.message.recipient
                        for m in share.messages.select_related("message")
                    ],
                    "left_out": left_out,
                }
                form = ShareForm()
        else:
            status = 400
        form.refresh()
    else:
        form = ShareForm()
    response = article.render(
        request, template=template, context_overrides={"form": form, **context}
    )
    response.status_code = status
    if status == 429:  # the limits count by the hour
        response["Retry-After"] = "3600"
    return response
