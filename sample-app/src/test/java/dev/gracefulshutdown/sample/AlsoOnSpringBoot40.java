package dev.gracefulshutdown.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test of a {@link WholeProcessTest} class that also runs on the sample built on
 * Spring Boot 4.0 (module {@code sample-app/spring-boot-4.0}): a few tests that stand for
 * the starter's promise (requests in flight drained, a hang halted at the deadline, the
 * endpoint, executors drained, a RabbitMQ listener drained, whose Spring AMQP 4.0 lacks
 * types of 4.1), so that a break on the 4.0 line fails the build without running every
 * test a third time.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface AlsoOnSpringBoot40 {

}
