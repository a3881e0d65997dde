package io.spotkube.runtime.cli;

import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.expander.Expanders;
import io.spotkube.runtime.scaling.json.PlanWriter;
import io.spotkube.runtime.scaling.json.SnapshotFormatException;
import io.spotkube.runtime.scaling.json.SnapshotReader;
import io.spotkube.runtime.scaling.planner.ScalingPlanner;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code plan --snapshot FILE}: the plan one autoscaler loop would execute for a cluster snapshot
 * (contract section 1). Pure function of the file ({@code -} is standard input), read through
 * {@link BoundedInput} up to {@code --max-snapshot-bytes} (default {@link BoundedInput#MAX_SNAPSHOT_BYTES}).
 */
final class PlanCommand implements Command {

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Flags flags = Flags.parse(args, Set.of("--snapshot", "--max-snapshot-bytes"));
    String file = flags.required("--snapshot");
    long limit = flags.longInteger("--max-snapshot-bytes").orElse(BoundedInput.MAX_SNAPSHOT_BYTES);
    if (limit < 1 || limit > BoundedInput.MAX_LIMIT) {
      throw new UsageException("--max-snapshot-bytes: must be between 1 and " + BoundedInput.MAX_LIMIT + ", was " + limit);
    }
    String name = file.equals("-") ? "standard input" : file;
    try {
      return plan(BoundedInput.read("--snapshot", file, limit, System.in), name, out);
    } catch (OutOfMemoryError e) {
      // The JSON tree of a large snapshot takes several times its size; whatever was allocated is
      // unreachable once this frame unwinds, so one line can still be printed.
      throw new UsageException(name + ": needs more memory than the JVM's maximum heap ("
          + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB); run java with a larger -Xmx");
    }
  }

  private static int plan(String json, String name, PrintStream out) {
    ClusterSnapshot snapshot;
    try {
      snapshot = SnapshotReader.read(json);
    } catch (SnapshotFormatException e) {
      throw new UsageException(name + ": " + e.getMessage());
    }
    try {
      Expanders.chain(snapshot.options().expander(), snapshot.options().priorities(), new Random(0));
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().startsWith("priorities") ? "options." : "options.expander: ";
      throw new UsageException(name + ": " + field + e.getMessage());
    }
    Plan plan = ScalingPlanner.plan(snapshot);
    out.println(PlanWriter.write(plan));
    return ExitCodes.OK;
  }
}
