"""Student projects records: filled by the issue that builds this area."""
