"""The assistant as a process: the service, the `ask --jsonl` protocol and the web UI."""
