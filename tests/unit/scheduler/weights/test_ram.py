"""RAMWeigher: free RAM as the score, [filter_scheduler] ram_weight_multiplier."""
from nova_lite.scheduler.weights import ram


def test_weigh_is_free_ram(make_host_state, make_spec):
    host = make_host_state(memory_mb=4096, memory_mb_used=1024, reserved_memory_mb=512)
    assert ram.RAMWeigher().weigh(host, make_spec()) == 2560


def test_multiplier_from_configuration(conf):
    assert ram.RAMWeigher().multiplier() == 1.0
    conf('ram_weight_multiplier', -2.5, 'filter_scheduler')
    assert ram.RAMWeigher().multiplier() == -2.5
