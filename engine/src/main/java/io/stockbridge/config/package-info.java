/**
 * Configuration: a YAML file plus environment overrides, validated at start; secrets that never
 * print.
 */
package io.stockbridge.config;
