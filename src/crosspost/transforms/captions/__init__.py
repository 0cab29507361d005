"""Plan step for captions: subtitle edits and the layout of burned-in captions per target."""
