package io.holdfast.oled.impl.page;

/**
 * Something that needs attention.
 *
 * @param title
 *            a few words ({@code NO CLOUD})
 * @param detail
 *            one line of at most 21 characters
 * @param override
 *            it takes over the display (inverted, blinking) instead of waiting on the alarm page
 */
public record Alarm(String title, String detail, boolean override) {
}
