"""The command line (``boliv``, ``python -m boliv``) and the organisation chart: the shell around the core.

``governance`` is the core and imports nothing from here, from ``schema`` or from ``api``;
this package may use all three (``boliv serve`` hands over to ``api.serve``).
"""
