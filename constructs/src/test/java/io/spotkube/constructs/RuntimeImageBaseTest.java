package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The runtime image that RuntimeImage.fromDockerfile("runtime") ships starts from a base pinned by digest. */
class RuntimeImageBaseTest {

  @Test
  void everyBaseImageOfTheRuntimeDockerfileIsPinnedByDigest() throws IOException {
    var froms = Files.readAllLines(RepositoryTools.root().resolve("runtime/Dockerfile")).stream()
        .filter(line -> line.startsWith("FROM ")).toList();

    assertThat(froms).isNotEmpty().allMatch(line -> line.matches("FROM \\S+@sha256:[0-9a-f]{64}( AS \\S+)?"));
  }
}
