"""Subtitle files (SRT, WebVTT): parse, lint, edit, re-time and write."""
