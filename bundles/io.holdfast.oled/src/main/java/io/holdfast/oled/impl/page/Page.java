package io.holdfast.oled.impl.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The pages the display rotates through, in their default order. */
public enum Page {
    /** ESP32 links and their devices, with signal strength. */
    LINKS("Links"),
    /** The cloud connections and the age of the last confirmed message. */
    CLOUD("Cloud"),
    /** Backlog depth, fill and the oldest reading's age. */
    BACKLOG("Backlog"),
    /** Readings per second, with the last minute as a graph. */
    RATES("Rates"),
    /** The newest reading of each device. */
    DEVICES("Devices"),
    /** Everything that needs attention. */
    ALARMS("Alarms");

    private final String title;

    Page(String title) {
        this.title = title;
    }

    /** @return the title in the page's header */
    public String title() {
        return title;
    }

    /**
     * Parses a comma-separated list of page names (case does not matter).
     *
     * @param list
     *            names such as {@code links,cloud}; empty or {@code null} means every page
     *
     * @return the pages, in the given order, without repeats
     *
     * @throws IllegalArgumentException
     *             naming an unknown page and the known ones
     */
    public static List<Page> parse(String list) {
        List<Page> pages = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return List.of(values());
        }
        for (String name : list.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            try {
                Page p = valueOf(n.toUpperCase(Locale.ROOT));
                if (!pages.contains(p)) {
                    pages.add(p);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown page '" + n + "'; pages are " + String.join(",",
                        List.of(values()).stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList()), e);
            }
        }
        return pages.isEmpty() ? List.of(values()) : List.copyOf(pages);
    }
}
