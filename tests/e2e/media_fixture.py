"""A tiny valid MP4 (H.264 Baseline) made from nothing, for the browser tests' video lessons.

This machine has no ffmpeg and Pillow writes no video, so the test writes one itself: every frame
is an IDR picture of I_PCM macroblocks (raw samples, no prediction, no transform: the simplest
H.264 a decoder accepts), muxed into an MP4 with the index first. Every frame being a sync
sample, a browser can seek to any of them; each frame has its own grey level, so a seek is
visible in a screenshot.
"""

from __future__ import annotations

import struct


class _Bits:
    """An RBSP being written: fixed-width and Exp-Golomb fields (H.264 7.2, 9.1)."""

    def __init__(self) -> None:
        self.bits: list[int] = []

    def u(self, width: int, value: int) -> None:
        self.bits.extend((value >> (width - 1 - i)) & 1 for i in range(width))

    def ue(self, value: int) -> None:
        code = value + 1
        self.u(code.bit_length() * 2 - 1, code)

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align_zero(self) -> None:
        while len(self.bits) % 8:
            self.bits.append(0)

    def raw(self, data: bytes) -> None:
        assert len(self.bits) % 8 == 0
        for byte in data:
            self.u(8, byte)

    def trailing(self) -> bytes:
        self.bits.append(1)
        self.align_zero()
        return bytes(int("".join(map(str, self.bits[i : i + 8])), 2) for i in range(0, len(self.bits), 8))


def _nal(ref_idc: int, kind: int, rbsp: bytes) -> bytes:
    """A NAL unit with emulation prevention (no 00 00 0x with x <= 3 inside)."""
    out = bytearray([(ref_idc << 5) | kind])
    zeros = 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def _sps(width_mbs: int, height_mbs: int) -> bytes:
    b = _Bits()
    b.u(8, 66)  # Baseline
    b.u(8, 0xC0)  # constraint_set0 and 1
    b.u(8, 30)  # level 3.0
    b.ue(0)  # seq_parameter_set_id
    b.ue(0)  # log2_max_frame_num_minus4
    b.ue(2)  # pic_order_cnt_type
    b.ue(1)  # max_num_ref_frames
    b.u(1, 0)  # gaps_in_frame_num_value_allowed_flag
    b.ue(width_mbs - 1)
    b.ue(height_mbs - 1)
    b.u(1, 1)  # frame_mbs_only_flag
    b.u(1, 1)  # direct_8x8_inference_flag
    b.u(1, 0)  # frame_cropping_flag
    b.u(1, 0)  # vui_parameters_present_flag
    return _nal(3, 7, b.trailing())


def _pps() -> bytes:
    b = _Bits()
    b.ue(0)  # pic_parameter_set_id
    b.ue(0)  # seq_parameter_set_id
    b.u(1, 0)  # entropy_coding_mode_flag (CAVLC)
    b.u(1, 0)  # bottom_field_pic_order_in_frame_present_flag
    b.ue(0)  # num_slice_groups_minus1
    b.ue(0)  # num_ref_idx_l0_default_active_minus1
    b.ue(0)  # num_ref_idx_l1_default_active_minus1
    b.u(1, 0)  # weighted_pred_flag
    b.u(2, 0)  # weighted_bipred_idc
    b.se(0)  # pic_init_qp_minus26
    b.se(0)  # pic_init_qs_minus26
    b.se(0)  # chroma_qp_index_offset
    b.u(1, 0)  # deblocking_filter_control_present_flag
    b.u(1, 0)  # constrained_intra_pred_flag
    b.u(1, 0)  # redundant_pic_cnt_present_flag
    return _nal(3, 8, b.trailing())


def _idr_slice(index: int, macroblocks: int, luma: int) -> bytes:
    b = _Bits()
    b.ue(0)  # first_mb_in_slice
    b.ue(7)  # slice_type: I (all slices of the picture)
    b.ue(0)  # pic_parameter_set_id
    b.u(4, 0)  # frame_num (log2_max_frame_num = 4)
    b.ue(index % 2)  # idr_pic_id: consecutive IDR pictures differ
    b.u(1, 0)  # no_output_of_prior_pics_flag
    b.u(1, 0)  # long_term_reference_flag
    b.se(0)  # slice_qp_delta
    samples = bytes([luma]) * 256 + bytes([128]) * 128  # 16x16 luma, 2 x 8x8 chroma (4:2:0)
    for _ in range(macroblocks):
        b.ue(25)  # mb_type I_PCM
        b.align_zero()  # pcm_alignment_zero_bit
        b.raw(samples)
    return _nal(3, 5, b.trailing())


def _box(kind: bytes, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *parts)


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def tiny_mp4(seconds: int = 6, fps: int = 2, width: int = 32, height: int = 32) -> bytes:
    """An H.264 MP4 of `seconds` at `fps`, every frame a keyframe; a few kilobytes."""
    assert width % 16 == 0, width
    assert height % 16 == 0, height
    sps, pps = _sps(width // 16, height // 16), _pps()
    count = seconds * fps
    macroblocks = (width // 16) * (height // 16)
    samples = []
    for i in range(count):
        nal = _idr_slice(i, macroblocks, 40 + (180 * i) // max(1, count - 1))
        samples.append(struct.pack(">I", len(nal)) + nal)
    timescale, delta = 1000, 1000 // fps
    duration = delta * count

    def moov(chunk_offset: int) -> bytes:
        avcc = _box(b"avcC", bytes([1, 66, 0xC0, 30, 0xFF, 0xE1]), struct.pack(">H", len(sps)), sps,
                    bytes([1]), struct.pack(">H", len(pps)), pps)  # fmt: skip
        avc1 = _box(b"avc1", bytes(6), struct.pack(">H", 1), bytes(16), struct.pack(">HH", width, height),
                    struct.pack(">II", 0x480000, 0x480000), bytes(4), struct.pack(">H", 1), bytes(32),
                    struct.pack(">Hh", 0x18, -1), avcc)  # fmt: skip
        stbl = _box(
            b"stbl",
            _full(b"stsd", 0, 0, struct.pack(">I", 1), avc1),
            _full(b"stts", 0, 0, struct.pack(">III", 1, count, delta)),
            _full(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, count, 1)),
            _full(b"stsz", 0, 0, struct.pack(">II", 0, count), *(struct.pack(">I", len(s)) for s in samples)),
            _full(b"stco", 0, 0, struct.pack(">II", 1, chunk_offset)),
        )
        dinf = _box(b"dinf", _full(b"dref", 0, 0, struct.pack(">I", 1), _full(b"url ", 0, 1)))
        minf = _box(b"minf", _full(b"vmhd", 0, 1, bytes(8)), dinf, stbl)
        mdia = _box(
            b"mdia",
            _full(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, timescale, duration, 0x55C4, 0)),
            _full(b"hdlr", 0, 0, bytes(4), b"vide", bytes(12), b"VideoHandler\x00"),
            minf,
        )
        size = struct.pack(">II", width << 16, height << 16)
        tkhd = _full(b"tkhd", 0, 3, struct.pack(">IIIII", 0, 0, 1, 0, duration), bytes(8),
                     struct.pack(">hhhH", 0, 0, 0, 0), _MATRIX, size)  # fmt: skip
        mvhd = _full(b"mvhd", 0, 0, struct.pack(">IIIIIH", 0, 0, timescale, duration, 0x10000, 0x100), bytes(10),
                     _MATRIX, bytes(24), struct.pack(">I", 2))  # fmt: skip
        return _box(b"moov", mvhd, _box(b"trak", tkhd, mdia))

    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2avc1mp41")
    offset = len(ftyp) + len(moov(0)) + 8
    return ftyp + moov(offset) + _box(b"mdat", *samples)
