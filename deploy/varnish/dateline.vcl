# Varnish in front of Dateline (docs/deployment.md, docs/caching.md).
#
# Dateline marks a reader page "Cache-Control: public" only when it holds nothing of
# one reader's (no token, no cookie); everything else passes through. On every
# publication Dateline sends PURGE for each page that shows the article
# (DATELINE_PURGE_URL=http://<this proxy>); a purge drops the path with every
# ?page=N of it. "X-Purge: all" drops every page (a section renamed).
vcl 4.1;

# The application server (gunicorn). `dateline serve-production` writes the port.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

# Who may purge: the application's own machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Purge == "all") {
            ban("obj.status != 0");
        } else {
            ban("obj.http.X-Path == " + regsub(req.url, "\?.*$", ""));
        }
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors have a session: their pages are made for them.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # A page's address, or its ?page=N, is cached; any other query string goes
    # through, so nobody can fill the cache with copies of a page.
    if (req.url ~ "\?" && req.url !~ "\?page=[0-9]{1,6}$") {
        return (pass);
    }
    # The page does not depend on cookies (Dateline marks it public only then).
    return (hash);
}

sub vcl_backend_response {
    # What a ban compares (bans on obj.* are checked by the ban lurker too).
    set beresp.http.X-Path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Pages the application marks public are kept until purged (s-maxage).
    set beresp.grace = 30s;
}

sub vcl_deliver {
    unset resp.http.X-Path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
