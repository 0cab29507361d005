"""Renderers: execute a plan's media operations and write files (Pillow, ffmpeg)."""
