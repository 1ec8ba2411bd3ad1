"""nova_lite.hops: a request's RPC calls and Glance requests, timed in order."""
from nova_lite import hops


def test_hops_are_recorded_in_order_only_while_recording():
    with hops.timed('conductor', 'not recorded'):
        pass
    with hops.recording() as recorded:
        with hops.timed('conductor', 'Flavor.get_by_flavor_id'):
            pass
        with hops.timed('glance', 'GET /v2/images'):
            pass
    with hops.timed('conductor', 'after the recording'):
        pass
    assert [(service, what) for service, what, _ in recorded] == [
        ('conductor', 'Flavor.get_by_flavor_id'), ('glance', 'GET /v2/images')]
    assert all(seconds >= 0 for _, _, seconds in recorded)


def test_a_failed_hop_counts_too():
    with hops.recording() as recorded:
        try:
            with hops.timed('compute', 'get_host_uptime'):
                raise ValueError('down')
        except ValueError:
            pass
    assert [what for _, what, _ in recorded] == ['get_host_uptime']


def test_server_timing_header_reads_back():
    header = hops.server_timing([('conductor', 'InstanceList.create_all', 0.0123),
                                 ('conductor', 'schedule "and" build (cast)', 0.001)], 0.02)
    assert header == ('conductor;desc="InstanceList.create_all";dur=12.30, '
                      'conductor;desc="schedule \'and\' build (cast)";dur=1.00, total;dur=20.00')
    assert hops.parse_server_timing(header) == [
        ('conductor', 'InstanceList.create_all', 12.3),
        ('conductor', "schedule 'and' build (cast)", 1.0), ('total', '', 20.0)]
    assert hops.parse_server_timing(None) == []
