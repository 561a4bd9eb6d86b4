"""The benchmark of issue 8: ``python -m bench.run`` (``make bench``); see docs/benchmarks.md."""
