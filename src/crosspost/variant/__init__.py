"""The values a plan is made of: ``VariantPlan``, the operations it carries, and the geometry
they are computed with. Pure and serialisable; nothing here touches pixels, files or processes.
"""
