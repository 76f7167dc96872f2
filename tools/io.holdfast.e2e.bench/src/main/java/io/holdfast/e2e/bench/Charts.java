package io.holdfast.e2e.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's PNG charts, drawn with JFreeChart (headless). */
final class Charts {

    private static final int W = 1000;
    private static final int H = 560;
    private static final Color[] COLOURS = { new Color(0xC0392B), new Color(0x2E86C1), new Color(0x1E8449),
            new Color(0xD68910), new Color(0x7D3C98), Color.BLACK };

    private Charts() {
    }

    /**
     * Latency by percentile, one line per setup: x is the percentile on a "nines" scale (1 / (1 - p): 90 % at 10, 99 %
     * at 100, 99.9 % at 1 000), y the latency in ms (log).
     */
    static void latency(Path file, Map<String, Histogram> histograms) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
            Histogram h = e.getValue();
            if (h.getTotalCount() == 0) {
                continue;
            }
            XYSeries s = new XYSeries(e.getKey() + " (n=" + h.getTotalCount() + ")");
            for (double p : new double[] { 0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.75, 99.9, 99.95, 99.99 }) {
                if (p > 0 && h.getTotalCount() < 100 / (100 - p)) {
                    break;
                }
                s.add(100 / (100 - p), Math.max(0.01, h.getValueAtPercentile(p) / 1000.0));
            }
            data.addSeries(s);
        }
        JFreeChart c = ChartFactory.createXYLineChart("End-to-end latency (device frame -> row committed)",
                "percentile (1 = 0 %, 2 = 50 %, 10 = 90 %, 100 = 99 %, 1000 = 99.9 %)", "latency, ms", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = c.getXYPlot();
        plot.setDomainAxis(log("percentile (1 = 0 %, 2 = 50 %, 10 = 90 %, 100 = 99 %, 1000 = 99.9 %)"));
        plot.setRangeAxis(log("latency, ms"));
        lines(plot);
        save(c, file);
    }

    /** Readings/s stored by the backend, per setup. */
    static void throughput(Path file, Map<String, double[]> offeredStored) throws IOException {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        offeredStored.forEach((setup, v) -> {
            d.addValue(v[0], "offered", setup);
            d.addValue(v[1], "stored by the backend", setup);
        });
        JFreeChart c = ChartFactory.createBarChart("Throughput, readings/s", null, "readings/s", d,
                PlotOrientation.HORIZONTAL, true, false, false);
        org.jfree.chart.plot.CategoryPlot plot = c.getCategoryPlot();
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        org.jfree.chart.renderer.category.BarRenderer r = (org.jfree.chart.renderer.category.BarRenderer) plot
                .getRenderer();
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0xAAB7B8));
        r.setSeriesPaint(1, COLOURS[1]);
        r.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("#,##0")));
        r.setDefaultItemLabelsVisible(true);
        save(c, file);
    }

    /** The rate steps: offered against stored, and p99 latency. */
    static void steps(Path file, List<Results.Step> steps) throws IOException {
        XYSeriesCollection rates = new XYSeriesCollection();
        XYSeriesCollection p99 = new XYSeriesCollection();
        for (Results.Step s : steps) {
            series(rates, s.setup() + ": stored/s").add(s.offered(), s.stored());
            if (!Double.isNaN(s.commit().p99())) {
                series(p99, s.setup() + ": p99 ms").add(s.offered(), s.commit().p99());
            }
        }
        JFreeChart c = ChartFactory.createXYLineChart("Offered rate against stored rate (and p99 latency)",
                "offered readings/s", "stored readings/s", rates, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = c.getXYPlot();
        lines(plot);
        plot.setRangeAxis(1, log("p99 latency, ms (dashed)"));
        plot.setDataset(1, p99);
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer r2 = new XYLineAndShapeRenderer(true, true);
        r2.setDefaultStroke(
                new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] { 6f, 4f }, 0f));
        r2.setAutoPopulateSeriesStroke(false);
        for (int i = 0; i < COLOURS.length; i++) {
            r2.setSeriesPaint(i, COLOURS[i]);
        }
        plot.setRenderer(1, r2);
        save(c, file);
    }

    /** The drain: the gateway's backlog and the readings the backend stored, against time from the broker's start. */
    static void drain(Path file, Results.Drain d) throws IOException {
        XYSeries backlog = new XYSeries("gateway backlog (console)");
        XYSeries stored = new XYSeries("stored by the backend");
        for (double[] p : d.curve()) {
            if (p[1] >= 0) {
                backlog.add(p[0], p[1]);
            }
            stored.add(p[0], p[2]);
        }
        XYSeriesCollection data = new XYSeriesCollection(backlog);
        data.addSeries(stored);
        JFreeChart c = ChartFactory.createXYLineChart(
                "Drain after a " + d.outageSeconds() + " s broker outage (t = 0: broker started)",
                "seconds from the broker's start", "readings", data, PlotOrientation.VERTICAL, true, false, false);
        lines(c.getXYPlot());
        save(c, file);
    }

    private static LogarithmicAxis log(String label) {
        LogarithmicAxis a = new LogarithmicAxis(label);
        a.setAllowNegativesFlag(false);
        a.setStrictValuesFlag(false);
        a.setAutoRangeNextLogFlag(true);
        return a;
    }

    private static XYSeries series(XYSeriesCollection c, String key) {
        for (Object s : c.getSeries()) {
            if (((XYSeries) s).getKey().equals(key)) {
                return (XYSeries) s;
            }
        }
        XYSeries s = new XYSeries(key);
        c.addSeries(s);
        return s;
    }

    private static void lines(XYPlot plot) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setDefaultStroke(new BasicStroke(2f));
        r.setAutoPopulateSeriesStroke(false);
        for (int i = 0; i < COLOURS.length; i++) {
            r.setSeriesPaint(i, COLOURS[i]);
        }
        plot.setRenderer(r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    private static void save(JFreeChart c, Path file) throws IOException {
        c.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), c, W, H);
    }
}
