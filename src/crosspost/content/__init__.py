"""Source items and post files."""
