"""Plan step for still images: crop or pad, pixel size, format and byte budget per target."""
