"""Plan step for video: reframe, trim window, frame rate, bit rate and cover per target."""
