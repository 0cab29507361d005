"""Audio facts shared by both containers: the AAC AudioSpecificConfig and Opus headers."""

from __future__ import annotations

from crosspost.media.container.bits import BitReader
from crosspost.media.container.common import Unsure

__all__ = ["aac_config", "opus_channels"]

_AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
              8000, 7350)
_AAC_CHANNELS = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 8}


def aac_config(config: bytes) -> tuple[int, int]:
    """Sample rate and channels of AAC-LC; other object types (HE-AAC's SBR doubles the rate
    ffmpeg reports) are Unsure."""
    bits = BitReader(config[:8])
    if bits.u(5) != 2:
        raise Unsure("AAC other than LC")
    index = bits.u(4)
    if index == 15:
        rate = bits.u(24)
    elif index < len(_AAC_RATES):
        rate = _AAC_RATES[index]
    else:
        raise Unsure("reserved AAC sampling frequency index")
    channels = _AAC_CHANNELS.get(bits.u(4))
    if channels is None or rate <= 0:
        raise Unsure("AAC channel layout given in a program config element")
    return rate, channels


def opus_channels(head: bytes, declared: int | None) -> int:
    """Output channels of an Opus stream from its identification header (``OpusHead``)."""
    if len(head) < 19 or not head.startswith(b"OpusHead") or head[9] == 0:
        raise Unsure("Opus stream without a usable OpusHead")
    if declared is not None and declared != head[9]:
        raise Unsure("Opus channel counts disagree")
    return head[9]
