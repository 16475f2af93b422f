package dev.gracefulshutdown.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure the docs describe: the API depends on nothing of ours, the core
 * only on the API, integrations point inwards, and no package cycle exists.
 */
class PackageArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.gracefulshutdown");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("dev.gracefulshutdown.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void publicApiDependsOnNoOtherPackageOfTheStarter() {
		noClasses().that()
			.resideInAPackage("dev.gracefulshutdown")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.gracefulshutdown.core..", "dev.gracefulshutdown.signal..",
					"dev.gracefulshutdown.web..", "dev.gracefulshutdown.actuate..", "dev.gracefulshutdown.task..",
					"dev.gracefulshutdown.kafka..", "dev.gracefulshutdown.rabbit..",
					"dev.gracefulshutdown.autoconfigure..", "dev.gracefulshutdown.metrics..",
					"dev.gracefulshutdown.report..")
			.check(CLASSES);
	}

	@Test
	void coreDependsOnNoWebActuatorOrIntegrationType() {
		noClasses().that()
			.resideInAPackage("dev.gracefulshutdown.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.gracefulshutdown.signal..", "dev.gracefulshutdown.web..",
					"dev.gracefulshutdown.actuate..", "dev.gracefulshutdown.task..", "dev.gracefulshutdown.kafka..",
					"dev.gracefulshutdown.rabbit..", "dev.gracefulshutdown.autoconfigure..",
					"dev.gracefulshutdown.metrics..", "dev.gracefulshutdown.report..", "jakarta.servlet..",
					"org.springframework.boot.actuate..", "org.springframework.web..",
					"org.springframework.scheduling..", "reactor..", "io.micrometer..")
			.check(CLASSES);
	}

	@Test
	void onlyTheAutoConfigurationKnowsTheIntegrations() {
		noClasses().that()
			.resideInAnyPackage("dev.gracefulshutdown.signal..", "dev.gracefulshutdown.web..",
					"dev.gracefulshutdown.actuate..", "dev.gracefulshutdown.task..", "dev.gracefulshutdown.kafka..",
					"dev.gracefulshutdown.rabbit..", "dev.gracefulshutdown.metrics..", "dev.gracefulshutdown.report..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.gracefulshutdown.autoconfigure..")
			.check(CLASSES);
	}

	@Test
	void theReportPackageNeedsNoWebActuatorOrMicrometer() {
		noClasses().that()
			.resideInAnyPackage("dev.gracefulshutdown.report..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.gracefulshutdown.core..", "dev.gracefulshutdown.signal..",
					"dev.gracefulshutdown.web..", "dev.gracefulshutdown.actuate..", "dev.gracefulshutdown.metrics..",
					"jakarta.servlet..", "org.springframework.boot.actuate..", "org.springframework.web..",
					"io.micrometer..")
			.check(CLASSES);
	}

	@Test
	void metricsNeedNoActuatorWebOrCore() {
		noClasses().that()
			.resideInAPackage("dev.gracefulshutdown.metrics..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.gracefulshutdown.core..", "dev.gracefulshutdown.actuate..",
					"dev.gracefulshutdown.web..", "dev.gracefulshutdown.signal..", "jakarta.servlet..",
					"org.springframework.boot.actuate..", "org.springframework.web..")
			.check(CLASSES);
	}

	@Test
	void theEndpointStartsShutdownsThroughTheApiOnly() {
		noClasses().that()
			.resideInAPackage("dev.gracefulshutdown.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.gracefulshutdown.core..", "dev.gracefulshutdown.signal..",
					"dev.gracefulshutdown.web..", "dev.gracefulshutdown.task..", "dev.gracefulshutdown.kafka..",
					"dev.gracefulshutdown.rabbit..", "dev.gracefulshutdown.metrics..")
			.check(CLASSES);
	}

	@Test
	void signalsWebAndTasksKnowOnlyTheCoreAndTheApi() {
		noClasses().that()
			.resideInAnyPackage("dev.gracefulshutdown.signal..", "dev.gracefulshutdown.web..",
					"dev.gracefulshutdown.task..", "dev.gracefulshutdown.kafka..", "dev.gracefulshutdown.rabbit..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.gracefulshutdown.report..", "dev.gracefulshutdown.metrics..",
					"dev.gracefulshutdown.actuate..")
			.check(CLASSES);
	}

}
