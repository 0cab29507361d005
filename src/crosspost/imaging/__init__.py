"""Still images: reframe maths, saliency, sRGB conversion, metadata, encoding, decode cache.

Split like albumentations' functional modules: ``geometry`` and ``budget`` are pure arithmetic
(no Pillow, property-tested), ``planning`` decides one output from plain values and ``ops`` is
the typed operation a plan carries; ``saliency``, ``decode``, ``colour``, ``metadata``,
``encode``, ``compose``, ``frames`` and ``preview`` touch pixels and import Pillow and numpy
inside their functions, so importing this package (the planner does) stays cheap.
"""
