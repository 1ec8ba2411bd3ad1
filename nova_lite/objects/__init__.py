"""Versioned objects: the only way data crosses RPC, and (in the conductor)
the only code that touches the database. register_all() imports them."""


def register_all():
    __import__('nova_lite.objects.aggregate')
    __import__('nova_lite.objects.compute_node')
    __import__('nova_lite.objects.console_auth_token')
    __import__('nova_lite.objects.flavor')
    __import__('nova_lite.objects.instance')
    __import__('nova_lite.objects.instance_action')
    __import__('nova_lite.objects.instance_fault')
    __import__('nova_lite.objects.instance_group')
    __import__('nova_lite.objects.keypair')
    __import__('nova_lite.objects.quotas')
    __import__('nova_lite.objects.request_spec')
    __import__('nova_lite.objects.service')
    __import__('nova_lite.objects.tag')
