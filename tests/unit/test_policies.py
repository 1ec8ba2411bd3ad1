"""The policy defaults in code, as oslopolicy-sample-generator finds them through the
oslo.policy.policies entry point (namespace nova_lite)."""
import re

from oslo_config import cfg
from oslo_policy import generator

from nova_lite import policies


def test_sample_generator_lists_every_rule(tmp_path):
    sample = tmp_path / 'policy.yaml'
    generator.generate_sample(['--namespace', 'nova_lite', '--output-file', str(sample)],
                              conf=cfg.ConfigOpts())
    text = sample.read_text()
    listed = re.findall(r'^#"([^"]+)": "([^"]*)"$', text, re.MULTILINE)
    assert len(listed) == len(policies.list_rules())
    assert dict(listed) == {rule.name: rule.check_str for rule in policies.list_rules()}
    assert ('os_compute_api:os-services:list', 'rule:context_is_admin') in listed
    # an API rule says which request it guards, as upstream's sample does
    assert '# POST  /servers\n#"os_compute_api:servers:create"' in text
