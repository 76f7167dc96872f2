package io.holdfast.oled.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The OLED bundle's font, read from the bundle itself, so that a test in the framework can compute which pixels a text
 * lights without the bundle's private classes. Independent of the renderer's code on purpose.
 */
final class ProbeFont {
    private final Map<Integer, String[]> glyphs = new HashMap<>();

    ProbeFont(URL resource) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(resource.openStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank() && !l.startsWith("//")) {
                    lines.add(l);
                }
            }
        }
        for (int b = 0; b < lines.size(); b += 9) {
            String[] codes = lines.get(b).trim().split(" +");
            for (int g = 0; g < codes.length; g++) {
                String[] rows = new String[8];
                for (int row = 0; row < 8; row++) {
                    rows[row] = lines.get(b + 1 + row).substring(g * 6, g * 6 + 5);
                }
                glyphs.put(Integer.parseInt(codes[g], 16), rows);
            }
        }
    }

    /** Whether pixel (x, y) of a frame is lit when the text is drawn at (x0, y0), or null outside the text. */
    Boolean lit(String text, int x0, int y0, int x, int y) {
        int col = x - x0;
        int row = y - y0;
        if (col < 0 || row < 0 || row >= 8 || col >= text.length() * 6) {
            return null;
        }
        int i = col / 6;
        if (col % 6 == 5) {
            return false;
        }
        return glyphs.get((int) text.charAt(i))[row].charAt(col % 6) == '#';
    }
}
