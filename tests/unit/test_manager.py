"""Manager: periodic tasks declared with a decorator and run when due."""
from nova_lite import manager


class Counting(manager.Manager):
    def __init__(self, host):
        self.runs = []
        super().__init__(host)

    @manager.periodic_task(spacing=3600, run_immediately=True)
    def immediate(self, context):
        self.runs.append('immediate')

    @manager.periodic_task(spacing=lambda: 3600)
    def later(self, context):
        self.runs.append('later')

    @manager.periodic_task(spacing=0, run_immediately=True)
    def broken(self, context):
        raise RuntimeError('periodic task failures are logged, not raised')


def test_due_tasks_run_and_failures_do_not_stop_the_others():
    mgr = Counting('host')
    delay = mgr.run_periodic_tasks(context=None)
    assert mgr.runs == ['immediate']
    assert delay == 0.0  # 'broken' is due again at once
    mgr.run_periodic_tasks(context=None)
    assert mgr.runs == ['immediate']


def test_defaults():
    mgr = Counting('host')
    assert mgr.additional_endpoints() == []
    assert mgr.init_host(None) is None and mgr.cleanup_host() is None
