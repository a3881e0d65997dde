package io.spotkube.constructs.eks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads a synthesized template the way CloudFormation would join it: user data, manifests, roles. */
@SuppressWarnings("unchecked")
final class SynthesizedTemplate {

  private final Map<String, Object> json;
  private final Map<String, Map<String, Object>> resources;
  private final Map<String, Map<String, Object>> parameters;

  SynthesizedTemplate(Object templateJson) {
    Map<String, Object> template = (Map<String, Object>) templateJson;
    this.json = template;
    this.resources = (Map<String, Map<String, Object>>) template.get("Resources");
    this.parameters = (Map<String, Map<String, Object>>) template.getOrDefault("Parameters", Map.of());
  }

  Map<String, Object> json() {
    return json;
  }

  private Map<String, Object> properties(String logicalId) {
    return (Map<String, Object>) resources.get(logicalId).get("Properties");
  }

  private List<String> ofType(String type) {
    return resources.entrySet().stream().filter(entry -> type.equals(entry.getValue().get("Type")))
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** The launch template data of the (first) launch template whose logical id contains {@code part}. */
  Map<String, Object> launchTemplateData(String part) {
    String id = ofType("AWS::EC2::LaunchTemplate").stream().filter(candidate -> candidate.contains(part)).findFirst()
        .orElseThrow(() -> new AssertionError("no launch template like " + part + " in " + ofType("AWS::EC2::LaunchTemplate")));
    return (Map<String, Object>) properties(id).get("LaunchTemplateData");
  }

  /** The user data with its Fn::Join flattened; tokens are written as their JSON-ish map. */
  String userDataOfLaunchTemplate(String part) {
    return joined(((Map<String, Object>) launchTemplateData(part).get("UserData")).get("Fn::Base64"), Object::toString);
  }

  /** The user data with each token replaced by {@code resolve}, e.g. by what CloudFormation would put there. */
  String userDataOfLaunchTemplate(String part, Function<Object, String> resolve) {
    return joined(((Map<String, Object>) launchTemplateData(part).get("UserData")).get("Fn::Base64"), resolve);
  }

  private static String joined(Object value, Function<Object, String> resolve) {
    if (value instanceof String text) {
      return text;
    }
    Map<String, Object> function = (Map<String, Object>) value;
    if (!function.containsKey("Fn::Join")) {
      return resolve.apply(value);
    }
    List<Object> join = (List<Object>) function.get("Fn::Join");
    StringBuilder text = new StringBuilder();
    for (Object element : (List<Object>) join.get(1)) {
      text.append(element instanceof String string ? string : resolve.apply(element));
    }
    return text.toString();
  }

  String parameterDefault(String parameter) {
    return String.valueOf(parameters.get(parameter).get("Default"));
  }

  /** Roles of the instance profiles of the self-managed groups' launch templates. */
  List<String> selfManagedNodeRoles() {
    List<String> roles = new ArrayList<>();
    for (String profile : ofType("AWS::IAM::InstanceProfile")) {
      for (Object role : (List<Object>) properties(profile).get("Roles")) {
        roles.add(((Map<String, Object>) role).get("Ref").toString());
      }
    }
    return roles.stream().distinct().sorted().toList();
  }

  String podIdentityRole() {
    String association = ofType("AWS::EKS::PodIdentityAssociation").get(0);
    return ((List<Object>) ((Map<String, Object>) properties(association).get("RoleArn")).get("Fn::GetAtt")).get(0).toString();
  }

  /** Every inline policy attached to the role, as text. */
  String policyOfRole(String role) {
    StringBuilder text = new StringBuilder();
    for (String policy : ofType("AWS::IAM::Policy")) {
      if (properties(policy).get("Roles").toString().contains(role)) {
        text.append(SpotEksClusterTest.json(properties(policy).get("PolicyDocument")));
      }
    }
    return text.toString();
  }

  private String manifestId() {
    return ofType("Custom::AWSCDK-EKS-KubernetesResource").stream()
        .filter(id -> id.contains("RuntimeManifests")).findFirst().orElseThrow();
  }

  /** The runtime's manifest as applied by the kubectl provider, tokens written as {@code TOKEN}. */
  String manifestText() {
    return joined(properties(manifestId()).get("Manifest"), token -> "TOKEN");
  }

  /** {@code name} and {@code namespace} of the manifest's one object of {@code kind}. */
  Map<String, String> manifestObject(String kind) {
    try {
      List<Map<String, Object>> objects = new ObjectMapper().readValue(manifestText(), new TypeReference<>() { });
      Map<String, Object> object = objects.stream().filter(candidate -> kind.equals(candidate.get("kind"))).findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " in the runtime's manifest"));
      Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
      return Map.of("name", metadata.get("name").toString(), "namespace", metadata.get("namespace").toString(),
          "annotations", String.valueOf(metadata.get("annotations")));
    } catch (java.io.IOException e) {
      throw new AssertionError("the runtime's manifest is not JSON", e);
    }
  }

  List<String> manifestDependencies() {
    Object dependsOn = resources.get(manifestId()).get("DependsOn");
    return dependsOn == null ? List.of() : (List<String>) dependsOn;
  }
}
