package io.spotkube.runtime.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layering: adapters -> ports -> cores -> model, never back. The pure decision cores
 * (the planner, the message parser, the action selector) and the model know nothing of Kubernetes
 * clients or the AWS SDK; controllers reach the outside only through ports; only the wiring
 * ({@code cli}) sees adapters and controllers together.
 */
class LayeringTest {

  private static final String RUNTIME = "io.spotkube.runtime";
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(RUNTIME);

  private static final String[] MODEL = {RUNTIME + ".model.."};
  private static final String[] CORES = {RUNTIME + ".scaling", RUNTIME + ".scaling.backoff..",
      RUNTIME + ".scaling.estimator..", RUNTIME + ".scaling.expander..", RUNTIME + ".scaling.json..",
      RUNTIME + ".scaling.nodegroupset..", RUNTIME + ".scaling.scaledown..", RUNTIME + ".scaling.scaleup..",
      RUNTIME + ".scaling.simulator..", RUNTIME + ".draining", RUNTIME + ".nodecredential"};
  private static final String[] PORTS = {RUNTIME + ".ports..", RUNTIME + ".service.."};
  private static final String[] CONTROLLERS = {RUNTIME + ".scaling.controller..", RUNTIME + ".draining.handler..",
      RUNTIME + ".drain..", RUNTIME + ".identity..", RUNTIME + ".nodecredential.server.."};
  private static final String[] ADAPTERS = {RUNTIME + ".adapters.."};
  private static final String[] OBSERVABILITY = {RUNTIME + ".observability.."};
  private static final String[] WIRING = {RUNTIME + ".cli.."};
  /** Dependency-free helpers every layer may use (SafeText: escaping for logs and errors). */
  private static final String[] TEXT = {RUNTIME + ".text.."};

  @Test
  void dependenciesPointInwardOnly() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Model").definedBy(MODEL)
        .layer("Cores").definedBy(CORES)
        .layer("Ports").definedBy(PORTS)
        .layer("Controllers").definedBy(CONTROLLERS)
        .layer("Adapters").definedBy(ADAPTERS)
        .layer("Observability").definedBy(OBSERVABILITY)
        .layer("Wiring").definedBy(WIRING)
        .layer("Text").definedBy(TEXT)
        .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
        .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Wiring")
        .whereLayer("Controllers").mayOnlyBeAccessedByLayers("Wiring")
        .whereLayer("Ports").mayOnlyBeAccessedByLayers("Controllers", "Adapters", "Wiring")
        .whereLayer("Cores").mayOnlyBeAccessedByLayers("Ports", "Controllers", "Adapters", "Wiring")
        .whereLayer("Model").mayOnlyBeAccessedByLayers("Cores", "Ports", "Controllers", "Adapters", "Wiring")
        .whereLayer("Observability").mayOnlyBeAccessedByLayers("Controllers", "Adapters", "Wiring")
        .whereLayer("Text").mayOnlyBeAccessedByLayers("Model", "Cores", "Ports", "Controllers", "Adapters",
            "Observability", "Wiring")
        .check(CLASSES);
  }

  @Test
  void onlyAdaptersAndTheWiringSpeakKubernetesOrAws() {
    noClasses().that().resideInAnyPackage(concat(MODEL, CORES, PORTS, CONTROLLERS, TEXT))
        .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "software.amazon.awssdk..")
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching(RUNTIME + ".(**)").should().beFreeOfCycles().check(CLASSES);
  }

  private static String[] concat(String[]... groups) {
    return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
