package io.stockbridge.testhelper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that runs a whole node with both simulators, or a separate process: left out of
 * {@code ./run-tests --fast}. Inherited, so an abstract suite run once per engine marks both.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("e2e")
public @interface EndToEnd {}
