"""The SMS gateway (placeholder until the gateway lands): see send()."""
