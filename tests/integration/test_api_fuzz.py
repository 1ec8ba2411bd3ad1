"""Schemathesis against the live API (real daemons, real RabbitMQ, fake driver),
driven by the OpenAPI document the API serves at /v2.1/openapi.json.

Every operation of the document gets a bounded number of generated requests,
as an admin and as a member, at the document's microversion: some that name
real resources (a server of the member's, a private flavor, a key pair, an
aggregate...), some with bodies and query parameters the document forbids,
and two with random ids. No answer may be a 5xx or contradict the document
(its status codes, content types, body schemas). Deletes run last so the
other operations find the resources alive.

NOVA_LITE_FUZZ_EXAMPLES (default 12) sets the examples per operation and user,
NOVA_LITE_FUZZ_SEED (default 0) the seed: CI runs the same cases each time.
"""
import os
import time

import pytest
import requests

try:
    import hypothesis
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis import checks as core_checks
    from schemathesis.specs.openapi import checks as openapi_checks
except ImportError as error:
    raise ImportError('%s: schemathesis is needed, pip install -e ".[test]"' % error)

from nova_lite.api import api_version

pytestmark = pytest.mark.integration

IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b'
MEMBER = 'demo:demo-project'
ADMIN = 'admin:admin'
MAX_EXAMPLES = int(os.environ.get('NOVA_LITE_FUZZ_EXAMPLES', '12'))
RANDOM_EXAMPLES = 2  # of an operation that names real things, with random ids instead
NEGATIVE_EXAMPLES = max(2, MAX_EXAMPLES // 2)
SEED = int(os.environ.get('NOVA_LITE_FUZZ_SEED', '0'))
VERSION = {'OpenStack-API-Version': 'compute %s' % api_version.MAX_VERSION}  # the document's


def not_a_server_error(ctx, response, case):
    """No 5xx, but for a documented 501 or 503, as upstream answers them too: a
    feature the driver lacks (an RDP console), a service that is off (these
    daemons run without Glance, so a snapshot cannot be uploaded)."""
    if response.status_code in (501, 503) and \
            str(response.status_code) in case.operation.responses.status_codes:
        return None
    return core_checks.not_a_server_error(ctx, response, case)


CHECKS = [not_a_server_error, openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance,
          openapi_checks.response_schema_conformance]
SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=False,
    phases=[hypothesis.Phase.generate], suppress_health_check=list(hypothesis.HealthCheck),
    verbosity=hypothesis.Verbosity.quiet)


def _ok(status_body, *codes):
    status, body = status_body
    assert status in codes, (status, body)
    return body


@pytest.fixture
def resources(cloud, token):
    """(values of path parameters by path prefix, of the item a sub-resource path
    names): real things the cases name. The previous run's cases may have changed
    quotas and services: they are put back first."""
    run = token.split(':')[0]

    def call(method, path, body=None, token=ADMIN):
        return cloud.request(method, path, body, token=token, headers=VERSION)

    _ok(call('PUT', '/os-quota-class-sets/default', {'quota_class_set': dict.fromkeys(
        ('instances', 'cores', 'ram', 'metadata_items', 'key_pairs', 'server_groups',
         'server_group_members'), -1)}), 200)
    _ok(call('DELETE', '/os-quota-sets/demo-project'), 202)
    services = _ok(call('GET', '/os-services'), 200)['services']
    for service in services:
        if service['binary'] == 'nova-compute':
            _ok(call('PUT', '/os-services/%s' % service['id'],
                     {'status': 'enabled', 'forced_down': False}), 200)
    server = _ok(call('POST', '/servers', {'server': {
        'name': 'fuzz', 'imageRef': IMAGE, 'flavorRef': '1', 'networks': 'none',
        'metadata': {'fuzz': 'yes'}, 'tags': ['fuzz']}}, token=MEMBER), 202)['server']['id']
    cloud.wait_for_status(server, 'ACTIVE')
    request_id = _ok(call('GET', '/servers/%s/os-instance-actions' % server),
                     200)['instanceActions'][0]['request_id']
    flavor = 'fuzz-' + run
    _ok(call('POST', '/flavors', {'flavor': {'name': flavor, 'id': flavor, 'ram': 64,
                                             'vcpus': 1, 'disk': 0,
                                             'os-flavor-access:is_public': False}}), 200)
    _ok(call('POST', '/flavors/%s/os-extra_specs' % flavor, {'extra_specs': {'fuzz': '1'}}),
        200)
    keypair = 'fuzz-' + run
    _ok(call('POST', '/os-keypairs', {'keypair': {'name': keypair}}, token=token), 201)
    aggregate = _ok(call('POST', '/os-aggregates', {'aggregate': {'name': flavor}}),
                    200)['aggregate']['id']
    group = _ok(call('POST', '/os-server-groups', {'server_group': {
        'name': 'fuzz', 'policy': 'affinity'}}, token=MEMBER), 200)['server_group']['id']
    hypervisor = _ok(call('GET', '/os-hypervisors'), 200)['hypervisors'][0]['id']
    by_path = {
        '/servers/': {'id': server, 'server_id': server},
        '/flavors/': {'id': flavor, 'flavor_id': flavor},
        '/os-keypairs/': {'id': keypair},
        '/os-aggregates/': {'id': str(aggregate)},
        '/os-server-groups/': {'id': group},
        '/os-hypervisors/': {'id': str(hypervisor)},
        '/os-services/': {'id': services[-1]['id']},
        '/os-quota-sets/': {'id': 'demo-project'},
        '/os-quota-class-sets/': {'id': 'default'},
        '/os-simple-tenant-usage/': {'id': 'demo-project'},
    }
    items = {'/metadata/': 'fuzz', '/tags/': 'fuzz', '/os-extra_specs/': 'fuzz',
             '/os-instance-actions/': request_id}
    return by_path, items


# Operations whose real target would break the cloud for what follows: random ids only.
RANDOM_ONLY = {'DELETE /os-services/{id}'}


def _real_parameters(operation, resources):
    by_path, items = resources
    if operation.label in RANDOM_ONLY:
        return {}
    path = operation.path
    values = next((dict(v) for prefix, v in by_path.items() if path.startswith(prefix)), {})
    for infix, value in items.items():
        if infix in path:
            values['id'] = value
    return {name: values[name] for name in values if '{%s}' % name in path}


def _single_item_matching_path(case):
    """PUT .../{id} of one metadata item or extra spec: the body names the path's key."""
    body = case.body.get('meta') if 'meta' in (case.body or {}) else case.body
    if isinstance(body, dict) and len(body) == 1:
        body[case.path_parameters['id']] = body.pop(next(iter(body)))


def _bootable(case):
    """POST /servers: a flavor and image that exist, the rest as generated."""
    if isinstance(case.body, dict) and isinstance(case.body.get('server'), dict):
        case.body['server'].update(flavorRef='1', imageRef=IMAGE)


# Requests the schema cannot make valid alone: the cases naming real things get them.
REAL_BODIES = {
    'PUT /servers/{server_id}/metadata/{id}': _single_item_matching_path,
    'PUT /flavors/{flavor_id}/os-extra_specs/{id}': _single_item_matching_path,
    'POST /servers': _bootable,
}


def _operations(schema):
    """Every operation, the deletes last (they would take the resources away)."""
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: (op.method.upper() == 'DELETE',
                                              op.path.count('/')))


def _fuzz(operation, strategy, examples, base_url, token, report, fix=None):
    """Send `examples` generated cases; record each answer's status and each failure."""
    session = requests.Session()
    headers = dict(VERSION, **{'X-Auth-Token': token})

    @hypothesis.settings(SETTINGS, max_examples=examples)
    @hypothesis.seed(SEED)
    @hypothesis.given(case=strategy)
    def run(case):
        if fix is not None:
            fix(case)
        try:
            response = case.call(base_url=base_url, session=session, headers=headers,
                                 timeout=30)
            report['statuses'].setdefault(operation.label, []).append(response.status_code)
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, BaseExceptionGroup, requests.RequestException) as error:
            report['failures'].append('%s as %s: %s\n  %s' % (
                operation.label, token, str(error).strip()[:1500],
                case.as_curl_command(headers=headers, base_url=base_url)))
    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        pass  # nothing to break in a request with neither parameters nor body


@pytest.mark.timeout(900)
@pytest.mark.parametrize('token', [ADMIN, MEMBER])
def test_fuzz_live_api(cloud, resources, token):
    doc = requests.get(cloud.endpoint + '/openapi.json', timeout=30).json()
    # the token is ours to send: no cases without it (noauth2 answers those with 204)
    del doc['security'], doc['components']['securitySchemes']
    schema = schemathesis.openapi.from_dict(doc)
    report = {'failures': [], 'statuses': {}, 'seconds': {}}
    operations = _operations(schema)
    assert len(operations) > 70, [op.label for op in operations]
    for operation in operations:
        started = time.monotonic()
        real = _real_parameters(operation, resources)
        if real or operation.label in REAL_BODIES:
            _fuzz(operation, operation.as_strategy(path_parameters=real), MAX_EXAMPLES,
                  cloud.endpoint, token, report, REAL_BODIES.get(operation.label))
        # bodies and query parameters the document does not allow: 4xx, never 5xx
        _fuzz(operation, operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real),
              NEGATIVE_EXAMPLES, cloud.endpoint, token, report)
        _fuzz(operation, operation.as_strategy(), RANDOM_EXAMPLES if real else MAX_EXAMPLES,
              cloud.endpoint, token, report)
        report['seconds'][operation.label] = time.monotonic() - started
    for label, codes in report['statuses'].items():
        print('%-55s %5.1fs %s' % (label, report['seconds'][label],
                                   ' '.join(map(str, sorted(codes)))))
    answered = [label for label, codes in report['statuses'].items()
                if any(200 <= code < 300 for code in codes)]
    print('%d of %d operations answered 2xx at least once as %s' % (
        len(answered), len(operations), token))
    assert not report['failures'], '%d failures:\n%s' % (
        len(report['failures']), '\n'.join(report['failures']))
