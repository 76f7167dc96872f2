package io.holdfast.oled.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the status display ({@value OledDisplay#PID}). */
@ObjectClassDefinition(id = OledDisplay.PID, name = "OLED status display", description = "Renders the gateway status "
        + "on a 128x64 monochrome display: an SSD1306 on I2C, the ESP32 gateway device's own OLED, and a PNG in the "
        + "web console.")
@interface OledConfig {

    @AttributeDefinition(name = "I2C panel", description = "Drive an SSD1306 on the gateway's I2C bus. Without the "
            + "bus or the panel the display says so in one log line and retries with back-off.")
    boolean i2c_enabled() default true;

    @AttributeDefinition(name = "I2C bus", min = "0", max = "99", description = "The bus number: /dev/i2c-N "
            + "(1 on a Raspberry Pi's header).")
    int i2c_bus() default 1;

    @AttributeDefinition(name = "I2C address", description = "The panel's 7-bit address, decimal or 0x hex: "
            + "0x3C (most modules) or 0x3D.")
    String i2c_address() default "0x3C";

    @AttributeDefinition(name = "Contrast", min = "0", max = "255", description = "SSD1306 contrast, 0 to 255.")
    int contrast() default 127;

    @AttributeDefinition(name = "Rotation", description = "Turn the I2C panel's picture for a panel mounted upside "
            + "down.", options = { @Option(label = "0 degrees", value = "0"),
                    @Option(label = "180 degrees", value = "180") })
    int rotation() default 0;

    @AttributeDefinition(name = "I2C retry limit (s)", min = "1", description = "The longest wait between attempts "
            + "to open a missing panel (the wait starts at 1 s and doubles).")
    int i2c_backoff_max_seconds() default 60;

    @AttributeDefinition(name = "ESP32 OLED", description = "Send the frame to the ESP32 gateway device's own OLED "
            + "through the driver's downlink, when it changed. Set the device's MAC below on sites with many devices.")
    boolean esp32_enabled() default false;

    @AttributeDefinition(name = "ESP32 device", required = false, description = "The MAC of the ESP32 whose OLED "
            + "shows the frame; * or empty for every connected device.")
    String esp32_device() default "*";

    @AttributeDefinition(name = "ESP32 frame interval (ms)", min = "100", description = "At most one frame per "
            + "interval to the ESP32 (a serial link carries about 1.4 KiB per frame).")
    int esp32_interval_ms() default 5000;

    @AttributeDefinition(name = "Page interval (s)", min = "1", max = "3600", description = "How long each page "
            + "stays before the next one.")
    int page_interval_seconds() default 5;

    @AttributeDefinition(name = "Pages", required = false, description = "The pages in rotation, comma separated: "
            + "links, cloud, backlog, rates, devices, alarms. Empty means all.")
    String pages() default "links,cloud,backlog,rates,devices,alarms";

    @AttributeDefinition(name = "No cloud alarm (min)", min = "1", description = "No cloud connection up for this "
            + "long takes over the display (inverted, blinking).")
    int alarm_cloud_minutes() default 10;

    @AttributeDefinition(name = "Store full alarm (%)", min = "1", max = "100", description = "A store this full "
            + "(messages or bytes) takes over the display; from four fifths of it, it is listed on the alarm page.")
    int alarm_store_percent() default 90;

    @AttributeDefinition(name = "Silent device alarm (min)", min = "1", description = "A device not heard from for "
            + "this long is listed on the alarm page.")
    int alarm_device_silent_minutes() default 15;

    @AttributeDefinition(name = "PNG scale", min = "1", max = "16", description = "Screen pixels per panel pixel in "
            + "the web console's picture.")
    int png_scale() default 4;
}
