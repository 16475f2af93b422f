package dev.gracefulshutdown.architecture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter brings an application, read from the modules' POMs: the starter names
 * only {@code spring-boot-starter}, the auto-configuration and Jackson, and every library
 * the auto-configuration conditions on (web servers, actuator, Micrometer) stays
 * optional, so that an application gets none of them from the starter. The README lists
 * what this adds to a plain web application.
 */
class StarterDependenciesTests {

	@Test
	void starterBringsSpringBootStarterAutoConfigurationAndJacksonOnly() {
		assertThat(dependencies("graceful-shutdown-spring-boot-starter")).containsExactly(
				"org.springframework.boot:spring-boot-starter", "dev.gracefulshutdown:graceful-shutdown-autoconfigure",
				"tools.jackson.core:jackson-databind");
	}

	@Test
	void autoConfigurationRequiresSpringBootAutoConfigureAndJSpecifyOnly() {
		assertThat(dependencies("graceful-shutdown-autoconfigure"))
			.as("dependencies of the auto-configuration that are neither optional nor test-scoped")
			.containsExactly("org.springframework.boot:spring-boot-autoconfigure", "org.jspecify:jspecify");
	}

	/**
	 * The dependencies a module passes on to its users: those of the POM's
	 * {@code <dependencies>} that are neither optional nor of scope {@code test} or
	 * {@code provided}.
	 */
	private static List<String> dependencies(String module) {
		Element project = readPom(projectDirectory().resolve(module).resolve("pom.xml"));
		List<String> passedOn = new ArrayList<>();
		Element dependencies = child(project, "dependencies");
		if (dependencies == null) {
			return passedOn;
		}
		for (Node node = dependencies.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element dependency && "dependency".equals(dependency.getTagName())) {
				String scope = text(dependency, "scope", "compile");
				boolean optional = Boolean.parseBoolean(text(dependency, "optional", "false"));
				if (!optional && !scope.equals("test") && !scope.equals("provided")) {
					passedOn.add(text(dependency, "groupId", "") + ":" + text(dependency, "artifactId", ""));
				}
			}
		}
		return passedOn;
	}

	private static Element readPom(Path pom) {
		assertThat(pom).isRegularFile();
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
		}
		catch (ParserConfigurationException | SAXException | IOException ex) {
			throw new IllegalStateException("Cannot read " + pom, ex);
		}
	}

	private static @Nullable Element child(Element parent, String name) {
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && name.equals(element.getTagName())) {
				return element;
			}
		}
		return null;
	}

	private static String text(Element parent, String name, String defaultText) {
		Element element = child(parent, name);
		return (element != null) ? element.getTextContent().trim() : defaultText;
	}

	private static Path projectDirectory() {
		String docs = System.getProperty("docs.directory");
		// Without Maven (in an IDE) tests run in the module's directory.
		return (docs != null) ? Path.of(docs).getParent() : Path.of("..");
	}

}
