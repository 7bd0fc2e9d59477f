package io.stockbridge.testhelper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class or method that runs only on PostgreSQL: left out of {@code ./run-tests
 * --fast}, which runs the contract on SQLite. The fast subset refuses an untagged test that asks
 * for a PostgreSQL schema ({@link TestDatabases#createPostgresSchema}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
public @interface OnPostgres {}
