"""The blog with 100,000 posts and 1,000,000 comments, on SQLite and PostgreSQL.

Every page the scale target names answers, with the queries it makes on a 10-post
blog. The latencies of both (bench/scale.py) are printed with the figures, not
asserted: they are timings on whatever machine runs the tests.
"""

import pytest
from servers import prepare_production
from services import service_env
from traffic import report_figures

from bench import scale

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("database", "variant"), [("SQLite", "default"), ("PostgreSQL", "postgres_redis")]
)
def test_pages_make_the_same_queries_with_100000_posts(
    bake, request, tmp_path, record_property, database, variant
):
    project = bake(variant)
    envs = {}
    for size in ("small", "big"):
        (tmp_path / size).mkdir()
        envs[size] = prepare_production(
            project, tmp_path / size, **service_env(request, project)
        )

    figures = scale.compare(project, envs["small"], envs["big"])

    report_figures(record_property, f"{database}: " + "; ".join(scale.summary(figures)))
    assert figures["posts"]["big"] > 90_000
    assert figures["deep_page"]["big"] == scale.DEEP_PAGE
    for name, page in figures["pages"].items():
        assert page["small"]["status"] == page["big"]["status"] == 200, name
        assert page["big"]["queries"] == page["small"]["queries"], name
