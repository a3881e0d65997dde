package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.observability.CallTimer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one way the AWS adapters make a call: timed as {@code spotkube_api_call_seconds{call}}, and an
 * SDK failure wrapped in an {@link AwsCallException} that says what was being done, on what.
 */
final class AwsCalls {

  private final CallTimer timer;

  AwsCalls(CallTimer timer) {
    this.timer = timer;
  }

  /**
   * @param call  the metric's call label, {@code service.Operation} ({@code sqs.ReceiveMessage})
   * @param doing what the message says was being done ({@code receiving messages from <queue>})
   */
  <T> T call(String call, Supplier<String> doing, Supplier<T> body) {
    try {
      return timer.time(call, body);
    } catch (SdkException e) {
      throw new AwsCallException(doing.get() + ": " + e.getMessage(), e);
    }
  }
}
