"""The conductor: the only process with database credentials, and the
orchestrator of multi-step tasks such as building an instance."""
