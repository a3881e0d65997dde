package io.spotkube.runtime.nodecredential;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who STS says signed the token: {@code arn:<partition>:sts::<account>:assumed-role/<role>/<session>}.
 * EC2 gives an instance profile's credentials the instance id as session name, so a node role's session
 * named {@code i-...} is that instance. The role must be one of the cluster's node roles: anyone may
 * assume some other role with a session name of their choosing.
 */
public record CallerArn(String partition, String account, String role, String session) {

  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:(aws|aws-cn|aws-us-gov):sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

  /** STS's Arn; 403 when it is not an assumed role (a user, a federated or root session). */
  public static CallerArn parse(String arn) {
    Matcher matcher = ASSUMED_ROLE.matcher(arn == null ? "" : arn);
    if (!matcher.matches()) {
      throw CredentialRefusal.refused("token: signed by " + describe(arn) + ", not an assumed role");
    }
    return new CallerArn(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4));
  }

  /**
   * The instance whose credentials signed the token: the session name, when the role is one of
   * {@code nodeRoles} and the session names an instance; 403 otherwise.
   */
  public String instanceId(Set<String> nodeRoles) {
    if (!nodeRoles.contains(role)) {
      throw CredentialRefusal.refused("token: signed by role " + role + ", which is not a node role of this cluster");
    }
    if (!INSTANCE_ID.matcher(session).matches()) {
      throw CredentialRefusal.refused("token: signed by role " + role + " in session " + session
          + ", not an instance's (EC2 names instance-profile sessions by instance id)");
    }
    return session;
  }

  private static String describe(String arn) {
    if (arn == null) {
      return "nobody";
    }
    return arn.length() > 200 ? arn.substring(0, 200) + "..." : arn;
  }
}
