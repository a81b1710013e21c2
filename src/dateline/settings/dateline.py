"""Dateline's own settings (its features' limits and choices), read from the
environment with typed defaults; ``base`` imports them with Django's."""

import environ

env = environ.Env()


# The agency name shown in datelines: "Seoul (Dateline) –". An article may override it.
DATELINE_AGENCY_NAME = env.str("DATELINE_AGENCY_NAME", default="Dateline")
# Where an edition spells the name differently: "zh-hans=亚洲新闻,it=Dateline Italia".
DATELINE_AGENCY_NAMES = env.dict("DATELINE_AGENCY_NAMES", default={})
# Articles per page on home, section, country and author listings.
DATELINE_PAGE_SIZE = env.int("DATELINE_PAGE_SIZE", default=20)
# See also (docs/see-also.md): how many items, and how relatedness is weighed.
DATELINE_SEE_ALSO = {
    "SIZE": env.int("DATELINE_SEE_ALSO_SIZE", default=5),
    "WEIGHTS": {
        "text": 0.6,
        "countries": 0.2,
        "places": 0.1,
        "topics": 0.2,
        **{
            k: float(v)
            for k, v in env.dict("DATELINE_SEE_ALSO_WEIGHTS", default={}).items()
        },
    },
    # An article this many days away counts half as much on recency.
    "HALF_LIFE_DAYS": env.int("DATELINE_SEE_ALSO_HALF_LIFE_DAYS", default=365),
    # How much recency can take off (0: none; 1: all, for very old articles).
    "RECENCY": 0.3,
    # Below this relatedness, an article is not shown (docs/see-also.md).
    "MIN_SCORE": env.float("DATELINE_SEE_ALSO_MIN_SCORE", default=0.17),
    # Scores closer than this are a tie, broken by the newer article.
    "CLOSE": 0.05,
    # Two articles whose texts are this similar are the same story filed twice.
    "DUPLICATE": 0.8,
    "TERMS_PER_ARTICLE": 30,
    # A word or code in more than this share of its language's articles (and in more
    # than COMMON_FLOOR of them) is common: it still counts in a pair's score, but
    # sharing it alone does not make two articles candidates (docs/see-also.md).
    "COMMON_SHARE": 0.01,
    "COMMON_FLOOR": 1000,
    # How many articles, found through the other features, are scored in full for
    # each article.
    "CANDIDATES": 100,
    "BACKEND": "dateline.related.backends.TfidfBackend",
}
# Send to a friend (docs/sharing.md). Limits count messages (one per recipient), per
# client address and per sender address; SITE_PER_HOUR caps the whole site.
DATELINE_SHARING = {
    "PER_HOUR": env.int("DATELINE_SHARE_PER_HOUR", default=5),
    "PER_DAY": env.int("DATELINE_SHARE_PER_DAY", default=20),
    "SITE_PER_HOUR": env.int("DATELINE_SHARE_SITE_PER_HOUR", default=300),
    "RECIPIENTS": 3,
    # A person takes longer than this to fill in the form.
    "MIN_SECONDS": env.int("DATELINE_SHARE_MIN_SECONDS", default=3),
    "FORM_HOURS": 12,  # a form left open longer is shown again with a new stamp
    "RETENTION_DAYS": env.int("DATELINE_SHARE_RETENTION_DAYS", default=30),
}
# Newsletters (docs/newsletters.md). Times are in TIME_ZONE; the worker sends the
# daily digest from DAILY_AT and the weekly one from then on WEEKLY_DAY (1 = Monday).
DATELINE_NEWSLETTERS = {
    "DAILY_AT": env.str("DATELINE_NEWSLETTER_DAILY_AT", default="06:00"),
    "WEEKLY_DAY": env.int("DATELINE_NEWSLETTER_WEEKLY_DAY", default=1),
    # Unconfirmed addresses are deleted after this many days (the confirmation link
    # expires with them).
    "PENDING_DAYS": env.int("DATELINE_NEWSLETTER_PENDING_DAYS", default=7),
    # How long the links in e-mails work: to the preference centre, to unsubscribe.
    "MANAGE_DAYS": 90,
    "UNSUBSCRIBE_DAYS": 365,
    # One confirmation or link e-mail to an address per this many minutes.
    "MAIL_INTERVAL_MINUTES": 15,
    # And at most this many in a day (from the first of them).
    "MAILS_PER_DAY": env.int("DATELINE_NEWSLETTER_MAILS_PER_DAY", default=4),
    # Per client address: subscribe and "send me a link" requests an hour; requests
    # carrying a signed link (preferences, one-click unsubscribe) a minute.
    "PER_HOUR": env.int("DATELINE_NEWSLETTER_PER_HOUR", default=10),
    "LINKS_PER_MINUTE": 120,
    # Subscribers per build step and per sending task.
    "BATCH": env.int("DATELINE_NEWSLETTER_BATCH", default=500),
    # Where one-click unsubscribe by e-mail goes (List-Unsubscribe: mailto:); read by
    # ``dateline newsletters mailbox``. Default: the address of DEFAULT_FROM_EMAIL.
    "UNSUBSCRIBE_EMAIL": env.str("DATELINE_NEWSLETTER_UNSUBSCRIBE_EMAIL", default=""),
}
# The outbox, every e-mail's way out (docs/mail.md).
DATELINE_MAIL = {
    "ATTEMPTS": 5,  # a server's 4xx replies before a message is failed
    "RETRY_SECONDS": 60,  # wait before the second try, doubled after each (1 h at most)
    "EXPIRE_HOURS": 72,  # a message still queued this long after is failed
    # A message done with is deleted, its address with it, this long after (longer
    # than a weekly digest looks back for the last one a subscriber was sent).
    "RETENTION_DAYS": 35,
    # A message claimed this long ago by a sender that died is settled: sent again,
    # or counted sent if it was handed over (decision 0016).
    "LEASE_MINUTES": env.float("DATELINE_MAIL_LEASE_MINUTES", default=10),
    # Each read and write on the SMTP connection waits this long at most: a live
    # sender never holds a message past its lease (a system check keeps it so).
    "TIMEOUT_SECONDS": env.float("DATELINE_MAIL_TIMEOUT_SECONDS", default=60),
}
# Feeds (docs/feeds.md): how many articles, and "summary" (ledes) or "full" text.
DATELINE_FEEDS = {
    "SIZE": env.int("DATELINE_FEED_SIZE", default=30),
    "CONTENT": env.str("DATELINE_FEED_CONTENT", default="summary"),
}
# The agency's logo (a static file), for structured data: at most 600×60 pixels.
DATELINE_LOGO = env.str("DATELINE_LOGO", default="dateline/img/logo.png")
# Behind a reverse proxy, the request header that holds the client's address (for
# limits), as Django names it: HTTP_X_REAL_IP, HTTP_X_FORWARDED_FOR; and how many
# proxies of ours add to it. Only the address the nearest of them wrote counts:
# whatever a client puts to the left of it is its own say (docs/security.md).
DATELINE_CLIENT_IP_HEADER = env.str("DATELINE_CLIENT_IP_HEADER", default="")
DATELINE_TRUSTED_PROXY_HOPS = env.int("DATELINE_TRUSTED_PROXY_HOPS", default=1)
# Crawlers (docs/crawlers.md): pages made for each crawler (by the name in its user
# agent) and for each client address, at most so many a second (0: no limit; the
# address's limit needs DATELINE_CLIENT_IP_HEADER behind a proxy); the
# AI crawlers robots.txt admits (by their names in syndication.crawlers.AI_CRAWLERS;
# the others are refused).
DATELINE_CRAWLERS = {
    "PER_CRAWLER": env.int("DATELINE_CRAWLER_PAGES_PER_SECOND", default=10),
    "PER_ADDRESS": env.int("DATELINE_ADDRESS_PAGES_PER_SECOND", default=30),
    "AI_ADMITTED": env.list("DATELINE_AI_CRAWLERS_ADMITTED", default=[]),
}
# Where to report a vulnerability (mailto: or https:), in /.well-known/security.txt.
DATELINE_SECURITY_CONTACT = env.str("DATELINE_SECURITY_CONTACT", default="")
# The paper of server-made PDFs: A4 or Letter.
DATELINE_PDF_PAPER = env.str("DATELINE_PDF_PAPER", default="A4")

# The account ``dateline demo`` creates; without a password one is generated, printed
# and kept in DATA_DIR/demo-admin-password.txt.
DATELINE_ADMIN_USER = env.str("DATELINE_ADMIN_USER", default="admin")
DATELINE_ADMIN_PASSWORD = env.str("DATELINE_ADMIN_PASSWORD", default="")
