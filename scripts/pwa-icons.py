#!/usr/bin/env python3
"""Draw the installable app's icons (pwa/icons/*.png) with the standard library only.

The mark is the header's: gold "CB" on the brand's navy (style/layout.css, favicon.svg).
Letters are a 5x7 pixel font scaled up, so the script needs no font and no imaging
library, and the same run always writes the same bytes.
    scripts/pwa-icons.py            (writes pwa/icons/)
Sizes: 192 and 512 (rounded square, "any") and 512 maskable (full bleed, the letters
inside the central 80% safe zone that a launcher's mask keeps).
"""
import pathlib
import struct
import zlib

NAVY = (0x1F, 0x3A, 0x5F)
GOLD = (0xE9, 0xC4, 0x6A)
GLYPHS = {
    "C": ["01111", "10000", "10000", "10000", "10000", "10000", "01111"],
    "B": ["11110", "10001", "10001", "11110", "10001", "10001", "11110"],
}


def png(width, height, rows):
    """A PNG of RGBA rows (lists of 4-tuples)."""
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def icon(size, maskable):
    radius = 0 if maskable else size * 7 // 32
    # The text block: two 5-wide glyphs and a 1-wide gap, 7 high; as wide as 44% of the
    # icon (inside the maskable safe zone, a circle of 40% radius).
    cell = max(1, size * 44 // 100 // 11)
    text_w, text_h = 11 * cell, 7 * cell
    x0, y0 = (size - text_w) // 2, (size - text_h) // 2
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            inside = True
            if radius:
                cx = min(max(x, radius), size - 1 - radius)
                cy = min(max(y, radius), size - 1 - radius)
                inside = (x - cx) ** 2 + (y - cy) ** 2 <= radius**2
            if not inside:
                row.append((0, 0, 0, 0))
                continue
            colour = NAVY
            gx, gy = (x - x0) // cell, (y - y0) // cell
            if x >= x0 and y >= y0 and gx < 11 and gy < 7 and gx != 5:
                letter = "C" if gx < 5 else "B"
                col = gx if gx < 5 else gx - 6
                if GLYPHS[letter][gy][col] == "1":
                    colour = GOLD
            row.append((*colour, 255))
        rows.append(row)
    return png(size, size, rows)


def main():
    out = pathlib.Path(__file__).resolve().parent.parent / "pwa" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ]:
        (out / name).write_bytes(icon(size, maskable))
        print(f"pwa/icons/{name}: {size}x{size}")


if __name__ == "__main__":
    main()
