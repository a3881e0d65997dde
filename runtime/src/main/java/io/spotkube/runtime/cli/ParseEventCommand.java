package io.spotkube.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.spotkube.runtime.draining.ActionPolicy;
import io.spotkube.runtime.draining.ActionSelector;
import io.spotkube.runtime.draining.EventJson;
import io.spotkube.runtime.draining.InterruptionEvent;
import io.spotkube.runtime.draining.InterruptionMessageParser;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code parse-event --file FILE} (or the body on stdin): the normalized events of one SQS message
 * body and the action the handler would take, as a JSON array (contract section 2). A body of no
 * known shape is an INVALID event, exit 0; only an unreadable file is exit 2 (missing, over
 * {@link BoundedInput#MAX_MESSAGE_BYTES}, not UTF-8).
 */
final class ParseEventCommand implements Command {

  private static final Set<String> FLAGS = Set.of("--file", "--enable-rebalance-draining", "--enable-rebalance-monitoring",
      "--cordon-only");

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Flags flags = Flags.parse(args, FLAGS);
    String body = BoundedInput.read("--file", flags.text("--file").orElse("-"), BoundedInput.MAX_MESSAGE_BYTES, System.in);
    ActionPolicy policy = ActionPolicy.defaults();
    policy = policy.withRebalanceDraining(flags.bool("--enable-rebalance-draining").orElse(policy.rebalanceDraining()));
    policy = policy.withRebalanceMonitoring(flags.bool("--enable-rebalance-monitoring").orElse(policy.rebalanceMonitoring()));
    policy = policy.withCordonOnly(flags.bool("--cordon-only").orElse(policy.cordonOnly()));
    ActionSelector selector = new ActionSelector(policy);

    ObjectMapper mapper = new ObjectMapper();
    ArrayNode array = mapper.createArrayNode();
    for (InterruptionEvent event : new InterruptionMessageParser().parse(body)) {
      array.add(EventJson.toJson(mapper, event, selector.select(event)));
    }
    out.println(array.toString());
    return ExitCodes.OK;
  }
}
