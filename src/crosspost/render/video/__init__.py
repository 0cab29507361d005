"""Render step for video with ffmpeg: filter graphs, burned-in captions, cover frames, progress."""
