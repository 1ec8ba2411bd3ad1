"""Boot one server as the demo user, wait for ACTIVE, delete it and wait until it is
gone: proof the cloud works.

    OS_CLIENT_CONFIG_FILE=/etc/nova-lite/clouds.yaml python devstack/smoke.py [IMAGE_NAME]
"""
import sys
import time

import openstack


def wait_for_compute(admin, timeout=60):
    """A boot needs a compute host that has reported in."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(service.binary == 'nova-compute' and service.state == 'up'
               for service in admin.compute.services()):
            return
        time.sleep(1)
    sys.exit('smoke test failed: no nova-compute service is up')


def main():
    image_name = sys.argv[1] if len(sys.argv) > 1 else 'nova-lite-tiny'
    wait_for_compute(openstack.connect(cloud='admin'))
    demo = openstack.connect(cloud='demo')
    image = demo.image.find_image(image_name, ignore_missing=False)
    # networks: required from microversion 2.37; nova-lite has no networking service
    server = demo.compute.create_server(name='smoke-test', flavor_id='1', image_id=image.id,
                                        networks='none')
    try:
        server = demo.compute.wait_for_server(server, wait=120)
        print('server %s is %s on image %s' % (server.id, server.status, image_name))
    except openstack.exceptions.ResourceFailure as error:
        sys.exit('smoke test failed: %s' % error)
    finally:
        demo.compute.delete_server(server, ignore_missing=True)
        try:  # gone before stack.sh ends: nothing that runs next ever sees it
            demo.compute.wait_for_delete(server, wait=120)
        except openstack.exceptions.ResourceTimeout:
            sys.exit('smoke test failed: server %s still there 120 s after its delete'
                     % server.id)


if __name__ == '__main__':
    main()
