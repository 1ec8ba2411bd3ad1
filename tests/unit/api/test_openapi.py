"""The OpenAPI document: doc/openapi.json is what the generator makes of the code
(so it cannot drift), valid OpenAPI 3.1, and made of what the API runs on."""
import pathlib

import pytest

from nova_lite.api import api_version
from nova_lite.api import openapi
from nova_lite.api.openapi import responses
from nova_lite.api.schemas import servers as servers_schema

DOC = pathlib.Path(__file__).resolve().parents[3] / 'doc' / 'openapi.json'
REGENERATE = 'python -m nova_lite.api.openapi doc/openapi.json'
# operations that answer 200/201 with no body at all
NO_BODY = {'os-aggregates:delete', 'os-extra_specs:delete', 'server-tags:update'}


@pytest.fixture(scope='module')
def doc():
    return openapi.document()


def test_committed_document_is_the_generated_one(doc):
    assert DOC.exists(), 'doc/openapi.json is missing: run `%s`' % REGENERATE
    assert DOC.read_text() == openapi.dumps(doc), (
        'doc/openapi.json is out of date with the API: run `%s` and commit it' % REGENERATE)


def test_document_is_valid_openapi_3_1(doc):
    try:
        from openapi_spec_validator import OpenAPIV31SpecValidator
    except ImportError:
        pytest.fail('openapi-spec-validator is needed: pip install -e ".[test]"')
    OpenAPIV31SpecValidator(doc).validate()
    assert doc['openapi'] == '3.1.0' and doc['info']['version'] == api_version.MAX_VERSION


def test_every_route_and_action_is_documented(doc):
    for route, path, method, method_name, _ in openapi.operations():
        operation = doc['paths'][path][method.lower()]
        assert operation['operationId'] == '%s:%s' % (route, method_name)
        if method_name == 'action':
            actions = [next(iter(body['required'])) for body in
                       operation['requestBody']['content']['application/json']['schema'][
                           'oneOf']]
            assert actions == list(openapi.actions(route))


def test_request_bodies_are_the_schemas_in_force_at_the_maximum_version(doc):
    create = doc['paths']['/servers']['post']
    assert create['requestBody']['content']['application/json']['schema'] == \
        openapi.to_draft_2020_12(servers_schema.create_v274)
    assert create['x-openstack-schema-versions'] == [
        '2.1-2.18', '2.19-2.31', '2.32-2.32', '2.33-2.36', '2.37-2.41', '2.42-2.51',
        '2.52-2.56', '2.57-2.62', '2.63-2.66', '2.67-2.73', '2.74-latest']
    assert sorted(create['responses']) == ['202', '400', '401', '403', '406', '409', '413',
                                          '415', '503']
    assert create['x-openstack-policies'] == ['compute:servers:create:requested_destination',
                                              'os_compute_api:servers:create',
                                              'os_compute_api:servers:create:forced_host',
                                              'os_compute_api:servers:create:zero_disk_flavor']


def test_microversion_ranges_come_from_the_handlers(doc):
    search = doc['paths']['/os-hypervisors/{id}/search']['get']
    assert search['x-openstack-microversions'] == {'min': '2.1', 'max': '2.52'}
    assert search['deprecated'] is True  # gone at the document's version
    tags = doc['paths']['/servers/{server_id}/tags']['get']
    assert tags['x-openstack-microversions'] == {'min': '2.26', 'max': 'latest'}
    assert 'deprecated' not in tags
    assert sorted(doc['paths']['/os-keypairs']['post']['responses'])[0] == '201'  # 2.2


def test_every_success_body_has_a_shape(doc):
    ids = {'%s:%s' % (route, name) for route, _, _, name, _ in openapi.operations()}
    ids |= {'%s:action:%s' % (route, action) for route, _, _, name, _ in openapi.operations()
            if name == 'action' for action in openapi.actions(route)}
    assert set(responses.BODIES) <= ids, set(responses.BODIES) - ids
    for path, operations in doc['paths'].items():
        for method, operation in operations.items():
            for code in ('200', '201'):
                if code in operation['responses'] and \
                        operation['operationId'] not in NO_BODY | {'openapi:show'}:
                    assert 'content' in operation['responses'][code], (method, path)


def test_draft_4_keywords_become_draft_2020_12():
    assert openapi.to_draft_2020_12({'minimum': 0, 'exclusiveMinimum': True}) == {
        'exclusiveMinimum': 0}
    assert openapi.to_draft_2020_12({'maximum': 9, 'exclusiveMaximum': False}) == {
        'maximum': 9}
    assert openapi.to_draft_2020_12({'items': [{'type': 'string'}], 'additionalItems': False,
                                     'maxItems': 1}) == {
        'prefixItems': [{'type': 'string'}], 'items': False, 'maxItems': 1}
