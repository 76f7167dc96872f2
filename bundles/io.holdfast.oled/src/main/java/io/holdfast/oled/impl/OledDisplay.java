package io.holdfast.oled.impl;

import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.oled.impl.frame.Framebuffer;
import io.holdfast.oled.impl.page.Page;
import io.holdfast.oled.impl.page.Screen;
import io.holdfast.oled.impl.page.StatusTracker;
import io.holdfast.oled.impl.page.View;
import io.holdfast.oled.impl.sink.Esp32Sink;
import io.holdfast.oled.impl.sink.I2cPort;
import io.holdfast.oled.impl.sink.I2cSink;
import io.holdfast.oled.impl.sink.Pi4jI2c;
import io.holdfast.oled.impl.sink.Png;
import io.holdfast.oled.impl.sink.Sink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status display: on its own thread, four times a second, it merges what every {@link StatusProvider} reports,
 * renders the page due (or an alarm that takes over), and hands the frame to each configured sink. Nothing here is on
 * the data path: providers are read, never waited on, and a sink that fails only affects itself.
 */
@Component(name = OledDisplay.PID, configurationPid = OledDisplay.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {
        OledDisplay.class, ConfigurableComponent.class }, property = { "service.pid=" + OledDisplay.PID,
                "kura.service.pid=" + OledDisplay.PID })
@Designate(ocd = OledConfig.class)
public class OledDisplay implements ConfigurableComponent {
    static final String PID = "io.holdfast.oled.OledDisplay";
    static final long TICK_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(OledDisplay.class);

    private final List<StatusProvider> providers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    private final Clock clock;
    private final long startNanos = System.nanoTime();
    private final StatusTracker tracker;
    private final I2cOpener i2cOpener;
    private volatile EventAdmin eventAdmin;
    private volatile Settings settings;
    private volatile Framebuffer current = new Framebuffer();
    private volatile String problem;
    private volatile List<Sink> sinks = List.of();
    private Settings applied;
    private Framebuffer pngFrame;
    private byte[] png;

    /** Opens the I2C device; tests replace the Linux one with Pi4J's mock. */
    @FunctionalInterface
    interface I2cOpener {
        I2cPort open(int bus, int address);
    }

    @Activate
    public OledDisplay(OledConfig config) {
        this(config, Clock.systemUTC(), Pi4jI2c::openLinux);
        thread.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** For tests: nothing is scheduled; call {@link #tick()}. */
    OledDisplay(OledConfig config, Clock clock, I2cOpener i2cOpener) {
        this.clock = clock;
        this.i2cOpener = i2cOpener;
        this.tracker = new StatusTracker(clock.instant());
        this.settings = Settings.of(config);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "holdfast-oled");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    @Modified
    void modified(OledConfig config) {
        settings = Settings.of(config);
    }

    @Deactivate
    void deactivate() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("OLED: the rendering thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSinks();
    }

    @Reference(service = StatusProvider.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProvider")
    void addProvider(StatusProvider provider) {
        providers.add(provider);
    }

    void removeProvider(StatusProvider provider) {
        providers.remove(provider);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEventAdmin")
    void setEventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (this.eventAdmin == admin) {
            this.eventAdmin = null;
        }
    }

    /** One frame: collect, render, show. Runs on the display's thread; never throws. */
    void tick() {
        try {
            Settings s = settings;
            if (s != applied) {
                closeSinks();
                sinks = openSinks(s);
                applied = s;
            }
            long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
            Framebuffer frame = render(s, elapsed);
            current = frame;
            for (Sink sink : sinks) {
                try {
                    sink.show(frame, elapsed);
                } catch (RuntimeException e) {
                    LOG.warn("OLED: sink {} failed: {}", sink.getClass().getSimpleName(), e.toString());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            String p = e.toString();
            if (!p.equals(problem)) {
                LOG.error("OLED: rendering failed", e);
            }
            problem = p;
        }
    }

    Framebuffer render(Settings s, long elapsedMillis) {
        Instant now = clock.instant();
        View v = tracker.update(merged(), now, s.thresholds());
        problem = null;
        return s.screen().render(v, elapsedMillis);
    }

    private GatewayStatus merged() {
        List<GatewayStatus> parts = new ArrayList<>();
        for (StatusProvider p : providers) {
            try {
                parts.add(p.status());
            } catch (RuntimeException e) {
                // a failing provider is skipped; the console page names it
            }
        }
        return GatewayStatus.merge(parts);
    }

    private List<Sink> openSinks(Settings s) {
        List<Sink> list = new ArrayList<>();
        if (s.i2cEnabled()) {
            String where = "/dev/i2c-" + s.bus() + " @0x" + Integer.toHexString(s.address()).toUpperCase();
            list.add(new I2cSink(() -> i2cOpener.open(s.bus(), s.address()), where, s.contrast(), s.rotation(),
                    s.backoffMaxMillis()));
        }
        if (s.esp32Enabled()) {
            list.add(new Esp32Sink(this::post, s.esp32Device(), s.esp32IntervalMillis()));
        }
        return List.copyOf(list);
    }

    private void post(Event e) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(e);
        }
    }

    private void closeSinks() {
        for (Sink sink : sinks) {
            sink.close();
        }
        sinks = List.of();
    }

    /** @return the frame shown last */
    public Framebuffer frame() {
        return current.copy();
    }

    /** @return the frame shown last as a PNG, scaled as configured (encoded once per frame) */
    public synchronized byte[] png() {
        Framebuffer f = current;
        if (png == null || !f.equals(pngFrame)) {
            png = Png.encode(f, settings.pngScale());
            pngFrame = f;
        }
        return png.clone();
    }

    /** @return the PNG's scale */
    public int pngScale() {
        return settings.pngScale();
    }

    /** @return one line per sink, plus a configuration or rendering problem when there is one */
    public List<String> statusLines() {
        List<String> lines = new ArrayList<>();
        Settings s = settings;
        if (s.problem() != null) {
            lines.add(s.problem());
        }
        String p = problem;
        if (p != null) {
            lines.add("Rendering failed: " + p);
        }
        for (Sink sink : sinks) {
            lines.add(sink.status());
        }
        if (lines.isEmpty()) {
            lines.add("No sink configured: only this page shows the display");
        }
        return lines;
    }

    /** The configuration, checked once. */
    record Settings(Screen screen, StatusTracker.Thresholds thresholds, boolean i2cEnabled, int bus, int address,
            int contrast, int rotation, long backoffMaxMillis, boolean esp32Enabled, String esp32Device,
            long esp32IntervalMillis, int pngScale, String problem) {

        static Settings of(OledConfig c) {
            List<String> problems = new ArrayList<>();
            List<Page> pages;
            try {
                pages = Page.parse(c.pages());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage() + "; showing all pages");
                pages = List.of(Page.values());
            }
            int address = 0x3C;
            try {
                address = Integer.decode(c.i2c_address().trim());
                if (address < 0x03 || address > 0x77) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException | NullPointerException e) {
                problems.add("I2C address '" + c.i2c_address() + "' is not a 7-bit address; using 0x3C");
                address = 0x3C;
            }
            int rotation = c.rotation() == 180 ? 180 : 0;
            if (c.rotation() != 0 && c.rotation() != 180) {
                problems.add("Rotation " + c.rotation() + " is neither 0 nor 180; using 0");
            }
            String device = c.esp32_device() == null || c.esp32_device().isBlank() ? "*" : c.esp32_device().trim();
            String problem = problems.isEmpty() ? null : String.join("; ", problems);
            if (problem != null) {
                LOG.error("OLED configuration: {}", problem);
            }
            return new Settings(new Screen(pages, Duration.ofSeconds(c.page_interval_seconds())),
                    new StatusTracker.Thresholds(Duration.ofMinutes(c.alarm_cloud_minutes()),
                            c.alarm_store_percent() / 100.0, Duration.ofMinutes(c.alarm_device_silent_minutes())),
                    c.i2c_enabled(), c.i2c_bus(), address, Math.max(0, Math.min(255, c.contrast())), rotation,
                    Math.max(1, c.i2c_backoff_max_seconds()) * 1000L, c.esp32_enabled(), device,
                    Math.max(100, c.esp32_interval_ms()), Math.max(1, Math.min(16, c.png_scale())), problem);
        }
    }
}
