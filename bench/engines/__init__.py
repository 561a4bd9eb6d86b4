"""The peers: the five seat rules in pyDatalog, in Rego (regopy) and in plain Python.

Each engine is a function ``SeatData -> set[Finding]`` doing a full pass over every platform.
"""
