"""Boot one server through the API, wait for ACTIVE, delete it: proof the cloud works."""
import json
import sys
import time
import urllib.error
import urllib.request

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:8774/v2.1'
HEADERS = {'X-Auth-Token': 'admin:admin', 'Content-Type': 'application/json'}


def call(method, path, body=None):
    request = urllib.request.Request(ENDPOINT + path, method=method, headers=HEADERS,
                                     data=json.dumps(body).encode() if body else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data = response.read()
            return response.status, json.loads(data) if data else None
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main():
    status, body = call('POST', '/servers', {'server': {
        'name': 'smoke-test', 'flavorRef': '1',
        'imageRef': '70a599e0-31e7-49b7-b260-868f441e862b'}})
    if status != 202:
        sys.exit('boot refused: %s %s' % (status, body))
    server_id = body['server']['id']
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        server = call('GET', '/servers/' + server_id)[1]['server']
        if server['status'] in ('ACTIVE', 'ERROR'):
            break
        time.sleep(0.5)
    print('server %s is %s on %s' % (server_id, server['status'],
                                     server.get('OS-EXT-SRV-ATTR:host')))
    call('DELETE', '/servers/' + server_id)
    if server['status'] != 'ACTIVE':
        sys.exit('smoke test failed: %s' % server.get('fault'))


if __name__ == '__main__':
    main()
