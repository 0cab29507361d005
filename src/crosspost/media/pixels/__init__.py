"""Pixels of a source image for the planner: decode once, convert to sRGB, thumbnail, saliency.

Pillow and numpy are imported inside the functions, so importing this package stays cheap.
"""
