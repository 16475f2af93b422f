package dev.gracefulshutdown.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Only the process exit (the class that implements {@code ProcessExit}, today
 * {@code core.RuntimeProcessExit}) ends the JVM: every other class goes through it, so
 * that tests and embedders can replace it and no code path exits behind the coordinator's
 * back.
 */
class ProcessExitArchitectureTests {

	/**
	 * Matched by the interface's simple name, so that a move to another package needs no
	 * change here; a rename makes the rule fail on the implementation itself.
	 */
	private static final DescribedPredicate<JavaClass> PROCESS_EXIT = DescribedPredicate.describe(
			"implement ProcessExit",
			(javaClass) -> javaClass.getAllRawInterfaces()
				.stream()
				.anyMatch((type) -> "ProcessExit".equals(type.getSimpleName())));

	static final ArchRule ONLY_THE_PROCESS_EXIT_ENDS_THE_JVM = noClasses().that(DescribedPredicate.not(PROCESS_EXIT))
		.should()
		.callMethod(System.class, "exit", int.class)
		.orShould()
		.callMethod(Runtime.class, "exit", int.class)
		.orShould()
		.callMethod(Runtime.class, "halt", int.class)
		.because("the JVM ends only through ProcessExit, which tests and embedders replace");

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.gracefulshutdown");

	@Test
	void onlyTheProcessExitCallsSystemExitOrRuntimeExitOrHalt() {
		ONLY_THE_PROCESS_EXIT_ENDS_THE_JVM.check(CLASSES);
	}

	@Test
	void theProcessExitIsThereAndEndsTheJvm() {
		// Without an implementation the rule above would hold for want of a match.
		assertThat(CLASSES.that(PROCESS_EXIT)).isNotEmpty()
			.anySatisfy((processExit) -> assertThat(processExit.getMethodCallsFromSelf())
				.anySatisfy((call) -> assertThat(call.getTarget().getFullName()).isIn("java.lang.System.exit(int)",
						"java.lang.Runtime.halt(int)")));
	}

	@Test
	void aCallElsewhereBreaksTheRule() {
		JavaClasses elsewhere = new ClassFileImporter().importClasses(ExitsOnItsOwn.class, HaltsOnItsOwn.class);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ONLY_THE_PROCESS_EXIT_ENDS_THE_JVM.check(elsewhere))
			.withMessageContaining("ExitsOnItsOwn")
			.withMessageContaining("System.exit(int)")
			.withMessageContaining("HaltsOnItsOwn")
			.withMessageContaining("Runtime.halt(int)");
	}

	/**
	 * Calls {@code System.exit} without being the process exit; never run.
	 */
	static final class ExitsOnItsOwn {

		void end() {
			System.exit(1);
		}

	}

	/**
	 * Calls {@code Runtime.halt} without being the process exit; never run.
	 */
	static final class HaltsOnItsOwn {

		void end() {
			Runtime.getRuntime().halt(1);
		}

	}

}
