"""GET /v2.1/openapi.json: the OpenAPI document, without a token, its server this API."""
from nova_lite.api import openapi


def test_document_is_served_without_a_token(cloud):
    resp = cloud.member.get('/v2.1/openapi.json', token=False)
    assert resp.status == 200, resp
    assert resp.headers['Content-Type'].startswith('application/json')
    assert resp.body == openapi.document('http://localhost/v2.1')


def test_only_get_and_only_the_document(cloud):
    assert cloud.member.post('/v2.1/openapi.json', {}, token=False).status == 405
    assert cloud.member.get('/v2.1/openapi.json/x', token=False).status == 404
