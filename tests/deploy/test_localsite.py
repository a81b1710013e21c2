"""The local site runner says why a step failed, with the site's own log."""

import pytest

from deploy.localsite import LocalSite


def test_a_failing_step_is_reported_with_the_sites_log(tmp_path):
    site = LocalSite(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    with pytest.raises(RuntimeError) as failed:
        site.prepare(demo=False)
    assert "dateline migrate failed" in str(failed.value)
    assert "127.0.0.1" in str(failed.value)  # the database error, from the log
