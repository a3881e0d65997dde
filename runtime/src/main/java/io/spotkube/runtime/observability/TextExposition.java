package io.spotkube.runtime.observability;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Prometheus text format (0.0.4) as client_java writes it, plus one thing it leaves out: a family
 * with no series yet (a labelled counter before its first event) still gets its {@code # HELP} and
 * {@code # TYPE} lines, so an operator sees on the first scrape which families the runtime has.
 */
final class TextExposition {

  private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

  private TextExposition() {
  }

  static void write(MetricSnapshots snapshots, OutputStream out) throws IOException {
    List<MetricSnapshot> run = new ArrayList<>();
    for (MetricSnapshot snapshot : snapshots) {
      if (!snapshot.getDataPoints().isEmpty()) {
        run.add(snapshot);
        continue;
      }
      // Families stay in the library's order: the run before the empty one first, then its header.
      flush(run, out);
      out.write(header(snapshot).getBytes(StandardCharsets.UTF_8));
    }
    flush(run, out);
  }

  private static void flush(List<MetricSnapshot> run, OutputStream out) throws IOException {
    if (!run.isEmpty()) {
      WRITER.write(out, new MetricSnapshots(run));
      run.clear();
    }
  }

  /** The two lines the library would have written before the first sample. */
  private static String header(MetricSnapshot snapshot) {
    String name = snapshot.getMetadata().getName();
    String type = "gauge";
    if (snapshot instanceof CounterSnapshot) {
      name += "_total"; // client_java keeps counter names without it and adds it when writing
      type = "counter";
    } else if (snapshot instanceof HistogramSnapshot) {
      type = "histogram";
    } else if (snapshot instanceof SummarySnapshot) {
      type = "summary";
    }
    String help = snapshot.getMetadata().getHelp();
    StringBuilder text = new StringBuilder();
    if (help != null && !help.isEmpty()) {
      text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
    return text.append("# TYPE ").append(name).append(' ').append(type).append('\n').toString();
  }
}
