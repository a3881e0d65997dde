package io.spotkube.runtime.cli;

import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.expander.Expanders;
import io.spotkube.runtime.scaling.json.PlanWriter;
import io.spotkube.runtime.scaling.json.SnapshotFormatException;
import io.spotkube.runtime.scaling.json.SnapshotReader;
import io.spotkube.runtime.scaling.planner.ScalingPlanner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code plan --snapshot FILE}: the plan one autoscaler loop would execute for a cluster snapshot
 * (contract section 1). Pure function of the file.
 */
final class PlanCommand implements Command {

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Flags flags = Flags.parse(args, Set.of("--snapshot"));
    String file = flags.required("--snapshot");
    String json;
    try {
      json = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException("--snapshot: cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UsageException("--snapshot: cannot read " + file + ": permission denied");
    } catch (IOException | RuntimeException e) {
      throw new UsageException("--snapshot: cannot read " + file + ": " + e.getMessage());
    }
    ClusterSnapshot snapshot;
    try {
      snapshot = SnapshotReader.read(json);
    } catch (SnapshotFormatException e) {
      throw new UsageException(file + ": " + e.getMessage());
    }
    try {
      Expanders.chain(snapshot.options().expander(), snapshot.options().priorities(), new Random(0));
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().startsWith("priorities") ? "options." : "options.expander: ";
      throw new UsageException(file + ": " + field + e.getMessage());
    }
    Plan plan = ScalingPlanner.plan(snapshot);
    out.println(PlanWriter.write(plan));
    return ExitCodes.OK;
  }
}
