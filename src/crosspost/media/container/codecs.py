"""Frame size, pixel format and aspect of a video stream from its codec's own headers.

ffmpeg reports these from the bitstream (its decoder parses the parameter sets), not from the
container's copy of them, so the readers parse the same headers: the H.264 and HEVC sequence
parameter sets, the MPEG-4 Part 2 VOL header and a VP9 key frame header. Anything outside
what ffmpeg maps plainly (4:4:4 that may be RGB, monochrome, studio profiles) is ``Unsure``.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosspost.media.container.bits import BitReader, unescape_nal
from crosspost.media.container.common import Unsure

__all__ = ["Picture", "avc_picture", "hevc_picture", "mpeg4_frame_size", "mpeg4_picture",
           "sps_picture", "vp9_pixel_format"]

#: Table E-1 of H.264 / HEVC: sample aspect ratios by aspect_ratio_idc.
_SAR_TABLE = {
    1: (1, 1), 2: (12, 11), 3: (10, 11), 4: (16, 11), 5: (40, 33), 6: (24, 11), 7: (20, 11),
    8: (32, 11), 9: (80, 33), 10: (18, 11), 11: (15, 11), 12: (64, 33), 13: (160, 99),
    14: (4, 3), 15: (3, 2), 16: (2, 1),
}
_AVC_HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135}
_MAX_SIDE = 65535


@dataclass(frozen=True)
class Picture:
    """What the decoder would report: displayed coded size, pixel format, sample aspect."""

    width: int
    height: int
    pixel_format: str
    sar: tuple[int, int] | None


def _yuv(chroma: int, depth: int, full_range: bool) -> str:
    """ffmpeg's name for planar YUV (``yuvj`` for full-range 8-bit, as its decoders report)."""
    if chroma not in (1, 2):
        raise Unsure("monochrome or 4:4:4 video (ffmpeg may report gray or RGB)")
    base = "yuv420p" if chroma == 1 else "yuv422p"
    if depth == 8:
        return base.replace("yuv", "yuvj") if full_range else base
    if depth in (9, 10, 12, 14):
        return f"{base}{depth}le"
    raise Unsure(f"unusual bit depth {depth}")


def _first_nal(records: bytes, count_offset: int, *, hevc: bool) -> bytes:
    """The first SPS of an avcC (``count_offset`` 5) or hvcC (arrays from 22) record."""
    if not hevc:
        if len(records) < 8 or records[0] != 1 or records[5] & 0x1F == 0:
            raise Unsure("avcC record without a sequence parameter set")
        size = int.from_bytes(records[6:8], "big")
        return records[8 : 8 + size] if 8 + size <= len(records) else b""
    if len(records) < 23 or records[0] != 1:
        raise Unsure("unexpected hvcC record")
    arrays = records[22]
    pos = 23
    for _ in range(arrays):
        if pos + 3 > len(records):
            break
        nal_type = records[pos] & 0x3F
        count = int.from_bytes(records[pos + 1 : pos + 3], "big")
        pos += 3
        for _ in range(count):
            if pos + 2 > len(records):
                raise Unsure("hvcC record ends early")
            size = int.from_bytes(records[pos : pos + 2], "big")
            nal = records[pos + 2 : pos + 2 + size]
            if len(nal) != size:
                raise Unsure("hvcC record ends early")
            if nal_type == 33:
                return nal
            pos += 2 + size
    raise Unsure("hvcC record without a sequence parameter set")


def _vui_head(bits: BitReader) -> tuple[tuple[int, int] | None, bool]:
    """Sample aspect and full-range flag: the first fields of H.264 and HEVC VUI alike."""
    sar: tuple[int, int] | None = None
    if bits.flag():  # aspect_ratio_info_present_flag
        idc = bits.u(8)
        if idc == 255:
            width, height = bits.u(16), bits.u(16)
            sar = (width, height) if width and height else None
        elif idc in _SAR_TABLE:
            sar = _SAR_TABLE[idc]
        elif idc != 0:
            raise Unsure("reserved aspect_ratio_idc")
    if bits.flag():  # overscan_info_present_flag
        bits.skip(1)
    full_range = False
    if bits.flag():  # video_signal_type_present_flag
        bits.skip(3)
        full_range = bits.flag()
        if bits.flag():  # colour_description_present_flag
            bits.skip(8)  # primaries
            bits.skip(8)  # transfer
            if bits.u(8) == 0:
                raise Unsure("identity matrix (RGB) video")
    return sar, full_range


def avc_picture(avcc: bytes) -> Picture:
    """Picture facts from an ``avcC`` record (ISO/IEC 14496-15), read from its first SPS."""
    return sps_picture(_first_nal(avcc, 5, hevc=False), hevc=False)


def hevc_picture(hvcc: bytes) -> Picture:
    """Picture facts from an ``hvcC`` record, read from its SPS up to the VUI."""
    return sps_picture(_first_nal(hvcc, 22, hevc=True), hevc=True)


def sps_picture(nal: bytes, *, hevc: bool) -> Picture:
    """Picture facts of one H.264 or HEVC sequence parameter set NAL unit (header included)."""
    return _hevc_sps(nal) if hevc else _avc_sps(nal)


def _avc_sps(nal: bytes) -> Picture:
    if len(nal) < 4 or nal[0] & 0x1F != 7:
        raise Unsure("avcC without a valid sequence parameter set")
    bits = BitReader(unescape_nal(nal[1:]))
    profile = bits.u(8)
    bits.skip(16)  # constraint flags, level
    bits.ue()  # seq_parameter_set_id
    chroma, depth = 1, 8
    if profile in _AVC_HIGH_PROFILES:
        chroma = bits.ue()
        if chroma == 3:
            raise Unsure("4:4:4 H.264")
        depth = bits.ue() + 8
        bits.ue()  # bit_depth_chroma_minus8
        bits.skip(1)  # qpprime_y_zero_transform_bypass_flag
        if bits.flag():  # seq_scaling_matrix_present_flag
            for index in range(8):
                if bits.flag():
                    _skip_scaling_list(bits, 16 if index < 6 else 64)
    bits.ue()  # log2_max_frame_num_minus4
    poc_type = bits.ue()
    if poc_type == 0:
        bits.ue()
    elif poc_type == 1:
        bits.skip(1)
        bits.se()
        bits.se()
        cycle = bits.ue()
        if cycle > 255:
            raise Unsure("invalid SPS")
        for _ in range(cycle):
            bits.se()
    elif poc_type != 2:
        raise Unsure("invalid SPS")
    bits.ue()  # max_num_ref_frames
    bits.skip(1)  # gaps_in_frame_num_value_allowed_flag
    width_mbs = bits.ue() + 1
    height_units = bits.ue() + 1
    frame_mbs_only = bits.flag()
    if not frame_mbs_only:
        bits.skip(1)  # mb_adaptive_frame_field_flag
    bits.skip(1)  # direct_8x8_inference_flag
    crop = (0, 0, 0, 0)
    if bits.flag():
        crop = (bits.ue(), bits.ue(), bits.ue(), bits.ue())
    sar: tuple[int, int] | None = None
    full_range = False
    if bits.flag():  # vui_parameters_present_flag
        sar, full_range = _vui_head(bits)
    unit_x = 1 if chroma == 0 else 2
    unit_y = (1 if chroma in (0, 2) else 2) * (2 - frame_mbs_only)
    width = width_mbs * 16 - unit_x * (crop[0] + crop[1])
    height = height_units * 16 * (2 - frame_mbs_only) - unit_y * (crop[2] + crop[3])
    return Picture(*_checked(width, height), _yuv(chroma, depth, full_range), sar)


def _skip_scaling_list(bits: BitReader, size: int) -> None:
    last = following = 8
    for _ in range(size):
        if following:
            following = (last + bits.se() + 256) % 256
        last = following or last


def _hevc_sps(nal: bytes) -> Picture:
    if len(nal) < 4:
        raise Unsure("hvcC with a truncated SPS")
    bits = BitReader(unescape_nal(nal[2:]))
    bits.skip(4)  # sps_video_parameter_set_id
    sub_layers = bits.u(3)
    bits.skip(1)
    _skip_profile_tier_level(bits, sub_layers)
    bits.ue()  # sps_seq_parameter_set_id
    chroma = bits.ue()
    if chroma == 3:
        raise Unsure("4:4:4 HEVC")
    width, height = bits.ue(), bits.ue()
    if bits.flag():  # conformance_window_flag
        unit_x = 2 if chroma in (1, 2) else 1
        unit_y = 2 if chroma == 1 else 1
        left, right, top, bottom = bits.ue(), bits.ue(), bits.ue(), bits.ue()
        width -= unit_x * (left + right)
        height -= unit_y * (top + bottom)
    depth = bits.ue() + 8
    bits.ue()  # bit_depth_chroma_minus8
    poc_bits = bits.ue() + 4
    if poc_bits > 16:
        raise Unsure("invalid SPS")
    ordering_all = bits.flag()
    for _ in range(0 if ordering_all else sub_layers, sub_layers + 1):
        bits.ue()
        bits.ue()
        bits.ue()
    for _ in range(6):  # coding block and transform block sizes, hierarchy depths
        bits.ue()
    if bits.flag() and bits.flag():  # scaling_list_enabled, sps_scaling_list_data_present
        _skip_hevc_scaling_lists(bits)
    bits.skip(2)  # amp_enabled_flag, sample_adaptive_offset_enabled_flag
    if bits.flag():  # pcm_enabled_flag
        bits.skip(8)
        bits.ue()
        bits.ue()
        bits.skip(1)
    _skip_short_term_ref_pic_sets(bits)
    if bits.flag():  # long_term_ref_pics_present_flag
        count = bits.ue()
        if count > 32:
            raise Unsure("invalid SPS")
        for _ in range(count):
            bits.skip(poc_bits + 1)
    bits.skip(2)  # sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
    sar: tuple[int, int] | None = None
    full_range = False
    if bits.flag():  # vui_parameters_present_flag
        sar, full_range = _vui_head(bits)
    # ffmpeg's HEVC decoder says yuvj only for 8-bit 4:2:0 (not 4:2:2) in full range.
    pixel_format = _yuv(chroma, depth, full_range and chroma == 1)
    return Picture(*_checked(width, height), pixel_format, sar)


def _skip_profile_tier_level(bits: BitReader, sub_layers: int) -> None:
    bits.skip(96)  # general profile, tier, compatibility, constraints, level
    present = [(bits.flag(), bits.flag()) for _ in range(sub_layers)]
    if sub_layers:
        bits.skip(2 * (8 - sub_layers))
    for profile_present, level_present in present:
        bits.skip((88 if profile_present else 0) + (8 if level_present else 0))


def _skip_hevc_scaling_lists(bits: BitReader) -> None:
    for size_id in range(4):
        for _ in range(0, 6, 3 if size_id == 3 else 1):
            if not bits.flag():  # scaling_list_pred_mode_flag
                bits.ue()
                continue
            coefficients = min(64, 1 << (4 + (size_id << 1)))
            if size_id > 1:
                bits.se()
            for _ in range(coefficients):
                bits.se()


def _skip_short_term_ref_pic_sets(bits: BitReader) -> None:
    count = bits.ue()
    if count > 64:
        raise Unsure("invalid SPS")
    deltas: list[int] = []
    for index in range(count):
        if index and bits.flag():  # inter_ref_pic_set_prediction_flag
            bits.skip(1)
            bits.ue()
            used = 0
            for _ in range(deltas[index - 1] + 1):
                if bits.flag() or bits.flag():  # used_by_curr_pic_flag, else use_delta_flag
                    used += 1
            deltas.append(used)
        else:
            negative, positive = bits.ue(), bits.ue()
            if negative > 16 or positive > 16:
                raise Unsure("invalid SPS")
            for _ in range(negative + positive):
                bits.ue()
                bits.skip(1)
            deltas.append(negative + positive)


def mpeg4_picture(config: bytes, width: int, height: int) -> Picture:
    """Picture facts of MPEG-4 Part 2 video from its decoder configuration (VOS + VOL)."""
    sar, coded_width, coded_height = _vol(config)
    if (coded_width, coded_height) != (width, height):
        raise Unsure("MPEG-4 VOL size differs from the container's")
    if sar[0] == 0 or sar[1] == 0 or sar[0] != sar[1]:
        raise Unsure("MPEG-4 video with non-square pixels")
    return Picture(*_checked(width, height), "yuv420p", (1, 1))


def mpeg4_frame_size(head: bytes) -> tuple[int, int] | None:
    """The coded size a VOL header ahead of a frame's first VOP states (the start of an
    MPEG-4 Part 2 sample, ``head``), or None when the frame carries no VOL header."""
    vop = head.find(b"\x00\x00\x01\xb6")
    before = head if vop < 0 else head[:vop]
    if not any(0x20 <= before[pos + 3] <= 0x2F for pos in _start_codes(before)):
        return None
    return _vol(before)[1:]


def _vol(config: bytes) -> tuple[tuple[int, int], int, int]:
    """Sample aspect and coded width and height of the first VOL header in ``config``."""
    profile_at = config.find(b"\x00\x00\x01\xb0")
    if profile_at >= 0 and profile_at + 4 < len(config) and config[profile_at + 4] >= 0xE1:
        raise Unsure("MPEG-4 studio profile")
    start = next(
        (pos for pos in _start_codes(config) if 0x20 <= config[pos + 3] <= 0x2F), None
    )
    if start is None:
        raise Unsure("MPEG-4 configuration without a VOL header")
    bits = BitReader(config[start + 4 : start + 64])
    bits.skip(1 + 8)  # random_accessible_vol, video_object_type_indication
    verid = 1
    if bits.flag():  # is_object_layer_identifier
        verid = bits.u(4)
        bits.skip(3)
    aspect = bits.u(4)
    if aspect == 15:
        sar = (bits.u(8), bits.u(8))
    elif aspect == 1:
        sar = (1, 1)
    else:
        raise Unsure("MPEG-4 video with non-square pixels")
    if bits.flag():  # vol_control_parameters
        if bits.u(2) != 1:
            raise Unsure("MPEG-4 video that is not 4:2:0")
        bits.skip(1)
        if bits.flag():
            bits.skip(79)  # vbv_parameters
    shape = bits.u(2)
    if shape != 0:
        raise Unsure("MPEG-4 video with a non-rectangular shape")
    del verid
    bits.skip(1)
    resolution = bits.u(16)
    bits.skip(1)
    if bits.flag():  # fixed_vop_rate
        bits.skip(max(1, (resolution - 1).bit_length()))
    bits.skip(1)
    coded_width = bits.u(13)
    bits.skip(1)
    coded_height = bits.u(13)
    return sar, coded_width, coded_height


def _start_codes(data: bytes) -> list[int]:
    found: list[int] = []
    pos = data.find(b"\x00\x00\x01")
    while 0 <= pos < len(data) - 3 and len(found) < 16:
        found.append(pos)
        pos = data.find(b"\x00\x00\x01", pos + 3)
    return found


def vp9_pixel_format(frame: bytes) -> tuple[str, int, int]:
    """Pixel format and frame size from a VP9 key frame's uncompressed header."""
    bits = BitReader(frame[:16])
    if bits.u(2) != 2:
        raise Unsure("not a VP9 frame")
    profile = bits.u(1) | (bits.u(1) << 1)
    if profile == 3:
        bits.skip(1)
    if bits.flag():  # show_existing_frame
        raise Unsure("VP9 stream starting with a repeated frame")
    if bits.u(1) != 0:  # frame_type: 0 = key frame
        raise Unsure("VP9 stream not starting with a key frame")
    bits.skip(2)  # show_frame, error_resilient_mode
    if bits.u(24) != 0x498342:
        raise Unsure("VP9 key frame without its sync code")
    depth = 8
    if profile >= 2:
        depth = 12 if bits.flag() else 10
    colour_space = bits.u(3)
    suffix = "" if depth == 8 else f"{depth}le"
    if colour_space == 7:  # CS_RGB
        name = "gbrp"
        if profile in (1, 3):
            bits.skip(1)
    else:
        bits.skip(1)  # colour range: ffmpeg's VP9 decoder names no yuvj formats
        ss_x = ss_y = 1
        if profile in (1, 3):
            ss_x, ss_y = bits.u(1), bits.u(1)
            bits.skip(1)
        names = {(1, 1): "yuv420p", (1, 0): "yuv422p", (0, 1): "yuv440p", (0, 0): "yuv444p"}
        name = names[(ss_x, ss_y)]
    width, height = bits.u(16) + 1, bits.u(16) + 1
    if bits.flag():  # render_and_frame_size_different
        raise Unsure("VP9 render size differs from the frame size")
    return name + suffix, width, height


def _checked(width: int, height: int) -> tuple[int, int]:
    if not (0 < width <= _MAX_SIDE and 0 < height <= _MAX_SIDE):
        raise Unsure("implausible frame size")
    return width, height
