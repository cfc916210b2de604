"""Who may do what: roles and the named permission rules (see `permissions.py`)."""
