"""Writing outputs: atomically, never over sources."""
