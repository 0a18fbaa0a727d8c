"""/ping: liveness for the proxy and the load benchmark's bare view."""

import pytest


@pytest.mark.django_db
def test_ping_answers_anonymous_visitors_without_touching_the_database(
        client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ping")
    assert response.status_code == 200
    assert response.content == b"ok"
