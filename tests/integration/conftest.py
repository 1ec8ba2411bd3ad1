"""Integration fixtures: a RabbitMQ vhost per run and the real daemons."""
import pytest

from tests.integration import harness


@pytest.fixture(scope='module')
def rabbit_vhost():
    vhost = harness.RabbitVhost().create()
    yield vhost
    vhost.delete()


@pytest.fixture(scope='module')
def cloud(rabbit_vhost, tmp_path_factory):
    """Conductor, scheduler, two computes and the API, on their own vhost."""
    cloud = harness.Cloud(tmp_path_factory.mktemp('cloud'), rabbit_vhost.url)
    with harness.running(cloud):
        yield cloud
