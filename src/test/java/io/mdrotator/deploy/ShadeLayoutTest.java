package io.mdrotator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The build layout scripts, the Dockerfile and the README rely on: the runnable jar is
 * {@code target/md-rotator.jar}, written by the shade step to a file of its own, so the shade
 * input (the plain jar) is never the shaded jar of a previous {@code package} (re-shading it
 * printed ~390 overlap warnings on every repeated build).
 */
class ShadeLayoutTest {
  @Test
  void shadeWritesTargetMdRotatorJarAndNeverReadsItBack() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    XPath x = XPathFactory.newInstance().newXPath();
    String finalName = x.evaluate("/project/build/finalName", pom);
    String output = x.evaluate("/project/build/plugins/plugin[artifactId='maven-shade-plugin']"
        + "/executions/execution/configuration/outputFile", pom);
    assertThat(output).isEqualTo("${project.build.directory}/md-rotator.jar");
    assertThat(finalName + ".jar").as("the plain jar, the shade input").isNotEqualTo("md-rotator.jar");
  }
}
