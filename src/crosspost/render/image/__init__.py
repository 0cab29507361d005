"""Render step for still images with Pillow: compose, convert to sRGB, strip metadata, encode."""
