"""Response bodies of the API resources, one module per resource."""
