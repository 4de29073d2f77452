"""Draws the Delegation Desk icon (a briefing document with a bookmark on a navy tile) at every size
the Tauri bundler wants. Run once after changing the design: `python3 assets/icons/make_icons.py`
(needs Pillow); the PNG/ICO files it writes are committed."""
from pathlib import Path
from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[2] / "src-tauri" / "icons"
NAVY, PAPER, INK, TEAL = (31, 58, 95, 255), (250, 248, 242, 255), (120, 134, 155, 255), (32, 168, 150, 255)


def draw(size: int) -> Image.Image:
    s = 1024
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((40, 40, s - 40, s - 40), radius=200, fill=NAVY)
    # the page, with a folded corner
    x0, y0, x1, y1, fold = 260, 170, 764, 854, 130
    d.polygon([(x0, y0), (x1 - fold, y0), (x1, y0 + fold), (x1, y1), (x0, y1)], fill=PAPER)
    d.polygon([(x1 - fold, y0), (x1 - fold, y0 + fold), (x1, y0 + fold)], fill=(210, 214, 222, 255))
    # lines of text
    for i, w in enumerate([380, 300, 380, 340, 250]):
        y = 360 + i * 90
        d.rounded_rectangle((x0 + 60, y, x0 + 60 + w, y + 34), radius=17, fill=INK)
    # the bookmark ribbon
    bx0, bx1 = 560, 680
    d.polygon([(bx0, y0 - 30), (bx1, y0 - 30), (bx1, 470), ((bx0 + bx1) // 2, 410), (bx0, 470)], fill=TEAL)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size in [("32x32.png", 32), ("64x64.png", 64), ("128x128.png", 128),
                       ("128x128@2x.png", 256), ("icon.png", 512)]:
        draw(size).save(OUT / name)
    for name, size in [("Square30x30Logo.png", 30), ("Square44x44Logo.png", 44), ("Square71x71Logo.png", 71),
                       ("Square89x89Logo.png", 89), ("Square107x107Logo.png", 107), ("Square142x142Logo.png", 142),
                       ("Square150x150Logo.png", 150), ("Square284x284Logo.png", 284), ("Square310x310Logo.png", 310),
                       ("StoreLogo.png", 50)]:
        draw(size).save(OUT / name)
    big = draw(1024)
    big.save(OUT / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    big.save(OUT / "icon.icns")


if __name__ == "__main__":
    main()
