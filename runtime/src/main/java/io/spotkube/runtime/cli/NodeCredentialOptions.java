package io.spotkube.runtime.cli;

import io.spotkube.runtime.flags.FlagValues;
import io.spotkube.runtime.flags.RunFlags;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The node credential server's flags, checked once: where it listens, which IAM roles are the node
 * roles, and where STS is (the SDK's {@code AWS_ENDPOINT_URL_STS}, else the runtime's
 * {@code --aws-endpoint}; null: the token's own STS host).
 */
record NodeCredentialOptions(String host, int port, Set<String> nodeRoles, URI stsEndpoint) {

  private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=.@-]{1,64}");

  NodeCredentialOptions {
    // In the order given: --check-flags prints them, and Set.copyOf's order changes from run to run.
    nodeRoles = Collections.unmodifiableSet(new LinkedHashSet<>(nodeRoles));
  }

  /** Null when {@code --node-credential-address} is not set (the server is off). */
  static NodeCredentialOptions from(FlagValues values, Map<String, String> env) {
    String address = values.find(RunFlags.NODE_CREDENTIAL_ADDRESS).orElse("");
    if (address.isBlank()) {
      return null;
    }
    String flag = RunFlags.NODE_CREDENTIAL_ADDRESS.name();
    int colon = address.lastIndexOf(':');
    int port;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException notNumber) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new UsageException(flag + ": '" + address + "' is not host:port (e.g. 0.0.0.0:3988)");
    }
    String host = address.substring(0, colon).replaceAll("^\\[|]$", "");
    String roleFlag = RunFlags.NODE_CREDENTIAL_ROLE_NAMES.name();
    String roles = values.find(RunFlags.NODE_CREDENTIAL_ROLE_NAMES).orElse("");
    Set<String> nodeRoles = new LinkedHashSet<>();
    for (String role : roles.split(",")) {
      if (!role.isBlank()) {
        if (!ROLE_NAME.matcher(role.strip()).matches()) {
          throw new UsageException(roleFlag + ": '" + role.strip() + "' is not an IAM role name (a name, not an ARN)");
        }
        nodeRoles.add(role.strip());
      }
    }
    // Given but empty is a cluster without node groups yet (the add-on variable lists none): the
    // server runs and refuses every request until a group's role is listed.
    if (values.find(RunFlags.NODE_CREDENTIAL_ROLE_NAMES).isEmpty()) {
      throw new UsageException(roleFlag + ": required with " + flag + ": the IAM role names of the cluster's "
          + "node roles, comma-separated");
    }
    String sts = env.get("AWS_ENDPOINT_URL_STS");
    URI stsEndpoint = sts != null && !sts.isBlank() ? URI.create(sts.strip()) : values.get(RunFlags.AWS_ENDPOINT);
    return new NodeCredentialOptions(host.isEmpty() ? "0.0.0.0" : host, port, nodeRoles, stsEndpoint);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }
}
