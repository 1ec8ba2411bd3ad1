"""Two actions racing on one server through the API: both pass the state checks,
the first is held between its checks and its save, the second saves its task
meanwhile; the first then loses on the conditional save (expected task_state
None): one 202, one 409, and only the winner's action is recorded. The compute
holds the pause until the first has saved (had it paused and put task_state back to
None before, the first would pass: a race of the test, not of the API)."""
import threading

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.virt import fake

HOLD = 30  # seconds a held request waits at most for the test to let it go


def test_the_second_of_two_racing_actions_loses_on_the_conditional_save(cloud,
                                                                       monkeypatch):
    server = cloud.boot('raced', client=cloud.member)
    server_id = server['id']
    checked, go = threading.Event(), threading.Event()
    real_save = objects.Instance.save

    def held_save(self, *args, **kwargs):
        # only the first save of the request thread 'held': the one after its checks
        if threading.current_thread().name == 'held' and not checked.is_set():
            checked.set()
            assert go.wait(HOLD), 'the test never let the held request go'
        return real_save(self, *args, **kwargs)
    monkeypatch.setattr(objects.Instance, 'save', held_save)
    saved = threading.Event()
    pause = fake.FakeDriver.pause

    def held_pause(self, *args, **kwargs):
        assert saved.wait(HOLD), 'the held request never saved'
        return pause(self, *args, **kwargs)
    monkeypatch.setattr(fake.FakeDriver, 'pause', held_pause)

    held = {}

    def stop():
        held['resp'] = cloud.member.post('/v2.1/servers/%s/action' % server_id,
                                         {'os-stop': None})
    thread = threading.Thread(target=stop, name='held')
    thread.start()
    try:
        assert checked.wait(HOLD), 'the stop never reached its save'
        # the stop passed every check with task_state None; the pause now does too
        assert cloud.get_server(server_id)['OS-EXT-STS:task_state'] is None
        paused = cloud.member.post('/v2.1/servers/%s/action' % server_id, {'pause': None})
    finally:
        go.set()
        thread.join(HOLD)
        saved.set()
    assert paused.status == 202, paused
    stopped = held['resp']
    assert stopped.status == 409, stopped
    message = stopped.body['conflictingRequest']['message']
    assert message.startswith('Conflict updating instance %s.' % server_id), message
    assert "'task_state': 'pausing'" in message
    cloud.wait_for_state(server_id, 'PAUSED')
    actions = objects.InstanceActionList.get_by_instance_uuid(
        nl_context.get_admin_context(), server_id)
    assert [a.action for a in actions] == ['pause', 'create']
