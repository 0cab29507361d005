"""Video adaptation: the pure planning maths (reframe, pad, trim, frame rate, bit rate, caption
layout), the ffmpeg filter graphs that carry a plan out, and the choice of a cover frame.

Planning modules (``geometry``, ``timing``, ``bitrate``, ``captions``, ``ops``) import nothing
heavy: ``crosspost.planning`` loads them for every post. ffmpeg runs only from ``encode``/``cover``
through ``crosspost.media.ffmpeg.run_ffmpeg``, called by ``crosspost.render.video``.
"""
