"""The shared floor of Linli: what news, consultation and the site all use (docs/architecture.md)."""
