"""A local fake-driver cloud to point the benchmarks at.

    python -m benchmarks.cloud [--computes 2] [--workdir DIR] [--set SECTION.OPTION=VALUE ...]

Starts the conductor, the scheduler, N fake-driver computes and the API as real
processes on a RabbitMQ vhost of their own (RabbitMQ must be running, as after the
README's set-up), with quotas unlimited, hosts big enough for thousands of servers,
debug logging off and the API's Server-Timing header on. Prints the endpoint, the token
and the config file to pass to benchmarks.boot and benchmarks.api_read, then runs until
Ctrl-C and removes what it made.
"""
import argparse
import signal
import sys
import tempfile

from tests.integration import harness

BENCH_CONF = {
    'DEFAULT': {'debug': 'false', 'report_interval': '10', 'update_resources_interval': '60',
                'service_down_time': '60'},
    'quota': {'instances': '-1', 'cores': '-1', 'ram': '-1'},
    'api': {'server_timing': 'true'},  # benchmarks.boot's hops of a POST
    'fake_driver': {'vcpus': '100000', 'memory_mb': '100000000', 'local_gb': '1000000'},
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--computes', type=int, default=2)
    parser.add_argument('--workdir', help='folder for config, database and logs '
                                          '(default: a new temporary folder)')
    parser.add_argument('--set', action='append', default=[], metavar='SECTION.OPTION=VALUE',
                        help='a config option of the daemons (repeatable), e.g. '
                             'DEFAULT.executor_thread_pool_size=16')
    args = parser.parse_args()
    conf = {section: dict(values) for section, values in BENCH_CONF.items()}
    for setting in args.set:
        name, _, value = setting.partition('=')
        section, _, option = name.rpartition('.')
        conf.setdefault(section or 'DEFAULT', {})[option] = value
    workdir = args.workdir or tempfile.mkdtemp(prefix='nova-lite-bench-')
    vhost = harness.RabbitVhost().create()
    cloud = harness.Cloud(workdir, vhost.url, extra_conf=conf,
                          compute_hosts=['compute%d' % i for i in range(1, args.computes + 1)])
    try:
        with harness.running(cloud):
            print('endpoint:    %s' % cloud.endpoint)
            print('token:       admin:admin')
            print('config file: %s' % cloud.conf_path)
            print('e.g. python -m benchmarks.boot --url %s --token admin:admin '
                  '--flavor m1.nano --config-file %s' % (cloud.endpoint, cloud.conf_path),
                  flush=True)
            try:
                while True:
                    signal.pause()
            except (KeyboardInterrupt, SystemExit):
                pass  # the daemons stop as the block ends
    finally:
        vhost.delete()


if __name__ == '__main__':
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # a shell without job control starts `python -m benchmarks.cloud &` with SIGINT
    # ignored, and Python then leaves it so: `kill -INT` must stop it all the same
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
