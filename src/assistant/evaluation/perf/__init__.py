"""`assistant bench`: cold start, warm latency, index build and search at scale,
embedding throughput and a concurrent-user load test, reported as a table and JSON."""
