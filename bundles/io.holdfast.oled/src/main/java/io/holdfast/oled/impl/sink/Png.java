package io.holdfast.oled.impl.sink;

import io.holdfast.oled.impl.frame.Framebuffer;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A frame as a PNG, scaled up so that each panel pixel is a visible square: lit pixels in the panel's colour on black,
 * with a thin dark gap between pixels as on the real panel.
 */
public final class Png {
    /** Palette: 0 = dark, 1 = gap between pixels, 2 = lit. */
    private static final IndexColorModel COLOURS = new IndexColorModel(2, 3, new byte[] { 0x10, 0x00, (byte) 0x9C },
            new byte[] { 0x10, 0x00, (byte) 0xE6 }, new byte[] { 0x14, 0x00, (byte) 0xFF });

    private Png() {
    }

    /**
     * @param frame
     *            the frame
     * @param scale
     *            pixels per panel pixel (1 to 16); from 3 up, the last row and column of each square are a gap
     *
     * @return the PNG bytes
     */
    public static byte[] encode(Framebuffer frame, int scale) {
        int s = Math.max(1, Math.min(16, scale));
        BufferedImage img = new BufferedImage(Framebuffer.WIDTH * s, Framebuffer.HEIGHT * s,
                BufferedImage.TYPE_BYTE_BINARY, COLOURS);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < Framebuffer.HEIGHT; y++) {
            for (int x = 0; x < Framebuffer.WIDTH; x++) {
                int lit = frame.get(x, y) ? 2 : 0;
                for (int dy = 0; dy < s; dy++) {
                    for (int dx = 0; dx < s; dx++) {
                        boolean gap = s >= 3 && (dx == s - 1 || dy == s - 1);
                        r.setSample(x * s + dx, y * s + dy, 0, gap ? 1 : lit);
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("No PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a PNG written by {@link #encode(Framebuffer, int)} back into a frame (the centre of each square).
     *
     * @param png
     *            the bytes
     * @param scale
     *            the scale it was written with
     *
     * @return the frame
     */
    public static Framebuffer decode(byte[] png, int scale) {
        try {
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
            if (img == null || img.getWidth() != Framebuffer.WIDTH * scale
                    || img.getHeight() != Framebuffer.HEIGHT * scale) {
                throw new IllegalArgumentException("Not a " + scale + "x frame PNG");
            }
            Framebuffer fb = new Framebuffer();
            for (int y = 0; y < Framebuffer.HEIGHT; y++) {
                for (int x = 0; x < Framebuffer.WIDTH; x++) {
                    int rgb = img.getRGB(x * scale + (scale - 1) / 2, y * scale + (scale - 1) / 2);
                    fb.set(x, y, ((rgb >> 8) & 0xFF) > 0x80);
                }
            }
            return fb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
