"""What a video shows, for reframing: shots and the subject per shot, from one small decode.

``analyse`` decodes once at low resolution into a ``Scene`` (``model``), with ``shots`` for
the cuts and ``subject`` for where the subject is. Planning turns a scene into one target's
crop path (``transforms.video.reframe``).
"""
